//! A language server for Markdown and plain-text drafts (`glossa lsp`).
//!
//! - [`server`]: the stdio loop (lifecycle, diagnostics, hover,
//!   completion, code actions, the `glossa.addTerm` command);
//! - [`convert`]: byte offsets ↔ LSP positions (UTF-16 by default,
//!   UTF-8/UTF-32 when negotiated) — the only code that knows them.
//!
//! Diagnostics come from [`crate::suggest`]; the glossary is reloaded when
//! its files change on disk, and new entries go through
//! [`crate::Store::update`] like every other write.

pub mod convert;
pub(crate) mod server;

pub use server::{ADD_TERM, Exit, run};
