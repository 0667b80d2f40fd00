"""Runs the README's Python recipe (the block after <!-- recipe:python -->) with the network cut off.

Run with Debian's /usr/bin/python3 (python3-jsonschema 4.10). Reads on stdin
  {"recipe": "<the block>", "formats": [...], "examples": [{"key", "bundle", "file"}], "dateTimes": [...]}
and prints {"verdicts": {"<key>": bool}, "dateTimes": [bool], "unchecked": [formats the recipe does not check]}.
Paths are relative to the repository root given as the first argument. Any network use is an error (exit 1).
"""
import json
import os
import socket
import sys


def no_network(*_args, **_kwargs):
    raise RuntimeError("the recipe tried to use the network")


# Offline means offline: every way out (urllib, http.client, raw sockets) goes through these.
socket.socket.connect = no_network
socket.socket.connect_ex = no_network
socket.create_connection = no_network
socket.getaddrinfo = no_network


def main(root, request):
    recipe = {"__name__": "readme_recipe"}
    exec(compile(request["recipe"], "README.md (recipe:python)", "exec"), recipe)
    checker = recipe["format_checker"]
    validators = {}
    verdicts = {}
    for example in request["examples"]:
        bundle = os.path.join(root, example["bundle"])
        if bundle not in validators:
            validators[bundle] = recipe["validator_for"](bundle)
        with open(os.path.join(root, example["file"]), encoding="utf-8") as f:
            data = json.load(f)
        verdicts[example["key"]] = validators[bundle].is_valid(data)
    json.dump(
        {
            "verdicts": verdicts,
            "dateTimes": [recipe["is_date_time"](value) for value in request["dateTimes"]],
            "unchecked": [f for f in request["formats"] if f not in checker.checkers],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main(sys.argv[1], json.load(sys.stdin))
