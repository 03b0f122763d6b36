//! The TM database: SQLite (bundled) in WAL mode.
//!
//! Tables:
//! - `unit`: one row per translation unit: the plain source/target text
//!   and languages that search and display use, origin, date, note, the
//!   import it came from, and — only when the unit carries more than
//!   those fields (inline markup, extra variants, attributes, props) — its
//!   raw `<tu>` XML, which export writes back unchanged. A 64-bit hash of
//!   the variants (language + text + markup) is unique: an exact duplicate
//!   is merged into the unit already stored (the first one wins).
//! - `import`: one row per imported TMX file with its raw `<header>`, so a
//!   TM made from one file exports with that file's header.
//! - `posting`: the fuzzy-retrieval index. For each folded word of a
//!   French source (hashed), the ids of the units containing it, as
//!   delta-encoded varints; every write appends one chunk per word and
//!   words with many chunks are merged back into one.
//!
//! - `assoc_word`, `assoc_pair`: word associations learned from every
//!   French → English unit, updated by every write (see [`super::assoc`];
//!   schema 2 — a schema-1 TM learns them from its units when opened).
//!
//! Concurrency and crashes: every write ([`Tm::add_units`],
//! [`Tm::import_tmx`]) is one `BEGIN IMMEDIATE` transaction, so a killed
//! process leaves the TM as it was before the call, and a second writer
//! waits (up to [`BUSY_TIMEOUT`]) instead of failing. Readers never wait
//! for writers (WAL).

use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{TranslationUnit, now_tmx_date};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::formats::tmx::{self, lang_is, primary_subtag};
use crate::text::tokenize::tokenize_into;

pub use super::db::BUSY_TIMEOUT;
use super::db::Fnv;

/// Input size above which an import drops the duplicate index and builds
/// it again at the end (a sort is much cheaper than a million random
/// B-tree inserts); duplicates are then found with an in-memory set.
const BULK_BYTES: usize = 32 << 20;

/// Posting chunks per word above which a write merges them.
const MAX_CHUNKS: i64 = 16;

const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS import(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  header TEXT,
  imported TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unit(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  source_lang TEXT NOT NULL,
  target_lang TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  origin TEXT,
  created TEXT,
  note TEXT,
  import_id INTEGER REFERENCES import(id),
  tmx TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS unit_hash ON unit(hash);
CREATE TABLE IF NOT EXISTS posting(
  token INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  n INTEGER NOT NULL,
  ids BLOB NOT NULL,
  PRIMARY KEY(token, chunk)
) WITHOUT ROWID;
";

/// An open translation memory.
pub struct Tm {
    pub(crate) conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Tm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tm").field("path", &self.path).finish()
    }
}

/// What one write did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AddStats {
    /// The file, for an import.
    pub path: Option<PathBuf>,
    /// Units read.
    pub units: u64,
    /// Units added.
    pub added: u64,
    /// Units that were exact duplicates of stored ones.
    pub merged: u64,
    /// Added units that are French → English (searchable).
    pub searchable: u64,
}

fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::from(e).in_file(path)
}

impl Tm {
    /// Open the TM at `path`, creating it (and its directory) if needed.
    pub fn open(path: &Path) -> Result<Tm> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::from(e).in_file(dir))?;
        }
        let err = db_err(path);
        let conn = Connection::open(path).map_err(&err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        // Bigger pages: fewer B-tree splits on bulk imports, and the
        // posting blobs fit in fewer overflow pages. Only takes effect on
        // a new, empty file.
        conn.execute_batch("PRAGMA page_size = 16384").map_err(&err)?;
        // Switching to WAL needs a moment of exclusive access; a second
        // process opening a fresh file at the same time may see BUSY even
        // with the timeout, so retry briefly.
        let mut tries = 0;
        loop {
            let mode: rusqlite::Result<String> = conn.pragma_update_and_check(
                None,
                "journal_mode",
                "WAL",
                |r| r.get(0),
            );
            match mode {
                Ok(_) => break,
                Err(e) if is_busy(&e) && tries < 200 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => return Err(not_a_tm(e, path)),
            }
        }
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; \
             PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824;",
        )
        .map_err(&err)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(&err)?;
        if version == 0 {
            conn.execute_batch("BEGIN IMMEDIATE").map_err(&err)?;
            let res = (|| {
                let v: i64 =
                    conn.pragma_query_value(None, "user_version", |r| {
                        r.get(0)
                    })?;
                if v == 0 {
                    conn.execute_batch(SCHEMA)?;
                    conn.execute_batch(super::assoc::SCHEMA)?;
                    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
                }
                conn.execute_batch("COMMIT")
            })();
            if let Err(e) = res {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(err(e));
            }
        } else if version == 1 {
            migrate_1_to_2(&conn).map_err(&err)?;
        } else if version > SCHEMA_VERSION {
            return Err(Error::new(ErrorKind::Database(format!(
                "made by a newer glossa (schema {version}, this one knows \
                 {SCHEMA_VERSION})"
            )))
            .in_file(path));
        }
        Ok(Tm { conn, path: path.to_path_buf() })
    }

    /// The word associations learned from this TM's units (see
    /// [`super::assoc`]), read through their own connection.
    pub fn associations(&self) -> Result<super::assoc::Associations> {
        super::assoc::Associations::open(&self.path)
    }

    /// Forget the learned associations and learn them again from every
    /// stored unit (one transaction).
    pub fn relearn(&mut self) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err(&path))?;
        super::assoc::relearn(&tx).map_err(db_err(&path))?;
        tx.commit().map_err(db_err(&path))
    }

    /// Open an existing TM; an error naming the path if there is none.
    pub fn open_existing(path: &Path) -> Result<Tm> {
        if !path.exists() {
            return Err(Error::not_found(format!(
                "no translation memory at {} (create one with `glossa tm \
                 import FILE.tmx` or `glossa tm add FR EN`, or pass --tm)",
                path.display()
            )));
        }
        Tm::open(path)
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of units stored.
    pub fn len(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))
            .map_err(db_err(&self.path))?;
        Ok(n as u64)
    }

    /// True when no unit is stored.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// SQLite's `PRAGMA integrity_check`: `"ok"` for a sound database.
    pub fn integrity_check(&self) -> Result<String> {
        let rows: Vec<String> = {
            let mut st = self
                .conn
                .prepare("PRAGMA integrity_check")
                .map_err(db_err(&self.path))?;
            st.query_map([], |r| r.get(0))
                .and_then(|it| it.collect())
                .map_err(db_err(&self.path))?
        };
        Ok(rows.join("\n"))
    }

    /// Every unit, in insertion order (for small TMs and tests; export
    /// streams instead).
    pub fn units(&self) -> Result<Vec<TranslationUnit>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT source, target, source_lang, target_lang, origin, \
                 created, note FROM unit ORDER BY id",
            )
            .map_err(db_err(&self.path))?;
        let rows = st
            .query_map([], unit_from_row)
            .and_then(|it| it.collect())
            .map_err(db_err(&self.path))?;
        Ok(rows)
    }

    /// Add aligned pairs in one transaction. Exact duplicates (same
    /// languages and texts as a stored unit) are merged; units without a
    /// date get the current time.
    pub fn add_units(
        &mut self,
        units: &[TranslationUnit],
    ) -> Result<AddStats> {
        let path = self.path.clone();
        let now = now_tmx_date();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err(&path))?;
        let mut w = UnitWriter::new(&tx).map_err(db_err(&path))?;
        let mut stats = AddStats::default();
        for u in units {
            for (what, s) in [("source", &u.source), ("target", &u.target)] {
                if s.len() > tmx::MAX_SEGMENT_BYTES {
                    return Err(Error::input(format!(
                        "{what} segment longer than {} MiB",
                        tmx::MAX_SEGMENT_BYTES >> 20
                    )));
                }
            }
            let hash = plain_hash(u);
            let row = Row {
                hash,
                source_lang: &u.source_lang,
                target_lang: &u.target_lang,
                source: &u.source,
                target: &u.target,
                origin: u.origin.as_deref(),
                created: Some(u.created.as_deref().unwrap_or(&now)),
                note: u.note.as_deref(),
                import_id: None,
                raw: None,
            };
            w.insert(&row, &mut stats).map_err(db_err(&path))?;
        }
        w.flush().map_err(db_err(&path))?;
        drop(w);
        tx.commit().map_err(db_err(&path))?;
        Ok(stats)
    }

    /// Import TMX files, all in one transaction: either every unit of
    /// every file is stored (duplicates merged) or, on any error, none.
    pub fn import_tmx(&mut self, files: &[PathBuf]) -> Result<Vec<AddStats>> {
        let mut inputs = Vec::with_capacity(files.len());
        for f in files {
            let bytes = crate::limits::read_file(
                f,
                crate::limits::MAX_TMX_FILE,
                "TMX file",
            )?;
            inputs.push((f.clone(), bytes));
        }
        let refs: Vec<(&Path, &[u8])> =
            inputs.iter().map(|(p, b)| (p.as_path(), b.as_slice())).collect();
        self.import_tmx_bytes(&refs)
    }

    /// [`Tm::import_tmx`] over file contents already in memory; each path
    /// names its file in errors and in the `import` table.
    pub fn import_tmx_bytes(
        &mut self,
        files: &[(&Path, &[u8])],
    ) -> Result<Vec<AddStats>> {
        let total: usize = files.iter().map(|f| f.1.len()).sum();
        self.import_with(files, total > BULK_BYTES)
    }

    fn import_with(
        &mut self,
        files: &[(&Path, &[u8])],
        bulk: bool,
    ) -> Result<Vec<AddStats>> {
        let db_path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err(&db_path))?;
        let mut all = Vec::new();
        let mut w =
            if bulk { UnitWriter::bulk(&tx) } else { UnitWriter::new(&tx) }
                .map_err(db_err(&db_path))?;
        let imported = now_tmx_date();
        for &(path, bytes) in files {
            let text = crate::formats::encoding::decode_xml(bytes)
                .map_err(|e| e.in_file(path))?;
            let mut stats = AddStats {
                path: Some(path.to_path_buf()),
                ..AddStats::default()
            };
            // Two threads: this one writes to SQLite while a helper parses
            // the TMX and tokenises sources, in batches.
            let res = std::thread::scope(|scope| -> Result<()> {
                let (send, recv) =
                    std::sync::mpsc::sync_channel::<Result<Batch>>(4);
                scope.spawn(|| parse_batches(&text, send));
                let mut header: Option<tmx::Header> = None;
                let mut import_id: Option<i64> = None;
                for msg in recv {
                    let rows = match msg? {
                        Batch::Header(h) => {
                            header = Some(h);
                            continue;
                        }
                        Batch::Rows(rows) if rows.is_empty() => continue,
                        Batch::Rows(rows) => rows,
                    };
                    let id = match import_id {
                        Some(id) => id,
                        None => {
                            let h = header.get_or_insert_default();
                            tx.execute(
                                "INSERT INTO import(path, header, imported) \
                                 VALUES (?1, ?2, ?3)",
                                params![
                                    path.display().to_string(),
                                    (!h.raw.is_empty()).then_some(&h.raw),
                                    imported
                                ],
                            )
                            .map_err(db_err(&db_path))?;
                            let id = tx.last_insert_rowid();
                            import_id = Some(id);
                            id
                        }
                    };
                    for r in &rows {
                        w.insert_keyed(
                            &r.row(id),
                            r.keys.as_deref(),
                            &mut stats,
                        )
                        .map_err(|e| {
                            Error::from(e)
                                .at(Position::at_offset(&text, r.offset))
                        })?;
                    }
                }
                Ok(())
            });
            res.map_err(|e| e.in_file(path))?;
            all.push(stats);
        }
        w.flush().map_err(db_err(&db_path))?;
        drop(w);
        tx.commit().map_err(db_err(&db_path))?;
        Ok(all)
    }

    /// Write every unit as TMX 1.4 to `w`; returns the number of units.
    ///
    /// Units imported from TMX with markup or extra fields are written as
    /// they were read; the others from their fields. A TM made from one
    /// file keeps that file's header; otherwise glossa writes its own.
    pub fn export_tmx(&self, w: &mut dyn Write) -> Result<u64> {
        let err = db_err(&self.path);
        let imports: Vec<Option<i64>> = {
            let mut st = self
                .conn
                .prepare("SELECT DISTINCT import_id FROM unit LIMIT 2")
                .map_err(&err)?;
            st.query_map([], |r| r.get(0))
                .and_then(|it| it.collect())
                .map_err(&err)?
        };
        let raw_header: Option<String> = match imports.as_slice() {
            [Some(id)] => self
                .conn
                .query_row(
                    "SELECT header FROM import WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(&err)?
                .flatten(),
            _ => None,
        };
        let mixed: bool = self
            .conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM unit WHERE \
                 lower(substr(source_lang, 1, 2)) != 'fr')",
                [],
                |r| r.get(0),
            )
            .map_err(&err)?;
        let undated: bool = self
            .conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM unit WHERE created IS NULL)",
                [],
                |r| r.get(0),
            )
            .map_err(&err)?;
        let date = now_tmx_date();
        let header = match &raw_header {
            Some(raw) => tmx::HeaderOut::Raw(raw),
            None => tmx::HeaderOut::Glossa {
                srclang: if mixed { "*all*" } else { "fr" },
                date: (!undated).then_some(date.as_str()),
            },
        };
        let mut out = tmx::Writer::new(w, header)?;
        let mut st = self
            .conn
            .prepare(
                "SELECT source_lang, target_lang, source, target, origin, \
                 created, note, tmx FROM unit ORDER BY id",
            )
            .map_err(&err)?;
        let mut rows = st.query([]).map_err(&err)?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(&err)? {
            let get = |i: usize| -> rusqlite::Result<Option<&str>> {
                Ok(r.get_ref(i)?.as_str_or_null()?)
            };
            let raw = get(7).map_err(&err)?;
            if let Some(raw) = raw {
                out.raw_unit(raw)?;
            } else {
                let sl = get(0).map_err(&err)?.unwrap_or_default();
                let tl = get(1).map_err(&err)?.unwrap_or_default();
                let s = get(2).map_err(&err)?.unwrap_or_default();
                let t = get(3).map_err(&err)?.unwrap_or_default();
                let mut variants = vec![(sl, s)];
                if !tl.is_empty() {
                    variants.push((tl, t));
                }
                out.unit(&tmx::PlainUnit {
                    variants,
                    created: get(5).map_err(&err)?,
                    origin: get(4).map_err(&err)?,
                    note: get(6).map_err(&err)?,
                })?;
            }
            n += 1;
        }
        out.finish()?;
        Ok(n)
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy)
            | Some(rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn not_a_tm(e: rusqlite::Error, path: &Path) -> Error {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
        Error::new(ErrorKind::Database(
            "not a translation memory (not an SQLite database)".into(),
        ))
        .in_file(path)
    } else {
        Error::from(e).in_file(path)
    }
}

pub(crate) fn unit_from_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<TranslationUnit> {
    Ok(TranslationUnit {
        source: r.get(0)?,
        target: r.get(1)?,
        source_lang: r.get(2)?,
        target_lang: r.get(3)?,
        origin: r.get(4)?,
        created: r.get(5)?,
        note: r.get(6)?,
    })
}

/// A unit ready to insert.
struct Row<'a> {
    hash: i64,
    source_lang: &'a str,
    target_lang: &'a str,
    source: &'a str,
    target: &'a str,
    origin: Option<&'a str>,
    created: Option<&'a str>,
    note: Option<&'a str>,
    import_id: Option<i64>,
    raw: Option<&'a str>,
}

/// The fields glossa keeps from a TMX unit.
struct Prepared<'u> {
    hash: i64,
    source: Option<&'u tmx::Variant<'u>>,
    target: Option<&'u tmx::Variant<'u>>,
    origin: Option<&'u str>,
    created: Option<&'u str>,
    note: Option<&'u str>,
    raw: Option<&'u str>,
}

/// Props read as the unit's origin document.
const ORIGIN_PROPS: &[&str] = &[
    "x-origin",
    "x-source",
    "x-document",
    "x-doc",
    "x-file",
    "x-context-file",
];

impl<'u> Prepared<'u> {
    fn from_tmx(u: &'u tmx::Unit<'u>, h: &'u tmx::Header) -> Prepared<'u> {
        let srclang = h.attr("srclang").map(primary_subtag);
        let source = u
            .variant("fr")
            .or_else(|| {
                srclang.and_then(|l| {
                    u.variants.iter().find(|v| lang_is(&v.lang, l))
                })
            })
            .or(u.variants.first());
        let src_primary = source.map_or("", |v| primary_subtag(&v.lang));
        let other = |v: &&tmx::Variant<'_>| !lang_is(&v.lang, src_primary);
        let target = u
            .variants
            .iter()
            .filter(other)
            .find(|v| lang_is(&v.lang, "en"))
            .or_else(|| u.variants.iter().find(other));
        let origin = u
            .props
            .iter()
            .find(|p| {
                ORIGIN_PROPS.iter().any(|k| p.kind.eq_ignore_ascii_case(k))
            })
            .map(|p| p.text.as_str());
        let created = u.attr("creationdate").or(h.attr("creationdate"));
        let note = u.notes.first().map(|s| s.as_str());
        // Can the unit be rebuilt from the fields above? Then its raw XML
        // need not be stored.
        let is_source =
            |v: &tmx::Variant<'_>| source.is_some_and(|s| std::ptr::eq(s, v));
        let plain = u.attrs.iter().all(|(k, _)| k == "creationdate")
            && u.props.len() <= 1
            && u.props.iter().all(|p| p.kind == "x-origin")
            && u.notes.len() <= 1
            && u.variants.len() == 2
            && is_source(&u.variants[0])
            && target.is_some()
            && u.variants.iter().all(|v| {
                !v.inline
                    && v.attrs.is_empty()
                    && v.props.is_empty()
                    && v.notes.is_empty()
            });
        let hash = hash_variants(u.variants.iter().map(|v| {
            (v.lang.as_str(), v.text.as_str(), v.inline.then_some(v.markup))
        }));
        Prepared {
            hash,
            source,
            target,
            origin,
            created,
            note,
            raw: (!plain).then_some(u.raw),
        }
    }
}

/// Units read from a TMX, in the parsing thread's batches.
enum Batch {
    Header(tmx::Header),
    Rows(Vec<OwnedRow>),
}

/// Units per batch sent from the parsing thread.
const BATCH: usize = 512;

/// A unit ready to insert, owned (it crosses threads), with the index
/// keys of its source when it is French → English.
struct OwnedRow {
    hash: i64,
    source_lang: String,
    target_lang: String,
    source: String,
    target: String,
    origin: Option<String>,
    created: Option<String>,
    note: Option<String>,
    raw: Option<String>,
    keys: Option<Vec<i64>>,
    offset: usize,
}

impl OwnedRow {
    fn row(&self, import_id: i64) -> Row<'_> {
        Row {
            hash: self.hash,
            source_lang: &self.source_lang,
            target_lang: &self.target_lang,
            source: &self.source,
            target: &self.target,
            origin: self.origin.as_deref(),
            created: self.created.as_deref(),
            note: self.note.as_deref(),
            import_id: Some(import_id),
            raw: self.raw.as_deref(),
        }
    }
}

impl OwnedRow {
    /// A TMX unit as glossa stores it: the one reading of a unit that
    /// the SQLite TM and a database TM share.
    fn from_tmx(
        mut u: tmx::Unit<'_>,
        h: &tmx::Header,
        toks: &mut Vec<crate::text::Token>,
    ) -> OwnedRow {
        let p = Prepared::from_tmx(&u, h);
        let at = |x: Option<&tmx::Variant<'_>>| {
            x.and_then(|x| u.variants.iter().position(|v| std::ptr::eq(v, x)))
        };
        let (si, ti) = (at(p.source), at(p.target));
        let hash = p.hash;
        let origin = p.origin.map(str::to_string);
        let created = p.created.map(str::to_string);
        let note = p.note.map(str::to_string);
        let raw = p.raw.map(str::to_string);
        // Move the texts out of the unit rather than copy them.
        let mut take = |i: Option<usize>| {
            i.map_or((String::new(), String::new()), |i| {
                let v = &mut u.variants[i];
                (std::mem::take(&mut v.lang), std::mem::take(&mut v.text))
            })
        };
        let (source_lang, source) = take(si);
        let (target_lang, target) = take(ti);
        let keys = (lang_is(&source_lang, "fr")
            && lang_is(&target_lang, "en"))
        .then(|| {
            let mut keys = Vec::new();
            source_keys(&source, toks, &mut keys);
            keys
        });
        OwnedRow {
            hash,
            source_lang,
            target_lang,
            source,
            target,
            origin,
            created,
            note,
            raw,
            keys,
            offset: u.offset,
        }
    }
}

/// A unit read from TMX as a TM stores it (for other TM repositories).
#[derive(Debug, Clone)]
pub(crate) struct StoredUnit {
    /// The duplicate key: a hash of every variant (language, text,
    /// markup).
    pub hash: i64,
    /// The searchable fields.
    pub unit: TranslationUnit,
    /// The raw `<tu>` when the fields cannot rebuild it.
    pub raw: Option<String>,
}

/// Every unit of the TMX document `text` as [`Tm::import_tmx`] would
/// store it, passed to `each` in document order; returns the raw header
/// (`None` when empty).
pub(crate) fn read_stored_units(
    text: &str,
    mut each: impl FnMut(StoredUnit) -> Result<()>,
) -> Result<Option<String>> {
    let header = std::cell::RefCell::new(tmx::Header::default());
    let mut toks = Vec::new();
    tmx::read_each(
        text,
        |h| {
            *header.borrow_mut() = h.clone();
            Ok(())
        },
        |u| {
            let r = OwnedRow::from_tmx(u, &header.borrow(), &mut toks);
            each(StoredUnit {
                hash: r.hash,
                unit: TranslationUnit {
                    source: r.source,
                    target: r.target,
                    source_lang: r.source_lang,
                    target_lang: r.target_lang,
                    origin: r.origin,
                    created: r.created,
                    note: r.note,
                },
                raw: r.raw,
            })
        },
    )?;
    let raw = header.into_inner().raw;
    Ok((!raw.is_empty()).then_some(raw))
}

/// The duplicate key of a plain unit (what [`Tm::add_units`] stores).
pub(crate) fn plain_hash(u: &TranslationUnit) -> i64 {
    hash_variants([
        (u.source_lang.as_str(), u.source.as_str(), None),
        (u.target_lang.as_str(), u.target.as_str(), None),
    ])
}

/// The parsing thread: read `text`, send the header and batches of rows;
/// stop quietly when the receiver has gone (it failed).
fn parse_batches(
    text: &str,
    send: std::sync::mpsc::SyncSender<Result<Batch>>,
) {
    let header = OnceCell::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut toks = Vec::new();
    let gone = || Error::input("import stopped");
    let res = tmx::read_each(
        text,
        |h| {
            let _ = header.set(h.clone());
            send.send(Ok(Batch::Header(h.clone()))).map_err(|_| gone())
        },
        |u| {
            let h = header.get_or_init(tmx::Header::default);
            batch.push(OwnedRow::from_tmx(u, h, &mut toks));
            if batch.len() == BATCH {
                let full =
                    std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                send.send(Ok(Batch::Rows(full))).map_err(|_| gone())?;
            }
            Ok(())
        },
    );
    let last = match res {
        Ok(()) => Ok(Batch::Rows(batch)),
        Err(e) => Err(e),
    };
    let _ = send.send(last);
}

/// The distinct index keys of a French source.
fn source_keys(
    source: &str,
    toks: &mut Vec<crate::text::Token>,
    keys: &mut Vec<i64>,
) {
    tokenize_into(source, toks);
    keys.clear();
    keys.extend(toks.iter().map(|t| token_key(&t.folded)));
    keys.sort_unstable();
    keys.dedup();
}

/// FNV-1a 64 over the variants: stable across versions and platforms
/// (it is stored), and plenty for telling units apart.
fn hash_variants<'a>(
    vs: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
) -> i64 {
    let mut h = Fnv::new();
    for (lang, text, markup) in vs {
        for b in lang.bytes() {
            h.write(&[b.to_ascii_lowercase()]);
        }
        h.write(&[0]);
        h.write(text.as_bytes());
        h.write(&[0]);
        if let Some(m) = markup {
            h.write(m.as_bytes());
        }
        h.write(&[1]);
    }
    h.0 as i64
}

/// The index key of a folded word.
pub(crate) fn token_key(folded: &str) -> i64 {
    let mut h = Fnv::new();
    h.write(folded.as_bytes());
    h.0 as i64
}

/// The posting keys are already hashes: use them as they are.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.0 = i as u64;
    }
}

type KeyMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Inserts units and collects their postings until [`UnitWriter::flush`].
struct UnitWriter<'c> {
    conn: &'c Connection,
    insert: rusqlite::Statement<'c>,
    /// Bulk mode: the hashes stored so far (the unique index is dropped).
    seen: Option<
        std::collections::HashSet<
            i64,
            std::hash::BuildHasherDefault<KeyHasher>,
        >,
    >,
    postings: KeyMap<Vec<u32>>,
    toks: Vec<crate::text::Token>,
    keys: Vec<i64>,
    /// Association counts of the French → English units added.
    learner: super::assoc::Learner,
}

impl<'c> UnitWriter<'c> {
    fn new(conn: &'c Connection) -> rusqlite::Result<UnitWriter<'c>> {
        let insert = conn.prepare(
            "INSERT INTO unit(hash, source_lang, target_lang, source, target, \
             origin, created, note, import_id, tmx) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
             ON CONFLICT(hash) DO NOTHING",
        )?;
        Ok(UnitWriter {
            conn,
            insert,
            seen: None,
            postings: KeyMap::default(),
            toks: Vec::new(),
            keys: Vec::new(),
            learner: super::assoc::Learner::new(),
        })
    }

    /// A writer for a big import: loads the stored hashes, drops the
    /// unique index ([`UnitWriter::flush`] builds it again).
    fn bulk(conn: &'c Connection) -> rusqlite::Result<UnitWriter<'c>> {
        let mut seen = std::collections::HashSet::default();
        {
            let mut st = conn.prepare("SELECT hash FROM unit")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                seen.insert(r.get::<_, i64>(0)?);
            }
        }
        conn.execute_batch("DROP INDEX IF EXISTS unit_hash")?;
        let insert = conn.prepare(
            "INSERT INTO unit(hash, source_lang, target_lang, source, target, \
             origin, created, note, import_id, tmx) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        Ok(UnitWriter {
            conn,
            insert,
            seen: Some(seen),
            postings: KeyMap::default(),
            toks: Vec::new(),
            keys: Vec::new(),
            learner: super::assoc::Learner::new(),
        })
    }

    fn insert(
        &mut self,
        r: &Row<'_>,
        stats: &mut AddStats,
    ) -> rusqlite::Result<()> {
        let searchable =
            lang_is(r.source_lang, "fr") && lang_is(r.target_lang, "en");
        let mut keys = std::mem::take(&mut self.keys);
        if searchable {
            source_keys(r.source, &mut self.toks, &mut keys);
        }
        let res = self.insert_keyed(r, searchable.then_some(&keys[..]), stats);
        self.keys = keys;
        res
    }

    /// Insert a unit whose index keys (for a French → English unit) are
    /// already computed.
    fn insert_keyed(
        &mut self,
        r: &Row<'_>,
        keys: Option<&[i64]>,
        stats: &mut AddStats,
    ) -> rusqlite::Result<()> {
        stats.units += 1;
        if let Some(seen) = self.seen.as_mut()
            && !seen.insert(r.hash)
        {
            stats.merged += 1;
            return Ok(());
        }
        let n = self.insert.execute(params![
            r.hash,
            r.source_lang,
            r.target_lang,
            r.source,
            r.target,
            r.origin,
            r.created,
            r.note,
            r.import_id,
            r.raw
        ])?;
        if n == 0 {
            stats.merged += 1;
            return Ok(());
        }
        stats.added += 1;
        let Some(keys) = keys else { return Ok(()) };
        stats.searchable += 1;
        // Read before learning: the learner's own inserts move it.
        let id = self.conn.last_insert_rowid();
        self.learner.observe(self.conn, r.source, r.target)?;
        let id = u32::try_from(id)
            .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, id))?;
        for &k in keys {
            self.postings.entry(k).or_default().push(id);
        }
        Ok(())
    }

    /// Write the collected postings (one new chunk per word), merging the
    /// chunks of words that have too many.
    fn flush(&mut self) -> rusqlite::Result<()> {
        if self.seen.take().is_some() {
            self.conn.execute_batch(
                "CREATE UNIQUE INDEX IF NOT EXISTS unit_hash ON unit(hash)",
            )?;
        }
        let mut ins = self.conn.prepare_cached(
            "INSERT INTO posting(token, chunk, n, ids) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut count = self
            .conn
            .prepare_cached("SELECT count(*) FROM posting WHERE token = ?1")?;
        let mut blob = Vec::new();
        let mut crowded = Vec::new();
        for (&tok, ids) in &self.postings {
            encode(ids, &mut blob);
            ins.execute(params![tok, ids[0], ids.len() as i64, blob])?;
            let chunks: i64 = count.query_row([tok], |r| r.get(0))?;
            if chunks > MAX_CHUNKS {
                crowded.push(tok);
            }
        }
        self.postings.clear();
        self.learner.flush(self.conn)?;
        for tok in crowded {
            let mut all = Vec::new();
            read_postings(self.conn, tok, &mut all)?;
            self.conn
                .execute("DELETE FROM posting WHERE token = ?1", [tok])?;
            encode(&all, &mut blob);
            ins.execute(params![tok, all[0], all.len() as i64, blob])?;
        }
        Ok(())
    }
}

/// Schema 1 → 2: the association tables, learned from the units
/// already stored, in one transaction (another process migrating at the
/// same time waits, then finds the work done).
fn migrate_1_to_2(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let res = (|| {
        let v: i64 =
            conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if v == 1 {
            conn.execute_batch(super::assoc::SCHEMA)?;
            super::assoc::learn_all(conn)?;
            conn.pragma_update(None, "user_version", 2)?;
        }
        conn.execute_batch("COMMIT")
    })();
    if res.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    res
}

/// Delta + LEB128 varint encoding of ascending ids.
fn encode(ids: &[u32], out: &mut Vec<u8>) {
    out.clear();
    let mut prev = 0u32;
    for &id in ids {
        let mut d = id - prev;
        prev = id;
        while d >= 0x80 {
            out.push((d as u8) | 0x80);
            d >>= 7;
        }
        out.push(d as u8);
    }
}

/// Append the ids encoded in `blob` to `out`.
pub(crate) fn decode_into(blob: &[u8], out: &mut Vec<u32>) {
    let mut prev = 0u32;
    let mut cur = 0u32;
    let mut shift = 0;
    for &b in blob {
        cur |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            prev = prev.wrapping_add(cur);
            out.push(prev);
            cur = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
}

/// Every unit id containing word `tok`, ascending.
pub(crate) fn read_postings(
    conn: &Connection,
    tok: i64,
    out: &mut Vec<u32>,
) -> rusqlite::Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT ids FROM posting WHERE token = ?1 ORDER BY chunk",
    )?;
    let mut rows = st.query([tok])?;
    while let Some(r) = rows.next()? {
        let blob = r.get_ref(0)?.as_blob()?;
        decode_into(blob, out);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip() {
        let ids = [1u32, 2, 130, 20_000, 4_000_000_000];
        let mut blob = Vec::new();
        encode(&ids, &mut blob);
        let mut back = Vec::new();
        decode_into(&blob, &mut back);
        assert_eq!(back, ids);
    }

    #[test]
    fn bulk_import_merges_duplicates_and_rebuilds_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut tm = Tm::open(&dir.path().join("t.sqlite")).unwrap();
        tm.add_units(&[TranslationUnit::new("a b", "x")]).unwrap();
        let doc = |segs: &[&str]| {
            let mut s = String::from("<tmx><header/><body>");
            for seg in segs {
                s.push_str(&format!(
                    "<tu><tuv xml:lang=\"fr\"><seg>{seg}</seg></tuv>\
                     <tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>"
                ));
            }
            s + "</body></tmx>"
        };
        let (one, two) = (doc(&["a b", "c d", "c d"]), doc(&["e f", "c d"]));
        let files = [
            (Path::new("1.tmx"), one.as_bytes()),
            (Path::new("2.tmx"), two.as_bytes()),
        ];
        let s = tm.import_with(&files, true).unwrap();
        let got: Vec<(u64, u64)> =
            s.iter().map(|s| (s.added, s.merged)).collect();
        assert_eq!(got, [(1, 2), (1, 1)]);
        assert_eq!(tm.len().unwrap(), 3);
        // The index is back: a normal import merges again.
        let s = tm.import_with(&files[..1], false).unwrap();
        assert_eq!((s[0].added, s[0].merged), (0, 3));
        assert_eq!(tm.integrity_check().unwrap(), "ok");
        let idx: i64 = tm
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'unit_hash'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(idx, 1);
    }

    #[test]
    fn duplicates_merge_and_chunks_compact() {
        let dir = tempfile::tempdir().unwrap();
        let mut tm = Tm::open(&dir.path().join("t.sqlite")).unwrap();
        let u = TranslationUnit::new("la puce", "the chip");
        let s = tm.add_units(&[u.clone(), u.clone()]).unwrap();
        assert_eq!((s.added, s.merged), (1, 1));
        // Many small writes: the word "puce" must stay within MAX_CHUNKS.
        for i in 0..40 {
            let u = TranslationUnit::new(format!("la puce {i}"), "x");
            tm.add_units(&[u]).unwrap();
        }
        let key = token_key("puce");
        let chunks: i64 = tm
            .conn
            .query_row(
                "SELECT count(*) FROM posting WHERE token = ?1",
                [key],
                |r| r.get(0),
            )
            .unwrap();
        assert!(chunks <= MAX_CHUNKS + 1, "{chunks}");
        let mut ids = Vec::new();
        read_postings(&tm.conn, key, &mut ids).unwrap();
        assert_eq!(ids, (1..=41).collect::<Vec<u32>>());
        assert_eq!(tm.len().unwrap(), 41);
    }
}
