"""Measurements and table for benchmarks/tm_bench.sh (see there)."""
import json
import os
import resource
import statistics
import subprocess
import sys
import time

bench, glossa, work, ttq = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
os.chdir(work)


def kv(out):
    return dict(w.split("=", 1) for w in out.split())


def run(*args):
    """Run a command; return its key=value output and its CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return kv(out), cpu


def n_units(name):
    return int(open(name + ".n").read())


rows = []
res = {}
for name in ("small", "big"):
    n = n_units(name)
    for f in (name + ".sqlite", name + ".sqlite-wal", name + ".sqlite-shm"):
        if os.path.exists(f):
            os.remove(f)
    imp, cpu = run(bench, "import", name + ".sqlite", name + ".tmx")
    secs = float(imp["seconds"])
    rows.append((f"import {n:,}-unit TMX (units/s)",
                 f"{n / secs:,.0f} wall, {n / cpu:,.0f} per CPU-s",
                 "", "target ≥ 100,000"))
    s, _ = run(bench, "search", name + ".sqlite", name + ".queries", name + ".best.jsonl")
    rows.append((f"tm search in-process, {n:,} units (ms)",
                 f"p50 {float(s['p50_ms']):.1f}, p95 {float(s['p95_ms']):.1f}",
                 "", "target p50 ≤ 20"))
    queries = open(name + ".queries").read().splitlines()[:30]
    times = []
    for q in queries:
        t = time.perf_counter()
        subprocess.run([glossa, "--tm", name + ".sqlite", "-g", "no-glossary",
                        "tm", "search", q, "--format", "json", "--limit", "1"],
                       check=True, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    rows.append((f"tm search whole process, {n:,} units (ms)",
                 f"p50 {statistics.median(times):.0f}, max {max(times):.0f}",
                 "", "target ≤ 100 (OS cache warm)"))
    # Same with the database evicted from the OS page cache before each
    # query (posix_fadvise DONTNEED on the TM files only).
    cold = []
    for q in queries[:10]:
        for f in (name + ".sqlite", name + ".sqlite-wal"):
            if os.path.exists(f):
                fd = os.open(f, os.O_RDONLY)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                os.close(fd)
        t = time.perf_counter()
        subprocess.run([glossa, "--tm", name + ".sqlite", "-g", "no-glossary",
                        "tm", "search", q, "--format", "json", "--limit", "1"],
                       check=True, capture_output=True)
        cold.append((time.perf_counter() - t) * 1000)
    rows.append((f"tm search whole process, {n:,} units, DB not cached (ms)",
                 f"p50 {statistics.median(cold):.0f}, max {max(cold):.0f}",
                 "", "10 queries"))
    res[name] = n

# Parsers side by side on the small file.
from translate.storage import tmx as ttmx  # noqa: E402
from translate.search import match  # noqa: E402

p, _ = run(bench, "parse", "small.tmx")
t = time.perf_counter()
store = ttmx.tmxfile(open("small.tmx", "rb"))
units = [u for u in store.units if u.source and u.target]
tt_parse = time.perf_counter() - t
g_parse = float(p["seconds"])
rows.append((f"TMX parse, {res['small']:,} units (s)", f"{g_parse:.2f}",
             f"{tt_parse:.2f} ({len(units):,} units)",
             f"glossa {tt_parse / g_parse:.0f}× faster"))

# Matchers side by side on the small TM.
t = time.perf_counter()
m = match.matcher(store, max_candidates=1, min_similarity=70, max_length=1000)
tt_build = time.perf_counter() - t
queries = open("small.queries").read().splitlines()[:ttq]
best = [json.loads(line) for line in open("small.best.jsonl")][:ttq]
same = 0
tt_times = []
for q, g in zip(queries, best):
    t = time.perf_counter()
    found = m.matches(q)
    tt_times.append(time.perf_counter() - t)
    tt_src = str(found[0].source) if found else None
    if tt_src == g["source"]:
        same += 1
g_times = []
tm_small = "small.sqlite"
s, _ = run(bench, "search", tm_small, "small.queries", "small.best.jsonl")
tt_ms = statistics.median(tt_times) * 1000
g_ms = float(s["p50_ms"])
rows.append((f"fuzzy match, {res['small']:,} units (ms/query, p50)",
             f"{g_ms:.1f}", f"{tt_ms:.1f} (+{tt_build:.1f} s to build)",
             f"glossa {tt_ms / g_ms:.0f}× faster"))
rows.append((f"same best match as translate.search.match (min 70)",
             f"{same}/{len(queries)}", "", f"{100 * same / len(queries):.0f}%"))

w0 = max(len(r[0]) for r in rows)
w1 = max(len(r[1]) for r in rows + [("", "glossa")])
w2 = max(len(r[2]) for r in rows + [("", "", "translate-toolkit")])
print(f"| {'measure':<{w0}} | {'glossa':<{w1}} | {'translate-toolkit':<{w2}} | note |")
print(f"|{'-' * (w0 + 2)}|{'-' * (w1 + 2)}|{'-' * (w2 + 2)}|------|")
for r in rows:
    print(f"| {r[0]:<{w0}} | {r[1]:<{w1}} | {r[2]:<{w2}} | {r[3]} |")
print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
