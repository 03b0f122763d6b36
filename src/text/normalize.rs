//! The one table of input → key rules, and the character folding behind it.
//!
//! Two layers, as in charabia: **lossless** rules that only unify spellings
//! of the same text (NFC, apostrophes, spaces, dashes) and **lossy** rules
//! that make the matching key (ligatures, case, accents). Tokenisation
//! (elision, word boundaries) lives in [`super::tokenize`]; stemming in
//! [`super::stem`]. [`RULES`] lists every rule with an example that the
//! tests check, so this table *is* the documentation.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One documented normalisation rule with a worked example.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Short name.
    pub name: &'static str,
    /// What it does and why.
    pub what: &'static str,
    /// An input…
    pub input: &'static str,
    /// …and its key (`tokenize::key`): folded tokens joined by one space.
    pub key: &'static str,
}

/// Every rule, in the order they apply. Each example is a test case.
pub const RULES: &[Rule] = &[
    Rule {
        name: "nfc",
        what: "Unicode NFC: a decomposed é (e + U+0301) equals the precomposed é",
        input: "spe\u{301}culatif",
        key: "speculatif",
    },
    Rule {
        name: "apostrophes",
        what: "’ ʼ ′ ` ‘ are all the ASCII apostrophe '",
        input: "l\u{2019}IA l\u{2bc}IA l\u{2032}IA l`IA",
        key: "l' ia l' ia l' ia l' ia",
    },
    Rule {
        name: "elision",
        what: "French elided words (l' d' j' qu' n' s' c' m' t' jusqu' lorsqu' \
               puisqu' quoiqu') become their own token, so d’IA finds IA",
        input: "d\u{2019}IA jusqu'ici qu'il",
        key: "d' ia jusqu' ici qu' il",
    },
    Rule {
        name: "no elision inside words",
        what: "aujourd'hui and prud'homme stay whole (their first part is not an \
               elided word)",
        input: "aujourd\u{2019}hui",
        key: "aujourd'hui",
    },
    Rule {
        name: "english possessive",
        what: "'s after an English word is split off, so DeepSeek's finds DeepSeek",
        input: "DeepSeek\u{2019}s model",
        key: "deepseek 's model",
    },
    Rule {
        name: "ligatures",
        what: "œ æ Œ Æ are spelt out (cœur = coeur)",
        input: "cœur Æther",
        key: "coeur aether",
    },
    Rule {
        name: "spaces",
        what: "no-break, narrow no-break, thin and other spaces separate tokens \
               like a space (« IA » with French spacing)",
        input: "\u{ab}\u{a0}IA\u{202f}!\u{bb}",
        key: "ia",
    },
    Rule {
        name: "dashes",
        what: "hyphen variants (‐ ‑ ‒ – — −) and - split words, so open-source \
               equals open source",
        input: "open\u{2011}source open-source",
        key: "open source open source",
    },
    Rule {
        name: "case",
        what: "lower case (Unicode), so Puces finds puces",
        input: "PUCES Éthique",
        key: "puces ethique",
    },
    Rule {
        name: "accents",
        what: "diacritics removed, so centre de donnees finds données",
        input: "données entraînement çà",
        key: "donnees entrainement ca",
    },
    Rule {
        name: "numbers",
        what: "a decimal point or comma between digits stays in the number",
        input: "3,5 3.5 H100",
        key: "3,5 3.5 h100",
    },
    Rule {
        name: "punctuation",
        what: "punctuation and symbols separate tokens and are dropped",
        input: "(puces), « IA »; GPU/TPU…",
        key: "puces ia gpu tpu",
    },
];

/// Map a character to its lossless canonical form: apostrophes, spaces
/// and dashes unified. Returns the same char when no rule applies.
#[inline]
pub fn canonical_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`'
        | '\u{00B4}' => '\'',
        '\u{00A0}'
        | '\u{202F}'
        | '\u{2009}'
        | '\u{2007}'
        | '\u{2002}'..='\u{2006}'
        | '\u{2008}'
        | '\u{200A}'
        | '\u{3000}' => ' ',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}'
        | '\u{2212}' | '\u{2015}' => '-',
        _ => c,
    }
}

/// True for any apostrophe-like character.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    canonical_char(c) == '\''
}

/// True for any dash-like character (hyphen, en and em dash, minus).
#[inline]
pub(crate) fn is_dash(c: char) -> bool {
    canonical_char(c) == '-'
}

/// Lossless normalisation: NFC plus [`canonical_char`]. Does not change
/// case or accents; the result is for display and for exact comparison.
pub fn normalize(s: &str) -> String {
    s.nfc().map(canonical_char).collect()
}

/// Append the lossy folded form of `s` (NFC, canonical chars, ligatures,
/// lower case, no accents) to `out`. Whitespace is kept as is.
pub(crate) fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // Fast path: most tech vocabulary and all English is ASCII.
        for b in s.bytes() {
            out.push(match b {
                b'`' => '\'',
                _ => b.to_ascii_lowercase() as char,
            });
        }
        return;
    }
    for c in s.chars() {
        fold_char(c, out);
    }
}

/// Fold one character into `out` (may push zero, one or more chars).
#[inline]
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(if c == '`' { '\'' } else { c.to_ascii_lowercase() });
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    let c = canonical_char(c);
    let mut buf = [0u8; 4];
    for d in c.encode_utf8(&mut buf).nfd() {
        if is_combining_mark(d) {
            continue;
        }
        // Ligatures after decomposition too (Ǽ → Æ + ´ → ae); decomposition
        // can also yield a rule's character (U+1FFD → ´ → ').
        for l in canonical_char(d).to_lowercase() {
            match l {
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                'ß' => out.push_str("ss"),
                _ => out.push(l),
            }
        }
    }
}

/// The lossy folded form of `s` as a new string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::key;

    #[test]
    fn every_rule_example_holds() {
        for r in RULES {
            assert_eq!(key(r.input), r.key, "rule {:?}: {}", r.name, r.what);
        }
    }

    #[test]
    fn fold_table() {
        for (input, want) in [
            ("Spéculative", "speculative"),
            ("CŒUR", "coeur"),
            ("L’IA", "l'ia"),
            ("e\u{301}", "e"),
            ("Ça", "ca"),
            ("\u{1ffd}", "'"),
            ("\u{1fc}", "ae"),
            ("\u{1e9e}", "ss"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }
}
