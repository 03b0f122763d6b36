#!/usr/bin/env python3
"""`glossa translate` on dev-set terms with the English hidden (issue 13
item 4): the share of 100 French gold terms whose top-5 candidates hold a
right English equivalent, using only the shipped lexicon, the shipped
glossary (glossary/) and a TM.

    python3 benchmarks/translate_eval.py          # 100 terms, then timing
    N=0 python3 benchmarks/translate_eval.py      # every gold term
    SHOW=1 ...                                    # print misses
    GLOSSA=path/to/glossa ...

The English side is never given to glossa: for the terms of article X the
TM holds the gold sentence pairs of every OTHER dev article (plus
data/sample/deepseek and the fr-en TMX sample; benchmarks/learn_data.py),
so neither X's own text nor its gold pairs reach the tool; the gold file
is read only to score. Terms: rows of kind "term" of data/dev/*/terms.gold.tsv,
100 drawn with a fixed seed. Matching as align_eval.py does (case, accents
kept, hyphens, a final plural s).

Timing: `glossa translate` run as a new process each time (hyperfine
when installed, else a loop of 30 runs), with the glossary and a TM.
"""
import json, os, random, shutil, statistics, subprocess, sys, tempfile, time, unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import learn_data as data

ROOT = data.ROOT
GLOSSA = os.path.abspath(os.environ.get("GLOSSA", os.path.join(ROOT, "target/release/glossa")))
N = int(os.environ.get("N", "100"))
SHOW = os.environ.get("SHOW")


def norm(s):
    s = unicodedata.normalize("NFC", s).lower().strip()
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2010", "-"), ("\u2011", "-"), ("-", " ")):
        s = s.replace(a, b)
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" and not w.endswith("ss") else w for w in s.split())


def gold_terms():
    out = []
    for f in data.dev_folders():
        for line in open(os.path.join(f, "terms.gold.tsv"), encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(cols) < 3 or cols[0] == "fr" or cols[2] != "term":
                continue
            out.append((f, cols[0], [e.strip() for e in cols[1].split("|") if e.strip()]))
    return out


def run(args):
    p = subprocess.run([GLOSSA] + args, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"glossa {args} failed: {p.stderr}")
    return p.stdout


def main():
    terms = gold_terms()
    if N and N < len(terms):
        terms = sorted(random.Random(13).sample(terms, N), key=lambda t: (t[0], t[1]))
    glossary = os.path.join(ROOT, "glossary")
    folders = data.dev_folders()
    hits = {1: 0, 5: 0}
    by_source = {}
    misses = []
    with tempfile.TemporaryDirectory() as tmp:
        tms = {}
        for f in sorted({t[0] for t in terms}):
            tmx = os.path.join(tmp, os.path.basename(f) + ".tmx")
            data.write_tmx(data.base_pairs([x for x in folders if x != f]), tmx)
            tm = os.path.join(tmp, os.path.basename(f) + ".sqlite")
            subprocess.run([GLOSSA, "--tm", tm, "tm", "import", tmx], check=True, capture_output=True)
            tms[f] = tm
        for f, fr, ens in terms:
            out = run(["--glossary", glossary, "--tm", tms[f], "translate", fr, "--format", "json", "--limit", "5"])
            cands = json.loads(out)["candidates"] if out.strip() else []
            want = {norm(e) for e in ens}
            rank = next((i + 1 for i, c in enumerate(cands) if norm(c["en"]) in want), None)
            if rank:
                hits[5] += 1
                hits[1] += rank == 1
                src = cands[rank - 1]["evidence"][0]["kind"]
                by_source[src] = by_source.get(src, 0) + 1
            else:
                misses.append((fr, ens, [c["en"] for c in cands]))
        n = len(terms)
        print(f"terms: {n} (of {len(gold_terms())} gold terms of kind 'term', seed 13)")
        print(f"top-1: {hits[1]}/{n} = {hits[1]/n:.3f}")
        print(f"top-5: {hits[5]}/{n} = {hits[5]/n:.3f}")
        print("right answers by strongest evidence: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items())))
        if SHOW:
            for fr, ens, got in misses:
                print(f"  miss: {fr} -> {' | '.join(ens)}   got: {' ; '.join(got)}")
        timing(glossary, tms[sorted(tms)[0]], tmp)


def timing(glossary, tm, tmp):
    cmd = [GLOSSA, "--glossary", glossary, "--tm", tm, "translate", "énergie éolienne"]
    if shutil.which("hyperfine"):
        subprocess.run(["hyperfine", "-N", "--warmup", "2", "-r", "30",
                        " ".join(f"'{c}'" for c in cmd)])
        return
    times = []
    for _ in range(30):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    print(f"translate (new process each run, glossary {glossary}, TM of the dev pairs): "
          f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over 30 runs")


main()
