//! Concordance: the stored units whose French holds a term, in any
//! inflection of its words (`centre de données` finds `centres de
//! données`), for `glossa translate` (issue 13 item 4).
//!
//! Candidates come from the word index (the units holding an inflected
//! form of every content word of the term); each is then checked for the
//! whole term as a run of tokens with the same French stems.

use std::ops::Range;

use super::TranslationUnit;
use super::assoc::is_fr_content;
use super::store::{Tm, read_postings, token_key, unit_from_row};
use crate::error::{Error, Result};
use crate::text::stem::{Lang, WordStemmer};
use crate::text::tokenize::{Token, tokenize};

/// Candidate units checked at most (newest first): bounds the time on a
/// very common term.
pub const MAX_SCANNED: usize = 5_000;

/// One unit holding the term.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The unit.
    pub unit: TranslationUnit,
    /// Byte span of the term in `unit.source`.
    pub span: Range<usize>,
    /// Indexes of the term's tokens in `tokenize(&unit.source)`.
    pub tokens: Vec<usize>,
}

/// The result of [`Tm::concordance`].
#[derive(Debug, Clone, Default)]
pub struct Concordance {
    /// Units holding the term among those scanned.
    pub total: usize,
    /// The first `limit` of them, newest first.
    pub hits: Vec<Hit>,
}

/// Folded spellings a French word may take in the text: itself, plural
/// or singular, feminine.
fn spellings(w: &str) -> Vec<String> {
    let mut v = vec![w.to_string(), format!("{w}s"), format!("{w}e")];
    v.push(format!("{w}es"));
    for suffix in ["s", "x", "e", "es"] {
        if let Some(stem) = w.strip_suffix(suffix)
            && stem.chars().count() >= 2
        {
            v.push(stem.to_string());
            v.push(format!("{stem}s"));
        }
    }
    if let Some(stem) = w.strip_suffix("al") {
        v.push(format!("{stem}aux"));
    }
    if let Some(stem) = w.strip_suffix("aux") {
        v.push(format!("{stem}al"));
    }
    v.sort();
    v.dedup();
    v
}

/// Where the tokens of `term` (by stem) run in `toks` of `text`.
fn find_run(
    stem: &WordStemmer,
    text: &str,
    toks: &[Token],
    want: &[String],
) -> Option<usize> {
    if want.is_empty() || toks.len() < want.len() {
        return None;
    }
    let stems: Vec<String> =
        toks.iter().map(|t| stem.stem_token(text, t)).collect();
    stems.windows(want.len()).position(|w| w == want)
}

impl Tm {
    /// Units whose French source holds `term`, newest first: their total
    /// (among the [`MAX_SCANNED`] newest candidates) and the first
    /// `limit`.
    pub fn concordance(
        &self,
        term: &str,
        limit: usize,
    ) -> Result<Concordance> {
        let dberr = |e: rusqlite::Error| Error::from(e).in_file(self.path());
        let toks = tokenize(term);
        let stem = WordStemmer::new(Lang::Fr);
        let want: Vec<String> =
            toks.iter().map(|t| stem.stem_token(term, t)).collect();
        // Units holding some spelling of every content word.
        let mut ids: Option<Vec<u32>> = None;
        for t in toks.iter().filter(|t| is_fr_content(t)) {
            let mut these = Vec::new();
            for s in spellings(&t.folded) {
                read_postings(&self.conn, token_key(&s), &mut these)
                    .map_err(dberr)?;
            }
            these.sort_unstable();
            these.dedup();
            ids = Some(match ids {
                None => these,
                Some(prev) => intersect(&prev, &these),
            });
        }
        let Some(ids) = ids else { return Ok(Concordance::default()) };
        let mut out = Concordance::default();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT source, target, source_lang, target_lang, origin, \
                 created, note FROM unit WHERE id = ?1",
            )
            .map_err(dberr)?;
        for &id in ids.iter().rev().take(MAX_SCANNED) {
            let unit = st.query_row([id], unit_from_row).map_err(dberr)?;
            let st_toks = tokenize(&unit.source);
            let Some(at) = find_run(&stem, &unit.source, &st_toks, &want)
            else {
                continue;
            };
            out.total += 1;
            if out.hits.len() < limit {
                let span = st_toks[at].span.start
                    ..st_toks[at + want.len() - 1].span.end;
                let tokens = (at..at + want.len()).collect();
                out.hits.push(Hit { unit, span, tokens });
            }
        }
        Ok(out)
    }
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inflected_occurrences_only_as_a_run() {
        let dir = tempfile::tempdir().unwrap();
        let mut tm = Tm::open(&dir.path().join("t.sqlite")).unwrap();
        tm.add_units(&[
            TranslationUnit::new(
                "Les centres de données consomment.",
                "Data centres consume.",
            ),
            TranslationUnit::new(
                "Le centre traite des données.",
                "The centre processes data.",
            ),
            TranslationUnit::new("Un centre de données.", "A data centre."),
        ])
        .unwrap();
        let c = tm.concordance("centre de données", 10).unwrap();
        assert_eq!(c.total, 2);
        assert_eq!(c.hits[0].unit.target, "A data centre.");
        let h = &c.hits[1];
        assert_eq!(&h.unit.source[h.span.clone()], "centres de données");
        assert_eq!(tm.concordance("le", 10).unwrap().total, 0);
    }
}
