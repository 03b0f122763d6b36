//! memoQ's term-base CSV layout, both ways (issue 15).
//!
//! memoQ documents its CSV (docs.memoq.com, "Term base in CSV format"):
//! `;`-separated UTF-8 with a header row, one entry per line; entry-level
//! columns first (`Entry_ID`, `Entry_Subject`, `Entry_Domain`, …,
//! `Entry_Note`), then for each language its language-level columns
//! (`English_Def`) and, repeated once per term, the term-level columns
//! (the term under the language's name, `English`, then `Term_Info`,
//! `Term_Example`). memoQ's desktop and web import map columns by these
//! names.
//!
//! **Writing** ([`write`]): UTF-8 with a BOM, `;`, CRLF, header
//! `Entry_ID;Entry_Subject;Entry_Note;French_Def;French;Term_Example;…;
//! English_Def;English;Term_Example;…` with as many term columns per
//! language as the entry with most usable terms needs. Only preferred
//! and admitted terms become terms (preferred first); deprecated and
//! superseded ones are listed in `Entry_Note` as `avoid (English): …`,
//! so memoQ never offers them. The definition (glossa's definitions are
//! written in English) goes in `English_Def`; each term's context
//! sentence in its `Term_Example`. `Term_Info` is not written: memoQ
//! packs its flags there in a syntax the pages reached do not document.
//! Review state, part of speech and the other TBX-Basic fields are not
//! written either: use `--for memoq --to tbx` for them.
//!
//! **Reading** ([`read`]): any delimiter (`;`, `,`, tab: sniffed from
//! the header), UTF-8 (BOM skipped) or UTF-16 with BOM. A language
//! column is a language name memoQ writes (`French`, `English`,
//! `English_United_States`…, primary language only) or a language code;
//! `Term_*` columns belong to the language column before them
//! (`Term_Example` → context, `Term_Note` → note); `<Language>_Def` →
//! definition; `Entry_ID`, `Entry_Subject` (or `Entry_Domain`),
//! `Entry_Note` → id (a number `7` becomes `c7`), subject, note. Other columns (dates, creator,
//! client, `Term_Info`…) are skipped. Every term is read as preferred
//! (the first of a language) or admitted.

use std::io::Write;

use crate::error::{Error, Position, Result};
use crate::glossary::model::*;

/// Language names memoQ writes, with their codes.
const NAMES: [(&str, &str); 12] = [
    ("fr", "French"),
    ("en", "English"),
    ("de", "German"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("sv", "Swedish"),
    ("ja", "Japanese"),
    ("zh", "Chinese"),
    ("ru", "Russian"),
];

/// The memoQ column name of a language.
fn lang_name(l: &LangTag) -> String {
    NAMES
        .iter()
        .find(|(c, _)| l.is(c))
        .map_or_else(|| l.as_str().to_string(), |(_, n)| n.to_string())
}

/// The language of a memoQ language column (`English`,
/// `English_United_States`, `en-US`), if it is one.
fn lang_of(h: &str) -> Option<LangTag> {
    let first = h.split(['_', ' ', '(']).next().unwrap_or(h);
    if let Some((c, _)) =
        NAMES.iter().find(|(_, n)| n.eq_ignore_ascii_case(first))
    {
        return LangTag::parse(c).ok();
    }
    let lower = h.to_ascii_lowercase();
    if lower.starts_with("entry") || lower.starts_with("term") {
        return None;
    }
    LangTag::parse(h).ok()
}

/// True when a header line reads as memoQ's layout: an `Entry_ID`
/// column, or a `<Language>_Def` column.
pub fn looks_like(header_line: &str) -> bool {
    header_line
        .split([';', ',', '\t'])
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .any(|c| c == "entry_id" || c.ends_with("_def"))
}

#[derive(Debug, Clone, PartialEq)]
enum Col {
    Id,
    Subject,
    Domain,
    Note,
    Def,
    Lang(LangTag),
    Example,
    TermNote,
    Skip,
}

fn column(h: &str) -> Col {
    let k = h.trim().to_ascii_lowercase();
    match k.as_str() {
        "entry_id" => Col::Id,
        "entry_subject" => Col::Subject,
        "entry_domain" => Col::Domain,
        "entry_note" => Col::Note,
        "term_example" => Col::Example,
        "term_note" => Col::TermNote,
        _ if k.ends_with("_def") => Col::Def,
        _ if k.starts_with("entry_") || k.starts_with("term_") => Col::Skip,
        _ => lang_of(h.trim()).map_or(Col::Skip, Col::Lang),
    }
}

/// Read a memoQ term-base CSV.
pub fn read(bytes: &[u8]) -> Result<Glossary> {
    let text = crate::formats::decode_text(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let head = text.lines().next().unwrap_or("");
    let delim = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| head.matches(*d as char).count())
        .unwrap_or(b';');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let lines = crate::formats::LineStarts::new(text.as_bytes());
    let header = rdr.headers().map_err(|e| lines.error(e))?.clone();
    let cols: Vec<Col> = header.iter().map(column).collect();
    if !cols.iter().any(|c| matches!(c, Col::Lang(_))) {
        return Err(Error::invalid(
            Position::line(1, None),
            "no language column in the memoQ header (expected e.g. \
             French;English)",
        ));
    }
    let mut g = Glossary::new();
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| lines.error(e))? {
        let line = lines.of(rec.position());
        if let Some(e) = read_row(&rec, &cols, line)? {
            g.entries.push(e);
        }
    }
    let mut next = g.next_id()[1..].parse::<u64>().unwrap_or(1);
    for e in g.entries.iter_mut().filter(|e| e.id.is_empty()) {
        e.id = format!("c{next}");
        next = next.saturating_add(1);
    }
    if let Some(p) = g.problems().into_iter().next() {
        return Err(p);
    }
    Ok(g)
}

fn read_row(
    rec: &csv::StringRecord,
    cols: &[Col],
    line: u64,
) -> Result<Option<Entry>> {
    let mut e = Entry::new("");
    let mut domain = String::new();
    let mut cur: Option<usize> = None; // index in e.terms of the last term
    let mut lang_seen = false;
    for (i, c) in cols.iter().enumerate() {
        let v = rec.get(i).unwrap_or("").trim();
        match c {
            Col::Lang(l) => {
                lang_seen = true;
                cur = None;
                if !v.is_empty() {
                    let mut t = Term::new(l.clone(), v);
                    if e.terms.iter().any(|x| x.lang == *l) {
                        t.status = AdminStatus::Admitted;
                    }
                    e.terms.push(t);
                    cur = Some(e.terms.len() - 1);
                }
            }
            _ if v.is_empty() => {}
            // memoQ's ids are numbers; glossa's must be XML names.
            Col::Id if is_ncname(v) => e.id = v.to_string(),
            Col::Id if is_ncname(&format!("c{v}")) => e.id = format!("c{v}"),
            Col::Subject => e.subject = v.to_string(),
            Col::Domain => domain = v.to_string(),
            Col::Note => e.note = v.to_string(),
            Col::Def if e.definition.is_empty() => e.definition = v.into(),
            Col::Example | Col::TermNote if lang_seen => {
                if let Some(t) = cur.and_then(|k| e.terms.get_mut(k)) {
                    if *c == Col::Example {
                        t.context = v.to_string();
                    } else {
                        t.note = v.to_string();
                    }
                }
            }
            _ => {}
        }
    }
    if e.subject.is_empty() {
        e.subject = domain;
    }
    if e.terms.is_empty() {
        if rec.iter().all(|f| f.trim().is_empty()) {
            return Ok(None);
        }
        return Err(Error::invalid(
            Position::line(line, None),
            "row has no term",
        ));
    }
    Ok(Some(e))
}

/// Write `g` in memoQ's CSV layout (see the module doc).
pub fn write<W: Write + ?Sized>(w: &mut W, g: &Glossary) -> Result<()> {
    // Languages by primary subtag, French first, then first appearance.
    let mut langs: Vec<LangTag> = Vec::new();
    for t in g.entries.iter().flat_map(|e| &e.terms) {
        let p = LangTag::parse(t.lang.primary())?;
        if !langs.contains(&p) {
            langs.push(p);
        }
    }
    langs.sort_by_key(|l| !l.is("fr"));
    let usable = |e: &'_ Entry, l: &LangTag| -> Vec<Term> {
        e.terms_in(l.primary())
            .filter(|t| !t.is_discouraged())
            .cloned()
            .collect()
    };
    let width: Vec<usize> = langs
        .iter()
        .map(|l| {
            g.entries.iter().map(|e| usable(e, l).len()).max().unwrap_or(0)
        })
        .map(|n| n.max(1))
        .collect();
    let mut header: Vec<String> =
        ["Entry_ID", "Entry_Subject", "Entry_Note"].map(String::from).into();
    for (l, n) in langs.iter().zip(&width) {
        let name = lang_name(l);
        header.push(format!("{name}_Def"));
        for _ in 0..*n {
            header.push(name.clone());
            header.push("Term_Example".into());
        }
    }
    w.write_all("\u{feff}".as_bytes())?;
    let mut wtr = csv::WriterBuilder::new().delimiter(b';').from_writer(w);
    wtr.write_record(&header)?;
    for e in &g.entries {
        let mut note = vec![e.note.clone()];
        for l in &langs {
            let avoid: Vec<&str> = e
                .terms_in(l.primary())
                .filter(|t| t.is_discouraged())
                .map(|t| t.text.as_str())
                .collect();
            if !avoid.is_empty() {
                note.push(format!(
                    "avoid ({}): {}",
                    lang_name(l),
                    avoid.join(", ")
                ));
            }
        }
        note.retain(|n| !n.is_empty());
        let mut row = vec![e.id.clone(), e.subject.clone(), note.join(" — ")];
        for (l, n) in langs.iter().zip(&width) {
            row.push(if l.is("en") {
                e.definition.clone()
            } else {
                String::new()
            });
            let terms = usable(e, l);
            for k in 0..*n {
                let t = terms.get(k);
                row.push(t.map_or(String::new(), |t| t.text.clone()));
                row.push(t.map_or(String::new(), |t| t.context.clone()));
            }
        }
        let row: Vec<String> = row
            .iter()
            .map(|c| crate::formats::neutralise(&flat(c)).into_owned())
            .collect();
        wtr.write_record(&row)?;
    }
    wtr.flush()?;
    Ok(())
}

/// One line: line breaks and tabs become spaces.
fn flat(s: &str) -> String {
    s.replace(['\r', '\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_layout_reads_back_without_deprecated_terms() {
        let mut e = Entry::new("c1");
        e.subject = "AI".into();
        e.definition = "Machines that learn.".into();
        let mut ctx = Term::new(LangTag::en(), "artificial intelligence");
        ctx.context = "Artificial intelligence; everywhere.".into();
        let mut dep = Term::new(LangTag::en(), "A.I.");
        dep.status = AdminStatus::Deprecated;
        e.terms = vec![
            Term::new(LangTag::fr(), "intelligence artificielle"),
            Term::new(LangTag::fr(), "IA"),
            ctx,
            dep,
        ];
        let mut g = Glossary::new();
        g.entries.push(e);
        let mut buf = Vec::new();
        write(&mut buf, &g).unwrap();
        let s = String::from_utf8(buf.clone()).unwrap();
        let head = s.lines().next().unwrap();
        assert_eq!(
            head,
            "\u{feff}Entry_ID;Entry_Subject;Entry_Note;French_Def;French;\
             Term_Example;French;Term_Example;English_Def;English;Term_Example"
        );
        assert!(s.contains("avoid (English): A.I."), "{s}");
        assert!(looks_like(head));
        let back = read(&buf).unwrap();
        let b = &back.entries[0];
        assert_eq!(b.id, "c1");
        assert_eq!(b.definition, "Machines that learn.");
        let texts: Vec<&str> =
            b.terms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["intelligence artificielle", "IA", "artificial intelligence"]
        );
        assert_eq!(b.terms[1].status, AdminStatus::Admitted);
        assert_eq!(b.terms[2].context, "Artificial intelligence; everywhere.");
    }

    #[test]
    fn memoq_export_columns_are_mapped_or_skipped() {
        let csv = "Entry_ID;Entry_Subject;Entry_Domain;Entry_Created;Entry_Note;\
                   English_Def;English_United_States;Term_Info;Term_Example;\
                   German_Def;German;Term_Info;Term_Example\r\n\
                   7;;IT;1/1/2020 1:00:00 PM;n;def;chip;x;A chip.;;Chip;;\r\n";
        let g = read(csv.as_bytes()).unwrap();
        let e = &g.entries[0];
        assert_eq!((e.id.as_str(), e.subject.as_str()), ("c7", "IT"));
        assert_eq!(e.terms[0].lang.as_str(), "en");
        assert_eq!(e.terms[0].context, "A chip.");
        assert_eq!(e.terms[1].lang.as_str(), "de");
        assert!(read(b"Entry_ID;Entry_Note\n1;x\n").is_err());
    }
}
