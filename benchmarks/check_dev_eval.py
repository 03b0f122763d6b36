#!/usr/bin/env python3
"""How `glossa check` behaves on real published translations.

For each article pair (data/sample/deepseek.* and every data/dev/*/ folder
with article.fr.txt and article.en.txt), the published English is taken as
a correct translation:

1. quiet: `check` on it should report no error and no warning; the script
   prints the findings per severity and kind (hints are counted but hidden
   by default in `check`).
2. simulated misses: one occurrence of an English glossary term in the
   published text (up to N per article, seeded) is replaced by a nonsense
   word; the script counts whether `check` then reports something new
   (a `missing` error, a `count` warning) or nothing.

Usage: python3 benchmarks/check_dev_eval.py [--glossa target/release/glossa]
       [--glossary glossary] [--root data/dev] [--per-article 25] [--seed 7]
       [--show]
"""
import argparse
import collections
import csv
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile


def pairs(root):
    out = [("deepseek", "data/sample/deepseek.fr.txt", "data/sample/deepseek.en.txt")]
    for d in sorted(glob.glob(os.path.join(root, "*", ""))):
        fr, en = os.path.join(d, "article.fr.txt"), os.path.join(d, "article.en.txt")
        if os.path.isfile(fr) and os.path.isfile(en):
            out.append((os.path.basename(d.rstrip("/")), fr, en))
    return out


def english_terms(glossary):
    terms = set()
    for f in glob.glob(os.path.join(glossary, "*.csv")):
        for r in csv.DictReader(open(f, encoding="utf-8")):
            if r["lang"].startswith("en") and r["status"] in ("preferred", "admitted"):
                terms.add(r["term"])
    return sorted(terms, key=len, reverse=True)


def run(args, fr, en_path):
    out = subprocess.run(
        [args.glossa, "-g", args.glossary, "check", "-s", fr, "-t", en_path,
         "--format", "json", "--hints", "--fail-on", "never"],
        capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"glossa check failed on {fr}: {out.stderr}")
    return json.loads(out.stdout)


def key(f):
    src = f.get("source") or {}
    return (f["kind"], f["entry"], src.get("line"), src.get("column"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glossa", default="target/release/glossa")
    ap.add_argument("--glossary", default="glossary")
    ap.add_argument("--root", default="data/dev")
    ap.add_argument("--per-article", type=int, default=25)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", action="store_true", help="print each error and warning")
    args = ap.parse_args()
    rx = re.compile(r"\b(" + "|".join(re.escape(t) for t in english_terms(args.glossary)) + r")(s|es)?\b")
    rng = random.Random(args.seed)
    quiet = collections.Counter()
    sim = collections.Counter()
    tmp = tempfile.NamedTemporaryFile("w", suffix=".en.txt", delete=False)
    tmp.close()
    print(f"{'article':40s} {'errors':>6s} {'warnings':>8s} {'hints':>5s}")
    for name, fr, en in pairs(args.root):
        found = run(args, fr, en)
        c = collections.Counter(f["severity"] for f in found)
        for f in found:
            quiet[(f["severity"], f["kind"])] += 1
            if args.show and f["severity"] != "info":
                print(f"    {f['severity']}[{f['kind']}] {f['message']}")
        print(f"{name:40s} {c['error']:6d} {c['warning']:8d} {c['info']:5d}")
        base = collections.Counter(key(f) for f in found if f["severity"] != "info")
        text = open(en, encoding="utf-8").read()
        occ = list(rx.finditer(text))
        rng.shuffle(occ)
        for m in occ[: args.per_article]:
            with open(tmp.name, "w", encoding="utf-8") as w:
                w.write(text[: m.start()] + "widget" + text[m.end():])
            after = collections.Counter(key(f) for f in run(args, fr, tmp.name) if f["severity"] != "info")
            kinds = {k[0] for k in (after - base)}
            sim["replaced"] += 1
            sim["count" if "count" in kinds else "missing" if "missing" in kinds
                else "other" if kinds else "unnoticed"] += 1
    os.unlink(tmp.name)
    print("\nfindings on the published translations (severity, kind):")
    for (s, k), n in sorted(quiet.items()):
        print(f"  {s:8s} {k:13s} {n}")
    print(f"\nsimulated misses ({sim['replaced']} one-term replacements, seed {args.seed}):")
    for k in ("missing", "count", "other", "unnoticed"):
        print(f"  {k:10s} {sim[k]}")
    print("  (unnoticed: mostly English terms whose French is not a glossary term in that sentence,"
          " or a repeat the English has more often than the French)")


if __name__ == "__main__":
    main()
