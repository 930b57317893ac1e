#!/usr/bin/env bash
# Runs a command against a real Secret Service that is not the user's: a private D-Bus session bus
# (dbus-run-session) with a GNOME Keyring daemon whose "login" keyring is created and unlocked with a
# throwaway password, in a temporary HOME / XDG_DATA_HOME that is deleted afterwards.
# Usage: tests/ui/with-keyring.sh <command> [args...]   (exports MAILSHIM_THROWAWAY_KEYRING=<temp dir>)
set -euo pipefail

fail() {
  echo "with-keyring.sh: $*" >&2
  exit 2
}

if [[ "${1:-}" != "--inside-session" ]]; then
  [[ $# -ge 1 ]] || fail "usage: $0 <command> [args...]"
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null ||
      fail "$tool is missing; install dbus, dbus-bin and gnome-keyring (scripts/setup-debian.sh)"
  done
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mailshim-keyring.XXXXXX")
  cleanup() {
    # The daemon ends when its bus goes away; make sure before deleting its files.
    if [[ -s "$tmp/daemon.pid" ]]; then kill "$(cat "$tmp/daemon.pid")" 2>/dev/null || true; fi
    rm -rf "$tmp"
  }
  trap cleanup EXIT
  mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
  chmod 700 "$tmp/runtime"
  export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
  export XDG_RUNTIME_DIR="$tmp/runtime" MAILSHIM_THROWAWAY_KEYRING="$tmp"
  # No desktop: nothing may pop up a prompt, and no autolaunched bus may be reached instead of ours.
  unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
  rc=0
  dbus-run-session -- "$0" --inside-session "$@" || rc=$?
  exit "$rc"
fi
shift

# Inside the private session. --unlock reads the password on stdin and creates the login keyring with it,
# which becomes the default collection. Its output goes to a file: an inherited pipe would keep CTest waiting.
printf '%s' "mailshim-throwaway" |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$XDG_RUNTIME_DIR/gnome-keyring.log" 2>&1 &
echo $! >"$MAILSHIM_THROWAWAY_KEYRING/daemon.pid"

for _ in $(seq 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    exec "$@"
  fi
  kill -0 "$(cat "$MAILSHIM_THROWAWAY_KEYRING/daemon.pid")" 2>/dev/null || break
  sleep 0.1
done
cat "$XDG_RUNTIME_DIR/gnome-keyring.log" >&2 || true
fail "gnome-keyring-daemon did not provide org.freedesktop.secrets on the private session bus"
