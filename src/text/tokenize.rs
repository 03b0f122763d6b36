//! Words with byte spans into the original text.
//!
//! [`tokenize`] splits text into [`Token`]s: words, numbers, French elided
//! words (`l'`, `d'`, `qu'`…) and the English possessive `'s`. Each token
//! keeps its byte [`Span`] into the *original* string (never into the
//! folded key) and its folded form ([`super::normalize::fold`]).
//! Punctuation and spaces separate tokens and are dropped.

use std::ops::Range;

use super::normalize::{fold_char, fold_into, is_apostrophe};
use unicode_normalization::char::is_combining_mark;

/// A byte range into the original text.
pub type Span = Range<usize>;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word (may contain digits: H100, V2).
    Word,
    /// A number (3, 3.5, 3,5, 2023).
    Number,
    /// A French elided word: l' d' j' qu' n' s' c' m' t' jusqu' lorsqu'…
    Elision,
    /// The English possessive 's.
    Possessive,
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the original text.
    pub span: Span,
    /// Folded form: lower case, no accents, canonical apostrophe.
    pub folded: String,
    /// Kind of token.
    pub kind: TokenKind,
}

impl Token {
    /// True for words and numbers (not elisions or possessives).
    pub fn is_content(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }
}

/// French words that elide before a vowel (folded, without apostrophe).
pub(crate) const ELISIONS: &[&str] = &[
    "l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu",
    "quoiqu", "quelqu",
];

#[inline]
fn is_word_char(c: char) -> bool {
    // Fast path: no ASCII char is a combining mark, and the ASCII
    // apostrophes are not alphanumeric (most French text is ASCII).
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // U+02BC (ʼ) is a modifier *letter*, but it is used as an apostrophe.
    (c.is_alphanumeric() || is_combining_mark(c)) && !is_apostrophe(c)
}

#[inline]
fn is_word_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_combining_mark(c) && !is_apostrophe(c)
}

/// If `rest` starts with a lone "s" (any letter folding to s, not
/// followed by a letter), its byte length.
fn possessive_s(rest: &str) -> Option<usize> {
    let mut cs = rest.chars();
    let c = cs.next()?;
    let mut f = String::new();
    fold_char(c, &mut f);
    let alone = f == "s" && !cs.next().is_some_and(is_word_start);
    alone.then_some(c.len_utf8())
}

/// Split `text` into tokens. Never panics; spans always fall on char
/// boundaries of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    tokenize_into(text, &mut out);
    out
}

/// Like [`tokenize`], reusing `out`: its old contents are replaced, and
/// the folded strings of the tokens it held are reused as buffers, so a
/// caller tokenising chunk after chunk (the draft scanner) allocates
/// almost nothing once warm.
pub(crate) fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let mut sink = Sink { out, n: 0 };
    scan_tokens(text, &mut sink);
    let n = sink.n;
    out.truncate(n);
}

/// Writes tokens into a vector, reusing the slots (and their strings)
/// below `out.len()` before pushing new ones.
struct Sink<'a> {
    out: &'a mut Vec<Token>,
    n: usize,
}

impl Sink<'_> {
    fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Emit a token whose folded form is `fold(src) + suffix`; a token
    /// that folds to nothing is dropped (returns false).
    fn push(
        &mut self,
        span: Span,
        kind: TokenKind,
        src: &str,
        suffix: &str,
    ) -> bool {
        if self.n == self.out.len() {
            self.out.push(Token {
                span: 0..0,
                folded: String::with_capacity(src.len() + suffix.len()),
                kind,
            });
        }
        let t = &mut self.out[self.n];
        t.folded.clear();
        fold_into(src, &mut t.folded);
        t.folded.push_str(suffix);
        if t.folded.is_empty() {
            return false;
        }
        t.span = span;
        t.kind = kind;
        self.n += 1;
        true
    }
}

fn scan_tokens(text: &str, out: &mut Sink<'_>) {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        // A word starts with a letter or digit (a stray combining mark
        // is dropped like punctuation).
        if !is_word_start(c) {
            chars.next();
            // "'s" standing alone after a word ("DeepSeek 's", as in our
            // own keys) is the possessive too.
            if is_apostrophe(c) && !out.is_empty() {
                let after = start + c.len_utf8();
                let rest = &text[after..];
                if let Some(n) = possessive_s(rest) {
                    out.push(
                        start..after + n,
                        TokenKind::Possessive,
                        "",
                        "'s",
                    );
                    chars.next();
                }
            }
            continue;
        }
        // Scan one word: word chars, plus '.'/',' between digits.
        let mut end = start;
        let mut all_digits = true;
        while let Some(&(i, c)) = chars.peek() {
            if is_word_char(c) {
                all_digits &= c.is_ascii_digit();
                end = i + c.len_utf8();
                chars.next();
            } else if (c == '.' || c == ',')
                && end > start
                && bytes[end - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit())
            {
                end = i + 1;
                chars.next();
            } else {
                break;
            }
        }
        // An apostrophe right after the word: elision, possessive or a
        // word-internal apostrophe (aujourd'hui, don't).
        if let Some(&(i, c)) = chars.peek()
            && is_apostrophe(c)
        {
            let after = i + c.len_utf8();
            let next = text[after..].chars().next();
            // "l' IA" (a space after the apostrophe, as in sloppy text and
            // in our own keys) is the elision too, so key(key(x)) == key(x).
            if next == Some(' ') && is_elision(&text[start..end]) {
                let rest = text[after + 1..].chars().next();
                if rest.is_some_and(is_word_start) {
                    out.push(
                        start..after,
                        TokenKind::Elision,
                        &text[start..end],
                        "'",
                    );
                    chars.next();
                    continue;
                }
            }
            if next.is_some_and(is_word_start) {
                if is_elision(&text[start..end]) {
                    out.push(
                        start..after,
                        TokenKind::Elision,
                        &text[start..end],
                        "'",
                    );
                    chars.next();
                    continue;
                }
                let rest = &text[after..];
                if let Some(n) = possessive_s(rest) {
                    push_word(text, start..end, all_digits, out);
                    out.push(i..after + n, TokenKind::Possessive, "", "'s");
                    chars.next();
                    chars.next();
                    continue;
                }
                // Word-internal apostrophe: keep scanning as one word.
                chars.next();
                let mut end2 = after;
                while let Some(&(j, c)) = chars.peek() {
                    if is_word_char(c) {
                        end2 = j + c.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                push_word(text, start..end2, false, out);
                continue;
            }
        }
        push_word(text, start..end, all_digits, out);
    }
}

fn is_elision(word: &str) -> bool {
    let mut f = String::with_capacity(word.len());
    fold_into(word, &mut f);
    ELISIONS.contains(&f.as_str())
}

fn push_word(text: &str, span: Span, digits: bool, out: &mut Sink<'_>) {
    let kind = if digits { TokenKind::Number } else { TokenKind::Word };
    // A word of only combining marks (a stray U+0301) folds to nothing
    // and is dropped: nothing to match on.
    out.push(span.clone(), kind, &text[span], "");
}

/// The folded key of a text: its tokens' folded forms joined by one space.
/// Two spellings of a term with the same key are the same term up to
/// case, accents, apostrophes, spacing and dashes.
pub fn key(text: &str) -> String {
    join_folded(&tokenize(text))
}

/// Join tokens' folded forms with single spaces.
pub(crate) fn join_folded(tokens: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&t.folded);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_is_the_unicode_rule() {
        for b in 0u8..128 {
            let c = b as char;
            let slow = (c.is_alphanumeric() || is_combining_mark(c))
                && !is_apostrophe(c);
            assert_eq!(is_word_char(c), slow, "{c:?}");
            assert_eq!(is_word_start(c), slow, "{c:?}");
        }
    }

    fn kinds(text: &str) -> Vec<(String, TokenKind)> {
        tokenize(text).into_iter().map(|t| (t.folded, t.kind)).collect()
    }

    #[test]
    fn elision_and_spans() {
        let text = "les puces d’IA";
        let toks = tokenize(text);
        let spans: Vec<&str> =
            toks.iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(spans, ["les", "puces", "d’", "IA"]);
        assert_eq!(toks[2].kind, TokenKind::Elision);
        assert_eq!(toks[2].folded, "d'");
    }

    #[test]
    fn numbers_and_words() {
        use TokenKind::*;
        assert_eq!(
            kinds("3,5 fois, en 2023. H100"),
            [
                ("3,5".into(), Number),
                ("fois".into(), Word),
                ("en".into(), Word),
                ("2023".into(), Number),
                ("h100".into(), Word),
            ]
        );
    }

    #[test]
    fn apostrophe_at_end_is_dropped() {
        assert_eq!(key("les investisseurs' "), "les investisseurs");
        assert_eq!(key("l'"), "l");
    }

    #[test]
    fn issue_3_key_is_idempotent() {
        for s in [
            "d\u{2019}\u{153}",
            "l' IA",
            "\u{9d7}[0",
            "qu' il",
            "IA\u{2019}\u{301}\u{2019}",
            "\u{1b6b}'A",
            "IA\u{2019}s\u{2019}",
            "\u{f99}'\u{ab20}",
            "\u{153}\u{2019}s\u{301}",
            "E'\u{15a} ",
        ] {
            let k = key(s);
            assert_eq!(key(&k), k, "{s:?}");
        }
        assert_eq!(key("l' IA"), "l' ia");
        assert_eq!(key("d' "), "d");
        assert_eq!(key("DeepSeek 's"), "deepseek 's");
        assert_eq!(key("'s"), "s");
    }

    #[test]
    fn reused_buffer_gives_the_same_tokens() {
        // A long text first, so later calls reuse (and must overwrite or
        // drop) slots holding old tokens.
        let mut buf = Vec::new();
        for text in [
            "Les grappes de centres de données d’IA, aujourd'hui.",
            "l'IA",
            "DeepSeek’s e\u{301} 3,5 fois",
            "",
            "\u{301}",
        ] {
            tokenize_into(text, &mut buf);
            assert_eq!(buf, tokenize(text), "{text:?}");
        }
    }

    #[test]
    fn empty_and_symbols() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" … — « » ").is_empty());
    }
}
