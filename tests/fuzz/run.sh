#!/usr/bin/env bash
# Builds the fuzz targets (CMake preset "fuzz": clang, libFuzzer, ASan + UBSan) and runs each one for SECONDS from its
# corpus with its dictionary. Fails on any finding: a crash, a sanitizer report, a leak, an input slower than
# TIMEOUT seconds, or a broken invariant (FUZZ_CHECK); the input that found it is saved in build/fuzz/findings/.
#
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]     SECONDS defaults to 60; TARGET: e.g. fuzz_router (default: all)
#   RUNS=N        instead of a time, N executions per target (the long run: RUNS=10000000)
#   JOBS=N        run N targets at once (default 1; CI runs 2 on its 2 cores)
#   TIMEOUT=S     the slowest an input may be (default 10 s)
#   SKIP_BUILD=1  run the targets as they are built (a long run while the source is being edited)
# The committed seeds (tests/fuzz/corpus/<target>, written by tests/fuzz/seeds.py, plus regression-* inputs from
# findings) are read, never written; what the fuzzer learns goes to build/fuzz/corpus/<target> and is kept between
# runs. Each target's last lines (executions, coverage "cov:", time) are printed as a table at the end and kept in
# build/fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

SECONDS_EACH=${1:-60}
shift || true
JOBS=${JOBS:-1}
TIMEOUT=${TIMEOUT:-10}
BUILD=build/fuzz

if [[ -z ${SKIP_BUILD:-} ]]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi

if [[ $# -gt 0 ]]; then
  TARGETS=("$@")
else
  TARGETS=()
  for source in tests/fuzz/fuzz_*.cpp; do TARGETS+=("$(basename "$source" .cpp)"); done
fi

dictionary_for() {
  case "$1" in
    fuzz_linereader | fuzz_responsetracker | fuzz_pop3session) echo tests/fuzz/dict/pop3.dict ;;
    fuzz_apop) echo tests/fuzz/dict/apop.dict ;;
    fuzz_router) echo tests/fuzz/dict/router.dict ;;
    fuzz_configloader) echo tests/fuzz/dict/config.dict ;;
    fuzz_controlprotocol | fuzz_controlchannel) echo tests/fuzz/dict/control.dict ;;
    fuzz_smtpcodec | fuzz_smtpsession) echo tests/fuzz/dict/smtp.dict ;;
    fuzz_oauthresponse) echo tests/fuzz/dict/oauth.dict ;;
    *) echo "no dictionary for $1" >&2; return 1 ;;
  esac
}

# The longest input worth trying: enough for several lines over any cap, a whole login and a few replies, or a config
# file; longer inputs only make every execution slower.
max_len_for() {
  case "$1" in
    fuzz_router) echo 512 ;;
    fuzz_linereader | fuzz_apop) echo 1024 ;;
    fuzz_responsetracker | fuzz_smtpcodec) echo 2048 ;;
    *) echo 4096 ;;
  esac
}

# One target: its own corpus and findings folders, its log. Returns libFuzzer's status.
run_target() {
  local target=$1 limit
  local corpus=$BUILD/corpus/$target findings=$BUILD/findings/$target log=$BUILD/logs/$target.log
  mkdir -p "$corpus" "$findings" "$BUILD/logs"
  if [[ -n ${RUNS:-} ]]; then limit=(-runs="$RUNS"); else limit=(-max_total_time="$SECONDS_EACH"); fi
  # detect_leaks: each input's leaks too; the session targets build and tear down a whole session per input.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$BUILD/tests/fuzz/$target" "${limit[@]}" -timeout="$TIMEOUT" -rss_limit_mb=2048 -max_len="$(max_len_for "$target")" \
    -dict="$(dictionary_for "$target")" -artifact_prefix="$findings/" -print_final_stats=1 \
    "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1
}

declare -A STATUS
pending=("${TARGETS[@]}")
running=()
while [[ ${#pending[@]} -gt 0 || ${#running[@]} -gt 0 ]]; do
  while [[ ${#pending[@]} -gt 0 && ${#running[@]} -lt $JOBS ]]; do
    target=${pending[0]}
    pending=("${pending[@]:1}")
    echo "== $target: ${RUNS:+$RUNS runs}${RUNS:-$SECONDS_EACH s}"
    run_target "$target" &
    running+=("$!:$target")
  done
  # Wait for the first of the running targets to end.
  wait -n || true
  still=()
  for entry in "${running[@]}"; do
    pid=${entry%%:*}
    if kill -0 "$pid" 2>/dev/null; then
      still+=("$entry")
    else
      wait "$pid" && STATUS[${entry#*:}]=0 || STATUS[${entry#*:}]=$?
    fi
  done
  running=("${still[@]+"${still[@]}"}")
done

failed=0
printf '\n%-22s %12s %8s %8s %8s  %s\n' target executions "exec/s" cov ft result
for target in "${TARGETS[@]}"; do
  log=$BUILD/logs/$target.log
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE '(DONE|pulse|NEW|REDUCE|INITED) +cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)
  if [[ ${STATUS[$target]} -eq 0 ]]; then
    result=ok
  else
    result="FINDING (status ${STATUS[$target]}; see $log and $BUILD/findings/$target/)"
    failed=1
  fi
  printf '%-22s %12s %8s %8s %8s  %s\n' "$target" "${executions:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
if [[ $failed -ne 0 ]]; then
  for target in "${TARGETS[@]}"; do
    [[ ${STATUS[$target]} -eq 0 ]] && continue
    echo "---- $target (last 40 lines of $BUILD/logs/$target.log)"
    tail -40 "$BUILD/logs/$target.log"
  done
  exit 1
fi
