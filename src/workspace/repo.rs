//! The storage seam: what the workspace needs from wherever the glossary
//! and the translation memory live.
//!
//! Both traits are object-safe (the [`Workspace`](super::Workspace) holds
//! `Arc<dyn GlossaryRepo>` and `Arc<dyn TmRepo>`), take and return model
//! values only (no file paths, no SQL, no connections), and fail with the
//! library's typed [`Error`](crate::Error): `NotFound`, `Conflict`,
//! `Unavailable`, `Database`, `Invalid`… The embedded implementations are
//! in [`super::embedded`]; a database server is one more `impl`.

use std::collections::HashSet;
use std::io::Write;

use serde::Serialize;

use crate::error::Result;
use crate::glossary::{Entry, Glossary};
use crate::tm::{AddStats, Match, SearchOptions, TranslationUnit};

pub use super::rules::AddOutcome;

/// An opaque version of a repository's content: equal versions mean the
/// content did not change. Files: a digest of each file's path, size,
/// modification time and inode; a database: its change counter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Version(pub u64);

/// A glossary as loaded, with what the caller may edit and the version it
/// was read at.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Every entry, writable ones first.
    pub glossary: Glossary,
    /// Ids of the entries that writes can change (the others come from
    /// read-only sources, such as a second `--glossary`).
    pub writable: HashSet<String>,
    /// The version the content was read at (taken before reading, so a
    /// write that lands meanwhile shows up as a change next time).
    pub version: Version,
}

/// Counts of a glossary import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeStats {
    /// Entries added.
    pub added: usize,
    /// Entries merged into existing ones.
    pub merged: usize,
}

/// One recorded change to an entry (team storage keeps a history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its number, increasing over the whole glossary.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who (the account), if known.
    pub actor: Option<String>,
    /// `add`, `edit` or `delete`.
    pub action: String,
    /// The entry before (none for an addition).
    pub old: Option<Entry>,
    /// The entry after (none for a deletion).
    pub new: Option<Entry>,
}

/// Where a glossary is kept.
///
/// Writes are read-modify-write transactions under the repository's own
/// concurrency rule (a file lock for files; a transaction for a
/// database): the closure sees the current content, and either its
/// result is checked ([`Glossary::problems`]) and stored as a whole, or
/// nothing is written.
pub trait GlossaryRepo: Send + Sync + std::fmt::Debug {
    /// Where writes go, for messages (`glossary/glossary.csv`).
    fn describe(&self) -> String;

    /// The current version, cheaply (no full read).
    fn version(&self) -> Result<Version>;

    /// Every entry, with the writable ids and the version.
    fn load(&self) -> Result<Loaded>;

    /// Run `f` on the writable content and store the result atomically;
    /// when `f` fails or the result breaks a model rule nothing is
    /// written. Object-safe form: use [`update`] for a closure returning
    /// a value.
    fn update_dyn(
        &self,
        f: &mut dyn FnMut(&mut Glossary) -> Result<()>,
    ) -> Result<()>;

    /// [`GlossaryRepo::update_dyn`] on behalf of `actor` (a team
    /// account), for repositories that keep a history of changes; the
    /// embedded files keep none and ignore it.
    fn update_by(
        &self,
        actor: Option<&str>,
        f: &mut dyn FnMut(&mut Glossary) -> Result<()>,
    ) -> Result<()> {
        let _ = actor;
        self.update_dyn(f)
    }

    /// Add `entry`, or merge it into the entry that already holds its
    /// terms ([`super::rules::add_or_merge`]). A repository that can do
    /// better than a whole read-modify-write overrides this, keeping the
    /// rule.
    fn add_or_merge(&self, entry: Entry) -> Result<AddOutcome> {
        let mut entry = Some(entry);
        update(self, |g| {
            let e = entry.take().expect("update runs the closure once");
            Ok(super::rules::add_or_merge(g, e))
        })
    }

    /// The recorded changes of entry `id`, oldest first; empty where no
    /// history is kept (the embedded files).
    fn history(&self, id: &str) -> Result<Vec<Change>> {
        let _ = id;
        Ok(Vec::new())
    }

    /// Merge a whole glossary (an import): [`Glossary::merge`]'s rule.
    fn merge(&self, incoming: Glossary) -> Result<MergeStats> {
        let mut incoming = Some(incoming);
        update(self, |g| {
            let inc = incoming.take().expect("update runs the closure once");
            let (added, merged) = g.merge(inc);
            Ok(MergeStats { added, merged })
        })
    }

    /// The house style profile kept with this glossary
    /// ([`crate::style`]); none by default. Its changes are part of
    /// [`GlossaryRepo::version`].
    fn style(&self) -> Result<crate::style::Style> {
        Ok(crate::style::Style::default())
    }

    /// The embedded files behind this repository, for the tools that work
    /// on files themselves (`validate`, the lookup index cache); `None`
    /// for a database.
    fn files(&self) -> Option<&crate::glossary::Store> {
        None
    }
}

/// [`GlossaryRepo::update_dyn`] with a closure returning a value.
pub fn update<R, T>(
    repo: &R,
    f: impl FnOnce(&mut Glossary) -> Result<T>,
) -> Result<T>
where
    R: GlossaryRepo + ?Sized,
{
    update_by(repo, None, f)
}

/// [`GlossaryRepo::update_by`] with a closure returning a value.
pub fn update_by<R, T>(
    repo: &R,
    actor: Option<&str>,
    f: impl FnOnce(&mut Glossary) -> Result<T>,
) -> Result<T>
where
    R: GlossaryRepo + ?Sized,
{
    let mut f = Some(f);
    let mut out = None;
    repo.update_by(actor, &mut |g| {
        let f = f.take().expect("update runs the closure once");
        out = Some(f(g)?);
        Ok(())
    })?;
    Ok(out.expect("update_dyn ran the closure"))
}

/// What a translation memory holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TmStats {
    /// Units stored.
    pub units: u64,
}

/// Where the translation memory is kept.
///
/// Reads of a memory that does not exist yet fail with
/// `ErrorKind::NotFound`; writes create it.
pub trait TmRepo: Send + Sync + std::fmt::Debug {
    /// Where it is, for messages (`glossary/tm.sqlite`).
    fn describe(&self) -> String;

    /// True if the memory exists (a read would not fail with `NotFound`).
    fn exists(&self) -> bool;

    /// Add aligned pairs in one transaction (exact duplicates merged).
    fn add_units(&self, units: &[TranslationUnit]) -> Result<AddStats>;

    /// Import TMX documents `(name, bytes)` in one transaction: every unit
    /// of every document, or none. Each name labels its document in
    /// errors and in the stats.
    fn import_tmx(&self, docs: &[(&str, &[u8])]) -> Result<Vec<AddStats>>;

    /// Units whose French source is like `query`, best first.
    fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Match>>;

    /// Write every unit as TMX 1.4b; returns the number written.
    fn export_tmx(&self, w: &mut dyn Write) -> Result<u64>;

    /// Counts.
    fn stats(&self) -> Result<TmStats>;

    /// English candidates for French `term`, best first
    /// ([`crate::translate`]): entries of `glossary`, this memory's
    /// sentences holding the term and the associations it learned, and
    /// composition from the lexicon. The default, for a memory that
    /// cannot search its units, uses the glossary and the lexicon only;
    /// a memory that does not exist yet adds nothing.
    fn translate(
        &self,
        term: &str,
        glossary: Option<&Glossary>,
        limit: usize,
    ) -> Result<Vec<crate::translate::Candidate>> {
        crate::translate::translate_term(term, glossary, None, limit)
    }
}
