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
//! | [`xlsx`] | Excel workbook, same columns as [`csv`] | everything |
//! | [`memoq`] | memoQ term-base CSV layout | terms, definition, contexts, notes |
//! | [`profile`] | what each CAT tool reads best (`export --for`) | — |

pub mod csv;
pub mod doc;
#[cfg(test)]
mod markdown;
pub mod memoq;
pub mod native;
pub mod profile;
pub mod registry;
pub mod tbx;
pub mod tmx;
pub mod tsv;
pub mod vale;
pub mod xliff;
pub mod xlsx;

pub use registry::{FORMATS, Format, Holds};

use std::io::Read;

use crate::error::{Error, Position, Result};

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
    /// Excel workbook (XLSX).
    Xlsx,
    /// memoQ's term-base CSV layout.
    Memoq,
}

impl GlossaryFormat {
    /// Its registry entry.
    pub fn format(self) -> &'static Format {
        registry::by_name(self.name())
            .expect("every GlossaryFormat is registered")
    }

    /// Its name in the registry (`--to`, `--from`).
    pub fn name(self) -> &'static str {
        match self {
            GlossaryFormat::Native => "native",
            GlossaryFormat::Tbx => "tbx",
            GlossaryFormat::Tbx3 => "tbx3",
            GlossaryFormat::Csv => "csv",
            GlossaryFormat::Tsv => "tsv",
            GlossaryFormat::Xlsx => "xlsx",
            GlossaryFormat::Memoq => "memoq",
        }
    }

    /// The typed name of a registry format, if it is one of these.
    pub fn from_name(name: &str) -> Option<GlossaryFormat> {
        use GlossaryFormat as F;
        [F::Native, F::Tbx, F::Tbx3, F::Csv, F::Tsv, F::Xlsx, F::Memoq]
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The glossary format a file name's extension names, when one
    /// format claims it ([`registry::for_path`]).
    pub fn from_path(p: &std::path::Path) -> Option<GlossaryFormat> {
        registry::for_path(p).and_then(|f| GlossaryFormat::from_name(f.name))
    }

    /// True for formats a CAT tool's or a spreadsheet's glossary comes
    /// in, which carry no review state of glossa's (issue 15: their
    /// entries arrive `proposed` unless `import --approve`).
    fn from_cat_tool(self) -> bool {
        matches!(
            self,
            GlossaryFormat::Tsv | GlossaryFormat::Xlsx | GlossaryFormat::Memoq
        )
    }
}

/// Read a glossary to import: [`read_glossary`], then the review rule
/// of issue 15. With `approve`, every entry is approved. Otherwise a
/// file from a CAT tool or a spreadsheet (OmegaT TSV, memoQ CSV, an XLSX
/// or CSV with no `state` column) arrives `proposed`; TBX and glossa's
/// own files keep the state they carry.
pub fn import_glossary(
    bytes: &[u8],
    format: Option<GlossaryFormat>,
    approve: bool,
) -> Result<crate::Glossary> {
    let format = format.unwrap_or_else(|| sniff(bytes));
    let (mut g, unreviewed) = match format {
        GlossaryFormat::Csv => {
            let (g, has_state) = csv::read_with_state(bytes)?;
            (g, !has_state)
        }
        GlossaryFormat::Xlsx => {
            let (g, has_state) = xlsx::read_with_state(bytes)?;
            (g, !has_state)
        }
        f => (read_glossary(bytes, Some(f))?, f.from_cat_tool()),
    };
    use crate::glossary::model::ReviewState;
    let state = match (approve, unreviewed) {
        (true, _) => Some(ReviewState::Approved),
        (false, true) => Some(ReviewState::Proposed),
        (false, false) => None,
    };
    if let Some(s) = state {
        for e in &mut g.entries {
            e.state = s;
        }
    }
    Ok(g)
}

/// What a file is, from its first bytes, for messages when a reader
/// cannot take it ("not an Excel workbook: it is plain text (UTF-8)").
pub fn what_is(bytes: &[u8]) -> String {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let has_utf16 = |name: &str| {
        let pat: Vec<u8> =
            name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        bytes.windows(pat.len()).any(|w| w == pat.as_slice())
    };
    if bytes.is_empty() {
        return "an empty file".into();
    }
    if bytes.starts_with(&OLE) {
        return if has_utf16("EncryptedPackage") {
            "an encrypted (password-protected) Office file: open it, remove \
             the password and save it again"
        } else if has_utf16("Workbook") {
            "an Excel 97-2003 workbook (.xls): save it as .xlsx"
        } else if has_utf16("WordDocument") {
            "a Word 97-2003 document (.doc): save it as .docx"
        } else {
            "an OLE compound file (an old Microsoft Office format)"
        }
        .into();
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return "a PDF document".into();
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, n)) => enc.decode_without_bom_handling(&head[n..]).0,
        None if head.contains(&0) => return "a binary file".into(),
        None => String::from_utf8_lossy(head),
    };
    let t = text.trim_start().to_ascii_lowercase();
    if t.starts_with('<') {
        for (tag, what) in [
            ("<xliff", "an XLIFF file"),
            ("<martif", "a TBX v2 termbase"),
            ("<tbx", "a TBX v3 termbase"),
            ("<tmx", "a TMX translation memory"),
            ("<html", "an HTML page"),
            ("<!doctype html", "an HTML page"),
        ] {
            if t.contains(tag) {
                return what.into();
            }
        }
        return "an XML file".into();
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => "plain text (UTF-8)".into(),
        Err(_) if encoding_rs::Encoding::for_bom(head).is_some() => {
            "plain text (UTF-16)".into()
        }
        Err(_) => "text in a legacy encoding, or binary data".into(),
    }
}

/// What a ZIP archive holds, by its entries' names.
fn zip_kind(bytes: &[u8]) -> String {
    let Ok(z) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return "a damaged ZIP archive".into();
    };
    let has = |n: &str| z.index_for_name(n).is_some();
    let mime = || {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
        let mut f = z.by_name("mimetype").ok()?;
        let mut s = String::new();
        std::io::Read::read_to_string(&mut (&mut f).take(200), &mut s).ok()?;
        Some(s)
    };
    if has("xl/workbook.xml") {
        "an Excel workbook (.xlsx)".into()
    } else if has("word/document.xml") {
        "a Word document (.docx)".into()
    } else if has("ppt/presentation.xml") {
        "a PowerPoint presentation (.pptx)".into()
    } else if let Some(m) = mime().filter(|m| m.contains("opendocument")) {
        format!("an OpenDocument file ({})", m.trim())
    } else {
        "a ZIP archive".into()
    }
}

/// Check that `bytes` are a ZIP archive holding `marker` (e.g.
/// `xl/workbook.xml`) whose parts inflate to at most
/// [`crate::limits::MAX_XLSX_UNZIPPED`]; the error says what the file is
/// instead (`want` names what was expected, "an Excel workbook (.xlsx)").
pub(crate) fn check_zip(bytes: &[u8], want: &str, marker: &str) -> Result<()> {
    let not = |what: String| {
        Err(Error::invalid(
            Position::default(),
            format!("not {want}: it is {what}"),
        ))
    };
    if !bytes.starts_with(b"PK") {
        return not(what_is(bytes));
    }
    let mut z = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => {
            return Err(Error::parse(
                Position::default(),
                format!("not a readable {want}: a damaged ZIP archive ({e})"),
            ));
        }
    };
    if z.index_for_name(marker).is_none() {
        return not(zip_kind(bytes));
    }
    // Sizes from the central directory; a part that inflates beyond its
    // declared size is cut there by the zip crate.
    let mut total = 0u64;
    for i in 0..z.len() {
        let size = z.by_index_raw(i).map_or(u64::MAX, |f| f.size());
        total = total.saturating_add(size);
    }
    if total > crate::limits::MAX_XLSX_UNZIPPED {
        return Err(Error::invalid(
            Position::default(),
            format!(
                "{want} whose parts inflate to more than {} MiB: refused",
                crate::limits::MAX_XLSX_UNZIPPED >> 20
            ),
        ));
    }
    Ok(())
}

/// True for the characters XML 1.0 allows in a document (its `Char`
/// production): tab, line feed, carriage return, and everything from
/// U+0020 on except U+FFFE and U+FFFF (surrogates cannot occur in Rust
/// text).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || (c >= '\u{20}' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Refuse decoded XML text holding a raw character XML 1.0 forbids
/// (issue 14 item 6), naming its line and column. Character references
/// (`&#x1;`) are checked where each reader resolves them, with
/// [`xml_ref_error`].
pub fn check_xml_chars(text: &str) -> Result<()> {
    match text.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        None => Ok(()),
        Some((i, c)) => Err(Error::parse(
            Position::at_offset(text, i),
            format!(
                "character U+{:04X} is not allowed in XML 1.0 (a control \
                 character: the file is damaged or not XML)",
                c as u32
            ),
        )),
    }
}

/// The message for resolved text (an entity or character reference
/// expanded) holding a character XML 1.0 forbids, if it does.
pub fn xml_ref_error(resolved: &str) -> Option<String> {
    resolved.chars().find(|&c| !is_xml_char(c)).map(|c| {
        format!(
            "character reference to U+{:04X}, which XML 1.0 forbids",
            c as u32
        )
    })
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
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineStarts { bytes, starts }
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
pub fn skip_bom<R: Read>(mut r: R) -> impl Read {
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

/// Decode a text file that should be UTF-8, honouring a UTF-8 or UTF-16
/// byte-order mark. Invalid bytes are an error naming line and column.
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom_len..]);
    }
    decode_with(encoding_rs::UTF_8, bytes)
}

/// Decode `bytes` (no BOM) in `enc`. Bytes that are not valid in `enc`
/// are an error naming the line and column where they start.
pub fn decode_with(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> Result<String> {
    if enc == encoding_rs::UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let text = String::from_utf8_lossy(valid);
                let pos = Position::at_offset(&text, text.len());
                Err(Error::encoding(
                    pos,
                    "bytes that are not valid UTF-8 (save the file as UTF-8)",
                ))
            }
        };
    }
    let mut dec = enc.new_decoder_without_bom_handling();
    let cap = dec
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3) + 16);
    let mut out = String::with_capacity(cap);
    let (res, _read) =
        dec.decode_to_string_without_replacement(bytes, &mut out, true);
    match res {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        _ => {
            let pos = Position::at_offset(&out, out.len());
            Err(Error::encoding(
                pos,
                format!("bytes that are not valid {}", enc.name()),
            ))
        }
    }
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

/// Guess a glossary format from the first bytes: a ZIP archive or an
/// OLE file is XLSX (whose reader says what it really is); XML (any
/// encoding) is TBX; a header with `id`, `lang` and `term` is glossa
/// CSV; a header with `Entry_ID` or a `<Language>_Def` column is memoQ
/// CSV; a tab in the first data line is OmegaT TSV; anything else is
/// CSV.
pub fn sniff(bytes: &[u8]) -> GlossaryFormat {
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
    {
        return GlossaryFormat::Xlsx;
    }
    let head = &bytes[..bytes.len().min(4096)];
    // UTF-16 (with BOM) is sniffed on its decoded text: a UTF-16 CSV is
    // still a CSV.
    let text = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, n)) if enc != encoding_rs::UTF_8 => {
            enc.decode_without_bom_handling(&head[n..]).0
        }
        _ => String::from_utf8_lossy(head),
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
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
    } else if memoq::looks_like(first) {
        GlossaryFormat::Memoq
    } else if first.contains('\t') {
        GlossaryFormat::Tsv
    } else {
        GlossaryFormat::Csv
    }
}
