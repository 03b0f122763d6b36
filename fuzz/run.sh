#!/usr/bin/env bash
# Fuzz campaign (issue 14): run every harness of tests/fuzz.rs for
# SECONDS each (default 600), all at once under `nice`, keeping new
# inputs in fuzz/corpus/<harness>/ (at most 50 per run) and panicking
# inputs in fuzz/crashes/<harness>/. Prints executions per harness.
#
#   fuzz/run.sh [SECONDS] [HARNESS...]     e.g. fuzz/run.sh 60 tbx tmx
#
# Harnesses: tbx tmx csv tsv native xlsx memoq xliff docx lsp web. The seed is GLOSSA_FUZZ_SEED
# (default: the current time, so each run explores new inputs; CI's
# short pass in `cargo test` uses a fixed seed).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
all=(tbx_reader tmx_reader csv_reader tsv_reader native_reader xlsx_reader memoq_reader xliff_reader docx_reader lsp_message_loop web_api_json_bodies)
if [ $# -gt 0 ]; then
    sel=()
    for h in "$@"; do
        for a in "${all[@]}"; do [[ $a == "$h"* ]] && sel+=("$a"); done
    done
else
    sel=("${all[@]}")
fi
cargo test --release --test fuzz --no-run -q 2>/dev/null || cargo test --release --test fuzz --no-run
report=$(mktemp)
export GLOSSA_FUZZ_SECS=$secs GLOSSA_FUZZ_SAVE=1 GLOSSA_FUZZ_REPORT=$report
export GLOSSA_FUZZ_SEED=${GLOSSA_FUZZ_SEED:-$(date +%s)}
echo "seed $GLOSSA_FUZZ_SEED, ${secs}s per harness: ${sel[*]}"
pids=()
fail=0
for h in "${sel[@]}"; do
    nice cargo test --release --test fuzz -q "fuzz_$h" -- --exact >"$report.$h" 2>&1 &
    pids+=($!)
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { fail=1; echo "== fuzz_${sel[$i]} FAILED"; tail -20 "$report.${sel[$i]}"; }
done
sort "$report"
rm -f "$report" "$report".*
ls fuzz/crashes 2>/dev/null && echo "crashing inputs kept in fuzz/crashes/" || true
exit $fail
