#!/usr/bin/env bash
# The soak (docs/testing.md#the-soak): the release mailshim-service in front of the test Dovecot in the four POP3 modes,
# 20,000 sessions from 50 concurrent clients, 10% of them abusive, Dovecot restarted every 4,000 sessions; memory
# and descriptors sampled every second must stay flat. Not part of CTest or CI (it takes several minutes).
# Usage: sudo tests/soak/run.sh [soak.py options: --sessions N --concurrency N --abusive F --restart-every N --seed N]
#   The PNG plot goes to build/soak/soak.png unless --plot FILE is given (docs/images/soak.png is the docs' copy).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $(id -u) -ne 0 ]]; then
  echo "the soak starts a private Dovecot and needs root (run with sudo)" >&2
  exit 1
fi
bash scripts/setup-debian.sh --soak

echo "== build (preset bench: Release, mailshim-service and the test Dovecot)" >&2
cmake --preset bench >&2
cmake --build --preset bench --target mailshim-service mailshim-test-dovecot >&2

# 50 clients, 100+ descriptors in MailShim and Dovecot, more while restarts drain.
ulimit -n "$(ulimit -Hn)" || true
mkdir -p build/soak
plot=(--plot build/soak/soak.png)
for arg in "$@"; do [[ $arg == --plot ]] && plot=(); done
exec python3 tests/soak/soak.py --service build/bench/app/mailshim-service \
  --dovecot build/bench/tests/support/mailshim-test-dovecot "${plot[@]}" "$@"
