//! Every glossary term in a text, in one pass.
//!
//! A [`Scanner`] is built once per glossary and language. Each term is
//! tokenised with the shared [`crate::text`] pipeline and each word reduced
//! to its key: a French word to its inflection key
//! ([`crate::text::inflect`]: plurals and feminines meet, derivations do
//! not, so "chiffres" never finds "chiffrement"; a verb term also keys its
//! regular conjugated forms), an English word to its Snowball stem
//! (evidence of a translation: "deploying" for "deployment"); every distinct key
//! gets a small integer id, and each term becomes the sequence of its
//! ids, encoded as bytes. Scanning a text tokenises it the same way, maps
//! each token to its key's id (a token no term uses becomes a separator
//! byte), and runs one Aho–Corasick automaton over that byte string. So
//! "les puces d’IA" finds "puce" and "IA", and "centres de données" finds
//! "centre de donnée".
//!
//! Candidates are then checked against each term's own settings
//! (`exact_only`: same folded tokens; `case_sensitive`: same letter case),
//! and overlapping candidates are resolved leftmost-longest ("grappes de
//! centres de données" wins over "centres de données"). [`Scanner::scan`]
//! returns those; [`Scanner::scan_overlapping`] returns every candidate
//! (the draft checker wants "AI chips" *and* "chips").
//!
//! Spans are byte ranges into the original text. Terms never match across
//! a sentence end, a line break or a token no term uses.
//!
//! Left out: fuzzy (typo-tolerant) matching, which is lookup's job
//! ([`super::index`]); discontinuous terms ("centres *géants* de données").

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::glossary::model::Glossary;
use crate::glossary::model::PartOfSpeech;
use crate::text::inflect::{inflection_key, verb_forms};
use crate::text::stem::{Lang, WordStemmer, same_case};
use crate::text::tokenize::{Span, Token, TokenKind, tokenize_into};

/// Which term of which entry: indexes into [`Glossary::entries`] and
/// [`crate::Entry::terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermRef {
    /// Index of the entry.
    pub entry: usize,
    /// Index of the term inside the entry.
    pub term: usize,
}

/// One place where one or more glossary terms occur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Byte range in the scanned text, from the first token's start to the
    /// last token's end.
    pub span: Span,
    /// Every term written this way (the same words may name several
    /// concepts), in glossary order. Shared with the scanner: cloning a
    /// match does not allocate.
    pub terms: Arc<[TermRef]>,
}

/// A term as the scanner checks it after the automaton proposes it.
#[derive(Debug, Clone)]
struct TermInfo {
    at: TermRef,
    /// Folded tokens, for `exact_only` (empty for unflagged terms).
    folded: Vec<String>,
    /// Original tokens (NFC), for `case_sensitive` (empty likewise).
    original: Vec<String>,
    case_sensitive: bool,
    exact_only: bool,
}

/// The terms one automaton pattern stands for.
#[derive(Debug, Clone, Default)]
struct Pattern {
    /// Indexes into `Scanner::terms`.
    terms: Vec<usize>,
    /// Their references, ready to hand out.
    refs: Arc<[TermRef]>,
    /// No term here is case-sensitive or exact-only: no check needed.
    plain: bool,
}

/// Reused per-chunk buffers.
#[derive(Default)]
struct Buffers {
    toks: Vec<Token>,
    hay: Vec<u8>,
    /// Byte offset in `hay` → token index (u32::MAX for breaks).
    sym_tok: Vec<u32>,
}

/// Original spelling → stem id, with a fast non-cryptographic hash (the
/// keys are words of the text being scanned).
type StemCache<'t> = HashMap<&'t str, u32, Fx>;

/// A hash builder for [`FxHasher`].
type Fx = std::hash::BuildHasherDefault<FxHasher>;

fn fx_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// The Firefox/rustc hash: a multiply and rotate per word, much faster
/// than SipHash on short keys. HashDoS is not a concern for a local tool.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Where the chunk starting at `start` ends: the first line break or
/// sentence end (". " before a letter) after 64 KiB, so chunks hold whole
/// sentences (no term spans a chunk) and token buffers stay small.
fn chunk_end(text: &str, start: usize) -> usize {
    const CHUNK: usize = 64 * 1024;
    let bytes = text.as_bytes();
    let mut i = start + CHUNK;
    while i + 2 < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            return i + 1;
        }
        if matches!(b, b'.' | b'!' | b'?')
            && bytes[i + 1] == b' '
            && bytes[i + 2].is_ascii_alphabetic()
        {
            return i + 2;
        }
        i += 1;
    }
    text.len()
}

/// The one-pass term finder for one language of a glossary.
pub struct Scanner {
    lang: Lang,
    /// English words are keyed by Snowball stem (see [`term_keys`]).
    stemmer: WordStemmer,
    /// Stem → id (ids start at 1).
    vocab: HashMap<String, u32>,
    /// `None` when no term of this language exists.
    ac: Option<AhoCorasick>,
    /// Pattern id → the terms spelt that way.
    patterns: Vec<Pattern>,
    terms: Vec<TermInfo>,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("lang", &self.lang)
            .field("terms", &self.terms.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

/// Byte that stands for "a token no term uses" or a sentence break. No
/// pattern contains it, since encoded ids never use 0x00.
const BREAK: u8 = 0;

/// Largest stem id that [`encode`] can write (128 × 127 × 127 − 1).
const MAX_ID: u32 = 128 * 127 * 127 - 1;

/// Encode a stem id as three bytes: a lead byte with the high bit set and
/// two continuation bytes in 1..=127. A match can therefore only start on
/// a token boundary (the lead byte) and never contains [`BREAK`].
#[inline]
fn encode(id: u32, out: &mut Vec<u8>) {
    let lo = id % 127;
    let mid = (id / 127) % 127;
    let hi = id / (127 * 127);
    out.extend_from_slice(&[0x80 | hi as u8, mid as u8 + 1, lo as u8 + 1]);
}

impl Scanner {
    /// Build the scanner for the `lang` terms of `g`. Terms with no token
    /// (punctuation only) are skipped.
    pub fn new(g: &Glossary, lang: Lang) -> Scanner {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        // Pattern bytes live in one flat buffer, found again through a
        // hash → first pattern map and a collision chain: no small
        // allocation per pattern (a fragmented heap slows every later
        // scan's allocations down).
        let mut flat: Vec<u8> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut heads: HashMap<u64, u32, Fx> = HashMap::default();
        let mut chain: Vec<u32> = Vec::new();
        let mut bytes = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut terms = Vec::new();
        let mut toks = Vec::new();
        let mut next_id = 0u32;
        let stemmer = WordStemmer::new(lang);
        for (ei, e) in g.entries.iter().enumerate() {
            for (ti, t) in e.terms.iter().enumerate() {
                if !t.lang.is(lang.code()) {
                    continue;
                }
                tokenize_into(&t.text, &mut toks);
                if toks.is_empty() {
                    continue;
                }
                bytes.clear();
                let mut full = false;
                let verb = t.pos == Some(PartOfSpeech::Verb);
                for tok in &toks {
                    // Keys of the word, typed without accents, conjugated.
                    let keys = term_keys(&stemmer, &t.text, tok, verb);
                    let id = match keys.iter().find_map(|k| vocab.get(k)) {
                        Some(&id) => id,
                        None => {
                            next_id += 1;
                            next_id
                        }
                    };
                    for k in keys {
                        vocab.entry(k).or_insert(id);
                    }
                    if id > MAX_ID {
                        full = true;
                        break;
                    }
                    encode(id, &mut bytes);
                }
                if full {
                    // Two million distinct stems: ignore the rest rather
                    // than mis-encode them.
                    continue;
                }
                let h = fx_hash(&bytes);
                let mut p = heads.get(&h).copied().unwrap_or(u32::MAX);
                while p != u32::MAX {
                    let start = if p == 0 { 0 } else { ends[p as usize - 1] };
                    if flat[start..ends[p as usize]] == bytes[..] {
                        break;
                    }
                    p = chain[p as usize];
                }
                if p == u32::MAX {
                    p = patterns.len() as u32;
                    flat.extend_from_slice(&bytes);
                    ends.push(flat.len());
                    chain.push(heads.insert(h, p).unwrap_or(u32::MAX));
                    patterns
                        .push(Pattern { plain: true, ..Pattern::default() });
                }
                let p = p as usize;
                let p = &mut patterns[p];
                p.terms.push(terms.len());
                p.refs = p
                    .refs
                    .iter()
                    .copied()
                    .chain([TermRef { entry: ei, term: ti }])
                    .collect();
                p.plain &= !t.case_sensitive && !t.exact_only;
                // Only flagged terms need their tokens kept (fewer small
                // allocations for big glossaries).
                let flagged = t.case_sensitive || t.exact_only;
                terms.push(TermInfo {
                    at: TermRef { entry: ei, term: ti },
                    folded: if flagged {
                        toks.iter().map(|k| k.folded.clone()).collect()
                    } else {
                        Vec::new()
                    },
                    original: if flagged {
                        toks.iter()
                            .map(|k| {
                                crate::text::normalize(&t.text[k.span.clone()])
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    case_sensitive: t.case_sensitive,
                    exact_only: t.exact_only,
                });
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            // The contiguous NFA is compact for 100k+ patterns and fast
            // enough on our 3-bytes-per-token haystack; a full DFA would
            // need hundreds of MB here.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build((0..ends.len()).map(|i| {
                    &flat[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]
                }))
                .ok()
        };
        Scanner { lang, stemmer, vocab, ac, patterns, terms }
    }

    /// The language this scanner reads.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Number of terms the scanner knows.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when the glossary has no term in this language.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every term occurrence, overlaps resolved leftmost-longest, in text
    /// order.
    pub fn scan(&self, text: &str) -> Vec<Match> {
        self.scan_with(text, true)
    }

    /// Every term occurrence, including those inside a longer term, in
    /// text order of their end.
    pub fn scan_overlapping(&self, text: &str) -> Vec<Match> {
        self.scan_with(text, false)
    }

    fn scan_with(&self, text: &str, longest: bool) -> Vec<Match> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let mut buf = Buffers::default();
        // Cache stems per original spelling: texts repeat their words, and
        // Snowball is the slow part.
        let mut cache: StemCache = HashMap::default();
        let mut out = Vec::new();
        let mut local = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = chunk_end(text, start);
            local.clear();
            self.scan_chunk(
                ac,
                text,
                start..end,
                &mut buf,
                &mut cache,
                &mut local,
            );
            if longest {
                // No term spans two chunks, so resolving overlaps per
                // chunk is exact, and sorts a cache-sized array.
                select_longest(&mut local, &mut out);
            } else {
                out.append(&mut local);
            }
            start = end;
        }
        out
    }

    /// Scan `text[range]`, a run of whole sentences, appending matches
    /// with spans into `text`.
    fn scan_chunk<'t>(
        &self,
        ac: &AhoCorasick,
        text: &'t str,
        range: Span,
        buf: &mut Buffers,
        cache: &mut StemCache<'t>,
        out: &mut Vec<Match>,
    ) {
        let base = range.start;
        let chunk = &text[range];
        let Buffers { toks, hay, sym_tok } = buf;
        tokenize_into(chunk, toks);
        hay.clear();
        sym_tok.clear();
        let mut prev_end = 0;
        for (i, tok) in toks.iter().enumerate() {
            if i > 0 && is_break(&chunk[prev_end..tok.span.start]) {
                hay.push(BREAK);
                sym_tok.push(u32::MAX);
            }
            prev_end = tok.span.end;
            let word = &chunk[tok.span.clone()];
            let id = match cache.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.stem_id(chunk, tok);
                    cache.insert(word, id);
                    id
                }
            };
            if id == 0 {
                hay.push(BREAK);
                sym_tok.push(u32::MAX);
            } else {
                encode(id, hay);
                sym_tok.extend([i as u32; 3]);
            }
        }
        for m in ac.find_overlapping_iter(&hay[..]) {
            let first = sym_tok[m.start()] as usize;
            let last = sym_tok[m.end() - 1] as usize;
            let span =
                base + toks[first].span.start..base + toks[last].span.end;
            let p = &self.patterns[m.pattern().as_usize()];
            let terms = if p.plain {
                p.refs.clone()
            } else {
                p.terms
                    .iter()
                    .map(|&ti| &self.terms[ti])
                    .filter(|t| self.accepts(t, chunk, &toks[first..=last]))
                    .map(|t| t.at)
                    .collect::<Vec<_>>()
                    .into()
            };
            if !terms.is_empty() {
                out.push(Match { span, terms });
            }
        }
    }

    /// The id of a token's key ([`word_key`]), 0 when no term uses it.
    fn stem_id(&self, text: &str, tok: &Token) -> u32 {
        let key = match tok.kind {
            TokenKind::Word => {
                word_key(&self.stemmer, &text[tok.span.clone()])
            }
            _ => tok.folded.clone(),
        };
        self.vocab.get(&key).copied().unwrap_or(0)
    }

    /// Does the term's own setting accept these text tokens?
    fn accepts(&self, t: &TermInfo, text: &str, toks: &[Token]) -> bool {
        if t.exact_only
            && !toks.iter().zip(&t.folded).all(|(k, f)| k.folded == *f)
        {
            return false;
        }
        if t.case_sensitive {
            for (k, want) in toks.iter().zip(&t.original) {
                let got = &text[k.span.clone()];
                if t.exact_only {
                    if crate::text::normalize(got) != *want {
                        return false;
                    }
                } else if !same_case(got, want) {
                    return false;
                }
            }
        }
        true
    }
}

/// The key a word is matched by. French: its inflection key
/// ([`inflection_key`]: plurals and feminines meet, derivations such as
/// "chiffrement" for "chiffres" do not), since a French match claims that
/// the source names a concept. English: its Snowball stem, since an
/// English match is evidence of a translation, and translators turn a
/// French noun into a verb or gerund ("déploiement" → "deploying").
fn word_key(stemmer: &WordStemmer, word: &str) -> String {
    match stemmer.lang() {
        Lang::Fr => inflection_key(Lang::Fr, word),
        Lang::En => stemmer.stem_word(word),
    }
}

/// The vocabulary keys of one token of a term: the key of the word
/// ([`word_key`]), that of the word typed without accents, and for a
/// French verb those of its regular conjugated forms.
fn term_keys(
    stemmer: &WordStemmer,
    text: &str,
    tok: &Token,
    verb: bool,
) -> Vec<String> {
    if tok.kind != TokenKind::Word {
        return vec![tok.folded.clone()];
    }
    let word = &text[tok.span.clone()];
    let mut keys =
        vec![word_key(stemmer, word), word_key(stemmer, &tok.folded)];
    if verb && stemmer.lang() == Lang::Fr {
        keys.extend(
            verb_forms(Lang::Fr, word).iter().map(|f| word_key(stemmer, f)),
        );
    }
    keys.dedup();
    keys
}

/// Move the leftmost-longest non-overlapping matches of `all` (matches
/// of one chunk) to `out`: leftmost first, then longest; a match is kept
/// only if it starts at or after the end of the last one kept.
fn select_longest(all: &mut Vec<Match>, out: &mut Vec<Match>) {
    all.sort_by(|a, b| {
        a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end))
    });
    let mut last_end = 0;
    for m in all.drain(..) {
        if m.span.start >= last_end {
            last_end = m.span.end;
            out.push(m);
        }
    }
}

/// True when the letters the two words share (by position) have the same
/// case: "IAs" keeps the case of "IA", "ia" does not, "Puces" does not
/// keep the case of "puce".
/// True when the gap between two tokens ends a sentence or a line: a
/// term never spans it.
fn is_break(gap: &str) -> bool {
    gap.bytes().any(|b| matches!(b, b'.' | b'!' | b'?' | b';' | b'\n' | b':'))
        || gap.contains(['…', '¶'])
}

/// A glossary with its French and English scanners, built once and
/// shared (the LSP rebuilds it when the files change).
#[derive(Debug)]
pub struct Scanners {
    /// The glossary the scanners index into.
    pub glossary: Glossary,
    /// French terms.
    pub fr: Scanner,
    /// English terms.
    pub en: Scanner,
}

impl Scanners {
    /// Build both scanners.
    pub fn new(glossary: Glossary) -> Scanners {
        let fr = Scanner::new(&glossary, Lang::Fr);
        let en = Scanner::new(&glossary, Lang::En);
        Scanners { glossary, fr, en }
    }

    /// The scanner for `lang`.
    pub fn get(&self, lang: Lang) -> &Scanner {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// The term a [`TermRef`] points at.
    pub fn term(&self, r: TermRef) -> &crate::Term {
        &self.glossary.entries[r.entry].terms[r.term]
    }

    /// The entry a [`TermRef`] points at.
    pub fn entry(&self, r: TermRef) -> &crate::Entry {
        &self.glossary.entries[r.entry]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::{AdminStatus, Entry, LangTag, Term};

    /// A glossary from `(id, lang, text, flags)` rows; flags: `c` case
    /// sensitive, `x` exact only, `d` deprecated.
    fn glossary(rows: &[(&str, &str, &str, &str)]) -> Glossary {
        let mut g = Glossary::new();
        for &(id, lang, text, flags) in rows {
            if g.get(id).is_none() {
                g.entries.push(Entry::new(id));
            }
            let mut t = Term::new(LangTag::parse(lang).unwrap(), text);
            t.case_sensitive = flags.contains('c');
            t.exact_only = flags.contains('x');
            if flags.contains('d') {
                t.status = AdminStatus::Deprecated;
            }
            if flags.contains('v') {
                t.pos = Some(PartOfSpeech::Verb);
            }
            g.get_mut(id).unwrap().terms.push(t);
        }
        g
    }

    fn found(g: &Glossary, lang: Lang, text: &str) -> Vec<(String, String)> {
        let s = Scanner::new(g, lang);
        s.scan(text)
            .into_iter()
            .map(|m| {
                let ids: Vec<&str> = m
                    .terms
                    .iter()
                    .map(|r| g.entries[r.entry].id.as_str())
                    .collect();
                (text[m.span].to_string(), ids.join("+"))
            })
            .collect()
    }

    macro_rules! t {
        ($name:ident, $rows:expr, $lang:expr, $text:expr, $want:expr) => {
            #[test]
            fn $name() {
                let g = glossary(&$rows);
                let want: Vec<(String, String)> = $want
                    .iter()
                    .map(|(a, b): &(&str, &str)| {
                        (a.to_string(), b.to_string())
                    })
                    .collect();
                assert_eq!(found(&g, $lang, $text), want);
            }
        };
    }

    const BASE: [(&str, &str, &str, &str); 8] = [
        ("c1", "fr", "puce", ""),
        ("c2", "fr", "IA", "c"),
        ("c3", "fr", "centre de données", ""),
        ("c4", "fr", "grappe de centres de données", ""),
        ("c5", "fr", "fonds spéculatif", ""),
        ("c6", "en", "chip", ""),
        ("c6", "en", "AI chip", ""),
        ("c7", "fr", "H100", "x"),
    ];

    t!(issue_5_inflection, BASE, Lang::Fr, "les puces", [("puces", "c1")]);
    t!(
        issue_16_inflections_not_derivations,
        [
            ("d1", "fr", "chiffres", ""),
            ("d2", "fr", "raison", ""),
            ("d3", "fr", "invite", ""),
            ("d4", "fr", "IA générative", ""),
        ],
        Lang::Fr,
        "Le chiffrement, le raisonnement, les invitées ; les invites, \
         le chiffre, la raison, les IA génératives.",
        [
            ("invites", "d3"),
            ("chiffre", "d1"),
            ("raison", "d2"),
            ("IA génératives", "d4")
        ]
    );
    t!(
        issue_16_verb_terms_conjugate,
        [("v1", "fr", "contrôler", "v"), ("n1", "fr", "informatique", "")],
        Lang::Fr,
        "Ils contrôlent les prix ; le contrôleur ; l’informatisation.",
        [("contrôlent", "v1")]
    );
    t!(
        issue_16_english_by_stem,
        [("e1", "en", "deployment", "")],
        Lang::En,
        "focused on deploying AI algorithms",
        [("deploying", "e1")]
    );
    t!(
        issue_5_elision,
        BASE,
        Lang::Fr,
        "des puces d’IA et l'IA",
        [("puces", "c1"), ("IA", "c2"), ("IA", "c2")]
    );
    t!(
        issue_5_plural_multiword,
        BASE,
        Lang::Fr,
        "Les centres de données, les fonds spéculatifs.",
        [("centres de données", "c3"), ("fonds spéculatifs", "c5")]
    );
    t!(
        issue_5_longest_match_wins,
        BASE,
        Lang::Fr,
        "des grappes de centres de données géantes",
        [("grappes de centres de données", "c4")]
    );
    t!(
        issue_5_case_sensitive,
        BASE,
        Lang::Fr,
        "IA, ia, Ia, l’IA",
        [("IA", "c2"), ("IA", "c2")]
    );
    t!(
        issue_5_exact_only,
        BASE,
        Lang::Fr,
        "une H100, des H100s, h100",
        [("H100", "c7"), ("h100", "c7")]
    );
    t!(
        issue_5_accents_and_case_folded,
        BASE,
        Lang::Fr,
        "CENTRE DE DONNEES",
        [("CENTRE DE DONNEES", "c3")]
    );
    t!(
        issue_5_no_match_across_sentences,
        BASE,
        Lang::Fr,
        "un centre. De données",
        []
    );
    t!(
        issue_5_gap_word_breaks_term,
        BASE,
        Lang::Fr,
        "centre géant de données",
        []
    );
    t!(
        issue_5_english_possessive,
        BASE,
        Lang::En,
        "the AI chips' maker and a chip’s price",
        [("AI chips", "c6"), ("chip", "c6")]
    );

    #[test]
    fn issue_5_overlapping_lists_inner_terms() {
        let g = glossary(&BASE);
        let s = Scanner::new(&g, Lang::En);
        let text = "AI chips";
        let got: Vec<&str> = s
            .scan_overlapping(text)
            .iter()
            .map(|m| &text[m.span.clone()])
            .collect();
        assert_eq!(got, ["AI chips", "chips"]);
    }

    #[test]
    fn same_words_two_concepts() {
        let g =
            glossary(&[("a", "fr", "modèle", ""), ("b", "fr", "modèles", "")]);
        assert_eq!(
            found(&g, Lang::Fr, "le modèle"),
            [("modèle".into(), "a+b".into())]
        );
    }

    #[test]
    fn empty_glossary_and_odd_text() {
        let g = Glossary::new();
        let s = Scanner::new(&g, Lang::Fr);
        assert!(s.is_empty());
        assert!(s.scan("les puces").is_empty());
        let g = glossary(&BASE);
        let s = Scanner::new(&g, Lang::Fr);
        for text in ["", " ", "\u{0}\u{1}", "’’’", "d’", "é\u{301}"] {
            assert!(s.scan(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn encode_is_self_synchronising() {
        let mut v = Vec::new();
        for id in [1, 126, 127, 128, 16128, 16129, MAX_ID] {
            v.clear();
            encode(id, &mut v);
            assert!(
                v[0] >= 0x80 && v[1..].iter().all(|&b| (1..=127).contains(&b))
            );
        }
        let mut a = Vec::new();
        let mut b = Vec::new();
        encode(5, &mut a);
        encode(5 + 127, &mut b);
        assert_ne!(a, b);
    }

    proptest::proptest! {
        #[test]
        fn spans_fall_on_char_boundaries(text in "\\PC{0,60}") {
            let g = glossary(&BASE);
            let s = Scanner::new(&g, Lang::Fr);
            for m in s.scan_overlapping(&text) {
                proptest::prop_assert!(text.is_char_boundary(m.span.start));
                proptest::prop_assert!(text.is_char_boundary(m.span.end));
            }
        }
    }
}
