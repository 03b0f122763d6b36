#!/usr/bin/env python3
"""The termbase at a glance, for a reviewer: concepts per subject (approved
and proposed, with their term counts) and N entries drawn at random with a
fixed seed, printed with every field of the entry and of each term.

Usage: python3 benchmarks/termbase_sample.py [--glossary glossary] [--n 20] [--seed 16]
"""
import argparse
import collections
import csv
import glob
import os
import random

ENTRY_FIELDS = ("state", "subject", "definition", "source", "entry_note")
TERM_FIELDS = ("status", "pos", "gender", "number", "type", "geo", "case_sensitive",
               "exact_only", "context", "context_source", "note")


def load(glossary):
    entries = collections.OrderedDict()
    for f in sorted(glob.glob(os.path.join(glossary, "*.csv"))):
        for r in csv.DictReader(open(f, encoding="utf-8")):
            e = entries.get(r["id"])
            if e is None:
                e = entries[r["id"]] = {"file": os.path.basename(f), "terms": []}
                e.update({k: r.get(k, "") for k in ENTRY_FIELDS})
            e["terms"].append(r)
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glossary", default="glossary")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    entries = load(args.glossary)
    per = collections.defaultdict(collections.Counter)
    for e in entries.values():
        c = per[e["subject"] or "(none)"]
        c[e["state"] or "(none)"] += 1
        c["terms"] += len(e["terms"])
    print(f"{'subject':14s} {'approved':>8s} {'proposed':>8s} {'terms':>6s}")
    tot = collections.Counter()
    for s, c in sorted(per.items()):
        print(f"{s:14s} {c['approved']:8d} {c['proposed']:8d} {c['terms']:6d}")
        tot.update(c)
    print(f"{'total':14s} {tot['approved']:8d} {tot['proposed']:8d} {tot['terms']:6d}")
    ids = sorted(entries)
    rng = random.Random(args.seed)
    pick = sorted(rng.sample(ids, min(args.n, len(ids))))
    print(f"\n{len(pick)} entries drawn at random (seed {args.seed}):")
    for i in pick:
        e = entries[i]
        print(f"\n## {i} ({e['file']})")
        for k in ENTRY_FIELDS:
            print(f"  {k}: {e[k]}")
        for t in e["terms"]:
            extra = "; ".join(f"{k}={t[k]}" for k in TERM_FIELDS if t.get(k))
            print(f"  - [{t['lang']}] {t['term']} — {extra}")


if __name__ == "__main__":
    main()
