#!/usr/bin/env bash
# Installs what is needed, builds with warnings as errors, checks formatting and runs every test.
# Usage: scripts/test.sh            (from anywhere; needs root or sudo for apt-get)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh

# Fail loudly on a missing peer instead of letting a test skip: the integration tests need all of these.
for tool in dovecot curl fetchmail python3 openssl clang-format dbus-run-session gnome-keyring-daemon systemctl unshare; do
  command -v "$tool" >/dev/null || { echo "missing required tool: $tool (scripts/setup-debian.sh should have installed it)" >&2; exit 1; }
done
if [[ $(id -u) -ne 0 ]]; then
  echo "the Dovecot test fixture runs a private Dovecot and needs root (run with sudo)" >&2
  exit 1
fi

echo "== clang-format check"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror

echo "== build (preset ci: RelWithDebInfo, -Werror)"
cmake --preset ci
cmake --build --preset ci

echo "== tests"
ctest --preset ci
