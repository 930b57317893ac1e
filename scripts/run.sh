#!/usr/bin/env bash
# Installs what is needed, builds MailShim (release) and runs it.
# Usage: scripts/run.sh              the tray program (needs a desktop session: DISPLAY or WAYLAND_DISPLAY)
#        scripts/run.sh --console [CONFIG]   the headless service in the foreground
#                                    default CONFIG: ~/.config/MailShim/mailshim.json (created from the example)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh
cmake --preset release
cmake --build --preset release

if [[ "${1:-}" != "--console" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
  # The tray program keeps its settings in ~/.config/MailShim/mailshim.json and opens the setup wizard
  # on the first start.
  exec build/release/app/mailshim "$@"
fi
if [[ "${1:-}" != "--console" ]]; then
  echo "No desktop session (DISPLAY/WAYLAND_DISPLAY unset): running the headless service instead." >&2
fi
[[ "${1:-}" == "--console" ]] && shift
config="${1:-${XDG_CONFIG_HOME:-$HOME/.config}/MailShim/mailshim.json}"
if [[ ! -f "$config" ]]; then
  mkdir -p "$(dirname "$config")"
  cp resources/mailshim.example.json "$config"
  echo "Created $config from the example: edit the server names, then restart (or send SIGHUP to reload)."
fi
build/release/app/mailshim-service --check-config "$config"
exec build/release/app/mailshim-service --console --config "$config"
