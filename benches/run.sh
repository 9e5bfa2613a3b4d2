#!/usr/bin/env bash
# The speed yardstick (issue 13): chuanhoa against the hand-written `limit` of
# ../shared/bench/yardstick on the WORKLOAD.md roster, same rules (benches/workload.rules), same
# summary. Prints seconds, rows/s and the ratio to `limit`, median of 3 runs each.
#   benches/run.sh [ROWS]          (default 1000000; YARDSTICK=path/to/yardstick)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
yard=${YARDSTICK:-../shared/bench/yardstick}
(cd "$yard" && cargo build --release -q)
cargo build --release -q
roster=${TMPDIR:-/tmp}/chuanhoa-bench-$rows.csv
[ -s "$roster" ] || "$yard/target/release/gen_roster" "$rows" "$roster"
median() { sort -n | sed -n 2p; }
time_of() {
  for _ in 1 2 3; do
    /usr/bin/env time -f %e "$@" >/dev/null 2>>"$roster.time" || true
    tail -1 "$roster.time"
  done | median
}
: >"$roster.time"
limit=$(time_of "$yard/target/release/limit" "$roster" 2)
for format in table json; do
  t=$(time_of ./target/release/chuanhoa audit "$roster" --rules benches/workload.rules \
        --as-of 2025-12-31 --lang en --format "$format" -o "$roster.$format")
  awk -v f="$format" -v t="$t" -v l="$limit" -v n="$rows" \
    'BEGIN { printf "chuanhoa %-5s %6.2f s  %9.0f rows/s  %5.1f× limit (%.2f s)\n", f, t, n / t, t / l, l }'
done
rm -f "$roster.time"
