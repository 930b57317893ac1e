#!/usr/bin/env bash
# build-sdk.sh — build the Windows x86_64 SDK that MailShim's cross build links against.
#
# What it does (on Debian 12 "bookworm", as root):
#   1. installs the build tools from Debian packages (MinGW-w64 posix g++, CMake, Ninja, the host Qt 6
#      from qt6-base-dev, dpkg-dev, perl, ...) if they are missing;
#   2. adds `deb-src` entries for the archive/suites this machine already uses (in files it owns:
#      /etc/apt/sources.list.d/mailshim-sdk-src.{sources,list}) so `apt-get source` works;
#   3. builds OpenSSL 3.0 (`apt-get source openssl`) as static libraries for x86_64-w64-mingw32;
#   4. builds Qt 6.4.2 qtbase (`apt-get source qt6-base`) static for x86_64-w64-mingw32 with the
#      toolchain file installer/windows/mingw-w64-x86_64.cmake: Core, Gui, Widgets, Network (+ the
#      rest of qtbase minus Sql/DBus), the `windows` platform plugin and the TLS backend plugins
#      (openssl linked statically, schannel, certonly);
#   5. writes a READY stamp and prints the SDK path.
#
# Output:  ${MAILSHIM_SDK_CACHE:-/var/cache/mailshim-sdk}/<hash>/{qt,openssl,READY}
#          <hash> = first 12 hex digits of sha256(build-sdk.sh + mingw-w64-x86_64.cmake), so editing
#          either file yields a fresh SDK; the toolchain file computes the same path by itself.
# Scratch: ${MAILSHIM_SDK_CACHE:-/var/cache/mailshim-sdk}/work-<hash>/ (sources, build trees, build.log).
#          An interrupted run resumes there (no re-extract, no re-configure; ninja picks up where it
#          stopped). Removed after success unless --keep-work.
#
# Time: about 25-40 minutes on 2 cores the first time (measured: 25 min; OpenSSL ~1.5 min, qtbase
# ~1,400 ninja steps ~23 min), ~5.5 GB scratch, ~140 MB installed. With the READY stamp: instant.
# The compilers run under `nice -n 19` (and `ionice -c3`) so that interactive work keeps priority.
#
# Usage: installer/windows/build-sdk.sh [--print-path] [--keep-work] [--help]
#   --print-path  print the SDK path this script version uses; exit 0 if it is READY, 1 if not
#   --keep-work   keep the work directory after a successful build
# Environment: MAILSHIM_SDK_CACHE (cache root), MAILSHIM_SDK_JOBS (parallel jobs, default: nproc).

set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRIPT="$SCRIPT_DIR/build-sdk.sh"
TOOLCHAIN="$SCRIPT_DIR/mingw-w64-x86_64.cmake"

die()  { printf 'build-sdk: error: %s\n' "$*" >&2; exit 1; }

[[ -f "$TOOLCHAIN" ]] || die "toolchain file not found: $TOOLCHAIN"

CACHE_ROOT="${MAILSHIM_SDK_CACHE:-/var/cache/mailshim-sdk}"
HASH=$(cat "$SCRIPT" "$TOOLCHAIN" | sha256sum | cut -c1-12)
SDK="$CACHE_ROOT/$HASH"
WORK="$CACHE_ROOT/work-$HASH"

PRINT_PATH=0
KEEP_WORK=0
for arg in "$@"; do
  case "$arg" in
    --print-path) PRINT_PATH=1 ;;
    --keep-work)  KEEP_WORK=1 ;;
    -h|--help)    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$SCRIPT"; exit 0 ;;
    *)            die "unknown argument: $arg (try --help)" ;;
  esac
done

if (( PRINT_PATH )); then
  echo "$SDK"
  [[ -f "$SDK/READY" ]] && exit 0 || exit 1
fi

if [[ -f "$SDK/READY" ]]; then
  echo "SDK up to date at $SDK"
  exit 0
fi

# ------------------------------------------------------------------------------------------------
TRIPLE=x86_64-w64-mingw32
JOBS="${MAILSHIM_SDK_JOBS:-$(nproc)}"
QT_HOST_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake
LOG="$WORK/build.log"
START=$(date +%s)

NICE=(nice -n 19)
command -v ionice >/dev/null 2>&1 && NICE+=(ionice -c 3)

[[ $(id -u) -eq 0 ]] || die "run as root (it installs Debian packages and writes $CACHE_ROOT)"
[[ -r /etc/os-release ]] && . /etc/os-release
[[ "${ID:-}" == debian || "${ID_LIKE:-}" == *debian* ]] || die "this script expects Debian (found ${ID:-unknown})"

mkdir -p "$WORK" "$SDK"
exec 9>"$CACHE_ROOT/.lock-$HASH"
flock -n 9 || die "another build-sdk.sh is already building $SDK (lock $CACHE_ROOT/.lock-$HASH)"

FREE_GB=$(df --output=avail -B1G "$WORK" | tail -n 1 | tr -d ' ')
if (( FREE_GB < 7 )) && [[ ! -f "$WORK/.qtbase-configured" ]]; then
  die "only ${FREE_GB} GB free under $CACHE_ROOT; the build needs about 6 GB (set MAILSHIM_SDK_CACHE elsewhere)"
fi

elapsed() { local s=$(( $(date +%s) - START )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
say() { printf '[build-sdk %s +%s] %s\n' "$(date +%H:%M:%S)" "$(elapsed)" "$*" | tee -a "$LOG"; }

fail_with_log() {
  local what=$1
  {
    echo "---- last lines of $LOG ----"
    grep -n -E 'FAILED:|error:|Error|CMake Error' "$LOG" | tail -n 15 || true
    echo "----"
    tail -n 30 "$LOG"
    echo "----"
  } >&2
  die "$what failed; full log: $LOG (re-run the script to resume)"
}

# run LABEL CMD...: run quietly into the log.
run() {
  local label=$1; shift
  say "$label"
  printf '\n>>> %s\n' "$*" >>"$LOG"
  "$@" >>"$LOG" 2>&1 || fail_with_log "$label"
}

# run_progress LABEL CMD...: like run, and print ninja's [n/N] progress every ~5%.
run_progress() {
  local label=$1; shift
  say "$label"
  printf '\n>>> %s\n' "$*" >>"$LOG"
  if ! "$@" 2>&1 | tee -a "$LOG" | awk -v label="$label" '
        /^\[[0-9]+\/[0-9]+\]/ {
          s = substr($1, 2, length($1) - 2); split(s, a, "/"); n = a[1] + 0; t = a[2] + 0;
          step = int(t / 20); if (step < 25) step = 25;
          if (n - last >= step || n == t) { printf "    %s: %d/%d\n", label, n, t; fflush(); last = n }
        }'; then
    fail_with_log "$label"
  fi
}

# ------------------------------------------------------------------------------------------------
# 1. Debian packages
PACKAGES=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 mingw-w64-tools
          mingw-w64-x86-64-dev ninja-build cmake qt6-base-dev qt6-base-dev-tools dpkg-dev perl make
          xz-utils ca-certificates file)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] || echo "$p"
  done
}

say "SDK:  $SDK"
say "work: $WORK  (log: $LOG)"

APT_UPDATED=0
mapfile -t MISSING < <(missing_packages)
if (( ${#MISSING[@]} )); then
  run "apt-get update" apt-get update
  APT_UPDATED=1
  run "installing ${MISSING[*]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${MISSING[@]}"
fi
for tool in $TRIPLE-gcc-posix $TRIPLE-g++-posix $TRIPLE-windres cmake ninja perl dpkg-source; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found after installing packages"
done
[[ -f "$QT_HOST_CMAKE_DIR/Qt6/Qt6Config.cmake" ]] || die "host Qt not found in $QT_HOST_CMAKE_DIR (qt6-base-dev)"
HOST_QT_VERSION=$(dpkg-query -W -f='${Version}' qt6-base-dev)

# ------------------------------------------------------------------------------------------------
# 2. deb-src entries mirroring the machine's own archive/suites (only the suites of this release:
#    third-party repositories often publish no sources, and a 404 there would fail apt-get update).
SRC_DEB822=/etc/apt/sources.list.d/mailshim-sdk-src.sources
SRC_ONELINE=/etc/apt/sources.list.d/mailshim-sdk-src.list
CODENAME="${VERSION_CODENAME:-}"
[[ -n "$CODENAME" ]] || die "cannot tell the Debian codename (VERSION_CODENAME in /etc/os-release)"

# (Output is captured, not piped into `grep -q`: with pipefail an early grep exit would fail the
# pipeline through SIGPIPE.)
have_sources() {
  local out
  out=$(apt-cache showsrc openssl qt6-base 2>/dev/null || true)
  grep -q '^Package: openssl$' <<<"$out" && grep -q '^Package: qt6-base$' <<<"$out"
}

gen_deb822_src() {   # deb822 stanzas with Types: deb -> Types: deb-src, suites of $CODENAME only
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" && "$f" != "$SRC_DEB822" ]] || continue
    awk -v codename="$CODENAME" '
      function flush(   i, out, nsuites, s, keep) {
        if (nlines == 0) return
        if (types ~ /(^| )deb( |$)/ && types !~ /deb-src/ && tolower(enabled) != "no") {
          n = split(suites, s, /[ \t]+/); keep = ""
          for (i = 1; i <= n; i++)
            if (s[i] == codename || index(s[i], codename "-") == 1) keep = keep (keep == "" ? "" : " ") s[i]
          if (keep != "") {
            print "Types: deb-src"
            print "Suites: " keep
            for (i = 1; i <= nlines; i++) print lines[i]
            print ""
          }
        }
        nlines = 0; types = ""; suites = ""; enabled = ""; infield = ""
      }
      /^#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { if (infield != "skip") lines[++nlines] = $0; next }      # continuation line
      {
        key = tolower(substr($0, 1, index($0, ":") - 1)); val = substr($0, index($0, ":") + 1)
        gsub(/^[ \t]+|[ \t]+$/, "", val)
        if (key == "types")      { types = val;   infield = "skip"; next }
        if (key == "suites")     { suites = val;  infield = "skip"; next }
        if (key == "enabled")    { enabled = val; infield = "skip"; next }
        infield = key; lines[++nlines] = $0
      }
      END { flush() }' "$f"
  done
}

gen_oneline_src() {  # one-line "deb ..." entries -> "deb-src ...", suites of $CODENAME only
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" && "$f" != "$SRC_ONELINE" ]] || continue
    awk -v codename="$CODENAME" '
      $1 == "deb" {
        line = $0; sub(/^[ \t]*deb[ \t]+/, "", line)
        opts = ""
        if (line ~ /^\[/) { opts = substr(line, 1, index(line, "]")); line = substr(line, index(line, "]") + 1) }
        n = split(line, w, /[ \t]+/); j = 0
        for (i = 1; i <= n; i++) if (w[i] != "") v[++j] = w[i]
        if (j < 2) next
        if (v[2] != codename && index(v[2], codename "-") != 1) next
        out = "deb-src " (opts != "" ? opts " " : "") v[1] " " v[2]
        for (i = 3; i <= j; i++) out = out " " v[i]
        print out
      }' "$f"
  done
}

write_if_changed() {  # FILE CONTENT -> 0 if changed
  local file=$1 content=$2
  if [[ -z "$content" ]]; then
    [[ -e "$file" ]] || return 1
    rm -f "$file"; return 0
  fi
  if [[ -f "$file" ]] && [[ "$(cat "$file")" == "$content" ]]; then return 1; fi
  printf '%s\n' "$content" >"$file"
  return 0
}

if ! have_sources; then
  HEADER="# Written by MailShim installer/windows/build-sdk.sh: source packages for the SDK build."
  changed=0
  body=$(gen_deb822_src)
  if [[ -n "$body" ]]; then write_if_changed "$SRC_DEB822" "$HEADER"$'\n'"$body" && changed=1; fi
  body=$(gen_oneline_src)
  if [[ -n "$body" ]]; then write_if_changed "$SRC_ONELINE" "$HEADER"$'\n'"$body" && changed=1; fi
  [[ -f "$SRC_DEB822" || -f "$SRC_ONELINE" ]] ||
    die "found no 'deb' entry for suite '$CODENAME' in /etc/apt/sources.list{,.d/*.list,.d/*.sources}"
  if (( changed )) || (( ! APT_UPDATED )); then
    say "deb-src entries in $SRC_DEB822 / $SRC_ONELINE"
    run "apt-get update (with deb-src)" apt-get update
  fi
  have_sources || die "apt-cache showsrc still knows no 'openssl'/'qt6-base' source package; see $SRC_DEB822 and $SRC_ONELINE"
fi

# ------------------------------------------------------------------------------------------------
# source_versions PKG: the versions of source package PKG the archive lists, newest first.
source_versions() {
  apt-cache showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' |
    perl -MDpkg::Version=version_compare -e 'chomp(my @v = <STDIN>); my %s; @v = grep { !$s{$_}++ } @v;
                                             print "$_\n" for sort { version_compare($b, $a) } @v'
}

# fetch_source PKG DEST [PREFERRED_VERSION]: `apt-get source` into a temporary dir, then move it into
# place. Tries PREFERRED_VERSION first, then every listed version newest first: the archive behind
# this machine's apt can list a version in its Sources index whose .dsc is not (yet) served (404).
fetch_source() {
  local pkg=$1 dest=$2 preferred=${3:-} tmp dir ver
  if [[ -f "$dest/.extracted" ]]; then say "source $pkg already extracted in $dest"; return; fi
  local -a versions=()
  [[ -n "$preferred" ]] && versions+=("$preferred")
  mapfile -t -O "${#versions[@]}" versions < <(source_versions "$pkg" | grep -vxF -e "$preferred" || true)
  (( ${#versions[@]} )) || die "the archive lists no source package '$pkg'"
  tmp="$WORK/src/.tmp-$pkg"
  for ver in "${versions[@]}"; do
    rm -rf "$tmp" "$dest"
    mkdir -p "$tmp"
    say "apt-get source $pkg=$ver"
    printf '\n>>> apt-get source %s=%s\n' "$pkg" "$ver" >>"$LOG"
    if (cd "$tmp" && apt-get source "$pkg=$ver") >>"$LOG" 2>&1; then
      dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -print -quit)
      [[ -n "$dir" ]] || die "apt-get source $pkg=$ver produced no directory in $tmp"
      mv "$dir" "$dest"
      basename "$dir" >"$dest/.extracted"
      rm -rf "$tmp"
      return 0
    fi
    say "  $pkg $ver could not be fetched (see $LOG); trying an older version"
  done
  rm -rf "$tmp"
  die "could not fetch any version of source package '$pkg' (${versions[*]}); see $LOG"
}

mkdir -p "$WORK/src" "$WORK/build"

# ------------------------------------------------------------------------------------------------
# 3. OpenSSL 3.0, static, mingw64
OSSL_SRC="$WORK/src/openssl"
OSSL_PREFIX="$SDK/openssl"
if [[ -f "$WORK/.openssl-installed" && -f "$OSSL_PREFIX/lib64/libssl.a" && -f "$OSSL_PREFIX/lib64/libcrypto.a" ]]; then
  say "OpenSSL already installed in $OSSL_PREFIX"
else
  fetch_source openssl "$OSSL_SRC"
  say "OpenSSL source: $(cat "$OSSL_SRC/.extracted")"
  if [[ ! -f "$WORK/.openssl-configured" ]]; then
    # Build in the source tree (OpenSSL's usual way); start from a clean tree if a configure was cut short.
    [[ -f "$OSSL_SRC/Makefile" ]] && (cd "$OSSL_SRC" && make clean >/dev/null 2>&1 || true)
    run "OpenSSL: Configure mingw64" bash -c "cd '$OSSL_SRC' && ./Configure mingw64 \
        --cross-compile-prefix=$TRIPLE- CC=gcc-posix CXX=g++-posix \
        no-tests no-shared --prefix='$OSSL_PREFIX' --openssldir='$OSSL_PREFIX/ssl'"
    touch "$WORK/.openssl-configured"
  fi
  run "OpenSSL: build libraries (-j$JOBS, nice)" "${NICE[@]}" make -C "$OSSL_SRC" -j"$JOBS" build_libs
  run "OpenSSL: install headers and libraries" make -C "$OSSL_SRC" install_dev
  [[ -f "$OSSL_PREFIX/lib64/libssl.a" && -f "$OSSL_PREFIX/lib64/libcrypto.a" ]] ||
    die "OpenSSL install did not produce $OSSL_PREFIX/lib64/lib{ssl,crypto}.a"
  touch "$WORK/.openssl-installed"
fi
OSSL_VERSION=$(sed -n 's/^# *define OPENSSL_FULL_VERSION_STR *"\(.*\)"/\1/p' "$OSSL_PREFIX/include/openssl/opensslv.h")

# ------------------------------------------------------------------------------------------------
# 4. Qt 6 qtbase, static
QT_SRC="$WORK/src/qtbase"
QT_BUILD="$WORK/build/qtbase"
QT_PREFIX="$SDK/qt"

# Preferably the same source version as the host Qt (its moc/rcc/uic generate code for this Qt).
HOST_QT_SRCVER=$(dpkg-query -W -f='${source:Version}' qt6-base-dev)
if ! grep -qxF "$HOST_QT_SRCVER" <<<"$(source_versions qt6-base)"; then HOST_QT_SRCVER=""; fi
fetch_source qt6-base "$QT_SRC" "$HOST_QT_SRCVER"
case "$(cat "$QT_SRC/.extracted")" in
  *-6.4.2*) ;;
  *) say "warning: qtbase source $(cat "$QT_SRC/.extracted") is not 6.4.2 (host Qt is $HOST_QT_VERSION)" ;;
esac
say "Qt source: $(cat "$QT_SRC/.extracted")  (host Qt $HOST_QT_VERSION)"

QT_CONFIG_ARGS=(
  -G Ninja -S "$QT_SRC" -B "$QT_BUILD"
  -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN"
  -DMAILSHIM_SDK_DIR="$SDK"
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_INSTALL_PREFIX="$QT_PREFIX"
  -DBUILD_SHARED_LIBS=OFF
  -DQT_HOST_PATH=/usr
  -DQT_HOST_PATH_CMAKE_DIR="$QT_HOST_CMAKE_DIR"
  -DQT_BUILD_EXAMPLES=OFF
  -DQT_BUILD_TESTS=OFF
  -DQT_BUILD_BENCHMARKS=OFF
  -DQT_BUILD_MANUAL_TESTS=OFF
  -DFEATURE_pkg_config=OFF
  -DFEATURE_sql=OFF
  -DFEATURE_dbus=OFF
  -DFEATURE_tabletevent=OFF          # Debian's (dfsg) source has no wintab.h
  -DFEATURE_opengl=ON                # OFF does not compile the windows QPA plugin in 6.4.2 (isSoftwareGl)
  -DFEATURE_system_zlib=OFF
  -DFEATURE_system_pcre2=OFF
  -DFEATURE_system_png=OFF
  -DFEATURE_system_jpeg=OFF
  -DFEATURE_system_harfbuzz=OFF
  -DFEATURE_system_freetype=OFF
  -DFEATURE_system_doubleconversion=OFF
  -DINPUT_openssl=linked
  -DFEATURE_openssl_linked=ON
  -DOPENSSL_ROOT_DIR="$OSSL_PREFIX"
  -DOPENSSL_USE_STATIC_LIBS=ON
  -UTEST_openssl -UTEST_openssl_headers   # a cache from a run without OpenSSL would keep them false
)

if [[ -f "$WORK/.qtbase-configured" && -f "$QT_BUILD/build.ninja" ]]; then
  say "qtbase already configured in $QT_BUILD"
else
  rm -rf "$QT_BUILD"      # a configure cut short leaves a cache that can hide later fixes
  mkdir -p "$QT_BUILD"
  run "qtbase: cmake configure (nice)" "${NICE[@]}" cmake "${QT_CONFIG_ARGS[@]}"
  grep -q '^QT_FEATURE_openssl_linked:INTERNAL=ON' "$QT_BUILD/CMakeCache.txt" ||
    die "qtbase configure did not enable openssl_linked; see $LOG"
  touch "$WORK/.qtbase-configured"
fi

run_progress "qtbase: build (ninja -j$JOBS, nice)" "${NICE[@]}" cmake --build "$QT_BUILD" --parallel "$JOBS"
run "qtbase: install into $QT_PREFIX" cmake --install "$QT_BUILD"

# ------------------------------------------------------------------------------------------------
# 5. check the result, stamp it
for f in "$QT_PREFIX/lib/cmake/Qt6/Qt6Config.cmake" \
         "$QT_PREFIX/lib/libQt6Core.a" "$QT_PREFIX/lib/libQt6Gui.a" \
         "$QT_PREFIX/lib/libQt6Widgets.a" "$QT_PREFIX/lib/libQt6Network.a" \
         "$QT_PREFIX/plugins/platforms/libqwindows.a" \
         "$QT_PREFIX/plugins/tls/libqopensslbackend.a" \
         "$QT_PREFIX/plugins/tls/libqschannelbackend.a"; do
  [[ -f "$f" ]] || die "expected file missing after install: $f"
done

cat >"$SDK/READY" <<EOF
MailShim Windows x86_64 SDK, built by installer/windows/build-sdk.sh (hash $HASH)
built:     $(date -u +%Y-%m-%dT%H:%M:%SZ) in $(elapsed)
compiler:  $($TRIPLE-g++-posix --version | sed -n 1p)
qtbase:    $(cat "$QT_SRC/.extracted") (static) in $QT_PREFIX; host Qt $HOST_QT_VERSION
openssl:   $OSSL_VERSION (static) in $OSSL_PREFIX
toolchain: -DCMAKE_TOOLCHAIN_FILE=<repo>/installer/windows/mingw-w64-x86_64.cmake  (MAILSHIM_SDK_DIR=$SDK)
EOF
say "SDK ready ($(du -sh "$SDK" | cut -f1)) in $(elapsed)"

if (( ! KEEP_WORK )); then
  cp "$LOG" "$SDK/build.log"
  LOG="$SDK/build.log"
  rm -rf "$WORK"
  say "removed work dir $WORK (build log kept as $LOG)"
fi

for old in "$CACHE_ROOT"/*/READY "$CACHE_ROOT"/work-*; do
  [[ -e "$old" ]] || continue
  [[ "$old" == */READY ]] && old=$(dirname "$old")
  [[ "$old" != "$SDK" && "$old" != "$WORK" ]] || continue
  echo "note: $old is from another version of this script (delete it if unused)"
done

echo "$SDK"
