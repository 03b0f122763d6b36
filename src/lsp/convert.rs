//! The one place that knows LSP positions.
//!
//! The library speaks byte offsets into UTF-8 text; LSP speaks (line,
//! character) where "character" counts UTF-16 code units by default, or
//! UTF-8 bytes / code points when the client negotiated
//! `positionEncoding`. [`LineMap`] converts both ways for one text.
//!
//! Lines end at `\n` (a `\r` before it is not part of the line's
//! columns). Positions past the end of a line clamp to the line end,
//! past the last line to the end of the text, and inside a character
//! (half a surrogate pair) round down to its start: a client off by one
//! never makes the server panic.

use lsp_types::{Position, PositionEncodingKind, Range};

/// How `Position::character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the LSP default.
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// Pick the encoding from the client's offered list (in its order of
    /// preference); UTF-16 when it offers none we know.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        for k in offered.unwrap_or(&[]) {
            match k.as_str() {
                "utf-8" => return Encoding::Utf8,
                "utf-16" => return Encoding::Utf16,
                "utf-32" => return Encoding::Utf32,
                _ => {}
            }
        }
        Encoding::Utf16
    }

    /// The LSP name.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    #[inline]
    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// Line starts of one text, for position conversion.
#[derive(Debug, Clone)]
pub struct LineMap {
    starts: Vec<usize>,
    len: usize,
}

impl LineMap {
    /// Index `text`'s lines.
    pub fn new(text: &str) -> LineMap {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineMap { starts, len: text.len() }
    }

    /// The byte range of line `line` without its line ending.
    fn line(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let mut end =
            self.starts.get(line + 1).map_or(self.len, |&next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// The LSP position of byte `offset` (clamped, rounded down to a
    /// char boundary).
    pub fn position(
        &self,
        text: &str,
        offset: usize,
        enc: Encoding,
    ) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (start, end) = self.line(text, line);
        let upto = offset.min(end);
        let character = match enc {
            Encoding::Utf8 => (upto - start) as u32,
            _ => text[start..upto].chars().map(|c| enc.units(c)).sum(),
        };
        Position { line: line as u32, character }
    }

    /// The byte offset of an LSP position (clamped: see the module doc).
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, end) = self.line(text, line);
        let mut left = pos.character;
        for (i, c) in text[start..end].char_indices() {
            let u = enc.units(c);
            if left < u {
                return start + i;
            }
            left -= u;
        }
        end
    }

    /// The LSP range of a byte span.
    pub fn range(
        &self,
        text: &str,
        span: &std::ops::Range<usize>,
        enc: Encoding,
    ) -> Range {
        Range {
            start: self.position(text, span.start, enc),
            end: self.position(text, span.end, enc),
        }
    }

    /// The byte span of an LSP range (start ≤ end guaranteed).
    pub fn span(
        &self,
        text: &str,
        range: Range,
        enc: Encoding,
    ) -> std::ops::Range<usize> {
        let a = self.offset(text, range.start, enc);
        let b = self.offset(text, range.end, enc);
        a.min(b)..a.max(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn issue_5_utf16_positions_with_accents_quotes_and_dashes() {
        // é is 2 bytes / 1 UTF-16 unit, ’ and – are 3 bytes / 1 unit,
        // 😀 is 4 bytes / 2 units.
        let text = "x\nCréé – l’IA 😀 puce\r\nfin";
        let m = LineMap::new(text);
        let ia = text.find("IA").unwrap();
        let puce = text.find("puce").unwrap();
        for (enc, want_ia, want_puce) in [
            (Encoding::Utf16, 9, 15),
            (Encoding::Utf8, 15, 23),
            (Encoding::Utf32, 9, 14),
        ] {
            assert_eq!(m.position(text, ia, enc), p(1, want_ia), "{enc:?}");
            assert_eq!(m.position(text, puce, enc), p(1, want_puce));
            assert_eq!(m.offset(text, p(1, want_ia), enc), ia, "{enc:?}");
            assert_eq!(m.offset(text, p(1, want_puce), enc), puce);
        }
        // End of line 1 excludes the \r; past the end clamps.
        let eol = text.find('\r').unwrap();
        assert_eq!(m.offset(text, p(1, 999), Encoding::Utf16), eol);
        assert_eq!(m.offset(text, p(9, 0), Encoding::Utf16), text.len());
        assert_eq!(m.position(text, text.len(), Encoding::Utf16), p(2, 3));
        // Half a surrogate pair rounds down to the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(m.offset(text, p(1, 13), Encoding::Utf16), emoji);
        // Mid-char byte offsets round down.
        assert_eq!(m.position(text, emoji + 1, Encoding::Utf16), p(1, 12));
    }

    #[test]
    fn negotiation() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::new("utf-7"), K::UTF8, K::UTF16])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(Some(&[K::UTF32])), Encoding::Utf32);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
    }
}
