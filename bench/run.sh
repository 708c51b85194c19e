#!/usr/bin/env bash
# The whole benchmark from a fresh clone: kimon against DuckDB, polars and
# pandas on the project's own generated register data (1.5 M and 15 M rows).
#
#   bench/run.sh                     # both sizes, 3 runs per tool
#   REPS=5 SIZES="15m" bench/run.sh  # options via environment:
#     REPS         runs per tool and size (median wall time; default 3)
#     SIZES        "1m5 15m" (default both; also "3m")
#     TOOLS        "kimon kimon_parquet duckdb polars pandas" (default all);
#                  kimon_parquet: kimon on the same register converted to
#                  Parquet (bench/to_parquet.py, pyarrow), its published
#                  cells compared byte for byte with kimon's CSV run
#     DATA_ROOT    where DATA_ROOT/<size>/register.csv lives or is generated
#                  (default bench/data; the 15 M file is 716 MB)
#     QUIET_WAIT   seconds to wait for an idle machine before each run (30)
#     NO_BUILD=1   use the existing target/release/kimon (reruns)
#
# Needs: cargo, python3 (3.11) with venv, /usr/bin/time. It builds kimon in
# release mode, generates the data with `kimon gen microdata` (seed 42) if
# missing, sets up bench/.venv from bench/peers/requirements.txt, runs every
# tool REPS times under `/usr/bin/time -v`, checks that every tool's numbers
# agree with kimon's published cells (bench/compare_kimon.py; cells kimon's
# privacy step withheld are counted, not hidden) and that the peers agree
# with each other byte for byte, and prints one table per run. Not part of
# `.ci/run` (too slow); `cargo test` runs a small correctness test instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
reps="${REPS:-3}"
sizes="${SIZES:-1m5 15m}"
tools="${TOOLS:-kimon kimon_parquet duckdb polars pandas}"
data_root="${DATA_ROOT:-$here/data}"
out_root="$here/out/run-$(date +%Y%m%d-%H%M%S)"
py="$here/.venv/bin/python"
kimon="$repo/target/release/kimon"
mkdir -p "$out_root"

if [ "${NO_BUILD:-0}" != 1 ] || [ ! -x "$kimon" ]; then
  echo "== build kimon (release)"
  (cd "$repo" && cargo build --release -p kimon --quiet)
fi

persons_of() { case "$1" in 1m5) echo 150000 ;; 3m) echo 300000 ;; 15m) echo 1500000 ;; *) echo "unknown size $1" >&2; exit 2 ;; esac; }
for size in $sizes; do
  f="$data_root/$size/register.csv"
  if [ ! -s "$f" ]; then
    echo "== generate $f ($(persons_of "$size") persons x 10 years, seed 42)"
    mkdir -p "$data_root/$size"
    "$kimon" gen microdata --persons "$(persons_of "$size")" --seed 42 --out "$f"
  fi
done

need_py=0
for t in $tools; do [ "$t" != kimon ] && need_py=1; done
if [ "$need_py" = 1 ] && ! "$py" -c 'import duckdb, polars, pandas, pyarrow' 2>/dev/null; then
  echo "== set up bench/.venv (PyPI: bench/peers/requirements.txt)"
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet -r "$here/peers/requirements.txt"
fi

# The Parquet twin of each register (pyarrow: snappy, dictionaries, 1 Mi
# rows per row group) and the bench rulebook reading it.
case " $tools " in *" kimon_parquet "*)
  for size in $sizes; do
    pq_file="$data_root/$size/parquet/register.parquet"
    if [ ! -s "$pq_file" ] || [ "$pq_file" -ot "$data_root/$size/register.csv" ]; then
      echo "== convert $data_root/$size/register.csv to Parquet"
      mkdir -p "$data_root/$size/parquet"
      "$py" "$here/to_parquet.py" --input "$data_root/$size/register.csv" --out "$pq_file"
    fi
  done
  sed 's/file "register.csv"/file "register.parquet"/' "$here/bench.kimon" > "$out_root/bench_parquet.kimon"
  grep -q 'file "register.parquet"' "$out_root/bench_parquet.kimon" ;;
esac

idle_pct() { # idle share of all cores over 2 seconds
  local a b
  a=($(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)); sleep 2
  b=($(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat))
  echo $(( 100 * (b[1] - a[1]) / (b[0] - a[0] + b[1] - a[1] + 1) ))
}
wait_quiet() {
  local deadline=$((SECONDS + ${QUIET_WAIT:-30}))
  while [ "$(idle_pct)" -lt 90 ] && [ $SECONDS -lt $deadline ]; do sleep 3; done
}
wall_of() { awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }'; }
rss_of() { awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$1"; }
cpu_of() { awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f\n", s}' "$1"; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# run TOOL SIZE DATA_DIR OUT_DIR: one timed run, writes OUT_DIR.time/.log
run_tool() {
  local tool="$1" dir="$3" out="$4"
  local cmd
  case "$tool" in
    kimon) cmd=("$kimon" bench-tables "$here/bench.kimon" --data-dir "$dir" --allow-path "$(cd "$dir" && pwd -P)" --allow-path "$(dirname "$(readlink -f "$dir/register.csv")")" --out "$out" -q) ;;
    kimon_parquet) cmd=("$kimon" bench-tables "$out_root/bench_parquet.kimon" --data-dir "$dir/parquet" --allow-path "$(cd "$dir/parquet" && pwd -P)" --out "$out" -q) ;;
    kimon_rhai) cmd=("$kimon" bench-tables "$here/bench_rhai.kimon" --data-dir "$dir" --allow-path "$(cd "$dir" && pwd -P)" --allow-path "$(dirname "$(readlink -f "$dir/register.csv")")" --out "$out" -q) ;;
    *) cmd=("$py" "$here/peers/run_$tool.py" --input "$dir/register.csv" --out "$out") ;;
  esac
  /usr/bin/time -v -o "$out.time" "${cmd[@]}" 2> "$out.log"
}

report="$out_root/report.txt"
status=0
for size in $sizes; do
  dir="$data_root/$size"
  file="$dir/register.csv"
  bytes="$(stat -L -c %s "$file")"
  rows="$(($(wc -l < "$file") - 1))"
  res="$out_root/$size"
  mkdir -p "$res"
  echo "== $size: $rows rows, $bytes bytes; $reps runs per tool (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  for tool in $tools kimon_rhai; do
    case " $tools " in *" kimon "*) ;; *) [ "$tool" = kimon_rhai ] && continue ;; esac
    n="$reps"; [ "$tool" = kimon_rhai ] && n=1
    for i in $(seq 1 "$n"); do
      wait_quiet
      run_tool "$tool" "$size" "$dir" "$res/$tool-$i" || { echo "$tool run $i failed:"; cat "$res/$tool-$i.log"; status=1; }
      printf '  %-10s run %d: %6.2f s  %5s MB\n' "$tool" "$i" "$(wall_of "$res/$tool-$i.time")" "$(rss_of "$res/$tool-$i.time")"
    done
  done
  # Privacy (suppression + audit) measured once more on its own.
  if [ -x "$kimon" ] && case " $tools " in *" kimon "*) true ;; *) false ;; esac; then
    "$kimon" bench-tables "$here/bench.kimon" --data-dir "$dir" --allow-path "$(cd "$dir" && pwd -P)" --allow-path "$(dirname "$(readlink -f "$file")")" --out "$res/kimon-privacy" -q --time-privacy 2> "$res/kimon-privacy.log" || status=1
  fi
  echo "== $size: correctness"
  for tool in $tools; do
    case "$tool" in kimon | kimon_parquet) continue ;; esac
    python3 "$here/compare_kimon.py" "$res/kimon-1" "$res/$tool-1" | tee -a "$res/compare.txt" || status=1
  done
  first=""
  for tool in $tools; do
    case "$tool" in kimon | kimon_parquet) continue ;; esac
    if [ -z "$first" ]; then first="$tool"; continue; fi
    "$py" "$here/peers/compare.py" "$res/$first-1" "$res/$tool-1" >> "$res/compare.txt" || { echo "peers $first and $tool differ"; status=1; }
  done
  case " $tools " in *" kimon "*)
    cmp -s "$res/kimon-1/tables.csv" "$res/kimon_rhai-1/tables.csv" && cmp -s "$res/kimon-1/gaps.csv" "$res/kimon_rhai-1/gaps.csv" \
      || { echo "kimon native and rhai variants differ"; status=1; } ;;
  esac
  if [[ " $tools " == *" kimon "* && " $tools " == *" kimon_parquet "* ]]; then
    same=1
    for f in tables.csv gaps.csv suppressed.csv; do
      cmp -s "$res/kimon-1/$f" "$res/kimon_parquet-1/$f" || same=0
    done
    if [ "$same" = 1 ]; then
      echo "kimon CSV and Parquet: equal published cells, gaps and withheld cells ($(($(wc -l < "$res/kimon-1/tables.csv") - 1)) cells)" | tee -a "$res/compare.txt"
    else
      echo "kimon CSV and Parquet runs differ"; status=1
    fi
  fi
  {
    echo
    echo "== $size: $rows rows, $(awk -v b="$bytes" 'BEGIN {printf "%.0f", b / 1e6}') MB (median of $reps runs; rhai variant 1 run)"
    kmed=""
    [ -f "$res/kimon-1.time" ] && kmed="$(for t in "$res"/kimon-[0-9]*.time; do wall_of "$t"; done | median)"
    printf '%-11s %8s %11s %10s %8s %10s %7s\n' tool wall_s kimon/tool max_rss_MB MB/s Mrows/s cpu_s
    for tool in $tools kimon_rhai; do
      ls "$res/$tool"-[0-9]*.time > /dev/null 2>&1 || continue
      med="$(for t in "$res/$tool"-[0-9]*.time; do wall_of "$t"; done | median)"
      rss="$(for t in "$res/$tool"-[0-9]*.time; do rss_of "$t"; done | sort -g | tail -1)"
      cpu="$(for t in "$res/$tool"-[0-9]*.time; do cpu_of "$t"; done | median)"
      ratio="-"; [ -n "$kmed" ] && ratio="$(awk -v k="$kmed" -v m="$med" 'BEGIN {printf "%.2f", k / m}')"
      printf '%-11s %8.2f %11s %10s %8.0f %10.2f %7s\n' "$tool" "$med" "$ratio" "$rss" \
        "$(awk -v b="$bytes" -v m="$med" 'BEGIN {print b / 1e6 / m}')" "$(awk -v r="$rows" -v m="$med" 'BEGIN {print r / 1e6 / m}')" "$cpu"
    done
    [ -f "$res/kimon-1.log" ] && echo "kimon (run 1): $(cat "$res/kimon-1.log")"
    if [ -f "$res/kimon_parquet-1.time" ] && [ -n "$kmed" ]; then
      pmed="$(for t in "$res"/kimon_parquet-[0-9]*.time; do wall_of "$t"; done | median)"
      pbytes="$(stat -L -c %s "$dir/parquet/register.parquet")"
      echo "kimon Parquet: file $(awk -v b="$pbytes" 'BEGIN {printf "%.0f", b / 1e6}') MB; wall CSV/Parquet = $(awk -v k="$kmed" -v p="$pmed" 'BEGIN {printf "%.2f", k / p}') (MB/s above: CSV bytes per second)"
      echo "kimon_parquet (run 1): $(cat "$res/kimon_parquet-1.log")"
    fi
    [ -f "$res/kimon-privacy.log" ] && echo "kimon privacy alone: $(grep -o 'privacy=[0-9.]*s' "$res/kimon-privacy.log" || true) (suppression + audit, run a second time)"
    [ -f "$res/compare.txt" ] && grep -E '^(AGREE|DISAGREE)|equal' "$res/compare.txt" | sed 's/^/  /'
  } | tee -a "$report"
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(lscpu | awk -F': *' '/Model name/ {print $2}')" | tee -a "$report"
echo "report: $report"
[ "$status" = 0 ] && echo "all tools agree with kimon's published cells" || echo "PROBLEMS: see above"
exit "$status"
