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

pub(crate) mod embedded;
pub mod postgres;
pub(crate) mod repo;
pub(crate) mod rules;
pub mod team;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use embedded::SqliteTm;
pub use postgres::Pg;
pub use repo::{
    AddOutcome, Change, GlossaryRepo, Loaded, MergeStats, TmRepo, TmStats,
    Version,
};

use crate::error::{Error, Result};
use crate::glossary::index::{CacheState, Index};
use crate::glossary::{Entry, Glossary, Store};
use crate::style::Style;

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

/// What [`Workspace::copy_into`] copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CopyStats {
    /// Glossary entries.
    pub entries: usize,
    /// Translation units.
    pub units: u64,
}

/// A glossary and a translation memory, wherever they are kept.
#[derive(Debug, Clone)]
pub struct Workspace {
    glossary: Arc<dyn GlossaryRepo>,
    tm: Arc<dyn TmRepo>,
    /// Who writes through this value (a team account), for the history.
    actor: Option<Arc<str>>,
}

impl Workspace {
    /// A workspace over any repositories.
    pub fn new(glossary: Arc<dyn GlossaryRepo>, tm: Arc<dyn TmRepo>) -> Self {
        Workspace { glossary, tm, actor: None }
    }

    /// The same workspace, its writes recorded as `actor`'s.
    pub fn acting_as(&self, actor: &str) -> Workspace {
        Workspace { actor: Some(actor.into()), ..self.clone() }
    }

    /// The embedded workspace: glossary files (`--glossary`, first one
    /// writable) and a SQLite translation memory at `tm`.
    pub fn embedded(glossary: &[PathBuf], tm: &Path) -> Result<Workspace> {
        Ok(Workspace::new(
            Arc::new(Store::new(glossary)?),
            Arc::new(SqliteTm::new(tm)),
        ))
    }

    /// The team workspace: glossary and memory in the PostgreSQL database
    /// at `url`, its schema migrated first ([`Pg::connect`]).
    pub fn postgres(url: &str) -> Result<Workspace> {
        Ok(Workspace::team(Arc::new(Pg::connect(url)?)))
    }

    /// The team workspace of a connected database.
    pub fn team(pg: Arc<Pg>) -> Workspace {
        Workspace::new(pg.clone(), pg)
    }

    /// Copy this workspace's whole glossary and translation memory into
    /// `to` (`glossa db import` / `db export`): every entry, in order
    /// and with its id, and every unit through a TMX round trip (so
    /// markup, props and headers survive). `to` must be empty: a
    /// destination holding entries or units is refused with
    /// `ErrorKind::Conflict` and nothing is written.
    pub fn copy_into(&self, to: &Workspace) -> Result<CopyStats> {
        let src = self.glossary_entries()?;
        let dest_entries = to.load()?.glossary.entries.len();
        let dest_units =
            if to.tm().exists() { to.tm().stats()?.units } else { 0 };
        if dest_entries > 0 || dest_units > 0 {
            return Err(Error::conflict(format!(
                "{} already holds {dest_entries} entries and {dest_units} \
                 units; copy into an empty one",
                to.describe()
            )));
        }
        let mut tmx = Vec::new();
        let units = if self.tm().exists() {
            self.tm().export_tmx(&mut tmx)?
        } else {
            0
        };
        let entries = src.entries.len();
        let mut src = Some(src);
        to.update(|g| {
            *g = src.take().expect("update runs the closure once");
            Ok(())
        })?;
        if units > 0 {
            let name = self.tm().describe();
            to.tm().import_tmx(&[(name.as_str(), tmx.as_slice())])?;
        }
        Ok(CopyStats { entries, units })
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

    /// The house style kept with the glossary (`style.toml` beside the
    /// writable file for the embedded one), or none.
    pub fn style(&self) -> Result<Style> {
        self.glossary.style()
    }

    /// The entries as the desk publishes them: `style` applied
    /// ([`Style::apply`], in memory only). What `check`, `suggest`, the
    /// web app's check and the language server scan with, so the three
    /// front ends follow one house style rule.
    pub fn styled_entries(&self, style: &Style) -> Result<Glossary> {
        let mut g = self.glossary_entries()?;
        style.apply(&mut g);
        Ok(g)
    }

    /// The glossary's current version.
    pub fn version(&self) -> Result<Version> {
        self.glossary.version()
    }

    /// The current version when it differs from `seen` (the glossary
    /// changed since), else `None`. The one change test of the front
    /// ends' caches.
    pub(crate) fn changed_since(
        &self,
        seen: Version,
    ) -> Result<Option<Version>> {
        let now = self.glossary.version()?;
        Ok((now != seen).then_some(now))
    }

    /// Read-modify-write the writable glossary under the repository's
    /// concurrency rule; nothing is written if `f` fails.
    pub fn update<T>(
        &self,
        f: impl FnOnce(&mut Glossary) -> Result<T>,
    ) -> Result<T> {
        repo::update_by(&*self.glossary, self.actor.as_deref(), f)
    }

    /// Add an entry, or merge it into the one already holding its terms
    /// ([`rules::add_or_merge`]); the outcome names the real id. An
    /// entry breaking a model rule writes nothing (the error names its
    /// id).
    pub fn add_or_merge(&self, entry: Entry) -> Result<AddOutcome> {
        match self.actor {
            None => self.glossary.add_or_merge(entry),
            Some(_) => self.update(|g| Ok(rules::add_or_merge(g, entry))),
        }
    }

    /// Add an entry unless one already holds its terms: then fail with
    /// `ErrorKind::Conflict` naming that entry, and write nothing.
    pub(crate) fn add_new(&self, entry: Entry) -> Result<AddOutcome> {
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

    /// The recorded changes of entry `id`, oldest first.
    pub fn history(&self, id: &str) -> Result<Vec<Change>> {
        self.glossary.history(id)
    }

    /// Put entry `id` back as change `seq` of its history left it (as
    /// it was before, for a deletion); recorded as a new change. Returns
    /// the restored entry.
    pub fn restore(&self, id: &str, seq: i64) -> Result<Entry> {
        let change =
            self.history(id)?.into_iter().find(|c| c.seq == seq).ok_or_else(
                || Error::not_found(format!("entry {id} has no change {seq}")),
            )?;
        let Some(entry) = change.new.or(change.old) else {
            return Err(Error::not_found(format!("change {seq} is empty")));
        };
        self.update(|g| {
            match g.get_mut(id) {
                Some(slot) => *slot = entry.clone(),
                None => g.entries.push(entry.clone()),
            }
            Ok(entry)
        })
    }

    /// Import a glossary ([`Glossary::merge`]'s rule).
    pub fn import(&self, incoming: Glossary) -> Result<MergeStats> {
        match self.actor {
            None => self.glossary.merge(incoming),
            Some(_) => self.update(|g| {
                let (added, merged) = g.merge(incoming);
                Ok(MergeStats { added, merged })
            }),
        }
    }

    /// The lookup index: for the embedded files, their on-disk cache when
    /// fresh (else rebuilt and saved); for any other repository, built in
    /// memory from the loaded glossary.
    pub fn lookup_index(&self) -> Result<(Index, CacheState)> {
        match self.glossary.files() {
            Some(store) => Index::for_store(store),
            None => {
                let g = self.glossary_entries()?;
                let why = "the glossary is not kept in files".to_string();
                Ok((Index::build(&g), CacheState::Unsaved(why)))
            }
        }
    }

    /// The entries an export carries ([`rules::for_export`]).
    pub fn for_export(&self, include_proposed: bool) -> Result<Glossary> {
        let mut g = self.glossary_entries()?;
        rules::for_export(&mut g, include_proposed);
        Ok(g)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::glossary::{LangTag, Term};

    /// A repository kept in memory with a change counter, as a database
    /// would keep one: "one more impl" of the trait, nothing else.
    #[derive(Debug, Default)]
    struct MemRepo {
        g: Mutex<(Glossary, u64)>,
    }

    impl GlossaryRepo for MemRepo {
        fn describe(&self) -> String {
            "memory".into()
        }
        fn version(&self) -> Result<Version> {
            Ok(Version(self.g.lock().unwrap().1))
        }
        fn load(&self) -> Result<Loaded> {
            let (g, v) = self.g.lock().unwrap().clone();
            let writable = g.entries.iter().map(|e| e.id.clone()).collect();
            Ok(Loaded { glossary: g, writable, version: Version(v) })
        }
        fn update_dyn(
            &self,
            f: &mut dyn FnMut(&mut Glossary) -> Result<()>,
        ) -> Result<()> {
            let mut cur = self.g.lock().unwrap();
            let mut g = cur.0.clone();
            f(&mut g)?;
            if let Some(e) = g.problems().into_iter().next() {
                return Err(e);
            }
            *cur = (g, cur.1 + 1);
            Ok(())
        }
    }

    fn pair(fr: &str, en: &str) -> Entry {
        let mut e = Entry::new("");
        e.terms =
            vec![Term::new(LangTag::fr(), fr), Term::new(LangTag::en(), en)];
        e
    }

    #[test]
    fn the_rules_hold_over_any_repository() {
        let dir = tempfile::tempdir().unwrap();
        let tm = SqliteTm::new(dir.path().join("tm.sqlite"));
        let ws = Workspace::new(Arc::new(MemRepo::default()), Arc::new(tm));
        let v0 = ws.version().unwrap();
        let first = ws.add_or_merge(pair("l’IA", "AI")).unwrap();
        assert_eq!(first, AddOutcome { id: "c1".into(), added: true });
        let v1 = ws.changed_since(v0).unwrap().expect("a write is a change");
        assert_eq!(ws.changed_since(v1).unwrap(), None);
        let again = ws.add_or_merge(pair("l'ia", "AI")).unwrap();
        assert_eq!(again, AddOutcome { id: "c1".into(), added: false });
        let err = ws.add_new(pair("L'IA", "AI")).unwrap_err();
        assert!(matches!(err.kind(), crate::ErrorKind::Conflict(_)), "{err}");
        assert_eq!(err.to_string(), "already in the glossary as entry c1");
        // A broken entry writes nothing.
        assert!(ws.add_or_merge(pair("pu\u{1}ce", "chip")).is_err());
        assert_eq!(ws.glossary_entries().unwrap().entries.len(), 1);
        // No files: the index is built in memory.
        let (ix, state) = ws.lookup_index().unwrap();
        assert_eq!(ix.entry_count(), 1);
        assert!(matches!(state, CacheState::Unsaved(_)));
        // The memory repository reports a missing TM as NotFound.
        let e = ws.tm().stats().unwrap_err();
        assert!(matches!(e.kind(), crate::ErrorKind::NotFound(_)), "{e}");
    }
}
