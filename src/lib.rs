//! glossa: a French→English glossary and translation memory for tech
//! journalism.
//!
//! The main types are [`Glossary`] (a concept-oriented termbase mapping
//! onto TBX-Basic), [`Store`] (the glossary files on disk: locked,
//! atomically saved) and the format readers/writers in [`formats`]. The
//! text pipeline in [`text`] (normalise → tokenise → stem, spans into the
//! original) is shared by lookup, alignment, draft checks and the TM.
//!
//! ```
//! use glossa::formats::native;
//! let csv = "id,lang,term\nc1,fr,puce\nc1,en,chip\n";
//! let g = native::read(csv.as_bytes())?;
//! assert_eq!(g.entries[0].preferred("en").unwrap().text, "chip");
//! assert_eq!(glossa::text::key("les Puces d’IA"), "les puces d' ia");
//! # Ok::<(), glossa::Error>(())
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod check;
pub(crate) mod error;
pub(crate) mod finding;
pub mod formats;
pub mod glossary;
pub mod limits;
pub mod lsp;
pub mod strict;
pub mod style;
pub mod suggest;
/// Benchmark and test generators (synthetic termbases and TMX): dev-only,
/// not part of the API (see the module's notes).
#[cfg(any(test, feature = "synth"))]
#[doc(hidden)]
pub mod synth;
pub mod text;
pub mod tm;
pub mod translate;
pub mod web;
pub mod workspace;

pub use error::{Error, ErrorKind, Position, Result};
pub use glossary::{Entry, Glossary, LangTag, Store, Term};
pub use workspace::{GlossaryRepo, TmRepo, Workspace};
