#!/usr/bin/env bash
# build-sdk-networkauth.sh — add Qt 6.4.2's QtNetworkAuth to the Windows SDK that build-sdk.sh made, so the
# cross build compiles the OAuth 2.0 browser sign-in (forwarder/oauth's SignInFlow, `mailshim-service --sign-in`).
#
# build-sdk.sh builds qtbase only, and its hash names the cached SDK (any edit to it forces a 30-minute rebuild), so
# QtNetworkAuth comes from this separate step instead:
#   1. `apt-get source qt6-networkauth` (the host's version, 6.4.2; the deb-src entries build-sdk.sh wrote);
#   2. configure it against the SDK's static Qt (CMAKE_PREFIX_PATH = <SDK>/qt) with the same toolchain file
#      (installer/windows/mingw-w64-x86_64.cmake) and the host Qt's tools, static, no examples or tests;
#   3. build (nice) and install into <SDK>/qt, then write the stamp <SDK>/READY-networkauth-<hash>.
#
# <hash> = first 12 hex digits of sha256(this script): an edit rebuilds only this step; a new base SDK (another
# build-sdk.sh hash) has no stamp, so this runs again for it. With the stamp: instant.
# Scratch: ${MAILSHIM_SDK_CACHE:-/var/cache/mailshim-sdk}/work-networkauth-<hash>/ (removed after success).
# Time: a few minutes on 2 cores (~60 sources).
#
# Usage: installer/windows/build-sdk-networkauth.sh [--check] [--help]
#   --check   exit 0 if the stamp is there, 1 if not (builds nothing)
# Environment: MAILSHIM_NETWORKAUTH_SRC=<dir>: build this source tree instead of `apt-get source` (Qt's own
#   qtnetworkauth at tag v6.4.2, e.g. `git -C qtnetworkauth archive v6.4.2 | tar -x -C <dir>`), for a mirror that
#   serves no source packages; MAILSHIM_SDK_JOBS: parallel jobs (default: nproc).
# Needs root the first time (apt-get source may need `apt-get update`, and it writes the SDK's cache).

set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRIPT="$SCRIPT_DIR/build-sdk-networkauth.sh"
TOOLCHAIN="$SCRIPT_DIR/mingw-w64-x86_64.cmake"

die() { printf 'build-sdk-networkauth: error: %s\n' "$*" >&2; exit 1; }

CHECK=0
for arg in "$@"; do
  case "$arg" in
    --check) CHECK=1 ;;
    -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$SCRIPT"; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

SDK=$("$SCRIPT_DIR/build-sdk.sh" --print-path) || die "no Windows SDK at $SDK: run sudo installer/windows/build-sdk.sh first"
HASH=$(sha256sum <"$SCRIPT" | cut -c1-12)
STAMP="$SDK/READY-networkauth-$HASH"
if [[ -f "$STAMP" ]]; then
  (( CHECK )) || echo "QtNetworkAuth up to date in $SDK/qt"
  exit 0
fi
(( CHECK )) && exit 1

[[ $(id -u) -eq 0 ]] || die "run as root the first time (it writes $SDK and may run apt-get update)"
CACHE_ROOT=$(dirname "$SDK")
WORK="$CACHE_ROOT/work-networkauth-$HASH"
LOG="$WORK/build.log"
mkdir -p "$WORK"
exec 9>"$CACHE_ROOT/.lock-networkauth-$HASH"
flock -n 9 || die "another build-sdk-networkauth.sh is already running (lock $CACHE_ROOT/.lock-networkauth-$HASH)"

NICE=(nice -n 19)
command -v ionice >/dev/null 2>&1 && NICE+=(ionice -c 3)
START=$(date +%s)
say() { printf '[build-sdk-networkauth %s +%ds] %s\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - START ))" "$*" | tee -a "$LOG"; }
run() {
  local label=$1; shift
  say "$label"
  printf '\n>>> %s\n' "$*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    grep -n -E 'FAILED:|error:|CMake Error' "$LOG" | tail -n 15 >&2 || true
    tail -n 30 "$LOG" >&2
    die "$label failed; full log: $LOG (re-run to resume)"
  fi
}

# 1. the source, the host's version (its moc generates code for the same Qt)
SRC="$WORK/src"
if [[ ! -f "$SRC/.extracted" && -n "${MAILSHIM_NETWORKAUTH_SRC:-}" ]]; then
  [[ -f "$MAILSHIM_NETWORKAUTH_SRC/CMakeLists.txt" ]] || die "MAILSHIM_NETWORKAUTH_SRC has no CMakeLists.txt"
  grep -q 'QT_REPO_MODULE_VERSION "6.4.2"' "$MAILSHIM_NETWORKAUTH_SRC/.cmake.conf" ||
    die "MAILSHIM_NETWORKAUTH_SRC is not qtnetworkauth 6.4.2 (its .cmake.conf says otherwise)"
  rm -rf "$SRC"
  cp -a "$MAILSHIM_NETWORKAUTH_SRC" "$SRC"
  echo "qtnetworkauth 6.4.2 from $MAILSHIM_NETWORKAUTH_SRC" >"$SRC/.extracted"
fi
if [[ ! -f "$SRC/.extracted" ]]; then
  VERSION=$(dpkg-query -W -f='${source:Version}' qt6-networkauth-dev 2>/dev/null || true)
  [[ -n "$VERSION" ]] || VERSION=$(dpkg-query -W -f='${source:Version}' qt6-base-dev)
  rm -rf "$WORK/fetch" "$SRC"
  mkdir -p "$WORK/fetch"
  if ! (cd "$WORK/fetch" && apt-get source "qt6-networkauth=$VERSION") >>"$LOG" 2>&1; then
    run "apt-get update (deb-src entries of build-sdk.sh)" apt-get update
    (cd "$WORK/fetch" && apt-get source "qt6-networkauth=$VERSION") >>"$LOG" 2>&1 ||
      die "apt-get source qt6-networkauth=$VERSION failed (are the deb-src entries of build-sdk.sh there?); see $LOG"
  fi
  DIR=$(find "$WORK/fetch" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [[ -n "$DIR" && -f "$DIR/CMakeLists.txt" ]] || die "apt-get source produced no source tree in $WORK/fetch"
  mv "$DIR" "$SRC"
  echo "qt6-networkauth $VERSION" >"$SRC/.extracted"
  rm -rf "$WORK/fetch"
fi
say "source: $(cat "$SRC/.extracted")"

# 2. configure against the SDK's Qt, 3. build and install into it
BUILD="$WORK/build"
if [[ ! -f "$BUILD/build.ninja" ]]; then
  rm -rf "$BUILD"
  run "configure (nice)" "${NICE[@]}" cmake -G Ninja -S "$SRC" -B "$BUILD" \
    -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" -DMAILSHIM_SDK_DIR="$SDK" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$SDK/qt" -DCMAKE_PREFIX_PATH="$SDK/qt" \
    -DBUILD_SHARED_LIBS=OFF -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF -DQT_BUILD_BENCHMARKS=OFF
fi
run "build (ninja -j${MAILSHIM_SDK_JOBS:-$(nproc)}, nice)" "${NICE[@]}" cmake --build "$BUILD" \
  --parallel "${MAILSHIM_SDK_JOBS:-$(nproc)}"
run "install into $SDK/qt" cmake --install "$BUILD"

for f in "$SDK/qt/lib/libQt6NetworkAuth.a" "$SDK/qt/lib/cmake/Qt6NetworkAuth/Qt6NetworkAuthConfig.cmake" \
         "$SDK/qt/include/QtNetworkAuth/QOAuth2AuthorizationCodeFlow"; do
  [[ -f "$f" ]] || die "expected file missing after install: $f"
done

cat >"$STAMP" <<EOF
QtNetworkAuth for the MailShim Windows SDK, built by installer/windows/build-sdk-networkauth.sh (hash $HASH)
built:  $(date -u +%Y-%m-%dT%H:%M:%SZ) in $(( $(date +%s) - START )) s
source: $(cat "$SRC/.extracted") (static) in $SDK/qt
EOF
say "QtNetworkAuth ready in $SDK/qt"
cp "$LOG" "$SDK/build-networkauth.log"
rm -rf "$WORK"
