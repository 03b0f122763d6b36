//! The one line index: byte offsets ↔ (line, column) for one text.
//!
//! The library speaks byte offsets; reports speak 1-based lines and
//! character columns ([`LineIndex::locate`], used by `glossa check`, the
//! web app and suggestions), the language server speaks 0-based lines and
//! UTF-16 / UTF-8 / code-point columns (`crate::lsp::convert`), and the
//! CSV readers name the line of a byte offset ([`line_starts`]).
//!
//! Conversion is linear per text (issue 14 item 4): the index keeps the
//! line starts and, every [`STEP`] bytes, how many UTF-16 units and code
//! points come before; a conversion counts characters from the nearest
//! such mark, never from the start of a (possibly 10 MB) line. Offsets
//! are clamped to the text and rounded down to a character boundary.

/// Bytes between two counting marks of a [`LineIndex`].
pub const STEP: usize = 256;

/// How a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// UTF-8 code units (bytes).
    Byte,
    /// UTF-16 code units.
    Utf16,
    /// Unicode scalar values (characters).
    Char,
}

impl Unit {
    /// How many units `c` takes.
    #[inline]
    pub fn of(self, c: char) -> u64 {
        match self {
            Unit::Byte => c.len_utf8() as u64,
            Unit::Utf16 => c.len_utf16() as u64,
            Unit::Char => 1,
        }
    }
}

/// Byte offsets where lines start: 0, then one past every `\n`.
pub fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

/// Line starts of one text and counting marks, for position conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset at a char boundary, UTF-16 units before it, code
    /// points before it), the first at 0, then one at or after every
    /// [`STEP`] bytes.
    marks: Vec<(usize, u64, u64)>,
    len: usize,
}

impl LineIndex {
    /// Index `text`'s lines and counting marks (one pass).
    pub fn new(text: &str) -> LineIndex {
        let mut marks = Vec::with_capacity(text.len() / STEP + 1);
        let (mut u16s, mut u32s) = (0u64, 0u64);
        let mut next = 0;
        for (i, c) in text.char_indices() {
            if i >= next {
                marks.push((i, u16s, u32s));
                next = i + STEP;
            }
            u16s += c.len_utf16() as u64;
            u32s += 1;
        }
        if marks.is_empty() {
            marks.push((0, 0, 0));
        }
        LineIndex {
            starts: line_starts(text.as_bytes()),
            marks,
            len: text.len(),
        }
    }

    /// How many lines (a text ending in `\n` has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// `offset` clamped to `text` and rounded down to a char boundary.
    pub fn clamp(text: &str, offset: usize) -> usize {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of 0-based line `line` without its line ending
    /// (`\n`, or `\r\n`).
    pub fn line_bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let mut end =
            self.starts.get(line + 1).map_or(self.len, |&next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// The mark at or before byte `offset`: (byte, units before it).
    pub fn mark_before(&self, offset: usize, unit: Unit) -> (usize, u64) {
        let i = self.marks.partition_point(|m| m.0 <= offset) - 1;
        let m = self.marks[i];
        (m.0, self.mark_units(&m, unit))
    }

    /// The marks from the one at or before `from` up to byte `to`, each as
    /// (byte, units before it), for a search by units.
    pub fn marks_between(
        &self,
        from: usize,
        to: usize,
        unit: Unit,
    ) -> impl Iterator<Item = (usize, u64)> + '_ {
        let i = self.marks.partition_point(|m| m.0 <= from) - 1;
        self.marks[i..]
            .iter()
            .take_while(move |m| m.0 <= to)
            .map(move |m| (m.0, self.mark_units(m, unit)))
    }

    fn mark_units(&self, m: &(usize, u64, u64), unit: Unit) -> u64 {
        match unit {
            Unit::Byte => m.0 as u64,
            Unit::Utf16 => m.1,
            Unit::Char => m.2,
        }
    }

    /// `unit`s before byte `offset` (a char boundary) in the whole text,
    /// counted from the nearest mark.
    pub fn units_before(&self, text: &str, offset: usize, unit: Unit) -> u64 {
        if unit == Unit::Byte {
            return offset as u64;
        }
        let (b, base) = self.mark_before(offset, unit);
        base + text[b..offset].chars().map(|c| unit.of(c)).sum::<u64>()
    }

    /// 1-based line and character column of byte `offset` in `text` (the
    /// text this index was built for), the form reports and `glossa
    /// check` use.
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = Self::clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = self.units_before(text, offset, Unit::Char)
            - self.units_before(text, start, Unit::Char);
        (line + 1, col as usize + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_characters() {
        let text = "é’–a\nb\u{1F600}c\n";
        let idx = LineIndex::new(text);
        let a = text.find('a').unwrap();
        assert_eq!(idx.locate(text, a), (1, 4));
        let c = text.find('c').unwrap();
        assert_eq!(idx.locate(text, c), (2, 3));
        assert_eq!(idx.locate(text, text.len()), (3, 1));
        let long = "é".repeat(5000) + "x";
        let idx = LineIndex::new(&long);
        assert!(idx.marks.len() > 10);
        assert_eq!(idx.locate(&long, long.len() - 1), (1, 5001));
        assert_eq!(idx.locate(&long, 3), (1, 2)); // mid-char rounds down
    }

    #[test]
    fn line_bounds_drop_the_line_ending() {
        let text = "ab\r\ncd\nef";
        let idx = LineIndex::new(text);
        assert_eq!(idx.lines(), 3);
        assert_eq!(idx.line_bounds(text, 0), (0, 2));
        assert_eq!(idx.line_bounds(text, 1), (4, 6));
        assert_eq!(idx.line_bounds(text, 2), (7, 9));
        assert_eq!(line_starts(text.as_bytes()), vec![0, 4, 7]);
    }
}
