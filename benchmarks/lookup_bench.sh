#!/usr/bin/env bash
# Lookup benchmark (issue 3): one command, one table.
#
#   benchmarks/lookup_bench.sh                 # 10k, 100k and 1M terms
#   SIZES="10000 100000" benchmarks/lookup_bench.sh
#
# For each size: generate a termbase (examples/generate.rs, seed 1), make 1,000
# queries by applying 1–2 random typos, accent losses or plural changes to
# known terms, then measure index build, in-process lookup p50/p99, cold
# whole-process `glossa lookup`, peak memory, and the same queries through
# a naive strsim scan (Rust, same bench binary) and Python rapidfuzz
# `process.extract` (installed into a venv here). Scans are slow, so they
# run on the first SCAN_N queries of each size (see the table).
# Needs: cargo, python3 (venv + pip access to PyPI), /usr/bin/time;
# hyperfine is used when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-10000 100000 1000000}"
OUT="${OUT:-target/bench-lookup}"
VENV="${VENV:-$OUT/venv}"
QUERIES=1000
COLD_N="${COLD_N:-100}"
mkdir -p "$OUT"

scan_n() { # queries for the O(N) scans, by termbase size
  case "$1" in
    10000) echo 1000 ;; 100000) echo 200 ;; *) echo 30 ;;
  esac
}

echo "== building (release)" >&2
cargo build --release --bin glossa >&2
cargo build --release --example generate >&2
cargo bench --bench lookup --no-run >&2
GLOSSA="$PWD/target/release/glossa"
GENERATE="$PWD/target/release/examples/generate"

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV with rapidfuzz" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q rapidfuzz >&2
fi
PY="$VENV/bin/python"

for n in $SIZES; do
  d="$OUT/$n"; mkdir -p "$d"; g="$d/glossary.csv"
  echo "== $n terms" >&2
  [ -f "$g" ] || "$GENERATE" --terms "$n" --seed 1 -o "$g" >&2
  sn=$(scan_n "$n")
  cargo bench -q --bench lookup -- --glossary "$g" --queries "$QUERIES" \
    --scan-queries "$sn" --index "$d/bench.idx" \
    --out-queries "$d/queries.tsv" > "$d/inproc.raw.json"
  # Cache rebuild through the CLI (stale cache), timed and memory-measured.
  rm -rf "$d/.glossa"
  q1=$(head -1 "$d/queries.tsv" | cut -f1)
  s=$(date +%s.%N)
  /usr/bin/time -v "$GLOSSA" --glossary "$g" lookup "$q1" >/dev/null \
    2> "$d/time-rebuild.txt"
  e=$(date +%s.%N)
  rss_rebuild=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$d/time-rebuild.txt")
  # Warm cache: peak memory of a lookup.
  /usr/bin/time -v "$GLOSSA" --glossary "$g" lookup "$q1" >/dev/null \
    2> "$d/time-lookup.txt"
  rss_lookup=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$d/time-lookup.txt")
  "$PY" -c "import json,sys; json.dump({'rss_lookup_kb': $rss_lookup, 'rss_rebuild_kb': $rss_rebuild, 'rebuild_s': $e - $s}, open('$d/mem.json','w'))"
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs 30 --export-json "$d/hf.raw.json" \
      "$GLOSSA --glossary $g lookup '$q1'" >/dev/null 2>&1 || true
    "$PY" -c "import json; r=json.load(open('$d/hf.raw.json'))['results'][0]; json.dump({'hf_mean_ms': r['mean']*1e3, 'hf_median_ms': r['median']*1e3}, open('$d/hyperfine.json','w'))" || true
  fi
  "$PY" benchmarks/lookup_bench.py cold "$GLOSSA" "$g" "$d/queries.tsv" "$COLD_N" "$d/cold.json"
  "$PY" benchmarks/lookup_bench.py rapidfuzz "$g" "$d/queries.tsv" "$sn" "$d/rapidfuzz.json"
  "$PY" benchmarks/lookup_bench.py recall-subset "$d/inproc.raw.json" "$d/queries.tsv" "$sn" "$GLOSSA" "$g" "$d/inproc.json"
done

"$PY" benchmarks/lookup_bench.py table "$OUT" $SIZES
