//! Learned word associations as alignment evidence (issue 13 item 3).
//!
//! The term aligner ([`super::term`]) asks a [`Learned`] model how
//! strongly a French word and an English word go together in the
//! translations seen so far. The translation memory provides one
//! ([`crate::tm::assoc::Associations`]): co-occurrence counts over every
//! aligned pair it stores, updated on each add or TMX import. The model
//! speaks in stems ([`crate::text::stem::WordStemmer`]), as the aligner
//! does.

use std::sync::Arc;

/// How strongly a French and an English word are associated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    /// Dice coefficient over aligned pairs: 2·c(f,e) / (c(f) + c(e)).
    pub dice: f64,
    /// Aligned pairs holding both words.
    pub both: u32,
}

/// A source of learned word associations.
pub trait Learned: Send + Sync {
    /// The association of French stem `fr` with English stem `en`, if
    /// they were ever seen together.
    fn word(&self, fr: &str, en: &str) -> Option<Association>;
}

impl std::fmt::Debug for dyn Learned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Learned")
    }
}

/// A shared learned model, as the aligner options hold it.
pub type LearnedModel = Arc<dyn Learned>;

/// Fewest aligned pairs holding both words for a learned link.
pub const MIN_BOTH: u32 = 3;
/// Lowest Dice coefficient for a learned link.
pub const MIN_DICE: f64 = 0.4;

/// The strength of a learned link in the aligner's scale (a lexicon link
/// is 1.0, a cognate 0.5–0.9): 0.85 × Dice, for pairs seen together at
/// least [`MIN_BOTH`] times with Dice ≥ [`MIN_DICE`]; else `None`.
pub(crate) fn link_strength(
    m: &dyn Learned,
    fr: &str,
    en: &str,
) -> Option<f64> {
    let a = m.word(fr, en)?;
    (a.both >= MIN_BOTH && a.dice >= MIN_DICE).then_some(0.85 * a.dice)
}
