#!/usr/bin/env bash
# Draft-scanner benchmark: `glossa suggest` (French scanner build + scan of
# a text), whole process, for one or two glossa binaries side by side.
#
#   benchmarks/scan_bench.sh                      # target/release/glossa only
#   BEFORE=/tmp/glossa-old benchmarks/scan_bench.sh   # old binary beside the new
#
# Glossaries: the shipped termbase (glossary/) and synthetic ones of 10k and
# 100k terms (examples/generate.rs, seed 1). Text: every French dev article
# (data/dev/*/article.fr.txt and data/sample/deepseek.fr.txt) repeated
# REPEAT times (default 20, about 1 MB). Each cell is the median of RUNS
# (default 5) runs, user+sys CPU seconds, then wall seconds; the machine is
# shared, so CPU time is the steadier figure.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-target/bench-scan}"
REPEAT="${REPEAT:-20}"
RUNS="${RUNS:-5}"
AFTER="${AFTER:-target/release/glossa}"
mkdir -p "$OUT"
cargo build --release --example generate >/dev/null 2>&1
GENERATE="${GENERATE:-target/release/examples/generate}"
text="$OUT/text.fr.txt"
: > "$text"
for i in $(seq "$REPEAT"); do
  cat data/sample/deepseek.fr.txt data/dev/*/article.fr.txt >> "$text"
done
for n in 10000 100000; do
  [ -f "$OUT/g$n.csv" ] || "$GENERATE" --terms "$n" --seed 1 -o "$OUT/g$n.csv" >/dev/null
done
python3 - "$text" "$RUNS" "$OUT" "$AFTER" ${BEFORE:+"$BEFORE"} <<'EOF'
import resource, statistics, subprocess, sys, time
text, runs, out, *bins = sys.argv[1:]
runs = int(runs)
size = len(open(text, "rb").read())
gloss = [("shipped glossary/", "glossary"), ("synthetic 10k terms", f"{out}/g10000.csv"),
         ("synthetic 100k terms", f"{out}/g100000.csv")]
def one(b, g):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([b, "-g", g, "suggest", "--lang", "fr", "--format", "json", text],
                   stdout=subprocess.DEVNULL)  # exit 1 = findings, as grep
    w = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), w
print(f"text: {size / 1e6:.2f} MB of French; median of {runs} runs; CPU s / wall s")
print("| glossary | " + " | ".join(bins) + " |")
print("|---|" + "---|" * len(bins))
for name, g in gloss:
    cells = []
    for b in bins:
        one(b, g)  # warm the page cache
        rs = [one(b, g) for _ in range(runs)]
        cells.append(f"{statistics.median(r[0] for r in rs):.2f} / {statistics.median(r[1] for r in rs):.2f}")
    print(f"| {name} | " + " | ".join(cells) + " |")
EOF
