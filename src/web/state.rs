//! Shared server state: the store, a cached glossary that follows the
//! files on disk, the key that signs CSRF tokens, and the gate that
//! bounds how much heavy work runs at once.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::SystemTime;

use super::Config;
use crate::Store;
use crate::error::Result;
use crate::glossary::Glossary;
use crate::glossary::index::Index;
use crate::glossary::scanner::Scanners;
use crate::tm::TermHints;

/// What identifies a version of the glossary files on disk: each file's
/// path, length and modification time (and the writable file, which may
/// not exist yet).
type Stamp = Vec<(PathBuf, Option<(u64, SystemTime)>)>;

/// A loaded glossary and the stamp of the files it came from, with the
/// library's engines built from it on first use (and dropped with it when
/// the files change).
pub(crate) struct Snapshot {
    /// Every entry of every glossary file, writable file first.
    pub glossary: Glossary,
    /// Ids of entries in the writable file (the ones the app may edit).
    pub writable_ids: HashSet<String>,
    /// Entry id → position in `glossary.entries`.
    pub by_id: HashMap<String, usize>,
    /// The lookup index (issue 3).
    pub index: OnceLock<std::result::Result<Index, String>>,
    /// The draft checker's term scanners (issue 5).
    pub scanners: OnceLock<Scanners>,
    /// Glossary terms in TM queries (issue 6).
    pub hints: OnceLock<TermHints>,
    stamp: Stamp,
}

impl Snapshot {
    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&crate::Entry> {
        self.by_id.get(id).map(|&i| &self.glossary.entries[i])
    }
}

/// The state every request shares.
pub struct App {
    pub(crate) store: Store,
    pub(crate) tm: PathBuf,
    snapshot: RwLock<Arc<Snapshot>>,
    /// Held while reloading, so a change seen by many requests at once is
    /// loaded once.
    reloading: Mutex<()>,
    csrf: super::csrf::Key,
    /// Permits for memory-hungry work (draft checks, imports): at most
    /// [`crate::limits::HEAVY_JOBS`] run at once, whatever the number of
    /// clients, so concurrent large requests cannot add up past memory.
    pub(crate) heavy: Arc<tokio::sync::Semaphore>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("store", &self.store)
            .field("tm", &self.tm)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Open the store and load the glossary once (so a broken glossary is
    /// reported at start-up, not on the first request).
    pub fn new(config: Config) -> Result<App> {
        let store = Store::new(&config.glossary)?;
        let snap = load(&store)?;
        Ok(App {
            store,
            tm: config.tm,
            snapshot: RwLock::new(Arc::new(snap)),
            reloading: Mutex::new(()),
            csrf: super::csrf::Key::random()?,
            heavy: Arc::new(tokio::sync::Semaphore::new(
                crate::limits::HEAVY_JOBS,
            )),
        })
    }

    /// The current glossary, reloaded first if any file changed on disk
    /// (written by `glossa add`, an editor, or this server).
    pub(crate) fn snapshot(&self) -> Result<Arc<Snapshot>> {
        let now = stamp(&self.store)?;
        {
            let cur = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
            if cur.stamp == now {
                return Ok(cur.clone());
            }
        }
        let _one = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        {
            // Another request may have reloaded while this one waited.
            let cur = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
            if cur.stamp == stamp(&self.store)? {
                return Ok(cur.clone());
            }
        }
        let fresh = Arc::new(load(&self.store)?);
        let mut cur = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        *cur = fresh.clone();
        Ok(fresh)
    }

    /// A new session token (stateless: see [`super::csrf`]).
    pub(crate) fn new_session(&self) -> String {
        self.csrf.issue()
    }

    /// True if this server process issued this token.
    pub(crate) fn has_session(&self, token: &str) -> bool {
        self.csrf.verify(token)
    }
}

fn stamp(store: &Store) -> Result<Stamp> {
    let mut files = store.files()?;
    if !files.iter().any(|f| f == store.writable()) {
        files.push(store.writable().to_path_buf());
    }
    Ok(files
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(&p)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?)));
            (p, m)
        })
        .collect())
}

fn load(store: &Store) -> Result<Snapshot> {
    // Stamp first: a write that lands while we read makes the stamp stale,
    // so the next request reloads again rather than keeping old content.
    let stamp = stamp(store)?;
    let sources = store.load_sources()?;
    let mut glossary = Glossary::new();
    let mut writable_ids = HashSet::new();
    for s in sources {
        if s.path == store.writable() {
            writable_ids
                .extend(s.glossary.entries.iter().map(|e| e.id.clone()));
        }
        glossary.entries.extend(s.glossary.entries);
    }
    let by_id = glossary
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    Ok(Snapshot {
        glossary,
        writable_ids,
        by_id,
        index: OnceLock::new(),
        scanners: OnceLock::new(),
        hints: OnceLock::new(),
        stamp,
    })
}
