//! Synthetic translation memories for benchmarks.
//!
//! [`write_tmx`] writes `n` French/English units as TMX: sentences of 6
//! to 28 words drawn from a Zipf-like vocabulary (200 real French function
//! and tech-news words plus generated pseudo-words, ~30 000 in all), with
//! numbers and punctuation, and a word-by-word pseudo-English target, so
//! word frequencies and sentence lengths look like a news TM. [`queries`]
//! derives queries from stored units the way translators meet them (one
//! word changed, a number changed, punctuation changed, two words swapped,
//! a word dropped) plus a share of unrelated sentences. Everything is
//! seeded: the same arguments give the same bytes.

use std::io::Write;

use crate::error::Result;
use crate::formats::tmx;

const BASE: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "et",
    "en",
    "à",
    "au",
    "aux",
    "pour",
    "par",
    "sur",
    "dans",
    "avec",
    "sans",
    "qui",
    "que",
    "ne",
    "pas",
    "plus",
    "moins",
    "très",
    "est",
    "sont",
    "a",
    "ont",
    "été",
    "sera",
    "fait",
    "peut",
    "doit",
    "selon",
    "mais",
    "ou",
    "donc",
    "car",
    "comme",
    "entre",
    "depuis",
    "après",
    "avant",
    "lors",
    "chez",
    "cette",
    "ces",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "nous",
    "vous",
    "ils",
    "elle",
    "modèle",
    "modèles",
    "puce",
    "puces",
    "données",
    "centre",
    "centres",
    "entreprise",
    "société",
    "marché",
    "marchés",
    "investisseurs",
    "bourse",
    "action",
    "actions",
    "milliards",
    "millions",
    "dollars",
    "euros",
    "prix",
    "coût",
    "coûts",
    "calcul",
    "serveurs",
    "réseau",
    "logiciel",
    "code",
    "source",
    "ouvert",
    "intelligence",
    "artificielle",
    "IA",
    "start-up",
    "géant",
    "américain",
    "chinois",
    "européen",
    "français",
    "gouvernement",
    "régulateur",
    "amende",
    "loi",
    "règlement",
    "sécurité",
    "faille",
    "attaque",
    "rançongiciel",
    "hôpital",
    "utilisateurs",
    "clients",
    "abonnés",
    "plateforme",
    "application",
    "téléphone",
    "ordinateur",
    "processeur",
    "mémoire",
    "stockage",
    "énergie",
    "électricité",
    "consommation",
    "performance",
    "rapide",
    "lent",
    "nouveau",
    "nouvelle",
    "premier",
    "première",
    "dernier",
    "grand",
    "grande",
    "petit",
    "fort",
    "faible",
    "hausse",
    "baisse",
    "chute",
    "croissance",
    "trimestre",
    "année",
    "mois",
    "semaine",
    "jour",
    "hier",
    "aujourd'hui",
    "demain",
    "annonce",
    "annoncé",
    "présenté",
    "lancé",
    "publié",
    "selon",
    "rapport",
    "étude",
    "chercheurs",
    "ingénieurs",
    "équipe",
    "directeur",
    "patron",
    "fondateur",
    "président",
    "ministre",
    "Europe",
    "Chine",
    "États-Unis",
    "France",
    "Paris",
    "Nvidia",
    "DeepSeek",
    "OpenAI",
    "Google",
    "Microsoft",
    "Apple",
    "Meta",
    "Amazon",
    "Mistral",
    "cloud",
    "centre de données",
    "entraînement",
    "inférence",
    "paramètres",
    "version",
    "mise à jour",
    "concurrence",
    "concurrents",
    "rival",
    "secteur",
    "industrie",
    "usine",
    "production",
    "exportations",
    "sanctions",
    "contrôle",
    "accès",
    "vente",
];

const SYLLABLES: &[&str] = &[
    "ra", "to", "mi", "se", "lu", "ne", "co", "pa", "ti", "ver", "gra",
    "ment", "tion", "ique", "eur", "ois", "an", "on", "ba", "ri", "que", "dé",
    "pré", "ex", "in", "al", "ure", "ité", "age", "isme",
];

pub use super::Rng;

/// The generator's vocabulary: French words and pseudo-English glosses.
pub struct Vocabulary {
    fr: Vec<String>,
    en: Vec<String>,
}

impl Vocabulary {
    /// `BASE` plus generated words, `size` in all.
    pub fn new(size: usize, seed: u64) -> Vocabulary {
        let mut rng = Rng::new(seed ^ 0x5EED);
        let mut fr: Vec<String> = BASE.iter().map(|s| s.to_string()).collect();
        let mut seen: std::collections::HashSet<String> =
            fr.iter().cloned().collect();
        while fr.len() < size {
            let n = 2 + rng.below(3);
            let w: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            if seen.insert(w.clone()) {
                fr.push(w);
            }
        }
        let en = fr
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!("{}{i}", &w.chars().rev().collect::<String>())
            })
            .collect();
        Vocabulary { fr, en }
    }

    /// One sentence pair.
    pub fn sentence(&self, rng: &mut Rng) -> (String, String) {
        let len = 6 + rng.below(23);
        let mut fr = String::new();
        let mut en = String::new();
        for i in 0..len {
            if i > 0 {
                let comma = rng.below(12) == 0;
                fr.push_str(if comma { ", " } else { " " });
                en.push_str(if comma { ", " } else { " " });
            }
            if rng.below(25) == 0 {
                let n = rng.below(2100).to_string();
                fr.push_str(&n);
                en.push_str(&n);
                continue;
            }
            let w = rng.zipf(self.fr.len());
            fr.push_str(&self.fr[w]);
            en.push_str(&self.en[w]);
        }
        let end = [".", ".", ".", " ?", " !"][rng.below(5)];
        fr.push_str(end);
        en.push_str(end.trim_start());
        if let Some(c) = fr.chars().next() {
            let up: String = c.to_uppercase().collect();
            fr.replace_range(..c.len_utf8(), &up);
        }
        (fr, en)
    }
}

/// Write a TMX of `n` synthetic units (seeded) to `w`.
pub fn write_tmx(w: impl Write, n: usize, seed: u64) -> Result<()> {
    let vocab = Vocabulary::new(30_000, seed);
    let mut rng = Rng::new(seed);
    let date = "20260101T000000Z";
    let mut out = tmx::Writer::new(
        std::io::BufWriter::with_capacity(1 << 20, w),
        tmx::HeaderOut::Glossa { srclang: "fr-FR", date: Some(date) },
    )?;
    for i in 0..n {
        let (fr, en) = vocab.sentence(&mut rng);
        let origin = format!("synthetic/article-{}", i / 40);
        out.unit(&tmx::PlainUnit {
            variants: vec![("fr-FR", &fr), ("en-US", &en)],
            created: Some(date),
            origin: Some(&origin),
            note: None,
        })?;
    }
    out.finish()?;
    Ok(())
}

/// `count` queries for a TM written by [`write_tmx`]`(n, seed)`: nine in
/// ten are edited copies of stored sources, one in ten unrelated.
pub fn queries(n: usize, seed: u64, count: usize) -> Vec<String> {
    let vocab = Vocabulary::new(30_000, seed);
    // Regenerate the sources we pick (cheap: no I/O).
    let mut rng = Rng::new(seed);
    let mut pick = Rng::new(seed ^ 0xABCD);
    let mut wanted: Vec<(usize, usize)> =
        (0..count).map(|q| (pick.below(n.max(1)), q)).collect();
    wanted.sort_unstable();
    let mut out = vec![String::new(); count];
    let mut next = 0;
    for i in 0..n {
        let (fr, _) = vocab.sentence(&mut rng);
        while next < wanted.len() && wanted[next].0 == i {
            out[wanted[next].1] = fr.clone();
            next += 1;
        }
        if next == wanted.len() {
            break;
        }
    }
    let mut edit = Rng::new(seed ^ 0xED17);
    for (q, s) in out.iter_mut().enumerate() {
        let mut words: Vec<String> =
            s.split(' ').map(|w| w.to_string()).collect();
        let k = words.len();
        match q % 10 {
            0 => {
                let mut unrelated = Rng::new(seed ^ (q as u64) << 20);
                *s = vocab.sentence(&mut unrelated).0;
                continue;
            }
            1..=3 => {
                let at = edit.below(k);
                words[at] = vocab.fr[edit.zipf(vocab.fr.len())].clone();
            }
            4 => words.push(format!("{}", edit.below(100))),
            5 => {
                if let Some(last) = words.last_mut() {
                    let t = last
                        .trim_end_matches(['.', '?', '!', ' '])
                        .to_string();
                    *last = format!("{t} !");
                }
            }
            6 | 7 if k > 2 => {
                let a = edit.below(k - 1);
                words.swap(a, a + 1);
            }
            8 if k > 3 => {
                words.remove(edit.below(k));
            }
            _ => {}
        }
        *s = words.join(" ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tmx_reads_back_and_is_seeded() {
        let mut a = Vec::new();
        write_tmx(&mut a, 50, 7).unwrap();
        let mut b = Vec::new();
        write_tmx(&mut b, 50, 7).unwrap();
        assert_eq!(a, b);
        let text = std::str::from_utf8(&a).unwrap();
        let mut n = 0;
        tmx::read_each(
            text,
            |_| Ok(()),
            |_| {
                n += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(n, 50);
        let q = queries(50, 7, 20);
        assert_eq!(q.len(), 20);
        assert!(q.iter().all(|s| !s.is_empty()));
    }
}
