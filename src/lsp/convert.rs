//! The one place that knows LSP positions.
//!
//! The library speaks byte offsets into UTF-8 text; LSP speaks (line,
//! character) where "character" counts UTF-16 code units by default, or
//! UTF-8 bytes / code points when the client negotiated
//! `positionEncoding`. The one line index, [`LineIndex`], converts both
//! ways for one text (its LSP methods are here).
//!
//! Conversion is linear per document (issue 14 item 4): [`LineIndex`] keeps
//! the line starts and, every [`STEP`] bytes, how many UTF-16 units and
//! code points come before; a conversion counts characters from the
//! nearest such mark, never from the start of a (possibly 10 MB) line.
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
    pub(crate) fn negotiate(
        offered: Option<&[PositionEncodingKind]>,
    ) -> Encoding {
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
}

use crate::text::lines::Unit;
pub use crate::text::lines::{LineIndex, STEP};

impl Encoding {
    fn unit(self) -> Unit {
        match self {
            Encoding::Utf8 => Unit::Byte,
            Encoding::Utf16 => Unit::Utf16,
            Encoding::Utf32 => Unit::Char,
        }
    }
}

/// LSP positions over the one line index ([`crate::text::LineIndex`]).
impl LineIndex {
    /// The LSP position of byte `offset` (clamped, rounded down to a
    /// char boundary).
    pub fn position(
        &self,
        text: &str,
        offset: usize,
        enc: Encoding,
    ) -> Position {
        let offset = LineIndex::clamp(text, offset);
        let line = self.line_of(offset);
        let (start, end) = self.line_bounds(text, line);
        let upto = offset.min(end);
        let units = self.units_before(text, upto, enc.unit())
            - self.units_before(text, start, enc.unit());
        Position {
            line: line as u32,
            character: units.min(u32::MAX as u64) as u32,
        }
    }

    /// The byte offset of an LSP position (clamped: see the module doc).
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.lines() {
            return text.len();
        }
        let unit = enc.unit();
        let (start, end) = self.line_bounds(text, line);
        // Start from the last mark inside the line at or before the
        // wanted column, then count characters.
        let at_start = self.units_before(text, start, unit);
        let want = at_start + pos.character as u64;
        let (from, mut have) = self
            .marks_between(start, end, unit)
            .filter(|&(b, u)| b >= start && u <= want)
            .last()
            .unwrap_or((start, at_start));
        for (k, c) in text[from..end].char_indices() {
            let u = unit.of(c);
            if want < have + u {
                return from + k;
            }
            have += u;
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
        let m = LineIndex::new(text);
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

    /// Issue 14 item 4: positions on a long line were counted from the
    /// line start for each conversion. With marks, results must still
    /// equal plain counting everywhere: compare with a naive reference on
    /// a mixed line longer than many marks.
    #[test]
    fn issue_14_item_4_marks_agree_with_counting() {
        let unit = "Créé – l’IA 😀 puce\r\nx";
        let mut text = String::new();
        for k in 0..300 {
            text.push_str(if k % 7 == 0 { unit } else { "ab😀é’" });
        }
        let m = LineIndex::new(&text);
        assert!(text.len() / STEP > 10);
        let naive = |offset: usize, enc: Encoding| -> Position {
            let before = &text[..offset];
            let line = before.matches('\n').count() as u32;
            let ls = before.rfind('\n').map_or(0, |i| i + 1);
            let mut le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
            if le > ls && text.as_bytes()[le - 1] == b'\r' {
                le -= 1;
            }
            let upto = offset.min(le);
            let character =
                text[ls..upto].chars().map(|c| enc.unit().of(c) as u32).sum();
            Position { line, character }
        };
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (off, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let p = m.position(&text, off, enc);
                assert_eq!(p, naive(off, enc), "{enc:?} at {off}");
                let back = m.offset(&text, p, enc);
                // A `\r` before `\n` is no column: it maps to the line end.
                let want = if text[off..].starts_with('\n')
                    && text[..off].ends_with('\r')
                {
                    off - 1
                } else {
                    off
                };
                if !text[off..].starts_with('\r') {
                    assert_eq!(back, want, "{enc:?} round trip at {off}");
                }
            }
        }
    }
}
