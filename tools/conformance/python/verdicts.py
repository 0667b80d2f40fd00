"""Python jsonschema's verdict on each example it is asked about, printed as one JSON object.

Run with Debian's /usr/bin/python3 (python3-jsonschema 4.10). Debian has no rfc3339-validator, so
this registers a strict RFC 3339 date-time checker of its own (leap seconds only at 23:59:60 UTC).

Usage: verdicts.py <repository root>, with on stdin
  {"formats": ["date-time", ...], "examples": [{"key": ..., "modelId": "<vendor>/<model>", "file": ...}]}
prints {"<key>": true|false, ...}. Files are read with json.load, so integers are exact (Python ints).
Fails (exit 1, a message on stderr) when a format in "formats" would not be checked or a model has no schema.
"""
import json
import os
import re
import sys

from jsonschema import Draft202012Validator, FormatChecker, RefResolver

RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$", re.ASCII
)
SCHEMA_ID = "https://session-schemas.dev/schemas/%s"

checker = FormatChecker()


@checker.checks("date-time")
def is_date_time(value):
    if not isinstance(value, str):
        return True
    m = RFC3339.fullmatch(value)  # not match: its "$" also accepts a trailing newline
    if not m:
        return False
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    # The proleptic Gregorian calendar of RFC 3339, year 0000 included (Python's datetime starts at year 1).
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days_in_month = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= month <= 12 and 1 <= day <= days_in_month[month - 1]):
        return False
    if hour > 23 or minute > 59 or second > 60:
        return False
    offset = 0
    if m.group(9):
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            return False
        offset = (1 if m.group(9) == "+" else -1) * (oh * 60 + om)
    if second == 60 and (hour * 60 + minute - offset) % 1440 != 23 * 60 + 59:
        return False
    return True


def load_schemas(root):
    schemas_dir = os.path.join(root, "schemas")
    store = {}
    for vendor in sorted(os.listdir(schemas_dir)):
        vendor_dir = os.path.join(schemas_dir, vendor)
        if not os.path.isdir(vendor_dir):
            continue
        for name in os.listdir(vendor_dir):
            if name.endswith(".schema.json"):
                with open(os.path.join(vendor_dir, name), encoding="utf-8") as f:
                    schema = json.load(f)
                store[schema["$id"]] = schema
    return store


def main(root, request):
    # A format FormatChecker does not know is silently accepted: that would be a verdict on nothing.
    unchecked = [f for f in request["formats"] if f not in checker.checkers]
    if unchecked:
        sys.exit("Python's jsonschema does not check the format(s) %s" % ", ".join(unchecked))
    store = load_schemas(root)
    validators = {}
    verdicts = {}
    for example in request["examples"]:
        model_id = example["modelId"]
        if model_id not in validators:
            schema = store.get(SCHEMA_ID % model_id)
            if schema is None:
                sys.exit("no schema with $id %s (for %s)" % (SCHEMA_ID % model_id, example["file"]))
            validators[model_id] = Draft202012Validator(
                schema, format_checker=checker, resolver=RefResolver.from_schema(schema, store=store)
            )
        with open(os.path.join(root, example["file"]), encoding="utf-8") as f:
            data = json.load(f)
        verdicts[example["key"]] = validators[model_id].is_valid(data)
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], json.load(sys.stdin))
