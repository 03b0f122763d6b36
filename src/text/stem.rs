//! Snowball stemming for French and English, on folded tokens.
//!
//! Stems are computed on the lower-cased, *accented* word (Snowball's
//! French rules need the accents) and then folded, so `spéculatif`,
//! `spéculative` and `speculatifs` share the stem `specul`.

use rust_stemmers::{Algorithm, Stemmer};

use super::normalize::fold_into;
use super::tokenize::{Token, TokenKind, tokenize};

/// A language the pipeline knows how to stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The primary language code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// Stems words of one language. Cheap to create; reuse it in loops.
pub struct WordStemmer {
    inner: Stemmer,
    lang: Lang,
}

impl WordStemmer {
    /// A stemmer for `lang`.
    pub fn new(lang: Lang) -> WordStemmer {
        let alg = match lang {
            Lang::Fr => Algorithm::French,
            Lang::En => Algorithm::English,
        };
        WordStemmer { inner: Stemmer::create(alg), lang }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Stem of one original-spelling word, folded. Numbers and elisions
    /// are their own stem. An acronym's plural stems like the acronym
    /// (`GPUs` = `GPU`, see [`acronym_singular`]).
    pub fn stem_word(&self, word: &str) -> String {
        let word = acronym_singular(word).unwrap_or(word);
        let lower = word.to_lowercase();
        let mut out = String::with_capacity(lower.len());
        let stem = self.inner.stem(&lower);
        // French Snowball leaves a final 'y'/'i' difference and plurals in
        // -aux intact; that is fine for matching purposes.
        fold_into(&stem, &mut out);
        out
    }

    /// Stem of a token from `text`.
    pub(crate) fn stem_token(&self, text: &str, tok: &Token) -> String {
        match tok.kind {
            TokenKind::Word => self.stem_word(&text[tok.span.clone()]),
            _ => tok.folded.clone(),
        }
    }

    /// The stemmed key of a text: stems joined by one space.
    pub(crate) fn stem_key(&self, text: &str) -> String {
        let toks = tokenize(text);
        let mut s = String::new();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&self.stem_token(text, t));
        }
        s
    }
}

/// The singular of an acronym's plural as written: `GPUs` → `GPU`,
/// `LLMs`, `APIs`, `SMEs`, `MoEs`. Snowball leaves these alone (`gpus` has
/// a vowel before the `s`, `llms` none), yet English writes them
/// everywhere. An acronym here is 2–6 ASCII letters, digits or `&`,
/// starting with a capital, with at least two capitals and no fewer
/// capitals than small letters; the plural adds one small `s`.
pub fn acronym_singular(word: &str) -> Option<&str> {
    let base = word.strip_suffix('s')?;
    let b = base.as_bytes();
    if !(2..=6).contains(&b.len()) || !b[0].is_ascii_uppercase() {
        return None;
    }
    if !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'&') {
        return None;
    }
    let upper = b.iter().filter(|c| c.is_ascii_uppercase()).count();
    let lower = b.iter().filter(|c| c.is_ascii_lowercase()).count();
    (upper >= 2 && upper >= lower).then_some(base)
}

/// Do the letters of `got` (as written in a text) have the case of
/// `want` (a term as written)? Letter for letter, except that `got` may
/// end with one more small `s` (an acronym's plural: `GPUs` has the case
/// of `GPU`; `Sa` has not the case of `SaaS`).
pub(crate) fn same_case(got: &str, want: &str) -> bool {
    let mut g: Vec<char> = got.chars().filter(|c| c.is_alphabetic()).collect();
    let w: Vec<char> = want.chars().filter(|c| c.is_alphabetic()).collect();
    if g.len() == w.len() + 1 && g.last() == Some(&'s') {
        g.pop();
    }
    g.len() == w.len()
        && g.iter().zip(&w).all(|(a, b)| a.is_uppercase() == b.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_meet() {
        let fr = WordStemmer::new(Lang::Fr);
        let en = WordStemmer::new(Lang::En);
        for (a, b) in [
            ("puces", "puce"),
            ("spéculatif", "spéculative"),
            ("spéculatifs", "speculatif"),
            ("centres de données", "centre de donnée"),
            ("Grappes", "grappe"),
        ] {
            assert_eq!(fr.stem_key(a), fr.stem_key(b), "{a} / {b}");
        }
        for (a, b) in
            [("centers", "center"), ("chips", "chip"), ("clusters", "cluster")]
        {
            assert_eq!(en.stem_key(a), en.stem_key(b), "{a} / {b}");
        }
        assert_ne!(fr.stem_key("puce"), fr.stem_key("pousse"));
    }

    #[test]
    fn acronym_plurals_stem_like_the_acronym() {
        let en = WordStemmer::new(Lang::En);
        for (a, b) in [
            ("GPUs", "GPU"),
            ("LLMs", "LLM"),
            ("CPUs", "CPU"),
            ("APIs", "API"),
            ("SMEs", "SME"),
            ("HBMs", "HBM"),
            ("MoEs", "MoE"),
        ] {
            assert_eq!(en.stem_key(a), en.stem_key(b), "{a} / {b}");
        }
        for not in
            ["Is", "As", "DeepSeeks", "iPhones", "Ss", "ABCDEFGs", "Bus"]
        {
            assert_eq!(acronym_singular(not), None, "{not}");
        }
        assert!(same_case("GPUs", "GPU"));
        assert!(!same_case("gpus", "GPU"));
        assert!(!same_case("Sa", "SaaS"));
        assert!(same_case("SaaS", "SaaS"));
    }
}
