//! Alignment of a French article with its English version (issue 4):
//! sentences, then terms.
//!
//! - [`sentence`]: banded Gale–Church + lexical-anchor sentence
//!   alignment ([`sentence::align`] → [`sentence::Bead`]s);
//! - [`pos`]: French parts of speech from closed classes, the lexicon and
//!   suffixes;
//! - [`lexicon`]: the built-in general French→English single-word
//!   lexicon;
//! - [`extract`]: French term candidates (POS patterns, C-value);
//! - [`term`]: English equivalents of the candidates with evidence;
//! - [`document`]: decoding, splitting and the whole pipeline;
//! - [`review`]: accepting, editing, rejecting proposed entries.
//!
//! Sentence splitting lives in [`crate::text::segment`].

pub mod anchor;
pub mod document;
pub mod extract;
pub mod lexicon;
pub mod pos;
pub mod review;
pub mod sentence;
pub mod term;

use crate::glossary::Glossary;

/// The (French, English) term pairs of a glossary usable as alignment
/// evidence: every non-discouraged French term with the entry's
/// preferred English term. Proposed entries count too (they are the
/// best guesses so far).
pub fn glossary_pairs(g: &Glossary) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in &g.entries {
        let Some(en) = e.preferred("en") else { continue };
        for t in e.terms_in("fr") {
            if !t.is_discouraged() {
                out.push((t.text.clone(), en.text.clone()));
            }
        }
    }
    out
}

/// Lowest score for a pair to be proposed by [`propose`].
pub const PROPOSE_MIN_SCORE: f64 = 0.6;

/// Turn aligned terms into `proposed` glossary entries (ids left empty,
/// see [`add_proposed`]): the best equivalent of every term scoring at
/// least [`PROPOSE_MIN_SCORE`], with both context sentences, the
/// evidence in the note and `source` as the entry source.
pub fn propose(
    terms: &[term::TermAlignment],
    fr: &document::Document,
    en: &document::Document,
    source: &str,
) -> Vec<crate::Entry> {
    use crate::glossary::model::{LangTag, ReviewState};
    let mut out = Vec::new();
    for t in terms {
        let Some(e) = t.equivalents.first() else { continue };
        if e.score < PROPOSE_MIN_SCORE || e.en_sentences.is_empty() {
            continue;
        }
        let mut entry = crate::Entry::new("");
        entry.state = ReviewState::Proposed;
        entry.source = source.to_string();
        entry.note = format!(
            "score {:.2}; evidence: {}",
            e.score,
            e.links
                .iter()
                .map(|l| format!("{}={} ({})", l.fr, l.en, l.kind.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut f = crate::Term::new(LangTag::fr(), t.candidate.text());
        f.context = one_line(fr.sentence(e.fr_sentence));
        f.context_source = source.to_string();
        let mut g = crate::Term::new(LangTag::en(), e.en.clone());
        g.context = one_line(
            &e.en_sentences
                .iter()
                .map(|&j| en.sentence(j))
                .collect::<Vec<_>>()
                .join(" "),
        );
        g.context_source = source.to_string();
        entry.terms = vec![f, g];
        out.push(entry);
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Add proposed entries to `g`, skipping French terms it already has
/// (same folded key, any state) and giving each a fresh id. Returns the
/// number added.
pub fn add_proposed(g: &mut Glossary, entries: Vec<crate::Entry>) -> usize {
    let mut known: std::collections::HashSet<String> = g
        .entries
        .iter()
        .flat_map(|e| e.terms_in("fr").map(|t| crate::text::key(&t.text)))
        .collect();
    let mut n = 0;
    for mut e in entries {
        let Some(k) = e.preferred("fr").map(|t| crate::text::key(&t.text))
        else {
            continue;
        };
        if !known.insert(k) {
            continue;
        }
        e.id = g.next_id();
        g.entries.push(e);
        n += 1;
    }
    n
}
