//! Check an English draft against its French source and the glossary.
//!
//! [`check`] splits both texts into sentences, aligns them, and for every
//! glossary term in a French sentence looks in the aligned English
//! sentence(s) for one of the concept's allowed English terms (preferred
//! or admitted, any inflection). It reports:
//!
//! | kind | severity | when |
//! |---|---|---|
//! | [`FindingKind::Missing`] | error | no allowed English term in the aligned sentence (a hint for an entry that lists a false friend of its French term, [`false_friend_entry`]: it exists to ban that word, not to impose a translation; a hint too when the sentence has a derived or compound form of an expected term's head word, [`derived_form`]: "regulatory balance" for "équilibre en matière de réglementation") |
//! | [`FindingKind::Deprecated`] | error | a deprecated English term of the concept where the source has its French term (false friends: "eventually" for "éventuellement"), or a misspelt or superseded term anywhere (a former proper name only where the source has it) |
//! | [`FindingKind::Inconsistent`] | warning | one French term translated two ways in the draft (an acronym and its full form count as one way) |
//! | [`FindingKind::Count`] | warning | a term occurs more often in the source sentence than its translations in the target, beyond the tolerated omissions |
//! | [`FindingKind::Hint`] | info | an admitted synonym where the desk prefers another term, or the other English variety (severity set by the house style, [`crate::style`]) |
//!
//! **Review state.** Only approved entries raise errors and warnings. A
//! French term whose concepts are all `proposed` (machine-made, not yet
//! reviewed) yields at most hints; where a French term names an approved
//! and a proposed concept, the approved one decides.
//!
//! **Deprecated English terms.** A deprecated term that is only a
//! spelling of an allowed term of its entry ("A.I." for "AI",
//! "datacenter" for "data center": the same letters once spaces, hyphens
//! and dots are dropped), and any superseded term, is wrong wherever it
//! appears, so it is flagged anywhere in the draft — except proper nouns:
//! a former name ("Industry Canada") is right about the past. Any other deprecated
//! English term is a *translation* to avoid — typically a false friend
//! such as "eventually" for "éventuellement" — and ordinary English
//! elsewhere, so it is flagged only in a sentence aligned with one of the
//! entry's French terms. The reason given is the deprecated term's note,
//! else the entry's note.
//!
//! **Count rule.** For each approved concept found in an aligned sentence
//! pair, its source occurrences are paired in order with its target
//! occurrences (allowed English terms, plus the head word of a multi-word
//! English term alone: "the fund" after "hedge fund"), nearest relative
//! positions first. An unpaired source occurrence is tolerated, as CAT QA
//! tools do, when
//! - another occurrence of the concept is at most [`COLLAPSE_WORDS`]
//!   words away in the source (French repeats a noun in coordination where
//!   English says it once: "les puces H800 et les puces H100" → "H800 and
//!   H100 chips"), or
//! - the target has a pronoun ([`PRONOUNS`]: it, its, they, one, these…)
//!   within [`PRONOUN_WINDOW`] words of where the occurrence projects in
//!   the target sentence (same relative position).
//!
//! Otherwise it is a warning at the unpaired source occurrence. So "les
//! puces Nvidia H800 …, une version moins puissante d’une puce" against
//! "Nvidia H800 fleas, a less powerful version of a chip" warns at
//! "puces", while "Nvidia H800 chips, … of a chip" is clean.
//!
//! A [`Finding`] carries byte spans (target, and source when it comes
//! from one); [`LineIndex`](crate::text::LineIndex) turns them into 1-based lines and character
//! columns. Nothing here prints or reads files.
//!
//! Left out: terms split over two sentences, and judging translations the
//! glossary does not know.

use std::collections::{HashMap, HashSet};

use crate::error::{Error, Result};
pub use crate::finding::{
    Finding, FindingKind, Located, Severity, finding_json, line_range,
};
use crate::glossary::model::{
    AdminStatus, Entry, ReviewState, Term, TermType,
};
use crate::glossary::scanner::{Match, Scanners, TermRef};
use crate::style::{Style, term_variety};
use crate::suggest::{deprecated, everywhere, lang_votes, reason};
use crate::text::tokenize::{Span, Token, TokenKind, tokenize};
use crate::text::{Lang, LineIndex, WordStemmer};

/// One aligned group: French sentence spans and the English sentence
/// spans that translate them (either may be empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pair {
    /// Spans in the source.
    pub source: Vec<Span>,
    /// Spans in the target.
    pub target: Vec<Span>,
}

/// Unpaired source occurrences at most this many words from another
/// occurrence of the same concept are tolerated (see the module docs).
pub const COLLAPSE_WORDS: usize = 5;

/// How many words either side of its projected position a pronoun may be
/// to stand for an unpaired source occurrence.
pub const PRONOUN_WINDOW: usize = 4;

/// English words that may stand for a repeated term (folded).
pub const PRONOUNS: &[&str] = &[
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "one",
    "ones",
    "this",
    "these",
    "those",
    "latter",
    "former",
    "both",
];

/// Check `target` (English) against `source` (French) with no house
/// style: [`check_with`] and [`Style::default`].
pub fn check(
    sc: &Scanners,
    source: &str,
    target: &str,
) -> Result<Vec<Finding>> {
    check_with(sc, &Style::default(), source, target)
}

/// Check `target` (English) against `source` (French): align sentences,
/// then [`check_pairs_with`]. Fails when a text is clearly in the wrong
/// language or the glossary has no term in either language. The house
/// `style` must already have been applied to the scanners' glossary
/// ([`Style::apply`]); here it sets the severity of style findings.
pub fn check_with(
    sc: &Scanners,
    style: &Style,
    source: &str,
    target: &str,
) -> Result<Vec<Finding>> {
    if sc.fr.is_empty() && sc.en.is_empty() {
        return Err(Error::input(
            "the glossary is empty: nothing to check against",
        ));
    }
    wrong_language(source, Lang::Fr, "source")?;
    wrong_language(target, Lang::En, "target")?;
    let pairs = align_pairs(sc, source, target);
    Ok(check_pairs_with(sc, style, source, target, &pairs))
}

/// An error if `text` clearly reads as the other language.
fn wrong_language(text: &str, want: Lang, role: &str) -> Result<()> {
    let (fr, en) = lang_votes(text);
    let (ours, theirs, other) = match want {
        Lang::Fr => (fr, en, "English"),
        Lang::En => (en, fr, "French"),
    };
    if theirs >= 5 && theirs > 3 * ours {
        return Err(Error::input(format!(
            "the {role} looks like {other} ({theirs} {other} function \
             words, {ours} {}); check --source takes the French text and \
             --target the English draft",
            match want {
                Lang::Fr => "French",
                Lang::En => "English",
            }
        )));
    }
    Ok(())
}

/// Translations seen per (entry, French key): (English term, target
/// span, source span).
type Uses = HashMap<(usize, String), Vec<(TermRef, Span, Span)>>;

/// Sentence pairs for two texts: both split into sentences
/// ([`crate::text::segment`]) and aligned ([`crate::align::sentence`]),
/// with paragraphs, the built-in lexicon and the glossary's preferred
/// pairs as anchors.
pub(crate) fn align_pairs(
    sc: &Scanners,
    source: &str,
    target: &str,
) -> Vec<Pair> {
    use crate::align::lexicon::Lexicon;
    use crate::align::sentence::{AlignOptions, align};
    use crate::text::segment::split_sentences;
    let fs = split_sentences(source, Lang::Fr);
    let es = split_sentences(target, Lang::En);
    let ft: Vec<&str> = fs.iter().map(|s| &source[s.span.clone()]).collect();
    let et: Vec<&str> = es.iter().map(|s| &target[s.span.clone()]).collect();
    let fp: Vec<usize> = fs.iter().map(|s| s.paragraph).collect();
    let ep: Vec<usize> = es.iter().map(|s| s.paragraph).collect();
    let glossary: Vec<(String, String)> = sc
        .glossary
        .entries
        .iter()
        .filter(|e| e.state == ReviewState::Approved)
        .filter_map(|e| {
            Some((
                e.preferred("fr")?.text.clone(),
                e.preferred("en")?.text.clone(),
            ))
        })
        .collect();
    let opts = AlignOptions {
        fr_paragraphs: Some(&fp),
        en_paragraphs: Some(&ep),
        lexicon: Some(Lexicon::builtin()),
        glossary: &glossary,
    };
    align(&ft, &et, &opts)
        .into_iter()
        .map(|b| Pair {
            source: b.fr.iter().map(|&i| fs[i].span.clone()).collect(),
            target: b.en.iter().map(|&i| es[i].span.clone()).collect(),
        })
        .collect()
}

/// The matches (sorted by start) that lie inside `ranges` (sorted).
fn matches_in<'m>(sorted: &'m [Match], ranges: &[Span]) -> Vec<&'m Match> {
    let mut out = Vec::new();
    for r in ranges {
        let from = sorted.partition_point(|m| m.span.start < r.start);
        out.extend(
            sorted[from..]
                .iter()
                .take_while(|m| m.span.start < r.end)
                .filter(|m| m.span.end <= r.end),
        );
    }
    out
}

/// Check already-aligned sentence pairs. Findings are sorted by target
/// position.
pub fn check_pairs_with(
    sc: &Scanners,
    style: &Style,
    source: &str,
    target: &str,
    pairs: &[Pair],
) -> Vec<Finding> {
    let fr = french_matches(sc, source);
    let mut en = sc.en.scan_overlapping(target);
    en.sort_by_key(|m| (m.span.start, m.span.end));
    let mut cx = Ctx {
        sc,
        style,
        variety: style.variety(),
        source,
        target,
        src_lines: LineIndex::new(source),
        stemmer: WordStemmer::new(Lang::En),
        out: Vec::new(),
        used: HashMap::new(),
        reported: HashSet::new(),
    };
    for pair in pairs {
        if pair.target.is_empty() || pair.source.is_empty() {
            continue; // Untranslated sentence: nothing to compare.
        }
        let en_here = matches_in(&en, &pair.target);
        let fr_here = matches_in(&fr, &pair.source);
        let mut found: Vec<usize> = Vec::new();
        for m in &fr_here {
            if let Some(entry) = cx.term_in_pair(pair, m, &en_here) {
                found.push(entry);
            }
        }
        found.sort_unstable();
        found.dedup();
        if !found.is_empty() {
            let words = PairWords::new(source, target, pair);
            for entry in found {
                cx.count(pair, entry, &fr_here, &en_here, &words);
            }
        }
    }
    for m in &en {
        if cx.reported.contains(&(m.span.start, m.span.end)) {
            continue;
        }
        if let Some(f) = deprecated(sc, target, m, "en")
            && f.severity > Severity::Info
        {
            cx.out.push(f);
        }
    }
    let Ctx { mut out, used, .. } = cx;
    inconsistencies(sc, source, target, &used, &mut out);
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, b.severity).cmp(&(
            b.span.start,
            b.span.end,
            a.severity,
        ))
    });
    out.dedup_by(|a, b| {
        a.span == b.span
            && a.kind == b.kind
            && a.entry == b.entry
            && a.source_span == b.source_span
    });
    out
}

/// The French terms of `source`: leftmost-longest matches, plus, inside a
/// match no approved entry names, the approved terms nested in it
/// (leftmost-longest), so a proposed "fonds spéculatif quantitatif
/// chinois" does not hide the approved "fonds spéculatif". Sorted by
/// start.
fn french_matches(sc: &Scanners, source: &str) -> Vec<Match> {
    let longest = sc.fr.scan(source);
    let approved = |m: &Match| {
        m.terms.iter().any(|r| {
            sc.entry(*r).state == ReviewState::Approved
                && !sc.term(*r).is_discouraged()
        })
    };
    if longest.iter().all(approved) {
        return longest;
    }
    let mut all = sc.fr.scan_overlapping(source);
    all.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut out = Vec::with_capacity(longest.len());
    for m in longest {
        if !approved(&m) {
            let from = all.partition_point(|x| x.span.start < m.span.start);
            let mut end = m.span.start;
            for x in
                all[from..].iter().take_while(|x| x.span.start < m.span.end)
            {
                if x.span.end <= m.span.end
                    && x.span.start >= end
                    && x.span != m.span
                    && approved(x)
                {
                    out.push(x.clone());
                    end = x.span.end;
                }
            }
        }
        out.push(m);
    }
    out.sort_by_key(|m| (m.span.start, m.span.end));
    out
}

/// True when the entry lists a false friend: a deprecated English term,
/// no mere spelling of an allowed one, that looks like one of the entry's
/// French terms (the same first four letters once folded:
/// "éventuellement"/"eventually", "contrôler"/"control").
pub fn false_friend_entry(e: &Entry) -> bool {
    let head = |s: &str| -> String {
        crate::text::fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(4)
            .collect()
    };
    let fr: Vec<String> = e
        .terms_in("fr")
        .map(|t| head(&t.text))
        .filter(|h| h.chars().count() == 4)
        .collect();
    e.terms_in("en").any(|t| {
        t.is_discouraged() && !everywhere(e, t) && fr.contains(&head(&t.text))
    })
}

/// A word of the aligned target sentences that looks like a derived or
/// compound form of an expected English term's head word ("regulatory"
/// for "regulation", "ransomware" for "ransom", "computing" for
/// "compute"): at least five leading letters in common, and at least 70%
/// of the shorter word. The translator rephrased around the concept
/// rather than dropping it, so a missing term is then only a hint.
fn derived_form<'t>(
    target: &'t str,
    spans: &[Span],
    expected: &[String],
) -> Option<&'t str> {
    let heads: Vec<Vec<char>> = expected
        .iter()
        .filter_map(|t| t.split_whitespace().last())
        .map(|w| w.to_lowercase().chars().collect::<Vec<char>>())
        .filter(|w| w.len() >= 5)
        .collect();
    for s in spans {
        let Some(sentence) = target.get(s.clone()) else { continue };
        for w in sentence.split(|c: char| !c.is_alphanumeric()) {
            let lw: Vec<char> = w.to_lowercase().chars().collect();
            for h in &heads {
                let common =
                    lw.iter().zip(h).take_while(|(a, b)| a == b).count();
                let short = lw.len().min(h.len());
                if common >= 5 && common * 10 >= short * 7 {
                    return Some(w);
                }
            }
        }
    }
    None
}

/// State shared by the checks of one draft.
struct Ctx<'a> {
    sc: &'a Scanners,
    style: &'a Style,
    variety: Option<String>,
    source: &'a str,
    target: &'a str,
    src_lines: LineIndex,
    stemmer: WordStemmer,
    out: Vec<Finding>,
    used: Uses,
    /// Target spans already reported as deprecated for a source term.
    reported: HashSet<(usize, usize)>,
}

/// "“a”", "“a” or “b”".
fn quoted_list(items: &[String]) -> String {
    items.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(" or ")
}

impl Ctx<'_> {
    /// The entries a French match names whose French term is allowed and
    /// which have an allowed English term: the approved ones, or the
    /// proposed ones when none is approved. `None` when there is none.
    fn deciding(&self, m: &Match) -> Option<(Vec<usize>, ReviewState)> {
        let mut entries: Vec<usize> = Vec::new();
        for r in m.terms.iter() {
            let e = self.sc.entry(*r);
            if self.sc.term(*r).is_discouraged()
                || entries.contains(&r.entry)
                || !e.terms_in("en").any(|t| !t.is_discouraged())
            {
                continue;
            }
            entries.push(r.entry);
        }
        let approved: Vec<usize> = entries
            .iter()
            .copied()
            .filter(|&i| {
                self.sc.glossary.entries[i].state == ReviewState::Approved
            })
            .collect();
        if !approved.is_empty() {
            Some((approved, ReviewState::Approved))
        } else if !entries.is_empty() {
            Some((entries, ReviewState::Proposed))
        } else {
            None
        }
    }

    /// Look for the translation of French match `m` in the pair. Returns
    /// the approved entry it was found for (for the count check).
    fn term_in_pair(
        &mut self,
        pair: &Pair,
        m: &Match,
        en_here: &[&Match],
    ) -> Option<usize> {
        let sc = self.sc;
        let written = &self.source[m.span.clone()];
        let (entries, state) = self.deciding(m)?;
        let approved = state == ReviewState::Approved;
        for &ei in &entries {
            let e = &sc.glossary.entries[ei];
            // The first allowed English term of this concept here.
            let hit = en_here.iter().find_map(|em| {
                em.terms
                    .iter()
                    .find(|er| {
                        er.entry == ei && !sc.term(**er).is_discouraged()
                    })
                    .map(|er| (*er, em.span.clone()))
            });
            let Some((er, span)) = hit else { continue };
            if approved {
                let key = (ei, crate::text::key(written));
                self.used.entry(key).or_default().push((
                    er,
                    span.clone(),
                    m.span.clone(),
                ));
            }
            self.style_hint(e, sc.term(er), span, m, state);
            return approved.then_some(ei);
        }
        // No allowed term: name what is expected, approved entries first.
        let mut expected: Vec<String> = Vec::new();
        for &ei in &entries {
            for t in sc.glossary.entries[ei].terms_in("en") {
                if !t.is_discouraged() && !expected.contains(&t.text) {
                    expected.push(t.text.clone());
                }
            }
        }
        let first = &sc.glossary.entries[entries[0]];
        // An entry that lists a false friend of its French term exists to
        // warn against that word, not to impose one translation of a
        // general word ("actuellement" may be "now", "today", a tense):
        // without the false friend, a hint.
        let trap = entries
            .iter()
            .all(|&ei| false_friend_entry(&sc.glossary.entries[ei]));
        let severity =
            if approved && !trap { Severity::Error } else { Severity::Info };
        let unreviewed = if approved {
            String::new()
        } else {
            format!(" (proposed entry {}, not reviewed)", first.id)
        };
        let list = quoted_list(&expected);
        // A deprecated term of the concept here: a false friend, or a
        // term to avoid; one finding, with the glossary's reason.
        let wrong = en_here.iter().find_map(|em| {
            em.terms
                .iter()
                .find(|er| {
                    entries.contains(&er.entry)
                        && sc.term(**er).is_discouraged()
                })
                .map(|er| (*er, em.span.clone()))
        });
        let finding = match wrong {
            Some((er, span)) => {
                self.reported.insert((span.start, span.end));
                let t = sc.term(er);
                let used = &self.target[span.clone()];
                // A false friend's severity is the desk's to set.
                let severity = if everywhere(sc.entry(er), t) || !approved {
                    severity
                } else {
                    self.style.severity.false_friend.severity()?
                };
                Finding {
                    severity,
                    kind: FindingKind::Deprecated,
                    span: span.clone(),
                    source_span: Some(m.span.clone()),
                    term: used.to_string(),
                    expected,
                    entry: sc.entry(er).id.clone(),
                    state: sc.entry(er).state,
                    message: format!(
                        "“{used}” is {} for “{written}”: use {list}{}{unreviewed}",
                        t.status,
                        reason(sc.entry(er), t)
                    ),
                }
            }
            None => {
                self.missing(pair, m, first, expected, severity, &unreviewed)
            }
        };
        self.out.push(finding);
        None
    }

    /// The `missing` finding for French match `m`: no allowed English
    /// term of `first` (and the other entries of `expected`) in the pair.
    /// Rephrased around the concept rather than dropped (a derived form
    /// is there, [`derived_form`]): a hint.
    fn missing(
        &self,
        pair: &Pair,
        m: &Match,
        first: &Entry,
        expected: Vec<String>,
        severity: Severity,
        unreviewed: &str,
    ) -> Finding {
        let written = &self.source[m.span.clone()];
        let list = quoted_list(&expected);
        let first_s = &pair.target[0];
        let last = &pair.target[pair.target.len() - 1];
        let derived = (severity == Severity::Error)
            .then(|| derived_form(self.target, &pair.target, &expected))
            .flatten();
        let severity =
            if derived.is_some() { Severity::Info } else { severity };
        let rephrased = derived
            .map(|w| format!(" (“{w}” there may render it)"))
            .unwrap_or_default();
        Finding {
            severity,
            kind: FindingKind::Missing,
            span: first_s.start..last.end,
            source_span: Some(m.span.clone()),
            term: written.to_string(),
            expected,
            entry: first.id.clone(),
            state: first.state,
            message: format!(
                "“{written}” should be translated {list}; not found in the \
                 aligned sentence{rephrased}{unreviewed}"
            ),
        }
    }

    /// Hints from the house style for an allowed term used: the other
    /// English variety, or an admitted synonym where a preferred term
    /// exists.
    fn style_hint(
        &mut self,
        e: &Entry,
        t: &Term,
        span: Span,
        m: &Match,
        state: ReviewState,
    ) {
        let cap = |s: Severity| {
            if state == ReviewState::Approved { s } else { Severity::Info }
        };
        let written = &self.source[m.span.clone()];
        let used = &self.target[span.clone()];
        let mk = |severity, expected: &Term, message| Finding {
            severity,
            kind: FindingKind::Hint,
            span: span.clone(),
            source_span: Some(m.span.clone()),
            term: used.to_string(),
            expected: vec![expected.text.clone()],
            entry: e.id.clone(),
            state: e.state,
            message,
        };
        if let (Some(want), Some(got)) = (&self.variety, term_variety(t))
            && got != *want
        {
            let ours = e.terms_in("en").find(|x| {
                !x.is_discouraged()
                    && term_variety(x).as_deref() == Some(want.as_str())
            });
            if let Some(ours) = ours {
                if let Some(sev) = self.style.severity.other_variety.severity()
                {
                    self.out.push(mk(
                        cap(sev),
                        ours,
                        format!(
                            "“{used}” is {got}; the house style is {want}: \
                             “{}”",
                            ours.text
                        ),
                    ));
                }
                return;
            }
        }
        if t.status == AdminStatus::Admitted
            && let Some(p) = e.preferred("en")
            && p.status == AdminStatus::Preferred
            && let Some(sev) = self.style.severity.admitted.severity()
        {
            self.out.push(mk(
                cap(sev),
                p,
                format!(
                    "“{}” is admitted for “{written}”; the preferred term is \
                     “{}”",
                    t.text, p.text
                ),
            ));
        }
    }

    /// The count rule (module docs) for approved entry `ei` in `pair`.
    fn count(
        &mut self,
        pair: &Pair,
        ei: usize,
        fr_here: &[&Match],
        en_here: &[&Match],
        words: &PairWords,
    ) {
        let sc = self.sc;
        let names = |m: &Match, fr: bool| {
            m.terms.iter().any(|r| {
                r.entry == ei
                    && !sc.term(*r).is_discouraged()
                    && sc.term(*r).lang.is(if fr { "fr" } else { "en" })
            })
        };
        let src: Vec<&Span> = fr_here
            .iter()
            .filter(|m| names(m, true))
            .map(|m| &m.span)
            .collect();
        // Bounded work: a sentence repeating a term 64 times is not prose.
        if src.len() < 2 || src.len() > 64 {
            return;
        }
        // Target occurrences; nested matches of one concept count once.
        let mut tgt = outermost(
            en_here
                .iter()
                .filter(|m| names(m, false))
                .map(|m| m.span.clone())
                .collect(),
        );
        if tgt.len() >= src.len() {
            return;
        }
        // Head words of multi-word English terms ("fund" of "hedge fund").
        let heads: HashSet<String> = sc.glossary.entries[ei]
            .terms_in("en")
            .filter(|t| !t.is_discouraged())
            .filter_map(|t| {
                let toks = tokenize(&t.text);
                let last = toks.last().filter(|_| toks.len() > 1)?;
                Some(self.stemmer.stem_token(&t.text, last))
            })
            .collect();
        if !heads.is_empty() {
            let stems = words.en_stems(&self.stemmer, self.target);
            let mut extra = Vec::new();
            for (tok, stem) in words.en.iter().zip(stems) {
                // Enough to pair every source occurrence: stop (bounded).
                if tgt.len() + extra.len() >= src.len() {
                    break;
                }
                if heads.contains(stem) && !covered(&tgt, &tok.span) {
                    extra.push(tok.span.clone());
                }
            }
            tgt.extend(extra);
        }
        if tgt.len() >= src.len() {
            return;
        }
        tgt.sort_by_key(|s| s.start);
        let rs: Vec<f64> = src.iter().map(|s| words.fr_rel(s.start)).collect();
        let rt: Vec<f64> = tgt.iter().map(|s| words.en_rel(s.start)).collect();
        for u in unpaired(&rs, &rt) {
            let s = src[u];
            let close = src.iter().enumerate().any(|(j, o)| {
                j != u && words.fr_words_between(s, o) <= COLLAPSE_WORDS
            });

            if close || words.pronoun_near(rs[u]) {
                continue;
            }
            let written = &self.source[s.clone()];
            let expected: Vec<String> = sc.glossary.entries[ei]
                .terms_in("en")
                .filter(|t| !t.is_discouraged())
                .map(|t| t.text.clone())
                .collect();
            let (line, col) = self.src_lines.locate(self.source, s.start);
            let first = &pair.target[0];
            let last = &pair.target[pair.target.len() - 1];
            let e = &sc.glossary.entries[ei];
            self.out.push(Finding {
                severity: Severity::Warning,
                kind: FindingKind::Count,
                span: first.start..last.end,
                source_span: Some(s.clone()),
                term: written.to_string(),
                expected: expected.clone(),
                entry: e.id.clone(),
                state: e.state,
                message: format!(
                    "“{written}” (source line {line}, column {col}) seems \
                     untranslated: the source sentence names this concept \
                     {} times, the translation {} time(s) ({})",
                    src.len(),
                    tgt.len(),
                    quoted_list(&expected)
                ),
            });
        }
    }
}

/// The spans not inside another one, sorted by start (so their ends
/// increase too).
fn outermost(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if out.last().is_none_or(|l| s.end > l.end) {
            out.push(s);
        }
    }
    out
}

/// True if `span` lies inside one of `sorted` ([`outermost`] output).
fn covered(sorted: &[Span], span: &Span) -> bool {
    let i = sorted.partition_point(|s| s.start <= span.start);
    i > 0 && sorted[i - 1].end >= span.end
}

/// Which of the source positions `rs` stay unpaired when the target
/// positions `rt` (fewer, both ascending) are paired with them in order,
/// minimising the total distance between relative positions.
fn unpaired(rs: &[f64], rt: &[f64]) -> Vec<usize> {
    let (n, k) = (rs.len(), rt.len());
    if k == 0 {
        return (0..n).collect();
    }
    // cost[i][j]: best cost pairing the first j targets within the first
    // i sources.
    let inf = f64::INFINITY;
    let mut cost = vec![vec![inf; k + 1]; n + 1];
    for row in cost.iter_mut() {
        row[0] = 0.0;
    }
    for i in 1..=n {
        for j in 1..=k.min(i) {
            let skip = cost[i - 1][j];
            let take = cost[i - 1][j - 1] + (rs[i - 1] - rt[j - 1]).abs();
            cost[i][j] = skip.min(take);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, k);
    while i > 0 {
        let take = j > 0
            && cost[i][j]
                == cost[i - 1][j - 1] + (rs[i - 1] - rt[j - 1]).abs();
        if take {
            j -= 1;
        } else {
            out.push(i - 1);
        }
        i -= 1;
    }
    out.reverse();
    out
}

/// The words of one aligned pair, for relative positions and windows.
struct PairWords {
    fr: Vec<Token>,
    en: Vec<Token>,
    /// Stems of `en`, computed on first use.
    en_stems: std::cell::OnceCell<Vec<String>>,
}

impl PairWords {
    fn new(source: &str, target: &str, pair: &Pair) -> PairWords {
        let words = |text: &str, spans: &[Span]| {
            let mut out = Vec::new();
            for s in spans {
                out.extend(
                    tokenize(&text[s.clone()])
                        .into_iter()
                        .filter(|t| {
                            matches!(
                                t.kind,
                                TokenKind::Word | TokenKind::Number
                            )
                        })
                        .map(|mut t| {
                            t.span =
                                t.span.start + s.start..t.span.end + s.start;
                            t
                        }),
                );
            }
            out
        };
        PairWords {
            fr: words(source, &pair.source),
            en: words(target, &pair.target),
            en_stems: std::cell::OnceCell::new(),
        }
    }

    fn rel(toks: &[Token], at: usize) -> f64 {
        let i = toks.partition_point(|t| t.span.start < at);
        i as f64 / toks.len().max(1) as f64
    }

    fn fr_rel(&self, at: usize) -> f64 {
        PairWords::rel(&self.fr, at)
    }

    fn en_rel(&self, at: usize) -> f64 {
        PairWords::rel(&self.en, at)
    }

    /// Stems of the target words (computed once per pair).
    fn en_stems(&self, st: &WordStemmer, target: &str) -> &[String] {
        self.en_stems.get_or_init(|| {
            self.en.iter().map(|t| st.stem_token(target, t)).collect()
        })
    }

    /// Source words strictly between two occurrences.
    fn fr_words_between(&self, a: &Span, b: &Span) -> usize {
        let (x, y) = if a.start <= b.start { (a, b) } else { (b, a) };
        let after_x = self.fr.partition_point(|t| t.span.start < x.end);
        let before_y = self.fr.partition_point(|t| t.span.end <= y.start);
        before_y.saturating_sub(after_x)
    }

    /// A pronoun within [`PRONOUN_WINDOW`] words of relative position
    /// `rel` in the target.
    fn pronoun_near(&self, rel: f64) -> bool {
        let n = self.en.len();
        if n == 0 {
            return false;
        }
        let at = ((rel * n as f64).round() as usize).min(n - 1);
        let lo = at.saturating_sub(PRONOUN_WINDOW);
        let hi = (at + PRONOUN_WINDOW).min(n - 1);
        self.en[lo..=hi].iter().any(|t| PRONOUNS.contains(&t.folded.as_str()))
    }
}

fn inconsistencies(
    sc: &Scanners,
    source: &str,
    target: &str,
    used: &Uses,
    out: &mut Vec<Finding>,
) {
    let lines = LineIndex::new(target);
    for uses in used.values() {
        let (first, first_span, _) = &uses[0];
        for (r, span, src) in &uses[1..] {
            let short = |t: &Term| {
                matches!(
                    t.term_type,
                    Some(TermType::Acronym | TermType::Abbreviation)
                )
            };
            // An acronym and its full form ("AI", "artificial
            // intelligence") are one choice: newsrooms spell out on
            // first mention.
            let (a, b) = (sc.term(*r), sc.term(*first));
            if r == first || a.text == b.text || short(a) || short(b) {
                continue;
            }
            let written = &source[src.clone()];
            let (line, col) = lines.locate(target, first_span.start);
            out.push(Finding {
                severity: Severity::Warning,
                kind: FindingKind::Inconsistent,
                span: span.clone(),
                source_span: Some(src.clone()),
                term: target[span.clone()].to_string(),
                expected: vec![sc.term(*first).text.clone()],
                entry: sc.entry(*r).id.clone(),
                state: sc.entry(*r).state,
                message: format!(
                    "“{written}” is translated “{}” here but “{}” at line \
                     {line}, column {col}",
                    &target[span.clone()],
                    &target[first_span.clone()]
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::native;

    fn sc() -> Scanners {
        let csv = "id,lang,term,status\n\
                   c1,fr,puce,preferred\nc1,en,chip,preferred\n\
                   c1,en,semiconductor,admitted\n\
                   c1,en,microprocessor,deprecated\n\
                   c2,fr,fonds spéculatif,preferred\n\
                   c2,en,hedge fund,preferred\nc2,en,speculative fund,admitted\n\
                   c3,fr,centre de données,preferred\n\
                   c3,en,data center,preferred\n\
                   c4,fr,grappe de centres de données,preferred\n\
                   c4,en,data center cluster,preferred\n";
        Scanners::new(native::read(csv.as_bytes()).unwrap())
    }

    /// (kind, severity, term, expected[0], target text at span)
    fn run(
        source: &str,
        target: &str,
    ) -> Vec<(String, String, String, String, String)> {
        check(&sc(), source, target)
            .unwrap()
            .into_iter()
            .map(|f| {
                (
                    f.kind.as_str().to_string(),
                    f.severity.as_str().to_string(),
                    f.term,
                    f.expected.first().cloned().unwrap_or_default(),
                    target[f.span].to_string(),
                )
            })
            .collect()
    }

    fn row(
        k: &str,
        s: &str,
        t: &str,
        e: &str,
        at: &str,
    ) -> (String, String, String, String, String) {
        (k.into(), s.into(), t.into(), e.into(), at.into())
    }

    #[test]
    fn issue_5_inflected_translation_is_not_flagged() {
        assert_eq!(
            run(
                "Les puces des centres de données.\n",
                "The chips of the data centers.\n"
            ),
            []
        );
    }

    #[test]
    fn issue_5_synonym_satisfies_check_with_hint() {
        assert_eq!(
            run("Les puces.\n", "The semiconductors.\n"),
            [row("hint", "info", "semiconductors", "chip", "semiconductors")]
        );
    }

    #[test]
    fn issue_5_missing_and_deprecated() {
        // A deprecated term of the concept where the source has its French
        // term: one finding, naming what to write instead.
        assert_eq!(
            run("Les puces chinoises.\n", "The Chinese microprocessors.\n"),
            [row(
                "deprecated",
                "error",
                "microprocessors",
                "chip",
                "microprocessors"
            )]
        );
        let f = check(
            &sc(),
            "Les puces chinoises.\n",
            "The Chinese microprocessors.\n",
        )
        .unwrap();
        assert_eq!(
            f[0].message,
            "“microprocessors” is deprecated for “puces”: use “chip” or \
             “semiconductor”"
        );
        let target = "The Chinese processors.\n";
        let got = run("Les puces chinoises.\n", target);
        assert_eq!(
            got,
            [row(
                "missing",
                "error",
                "puces",
                "chip",
                "The Chinese processors."
            )]
        );
    }

    /// A deprecated English term that is a word of its own (not a
    /// spelling of an allowed term) is flagged only where the source has
    /// the entry's French term; a misspelling is flagged anywhere.
    #[test]
    fn deprecated_terms_bound_to_the_source_unless_misspellings() {
        let sc = sc_with(
            "c3,approved,fr,centre de données,preferred\n\
             c3,,en,data center,preferred\nc3,,en,datacenter,deprecated\n\
             c4,approved,fr,éventuellement,preferred\n\
             c4,,en,possibly,preferred\nc4,,en,eventually,deprecated\n",
        );
        let target = "Eventually, datacenters matter.\n";
        let f = check(&sc, "Les ordinateurs comptent.\n", target).unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&target[f[0].span.clone()], "datacenters");
        assert_eq!(
            f[0].message,
            "“datacenters” is deprecated: use “data center”"
        );
        let f = check(
            &sc,
            "Le fonds investira éventuellement.\n",
            "The fund will eventually invest.\n",
        )
        .unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            f[0].message,
            "“eventually” is deprecated for “éventuellement”: use “possibly”"
        );
        // Neither the false friend nor the listed translation: a hint.
        let f = check(
            &sc,
            "Le fonds investira éventuellement.\n",
            "The fund may invest.\n",
        )
        .unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].kind, f[0].severity),
            (FindingKind::Missing, Severity::Info)
        );
    }

    fn sc_with(extra: &str) -> Scanners {
        let csv = format!(
            "id,state,lang,term,status\n\
             c1,approved,fr,puce,preferred\nc1,,en,chip,preferred\n\
             c2,approved,fr,fonds spéculatif,preferred\n\
             c2,,en,hedge fund,preferred\n{extra}"
        );
        Scanners::new(native::read(csv.as_bytes()).unwrap())
    }

    fn kinds(sc: &Scanners, fr: &str, en: &str) -> Vec<(String, String)> {
        check(sc, fr, en)
            .unwrap()
            .into_iter()
            .map(|f| (f.severity.as_str().into(), f.kind.as_str().into()))
            .collect()
    }

    #[test]
    fn proposed_entries_give_hints_only() {
        let sc = sc_with(
            "c3,proposed,fr,grappe,preferred\nc3,,en,cluster,preferred\n\
             c4,proposed,fr,jeton,preferred\nc4,,en,token,preferred\n\
             c4,,en,tocken,deprecated\n\
             c5,proposed,fr,puce,preferred\nc5,,en,flea,preferred\n",
        );
        // Missing and deprecated terms of proposed entries: hints.
        let f = check(
            &sc,
            "La grappe et le jeton.\n",
            "The group and the tocken.\n",
        )
        .unwrap();
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.severity == Severity::Info), "{f:?}");
        assert!(f.iter().all(|f| f.state == ReviewState::Proposed));
        assert!(f[0].message.ends_with("(proposed entry c3, not reviewed)"));
        // "puce" is approved (c1) and proposed (c5): the approved entry
        // decides, so "flea" does not satisfy it.
        assert_eq!(
            kinds(&sc, "Une puce.\n", "A flea.\n"),
            [("error".into(), "missing".into())]
        );
        let f = check(&sc, "Une puce.\n", "A flea.\n").unwrap();
        assert_eq!(f[0].entry, "c1");
        assert_eq!(f[0].expected, ["chip"]);
        assert!(kinds(&sc, "Une puce.\n", "A chip.\n").is_empty());
        // A longer proposed term does not hide the approved one inside.
        let sc = sc_with(
            "c6,proposed,fr,fonds spéculatif quantitatif,preferred\n\
             c6,,en,quant fund,preferred\n",
        );
        assert_eq!(
            kinds(
                &sc,
                "Un fonds spéculatif quantitatif.\n",
                "A quant fund.\n"
            ),
            [("error".into(), "missing".into())]
        );
        let f = check(
            &sc,
            "Un fonds spéculatif quantitatif.\n",
            "A quantitative hedge fund.\n",
        )
        .unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].severity, f[0].entry.as_str()),
            (Severity::Info, "c6")
        );
    }

    /// Issue 16 item 6: the real miss from the DeepSeek sentence, and the
    /// correct translations the rule keeps quiet.
    #[test]
    fn count_rule_catches_the_fleas_and_spares_correct_translations() {
        let sc = sc_with("");
        let fr = "Pour former l’un de ses modèles les plus récents, \
                  l’entreprise a été contrainte d’utiliser les puces Nvidia \
                  H800, une version moins puissante d’une puce, le H100, \
                  disponible pour les entreprises américaines.\n";
        let good = "To train one of its most recent models, the company was \
                    forced to use Nvidia H800 chips, a less powerful version \
                    of a chip, the H100, that is available to US companies.\n";
        assert!(kinds(&sc, fr, good).is_empty());
        let fleas = good.replace("H800 chips", "H800 fleas");
        let f = check(&sc, fr, &fleas).unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].severity, f[0].kind),
            (Severity::Warning, FindingKind::Count)
        );
        // The position is the unpaired occurrence, "puces", not "puce".
        let at = f[0].source_span.clone().unwrap();
        assert_eq!(&fr[at.clone()], "puces");
        assert_eq!(at.start, fr.find("puces").unwrap());
        assert!(
            f[0].message.contains("(source line 1, column 96)"),
            "{}",
            f[0].message
        );
        // A pronoun where the second chip was: quiet.
        let one = good.replace("version of a chip", "version of one");
        assert!(kinds(&sc, fr, &one).is_empty());
        // A coordination French repeats and English says once: quiet.
        assert!(
            kinds(
                &sc,
                "Les puces H800 et les puces H100 sont chinoises.\n",
                "The H800 and H100 chips are Chinese.\n"
            )
            .is_empty()
        );
        // The head word alone takes up a multi-word term.
        assert!(
            kinds(
                &sc,
                "Le fonds spéculatif a grandi, puis le fonds spéculatif a \
                 investi dans plusieurs start-up chinoises.\n",
                "The hedge fund grew, then the fund invested in several \
                 Chinese start-ups.\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn acronym_and_full_form_are_consistent() {
        let sc = sc_with(
            "c3,approved,fr,IA,preferred\n\
             c3,,en,artificial intelligence,preferred\n\
             c3,,en,AI,admitted\n",
        );
        let sc = {
            let mut g = sc.glossary.clone();
            g.entries[2].terms[2].term_type = Some(TermType::Acronym);
            Scanners::new(g)
        };
        assert!(
            kinds(
                &sc,
                "L’IA progresse.\nL’IA gagne.\n",
                "Artificial intelligence (AI) advances.\nAI wins.\n"
            )
            .iter()
            .all(|(sev, _)| sev == "info")
        );
        let f = kinds(
            &sc,
            "Le fonds spéculatif.\nCe fonds spéculatif.\n",
            "The hedge fund.\nThis hedge fund.\n",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn outermost_spans_and_cover() {
        let o = outermost(vec![5..9, 0..4, 0..10, 12..15, 13..14, 11..16]);
        assert_eq!(o, [0..10, 11..16]);
        assert!(covered(&o, &(12..15)) && covered(&o, &(0..10)));
        assert!(!covered(&o, &(9..12)) && !covered(&o, &(16..17)));
    }

    #[test]
    fn unpaired_keeps_the_nearest_in_order() {
        assert_eq!(unpaired(&[0.1, 0.5, 0.9], &[0.85]), [0, 1]);
        assert_eq!(unpaired(&[0.1, 0.5, 0.9], &[0.1, 0.5]), [2]);
        assert_eq!(unpaired(&[0.2, 0.3], &[]), [0, 1]);
        assert_eq!(unpaired(&[0.2, 0.8], &[0.25]), [1]);
    }

    #[test]
    fn issue_5_longest_source_term_decides() {
        assert_eq!(
            run(
                "Des grappes de centres de données.\n",
                "Data center clusters.\n"
            ),
            []
        );
    }

    #[test]
    fn issue_5_consistency() {
        let got = run(
            "Un fonds spéculatif.\nCe fonds spéculatif.\n",
            "A hedge fund.\nThis speculative fund.\n",
        );
        assert_eq!(
            got,
            [
                row(
                    "inconsistent",
                    "warning",
                    "speculative fund",
                    "hedge fund",
                    "speculative fund"
                ),
                row(
                    "hint",
                    "info",
                    "speculative fund",
                    "hedge fund",
                    "speculative fund"
                ),
            ]
        );
        let f = check(
            &sc(),
            "Un fonds spéculatif.\nCe fonds spéculatif.\n",
            "A hedge fund.\nThis speculative fund.\n",
        )
        .unwrap();
        assert_eq!(
            f[0].message,
            "“fonds spéculatif” is translated “speculative fund” here but \
             “hedge fund” at line 1, column 3"
        );
    }

    #[test]
    fn wrong_language_and_empty_glossary() {
        let fr = "Les puces sont dans le centre de données et la grappe.";
        let err = check(&sc(), fr, fr).unwrap_err().to_string();
        assert!(err.contains("target looks like French"), "{err}");
        let empty = Scanners::new(crate::Glossary::new());
        let err = check(&empty, fr, "The chips.").unwrap_err().to_string();
        assert!(err.contains("glossary is empty"), "{err}");
    }
}
