//! The one encoding sniffer: every file glossa reads as text (glossary
//! CSV/TSV/TBX, TMX, articles, drafts, the style profile) is decoded here.
//!
//! The rules, in order:
//! 1. a byte-order mark (UTF-8, UTF-16 LE/BE) wins;
//! 2. XML only: UTF-16 without a BOM (a `<` next to a zero byte) is
//!    refused with a message asking for a BOM (the TMX reader's rule,
//!    kept by its tests; TBX used to guess the byte order);
//! 3. XML only: the encoding named in the XML declaration
//!    (`windows-1252`, `ISO-8859-1`…); a declared UTF-16 in a document
//!    that is not UTF-16 is ignored (the bytes decide), an unknown name is
//!    an error;
//! 4. otherwise UTF-8;
//! 5. articles only ([`decode_prose`]): bytes that are not UTF-8 are read
//!    as windows-1252 when the result looks like text.
//!
//! Bytes not valid in the chosen encoding are an error naming the line
//! and column where they start. UTF-8 input is borrowed, not copied.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::{Error, Position, Result};

/// What kind of file the bytes are: XML honours rules 2 and 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text (CSV, TSV, drafts, TOML).
    Text,
    /// An XML document (TBX, TMX).
    Xml,
}

/// The encoding of `bytes` and how many leading bytes (a BOM) to skip.
pub fn sniff(bytes: &[u8], kind: Kind) -> Result<(&'static Encoding, usize)> {
    if let Some((enc, n)) = Encoding::for_bom(bytes) {
        return Ok((enc, n));
    }
    if kind == Kind::Text {
        return Ok((UTF_8, 0));
    }
    if bytes.len() >= 2
        && ((bytes[0] == b'<' && bytes[1] == 0)
            || (bytes[0] == 0 && bytes[1] == b'<'))
    {
        return Err(Error::encoding(
            Position::line(1, Some(1)),
            "UTF-16 without a byte-order mark: the byte order is unknown \
             (save the file as UTF-8, or UTF-16 with a BOM)",
        ));
    }
    let Some(label) = declared_encoding(bytes) else {
        return Ok((UTF_8, 0));
    };
    match Encoding::for_label(label.as_bytes()) {
        // Declared UTF-16 but read as ASCII: the declaration is wrong.
        Some(e) if e == UTF_16LE || e == UTF_16BE => Ok((UTF_8, 0)),
        Some(e) => Ok((e, 0)),
        None => Err(Error::encoding(
            Position::line(1, None),
            format!("unknown encoding {label:?} in the XML declaration"),
        )),
    }
}

/// Decode a file of `kind` (rules 1–4).
pub fn decode(bytes: &[u8], kind: Kind) -> Result<Cow<'_, str>> {
    let (enc, skip) = sniff(bytes, kind)?;
    decode_with(enc, &bytes[skip..])
}

/// Decode an XML document (TBX, TMX): [`decode`] with [`Kind::Xml`].
pub fn decode_xml(bytes: &[u8]) -> Result<Cow<'_, str>> {
    decode(bytes, Kind::Xml)
}

/// Decode an article or draft (rules 1, 4, 5). Returns the text and, when
/// the bytes were not UTF-8, a note naming the encoding that was assumed.
pub fn decode_prose(bytes: &[u8]) -> Result<(String, Option<String>)> {
    match decode(bytes, Kind::Text) {
        Ok(t) => Ok((t.into_owned(), None)),
        Err(e) => {
            // windows-1252 decodes every byte; accept it only when the
            // result looks like text (few control characters).
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            let controls = text
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                .count();
            if controls * 100 > text.chars().count().max(1) {
                return Err(e);
            }
            Ok((
                text.into_owned(),
                Some(format!("{e}; read as windows-1252 instead")),
            ))
        }
    }
}

/// The first bytes of a file as text, for guessing its format: decoded
/// by its BOM, else as lossy UTF-8 (never an error).
pub fn head(bytes: &[u8]) -> Cow<'_, str> {
    let head = &bytes[..bytes.len().min(4096)];
    match Encoding::for_bom(head) {
        Some((enc, n)) => enc.decode_without_bom_handling(&head[n..]).0,
        None => String::from_utf8_lossy(head),
    }
}

/// Decode `bytes` (no BOM) in `enc`. Bytes that are not valid in `enc`
/// are an error naming the line and column where they start.
pub(crate) fn decode_with<'a>(
    enc: &'static Encoding,
    bytes: &'a [u8],
) -> Result<Cow<'a, str>> {
    if enc == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Cow::Borrowed(s)),
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
        encoding_rs::DecoderResult::InputEmpty => Ok(Cow::Owned(out)),
        _ => {
            let pos = Position::at_offset(&out, out.len());
            Err(Error::encoding(
                pos,
                format!("bytes that are not valid {}", enc.name()),
            ))
        }
    }
}

/// The `encoding` pseudo-attribute of an ASCII XML declaration.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = bytes.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&bytes[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    let close = rest.find(quote)?;
    Some(rest[..close].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            out.extend(u.to_le_bytes());
        }
        out
    }

    #[test]
    fn one_rule_for_every_reader() {
        // BOM wins for text and XML.
        for kind in [Kind::Text, Kind::Xml] {
            assert_eq!(decode(&utf16le("<a/>", true), kind).unwrap(), "<a/>");
            assert_eq!(decode(b"\xEF\xBB\xBFx", kind).unwrap(), "x");
        }
        // UTF-16 without BOM: refused, the byte order is not guessed.
        let decl = "<?xml version=\"1.0\"?><a/>";
        assert!(decode(&utf16le(decl, false), Kind::Xml).is_err());
        let err = decode(&utf16le("<a/>", false), Kind::Xml).unwrap_err();
        assert!(err.to_string().contains("byte-order mark"), "{err}");
        // A declared legacy encoding, an unknown one, a wrong UTF-16.
        let latin =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>";
        assert!(decode(latin, Kind::Xml).unwrap().ends_with("<a>é</a>"));
        assert!(decode(latin, Kind::Text).is_err());
        let odd = b"<?xml version=\"1.0\" encoding=\"klingon\"?><a/>";
        let err = decode(odd, Kind::Xml).unwrap_err().to_string();
        assert!(err.contains("unknown encoding"), "{err}");
        let wrong = b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>";
        assert!(decode(wrong, Kind::Xml).is_ok());
        // Bad bytes are named by line and column.
        let err = decode(b"<a>\n\xff</a>", Kind::Xml).unwrap_err();
        assert_eq!(err.position().line, Some(2));
        assert!(matches!(
            decode(b"abc", Kind::Text).unwrap(),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn prose_falls_back_to_windows_1252() {
        let (t, note) = decode_prose(b"caf\xe9").unwrap();
        assert_eq!(t, "café");
        assert!(note.unwrap().contains("windows-1252"));
        assert!(decode_prose(b"\x81\x01\x02\x03\x04x").is_err());
        assert_eq!(head(&utf16le("id,lang", true)), "id,lang");
    }

    #[test]
    fn declared_encoding_is_found() {
        assert_eq!(
            declared_encoding(
                b"<?xml version='1.0' encoding=\"windows-1254\" ?>"
            ),
            Some("windows-1254".into())
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?>"), None);
    }
}
