#!/usr/bin/env bash
# Instructions mailshim-service spends per small RETR or per session, counted by callgrind (repeatable on a busy
# machine, unlike time).
# Usage: tests/bench/callgrind-cost.sh message|session|smtp-message|smtp-large [MODE] [SERVICE]   (needs root, like
#        run.sh; build the preset bench first)
#   message   two runs of only the 1000 x 4 KiB RETRs through MailShim (--runs 1 and --runs 3, each after the same
#             warm-up and login); the difference over the 2000 extra messages is the cost of one message
#   session   two runs of only the sequential sessions (connect, login, STAT, QUIT; 50 and 150); the difference
#             over the 100 extra sessions is the cost of one session
#   smtp-message  SMTP: two runs of only the 200 x 4 KiB messages through MailShim (--runs 1 and 3); per message
#   smtp-large    SMTP: two runs of only the 30 MiB message (--runs 1 and 3); per 30 MiB message
#   MODE      tls, stls, apop or apop+tls (default apop); SMTP: tls or starttls
#   SERVICE   the mailshim-service binary to profile (default: the bench build's), e.g. an older build to compare
# Start-up cancels out in the difference. Prints the figure and the functions it is spent in (self cost, per unit).
set -euo pipefail
cd "$(dirname "$0")/../.."
unit=${1:-}
mode=${2:-apop}
service=$(realpath "${3:-build/bench/app/mailshim-service}")
bench=build/bench/tests/bench/mailshim-bench
case $unit in
  message) small=1 large=3 extra=2000 args=(--parts throughput --figures small) ;;
  session) small=50 large=150 extra=100 args=(--parts sessions --runs 1) ;;
  smtp-message) small=1 large=3 extra=400 args=(--parts smtp --figures small) ;;
  smtp-large) small=1 large=3 extra=2 args=(--parts smtp --figures large) ;;
  *) echo "usage: $0 message|session|smtp-message|smtp-large [MODE] [SERVICE]" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/wrapper.sh" <<WRAPPER
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file=$work/callgrind.\$COUNT.%p "$service" "\$@"
WRAPPER
chmod +x "$work/wrapper.sh"
ulimit -n "$(ulimit -Hn)" || true
for count in "$small" "$large"; do
  if [[ $unit != session ]]; then sized=(--runs "$count"); else sized=(--sessions "$count"); fi
  COUNT=$count "$bench" "${args[@]}" "${sized[@]}" --modes "$mode" --vias MailShim --service "$work/wrapper.sh" \
    >/dev/null 2>"$work/bench.log" || { cat "$work/bench.log" >&2; exit 1; }
done

python3 - "$work" "$small" "$large" "$extra" "$unit" <<'PYTHON'
import glob, re, subprocess, sys
work, small, large, extra, unit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
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
low, a = costs(f'{work}/callgrind.{small}.*')
high, b = costs(f'{work}/callgrind.{large}.*')
print(f'instructions per {unit}: {(high - low) / extra:.0f}')
for name in sorted(b, key=lambda k: a.get(k, 0) - b[k])[:15]:
    print(f'{(b[name] - a.get(name, 0)) / extra:10.0f}  {name[:120]}')
PYTHON
