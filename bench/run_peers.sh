#!/usr/bin/env bash
# Runs the three peers on one register file, each under /usr/bin/time -v,
# then checks that their outputs are byte-identical.
#
#   bench/run_peers.sh INPUT.csv [OUTROOT]     (OUTROOT defaults to bench/out/run)
#   PEERS="duckdb polars" bench/run_peers.sh …   (subset; default all three)
#
# Writes OUTROOT/{duckdb,polars,pandas}/{tables.csv,gaps.csv}, the time
# reports OUTROOT/*.time and the peers' stage timings OUTROOT/*.log, and
# prints: wall clock, max RSS, CPU seconds of the peer, and CPU seconds used
# by *other* processes during the run (a noisy machine skews wall times; on
# a quiet machine other_cpu_s is near 0). Before each run it waits (up to
# QUIET_WAIT seconds, default 300) for the machine to be idle.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
input="$1"
root="${2:-$here/out/run}"
py="$here/.venv/bin/python"
peers="${PEERS:-duckdb polars pandas}"
tck="$(getconf CLK_TCK)"
mkdir -p "$root"

busy_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
idle_pct() { # idle share of all cores over 2 seconds
  local a b
  a=($(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)); sleep 2
  b=($(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat))
  echo $(( 100 * (b[1] - a[1]) / (b[0] - a[0] + b[1] - a[1] + 1) ))
}
wait_quiet() {
  local deadline=$((SECONDS + ${QUIET_WAIT:-300}))
  while [ "$(idle_pct)" -lt 90 ] && [ $SECONDS -lt $deadline ]; do sleep 3; done
}

printf '%-8s %8s %11s %7s %12s\n' peer wall_s max_rss_mb cpu_s other_cpu_s
for peer in $peers; do
  wait_quiet
  before="$(busy_ticks)"
  /usr/bin/time -v -o "$root/$peer.time" "$py" "$here/peers/run_$peer.py" --input "$input" --out "$root/$peer" 2> "$root/$peer.log"
  after="$(busy_ticks)"
  t="$root/$peer.time"
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$t" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')"
  rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$t")"
  cpu="$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$t")"
  other="$(awk -v d="$((after - before))" -v tck="$tck" -v c="$cpu" 'BEGIN {o = d / tck - c; if (o < 0) o = 0; printf "%.1f", o}')"
  printf '%-8s %8.2f %11s %7s %12s\n' "$peer" "$wall" "$rss" "$cpu" "$other"
done
set -- $peers
first="$1"; shift
for peer in "$@"; do
  "$py" "$here/peers/compare.py" "$root/$first" "$root/$peer"
done
