#!/usr/bin/env bash
# Fuzz campaign (issue 14): run every harness of tests/fuzz.rs for
# SECONDS each (default 600) under `nice`, at most JOBS at once (default:
# all), keeping new inputs in fuzz/corpus/<harness>/ (at most 50 per run)
# and panicking inputs in fuzz/crashes/<harness>/. Prints executions per
# harness. The harness binary is built once at the start and run
# directly, so editing the sources during a campaign changes nothing.
#
#   fuzz/run.sh [-j JOBS] [SECONDS] [HARNESS...]
#   fuzz/run.sh 60 tbx tmx          # two harnesses, one minute each
#   fuzz/run.sh -j 2 660            # all, 11 minutes each, two at a time
#
# Harnesses: tbx tmx csv tsv native lsp web. The seed is GLOSSA_FUZZ_SEED
# (default: the current time, so each run explores new inputs; CI's
# short pass in `cargo test` uses a fixed seed).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=0
if [ "${1:-}" = -j ]; then
    jobs=$2
    shift 2
fi
secs=${1:-600}
shift || true
all=(tbx_reader tmx_reader csv_reader tsv_reader native_reader lsp_message_loop web_api_json_bodies)
if [ $# -gt 0 ]; then
    sel=()
    for h in "$@"; do
        for a in "${all[@]}"; do [[ $a == "$h"* ]] && sel+=("$a"); done
    done
else
    sel=("${all[@]}")
fi
[ "$jobs" -gt 0 ] || jobs=${#sel[@]}
bin=$(cargo test --release --test fuzz --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json, sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "fuzz":
        print(m["executable"])')
[ -x "$bin" ] || { cargo test --release --test fuzz --no-run; exit 1; }
report=$(mktemp)
export GLOSSA_FUZZ_SECS=$secs GLOSSA_FUZZ_SAVE=1 GLOSSA_FUZZ_REPORT=$report
export GLOSSA_FUZZ_SEED=${GLOSSA_FUZZ_SEED:-$(date +%s)}
echo "seed $GLOSSA_FUZZ_SEED, ${secs}s per harness, $jobs at a time: ${sel[*]}"
fail=0
declare -A running=()
# Waits for one running harness to end and reports it.
reap() {
    local pid
    wait -n -p pid "${!running[@]}" && rc=0 || rc=$?
    local h=${running[$pid]}
    unset "running[$pid]"
    echo "$(date +%T) fuzz_$h done (exit $rc)"
    if [ "$rc" -ne 0 ]; then
        fail=1
        echo "== fuzz_$h FAILED"
        tail -20 "$report.$h"
    fi
}
for h in "${sel[@]}"; do
    while [ "${#running[@]}" -ge "$jobs" ]; do reap; done
    echo "$(date +%T) fuzz_$h started"
    nice "$bin" "fuzz_$h" --exact --quiet >"$report.$h" 2>&1 &
    running[$!]=$h
done
while [ "${#running[@]}" -gt 0 ]; do reap; done
sort "$report"
rm -f "$report" "$report".*
ls fuzz/crashes 2>/dev/null && echo "crashing inputs kept in fuzz/crashes/" || true
exit $fail
