//! English candidates for a French term with no English text (issue 13
//! item 4): what a translator needs while drafting.
//!
//! [`translate`] gathers candidates from four sources and ranks them;
//! each candidate keeps the evidence behind it:
//!
//! - **glossary**: entries holding the term (any inflection), with every
//!   English variant, the preferred one first;
//! - **memory**: the TM's sentences holding the term
//!   ([`crate::tm::Tm::concordance`]), and the span their translations
//!   give — the term aligner ([`crate::align::term`]) run over those
//!   sentence pairs, so a span found in several translations wins;
//!   English phrases that come with the term more often than their own
//!   frequency explains (Dice over the concordance, phrase-level
//!   associations: `jeune pousse → start-up`);
//! - **learned**: for a one-word term, the English words most associated
//!   with it over the whole TM ([`crate::tm::assoc`]);
//! - **composition**: each content word translated by the glossary, the
//!   lexicon or the learned associations, in English order (`énergie
//!   éolienne → wind energy`, `centres de données → data centres`:
//!   French content words in reverse, except prenominal adjectives and
//!   runs of names), with the head in the plural when the French is.
//!
//! Candidates with the same English (case, accents, plural `s` aside)
//! merge; their strengths combine as independent evidence
//! (`1 − Π(1 − sᵢ)`).

use std::collections::HashMap;

use serde::Serialize;

use crate::align::extract::{
    Candidate as TermCandidate, Occurrence, PRENOMINAL,
};
use crate::align::lexicon::Lexicon;
use crate::align::pos::{Pos, is_fr_function};
use crate::align::sentence::Bead;
use crate::align::term::{TermOptions, align_terms};
use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::text::normalize::fold;
use crate::text::stem::{Lang, WordStemmer};
use crate::text::tokenize::{Token, TokenKind, tokenize};
use crate::tm::Tm;
use crate::tm::assoc::{Associations, is_en_content};

/// Longest term accepted (bytes).
pub(crate) const MAX_TERM_BYTES: usize = 200;
/// Content words composed at most.
const MAX_COMPOSED: usize = 5;
/// Senses tried per word in composition.
const SENSES: usize = 3;
/// TM sentences aligned per term.
const CONCORDANCE: usize = 40;

/// Where the candidates come from. Every source is optional except the
/// lexicon.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// The general French→English lexicon.
    pub lexicon: &'a Lexicon,
    /// The glossary.
    pub glossary: Option<&'a Glossary>,
    /// The translation memory.
    pub tm: Option<&'a Tm>,
    /// Its learned associations.
    pub learned: Option<&'a Associations>,
}

/// One piece of evidence for a candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A glossary entry holds the term with this English.
    Glossary {
        /// Entry id.
        entry: String,
        /// The French term as the entry writes it.
        fr: String,
        /// The entry's preferred English term.
        preferred: bool,
    },
    /// TM sentences holding the term translate it with this span.
    Memory {
        /// Sentences where this span was found.
        sentences: usize,
        /// Sentences holding the term.
        of: usize,
        /// Alignment score (0–1.2) averaged over the sentences.
        score: f64,
        /// One French sentence holding the term.
        fr_example: String,
        /// Its translation.
        en_example: String,
    },
    /// Phrase or word association learned from the TM.
    Learned {
        /// Dice coefficient.
        dice: f64,
        /// Aligned pairs holding both.
        both: u32,
    },
    /// Word-by-word translation in English order.
    Composition {
        /// Each French word (or glossary phrase) with its English and
        /// where that came from (`glossary`, `lexicon`, `memory`,
        /// `name`).
        parts: Vec<Part>,
    },
}

/// One French word of a composition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// French word or phrase.
    pub fr: String,
    /// Its English.
    pub en: String,
    /// Source of the English.
    pub source: &'static str,
}

/// One English candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The English term.
    pub en: String,
    /// Combined strength in [0, 1].
    pub score: f64,
    /// Why, strongest first.
    pub evidence: Vec<Evidence>,
}

/// English candidates for French `term`, best first, at most `limit`.
/// Errors: an empty or over-long term, a TM read failure.
pub fn translate(
    term: &str,
    src: &Sources<'_>,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let term = term.trim();
    if term.is_empty() {
        return Err(Error::input("empty term"));
    }
    if term.len() > MAX_TERM_BYTES {
        return Err(Error::input(format!(
            "term longer than {MAX_TERM_BYTES} bytes"
        )));
    }
    let mut acc = Acc::default();
    if let Some(g) = src.glossary {
        from_glossary(term, g, &mut acc);
    }
    if let Some(tm) = src.tm {
        from_memory(term, tm, src, &mut acc)?;
    }
    if let Some(a) = src.learned
        && tokenize(term).iter().filter(|t| is_word(t)).count() == 1
    {
        for l in a.translations(term, 3)? {
            let s = 0.25 + 0.45 * l.dice;
            acc.add(
                &l.en,
                s,
                Evidence::Learned { dice: l.dice, both: l.both },
            );
        }
    }
    from_composition(term, src, &mut acc)?;
    Ok(acc.ranked(limit))
}

fn is_word(t: &Token) -> bool {
    t.kind == TokenKind::Word && !is_fr_function(&t.folded)
}

/// Candidates by merge key.
#[derive(Default)]
struct Acc {
    by_key: HashMap<String, (Candidate, Vec<f64>)>,
}

/// The merge key of an English candidate: folded, hyphens as spaces, a
/// final plural `s` dropped on each word.
fn merge_key(en: &str) -> String {
    fold(en)
        .replace(['-', '\u{2010}', '\u{2011}'], " ")
        .split_whitespace()
        .map(|w| {
            if w.len() > 3 && (w.ends_with('s') && !w.ends_with("ss")) {
                &w[..w.len() - 1]
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Acc {
    fn add(&mut self, en: &str, strength: f64, ev: Evidence) {
        let en = en.trim();
        if en.is_empty() {
            return;
        }
        let k = merge_key(en);
        let e = self.by_key.entry(k).or_insert_with(|| {
            let c =
                Candidate { en: en.to_string(), score: 0.0, evidence: vec![] };
            (c, Vec::new())
        });
        // The glossary's spelling wins; else the strongest source's.
        let best = e.1.iter().copied().fold(0.0, f64::max);
        if matches!(ev, Evidence::Glossary { .. })
            || (strength > best
                && !e
                    .0
                    .evidence
                    .iter()
                    .any(|x| matches!(x, Evidence::Glossary { .. })))
        {
            e.0.en = en.to_string();
        }
        e.0.evidence.push(ev);
        e.1.push(strength.clamp(0.0, 0.99));
    }

    fn ranked(self, limit: usize) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self
            .by_key
            .into_values()
            .map(|(mut c, s)| {
                let mut order: Vec<usize> = (0..s.len()).collect();
                order.sort_by(|&a, &b| s[b].total_cmp(&s[a]));
                c.evidence =
                    order.iter().map(|&i| c.evidence[i].clone()).collect();
                c.score = 1.0 - s.iter().map(|x| 1.0 - x).product::<f64>();
                c.score = (c.score * 1000.0).round() / 1000.0;
                c
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.en.len().cmp(&b.en.len()))
                .then(a.en.cmp(&b.en))
        });
        out.truncate(limit);
        out
    }
}

fn from_glossary(term: &str, g: &Glossary, acc: &mut Acc) {
    let stem = WordStemmer::new(Lang::Fr);
    let want = stem.stem_key(term);
    for e in &g.entries {
        let Some(fr) = e
            .terms_in("fr")
            .find(|t| !t.is_discouraged() && stem.stem_key(&t.text) == want)
        else {
            continue;
        };
        let pref = e.preferred("en").map(|t| t.text.clone());
        for t in e.terms_in("en").filter(|t| !t.is_discouraged()) {
            let preferred = pref.as_deref() == Some(t.text.as_str());
            let s = if preferred { 0.95 } else { 0.8 };
            acc.add(
                &t.text,
                s,
                Evidence::Glossary {
                    entry: e.id.clone(),
                    fr: fr.text.clone(),
                    preferred,
                },
            );
        }
    }
}

/// TM concordance: align the term in the sentences holding it.
fn from_memory(
    term: &str,
    tm: &Tm,
    src: &Sources<'_>,
    acc: &mut Acc,
) -> Result<()> {
    let conc = tm.concordance(term, CONCORDANCE)?;
    if conc.hits.is_empty() {
        return Ok(());
    }
    let fr: Vec<&str> =
        conc.hits.iter().map(|h| h.unit.source.as_str()).collect();
    let en: Vec<&str> =
        conc.hits.iter().map(|h| h.unit.target.as_str()).collect();
    let beads: Vec<Bead> = (0..fr.len())
        .map(|i| Bead { fr: vec![i], en: vec![i], score: 1.0 })
        .collect();
    let toks = tokenize(term);
    let stem = WordStemmer::new(Lang::Fr);
    let cand = TermCandidate {
        key: stem.stem_key(term),
        forms: vec![(term.to_string(), conc.hits.len())],
        pattern: String::new(),
        words: toks.iter().filter(|t| is_word(t)).count(),
        occurrences: conc
            .hits
            .iter()
            .enumerate()
            .map(|(i, h)| Occurrence {
                sentence: i,
                span: h.span.clone(),
                tokens: h.tokens.clone(),
            })
            .collect(),
        score: 0.0,
        termhood: 0.0,
    };
    let pairs =
        src.glossary.map(crate::align::glossary_pairs).unwrap_or_default();
    let opts = TermOptions { max_equivalents: 5, learned: None };
    let aligned =
        align_terms(&fr, &en, &beads, &[cand], src.lexicon, &pairs, &opts);
    let n = conc.hits.len();
    for eq in aligned.iter().flat_map(|t| &t.equivalents) {
        if eq.support == 0 {
            continue;
        }
        let share = eq.support as f64 / n as f64;
        let s = (0.3 + 0.35 * eq.score.min(1.0) + 0.25 * share).min(0.9);
        let i = eq.fr_sentence;
        acc.add(
            &eq.en,
            s,
            Evidence::Memory {
                sentences: eq.support,
                of: conc.total,
                score: (eq.score * 1000.0).round() / 1000.0,
                fr_example: conc.hits[i].unit.source.clone(),
                en_example: conc.hits[i].unit.target.clone(),
            },
        );
    }
    if let Some(a) = src.learned {
        phrase_associations(&en, conc.total, a, acc)?;
    }
    Ok(())
}

/// English phrases (one to three adjacent content words) found in the
/// translations of the term more often than their frequency explains.
fn phrase_associations(
    targets: &[&str],
    total: usize,
    a: &Associations,
    acc: &mut Acc,
) -> Result<()> {
    let stem = WordStemmer::new(Lang::En);
    // Per phrase key: units holding it and a surface form.
    let mut seen: HashMap<String, (u32, String)> = HashMap::new();
    for t in targets {
        let toks = tokenize(t);
        let mut here: Vec<String> = Vec::new();
        for i in 0..toks.len() {
            for len in 1..=3 {
                let run = &toks[i..(i + len).min(toks.len())];
                if run.len() < len || !run.iter().all(is_en_content) {
                    break;
                }
                let adjacent = run.windows(2).all(|w| {
                    t[w[0].span.end..w[1].span.start]
                        .chars()
                        .all(|c| c == ' ' || c == '-')
                });
                if !adjacent {
                    break;
                }
                let key: Vec<String> =
                    run.iter().map(|x| stem.stem_token(t, x)).collect();
                let key = key.join(" ");
                if !here.contains(&key) {
                    here.push(key.clone());
                    let form = &t[run[0].span.start..run[len - 1].span.end];
                    let e = seen.entry(key).or_insert((0, form.to_string()));
                    e.0 += 1;
                }
            }
        }
    }
    let n = targets.len() as f64;
    let scale = total as f64 / n;
    for (both, form) in seen.into_values() {
        if both < 2 {
            continue;
        }
        let ce = a.en_count(&form)?;
        let both_all = f64::from(both) * scale;
        let dice = (2.0 * both_all
            / (total as f64 + f64::from(ce).max(both_all)))
        .min(1.0);
        if dice >= 0.3 {
            let s = 0.2 + 0.5 * dice;
            acc.add(
                &form,
                s,
                Evidence::Learned { dice, both: both_all.round() as u32 },
            );
        }
    }
    Ok(())
}

/// One English option for a French word: text, strength, source, and
/// whether it is a noun that takes the plural of the French.
type Opt = (String, f64, &'static str, bool);

/// A French word (or glossary phrase) of the term with its English
/// options, best first.
struct Unit {
    fr: String,
    options: Vec<Opt>,
    /// Stays before the next word in English (prenominal adjective) or
    /// joins a run of names.
    keep_order: bool,
    plural: bool,
}

/// Word-by-word composition in English order.
fn from_composition(
    term: &str,
    src: &Sources<'_>,
    acc: &mut Acc,
) -> Result<()> {
    let units = composition_units(term, src)?;
    if units.is_empty() || units.len() > MAX_COMPOSED {
        return Ok(());
    }
    if units.iter().any(|u| u.options.is_empty()) {
        return Ok(());
    }
    // English order: units reversed, except that a prenominal adjective
    // or a name run stays before the word after it.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..units.len() {
        match groups.last_mut() {
            Some(g) if units[*g.last().unwrap_or(&0)].keep_order => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups.reverse();
    let order: Vec<usize> = groups.into_iter().flatten().collect();
    let head = units.iter().position(|u| !u.keep_order).unwrap_or(0);
    let mut combos: Vec<(Vec<usize>, f64)> = vec![(Vec::new(), 1.0)];
    for &i in &order {
        let mut next = Vec::new();
        for (picks, s) in &combos {
            for (k, o) in units[i].options.iter().enumerate().take(SENSES) {
                let mut p = picks.clone();
                p.push(k);
                next.push((p, s * o.1));
            }
        }
        next.sort_by(|a, b| b.1.total_cmp(&a.1));
        next.truncate(12);
        combos = next;
    }
    let n = order.len() as f64;
    for (picks, s) in combos {
        let mut words = Vec::new();
        let mut parts = Vec::new();
        for (&i, &k) in order.iter().zip(&picks) {
            let (en, _, source, noun) = &units[i].options[k];
            let en = if i == head && units[head].plural && *noun {
                pluralize(en)
            } else {
                en.clone()
            };
            parts.push(Part {
                fr: units[i].fr.clone(),
                en: en.clone(),
                source,
            });
            words.push(en);
        }
        // Parts listed in French order.
        parts.sort_by_key(|p| units.iter().position(|u| u.fr == p.fr));
        let en = words.join(" ");
        let mean = s.powf(1.0 / n);
        let mut strength = 0.55 * mean;
        if let Some(a) = src.learned
            && order.len() > 1
            && a.en_count(&en)? > 0
        {
            strength += 0.15;
        }
        acc.add(&en, strength, Evidence::Composition { parts });
    }
    Ok(())
}

/// The content words of `term` with their English options; glossary
/// phrases inside the term count as one unit.
fn composition_units(term: &str, src: &Sources<'_>) -> Result<Vec<Unit>> {
    let toks = tokenize(term);
    let fr_stem = WordStemmer::new(Lang::Fr);
    let gloss = glossary_index(src.glossary, &fr_stem);
    let stems: Vec<String> =
        toks.iter().map(|t| fr_stem.stem_token(term, t)).collect();
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // Longest glossary phrase starting here (not the whole term: that
        // is the glossary source's job).
        let mut took = 0;
        for j in (i + 2..=toks.len()).rev() {
            if i == 0 && j == toks.len() {
                continue;
            }
            if let Some(en) = gloss.get(&stems[i..j].join(" ")) {
                let fr =
                    term[toks[i].span.start..toks[j - 1].span.end].to_string();
                let plural = toks[i].folded.ends_with(['s', 'x']);
                let options = en
                    .iter()
                    .map(|e| (e.clone(), 0.95, "glossary", true))
                    .collect();
                units.push(Unit { fr, options, keep_order: false, plural });
                took = j - i;
                break;
            }
        }
        if took > 0 {
            i += took;
            continue;
        }
        let t = &toks[i];
        i += 1;
        if !is_word(t) {
            continue;
        }
        let surface = &term[t.span.clone()];
        units.push(word_unit(surface, t, &stems[i - 1], &gloss, src)?);
    }
    Ok(units)
}

/// Glossary French terms (stem key) → English terms, preferred first.
fn glossary_index(
    g: Option<&Glossary>,
    stem: &WordStemmer,
) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (fr, en) in g.map(crate::align::glossary_pairs).unwrap_or_default() {
        let v = out.entry(stem.stem_key(&fr)).or_default();
        if !v.contains(&en) {
            v.push(en);
        }
    }
    out
}

fn word_unit(
    surface: &str,
    t: &Token,
    stem: &str,
    gloss: &HashMap<String, Vec<String>>,
    src: &Sources<'_>,
) -> Result<Unit> {
    let mut options: Vec<Opt> = Vec::new();
    let push = |options: &mut Vec<Opt>, o: Opt| {
        if !options.iter().any(|x| merge_key(&x.0) == merge_key(&o.0)) {
            options.push(o);
        }
    };
    if let Some(v) = gloss.get(stem) {
        for en in v {
            push(&mut options, (en.clone(), 0.95, "glossary", true));
        }
    }
    let entries = src.lexicon.lookup(&t.folded, stem);
    // Nouns and adjectives; other parts of speech only when there is
    // neither.
    let nominal = |p: Pos| matches!(p, Pos::Noun | Pos::Adj);
    let any_nominal = entries.iter().any(|e| nominal(e.pos));
    let mut plural = false;
    for e in entries.iter().filter(|e| nominal(e.pos) || !any_nominal) {
        let noun = e.pos == Pos::Noun;
        if noun && e.fr != t.folded && t.folded.ends_with(['s', 'x']) {
            plural = true;
        }
        for (k, en) in e.en.iter().enumerate() {
            let s = if k == 0 { 0.9 } else { 0.75 - 0.05 * k.min(4) as f64 };
            let s = if nominal(e.pos) { s } else { s * 0.8 };
            push(&mut options, (en.clone(), s, "lexicon", noun));
        }
    }
    options.sort_by(|a, b| b.1.total_cmp(&a.1));
    if let Some(a) = src.learned {
        for l in a.translations(surface, 2)? {
            if l.dice >= 0.3 {
                push(
                    &mut options,
                    (l.en, 0.4 + 0.4 * l.dice, "memory", false),
                );
            }
        }
    }
    let capital = surface.chars().next().is_some_and(char::is_uppercase);
    if options.is_empty() || capital {
        // Names, acronyms and unknown words stand as themselves.
        let s = if capital { 0.85 } else { 0.35 };
        push(&mut options, (surface.to_string(), s, "name", false));
    }
    let keep_order = PRENOMINAL.contains(&t.folded.as_str()) || capital;
    Ok(Unit { fr: surface.to_string(), options, keep_order, plural })
}

/// [`translate`] with the lexicon lines `term` needs
/// ([`lexicon_for`]), the glossary if any, and the memory `tm` with its
/// learned associations if any: what `glossa translate`, the web app and
/// the editor server all call (through
/// [`crate::workspace::TmRepo::translate`]).
pub fn translate_term(
    term: &str,
    glossary: Option<&Glossary>,
    tm: Option<&Tm>,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let learned = tm.map(Tm::associations).transpose()?;
    let lexicon = lexicon_for(term);
    let src =
        Sources { lexicon: &lexicon, glossary, tm, learned: learned.as_ref() };
    translate(term, &src, limit)
}

/// The part of the built-in lexicon `translate` needs for `term` (see
/// [`Lexicon::builtin_subset`]): loads in a few milliseconds.
pub fn lexicon_for(term: &str) -> Lexicon {
    let toks = tokenize(term);
    let words: Vec<&str> = toks.iter().map(|t| t.folded.as_str()).collect();
    Lexicon::builtin_subset(&words)
}

/// English plural of a noun phrase's last word.
fn pluralize(en: &str) -> String {
    let (head, last) = match en.rfind(' ') {
        Some(i) => (&en[..=i], &en[i + 1..]),
        None => ("", en),
    };
    let l = last.to_lowercase();
    let plural = if l.ends_with('s')
        || l.ends_with("ch")
        || l.ends_with("sh")
        || l.ends_with('x')
    {
        if l.ends_with("ss")
            || l.ends_with("ch")
            || l.ends_with("sh")
            || l.ends_with('x')
        {
            format!("{last}es")
        } else {
            last.to_string()
        }
    } else if l.ends_with('y')
        && !l.ends_with("ay")
        && !l.ends_with("ey")
        && !l.ends_with("oy")
    {
        format!("{}ies", &last[..last.len() - 1])
    } else if last.chars().all(|c| !c.is_lowercase()) {
        last.to_string()
    } else {
        format!("{last}s")
    };
    format!("{head}{plural}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(pluralize("data centre"), "data centres");
        assert_eq!(pluralize("technology"), "technologies");
        assert_eq!(pluralize("process"), "processes");
        assert_eq!(pluralize("GPU"), "GPU");
        assert_eq!(merge_key("Data-Centres"), "data centre");
    }
}
