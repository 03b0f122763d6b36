//! The one text pipeline: normalise → tokenise → stem, with spans into the
//! original text. Lookup, the draft scanner, the aligner and the TM all use
//! it, so "d’IA", "centres de donnees" and "Puces" mean the same everywhere.
//!
//! - [`normalize`]: the table of rules ([`normalize::RULES`]) and folding;
//! - [`tokenize`]: [`Token`]s with byte [`Span`]s, French elision;
//! - [`stem`]: Snowball stems for French and English;
//! - [`segment`]: sentence splitting for French and English prose;
//! - [`lines`]: the one line index (byte offsets ↔ lines and columns).

pub(crate) mod inflect;
pub(crate) mod lines;
pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenize;

pub use lines::LineIndex;
pub use normalize::{fold, normalize};
pub use stem::{Lang, WordStemmer};
pub use tokenize::{Span, Token, TokenKind, key, tokenize};
