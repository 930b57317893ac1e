#!/usr/bin/env bash
# Cross-builds mailshim.exe, mailshim-service.exe and the Windows tests with the SDK from build-sdk.sh, and
# packs the installer build/win64/MailShim-Setup-<version>.exe with NSIS.
# Usage: installer/windows/build-app.sh        (no root needed; the SDK and makensis must be there)
# Output: build/win64/ (CMake build), build/win64/stage/ (stripped exes that go into the installer),
#         build/win64/MailShim-Setup-<version>.exe
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! SDK=$(installer/windows/build-sdk.sh --print-path); then
  echo "no Windows SDK at $SDK: run sudo installer/windows/build-sdk.sh first" >&2
  exit 1
fi
# QtNetworkAuth, for the browser sign-in (SignInFlow, --sign-in): a step of its own with its own stamp, so build-sdk.sh
# (whose hash names the cached SDK) stays as it is. Instant once built; the first time it needs root.
installer/windows/build-sdk-networkauth.sh
command -v makensis >/dev/null || { echo "makensis missing: run sudo scripts/setup-debian.sh --windows" >&2; exit 1; }

BUILD=build/win64
echo "== cross build (SDK $SDK)"
cmake -G Ninja -S . -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE=installer/windows/mingw-w64-x86_64.cmake \
  -DCMAKE_BUILD_TYPE=Release -DMAILSHIM_BUILD_GUI=ON -DBUILD_TESTING=OFF -DMAILSHIM_WERROR=ON >/dev/null
nice cmake --build "$BUILD" -j"${MAILSHIM_JOBS:-2}"

echo "== stage (stripped)"
rm -rf "$BUILD/stage"
mkdir -p "$BUILD/stage"
for exe in app/mailshim.exe app/mailshim-service.exe; do
  x86_64-w64-mingw32-strip -o "$BUILD/stage/$(basename "$exe")" "$BUILD/$exe"
done
ls -l "$BUILD/stage"

VERSION=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
echo "== installer $VERSION"
makensis -V2 -DVERSION="$VERSION" -DBUILD_DIR="$PWD/$BUILD/stage" -DOUT_DIR="$PWD/$BUILD" installer/windows/mailshim.nsi
ls -l "$BUILD/MailShim-Setup-$VERSION.exe"
