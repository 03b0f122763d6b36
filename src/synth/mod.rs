//! Synthetic termbases for benchmarks: realistic French multiword terms
//! with English equivalents, deterministic by seed (issue 3).
//!
//! [`generate`] combines word lists of French tech nouns (with gender and
//! English gloss) and adjectives (with feminine forms) in the patterns of
//! real terminology: `N ADJ` ("réseau neuronal" → "neural network"),
//! `N de N` ("centre de données" → "data center", with elision: "centre
//! d'innovation"), `N ADJ de N`, `N de N ADJ` and `N ADJ ADJ`, with
//! French and English plurals (‑aux, ‑eaux, ‑ies…), some admitted English
//! synonyms ("network of data"), some deprecated French anglicisms and
//! some case-sensitive acronyms. Every French and English key is unique,
//! so a benchmark knows which term a query meant.
//!
//! [`perturb`] makes benchmark queries from known terms: one or two random
//! typos (substitution, deletion, insertion, transposition), accent losses
//! or plural changes.
//!
//! The word lists are small by design (a few hundred words): the point is
//! realistic shape and scale, not a real dictionary.
//!
//! [`tmx`] writes synthetic translation memories the same way.
//!
//! Dev-only: compiled for this crate's unit tests and, through the
//! `synth` feature (which the crate's dev-dependency on itself turns on),
//! for its integration tests, benches and examples; never part of the
//! library's API or of the `glossa` binary.

use std::collections::HashSet;

use crate::glossary::model::{
    AdminStatus, Entry, Glossary, LangTag, Number, PartOfSpeech, Term,
    TermType,
};
use crate::text::key;

pub mod tmx;

/// A small deterministic PRNG (SplitMix64): reproducible across
/// platforms and versions, no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_F491_4F6C_DD1D)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }

    /// Zipf-like index in `0..n` (`n > 0`): small indices much more often.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        // Inverse of a continuous 1/x law over 1..=n.
        let x = (n.max(1) as f64).powf(u);
        (x as usize).saturating_sub(1).min(n.max(1) - 1)
    }

    /// A random element.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// French noun | gender (m/f) | English gloss.
const NOUNS: &str = "\
réseau|m|network centre|m|center puce|f|chip donnée|f|data modèle|m|model
serveur|m|server processeur|m|processor mémoire|f|memory calcul|m|computing
apprentissage|m|learning algorithme|m|algorithm logiciel|m|software
système|m|system plateforme|f|platform infrastructure|f|infrastructure
fonds|m|fund marché|m|market investisseur|m|investor entreprise|f|company
jeu|m|set stockage|m|storage grappe|f|cluster nuage|m|cloud
moteur|m|engine recherche|f|research inférence|f|inference entraînement|m|training
capteur|m|sensor signal|m|signal canal|m|channel réseau|m|grid
interface|f|interface protocole|m|protocol sécurité|f|security
chiffrement|m|encryption clé|f|key flux|m|stream paquet|m|packet
fibre|f|fiber câble|m|cable antenne|f|antenna satellite|m|satellite
batterie|f|battery énergie|f|energy puissance|f|power tension|f|voltage
circuit|m|circuit transistor|m|transistor gravure|f|etching plaquette|f|wafer
usine|f|plant fonderie|f|foundry fabricant|m|manufacturer fournisseur|m|supplier
commande|f|order chaîne|f|chain approvisionnement|m|supply valeur|f|value
coût|m|cost prix|m|price capital|m|capital action|f|share
bourse|f|exchange cotation|f|listing levée|f|raising risque|m|risk
régulation|f|regulation autorité|f|authority contrôle|m|control exportation|f|export
brevet|m|patent licence|f|license code|m|code source|f|source
programme|m|program bibliothèque|f|library fichier|m|file base|f|base
requête|f|query réponse|f|response langage|m|language texte|m|text
image|f|image vidéo|f|video voix|f|voice parole|f|speech
traduction|f|translation vision|f|vision robot|m|robot agent|m|agent
utilisateur|m|user client|m|customer abonnement|m|subscription service|m|service
application|f|application terminal|m|terminal téléphone|m|phone ordinateur|m|computer
écran|m|screen clavier|m|keyboard navigateur|m|browser moteur|m|motor
architecture|f|architecture couche|f|layer paramètre|m|parameter poids|m|weight
gradient|m|gradient vecteur|m|vector matrice|f|matrix tenseur|m|tensor
noyau|m|kernel fil|m|thread tâche|f|task file|f|queue
cache|m|cache registre|m|register horloge|f|clock bus|m|bus
refroidissement|m|cooling chaleur|f|heat eau|f|water air|m|air
bâtiment|m|building site|m|site région|f|region pays|m|country
État|m|state gouvernement|m|government loi|f|law règle|f|rule
startup|f|startup laboratoire|m|laboratory chercheur|m|researcher ingénieur|m|engineer
équipe|f|team projet|m|project produit|m|product outil|m|tool
innovation|f|innovation croissance|f|growth investissement|m|investment dette|f|debt
évaluation|f|assessment test|m|test mesure|f|measure performance|f|performance
latence|f|latency débit|m|throughput bande|f|band fréquence|f|frequency
optimisation|f|optimization compression|f|compression format|m|format norme|f|standard
émission|f|emission carbone|m|carbon climat|m|climate environnement|m|environment
hôpital|m|hospital santé|f|health diagnostic|m|diagnosis patient|m|patient
transport|m|transport véhicule|m|vehicle conduite|f|driving route|f|road
opérateur|m|operator télécommunication|f|telecommunication réseautage|m|networking noeud|m|node";

/// French adjective (masculine) | feminine | English gloss.
const ADJECTIVES: &str = "\
neuronal|neuronale|neural spéculatif|spéculative|speculative artificiel|artificielle|artificial
automatique|automatique|automatic génératif|générative|generative profond|profonde|deep
quantique|quantique|quantum numérique|numérique|digital informatique|informatique|computing
distribué|distribuée|distributed parallèle|parallèle|parallel graphique|graphique|graphics
ouvert|ouverte|open libre|libre|free privé|privée|private public|publique|public
financier|financière|financial bancaire|bancaire|banking boursier|boursière|stock-market
national|nationale|national européen|européenne|European chinois|chinoise|Chinese
américain|américaine|American mondial|mondiale|global local|locale|local
rapide|rapide|fast lent|lente|slow grand|grande|large petit|petite|small
haut|haute|high bas|basse|low nouveau|nouvelle|new ancien|ancienne|former
intelligent|intelligente|smart autonome|autonome|autonomous embarqué|embarquée|embedded
mobile|mobile|mobile sans-fil|sans-fil|wireless optique|optique|optical
électrique|électrique|electric électronique|électronique|electronic thermique|thermique|thermal
solaire|solaire|solar nucléaire|nucléaire|nuclear renouvelable|renouvelable|renewable
sécurisé|sécurisée|secure chiffré|chiffrée|encrypted vulnérable|vulnérable|vulnerable
massif|massive|massive léger|légère|lightweight lourd|lourde|heavy
vertical|verticale|vertical horizontal|horizontale|horizontal central|centrale|central
industriel|industrielle|industrial commercial|commerciale|commercial juridique|juridique|legal
médical|médicale|medical clinique|clinique|clinical biologique|biologique|biological
linguistique|linguistique|linguistic visuel|visuelle|visual sonore|sonore|audio
virtuel|virtuelle|virtual réel|réelle|real physique|physique|physical
logique|logique|logical statistique|statistique|statistical probabiliste|probabiliste|probabilistic
dense|dense|dense clairsemé|clairsemée|sparse hybride|hybride|hybrid
modulaire|modulaire|modular scalable|scalable|scalable robuste|robuste|robust
critique|critique|critical stratégique|stratégique|strategic souverain|souveraine|sovereign
entraîné|entraînée|trained préentraîné|préentraînée|pretrained affiné|affinée|fine-tuned
multimodal|multimodale|multimodal conversationnel|conversationnelle|conversational prédictif|prédictive|predictive";

struct Noun {
    fr: &'static str,
    fem: bool,
    en: &'static str,
}

struct Adj {
    m: &'static str,
    f: &'static str,
    en: &'static str,
}

fn nouns() -> Vec<Noun> {
    let mut seen = HashSet::new();
    NOUNS
        .split_whitespace()
        .filter_map(|w| {
            let mut p = w.split('|');
            let (fr, g, en) = (p.next()?, p.next()?, p.next()?);
            seen.insert(fr).then_some(Noun { fr, fem: g == "f", en })
        })
        .collect()
}

fn adjectives() -> Vec<Adj> {
    ADJECTIVES
        .split_whitespace()
        .filter_map(|w| {
            let mut p = w.split('|');
            Some(Adj { m: p.next()?, f: p.next()?, en: p.next()? })
        })
        .collect()
}

/// French plural of a noun or masculine adjective.
pub fn fr_plural(w: &str) -> String {
    if w.ends_with(['s', 'x', 'z']) {
        w.to_string()
    } else if let Some(stem) = w.strip_suffix("al") {
        format!("{stem}aux")
    } else if w.ends_with("eau") || w.ends_with("eu") {
        format!("{w}x")
    } else {
        format!("{w}s")
    }
}

/// English plural of a noun.
pub fn en_plural(w: &str) -> String {
    let consonant_y = w.len() > 1
        && w.ends_with('y')
        && !w[..w.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if w.ends_with(['s', 'x']) || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else if consonant_y {
        format!("{}ies", &w[..w.len() - 1])
    } else if w == "data" || w == "software" || w == "research" {
        w.to_string()
    } else {
        format!("{w}s")
    }
}

fn starts_with_vowel(w: &str) -> bool {
    w.starts_with(|c: char| "aeiouyéèêâîôûœhAEIOUÉÈ".contains(c))
}

fn de(n: &str) -> String {
    if starts_with_vowel(n) { format!("d'{n}") } else { format!("de {n}") }
}

/// One generated term pair.
struct Pair {
    fr: String,
    en: String,
    en_alt: Option<String>,
    plural: bool,
}

/// The words and pattern of one term, rendered singular or plural.
struct Pick<'a> {
    pattern: usize,
    n1: &'a Noun,
    n2: &'a Noun,
    a: &'a Adj,
    b: &'a Adj,
    plural: bool,
}

fn pick<'a>(rng: &mut Rng, ns: &'a [Noun], adjs: &'a [Adj]) -> Pick<'a> {
    Pick {
        plural: rng.chance(0.15),
        n1: rng.pick(ns),
        pattern: rng.below(100),
        n2: rng.pick(ns),
        a: rng.pick(adjs),
        b: rng.pick(adjs),
    }
}

fn render(p: &Pick<'_>, plural: bool) -> Pair {
    let (n1, n2, a, b) = (p.n1, p.n2, p.a, p.b);
    let noun = |n: &Noun| if plural { fr_plural(n.fr) } else { n.fr.into() };
    let adj = |a: &Adj, fem: bool| {
        let base = if fem { a.f } else { a.m };
        if plural { fr_plural(base) } else { base.to_string() }
    };
    let head_en = |n: &Noun| {
        if plural { en_plural(n.en) } else { n.en.to_string() }
    };
    let (fr, en, en_alt) = match p.pattern {
        0..=24 => (
            format!("{} {}", noun(n1), adj(a, n1.fem)),
            format!("{} {}", a.en, head_en(n1)),
            None,
        ),
        25..=49 => (
            format!("{} {}", noun(n1), de(n2.fr)),
            format!("{} {}", n2.en, head_en(n1)),
            Some(format!("{} of {}", head_en(n1), n2.en)),
        ),
        50..=69 => (
            format!("{} {} {}", noun(n1), adj(a, n1.fem), de(n2.fr)),
            format!("{} {} {}", a.en, n2.en, head_en(n1)),
            None,
        ),
        70..=89 => (
            format!("{} {} {}", noun(n1), de(n2.fr), a.m_or_f(n2.fem)),
            format!("{} {} {}", a.en, n2.en, head_en(n1)),
            None,
        ),
        _ => (
            format!("{} {} {}", noun(n1), adj(a, n1.fem), adj(b, n1.fem)),
            format!("{} {} {}", b.en, a.en, head_en(n1)),
            None,
        ),
    };
    Pair { fr, en, en_alt, plural }
}

impl Adj {
    fn m_or_f(&self, fem: bool) -> &'static str {
        if fem { self.f } else { self.m }
    }
}

/// A termbase of at least `terms` terms (French and English, a few
/// synonyms), deterministic for a given `seed`.
pub fn generate(terms: usize, seed: u64) -> Glossary {
    let mut rng = Rng::new(seed);
    let ns = nouns();
    let adjs = adjectives();
    let mut seen: HashSet<String> = HashSet::new();
    let mut g = Glossary::new();
    let mut count = 0;
    let mut misses = 0u32;
    while count < terms && misses < 1_000_000 {
        let id = format!("c{}", g.entries.len() + 1);
        let mut e = Entry::new(&id);
        e.subject = rng
            .pick(&["AI", "chips", "data centres", "finance", "start-ups"])
            .to_string();
        if rng.chance(0.01) {
            // An acronym: case-sensitive and exact-only, like "IA".
            let len = 2 + rng.below(3);
            let fr: String = (0..len)
                .map(|_| (b'A' + rng.below(26) as u8) as char)
                .collect();
            let en: String = fr.chars().rev().collect();
            if !seen.insert(key(&fr))
                || !seen.insert(format!("en:{}", key(&en)))
            {
                misses += 1;
                continue;
            }
            for (lang, text) in [(LangTag::fr(), fr), (LangTag::en(), en)] {
                let mut t = Term::new(lang, text);
                t.term_type = Some(TermType::Acronym);
                t.case_sensitive = true;
                t.exact_only = true;
                e.terms.push(t);
            }
            count += 2;
            g.entries.push(e);
            continue;
        }
        let pk = pick(&mut rng, &ns, &adjs);
        // Uniqueness on the singular: never both "base d'horloge" and
        // "bases d'horloge", so a query means one term.
        let sing = render(&pk, false);
        let (kf, ke) = (key(&sing.fr), format!("en:{}", key(&sing.en)));
        if seen.contains(&kf) || seen.contains(&ke) {
            misses += 1;
            continue;
        }
        seen.insert(kf);
        seen.insert(ke);
        let p = if pk.plural { render(&pk, true) } else { sing };
        let number = if p.plural { Number::Plural } else { Number::Singular };
        let mut fr = Term::new(LangTag::fr(), p.fr.clone());
        fr.pos = Some(PartOfSpeech::Noun);
        fr.number = Some(number);
        e.terms.push(fr);
        count += 1;
        if rng.chance(0.03) {
            // A deprecated anglicism: the English term used in French.
            let kd = key(&p.en);
            if seen.insert(kd) {
                let mut t = Term::new(LangTag::fr(), p.en.clone());
                t.status = AdminStatus::Deprecated;
                e.terms.push(t);
                count += 1;
            }
        }
        let mut en = Term::new(LangTag::en(), p.en);
        en.pos = Some(PartOfSpeech::Noun);
        en.number = Some(number);
        e.terms.push(en);
        count += 1;
        if let Some(alt) = p.en_alt
            && rng.chance(0.08)
            && seen.insert(format!("en:{}", key(&alt)))
        {
            let mut t = Term::new(LangTag::en(), alt);
            t.status = AdminStatus::Admitted;
            e.terms.push(t);
            count += 1;
        }
        g.entries.push(e);
    }
    g
}

/// Strip accents, keeping case (é → e, Ç → C).
pub fn strip_accents(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect()
}

/// One random change to `s`: a typo (substitution, deletion, insertion,
/// transposition of letters), an accent loss or a plural change.
pub fn perturb_once(s: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = s.chars().collect();
    let letters: Vec<usize> =
        (0..chars.len()).filter(|&i| chars[i].is_alphabetic()).collect();
    let choice = rng.below(10);
    if choice == 0 && strip_accents(s) != s {
        return strip_accents(s);
    }
    if choice == 1 {
        // Plural change on the first word (the head noun in French).
        let end = s.find(' ').unwrap_or(s.len());
        let (w, rest) = s.split_at(end);
        let w2 = if let Some(x) = w.strip_suffix('s') {
            x.to_string()
        } else {
            format!("{w}s")
        };
        return format!("{w2}{rest}");
    }
    if letters.len() < 2 {
        return s.to_string();
    }
    let i = letters[rng.below(letters.len())];
    let mut out = chars.clone();
    const AZ: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    match rng.below(4) {
        0 => out[i] = *rng.pick(AZ) as char,
        1 => {
            out.remove(i);
        }
        2 => out.insert(i, *rng.pick(AZ) as char),
        _ => {
            let j = if i + 1 < out.len() { i + 1 } else { i - 1 };
            out.swap(i, j);
        }
    }
    out.into_iter().collect()
}

/// One or two random changes (see [`perturb_once`]).
pub fn perturb(s: &str, rng: &mut Rng) -> String {
    let once = perturb_once(s, rng);
    if rng.chance(0.5) { perturb_once(&once, rng) } else { once }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = generate(2000, 7);
        let b = generate(2000, 7);
        assert_eq!(a, b);
        assert!(a.term_count() >= 2000 && a.term_count() < 2010);
        assert_ne!(generate(200, 8), generate(200, 7));
        assert!(a.problems().is_empty());
        // Keys are unique per language.
        let mut seen = HashSet::new();
        for e in &a.entries {
            for t in &e.terms {
                assert!(
                    seen.insert((t.lang.clone(), key(&t.text))),
                    "{}",
                    t.text
                );
            }
        }
    }

    #[test]
    fn plurals() {
        for (w, p) in [
            ("réseau", "réseaux"),
            ("signal", "signaux"),
            ("fonds", "fonds"),
            ("puce", "puces"),
        ] {
            assert_eq!(fr_plural(w), p);
        }
        for (w, p) in
            [("company", "companies"), ("key", "keys"), ("bus", "buses")]
        {
            assert_eq!(en_plural(w), p);
        }
        assert_eq!(de("innovation"), "d'innovation");
        assert_eq!(de("puce"), "de puce");
    }

    #[test]
    fn perturb_changes_little() {
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            let q = perturb("centre de données", &mut rng);
            let d = strsim::osa_distance(&q, "centre de données");
            assert!(d <= 4, "{q}");
        }
    }
}
