//! Strict validation of a termbase (`glossa validate --strict`): the
//! quality rules a shipped newsroom glossary should meet, beyond the
//! model's own rules ([`crate::Glossary::problems`]).
//!
//! For every **approved** entry (proposed ones are `glossa review`'s
//! business), over all the glossary files together:
//!
//! | rule | reported when |
//! |---|---|
//! | missing fields | no subject, definition or source; a term without a part of speech; a French noun without a gender; no French or no English term; no context sentence in French or in English |
//! | duplicate concept | an allowed term has the same folded form ([`crate::text::key`]: case, accents, apostrophes, dashes and spacing ignored) as an allowed term in the same language of another entry, in any file |
//! | English = French | an allowed English term has the same folded form as an allowed French term of its entry *and looks French* ([`looks_french`]: a French accent, a French function word or elision, or a word the built-in French→English lexicon knows only with other English equivalents, e.g. "puce"), unless one of them is an acronym or abbreviation (`type`), a proper noun (`pos`), or the pair is marked intended: a note on the entry or either term containing one of [`SAME_MARKERS`] ("loanword", "anglicism", "cognate"…) |
//!
//! Loanwords and cognates spelt alike ("chatbot", "start-up",
//! "hallucination", "transistor") are the norm in French tech writing, so
//! an identical pair is an oversight only when the "English" reads as
//! French.
//!
//! Two terms with the same folded form are not duplicates when either is
//! case-sensitive and they are written differently ("GaN" / "GAN", "SoC"
//! / "SOC"), or when a note on either entry or term has one of
//! [`HOMONYM_MARKERS`] ("homonym").
//!
//! Each [`Problem`] names its file and entry id.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{Error, Position};
use crate::glossary::model::{
    Entry, Gender, Glossary, PartOfSpeech, ReviewState, Term, TermType,
};

/// Words in a note that mark an English term identical to the French one
/// as intended (matched case-insensitively anywhere in the note).
pub const SAME_MARKERS: &[&str] = &[
    "loanword",
    "loan word",
    "anglicism",
    "anglicisme",
    "emprunt",
    "cognate",
    "same spelling",
    "same in both languages",
];

/// Words in a note that mark two entries sharing a term as distinct
/// concepts (homonyms).
pub const HOMONYM_MARKERS: &[&str] = &["homonym", "homonyme"];

fn note_has(note: &str, markers: &[&str]) -> bool {
    let n = note.to_lowercase();
    markers.iter().any(|m| n.contains(m))
}

/// One strict-validation problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the entry comes from.
    pub file: PathBuf,
    /// The entry id.
    pub entry: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// As a library error with the file and entry as its position.
    pub(crate) fn to_error(&self) -> Error {
        let pos = Position {
            path: Some(self.file.clone()),
            entry: Some(self.entry.clone()),
            ..Position::default()
        };
        Error::invalid(pos, self.message.clone())
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.to_error())
    }
}

/// Every strict problem in `files` (each a path and its glossary), in
/// file then entry order.
pub fn problems(files: &[(PathBuf, &Glossary)]) -> Vec<Problem> {
    let mut out = Vec::new();
    // (lang, folded term) → every (file, entry index) that has it so far.
    let mut seen: HashMap<(String, String), Vec<(usize, usize)>> =
        HashMap::new();
    for (fi, (path, g)) in files.iter().enumerate() {
        for (ei, e) in g
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.state == ReviewState::Approved)
        {
            let mut push = |message: String| {
                out.push(Problem {
                    file: path.clone(),
                    entry: e.id.clone(),
                    message,
                })
            };
            missing_fields(e, &mut push);
            same_as_french(e, &mut push);
            // Duplicates: each other entry reported once per entry.
            let mut named: Vec<String> = Vec::new();
            for t in e.terms.iter().filter(|t| !t.is_discouraged()) {
                let k =
                    (t.lang.primary().to_string(), crate::text::key(&t.text));
                if k.1.is_empty() {
                    continue;
                }
                let earlier = seen.entry(k).or_default();
                for &(of, oi) in earlier.iter() {
                    let other = &files[of].1.entries[oi];
                    if (of == fi && other.id == e.id)
                        || named.contains(&other.id)
                        || distinct(e, t, other)
                    {
                        continue;
                    }
                    named.push(other.id.clone());
                    push(format!(
                        "duplicate concept: {} “{}” is also a term of entry \
                         {} ({})",
                        language(t),
                        t.text,
                        other.id,
                        files[of].0.display()
                    ));
                }
                if !earlier.contains(&(fi, ei)) {
                    earlier.push((fi, ei));
                }
            }
        }
    }
    out
}

/// True when entry `e`'s term `t` and entry `other` sharing its folded
/// form are still two concepts: a homonym note, or a case-sensitive term
/// written differently.
fn distinct(e: &Entry, t: &Term, other: &Entry) -> bool {
    if note_has(&e.note, HOMONYM_MARKERS)
        || note_has(&other.note, HOMONYM_MARKERS)
    {
        return true;
    }
    let k = crate::text::key(&t.text);
    other
        .terms
        .iter()
        .filter(|o| {
            !o.is_discouraged()
                && o.lang.primary() == t.lang.primary()
                && crate::text::key(&o.text) == k
        })
        .all(|o| {
            note_has(&o.note, HOMONYM_MARKERS)
                || note_has(&t.note, HOMONYM_MARKERS)
                || ((o.case_sensitive || t.case_sensitive)
                    && crate::text::normalize(&o.text)
                        != crate::text::normalize(&t.text))
        })
}

/// French function words and elisions (folded) that no English term
/// contains.
const FRENCH_WORDS: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "a", "au", "aux", "et", "en",
    "pour", "sur", "par", "avec", "sans", "d'", "l'", "un", "une",
];

/// True when `text` reads as French rather than English: a letter with a
/// French accent, a French function word or elision, or a word the
/// built-in lexicon has as a French lemma whose English equivalents never
/// spell it the same way (z and s taken as one: "virtualisation").
pub fn looks_french(text: &str) -> bool {
    if text.chars().any(|c| {
        "àâäçéèêëîïôöùûüÿœæ".contains(c.to_lowercase().next().unwrap_or(c))
    }) {
        return true;
    }
    let lex = crate::align::lexicon::Lexicon::builtin();
    crate::text::tokenize(text).iter().any(|tok| {
        let w = tok.folded.as_str();
        if FRENCH_WORDS.contains(&w) {
            return true;
        }
        // Only a lemma spelt exactly so counts (inflections such as
        // "fine" for "fin" are too ambiguous); -ize and -ise are one.
        let us = |s: &str| s.replace('z', "s");
        let mut known = lex.by_form(w).filter(|le| le.fr == w).peekable();
        known.peek().is_some()
            && !known.any(|le| {
                le.en.iter().any(|en| us(&crate::text::key(en)) == us(w))
            })
    })
}

fn language(t: &Term) -> &'static str {
    if t.lang.is("fr") {
        "French"
    } else if t.lang.is("en") {
        "English"
    } else {
        "term"
    }
}

fn missing_fields(e: &Entry, push: &mut impl FnMut(String)) {
    let fields: Vec<&str> = [
        ("subject", &e.subject),
        ("definition", &e.definition),
        ("source", &e.source),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim().is_empty())
    .map(|(k, _)| k)
    .collect();
    if !fields.is_empty() {
        push(format!("missing {}", fields.join(", ")));
    }
    for (lang, name) in [("fr", "French"), ("en", "English")] {
        let mut terms = e.terms_in(lang).peekable();
        if terms.peek().is_none() {
            push(format!("no {name} term"));
        } else if !terms.any(|t| !t.context.trim().is_empty()) {
            push(format!("no {name} context sentence"));
        }
    }
    for t in &e.terms {
        if t.pos.is_none() {
            push(format!(
                "{} term “{}” has no part of speech",
                language(t),
                t.text
            ));
        } else if t.lang.is("fr")
            && t.pos == Some(PartOfSpeech::Noun)
            && !t.is_discouraged()
            && !matches!(t.gender, Some(Gender::Masculine | Gender::Feminine))
        {
            push(format!("French noun “{}” has no gender", t.text));
        }
    }
}

/// True when the pair is exempt from the English = French rule.
fn same_is_fine(e: &Entry, fr: &Term, en: &Term) -> bool {
    let short = |t: &Term| {
        matches!(t.term_type, Some(TermType::Acronym | TermType::Abbreviation))
    };
    let proper = |t: &Term| t.pos == Some(PartOfSpeech::ProperNoun);
    let marked = |note: &str| note_has(note, SAME_MARKERS);
    short(fr)
        || short(en)
        || proper(fr)
        || proper(en)
        || marked(&e.note)
        || marked(&fr.note)
        || marked(&en.note)
}

fn same_as_french(e: &Entry, push: &mut impl FnMut(String)) {
    for en in e.terms_in("en").filter(|t| !t.is_discouraged()) {
        let k = crate::text::key(&en.text);
        let fr = e.terms_in("fr").filter(|t| !t.is_discouraged()).find(|fr| {
            crate::text::key(&fr.text) == k
                && looks_french(&en.text)
                && !same_is_fine(e, fr, en)
        });
        if let Some(fr) = fr {
            push(format!(
                "English “{}” is the French term “{}” unchanged and reads \
                 as French: translate it, or mark it as a loanword in the \
                 French term's note",
                en.text, fr.text
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::native;

    const HEAD: &str = "id,state,subject,definition,source,entry_note,lang,term,status,pos,gender,type,context,note\n";

    fn g(rows: &str) -> Glossary {
        native::read(format!("{HEAD}{rows}").as_bytes()).unwrap()
    }

    fn messages(files: &[(&str, &Glossary)]) -> Vec<String> {
        let v: Vec<(PathBuf, &Glossary)> =
            files.iter().map(|(p, g)| (PathBuf::from(p), *g)).collect();
        problems(&v).iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn complete_entries_pass_and_each_gap_is_named() {
        let ok = g(
            "c1,approved,chips,A chip.,IATE,,fr,puce,preferred,noun,feminine,,Une puce.,\n\
                    c1,,,,,,en,chip,preferred,noun,,,A chip.,\n",
        );
        assert!(messages(&[("a.csv", &ok)]).is_empty());
        let bad = g("c1,approved,,,,,fr,puce,preferred,noun,,,,\n\
                     c1,,,,,,en,chip,preferred,,,,A chip.,\n\
                     c2,approved,s,d,src,,fr,grappe,preferred,noun,feminine,,Une grappe.,\n\
                     c3,proposed,,,,,fr,jeton,preferred,,,,,\n");
        assert_eq!(
            messages(&[("a.csv", &bad)]),
            [
                "a.csv: entry c1: missing subject, definition, source",
                "a.csv: entry c1: no French context sentence",
                "a.csv: entry c1: French noun “puce” has no gender",
                "a.csv: entry c1: English term “chip” has no part of speech",
                "a.csv: entry c2: no English term",
            ]
        );
    }

    #[test]
    fn duplicates_across_files_by_folded_form() {
        let a = g(
            "c1,approved,s,d,src,,fr,centre de données,preferred,noun,masculine,,x,\n\
                   c1,,,,,,en,data center,preferred,noun,,,x,\n",
        );
        let b = g(
            "k1,approved,s,d,src,,fr,Centre de donnees,preferred,noun,masculine,,x,\n\
                   k1,,,,,,en,data centre,preferred,noun,,,x,\n\
                   k2,approved,s,d,src,,fr,salle,preferred,noun,feminine,,x,\n\
                   k2,,,,,,fr,centre de données,deprecated,noun,masculine,,,\n\
                   k2,,,,,,en,room,preferred,noun,,,x,\n",
        );
        assert_eq!(
            messages(&[("a.csv", &a), ("b.csv", &b)]),
            [
                "b.csv: entry k1: duplicate concept: French “Centre de donnees” \
              is also a term of entry c1 (a.csv)"
            ]
        );
    }

    #[test]
    fn english_equal_to_french_only_when_it_reads_as_french() {
        let gl = g(
            "c1,approved,s,d,src,,fr,hallucination,preferred,noun,feminine,,x,\n\
                    c1,,,,,,en,hallucination,preferred,noun,,,x,\n\
                    c2,approved,s,d,src,,fr,centre de données,preferred,noun,masculine,,x,\n\
                    c2,,,,,,en,centre de données,preferred,noun,,,x,\n\
                    c3,approved,s,d,src,,fr,GPU,preferred,noun,masculine,acronym,x,\n\
                    c3,,,,,,en,GPU,preferred,noun,,acronym,x,\n\
                    c4,approved,s,d,src,,fr,Nvidia,preferred,propernoun,,,x,\n\
                    c4,,,,,,en,Nvidia,preferred,propernoun,,,x,\n\
                    c5,approved,s,d,src,,fr,puce,preferred,noun,feminine,,x,\n\
                    c5,,,,,,en,puce,preferred,noun,,,x,\n\
                    c6,approved,s,d,src,,fr,fonds à impact,preferred,noun,masculine,,x,Loanword from nobody.\n\
                    c6,,,,,,en,fonds à impact,preferred,noun,,,x,\n",
        );
        let got = messages(&[("g.csv", &gl)]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].starts_with("g.csv: entry c2: English “centre de données”")
        );
        assert!(got[1].starts_with("g.csv: entry c5: English “puce” is the French term “puce” unchanged"));
        assert!(looks_french("puce") && looks_french("fonds d’IA"));
        for en in [
            "hallucination",
            "chatbot",
            "transistor",
            "start-up",
            "cloud",
            "fine-tuning",
            "virtualisation",
            "stock options",
        ] {
            assert!(!looks_french(en), "{en}");
        }
    }

    #[test]
    fn homonyms_and_case_sensitive_acronyms_are_not_duplicates() {
        let a = g(
            "a1,approved,s,d,src,,fr,GaN,preferred,noun,masculine,acronym,x,\n\
                   a1,,,,,,en,GaN,preferred,noun,,acronym,x,\n\
                   a2,approved,s,d,src,,fr,décodeur,preferred,noun,masculine,,x,\n\
                   a2,,,,,,en,decoder,preferred,noun,,,x,\n",
        );
        let b = g(
            "b1,approved,s,d,src,,fr,GAN,preferred,noun,masculine,acronym,x,\n\
                   b1,,,,,,en,GAN,preferred,noun,,acronym,x,\n\
                   b2,approved,s,d,src,,fr,décodeur,preferred,noun,masculine,,x,Homonym of a2 (AI).\n\
                   b2,,,,,,en,set-top box,preferred,noun,,,x,\n",
        );
        // Not case-sensitive: the same acronym twice is a duplicate.
        assert_eq!(messages(&[("a.csv", &a), ("b.csv", &b)]).len(), 1);
        let a = a_case_sensitive(a);
        let b = a_case_sensitive(b);
        assert!(messages(&[("a.csv", &a), ("b.csv", &b)]).is_empty());
    }

    fn a_case_sensitive(mut g: Glossary) -> Glossary {
        for e in &mut g.entries {
            for t in &mut e.terms {
                t.case_sensitive = t.term_type == Some(TermType::Acronym);
            }
        }
        g
    }
}
