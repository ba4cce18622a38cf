#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/web-chat). The tests
# drive it with playwright-core, which never downloads a browser of its own.
# fonts-dejavu-core gives screenshots readable text without the recommended
# packages. Idempotent: quiet and quick when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup-browser: installing Debian's chromium…" >&2
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version >&2
