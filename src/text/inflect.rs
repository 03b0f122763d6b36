//! Inflection keys: the forms of one word (plural, feminine), never its
//! derivations.
//!
//! Snowball stems are made for search: they merge `raison` with
//! `raisonnement`, `chiffres` with `chiffrement`, `invite` with `invitées`,
//! `compute` with `computing`. That is right for `lookup`, which forgives,
//! and wrong for the draft scanner, where each match is a claim that the
//! text names a glossary concept. [`inflection_key`] undoes only the
//! inflections of nouns and adjectives: French plural (`-s`, `-x`, `-aux`)
//! and feminine (`-e`, `-ée`, `-ive`, `-ière`, `-euse`, `-trice`,
//! `-elle`, `-enne`, `-onne`, `-ette`), English plural (`-s`, `-es`,
//! `-ies`, an acronym's `s`). Verbs conjugate: [`verb_forms`] lists the
//! regular forms of a verb term, and each gets the key of the term.

use super::normalize::fold_into;
use super::stem::{Lang, acronym_singular};

/// The key shared by the inflected forms of a noun or adjective: lower
/// case, singular, masculine, accents folded. `données` and `donnée`,
/// `spéculatives` and `spéculatif`, `centres` and `centre` meet; `invitées`
/// and `invite`, `raisonnement` and `raison` do not.
pub fn inflection_key(lang: Lang, word: &str) -> String {
    let word = acronym_singular(word).unwrap_or(word);
    let w = word.to_lowercase();
    let base = match lang {
        Lang::Fr => fr_base(&w),
        Lang::En => en_base(&w),
    };
    let mut out = String::with_capacity(base.len());
    fold_into(&base, &mut out);
    out
}

fn fr_base(w: &str) -> String {
    let n = w.chars().count();
    let mut s = w.to_string();
    if n > 4 && s.ends_with("eaux") {
        s.pop();
    } else if n > 4 && s.ends_with("aux") {
        s.truncate(s.len() - 3);
        s.push_str("al");
    } else if n > 3 && s.ends_with('s') && !s.ends_with("ss") {
        s.pop();
    }
    const FEMININE: [(&str, &str); 11] = [
        ("ière", "ier"),
        ("euse", "eur"),
        ("trice", "teur"),
        ("ive", "if"),
        ("elle", "el"),
        ("enne", "en"),
        ("onne", "on"),
        ("ette", "et"),
        ("ée", "é"),
        ("ère", "er"),
        ("ale", "al"),
    ];
    for (fem, masc) in FEMININE {
        if s.chars().count() > fem.chars().count() + 1
            && let Some(stem) = s.strip_suffix(fem)
        {
            return format!("{stem}{masc}");
        }
    }
    // A final mute e after a consonant: grande/grand, numérique/numériques.
    let cs: Vec<char> = s.chars().collect();
    if cs.len() > 3
        && cs[cs.len() - 1] == 'e'
        && !"aeiouyéèêëàâîïôûü".contains(cs[cs.len() - 2])
    {
        s.pop();
    }
    s
}

fn en_base(w: &str) -> String {
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for es in ["sses", "xes", "ches", "shes", "zes"] {
        if w.ends_with(es) {
            return w[..w.len() - 2].to_string();
        }
    }
    if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// The regular forms of a verb given in its base form (French infinitive
/// in -er, -ir; English base form), the base form included.
pub fn verb_forms(lang: Lang, verb: &str) -> Vec<String> {
    let v = verb.to_lowercase();
    let mut out = vec![v.clone()];
    match lang {
        Lang::Fr => {
            let (stem, ends): (&str, &[&str]) = if let Some(s) =
                v.strip_suffix("er")
            {
                (
                    s,
                    &[
                        "e", "es", "ent", "ons", "ez", "é", "ée", "és", "ées",
                        "ant", "ait", "aient", "era", "eront", "erait",
                    ],
                )
            } else if let Some(s) = v.strip_suffix("ir") {
                (
                    s,
                    &[
                        "is", "it", "issent", "issons", "i", "ie", "ies",
                        "issant", "issait", "ira", "iront",
                    ],
                )
            } else {
                (&v, &[])
            };
            out.extend(ends.iter().map(|e| format!("{stem}{e}")));
        }
        Lang::En => {
            let (stem, e_drop) = match v.strip_suffix('e') {
                Some(s) => (s.to_string(), true),
                None => (v.clone(), false),
            };
            if e_drop {
                out.extend([format!("{v}s"), format!("{v}d")]);
            } else if v.ends_with(['s', 'x', 'z']) || v.ends_with("ch") {
                out.extend([format!("{v}es"), format!("{v}ed")]);
            } else {
                out.extend([format!("{v}s"), format!("{v}ed")]);
            }
            out.push(format!("{stem}ing"));
            // Doubled final consonant: control → controlled, controlling.
            if let Some(last) = v.chars().last()
                && !e_drop
                && "bdglmnprt".contains(last)
            {
                out.push(format!("{v}{last}ed"));
                out.push(format!("{v}{last}ing"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(lang: Lang, a: &str, b: &str) -> bool {
        inflection_key(lang, a) == inflection_key(lang, b)
    }

    #[test]
    fn inflections_meet_derivations_do_not() {
        for (a, b) in [
            ("puces", "puce"),
            ("spéculatif", "spéculatives"),
            ("données", "donnée"),
            ("numériques", "numérique"),
            ("réseaux", "réseau"),
            ("nationaux", "national"),
            ("nationale", "national"),
            ("financières", "financier"),
            ("ajustée", "ajusté"),
            ("Grappes", "grappe"),
        ] {
            assert!(same(Lang::Fr, a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("raisonnement", "raison"),
            ("chiffrement", "chiffres"),
            ("invitées", "invite"),
            ("informatisation", "informatique"),
        ] {
            assert!(!same(Lang::Fr, a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("centers", "center"),
            ("chips", "chip"),
            ("policies", "policy"),
            ("processes", "process"),
            ("GPUs", "GPU"),
        ] {
            assert!(same(Lang::En, a, b), "{a} / {b}");
        }
        for (a, b) in [("computing", "compute"), ("status", "statu")] {
            assert!(!same(Lang::En, a, b), "{a} / {b}");
        }
    }

    #[test]
    fn verbs_conjugate() {
        let en = verb_forms(Lang::En, "control");
        for f in ["controls", "controlled", "controlling"] {
            assert!(en.contains(&f.to_string()), "{f}");
        }
        let fr = verb_forms(Lang::Fr, "contrôler");
        for f in ["contrôle", "contrôlent", "contrôlées"] {
            assert!(fr.contains(&f.to_string()), "{f}");
        }
    }
}
