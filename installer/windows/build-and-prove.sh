#!/usr/bin/env bash
# The one command for the Windows side, on a fresh Debian 12: installs the packages, builds the Windows SDK
# (about 25 minutes the first time, instant afterwards), cross-builds MailShim and its installer, and runs the
# Wine proof. Usage: sudo installer/windows/build-and-prove.sh
# Output: build/win64/MailShim-Setup-<version>.exe, and build/wine-proof/ (logs, screenshots, retrieved mail).
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/setup-debian.sh --windows
installer/windows/build-sdk.sh
installer/windows/build-app.sh
# The proof's Linux side: the test Dovecot as a program (tests/support), from the same build CI uses.
cmake --preset ci >/dev/null
nice cmake --build --preset ci --target mailshim-test-dovecot
installer/windows/wine-proof.sh
