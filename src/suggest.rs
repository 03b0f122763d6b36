//! Glossary terms in one text, with what to write instead.
//!
//! [`suggest`] scans a text with the glossary's [`Scanners`]: in French,
//! every term found becomes a hint giving the English preferred term and
//! admitted alternatives; in English, every deprecated or superseded term
//! becomes an error naming its replacement. Both `glossa suggest` and the
//! language server's diagnostics come from here, as [`Finding`]s with byte
//! spans; turning spans into lines and columns is the caller's business
//! ([`crate::text::LineIndex`], [`crate::lsp`]).
//!
//! [`detect_lang`] guesses French or English from function words, so the
//! caller need not say which language a draft is in.
//!
//! ```
//! use glossa::formats::native;
//! use glossa::glossary::scanner::Scanners;
//! use glossa::suggest::suggest;
//! use glossa::text::Lang;
//! let csv = "id,lang,term,status\n\
//!            c1,fr,puce,preferred\nc1,en,chip,preferred\n\
//!            c1,en,microchip,admitted\nc1,en,flea,deprecated\n";
//! let sc = Scanners::new(native::read(csv.as_bytes())?);
//! let hints = suggest(&sc, "les puces d’IA", Lang::Fr);
//! assert_eq!(hints[0].expected, ["chip", "microchip"]);
//! // "flea" is no spelling of "chip": a false friend, wrong only as a
//! // translation of "puce", so without the source it is a hint.
//! let errs = suggest(&sc, "AI fleas", Lang::En);
//! assert_eq!(
//!     errs[0].message,
//!     "“fleas” is deprecated as a translation of “puce”: use “chip”"
//! );
//! # Ok::<(), glossa::Error>(())
//! ```

use crate::finding::{Finding, FindingKind, Severity};
use crate::glossary::model::{AdminStatus, Entry, ReviewState, Term};
use crate::glossary::scanner::{Match, Scanners};
use crate::text::Lang;
use crate::text::tokenize::tokenize;

/// Every term of `text` (in `lang`) worth telling the writer about, in
/// text order.
pub fn suggest(sc: &Scanners, text: &str, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    match lang {
        Lang::Fr => {
            for m in sc.fr.scan(text) {
                out.extend(french_hint(sc, text, &m));
            }
        }
        Lang::En => {
            for m in sc.en.scan(text) {
                out.extend(deprecated(sc, text, &m, "en"));
            }
        }
    }
    out
}

/// The entries a match names, approved first (glossary order within
/// each state), each once.
pub(crate) fn ranked_entries(sc: &Scanners, m: &Match) -> Vec<usize> {
    let mut v: Vec<usize> = Vec::new();
    for r in m.terms.iter() {
        if !v.contains(&r.entry) {
            v.push(r.entry);
        }
    }
    v.sort_by_key(|&i| sc.glossary.entries[i].state != ReviewState::Approved);
    v
}

/// A hint for a French match: the English terms of its concept(s),
/// approved concepts first, with the review state when the first is only
/// proposed and the false friends to avoid. A deprecated French term is
/// an error naming the French preferred term.
fn french_hint(sc: &Scanners, text: &str, m: &Match) -> Option<Finding> {
    if let Some(f) = deprecated(sc, text, m, "fr") {
        return Some(f);
    }
    let written = &text[m.span.clone()];
    let mut expected: Vec<String> = Vec::new();
    let mut avoid: Vec<String> = Vec::new();
    // Terms only proposed entries give, after an approved entry's.
    let mut unreviewed: Vec<String> = Vec::new();
    let ranked = ranked_entries(sc, m);
    let lead_approved = ranked.first().is_some_and(|&i| {
        sc.glossary.entries[i].state == ReviewState::Approved
    });
    for &i in &ranked {
        let e = &sc.glossary.entries[i];
        for t in e.terms_in("en") {
            if lead_approved
                && e.state == ReviewState::Proposed
                && !t.is_discouraged()
                && !expected.contains(&t.text)
            {
                unreviewed.push(t.text.clone());
            }
            let list = if !t.is_discouraged() {
                &mut expected
            } else if !everywhere(e, t) {
                &mut avoid
            } else {
                continue;
            };
            if !list.contains(&t.text) {
                list.push(t.text.clone());
            }
        }
    }
    let first = &sc.glossary.entries[*ranked.first()?];
    let mut message = match expected.split_first() {
        Some((first, [])) => format!("“{written}” → “{first}”"),
        Some((first, rest)) => format!(
            "“{written}” → “{first}” (also: {})",
            rest.iter()
                .map(|s| if unreviewed.contains(s) {
                    format!("“{s}” [proposed]")
                } else {
                    format!("“{s}”")
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("“{written}” is in the glossary (no English term)"),
    };
    if !avoid.is_empty() {
        let list = avoid
            .iter()
            .map(|s| format!("“{s}”"))
            .collect::<Vec<_>>()
            .join(", ");
        message.push_str(&format!("; not {list}"));
    }
    if first.state == ReviewState::Proposed {
        message.push_str(&format!(" [proposed {}, not reviewed]", first.id));
    }
    Some(Finding {
        severity: Severity::Info,
        kind: FindingKind::Hint,
        span: m.span.clone(),
        source_span: None,
        term: written.to_string(),
        expected,
        entry: first.id.clone(),
        state: first.state,
        message,
    })
}

/// True when a discouraged term is wrong wherever it appears: it is
/// superseded, or only a spelling of an allowed term of its entry (the
/// same letters and digits once case, spaces, hyphens and dots are
/// dropped: "A.I." / "AI", "datacenter" / "data center"). Other
/// deprecated terms (false friends: "eventually" for "éventuellement")
/// are wrong only as a translation of the entry's source term.
///
/// A superseded proper noun (a renamed institution: "Industry Canada")
/// is not wrong everywhere: an article about the past names it as it was.
pub fn everywhere(e: &Entry, t: &Term) -> bool {
    if t.pos == Some(crate::glossary::model::PartOfSpeech::ProperNoun) {
        return false;
    }
    if t.status == AdminStatus::Superseded {
        return true;
    }
    let squash = |s: &str| -> String {
        crate::text::fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
    };
    let k = squash(&t.text);
    e.terms
        .iter()
        .filter(|x| {
            x.lang.primary() == t.lang.primary() && !x.is_discouraged()
        })
        .any(|x| squash(&x.text) == k)
}

/// The reason a discouraged term is to be avoided: its note, else the
/// entry's note, as " (note)"; empty when there is none.
pub(crate) fn reason(e: &Entry, t: &Term) -> String {
    let note = if t.note.trim().is_empty() { &e.note } else { &t.note };
    let note = note.trim();
    if note.is_empty() { String::new() } else { format!(" ({note})") }
}

/// A finding when every term matched here is discouraged in `lang` (a
/// span that also matches an allowed term of any concept is fine).
///
/// In English, a term wrong wherever it appears ([`everywhere`]) is an
/// error; another deprecated term (a false friend) is only a hint here,
/// since without the source nothing says what it translates (`check`
/// flags it where the aligned source has the entry's French term). A
/// term of a proposed entry is only a hint. French deprecated terms are
/// errors.
pub(crate) fn deprecated(
    sc: &Scanners,
    text: &str,
    m: &Match,
    lang: &str,
) -> Option<Finding> {
    if m.terms.iter().any(|r| !sc.term(*r).is_discouraged()) {
        return None;
    }
    // Approved entries first, and among them a term wrong everywhere.
    let r = *m.terms.iter().min_by_key(|r| {
        let e = sc.entry(**r);
        (e.state != ReviewState::Approved, !everywhere(e, sc.term(**r)))
    })?;
    let e = sc.entry(r);
    let t = sc.term(r);
    let written = &text[m.span.clone()];
    let expected: Vec<String> = e
        .terms_in(lang)
        .filter(|t| !t.is_discouraged())
        .map(|t| t.text.clone())
        .collect();
    let status = t.status.as_str();
    let why = reason(e, t);
    let bound = lang == "en" && !everywhere(e, t);
    let mut message = match (expected.first(), bound) {
        (Some(p), false) => format!("“{written}” is {status}: use “{p}”{why}"),
        (None, false) => {
            format!("“{written}” is {status} (no replacement listed){why}")
        }
        (p, true) => {
            let fr = e.preferred("fr").map_or("", |x| x.text.as_str());
            let instead = p.map_or(String::new(), |p| format!(": use “{p}”"));
            format!(
                "“{written}” is {status} as a translation of “{fr}”{instead}{why}"
            )
        }
    };
    let proposed = e.state != ReviewState::Approved;
    if proposed {
        message.push_str(&format!(" [proposed {}, not reviewed]", e.id));
    }
    Some(Finding {
        severity: if bound || proposed {
            Severity::Info
        } else {
            Severity::Error
        },
        kind: FindingKind::Deprecated,
        span: m.span.clone(),
        source_span: None,
        term: written.to_string(),
        expected,
        entry: e.id.clone(),
        state: e.state,
        message,
    })
}

const FR_WORDS: &[&str] = &[
    "le", "la", "les", "des", "du", "une", "est", "et", "que", "qui", "dans",
    "pour", "pas", "sur", "au", "aux", "avec", "ce", "cette", "il", "elle",
    "son", "sa", "ses", "ont", "sont", "mais", "ou", "d'", "l'", "qu'",
];
const EN_WORDS: &[&str] = &[
    "the", "and", "of", "to", "is", "in", "that", "for", "it", "with", "as",
    "on", "was", "are", "by", "this", "its", "has", "have", "from", "which",
    "an", "be", "or", "but", "'s",
];

/// How many French and English function words `text` has, over its first
/// 20,000 tokens.
pub(crate) fn lang_votes(text: &str) -> (usize, usize) {
    let head = match text.char_indices().nth(200_000) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let (mut fr, mut en) = (0, 0);
    for t in tokenize(head).iter().take(20_000) {
        fr += FR_WORDS.contains(&t.folded.as_str()) as usize;
        en += EN_WORDS.contains(&t.folded.as_str()) as usize;
    }
    (fr, en)
}

/// French or English, whichever has more function words; `None` on a
/// tie (including a text with none).
pub fn detect_lang(text: &str) -> Option<Lang> {
    let (fr, en) = lang_votes(text);
    match fr.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Lang::Fr),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::native;

    fn sc() -> Scanners {
        let csv = "id,lang,term,status\n\
                   c1,fr,puce,preferred\nc1,en,chip,preferred\n\
                   c1,en,microchip,admitted\n\
                   c2,fr,centre de données,preferred\n\
                   c2,en,data center,preferred\nc2,en,datacenter,deprecated\n\
                   c3,fr,ordinateur,preferred\n";
        Scanners::new(native::read(csv.as_bytes()).unwrap())
    }

    #[test]
    fn french_hints_and_english_errors() {
        let sc = sc();
        let text = "Des centres de données pleins de puces et d’ordinateurs.";
        let got: Vec<(Severity, String)> = suggest(&sc, text, Lang::Fr)
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Severity::Info,
                    "“centres de données” → “data center”".into()
                ),
                (
                    Severity::Info,
                    "“puces” → “chip” (also: “microchip”)".into()
                ),
                (
                    Severity::Info,
                    "“ordinateurs” is in the glossary (no English term)"
                        .into()
                ),
            ]
        );
        let text = "Two datacenters and one data center full of chips.";
        let got = suggest(&sc, text, Lang::En);
        assert_eq!(got.len(), 1);
        assert_eq!(&text[got[0].span.clone()], "datacenters");
        assert_eq!(got[0].expected, ["data center"]);
        assert_eq!(got[0].kind, FindingKind::Deprecated);
    }

    #[test]
    fn former_names_are_not_wrong_everywhere() {
        let csv = "id,lang,term,status,pos\n\
                   c1,fr,ISDE,preferred,propernoun\n\
                   c1,en,ISED,preferred,propernoun\n\
                   c1,en,Industry Canada,superseded,propernoun\n\
                   c2,fr,dialogueur,preferred,noun\n\
                   c2,en,chatbot,preferred,noun\n\
                   c2,en,chatterbot,superseded,noun\n";
        let sc = Scanners::new(native::read(csv.as_bytes()).unwrap());
        let got: Vec<Severity> = suggest(
            &sc,
            "In 2015 Industry Canada sold spectrum; a chatterbot wrote it.",
            Lang::En,
        )
        .into_iter()
        .map(|f| f.severity)
        .collect();
        assert_eq!(got, [Severity::Info, Severity::Error]);
    }

    #[test]
    fn detects_language() {
        for (text, want) in [
            ("Les puces d’IA sont dans le centre.", Some(Lang::Fr)),
            ("The chips are in the data center.", Some(Lang::En)),
            ("DeepSeek H100", None),
            ("", None),
        ] {
            assert_eq!(detect_lang(text), want, "{text}");
        }
    }
}
