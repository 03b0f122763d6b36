#!/usr/bin/env bash
# Alignment accuracy on the dev set (issue 12): runs align_eval.py --queue
# (no glossary) on every complete folder (one with a DONE file, or any
# folder holding terms.gold.tsv when it has no DONE convention) under ROOT,
# prints one line per folder and a summed (micro-averaged) line:
# beads, term top-1 over gold terms, review-queue precision/recall/F1.
#
#   benchmarks/align_dev_eval.sh [ROOT ...]     # default: data/dev
#   GLOSSA=target/release/glossa EXTRA=--no-glossary benchmarks/align_dev_eval.sh data/dev ../shared/corpus
#   MIN_QUEUE_F1=0.75 MIN_TOP1=0.85 benchmarks/align_dev_eval.sh   # exit 1 below the bars
#   SHOW=1 ...                                   # also print per-term answers and queue misses
#
# ROOT may be a folder of article folders or one article folder.
set -euo pipefail
cd "$(dirname "$0")/.."
GLOSSA=${GLOSSA:-target/release/glossa}
EXTRA=${EXTRA:---no-glossary}
EVAL=${EVAL:-$(cd .. && pwd)/shared/eval/align_eval.py}
[ -f "$EVAL" ] || EVAL=/work/shared/eval/align_eval.py
[ $# -gt 0 ] || set -- data/dev
python3 - "$GLOSSA" "$EXTRA" "$EVAL" "${SHOW:-}" "${MIN_QUEUE_F1:-0}" "${MIN_TOP1:-0}" "$@" <<'PY'
import os, re, subprocess, sys
glossa, extra, ev, show, min_qf1, min_top1 = sys.argv[1:7]
roots = sys.argv[7:]
folders = []
for r in roots:
    if os.path.isfile(os.path.join(r, "terms.gold.tsv")):
        folders.append(r)
        continue
    if not os.path.isdir(r):
        continue
    for d in sorted(os.listdir(r)):
        p = os.path.join(r, d)
        if not os.path.isfile(os.path.join(p, "terms.gold.tsv")):
            continue
        # Helpers building the dev set mark a finished folder with DONE.
        if any(os.path.exists(os.path.join(q, "DONE")) for q in [os.path.join(r, x) for x in os.listdir(r)]) \
                and not os.path.exists(os.path.join(p, "DONE")):
            continue
        folders.append(p)
if not folders:
    sys.exit(f"no article folders under {' '.join(roots)}")
num = lambda s, k: float(re.search(rf"\b{k}=([0-9.]+)", s).group(1))
tot = dict(bg=0, bgot=0, bok=0, tg=0, tok=0, qp=0, qr=0, qmatched=0)
print(f"{'folder':34} {'beadF1':>6} {'top1':>11} {'queue':>5} {'prec':>6} {'rec':>6} {'F1':>6}")
for f in folders:
    args = ["python3", ev, f, "--cmd", glossa, f"--extra={extra}", "--queue"] + (["--show"] if show else [])
    p = subprocess.run(args, capture_output=True, text=True)
    out = p.stdout
    if show:
        print(out)
    b = next(l for l in out.splitlines() if l.startswith("beads:"))
    t = next(l for l in out.splitlines() if l.startswith("terms:"))
    q = next(l for l in out.splitlines() if l.startswith("queue:"))
    bg, bgot, bok = int(num(b, "gold")), int(num(b, "got")), int(num(b, "correct"))
    tg, tok = int(num(t, "gold")), int(num(t, "correct_top1"))
    qn, qright, qprec, qrec = int(num(q, "proposals")), int(num(q, "right")), num(q, "precision"), num(q, "recall")
    matched = round(qrec * tg)
    for k, v in dict(bg=bg, bgot=bgot, bok=bok, tg=tg, tok=tok, qp=qn, qr=qright, qmatched=matched).items():
        tot[k] += v
    bf = 2 * bok / (bg + bgot) if bg + bgot else 0
    qf = 2 * qprec * qrec / (qprec + qrec) if qprec + qrec else 0
    print(f"{os.path.basename(os.path.normpath(f)):34} {bf:6.3f} {tok:4d}/{tg:<3d}{tok/max(tg,1):.2f} {qn:5d} {qprec:6.3f} {qrec:6.3f} {qf:6.3f}")
bf = 2 * tot["bok"] / (tot["bg"] + tot["bgot"]) if tot["bg"] + tot["bgot"] else 0
top1 = tot["tok"] / max(tot["tg"], 1)
qp = tot["qr"] / max(tot["qp"], 1)
qr = tot["qmatched"] / max(tot["tg"], 1)
qf = 2 * qp * qr / (qp + qr) if qp + qr else 0
print(f"{'SUM (' + str(len(folders)) + ' folders)':34} {bf:6.3f} {tot['tok']:4d}/{tot['tg']:<3d}{top1:.2f} {tot['qp']:5d} {qp:6.3f} {qr:6.3f} {qf:6.3f}")
print(f"summed: bead_f1={bf:.3f} top1={top1:.3f} queue_precision={qp:.3f} queue_recall={qr:.3f} queue_f1={qf:.3f}")
if qf < float(min_qf1) or top1 < float(min_top1):
    print(f"FAIL: queue_f1 {qf:.3f} (min {min_qf1}), top1 {top1:.3f} (min {min_top1})")
    sys.exit(1)
PY
