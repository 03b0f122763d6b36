//! Sentence alignment: which French sentences translate which English
//! ones.
//!
//! [`align`] runs a dynamic programme over the two sentence lists, in a
//! band around the diagonal (widened and rerun when the best path touches
//! its edge, so cost stays close to linear on book-length input). Each
//! step is a [`Bead`] of type 1–1, 1–2, 2–1, 1–0, 0–1 or 2–2, costed by:
//!
//! - Gale–Church length cost: the English length predicted from the
//!   French one (ratio measured on the input itself), a normal model of
//!   the difference, and a prior per bead type;
//! - lexical anchors: the share of content words on each side that find
//!   a partner on the other — equal numbers, identical tokens (names,
//!   acronyms), cognates (a shared 5-letter folded prefix), lexicon
//!   translations (compared by English stem) and glossary pairs;
//! - paragraphs: a bead never merges sentences of two paragraphs, and
//!   when both sides have as many paragraphs, matching paragraphs are
//!   strongly preferred.
//!
//! Not done here: sentence splitting ([`crate::text::segment`]) and
//! reordering (beads are monotone, as in every length-based aligner).

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::text::stem::{Lang, WordStemmer};
use crate::text::tokenize::{TokenKind, join_folded, tokenize_into};

use super::anchor::{Band, anchors, center_path};

use super::lexicon::Lexicon;
use super::pos::{is_en_function, is_fr_function};

/// One step of the alignment: French and English sentence indexes
/// (0-based, consecutive; either side may be empty) and a confidence in
/// `[0, 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// French sentence indexes.
    pub fr: Vec<usize>,
    /// English sentence indexes.
    pub en: Vec<usize>,
    /// Confidence in `[0, 1]`: 0 for insertions/deletions.
    pub score: f64,
}

/// Extra knowledge for [`align`].
#[derive(Debug, Clone, Default)]
pub struct AlignOptions<'a> {
    /// Paragraph number of each French sentence.
    pub fr_paragraphs: Option<&'a [usize]>,
    /// Paragraph number of each English sentence.
    pub en_paragraphs: Option<&'a [usize]>,
    /// The single-word lexicon (`None`: no lexicon anchors).
    pub lexicon: Option<&'a Lexicon>,
    /// Glossary term pairs (French, English) used as anchors; multiword
    /// terms are matched on folded text.
    pub glossary: &'a [(String, String)],
}

/// Bead types: (French count, English count, prior probability). The
/// first six are Gale and Church's, but 2–2 is less likely here (0.004,
/// not 0.011): in a bead with several sentences on both sides, words
/// match across the pairs too, a lexical bonus their length-only model
/// did not give. The larger ones are rarer still and pay for it in the
/// prior, but a long sentence translated as three or four (or the
/// reverse) must cost less than a merge plus orphan insertions; 3–2 and
/// 2–3 are kept for real overlaps, at a prior that makes them rare.
const BEADS: [(usize, usize, f64); 12] = [
    (1, 1, 0.89),
    (1, 0, 0.005),
    (0, 1, 0.005),
    (2, 1, 0.0445),
    (1, 2, 0.0445),
    (2, 2, 0.004),
    (3, 1, 0.004),
    (1, 3, 0.004),
    (3, 2, 0.0002),
    (2, 3, 0.0002),
    (4, 1, 0.001),
    (1, 4, 0.001),
];

/// Most sentences on one side of a bead.
const MAX_BEAD: usize = 4;

/// Weight of the lexical term against the length term.
const LEXICAL_WEIGHT: f64 = 6.0;
/// Extra cost of each sentence of a merge bead that links to nothing:
/// what a 1–0 bead would cost (prior and lexical term).
const ORPHAN_PENALTY: f64 = 5.3 + LEXICAL_WEIGHT / 2.0;
/// Extra cost of each orphan sentence of a 1–1 bead.
const ORPHAN_PENALTY_1_1: f64 = 3.0;
/// Variance per character of the length difference (Gale–Church).
const VARIANCE: f64 = 6.8;
/// Cost of a bead that mixes paragraphs or crosses a paragraph boundary.
const PARAGRAPH_PENALTY: f64 = 25.0;

/// Half-width of the first band (in sentences) around the centre path.
pub const MIN_BAND: usize = 24;
/// The band is widened (doubled) while the best path touches its edge
/// and the next band has at most this many cells; one byte each is kept
/// for the trace-back. A band of [`MIN_BAND`] is always tried, so inputs
/// past `MAX_CELLS / 49` sentences cost 49 cells per sentence at most.
pub const MAX_CELLS: usize = 6_000_000;
/// Most sentences per side that [`align`] pairs (a documented limit:
/// past it, `align` leaves every sentence unaligned, score 0, rather than
/// spend seconds per million sentences; [`check_sentence_count`] is the
/// error callers report).
pub const MAX_SENTENCES: usize = 200_000;

/// The error for a text of `count` sentences past [`MAX_SENTENCES`].
pub fn check_sentence_count(count: usize) -> crate::error::Result<()> {
    if count > MAX_SENTENCES {
        return Err(crate::error::Error::input(format!(
            "{count} sentences: past the limit of {MAX_SENTENCES} per text \
             for alignment (split the text)"
        )));
    }
    Ok(())
}

/// Bytes of a sentence read for lexical anchors; the rest of a longer
/// "sentence" (a text with no punctuation) counts by its length only.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Per-sentence anchor data, flat: sentence `i`'s tokens are
/// `sent_tok[i]..sent_tok[i + 1]`, token `t`'s anchor ids are
/// `ids[tok[t]..tok[t + 1]]`, and sentence `i`'s sorted, deduplicated
/// union is `set[set_at[i]..set_at[i + 1]]`.
struct Side {
    /// Prefix sums of the sentence lengths in characters.
    len_sum: Vec<f64>,
    sent_tok: Vec<usize>,
    tok: Vec<usize>,
    ids: Vec<u32>,
    set_at: Vec<usize>,
    set: Vec<u32>,
}

impl Side {
    fn ntok(&self, i: usize) -> usize {
        self.sent_tok[i + 1] - self.sent_tok[i]
    }

    fn tokens(&self, i: usize) -> impl Iterator<Item = &[u32]> + '_ {
        (self.sent_tok[i]..self.sent_tok[i + 1])
            .map(|t| &self.ids[self.tok[t]..self.tok[t + 1]])
    }

    fn set(&self, i: usize) -> &[u32] {
        &self.set[self.set_at[i]..self.set_at[i + 1]]
    }

    fn len(&self, r: &Range<usize>) -> f64 {
        self.len_sum[r.end] - self.len_sum[r.start]
    }
}

struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.0.get(s) {
            return i;
        }
        let i = self.0.len() as u32;
        self.0.insert(s.to_string(), i);
        i
    }
}

fn cognate_key(folded: &str) -> Option<String> {
    let letters: String =
        folded.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.chars().count() >= 6 {
        Some(format!("~{}", letters.chars().take(5).collect::<String>()))
    } else {
        None
    }
}

/// The longest prefix of `s` of at most `max` bytes, on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut k = max;
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    &s[..k]
}

/// Glossary terms of one side as an automaton over folded keys padded
/// with spaces (one pass per sentence whatever the glossary's size).
fn glossary_matcher(
    glossary: &[(String, String)],
    lang: Lang,
) -> Option<(AhoCorasick, Vec<u32>)> {
    let mut pats = Vec::new();
    let mut which = Vec::new();
    for (i, (f, e)) in glossary.iter().enumerate() {
        let k = crate::text::key(if lang == Lang::Fr { f } else { e });
        if !k.is_empty() {
            pats.push(format!(" {k} "));
            which.push(i as u32);
        }
    }
    if pats.is_empty() {
        return None;
    }
    // A glossary too large for an automaton only loses its anchors.
    AhoCorasick::new(&pats).ok().map(|ac| (ac, which))
}

fn build_side(
    sents: &[&str],
    lang: Lang,
    lex: Option<&Lexicon>,
    glossary: &[(String, String)],
    interner: &mut Interner,
) -> Side {
    let stem_en = WordStemmer::new(Lang::En);
    let stem_fr = WordStemmer::new(Lang::Fr);
    let mut side = Side {
        len_sum: Vec::with_capacity(sents.len() + 1),
        sent_tok: vec![0],
        tok: vec![0],
        ids: Vec::new(),
        set_at: vec![0],
        set: Vec::new(),
    };
    side.len_sum.push(0.0);
    let matcher = glossary_matcher(glossary, lang);
    // Anchors depend only on the word's folded form (and its case for
    // stemming, which folding makes irrelevant here): cache them.
    let mut cache: HashMap<String, Option<Vec<u32>>> = HashMap::new();
    let mut toks = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    let mut set: Vec<u32> = Vec::new();
    let mut total = 0.0;
    for s in sents {
        total += s.chars().count() as f64;
        side.len_sum.push(total);
        let s = prefix(s, MAX_SENTENCE_BYTES);
        tokenize_into(s, &mut toks);
        set.clear();
        for t in &toks {
            if t.kind == TokenKind::Word
                && let Some(c) = cache.get(&t.folded)
            {
                if let Some(c) = c {
                    side.ids.extend_from_slice(c);
                    side.tok.push(side.ids.len());
                    set.extend_from_slice(c);
                }
                continue;
            }
            ids.clear();
            let w = t.folded.as_str();
            match t.kind {
                TokenKind::Number => {
                    ids.push(
                        interner.id(&format!("#{}", w.replace(',', "."))),
                    );
                }
                TokenKind::Word => {
                    let func = match lang {
                        Lang::Fr => is_fr_function(w),
                        Lang::En => is_en_function(w),
                    };
                    if func || w.chars().count() < 2 {
                        cache.insert(t.folded.clone(), None);
                        continue;
                    }
                    // Identical tokens (names, acronyms, loanwords).
                    ids.push(interner.id(w));
                    if let Some(c) = cognate_key(w) {
                        ids.push(interner.id(&c));
                    }
                    match lang {
                        Lang::En => {
                            let st = stem_en.stem_word(&s[t.span.clone()]);
                            ids.push(interner.id(&format!("={st}")));
                        }
                        Lang::Fr => {
                            if let Some(lex) = lex {
                                let st = stem_fr.stem_word(&s[t.span.clone()]);
                                for e in lex.lookup(w, &st) {
                                    for en in &e.en {
                                        // Multiword equivalents anchor by
                                        // their last (head) word.
                                        let head = en
                                            .rsplit(' ')
                                            .next()
                                            .unwrap_or(en);
                                        let st = stem_en.stem_word(head);
                                        ids.push(
                                            interner.id(&format!("={st}")),
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                _ => continue,
            }
            ids.sort_unstable();
            ids.dedup();
            if t.kind == TokenKind::Word {
                cache.insert(t.folded.clone(), Some(ids.clone()));
            }
            side.ids.extend_from_slice(&ids);
            side.tok.push(side.ids.len());
            set.extend_from_slice(&ids);
        }
        if let Some((ac, which)) = &matcher {
            let k = format!(" {} ", join_folded(&toks));
            for mat in ac.find_overlapping_iter(&k) {
                let id = interner.id(&format!("@{}", which[mat.pattern()]));
                side.ids.push(id);
                side.tok.push(side.ids.len());
                set.push(id);
            }
        }
        side.sent_tok.push(side.tok.len() - 1);
        set.sort_unstable();
        set.dedup();
        side.set.extend_from_slice(&set);
        side.set_at.push(side.set.len());
    }
    side
}

/// Count tokens of `toks` with an anchor in `set`.
fn matched<'a>(toks: impl Iterator<Item = &'a [u32]>, set: &[u32]) -> usize {
    toks.filter(|ids| ids.iter().any(|i| set.binary_search(i).is_ok())).count()
}

/// Standard normal upper tail 2·(1 − Φ(|z|)), via erfc.
fn two_tail(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// `-ln(two_tail(z))` without the exponential (the same polynomial),
/// capped at `-ln(1e-12)` like the probability it stands for.
fn neg_ln_two_tail(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = ERFC_C.iter().rev().fold(0.0, |acc, &c| acc * t + c);
    (x * x - poly - t.ln()).clamp(0.0, 27.631_021_115_928_547)
}

/// Coefficients of Numerical Recipes' erfcc.
const ERFC_C: [f64; 10] = [
    -1.265_512_23,
    1.000_023_68,
    0.374_091_96,
    0.096_784_18,
    -0.186_288_06,
    0.278_868_07,
    -1.135_203_98,
    1.488_515_87,
    -0.822_152_23,
    0.170_872_77,
];

/// Complementary error function (Numerical Recipes' erfcc, |ε| < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    // Horner evaluation of the polynomial in t.
    let poly = ERFC_C.iter().rev().fold(0.0, |acc, &c| acc * t + c);
    let r = t * (-z * z + poly).exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Memo of [`Scorer::pair`] for the last `MAX_BEAD + 1` French
/// sentences, over the columns the band can ask for: memory linear in
/// the band's width, not in its area.
struct PairRows {
    owner: [usize; MAX_BEAD + 1],
    base: [usize; MAX_BEAD + 1],
    vals: [Vec<(u32, u32)>; MAX_BEAD + 1],
}

const UNSET: (u32, u32) = (u32::MAX, u32::MAX);

struct Scorer<'a> {
    fr: Side,
    en: Side,
    ratio: f64,
    fr_par: Option<&'a [usize]>,
    en_par: Option<&'a [usize]>,
    same_paragraphs: bool,
    memo: PairRows,
    /// Scratch: the ids two sentences share.
    common: Vec<u32>,
}

impl Scorer<'_> {
    /// (French tokens of `f` matched in `e`, English tokens of `e`
    /// matched in `f`).
    fn pair(&mut self, band: &Band, f: usize, e: usize) -> (usize, usize) {
        let slot = f % (MAX_BEAD + 1);
        let m = &mut self.memo;
        if m.owner[slot] != f {
            // Columns rows f+1..=f+MAX_BEAD may pair with sentence f.
            let n = band.lo.len() - 1;
            let base = band.lo[(f + 1).min(n)].saturating_sub(MAX_BEAD);
            let end = band.hi[(f + MAX_BEAD).min(n)];
            m.owner[slot] = f;
            m.base[slot] = base;
            m.vals[slot].clear();
            m.vals[slot].resize(end.saturating_sub(base) + 1, UNSET);
        }
        let k = e.wrapping_sub(m.base[slot]);
        if let Some(&v) = m.vals[slot].get(k)
            && v != UNSET
        {
            return (v.0 as usize, v.1 as usize);
        }
        // Tokens of either sentence can only match ids of both: most
        // pairs share none, and the merge is cheaper than a search per
        // token.
        let common = &mut self.common;
        common.clear();
        let (mut x, mut y) = (self.fr.set(f), self.en.set(e));
        while let (Some(&p), Some(&q)) = (x.first(), y.first()) {
            if p < q {
                x = &x[1..];
            } else if q < p {
                y = &y[1..];
            } else {
                common.push(p);
                x = &x[1..];
                y = &y[1..];
            }
        }
        let (a, b) = if common.is_empty() {
            (0, 0)
        } else {
            (
                matched(self.fr.tokens(f), common),
                matched(self.en.tokens(e), common),
            )
        };
        if let Some(v) = self.memo.vals[slot].get_mut(k) {
            *v = (a as u32, b as u32);
        }
        (a, b)
    }

    /// Lexical similarity of a bead in [0, 1], and how many of its
    /// sentences (with a few content words) found no partner at all.
    fn similarity(
        &mut self,
        band: &Band,
        fr: Range<usize>,
        en: Range<usize>,
    ) -> (f64, usize) {
        let nf: usize = fr.clone().map(|i| self.fr.ntok(i)).sum();
        let ne: usize = en.clone().map(|j| self.en.ntok(j)).sum();
        if nf + ne == 0 || fr.is_empty() || en.is_empty() {
            return (0.0, 0);
        }
        let mut orphan = 0usize;
        let mut total = 0usize;
        let mut me = [0usize; MAX_BEAD];
        for i in fr {
            let mut mf = 0;
            for (k, j) in en.clone().enumerate() {
                let (a, b) = self.pair(band, i, j);
                mf += a;
                me[k] += b;
            }
            let n = self.fr.ntok(i);
            orphan += usize::from(n >= 3 && mf * 10 < n);
            total += mf.min(n);
        }
        for (k, j) in en.enumerate() {
            let n = self.en.ntok(j);
            orphan += usize::from(n >= 3 && me[k] * 10 < n);
            total += me[k].min(n);
        }
        (total as f64 / (nf + ne) as f64, orphan)
    }

    /// Gale–Church's z: the English length's distance from the one the
    /// French predicts, in standard deviations.
    fn length_z(&self, fr: &Range<usize>, en: &Range<usize>) -> f64 {
        let l1 = self.fr.len(fr);
        let l2 = self.en.len(en);
        let mean = (l1 + l2 / self.ratio) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        (l2 - l1 * self.ratio) / (mean * VARIANCE).sqrt()
    }

    /// The cheap part of a bead's cost: `-ln` of the length probability
    /// (none for insertions and deletions, which have no length to
    /// compare) and the paragraph penalty. Never negative.
    fn length_cost(&self, fr: &Range<usize>, en: &Range<usize>) -> f64 {
        let mut c = self.paragraph_cost(fr, en);
        if !fr.is_empty() && !en.is_empty() {
            c += neg_ln_two_tail(self.length_z(fr, en));
        }
        c
    }

    /// The lexical part of a bead's cost. Never negative.
    fn lexical_cost(
        &mut self,
        band: &Band,
        fr: Range<usize>,
        en: Range<usize>,
    ) -> f64 {
        let size = fr.len() + en.len();
        let (sim, orphan) = self.similarity(band, fr, en);
        let mut c = LEXICAL_WEIGHT * (1.0 - sim) * size as f64 / 2.0;
        if size > 2 {
            // A merged sentence with no lexical link to its partners is
            // more likely an insertion or a deletion: cost it as one.
            c += ORPHAN_PENALTY * orphan as f64;
        } else {
            // In a 1–1 bead, a little: free translations with words the
            // lexicon lacks must stay cheaper than a deletion plus an
            // insertion, but a real insertion next to a strong pair wins.
            c += ORPHAN_PENALTY_1_1 * orphan as f64;
        }
        c
    }

    fn paragraph_cost(&self, fr: &Range<usize>, en: &Range<usize>) -> f64 {
        let mut c = 0.0;
        let mixed = |p: Option<&[usize]>, r: &Range<usize>| {
            p.is_some_and(|p| p[r.clone()].windows(2).any(|w| w[0] != w[1]))
        };
        if mixed(self.fr_par, fr) {
            c += PARAGRAPH_PENALTY;
        }
        if mixed(self.en_par, en) {
            c += PARAGRAPH_PENALTY;
        }
        if self.same_paragraphs
            && let (Some(pf), Some(pe)) = (self.fr_par, self.en_par)
            && !fr.is_empty()
            && !en.is_empty()
            && pf[fr.start] != pe[en.start]
        {
            c += PARAGRAPH_PENALTY;
        }
        c
    }

    /// Confidence of a chosen bead.
    fn confidence(
        &mut self,
        band: &Band,
        fr: &Range<usize>,
        en: &Range<usize>,
    ) -> f64 {
        if fr.is_empty() || en.is_empty() {
            return 0.0;
        }
        let lp = two_tail(self.length_z(fr, en));
        let (sim, _) = self.similarity(band, fr.clone(), en.clone());
        (0.6 * sim + 0.4 * lp).clamp(0.0, 1.0)
    }
}

/// Align French sentences with English ones. Never panics; empty sides
/// (and sides past [`MAX_SENTENCES`]) give all-deletion/insertion beads
/// with score 0. Memory and time are
/// linear in the number of sentences whatever the imbalance between the
/// sides (see [`super::anchor`] and [`MAX_CELLS`]); a sentence's words
/// past [`MAX_SENTENCE_BYTES`] count by their length only.
///
/// ```
/// use glossa::align::sentence::{AlignOptions, align};
/// let fr = ["DeepSeek a levé 300 millions.", "C'est beaucoup.", "Fin."];
/// let en = ["DeepSeek raised 300 million. That is a lot.", "End."];
/// let beads = align(&fr, &en, &AlignOptions::default());
/// let pairs: Vec<_> = beads.iter().map(|b| (b.fr.clone(), b.en.clone())).collect();
/// assert_eq!(pairs, [(vec![0, 1], vec![0]), (vec![2], vec![1])]);
/// ```
pub fn align(fr: &[&str], en: &[&str], opts: &AlignOptions) -> Vec<Bead> {
    align_counting(fr, en, opts).0
}

/// [`align`], and the number of DP cells it visited over all its passes
/// (what its time and trace-back memory are proportional to).
fn align_counting(
    fr: &[&str],
    en: &[&str],
    opts: &AlignOptions,
) -> (Vec<Bead>, usize) {
    let n = fr.len();
    let m = en.len();
    if n == 0 || m == 0 || n > MAX_SENTENCES || m > MAX_SENTENCES {
        let mut out: Vec<Bead> = (0..n)
            .map(|i| Bead { fr: vec![i], en: vec![], score: 0.0 })
            .collect();
        out.extend((0..m).map(|j| Bead {
            fr: vec![],
            en: vec![j],
            score: 0.0,
        }));
        return (out, 0);
    }
    let mut interner = Interner(HashMap::new());
    let fr_side =
        build_side(fr, Lang::Fr, opts.lexicon, opts.glossary, &mut interner);
    let en_side =
        build_side(en, Lang::En, opts.lexicon, opts.glossary, &mut interner);
    let tf = fr_side.len_sum[n].max(1.0);
    let te = en_side.len_sum[m].max(1.0);
    let ratio = (te / tf).clamp(0.25, 4.0);
    fn valid_par(p: Option<&[usize]>, len: usize) -> Option<&[usize]> {
        p.filter(|p| p.len() == len)
    }
    let fr_par = valid_par(opts.fr_paragraphs, n);
    let en_par = valid_par(opts.en_paragraphs, m);
    let same_paragraphs = match (fr_par, en_par) {
        (Some(a), Some(b)) => a.last() == b.last() && a.last() > Some(&0),
        _ => false,
    };
    let mut w = MIN_BAND;
    let mut center = center_path(n, m, &[]);
    let mut band = Band::around(&center, m, w);
    if !band.is_full(m) {
        // Long input: bend the band through high-confidence pairs.
        let fr_tokens: Vec<Vec<&[u32]>> =
            (0..n).map(|i| fr_side.tokens(i).collect()).collect();
        let fr_ids: Vec<&[u32]> = (0..n).map(|i| fr_side.set(i)).collect();
        let en_ids: Vec<&[u32]> = (0..m).map(|j| en_side.set(j)).collect();
        let a = anchors(&fr_tokens, &fr_ids, &en_ids, interner.0.len());
        if !a.is_empty() {
            center = center_path(n, m, &a);
            band = Band::around(&center, m, w);
        }
    }
    let mut sc = Scorer {
        fr: fr_side,
        en: en_side,
        ratio,
        fr_par,
        en_par,
        same_paragraphs,
        memo: PairRows {
            owner: [usize::MAX; MAX_BEAD + 1],
            base: [0; MAX_BEAD + 1],
            vals: Default::default(),
        },
        common: Vec::new(),
    };
    let mut visited = 0;
    loop {
        visited += band.cells();
        let (path, touched) = dp(&mut sc, &band, m);
        let mut done = !touched || band.is_full(m);
        if !done {
            let wider = Band::around(&center, m, w * 2);
            if wider.cells() > MAX_CELLS {
                // Past the budget: keep the best path in this band.
                done = true;
            } else {
                w *= 2;
                band = wider;
                sc.memo.owner = [usize::MAX; MAX_BEAD + 1];
            }
        }
        if done {
            sc.memo.owner = [usize::MAX; MAX_BEAD + 1];
            let beads = path
                .into_iter()
                .map(|(fr, en)| {
                    let score = sc.confidence(&band, &fr, &en);
                    Bead { fr: fr.collect(), en: en.collect(), score }
                })
                .collect();
            return (beads, visited);
        }
    }
}

type Path = Vec<(Range<usize>, Range<usize>)>;

/// One DP pass over `band`. Returns the path and whether it came close
/// to the band's edge (then the caller widens the band). Costs are kept
/// for the last `MAX_BEAD + 1` rows only; the trace-back takes one byte
/// per cell.
fn dp(sc: &mut Scorer, band: &Band, m: usize) -> (Path, bool) {
    let n = band.lo.len() - 1;
    let (lo, hi) = (&band.lo, &band.hi);
    let mut start = Vec::with_capacity(n + 2);
    start.push(0usize);
    for i in 0..=n {
        start.push(start[i] + hi[i] - lo[i] + 1);
    }
    let mut back = vec![u8::MAX; start[n + 1]];
    let nlp: Vec<f64> = BEADS.iter().map(|b| -b.2.ln()).collect();
    let mut rows: [Vec<f64>; MAX_BEAD + 1] = Default::default();
    for i in 0..=n {
        let mut cur = std::mem::take(&mut rows[i % (MAX_BEAD + 1)]);
        cur.clear();
        cur.resize(hi[i] - lo[i] + 1, f64::INFINITY);
        for j in lo[i]..=hi[i] {
            if i == 0 && j == 0 {
                cur[0] = 0.0;
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (k, &(bf, be, _)) in BEADS.iter().enumerate() {
                if bf > i || be > j {
                    continue;
                }
                let (pi, pj) = (i - bf, j - be);
                if pj < lo[pi] || pj > hi[pi] {
                    continue;
                }
                let base = if bf == 0 {
                    cur[pj - lo[i]]
                } else {
                    rows[pi % (MAX_BEAD + 1)][pj - lo[pi]]
                };
                // Every term of a cost is non-negative: add the cheap
                // ones first and skip the bead once it cannot win.
                let mut c = base + nlp[k];
                if c >= best {
                    continue;
                }
                let (fr, en) = (i - bf..i, j - be..j);
                c += sc.length_cost(&fr, &en);
                if c >= best {
                    continue;
                }
                c += sc.lexical_cost(band, fr, en);
                if c < best {
                    best = c;
                    arg = k as u8;
                }
            }
            cur[j - lo[i]] = best;
            back[start[i] + j - lo[i]] = arg;
        }
        rows[i % (MAX_BEAD + 1)] = cur;
    }
    // Trace back.
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touched = false;
    while i > 0 || j > 0 {
        if j < lo[i] || j > hi[i] {
            break;
        }
        let k = back[start[i] + j - lo[i]];
        if k == u8::MAX {
            break;
        }
        if (j < lo[i] + 2 && lo[i] > 0) || (j + 2 > hi[i] && hi[i] < m) {
            touched = true;
        }
        let (bf, be, _) = BEADS[k as usize];
        path.push((i - bf..i, j - be..j));
        i -= bf;
        j -= be;
    }
    if i > 0 || j > 0 {
        // Unreachable corner (should not happen): report it as touched so
        // the band grows; at full width fall back to deletions.
        touched = true;
        for jj in (0..j).rev() {
            path.push((0..0, jj..jj + 1));
        }
        for ii in (0..i).rev() {
            path.push((ii..ii + 1, 0..0));
        }
    }
    path.reverse();
    (path, touched)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(fr: &[&str], en: &[&str]) -> Vec<(Vec<usize>, Vec<usize>)> {
        let opts = AlignOptions {
            lexicon: Some(Lexicon::builtin()),
            ..AlignOptions::default()
        };
        align(fr, en, &opts).into_iter().map(|b| (b.fr, b.en)).collect()
    }

    macro_rules! b {
        ($([$($f:expr),*] => [$($e:expr),*]),* $(,)?) => {
            { let v: Vec<(Vec<usize>, Vec<usize>)> = vec![$((vec![$($f),*], vec![$($e),*])),*]; v }
        };
    }

    #[test]
    fn one_to_one() {
        let fr = [
            "Nvidia vend des puces.",
            "Le marché a chuté de 3 %.",
            "Les investisseurs sont inquiets.",
        ];
        let en = [
            "Nvidia sells chips.",
            "The market fell 3%.",
            "Investors are worried.",
        ];
        assert_eq!(run(&fr, &en), b![[0] => [0], [1] => [1], [2] => [2]]);
    }

    #[test]
    fn merge_two_french_into_one_english() {
        let fr = [
            "En 2023, la société a lancé un laboratoire de recherche.",
            "Le laboratoire est devenu une entreprise indépendante en 2024.",
            "Les investisseurs ont applaudi.",
        ];
        let en = [
            "In 2023 the company launched a research lab, which became an \
             independent company in 2024.",
            "Investors applauded.",
        ];
        assert_eq!(run(&fr, &en), b![[0, 1] => [0], [2] => [1]]);
    }

    #[test]
    fn split_one_french_into_two_english() {
        let fr = [
            "Selon le New York Times, DeepSeek embauche des personnes sans \
             formation en informatique pour aider sa technologie à comprendre \
             un large éventail de sujets.",
            "Les puces coûtent cher.",
        ];
        let en = [
            "According to the New York Times, DeepSeek hires people with no \
             computer science background.",
            "The aim is to help its technology understand a wide range of \
             subjects.",
            "Chips are expensive.",
        ];
        assert_eq!(run(&fr, &en), b![[0] => [0, 1], [1] => [2]]);
    }

    #[test]
    fn insertion_and_deletion() {
        let fr = [
            "Nvidia a présenté sa nouvelle puce Blackwell mardi.",
            "Cette phrase n'a pas été traduite du tout dans la version anglaise.",
            "Le prix de la puce reste secret.",
        ];
        let en = [
            "Nvidia unveiled its new Blackwell chip on Tuesday.",
            "The price of the chip remains secret.",
            "Editor's note: this story was updated on 12 March 2025 with \
             comments from analysts and additional reporting.",
        ];
        assert_eq!(
            run(&fr, &en),
            b![[0] => [0], [1] => [], [2] => [1], [] => [2]]
        );
    }

    #[test]
    fn empty_sides() {
        assert!(run(&[], &[]).is_empty());
        assert_eq!(run(&["Une."], &[]), b![[0] => []]);
        assert_eq!(run(&[], &["One."]), b![[] => [0]]);
    }

    #[test]
    fn band_widens_for_skewed_input() {
        // 40 French sentences against 4 English ones: the path leaves the
        // initial diagonal band and must still reach the end.
        let fr: Vec<String> =
            (0..40).map(|i| format!("Phrase numéro {i} du texte.")).collect();
        let fr: Vec<&str> = fr.iter().map(String::as_str).collect();
        let en = ["Sentence 0.", "Sentence 1.", "Sentence 2.", "Sentence 3."];
        let beads = run(&fr, &en);
        let nf: usize = beads.iter().map(|b| b.0.len()).sum();
        let ne: usize = beads.iter().map(|b| b.1.len()).sum();
        assert_eq!((nf, ne), (40, 4));
    }

    #[test]
    fn one_french_sentence_as_three_english() {
        let fr = [
            "Le fabricant ASML a annoncé mercredi une commande record de 42 \
             machines EUV passée par TSMC pour ses usines de Kumamoto et de \
             Dresde, livrable entre 2026 et 2028, selon un communiqué.",
            "Les concurrents Canon et Nikon n'ont pas réagi.",
        ];
        let en = [
            "ASML announced a record order on Wednesday.",
            "TSMC has ordered 42 EUV machines for its plants in Kumamoto and \
             Dresden.",
            "They will be delivered between 2026 and 2028, according to a \
             statement.",
            "Rivals Canon and Nikon did not comment.",
        ];
        assert_eq!(run(&fr, &en), b![[0] => [0, 1, 2], [1] => [3]]);
    }

    #[test]
    fn three_french_sentences_as_one_english() {
        let fr = [
            "Chaque machine pèse 150 tonnes.",
            "Le montant de la transaction n'a pas été précisé.",
            "Les analystes l'estiment à 9 milliards d'euros.",
            "C'est plus que le chiffre d'affaires du groupe en 2019.",
            "Le groupe publiera ses résultats le 15 octobre.",
        ];
        let en = [
            "Each machine weighs 150 tonnes.",
            "The transaction amount was not disclosed, but analysts put it at \
             9 billion euros, more than the group's revenue in 2019.",
            "The group will publish its results on 15 October.",
        ];
        assert_eq!(
            run(&fr, &en),
            b![[0] => [0], [1, 2, 3] => [1], [4] => [2]]
        );
    }

    #[test]
    fn one_french_sentence_as_four_english() {
        let fr = [
            "Chaque machine pèse environ 150 tonnes.",
            "Elle est expédiée en pièces détachées dans 40 conteneurs, \
             remontée sur place par une équipe de 250 ingénieurs pendant six \
             mois, puis calibrée au nanomètre près avant de produire la \
             moindre puce, ce qui explique en partie son prix de 350 \
             millions de dollars.",
            "Le marché a salué l'annonce.",
        ];
        let en = [
            "Each machine weighs about 150 tonnes.",
            "It ships in parts, in 40 containers.",
            "A team of 250 engineers then spends six months reassembling it \
             on site.",
            "It is calibrated to the nanometre before it makes a single chip.",
            "That partly explains its price tag of 350 million dollars.",
            "Markets welcomed the announcement.",
        ];
        assert_eq!(
            run(&fr, &en),
            b![[0] => [0], [1] => [1, 2, 3, 4], [2] => [5]]
        );
    }

    /// Reads a `.sent` file: sentences and their paragraph numbers.
    fn sent_file(text: &str) -> (Vec<&str>, Vec<usize>) {
        let mut out = (Vec::new(), Vec::new());
        for (p, para) in text.trim().split("\n\n").enumerate() {
            for s in para.lines().filter(|l| !l.trim().is_empty()) {
                out.0.push(s);
                out.1.push(p);
            }
        }
        out
    }

    #[test]
    fn written_article_with_beads_up_to_four_matches_its_gold() {
        // tests/data/align/: a short article written for this test, with
        // 1-3, 3-1, 1-4, 4-1, 2-1, 1-0 and 0-1 beads (see its README).
        let (fr, fp) =
            sent_file(include_str!("../../tests/data/align/beads.fr.sent"));
        let (en, ep) =
            sent_file(include_str!("../../tests/data/align/beads.en.sent"));
        let gold: Vec<(Vec<usize>, Vec<usize>)> =
            include_str!("../../tests/data/align/beads.gold")
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|l| {
                    let mut cols = l.split('\t').map(|c| {
                        c.split(',')
                            .filter(|x| !x.trim().is_empty())
                            .map(|x| x.trim().parse::<usize>().unwrap() - 1)
                            .collect::<Vec<_>>()
                    });
                    (cols.next().unwrap(), cols.next().unwrap_or_default())
                })
                .collect();
        let opts = AlignOptions {
            fr_paragraphs: Some(&fp),
            en_paragraphs: Some(&ep),
            lexicon: Some(Lexicon::builtin()),
            glossary: &[],
        };
        let got: Vec<_> =
            align(&fr, &en, &opts).into_iter().map(|b| (b.fr, b.en)).collect();
        assert_eq!(got, gold);
    }

    /// Every sentence of both sides in exactly one bead, in order.
    fn assert_covers(beads: &[Bead], n: usize, m: usize) {
        let fr: Vec<usize> = beads.iter().flat_map(|b| b.fr.clone()).collect();
        let en: Vec<usize> = beads.iter().flat_map(|b| b.en.clone()).collect();
        assert_eq!(fr, (0..n).collect::<Vec<_>>());
        assert_eq!(en, (0..m).collect::<Vec<_>>());
    }

    fn sample(lang: Lang) -> (String, Vec<std::ops::Range<usize>>) {
        let text = match lang {
            Lang::Fr => include_str!("../../data/sample/deepseek.fr.txt"),
            Lang::En => include_str!("../../data/sample/deepseek.en.txt"),
        };
        let spans = crate::text::segment::split_sentences(text, lang)
            .into_iter()
            .map(|s| s.span)
            .collect();
        (text.to_string(), spans)
    }

    #[test]
    fn issue_14_item_1_align_100k_lines_against_6_is_bounded() {
        // Issue 14: 100k lines `IA.` against the 6-line English sample
        // asked for a 40 GB band. Now the band is clipped to the English
        // side: about (n + 1)·(m + 1) cells, linear in n.
        let fr = vec!["IA."; 100_000];
        let (text, spans) = sample(Lang::En);
        let en: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
        let opts = AlignOptions::default();
        let (beads, cells) = align_counting(&fr, &en, &opts);
        assert_covers(&beads, fr.len(), en.len());
        assert!(cells <= 2 * (fr.len() + 1) * (en.len() + 1), "{cells}");
        // The other way round (20k lines: the same shape, less time):
        // the path strays, the band widens up to its budget, no further.
        let fr = &fr[..20_000];
        let (beads, cells) = align_counting(&en, fr, &opts);
        assert_covers(&beads, en.len(), fr.len());
        assert!(cells <= 3 * MAX_CELLS, "{cells}");
    }

    #[test]
    fn issue_14_item_1_one_line_26mb_article_is_bounded() {
        // Issue 14: a 26 MB one-line article aborted. Same shape at
        // 2.6 MB: the French sample repeated on one line (~17k
        // sentences) against the English sample, then one 2.6 MB
        // "sentence" with no punctuation at all.
        let (fr_text, _) = sample(Lang::Fr);
        let line = fr_text.replace('\n', " ");
        let big = line.repeat(2_600_000 / line.len() + 1);
        let spans = crate::text::segment::split_sentences(&big, Lang::Fr);
        assert!(spans.len() > 10_000);
        let fr: Vec<&str> = spans.iter().map(|s| s.text(&big)).collect();
        let (text, en_spans) = sample(Lang::En);
        let en: Vec<&str> =
            en_spans.iter().map(|r| &text[r.clone()]).collect();
        let opts = AlignOptions {
            lexicon: Some(Lexicon::builtin()),
            ..AlignOptions::default()
        };
        let (beads, cells) = align_counting(&fr, &en, &opts);
        assert_covers(&beads, fr.len(), en.len());
        assert!(cells <= 2 * (fr.len() + 1) * (en.len() + 1), "{cells}");
        let words = "puce mémoire modèle ".repeat(2_600_000 / 20);
        let (beads, _) = align_counting(&[&words], &en, &opts);
        assert_covers(&beads, 1, en.len());
    }

    #[test]
    fn past_max_sentences_nothing_is_aligned_and_callers_get_an_error() {
        let fr = vec!["Oui."; MAX_SENTENCES + 1];
        let (beads, cells) =
            align_counting(&fr, &["Yes."], &Default::default());
        assert_eq!(cells, 0);
        assert_covers(&beads, fr.len(), 1);
        assert!(beads.iter().all(|b| b.score == 0.0));
        assert!(check_sentence_count(MAX_SENTENCES).is_ok());
        let e = check_sentence_count(MAX_SENTENCES + 1).unwrap_err();
        assert!(e.to_string().contains("200000"), "{e}");
    }

    #[test]
    fn anchors_keep_a_long_insertion_inside_a_narrow_band() {
        // 400 sentence pairs with rare numbers; the English side has 300
        // extra sentences in the middle (far past the first band's
        // half-width). Anchors bend the band round them: every pair is
        // found without widening to the full n·m table.
        let fr: Vec<String> = (0..400)
            .map(|i| {
                format!("Le serveur {i} a traité {} requêtes.", 7919 + 13 * i)
            })
            .collect();
        let mut en: Vec<String> = (0..400)
            .map(|i| format!("Server {i} handled {} requests.", 7919 + 13 * i))
            .collect();
        let extra: Vec<String> = (0..300)
            .map(|k| format!("Weather bulletin number {}.", 100_000 + k))
            .collect();
        en.splice(200..200, extra);
        let fr: Vec<&str> = fr.iter().map(String::as_str).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let opts = AlignOptions {
            lexicon: Some(Lexicon::builtin()),
            ..AlignOptions::default()
        };
        let (beads, cells) = align_counting(&fr, &en, &opts);
        assert_covers(&beads, 400, 700);
        for b in &beads {
            match (b.fr.as_slice(), b.en.as_slice()) {
                ([i], [j]) => {
                    assert_eq!(*j, if *i < 200 { *i } else { i + 300 })
                }
                ([], [j]) => assert!((200..500).contains(j), "{b:?}"),
                _ => panic!("unexpected bead {b:?}"),
            }
        }
        assert!(cells < 401 * 701 / 4, "{cells}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any input: every sentence in exactly one bead, in order, no
        /// bead past 4 sentences a side, scores in [0, 1].
        #[test]
        fn beads_cover_both_sides_in_order(
            fr in proptest::collection::vec("[a-zé 0-9.]{0,40}", 0..40),
            en in proptest::collection::vec("[a-z 0-9.]{0,40}", 0..40),
            fp in proptest::collection::vec(0usize..3, 0..40),
        ) {
            let fr: Vec<&str> = fr.iter().map(String::as_str).collect();
            let en: Vec<&str> = en.iter().map(String::as_str).collect();
            let mut fp: Vec<usize> = fp.into_iter().take(fr.len()).collect();
            fp.sort_unstable();
            let opts = AlignOptions {
                fr_paragraphs: Some(&fp),
                lexicon: Some(Lexicon::builtin()),
                ..AlignOptions::default()
            };
            let beads = align(&fr, &en, &opts);
            assert_covers(&beads, fr.len(), en.len());
            for b in &beads {
                proptest::prop_assert!(b.fr.len() <= 4 && b.en.len() <= 4);
                proptest::prop_assert!(!b.fr.is_empty() || !b.en.is_empty());
                proptest::prop_assert!((0.0..=1.0).contains(&b.score));
            }
        }
    }

    #[test]
    fn erfc_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-6);
        assert!((two_tail(1.96) - 0.05).abs() < 1e-3);
        for z in [0.0, 0.3, -1.0, 2.5, 6.0, -40.0] {
            let want = -two_tail(z).max(1e-12).ln();
            assert!((neg_ln_two_tail(z) - want).abs() < 1e-6, "{z}");
        }
    }
}
