#!/usr/bin/env bash
# Runs a command under a private systemd user manager, so tst_systemdunit can install, start, kill and
# stop the real mailshim.service unit. Needs root: it enters a private mount namespace and mounts a tmpfs
# on /run/systemd there (a user manager refuses to start unless the system looks booted with systemd;
# nothing outside the namespace changes). HOME, XDG_CONFIG_HOME, XDG_RUNTIME_DIR and XDG_STATE_HOME point
# into a fresh temporary folder, so the unit file and logs never touch the real user's.
# Usage: with-systemd-user.sh COMMAND [ARGS...]
set -euo pipefail

if [[ "${MAILSHIM_IN_NAMESPACE:-}" != 1 ]]; then
  command -v unshare >/dev/null || { echo "with-systemd-user.sh: unshare is missing" >&2; exit 1; }
  [[ -x /lib/systemd/systemd ]] || { echo "with-systemd-user.sh: /lib/systemd/systemd is missing (install systemd)" >&2; exit 1; }
  exec env MAILSHIM_IN_NAMESPACE=1 unshare --mount --propagation private "$0" "$@"
fi

mount -t tmpfs tmpfs /run/systemd 2>/dev/null || { mkdir -p /run/systemd && mount -t tmpfs tmpfs /run/systemd; }
mkdir -p /run/systemd/system

root=$(mktemp -d /tmp/mailshim-systemd-XXXXXX)
export HOME="$root/home" XDG_CONFIG_HOME="$root/home/.config" XDG_STATE_HOME="$root/home/.local/state"
export XDG_RUNTIME_DIR="$root/run"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

/lib/systemd/systemd --user >"$root/systemd.log" 2>&1 &
manager=$!
cleanup() {
  kill "$manager" 2>/dev/null || true
  wait "$manager" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  state=$(systemctl --user is-system-running 2>/dev/null || true)
  [[ "$state" == running || "$state" == degraded ]] && break
  sleep 0.1
done
if [[ "$state" != running && "$state" != degraded ]]; then
  echo "with-systemd-user.sh: the systemd user manager did not come up (state: ${state:-none})" >&2
  cat "$root/systemd.log" >&2
  exit 1
fi
# Units started by the manager see the same private folders.
systemctl --user set-environment HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_STATE_HOME="$XDG_STATE_HOME"

"$@"
