//! The embedded storage: the glossary as glossa CSV files
//! ([`Store`]: lock file, atomic saves) and the translation memory as one
//! SQLite database ([`SqliteTm`]). The default for one person on one disk.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::repo::{GlossaryRepo, Loaded, TmRepo, TmStats, Version};
use crate::error::Result;
use crate::glossary::{Glossary, Store};
use crate::tm::{AddStats, Match, SearchOptions, Tm, TranslationUnit};

impl GlossaryRepo for Store {
    fn describe(&self) -> String {
        self.writable().display().to_string()
    }

    fn version(&self) -> Result<Version> {
        Ok(Version(self.files_digest()?))
    }

    fn load(&self) -> Result<Loaded> {
        // Version first: a write that lands while we read makes it stale,
        // so the next check reloads rather than keeping old content.
        let version = Version(self.files_digest()?);
        let mut glossary = Glossary::new();
        let mut writable = HashSet::new();
        for s in self.load_sources()? {
            if s.path == self.writable() {
                writable
                    .extend(s.glossary.entries.iter().map(|e| e.id.clone()));
            }
            glossary.entries.extend(s.glossary.entries);
        }
        Ok(Loaded { glossary, writable, version })
    }

    fn update_dyn(
        &self,
        f: &mut dyn FnMut(&mut Glossary) -> Result<()>,
    ) -> Result<()> {
        Store::update(self, f)
    }

    fn files(&self) -> Option<&Store> {
        Some(self)
    }
}

/// The translation memory in one SQLite file (WAL mode: readers never
/// wait, writers wait for each other). Each call opens the database, so
/// one value serves every thread of the web server.
#[derive(Debug, Clone)]
pub struct SqliteTm {
    path: PathBuf,
}

impl SqliteTm {
    /// The memory at `path` (created by the first write).
    pub fn new(path: impl Into<PathBuf>) -> SqliteTm {
        SqliteTm { path: path.into() }
    }

    /// Where the database file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run a write; a database this write created is removed again when
    /// it fails, so a failed command leaves no file behind.
    fn write<T>(&self, f: impl FnOnce(&mut Tm) -> Result<T>) -> Result<T> {
        let existed = self.path.exists();
        let res = Tm::open(&self.path).and_then(|mut tm| f(&mut tm));
        if res.is_err() && !existed {
            for ext in ["", "-wal", "-shm"] {
                let mut p = self.path.clone().into_os_string();
                p.push(ext);
                let _ = std::fs::remove_file(p);
            }
        }
        res
    }
}

impl TmRepo for SqliteTm {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn exists(&self) -> bool {
        self.path.exists()
    }

    fn add_units(&self, units: &[TranslationUnit]) -> Result<AddStats> {
        self.write(|tm| tm.add_units(units))
    }

    fn import_tmx(&self, docs: &[(&str, &[u8])]) -> Result<Vec<AddStats>> {
        let refs: Vec<(&Path, &[u8])> =
            docs.iter().map(|(n, b)| (Path::new(*n), *b)).collect();
        self.write(|tm| tm.import_tmx_bytes(&refs))
    }

    fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Match>> {
        Tm::open_existing(&self.path)?.search(query, opts)
    }

    fn export_tmx(&self, w: &mut dyn Write) -> Result<u64> {
        Tm::open_existing(&self.path)?.export_tmx(w)
    }

    fn stats(&self) -> Result<TmStats> {
        Ok(TmStats { units: Tm::open_existing(&self.path)?.len()? })
    }

    fn translate(
        &self,
        term: &str,
        glossary: Option<&Glossary>,
        limit: usize,
    ) -> Result<Vec<crate::translate::Candidate>> {
        let tm = match self.path.exists() {
            true => Some(Tm::open(&self.path)?),
            false => None,
        };
        crate::translate::translate_term(term, glossary, tm.as_ref(), limit)
    }
}
