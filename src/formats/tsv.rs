//! OmegaT glossary TSV: `source<TAB>target<TAB>comment`, French → English.
//!
//! This is what OmegaT's `GlossaryReaderTSV` reads and writes:
//! - UTF-8; a BOM is skipped (UTF-16 with BOM is decoded too); lines
//!   starting with `#` and blank lines are comments; fields are trimmed.
//! - [`write`] starts with OmegaT's own header line
//!   `# Glossary in tab-separated format -*- coding: utf-8 -*-`, then one
//!   line per (French term, English term) pair of each entry: every French
//!   term (synonyms and deprecated ones too: they still need the right
//!   translation), but only English terms that are not deprecated or
//!   superseded (OmegaT would offer them as translations). The comment
//!   is the entry's note. Tabs and line breaks inside values become
//!   spaces.
//! - A French term starting with `#` is written after one space, so the
//!   line is not a comment (issue 14 item 8); [`read`] trims it away.
//!   Whether OmegaT trims before its own comment test is not checked.
//! - [`read`] takes column 1 as a French term, column 2 as an English
//!   term and column 3 (optional) as the note. Lines with the same source
//!   merge into one entry, the targets in line order. A line with fewer
//!   than two columns is an error naming its line.
//!
//! So `read(write(g)) == g` for entries with one French term, approved
//! English terms of status preferred or admitted read back as preferred,
//! and nothing but a note: that is all TSV carries.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use crate::error::{Error, Position, Result};
use crate::glossary::model::*;

/// OmegaT's header comment.
pub const HEADER: &str =
    "# Glossary in tab-separated format -*- coding: utf-8 -*-";

/// Entries with at most this many terms are searched for duplicates
/// directly.
const SMALL: usize = 16;

/// Read an OmegaT TSV glossary (French source, English target).
pub fn read(bytes: &[u8]) -> Result<Glossary> {
    let text = crate::formats::encoding::decode(
        bytes,
        crate::formats::encoding::Kind::Text,
    )?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut g = Glossary::new();
    let mut by_source: HashMap<String, usize> = HashMap::new();
    // A source repeated on many lines would make the duplicate checks
    // below rescan its entry each time: past a few targets (or a long
    // note) an entry's values move into these sets instead.
    let mut big_en: HashSet<usize> = HashSet::new();
    let mut seen_en: HashSet<(usize, String)> = HashSet::new();
    let mut big_note: HashSet<usize> = HashSet::new();
    let mut seen_note: HashSet<(usize, String)> = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        // A comment starts with `#`; an indented `#` is a comment only
        // without a tab (the writer indents a `#` term by one space).
        if line.trim().is_empty()
            || line.starts_with('#')
            || (line.trim_start().starts_with('#') && !line.contains('\t'))
        {
            continue;
        }
        let mut cols = line.split('\t').map(str::trim);
        let src = cols.next().unwrap_or("");
        let tgt = cols.next().unwrap_or("");
        let comment = cols.next().unwrap_or("");
        if src.is_empty() || tgt.is_empty() {
            return Err(Error::invalid(
                Position::line(n, None),
                "expected source<TAB>target[<TAB>comment]",
            ));
        }
        let ix = match by_source.get(src) {
            Some(&ix) => ix,
            None => {
                // Ids in file order from an empty glossary: c1, c2, …
                let mut e = Entry::new(format!("c{}", g.entries.len() + 1));
                e.terms.push(Term::new(LangTag::fr(), src));
                e.terms.push(Term::new(LangTag::en(), tgt));
                e.note = comment.to_string();
                g.entries.push(e);
                by_source.insert(src.to_string(), g.entries.len() - 1);
                continue;
            }
        };
        let e = &mut g.entries[ix];
        let new_en = if e.terms.len() <= SMALL {
            !e.terms.iter().any(|t| t.lang.is("en") && t.text == tgt)
        } else {
            if big_en.insert(ix) {
                for t in e.terms.iter().filter(|t| t.lang.is("en")) {
                    seen_en.insert((ix, t.text.clone()));
                }
            }
            seen_en.insert((ix, tgt.to_string()))
        };
        if new_en {
            e.terms.push(Term::new(LangTag::en(), tgt));
        }
        if comment.is_empty() {
            continue;
        }
        let new_note = if e.note.len() <= SMALL * 64 {
            !e.note.split("; ").any(|p| p == comment)
        } else {
            if big_note.insert(ix) {
                for p in e.note.split("; ") {
                    seen_note.insert((ix, p.to_string()));
                }
            }
            seen_note.insert((ix, comment.to_string()))
        };
        if new_note {
            if !e.note.is_empty() {
                e.note.push_str("; ");
            }
            e.note.push_str(comment);
        }
    }
    Ok(g)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ").trim().to_string()
}

/// Write an OmegaT TSV glossary.
pub fn write<W: Write + ?Sized>(w: &mut W, g: &Glossary) -> Result<()> {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push('\n');
    for e in &g.entries {
        let targets: Vec<&Term> = e
            .terms
            .iter()
            .filter(|t| t.lang.is("en") && !t.is_discouraged())
            .collect();
        let note = clean(&e.note);
        for s in e.terms.iter().filter(|t| t.lang.is("fr")) {
            for t in &targets {
                let src = clean(&s.text);
                if src.starts_with('#') {
                    // Not a comment line: see the module doc.
                    out.push(' ');
                }
                out.push_str(&src);
                out.push('\t');
                out.push_str(&clean(&t.text));
                if !note.is_empty() {
                    out.push('\t');
                    out.push_str(&note);
                }
                out.push('\n');
            }
        }
    }
    w.write_all(out.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_source_merges_and_comments_skip() {
        let tsv = "\u{feff}# comment\n\npuce \t chip\t\npuce\tmicrochip\tsemi\n\
                   IA\tAI\n";
        let g = read(tsv.as_bytes()).unwrap();
        assert_eq!(g.entries.len(), 2);
        let texts: Vec<&str> =
            g.entries[0].terms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["puce", "chip", "microchip"]);
        assert_eq!(g.entries[0].note, "semi");
        assert_eq!(g.entries[1].id, "c2");
    }

    #[test]
    fn short_line_names_its_line() {
        let err = read(b"# x\npuce\tchip\nlonely\n").unwrap_err();
        assert!(err.to_string().starts_with("line 3"), "{err}");
    }

    #[test]
    fn deprecated_targets_are_not_written() {
        let mut e = Entry::new("c1");
        e.terms.push(Term::new(LangTag::fr(), "centre de données"));
        e.terms.push(Term::new(LangTag::en(), "data centre"));
        let mut old = Term::new(LangTag::en(), "data center");
        old.status = AdminStatus::Deprecated;
        e.terms.push(old);
        let mut out = Vec::new();
        write(&mut out, &Glossary { entries: vec![e] }).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, format!("{HEADER}\ncentre de données\tdata centre\n"));
    }

    /// Issue 14 item 3: a source repeated on many lines rescanned its
    /// entry per line. Past `SMALL` targets the checks use sets; the
    /// result is the same as for a short entry.
    #[test]
    fn issue_14_item_3_repeated_source_keeps_order_and_dedups() {
        let mut tsv = String::new();
        for round in 0..3 {
            for k in 0..60 {
                tsv.push_str(&format!(
                    "puce\tchip{k}\ta longer note, number {:03}\n",
                    k % 45
                ));
            }
            tsv.push_str(&format!("IA\tAI\tround{round}\n"));
        }
        let g = read(tsv.as_bytes()).unwrap();
        assert_eq!(g.entries.len(), 2);
        let en: Vec<String> = g.entries[0]
            .terms
            .iter()
            .filter(|t| t.lang.is("en"))
            .map(|t| t.text.clone())
            .collect();
        let want: Vec<String> = (0..60).map(|k| format!("chip{k}")).collect();
        assert_eq!(en, want);
        let notes: Vec<String> =
            (0..45).map(|k| format!("a longer note, number {k:03}")).collect();
        assert!(g.entries[0].note.len() > SMALL * 64);
        assert_eq!(g.entries[0].note, notes.join("; "));
        assert_eq!(g.entries[1].note, "round0; round1; round2");
    }
}
