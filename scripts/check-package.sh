#!/usr/bin/env bash
# Builds the Debian package, installs it as a user would (apt-get install ./mailshim_<version>_amd64.deb), checks
# the installed programs, then removes it and checks that nothing it installed is left.
# Usage: scripts/check-package.sh [BUILD_DIR]   (root; after scripts/setup-debian.sh)
#   BUILD_DIR: a configured build folder whose CMakeLists includes installer/linux/Packaging.cmake (CI passes
#   build/ci); it is built, then packed. Without it: a Release build of its own in build/package.
# Exits non-zero with a line starting "check-package: FAIL" on the first thing that is wrong. If it installed the
# package, it removes it again on every exit.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE_DIR=$PWD

fail() { echo "check-package: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

[[ $(id -u) -eq 0 ]] || fail "needs root (it installs and removes the package with apt-get)"
for tool in cmake cpack dpkg-deb dpkg-shlibdeps desktop-file-validate apt-get; do
  command -v "$tool" >/dev/null || fail "missing $tool (scripts/setup-debian.sh installs it)"
done

BUILD_DIR=${1:-}
if [[ -z $BUILD_DIR ]]; then
  BUILD_DIR=$SOURCE_DIR/build/package
  step "configure $BUILD_DIR (Release, no tests)"
  cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
fi
BUILD_DIR=$(cd "$BUILD_DIR" && pwd) || fail "no build folder $1"
[[ -f $BUILD_DIR/CPackConfig.cmake ]] ||
  fail "$BUILD_DIR has no CPackConfig.cmake: the root CMakeLists.txt must include installer/linux/Packaging.cmake"

step "build $BUILD_DIR"
cmake --build "$BUILD_DIR" --target mailshim mailshim-service

OUT=$BUILD_DIR/package-out
rm -rf "$OUT"
step "cpack -G DEB -> $OUT"
(cd "$BUILD_DIR" && cpack -G DEB -B "$OUT") || fail "cpack did not build the package"
shopt -s nullglob
DEBS=("$OUT"/mailshim_*_amd64.deb)
shopt -u nullglob
[[ ${#DEBS[@]} -eq 1 ]] || fail "expected one mailshim_<version>_amd64.deb in $OUT, found ${#DEBS[@]}"
DEB=${DEBS[0]}
echo "package: $DEB ($(du -k "$DEB" | cut -f1) KiB)"

step "inspect the package"
dpkg-deb --info "$DEB"
CONTENTS=$(dpkg-deb --contents "$DEB" | awk '{print $NF}')
echo "$CONTENTS"
for path in ./usr/bin/mailshim ./usr/bin/mailshim-service ./usr/lib/systemd/user/mailshim.service \
            ./usr/share/applications/mailshim.desktop ./usr/share/icons/hicolor/48x48/apps/mailshim.png \
            ./usr/share/icons/hicolor/scalable/apps/mailshim.svg ./usr/share/mailshim/mailshim.example.json; do
  grep -qx -- "$path" <<<"$CONTENTS" || fail "the package lacks $path"
done
grep -q -- '/usr/local' <<<"$CONTENTS" && fail "the package installs into /usr/local"
DEPENDS=$(dpkg-deb --field "$DEB" Depends)
for lib in libqt6widgets6 libqt6network6 libqt6keychain1 libssl3; do
  grep -q "$lib" <<<"$DEPENDS" || fail "Depends lacks $lib (dpkg-shlibdeps): $DEPENDS"
done
CONTROL=$(mktemp -d)
dpkg-deb --control "$DEB" "$CONTROL"
for script in preinst postinst prerm postrm; do
  [[ -e $CONTROL/$script ]] && fail "the package has a $script: installing must start and enable nothing"
done
rm -rf "$CONTROL"

if dpkg -s mailshim >/dev/null 2>&1; then
  echo "note: mailshim $(dpkg-query -W -f='${Version}' mailshim) is installed already; this check replaces it and removes it"
fi

INSTALLED=0
LIST=$(mktemp)
TMP_HOME=$(mktemp -d)
cleanup() {
  rm -rf "$LIST" "$TMP_HOME"
  if [[ $INSTALLED -eq 1 ]]; then
    echo "check-package: removing the package after a failure" >&2
    apt-get remove --purge -y -o DPkg::Lock::Timeout=300 mailshim >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# What runs from /usr/bin/mailshim*: nothing may, before the checks below start something themselves.
packaged_processes() {
  local p exe
  for p in /proc/[0-9]*; do
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    case $exe in /usr/bin/mailshim | /usr/bin/mailshim-service) echo "${p#/proc/} $exe" ;; esac
  done
}

step "apt-get install -y $DEB"
INSTALLED=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=300 "$DEB" ||
  fail "apt-get install $DEB failed"
dpkg-query -W -f='installed: ${Package} ${Version} ${Architecture}, ${Installed-Size} KiB\n' mailshim

step "installing started and enabled nothing"
RUNNING=$(packaged_processes)
[[ -z $RUNNING ]] || fail "installing started: $RUNNING"
ls /etc/systemd/user/*.wants/mailshim.service /etc/xdg/autostart/mailshim*.desktop 2>/dev/null &&
  fail "installing enabled the service or an autostart entry for every user"

step "installed files"
[[ $(command -v mailshim) == /usr/bin/mailshim ]] || fail "mailshim is not /usr/bin/mailshim: $(command -v mailshim)"
[[ $(command -v mailshim-service) == /usr/bin/mailshim-service ]] || fail "mailshim-service is not in /usr/bin"
UNIT=/usr/lib/systemd/user/mailshim.service
grep -qx 'ExecStart="/usr/bin/mailshim-service" --service --config "%E/MailShim/mailshim.json"' "$UNIT" ||
  fail "$UNIT does not run /usr/bin/mailshim-service: $(grep ExecStart "$UNIT")"
grep -q '@' "$UNIT" && fail "$UNIT has an unfilled @PLACEHOLDER@"
echo "$UNIT: $(grep ExecStart "$UNIT")"
desktop-file-validate /usr/share/applications/mailshim.desktop || fail "mailshim.desktop is not valid"
echo "/usr/share/applications/mailshim.desktop: valid"
grep -qx 'Exec=mailshim' /usr/share/applications/mailshim.desktop || fail "the menu entry does not run mailshim"

# A clean environment: the programs must run from the package alone (no build tree, no LD_LIBRARY_PATH).
run_clean() { env -i PATH=/usr/bin:/bin HOME="$TMP_HOME" XDG_RUNTIME_DIR="$TMP_HOME/run" "$@"; }
mkdir -m 700 "$TMP_HOME/run"

step "mailshim-service --check-config /usr/share/mailshim/mailshim.example.json"
run_clean mailshim-service --check-config /usr/share/mailshim/mailshim.example.json ||
  fail "mailshim-service --check-config rejects the packaged example"
step "mailshim-service --version"
run_clean mailshim-service --version || fail "mailshim-service --version failed"
step "mailshim --version (QT_QPA_PLATFORM=offscreen)"
VERSION_TEXT=$(run_clean QT_QPA_PLATFORM=offscreen mailshim --version) || fail "mailshim --version failed"
echo "$VERSION_TEXT"
grep -q "$(dpkg-query -W -f='${Version}' mailshim)" <<<"$VERSION_TEXT" ||
  fail "mailshim --version does not name the package's version"

# `mailshim-service --install` writes the per-user unit with the running program's path. Proven hermetically:
# a stand-in systemctl that says yes to everything, and a throw-away $XDG_CONFIG_HOME.
step "mailshim-service --install writes a user unit that runs /usr/bin/mailshim-service"
mkdir -p "$TMP_HOME/bin"
cat >"$TMP_HOME/bin/systemctl" <<'EOF'
#!/bin/sh
case "$*" in *--version*) echo "systemd 252 (252)" ;; esac
exit 0
EOF
chmod +x "$TMP_HOME/bin/systemctl"
env -i PATH="$TMP_HOME/bin:/usr/bin:/bin" HOME="$TMP_HOME" XDG_CONFIG_HOME="$TMP_HOME/config" \
  XDG_RUNTIME_DIR="$TMP_HOME/run" mailshim-service --install || fail "mailshim-service --install failed"
USER_UNIT=$TMP_HOME/config/systemd/user/mailshim.service
grep -q '^ExecStart="/usr/bin/mailshim-service" --service' "$USER_UNIT" ||
  fail "the unit --install wrote does not run /usr/bin/mailshim-service: $(grep ExecStart "$USER_UNIT" 2>&1)"
echo "$USER_UNIT: $(grep ExecStart "$USER_UNIT")"
env -i PATH="$TMP_HOME/bin:/usr/bin:/bin" HOME="$TMP_HOME" XDG_CONFIG_HOME="$TMP_HOME/config" \
  XDG_RUNTIME_DIR="$TMP_HOME/run" mailshim-service --uninstall || fail "mailshim-service --uninstall failed"

RUNNING=$(packaged_processes)
[[ -z $RUNNING ]] || fail "a packaged program is still running after the checks: $RUNNING"

step "dpkg -L mailshim"
dpkg -L mailshim | tee "$LIST"

step "apt-get remove --purge -y mailshim"
DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y -o DPkg::Lock::Timeout=300 mailshim ||
  fail "apt-get remove --purge mailshim failed"
INSTALLED=0

step "nothing the package installed is left"
dpkg -s mailshim >/dev/null 2>&1 && fail "dpkg still knows mailshim: $(dpkg-query -W -f='${Status}' mailshim)"
LEFT=()
while IFS= read -r path; do
  [[ -z $path || $path == /. ]] && continue
  if [[ -d $path && ! -L $path ]]; then
    # A shared folder (/usr/bin, /usr/share/icons/hicolor/48x48/apps) stays when another package owns it.
    dpkg -S "$path" >/dev/null 2>&1 || LEFT+=("$path/ (folder no other package owns: $(ls -A "$path" | head -5 | tr '\n' ' '))")
  elif [[ -e $path || -L $path ]]; then
    LEFT+=("$path")
  fi
done <"$LIST"
for path in /usr/share/doc/mailshim /usr/share/mailshim /usr/lib/systemd/user/mailshim.service; do
  [[ -e $path ]] && LEFT+=("$path")
done
if [[ ${#LEFT[@]} -gt 0 ]]; then
  printf '  left behind: %s\n' "${LEFT[@]}" >&2
  fail "${#LEFT[@]} path(s) of the package are still there after apt-get remove --purge"
fi
echo "all $(grep -c . "$LIST") paths dpkg listed are gone or belong to other packages"
echo "check-package: OK ($(basename "$DEB"), $(du -k "$DEB" | cut -f1) KiB)"
