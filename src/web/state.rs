//! Shared server state: the store, a cached glossary that follows the
//! files on disk, the key that signs CSRF tokens, and the gate that
//! bounds how much heavy work runs at once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use super::Config;
use crate::error::Result;
use crate::glossary::Glossary;
use crate::glossary::index::Index;
use crate::glossary::scanner::Scanners;
use crate::style::Style;
use crate::tm::TermHints;
use crate::workspace::{Version, Workspace};

/// A loaded glossary and the version it was read at, with the
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
    /// The house style read with the glossary ([`Workspace::style`]).
    pub style: Style,
    version: Version,
}

impl Snapshot {
    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&crate::Entry> {
        self.by_id.get(id).map(|&i| &self.glossary.entries[i])
    }

    /// The draft checker's scanners, over the entries with the house
    /// style applied (as `glossa check` builds them).
    pub fn scanners(&self) -> &Scanners {
        self.scanners.get_or_init(|| {
            let mut g = self.glossary.clone();
            self.style.apply(&mut g);
            Scanners::new(g)
        })
    }
}

/// The state every request shares.
pub struct App {
    pub(crate) ws: Workspace,
    /// The team database when the app runs in team mode (accounts,
    /// roles, sessions); `None` for the single-user embedded app.
    pub(crate) team: Option<Arc<crate::workspace::Pg>>,
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
        f.debug_struct("App").field("ws", &self.ws).finish_non_exhaustive()
    }
}

impl App {
    /// Open the store and load the glossary once (so a broken glossary is
    /// reported at start-up, not on the first request).
    pub fn new(config: Config) -> Result<App> {
        App::with_workspace(Workspace::embedded(&config.glossary, &config.tm)?)
    }

    /// The team server's app: glossary and memory in the database, with
    /// accounts and roles ([`super::auth`]).
    pub fn team(pg: Arc<crate::workspace::Pg>) -> Result<App> {
        let mut app = App::with_workspace(Workspace::team(pg.clone()))?;
        app.team = Some(pg);
        Ok(app)
    }

    /// The app over any workspace, without accounts.
    pub fn with_workspace(ws: Workspace) -> Result<App> {
        let snap = load(&ws)?;
        Ok(App {
            ws,
            team: None,
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
        {
            let cur = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
            if self.ws.changed_since(cur.version)?.is_none() {
                return Ok(cur.clone());
            }
        }
        let _one = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        {
            // Another request may have reloaded while this one waited.
            let cur = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
            if self.ws.changed_since(cur.version)?.is_none() {
                return Ok(cur.clone());
            }
        }
        let fresh = Arc::new(load(&self.ws)?);
        let mut cur = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        *cur = fresh.clone();
        Ok(fresh)
    }

    /// Where writes go, for messages.
    pub fn describe(&self) -> String {
        self.ws.describe()
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

fn load(ws: &Workspace) -> Result<Snapshot> {
    let loaded = ws.load()?;
    let style = ws.style()?;
    let glossary: Glossary = loaded.glossary;
    let by_id = glossary
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    Ok(Snapshot {
        glossary,
        writable_ids: loaded.writable,
        by_id,
        index: OnceLock::new(),
        scanners: OnceLock::new(),
        hints: OnceLock::new(),
        style,
        version: loaded.version,
    })
}
