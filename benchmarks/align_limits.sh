#!/usr/bin/env bash
# Alignment on hostile input (issue 14 item 1): peak memory and time of
# `glossa align` (sentences only, then sentences + terms) and `glossa
# check` on
#   - 100k lines `IA.` (400 KB) against the 6-line English sample, and the
#     English-side-large mirror (100k lines `AI.` against the French);
#   - a 26 MB one-line article (the French sample repeated, no newline)
#     against the English sample, and the mirror.
# Targets: peak RSS <= 1 GB and <= 10 s, or a clear refusal. Prints one
# row per run: wall and cpu seconds, peak RSS (/usr/bin/time -v), exit
# status (check exits 1 when it has findings: not a failure).
#
#   benchmarks/align_limits.sh            # build release, run
#   GLOSSA=path/to/glossa benchmarks/align_limits.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench-limits
mkdir -p "$OUT"
GLOSSA=${GLOSSA:-target/release/glossa}
if [ "$GLOSSA" = target/release/glossa ]; then
    cargo build --release -q
fi
S=data/sample
python3 - "$OUT" "$S" <<'PY'
import os, sys
out, s = sys.argv[1], sys.argv[2]
open(os.path.join(out, "ia100k.fr.txt"), "w").write("IA.\n" * 100_000)
open(os.path.join(out, "ai100k.en.txt"), "w").write("AI.\n" * 100_000)
for lang in ("fr", "en"):
    one = open(os.path.join(s, f"deepseek.{lang}.txt"), encoding="utf-8").read().replace("\n", " ") + " "
    k = 26_000_000 // len(one.encode()) + 1
    open(os.path.join(out, f"oneline26mb.{lang}.txt"), "w", encoding="utf-8").write(one * k)
PY
GL="$OUT/glossary"
if [ ! -s "$GL/glossary.csv" ]; then
    mkdir -p "$GL"
    "$GLOSSA" add -g "$GL" --fr "intelligence artificielle" --en "artificial intelligence" > /dev/null
    "$GLOSSA" add -g "$GL" --fr "puce" --en "chip" > /dev/null
fi
# Runs a command under /usr/bin/time -v (8 GB address-space cap so a
# regression fails here instead of swapping the machine); prints
# "wall cpu rss_mb status".
measure() {
    local log="$OUT/time.log"
    set +e
    ( ulimit -v 8000000; /usr/bin/time -v "$@" > /dev/null 2> "$log" )
    local rc=$?
    set -e
    python3 - "$log" "$rc" <<'PY'
import re, sys
t = open(sys.argv[1], errors="replace").read()
def f(k):
    m = re.search(re.escape(k) + r": (.*)", t)
    return m.group(1).strip() if m else "?"
wall = f("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(x) for x in wall.split(":")] if wall != "?" else [0]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
cpu = float(f("User time (seconds)")) + float(f("System time (seconds)"))
rss = int(f("Maximum resident set size (kbytes)")) / 1024
status = f("Exit status")
err = [l for l in t.splitlines() if l.startswith("glossa: error") or "panicked" in l or "memory allocation" in l]
print(f"{secs:8.2f} {cpu:8.2f} {rss:9.0f} {status:>6} {err[0][:60] if err else ''}")
PY
}
printf '%-52s %8s %8s %9s %6s\n' "run" "wall s" "cpu s" "RSS MB" "exit"
run() { # name, args...
    local name=$1; shift
    printf '%-52s %s\n' "$name" "$(measure "$GLOSSA" "$@")"
}
for case in "100k lines IA. vs 6-line EN:$OUT/ia100k.fr.txt:$S/deepseek.en.txt" \
            "6-line FR vs 100k lines AI.:$S/deepseek.fr.txt:$OUT/ai100k.en.txt" \
            "26 MB one-line FR vs 6-line EN:$OUT/oneline26mb.fr.txt:$S/deepseek.en.txt" \
            "6-line FR vs 26 MB one-line EN:$S/deepseek.fr.txt:$OUT/oneline26mb.en.txt"; do
    IFS=: read -r name fr en <<< "$case"
    run "$name: align --sentences" align "$fr" "$en" --sentences --format tsv --no-glossary
    run "$name: align (+terms)" align "$fr" "$en" --format tsv --no-glossary
    run "$name: check" check -g "$GL" --source "$fr" --target "$en"
done
