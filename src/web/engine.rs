//! The one place where the web app calls the library's engines: lookup
//! ([`crate::glossary::index`], issue 3), draft checks (issue 5), the
//! translation memory ([`crate::tm`], issue 6) and English candidates for
//! a French term ([`crate::translate`], issue 13). Each returns JSON-ready
//! values; nothing here decides anything a library function could.
//!
//! Engines are built from the current [`Snapshot`] on first use and
//! dropped with it when the glossary files change.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::App;
use super::api::ApiError;
use super::state::Snapshot;
use crate::check::{Located, finding_json, line_range};
use crate::glossary::index::{Index, LangFilter, LookupOptions};
use crate::glossary::scanner::Scanners;
use crate::limits::CHECK_MAX_SENTENCES;
use crate::text::Lang;
use crate::text::LineIndex;
use crate::text::segment::split_sentences;
use crate::tm::{SearchOptions, TermHints};

/// The lookup index of `snap`: the CLI's on-disk cache when it is fresh
/// (else rebuilt and saved, as `glossa lookup` does), or built in memory
/// when the cache cannot be used.
fn index<'a>(app: &App, snap: &'a Snapshot) -> Result<&'a Index, ApiError> {
    snap.index
        .get_or_init(|| match app.ws.lookup_index() {
            Ok((ix, _)) => Ok(ix),
            Err(_) => Ok(Index::build(&snap.glossary)),
        })
        .as_ref()
        .map_err(|e: &String| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.clone())
        })
}

/// Fuzzy lookup in either direction; `lang` is `fr`, `en` or `any`. Each
/// hit is the library's [`crate::glossary::index::Hit`] plus its whole
/// entry (definition, contexts, every term with its status).
pub fn lookup(
    app: &App,
    query: &str,
    lang: &str,
    limit: usize,
) -> Result<Vec<Value>, ApiError> {
    let snap = app.snapshot()?;
    let ix = index(app, &snap)?;
    let lang = match lang {
        "fr" => LangFilter::Fr,
        "en" => LangFilter::En,
        _ => LangFilter::Any,
    };
    let hits = ix.lookup(query, &LookupOptions { lang, limit })?;
    Ok(hits
        .into_iter()
        .map(|h| {
            let mut v = json!(h);
            if let Some(e) = snap.entry(&h.entry_id) {
                v["entry"] = json!(e);
            }
            v
        })
        .collect())
}

/// Check an English draft against its French source with
/// [`crate::check::check`]: the findings as `glossa check --format json`
/// prints them (file `target`, 1-based lines, columns in characters, the
/// source location when there is one), and every glossary term found in
/// the draft, for highlighting.
pub fn check(
    app: &App,
    source: &str,
    target: &str,
) -> Result<Value, ApiError> {
    check_size(source, Lang::Fr, "source")?;
    check_size(target, Lang::En, "target")?;
    let snap = app.snapshot()?;
    let sc =
        snap.scanners.get_or_init(|| Scanners::new(snap.glossary.clone()));
    let findings = crate::check::check(sc, source, target)?;
    let (tidx, sidx) = (LineIndex::new(target), LineIndex::new(source));
    let tloc = Located { name: "target", text: target, index: &tidx };
    let sloc = Located { name: "source", text: source, index: &sidx };
    let findings: Vec<Value> =
        findings.iter().map(|f| finding_json(f, &tloc, Some(&sloc))).collect();
    let highlights: Vec<Value> = sc
        .en
        .scan(target)
        .iter()
        .map(|m| {
            let [l1, c1, l2, c2] = line_range(&tidx, target, &m.span);
            let title = m
                .terms
                .iter()
                .map(|&r| {
                    let (e, t) = (sc.entry(r), sc.term(r));
                    let fr = e.preferred("fr").map_or("", |x| x.text.as_str());
                    format!("{} ({}) — {fr} [{}]", t.text, t.status, e.id)
                })
                .collect::<Vec<_>>()
                .join("; ");
            json!({
                "line": l1, "column": c1, "end_line": l2, "end_column": c2,
                "title": title,
            })
        })
        .collect();
    Ok(json!({ "findings": findings, "highlights": highlights }))
}

/// Refuse a side of a draft check with more than
/// [`CHECK_MAX_SENTENCES`] sentences before any alignment work starts.
fn check_size(text: &str, lang: Lang, role: &str) -> Result<(), ApiError> {
    let n = split_sentences(text, lang).len();
    if n > CHECK_MAX_SENTENCES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the {role} has {n} sentences; a check takes at most \
                 {CHECK_MAX_SENTENCES} per side (split the article)"
            ),
        ));
    }
    Ok(())
}

/// TM matches for a French sentence, with the glossary terms it contains.
/// No TM yet is no match, not an error.
pub fn tm_search(
    app: &App,
    query: &str,
    min: u8,
    limit: usize,
) -> Result<Value, ApiError> {
    let snap = app.snapshot()?;
    let hints =
        snap.hints.get_or_init(|| TermHints::new(&snap.glossary)).find(query);
    let terms = json!(hints);
    if !app.ws.tm().exists() {
        return Ok(json!({ "matches": [], "terms": terms }));
    }
    let found = app.ws.tm().search(query, &SearchOptions { min, limit })?;
    Ok(json!({ "matches": found, "terms": terms }))
}

/// English candidates for French `term` ([`crate::translate`]) from the
/// current glossary, the memory and the lexicon, as `glossa translate
/// --format json` prints them.
pub fn translate(
    app: &App,
    term: &str,
    limit: usize,
) -> Result<Value, ApiError> {
    let snap = app.snapshot()?;
    let found = app.ws.tm().translate(term, Some(&snap.glossary), limit)?;
    Ok(json!({ "term": term.trim(), "candidates": found }))
}

/// The whole TM as TMX 1.4b.
pub fn tmx_export(app: &App) -> Result<Vec<u8>, ApiError> {
    if !app.ws.tm().exists() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "there is no translation memory yet (import a TMX file first)",
        ));
    }
    let mut out = Vec::new();
    app.ws.tm().export_tmx(&mut out)?;
    Ok(out)
}

/// Import a TMX file into the TM (created if needed); returns a JSON
/// summary in the same shape as a glossary import.
pub fn tmx_import(
    app: &App,
    name: &str,
    bytes: &[u8],
) -> Result<Value, ApiError> {
    let stats = app.ws.tm().import_tmx(&[(name, bytes)])?;
    let (mut read, mut added, mut merged) = (0, 0, 0);
    for s in &stats {
        read += s.units;
        added += s.added;
        merged += s.merged;
    }
    Ok(json!({
        "file": name,
        "read": read,
        "added": added,
        "merged": merged,
        "rejected": [],
        "into": "translation memory",
    }))
}
