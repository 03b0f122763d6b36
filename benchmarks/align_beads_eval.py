#!/usr/bin/env python3
"""Sentence-bead accuracy of `glossa align --sentences` on gold folders.

Usage: benchmarks/align_beads_eval.py [--cmd GLOSSA] [--synthetic] FOLDER...

Each FOLDER has article.fr.sent, article.en.sent and sentences.gold (the
layout of align_eval.py; a folder without sentences.gold is skipped).
Prints, per folder and summed: gold beads, beads found, correct, F1, and
the null beads (1-0 / 0-1) in the gold and in the output.

--synthetic also scores made-up large beads built from the same folders:
for every gold 1-1 run inside a paragraph, the English (then French)
sentences of 3 (then 4) consecutive 1-1 beads are joined into one line,
giving 3-1 / 1-3 / 4-1 / 1-4 beads whose parts are real translations.
This measures whether the aligner finds beads beyond 2-2 where the
evidence is there; it is not real translators' text.
"""
import argparse, os, subprocess, sys, tempfile


def read_sents(path):
    paras = open(path, encoding="utf-8").read().strip("\n").split("\n\n")
    return [[s for s in p.split("\n") if s.strip()] for p in paras]


def read_gold(path):
    beads = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        f = tuple(int(x) for x in parts[0].split(",") if x.strip())
        e = tuple(int(x) for x in parts[1].split(",") if x.strip()) if len(parts) > 1 else ()
        beads.append((f, e))
    return beads


def run(cmd, fr, en):
    p = subprocess.run([cmd, "align", fr, en, "--segmented", "--sentences", "--format", "tsv",
                        "--no-glossary"], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"glossa failed on {fr}: {p.stderr[-500:]}")
    got = set()
    for line in p.stdout.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        f = tuple(sorted(int(x) for x in parts[0].split(",") if x.strip()))
        e = tuple(sorted(int(x) for x in parts[1].split(",") if x.strip())) if len(parts) > 1 else ()
        got.add((f, e))
    return got


def nulls(beads):
    return sum(1 for f, e in beads if not f or not e)


def write(path, paras):
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n\n".join("\n".join(p) for p in paras) + "\n")


def synthetic(fr_paras, en_paras, gold, k, side):
    """Join the `side` sentences of runs of k 1-1 beads within a paragraph."""
    # Paragraph of each sentence (1-based ids).
    def par_of(paras):
        out = {}
        i = 1
        for pi, p in enumerate(paras):
            for _ in p:
                out[i] = pi
                i += 1
        return out
    fpar, epar = par_of(fr_paras), par_of(en_paras)
    fr = [s for p in fr_paras for s in p]
    en = [s for p in en_paras for s in p]
    new_gold, groups, run_ = [], [], []

    def flush():
        while len(run_) >= k:
            groups.append(run_[:k])
            del run_[:k]
        for b in run_:
            groups.append([b])
        run_.clear()
    for f, e in gold:
        if len(f) == 1 and len(e) == 1 and (not run_ or (fpar[f[0]] == fpar[run_[-1][0][0]]
                                                        and epar[e[0]] == epar[run_[-1][1][0]])):
            run_.append((f, e))
        else:
            flush()
            groups.append([(f, e)])
    flush()
    # Rebuild both sides: joined sentences become one; renumber.
    out_fr, out_en, nf, ne = {}, {}, 0, 0
    fmap, emap = {}, {}
    for g in groups:
        joined = len(g) == k and k > 1
        fs = [x for b in g for x in b[0]]
        es = [x for b in g for x in b[1]]
        if joined and side == "en":
            ne += 1
            out_en[ne] = (epar[es[0]], " ".join(en[x - 1] for x in es))
            ids_e = (ne,)
            ids_f = []
            for x in fs:
                nf += 1; out_fr[nf] = (fpar[x], fr[x - 1]); ids_f.append(nf)
            new_gold.append((tuple(ids_f), ids_e))
        elif joined and side == "fr":
            nf += 1
            out_fr[nf] = (fpar[fs[0]], " ".join(fr[x - 1] for x in fs))
            ids_f = (nf,)
            ids_e = []
            for x in es:
                ne += 1; out_en[ne] = (epar[x], en[x - 1]); ids_e.append(ne)
            new_gold.append((ids_f, tuple(ids_e)))
        else:
            for b in g:
                ids_f, ids_e = [], []
                for x in b[0]:
                    nf += 1; out_fr[nf] = (fpar[x], fr[x - 1]); ids_f.append(nf)
                for x in b[1]:
                    ne += 1; out_en[ne] = (epar[x], en[x - 1]); ids_e.append(ne)
                new_gold.append((tuple(ids_f), tuple(ids_e)))

    def paras(d):
        ps = []
        last = None
        for i in sorted(d):
            p, s = d[i]
            if p != last:
                ps.append([])
                last = p
            ps[-1].append(s)
        return ps
    return paras(out_fr), paras(out_en), new_gold


def score(cmd, fr_paras, en_paras, gold):
    with tempfile.TemporaryDirectory() as tmp:
        fr, en = os.path.join(tmp, "fr.sent"), os.path.join(tmp, "en.sent")
        write(fr, fr_paras)
        write(en, en_paras)
        got = run(cmd, fr, en)
    g = set(gold)
    return len(g), len(got), len(g & got), nulls(g), nulls(got)


def line(name, t):
    g, o, c, ng, no = t
    p = c / o if o else 0.0
    r = c / g if g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name:44s} gold={g:4d} got={o:4d} correct={c:4d} f1={f:.3f} null_gold={ng:3d} null_got={no:3d}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--cmd", default="target/release/glossa")
    ap.add_argument("--synthetic", action="store_true")
    a = ap.parse_args()
    tot = {}
    for d in a.folders:
        gp = os.path.join(d, "sentences.gold")
        if not os.path.exists(gp):
            continue
        fr_p = read_sents(os.path.join(d, "article.fr.sent"))
        en_p = read_sents(os.path.join(d, "article.en.sent"))
        gold = read_gold(gp)
        variants = [("real", fr_p, en_p, gold)]
        if a.synthetic:
            for k in (3, 4):
                for side in ("en", "fr"):
                    f2, e2, g2 = synthetic(fr_p, en_p, gold, k, side)
                    name = f"1-{k}" if side == "fr" else f"{k}-1"
                    variants.append((name, f2, e2, g2))
        for name, f, e, g in variants:
            t = score(a.cmd, f, e, g)
            line(f"{os.path.basename(d.rstrip('/'))} [{name}]", t)
            acc = tot.setdefault(name, [0] * 5)
            for i, x in enumerate(t):
                acc[i] += x
    for name, t in tot.items():
        line(f"SUM [{name}]", t)


if __name__ == "__main__":
    main()
