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
//! - [`termhood`]: hard filters on candidates, general-language
//!   frequencies, English verb forms;
//! - [`term`]: English equivalents of the candidates with evidence;
//! - [`document`]: decoding, splitting and the whole pipeline;
//! - [`queue`]: which pairs become proposed entries, ranked, in
//!   canonical form ([`canonical`]), never twice and never once rejected;
//! - [`review`]: accepting, editing, rejecting proposed entries.
//!
//! Sentence splitting lives in [`crate::text::segment`].

pub(crate) mod acronym;
pub(crate) mod anchor;
pub(crate) mod canonical;
pub mod document;
pub mod extract;
pub mod learned;
pub mod lexicon;
pub(crate) mod morph;
pub(crate) mod pos;
pub mod queue;
pub mod review;
pub mod sentence;
pub mod term;
pub(crate) mod termhood;

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

pub use queue::{Proposal, ProposeOptions, Rejected, add_proposed, propose};
