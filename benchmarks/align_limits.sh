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
# Also the term stage's hostile shapes: 20 MB one-line articles on both
# sides, one 26 MB sentence with no punctuation (one side, both sides),
# 6,000 sentences of 4 KB of shuffled dev-article words on both sides,
# and inputs at the term stage's limits of 1 MiB per side and 2 KiB per
# sentence (500 sentences of 2 KB; the dev articles repeated to 1 MB).
#
#   benchmarks/align_limits.sh            # build release, run
#   GLOSSA=path/to/glossa benchmarks/align_limits.sh
#   ONLY="one sentence" benchmarks/align_limits.sh   # the cases named so
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
import glob, os, random, re, sys
out, s = sys.argv[1], sys.argv[2]
def write(name, text):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        open(path, "w", encoding="utf-8").write(text)
write("ia100k.fr.txt", "IA.\n" * 100_000)
write("ai100k.en.txt", "AI.\n" * 100_000)
def repeat(text, size):
    return text * (size // len(text.encode()) + 1)
rng = random.Random(14)
for lang in ("fr", "en"):
    one = open(os.path.join(s, f"deepseek.{lang}.txt"), encoding="utf-8").read().replace("\n", " ") + " "
    # The sample on one line: 26 MB, and 20 MB (under the 200,000
    # sentences of the sentence aligner on both sides).
    write(f"oneline26mb.{lang}.txt", repeat(one, 26_000_000))
    write(f"oneline20mb.{lang}.txt", repeat(one, 20_000_000))
    # One 26 MB sentence: the sample's words, no punctuation at all.
    words = re.findall(r"\w+", one)
    write(f"nopunct26mb.{lang}.txt", repeat(" ".join(words) + " ", 26_000_000))
    # Many long sentences of many distinct words: the words of every dev
    # article shuffled into 4 KB sentences (many distinct candidates).
    vocab = sorted({w for f in glob.glob(f"data/dev/*/article.{lang}.txt")
                    for w in re.findall(r"\w+", open(f, encoding="utf-8").read())})
    def long_sentences(n, size_max=4000):
        lines = []
        for _ in range(n):
            ws, size = [], 0
            while size < size_max:
                w = rng.choice(vocab)
                ws.append(w)
                size += len(w.encode()) + 1
            lines.append(" ".join(ws) + ".")
        return "\n".join(lines) + "\n"
    write(f"long6000.{lang}.txt", long_sentences(6000))
    # At the term stage's limits (1 MiB per side, 2 KiB per sentence):
    # 1,000 such sentences (cut to 2 KiB each: past the limit), 500
    # sentences of 2 KB, and the dev articles repeated (real prose,
    # paragraphs kept).
    write(f"long1000.{lang}.txt", long_sentences(1000))
    write(f"long500x2k.{lang}.txt", long_sentences(500, 2000))
    prose = "\n\n".join(open(f, encoding="utf-8").read()
                        for f in sorted(glob.glob(f"data/dev/*/article.{lang}.txt")))
    write(f"prose1mb.{lang}.txt", repeat(prose + "\n\n", 1_000_000))
PY
GL="$OUT/glossary"
if [ ! -s "$GL/glossary.csv" ]; then
    mkdir -p "$GL"
    "$GLOSSA" add -g "$GL" --fr "intelligence artificielle" --en "artificial intelligence" > /dev/null
    "$GLOSSA" add -g "$GL" --fr "puce" --en "chip" > /dev/null
fi
# Runs a command under /usr/bin/time -v (8 GB address-space cap so a
# regression fails here instead of swapping the machine, and a time cap
# of $TIMEOUT seconds, default 120: exit 124); prints "wall cpu rss_mb
# status".
measure() {
    local log="$OUT/time.log"
    set +e
    ( ulimit -v 8000000; /usr/bin/time -v timeout "${TIMEOUT:-120}" "$@" > /dev/null 2> "$log" )
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
O=$OUT
for case in "100k lines IA. vs 6-line EN:$O/ia100k.fr.txt:$S/deepseek.en.txt" \
            "6-line FR vs 100k lines AI.:$S/deepseek.fr.txt:$O/ai100k.en.txt" \
            "26 MB one-line FR vs 6-line EN:$O/oneline26mb.fr.txt:$S/deepseek.en.txt" \
            "6-line FR vs 26 MB one-line EN:$S/deepseek.fr.txt:$O/oneline26mb.en.txt" \
            "20 MB one-line FR vs 20 MB one-line EN:$O/oneline20mb.fr.txt:$O/oneline20mb.en.txt" \
            "26 MB one sentence FR vs 6-line EN:$O/nopunct26mb.fr.txt:$S/deepseek.en.txt" \
            "26 MB one sentence, both sides:$O/nopunct26mb.fr.txt:$O/nopunct26mb.en.txt" \
            "6,000 4 KB sentences, both sides:$O/long6000.fr.txt:$O/long6000.en.txt" \
            "1,000 4 KB sentences, both sides:$O/long1000.fr.txt:$O/long1000.en.txt" \
            "500 2 KB sentences, both sides:$O/long500x2k.fr.txt:$O/long500x2k.en.txt" \
            "1 MB dev prose, both sides:$O/prose1mb.fr.txt:$O/prose1mb.en.txt"; do
    IFS=: read -r name fr en <<< "$case"
    [ -n "${ONLY:-}" ] && [[ $name != *"$ONLY"* ]] && continue
    run "$name: align --sentences" align "$fr" "$en" --sentences --format tsv --no-glossary
    run "$name: align (+terms)" align "$fr" "$en" --format tsv --no-glossary
    run "$name: check" check -g "$GL" --source "$fr" --target "$en"
done
