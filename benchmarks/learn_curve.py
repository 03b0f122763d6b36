#!/usr/bin/env python3
"""Learning curve (issue 13 item 3): import N aligned sentence pairs into
a fresh TM, then score term alignment (top-1, no glossary) on held-back
dev articles with that TM's learned associations as evidence.

    python3 benchmarks/learn_curve.py            # N = 0, 1k, 10k, 100k
    NS=0,1000 python3 benchmarks/learn_curve.py  # other sizes
    GLOSSA=path/to/glossa PEER=path/to/older/glossa ...

Training pairs (benchmarks/learn_data.py): the gold sentence pairs of the
dev articles with an even index in sorted order, data/sample/deepseek and
the fr-en TMX sample; the articles with an odd index are held back and
never imported. Sizes beyond the real pairs are made by concatenating 2-3
random real pairs: no new vocabulary, so the curve measures how the
evidence grows with repetition and mixing, not with new text.

Also prints the wall and CPU time of each import (learning included), the
units imported per second and, with PEER set to a glossa without learning,
the same import by it.
"""
import os, re, resource, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import learn_data as data

ROOT = data.ROOT
GLOSSA = os.path.abspath(os.environ.get("GLOSSA", os.path.join(ROOT, "target/release/glossa")))
PEER = os.environ.get("PEER")
EVAL = os.environ.get("EVAL") or next(
    (p for p in [os.path.join(ROOT, "..", "shared", "eval", "align_eval.py"),
                 "/work/shared/eval/align_eval.py"] if os.path.exists(p)), None)
NS = [int(x) for x in os.environ.get("NS", "0,1000,10000,100000").split(",")]


def top1(tm, folders, scratch):
    gold = ok = 0
    env = dict(os.environ, GLOSSA_GLOSSARY=scratch)
    for f in folders:
        extra = "--no-glossary " + (f"--tm {tm}" if tm else "--no-memory")
        p = subprocess.run(["python3", EVAL, f, "--cmd", GLOSSA, f"--extra={extra}"],
                           capture_output=True, text=True, env=env)
        line = next((l for l in p.stdout.splitlines() if l.startswith("terms:")), None)
        if line is None:
            sys.exit(f"align_eval failed on {f}:\n{p.stdout}\n{p.stderr}")
        gold += int(re.search(r"\bgold=(\d+)", line).group(1))
        ok += int(re.search(r"\bcorrect_top1=(\d+)", line).group(1))
    return ok, gold


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed_import(glossa, tm, tmx):
    """Wall and CPU seconds of one `tm import` (learning included)."""
    t, c = time.perf_counter(), child_cpu()
    subprocess.run([glossa, "--tm", tm, "tm", "import", tmx], check=True,
                   capture_output=True)
    return time.perf_counter() - t, child_cpu() - c


def main():
    if not EVAL:
        sys.exit("align_eval.py not found (set EVAL)")
    folders = data.dev_folders()
    train, held = folders[0::2], folders[1::2]
    base = data.base_pairs(train)
    print(f"training pairs: {len(base)} real (gold beads of {len(train)} dev articles, "
          f"data/sample/deepseek, fr-en TMX sample); held back: {len(held)} articles")
    print(f"{'N':>7} {'top1':>12} {'import s':>9} {'cpu s':>7} {'pairs/s':>8} {'peer s':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = os.path.join(tmp, "glossary")
        os.makedirs(scratch)
        for n in NS:
            tm, secs, cpu, peer = None, 0.0, 0.0, None
            if n > 0:
                tmx = os.path.join(tmp, f"train{n}.tmx")
                data.write_tmx(data.corpus(base, n), tmx)
                tm = os.path.join(tmp, f"tm{n}.sqlite")
                secs, cpu = timed_import(GLOSSA, tm, tmx)
                if PEER:
                    peer = timed_import(PEER, os.path.join(tmp, f"peer{n}.sqlite"), tmx)[0]
            ok, gold = top1(tm, held, scratch)
            ps = f"{peer:7.2f}" if peer is not None else "      -"
            rate = f"{n / secs:8.0f}" if secs else "       -"
            print(f"{n:>7} {ok:4d}/{gold:<3d} {ok/gold:.3f} {secs:9.2f} {cpu:7.2f} {rate} {ps}",
                  flush=True)


main()
