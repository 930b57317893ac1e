#!/usr/bin/env bash
# Benchmarks MailShim against a direct connection, stunnel and stone (docs/benchmarks.md): POP3 against a private
# Dovecot, SMTP (--parts smtp) against a private Postfix.
# Usage: tests/bench/run.sh [--quick] [mailshim-bench options...]   (needs root: the private Dovecot and Postfix, apt-get)
#   --quick   2 runs, 100 sequential sessions (SMTP 40), 200 concurrent, 10 s idle (a few minutes)
#   default   5 runs, 500 sequential sessions (SMTP 100 per path), 1000 concurrent, 30 s idle
# Other options go to mailshim-bench as they are: --runs N, --sessions N, --concurrent N, --idle-seconds N,
# --parts throughput,sessions,concurrency,idle,smtp, --smtp-sessions N, --service FILE. The tables go to stdout (markdown), progress to
# stderr. Not part of the default test run (scripts/test.sh, ctest).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $(id -u) -ne 0 ]]; then
  echo "the benchmark starts a private Dovecot and needs root (run with sudo)" >&2
  exit 1
fi

bash scripts/setup-debian.sh --bench
for tool in dovecot stunnel4 stone postfix; do
  PATH=$PATH:/usr/sbin command -v "$tool" >/dev/null || { echo "missing required tool: $tool" >&2; exit 1; }
done

echo "== build (preset bench: Release, mailshim-service and mailshim-bench)" >&2
cmake --preset bench >&2
cmake --build --preset bench >&2

# 1000 sessions through MailShim need 2000+ descriptors in MailShim and in Dovecot.
ulimit -n "$(ulimit -Hn)" || true

echo "== benchmark" >&2
exec build/bench/tests/bench/mailshim-bench "$@"
