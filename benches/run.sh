#!/usr/bin/env bash
# The speed yardstick (issue 13): chuanhoa against the hand-written `limit` of
# ../shared/bench/yardstick on the WORKLOAD.md roster, same rules (benches/workload.rules), same
# summary. For each roster size: wall time (median of 3 interleaved runs), rows/s, peak memory
# (max RSS) and the ratio to `limit FILE 2`, for --summary-only, jsonl -o (into a file, and into
# /dev/null: the engine without this machine's file writing), json -o, table -o (and xlsx -o at
# 1,000,000 rows); then `check rules/`.
#   benches/run.sh [ROWS…]          (default 100000 1000000; YARDSTICK=path/to/yardstick)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
yard=${YARDSTICK:-../shared/bench/yardstick}
(cd "$yard" && cargo build --release -q)
cargo build --release -q
tmp=${TMPDIR:-/tmp}
bin=./target/release/chuanhoa
audit=(audit --rules benches/workload.rules --as-of 2025-12-31 --lang en)

# one run: prints "seconds peak_kb"
run_once() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
median() { sort -n | sed -n 2p; }

printf '%-10s %-14s %8s %12s %9s %8s %9s\n' rows run seconds rows/s peak_MB "×limit" "×limit_MB"
for rows in "${sizes[@]}"; do
  roster=$tmp/chuanhoa-bench-$rows.csv
  [ -s "$roster" ] || "$yard/target/release/gen_roster" "$rows" "$roster"
  names=(limit summary-only jsonl jsonl-devnull json table)
  cmds=("$yard/target/release/limit $roster 2"
        "$bin ${audit[*]} $roster --summary-only --format json"
        "$bin ${audit[*]} $roster --format jsonl -o $tmp/bench.jsonl"
        "$bin ${audit[*]} $roster --format jsonl -o /dev/null"
        "$bin ${audit[*]} $roster --format json -o $tmp/bench.json"
        "$bin ${audit[*]} $roster --format table -o $tmp/bench.txt")
  if [ "$rows" -eq 1000000 ]; then
    names+=(xlsx)
    cmds+=("$bin ${audit[*]} $roster --format xlsx -o $tmp/bench.xlsx")
  fi
  declare -A times=() mems=()
  # interleaved: round r runs every command once
  for round in 1 2 3; do
    for i in "${!cmds[@]}"; do
      read -r t m < <(run_once ${cmds[$i]} || true)
      times[$i]+="$t"$'\n'
      mems[$i]+="$m"$'\n'
    done
  done
  lt=$(printf '%s' "${times[0]}" | median)
  lm=$(printf '%s' "${mems[0]}" | median)
  for i in "${!cmds[@]}"; do
    t=$(printf '%s' "${times[$i]}" | median)
    m=$(printf '%s' "${mems[$i]}" | sort -n | tail -1)
    awk -v r="$rows" -v n="${names[$i]}" -v t="$t" -v m="$m" -v lt="$lt" -v lm="$lm" 'BEGIN {
      printf "%-10d %-14s %8.2f %12.0f %9.1f %8.1f %9.1f\n", r, n, t, r / t, m / 1024, t / lt, m / lm }'
  done
  unset times mems
done
# the shipped rules, checked (parse, check, warnings)
t=$(for _ in 1 2 3; do run_once "$bin" check rules/ rules/targets | cut -d' ' -f1; done | median)
echo "check rules/ rules/targets: ${t} s"
