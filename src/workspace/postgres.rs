//! The team storage (issue 17): the glossary and the translation memory
//! in PostgreSQL, one more implementation of [`GlossaryRepo`] and
//! [`TmRepo`].
//!
//! - **Connections**: a `deadpool-postgres` pool of `tokio-postgres`
//!   clients driven by a small runtime of the repository's own, so the
//!   traits stay synchronous: a call from a plain thread blocks on that
//!   runtime, a call from a worker of the web server's runtime does so
//!   inside `block_in_place`. A database that cannot be reached fails
//!   with `ErrorKind::Unavailable` (the web app's 503) after
//!   [`CONNECT_TIMEOUT`], and the pool reconnects when it is back.
//! - **Schema**: the versioned migrations of `migrations/postgres/`,
//!   applied in order on [`Pg::connect`] under an advisory lock (so many
//!   servers starting at once apply each one once), recorded in
//!   `glossa_migrations`.
//! - **Glossary**: one row per entry (its JSON, its position), a version
//!   counter bumped in the same transaction as every change (the
//!   [`Version`] servers compare to rebuild their lookup index), and a
//!   history row per changed entry (who, when, old and new JSON).
//!   Writes lock the counter row (`FOR UPDATE`), so writers take turns
//!   and no update is lost; readers read one snapshot (repeatable read).
//! - **Memory**: units as in the SQLite TM (same duplicate hash, same
//!   raw `<tu>` kept for units with markup), fuzzy candidates from a
//!   `pg_trgm` GIN index on the folded French source, then glossa's own
//!   CAT score ([`crate::tm::score`]) on top.

use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use super::repo::{Change, GlossaryRepo, Loaded, TmRepo, TmStats, Version};
use super::team::{
    Role, User, check_name, digest, hash_password, new_secret, verify_password,
};
use crate::error::{Error, ErrorKind, Result};
use crate::formats::tmx::{self, lang_is};
use crate::glossary::{Entry, Glossary};
use crate::text::tokenize::{join_folded, tokenize};
use crate::tm::score::{Score, score_tokens};
use crate::tm::store::{StoredUnit, plain_hash, read_stored_units};
use crate::tm::{
    AddStats, Match, SearchOptions, TranslationUnit, now_tmx_date,
};

/// How long a request waits for a connection before failing with
/// `Unavailable`.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections kept by one process.
const POOL_SIZE: usize = 32;

/// Units inserted per statement.
const CHUNK: usize = 1000;

/// The schema migrations, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "glossary and tm",
        include_str!("../../migrations/postgres/0001_glossary_and_tm.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../../migrations/postgres/0002_accounts.sql"),
    ),
];

/// A glossary and a translation memory in one PostgreSQL database.
pub struct Pg {
    rt: Option<tokio::runtime::Runtime>,
    pool: Pool,
    name: String,
}

impl std::fmt::Debug for Pg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pg").field("database", &self.name).finish()
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        // Never blocks (dropping a runtime inside another one would panic).
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// A driver error: the server's own message for an SQL error, else
/// (connection refused, closed, timed out) `Unavailable`.
pub(crate) fn pg_err(e: tokio_postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) => Error::new(ErrorKind::Database(format!(
            "PostgreSQL: {}",
            db.message()
        ))),
        None => unavailable(e),
    }
}

fn unavailable(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Unavailable(format!(
        "the database is unavailable: {e}"
    )))
}

fn pool_err(e: deadpool_postgres::PoolError) -> Error {
    match e {
        deadpool_postgres::PoolError::Backend(e) => pg_err(e),
        e => unavailable(e),
    }
}

fn json_err(id: &str, e: serde_json::Error) -> Error {
    Error::new(ErrorKind::Database(format!(
        "entry {id} in the database is not a glossa entry: {e}"
    )))
}

type Client = deadpool_postgres::Object;

impl Pg {
    /// Connect to the database at `url` (`postgres://user@host/db`, or
    /// key=value pairs) and apply the migrations it lacks.
    pub fn connect(url: &str) -> Result<Pg> {
        let pg = Pg::open(url)?;
        pg.migrate()?;
        Ok(pg)
    }

    /// The pool, without touching the database yet.
    pub fn open(url: &str) -> Result<Pg> {
        let cfg: tokio_postgres::Config = url
            .parse()
            .map_err(|e| Error::input(format!("bad database URL: {e}")))?;
        let name = format!(
            "PostgreSQL database {}",
            cfg.get_dbname().or(cfg.get_user()).unwrap_or("(default)")
        );
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("glossa-pg")
            .enable_all()
            .build()
            .map_err(Error::from)?;
        let mgr = Manager::from_config(
            cfg,
            NoTls,
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let pool = Pool::builder(mgr)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(CONNECT_TIMEOUT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| Error::input(format!("database pool: {e}")))?;
        Ok(Pg { rt: Some(rt), pool, name })
    }

    /// Run `f` to completion on the repository's runtime, from any
    /// thread: a plain one, or a worker (or blocking thread) of a
    /// multi-threaded tokio runtime.
    pub(crate) fn block<T>(
        &self,
        f: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        use tokio::runtime::{Handle, RuntimeFlavor};
        let rt = self.rt.as_ref().expect("runtime lives until drop");
        match Handle::try_current() {
            Err(_) => rt.block_on(f),
            Ok(h) if h.runtime_flavor() == RuntimeFlavor::CurrentThread => {
                Err(Error::input(
                    "the PostgreSQL repository needs a multi-threaded \
                     runtime (or none)",
                ))
            }
            Ok(_) => tokio::task::block_in_place(|| rt.block_on(f)),
        }
    }

    async fn client(&self) -> Result<Client> {
        self.pool.get().await.map_err(pool_err)
    }

    /// Apply the migrations the database lacks; returns the versions
    /// applied now (empty when it was up to date).
    pub fn migrate(&self) -> Result<Vec<i32>> {
        self.block(async {
            let mut c = self.client().await?;
            let tx = c.transaction().await.map_err(pg_err)?;
            // One migrating process at a time (the key is "glossa").
            tx.batch_execute(
                "SELECT pg_advisory_xact_lock(7411532837); \
                 CREATE TABLE IF NOT EXISTS glossa_migrations ( \
                   version integer PRIMARY KEY, name text NOT NULL, \
                   applied timestamptz NOT NULL DEFAULT now())",
            )
            .await
            .map_err(pg_err)?;
            let done: Vec<i32> = tx
                .query("SELECT version FROM glossa_migrations", &[])
                .await
                .map_err(pg_err)?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut applied = Vec::new();
            for &(v, name, sql) in MIGRATIONS {
                if done.contains(&v) {
                    continue;
                }
                tx.batch_execute(sql).await.map_err(|e| {
                    let e = pg_err(e);
                    Error::new(ErrorKind::Database(format!(
                        "migration {v} ({name}): {e}"
                    )))
                })?;
                tx.execute(
                    "INSERT INTO glossa_migrations(version, name) \
                     VALUES ($1, $2)",
                    &[&v, &name],
                )
                .await
                .map_err(pg_err)?;
                applied.push(v);
            }
            tx.commit().await.map_err(pg_err)?;
            Ok(applied)
        })
    }

    /// The schema version (the highest migration applied).
    pub fn schema_version(&self) -> Result<i32> {
        self.block(async {
            let c = self.client().await?;
            let r = c
                .query_one(
                    "SELECT coalesce(max(version), 0) FROM glossa_migrations",
                    &[],
                )
                .await
                .map_err(pg_err)?;
            Ok(r.get(0))
        })
    }
}

/// Rows of `entry` as entries, in glossary order.
fn entries_of(rows: &[tokio_postgres::Row]) -> Result<Vec<Entry>> {
    rows.iter()
        .map(|r| {
            let id: &str = r.get(0);
            serde_json::from_str(r.get(1)).map_err(|e| json_err(id, e))
        })
        .collect()
}

fn to_json(e: &Entry) -> String {
    serde_json::to_string(e).expect("an entry serialises")
}

/// Store the difference between `old` and `new` (the whole glossary
/// before and after a write) with one history row per changed entry;
/// returns the number of entries changed.
async fn write_diff(
    tx: &deadpool_postgres::Transaction<'_>,
    old: &[Entry],
    new: &[Entry],
    actor: Option<&str>,
) -> Result<usize> {
    let before: HashMap<&str, (usize, &Entry)> =
        old.iter().enumerate().map(|(i, e)| (e.id.as_str(), (i, e))).collect();
    // History: (entry id, action, old JSON, new JSON).
    let mut hist: Vec<(String, &str, Option<String>, Option<String>)> =
        Vec::new();
    let (mut ins_id, mut ins_pos, mut ins_body) = (vec![], vec![], vec![]);
    for (i, e) in new.iter().enumerate() {
        let pos = i as i64;
        match before.get(e.id.as_str()) {
            None => {
                let body = to_json(e);
                hist.push((e.id.clone(), "add", None, Some(body.clone())));
                ins_id.push(e.id.clone());
                ins_pos.push(pos);
                ins_body.push(body);
            }
            Some((_, o)) if *o != e => {
                let body = to_json(e);
                hist.push((
                    e.id.clone(),
                    "edit",
                    Some(to_json(o)),
                    Some(body.clone()),
                ));
                tx.execute(
                    "UPDATE entry SET body = $2::text::jsonb, pos = $3, \
                     rev = rev + 1, updated = now(), updated_by = $4 \
                     WHERE id = $1",
                    &[&e.id, &body, &pos, &actor],
                )
                .await
                .map_err(pg_err)?;
            }
            Some((j, _)) if *j != i => {
                tx.execute(
                    "UPDATE entry SET pos = $2 WHERE id = $1",
                    &[&e.id, &pos],
                )
                .await
                .map_err(pg_err)?;
            }
            Some(_) => {}
        }
    }
    let kept: std::collections::HashSet<&str> =
        new.iter().map(|e| e.id.as_str()).collect();
    let gone: Vec<String> = old
        .iter()
        .filter(|e| !kept.contains(e.id.as_str()))
        .map(|e| {
            hist.push((e.id.clone(), "delete", Some(to_json(e)), None));
            e.id.clone()
        })
        .collect();
    if !gone.is_empty() {
        tx.execute("DELETE FROM entry WHERE id = ANY($1)", &[&gone])
            .await
            .map_err(pg_err)?;
    }
    if !ins_id.is_empty() {
        tx.execute(
            "INSERT INTO entry(id, pos, body, updated_by) \
             SELECT i, p, b::jsonb, $4 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS u(i, p, b)",
            &[&ins_id, &ins_pos, &ins_body, &actor],
        )
        .await
        .map_err(pg_err)?;
    }
    write_history(tx, &hist, actor).await?;
    Ok(hist.len())
}

async fn write_history(
    tx: &deadpool_postgres::Transaction<'_>,
    hist: &[(String, &str, Option<String>, Option<String>)],
    actor: Option<&str>,
) -> Result<()> {
    if hist.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = hist.iter().map(|h| h.0.as_str()).collect();
    let actions: Vec<&str> = hist.iter().map(|h| h.1).collect();
    let olds: Vec<Option<&str>> =
        hist.iter().map(|h| h.2.as_deref()).collect();
    let news: Vec<Option<&str>> =
        hist.iter().map(|h| h.3.as_deref()).collect();
    tx.execute(
        "INSERT INTO entry_history(entry_id, actor, action, old, new) \
         SELECT i, $5, a, o::jsonb, n::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) \
         WITH ORDINALITY AS u(i, a, o, n, k) ORDER BY k",
        &[&ids, &actions, &olds, &news, &actor],
    )
    .await
    .map_err(pg_err)?;
    Ok(())
}

impl Pg {
    /// [`GlossaryRepo::update_dyn`] recording `actor` in the history.
    pub fn update_as(
        &self,
        actor: Option<&str>,
        f: &mut dyn FnMut(&mut Glossary) -> Result<()>,
    ) -> Result<()> {
        self.block(async {
            let mut c = self.client().await?;
            let tx = c.transaction().await.map_err(pg_err)?;
            // Writers take turns on the counter row.
            tx.query_one(
                "SELECT version FROM glossary_meta WHERE id = 1 FOR UPDATE",
                &[],
            )
            .await
            .map_err(pg_err)?;
            let rows = tx
                .query("SELECT id, body::text FROM entry ORDER BY pos", &[])
                .await
                .map_err(pg_err)?;
            let old = entries_of(&rows)?;
            drop(rows);
            let mut g = Glossary { entries: old.clone() };
            f(&mut g)?;
            if let Some(e) = g.problems().into_iter().next() {
                return Err(e);
            }
            if write_diff(&tx, &old, &g.entries, actor).await? > 0 {
                tx.execute(
                    "UPDATE glossary_meta SET version = version + 1 \
                     WHERE id = 1",
                    &[],
                )
                .await
                .map_err(pg_err)?;
            }
            tx.commit().await.map_err(pg_err)
        })
    }
}

impl GlossaryRepo for Pg {
    fn describe(&self) -> String {
        self.name.clone()
    }

    fn version(&self) -> Result<Version> {
        self.block(async {
            let c = self.client().await?;
            let st = c
                .prepare_cached(
                    "SELECT version FROM glossary_meta WHERE id = 1",
                )
                .await
                .map_err(pg_err)?;
            let v: i64 = c.query_one(&st, &[]).await.map_err(pg_err)?.get(0);
            Ok(Version(v as u64))
        })
    }

    fn load(&self) -> Result<Loaded> {
        self.block(async {
            let mut c = self.client().await?;
            let tx = c
                .build_transaction()
                .isolation_level(
                    tokio_postgres::IsolationLevel::RepeatableRead,
                )
                .read_only(true)
                .start()
                .await
                .map_err(pg_err)?;
            let v: i64 = tx
                .query_one(
                    "SELECT version FROM glossary_meta WHERE id = 1",
                    &[],
                )
                .await
                .map_err(pg_err)?
                .get(0);
            let rows = tx
                .query("SELECT id, body::text FROM entry ORDER BY pos", &[])
                .await
                .map_err(pg_err)?;
            let entries = entries_of(&rows)?;
            tx.commit().await.map_err(pg_err)?;
            let writable = entries.iter().map(|e| e.id.clone()).collect();
            Ok(Loaded {
                glossary: Glossary { entries },
                writable,
                version: Version(v as u64),
            })
        })
    }

    fn update_dyn(
        &self,
        f: &mut dyn FnMut(&mut Glossary) -> Result<()>,
    ) -> Result<()> {
        self.update_as(None, f)
    }

    fn update_by(
        &self,
        actor: Option<&str>,
        f: &mut dyn FnMut(&mut Glossary) -> Result<()>,
    ) -> Result<()> {
        self.update_as(actor, f)
    }

    fn history(&self, id: &str) -> Result<Vec<Change>> {
        let rows = self.block(async {
            let c = self.client().await?;
            c.query(
                "SELECT seq, to_char(at AT TIME ZONE 'UTC', \
                 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), actor, action, \
                 old::text, new::text FROM entry_history \
                 WHERE entry_id = $1 ORDER BY seq",
                &[&id],
            )
            .await
            .map_err(pg_err)
        })?;
        let parse = |s: Option<&str>| -> Result<Option<Entry>> {
            s.map(|s| serde_json::from_str(s).map_err(|e| json_err(id, e)))
                .transpose()
        };
        rows.iter()
            .map(|r| {
                Ok(Change {
                    seq: r.get(0),
                    at: r.get(1),
                    actor: r.get(2),
                    action: r.get(3),
                    old: parse(r.get(4))?,
                    new: parse(r.get(5))?,
                })
            })
            .collect()
    }
}

/// The folded French source a unit is found by (`''` for units that are
/// not French → English, which never match).
fn fold_of(u: &TranslationUnit) -> String {
    if lang_is(&u.source_lang, "fr") && lang_is(&u.target_lang, "en") {
        join_folded(&tokenize(&u.source))
    } else {
        String::new()
    }
}

fn check_sizes(u: &TranslationUnit) -> Result<()> {
    for (what, s) in [("source", &u.source), ("target", &u.target)] {
        if s.len() > tmx::MAX_SEGMENT_BYTES {
            return Err(Error::input(format!(
                "{what} segment longer than {} MiB",
                tmx::MAX_SEGMENT_BYTES >> 20
            )));
        }
    }
    Ok(())
}

/// Insert units (exact duplicates, by hash, are merged into the stored
/// one) and count them into `stats`.
async fn insert_units(
    tx: &deadpool_postgres::Transaction<'_>,
    units: &[StoredUnit],
    import_id: Option<i64>,
    stats: &mut AddStats,
) -> Result<()> {
    let st = tx
        .prepare_cached(
            "INSERT INTO tm_unit(hash, source_lang, target_lang, source, \
             target, origin, created, note, import_id, tmx, fold) \
             SELECT h, sl, tl, s, t, o, c, n, $11, x, f FROM unnest( \
               $1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], \
               $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) \
             WITH ORDINALITY AS u(h, sl, tl, s, t, o, c, n, x, f, k) \
             ORDER BY k ON CONFLICT (hash) DO NOTHING RETURNING hash",
        )
        .await
        .map_err(pg_err)?;
    for chunk in units.chunks(CHUNK) {
        let col = |f: fn(&StoredUnit) -> Option<&str>| -> Vec<Option<&str>> {
            chunk.iter().map(f).collect()
        };
        let hashes: Vec<i64> = chunk.iter().map(|u| u.hash).collect();
        let folds: Vec<String> =
            chunk.iter().map(|u| fold_of(&u.unit)).collect();
        let rows = tx
            .query(
                &st,
                &[
                    &hashes,
                    &col(|u| Some(&u.unit.source_lang)),
                    &col(|u| Some(&u.unit.target_lang)),
                    &col(|u| Some(&u.unit.source)),
                    &col(|u| Some(&u.unit.target)),
                    &col(|u| u.unit.origin.as_deref()),
                    &col(|u| u.unit.created.as_deref()),
                    &col(|u| u.unit.note.as_deref()),
                    &col(|u| u.raw.as_deref()),
                    &folds,
                    &import_id,
                ],
            )
            .await
            .map_err(pg_err)?;
        let added: std::collections::HashSet<i64> =
            rows.iter().map(|r| r.get(0)).collect();
        stats.units += chunk.len() as u64;
        stats.added += added.len() as u64;
        stats.merged += (chunk.len() - added.len()) as u64;
        stats.searchable += chunk
            .iter()
            .filter(|u| added.contains(&u.hash))
            .filter(|u| {
                lang_is(&u.unit.source_lang, "fr")
                    && lang_is(&u.unit.target_lang, "en")
            })
            .count() as u64;
    }
    Ok(())
}

/// The pg_trgm similarity a candidate needs for a search with minimum
/// score `min`: well below what that score implies, so the CAT score
/// (not the trigram one) decides.
fn trigram_floor(min: u8) -> f64 {
    (f64::from(min) / 100.0 * 0.45).clamp(0.1, 0.45)
}

impl TmRepo for Pg {
    fn describe(&self) -> String {
        self.name.clone()
    }

    fn exists(&self) -> bool {
        true
    }

    fn add_units(&self, units: &[TranslationUnit]) -> Result<AddStats> {
        let now = now_tmx_date();
        let mut stored = Vec::with_capacity(units.len());
        for u in units {
            check_sizes(u)?;
            let mut unit = u.clone();
            unit.created.get_or_insert_with(|| now.clone());
            stored.push(StoredUnit { hash: plain_hash(u), unit, raw: None });
        }
        self.block(async {
            let mut c = self.client().await?;
            let tx = c.transaction().await.map_err(pg_err)?;
            let mut stats = AddStats::default();
            insert_units(&tx, &stored, None, &mut stats).await?;
            tx.commit().await.map_err(pg_err)?;
            Ok(stats)
        })
    }

    fn import_tmx(&self, docs: &[(&str, &[u8])]) -> Result<Vec<AddStats>> {
        let mut parsed = Vec::with_capacity(docs.len());
        for &(name, bytes) in docs {
            let path = std::path::Path::new(name);
            let text = crate::formats::encoding::decode_xml(bytes)
                .map_err(|e| e.in_file(path))?;
            let mut units = Vec::new();
            let header = read_stored_units(&text, |u| {
                units.push(u);
                Ok(())
            })
            .map_err(|e| e.in_file(path))?;
            parsed.push((name, header, units));
        }
        let imported = now_tmx_date();
        self.block(async {
            let mut c = self.client().await?;
            let tx = c.transaction().await.map_err(pg_err)?;
            let mut all = Vec::new();
            for (name, header, units) in &parsed {
                let mut stats = AddStats {
                    path: Some(name.into()),
                    ..AddStats::default()
                };
                if !units.is_empty() {
                    let id: i64 = tx
                        .query_one(
                            "INSERT INTO tm_import(path, header, imported) \
                             VALUES ($1, $2, $3) RETURNING id",
                            &[name, header, &imported],
                        )
                        .await
                        .map_err(pg_err)?
                        .get(0);
                    insert_units(&tx, units, Some(id), &mut stats).await?;
                }
                all.push(stats);
            }
            tx.commit().await.map_err(pg_err)?;
            Ok(all)
        })
    }

    fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Match>> {
        if query.len() > tmx::MAX_SEGMENT_BYTES {
            return Err(Error::input("query longer than 1 MiB"));
        }
        let qt = tokenize(query);
        let folded = join_folded(&qt);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let keep = crate::tm::search::CANDIDATES.max(opts.limit * 4) as i64;
        let rows = self.block(async {
            let mut c = self.client().await?;
            let tx = c.transaction().await.map_err(pg_err)?;
            tx.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', $1, true)",
                &[&trigram_floor(opts.min).to_string()],
            )
            .await
            .map_err(pg_err)?;
            let rows = tx
                .query(
                    "SELECT id, source, target, source_lang, target_lang, \
                     origin, created, note FROM tm_unit WHERE fold % $1 \
                     ORDER BY similarity(fold, $1) DESC, id DESC LIMIT $2",
                    &[&folded, &keep],
                )
                .await
                .map_err(pg_err)?;
            tx.commit().await.map_err(pg_err)?;
            Ok(rows)
        })?;
        let mut out: Vec<(Match, i64)> = Vec::new();
        for r in &rows {
            let unit = TranslationUnit {
                source: r.get(1),
                target: r.get(2),
                source_lang: r.get(3),
                target_lang: r.get(4),
                origin: r.get(5),
                created: r.get(6),
                note: r.get(7),
            };
            let st = tokenize(&unit.source);
            let Score { percent, diff } =
                score_tokens(query, &qt, &unit.source, &st);
            if percent >= opts.min {
                out.push((Match { unit, score: percent, diff }, r.get(0)));
            }
        }
        out.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(b.1.cmp(&a.1)));
        out.truncate(opts.limit);
        Ok(out.into_iter().map(|(m, _)| m).collect())
    }

    fn export_tmx(&self, w: &mut dyn Write) -> Result<u64> {
        self.block(export_tmx(self, w))
    }

    fn stats(&self) -> Result<TmStats> {
        self.block(async {
            let c = self.client().await?;
            let n: i64 = c
                .query_one("SELECT count(*) FROM tm_unit", &[])
                .await
                .map_err(pg_err)?
                .get(0);
            Ok(TmStats { units: n as u64 })
        })
    }
}

/// [`TmRepo::export_tmx`]: as the SQLite TM writes it (a TM made from one
/// file keeps that file's header), streaming the units through a portal.
async fn export_tmx(pg: &Pg, w: &mut dyn Write) -> Result<u64> {
    let mut c = pg.client().await?;
    let tx = c
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .map_err(pg_err)?;
    let imports = tx
        .query("SELECT DISTINCT import_id FROM tm_unit LIMIT 2", &[])
        .await
        .map_err(pg_err)?;
    let raw_header: Option<String> = match imports.as_slice() {
        [r] => match r.get::<_, Option<i64>>(0) {
            Some(id) => tx
                .query_opt(
                    "SELECT header FROM tm_import WHERE id = $1",
                    &[&id],
                )
                .await
                .map_err(pg_err)?
                .and_then(|r| r.get(0)),
            None => None,
        },
        _ => None,
    };
    let mixed: bool = tx
        .query_one(
            "SELECT EXISTS(SELECT 1 FROM tm_unit WHERE \
             lower(substr(source_lang, 1, 2)) != 'fr')",
            &[],
        )
        .await
        .map_err(pg_err)?
        .get(0);
    let undated: bool = tx
        .query_one(
            "SELECT EXISTS(SELECT 1 FROM tm_unit WHERE created IS NULL)",
            &[],
        )
        .await
        .map_err(pg_err)?
        .get(0);
    let date = now_tmx_date();
    let header = match &raw_header {
        Some(raw) => tmx::HeaderOut::Raw(raw),
        None => tmx::HeaderOut::Glossa {
            srclang: if mixed { "*all*" } else { "fr" },
            date: (!undated).then_some(date.as_str()),
        },
    };
    let mut out = tmx::Writer::new(w, header)?;
    let portal = tx
        .bind(
            "SELECT source_lang, target_lang, source, target, origin, \
             created, note, tmx FROM tm_unit ORDER BY id",
            &[],
        )
        .await
        .map_err(pg_err)?;
    let mut n = 0;
    loop {
        let rows = tx.query_portal(&portal, 1000).await.map_err(pg_err)?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            if let Some(raw) = r.get::<_, Option<&str>>(7) {
                out.raw_unit(raw)?;
            } else {
                let (sl, tl): (&str, &str) = (r.get(0), r.get(1));
                let mut variants = vec![(sl, r.get::<_, &str>(2))];
                if !tl.is_empty() {
                    variants.push((tl, r.get(3)));
                }
                out.unit(&tmx::PlainUnit {
                    variants,
                    created: r.get(5),
                    origin: r.get(4),
                    note: r.get(6),
                })?;
            }
            n += 1;
        }
    }
    out.finish()?;
    tx.commit().await.map_err(pg_err)?;
    Ok(n)
}

/// How long a sign-in session lasts.
pub const SESSION_HOURS: i32 = 12;

/// Team accounts ([`super::team`]).
impl Pg {
    /// Add an account; an existing name is a `Conflict`.
    pub fn add_user(
        &self,
        name: &str,
        role: Role,
        password: &str,
    ) -> Result<()> {
        check_name(name)?;
        let hash = hash_password(password)?;
        self.block(async {
            let c = self.client().await?;
            let n = c
                .execute(
                    "INSERT INTO account(name, role, password) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO NOTHING",
                    &[&name, &role.as_str(), &hash],
                )
                .await
                .map_err(pg_err)?;
            if n == 0 {
                return Err(Error::conflict(format!("user {name:?} already exists")));
            }
            Ok(())
        })
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        self.block(async {
            let c = self.client().await?;
            let rows = c
                .query("SELECT name, role FROM account ORDER BY name", &[])
                .await
                .map_err(pg_err)?;
            rows.iter()
                .map(|r| {
                    Ok(User { name: r.get(0), role: Role::parse(r.get(1))? })
                })
                .collect()
        })
    }

    /// The account `name` if `password` is its password.
    pub fn sign_in(&self, name: &str, password: &str) -> Result<Option<User>> {
        let row = self.block(async {
            let c = self.client().await?;
            c.query_opt(
                "SELECT role, password FROM account WHERE name = $1",
                &[&name],
            )
            .await
            .map_err(pg_err)
        })?;
        let Some(row) = row else { return Ok(None) };
        let (role, hash): (&str, &str) = (row.get(0), row.get(1));
        if !verify_password(password, hash) {
            return Ok(None);
        }
        Ok(Some(User { name: name.to_string(), role: Role::parse(role)? }))
    }

    /// A new credential for `name`: a sign-in session (expires after
    /// [`SESSION_HOURS`]) or an API token (until revoked). Returns the
    /// secret; the database keeps only its digest.
    pub fn new_credential(
        &self,
        name: &str,
        token: bool,
        label: &str,
    ) -> Result<String> {
        let secret = new_secret(if token { "glt_" } else { "gls_" })?;
        let d = digest(&secret);
        let kind = if token { "token" } else { "session" };
        self.block(async {
            let c = self.client().await?;
            let n = c
                .execute(
                    "INSERT INTO credential(digest, account, kind, label, expires) \
                     SELECT $1, name, $3, $4, CASE WHEN $3 = 'session' \
                       THEN now() + make_interval(hours => $5) END \
                     FROM account WHERE name = $2",
                    &[&d, &name, &kind, &label, &SESSION_HOURS],
                )
                .await
                .map_err(pg_err)?;
            if n == 0 {
                return Err(Error::not_found(format!("no user {name:?}")));
            }
            Ok(())
        })?;
        Ok(secret)
    }

    /// The account a secret (session or token) belongs to, if it is
    /// valid.
    pub fn user_of(&self, secret: &str) -> Result<Option<User>> {
        let d = digest(secret);
        self.block(async {
            let c = self.client().await?;
            let st = c
                .prepare_cached(
                    "SELECT a.name, a.role FROM credential c JOIN account a \
                     ON a.name = c.account WHERE c.digest = $1 \
                     AND (c.expires IS NULL OR c.expires > now())",
                )
                .await
                .map_err(pg_err)?;
            match c.query_opt(&st, &[&d]).await.map_err(pg_err)? {
                Some(r) => Ok(Some(User {
                    name: r.get(0),
                    role: Role::parse(r.get(1))?,
                })),
                None => Ok(None),
            }
        })
    }

    /// Forget a credential (sign out, revoke a token).
    pub fn revoke(&self, secret: &str) -> Result<()> {
        let d = digest(secret);
        self.block(async {
            let c = self.client().await?;
            c.execute("DELETE FROM credential WHERE digest = $1", &[&d])
                .await
                .map_err(pg_err)?;
            Ok(())
        })
    }
}
