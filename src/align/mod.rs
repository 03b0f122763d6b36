//! Alignment of a French article with its English version (issue 4):
//! sentences, then terms.
//!
//! - [`sentence`]: banded Gale–Church + lexical-anchor sentence
//!   alignment ([`sentence::align`] → [`sentence::Bead`]s);
//! - [`pos`]: French parts of speech from closed classes, the lexicon and
//!   suffixes;
//! - [`lexicon`]: the built-in general French→English single-word
//!   lexicon;
//!
//! Sentence splitting lives in [`crate::text::segment`].

pub mod document;
pub mod lexicon;
pub mod pos;
pub mod sentence;

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
