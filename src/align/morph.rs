//! The parts of speech ([`Pos`]) and the inflected forms of a French
//! lemma ([`inflections`]): the vocabulary shared by the general lexicon
//! ([`super::lexicon`]) and the tagger ([`super::pos`]), kept below both
//! so neither imports the other back.

/// A part of speech, coarse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// Common noun.
    Noun,
    /// Adjective (and past participle used as one).
    Adj,
    /// Verb (finite, infinitive, participle).
    Verb,
    /// Auxiliary or modal (être, avoir, pouvoir…).
    Aux,
    /// Adverb.
    Adv,
    /// Preposition (de, à, en, pour…).
    Prep,
    /// Determiner (le, la, des, ce, son…).
    Det,
    /// Pronoun.
    Pron,
    /// Conjunction.
    Conj,
    /// Number.
    Num,
    /// Proper noun (capitalised, unknown).
    Propn,
}

impl Pos {
    /// Parse the lexicon's short names (`n adj v adv prep det pron conj
    /// num aux propn`).
    pub fn parse(s: &str) -> Option<Pos> {
        Some(match s {
            "n" | "noun" => Pos::Noun,
            "adj" => Pos::Adj,
            "v" | "verb" => Pos::Verb,
            "aux" => Pos::Aux,
            "adv" => Pos::Adv,
            "prep" => Pos::Prep,
            "det" => Pos::Det,
            "pron" => Pos::Pron,
            "conj" => Pos::Conj,
            "num" => Pos::Num,
            "propn" => Pos::Propn,
            _ => return None,
        })
    }

    /// True for nouns and proper nouns.
    pub fn is_nominal(self) -> bool {
        matches!(self, Pos::Noun | Pos::Propn)
    }
}

/// Inflected forms (folded) of a folded lemma with part of speech `pos`:
/// plural and feminine forms of nouns and adjectives, the common finite
/// forms and participles of verbs. Over-generation is harmless (forms
/// are only looked up).
pub fn inflections(lemma: &str, pos: Pos) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let mut add = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    let strip = |suf: &str| lemma.strip_suffix(suf);
    match pos {
        Pos::Noun | Pos::Adj | Pos::Propn => {
            let mut sg = vec![lemma.to_string()];
            // Feminine forms (adjectives and person nouns).
            if let Some(b) = strip("if") {
                sg.push(format!("{b}ive"));
            } else if let Some(b) = strip("eux") {
                sg.push(format!("{b}euse"));
            } else if let Some(b) = strip("eur") {
                sg.push(format!("{b}euse"));
                sg.push(format!("{b}rice"));
                sg.push(format!("{lemma}e"));
            } else if let Some(b) = strip("teur") {
                sg.push(format!("{b}trice"));
            } else if lemma.ends_with("el")
                || lemma.ends_with("en")
                || lemma.ends_with("on")
                || lemma.ends_with("et")
                || lemma.ends_with("il")
            {
                sg.push(format!("{lemma}le"));
                sg.push(format!("{lemma}ne"));
                sg.push(format!("{lemma}te"));
                sg.push(format!("{lemma}e"));
            } else if let Some(b) = strip("er") {
                sg.push(format!("{b}ere"));
            } else if let Some(b) = strip("c") {
                sg.push(format!("{b}que"));
                sg.push(format!("{lemma}he"));
            } else if !lemma.ends_with('e') {
                sg.push(format!("{lemma}e"));
            }
            for s in sg {
                add(s.clone());
                if s.ends_with(['s', 'x', 'z']) {
                    continue;
                }
                if let Some(b) = s.strip_suffix("al") {
                    add(format!("{b}aux"));
                    add(format!("{s}s"));
                } else if s.ends_with("eau") || s.ends_with("eu") {
                    add(format!("{s}x"));
                    add(format!("{s}s"));
                } else if let Some(b) = s.strip_suffix("ail") {
                    add(format!("{b}aux"));
                    add(format!("{s}s"));
                } else {
                    add(format!("{s}s"));
                }
            }
        }
        Pos::Verb => {
            if let Some(b) = strip("er") {
                let soft = if b.ends_with('g') {
                    format!("{b}e")
                } else if let Some(c) = b.strip_suffix('c') {
                    format!("{c}c")
                } else {
                    b.to_string()
                };
                for suf in [
                    "e", "es", "ent", "ez", "e", "ee", "es", "ees", "era",
                    "eront", "erait", "eraient", "erons", "er", "iez", "ions",
                    "erent",
                ] {
                    add(format!("{b}{suf}"));
                }
                for suf in ["ons", "ait", "aient", "ais", "ant", "a", "ea"] {
                    add(format!("{soft}{suf}"));
                }
            } else if let Some(b) = strip("ir") {
                for suf in [
                    "is", "it", "issent", "issons", "issez", "i", "ie", "ies",
                    "issait", "issaient", "issant", "ira", "iront", "irait",
                    "ir", "irent", "t", "s", "ent", "ait", "aient", "ant",
                    "u", "ue", "us", "ues",
                ] {
                    add(format!("{b}{suf}"));
                }
            } else if let Some(b) = strip("re") {
                for suf in [
                    "s", "", "t", "ent", "ons", "ez", "u", "ue", "us", "ues",
                    "ait", "aient", "ant", "ra", "ront", "rait", "is", "it",
                    "ise", "ises", "te", "tes",
                ] {
                    add(format!("{b}{suf}"));
                }
            }
        }
        _ => {}
    }
    out
}
