#!/usr/bin/env python3
"""How often `glossa lookup` gives the right English for a gold French term.

For each gold pair (fr, en | en2 …, kind) of data/dev/*/terms.gold.tsv (and
of any extra article folder given with --extra, e.g. the reference corpus
/work/shared/corpus/deepseek), the French term is looked up with
`glossa lookup --lang fr --format json`. A pair is FOUND when an English
translation of the TOP hit (top-1), or of any hit that covers the whole
query (exact, folded, inflected or fuzzy match; anyN) equals one of the
gold English terms after folding (case, accents, punctuation, en-GB/en-US
-ise/-ize, a final plural -s).

Misses are split by cause:
  (a) missing     no entry of the termbase holds the gold English, and no
                  French term of the termbase equals the query after loose
                  folding (the script's own: elision, plurals, accents).
  (a') synonym    an entry holds the gold English but not this French
                  wording (a French variant is missing from the entry).
  (b) lookup      an entry holds both the gold English and a French term
                  equal to the query after loose folding, yet lookup does
                  not return that English: a lookup failure (inflection,
                  elision, multiword, acronym).
  (c) other-en    the query matches a French term of the termbase (loosely)
                  whose entry has another English only.

The gold pairs are only read here, to measure; they are never copied into
the glossary (see the common rules).

Usage: python3 benchmarks/lookup_dev_coverage.py [--glossa target/release/glossa]
       [--glossary glossary] [--root data/dev] [--extra DIR ...]
       [--kinds term,optional,entity] [--show a,b,c,...] [--since GIT_REV]

--since REV also counts the concepts added since that revision (entry ids
absent from REV's glossary/*.csv) and how many of them name a gold pair
(a French term equal to a gold French term after loose folding, any kind):
added concepts should serve unseen articles, so those should be a
minority.
"""
import argparse
import collections
import csv
import glob
import json
import os
import re
import subprocess
import sys
import unicodedata

FULL_KINDS = {"exact", "folded", "inflected", "stemmed", "fuzzy"}


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def words(s):
    s = strip_accents(s.lower()).replace("’", "'")
    return [w for w in re.split(r"[^a-z0-9]+", s) if w]


def fold_en(s):
    out = []
    for w in words(s):
        w = re.sub(r"is(e|es|ed|ing|ation|ations)$", r"iz\1", w)
        w = w.replace("centre", "center").replace("licence", "license")
        if len(w) > 3 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return " ".join(out)


FR_ELIDED = {"d", "l", "qu", "n", "s", "j", "c", "m", "t"}
FR_ARTICLES = {"le", "la", "les", "un", "une", "des", "du"}


def fold_fr(s):
    out = []
    for w in words(s):
        if w in FR_ELIDED:
            w = "de" if w == "d" else ""
        if not w or w in FR_ARTICLES:
            continue
        if len(w) > 3 and w.endswith("aux"):
            w = w[:-3] + "al"
        elif len(w) > 2 and w[-1] in "sx" and not w.endswith("ss"):
            w = w[:-1]
        if len(w) > 2 and w.endswith("e"):
            w = w[:-1]  # gender: numérique / numériques, ajustée / ajusté
        out.append(w)
    return " ".join(out)


def gold_pairs(root, extra):
    dirs = sorted(glob.glob(os.path.join(root, "*", ""))) + [d.rstrip("/") + "/" for d in extra]
    for d in dirs:
        p = os.path.join(d, "terms.gold.tsv")
        if not os.path.isfile(p):
            continue
        art = os.path.basename(d.rstrip("/"))
        header = True
        for line in open(p, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            if header:
                header = False
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                continue
            fr, en, kind = cols[0].strip(), cols[1], cols[2].strip()
            yield art, fr, [e.strip() for e in en.split("|") if e.strip()], kind


def termbase(glossary):
    """entry id -> ({folded fr}, {folded en}) from every glossary CSV."""
    entries = collections.defaultdict(lambda: (set(), set()))
    for f in sorted(glob.glob(os.path.join(glossary, "*.csv"))):
        for r in csv.DictReader(open(f, encoding="utf-8")):
            if r["status"] not in ("preferred", "admitted"):
                continue
            fr, en = entries[r["id"]]
            if r["lang"].startswith("fr"):
                fr.add(fold_fr(r["term"]))
            elif r["lang"].startswith("en"):
                en.add(fold_en(r["term"]))
    return entries


def lookup(glossa, glossary, q):
    out = subprocess.run([glossa, "-g", glossary, "lookup", "--lang", "fr", "--format", "json", q],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"glossa lookup failed on {q!r}: {out.stderr}")
    return json.loads(out.stdout) if out.stdout.strip() else []


def added_share(glossary, rev, pairs):
    old = set()
    ls = subprocess.run(["git", "ls-tree", "--name-only", rev, glossary + "/"],
                        capture_output=True, text=True, check=True).stdout.split()
    for f in ls:
        if f.endswith(".csv"):
            text = subprocess.run(["git", "show", f"{rev}:{f}"], capture_output=True,
                                  text=True, check=True).stdout
            old.update(r["id"] for r in csv.DictReader(text.splitlines()))
    gold_fr = {fold_fr(fr) for _, fr, _, _ in pairs}
    new = collections.defaultdict(set)
    for f in sorted(glob.glob(os.path.join(glossary, "*.csv"))):
        for r in csv.DictReader(open(f, encoding="utf-8")):
            if r["id"] not in old and r["lang"].startswith("fr"):
                new[r["id"]].add(fold_fr(r["term"]))
    in_gold = [i for i, frs in new.items() if frs & gold_fr]
    print(f"\nconcepts added since {rev}: {len(new)}; naming a dev gold French term: "
          f"{len(in_gold)} ({100 * len(in_gold) / max(len(new), 1):.1f}%)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glossa", default="target/release/glossa")
    ap.add_argument("--glossary", default="glossary")
    ap.add_argument("--root", default="data/dev")
    ap.add_argument("--extra", nargs="*", default=[])
    ap.add_argument("--kinds", default="term", help="gold kinds counted (comma list)")
    ap.add_argument("--show", default="", help="print the pairs of these outcomes (comma list)")
    ap.add_argument("--since", help="git revision: count concepts added since")
    args = ap.parse_args()
    kinds = set(args.kinds.split(","))
    show = set(args.show.split(",")) if args.show else set()
    tb = termbase(args.glossary)
    by_fr = collections.defaultdict(set)
    by_en = collections.defaultdict(set)
    for eid, (frs, ens) in tb.items():
        for f in frs:
            by_fr[f].add(eid)
        for e in ens:
            by_en[e].add(eid)
    tally = collections.Counter()
    per_art = collections.defaultdict(collections.Counter)
    for art, fr, ens, kind in gold_pairs(args.root, args.extra):
        if kind not in kinds:
            continue
        gold = {fold_en(e) for e in ens}
        hits = lookup(args.glossa, args.glossary, fr)
        top = hits[0]["translations"] if hits else []
        full = [t for h in hits if h["kind"] in FULL_KINDS for t in h["translations"]]
        if any(fold_en(t) in gold for t in top):
            outcome = "top1"
        elif any(fold_en(t) in gold for t in full):
            outcome = "anyN"
        else:
            fr_entries = by_fr.get(fold_fr(fr), set())
            en_entries = set().union(*(by_en.get(g, set()) for g in gold))
            if fr_entries & en_entries:
                outcome = "b-lookup"
            elif en_entries:
                outcome = "a-synonym"
            elif fr_entries:
                outcome = "c-other-en"
            else:
                outcome = "a-missing"
        tally[outcome] += 1
        per_art[art][outcome] += 1
        per_art[art]["n"] += 1
        if outcome in show or "all" in show:
            got = top[:3] if top else []
            print(f"  {outcome:10s} {art:32s} {fr!r} -> {ens} | top: {got}")
    n = sum(tally.values())
    found = tally["top1"] + tally["anyN"]
    print(f"{'article':36s} {'pairs':>5s} {'top1':>5s} {'found':>5s}")
    for art, c in sorted(per_art.items()):
        print(f"{art:36s} {c['n']:5d} {c['top1']:5d} {c['top1'] + c['anyN']:5d}")
    print(f"\ngold kinds {sorted(kinds)}: {n} pairs")
    print(f"  right English top-1      {tally['top1']:4d}  {100 * tally['top1'] / max(n, 1):5.1f}%")
    print(f"  right English in a full-match hit (any rank) "
          f"{found:4d}  {100 * found / max(n, 1):5.1f}%")
    for k in ("a-missing", "a-synonym", "b-lookup", "c-other-en"):
        print(f"  {k:24s} {tally[k]:4d}  {100 * tally[k] / max(n, 1):5.1f}%")
    if args.since:
        added_share(args.glossary, args.since, list(gold_pairs(args.root, args.extra)))


if __name__ == "__main__":
    main()
