//! A finding of a draft check or suggestion, and its one JSON shape.
//!
//! Shared by [`crate::check`] (source and target), [`crate::suggest`]
//! (one text, for the language server) and [`crate::style`] (severities),
//! which therefore need not import each other.

use std::ops::Range;

use serde::Serialize;

use crate::glossary::model::ReviewState;
use crate::text::LineIndex;
use crate::text::tokenize::Span;

/// How serious a finding is; ordered `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint.
    Info,
    /// Worth a look (inconsistency).
    Warning,
    /// Wrong by the glossary.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A French term whose approved English term is missing.
    Missing,
    /// A deprecated or superseded term is used.
    Deprecated,
    /// The same French term translated two different ways.
    Inconsistent,
    /// A term occurs more often in the source sentence than its
    /// translations in the target.
    Count,
    /// Information: the glossary's equivalent, or a preferred synonym.
    Hint,
}

impl FindingKind {
    /// `missing`, `deprecated`, `inconsistent`, `count` or `hint`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Missing => "missing",
            FindingKind::Deprecated => "deprecated",
            FindingKind::Inconsistent => "inconsistent",
            FindingKind::Count => "count",
            FindingKind::Hint => "hint",
        }
    }
}

/// One finding, located by byte spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Kind.
    pub kind: FindingKind,
    /// Where in the checked text (the target, for `check`).
    pub span: Span,
    /// Where in the French source, for findings that come from a source
    /// term.
    pub source_span: Option<Span>,
    /// The term as written (in the source for `missing`).
    pub term: String,
    /// The allowed terms, preferred first.
    pub expected: Vec<String>,
    /// The glossary entry id.
    pub entry: String,
    /// The review state of that entry (proposed entries only give hints).
    pub state: ReviewState,
    /// A sentence naming both terms.
    pub message: String,
}

/// A text being checked, with its name for reports and its line index.
#[derive(Debug)]
pub struct Located<'a> {
    /// The name shown in reports (a path, or "target" in the web app).
    pub name: &'a str,
    /// The text.
    pub text: &'a str,
    /// Its line index.
    pub index: &'a LineIndex,
}

impl Located<'_> {
    /// 1-based `[line, column, end_line, end_column]` of a span.
    pub fn range(&self, span: &Range<usize>) -> [usize; 4] {
        line_range(self.index, self.text, span)
    }
}

/// A finding as JSON, the one shape `glossa check --format json`,
/// `glossa suggest --format json` and the web app's `/api/check` share:
/// `file`, `line`, `column`, `end_line`, `end_column` (1-based, columns
/// in characters), `severity`, `kind`, `term`, `expected`, `entry`,
/// `state` (the entry's review state), `message`, and `source` (the same position fields in the French
/// source, or null).
pub fn finding_json(
    f: &Finding,
    target: &Located<'_>,
    source: Option<&Located<'_>>,
) -> serde_json::Value {
    use serde_json::json;
    let [l1, c1, l2, c2] = target.range(&f.span);
    let src = match (source, &f.source_span) {
        (Some(s), Some(span)) => {
            let [a, b, c, d] = s.range(span);
            json!({
                "file": s.name,
                "line": a, "column": b,
                "end_line": c, "end_column": d,
            })
        }
        _ => serde_json::Value::Null,
    };
    json!({
        "file": target.name,
        "line": l1, "column": c1,
        "end_line": l2, "end_column": c2,
        "severity": f.severity,
        "kind": f.kind,
        "term": f.term,
        "expected": f.expected,
        "entry": f.entry,
        "state": f.state,
        "message": f.message,
        "source": src,
    })
}

/// A span as 1-based (line, column, end line, end column), columns in
/// characters, end exclusive.
pub fn line_range(
    idx: &LineIndex,
    text: &str,
    span: &Range<usize>,
) -> [usize; 4] {
    let (l1, c1) = idx.locate(text, span.start);
    let (l2, c2) = idx.locate(text, span.end);
    [l1, c1, l2, c2]
}
