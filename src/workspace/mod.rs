//! The workspace: the one door the front ends (CLI, language server, web
//! app) go through to the glossary and the translation memory.
//!
//! ```text
//!   cli/  lsp/  web/                 front ends: parse, present
//!         │
//!   workspace::Workspace             add-or-merge, term equality, review
//!         │                          state, change detection, formats
//!   GlossaryRepo     TmRepo          the storage seam (object-safe traits)
//!    │                 │
//!   Store (CSV files)  SqliteTm      embedded implementations
//!         (a database server: one more impl of each trait)
//!   glossary::model, text, formats, tm::score …   the library below
//! ```
//!
//! ```
//! use glossa::workspace::Workspace;
//! use glossa::{Entry, LangTag, Term};
//! let dir = tempfile::tempdir().unwrap();
//! let ws = Workspace::embedded(&[dir.path().to_path_buf()], &dir.path().join("tm.sqlite"))?;
//! let pair = |fr: &str, en: &str| {
//!     let mut e = Entry::new("");
//!     e.terms = vec![Term::new(LangTag::fr(), fr), Term::new(LangTag::en(), en)];
//!     e
//! };
//! assert!(ws.add_or_merge(pair("centre de données", "data centre"))?.added);
//! let again = ws.add_or_merge(pair("Centre de donnees", "data centre"))?;
//! assert_eq!((again.id.as_str(), again.added), ("c1", false));
//! # Ok::<(), glossa::Error>(())
//! ```

pub mod embedded;
pub mod repo;
pub mod rules;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use embedded::SqliteTm;
pub use repo::{
    AddOutcome, GlossaryRepo, Loaded, MergeStats, TmRepo, TmStats, Version,
};

use crate::error::{Error, Result};
use crate::glossary::{Entry, Glossary, Store};

impl From<Store> for Workspace {
    /// The embedded workspace of a glossary store, its memory at the
    /// CLI's default place (`tm.sqlite` beside the writable glossary).
    fn from(store: Store) -> Workspace {
        let dir = match store.writable().parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tm = SqliteTm::new(dir.join("tm.sqlite"));
        Workspace::new(Arc::new(store), Arc::new(tm))
    }
}

/// A glossary and a translation memory, wherever they are kept.
#[derive(Debug, Clone)]
pub struct Workspace {
    glossary: Arc<dyn GlossaryRepo>,
    tm: Arc<dyn TmRepo>,
}

impl Workspace {
    /// A workspace over any repositories.
    pub fn new(glossary: Arc<dyn GlossaryRepo>, tm: Arc<dyn TmRepo>) -> Self {
        Workspace { glossary, tm }
    }

    /// The embedded workspace: glossary files (`--glossary`, first one
    /// writable) and a SQLite translation memory at `tm`.
    pub fn embedded(glossary: &[PathBuf], tm: &Path) -> Result<Workspace> {
        Ok(Workspace::new(
            Arc::new(Store::new(glossary)?),
            Arc::new(SqliteTm::new(tm)),
        ))
    }

    /// The glossary repository.
    pub fn glossary(&self) -> &dyn GlossaryRepo {
        &*self.glossary
    }

    /// The translation memory repository.
    pub fn tm(&self) -> &dyn TmRepo {
        &*self.tm
    }

    /// Where glossary writes go, for messages.
    pub fn describe(&self) -> String {
        self.glossary.describe()
    }

    /// The whole glossary with its writable ids and version.
    pub fn load(&self) -> Result<Loaded> {
        self.glossary.load()
    }

    /// Every entry, as one glossary.
    pub fn glossary_entries(&self) -> Result<Glossary> {
        Ok(self.glossary.load()?.glossary)
    }

    /// The glossary's current version.
    pub fn version(&self) -> Result<Version> {
        self.glossary.version()
    }

    /// The current version when it differs from `seen` (the glossary
    /// changed since), else `None`. The one change test of the front
    /// ends' caches.
    pub fn changed_since(&self, seen: Version) -> Result<Option<Version>> {
        let now = self.glossary.version()?;
        Ok((now != seen).then_some(now))
    }

    /// Read-modify-write the writable glossary under the repository's
    /// concurrency rule; nothing is written if `f` fails.
    pub fn update<T>(
        &self,
        f: impl FnOnce(&mut Glossary) -> Result<T>,
    ) -> Result<T> {
        repo::update(&*self.glossary, f)
    }

    /// Add an entry, or merge it into the one already holding its terms
    /// ([`rules::add_or_merge`]); the outcome names the real id. An
    /// entry breaking a model rule writes nothing (the error names its
    /// id).
    pub fn add_or_merge(&self, entry: Entry) -> Result<AddOutcome> {
        self.glossary.add_or_merge(entry)
    }

    /// Add an entry unless one already holds its terms: then fail with
    /// `ErrorKind::Conflict` naming that entry, and write nothing.
    pub fn add_new(&self, entry: Entry) -> Result<AddOutcome> {
        self.update(|g| {
            if let Some(i) = rules::find_same(g, &entry) {
                return Err(Error::conflict(format!(
                    "already in the glossary as entry {}",
                    g.entries[i].id
                )));
            }
            Ok(rules::add_or_merge(g, entry))
        })
    }

    /// Import a glossary ([`Glossary::merge`]'s rule).
    pub fn import(&self, incoming: Glossary) -> Result<MergeStats> {
        self.glossary.merge(incoming)
    }

    /// The entries an export carries ([`rules::for_export`]).
    pub fn for_export(&self, include_proposed: bool) -> Result<Glossary> {
        let mut g = self.glossary_entries()?;
        rules::for_export(&mut g, include_proposed);
        Ok(g)
    }
}
