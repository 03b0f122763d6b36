//! Check an English draft against its French source and the glossary.
//!
//! [`check`] splits both texts into sentences, aligns them, and for every
//! glossary term in a French sentence looks in the aligned English
//! sentence(s) for one of the concept's allowed English terms (preferred
//! or admitted, any inflection). It reports:
//!
//! | kind | severity | when |
//! |---|---|---|
//! | [`FindingKind::Missing`] | error | no allowed English term in the aligned sentence |
//! | [`FindingKind::Deprecated`] | error | a deprecated/superseded English term anywhere |
//! | [`FindingKind::Inconsistent`] | warning | one French term translated two ways in the draft |
//! | [`FindingKind::Hint`] | info | an admitted synonym where a preferred term exists |
//!
//! A [`Finding`] carries byte spans (target, and source when it comes
//! from one); [`LineIndex`] turns them into 1-based lines and character
//! columns. Nothing here prints or reads files.
//!
//! Left out: terms split over two sentences, and judging translations the
//! glossary does not know.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::glossary::scanner::{Match, Scanners, TermRef};
use crate::suggest::{deprecated, lang_votes};
use crate::text::Lang;
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
    /// Information: the glossary's equivalent, or a preferred synonym.
    Hint,
}

impl FindingKind {
    /// `missing`, `deprecated`, `inconsistent` or `hint`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Missing => "missing",
            FindingKind::Deprecated => "deprecated",
            FindingKind::Inconsistent => "inconsistent",
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
    /// A sentence naming both terms.
    pub message: String,
}

/// One aligned group: French sentence spans and the English sentence
/// spans that translate them (either may be empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pair {
    /// Spans in the source.
    pub source: Vec<Span>,
    /// Spans in the target.
    pub target: Vec<Span>,
}

/// Check `target` (English) against `source` (French): align sentences,
/// then [`check_pairs`]. Fails when a text is clearly in the wrong
/// language or the glossary has no term in either language.
pub fn check(
    sc: &Scanners,
    source: &str,
    target: &str,
) -> Result<Vec<Finding>> {
    if sc.fr.is_empty() && sc.en.is_empty() {
        return Err(Error::input(
            "the glossary is empty: nothing to check against",
        ));
    }
    wrong_language(source, Lang::Fr, "source")?;
    wrong_language(target, Lang::En, "target")?;
    let pairs = align_pairs(sc, source, target);
    Ok(check_pairs(sc, source, target, &pairs))
}

/// An error if `text` clearly reads as the other language.
fn wrong_language(text: &str, want: Lang, role: &str) -> Result<()> {
    let (fr, en) = lang_votes(text);
    let (ours, theirs, other) = match want {
        Lang::Fr => (fr, en, "English"),
        Lang::En => (en, fr, "French"),
    };
    if theirs >= 5 && theirs > 3 * ours {
        return Err(Error::input(format!(
            "the {role} looks like {other} ({theirs} {other} function \
             words, {ours} {}); check --source takes the French text and \
             --target the English draft",
            match want {
                Lang::Fr => "French",
                Lang::En => "English",
            }
        )));
    }
    Ok(())
}

/// Translations seen per (entry, French key): (English term, target
/// span, source span).
type Uses = HashMap<(usize, String), Vec<(TermRef, Span, Span)>>;

/// Sentence pairs for two texts: both split into sentences
/// ([`crate::text::segment`]) and aligned ([`crate::align::sentence`]),
/// with paragraphs, the built-in lexicon and the glossary's preferred
/// pairs as anchors.
pub fn align_pairs(sc: &Scanners, source: &str, target: &str) -> Vec<Pair> {
    use crate::align::lexicon::Lexicon;
    use crate::align::sentence::{AlignOptions, align};
    use crate::text::segment::split_sentences;
    let fs = split_sentences(source, Lang::Fr);
    let es = split_sentences(target, Lang::En);
    let ft: Vec<&str> = fs.iter().map(|s| &source[s.span.clone()]).collect();
    let et: Vec<&str> = es.iter().map(|s| &target[s.span.clone()]).collect();
    let fp: Vec<usize> = fs.iter().map(|s| s.paragraph).collect();
    let ep: Vec<usize> = es.iter().map(|s| s.paragraph).collect();
    let glossary: Vec<(String, String)> = sc
        .glossary
        .entries
        .iter()
        .filter_map(|e| {
            Some((
                e.preferred("fr")?.text.clone(),
                e.preferred("en")?.text.clone(),
            ))
        })
        .collect();
    let opts = AlignOptions {
        fr_paragraphs: Some(&fp),
        en_paragraphs: Some(&ep),
        lexicon: Some(Lexicon::builtin()),
        glossary: &glossary,
    };
    align(&ft, &et, &opts)
        .into_iter()
        .map(|b| Pair {
            source: b.fr.iter().map(|&i| fs[i].span.clone()).collect(),
            target: b.en.iter().map(|&i| es[i].span.clone()).collect(),
        })
        .collect()
}

fn inside(span: &Span, ranges: &[Span]) -> bool {
    ranges.iter().any(|r| r.start <= span.start && span.end <= r.end)
}

/// Check already-aligned sentence pairs. Findings are sorted by target
/// position.
pub fn check_pairs(
    sc: &Scanners,
    source: &str,
    target: &str,
    pairs: &[Pair],
) -> Vec<Finding> {
    let fr = sc.fr.scan(source);
    let en = sc.en.scan_overlapping(target);
    let mut out = Vec::new();
    // (entry, French folded key) → translations used: (term, span).
    let mut used: Uses = HashMap::new();
    for pair in pairs {
        if pair.target.is_empty() {
            continue; // Untranslated sentence: nothing to compare.
        }
        let en_here: Vec<&Match> =
            en.iter().filter(|m| inside(&m.span, &pair.target)).collect();
        for m in fr.iter().filter(|m| inside(&m.span, &pair.source)) {
            missing_or_used(
                sc, source, target, pair, m, &en_here, &mut out, &mut used,
            );
        }
    }
    for m in &en {
        if let Some(f) = deprecated(sc, target, m, "en") {
            out.push(f);
        }
    }
    inconsistencies(sc, source, target, &used, &mut out);
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, b.severity).cmp(&(
            b.span.start,
            b.span.end,
            a.severity,
        ))
    });
    out.dedup_by(|a, b| {
        a.span == b.span && a.kind == b.kind && a.entry == b.entry
    });
    out
}

#[allow(clippy::too_many_arguments)]
fn missing_or_used(
    sc: &Scanners,
    source: &str,
    target: &str,
    pair: &Pair,
    m: &Match,
    en_here: &[&Match],
    out: &mut Vec<Finding>,
    used: &mut Uses,
) {
    let written = &source[m.span.clone()];
    // A French term discouraged in every concept is not a source term.
    if m.terms.iter().all(|r| sc.term(*r).is_discouraged()) {
        return;
    }
    let mut expected: Vec<String> = Vec::new();
    let mut entry_id = String::new();
    for r in m.terms.iter() {
        let e = sc.entry(*r);
        let allowed: Vec<&crate::Term> =
            e.terms_in("en").filter(|t| !t.is_discouraged()).collect();
        if allowed.is_empty() {
            continue;
        }
        if entry_id.is_empty() {
            entry_id = e.id.clone();
        }
        // The first allowed English term of this concept in the sentence.
        let hit = en_here.iter().find_map(|em| {
            em.terms
                .iter()
                .find(|er| {
                    er.entry == r.entry && !sc.term(**er).is_discouraged()
                })
                .map(|er| (*er, em.span.clone()))
        });
        if let Some((er, span)) = hit {
            let key = (r.entry, crate::text::key(written));
            used.entry(key).or_default().push((
                er,
                span.clone(),
                m.span.clone(),
            ));
            let t = sc.term(er);
            if t.status == crate::glossary::AdminStatus::Admitted
                && let Some(p) = e.preferred("en")
                && p.status == crate::glossary::AdminStatus::Preferred
            {
                out.push(Finding {
                    severity: Severity::Info,
                    kind: FindingKind::Hint,
                    span: span.clone(),
                    source_span: Some(m.span.clone()),
                    term: target[span].to_string(),
                    expected: vec![p.text.clone()],
                    entry: e.id.clone(),
                    message: format!(
                        "“{}” is admitted for “{written}”; the preferred \
                         term is “{}”",
                        t.text, p.text
                    ),
                });
            }
            return;
        }
        for t in allowed {
            if !expected.contains(&t.text) {
                expected.push(t.text.clone());
            }
        }
    }
    if expected.is_empty() {
        return; // No concept here has an English term to expect.
    }
    // Point at a deprecated term of the concept if the sentence has one,
    // else at the whole aligned sentence.
    let wrong = en_here.iter().find(|em| {
        m.terms.iter().any(|r| em.terms.iter().any(|er| er.entry == r.entry))
    });
    let list = expected
        .iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(" or ");
    let (span, message) = match wrong {
        Some(em) => (
            em.span.clone(),
            format!(
                "“{written}” should be translated {list}, not “{}”",
                &target[em.span.clone()]
            ),
        ),
        None => {
            let first = &pair.target[0];
            let last = &pair.target[pair.target.len() - 1];
            (
                first.start..last.end,
                format!(
                    "“{written}” should be translated {list}; not found in \
                     the aligned sentence"
                ),
            )
        }
    };
    out.push(Finding {
        severity: Severity::Error,
        kind: FindingKind::Missing,
        span,
        source_span: Some(m.span.clone()),
        term: written.to_string(),
        expected,
        entry: entry_id,
        message,
    });
}

fn inconsistencies(
    sc: &Scanners,
    source: &str,
    target: &str,
    used: &Uses,
    out: &mut Vec<Finding>,
) {
    let lines = LineIndex::new(target);
    for uses in used.values() {
        let (first, first_span, _) = &uses[0];
        for (r, span, src) in &uses[1..] {
            if r == first || sc.term(*r).text == sc.term(*first).text {
                continue;
            }
            let written = &source[src.clone()];
            let (line, col) = lines.locate(target, first_span.start);
            out.push(Finding {
                severity: Severity::Warning,
                kind: FindingKind::Inconsistent,
                span: span.clone(),
                source_span: Some(src.clone()),
                term: target[span.clone()].to_string(),
                expected: vec![sc.term(*first).text.clone()],
                entry: sc.entry(*r).id.clone(),
                message: format!(
                    "“{written}” is translated “{}” here but “{}” at line \
                     {line}, column {col}",
                    &target[span.clone()],
                    &target[first_span.clone()]
                ),
            });
        }
    }
}

/// Byte offsets → 1-based (line, column in characters), fast on huge
/// single lines: a checkpoint of the character count every 1 KiB.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// (byte offset, chars before it), every ~1 KiB on char boundaries.
    marks: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Index `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut marks = vec![(0, 0)];
        let mut last = 0;
        for (chars, (i, _)) in text.char_indices().enumerate() {
            if i - last >= 1024 {
                marks.push((i, chars));
                last = i;
            }
        }
        LineIndex { line_starts, marks }
    }

    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = self.marks.partition_point(|m| m.0 <= offset) - 1;
        let (b, c) = self.marks[k];
        c + text[b..offset].chars().count()
    }

    /// 1-based line and character column of byte `offset` in `text`
    /// (the text this index was built for) (clamped to the text; rounded down to a
    /// char boundary).
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let col =
            self.chars_before(text, offset) - self.chars_before(text, start);
        (line, col + 1)
    }
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
/// `message`, and `source` (the same position fields in the French
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::native;

    fn sc() -> Scanners {
        let csv = "id,lang,term,status\n\
                   c1,fr,puce,preferred\nc1,en,chip,preferred\n\
                   c1,en,semiconductor,admitted\n\
                   c1,en,microprocessor,deprecated\n\
                   c2,fr,fonds spéculatif,preferred\n\
                   c2,en,hedge fund,preferred\nc2,en,speculative fund,admitted\n\
                   c3,fr,centre de données,preferred\n\
                   c3,en,data center,preferred\n\
                   c4,fr,grappe de centres de données,preferred\n\
                   c4,en,data center cluster,preferred\n";
        Scanners::new(native::read(csv.as_bytes()).unwrap())
    }

    /// (kind, severity, term, expected[0], target text at span)
    fn run(
        source: &str,
        target: &str,
    ) -> Vec<(String, String, String, String, String)> {
        check(&sc(), source, target)
            .unwrap()
            .into_iter()
            .map(|f| {
                (
                    f.kind.as_str().to_string(),
                    f.severity.as_str().to_string(),
                    f.term,
                    f.expected.first().cloned().unwrap_or_default(),
                    target[f.span].to_string(),
                )
            })
            .collect()
    }

    fn row(
        k: &str,
        s: &str,
        t: &str,
        e: &str,
        at: &str,
    ) -> (String, String, String, String, String) {
        (k.into(), s.into(), t.into(), e.into(), at.into())
    }

    #[test]
    fn issue_5_inflected_translation_is_not_flagged() {
        assert_eq!(
            run(
                "Les puces des centres de données.\n",
                "The chips of the data centers.\n"
            ),
            []
        );
    }

    #[test]
    fn issue_5_synonym_satisfies_check_with_hint() {
        assert_eq!(
            run("Les puces.\n", "The semiconductors.\n"),
            [row("hint", "info", "semiconductors", "chip", "semiconductors")]
        );
    }

    #[test]
    fn issue_5_missing_and_deprecated() {
        assert_eq!(
            run("Les puces chinoises.\n", "The Chinese microprocessors.\n"),
            [
                row("missing", "error", "puces", "chip", "microprocessors"),
                row(
                    "deprecated",
                    "error",
                    "microprocessors",
                    "chip",
                    "microprocessors"
                ),
            ]
        );
        let target = "The Chinese processors.\n";
        let got = run("Les puces chinoises.\n", target);
        assert_eq!(
            got,
            [row(
                "missing",
                "error",
                "puces",
                "chip",
                "The Chinese processors."
            )]
        );
    }

    #[test]
    fn issue_5_longest_source_term_decides() {
        assert_eq!(
            run(
                "Des grappes de centres de données.\n",
                "Data center clusters.\n"
            ),
            []
        );
    }

    #[test]
    fn issue_5_consistency() {
        let got = run(
            "Un fonds spéculatif.\nCe fonds spéculatif.\n",
            "A hedge fund.\nThis speculative fund.\n",
        );
        assert_eq!(
            got,
            [
                row(
                    "inconsistent",
                    "warning",
                    "speculative fund",
                    "hedge fund",
                    "speculative fund"
                ),
                row(
                    "hint",
                    "info",
                    "speculative fund",
                    "hedge fund",
                    "speculative fund"
                ),
            ]
        );
        let f = check(
            &sc(),
            "Un fonds spéculatif.\nCe fonds spéculatif.\n",
            "A hedge fund.\nThis speculative fund.\n",
        )
        .unwrap();
        assert_eq!(
            f[0].message,
            "“fonds spéculatif” is translated “speculative fund” here but \
             “hedge fund” at line 1, column 3"
        );
    }

    #[test]
    fn wrong_language_and_empty_glossary() {
        let fr = "Les puces sont dans le centre de données et la grappe.";
        let err = check(&sc(), fr, fr).unwrap_err().to_string();
        assert!(err.contains("target looks like French"), "{err}");
        let empty = Scanners::new(crate::Glossary::new());
        let err = check(&empty, fr, "The chips.").unwrap_err().to_string();
        assert!(err.contains("glossary is empty"), "{err}");
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "é’–a\nb\u{1F600}c\n";
        let idx = LineIndex::new(text);
        let a = text.find('a').unwrap();
        assert_eq!(idx.locate(text, a), (1, 4));
        let c = text.find('c').unwrap();
        assert_eq!(idx.locate(text, c), (2, 3));
        assert_eq!(idx.locate(text, text.len()), (3, 1));
        let long = "é".repeat(5000) + "x";
        let idx = LineIndex::new(&long);
        assert_eq!(idx.locate(&long, long.len() - 1), (1, 5001));
        assert_eq!(idx.locate(&long, 3), (1, 2)); // mid-char rounds down
    }
}
