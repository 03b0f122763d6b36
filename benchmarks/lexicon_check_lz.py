#!/usr/bin/env python3
"""Check the general French->English lexicon files and report their coverage.

Usage:  python3 benchmarks/lexicon_check_lz.py [--missing N] [FILE ...]

FILE defaults to every data/lexicon/general/*.tsv. Each is checked for the
format of data/lexicon/fr-en.tsv (`lemma<TAB>pos<TAB>english|english`, `#`
comments): exactly 3 tab-separated columns, a known part of speech, no empty
or padded field, no empty or repeated sense, a single-word French lemma in
lower case, no (lemma, pos) repeated within or across the files or already in
data/lexicon/fr-en.tsv, and, for a file named `fr-en.X-Y.tsv`, a lemma whose
first letter (accents folded) lies in X..Y. Format errors are printed with
file and line; the exit status is 1 if there is any.

Then it prints coverage: the share of content words (tokens of 3+ letters not
in a French stopword list) of every data/dev/*/article.fr.txt whose form or an
approximate lemma (plural s/x, feminine and common verb endings stripped or
mapped back to -er/-ir/-re/-oir) is a lemma of fr-en.tsv alone and of
fr-en.tsv plus the checked files. A second figure leaves out capitalised
tokens that are not sentence-initial (mostly proper names). `--missing N`
lists the N most frequent uncovered words (a diagnostic of the lemmatiser and
the lexicon; the dev texts are evaluation material, so do not copy term pairs
from them into the lexicon).

Written for glossa (lexicon-b helper); only the standard library is used.
"""
import collections
import glob
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POS = {"n", "adj", "v", "adv", "prep", "conj", "pron", "det", "num"}

STOP = set("""
le la les un une des du de d l au aux et ou mais donc or ni car que qu qui quoi dont où
ce cet cette ces ca ça cela ceci celui celle ceux celles son sa ses leur leurs mon ma mes
ton ta tes notre nos votre vos il ils elle elles on nous vous je tu me te se lui eux y en
ne pas plus moins très trop bien aussi ainsi alors comme dans sur sous pour par avec sans
entre vers chez depuis pendant avant après contre selon lors dès est sont était étaient
été être avoir ont avait avaient eu sera seront serait seraient fait faire peut peuvent
tout tous toute toutes autre autres même mêmes quel quelle quels quelles chaque certains
certaines plusieurs aucun aucune si non oui déjà encore ici là puis cas afin dont lequel
laquelle lesquels lesquelles auquel auxquels duquel desquels soit été étant ayant sont
aujourd hui suis soient sommes êtes serons fut furent tel telle tels telles chacun chacune auprès
""".split())

LETTERS = "a-zàâäçéèêëîïôöùûüÿœæ"
TOKEN = re.compile(rf"[{LETTERS}A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]+(?:-[{LETTERS}A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]+)*")
ELISION = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.I)


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn").replace("œ", "oe").replace("æ", "ae")


def read_lex(path, errors, seen, letter_range):
    keys = set()
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = f"{os.path.relpath(path, ROOT)}:{n}"
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3:
                errors.append(f"{where}: expected 3 tab-separated columns, got {len(cols)}")
                continue
            fr, pos, en = cols
            if any(c != c.strip() or not c for c in cols):
                errors.append(f"{where}: empty or padded field")
            if pos not in POS:
                errors.append(f"{where}: unknown part of speech {pos!r}")
            if " " in fr or fr != fr.lower():
                errors.append(f"{where}: lemma {fr!r} is not one lower-case word")
            senses = en.split("|")
            if any(not s.strip() or s != s.strip() for s in senses):
                errors.append(f"{where}: empty or padded sense in {en!r}")
            if len(set(senses)) != len(senses):
                errors.append(f"{where}: repeated sense in {en!r}")
            if letter_range:
                first = fold(fr)[:1]
                if not (letter_range[0] <= first <= letter_range[1]):
                    errors.append(f"{where}: lemma {fr!r} outside {letter_range[0]}-{letter_range[1]}")
            key = (fr, pos)
            if key in seen:
                errors.append(f"{where}: {fr} {pos} duplicates {seen[key]}")
            else:
                seen[key] = where
            keys.add(key)
    return keys


# Inflected ending -> replacements giving a candidate lemma.
ENDINGS = [
    ("eaux", ["eau"]), ("aux", ["al", "ail"]), ("ales", ["al"]), ("ale", ["al"]),
    ("ives", ["if"]), ("ive", ["if"]), ("euses", ["eur", "eux"]), ("euse", ["eur", "eux"]),
    ("rices", ["eur"]), ("rice", ["eur"]), ("elles", ["el"]), ("elle", ["el"]),
    ("ennes", ["en"]), ("enne", ["en"]), ("ères", ["er"]), ("ère", ["er"]),
    ("ettes", ["et"]), ("ette", ["et"]), ("ques", ["c", "que"]), ("che", ["c"]),
    ("ées", ["er"]), ("ée", ["er"]), ("és", ["er"]), ("é", ["er"]),
    ("aient", ["er"]), ("ait", ["er"]), ("ais", ["er"]), ("ant", ["er", "re", "ir", "oir"]),
    ("ent", ["er", "re"]), ("ons", ["er", "re"]), ("ez", ["er", "re"]),
    ("era", ["er"]), ("eront", ["er"]), ("erait", ["er"]), ("eraient", ["er"]), ("erons", ["er"]),
    ("èrent", ["er"]), ("es", ["er", "e", ""]), ("e", ["er", "", "re"]),
    ("issent", ["ir"]), ("issant", ["ir"]), ("issait", ["ir"]), ("issaient", ["ir"]),
    ("issons", ["ir"]), ("ira", ["ir", "re"]), ("iront", ["ir", "re"]), ("irait", ["ir", "re"]),
    ("it", ["ir", "re"]), ("is", ["ir", "re", "ire"]), ("ie", ["ir"]), ("ies", ["ir"]),
    ("ue", ["re", "oir"]), ("ues", ["re", "oir"]), ("us", ["re", "oir"]), ("u", ["re", "oir"]),
    ("ts", ["re"]), ("t", ["re"]), ("te", ["re"]), ("tes", ["re"]),
    ("ra", ["r", "re"]), ("ront", ["r", "re"]), ("rait", ["r", "re"]), ("raient", ["r", "re"]),
    ("et", ["ettre"]), ("ettent", ["ettre"]), ("is", ["ettre"]), ("ise", ["ettre"]), ("ises", ["ettre"]),
    ("e", ["ir"]), ("ent", ["ir"]), ("u", ["ir"]), ("ue", ["ir"]), ("us", ["ir"]), ("ues", ["ir"]),
    ("s", [""]), ("x", [""]),
]


def candidates(word):
    out = {word, word.replace("ç", "c"), word.replace("geons", "ger").replace("geant", "ger")}
    for w in list(out):
        for end, reps in ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 2:
                base = w[: -len(end)]
                for r in reps:
                    out.add(base + r)
                    if r and (base + r).endswith("s"):
                        pass
    # one more round for plural then gender/verb ending (e.g. "publiées")
    for w in list(out):
        if w.endswith("s") and len(w) > 3:
            out.add(w[:-1])
    return out


def coverage(lemmas, texts, missing=None):
    total = covered = total_nc = covered_nc = 0
    for text in texts:
        text = ELISION.sub(" ", text.replace("’", "'"))
        prev_end = "."
        for m in TOKEN.finditer(text):
            tok = m.group(0)
            before = text[: m.start()].rstrip()
            sentence_start = not before or before[-1] in ".!?:«\"\n"
            low = tok.lower()
            if len(low) < 3 or low in STOP:
                continue
            hit = any(c in lemmas for c in candidates(low))
            total += 1
            covered += hit
            name = tok[0].isupper() and not sentence_start
            if not name:
                total_nc += 1
                covered_nc += hit
                if not hit and missing is not None:
                    missing[low] += 1
    return total, covered, total_nc, covered_nc


def main(argv):
    nmiss = 0
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--missing":
            nmiss = int(argv[i + 1])
            i += 2
        else:
            files.append(argv[i])
            i += 1
    if not files:
        files = sorted(glob.glob(os.path.join(ROOT, "data/lexicon/general/*.tsv")))
    errors = []
    seen = {}
    base = read_lex(os.path.join(ROOT, "data/lexicon/fr-en.tsv"), [], seen, None)
    extra = set()
    for path in files:
        m = re.search(r"fr-en\.([a-z])-([a-z])\.tsv$", path)
        keys = read_lex(path, errors, seen, (m.group(1), m.group(2)) if m else None)
        print(f"{os.path.relpath(path, ROOT)}: {len(keys)} entries")
        extra |= keys
    for e in errors[:200]:
        print("ERROR", e)
    print(f"format errors: {len(errors)}")
    texts = []
    for p in sorted(glob.glob(os.path.join(ROOT, "data/dev/*/article.fr.txt"))):
        with open(p, encoding="utf-8") as f:
            texts.append(f.read())
    base_l = {fr for fr, _ in base}
    all_l = base_l | {fr for fr, _ in extra}
    miss = collections.Counter()
    for label, lem in (("fr-en.tsv alone", base_l), ("fr-en.tsv + checked files", all_l)):
        t, c, tn, cn = coverage(lem, texts, miss if lem is all_l else None)
        print(f"coverage, {label}: {c}/{t} = {c / max(t, 1):.1%} of content words; "
              f"without capitalised non-initial tokens {cn}/{tn} = {cn / max(tn, 1):.1%}")
    print(f"lemma+pos entries: fr-en.tsv {len(base)}, checked files {len(extra)}, "
          f"total {len(base) + len(extra)}")
    if nmiss:
        print("most frequent uncovered:", ", ".join(f"{w} {n}" for w, n in miss.most_common(nmiss)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
