//! CAT-style fuzzy match percentage between two segments.
//!
//! [`score`] compares a query with a stored source segment the way CAT
//! tools present matches: 100 means the same text (up to spacing), and the
//! percentage drops with a token-level edit distance over the words of
//! [`crate::text::tokenize`]:
//!
//! | difference | cost |
//! |---|---|
//! | a word inserted, deleted or replaced | 1 |
//! | a word moved elsewhere in the sentence | ½ |
//! | a number changed (`3` → `4`) | 0.3 (numbers are placeables) |
//! | case, accents or apostrophe style only (`IA` → `ia`) | 0.2 |
//! | each punctuation character added, removed or changed | 0.1 (at most 0.5) |
//!
//! `score = 100 × (1 − cost / longer length in words)`, rounded down and
//! capped at 99 unless the texts are identical. The result also gives the
//! byte spans of the stored segment that differ from the query, for
//! highlighting. Inline markup never reaches this module: the TM scores
//! plain text.

use crate::text::tokenize::{Span, Token, TokenKind};

/// Cost of a word inserted, deleted or replaced.
const WORD: f32 = 1.0;
/// Cost of a changed number.
const NUMBER: f32 = 0.3;
/// Cost of a case/accent/apostrophe-only difference.
const CASE: f32 = 0.2;
/// Cost of a moved word (instead of its delete + insert, or its share of
/// two replacements).
const MOVE: f32 = 0.5;
/// Cost of a punctuation edit, and the cap on the punctuation total.
const PUNCT: f32 = 0.1;
const PUNCT_CAP: f32 = 0.5;
/// Longest token sequences compared exactly (longer ones are cut; a
/// segment that long is a paragraph, not a sentence).
const MAX_TOKENS: usize = 400;

/// A scored comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// 0–100.
    pub percent: u8,
    /// Byte spans of the stored text that differ from the query.
    pub diff: Vec<Span>,
}

#[cfg(test)]
/// Score `stored` against `query`. See the module docs for the costs.
pub fn score(query: &str, stored: &str) -> Score {
    let q = crate::text::tokenize::tokenize(query);
    let s = crate::text::tokenize::tokenize(stored);
    score_tokens(query, &q, stored, &s)
}

/// [`score`] with both texts already tokenised.
pub fn score_tokens(
    query: &str,
    q: &[Token],
    stored: &str,
    s: &[Token],
) -> Score {
    if same_text(query, stored) {
        return Score { percent: 100, diff: Vec::new() };
    }
    let q = &q[..q.len().min(MAX_TOKENS)];
    let s = &s[..s.len().min(MAX_TOKENS)];
    let (n, m) = (q.len(), s.len());
    if n == 0 || m == 0 {
        let diff = s.iter().map(|t| t.span.clone()).collect();
        let percent = if n == m { 90 } else { 0 };
        return Score { percent, diff };
    }
    // Edit distance table, (n+1) × (m+1), row-major.
    let w = m + 1;
    let mut d = vec![0f32; (n + 1) * w];
    for i in 0..=n {
        d[i * w] = i as f32 * WORD;
    }
    for (j, cell) in d.iter_mut().enumerate().take(m + 1) {
        *cell = j as f32 * WORD;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[(i - 1) * w + j - 1]
                + subst(query, &q[i - 1], stored, &s[j - 1]);
            let del = d[(i - 1) * w + j] + WORD;
            let ins = d[i * w + j - 1] + WORD;
            d[i * w + j] = sub.min(del).min(ins);
        }
    }
    // Walk back: words of each side that found no equal partner.
    let (mut i, mut j) = (n, m);
    // (word, the share of the distance it accounts for)
    let mut lost_q: Vec<(&str, f32)> = Vec::new();
    let mut lost_s: Vec<(&str, f32)> = Vec::new();
    let mut diff = Vec::new();
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 {
            let c = subst(query, &q[i - 1], stored, &s[j - 1]);
            if (d[(i - 1) * w + j - 1] + c - here).abs() < 1e-4 {
                if c > 0.0 {
                    diff.push(s[j - 1].span.clone());
                    if c >= WORD {
                        lost_q.push((&q[i - 1].folded, c / 2.0));
                        lost_s.push((&s[j - 1].folded, c / 2.0));
                    }
                }
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && (j == 0 || (d[(i - 1) * w + j] + WORD - here).abs() < 1e-4)
        {
            lost_q.push((&q[i - 1].folded, WORD));
            i -= 1;
        } else {
            diff.push(s[j - 1].span.clone());
            lost_s.push((&s[j - 1].folded, WORD));
            j -= 1;
        }
    }
    diff.reverse();
    // A word lost on one side and found on the other moved.
    let mut refund = 0f32;
    lost_q.sort_unstable_by(|x, y| x.0.cmp(y.0));
    lost_s.sort_unstable_by(|x, y| x.0.cmp(y.0));
    let (mut a, mut b) = (0, 0);
    while a < lost_q.len() && b < lost_s.len() {
        match lost_q[a].0.cmp(lost_s[b].0) {
            std::cmp::Ordering::Equal => {
                refund += (lost_q[a].1 + lost_s[b].1 - MOVE).max(0.0);
                a += 1;
                b += 1;
            }
            std::cmp::Ordering::Less => a += 1,
            std::cmp::Ordering::Greater => b += 1,
        }
    }
    let punct =
        (punct_edits(query, q, stored, s) as f32 * PUNCT).min(PUNCT_CAP);
    let cost = (d[n * w + m] - refund).max(0.0) + punct;
    let len = n.max(m) as f32;
    let raw = (100.0 * (1.0 - cost / len)).floor();
    let percent = raw.clamp(0.0, 99.0) as u8;
    Score { percent, diff }
}

fn subst(qt: &str, q: &Token, st: &str, s: &Token) -> f32 {
    if q.folded == s.folded {
        if qt[q.span.clone()] == st[s.span.clone()] { 0.0 } else { CASE }
    } else if q.kind == TokenKind::Number && s.kind == TokenKind::Number {
        NUMBER
    } else {
        WORD
    }
}

/// Equal up to runs of white space and surrounding spaces.
fn same_text(a: &str, b: &str) -> bool {
    let mut x = a.split_whitespace();
    let mut y = b.split_whitespace();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q => {}
            _ => return false,
        }
    }
}

/// Punctuation characters between tokens, in order.
fn punctuation(text: &str, toks: &[Token]) -> Vec<char> {
    let mut out = Vec::new();
    let mut at = 0;
    for t in toks
        .iter()
        .map(|t| t.span.clone())
        .chain(std::iter::once(text.len()..text.len()))
    {
        if t.start > at {
            out.extend(
                text[at..t.start].chars().filter(|c| !c.is_whitespace()),
            );
        }
        at = at.max(t.end);
    }
    out
}

fn punct_edits(qt: &str, q: &[Token], st: &str, s: &[Token]) -> usize {
    let a = punctuation(qt, q);
    let b = punctuation(st, s);
    if a == b {
        return 0;
    }
    // Plain Levenshtein over the (short) punctuation sequences.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (query, stored, lowest acceptable, highest acceptable)
    const TABLE: &[(&str, &str, u8, u8)] = &[
        // identical
        ("Le modèle est rapide.", "Le modèle est rapide.", 100, 100),
        ("Le modèle  est rapide. ", "Le modèle est rapide.", 100, 100),
        // one word changed in ten
        (
            "Le nouveau modèle de DeepSeek est deux fois plus rapide aujourd'hui",
            "Le nouveau modèle de DeepSeek est deux fois plus lent aujourd'hui",
            89,
            90,
        ),
        // punctuation only
        ("Le modèle est rapide.", "Le modèle est rapide !", 95, 99),
        (
            "Le modèle, dit-il, est rapide.",
            "Le modèle dit-il est rapide",
            90,
            99,
        ),
        // case and accents only
        ("le modele est rapide", "Le modèle est rapide", 90, 99),
        // a number changed
        (
            "La société a levé 40 millions d'euros en 2024.",
            "La société a levé 45 millions d'euros en 2024.",
            95,
            99,
        ),
        // reordered: two words swapped, then two halves swapped
        ("Le modèle est rapide et bon", "Le modèle est bon et rapide", 80, 90),
        (
            "les puces américaines restent chères",
            "restent chères les puces américaines",
            70,
            85,
        ),
        // unrelated
        ("Le modèle est rapide", "Les investisseurs ont paniqué hier", 0, 10),
        // a word added
        ("Le modèle est rapide", "Le modèle est très rapide", 75, 80),
    ];

    #[test]
    fn scoring_table() {
        for &(q, s, lo, hi) in TABLE {
            let got = score(q, s).percent;
            assert!(
                (lo..=hi).contains(&got),
                "{q:?} vs {s:?}: {got} not in {lo}..={hi}"
            );
        }
    }

    #[test]
    fn diff_spans_point_at_changed_words() {
        let stored = "Le modèle est très lent.";
        let sc = score("Le modèle est rapide.", stored);
        let words: Vec<&str> =
            sc.diff.iter().map(|r| &stored[r.clone()]).collect();
        assert_eq!(words, ["très", "lent"]);
    }

    #[test]
    fn empty_and_symbol_only() {
        assert_eq!(score("", "").percent, 100);
        assert_eq!(score("", "mot").percent, 0);
        assert_eq!(score("…", "!").percent, 90);
    }
}
