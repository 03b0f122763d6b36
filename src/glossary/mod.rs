//! The termbase: model, the on-disk store, and the term index and scanner
//! built from it.
//!
//! - [`model`]: [`Glossary`], [`Entry`], [`Term`] and TBX-Basic's closed lists;
//! - [`store`]: the only writer (lock, atomic save), several files;
//! - [`index`]: fuzzy, inflection-aware lookup (issue 3);
//! - [`scanner`]: every glossary term in a text in one pass (issue 5).

pub mod index;
pub mod locate;
pub mod model;
pub mod scanner;
pub mod store;

pub use model::{
    AdminStatus, Entry, Gender, Glossary, LangTag, Number, PartOfSpeech,
    ReviewState, Term, TermType,
};
pub use store::Store;
