#!/usr/bin/env bash
# Installs every Debian package MailShim needs to build, run and test.
# Usage: scripts/setup-debian.sh [--bench] [--soak] [--windows]   (needs root or sudo; safe to run again)
#   --soak     also gnuplot, for the soak's plot (tests/soak/run.sh)
#   --windows  also what the Windows cross build, the installer and the Wine proof need (MinGW-w64, NSIS,
#              osslsigncode for the Authenticode signatures, 64-bit Wine, Xvfb and a window manager for
#              screenshots); the SDK itself comes from installer/windows/build-sdk.sh, which installs its own
#              build packages.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools libqt6network6 libssl-dev clang-format
  # the sanitizer build and the fuzz targets (presets asan and fuzz): clang with its ASan, UBSan and libFuzzer runtimes
  clang libclang-rt-14-dev
  # the tray GUI: widgets come with qt6-base-dev; translations (lrelease); credentials in the OS keychain
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qtkeychain-qt6-dev
  # OAuth 2.0 sign-in (authorization code with PKCE through the browser and a loopback redirect)
  qt6-networkauth-dev
  # tests: a real OAuth 2.0 / OpenID provider (npm's oidc-provider, run by the test fixture with Node)
  nodejs
  # tests: a real POP3 server and real POP3 clients
  dovecot-core dovecot-pop3d openssl ca-certificates curl fetchmail python3
  # tests: a real SMTP server (a private Postfix started by the test fixture) delivering into Dovecot by LMTP
  postfix dovecot-lmtpd
  # tests: a real SMTP client besides curl and Python's smtplib, sending through MailShim's SMTP listener
  msmtp
  # tests: a real Secret Service for the keychain round trip, an X server and fonts for screenshots
  dbus dbus-bin gnome-keyring libsecret-tools xvfb xauth openbox x11-apps imagemagick fonts-dejavu-core
  fonts-ipafont-gothic qt6-qpa-plugins
  # tests: the service's systemd user unit under a private user manager; a private /etc/hosts (unshare)
  systemd util-linux
  # the Debian package (scripts/check-package.sh): dpkg-shlibdeps for its Depends, and the menu entry's check
  dpkg-dev desktop-file-utils
)
for flag in "$@"; do
  case "$flag" in
    --bench) PACKAGES+=(stunnel4 stone valgrind) ;;
    --soak) PACKAGES+=(gnuplot-nox) ;;
    # Only 64-bit Wine is installable here: the proof calls /usr/lib/wine/wine64 directly (docs/windows.md).
    # Wine loads X11 extensions, GL and GnuTLS at run time: its Recommends, named here because of
    # --no-install-recommends. binutils (strings), iproute2 (ss) and x11-utils (xwininfo) are used by
    # installer/windows/wine-proof.sh.
    --windows) PACKAGES+=(g++-mingw-w64-x86-64-posix mingw-w64-tools binutils-mingw-w64-x86-64 nsis osslsigncode
                          wine wine64 libgl1 libgl1-mesa-dri libgnutls30 libxcomposite1 libxcursor1 libxfixes3 libxi6
                          libxinerama1 libxrandr2 libxrender1 libxxf86vm1 binutils iproute2 x11-utils
                          xvfb xauth openbox x11-apps imagemagick fonts-dejavu-core fonts-ipafont-gothic) ;;
    *) echo "unknown option: $flag (use --bench, --soak and/or --windows)" >&2; exit 2 ;;
  esac
done

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
# Postfix without a default instance: no /etc/postfix/main.cf, nothing listening on port 25. The tests start their
# own private instance (tests/support/postfixfixture.cpp) and never use the distribution's.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
$SUDO apt-get update
# npm comes with some Node builds and is Debian's own package otherwise.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi
$SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"

# The test fixture's OpenID provider (tests/support/oidcfixture.cpp): npm's oidc-provider, pinned by its lock file,
# installed with `npm ci` into .cache/oidc-provider (never committed; does nothing when already up to date).
bash "$(dirname "$0")/../tests/support/oidc/install-modules.sh"

# Dovecot refuses to run mail processes as root: the test fixture uses this unprivileged user.
if ! id vmail >/dev/null 2>&1; then
  $SUDO useradd --system --no-create-home --shell /usr/sbin/nologin vmail
fi
