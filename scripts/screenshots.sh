#!/usr/bin/env bash
# Makes the README's screenshots: runs the real windows on Xvfb (with openbox, so windows map and get
# frames) in English and Japanese and grabs them from the screen into resources/screenshots/.
# Usage: sudo scripts/screenshots.sh   (needs root for the Postfix and Dovecot fixtures; run scripts/test.sh once first)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in Xvfb openbox; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup-debian.sh installs it)" >&2; exit 1; }
done
cmake --preset ci >/dev/null
cmake --build --preset ci --target mailshim-screenshots
out="$PWD/resources/screenshots"
mkdir -p "$out"
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=$display openbox >/dev/null 2>&1 &
sleep 1
for lang in en_US.UTF-8 ja_JP.UTF-8; do
  DISPLAY=$display LANG=$lang LC_ALL=$lang QT_QPA_PLATFORM=xcb build/ci/tests/gui/mailshim-screenshots "$out"
done
