//! Pure readers and writers, one module per exchange format.
//!
//! Every format has `read(impl Read) -> Result<_>` and
//! `write(impl Write, &_) -> Result<()>`; none touches the file system
//! (that is [`crate::glossary::store`]'s job). Errors carry line/column or
//! entry id; the caller adds the file name.
//!
//! | module | format | carries |
//! |---|---|---|
//! | [`native`] | glossa CSV (the `glossary/` store) | everything |
//! | [`tbx`] | TBX v2 TBX-Basic (`martif`) and TBX v3 (`tbx`) | everything (what TBX-Basic lacks in `glossa:` notes); terms grouped by language |
//! | [`csv`] | spreadsheet / memoQ CSV with language-code header | everything; terms grouped by language, cells trimmed |
//! | [`tsv`] | OmegaT glossary TSV | French term, English terms, entry note |
//! | [`tmx`] | TMX 1.4b translation memory | see [`crate::tm`] |

pub mod csv;
pub mod encoding;
#[cfg(test)]
mod markdown;
pub mod native;
pub mod registry;
pub mod tbx;
pub mod tmx;
pub mod tsv;
pub(crate) mod vale;
pub(crate) mod xml;

pub use registry::{FORMATS, Format, Holds};

use std::io::Read;

use crate::error::{Error, Result};

/// The glossary formats glossa both reads and writes, as a typed name
/// for callers of [`read_glossary`] / [`write_glossary`]; the readers and
/// writers themselves are in the [`registry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// glossa's own CSV.
    Native,
    /// TBX v2 TBX-Basic (default `--to tbx`).
    Tbx,
    /// TBX v3 TBX-Basic (ISO 30042:2019).
    Tbx3,
    /// CSV with a language-code header.
    Csv,
    /// OmegaT TSV.
    Tsv,
}

impl GlossaryFormat {
    /// Its name in the registry.
    pub fn name(self) -> &'static str {
        match self {
            GlossaryFormat::Native => "native",
            GlossaryFormat::Tbx => "tbx",
            GlossaryFormat::Tbx3 => "tbx3",
            GlossaryFormat::Csv => "csv",
            GlossaryFormat::Tsv => "tsv",
        }
    }

    /// Its registry entry.
    pub fn format(self) -> &'static Format {
        registry::by_name(self.name())
            .expect("every GlossaryFormat is registered")
    }
}

/// First characters that make a spreadsheet evaluate a cell (OWASP's
/// CSV injection list).
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The one formula rule for every CSV glossa writes (issue 14 item 7:
/// the spreadsheet [`csv`] export and the [`native`] store and export):
/// a cell that starts with `=`, `+`, `-`, `@`, tab or CR, possibly after
/// `'`s, gets one more leading `'`, so a spreadsheet shows it as text;
/// [`unneutralise`] removes exactly that `'` on reading, so the round
/// trip is lossless (`'=x` is written `''=x` and reads back `'=x`).
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if s.trim_start_matches('\'').starts_with(FORMULA) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// Undo [`neutralise`].
pub fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA) => {
            rest
        }
        _ => s,
    }
}

/// Line numbers of byte offsets, counting `\n` (issue 14 item 9): the
/// csv crate's own line count is one short after a CRLF record end, so
/// the CSV readers take the record's byte offset and look its line up
/// here.
pub(crate) struct LineStarts<'a> {
    bytes: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> LineStarts<'a> {
        LineStarts { bytes, starts: crate::text::lines::line_starts(bytes) }
    }

    /// The 1-based line holding byte `byte`, or the next line when
    /// `byte` is a line ending (csv reports a record that follows a
    /// `\r\n` at its `\n`).
    pub(crate) fn line(&self, byte: u64) -> u64 {
        let mut b = byte as usize;
        while matches!(self.bytes.get(b), Some(b'\r' | b'\n')) {
            b += 1;
        }
        self.starts.partition_point(|&s| s <= b) as u64
    }

    /// The line of a CSV record's start.
    pub(crate) fn of(&self, pos: Option<&::csv::Position>) -> u64 {
        pos.map_or(0, |p| self.line(p.byte()))
    }

    /// A csv error with its line counted here.
    pub(crate) fn error(&self, e: ::csv::Error) -> Error {
        let line = e.position().map(|p| self.line(p.byte()));
        let err = Error::from(e);
        match line {
            Some(l) => err.with_line(l),
            None => err,
        }
    }
}

/// A reader that drops a leading UTF-8 byte-order mark.
pub(crate) fn skip_bom<R: Read>(mut r: R) -> impl Read {
    let mut head = [0u8; 3];
    let mut n = 0;
    while n < 3 {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let keep = if n == 3 && head == [0xEF, 0xBB, 0xBF] { 0 } else { n };
    let prefix: Vec<u8> = head[..keep].to_vec();
    std::io::Cursor::new(prefix).chain(r)
}

/// Read a glossary in `format`, or sniffed from the content when `None`.
/// `bytes` is the whole file: TBX and CSV readers detect encodings.
pub fn read_glossary(
    bytes: &[u8],
    format: Option<GlossaryFormat>,
) -> Result<crate::Glossary> {
    format.unwrap_or_else(|| sniff(bytes)).format().read(bytes)
}

/// Write a glossary in `format`.
pub fn write_glossary(
    w: &mut dyn std::io::Write,
    g: &crate::Glossary,
    format: GlossaryFormat,
) -> Result<()> {
    format.format().write(w, g)
}

/// Guess a glossary format from the first bytes: XML (any encoding) is
/// TBX; a header with `id`, `lang` and `term` is glossa CSV; a tab in the
/// first data line is OmegaT TSV; anything else is CSV.
pub fn sniff(bytes: &[u8]) -> GlossaryFormat {
    // UTF-16 (with BOM) is sniffed on its decoded text: a UTF-16 CSV is
    // still a CSV.
    let text = encoding::head(bytes);
    let text = text.trim_start();
    if text.starts_with('<') {
        return GlossaryFormat::Tbx;
    }
    let first =
        text.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let first = first.unwrap_or("");
    let cols: Vec<String> = first
        .split([',', ';'])
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    if ["id", "lang", "term"].iter().all(|h| cols.iter().any(|c| c == h)) {
        GlossaryFormat::Native
    } else if first.contains('\t') {
        GlossaryFormat::Tsv
    } else {
        GlossaryFormat::Csv
    }
}
