#!/usr/bin/env bash
# Cross-builds mailshim.exe, mailshim-service.exe and the Windows tests with the SDK from build-sdk.sh, and
# packs the installer build/win64/MailShim-Setup-<version>.exe with NSIS. Signs both programs, the uninstaller
# (before it is packed) and the installer with Authenticode (sign.sh, osslsigncode, SHA-256), then checks every
# signed file's manifest and signature (check-binaries.sh) and fails if one does not pass.
# Usage: installer/windows/build-app.sh        (no root needed; the SDK, makensis and osslsigncode must be there)
# Signing: with MAILSHIM_SIGN_PFX and MAILSHIM_SIGN_PASSWORD_FILE the real certificate (see sign.sh and
#          docs/windows.md#manifests-and-signing); without, a throwaway test certificate made in build/win64/signing (never
#          committed; Windows does not trust it).
# Output: build/win64/ (CMake build), build/win64/stage/ (stripped, signed exes that go into the installer),
#         build/win64/uninstall.exe (a copy of the signed uninstaller), build/win64/MailShim-Setup-<version>.exe
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! SDK=$(installer/windows/build-sdk.sh --print-path); then
  echo "no Windows SDK at $SDK: run sudo installer/windows/build-sdk.sh first" >&2
  exit 1
fi
# QtNetworkAuth, for the browser sign-in (SignInFlow, --sign-in), only with MAILSHIM_WINDOWS_SIGNIN=1: linked in, the
# programs crash at start under Wine today (forwarder/oauth/CMakeLists.txt, docs/windows.md). A step of its own with
# its own stamp, so build-sdk.sh (whose hash names the cached SDK) stays as it is.
WINDOWS_SIGNIN=OFF
if [[ ${MAILSHIM_WINDOWS_SIGNIN:-0} == 1 ]]; then
  installer/windows/build-sdk-networkauth.sh
  WINDOWS_SIGNIN=ON
fi
command -v makensis >/dev/null || { echo "makensis missing: run sudo scripts/setup-debian.sh --windows" >&2; exit 1; }
command -v osslsigncode >/dev/null || { echo "osslsigncode missing: run sudo scripts/setup-debian.sh --windows" >&2; exit 1; }

BUILD=build/win64
SIGN=$PWD/installer/windows/sign.sh
# The test certificate's folder (used only without MAILSHIM_SIGN_PFX). makensis passes the environment on to the
# uninstaller's signing, which runs in another folder: the paths are made absolute.
export MAILSHIM_SIGN_DIR
MAILSHIM_SIGN_DIR=$(realpath -m "${MAILSHIM_SIGN_DIR:-$BUILD/signing}")
for var in MAILSHIM_SIGN_PFX MAILSHIM_SIGN_PASSWORD_FILE MAILSHIM_SIGN_CAFILE; do
  if [[ -n ${!var:-} ]]; then export "$var=$(realpath -m "${!var}")"; fi
done
echo "== cross build (SDK $SDK)"
cmake -G Ninja -S . -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE=installer/windows/mingw-w64-x86_64.cmake \
  -DCMAKE_BUILD_TYPE=Release -DMAILSHIM_BUILD_GUI=ON -DBUILD_TESTING=OFF -DMAILSHIM_WERROR=ON \
  -DMAILSHIM_WINDOWS_SIGNIN="$WINDOWS_SIGNIN" >/dev/null
nice cmake --build "$BUILD" -j"${MAILSHIM_JOBS:-2}"

echo "== stage (stripped)"
rm -rf "$BUILD/stage"
mkdir -p "$BUILD/stage"
for exe in app/mailshim.exe app/mailshim-service.exe; do
  x86_64-w64-mingw32-strip -o "$BUILD/stage/$(basename "$exe")" "$BUILD/$exe"
done

echo "== sign the programs (${MAILSHIM_SIGN_PFX:-throwaway test certificate in $MAILSHIM_SIGN_DIR})"
for exe in mailshim.exe mailshim-service.exe; do
  "$SIGN" sign "$BUILD/stage/$exe"
done
ls -l "$BUILD/stage"

VERSION=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
echo "== installer $VERSION"
SETUP=$BUILD/MailShim-Setup-$VERSION.exe
rm -f "$BUILD/uninstall.exe"
makensis -V2 -DVERSION="$VERSION" -DBUILD_DIR="$PWD/$BUILD/stage" -DOUT_DIR="$PWD/$BUILD" -DSIGN="$SIGN" \
  installer/windows/mailshim.nsi
[[ -f $BUILD/uninstall.exe ]] || { echo "makensis did not sign the uninstaller (!uninstfinalize)" >&2; exit 1; }
"$SIGN" sign "$SETUP"
ls -l "$SETUP"

echo "== check manifests and signatures"
installer/windows/check-binaries.sh "$BUILD/stage/mailshim.exe" "$BUILD/stage/mailshim-service.exe" \
  "$BUILD/uninstall.exe" "$SETUP"
