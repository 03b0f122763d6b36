#!/usr/bin/env bash
# Align benchmark (issue 4): a 10,000-sentence article pair built by
# concatenating the sample article 385 times (paragraph order rotated in
# each copy, the same on both sides), aligned end to end — sentences and
# terms — by `glossa align`. Prints a table; hunalign is timed on the
# same input when it is installed (`hunalign` on PATH).
#
#   benchmarks/align_bench.sh            # build release, run
#   GLOSSA=path/to/glossa benchmarks/align_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench-align
mkdir -p "$OUT"
GLOSSA=${GLOSSA:-target/release/glossa}
if [ "$GLOSSA" = target/release/glossa ]; then
    cargo build --release -q
fi
python3 - "$OUT" <<'PY'
import sys, os
out = sys.argv[1]
def paras(p):
    text = open(p, encoding="utf-8").read().strip("\n")
    return [b.strip("\n").split("\n") for b in text.split("\n\n")]
fr = paras("data/sample/deepseek.fr.sent")
en = paras("data/sample/deepseek.en.sent")
assert len(fr) == len(en)
n = len(fr)
fo, eo, nf, ne = [], [], 0, 0
copy = 0
while nf < 10000:
    for k in range(n):
        i = (k + copy) % n
        fo.append("\n".join(fr[i])); eo.append("\n".join(en[i]))
        nf += len(fr[i]); ne += len(en[i])
    copy += 1
open(os.path.join(out, "fr.sent"), "w", encoding="utf-8").write("\n\n".join(fo) + "\n")
open(os.path.join(out, "en.sent"), "w", encoding="utf-8").write("\n\n".join(eo) + "\n")
# hunalign wants one sentence per line, no blank lines, tokenised words.
for side, src in (("fr", fo), ("en", eo)):
    with open(os.path.join(out, side + ".hun"), "w", encoding="utf-8") as f:
        for p in src:
            f.write(p + "\n")
print(f"# input: {nf} French, {ne} English sentences ({copy} copies)")
PY
t() { # "wall cpu" seconds for a command (cpu = user + sys of the child;
       # on a shared, loaded machine wall time overstates the cost)
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
wall = time.perf_counter() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:8.2f} {r.ru_utime + r.ru_stime:8.2f}")
PY
}
printf '%-44s %8s %8s\n' "task" "wall s" "cpu s"
printf '%-44s %8s\n' "glossa align --sentences (10k)" \
    "$(t "$GLOSSA" align "$OUT/fr.sent" "$OUT/en.sent" --segmented --sentences --format tsv --no-glossary)"
printf '%-44s %8s\n' "glossa align, sentences + terms (10k)" \
    "$(t "$GLOSSA" align "$OUT/fr.sent" "$OUT/en.sent" --segmented --format tsv --no-glossary)"
printf '%-44s %8s\n' "glossa extract (10k French)" \
    "$(t "$GLOSSA" extract "$OUT/fr.sent" --segmented --format tsv)"
if command -v hunalign > /dev/null; then
    : > "$OUT/empty.dic"
    printf '%-44s %8s\n' "hunalign (sentences only, no dictionary)" \
        "$(t hunalign "$OUT/empty.dic" "$OUT/fr.hun" "$OUT/en.hun")"
else
    printf '%-44s %8s\n' "hunalign" "n/a (not installed; not in apt here)"
fi
# Accuracy on the concatenated input: every copy should align like the
# gold (beads repeat), so the bead count is a sanity check.
"$GLOSSA" align "$OUT/fr.sent" "$OUT/en.sent" --segmented --sentences \
    --format tsv --no-glossary | awk -F'\t' '
    { n++; if ($1 ~ /,/ || $2 ~ /,/) m++; if ($1 == "" || $2 == "") d++ }
    END { printf "# beads: %d (merges %d, insertions/deletions %d)\n", n, m, d }'
