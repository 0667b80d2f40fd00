#!/usr/bin/env bash
# The three-way example test asks Debian's Python jsonschema (python3-jsonschema 4.10) for its verdicts.
# Installs it when it is missing and we are root on Debian; otherwise says what to do.
set -euo pipefail
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing python3-jsonschema (Debian) for the three-way example test..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jsonschema >/dev/null
  /usr/bin/python3 -c 'import jsonschema'
  exit 0
fi
echo "Python's jsonschema is missing: install Debian's python3-jsonschema (sudo apt-get install python3-jsonschema)." >&2
exit 1
