#!/usr/bin/env bash
# Installs what is needed, builds with warnings as errors, checks formatting and runs every test.
# Then, if the Windows SDK is built, the Windows job: cross build, installer and the Wine proof.
# Usage: scripts/test.sh            (from anywhere; needs root or sudo for apt-get)
set -euo pipefail
cd "$(dirname "$0")/.."

# The Windows job runs when the Windows SDK is there (building it takes ~25 minutes, so CI never does).
if SDK_PATH=$(installer/windows/build-sdk.sh --print-path); then
  WINDOWS_JOB=1
  bash scripts/setup-debian.sh --windows
else
  WINDOWS_JOB=0
  bash scripts/setup-debian.sh
fi

# Fail loudly on a missing peer instead of letting a test skip: the integration tests need all of these.
for tool in dovecot postfix msmtp curl fetchmail python3 node openssl clang-format clang++ dbus-run-session gnome-keyring-daemon systemctl unshare; do
  command -v "$tool" >/dev/null || { echo "missing required tool: $tool (scripts/setup-debian.sh should have installed it)" >&2; exit 1; }
done
oidc_modules="${MAILSHIM_OIDC_MODULES_DIR:-.cache/oidc-provider}/node_modules/oidc-provider/package.json"
[[ -f "$oidc_modules" ]] || { echo "missing $oidc_modules: the OAuth tests' provider (tests/support/oidc/install-modules.sh, run by scripts/setup-debian.sh)" >&2; exit 1; }
# oidc-provider 9 needs Node >= 20.18; Debian bookworm's own nodejs is 18 (docs/testing.md, "The OAuth 2.0 fixture").
oidc_node="${MAILSHIM_OIDC_MODULES_DIR:-.cache/oidc-provider}/node" # install-modules.sh links the Node it chose there
[[ -x "$oidc_node" ]] || oidc_node=node
"$oidc_node" -e 'process.exit(typeof URL.parse === "function" && typeof require("crypto").hash === "function" ? 0 : 1)' ||
  { echo "node $("$oidc_node" --version) is too old for the OAuth tests' provider: it needs Node >= 20.18 (docs/testing.md)" >&2; exit 1; }
if [[ $(id -u) -ne 0 ]]; then
  echo "the Dovecot test fixture runs a private Dovecot and needs root (run with sudo)" >&2
  exit 1
fi

echo "== clang-format check"
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror

echo "== every link in the README and docs/ resolves"
scripts/check-docs-links.sh

echo "== build (preset ci: RelWithDebInfo, -Werror)"
cmake --preset ci
cmake --build --preset ci

echo "== tests"
ctest --preset ci

echo "== Debian package: build, install, check, remove"
scripts/check-package.sh build/ci
ci_seconds=$SECONDS

# The same code under AddressSanitizer + UndefinedBehaviorSanitizer, every test again (the preset's ASAN_OPTIONS make
# any report, leaks included, fail the test), then every fuzz target for 60 s from its corpus (docs/testing.md).
echo "== sanitizers (preset asan: clang, ASan + UBSan, every test)"
cmake --preset asan
cmake --build --preset asan
# Each report is also written to build/asan/sanitizer-reports/ (the preset's log_path), so a finding in a child
# process whose exit code a test does not look at (a service it stops, say) still fails the run.
rm -rf build/asan/sanitizer-reports
mkdir -p build/asan/sanitizer-reports
asan_status=0
ctest --preset asan || asan_status=$?
if compgen -G "build/asan/sanitizer-reports/*" >/dev/null; then
  echo "sanitizer reports:" >&2
  for report in build/asan/sanitizer-reports/*; do echo "---- $report" >&2; cat "$report" >&2; done
  asan_status=1
fi
[[ $asan_status -eq 0 ]] || exit "$asan_status"
asan_seconds=$((SECONDS - ci_seconds))

echo "== fuzzing (tests/fuzz/run.sh 60: each target 60 s from its corpus, two at a time)"
JOBS=2 tests/fuzz/run.sh 60
fuzz_seconds=$((SECONDS - ci_seconds - asan_seconds))
echo "== times: build and tests $((ci_seconds / 60)) min, sanitizers $((asan_seconds / 60)) min, fuzzing $((fuzz_seconds / 60)) min"

if [[ $WINDOWS_JOB -eq 1 ]]; then
  echo "== Windows job (SDK $SDK_PATH): cross build, installer, Wine proof"
  installer/windows/build-app.sh
  installer/windows/wine-proof.sh
else
  echo "== Windows job skipped: no Windows SDK at $SDK_PATH (it is built once, in about 25 minutes, by"
  echo "   sudo installer/windows/build-sdk.sh; then this script runs the Windows job too)"
fi
