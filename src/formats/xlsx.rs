//! Excel workbooks (XLSX, Office Open XML), both ways (issue 15).
//!
//! **Writing** ([`write`], with `rust_xlsxwriter`): one sheet named
//! `Glossary`, one row per concept, the same columns as the
//! [`csv`](super::csv) export (`id`, `state`, each language, the
//! optional columns that hold something), a bold header row that stays
//! in view (frozen pane) with an autofilter, and every cell a text cell
//! in a column formatted as text (`@`), so a spreadsheet never turns
//! `1e3` or `0042` into a number or `=x` into a formula. No formula
//! neutralising is needed, so cells hold exactly the glossary's text.
//!
//! **Reading** ([`read`], with `calamine`): the first sheet, in workbook
//! order, whose first non-empty row reads as a glossary header (every
//! column known, at least one language: see [`csv`](super::csv)) is
//! taken; its rows are read by the same rule as CSV. Numbers are read as
//! they display for integers (`42`, not `42.0`), booleans as `yes`/empty.
//! Row numbers in errors are the sheet's rows ("line 3" = row 3).
//!
//! A file that is not a workbook is refused with what it is: an
//! encrypted (password-protected) Office file, an Excel 97-2003 `.xls`,
//! a Word or OpenDocument file, another ZIP archive, text (see
//! [`super::what_is`]). The uncompressed size of the archive is bounded
//! ([`crate::limits::MAX_XLSX_UNZIPPED`]) before anything is inflated.

use std::io::{Cursor, Write};

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::error::{Error, Position, Result};
use crate::glossary::model::*;

/// The name of the sheet glossa writes.
pub const SHEET: &str = "Glossary";

/// The longest text a cell holds (Excel's limit).
const MAX_CELL: usize = 32_767;

fn xerr(e: XlsxError) -> Error {
    Error::input(format!("cannot write the workbook: {e}"))
}

/// Write `g` as an XLSX workbook.
pub fn write<W: Write + ?Sized>(w: &mut W, g: &Glossary) -> Result<()> {
    let columns = super::csv::columns(g);
    for (row, e) in g.entries.iter().enumerate() {
        for (name, cells) in &columns {
            if cells[row].chars().count() > MAX_CELL {
                return Err(Error::invalid(
                    Position::entry(&e.id),
                    format!(
                        "{name} is longer than the {MAX_CELL} characters \
                         a spreadsheet cell holds"
                    ),
                ));
            }
        }
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).map_err(xerr)?;
    let text = Format::new().set_num_format("@").set_align(FormatAlign::Top);
    let head = Format::new().set_bold().set_num_format("@");
    for (c, (name, cells)) in columns.iter().enumerate() {
        let col = c as u16;
        let widest = cells.iter().map(|s| s.chars().count()).max();
        let width = widest.unwrap_or(0).max(name.len()).clamp(6, 60);
        ws.set_column_width(col, width as f64 + 2.0).map_err(xerr)?;
        ws.set_column_format(col, &text).map_err(xerr)?;
        ws.write_string_with_format(0, col, name, &head).map_err(xerr)?;
        for (r, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string_with_format(r as u32 + 1, col, cell, &text)
                    .map_err(xerr)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    let last_col = columns.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, g.entries.len() as u32, last_col).map_err(xerr)?;
    let bytes = wb.save_to_buffer().map_err(xerr)?;
    w.write_all(&bytes)?;
    Ok(())
}

/// Read a glossary from an XLSX workbook.
pub fn read(bytes: &[u8]) -> Result<Glossary> {
    read_with_state(bytes).map(|(g, _)| g)
}

/// Read a glossary from an XLSX workbook; the flag tells whether its
/// header has a `state` column.
pub fn read_with_state(bytes: &[u8]) -> Result<(Glossary, bool)> {
    super::check_zip(bytes, "an Excel workbook (.xlsx)", "xl/workbook.xml")?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Error::parse(
            Position::default(),
            format!("a damaged Excel workbook: {e}"),
        )
    })?;
    let mut seen = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| {
            Error::parse(
                Position::default(),
                format!("sheet {name:?} cannot be read: {e}"),
            )
        })?;
        let first_row = range.start().map_or(0, |(r, _)| r as u64);
        let mut rows = range.rows().enumerate().map(|(i, r)| {
            (first_row + i as u64 + 1, r.iter().map(cell_text).collect())
        });
        let Some((_, header)) =
            rows.by_ref().find(|(_, c): &(u64, Vec<String>)| {
                c.iter().any(|v| !v.trim().is_empty())
            })
        else {
            continue;
        };
        let (lead, header) = trim_header(header);
        if super::csv::is_glossary_header(&header) {
            let rows = rows
                .map(|(n, mut c)| (n, c.split_off(lead.min(c.len()))))
                .collect();
            return super::csv::from_table(&header, rows, false);
        }
        seen.push(name);
    }
    Err(Error::invalid(
        Position::default(),
        format!(
            "no sheet has a glossary header (a first row with language \
             codes such as fr, en); sheets: {}",
            if seen.is_empty() {
                "none with data".into()
            } else {
                seen.join(", ")
            }
        ),
    ))
}

/// The header without the empty cells on its right (a column that was
/// formatted but never filled) and without the empty columns a sheet
/// starting at column B has on its left.
/// Returns how many empty cells were dropped on the left.
fn trim_header(mut h: Vec<String>) -> (usize, Vec<String>) {
    while h.last().is_some_and(|c| c.trim().is_empty()) {
        h.pop();
    }
    let lead = h.iter().take_while(|c| c.trim().is_empty()).count();
    (lead, h.split_off(lead))
}

/// A cell as the text the reader takes.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            format!("{}", *f as i64)
        }
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "" }.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => d.to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Glossary {
        let mut g = Glossary::new();
        let mut e = Entry::new("c1");
        e.subject = "AI".into();
        e.source = "desk".into();
        let mut fr = Term::new(LangTag::fr(), "intelligence artificielle");
        fr.gender = Some(Gender::Feminine);
        let mut ia = Term::new(LangTag::fr(), "IA");
        ia.case_sensitive = true;
        let mut dep = Term::new(LangTag::en(), "A.I.");
        dep.status = AdminStatus::Deprecated;
        e.terms = vec![fr, ia, Term::new(LangTag::en(), "AI"), dep];
        let mut p = Entry::new("c2");
        p.state = ReviewState::Proposed;
        p.note = "=1+1 is text, 0042 too".into();
        p.terms = vec![
            Term::new(LangTag::fr(), "0042"),
            Term::new(LangTag::en(), "=SUM(A1)"),
        ];
        g.entries = vec![e, p];
        g
    }

    #[test]
    fn round_trip_keeps_every_field_and_state() {
        let g = sample();
        let mut buf = Vec::new();
        write(&mut buf, &g).unwrap();
        assert!(buf.starts_with(b"PK\x03\x04"));
        let (back, has_state) = read_with_state(&buf).unwrap();
        assert!(has_state);
        assert_eq!(back, g);
    }

    #[test]
    fn not_a_workbook_says_what_it_is() {
        let e = read(b"fr,en\npuce,chip\n").unwrap_err().to_string();
        assert!(e.contains("not an Excel workbook"), "{e}");
        assert!(e.contains("text"), "{e}");
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(
            "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()),
        );
        let e = read(&ole).unwrap_err().to_string();
        assert!(e.contains("encrypted"), "{e}");
        let e = read(b"PK\x03\x04garbage").unwrap_err().to_string();
        assert!(e.contains("damaged"), "{e}");
    }

    #[test]
    fn a_sheet_without_languages_is_skipped() {
        let mut wb = Workbook::new();
        let s1 = wb.add_worksheet();
        s1.set_name("Notes").unwrap();
        s1.write_string(0, 0, "read me first").unwrap();
        let s2 = wb.add_worksheet();
        s2.write_string(2, 1, "FR").unwrap();
        s2.write_string(2, 2, "en-US").unwrap();
        s2.write_string(3, 1, "puce").unwrap();
        s2.write_string(3, 2, "chip").unwrap();
        s2.write_number(4, 1, 42).unwrap();
        s2.write_string(4, 2, "forty-two").unwrap();
        let buf = wb.save_to_buffer().unwrap();
        let (g, has_state) = read_with_state(&buf).unwrap();
        assert!(!has_state);
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[0].terms[1].lang.as_str(), "en-US");
        assert_eq!(g.entries[1].terms[0].text, "42");
        let mut wb = Workbook::new();
        wb.add_worksheet().write_string(0, 0, "hello").unwrap();
        let e = read(&wb.save_to_buffer().unwrap()).unwrap_err();
        assert!(e.to_string().contains("no sheet has a glossary header"));
    }
}
