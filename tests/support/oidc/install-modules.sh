#!/usr/bin/env bash
# Installs the test OpenID provider's node modules (oidc-provider, pinned by package-lock.json) with `npm ci` into a
# cache folder outside the source tree, where OidcFixture looks for them. Nothing installed here is committed.
# Usage: tests/support/oidc/install-modules.sh [<folder>]
#   default folder: $MAILSHIM_OIDC_MODULES_DIR, else <repository>/.cache/oidc-provider (node_modules/ inside it)
# Run by scripts/setup-debian.sh; safe to run again (does nothing while the installed lock file is the same).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-${MAILSHIM_OIDC_MODULES_DIR:-$here/../../../.cache/oidc-provider}}"
command -v node >/dev/null || { echo "install-modules.sh: node is missing (scripts/setup-debian.sh installs nodejs)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-modules.sh: npm is missing (scripts/setup-debian.sh installs it)" >&2; exit 1; }
# A warning only: setup must not fail for work that never runs the OAuth tests (scripts/test.sh fails instead).
node -e 'process.exit(typeof URL.parse === "function" && typeof require("crypto").hash === "function" ? 0 : 1)' ||
  echo "install-modules.sh: warning: node $(node --version) cannot run oidc-provider 9 (it needs Node >= 20.18)" >&2
mkdir -p "$target"
target="$(cd "$target" && pwd)"
if [[ -d "$target/node_modules/oidc-provider" ]] && cmp -s "$here/package-lock.json" "$target/package-lock.json"; then
  echo "oidc-provider modules up to date in $target/node_modules"
  exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$target/"
(cd "$target" && npm ci --omit=dev --no-audit --no-fund)
echo "oidc-provider $(node -p "require('$target/node_modules/oidc-provider/package.json').version") installed in $target/node_modules (Node $(node --version))"
