#!/usr/bin/env bash
# Instructions per small RETR in mailshim-service, counted by callgrind (repeatable on a busy machine, unlike time).
# Usage: tests/bench/callgrind-per-message.sh [MODE] [SERVICE]   (needs root, like run.sh; build the preset bench first)
#   MODE      tls, stls, apop or apop+tls (default apop)
#   SERVICE   the mailshim-service binary to profile (default: the bench build's)
# Two runs of only the 1000 x 4 KiB RETRs through MailShim (--runs 1 and --runs 3, each after the same warm-up and
# login); the difference of their totals over the 2000 extra messages is the cost of one message, start-up and
# logins cancel out. Prints that figure and the functions it is spent in (self cost, per message).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-apop}
service=$(realpath "${2:-build/bench/app/mailshim-service}")
bench=build/bench/tests/bench/mailshim-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/wrapper.sh" <<EOF
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file=$work/callgrind.\$RUNS.%p "$service" "\$@"
EOF
chmod +x "$work/wrapper.sh"
ulimit -n "$(ulimit -Hn)" || true
for runs in 1 3; do
  RUNS=$runs "$bench" --parts throughput --figures small --modes "$mode" --vias MailShim --runs "$runs" \
    --service "$work/wrapper.sh" >/dev/null 2>"$work/bench.log" || { cat "$work/bench.log" >&2; exit 1; }
done

python3 - "$work" <<'EOF'
import glob, re, subprocess, sys
def costs(pattern):
    out = subprocess.run(['callgrind_annotate', '--threshold=100', glob.glob(pattern)[0]],
                         capture_output=True, text=True, check=True).stdout
    table, total = {}, 0
    for line in out.splitlines():
        m = re.match(r'\s*([\d,]+)\s+\([\s\d.]+%\)\s+(.*)$', line)
        if not m:
            continue
        value = int(m.group(1).replace(',', ''))
        if 'PROGRAM TOTALS' in line:
            total = value
        else:
            name = re.sub(r'\s*\[.*\]$', '', m.group(2))
            table[name] = table.get(name, 0) + value
    return total, table
one, a = costs(sys.argv[1] + '/callgrind.1.*')
three, b = costs(sys.argv[1] + '/callgrind.3.*')
print(f'instructions per message: {(three - one) / 2000:.0f}')
for name in sorted(b, key=lambda k: a.get(k, 0) - b[k])[:15]:
    print(f'{(b[name] - a.get(name, 0)) / 2000:8.0f}  {name[:120]}')
EOF
