//! Canonical forms of proposed terms: entries are stored as a
//! terminologist writes them, singular (`puces d’IA` → `puce d’IA`,
//! `AI chips` → `AI chip`), and compared by a folded, singular key.
//!
//! French: the head noun (the first word) and the adjectives that agree
//! with it, up to the first linking word, are made singular with the
//! lemmas of the general French reference ([`super::termhood::fr_info`])
//! or, for words it does not know, the regular `-s`/`-x` plural;
//! complements keep their number (`centre de données`) and plural-only
//! nouns stay (`fonds propres`, `données`). English: the head (the last
//! word before the first preposition, else the last word) is made
//! singular by rule, with the usual irregular and plural-only words.
//! Names (every word capitalised) are left alone.

use crate::text::normalize::fold;
use crate::text::tokenize::{TokenKind, tokenize};

use super::termhood::fr_info;

/// French nouns used in the plural for their own sense, and nouns
/// written the same in both numbers.
const FR_PLURAL_ONLY: &[&str] = &[
    "donnees",
    "fonds",
    "frais",
    "travaux",
    "finances",
    "affaires",
    "moeurs",
    "etats-unis",
    "honoraires",
    "archives",
    "telecommunications",
    "mathematiques",
    "fiancailles",
    "obseques",
    "alentours",
    "environs",
    "gens",
    // Same form in both numbers.
    "sens",
    "corps",
    "temps",
    "pays",
    "poids",
    "prix",
    "cas",
    "choix",
    "acces",
    "progres",
    "succes",
    "processus",
    "avis",
    "discours",
    "recours",
    "concours",
    "cours",
    "secours",
    "mois",
    "fois",
];

/// French linking words: the head phrase ends before them.
const FR_LINKS: &[&str] =
    &["de", "d'", "du", "des", "a", "au", "aux", "en", "pour", "sur", "avec"];

/// Singular of one French word (surface form), if it is plural.
fn fr_singular_word(surface: &str, folded: &str) -> Option<String> {
    if FR_PLURAL_ONLY.contains(&folded) {
        return None;
    }
    if let Some(info) = fr_info(folded) {
        if !(info.noun || info.adj || info.participle) {
            return None;
        }
        // "hautes" → "haute": the form less its "s", itself a known
        // noun or adjective (gender is kept).
        if let Some(stem) = folded.strip_suffix('s')
            && fr_info(stem).is_some_and(|i| i.noun || i.adj || i.participle)
            && !folded.ends_with("ss")
        {
            return Some(surface[..surface.len() - 1].to_string());
        }
        let lemma = info.lemma?;
        // Only number changes, never gender or category: the lemma must
        // be the form less a plural ending.
        for (pl, sg) in [("s", ""), ("x", ""), ("aux", "al"), ("aux", "ail")] {
            if let Some(stem) = folded.strip_suffix(pl)
                && format!("{stem}{sg}") == lemma
                && fr_info(lemma).is_some()
            {
                let cut = surface.len() - pl.len();
                return Some(format!("{}{sg}", &surface[..cut]));
            }
        }
        return None;
    }
    // A word the reference does not know: the regular plural.
    let long = folded.chars().count() > 3;
    if long && folded.ends_with('s') && !folded.ends_with(['u', 'i', 'o']) {
        let prev = folded[..folded.len() - 1].chars().last()?;
        if !matches!(prev, 's' | 'u' | 'i' | 'o' | 'a') {
            return Some(surface[..surface.len() - 1].to_string());
        }
    }
    if long && folded.ends_with("eaux") {
        return Some(surface[..surface.len() - 1].to_string());
    }
    if long && folded.ends_with("aux") {
        return Some(format!("{}al", &surface[..surface.len() - 3]));
    }
    None
}

fn all_capitalised(text: &str) -> bool {
    let toks = tokenize(text);
    let words = toks.iter().filter(|t| t.kind == TokenKind::Word).count();
    words >= 2
        && toks.iter().filter(|t| t.kind == TokenKind::Word).all(|t| {
            text[t.span.clone()].chars().next().is_some_and(char::is_uppercase)
        })
}

/// The canonical (singular) form of a French term as written.
pub fn fr_canonical(text: &str) -> String {
    if all_capitalised(text) {
        return text.to_string();
    }
    let toks = tokenize(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, t) in toks.iter().enumerate() {
        if FR_LINKS.contains(&t.folded.as_str()) || t.kind != TokenKind::Word {
            break;
        }
        if i == 0 && FR_PLURAL_ONLY.contains(&t.folded.as_str()) {
            return text.to_string();
        }
        // Capitalised words after the head are names ("Wall Street").
        let surface = &text[t.span.clone()];
        if i > 0 && surface.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        if let Some(sg) = fr_singular_word(surface, &t.folded) {
            out.push_str(&text[last..t.span.start]);
            out.push_str(&sg);
            last = t.span.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// English words that are plural in form only, or the same in both
/// numbers.
const EN_INVARIANT: &[&str] = &[
    "data",
    "news",
    "series",
    "species",
    "means",
    "headquarters",
    "physics",
    "economics",
    "analytics",
    "mathematics",
    "electronics",
    "robotics",
    "statistics",
    "logistics",
    "genomics",
    "politics",
    "ethics",
    "semantics",
    "graphics",
    "telecommunications",
    "communications",
    "operations",
    "sales",
    "earnings",
    "savings",
    "proceeds",
    "premises",
    "media",
    "criteria",
    "software",
    "hardware",
    "equipment",
    "research",
    "its",
    "us",
    "gas",
    "bus",
    "status",
    "campus",
    "bonus",
    "consensus",
    "virus",
    "corpus",
    "focus",
    "thesis",
    "analysis",
    "basis",
    "crisis",
    "diagnosis",
    "synthesis",
    "emphasis",
    "hypothesis",
    "process",
    "access",
    "business",
    "success",
    "progress",
    "address",
    "class",
    "glass",
    "loss",
    "mass",
    "press",
    "chess",
    "wireless",
    "this",
    "plus",
    "bias",
    "alias",
    "canvas",
    "atlas",
    "lens",
];

const EN_IRREGULAR: &[(&str, &str)] = &[
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("analyses", "analysis"),
    ("crises", "crisis"),
    ("theses", "thesis"),
    ("hypotheses", "hypothesis"),
    ("diagnoses", "diagnosis"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("vertices", "vertex"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("mice", "mouse"),
    ("lives", "life"),
    ("knives", "knife"),
    ("leaves", "leaf"),
    ("halves", "half"),
    ("shelves", "shelf"),
    ("phenomena", "phenomenon"),
    ("curricula", "curriculum"),
    ("memoranda", "memorandum"),
];

/// Singular of one English word (surface), if it is plural.
fn en_singular_word(w: &str) -> Option<String> {
    let lower = w.to_lowercase();
    let caps = w.chars().filter(|c| c.is_uppercase()).count();
    // Acronyms: "GPUs", "LLMs", "CPUs".
    if caps >= 2 && w.ends_with('s') && w.len() > 2 {
        let stem = &w[..w.len() - 1];
        if !stem.chars().any(char::is_lowercase) {
            return Some(stem.to_string());
        }
        return None;
    }
    if EN_INVARIANT.contains(&lower.as_str()) || lower.len() <= 3 {
        return None;
    }
    if let Some((_, sg)) = EN_IRREGULAR.iter().find(|(p, _)| *p == lower) {
        let mut s = sg.to_string();
        if w.chars().next().is_some_and(char::is_uppercase) {
            s = capitalise(&s);
        }
        return Some(s);
    }
    if lower.ends_with("ss")
        || lower.ends_with("us")
        || lower.ends_with("is")
        || lower.ends_with("ics")
        || !lower.ends_with('s')
    {
        return None;
    }
    let n = w.len();
    if lower.ends_with("ies") && n > 4 {
        return Some(format!("{}y", &w[..n - 3]));
    }
    for suf in ["sses", "shes", "ches", "xes", "zzes"] {
        if lower.ends_with(suf) {
            return Some(w[..n - 2].to_string());
        }
    }
    Some(w[..n - 1].to_string())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// English prepositions that end the head phrase ("Board of Directors").
const EN_PREPS: &[&str] = &["of", "for", "in", "on", "with", "to"];

/// The canonical (singular) form of an English term as written.
pub fn en_canonical(text: &str) -> String {
    if all_capitalised(text) {
        return text.to_string();
    }
    let toks = tokenize(text);
    let end = toks.iter().position(|t| EN_PREPS.contains(&t.folded.as_str()));
    let head = match end {
        Some(0) | None => toks.len().checked_sub(1),
        Some(e) => Some(e - 1),
    };
    let Some(h) = head else { return text.to_string() };
    let t = &toks[h];
    if t.kind != TokenKind::Word {
        return text.to_string();
    }
    // A hyphenated head stays as written ("fund-of-funds").
    let after = &text[t.span.end..];
    if after.starts_with(['-', '‐', '‑']) {
        return text.to_string();
    }
    match en_singular_word(&text[t.span.clone()]) {
        Some(sg) => {
            format!("{}{}{}", &text[..t.span.start], sg, &text[t.span.end..])
        }
        None => text.to_string(),
    }
}

/// The comparison key of a term: folded, hyphens as spaces, each word
/// without a final plural `s`/`x` (the key of `puces d’IA` and of
/// `puce d'IA` is the same).
pub fn key(text: &str) -> String {
    let f = fold(text).replace(['-', '‐', '‑'], " ");
    f.split_whitespace()
        .map(|w| {
            if w.chars().count() > 3
                && w.ends_with(['s', 'x'])
                && !w.ends_with("ss")
            {
                &w[..w.len() - 1]
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_singular() {
        for (pl, sg) in [
            ("puces d’IA", "puce d’IA"),
            ("centres de données", "centre de données"),
            ("entreprises technologiques", "entreprise technologique"),
            ("restrictions commerciales", "restriction commerciale"),
            ("réseaux neuronaux", "réseau neuronal"),
            ("fonds propres", "fonds propres"),
            ("données personnelles", "données personnelles"),
            ("processus régulier", "processus régulier"),
            ("technologues", "technologue"),
            ("analystes de Wall Street", "analyste de Wall Street"),
            ("Banque centrale européenne", "Banque centrale européenne"),
            ("grappes de centres de données", "grappe de centres de données"),
            ("cyberattaques", "cyberattaque"),
            ("physique des hautes énergies", "physique des hautes énergies"),
            ("hautes énergies", "haute énergie"),
            ("sens commun", "sens commun"),
        ] {
            assert_eq!(fr_canonical(pl), sg, "{pl}");
        }
    }

    #[test]
    fn english_singular() {
        for (pl, sg) in [
            ("AI chips", "AI chip"),
            ("data center clusters", "data center cluster"),
            ("technology companies", "technology company"),
            ("data", "data"),
            ("particle physics", "particle physics"),
            ("GPUs", "GPU"),
            ("Board of Directors", "Board of Directors"),
            ("consultation processes", "consultation process"),
            ("demand for chips", "demand for chips"),
            ("recovery measures", "recovery measure"),
            ("data analyses", "data analysis"),
            ("business models", "business model"),
            ("Wall Street analysts", "Wall Street analyst"),
            ("European Central Bank", "European Central Bank"),
            ("research", "research"),
        ] {
            assert_eq!(en_canonical(pl), sg, "{pl}");
        }
    }

    #[test]
    fn keys_fold_number_and_case() {
        assert_eq!(key("Puces d’IA"), key("puce d'IA"));
        assert_eq!(key("centres de données"), key("centre de donnée"));
        assert_ne!(key("puce"), key("puces d'IA"));
    }
}
