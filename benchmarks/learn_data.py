#!/usr/bin/env python3
"""Shippable French-English sentence pairs for the learning benchmarks
(issue 13), all from files in this repository:

- the gold sentence alignment (sentences.gold) of the dev articles in
  data/dev/*/ (only the folders asked for: the others are held back);
- data/sample/deepseek.{fr,en}.sent (one sentence per line, line i faces
  line i);
- the French-English units of tests/data/refs/examples/fr-en.tmx.

That is a few hundred real pairs. Larger sets (1k, 10k, 100k) are made
from them by concatenating 2 or 3 random pairs into one unit (both sides
in the same order), so every unit is a true translation but no new
vocabulary appears: the benchmarks say so.

Used by learn_curve.py and translate_eval.py; run alone it writes a TMX:
    python3 benchmarks/learn_data.py N OUT.tmx [FOLDER ...]
"""
import os, random, re, sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def dev_folders():
    d = os.path.join(ROOT, "data", "dev")
    return sorted(os.path.join(d, x) for x in os.listdir(d)
                  if os.path.exists(os.path.join(d, x, "DONE")))


def sentences(path):
    return [l.strip() for l in open(path, encoding="utf-8") if l.strip()]


def gold_pairs(folder):
    fr = sentences(os.path.join(folder, "article.fr.sent"))
    en = sentences(os.path.join(folder, "article.en.sent"))
    out = []
    for line in open(os.path.join(folder, "sentences.gold"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t") + [""]
        f = [int(x) for x in parts[0].split(",") if x.strip()]
        e = [int(x) for x in parts[1].split(",") if x.strip()]
        if f and e:
            out.append((" ".join(fr[i - 1] for i in f), " ".join(en[i - 1] for i in e)))
    return out


def sample_pairs():
    fr = sentences(os.path.join(ROOT, "data/sample/deepseek.fr.sent"))
    en = sentences(os.path.join(ROOT, "data/sample/deepseek.en.sent"))
    return list(zip(fr, en)) if len(fr) == len(en) else []


def tmx_pairs():
    text = open(os.path.join(ROOT, "tests/data/refs/examples/fr-en.tmx"), encoding="utf-8").read()
    out = []
    for tu in re.findall(r"<tu\b.*?</tu>", text, re.S):
        segs = dict(re.findall(r'xml:lang="(\w\w)[^"]*"><seg>(.*?)</seg>', tu, re.S))
        if "fr" in segs and "en" in segs:
            unesc = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            out.append((unesc(segs["fr"]), unesc(segs["en"])))
    return out


def base_pairs(folders):
    pairs = []
    for f in folders:
        pairs += gold_pairs(f)
    pairs += sample_pairs() + tmx_pairs()
    seen, out = set(), []
    for p in pairs:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def corpus(base, n, seed=1):
    """n distinct pairs: the base pairs (shuffled), then concatenations."""
    rnd = random.Random(seed)
    b = base[:]
    rnd.shuffle(b)
    out = b[:n]
    seen = set(out)
    while len(out) < n:
        picks = rnd.sample(base, rnd.choice([2, 3]))
        p = (" ".join(x[0] for x in picks), " ".join(x[1] for x in picks))
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def write_tmx(pairs, path):
    with open(path, "w", encoding="utf-8") as w:
        w.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                'creationtool="learn_data.py" creationtoolversion="1" segtype="sentence" '
                'o-tmf="glossa" adminlang="en" srclang="fr" datatype="plaintext"/>\n<body>\n')
        for f, e in pairs:
            w.write(f'<tu><tuv xml:lang="fr"><seg>{escape(f)}</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>{escape(e)}</seg></tuv></tu>\n')
        w.write("</body></tmx>\n")


if __name__ == "__main__":
    n, out = int(sys.argv[1]), sys.argv[2]
    folders = sys.argv[3:] or dev_folders()
    write_tmx(corpus(base_pairs(folders), n), out)
