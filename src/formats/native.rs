//! glossa's own on-disk CSV: lossless for the whole model, one row per term.
//!
//! ```text
//! id,state,subject,definition,source,entry_note,lang,term,status,pos,gender,number,type,geo,case_sensitive,exact_only,context,context_source,note
//! c1,approved,finance,Fonds d'investissement…,,,fr,fonds spéculatif,preferred,noun,masculine,singular,,,,,"…",DeepSeek article,
//! c1,,,,,,en,hedge fund,preferred,noun,,singular,,,,,"…",DeepSeek article,
//! ```
//!
//! - UTF-8, `,`-separated, RFC 4180 quoting, `\n` line ends; a leading BOM
//!   is accepted on read (spreadsheets add one).
//! - Rows with the same `id` form one entry. The concept columns (`state`
//!   to `entry_note`) are written on the entry's first row only; on read
//!   they may stand on any of its rows, but two different values are an
//!   error naming both lines.
//! - `case_sensitive` / `exact_only` are `yes` or empty.
//! - Entries and terms keep their order, so an edit shows as a local diff.
//! - A cell that a spreadsheet would run as a formula (it starts with
//!   `=`, `+`, `-`, `@`, tab or CR, possibly after `'`s) is written with
//!   one more leading `'`, which the reader removes
//!   ([`crate::formats::neutralise`], issue 14 item 7): `=HYPERLINK(…)`
//!   is stored as `'=HYPERLINK(…)` and reads back unchanged.

use std::collections::HashMap;
use std::io::{Read, Write};

use crate::error::{Error, Position, Result};
use crate::glossary::model::*;

/// The header row, in order. Documented in README.md.
pub const HEADER: [&str; 19] = [
    "id",
    "state",
    "subject",
    "definition",
    "source",
    "entry_note",
    "lang",
    "term",
    "status",
    "pos",
    "gender",
    "number",
    "type",
    "geo",
    "case_sensitive",
    "exact_only",
    "context",
    "context_source",
    "note",
];

/// Read a glossa CSV glossary, failing on the first problem.
pub fn read<R: Read>(rdr: R) -> Result<Glossary> {
    let (g, mut errors) = read_lenient(rdr)?;
    if errors.is_empty() { Ok(g) } else { Err(errors.remove(0)) }
}

/// Read a glossa CSV glossary, collecting every row's problem instead of
/// stopping at the first (for `glossa validate`). Fails outright only when
/// the file cannot be read as CSV at all.
pub fn read_lenient<R: Read>(rdr: R) -> Result<(Glossary, Vec<Error>)> {
    let mut bytes = Vec::new();
    crate::formats::skip_bom(rdr).read_to_end(&mut bytes)?;
    let lines = crate::formats::LineStarts::new(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(&bytes[..]);
    let headers = rdr.headers().map_err(|e| lines.error(e))?.clone();
    let mut col = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        col.insert(h.trim().to_ascii_lowercase(), i);
    }
    let missing: Vec<&str> = ["id", "lang", "term"]
        .into_iter()
        .filter(|h| !col.contains_key(*h))
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(
            Position::line(1, None),
            format!(
                "missing column(s) {}; the header must start with: {}",
                missing.join(", "),
                HEADER.join(",")
            ),
        ));
    }
    let mut g = Glossary::new();
    // id -> (index in g.entries, line where each concept field was set)
    let mut index: Index = HashMap::new();
    let mut rec = csv::StringRecord::new();
    let mut errors = Vec::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let e = lines.error(e);
                // A broken record: report it; give up only on I/O failure
                // or when the reader cannot move past it.
                let fatal = matches!(e.kind(), crate::error::ErrorKind::Io(_));
                errors.push(e);
                if fatal || errors.len() > 1000 {
                    break;
                }
                continue;
            }
        }
        let line = lines.of(rec.position());
        if let Err(e) = read_row(&rec, line, &col, &mut g, &mut index) {
            errors.push(e);
        }
    }
    Ok((g, errors))
}

type Index = HashMap<String, (usize, [u64; 5])>;

fn read_row(
    rec: &csv::StringRecord,
    line: u64,
    col: &HashMap<String, usize>,
    g: &mut Glossary,
    index: &mut Index,
) -> Result<()> {
    {
        let pos = Position::line(line, None);
        let get = |name: &str| -> &str {
            crate::formats::unneutralise(
                col.get(name).and_then(|&i| rec.get(i)).unwrap_or("").trim(),
            )
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            return Ok(());
        }
        let id = get("id");
        if id.is_empty() {
            return Err(Error::invalid(pos, "empty id"));
        }
        let (ix, set_at) = match index.get_mut(id) {
            Some(v) => v,
            None => {
                g.entries.push(Entry::new(id));
                index.insert(id.to_string(), (g.entries.len() - 1, [0; 5]));
                index.get_mut(id).expect("just inserted")
            }
        };
        let entry = &mut g.entries[*ix];
        let state = get("state");
        if !state.is_empty() {
            let st = ReviewState::parse(state).ok_or_else(|| {
                Error::invalid(
                    pos.clone(),
                    format!(
                        "unknown state {state:?} (use proposed or approved)"
                    ),
                )
            })?;
            let mut current = entry.state.as_str().to_string();
            set_concept(
                &mut current,
                "state",
                st.as_str(),
                &mut set_at[0],
                line,
            )
            .map_err(|m| {
                Error::invalid(pos.clone(), m).at(Position::entry(id))
            })?;
            entry.state = st;
        }
        let fields: [(&str, usize); 4] = [
            ("subject", 1),
            ("definition", 2),
            ("source", 3),
            ("entry_note", 4),
        ];
        for (name, slot) in fields {
            let v = get(name);
            if v.is_empty() {
                continue;
            }
            let target = match slot {
                1 => &mut entry.subject,
                2 => &mut entry.definition,
                3 => &mut entry.source,
                _ => &mut entry.note,
            };
            set_concept(target, name, v, &mut set_at[slot], line).map_err(
                |m| Error::invalid(pos.clone(), m).at(Position::entry(id)),
            )?;
        }
        let text = get("term");
        if text.is_empty() {
            return Err(
                Error::invalid(pos, "empty term").at(Position::entry(id))
            );
        }
        let lang = LangTag::parse(get("lang"))
            .map_err(|e| Error::invalid(pos.clone(), e.to_string()))?;
        let mut t = Term::new(lang, text);
        let status = get("status");
        if !status.is_empty() {
            t.status = AdminStatus::parse(status).ok_or_else(|| {
                Error::invalid(
                    pos.clone(),
                    format!(
                        "unknown status {status:?} (use preferred, admitted, \
                         deprecated or superseded)"
                    ),
                )
            })?;
        }
        t.pos = opt(get("pos"), "pos", PartOfSpeech::parse, &pos)?;
        t.gender = opt(get("gender"), "gender", Gender::parse, &pos)?;
        t.number = opt(get("number"), "number", Number::parse, &pos)?;
        t.term_type = opt(get("type"), "type", TermType::parse, &pos)?;
        t.geo = get("geo").to_string();
        t.case_sensitive =
            flag(get("case_sensitive"), "case_sensitive", &pos)?;
        t.exact_only = flag(get("exact_only"), "exact_only", &pos)?;
        t.context = get("context").to_string();
        t.context_source = get("context_source").to_string();
        t.note = get("note").to_string();
        entry.terms.push(t);
    }
    Ok(())
}

/// Set a concept-level field, failing if another row of the entry already
/// set it to something else.
fn set_concept(
    target: &mut String,
    name: &str,
    value: &str,
    set_at: &mut u64,
    line: u64,
) -> std::result::Result<(), String> {
    if *set_at != 0 && target != value {
        return Err(format!(
            "{name} is {value:?} here but {target:?} on line {set_at} of the same entry"
        ));
    }
    *target = value.to_string();
    *set_at = line;
    Ok(())
}

fn opt<T>(
    v: &str,
    name: &str,
    parse: fn(&str) -> Option<T>,
    pos: &Position,
) -> Result<Option<T>> {
    if v.is_empty() {
        return Ok(None);
    }
    parse(v).map(Some).ok_or_else(|| {
        Error::invalid(pos.clone(), format!("unknown {name} {v:?}"))
    })
}

fn flag(v: &str, name: &str, pos: &Position) -> Result<bool> {
    match v.to_ascii_lowercase().as_str() {
        "" | "no" | "false" | "0" | "n" => Ok(false),
        "yes" | "true" | "1" | "y" => Ok(true),
        _ => Err(Error::invalid(
            pos.clone(),
            format!("{name} must be yes or empty, not {v:?}"),
        )),
    }
}

/// Write a glossa CSV glossary.
pub fn write<'a, W: Write + ?Sized>(w: &mut W, g: &'a Glossary) -> Result<()> {
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    wtr.write_record(HEADER)?;
    for e in &g.entries {
        for (i, t) in e.terms.iter().enumerate() {
            let first = i == 0;
            let c = |s: &'a str| if first { s } else { "" };
            let o = |s: Option<&'static str>| s.unwrap_or("");
            let yes = |b: bool| if b { "yes" } else { "" };
            let cells = [
                e.id.as_str(),
                c(e.state.as_str()),
                c(&e.subject),
                c(&e.definition),
                c(&e.source),
                c(&e.note),
                t.lang.as_str(),
                &t.text,
                t.status.as_str(),
                o(t.pos.map(|x| x.as_str())),
                o(t.gender.map(|x| x.as_str())),
                o(t.number.map(|x| x.as_str())),
                o(t.term_type.map(|x| x.as_str())),
                &t.geo,
                yes(t.case_sensitive),
                yes(t.exact_only),
                &t.context,
                &t.context_source,
                &t.note,
            ]
            .map(crate::formats::neutralise);
            wtr.write_record(cells.iter().map(|c| c.as_bytes()))?;
        }
    }
    wtr.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicting_concept_fields_name_both_lines() {
        let csv = "id,subject,lang,term\nc1,AI,fr,IA\nc1,chips,en,AI\n";
        let err = read(csv.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("line 3") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn missing_columns_are_named() {
        let err =
            read("id,term\nc1,puce\n".as_bytes()).unwrap_err().to_string();
        assert!(err.contains("missing column(s) lang"), "{err}");
    }

    #[test]
    fn unknown_language_names_line() {
        let csv = "id,lang,term\nc1,fr,puce\nc1,xx!,chip\n";
        let err = read(csv.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("line 3"), "{err}");
    }
}
