//! The review queue: which aligned pairs become `proposed` entries, in
//! what form, and what the reviewer's past decisions rule out.
//!
//! [`propose`] keeps a pair when
//!
//! - its French side is a term: the hard filters of
//!   [`super::termhood`] (applied at extraction), a single word only when
//!   it is specific ([`super::termhood::specific_word`]), a proper name
//!   only when its English differs (`BCE → ECB`) or `names` is set;
//! - its confidence ([`confidence`]) reaches [`ProposeOptions::min_confidence`]
//!   ([`MIN_CONFIDENCE`], calibrated on the dev set; `all` lowers it to
//!   the aligner's floor and keeps every candidate, as before);
//! - it is not a fragment: a candidate all of whose occurrences lie
//!   inside a longer proposed term is dropped unless it is a term by
//!   itself (two content words, or it also occurs on its own);
//! - the pair was never rejected ([`Rejected`]).
//!
//! Entries are stored singular ([`super::canonical`]), the inflected
//! occurrence kept as an admitted plural variant with its context.
//! [`add_proposed`] never adds a pair whose French or English key equals
//! an entry already in the glossary: it adds the new English (or French)
//! as a variant to that entry when it is still proposed, and skips it
//! otherwise.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::glossary::model::{AdminStatus, LangTag, Number, ReviewState};

use super::canonical::{en_canonical, fr_canonical, key};
use super::document::Document;
use super::term::{LinkKind, TermAlignment};
use super::termhood::specific_word;

/// Lowest confidence of a pair in the default (short) queue.
pub const MIN_CONFIDENCE: f64 = 0.75;

/// Lowest aligner score kept by `--all` (the behaviour before the
/// queue was ranked).
pub const ALL_MIN_SCORE: f64 = 0.6;

/// Options of [`propose`].
#[derive(Debug, Clone, Copy)]
pub struct ProposeOptions {
    /// Lowest confidence proposed.
    pub min_confidence: f64,
    /// Keep every candidate scoring at least [`ALL_MIN_SCORE`]: no
    /// termhood, name or fragment filtering.
    pub all: bool,
    /// Propose proper names written the same in both languages.
    pub names: bool,
}

impl Default for ProposeOptions {
    fn default() -> ProposeOptions {
        ProposeOptions {
            min_confidence: MIN_CONFIDENCE,
            all: false,
            names: false,
        }
    }
}

/// A proposed entry with its confidence.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The entry (id empty until [`add_proposed`]).
    pub entry: crate::Entry,
    /// Confidence in [0, 1].
    pub confidence: f64,
}

/// Confidence that the best equivalent of `t` is a right glossary pair:
/// the aligner's score (coverage, link strength, order) over the
/// occurrences where the pair was found, less for occurrences where it
/// was not, for two French words linked to one English word, for each
/// content word past two, for title-case English facing lower-case
/// French, and for a close runner-up; 0.95 at least for a glossary pair;
/// in [0, 1].
pub fn confidence(t: &TermAlignment) -> f64 {
    let Some(e) = t.equivalents.first() else { return 0.0 };
    // The score is a mean over every occurrence; an occurrence whose
    // English uses a pronoun or a paraphrase adds nothing. Judge the
    // pair where it was found, less a little for the occurrences where
    // it was not.
    let n = t.candidate.frequency().clamp(1, super::term::MAX_OCCURRENCES);
    let found = e.support.clamp(1, n);
    let where_found = e.score * n as f64 / found as f64;
    let mut c = where_found.min(1.1) / 1.1;
    c -= 0.1 * (1.0 - found as f64 / n as f64);
    // Two French words on one English word: one of them is not
    // translated there.
    let mut ens: Vec<&str> = e.links.iter().map(|l| l.en.as_str()).collect();
    ens.sort_unstable();
    let n = ens.len();
    ens.dedup();
    if ens.len() < n {
        c -= 0.15;
    }
    if e.glossary {
        c = c.max(0.95);
    }
    // Long phrases need more evidence (0.1 for each content word past
    // two): each is one more chance of a wrong boundary (on the dev
    // set, three-word pairs under 0.9 were right one time in four).
    c -= 0.1 * t.candidate.words.saturating_sub(2) as f64;
    // Title-case English for a lower-case French phrase: the English
    // span is a name or a heading ("Financial Reporting Standards").
    let title = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase) && c.all(char::is_lowercase)
    };
    let fr_caps = t.candidate.text().chars().any(char::is_uppercase);
    if !fr_caps && e.en.split([' ', '-']).any(title) {
        c -= 0.15;
    }
    // A runner-up nearly as good: the choice is uncertain.
    // (A runner-up inside the best or around it is the same choice of
    // words, cut differently: "fund" beside "hedge fund".)
    let nested = |a: &str, b: &str| {
        format!(" {} ", key(a)).contains(&format!(" {} ", key(b)))
    };
    if let Some(second) = t.equivalents.get(1)
        && !e.glossary
        && second.score > e.score - 0.05
        && !nested(&e.en, &second.en)
        && !nested(&second.en, &e.en)
    {
        c -= 0.1;
    }
    c.clamp(0.0, 1.0)
}

fn is_name(t: &TermAlignment) -> bool {
    t.candidate.pattern.split(' ').all(|p| p == "NAME")
}

/// Turn aligned terms into proposed entries, best first.
pub fn propose(
    terms: &[TermAlignment],
    fr: &Document,
    en: &Document,
    source: &str,
    opts: &ProposeOptions,
) -> Vec<Proposal> {
    // Pass 1: pairs worth proposing, longest first for the fragment
    // rule.
    let mut keep: Vec<(&TermAlignment, f64)> = Vec::new();
    for t in terms {
        let Some(e) = t.equivalents.first() else { continue };
        if e.en_sentences.is_empty() {
            continue;
        }
        let conf = confidence(t);
        if opts.all {
            if e.score >= ALL_MIN_SCORE {
                keep.push((t, conf));
            }
            continue;
        }
        if conf < opts.min_confidence {
            continue;
        }
        let text = t.candidate.text();
        let same = key(text) == key(&e.en);
        if is_name(t) {
            // A name needs an entry only when the English writes it
            // differently, on strong evidence.
            let strong = e.links.iter().all(|l| {
                !matches!(l.kind, LinkKind::Slot | LinkKind::Cooccurrence)
            });
            if !(opts.names || (!same && strong)) {
                continue;
            }
        } else if t.candidate.words == 1
            && (same
                || !specific_word(text, &crate::text::normalize::fold(text)))
        {
            // Single words: only specific ones, and only when the
            // English differs (a loanword needs no entry).
            continue;
        }
        keep.push((t, conf));
    }
    if !opts.all {
        keep = drop_fragments(keep);
    }
    keep.sort_by(|a, b| b.1.total_cmp(&a.1));
    keep.into_iter().map(|(t, c)| to_entry(t, c, fr, en, source)).collect()
}

/// Drop candidates that only occur inside a longer kept candidate,
/// unless they are terms by themselves (a two-word phrase whose English
/// is inside the longer one's English: `zone euro` in `système bancaire
/// de la zone euro`).
fn drop_fragments(
    mut keep: Vec<(&TermAlignment, f64)>,
) -> Vec<(&TermAlignment, f64)> {
    keep.sort_by_key(|b| std::cmp::Reverse(b.0.candidate.words));
    let mut out: Vec<(&TermAlignment, f64)> = Vec::new();
    for (t, c) in keep {
        let inside = |o: &crate::align::extract::Occurrence| {
            out.iter().find(|(l, _)| {
                l.candidate.occurrences.iter().any(|lo| {
                    lo.sentence == o.sentence
                        && lo.span.start <= o.span.start
                        && o.span.end <= lo.span.end
                })
            })
        };
        let occ = &t.candidate.occurrences;
        let containers: Vec<_> = occ.iter().map(inside).collect();
        let nested = containers.iter().all(Option::is_some);
        if nested && !part_is_term(t, &containers) {
            continue;
        }
        out.push((t, c));
    }
    out
}

/// A candidate nested in longer kept ones is a term by itself when, in
/// each container, it starts or ends the container (`système bancaire`
/// and `zone euro` in `système bancaire de la zone euro`) and its
/// English is inside the container's English. Parts of names (`Banque
/// centrale` in `Banque centrale européenne`) are not.
fn part_is_term(
    t: &TermAlignment,
    containers: &[Option<&(&TermAlignment, f64)>],
) -> bool {
    let en = format!(" {} ", key(&t.equivalents[0].en));
    let part = format!(" {} ", t.candidate.key);
    containers.iter().flatten().all(|(l, _)| {
        let le = format!(" {} ", key(&l.equivalents[0].en));
        if !le.contains(en.as_str()) {
            return false;
        }
        if l.candidate.pattern.starts_with("NAME") {
            return false;
        }
        // Structure: the part starts or ends the container on a word
        // boundary (inner pieces such as "centres de" are never terms).
        let whole = format!(" {} ", l.candidate.key);
        whole.starts_with(part.as_str()) || whole.ends_with(part.as_str())
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn to_entry(
    t: &TermAlignment,
    conf: f64,
    fr: &Document,
    en: &Document,
    source: &str,
) -> Proposal {
    let e = &t.equivalents[0];
    let mut entry = crate::Entry::new("");
    entry.state = ReviewState::Proposed;
    entry.source = source.to_string();
    entry.note = format!(
        "confidence {:.2}; score {:.2}; seen {}×; evidence: {}",
        conf,
        e.score,
        t.candidate.frequency(),
        e.links
            .iter()
            .map(|l| format!("{}={} ({})", l.fr, l.en, l.kind.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let fr_ctx = one_line(fr.sentence(e.fr_sentence));
    let en_ctx = one_line(
        &e.en_sentences
            .iter()
            .map(|&j| en.sentence(j))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let fr_text = t.candidate.text();
    entry.terms = terms_for(
        LangTag::fr(),
        fr_text,
        &fr_canonical(fr_text),
        &fr_ctx,
        source,
    );
    entry.terms.extend(terms_for(
        LangTag::en(),
        &e.en,
        &en_canonical(&e.en),
        &en_ctx,
        source,
    ));
    // An abbreviation and its full form, both with their TBX termType.
    let table = super::acronym::Acronyms::builtin();
    super::acronym::add_forms(&mut entry.terms, &LangTag::fr(), table);
    super::acronym::add_forms(&mut entry.terms, &LangTag::en(), table);
    Proposal { entry, confidence: conf }
}

/// The preferred canonical term, plus the form seen in the text as an
/// admitted plural variant when it differs.
fn terms_for(
    lang: LangTag,
    seen: &str,
    canonical: &str,
    context: &str,
    source: &str,
) -> Vec<crate::Term> {
    let mut t = crate::Term::new(lang.clone(), canonical);
    t.context = context.to_string();
    t.context_source = source.to_string();
    if canonical == seen {
        return vec![t];
    }
    t.number = Some(Number::Singular);
    let mut v = crate::Term::new(lang, seen);
    v.status = AdminStatus::Admitted;
    v.number = Some(Number::Plural);
    v.context = context.to_string();
    v.context_source = source.to_string();
    vec![t, v]
}

/// Add proposals to `g`, best first, each with a fresh id. A proposal
/// whose French or English key equals an entry already there (any
/// state) is not added: its new English or French term becomes an
/// admitted variant of that entry when the entry is still proposed.
/// Rejected pairs are skipped. Returns (added, merged into existing).
pub fn add_proposed(
    g: &mut Glossary,
    proposals: Vec<Proposal>,
    rejected: &Rejected,
) -> (usize, usize) {
    let (mut added, mut merged) = (0, 0);
    for p in proposals {
        let mut e = p.entry;
        let (Some(f), Some(n)) = (e.preferred("fr"), e.preferred("en")) else {
            continue;
        };
        let (fk, ek) = (key(&f.text), key(&n.text));
        if rejected.contains(&fk, &ek) {
            continue;
        }
        let same = |x: &crate::Entry, lang: &str, k: &str| {
            x.terms_in(lang).any(|t| key(&t.text) == k)
        };
        if let Some(old) = g
            .entries
            .iter_mut()
            .find(|x| same(x, "fr", &fk) || same(x, "en", &ek))
        {
            let (lang, k) =
                if same(old, "fr", &fk) { ("en", &ek) } else { ("fr", &fk) };
            if old.state == ReviewState::Proposed
                && !same(old, lang, k)
                && let Some(mut t) =
                    e.terms.iter().find(|t| t.lang.is(lang)).cloned()
            {
                t.status = AdminStatus::Admitted;
                old.terms.push(t);
                merged += 1;
            }
            continue;
        }
        e.id = g.next_id();
        g.entries.push(e);
        added += 1;
    }
    (added, merged)
}

/// Pairs the reviewer rejected, remembered beside the glossary
/// (`<glossary>.rejected.tsv`: French<TAB>English, one pair a line) so
/// they are never proposed again.
#[derive(Debug, Clone, Default)]
pub struct Rejected {
    pairs: HashSet<(String, String)>,
}

impl Rejected {
    /// The sidecar file of a glossary file.
    pub fn path_for(glossary: &Path) -> PathBuf {
        let stem = glossary
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "glossary".into());
        glossary.with_file_name(format!("{stem}.rejected.tsv"))
    }

    /// Read the sidecar (missing file: nothing rejected). Errors name
    /// the file and line.
    pub fn load(path: &Path) -> Result<Rejected> {
        let mut r = Rejected::default();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(r);
            }
            Err(e) => return Err(Error::from(e).in_file(path)),
        };
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((f, e)) = line.split_once('\t') else {
                return Err(Error::parse(
                    crate::error::Position::line(n as u64 + 1, None),
                    "expected French<TAB>English",
                )
                .in_file(path));
            };
            r.insert(f, e);
        }
        Ok(r)
    }

    /// Remember a rejected pair.
    pub fn insert(&mut self, fr: &str, en: &str) {
        self.pairs.insert((key(fr), key(en)));
    }

    /// True when the pair (by keys) was rejected.
    pub fn contains(&self, fr_key: &str, en_key: &str) -> bool {
        self.pairs.contains(&(fr_key.to_string(), en_key.to_string()))
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Append pairs to the sidecar file (created when missing).
    pub fn append(path: &Path, pairs: &[(String, String)]) -> Result<()> {
        use std::io::Write;
        if pairs.is_empty() {
            return Ok(());
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::from(e).in_file(path))?;
        let mut s = String::new();
        for (a, b) in pairs {
            let clean = |x: &str| x.replace(['\t', '\n', '\r'], " ");
            s.push_str(&format!("{}\t{}\n", clean(a), clean(b)));
        }
        f.write_all(s.as_bytes()).map_err(|e| Error::from(e).in_file(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::Term;

    fn proposal(fr: &str, en: &str) -> Proposal {
        let mut e = crate::Entry::new("");
        e.state = ReviewState::Proposed;
        e.terms =
            vec![Term::new(LangTag::fr(), fr), Term::new(LangTag::en(), en)];
        Proposal { entry: e, confidence: 0.9 }
    }

    fn glossary() -> Glossary {
        let mut g = Glossary::new();
        let mut a = crate::Entry::new("c1");
        a.terms = vec![
            Term::new(LangTag::fr(), "puce"),
            Term::new(LangTag::en(), "chip"),
        ];
        let mut p = crate::Entry::new("c2");
        p.state = ReviewState::Proposed;
        p.terms = vec![
            Term::new(LangTag::fr(), "centre de données"),
            Term::new(LangTag::en(), "data center"),
        ];
        g.entries = vec![a, p];
        g
    }

    #[test]
    fn no_duplicates_of_existing_entries() {
        let mut g = glossary();
        let (added, merged) = add_proposed(
            &mut g,
            vec![
                // Same French as an approved entry, inflected: skipped.
                proposal("puces", "chips"),
                // Same English as an approved entry: skipped.
                proposal("semi-conducteur", "Chip"),
                // Same French as a pending entry, new English: a variant.
                proposal("centres de données", "data centre"),
                // Same pair again: nothing.
                proposal("centre de données", "data centers"),
                // New.
                proposal("fonds spéculatif", "hedge fund"),
                // New, twice in one batch: once.
                proposal("modèle de langage", "language model"),
                proposal("modèles de langage", "language models"),
            ],
            &Rejected::default(),
        );
        assert_eq!((added, merged), (2, 1));
        assert_eq!(g.entries.len(), 4);
        let c2 = g.get("c2").unwrap();
        let en: Vec<&str> =
            c2.terms_in("en").map(|t| t.text.as_str()).collect();
        assert_eq!(en, ["data center", "data centre"]);
        assert_eq!(
            g.get("c1").unwrap().terms.len(),
            2,
            "approved entry untouched"
        );
    }

    #[test]
    fn rejected_pairs_are_not_proposed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = Rejected::path_for(&dir.path().join("glossary.csv"));
        assert!(path.ends_with("glossary.rejected.tsv"));
        assert!(Rejected::load(&path).unwrap().is_empty());
        Rejected::append(&path, &[("grappe".into(), "bunch".into())]).unwrap();
        let r = Rejected::load(&path).unwrap();
        assert_eq!(r.len(), 1);
        let mut g = Glossary::new();
        let (added, _) = add_proposed(
            &mut g,
            vec![proposal("Grappe", "bunch"), proposal("grappe", "cluster")],
            &r,
        );
        assert_eq!(added, 1);
        assert_eq!(g.entries[0].preferred("en").unwrap().text, "cluster");
        std::fs::write(&path, "no tab here\n").unwrap();
        let e = Rejected::load(&path).unwrap_err();
        assert!(e.to_string().contains("rejected.tsv"), "{e}");
    }

    #[test]
    fn plural_occurrence_kept_as_admitted_variant() {
        let t = terms_for(LangTag::en(), "AI chips", "AI chip", "ctx", "src");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].text, "AI chip");
        assert_eq!(t[0].status, AdminStatus::Preferred);
        assert_eq!(t[1].text, "AI chips");
        assert_eq!(t[1].status, AdminStatus::Admitted);
        assert_eq!(t[1].number, Some(Number::Plural));
        assert_eq!(terms_for(LangTag::fr(), "puce", "puce", "", "").len(), 1);
    }
}
