#!/usr/bin/env bash
# Checks MailShim's Windows files as they ship: each carries the application manifest it should (read back from
# the file's RT_MANIFEST resource by pe-manifest.py) and an Authenticode signature that `osslsigncode verify`
# accepts (sign.sh verify: against the test CA, or MAILSHIM_SIGN_CAFILE; SHA-256 only). Also checks once that
# verification catches a file changed after signing. build-app.sh runs it (so the Windows job fails loudly); the
# Wine proof runs it on the files the installer put into Program Files.
#
#   installer/windows/check-binaries.sh <file.exe>...
#
# What each manifest must say, by file name:
#   mailshim.exe          asInvoker, Windows 7 to 11, PerMonitorV2 DPI awareness
#   mailshim-service.exe  asInvoker, Windows 7 to 11
#   anything else         (the NSIS installer and uninstaller) requireAdministrator, Windows 7 to 11
# Exit status 0 only if every file passes.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "check-binaries: python3 missing" >&2; exit 1; }
[[ $# -ge 1 ]] || { echo "usage: check-binaries.sh <file.exe>..." >&2; exit 2; }

SUPPORTED_OS=(
  35138b9a-5d96-4fbd-8e2d-a2440225f93a # Windows 7
  4a2f28e3-53b9-4441-ba9c-d69d4a4a6e38 # Windows 8
  1f676c76-80e1-4239-95bb-83d0f6d0da78 # Windows 8.1
  8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a # Windows 10 and 11
)

FAILED=0
bad() { echo "check-binaries: FAIL: $*" >&2; FAILED=1; }

check_manifest() {
  local file=$1 name manifest level guid said
  name=$(basename "$file")
  if ! manifest=$(python3 "$HERE/pe-manifest.py" "$file"); then
    bad "$name has no application manifest"
    return
  fi
  manifest=$(tr -d '\r\n' <<<"$manifest")
  case $name in
    mailshim.exe | mailshim-service.exe) level=asInvoker ;;
    *) level=requireAdministrator ;;
  esac
  grep -q "requestedExecutionLevel level=\"$level\"" <<<"$manifest" || bad "$name: the manifest does not say $level"
  for guid in "${SUPPORTED_OS[@]}"; do
    grep -qi "supportedOS Id=\"{$guid}\"" <<<"$manifest" || bad "$name: the manifest lacks supportedOS {$guid}"
  done
  said="$level, supportedOS Windows 7 to 11"
  if [[ $name == mailshim.exe ]]; then
    grep -q '<dpiAwareness[^>]*>PerMonitorV2</dpiAwareness>' <<<"$manifest" ||
      bad "$name: the manifest does not declare PerMonitorV2 DPI awareness"
    said+=", PerMonitorV2"
  fi
  grep -q 'activeCodePage' <<<"$manifest" && bad "$name: the manifest sets an active code page (not wanted)"
  echo "check-binaries: $name: manifest $said"
}

for file in "$@"; do
  [[ -f $file ]] || { bad "no file $file"; continue; }
  check_manifest "$file"
  "$HERE/sign.sh" verify "$file" || bad "$(basename "$file"): the signature does not verify"
done

# The verification must be able to fail: a copy with one byte changed after signing is refused.
tampered=$(mktemp --suffix=.exe)
trap 'rm -f "$tampered"' EXIT
cp "$1" "$tampered"
size=$(stat -c %s "$tampered")
printf '\xa5' | dd of="$tampered" bs=1 seek=$((size / 3)) conv=notrunc status=none
if "$HERE/sign.sh" verify "$tampered" >/dev/null 2>&1; then
  bad "osslsigncode verify accepted $(basename "$1") with a byte changed after signing"
else
  echo "check-binaries: a copy of $(basename "$1") with one byte changed after signing is refused, as it must be"
fi

[[ $FAILED -eq 0 ]] || { echo "check-binaries: some Windows files failed the check (above)" >&2; exit 1; }
echo "check-binaries: all $# files carry their manifest and a verified SHA-256 Authenticode signature"
