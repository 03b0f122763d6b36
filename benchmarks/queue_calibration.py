#!/usr/bin/env python3
"""Calibration experiment for the review queue (issue 12): can a small
logistic model over the aligner's features rank proposals better than the
hand-set confidence (src/align/queue.rs::confidence)?

For each dev folder it runs `glossa align --format json` (every candidate
with its equivalents and evidence) and `glossa align --add --min-confidence 0`
into a scratch glossary (every proposal the filters let through), labels each
proposal right/wrong with align_eval.py's normalisation, fits a logistic
model (pure Python, L2) with leave-one-article-out validation, and prints the
best summed queue F1 over thresholds for: the shipped confidence, the
held-out model and the model fitted on everything.

    python3 benchmarks/queue_calibration.py [GLOSSA] [ROOT ...]
    # default: target/release/glossa data/dev ../shared/corpus/deepseek
"""
import json, math, os, re, subprocess, sys, tempfile, unicodedata

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
ev = os.path.join(os.path.dirname(repo), "shared", "eval")
sys.path.insert(0, ev if os.path.isdir(ev) else "/work/shared/eval")
from align_eval import norm  # noqa: E402

glossa = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "target/release/glossa")
roots = sys.argv[2:] or [os.path.join(repo, "data/dev"), os.path.join(os.path.dirname(repo), "shared/corpus/deepseek")]
folders = []
for r in roots:
    if os.path.isfile(os.path.join(r, "terms.gold.tsv")):
        folders.append(r)
    elif os.path.isdir(r):
        folders += [os.path.join(r, d) for d in sorted(os.listdir(r)) if os.path.isfile(os.path.join(r, d, "DONE"))]


def fold(s):
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c)).replace("\u2019", "'")


zipf = {}
for line in open(os.path.join(repo, "data/lexicon/fr-words.tsv"), encoding="utf-8"):
    if not line.startswith("#"):
        c = line.rstrip("\n").split("\t")
        zipf[c[0]] = int(c[1]) / 10
FUNC = set("de d' du des la le les l' a à au aux en par avec sur pour et un une".split())


def gold_of(root):
    g, o = {}, {}
    for line in open(os.path.join(root, "terms.gold.tsv"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#") or line.startswith("fr\t"):
            continue
        c = line.split("\t")
        into = o if len(c) > 2 and c[2].strip() == "optional" else g
        into.setdefault(norm(c[0]), set()).update(norm(x) for x in c[1].split("|"))
    return g, o


rows, n_gold = [], 0
for root in folders:
    fr, en = os.path.join(root, "article.fr.sent"), os.path.join(root, "article.en.sent")
    g, o = gold_of(root)
    n_gold += len(g)
    base = [glossa, "align", fr, en, "--segmented", "--no-glossary"]
    cands = {}
    for c in json.loads(subprocess.run(base + ["--format", "json"], capture_output=True, text=True, check=True).stdout):
        for f in c["forms"]:
            cands[f] = c
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GLOSSA_GLOSSARY=tmp)
        subprocess.run(base + ["--add", "--min-confidence", "0"], capture_output=True, env=env, check=True)
        props = json.loads(subprocess.run([glossa, "list", "--format", "json"], capture_output=True, text=True, env=env, check=True).stdout)
    for e in props:
        if e["state"] != "proposed":
            continue
        frs = [t["text"] for t in e["terms"] if t["lang"].startswith("fr")]
        ens = {norm(t["text"]) for t in e["terms"] if t["lang"].startswith("en")}
        hit = [k for k in map(norm, frs) if k in g and g[k] & ens]
        ok = [k for k in map(norm, frs) if k in o and o[k] & ens]
        c = next((cands[f] for f in frs[::-1] if f in cands), None)
        if c is None:
            continue
        conf = float(re.search(r"confidence ([0-9.]+)", e["note"]).group(1))
        rows.append(dict(folder=root, label=int(bool(hit or ok)), gold=hit, conf=conf, c=c))


def feats(r):
    c = r["c"]
    e = c["equivalents"][0]
    pat = c["pattern"].split()
    words = sum(p in ("N", "ADJ", "NAME", "PRE") for p in pat) or 1
    ctoks = [t for t in fold(c["forms"][0]).replace("'", "' ").split() if t not in FUNC]
    z = [zipf.get(t, 2.0) for t in ctoks] or [2.0]
    kinds = [l["kind"] for l in e["evidence"]]
    second = c["equivalents"][1]["score"] if len(c["equivalents"]) > 1 else 0
    freq = c["frequency"]
    return [
        r["conf"], min(e["score"], 1.2), min(e["support"], freq) / max(freq, 1), math.log(1 + freq),
        max(words - 2, 0), float(words == 1),
        max(words - len({fold(l["fr"]) for l in e["evidence"]}), 0) / words,
        sum(k in ("slot", "co-occurrence") for k in kinds) / max(len(kinds), 1),
        abs(len(e["en"].replace("-", " ").split()) - words), min(z) / 7, z[0] / 7,
        float(all(p == "NAME" for p in pat)), float("NAME" in pat), min(e["score"] - second, 0.5),
    ]


X = [feats(r) for r in rows]
Y = [r["label"] for r in rows]


def fit(idx, l2=0.01, it=600, lr=0.3):
    w = [0.0] * (len(X[0]) + 1)
    for _ in range(it):
        g = [0.0] * len(w)
        for i in idx:
            p = 1 / (1 + math.exp(-(w[-1] + sum(a * b for a, b in zip(w, X[i])))))
            for k, x in enumerate(X[i]):
                g[k] += (p - Y[i]) * x
            g[-1] += p - Y[i]
        for k in range(len(w)):
            w[k] -= lr * (g[k] / len(idx) + (l2 * w[k] if k < len(w) - 1 else 0))
    return w


def pred(w, i):
    return 1 / (1 + math.exp(-(w[-1] + sum(a * b for a, b in zip(w, X[i])))))


held = [0.0] * len(rows)
for f in folders:
    w = fit([i for i, r in enumerate(rows) if r["folder"] != f])
    for i, r in enumerate(rows):
        if r["folder"] == f:
            held[i] = pred(w, i)
w = fit(range(len(rows)))
fitted = [pred(w, i) for i in range(len(rows))]


def f1(scores, t):
    sel = [i for i in range(len(rows)) if scores[i] >= t]
    right = sum(Y[i] for i in sel)
    matched = {(rows[i]["folder"], k) for i in sel for k in rows[i]["gold"]}
    p, rc = right / max(len(sel), 1), len(matched) / max(n_gold, 1)
    return (2 * p * rc / (p + rc) if p + rc else 0, t, len(sel), p, rc)


print(f"{len(folders)} folders, {len(rows)} proposals at confidence >= 0 ({sum(Y)} right), {n_gold} gold pairs")
for name, s in [("shipped confidence", [r["conf"] for r in rows]), ("logistic, held-out", held), ("logistic, fitted on all", fitted)]:
    best = max(f1(s, t / 100) for t in range(20, 96))
    print(f"{name:26} best threshold {best[1]:.2f}: {best[2]} proposals P {best[3]:.3f} R {best[4]:.3f} F1 {best[0]:.3f}")
