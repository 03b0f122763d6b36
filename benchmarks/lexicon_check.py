#!/usr/bin/env python3
"""Check glossa's French→English lexicon files and report their coverage.

Usage:
    python3 benchmarks/lexicon_check.py            # check all, report coverage
    python3 benchmarks/lexicon_check.py FILE...    # check only these files
                                                   # (coverage still uses all)

Files checked: data/lexicon/fr-en.tsv (the hand-written base) and every
data/lexicon/general/*.tsv. Each non-comment line must have exactly three
tab-separated columns `lemma<TAB>pos<TAB>en|en`, a known part of speech,
a single-word lemma, no empty sense, no repeated sense, and no (lemma, pos)
pair that another line (in any file) already has. Lemmas are compared
folded the way the Rust loader folds them (lowercase, accents removed,
œ→oe), since the loader merges lines whose folded lemma and pos agree.

Coverage: the share of content words (tokens of 3+ letters that are not
stopwords, numbers or capitalised mid-sentence names are kept: the figure
is deliberately plain) of every data/dev/*/article.fr.txt whose form or
approximate lemma is a lemma of the lexicon files. Lemmatisation is
approximate: elisions are cut, plural -s/-x and feminine endings are
stripped, and common verb endings are mapped back to -er/-ir/-re
infinitives, with a table of the commonest irregular verbs and verb
families (venir/tenir, prendre, mettre, -uire, -indre, -rir, -aître,
-crire, -cevoir, -eler/-eter, -oyer). Printed once for the base file alone
and once for all files.
A second figure leaves out capitalised tokens (names, acronyms, sentence
starts), and misses are counted by initial letter (A-K / L-Z shares).
Only figures are printed, never the dev words themselves (dev texts are
evaluation material, not a word list to write the lexicon from).

Exit status 1 if any format error was found in a general/ file (the base
file's own repeats are printed as a count of notes only).
"""

import glob
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "data", "lexicon", "fr-en.tsv")
GENERAL = sorted(glob.glob(os.path.join(ROOT, "data", "lexicon", "general", "*.tsv")))
POS = {"n", "adj", "v", "adv", "prep", "conj", "pron", "det", "num"}

STOP = set(
    """
    les des une aux par pour sur dans avec sans sous entre vers chez mais donc car
    que qui quoi dont elle elles ils nous vous leur leurs son ses sa mon mes ton tes
    notre nos votre vos est sont été être avoir ont avait avaient sera seront fut
    cette ces cet celui celle ceux celles ceci cela lui même aussi plus moins très
    tout tous toute toutes comme ainsi alors encore déjà non oui pas
    du au ne se ce de la le un et ou où en y a à si on il je tu
    qu lorsque puisque quand selon depuis pendant avant après dès afin
    été étant ayant fait faire peut peuvent doit doivent
    """.split()
)

ELISION = re.compile(r"^(?:l|d|qu|n|s|j|m|t|c|jusqu|lorsqu|puisqu|quoiqu)['’]", re.I)
TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒæÆ'’-]+")


def fold(s):
    s = s.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def check_file(path, seen, errors):
    """Check one file; add its (folded lemma, pos) pairs to `seen`."""
    n = 0
    rel = os.path.relpath(path, ROOT)
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            where = f"{rel}:{lineno}"
            cols = line.split("\t")
            if len(cols) != 3:
                errors.append(f"{where}: {len(cols)} columns, want 3: {line!r}")
                continue
            fr, pos, en = cols
            if fr != fr.strip() or pos != pos.strip() or en != en.strip():
                errors.append(f"{where}: stray whitespace: {line!r}")
            if not fr or " " in fr.strip() or fr != fr.lower():
                errors.append(f"{where}: lemma must be one lowercase word: {fr!r}")
            if pos not in POS:
                errors.append(f"{where}: unknown pos {pos!r}")
            senses = en.split("|")
            if any(not s.strip() for s in senses):
                errors.append(f"{where}: empty sense: {en!r}")
            if len(set(s.strip() for s in senses)) != len(senses):
                errors.append(f"{where}: repeated sense: {en!r}")
            if en != en.lower():
                errors.append(f"{where}: senses must be lowercase: {en!r}")
            key = (fold(fr), pos)
            if key in seen:
                errors.append(f"{where}: duplicate of {seen[key]} for {fr} {pos}")
            else:
                seen[key] = where
            n += 1
    return n


def candidates(w):
    """Approximate lemmas of a folded French word form."""
    out = {w}
    stems = {w}
    for suf in ("s", "x"):
        if w.endswith(suf) and len(w) > 3:
            stems.add(w[:-1])
    if w.endswith("aux"):
        stems.add(w[:-3] + "al")
        stems.add(w[:-3] + "ail")
    out |= stems
    for s in list(stems):
        # feminine / adjective endings
        for a, b in (
            ("e", ""), ("ive", "if"), ("euse", "eur"), ("euse", "eux"), ("rice", "eur"),
            ("elle", "el"), ("enne", "en"), ("onne", "on"), ("ette", "et"),
            ("ere", "er"), ("ale", "al"), ("ique", "ique"), ("eille", "eil"),
            ("ienne", "ien"), ("ouce", "oux"), ("sse", "s"), ("ue", "u"),
        ):
            if s.endswith(a) and len(s) - len(a) >= 2:
                out.add(s[: len(s) - len(a)] + b)
        # verb endings → infinitive
        for a, infs in (
            ("ee", ("er",)), ("e", ("er",)), ("ant", ("er", "ir", "re")),
            ("ent", ("er",)), ("ait", ("er", "ir", "re")), ("aient", ("er", "ir", "re")),
            ("ons", ("er",)), ("ez", ("er",)), ("era", ("er",)), ("eront", ("er",)),
            ("erait", ("er",)), ("eraient", ("er",)), ("a", ("er",)), ("erons", ("er",)),
            ("it", ("ir", "re")), ("issent", ("ir",)), ("issant", ("ir",)),
            ("issait", ("ir",)), ("issaient", ("ir",)), ("ira", ("ir",)),
            ("iront", ("ir",)), ("i", ("ir",)), ("ie", ("ir",)), ("is", ("ir", "re")),
            ("u", ("re", "oir")), ("ue", ("re", "oir")), ("uit", ("uire",)),
            ("ait", ("aire",)), ("ont", ("re",)), ("ent", ("re", "ir")),
            ("rent", ("rer",)), ("erent", ("er",)), ("ait", ("aître",)),
        ):
            if s.endswith(a) and len(s) - len(a) >= 2:
                for inf in infs:
                    out.add(s[: len(s) - len(a)] + inf)
    # plural/feminine of participles: utilisees → utilise → utiliser
    for s in list(out):
        if s.endswith("e") and len(s) > 3:
            out.add(s[:-1] + "er")
    # irregular and semi-regular conjugations (general French morphology,
    # applied to the bare form and to its plural/feminine-stripped stems)
    for s in list(stems | {x[:-1] for x in stems if x.endswith("e")}):
        if s in IRREGULAR:
            out.add(IRREGULAR[s])
        for a, infs in IRREGULAR_ENDINGS:
            if s.endswith(a) and len(s) - len(a) >= 1:
                for inf in infs:
                    out.add(s[: len(s) - len(a)] + inf)
    return out


# Forms of the commonest irregular verbs (folded) → infinitive.
IRREGULAR = {}
for _inf, _forms in (
    ("etre", "suis es est sommes etes sont etais etait etions etiez etaient fus fut furent "
             "serai sera serons seront serait seraient sois soit soient ete etant"),
    ("avoir", "ai as avons avez ont avais avait avions aviez avaient eut eurent aurai aura "
              "aurons auront aurait auraient aie ait aient eu eue eus eues ayant"),
    ("faire", "fais fait faisons faites font faisais faisait faisaient fit firent ferai fera "
              "ferons feront ferait feraient fasse fassent faite faits faisant"),
    ("dire", "dis dit disons dites disent disait disaient dira diront dirait diraient dite dits disant"),
    ("pouvoir", "peux peut pouvons pouvez peuvent pouvait pouvaient pourra pourront pourrait "
                "pourraient puisse puissent pu pouvant"),
    ("devoir", "dois doit devons devez doivent devait devaient devra devront devrait devraient "
               "doive du due dus dues devant"),
    ("vouloir", "veux veut voulons voulez veulent voulait voulaient voudra voudront voudrait "
                "voudraient veuille voulu"),
    ("savoir", "sais sait savons savez savent savait savaient saura sauront saurait sache su sachant"),
    ("aller", "vais vas va allons allez vont allait allaient ira iront irait iraient aille alle allee alles"),
    ("falloir", "faut fallait faudra faudrait fallu faille"),
    ("voir", "vois voit voyons voyez voient voyait voyaient verra verront verrait vu vue vus vues voyant"),
    ("naitre", "ne nee nes nees nait naissent naissait"),
    ("mourir", "meurt meurent mort morte morts mourait"),
    ("vivre", "vis vit vivent vivait vecu vecue"),
    ("croire", "crois croit croient croyait cru crue"),
    ("boire", "bois boit boivent buvait bu"),
    ("suivre", "suis suit suivent suivait suivi suivie suivis suivies"),
    ("lire", "lis lit lisent lisait lu lue"),
    ("plaire", "plait plu"),
    ("rire", "rit ri"),
    ("valoir", "vaut valent valait vaudra vaudrait valu"),
    ("asseoir", "assis assise assied"),
):
    for _f in _forms.split():
        IRREGULAR.setdefault(_f, _inf)

# Endings of verb families (compounds included) → infinitive endings.
IRREGULAR_ENDINGS = (
    ("ient", ("enir",)), ("iennent", ("enir",)), ("iendra", ("enir",)), ("iendront", ("enir",)),
    ("iendrait", ("enir",)), ("enu", ("enir",)), ("enait", ("enir",)), ("enaient", ("enir",)),
    ("prend", ("prendre",)), ("prennent", ("prendre",)), ("prenait", ("prendre",)),
    ("prenant", ("prendre",)), ("pris", ("prendre",)), ("prise", ("prendre",)),
    ("met", ("mettre",)), ("mettent", ("mettre",)), ("mettait", ("mettre",)), ("mis", ("mettre",)),
    ("mise", ("mettre",)), ("mettra", ("mettre",)), ("mettrait", ("mettre",)),
    ("uisent", ("uire",)), ("uisait", ("uire",)), ("uisaient", ("uire",)), ("uite", ("uire",)),
    ("uisant", ("uire",)),
    ("aint", ("aindre",)), ("eint", ("eindre",)), ("oint", ("oindre",)),
    ("aignent", ("aindre",)), ("eignent", ("eindre",)), ("oignent", ("oindre",)),
    ("aignait", ("aindre",)), ("eignait", ("eindre",)), ("oignait", ("oindre",)),
    ("ert", ("rir",)), ("erte", ("rir",)), ("rent", ("rir",)),
    ("aissent", ("aitre",)), ("aissait", ("aitre",)), ("ait", ("aitre",)), ("u", ("aitre",)),
    ("crit", ("crire",)), ("crite", ("crire",)), ("crivent", ("crire",)), ("crivait", ("crire",)),
    ("cu", ("cevoir",)), ("cue", ("cevoir",)), ("coit", ("cevoir",)), ("coivent", ("cevoir",)),
    ("cevait", ("cevoir",)), ("cevra", ("cevoir",)),
    ("voit", ("voir",)), ("voient", ("voir",)), ("vu", ("voir",)), ("vue", ("voir",)),
    ("llent", ("ler",)), ("lle", ("ler",)), ("ttent", ("ter",)), ("tte", ("ter",)),
    ("oient", ("oyer",)), ("oie", ("oyer",)), ("uient", ("uyer",)), ("uie", ("uyer",)),
    ("lu", ("lire",)), ("uit", ("uivre", "uire")),
)


def lemmas(paths):
    lem = set()
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 2:
                    lem.add(fold(cols[0]))
    return lem


def coverage(lem, lowercase_only=False):
    """(known, total, per-article list, misses by initial letter)."""
    total = known = 0
    per = []
    miss_by_letter = {}
    for art in sorted(glob.glob(os.path.join(ROOT, "data", "dev", "*", "article.fr.txt"))):
        t = k = 0
        with open(art, encoding="utf-8") as f:
            text = f.read()
        for tok in TOKEN.findall(text):
            tok = ELISION.sub("", tok.strip("'’-"))
            for part in tok.split("-"):
                if lowercase_only and part[:1] != part[:1].lower():
                    continue
                w = fold(part)
                if len(w) < 3 or w in STOPF:
                    continue
                t += 1
                if candidates(w) & lem:
                    k += 1
                else:
                    miss_by_letter[w[0]] = miss_by_letter.get(w[0], 0) + 1
        per.append((os.path.basename(os.path.dirname(art)), k, t))
        total += t
        known += k
    return known, total, per, miss_by_letter


STOPF = {fold(s) for s in STOP}


def main():
    files = [BASE] + GENERAL
    errors = []
    base_notes = []
    seen = {}
    counts = {}
    for p in files:
        counts[p] = check_file(p, seen, base_notes if p == BASE else errors)
    for p in files:
        print(f"{os.path.relpath(p, ROOT)}: {counts[p]} lines")
    print(f"total (lemma, pos) pairs: {len(seen)}")
    print(f"notes on the base file (not fatal, it is not ours to edit): {len(base_notes)}")
    only = [os.path.relpath(os.path.abspath(a), ROOT) for a in sys.argv[1:]]
    shown = [e for e in errors if not only or any(e.startswith(o + ":") for o in only)]
    for e in shown[:200]:
        print("ERROR", e)
    print(f"format errors: {len(shown)}")
    for label, paths in (("base fr-en.tsv only", [BASE]), ("all lexicon files", files)):
        lem = lemmas(paths)
        k, t, per, _ = coverage(lem)
        print(f"coverage of dev content words, {label}: {k}/{t} = {100.0 * k / max(t, 1):.1f}%")
        k, t, _, miss = coverage(lem, lowercase_only=True)
        print(f"  same, lowercase tokens only (no names, acronyms): {k}/{t} = {100.0 * k / max(t, 1):.1f}%")
        if label == "all lexicon files":
            for name, kk, tt in per:
                print(f"  {name:40} {kk:5}/{tt:5} = {100.0 * kk / max(tt, 1):.1f}%")
            am = sum(v for c, v in miss.items() if "a" <= c <= "k")
            print(f"  lowercase misses by initial: a-k {am}, l-z {sum(miss.values()) - am}")
    return 1 if shown else 0


if __name__ == "__main__":
    sys.exit(main())
