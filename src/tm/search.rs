//! Fuzzy search in the TM, and glossary hints for a query.
//!
//! [`Tm::search`] works in two steps, as CAT tools do:
//! 1. **Candidates**: the query's folded words are looked up in the
//!    `posting` index; every unit sharing words gets the sum of their
//!    inverse document frequencies, and the best [`CANDIDATES`] go on.
//!    Very common words (in more than a tenth of the units) are skipped
//!    once two rarer words have been looked up, so "de" and "la" cost
//!    nothing on a million units.
//! 2. **Scoring**: each candidate's source is compared with the query by
//!    [`super::score`] (token-level edit distance, 0–100).
//!
//! [`TermHints`] finds the glossary terms used in a query (French terms,
//! found by the glossary's one-pass scanner, [`crate::glossary::scanner`])
//! so each match can show the terminology next to it.

use serde::Serialize;

use super::TranslationUnit;
use super::score::{Score, score_tokens};
use super::store::{Tm, read_postings, token_key, unit_from_row};
use crate::error::{Error, Result};
use crate::glossary::model::Glossary;
use crate::glossary::scanner::Scanner;
use crate::text::stem::Lang;
use crate::text::tokenize::{Span, tokenize};

/// Candidates scored exactly per query.
pub const CANDIDATES: usize = 100;

/// Search settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Lowest score returned (0–100).
    pub min: u8,
    /// Most matches returned.
    pub limit: usize,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions { min: 70, limit: 5 }
    }
}

/// One fuzzy match. Its JSON (the one shape `glossa tm search --format
/// json` and the web app's `/api/tm/search` print) is flat: `source`,
/// `target`, `score`, `origin`, `created`, `note`.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The stored unit.
    pub unit: TranslationUnit,
    /// CAT-style percentage, 100 = identical source.
    pub score: u8,
    /// Byte spans of `unit.source` that differ from the query.
    pub diff: Vec<Span>,
}

impl Serialize for Match {
    fn serialize<S: serde::Serializer>(
        &self,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let u = &self.unit;
        let mut st = s.serialize_struct("Match", 6)?;
        st.serialize_field("source", &u.source)?;
        st.serialize_field("target", &u.target)?;
        st.serialize_field("score", &self.score)?;
        st.serialize_field("origin", &u.origin)?;
        st.serialize_field("created", &u.created)?;
        st.serialize_field("note", &u.note)?;
        st.end()
    }
}

impl Tm {
    /// Units whose French source is like `query`, best first (ties: the
    /// most recent unit first).
    pub fn search(
        &self,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<Vec<Match>> {
        if query.len() > crate::formats::tmx::MAX_SEGMENT_BYTES {
            return Err(Error::input("query longer than 1 MiB"));
        }
        let qt = tokenize(query);
        let conn = &self.conn;
        let dberr = |e: rusqlite::Error| Error::from(e).in_file(self.path());
        let max_id: i64 = conn
            .query_row("SELECT coalesce(max(id), 0) FROM unit", [], |r| {
                r.get(0)
            })
            .map_err(dberr)?;
        if max_id == 0 || qt.is_empty() {
            return Ok(Vec::new());
        }
        let n_units = max_id as f32;
        // Distinct query words with their document frequencies.
        let mut keys: Vec<i64> =
            qt.iter().map(|t| token_key(&t.folded)).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut df_st = conn
            .prepare_cached(
                "SELECT coalesce(sum(n), 0) FROM posting WHERE token = ?1",
            )
            .map_err(dberr)?;
        let mut words: Vec<(i64, i64)> = Vec::with_capacity(keys.len());
        for k in keys {
            let df: i64 = df_st.query_row([k], |r| r.get(0)).map_err(dberr)?;
            if df > 0 {
                words.push((k, df));
            }
        }
        words.sort_unstable_by_key(|w| w.1);
        let common = (n_units / 10.0).max(5000.0) as i64;
        let mut weight = vec![0f32; max_id as usize + 1];
        let mut touched: Vec<u32> = Vec::new();
        let mut total_idf = 0f32;
        let mut ids = Vec::new();
        for (done, &(k, df)) in words.iter().enumerate() {
            if df > common && done >= 2 {
                break;
            }
            let idf = (1.0 + n_units / df as f32).ln();
            total_idf += idf;
            ids.clear();
            read_postings(conn, k, &mut ids).map_err(dberr)?;
            for &id in &ids {
                let w = &mut weight[id as usize];
                if *w == 0.0 {
                    touched.push(id);
                }
                *w += idf;
            }
        }
        // The best candidates by shared weight (then newest). A unit that
        // shares less than a quarter of the looked-up weight cannot reach a
        // useful score: drop those first (cheaper than sorting them).
        let floor = total_idf * 0.25;
        if touched.len() > CANDIDATES {
            touched.retain(|&id| weight[id as usize] >= floor);
        }
        let keep = CANDIDATES.max(opts.limit * 4);
        let by = |a: &u32, b: &u32| {
            weight[*b as usize].total_cmp(&weight[*a as usize]).then(b.cmp(a))
        };
        if touched.len() > keep {
            touched.select_nth_unstable_by(keep, by);
            touched.truncate(keep);
        }
        let mut get = conn
            .prepare_cached(
                "SELECT source, target, source_lang, target_lang, origin, \
                 created, note FROM unit WHERE id = ?1",
            )
            .map_err(dberr)?;
        let mut out: Vec<(Match, u32)> = Vec::new();
        for id in touched {
            let unit = get.query_row([id], unit_from_row).map_err(dberr)?;
            let st = tokenize(&unit.source);
            let Score { percent, diff } =
                score_tokens(query, &qt, &unit.source, &st);
            if percent >= opts.min {
                out.push((Match { unit, score: percent, diff }, id));
            }
        }
        out.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(b.1.cmp(&a.1)));
        out.truncate(opts.limit);
        Ok(out.into_iter().map(|(m, _)| m).collect())
    }
}

/// A glossary term found in a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermHint {
    /// The entry id.
    pub id: String,
    /// The French term as the glossary spells it.
    pub fr: String,
    /// Its preferred English equivalent, if any.
    pub en: Option<String>,
    /// Where it is in the query (bytes); not part of its JSON (`id`,
    /// `fr`, `en`).
    #[serde(skip)]
    pub span: Span,
}

/// Finds the glossary's French terms in queries, with
/// [`crate::glossary::scanner::Scanner`] (stems through the shared text
/// pipeline, leftmost-longest).
pub struct TermHints {
    scanner: Scanner,
    /// Per entry: id, preferred English term, every term's text.
    entries: Vec<(String, Option<String>, Vec<String>)>,
}

impl TermHints {
    /// Prepare the French terms of `glossary`.
    pub fn new(glossary: &Glossary) -> TermHints {
        let scanner = Scanner::new(glossary, Lang::Fr);
        let entries = glossary
            .entries
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.preferred("en").map(|t| t.text.clone()),
                    e.terms.iter().map(|t| t.text.clone()).collect(),
                )
            })
            .collect();
        TermHints { scanner, entries }
    }

    /// The terms found in `text`, in text order, each entry once.
    pub fn find(&self, text: &str) -> Vec<TermHint> {
        let mut out: Vec<TermHint> = Vec::new();
        for m in self.scanner.scan(text) {
            let Some(r) = m.terms.first() else { continue };
            let (id, en, terms) = &self.entries[r.entry];
            if out.iter().any(|h| h.id == *id) {
                continue;
            }
            out.push(TermHint {
                id: id.clone(),
                fr: terms[r.term].clone(),
                en: en.clone(),
                span: m.span.clone(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::{Entry, LangTag, Term};

    #[test]
    fn hints_find_inflected_terms() {
        let mut g = Glossary::new();
        for (id, fr, en) in [
            ("c1", "puce", "chip"),
            ("c2", "centre de données", "data center"),
            ("c3", "centre", "centre"),
        ] {
            let mut e = Entry::new(id);
            e.terms.push(Term::new(LangTag::fr(), fr));
            e.terms.push(Term::new(LangTag::en(), en));
            g.entries.push(e);
        }
        let h = TermHints::new(&g);
        let text = "Les Puces des centres de donnees";
        let hints = h.find(text);
        let found: Vec<(&str, &str)> = hints
            .iter()
            .map(|t| (t.id.as_str(), &text[t.span.clone()]))
            .collect();
        assert_eq!(found, [("c1", "Puces"), ("c2", "centres de donnees")]);
    }

    #[test]
    fn search_ranks_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let mut tm = Tm::open(&dir.path().join("t.sqlite")).unwrap();
        tm.add_units(&[
            TranslationUnit::new(
                "Le modèle est rapide.",
                "The model is fast.",
            ),
            TranslationUnit::new("Le modèle est très lent.", "It is slow."),
            TranslationUnit::new("Les marchés ont chuté.", "Markets fell."),
        ])
        .unwrap();
        let opts = SearchOptions { min: 50, limit: 5 };
        let got = tm.search("Le modèle est rapide !", &opts).unwrap();
        let scores: Vec<(&str, u8)> =
            got.iter().map(|m| (m.unit.target.as_str(), m.score)).collect();
        assert_eq!(scores.len(), 2, "{scores:?}");
        assert_eq!(scores[0].0, "The model is fast.");
        assert!(scores[0].1 >= 95 && scores[0].1 < 100);
        assert!(scores[1].1 < scores[0].1);
        assert!(tm.search("", &opts).unwrap().is_empty());
        assert!(
            tm.search("marchés", &SearchOptions::default())
                .unwrap()
                .is_empty()
        );
    }
}
