#!/usr/bin/env bash
# Load benchmark for `glossa serve` (issue 7).
#
#   benchmarks/web_load.sh [DURATION_SECONDS]      (default 15)
#
# Builds the release binary, serves the shipped glossary plus a synthetic
# 100k-term one (from examples/generate.rs when it builds, else a small
# generator below), drives GET /api/lookup from 32 concurrent connections
# on loopback with wrk (Debian package `wrk`), cycling through misspelt,
# accent-less and plural queries, twice: flat out (the most requests/s the
# server gives, latency then is mostly queueing) and paced at ~500
# requests/s (each connection waits before its next request: the target
# load), and prints one table: requests/s, latency p50/p90/p99 beside the
# targets, the CLI's `glossa lookup` time for the same queries, and the
# lookup page's weight. The machine's load average is printed too: wrk,
# the server and anything else running share the same cores.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-15}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)"; exit 2; }
cargo build --release --quiet
cargo build --release --quiet --example generate || true
BIN=$PWD/target/release/glossa
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

mkdir -p "$WORK/glossary"
if [ -d glossary ]; then cp glossary/*.csv "$WORK/glossary/"; fi
SYN="$WORK/synthetic.csv"
GENERATE=$PWD/target/release/examples/generate
if [ -x "$GENERATE" ] && "$GENERATE" --terms 100000 -o "$SYN" >/dev/null 2>&1; then
  GEN="examples/generate.rs"
else
  GEN="benchmarks/web_load.sh's own generator"
  python3 - "$SYN" <<'PY'
import random, sys, csv
random.seed(7)
heads = ["centre", "grappe", "modèle", "puce", "fonds", "réseau", "algorithme",
  "marché", "serveur", "processeur", "laboratoire", "logiciel", "entreprise",
  "donnée", "calcul", "système", "infrastructure", "capital", "plateforme", "outil"]
en_heads = ["centre", "cluster", "model", "chip", "fund", "network", "algorithm",
  "market", "server", "processor", "lab", "software", "company", "data",
  "compute", "system", "infrastructure", "capital", "platform", "tool"]
adjs = ["quantitatif", "spéculatif", "numérique", "génératif", "financier",
  "neuronal", "ouvert", "économe", "international", "chinois", "américain",
  "rapide", "distribué", "massif", "efficace", "logistique", "public", "privé"]
en_adjs = ["quantitative", "speculative", "digital", "generative", "financial",
  "neural", "open", "efficient", "international", "Chinese", "American",
  "fast", "distributed", "massive", "effective", "logistic", "public", "private"]
w = csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n")
w.writerow(["id", "lang", "term"])
seen = set()
n = 0
while n < 50000:
    h = random.randrange(len(heads)); a = random.randrange(len(adjs))
    h2 = random.randrange(len(heads)); k = random.randrange(100000)
    fr = f"{heads[h]} {adjs[a]} de {heads[h2]} {k}"
    en = f"{en_adjs[a]} {en_heads[h2]} {en_heads[h]} {k}"
    if fr in seen: continue
    seen.add(fr); n += 1
    w.writerow([f"s{n}", "fr", fr]); w.writerow([f"s{n}", "en", en])
PY
fi
TERMS=$(($(wc -l < "$SYN") - 1))  # data rows, one per term

# Queries: misspelt, accent-less and plural forms of real terms.
QUERIES=(puse "centre de donnees" "fond spéculatifs" "grape de centres de données"
  "hedge fonds" "chips" "modele de langage" "puces d'IA" "data centre" "levee de fonds")

export NO_COLOR=1
"$BIN" -g "$WORK/glossary" -g "$SYN" serve --port 0 > "$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q http "$WORK/serve.log" && break; sleep 0.1; done
ADDR=$(sed -n 's#.*http://\([^/]*\)/.*#\1#p' "$WORK/serve.log" | head -1)
[ -n "$ADDR" ] || { cat "$WORK/serve.log"; exit 2; }
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$1"; }
# First request builds or loads the index; not part of the measurement.
FIRST_MS=$( { /usr/bin/time -f %e curl -s -o "$WORK/first.json" -w '%{http_code}' \
  "http://$ADDR/api/lookup?q=$(enc puse)" > "$WORK/first.code"; } 2>&1 )
CODE=$(cat "$WORK/first.code")
if [ "$CODE" != 200 ]; then
  echo "GET /api/lookup answered $CODE: $(cat "$WORK/first.json")"
fi

LUA="$WORK/queries.lua"
{
  echo "local paths = {"
  for q in "${QUERIES[@]}"; do echo "  \"/api/lookup?q=$(enc "$q")\","; done
  echo "}"
  cat <<'LUA'
local i = 0
local pace = tonumber(os.getenv("WRK_DELAY_MS") or "0")
if pace > 0 then
  delay = function() return pace end
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50=%.2f p90=%.2f p99=%.2f max=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
LUA
} > "$LUA"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
wrk -t2 -c32 -d"${DUR}s" --latency -s "$LUA" "http://$ADDR" > "$WORK/wrk.txt" 2>&1 || true
# 32 connections each waiting 62 ms (+ the response time) between
# requests: about 500 requests/s.
WRK_DELAY_MS=62 wrk -t2 -c32 -d"${DUR}s" --latency -s "$LUA" "http://$ADDR" > "$WORK/wrk500.txt" 2>&1 || true
RES=$(grep RESULT "$WORK/wrk.txt" || echo "RESULT rps=? p50=? p90=? p99=? max=? errors=?")
RES500=$(grep RESULT "$WORK/wrk500.txt" || echo "RESULT rps=? p50=? p90=? p99=? max=? errors=?")
val() { echo "$RES" | sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
val5() { echo "$RES500" | sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

# Page weight: the lookup page with its script and stylesheet.
PAGE=$(curl -s "http://$ADDR/" | wc -c)
JS=$(curl -s "http://$ADDR/assets/app.js" | wc -c)
CSS=$(curl -s "http://$ADDR/assets/app.css" | wc -c)
kill "$SERVER"; SERVER=""

# The CLI on the same glossaries and queries (whole process, warm cache).
CLI="n/a"
if "$BIN" -g "$WORK/glossary" -g "$SYN" lookup puse >/dev/null 2>&1; then
  CLI=$(python3 - "$BIN" "$WORK/glossary" "$SYN" "${QUERIES[@]}" <<'PY'
import subprocess, sys, time
binary, g1, g2, *qs = sys.argv[1:]
times = []
for _ in range(3):
    for q in qs:
        t = time.perf_counter()
        subprocess.run([binary, "-g", g1, "-g", g2, "lookup", q],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"{times[len(times)//2]:.1f} ms p50, {times[-1]:.1f} ms max")
PY
)
fi

echo
echo "glossa serve /api/lookup — synthetic termbase of $TERMS term rows ($GEN) + shipped glossary"
echo "wrk -t2 -c32 -d${DUR}s on loopback, ${#QUERIES[@]} rotating queries, $(nproc) cores, load average before: $LOAD_BEFORE"
printf '%-34s %-14s %-14s %s\n' "measure" "flat out" "paced ~500/s" "target"
printf '%-34s %-14s %-14s %s\n' "requests/s" "$(val rps)" "$(val5 rps)" ">= 500"
printf '%-34s %-14s %-14s %s\n' "latency p50 (ms)" "$(val p50)" "$(val5 p50)" ""
printf '%-34s %-14s %-14s %s\n' "latency p90 (ms)" "$(val p90)" "$(val5 p90)" ""
printf '%-34s %-14s %-14s %s\n' "latency p99 (ms)" "$(val p99)" "$(val5 p99)" "<= 20 at 500/s"
printf '%-34s %-14s %-14s %s\n' "latency max (ms)" "$(val max)" "$(val5 max)" ""
printf '%-34s %-14s %-14s %s\n' "errors / non-2xx" "$(val errors)" "$(val5 errors)" "0"
printf '%-34s %-16s %s\n' "first lookup (index load/build, s)" "$FIRST_MS" ""
printf '%-34s %-16s %s\n' "CLI glossa lookup (whole process)" "$CLI" ""
printf '%-34s %-16s %s\n' "lookup page weight (bytes)" "$((PAGE + JS + CSS)) (html $PAGE, js $JS, css $CSS)" "<= 102400"
grep -E "Non-2xx|Socket errors" "$WORK/wrk.txt" || true
