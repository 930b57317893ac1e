#!/usr/bin/env bash
# Installs what is needed, builds MailShim (release) and runs it in the foreground.
# Usage: scripts/run.sh [CONFIG]   default CONFIG: ~/.config/MailShim/mailshim.json (created from the example)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh
cmake --preset release
cmake --build --preset release

config="${1:-${XDG_CONFIG_HOME:-$HOME/.config}/MailShim/mailshim.json}"
if [[ ! -f "$config" ]]; then
  mkdir -p "$(dirname "$config")"
  cp resources/mailshim.example.json "$config"
  echo "Created $config from the example: edit the server names, then restart (or send SIGHUP to reload)."
fi
build/release/app/mailshim-service --check-config "$config"
exec build/release/app/mailshim-service --console --config "$config"
