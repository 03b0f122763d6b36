//! The one XML escaper, and the one rule for characters XML 1.0 forbids.
//!
//! **The rule.** XML 1.0 allows tab, line feed, carriage return and
//! everything from U+0020 on except U+FFFE and U+FFFF ([`is_xml_char`]).
//! Every way in refuses the others, naming where they are: glossary text
//! through [`crate::glossary::model::text_problem`] (issue 14 item 6, which
//! also refuses DEL and C1 controls), XML files through
//! [`check_xml_chars`] and [`xml_ref_error`]. A writer can therefore only
//! meet one in text that came in another way (a sentence of an aligned
//! article in the TM): [`escape`] drops it, so every document glossa
//! writes is well-formed XML and an export never fails half-way.
//!
//! [`escape`] escapes `&`, `<` and `>` everywhere, quotes in attributes,
//! and, where the reader would otherwise change them ([`Style::Exact`]
//! text and attributes), tabs and line breaks as character references
//! and spaces at the ends as `&#32;`.

use std::borrow::Cow;

use crate::error::{Error, Position, Result};

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

/// Where the escaped text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Element content read back as-is (TMX segments, notes): only
    /// markup characters are escaped.
    Text,
    /// Element content whose reader trims and normalises whitespace
    /// (TBX): tabs, line breaks and spaces at the ends as references too.
    Exact,
    /// A double- or single-quoted attribute value: quotes, tabs and line
    /// breaks as references too (attribute-value normalisation would
    /// turn them into spaces).
    Attr,
}

/// Escape `s` for `style`; characters XML 1.0 forbids are dropped (see
/// the module doc for why that is the one rule). Borrows when nothing
/// changes.
pub fn escape(s: &str, style: Style) -> Cow<'_, str> {
    let exact = style != Style::Text;
    let edges =
        style == Style::Exact && (s.starts_with(' ') || s.ends_with(' '));
    let needs = edges
        || s.chars().any(|c| {
            matches!(c, '<' | '>' | '&')
                || (style == Style::Attr && matches!(c, '"' | '\''))
                || (exact && matches!(c, '\t' | '\n' | '\r'))
                || !is_xml_char(c)
        });
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let last = s.chars().count().saturating_sub(1);
    for (i, c) in s.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if style == Style::Attr => out.push_str("&quot;"),
            '\'' if style == Style::Attr => out.push_str("&apos;"),
            '\n' if exact => out.push_str("&#10;"),
            '\r' if exact => out.push_str("&#13;"),
            '\t' if exact => out.push_str("&#9;"),
            ' ' if style == Style::Exact && (i == 0 || i == last) => {
                out.push_str("&#32;")
            }
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_escaper_three_places() {
        let s = " a<b>&\"c'\t\u{1}d\n ";
        assert_eq!(escape(s, Style::Text), " a&lt;b&gt;&amp;\"c'\td\n ");
        assert_eq!(
            escape(s, Style::Exact),
            "&#32;a&lt;b&gt;&amp;\"c'&#9;d&#10;&#32;"
        );
        assert_eq!(
            escape(s, Style::Attr),
            " a&lt;b&gt;&amp;&quot;c&apos;&#9;d&#10; "
        );
        assert!(matches!(escape("plain é", Style::Exact), Cow::Borrowed(_)));
        assert_eq!(escape("\u{FFFF}x\u{0}", Style::Text), "x");
        // Dropped characters are exactly those every way in refuses.
        for c in ['\u{0}', '\u{1}', '\u{1F}', '\u{FFFE}'] {
            assert!(!is_xml_char(c));
            assert!(
                crate::glossary::model::text_problem(&format!("a{c}"), false)
                    .is_some()
            );
        }
    }
}
