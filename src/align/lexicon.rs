//! The general French→English single-word lexicon.
//!
//! [`Lexicon`] maps a French lemma (with its part of speech) to English
//! equivalents: `puce n chip|flea`. The built-in one
//! ([`Lexicon::builtin`]) is `data/lexicon/fr-en.tsv`, written by hand
//! for tech journalism (AI, chips, data centres, finance, start-ups,
//! business, politics, general vocabulary) and compiled into the binary,
//! so nothing is read from the network or the disk at run time.
//!
//! Lookups go through the French Snowball stem *and* generated inflected
//! forms ([`super::morph::inflections`]), so `puces`, `spéculatives` and
//! `utilisé` all find their lemma. English equivalents are compared by
//! English stem.
//!
//! The lexicon holds single French words only. Multiword terms are
//! found by the aligner, never looked up here.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::{Error, Position, Result};
use crate::text::normalize::fold;
use crate::text::stem::{Lang, WordStemmer};

use super::morph::{Pos, inflections};

/// One lexicon line: a French lemma, its part of speech, its English
/// equivalents (most common first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexEntry {
    /// French lemma, folded.
    pub fr: String,
    /// Part of speech of the lemma.
    pub pos: Pos,
    /// English equivalents (may be several words: `informatique` →
    /// `computer science`), most common first.
    pub en: Vec<String>,
}

/// A French→English lexicon with stem and inflection indexes.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    entries: Vec<LexEntry>,
    /// Folded inflected form → entry indexes.
    by_form: HashMap<String, Vec<u32>>,
    /// French stem → entry indexes.
    by_stem: HashMap<String, Vec<u32>>,
}

const BUILTIN: &str = include_str!("../../data/lexicon/fr-en.tsv");
/// The general-language lexicon (news prose, business, science, law),
/// written for glossa in two alphabetical halves; merged into the
/// built-in one (same lemma and part of speech: senses appended).
const GENERAL: [&str; 2] = [
    include_str!("../../data/lexicon/general/fr-en.a-k.tsv"),
    include_str!("../../data/lexicon/general/fr-en.l-z.tsv"),
];

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// The built-in lexicon (parsed once).
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            // The built-in file is tested; a bad line is skipped rather
            // than panicking at run time.
            let mut lex = Lexicon::parse_lenient(BUILTIN);
            for g in GENERAL {
                for line in g.lines() {
                    let _ = lex.parse_line(line);
                }
            }
            lex
        })
    }

    /// The part of the built-in lexicon that can hold the folded words
    /// `words`: the lines whose folded lemma begins with the same three
    /// letters as one of them (inflected forms and stems keep their
    /// lemma's first letters, irregular plurals such as `yeux` aside).
    /// Parsing a few hundred lines instead of every line makes one-shot
    /// commands (`glossa translate`) start fast; looking those words up
    /// gives what [`Lexicon::builtin`] gives.
    pub fn builtin_subset(words: &[&str]) -> Lexicon {
        let prefixes: Vec<String> =
            words.iter().map(|w| w.chars().take(3).collect()).collect();
        let mut lex = Lexicon::new();
        for text in std::iter::once(BUILTIN).chain(GENERAL) {
            for line in text.lines() {
                let lemma = line.split('\t').next().unwrap_or("");
                let head: String = lemma.chars().take(3).collect();
                let head = fold(&head);
                if prefixes
                    .iter()
                    .any(|p| !p.is_empty() && head.starts_with(p.as_str()))
                {
                    let _ = lex.parse_line(line);
                }
            }
        }
        lex
    }

    /// Parse the lexicon format: `lemma<TAB>pos<TAB>en1|en2`, `#`
    /// comments and blank lines ignored. Errors name the line.
    pub fn parse(text: &str) -> Result<Lexicon> {
        let mut lex = Lexicon::new();
        for (n, line) in text.lines().enumerate() {
            if let Some(e) = lex.parse_line(line) {
                return Err(Error::parse(
                    Position::line(n as u64 + 1, None),
                    format!("lexicon: {e}"),
                ));
            }
        }
        Ok(lex)
    }

    fn parse_lenient(text: &str) -> Lexicon {
        let mut lex = Lexicon::new();
        for line in text.lines() {
            let _ = lex.parse_line(line);
        }
        lex
    }

    fn parse_line(&mut self, line: &str) -> Option<String> {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let mut cols = line.split('\t');
        let (Some(fr), Some(pos), Some(en)) =
            (cols.next(), cols.next(), cols.next())
        else {
            return Some(format!("expected lemma<TAB>pos<TAB>en: {line:?}"));
        };
        let Some(pos) = Pos::parse(pos.trim()) else {
            return Some(format!("unknown part of speech {pos:?}"));
        };
        let en: Vec<&str> =
            en.split('|').map(str::trim).filter(|e| !e.is_empty()).collect();
        if fr.trim().is_empty() || en.is_empty() {
            return Some(format!("empty lemma or translation: {line:?}"));
        }
        self.add(fr.trim(), pos, &en);
        None
    }

    /// Add one lemma with its equivalents (e.g. single-word glossary
    /// pairs). Equivalents of an existing lemma+pos are appended.
    pub fn add(&mut self, fr: &str, pos: Pos, en: &[&str]) {
        let fr_f = fold(fr);
        if let Some(&i) = self.by_form.get(&fr_f).and_then(|v| {
            v.iter().find(|&&i| {
                let e = &self.entries[i as usize];
                e.fr == fr_f && e.pos == pos
            })
        }) {
            let e = &mut self.entries[i as usize];
            for w in en {
                let w = w.to_lowercase();
                if !e.en.contains(&w) {
                    e.en.push(w);
                }
            }
            return;
        }
        let idx = self.entries.len() as u32;
        let stemmer = stemmer_fr();
        let stem = stemmer.stem_word(fr);
        self.by_stem.entry(stem).or_default().push(idx);
        for form in inflections(&fr_f, pos) {
            let v = self.by_form.entry(form).or_default();
            if !v.contains(&idx) {
                v.push(idx);
            }
        }
        self.entries.push(LexEntry {
            fr: fr_f,
            pos,
            en: en.iter().map(|w| w.to_lowercase()).collect(),
        });
    }

    /// Number of lemma entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All entries.
    pub fn entries(&self) -> &[LexEntry] {
        &self.entries
    }

    /// Entries whose inflected forms include the folded word `form`.
    pub(crate) fn by_form(
        &self,
        form: &str,
    ) -> impl Iterator<Item = &LexEntry> {
        self.by_form
            .get(form)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i as usize])
    }

    /// Entries for a word: by inflected form, else by French stem.
    pub fn lookup(&self, form: &str, stem: &str) -> Vec<&LexEntry> {
        let v: Vec<&LexEntry> = self.by_form(form).collect();
        if !v.is_empty() {
            return v;
        }
        self.by_stem
            .get(stem)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i as usize])
            .collect()
    }
}

/// A shared French stemmer (creation is cheap, but this avoids it in
/// loops).
fn stemmer_fr() -> WordStemmer {
    WordStemmer::new(Lang::Fr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_strictly() {
        let lex = Lexicon::parse(BUILTIN).unwrap();
        assert!(lex.len() >= 1000, "only {} entries", lex.len());
        let mut all = lex;
        for g in GENERAL {
            let general = Lexicon::parse(g).unwrap();
            assert!(general.len() >= 9000, "only {} entries", general.len());
            for line in g.lines() {
                assert_eq!(all.parse_line(line), None, "{line}");
            }
        }
        assert!(all.len() >= 20_000, "only {} entries", all.len());
        assert_eq!(all.len(), Lexicon::builtin().len());
    }

    #[test]
    fn builtin_has_single_french_words_only() {
        for e in Lexicon::builtin().entries() {
            assert!(
                !e.fr.contains(' '),
                "multiword French entry {:?} in the lexicon",
                e.fr
            );
        }
    }

    #[test]
    fn inflected_lookup() {
        let lex = Lexicon::builtin();
        let en = |w: &str| -> Vec<String> {
            let s = WordStemmer::new(Lang::Fr).stem_word(w);
            lex.lookup(&fold(w), &s)
                .iter()
                .flat_map(|e| e.en.clone())
                .collect()
        };
        assert!(en("puces").contains(&"chip".to_string()));
        assert!(en("grappes").contains(&"cluster".to_string()));
        assert!(en("données").contains(&"data".to_string()));
    }

    #[test]
    fn parse_errors_name_the_line() {
        let e = Lexicon::parse("puce\tn\tchip\nbad line\n").unwrap_err();
        assert_eq!(e.position().line, Some(2));
        let e = Lexicon::parse("puce\tzz\tchip\n").unwrap_err();
        assert!(e.to_string().contains("part of speech"));
    }
}
