#!/usr/bin/env bash
# The playground's end-to-end tests drive Debian's Chromium (/usr/bin/chromium) through playwright-core
# (Playwright's own browser download cannot be used here). Installs it when it is missing and we are root
# on Debian; otherwise says what to do.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing chromium (Debian) for the playground's end-to-end tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  test -x /usr/bin/chromium
  exit 0
fi
echo "Chromium is missing: install Debian's chromium package (sudo apt-get install chromium), which puts it at /usr/bin/chromium." >&2
exit 1
