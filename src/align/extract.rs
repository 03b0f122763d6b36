//! French term extraction: multiword candidates from part-of-speech
//! patterns, ranked by C-value.
//!
//! Each sentence is tagged ([`super::pos::tag`]) and scanned for noun
//! phrases of the shape
//!
//! ```text
//! (PREADJ) N ADJ* ( LINK (le|la|l') (PREADJ) N ADJ* )*
//! LINK = de | d' | du | des | à | au | aux | en | par | avec | sur
//!        | en matière de …
//! ```
//!
//! which covers N ADJ, N de N, N à N, N en N, N ADJ de N, N de N de N,
//! N de l'N and so on, with elided articles and prepositions (`d'IA`,
//! `l'entraînement`) handled by the tokenizer. Every sub-span that starts
//! on a noun (or a prenominal adjective) and ends on a noun or adjective
//! is a candidate; single common nouns are candidates too (a glossary
//! holds `puce` as well as `puces d'IA`), as are runs of proper nouns.
//!
//! Candidates are grouped by their stemmed key, so `puce` and `puces`
//! are one candidate with two surface forms. The C-value (Frantzi et
//! al.) with log2(1+n) length weighting scores frequency and
//! nestedness, so that single words score their frequency:
//! `C(a) = log2(1+|a|) · (f(a) − mean f of the longer candidates
//! containing a)`; candidates are ranked by the C-value times their
//! specificity (how rare their words are in general French, see
//! [`super::termhood`]). The hard filters of [`super::termhood`] remove
//! verbs, dates, quantities and the like before ranking.
//!
//! Left out: verbs and verbal phrases, coordination (`puces et cartes
//! graphiques`), and any domain filtering beyond the patterns.

use std::collections::HashMap;
use std::ops::Range;

use crate::text::stem::{Lang, WordStemmer};
use crate::text::tokenize::{Token, TokenKind, tokenize};

use super::lexicon::Lexicon;
use super::pos::{Pos, tag};
use super::termhood::{self, CandWord};

/// One occurrence of a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Sentence index.
    pub sentence: usize,
    /// Byte span in the sentence text.
    pub span: Range<usize>,
    /// Indexes of the candidate's tokens in the sentence's tokens
    /// ([`crate::text::tokenize`]); consecutive except for discontinuous
    /// candidates ("laboratoire chinois d'IA" holds "laboratoire d'IA").
    pub tokens: Vec<usize>,
}

/// A term candidate.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Stemmed key (content and linking words, stemmed, space-joined).
    pub key: String,
    /// Surface forms as written, most frequent first, with counts.
    pub forms: Vec<(String, usize)>,
    /// Tag pattern of the first occurrence, e.g. `N de N`.
    pub pattern: String,
    /// Number of content words (nouns, adjectives, names).
    pub words: usize,
    /// Occurrences in text order.
    pub occurrences: Vec<Occurrence>,
    /// C-value (frequency and nestedness).
    pub score: f64,
    /// Termhood used for ranking: the C-value times the candidate's
    /// specificity (rarity of its words in general French, shorter
    /// phrases preferred).
    pub termhood: f64,
}

impl Candidate {
    /// The most frequent surface form.
    pub fn text(&self) -> &str {
        &self.forms[0].0
    }

    /// Frequency in the text.
    pub fn frequency(&self) -> usize {
        self.occurrences.len()
    }
}

/// Adjectives that usually come before the noun in French.
pub(crate) const PRENOMINAL: &[&str] = &[
    "nouveau",
    "nouvel",
    "nouvelle",
    "nouveaux",
    "nouvelles",
    "grand",
    "grande",
    "grands",
    "grandes",
    "petit",
    "petite",
    "petits",
    "petites",
    "premier",
    "premiere",
    "premiers",
    "premieres",
    "dernier",
    "derniere",
    "derniers",
    "dernieres",
    "jeune",
    "jeunes",
    "bon",
    "bonne",
    "bons",
    "bonnes",
    "meilleur",
    "meilleure",
    "meilleurs",
    "meilleures",
    "haut",
    "haute",
    "hauts",
    "hautes",
    "gros",
    "grosse",
    "grosses",
    "vieux",
    "vieil",
    "vieille",
    "vieilles",
    "ancien",
    "ancienne",
    "anciens",
    "anciennes",
    "futur",
    "future",
    "futurs",
    "futures",
    "prochain",
    "prochaine",
    "prochains",
    "prochaines",
    "faux",
    "fausse",
    "vrai",
    "vraie",
    "double",
    "seul",
    "seule",
    "mauvais",
    "mauvaise",
    "long",
    "longue",
    "court",
    "courte",
    "large",
    "larges",
    "faible",
    "faibles",
];

/// Prepositions that link the words of a term (`centre de données`,
/// `course à l’IA`, `stockage par batterie`, `collaboration avec
/// l’industrie`); `pour` mostly introduces a purpose, not a term.
const LINKS: &[&str] =
    &["de", "d'", "du", "des", "a", "au", "aux", "en", "par", "avec", "sur"];

/// Longest candidate, in content words.
const MAX_WORDS: usize = 5;

/// Per-token role in the chunker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Noun,
    Name,
    Adj,
    PreAdj,
    Link,
    Art,
    Other,
}

fn roles(text: &str, toks: &[Token], tags: &[Pos]) -> Vec<Role> {
    let mut out = Vec::with_capacity(toks.len());
    for (i, (t, &p)) in toks.iter().zip(tags).enumerate() {
        let w = t.folded.as_str();
        let surface = &text[t.span.clone()];
        let r = match p {
            Pos::Noun => Role::Noun,
            Pos::Propn => Role::Name,
            Pos::Adj if PRENOMINAL.contains(&w) => Role::PreAdj,
            Pos::Adj => Role::Adj,
            Pos::Verb
                if i > 0
                    && matches!(tags[i - 1], Pos::Noun | Pos::Adj)
                    && (w.ends_with("e")
                        || w.ends_with("es")
                        || w.ends_with("is"))
                    && w.len() > 4 =>
            {
                // Participles after a noun ("modèles formés") read as
                // adjectives here; they rarely belong to terms but we let
                // C-value decide.
                Role::Other
            }
            Pos::Prep
                if LINKS.contains(&w) && !(w == "a" && surface == "a") =>
            {
                Role::Link
            }
            Pos::Prep => {
                // Parts of complex prepositions ("en matière de").
                if w == "matiere" || w == "termes" || w == "base" {
                    Role::Link
                } else {
                    Role::Other
                }
            }
            Pos::Det if matches!(w, "l'" | "la" | "le" | "les") => Role::Art,
            Pos::Num => Role::Other,
            _ => Role::Other,
        };
        out.push(r);
    }
    // A prenominal adjective read as a noun ("sa nouvelle génération":
    // nouvelle is also "news") before another noun is the adjective.
    for i in 0..out.len().saturating_sub(1) {
        if out[i] == Role::Noun
            && PRENOMINAL.contains(&toks[i].folded.as_str())
            && out[i + 1] == Role::Noun
        {
            out[i] = Role::PreAdj;
        }
    }
    out
}

fn is_head(r: Role) -> bool {
    matches!(r, Role::Noun | Role::Name)
}

/// Maximal noun-phrase chunks: token ranges.
/// `open[i]`: nothing but spaces (or an apostrophe/hyphen) separates token
/// `i` from `i + 1`, so a phrase may continue across.
fn chunks(roles: &[Role], open: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let n = roles.len();
    let mut i = 0;
    while i < n {
        // Start: (PreAdj) head.
        let start = i;
        let mut j = i;
        if roles[j] == Role::PreAdj
            && j + 1 < n
            && open[j]
            && is_head(roles[j + 1])
        {
            j += 1;
        }
        if !is_head(roles[j]) {
            i += 1;
            continue;
        }
        let mut end = j + 1;
        loop {
            // Heads and adjectives.
            while end < n
                && open[end - 1]
                && (is_head(roles[end]) || roles[end] == Role::Adj)
            {
                end += 1;
            }
            // LINK+ (ART) (PREADJ) HEAD continues the phrase.
            let mut k = end;
            let mut links = 0;
            while k < n && open[k - 1] && roles[k] == Role::Link {
                k += 1;
                links += 1;
            }
            if links == 0 {
                break;
            }
            if k < n && open[k - 1] && roles[k] == Role::Art {
                k += 1;
            }
            if k < n
                && open[k - 1]
                && roles[k] == Role::PreAdj
                && k + 1 < n
                && is_head(roles[k + 1])
            {
                k += 1;
            }
            if k < n && open[k - 1] && is_head(roles[k]) {
                end = k + 1;
            } else {
                break;
            }
        }
        out.push(start..end);
        i = end.max(start + 1);
    }
    out
}

/// Valid candidate sub-spans of a chunk.
fn sub_spans(
    roles: &[Role],
    joined: &[bool],
    chunk: Range<usize>,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for s in chunk.clone() {
        // Never start inside a hyphenated word ("semi-conducteurs").
        if s > 0 && joined[s - 1] {
            continue;
        }
        let starts = is_head(roles[s])
            || (roles[s] == Role::PreAdj
                && s + 1 < chunk.end
                && is_head(roles[s + 1]));
        if !starts {
            continue;
        }
        let mut content = 0;
        for e in s..chunk.end {
            if matches!(
                roles[e],
                Role::Noun | Role::Name | Role::Adj | Role::PreAdj
            ) {
                content += 1;
            }
            if content > MAX_WORDS {
                break;
            }
            let ends = matches!(roles[e], Role::Noun | Role::Name | Role::Adj)
                && !joined[e];
            if !ends || (e == s && roles[s] == Role::PreAdj) {
                continue;
            }
            // A single token: only common nouns (and names, which the
            // aligner maps to themselves), not lone adjectives.
            out.push(s..e + 1);
        }
    }
    out
}

/// Extract candidates from sentences (French). Never panics.
///
/// ```
/// use glossa::align::{extract::extract, lexicon::Lexicon};
/// let s = ["Les grappes de centres de données consomment.",
///          "Un centre de données coûte cher."];
/// let c = extract(&s, Lexicon::builtin());
/// let top: Vec<&str> = c.iter().take(3).map(|c| c.text()).collect();
/// assert!(top.contains(&"centres de données"));
/// # Ok::<(), glossa::Error>(())
/// ```
pub fn extract(sentences: &[&str], lex: &Lexicon) -> Vec<Candidate> {
    let stemmer = WordStemmer::new(Lang::Fr);
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut cands: Vec<Candidate> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let toks = tokenize(s);
        let tags = tag(s, &toks, lex);
        let roles = roles(s, &toks, &tags);
        let stems: Vec<String> =
            toks.iter().map(|t| stemmer.stem_token(s, t)).collect();
        // Token i is joined to i+1 by a hyphen without spaces.
        let joined: Vec<bool> = (0..toks.len())
            .map(|i| {
                toks.get(i + 1).is_some_and(|n| {
                    let gap = &s[toks[i].span.end..n.span.start];
                    !gap.is_empty()
                        && gap.chars().all(crate::text::normalize::is_dash)
                })
            })
            .collect();
        // Punctuation between tokens ends a phrase.
        let open: Vec<bool> = (0..toks.len())
            .map(|i| {
                toks.get(i + 1).is_some_and(|n| {
                    s[toks[i].span.end..n.span.start].chars().all(|c| {
                        c.is_whitespace()
                            || crate::text::normalize::is_apostrophe(c)
                            || (crate::text::normalize::is_dash(c)
                                && !s[toks[i].span.end..n.span.start]
                                    .contains(' '))
                    })
                })
            })
            .collect();
        // A span's tokens become a candidate unless a filter rejects it.
        let mut keep = |idx: Vec<usize>, content: usize| {
            if !rejected(s, &toks, &tags, &roles, &idx) {
                add_candidate(
                    &mut cands,
                    &mut by_key,
                    s,
                    si,
                    &toks,
                    &stems,
                    &roles,
                    idx,
                    content,
                );
            }
        };
        for ch in chunks(&roles, &open) {
            for sp in sub_spans(&roles, &joined, ch) {
                // Lone names only when several tokens ("Wall Street");
                // a single name is not a term to translate.
                let content = roles[sp.clone()]
                    .iter()
                    .filter(|r| {
                        matches!(
                            r,
                            Role::Noun | Role::Name | Role::Adj | Role::PreAdj
                        )
                    })
                    .count();
                // A lone name is a candidate only when it is an acronym
                // (BCE → ECB; the queue keeps names whose English
                // differs). Countries and cities are general language.
                if content == 1
                    && roles[sp.start] == Role::Name
                    && !is_acronym(&s[toks[sp.start].span.clone()])
                {
                    continue;
                }
                if roles[sp.clone()].iter().all(|r| *r == Role::Name)
                    && toks[sp.clone()]
                        .iter()
                        .any(|t| t.kind != TokenKind::Word)
                {
                    continue;
                }
                keep(sp.clone().collect(), content);
                // N ADJ+ LINK …: the same phrase without the inserted
                // adjectives is a candidate too ("laboratoire chinois
                // d'IA" → "laboratoire d'IA").
                let r = &roles[sp.clone()];
                if let Some(link) = r.iter().position(|x| *x == Role::Link)
                    && link >= 2
                    && r[0] == Role::Noun
                    && r[1..link].iter().all(|x| *x == Role::Adj)
                {
                    let dropped = link - 1;
                    let idx: Vec<usize> = std::iter::once(sp.start)
                        .chain(sp.start + link..sp.end)
                        .collect();
                    keep(idx, content - dropped);
                }
            }
        }
    }
    for c in &mut cands {
        c.forms.sort_by_key(|f| std::cmp::Reverse(f.1));
    }
    c_value(&mut cands);
    for c in &mut cands {
        c.termhood = c.score * specificity(c);
    }
    cands.sort_by(|a, b| {
        b.termhood
            .total_cmp(&a.termhood)
            .then(b.score.total_cmp(&a.score))
            .then(b.words.cmp(&a.words))
            .then(a.key.cmp(&b.key))
    });
    cands
}

/// How specific to a domain a candidate is, in (0, 1]: the mean over
/// its content words of how rare each is in general French (Zipf 5.5 or
/// more counts 0.2, 3.0 or less counts 1; a name counts 0.3) — for a
/// phrase 0.6 + 0.4 × that mean — divided by 1 + 0.5 per content word
/// past three (long phrases are rarely whole terms).
fn specificity(c: &Candidate) -> f64 {
    let form = c.text();
    let toks = tokenize(form);
    let roles: Vec<&str> = c.pattern.split(' ').collect();
    let mut sum = 0.0;
    let mut n = 0usize;
    for (i, t) in toks.iter().enumerate() {
        if t.kind != TokenKind::Word
            || LINKS.contains(&t.folded.as_str())
            || matches!(t.folded.as_str(), "l'" | "la" | "le" | "les")
        {
            continue;
        }
        // Names are rare words but not terms (`--names` keeps them in
        // the queue).
        let name = roles.len() == toks.len() && roles[i] == "NAME";
        let z = termhood::fr_zipf(&t.folded);
        sum += if name { 0.3 } else { ((5.5 - z) / 2.5).clamp(0.2, 1.0) };
        n += 1;
    }
    let mean = if n == 0 { 0.2 } else { sum / n as f64 };
    // A phrase of general words can still be a term ("centre de
    // données"): its words weigh less than a single word's.
    let spec = if n > 1 { 0.6 + 0.4 * mean } else { mean };
    spec / (1.0 + 0.5 * c.words.saturating_sub(3) as f64)
}

/// An acronym: two to six capitals (digits allowed), no lower case
/// (`BCE`, `UIT`, `H100` is not one: one letter).
pub(crate) fn is_acronym(surface: &str) -> bool {
    let caps = surface.chars().filter(|c| c.is_uppercase()).count();
    (2..=6).contains(&caps)
        && !surface.chars().any(char::is_lowercase)
        && surface.chars().all(|c| c.is_alphanumeric() || c == '&')
}

/// True when the tokens `idx` break one of the hard filters of
/// [`termhood::FR_RULES`], or form a single common word that general
/// language uses too much to be a term on its own.
fn rejected(
    s: &str,
    toks: &[Token],
    tags: &[Pos],
    roles: &[Role],
    idx: &[usize],
) -> bool {
    let (Some(&first), Some(&last)) = (idx.first(), idx.last()) else {
        return true;
    };
    let (start, end) = (toks[first].span.start, toks[last].span.end);
    // A line break inside (a heading run into the next line), or a
    // word cut at an ampersand ("S&P Global" → "P Global", "R&D" →
    // "D"): not one phrase.
    if s[start..end].contains('\n')
        || s[..start].ends_with('&')
        || s[end..].starts_with('&')
    {
        return true;
    }
    let words: Vec<CandWord> = idx
        .iter()
        .map(|&i| CandWord {
            folded: &toks[i].folded,
            pos: tags[i],
            link: matches!(roles[i], Role::Link | Role::Art),
            capital: roles[i] == Role::Name,
        })
        .collect();
    termhood::reject_fr(&words).is_some()
}

#[allow(clippy::too_many_arguments)]
fn add_candidate(
    cands: &mut Vec<Candidate>,
    by_key: &mut HashMap<String, usize>,
    s: &str,
    si: usize,
    toks: &[Token],
    stems: &[String],
    roles: &[Role],
    idx: Vec<usize>,
    content: usize,
) {
    let sel_toks: Vec<Token> = idx.iter().map(|&i| toks[i].clone()).collect();
    let sel_stems: Vec<String> =
        idx.iter().map(|&i| stems[i].clone()).collect();
    let sel_roles: Vec<Role> = idx.iter().map(|&i| roles[i]).collect();
    let key = key_of(&sel_toks, &sel_stems);
    let first = idx[0];
    let last = *idx.last().unwrap_or(&first);
    let span = toks[first].span.start..toks[last].span.end;
    // Surface: the original text, gaps (dropped words) closed up.
    let mut surface = String::new();
    let mut run_start = toks[first].span.start;
    for w in idx.windows(2) {
        if w[1] != w[0] + 1 {
            surface.push_str(&s[run_start..toks[w[0]].span.end]);
            surface.push(' ');
            run_start = toks[w[1]].span.start;
        }
    }
    surface.push_str(&s[run_start..toks[last].span.end]);
    let occ = Occurrence { sentence: si, span, tokens: idx };
    let i = *by_key.entry(key.clone()).or_insert_with(|| {
        cands.push(Candidate {
            key: key.clone(),
            forms: Vec::new(),
            pattern: pattern(&sel_roles, &sel_toks),
            words: content,
            occurrences: Vec::new(),
            score: 0.0,
            termhood: 0.0,
        });
        cands.len() - 1
    });
    let c = &mut cands[i];
    c.occurrences.push(occ);
    match c.forms.iter_mut().find(|(f, _)| *f == surface) {
        Some((_, n)) => *n += 1,
        None => c.forms.push((surface, 1)),
    }
}

fn key_of(toks: &[Token], stems: &[String]) -> String {
    let mut k = String::new();
    for (t, s) in toks.iter().zip(stems) {
        if !k.is_empty() {
            k.push(' ');
        }
        // Linking words and articles by their folded form, unified:
        // "de l'", "du" and "de la" are one linker.
        let part = match t.folded.as_str() {
            "d'" | "du" | "des" => "de",
            "au" | "aux" => "a",
            "l'" | "la" | "le" | "les" => {
                k.pop();
                continue;
            }
            _ => s.as_str(),
        };
        k.push_str(part);
    }
    k
}

fn pattern(roles: &[Role], toks: &[Token]) -> String {
    roles
        .iter()
        .zip(toks)
        .map(|(r, t)| match r {
            Role::Noun => "N".to_string(),
            Role::Name => "NAME".to_string(),
            Role::Adj | Role::PreAdj => "ADJ".to_string(),
            _ => t.folded.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compute C-values in place.
fn c_value(cands: &mut [Candidate]) {
    // Nested-in relation: `i` is nested in a longer `j` when `i`'s key
    // is a run of whole words of `j`'s key. Each candidate's runs are
    // looked up by key, so the cost is linear in the candidates whatever
    // the text (issue 14: scanning the candidates that share a word was
    // quadratic on long texts).
    let index: HashMap<&str, usize> =
        cands.iter().enumerate().map(|(i, c)| (c.key.as_str(), i)).collect();
    let mut nested = vec![(0.0f64, 0usize); cands.len()];
    let mut inside = Vec::new();
    for (j, c) in cands.iter().enumerate() {
        if c.words <= 1 {
            continue;
        }
        // Byte ranges of the key's words.
        let mut words = Vec::new();
        let mut at = 0;
        for w in c.key.split(' ') {
            words.push(at..at + w.len());
            at += w.len() + 1;
        }
        inside.clear();
        for a in 0..words.len() {
            for b in a..words.len() {
                let run = &c.key[words[a].start..words[b].end];
                if let Some(&i) = index.get(run)
                    && i != j
                    && cands[i].words < c.words
                    && !inside.contains(&i)
                {
                    inside.push(i);
                }
            }
        }
        for &i in &inside {
            nested[i].0 += c.frequency() as f64;
            nested[i].1 += 1;
        }
    }
    for (c, (nested_sum, nested_n)) in cands.iter_mut().zip(nested) {
        let len_w = (1.0 + c.words as f64).log2();
        let f = c.frequency() as f64;
        c.score = if nested_n == 0 {
            len_w * f
        } else {
            len_w * (f - nested_sum / nested_n as f64)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        let mut v: Vec<String> = extract(&[s], Lexicon::builtin())
            .iter()
            .flat_map(|c| c.forms.iter().map(|f| f.0.clone()))
            .collect();
        v.sort();
        v
    }

    macro_rules! t {
        ($name:ident, $text:expr, has [$($want:expr),*], not [$($not:expr),*]) => {
            #[test]
            fn $name() {
                let got = texts($text);
                $(assert!(got.contains(&$want.to_string()), "missing {:?} in {:?}", $want, got);)*
                $(assert!(!got.contains(&$not.to_string()), "unwanted {:?} in {:?}", $not, got);)*
            }
        };
    }

    t!(n_adj, "Il dirige un fonds spéculatif quantitatif.",
       has ["fonds spéculatif", "fonds spéculatif quantitatif", "fonds"],
       not ["spéculatif", "un fonds"]);
    t!(n_de_n_de_n, "Elle a construit des grappes de centres de données.",
       has ["grappes de centres de données", "centres de données",
            "grappes de centres", "données"],
       not ["de centres", "construit des grappes"]);
    t!(elided, "La demande pour les puces d’IA durera.",
       has ["puces d’IA", "demande", "puces"],
       not ["d’IA", "demande pour les puces"]);
    t!(
        n_a_n,
        "Ils mènent la course à l’IA.",
        has["course à l’IA"],
        not["course à"]
    );
    t!(n_en_n, "Des chercheurs en doctorat en IA.",
       has ["chercheurs en doctorat", "chercheurs en doctorat en IA"], not []);
    // Nationality adjectives qualify, they do not name (issue 12).
    t!(n_adj_de_n, "Les interdictions américaines d’exportation de matériel.",
       has ["interdictions d’exportation de matériel",
            "exportation de matériel"],
       not ["interdictions américaines d’exportation de matériel"]);
    t!(
        n_du_n,
        "bien en dessous de la valeur du marché",
        has["valeur du marché"],
        not["dessous de la valeur"]
    );
    t!(
        complex_prep,
        "des percées en matière d’efficacité",
        has["percées en matière d’efficacité"],
        not["matière"]
    );
    t!(inserted_adjective, "Le laboratoire chinois d’IA DeepSeek.",
       has ["laboratoire d’IA"],
       not ["laboratoire chinois d’IA", "laboratoire chinois"]);
    t!(hyphenated_words_stay_whole, "Le fabricant de semi-conducteurs TSMC.",
       has ["fabricant de semi-conducteurs", "semi-conducteurs"],
       not ["fabricant de semi", "conducteurs", "semi"]);
    t!(punctuation_ends_phrases, "son ensemble de modèles – DeepSeek Coder, DeepSeek LLM",
       has ["ensemble de modèles", "DeepSeek Coder"],
       not ["ensemble de modèles – DeepSeek Coder", "DeepSeek Coder, DeepSeek LLM"]);
    t!(names, "les analystes de Wall Street et l’université de Zhejiang",
       has ["analystes de Wall Street", "Wall Street", "université de Zhejiang"],
       not ["Zhejiang"]);
    t!(prenominal, "sa nouvelle génération de modèles",
       has ["nouvelle génération", "nouvelle génération de modèles"],
       not ["nouvelle"]);

    #[test]
    fn grouping_and_c_value() {
        let s = [
            "Les centres de données consomment.",
            "Un centre de données coûte cher.",
            "Les grappes de centres de données sont rares.",
        ];
        let c = extract(&s, Lexicon::builtin());
        let cd = c
            .iter()
            .find(|c| c.text().starts_with("centre") && c.words == 2)
            .unwrap();
        assert_eq!(cd.frequency(), 3);
        assert_eq!(cd.forms.len(), 2);
        assert_eq!(cd.pattern, "N de N");
        // f = 3, nested once in a frequency-1 longer term:
        // log2(3) * (3 - 1).
        assert!((cd.score - 3f64.log2() * 2.0).abs() < 1e-9, "{}", cd.score);
        assert_eq!(c[0].key, cd.key, "most termhood first");
    }
}
