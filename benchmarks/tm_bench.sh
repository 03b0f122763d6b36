#!/usr/bin/env bash
# Translation-memory benchmark (issue 6), one command:
#
#   benchmarks/tm_bench.sh [WORKDIR]        (default /tmp/glossa-tm-bench)
#
# Builds glossa and examples/tm_bench.rs in release mode, generates seeded
# synthetic TMX files (TM_BENCH_SMALL=100000 and TM_BENCH_BIG=1000000 units,
# kept in WORKDIR for later runs), then measures and prints one table:
#   - TMX import (parse + SQLite + index) of both sizes, units/s (wall and CPU);
#   - TMX parse alone vs translate-toolkit's tmxfile on the small file;
#   - `tm search` p50/p95 in-process (200 queries) and whole-process cold
#     (a new `glossa tm search` process per query, 30 queries) on both sizes;
#   - translate-toolkit's translate.search.match matcher (with RapidFuzz, its
#     fast path) on the small TM: speed per query and how often it and glossa
#     return the same best match (TM_BENCH_TT_QUERIES=40 queries).
# translate-toolkit + RapidFuzz are installed in a venv on first use
# ($GLOSSA_TM_BENCH_VENV, default ~/.cache/glossa-tm-bench-venv).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/glossa-tm-bench}
small=${TM_BENCH_SMALL:-100000}
big=${TM_BENCH_BIG:-1000000}
ttq=${TM_BENCH_TT_QUERIES:-40}
venv=${GLOSSA_TM_BENCH_VENV:-$HOME/.cache/glossa-tm-bench-venv}

(cd "$root" && cargo build --release --quiet --bin glossa --example tm_bench)
bench=$root/target/release/examples/tm_bench
glossa=$root/target/release/glossa
if ! "$venv/bin/python" -c 'import translate, rapidfuzz' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q translate-toolkit rapidfuzz
fi

mkdir -p "$work"
cd "$work"
for spec in "small $small 1" "big $big 2"; do
  set -- $spec
  [ -s "$1.tmx" ] && [ "$(cat "$1.n" 2>/dev/null)" = "$2" ] || {
    echo "generating $1.tmx ($2 units)" >&2
    "$bench" generate "$2" "$1.tmx" "$3"
    "$bench" queries "$2" "$3" 200 "$1.queries"
    echo "$2" > "$1.n"
  }
done
exec "$venv/bin/python" "$root/benchmarks/tm_bench.py" "$bench" "$glossa" "$work" "$ttq"
