//! Spreadsheet / memoQ CSV: one row per entry, a column per language.
//!
//! ```text
//! id,subject,definition,fr,fr_pos,fr_gender,fr_context,en,en_status,en_context
//! c1,finance,,fonds spéculatif,noun,masculine,"un fonds…",hedge fund,,"a hedge fund…"
//! c2,AI,,intelligence artificielle|IA,noun|noun,feminine|feminine,,artificial intelligence|AI,preferred|preferred,
//! ```
//!
//! **Header.** Every column is named; order does not matter; names are
//! matched without regard to case.
//! - Concept columns: `id`, `state` (approved/proposed), `subject` (or
//!   `domain`), `definition`, `source`, `note`.
//! - A language column is a BCP 47 code in any common spelling: `fr`,
//!   `FR`, `fr_FR`, `fr-FR`, `en-US`. It holds that language's terms.
//! - Per-term columns are a language code plus `_` (or `-`, or a space) plus
//!   a field: `status`, `pos`, `gender`, `number`, `type`, `geo`,
//!   `context`, `context_source`, `note`, `case_sensitive`, `exact_only`
//!   (e.g. `en_status`, `fr-FR context`). Values are those of glossa CSV.
//!
//! At least one language column is required; a per-term column whose
//! language has no column, or a column that is neither, is an error
//! naming it.
//!
//! **Several terms per language** go in one cell separated by `|`
//! (`intelligence artificielle|IA`); the per-term cells of that language
//! hold as many `|`-separated values, in the same order (`noun|noun`). A
//! per-term cell with a single value and several terms applies to all of
//! them. A literal `|` or `\` in a value is written `\|` or `\\`.
//!
//! **Reading.** The delimiter (`,`, `;` or tab) is sniffed from the
//! header line; a UTF-8 BOM is skipped and UTF-16 with BOM is decoded.
//! A missing `id` gives `c1`, `c2`… by row.
//!
//! **Writing.** UTF-8 without BOM, `,`, header as above, only the
//! columns that hold something (plus `id` and each language). Cells that
//! start with `=`, `+`, `-`, `@`, tab or CR (possibly after `'`s) get a leading
//! `'` so spreadsheets do not run them as formulas; the reader removes
//! it again. Terms come back grouped by language in column order.

use std::collections::HashMap;
use std::io::Write;

use crate::error::{Error, Position, Result};
use crate::formats::{neutralise, unneutralise};
use crate::glossary::model::*;

/// Per-term fields, in the order they are written after a language.
pub(crate) const TERM_FIELDS: [&str; 11] = [
    "status",
    "pos",
    "gender",
    "number",
    "type",
    "geo",
    "context",
    "context_source",
    "note",
    "case_sensitive",
    "exact_only",
];

/// Concept-level columns, in the order they are written.
pub(crate) const CONCEPT_FIELDS: [&str; 6] =
    ["id", "state", "subject", "definition", "source", "note"];

#[derive(Debug, Clone, PartialEq)]
enum Col {
    Concept(&'static str),
    Lang(LangTag),
    Term(LangTag, &'static str),
}

fn concept_name(h: &str) -> Option<&'static str> {
    let k = h.to_ascii_lowercase().replace([' ', '-'], "_");
    Some(match k.as_str() {
        "id" | "entry_id" => "id",
        "state" | "review_state" => "state",
        "subject" | "domain" | "subject_field" | "subjectfield" => "subject",
        "definition" => "definition",
        "source" => "source",
        "note" | "entry_note" | "comment" => "note",
        _ => return None,
    })
}

fn column(h: &str, at: Position) -> Result<Col> {
    let h = h.trim();
    if let Some(c) = concept_name(h) {
        return Ok(Col::Concept(c));
    }
    let lower = h.to_ascii_lowercase();
    // Longest field names first: `context_source` before `source`.
    let mut fields = TERM_FIELDS;
    fields.sort_by_key(|f| std::cmp::Reverse(f.len()));
    for f in fields {
        for sep in ['_', '-', ' '] {
            let alt = f.replace('_', &sep.to_string());
            for suffix in [format!("{sep}{f}"), format!("{sep}{alt}")] {
                if lower.ends_with(&suffix) && lower.len() > suffix.len() {
                    let lang = &h[..h.len() - suffix.len()];
                    if let Ok(t) = LangTag::parse(lang) {
                        return Ok(Col::Term(t, f));
                    }
                }
            }
        }
    }
    LangTag::parse(h).map(Col::Lang).map_err(|_| {
        Error::invalid(
            at,
            format!(
                "unknown column or language code {h:?} (expected a \
                 language code such as fr, en, fr-FR, a per-term column \
                 such as en_status, or one of {})",
                CONCEPT_FIELDS.join(", ")
            ),
        )
    })
}

/// Guess the delimiter from the header line: the most frequent of `,`,
/// `;` and tab outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Fail on a quoted field that is never closed (the csv crate would
/// silently run it to the end of the file).
fn check_quotes(text: &str, delim: char) -> Result<()> {
    let mut open: Option<usize> = None;
    let mut field_start = true;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match open {
            Some(_) => {
                if c == '"' {
                    if it.peek().map(|&(_, n)| n) == Some('"') {
                        it.next();
                    } else {
                        open = None;
                    }
                }
            }
            None => {
                if c == '"' && field_start {
                    open = Some(i);
                }
                field_start = c == delim || c == '\n' || c == '\r';
            }
        }
    }
    match open {
        Some(i) => Err(Error::parse(
            Position::at_offset(text, i),
            "a quoted field is never closed (missing \")",
        )),
        None => Ok(()),
    }
}

/// Split a `|`-list, honouring `\|` and `\\`.
fn split_list(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut cs = s.chars();
    while let Some(c) = cs.next() {
        match c {
            '\\' => match cs.next() {
                Some(n @ ('|' | '\\')) => out.last_mut().unwrap().push(n),
                Some(n) => {
                    let cur = out.last_mut().unwrap();
                    cur.push('\\');
                    cur.push(n);
                }
                None => out.last_mut().unwrap().push('\\'),
            },
            '|' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|v| v.trim().to_string()).collect()
}

fn join_list(vals: &[String]) -> String {
    if vals.iter().all(|v| v.is_empty()) {
        return String::new();
    }
    vals.iter()
        .map(|v| v.replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Read a language-column CSV glossary.
pub fn read(bytes: &[u8]) -> Result<Glossary> {
    let text = crate::formats::encoding::decode(
        bytes,
        crate::formats::encoding::Kind::Text,
    )?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(Error::invalid(Position::line(1, None), "empty file"));
    }
    let delim = sniff_delimiter(text);
    check_quotes(text, delim as char)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let lines = crate::formats::LineStarts::new(text.as_bytes());
    let headers = rdr.headers().map_err(|e| lines.error(e))?.clone();
    let mut cols = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let at = Position::line(1, Some(i as u64 + 1));
        let c = column(h, at.clone())?;
        if cols.contains(&c) {
            return Err(Error::invalid(at, format!("column {h:?} twice")));
        }
        cols.push(c);
    }
    let langs: Vec<LangTag> = cols
        .iter()
        .filter_map(|c| match c {
            Col::Lang(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    if langs.is_empty() {
        return Err(Error::invalid(
            Position::line(1, None),
            "missing columns: no language column in the header \
             (expected e.g. fr,en)",
        ));
    }
    for (i, c) in cols.iter().enumerate() {
        if let Col::Term(l, f) = c
            && !langs.contains(l)
        {
            return Err(Error::invalid(
                Position::line(1, Some(i as u64 + 1)),
                format!("missing column {l}: column {l}_{f} needs it"),
            ));
        }
    }
    let mut g = Glossary::new();
    let mut ids: HashMap<String, u64> = HashMap::new();
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| lines.error(e))? {
        let line = lines.of(rec.position());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let e = read_row(&rec, &cols, &langs, line)?;
        if !e.id.is_empty()
            && let Some(first) = ids.insert(e.id.clone(), line)
        {
            return Err(Error::invalid(
                Position::line(line, None),
                format!("duplicate id {:?} (also on line {first})", e.id),
            )
            .at(Position::entry(&e.id)));
        }
        g.entries.push(e);
    }
    // Fresh ids above every id in the file, as `next_id` would give one
    // by one (without rescanning the entries each time).
    let mut next = g.next_id()[1..].parse::<u64>().unwrap_or(1);
    for e in g.entries.iter_mut().filter(|e| e.id.is_empty()) {
        e.id = format!("c{next}");
        next = next.saturating_add(1);
    }
    Ok(g)
}

fn read_row(
    rec: &csv::StringRecord,
    cols: &[Col],
    langs: &[LangTag],
    line: u64,
) -> Result<Entry> {
    let cell = |i: usize| unneutralise(rec.get(i).unwrap_or("").trim());
    let mut e = Entry::new("");
    for (i, c) in cols.iter().enumerate() {
        if let Col::Concept(name) = c {
            let v = cell(i).to_string();
            match *name {
                "id" => e.id = v,
                "state" if !v.is_empty() => {
                    e.state = ReviewState::parse(&v).ok_or_else(|| {
                        Error::invalid(
                            Position::line(line, Some(i as u64 + 1)),
                            format!(
                                "unknown state {v:?} (use approved or proposed)"
                            ),
                        )
                    })?;
                }
                "subject" => e.subject = v,
                "definition" => e.definition = v,
                "source" => e.source = v,
                "note" => e.note = v,
                _ => {}
            }
        }
    }
    let pos = |col: usize| {
        let mut p = Position::line(line, Some(col as u64 + 1));
        if !e.id.is_empty() {
            p.entry = Some(e.id.clone());
        }
        p
    };
    let mut terms = Vec::new();
    for lang in langs {
        let li = cols.iter().position(|c| c == &Col::Lang(lang.clone()));
        let li = li.expect("language column exists");
        let texts: Vec<String> = split_list(cell(li))
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect();
        let mut mine: Vec<Term> =
            texts.iter().map(|t| Term::new(lang.clone(), t)).collect();
        for (i, c) in cols.iter().enumerate() {
            let Col::Term(l, field) = c else { continue };
            if l != lang || cell(i).is_empty() {
                continue;
            }
            let vals = split_list(cell(i));
            if mine.is_empty() {
                return Err(Error::invalid(
                    pos(i),
                    format!(
                        "{lang}_{field} is set but there is no {lang} term"
                    ),
                ));
            }
            if vals.len() != mine.len() && vals.len() != 1 {
                return Err(Error::invalid(
                    pos(i),
                    format!(
                        "{lang}_{field} has {} values for {} terms",
                        vals.len(),
                        mine.len()
                    ),
                ));
            }
            for (k, t) in mine.iter_mut().enumerate() {
                let v = if vals.len() == 1 { &vals[0] } else { &vals[k] };
                set_field(t, field, v).map_err(|m| {
                    Error::invalid(pos(i), format!("{lang}_{field}: {m}"))
                })?;
            }
        }
        terms.extend(mine);
    }
    if terms.is_empty() {
        return Err(Error::invalid(pos(0), "row has no term"));
    }
    e.terms = terms;
    Ok(e)
}

fn set_field(
    t: &mut Term,
    field: &str,
    v: &str,
) -> std::result::Result<(), String> {
    fn pick<T>(v: &str, f: fn(&str) -> Option<T>) -> Result2<Option<T>> {
        if v.is_empty() {
            return Ok(None);
        }
        f(v).map(Some).ok_or_else(|| format!("unknown value {v:?}"))
    }
    type Result2<T> = std::result::Result<T, String>;
    let flag = |v: &str| -> Result2<bool> {
        match v.to_ascii_lowercase().as_str() {
            "" | "no" | "false" | "0" => Ok(false),
            "yes" | "true" | "1" => Ok(true),
            _ => Err(format!("use yes or leave empty, not {v:?}")),
        }
    };
    match field {
        "status" => {
            t.status =
                pick(v, AdminStatus::parse)?.unwrap_or(AdminStatus::Preferred)
        }
        "pos" => t.pos = pick(v, PartOfSpeech::parse)?,
        "gender" => t.gender = pick(v, Gender::parse)?,
        "number" => t.number = pick(v, Number::parse)?,
        "type" => t.term_type = pick(v, TermType::parse)?,
        "geo" => t.geo = v.to_string(),
        "context" => t.context = v.to_string(),
        "context_source" => t.context_source = v.to_string(),
        "note" => t.note = v.to_string(),
        "case_sensitive" => t.case_sensitive = flag(v)?,
        "exact_only" => t.exact_only = flag(v)?,
        _ => {}
    }
    Ok(())
}

fn get_field(t: &Term, field: &str) -> String {
    let yes = |b: bool| if b { "yes" } else { "" }.to_string();
    match field {
        "status" => t.status.as_str().to_string(),
        "pos" => t.pos.map_or("", |x| x.as_str()).to_string(),
        "gender" => t.gender.map_or("", |x| x.as_str()).to_string(),
        "number" => t.number.map_or("", |x| x.as_str()).to_string(),
        "type" => t.term_type.map_or("", |x| x.as_str()).to_string(),
        "geo" => t.geo.clone(),
        "context" => t.context.clone(),
        "context_source" => t.context_source.clone(),
        "note" => t.note.clone(),
        "case_sensitive" => yes(t.case_sensitive),
        "exact_only" => yes(t.exact_only),
        _ => String::new(),
    }
}

/// Write a language-column CSV glossary.
pub fn write<W: Write + ?Sized>(w: &mut W, g: &Glossary) -> Result<()> {
    let mut langs: Vec<&LangTag> = Vec::new();
    for t in g.entries.iter().flat_map(|e| &e.terms) {
        if !langs.contains(&&t.lang) {
            langs.push(&t.lang);
        }
    }
    // Build every column, then drop the optional ones nobody uses.
    let mut columns: Vec<(String, Vec<String>)> = Vec::new();
    for f in CONCEPT_FIELDS {
        let cells = g
            .entries
            .iter()
            .map(|e| match f {
                "id" => e.id.clone(),
                "state" => match e.state {
                    ReviewState::Approved => String::new(),
                    s => s.as_str().to_string(),
                },
                "subject" => e.subject.clone(),
                "definition" => e.definition.clone(),
                "source" => e.source.clone(),
                _ => e.note.clone(),
            })
            .collect();
        columns.push((f.to_string(), cells));
    }
    for lang in &langs {
        let per = |e: &Entry, f: &dyn Fn(&Term) -> String| {
            let vals: Vec<String> =
                e.terms.iter().filter(|t| &t.lang == *lang).map(f).collect();
            join_list(&vals)
        };
        let cells = g.entries.iter().map(|e| per(e, &|t| t.text.clone()));
        columns.push((lang.to_string(), cells.collect()));
        for f in TERM_FIELDS {
            let cells = g.entries.iter().map(|e| {
                if f == "status"
                    && e.terms
                        .iter()
                        .filter(|t| &t.lang == *lang)
                        .all(|t| t.status == AdminStatus::Preferred)
                {
                    return String::new();
                }
                per(e, &|t| get_field(t, f))
            });
            columns.push((format!("{lang}_{f}"), cells.collect()));
        }
    }
    let keep = |(name, cells): &(String, Vec<String>)| {
        name == "id"
            || langs.iter().any(|l| l.as_str() == name)
            || cells.iter().any(|c| !c.is_empty())
    };
    columns.retain(keep);
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    wtr.write_record(columns.iter().map(|(n, _)| n.as_str()))?;
    for row in 0..g.entries.len() {
        wtr.write_record(
            columns.iter().map(|(_, c)| neutralise(&c[row]).into_owned()),
        )?;
    }
    wtr.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_columns_in_any_spelling() {
        let p = Position::default;
        for (h, want) in [
            ("fr", Col::Lang(LangTag::fr())),
            ("FR", Col::Lang(LangTag::fr())),
            ("fr_FR", Col::Lang(LangTag::parse("fr-FR").unwrap())),
            ("en-us", Col::Lang(LangTag::parse("en-US").unwrap())),
            ("en_status", Col::Term(LangTag::en(), "status")),
            (
                "fr-FR context",
                Col::Term(LangTag::parse("fr-FR").unwrap(), "context"),
            ),
            ("fr_context_source", Col::Term(LangTag::fr(), "context_source")),
            ("EN_CASE_SENSITIVE", Col::Term(LangTag::en(), "case_sensitive")),
            ("Domain", Col::Concept("subject")),
            ("id", Col::Concept("id")),
        ] {
            assert_eq!(column(h, p()).unwrap(), want, "{h}");
        }
        assert!(column("French!", p()).is_err());
    }

    #[test]
    fn formula_cells_round_trip() {
        for s in
            ["=SUM(A1)", "+1", "-ing", "@x", "'=x", "''+y", "'plain", "a=b"]
        {
            assert_eq!(unneutralise(&neutralise(s)), s, "{s}");
        }
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("plain"), "plain");
    }

    #[test]
    fn pipe_lists_round_trip() {
        for v in [vec!["a", "b"], vec!["a|b", "c\\d"], vec!["x", ""]] {
            let vals: Vec<String> = v.iter().map(|s| s.to_string()).collect();
            assert_eq!(split_list(&join_list(&vals)), vals);
        }
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("fr;en\npuce;chip"), b';');
        assert_eq!(sniff_delimiter("fr,en\n"), b',');
        assert_eq!(sniff_delimiter("\"a;b\",en\n"), b',');
        assert_eq!(sniff_delimiter("fr\ten\n"), b'\t');
    }
}
