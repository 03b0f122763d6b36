#!/usr/bin/env bash
# Import benchmark (issue 14 item 3): `glossa import` of synthetic OmegaT
# TSV files of 20k, 200k and 1M rows (one French term, one English term
# and a note per row, all distinct) into an empty glossary, then the 1M
# file again into the 1M glossary (every row merged). Prints wall and
# user seconds and peak RSS (/usr/bin/time), then the phases of the 1M
# import (examples/import_phases.rs). Target: 1M rows <= 15 s.
#
#   benchmarks/import_bench.sh
#   GLOSSA=path/to/glossa benchmarks/import_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
OUT=$TARGET/bench-import
mkdir -p "$OUT"
GLOSSA=${GLOSSA:-$TARGET/release/glossa}
cargo build --release -q --bin glossa --example import_phases
for n in 20000 200000 1000000; do
    python3 - "$OUT/$n.tsv" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(f"terme {i} de réseau\tnetwork term {i}\tnote {i % 97}\n")
PY
done
printf '%-28s %8s %8s %10s\n' case wall_s user_s peak_MB
run() {
    local name=$1; shift
    /usr/bin/time -f "%e %U %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/err" \
        || { cat "$OUT/err"; exit 1; }
    read -r wall user kb <"$OUT/time"
    printf '%-28s %8s %8s %10d\n' "$name" "$wall" "$user" $((kb / 1024))
}
for n in 20000 200000 1000000; do
    rm -f "$OUT/g$n.csv"
    run "import $n rows (empty)" "$GLOSSA" -g "$OUT/g$n.csv" import "$OUT/$n.tsv"
done
run "import 1000000 again (merge)" "$GLOSSA" -g "$OUT/g1000000.csv" import "$OUT/1000000.tsv"
echo "phases of the 1M import (library calls):"
"$TARGET/release/examples/import_phases" "$OUT/1000000.tsv"
