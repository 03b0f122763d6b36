//! Word associations learned from the memory (issue 13 item 3).
//!
//! Every French → English unit the TM stores — added by `tm add`,
//! `align --into-tm` or a TMX import — adds to co-occurrence counts over
//! its words: for each French content-word stem *f* and English
//! content-word stem *e* of the unit, `c(f)`, `c(e)` and `c(f, e)` (units
//! holding both). The counts are sums, so adding units updates them
//! exactly, with no retraining; the association of a pair is the Dice
//! coefficient `2·c(f,e) / (c(f) + c(e))` with `c(f,e)` as its support
//! (Dice over co-occurrence is the classic measure for translation
//! lexicon induction; it needs no iterations, unlike IBM model 1, so it
//! stays exact under incremental updates).
//!
//! English *bigrams* of adjacent content words (`data centre`, `wind
//! energy`) are counted too, without pairs: `glossa translate` uses their
//! counts to weigh phrases found in the translations of a French term
//! (phrase-level associations, computed from the concordance of the term
//! at query time, see [`crate::translate`]).
//!
//! Tables (schema 2):
//! - `assoc_word(key, n, form)`: per French stem, English stem or English
//!   bigram (hashed with its language), the number of units holding it
//!   and the shortest lower-case form seen (the singular, usually); key 0
//!   holds the number of units learned from.
//! - `assoc_pair(fr, en, n)`: units holding French stem `fr` and English
//!   stem `en`.
//!
//! Bounded work: at most [`MAX_KEYS`] distinct content words per side of
//! a unit; counts are flushed to the database every [`FLUSH_PAIRS`]
//! distinct pairs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::db::{BUSY_TIMEOUT, Fnv};
use crate::align::learned::{Association, Learned};
use crate::align::pos::{is_en_function, is_fr_function};
use crate::error::{Error, Result};
use crate::text::stem::{Lang, WordStemmer};
use crate::text::tokenize::{Token, TokenKind, tokenize_into};

/// The tables, created with the rest of the TM or by the migration from
/// schema 1.
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS assoc_word(
  key INTEGER PRIMARY KEY,
  n INTEGER NOT NULL,
  form TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assoc_pair(
  fr INTEGER NOT NULL,
  en INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY(fr, en)
) WITHOUT ROWID;
";

/// Distinct content words counted per side of a unit: the first 24 (a
/// sentence rarely has more; a longer unit, several sentences joined,
/// would cost its square in pairs while adding mostly noise).
pub const MAX_KEYS: usize = 24;
/// Distinct pairs kept in memory before they are written.
const FLUSH_PAIRS: usize = 2_000_000;

/// The key of a French stem.
pub fn fr_key(stem: &str) -> i64 {
    lang_key(b'f', stem)
}

/// The key of an English stem or bigram of stems (`data centr`).
pub fn en_key(stems: &str) -> i64 {
    lang_key(b'e', stems)
}

fn lang_key(lang: u8, s: &str) -> i64 {
    let mut h = Fnv::new();
    h.write(&[lang, 0]);
    h.write(s.as_bytes());
    // Key 0 is the unit counter.
    match h.0 as i64 {
        0 => 1,
        k => k,
    }
}

/// A French content word: a word, not a function word, two letters or
/// more.
pub fn is_fr_content(t: &Token) -> bool {
    t.kind == TokenKind::Word
        && t.folded.chars().count() >= 2
        && !is_fr_function(&t.folded)
}

/// An English content word, likewise.
pub fn is_en_content(t: &Token) -> bool {
    t.kind == TokenKind::Word
        && t.folded.chars().count() >= 2
        && !is_en_function(&t.folded)
}

/// The keys are hashes already: mix the two halves of a pair cheaply
/// (SipHash was most of the learning time on a large import).
#[derive(Default)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.0 = (self.0.rotate_left(29) ^ i as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<PairHasher>>;

/// Counts from units not yet written.
pub(crate) struct Learner {
    fr_stem: WordStemmer,
    en_stem: WordStemmer,
    words: FastMap<i64, (u32, String)>,
    pairs: FastMap<(i64, i64), u32>,
    units: u64,
    toks: Vec<Token>,
    fr: Vec<i64>,
    en: Vec<i64>,
}

impl Learner {
    pub(crate) fn new() -> Learner {
        Learner {
            fr_stem: WordStemmer::new(Lang::Fr),
            en_stem: WordStemmer::new(Lang::En),
            words: FastMap::default(),
            pairs: FastMap::default(),
            units: 0,
            toks: Vec::new(),
            fr: Vec::new(),
            en: Vec::new(),
        }
    }

    /// Count one French → English pair; writes to `conn` when the
    /// in-memory counts grow large.
    pub(crate) fn observe(
        &mut self,
        conn: &Connection,
        source: &str,
        target: &str,
    ) -> rusqlite::Result<()> {
        self.units += 1;
        let mut fr = std::mem::take(&mut self.fr);
        let mut en = std::mem::take(&mut self.en);
        fr.clear();
        en.clear();
        tokenize_into(source, &mut self.toks);
        for t in self.toks.iter().filter(|t| is_fr_content(t)) {
            let stem = self.fr_stem.stem_token(source, t);
            let k = fr_key(&stem);
            if !fr.contains(&k) && fr.len() < MAX_KEYS {
                fr.push(k);
                count(&mut self.words, k, &t.folded);
            }
        }
        tokenize_into(target, &mut self.toks);
        let mut prev: Option<(usize, String)> = None;
        let mut bigrams = Vec::new();
        for (i, t) in self.toks.iter().enumerate() {
            if !is_en_content(t) {
                prev = None;
                continue;
            }
            let stem = self.en_stem.stem_token(target, t);
            let k = en_key(&stem);
            if !en.contains(&k) && en.len() < MAX_KEYS {
                en.push(k);
                count(&mut self.words, k, &target[t.span.clone()]);
            }
            if let Some((p, pstem)) = &prev {
                let gap = &target[self.toks[*p].span.end..t.span.start];
                if gap.chars().all(|c| c == ' ' || c == '-') {
                    let form = &target[self.toks[*p].span.start..t.span.end];
                    let bk = en_key(&format!("{pstem} {stem}"));
                    if !bigrams.contains(&bk) && bigrams.len() < MAX_KEYS {
                        bigrams.push(bk);
                        count(&mut self.words, bk, form);
                    }
                }
            }
            prev = Some((i, stem));
        }
        for &f in &fr {
            for &e in &en {
                *self.pairs.entry((f, e)).or_default() += 1;
            }
        }
        self.fr = fr;
        self.en = en;
        if self.pairs.len() > FLUSH_PAIRS {
            self.flush(conn)?;
        }
        Ok(())
    }

    /// Write the counts (inside the caller's transaction).
    pub(crate) fn flush(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        if self.units == 0 {
            return Ok(());
        }
        let mut word = conn.prepare_cached(
            "INSERT INTO assoc_word(key, n, form) VALUES (?1, ?2, ?3) \
             ON CONFLICT(key) DO UPDATE SET n = n + excluded.n, \
             form = CASE WHEN length(excluded.form) < length(form) \
             THEN excluded.form ELSE form END",
        )?;
        word.execute(params![0i64, self.units as i64, ""])?;
        let mut words: Vec<_> = self.words.drain().collect();
        words.sort_unstable_by_key(|w| w.0);
        for (k, (n, form)) in words {
            word.execute(params![k, n, form])?;
        }
        let mut pair = conn.prepare_cached(
            "INSERT INTO assoc_pair(fr, en, n) VALUES (?1, ?2, ?3) \
             ON CONFLICT(fr, en) DO UPDATE SET n = n + excluded.n",
        )?;
        let mut pairs: Vec<_> = self.pairs.drain().collect();
        pairs.sort_unstable();
        for ((f, e), n) in pairs {
            pair.execute(params![f, e, n])?;
        }
        self.units = 0;
        Ok(())
    }
}

fn count(words: &mut FastMap<i64, (u32, String)>, k: i64, form: &str) {
    let w = words.entry(k).or_insert_with(|| (0, form.to_lowercase()));
    w.0 += 1;
    if form.len() < w.1.len() {
        w.1 = form.to_lowercase();
    }
}

/// Learn from every French → English unit already stored (the migration
/// from schema 1, and [`relearn`]).
pub(crate) fn learn_all(conn: &Connection) -> rusqlite::Result<()> {
    let mut learner = Learner::new();
    let mut st = conn.prepare(
        "SELECT source, target, source_lang, target_lang FROM unit \
         ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (sl, tl): (String, String) = (r.get(2)?, r.get(3)?);
        if crate::formats::tmx::lang_is(&sl, "fr")
            && crate::formats::tmx::lang_is(&tl, "en")
        {
            let s = r.get_ref(0)?.as_str()?;
            let t = r.get_ref(1)?.as_str()?;
            learner.observe(conn, s, t)?;
        }
    }
    learner.flush(conn)
}

/// Drop the learned counts and learn them again from the stored units.
pub(crate) fn relearn(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("DELETE FROM assoc_word; DELETE FROM assoc_pair;")?;
    learn_all(conn)
}

/// The learned associations of a TM, read through their own read-only
/// connection (so the aligner may share them across threads).
pub struct Associations {
    conn: Mutex<Connection>,
    path: PathBuf,
    fr_stem: WordStemmer,
    en_stem: WordStemmer,
}

impl std::fmt::Debug for Associations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Associations").field("path", &self.path).finish()
    }
}

/// An English word or phrase associated with a French word.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Learnt {
    /// The English form (lower case, the shortest seen).
    pub en: String,
    /// Dice coefficient.
    pub dice: f64,
    /// Units holding both.
    pub both: u32,
}

impl Associations {
    /// Open the associations of the TM at `path` (read-only).
    pub fn open(path: &Path) -> Result<Associations> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::from(e).in_file(path))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| Error::from(e).in_file(path))?;
        Ok(Associations {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            fr_stem: WordStemmer::new(Lang::Fr),
            en_stem: WordStemmer::new(Lang::En),
        })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| Error::from(e).in_file(&self.path)
    }

    fn count_key(conn: &Connection, k: i64) -> rusqlite::Result<u32> {
        let mut st =
            conn.prepare_cached("SELECT n FROM assoc_word WHERE key = ?1")?;
        Ok(st.query_row([k], |r| r.get(0)).optional()?.unwrap_or(0))
    }

    /// Units learned from.
    pub fn units(&self) -> Result<u64> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        Ok(u64::from(Self::count_key(&conn, 0).map_err(self.err())?))
    }

    /// Units whose English holds the English words `text` (one word or
    /// two adjacent words; longer phrases: the rarest of their bigrams,
    /// an upper bound).
    pub fn en_count(&self, text: &str) -> Result<u32> {
        let mut toks = Vec::new();
        tokenize_into(text, &mut toks);
        let stems: Vec<String> = toks
            .iter()
            .filter(|t| is_en_content(t))
            .map(|t| self.en_stem.stem_token(text, t))
            .collect();
        let keys: Vec<i64> = match stems.len() {
            0 => return Ok(0),
            1 => vec![en_key(&stems[0])],
            _ => stems.windows(2).map(|w| en_key(&w.join(" "))).collect(),
        };
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut min = u32::MAX;
        for k in keys {
            min = min.min(Self::count_key(&conn, k).map_err(self.err())?);
        }
        Ok(min)
    }

    /// The English words most associated with French word `word` (any
    /// inflection), best Dice first, at most `limit`, each seen with it
    /// at least [`crate::align::learned::MIN_BOTH`] times.
    pub fn translations(
        &self,
        word: &str,
        limit: usize,
    ) -> Result<Vec<Learnt>> {
        let f = fr_key(&self.fr_stem.stem_word(word));
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let err = self.err();
        let cf = Self::count_key(&conn, f).map_err(&err)?;
        if cf == 0 {
            return Ok(Vec::new());
        }
        let mut st = conn
            .prepare_cached(
                "SELECT p.n, w.n, w.form FROM assoc_pair p \
                 JOIN assoc_word w ON w.key = p.en WHERE p.fr = ?1 AND p.n >= ?2",
            )
            .map_err(&err)?;
        let mut out: Vec<Learnt> = st
            .query_map(params![f, crate::align::learned::MIN_BOTH], |r| {
                let (both, ce, form): (u32, u32, String) =
                    (r.get(0)?, r.get(1)?, r.get(2)?);
                Ok(Learnt {
                    en: form,
                    dice: 2.0 * f64::from(both) / f64::from(cf + ce),
                    both,
                })
            })
            .and_then(|it| it.collect())
            .map_err(&err)?;
        out.sort_by(|a, b| {
            b.dice.total_cmp(&a.dice).then(b.both.cmp(&a.both))
        });
        out.truncate(limit);
        Ok(out)
    }

    fn lookup(
        &self,
        fr: &str,
        en: &str,
    ) -> rusqlite::Result<Option<Association>> {
        let (f, e) = (fr_key(fr), en_key(en));
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut st = conn.prepare_cached(
            "SELECT n FROM assoc_pair WHERE fr = ?1 AND en = ?2",
        )?;
        let Some(both): Option<u32> =
            st.query_row([f, e], |r| r.get(0)).optional()?
        else {
            return Ok(None);
        };
        let cf = Self::count_key(&conn, f)?;
        let ce = Self::count_key(&conn, e)?;
        Ok(Some(Association {
            dice: 2.0 * f64::from(both) / f64::from((cf + ce).max(1)),
            both,
        }))
    }
}

impl Learned for Associations {
    fn word(&self, fr: &str, en: &str) -> Option<Association> {
        // A database error here (a TM replaced under us) only loses this
        // piece of evidence.
        self.lookup(fr, en).ok().flatten()
    }
}
