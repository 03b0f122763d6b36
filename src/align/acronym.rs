//! Abbreviations and acronyms (issue 13, item 2).
//!
//! [`Acronyms`] is the shipped table `data/lexicon/acronyms.tsv`: common
//! business, finance and technology abbreviations with their full forms,
//! one language per line (`GPU en graphics processing unit`, `PME fr
//! petite et moyenne entreprise`). The table holds no French→English
//! pair: the aligner links a French phrase to an English abbreviation
//! (or a French abbreviation to English words) by translating the words
//! of a full form with the lexicon ([`super::term`]).
//!
//! [`add_forms`] gives a proposed glossary entry both forms of a term
//! with their TBX `termType` (`fullForm`, `acronym`).

use std::collections::HashMap;
use std::sync::OnceLock;

#[cfg(test)]
use crate::error::{Error, Position, Result};
use crate::glossary::{AdminStatus, LangTag, Term, TermType};
use crate::text::normalize::fold;

const TABLE: &str = include_str!("../../data/lexicon/acronyms.tsv");

/// Abbreviations with their full forms, per language.
#[derive(Debug, Default, Clone)]
pub struct Acronyms {
    /// Per language (`en`, `fr`): abbreviation as written → full
    /// forms, most usual first.
    full: [HashMap<String, Vec<String>>; 2],
    /// Per language: full-form key → abbreviation.
    abbr: [HashMap<String, String>; 2],
}

/// Index of a language code in the tables (`en` 0, `fr` 1).
fn lang_index(lang: &str) -> Option<usize> {
    match lang {
        "en" => Some(0),
        "fr" => Some(1),
        _ => None,
    }
}

impl Acronyms {
    /// The built-in table (parsed once; a bad line is skipped, the file
    /// is checked by a test).
    pub fn builtin() -> &'static Acronyms {
        static T: OnceLock<Acronyms> = OnceLock::new();
        T.get_or_init(|| {
            let mut t = Acronyms::default();
            for line in TABLE.lines() {
                let _ = t.parse_line(line);
            }
            t
        })
    }

    #[cfg(test)]
    /// Parse the table format (`abbreviation<TAB>lang<TAB>full|full`,
    /// `#` comments). Errors name the line.
    pub fn parse(text: &str) -> Result<Acronyms> {
        let mut t = Acronyms::default();
        for (n, line) in text.lines().enumerate() {
            if let Some(e) = t.parse_line(line) {
                return Err(Error::parse(
                    Position::line(n as u64 + 1, None),
                    format!("abbreviations: {e}"),
                ));
            }
        }
        Ok(t)
    }

    fn parse_line(&mut self, line: &str) -> Option<String> {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [abbr, lang, full] = cols[..] else {
            return Some(format!(
                "expected abbreviation<TAB>lang<TAB>full forms: {line:?}"
            ));
        };
        let Some(l) = lang_index(lang).filter(|_| !abbr.is_empty()) else {
            return Some(format!("unknown language or empty line: {line:?}"));
        };
        let forms: Vec<String> = full
            .split('|')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(String::from)
            .collect();
        if forms.is_empty() {
            return Some(format!("no full form: {line:?}"));
        }
        for f in &forms {
            self.abbr[l]
                .entry(full_key(f))
                .or_insert_with(|| abbr.to_string());
        }
        self.full[l].entry(abbr.to_string()).or_default().extend(forms);
        None
    }

    /// Full forms of `surface` (as written, or without a plural `s`:
    /// `GPUs`) in `lang`; empty when unknown.
    pub fn expansions(&self, lang: &str, surface: &str) -> &[String] {
        let Some(l) = lang_index(lang) else { return &[] };
        let get = |s: &str| self.full[l].get(s);
        if let Some(v) = get(surface) {
            return v;
        }
        crate::text::stem::acronym_singular(surface)
            .and_then(get)
            .map_or(&[], |v| v.as_slice())
    }

    /// The abbreviation of full form `text` in `lang` (case, accents,
    /// hyphens and plural -s ignored).
    pub fn abbreviation(&self, lang: &str, text: &str) -> Option<&str> {
        let l = lang_index(lang)?;
        self.abbr[l].get(&full_key(text)).map(String::as_str)
    }

    /// The (full form, abbreviation) pair a term belongs to, if the table
    /// knows it: `GPUs` → (graphics processing unit, GPU).
    pub fn forms(&self, lang: &str, text: &str) -> Option<(String, String)> {
        if let Some(f) = self.expansions(lang, text).first() {
            let a = crate::text::stem::acronym_singular(text).unwrap_or(text);
            return Some((f.clone(), a.to_string()));
        }
        self.abbreviation(lang, text)
            .map(|a| (text.to_string(), a.to_string()))
    }
}

/// Comparison key of a full form: folded, hyphens as spaces, a final
/// plural -s dropped from each word.
fn full_key(s: &str) -> String {
    fold(s)
        .replace(['-', '‐', '‑'], " ")
        .split_whitespace()
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                &w[..w.len() - 1]
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Can token `surface` be an abbreviation: two to six characters of
/// capitals, digits and `&`, with at least one capital and at most one
/// lower-case letter (`GPU`, `R&D`, `H1`, `MoU`, `SaaS` excepted), or a
/// plural of one (`GPUs`)? Lower-case abbreviations (`bps`) are only
/// known from the table.
pub fn is_abbreviation(surface: &str) -> bool {
    let s = crate::text::stem::acronym_singular(surface).unwrap_or(surface);
    let n = s.chars().count();
    let upper = s.chars().filter(char::is_ascii_uppercase).count();
    let lower = s.chars().filter(char::is_ascii_lowercase).count();
    (2..=6).contains(&n)
        && upper >= 1
        && lower <= 1
        && upper > lower
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '&')
}

/// Give the `lang` terms of an entry both forms when the table knows
/// the preferred one's full form or abbreviation: the other form is
/// added as an admitted term, and both get their TBX `termType`.
pub fn add_forms(terms: &mut Vec<Term>, lang: &LangTag, table: &Acronyms) {
    let Some(pref) = terms
        .iter()
        .position(|t| t.lang == *lang && t.status == AdminStatus::Preferred)
    else {
        return;
    };
    let code = lang.as_str().split('-').next().unwrap_or("");
    let Some((full, abbr)) = table.forms(code, &terms[pref].text) else {
        return;
    };
    let is_abbr = terms[pref].text == abbr
        || crate::text::stem::acronym_singular(&terms[pref].text)
            == Some(abbr.as_str());
    let (kind, other, other_kind) = if is_abbr {
        (TermType::Acronym, full, TermType::FullForm)
    } else {
        (TermType::FullForm, abbr, TermType::Acronym)
    };
    terms[pref].term_type = Some(kind);
    let known = terms
        .iter()
        .any(|t| t.lang == *lang && full_key(&t.text) == full_key(&other));
    if known {
        return;
    }
    let mut t = Term::new(lang.clone(), other);
    t.status = AdminStatus::Admitted;
    t.term_type = Some(other_kind);
    t.case_sensitive = other_kind == TermType::Acronym;
    t.context = terms[pref].context.clone();
    t.context_source = terms[pref].context_source.clone();
    terms.push(t);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses_strictly() {
        let t = Acronyms::parse(TABLE).unwrap();
        assert_eq!(t.expansions("en", "GPUs")[0], "graphics processing unit");
        assert_eq!(
            t.expansions("fr", "PME")[0],
            "petite et moyenne entreprise"
        );
        assert_eq!(t.expansions("en", "bps")[0], "basis points");
        assert!(t.expansions("en", "PME").is_empty());
        assert_eq!(
            t.abbreviation("en", "Graphics processing units"),
            Some("GPU")
        );
        assert_eq!(t.abbreviation("fr", "premier semestre"), Some("S1"));
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = Acronyms::parse("# c\nGPU\ten\n").unwrap_err().to_string();
        assert!(e.contains('2'), "{e}");
        assert!(Acronyms::parse("X\tde\tfoo\n").is_err());
    }

    #[test]
    fn abbreviation_shapes() {
        for s in ["GPU", "GPUs", "R&D", "H1", "Q2", "MoU", "CET1"] {
            assert!(is_abbreviation(s), "{s}");
        }
        for s in ["Nvidia", "The", "A", "gpu", "IMPORTANT"] {
            assert!(!is_abbreviation(s), "{s}");
        }
    }

    #[test]
    fn entries_get_both_forms_with_term_types() {
        let t = Acronyms::builtin();
        let mut terms = vec![Term::new(LangTag::en(), "CFO")];
        add_forms(&mut terms, &LangTag::en(), t);
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].term_type, Some(TermType::Acronym));
        assert_eq!(terms[1].text, "chief financial officer");
        assert_eq!(terms[1].term_type, Some(TermType::FullForm));
        assert_eq!(terms[1].status, AdminStatus::Admitted);
        let mut terms =
            vec![Term::new(LangTag::en(), "initial public offering")];
        add_forms(&mut terms, &LangTag::en(), t);
        assert_eq!(terms[0].term_type, Some(TermType::FullForm));
        assert_eq!(terms[1].text, "IPO");
        assert_eq!(terms[1].term_type, Some(TermType::Acronym));
        // Unknown: untouched.
        let mut terms = vec![Term::new(LangTag::en(), "hedge fund")];
        add_forms(&mut terms, &LangTag::en(), t);
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].term_type, None);
    }
}
