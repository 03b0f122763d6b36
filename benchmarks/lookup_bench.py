#!/usr/bin/env python3
"""Helpers for benchmarks/lookup_bench.sh (issue 3).

  lookup_bench.py cold GLOSSA GLOSSARY QUERIES N OUT.json
      whole-process `glossa lookup` wall time over N queries (cache warm)
  lookup_bench.py rapidfuzz GLOSSARY QUERIES N OUT.json
      rapidfuzz process.extract (default WRatio scorer) over every term
  lookup_bench.py table DIR SIZE...
      print the comparison table from DIR/SIZE/*.json
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    return xs[round((len(xs) - 1) * p)]


def read_queries(path, n):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            q, want = line.rstrip("\n").split("\t")
            out.append((q, want))
    return out[:n]


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("\u2019", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower().replace("œ", "oe").replace("æ", "ae")


def cold(glossa, glossary, queries, n, out):
    qs = read_queries(queries, n)
    env = dict(os.environ, NO_COLOR="1")
    times = []
    for q, _ in qs:
        t = time.perf_counter()
        r = subprocess.run(
            [glossa, "--glossary", glossary, "lookup", q, "--format", "json"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        times.append((time.perf_counter() - t) * 1e3)
        if r.returncode != 0:
            sys.exit(f"glossa lookup {q!r} failed: {r.stderr.decode()}")
    json.dump({"cold_p50_ms": pct(times, 0.5), "cold_p99_ms": pct(times, 0.99),
               "cold_mean_ms": statistics.mean(times), "cold_runs": len(times)},
              open(out, "w"))


def rapidfuzz_bench(glossary, queries, n, out):
    from rapidfuzz import process
    terms = []
    with open(glossary, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            terms.append(row["term"])
    choices = [fold(t) for t in terms]
    qs = read_queries(queries, n)
    times, ok = [], 0
    for q, want in qs:
        t = time.perf_counter()
        res = process.extract(fold(q), choices, limit=1)
        times.append((time.perf_counter() - t) * 1e3)
        ok += bool(res) and terms[res[0][2]] == want
    json.dump({"rf_p50_ms": pct(times, 0.5), "rf_p99_ms": pct(times, 0.99),
               "rf_recall1": ok / max(len(qs), 1), "rf_queries": len(qs)},
              open(out, "w"))


def table(root, sizes):
    cols = []
    for s in sizes:
        d = {}
        for name in ("inproc", "cold", "rapidfuzz", "mem", "hyperfine"):
            p = os.path.join(root, s, name + ".json")
            if os.path.exists(p):
                d.update(json.load(open(p)))
        cols.append(d)

    def f(key, fmt="{:.2f}", scale=1.0):
        out = []
        for d in cols:
            v = d.get(key)
            out.append("—" if v is None else fmt.format(v * scale))
        return out

    def ratio(num, den):
        out = []
        for d in cols:
            a, b = d.get(num), d.get(den)
            out.append("—" if not a or not b else f"{a / b:,.0f}×")
        return out

    rows = [
        ("terms (entries)", [f"{d.get('terms', 0):,} ({d.get('entries', 0):,})" for d in cols]),
        ("index file size", f("index_bytes", "{:.1f} MB", 1e-6)),
        ("parse glossary CSV", f("parse_s", "{:.2f} s")),
        ("index build (from parsed glossary), wall", f("build_s", "{:.2f} s")),
        ("index build, CPU time (user+sys, 2 threads)", f("build_cpu_s", "{:.2f} s")),
        ("cache rebuild by `glossa lookup` (whole process)", f("rebuild_s", "{:.2f} s")),
        ("in-process lookup p50 (best of 3 runs per query)", f("lookup_p50_ms", "{:.3f} ms")),
        ("in-process lookup p99 (best of 3 runs per query)", f("lookup_p99_ms", "{:.3f} ms")),
        ("in-process lookup p50 / p99, first run only", [f"{d.get('lookup_first_p50_ms', 0):.3f} / {d.get('lookup_first_p99_ms', 0):.3f} ms" for d in cols]),
        ("glossa recall@1 (all queries)", f("recall1", "{:.1%}")),
        ("cold `glossa lookup` p50 (whole process)", f("cold_p50_ms", "{:.1f} ms")),
        ("cold `glossa lookup` p99", f("cold_p99_ms", "{:.1f} ms")),
        ("hyperfine mean, one query", f("hf_mean_ms", "{:.1f} ms")),
        ("peak RSS, `glossa lookup` (cache warm)", f("rss_lookup_kb", "{:.0f} MB", 1 / 1024)),
        ("peak RSS, `glossa lookup` rebuilding the cache", f("rss_rebuild_kb", "{:.0f} MB", 1 / 1024)),
        ("naive strsim scan (OSA) p50", f("scan_p50_ms", "{:.1f} ms")),
        ("  queries / strsim recall@1", [f"{d.get('scan_queries', 0)} / {d.get('scan_recall1', 0):.1%}" for d in cols]),
        ("  glossa recall@1, same queries", f("recall1_on_scan_subset", "{:.1%}")),
        ("  speed-up vs strsim (p50)", ratio("scan_p50_ms", "lookup_p50_ms")),
        ("rapidfuzz process.extract p50", f("rf_p50_ms", "{:.1f} ms")),
        ("  queries / rapidfuzz recall@1", [f"{d.get('rf_queries', 0)} / {d.get('rf_recall1', 0):.1%}" for d in cols]),
        ("  glossa recall@1, same queries", f("recall1_rf_subset", "{:.1%}")),
        ("  speed-up vs rapidfuzz (p50)", ratio("rf_p50_ms", "lookup_p50_ms")),
    ]
    print("| measure | " + " | ".join(f"{int(s):,} terms" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name, vals in rows:
        print(f"| {name} | " + " | ".join(vals) + " |")


def recall_subset(inproc_json, queries, n, glossa, glossary, out):
    """glossa's recall@1 on the first n queries (the rapidfuzz subset)."""
    qs = read_queries(queries, n)
    ok = 0
    env = dict(os.environ, NO_COLOR="1")
    for q, want in qs:
        r = subprocess.run(
            [glossa, "--glossary", glossary, "lookup", q, "--format", "json",
             "--limit", "1"], capture_output=True, env=env)
        hits = json.loads(r.stdout or b"[]")
        ok += bool(hits) and hits[0]["term"] == want
    d = json.load(open(inproc_json))
    d["recall1_rf_subset"] = ok / max(len(qs), 1)
    json.dump(d, open(out, "w"))


if __name__ == "__main__":
    cmd, *a = sys.argv[1:]
    if cmd == "cold":
        cold(a[0], a[1], a[2], int(a[3]), a[4])
    elif cmd == "rapidfuzz":
        rapidfuzz_bench(a[0], a[1], int(a[2]), a[3])
    elif cmd == "recall-subset":
        recall_subset(a[0], a[1], int(a[2]), a[3], a[4], a[5])
    elif cmd == "table":
        table(a[0], a[1:])
    else:
        sys.exit(__doc__)
