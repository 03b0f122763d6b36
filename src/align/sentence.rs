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

use crate::text::normalize::fold;
use crate::text::stem::{Lang, WordStemmer};
use crate::text::tokenize::{TokenKind, tokenize};

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

/// Bead types: (French count, English count, prior probability).
const BEADS: [(usize, usize, f64); 6] = [
    (1, 1, 0.89),
    (1, 0, 0.005),
    (0, 1, 0.005),
    (2, 1, 0.0445),
    (1, 2, 0.0445),
    (2, 2, 0.011),
];

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

/// Per-sentence anchor data.
struct Side {
    /// Length in characters.
    len: Vec<f64>,
    /// For each sentence: each content token's anchor ids.
    toks: Vec<Vec<Vec<u32>>>,
    /// For each sentence: the sorted, deduplicated union of its anchors.
    set: Vec<Vec<u32>>,
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

fn build_side(
    sents: &[&str],
    lang: Lang,
    lex: Option<&Lexicon>,
    glossary: &[(String, String)],
    interner: &mut Interner,
) -> Side {
    let stem_en = WordStemmer::new(Lang::En);
    let stem_fr = WordStemmer::new(Lang::Fr);
    let mut side = Side { len: vec![], toks: vec![], set: vec![] };
    // Glossary phrases (folded keys padded with spaces).
    let phrases: Vec<(String, u32)> = glossary
        .iter()
        .enumerate()
        .filter_map(|(i, (f, e))| {
            let k = if lang == Lang::Fr { f } else { e };
            let k = crate::text::key(k);
            (!k.is_empty()).then(|| (format!(" {k} "), i as u32))
        })
        .collect();
    // Anchors depend only on the word's folded form (and its case for
    // stemming, which folding makes irrelevant here): cache them.
    let mut cache: HashMap<String, Option<Vec<u32>>> = HashMap::new();
    for s in sents {
        side.len.push(s.chars().count() as f64);
        let toks = tokenize(s);
        let mut out: Vec<Vec<u32>> = Vec::new();
        for t in &toks {
            if t.kind == TokenKind::Word
                && let Some(c) = cache.get(&t.folded)
            {
                if let Some(ids) = c {
                    out.push(ids.clone());
                }
                continue;
            }
            let mut ids = Vec::new();
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
            out.push(ids);
        }
        if !phrases.is_empty() {
            let k = format!(" {} ", crate::text::key(s));
            for (p, i) in &phrases {
                if k.contains(p.as_str()) {
                    out.push(vec![interner.id(&format!("@{i}"))]);
                }
            }
        }
        let mut set: Vec<u32> = out.iter().flatten().copied().collect();
        set.sort_unstable();
        set.dedup();
        side.toks.push(out);
        side.set.push(set);
    }
    side
}

/// Count tokens of `toks` with an anchor in `set`.
fn matched(toks: &[Vec<u32>], set: &[u32]) -> usize {
    toks.iter()
        .filter(|ids| ids.iter().any(|i| set.binary_search(i).is_ok()))
        .count()
}

/// Standard normal upper tail 2·(1 − Φ(|z|)), via erfc.
fn two_tail(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes' erfcc, |ε| < 1.2e-7).
fn erfc(x: f64) -> f64 {
    const C: [f64; 10] = [
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
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    // Horner evaluation of the polynomial in t.
    let poly = C.iter().rev().fold(0.0, |acc, &c| acc * t + c);
    let r = t * (-z * z + poly).exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

struct Scorer<'a> {
    fr: Side,
    en: Side,
    ratio: f64,
    fr_par: Option<&'a [usize]>,
    en_par: Option<&'a [usize]>,
    same_paragraphs: bool,
    memo: HashMap<(u32, u32), (u16, u16)>,
}

impl Scorer<'_> {
    /// (French tokens matched in `e`, English tokens matched in `f`).
    fn pair(&mut self, f: usize, e: usize) -> (usize, usize) {
        if let Some(&(a, b)) = self.memo.get(&(f as u32, e as u32)) {
            return (a as usize, b as usize);
        }
        let a = matched(&self.fr.toks[f], &self.en.set[e]);
        let b = matched(&self.en.toks[e], &self.fr.set[f]);
        self.memo.insert((f as u32, e as u32), (a as u16, b as u16));
        (a, b)
    }

    /// Lexical similarity of a bead in [0, 1], and whether one of its
    /// sentences (with a few content words) found no partner at all.
    fn similarity(&mut self, fr: &[usize], en: &[usize]) -> (f64, usize) {
        let nf: usize = fr.iter().map(|&i| self.fr.toks[i].len()).sum();
        let ne: usize = en.iter().map(|&j| self.en.toks[j].len()).sum();
        if nf + ne == 0 || fr.is_empty() || en.is_empty() {
            return (0.0, 0);
        }
        let mut orphan = 0usize;
        let mut total = 0usize;
        let mut me = [0usize; 2];
        for &i in fr {
            let mut mf = 0;
            for (k, &j) in en.iter().enumerate() {
                let (a, b) = self.pair(i, j);
                mf += a;
                me[k] += b;
            }
            let n = self.fr.toks[i].len();
            orphan += usize::from(n >= 3 && mf * 10 < n);
            total += mf.min(n);
        }
        for (k, &j) in en.iter().enumerate() {
            let n = self.en.toks[j].len();
            orphan += usize::from(n >= 3 && me[k] * 10 < n);
            total += me[k].min(n);
        }
        (total as f64 / (nf + ne) as f64, orphan)
    }

    fn length_prob(&self, fr: &[usize], en: &[usize]) -> f64 {
        let l1: f64 = fr.iter().map(|&i| self.fr.len[i]).sum();
        let l2: f64 = en.iter().map(|&j| self.en.len[j]).sum();
        let mean = (l1 + l2 / self.ratio) / 2.0;
        if mean <= 0.0 {
            return 1.0;
        }
        let z = (l2 - l1 * self.ratio) / (mean * VARIANCE).sqrt();
        two_tail(z).max(1e-12)
    }

    /// Cost of a bead ending before French `i` and English `j`.
    fn cost(
        &mut self,
        i: usize,
        j: usize,
        bf: usize,
        be: usize,
        prior: f64,
    ) -> f64 {
        let fr_buf = [i.wrapping_sub(2), i.wrapping_sub(1)];
        let en_buf = [j.wrapping_sub(2), j.wrapping_sub(1)];
        let fr = &fr_buf[2 - bf..];
        let en = &en_buf[2 - be..];
        let mut c = -prior.ln();
        if bf > 0 && be > 0 {
            // Insertions and deletions have no length to compare: their
            // prior and the lexical term cost them.
            c -= self.length_prob(fr, en).ln();
        }
        let (sim, orphan) = self.similarity(fr, en);
        c += LEXICAL_WEIGHT * (1.0 - sim) * (bf + be) as f64 / 2.0;
        if bf + be > 2 {
            // A merged sentence with no lexical link to its partners is
            // more likely an insertion or a deletion: cost it as one.
            c += ORPHAN_PENALTY * orphan as f64;
        } else {
            // In a 1–1 bead, a little: free translations with words the
            // lexicon lacks must stay cheaper than a deletion plus an
            // insertion, but a real insertion next to a strong pair wins.
            c += ORPHAN_PENALTY_1_1 * orphan as f64;
        }
        c += self.paragraph_cost(fr, en);
        c
    }

    fn paragraph_cost(&self, fr: &[usize], en: &[usize]) -> f64 {
        let mut c = 0.0;
        let mixed = |p: Option<&[usize]>, v: &[usize]| {
            p.is_some_and(|p| v.windows(2).any(|w| p[w[0]] != p[w[1]]))
        };
        if mixed(self.fr_par, fr) {
            c += PARAGRAPH_PENALTY;
        }
        if mixed(self.en_par, en) {
            c += PARAGRAPH_PENALTY;
        }
        if self.same_paragraphs
            && let (Some(pf), Some(pe)) = (self.fr_par, self.en_par)
            && let (Some(&a), Some(&b)) = (fr.first(), en.first())
            && pf[a] != pe[b]
        {
            c += PARAGRAPH_PENALTY;
        }
        c
    }

    /// Confidence of a chosen bead.
    fn confidence(&mut self, fr: &[usize], en: &[usize]) -> f64 {
        if fr.is_empty() || en.is_empty() {
            return 0.0;
        }
        let (sim, _) = self.similarity(fr, en);
        let lp = self.length_prob(fr, en);
        (0.6 * sim + 0.4 * lp).clamp(0.0, 1.0)
    }
}

/// Align French sentences with English ones. Never panics; empty sides
/// give all-deletion/insertion beads with score 0.
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
    let n = fr.len();
    let m = en.len();
    if n == 0 || m == 0 {
        let mut out: Vec<Bead> = (0..n)
            .map(|i| Bead { fr: vec![i], en: vec![], score: 0.0 })
            .collect();
        out.extend((0..m).map(|j| Bead {
            fr: vec![],
            en: vec![j],
            score: 0.0,
        }));
        return out;
    }
    let mut interner = Interner(HashMap::new());
    let fr_side =
        build_side(fr, Lang::Fr, opts.lexicon, opts.glossary, &mut interner);
    let en_side =
        build_side(en, Lang::En, opts.lexicon, opts.glossary, &mut interner);
    let tf: f64 = fr_side.len.iter().sum::<f64>().max(1.0);
    let te: f64 = en_side.len.iter().sum::<f64>().max(1.0);
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
    let mut sc = Scorer {
        fr: fr_side,
        en: en_side,
        ratio,
        fr_par,
        en_par,
        same_paragraphs,
        memo: HashMap::new(),
    };
    let mut width = 24usize.max(n.abs_diff(m) / 4);
    loop {
        let full = width >= m.max(n);
        let (path, touched) = dp(&mut sc, n, m, width);
        if full || !touched {
            return path
                .into_iter()
                .map(|(fr, en)| {
                    let score = sc.confidence(&fr, &en);
                    Bead { fr, en, score }
                })
                .collect();
        }
        width *= 2;
    }
}

type Path = Vec<(Vec<usize>, Vec<usize>)>;

/// One banded DP pass. Returns the path and whether it came close to the
/// band's edge (then the caller widens the band).
fn dp(sc: &mut Scorer, n: usize, m: usize, width: usize) -> (Path, bool) {
    let center = |i: usize| (i as f64 * m as f64 / n as f64).round() as i64;
    let w = width as i64;
    let lo = |i: usize| (center(i) - w).max(0) as usize;
    let hi = |i: usize| ((center(i) + w) as usize).min(m);
    let row = 2 * width + 1;
    let mut cost = vec![f64::INFINITY; (n + 1) * row];
    let mut back = vec![u8::MAX; (n + 1) * row];
    let idx = |i: usize, j: usize| -> Option<usize> {
        let l = lo(i);
        (j >= l && j <= hi(i)).then(|| i * row + (j - l))
    };
    cost[idx(0, 0).unwrap_or(0)] = 0.0;
    for i in 0..=n {
        for j in lo(i)..=hi(i) {
            if i == 0 && j == 0 {
                continue;
            }
            let Some(here) = idx(i, j) else { continue };
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (k, &(bf, be, prior)) in BEADS.iter().enumerate() {
                if bf > i || be > j {
                    continue;
                }
                let Some(from) = idx(i - bf, j - be) else { continue };
                let base = cost[from];
                if !base.is_finite() {
                    continue;
                }
                let c = base + sc.cost(i, j, bf, be, prior);
                if c < best {
                    best = c;
                    arg = k as u8;
                }
            }
            cost[here] = best;
            back[here] = arg;
        }
    }
    // Trace back.
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touched = false;
    while i > 0 || j > 0 {
        let Some(h) = idx(i, j) else { break };
        let k = back[h];
        if k == u8::MAX {
            break;
        }
        let l = lo(i);
        let u = hi(i);
        if (j < l + 2 && l > 0) || (j + 2 > u && u < m) {
            touched = true;
        }
        let (bf, be, _) = BEADS[k as usize];
        path.push(((i - bf..i).collect(), (j - be..j).collect()));
        i -= bf;
        j -= be;
    }
    if i > 0 || j > 0 {
        // Unreachable corner (should not happen): report it as touched so
        // the band grows; at full width fall back to deletions.
        touched = true;
        for jj in (0..j).rev() {
            path.push((vec![], vec![jj]));
        }
        for ii in (0..i).rev() {
            path.push((vec![ii], vec![]));
        }
    }
    path.reverse();
    (path, touched)
}

/// Fold helper used by tests and callers that build glossary anchors.
pub fn glossary_pair(fr: &str, en: &str) -> (String, String) {
    (fold(fr), fold(en))
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
    fn erfc_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-6);
        assert!((two_tail(1.96) - 0.05).abs() < 1e-3);
    }
}
