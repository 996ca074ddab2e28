#!/usr/bin/env bash
# Before `npm test`: the H5 end-to-end tests drive Debian's Chromium and need CJK fonts to draw Chinese.
# Installs both from Debian's packages when missing (these machines run as root); says what to do otherwise.
set -euo pipefail
if command -v chromium >/dev/null && fc-list : family 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "The browser tests need Debian's chromium and fonts-noto-cjk: install them (apt-get install chromium fonts-noto-cjk), or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests (once)…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
