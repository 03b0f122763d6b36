//! Sentence splitting for French and English prose.
//!
//! [`split_sentences`] cuts raw text into [`Sentence`]s with byte spans
//! into the original text and a paragraph number. It knows:
//!
//! - abbreviations that do not end a sentence (`M.`, `Mme`, `p. ex.`,
//!   `Dr.`, `fig.`, `janv.`, `U.S.`, `e.g.`…) and single-letter initials;
//!   a few (`etc.`, `Inc.`, `U.S.`) end one when a typical sentence
//!   opener follows (`etc. Mais…`, `Inc. The…`);
//! - numbers (`3.5`, `3,5`, `v2.1`): a point inside a number never cuts;
//! - ellipses (`…`, `...`): they cut only before a capital;
//! - closing quotes and brackets after the punctuation (`. »`, `?"`, `.)`)
//!   stay with the sentence they close, French spaced punctuation
//!   (`clair ?`, `« Oui ! »`) included; nothing cuts inside parentheses;
//! - list items (`- `, `• `, `1. `, `a) ` at the start of a line) start a
//!   new sentence even without final punctuation;
//! - blank lines are paragraph breaks, always a hard boundary.
//!
//! [`split_segmented`] reads the one-sentence-per-line form instead.
//! Neither does any language detection: `lang` only selects the
//! abbreviation list.

use std::ops::Range;

use super::stem::Lang;

/// One sentence: a byte range into the text and its paragraph number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the original text (trimmed of surrounding spaces).
    pub span: Range<usize>,
    /// Paragraph number, from 0.
    pub paragraph: usize,
}

impl Sentence {
    /// The sentence's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.clone()]
    }
}

/// Abbreviations (without their final point) that never end a sentence
/// in either language, compared case-sensitively.
const ABBREV_BOTH: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Drs", "Pr", "Prof",
    "Me", "Mgr", "St", "Ste", "Mr", "Mrs", "Ms", "Jr", "Sr", "Gen", "Sen",
    "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "fig", "Fig", "figs", "p", "pp",
    "cf", "Cf", "ex", "éd", "ed", "eds", "vol", "Vol", "no", "No", "nº", "n°",
    "art", "Art", "chap", "ch", "sect", "env", "av", "apr", "J.-C", "vs", "v",
    "approx", "min", "max", "tél", "Tél", "tel", "Tel", "dept", "Dept",
    "Univ", "Ave", "Blvd", "Bd", "bd", "Mt", "Ft", "ca", "resp", "janv",
    "févr", "fév", "avr", "juil", "sept", "oct", "nov", "déc", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "Mon", "Tue", "Tues",
    "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "e.g", "i.e", "et al", "al",
    "p. ex", "c.-à-d", "c.-à.-d", "Cie", "Éd",
];

/// Abbreviations that may end a sentence: they cut only before a typical
/// sentence opener.
const ABBREV_FINAL: &[&str] = &[
    "etc",
    "Inc",
    "Ltd",
    "Corp",
    "Co",
    "Bros",
    "U.S",
    "U.K",
    "U.S.A",
    "E.U",
    "av. J.-C",
    "apr. J.-C",
    "a.m",
    "p.m",
    "S.A",
    "SA",
    "N.V",
    "LLC",
];

/// Words that typically open a sentence (after `etc.`, `Inc.`…).
const OPENERS: &[&str] = &[
    "Le",
    "La",
    "Les",
    "L",
    "Un",
    "Une",
    "Des",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Nous",
    "Vous",
    "Je",
    "Ce",
    "Cette",
    "Ces",
    "Cela",
    "Mais",
    "Et",
    "Or",
    "Donc",
    "Pourtant",
    "Cependant",
    "En",
    "Dans",
    "Pour",
    "Selon",
    "Si",
    "Quand",
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "You",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "So",
    "Yet",
    "However",
    "In",
    "On",
    "For",
    "According",
    "If",
    "When",
    "There",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
];

#[inline]
fn is_closer(c: char) -> bool {
    matches!(c, '»' | '"' | '”' | '’' | '\'' | ')' | ']' | '›' | '}')
}

#[inline]
fn is_opener(c: char) -> bool {
    matches!(c, '«' | '"' | '“' | '‘' | '(' | '[' | '‹' | '¿' | '¡')
}

/// Split raw text into sentences. Never panics; spans are on char
/// boundaries and in increasing order. A UTF-8 BOM at the start is
/// skipped (it is not part of any span).
///
/// ```
/// use glossa::text::{Lang, segment::split_sentences};
/// let t = "M. Dupont a vendu 3,5 millions de puces. Est-ce clair ?\n\nOui.";
/// let s: Vec<&str> =
///     split_sentences(t, Lang::Fr).iter().map(|s| s.text(t)).collect();
/// assert_eq!(
///     s,
///     ["M. Dupont a vendu 3,5 millions de puces.", "Est-ce clair ?", "Oui."]
/// );
/// ```
pub fn split_sentences(text: &str, lang: Lang) -> Vec<Sentence> {
    let _ = lang; // both lists apply: articles quote the other language
    let mut out = Vec::new();
    let start0 = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut paras = paragraphs(text, start0);
    if paras.len() == 1 {
        // No blank line at all: one paragraph per line (the common
        // "unwrapped" article form), unless lines are hard-wrapped prose
        // (a line not ending in final punctuation continues).
        paras = line_paragraphs(text, start0);
    }
    for (paragraph, (lines, para_start)) in paras.into_iter().enumerate() {
        split_paragraph(text, lines, para_start, paragraph, &mut out);
    }
    // Renumber paragraphs densely (empty paragraphs produce nothing).
    let mut last = usize::MAX;
    let mut p = 0usize;
    let mut first = true;
    for s in &mut out {
        if s.paragraph != last {
            if !first {
                p += 1;
            }
            first = false;
            last = s.paragraph;
        }
        s.paragraph = p;
    }
    out
}

/// Paragraphs of `text` from `start`: (end, start) byte ranges separated
/// by blank lines.
fn paragraphs(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut para_start = start;
    let mut pos = start;
    let mut line_blank = true;
    let mut line_start = start;
    let mut in_para = false;
    for (i, c) in text[start..].char_indices() {
        let i = i + start;
        if c == '\n' {
            if line_blank {
                if in_para {
                    out.push((line_start, para_start));
                    in_para = false;
                }
            } else if !in_para {
                in_para = true;
                para_start = line_start;
            }
            line_start = i + 1;
            line_blank = true;
        } else if !c.is_whitespace() {
            line_blank = false;
        }
        pos = i + c.len_utf8();
    }
    if !line_blank && !in_para {
        para_start = line_start;
        in_para = true;
    }
    if in_para {
        out.push((pos.max(para_start), para_start));
    }
    out
}

/// Paragraphs when the text has no blank line: a line that ends with
/// final punctuation (or a closing quote after it) ends a paragraph.
fn line_paragraphs(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut para_start = start;
    let mut pos = start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |e| pos + e);
        let line = text[pos..line_end]
            .trim_end()
            .trim_end_matches(['»', '"', '”', ')', ' ', '\u{a0}']);
        if line.ends_with(['.', '!', '?', '…', ':']) || line_end == text.len()
        {
            if !text[para_start..line_end].trim().is_empty() {
                out.push((line_end, para_start));
            }
            para_start = (line_end + 1).min(text.len());
        }
        pos = line_end + 1;
    }
    out
}

/// True if the line starting at `i` begins with a list marker.
fn list_marker_at(text: &str, i: usize) -> bool {
    let rest = text[i..].trim_start_matches([' ', '\t']);
    let mut chars = rest.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '–' | '—' | '·' | '▪' | '‣') => {
            chars.next().is_some_and(|c| c == ' ' || c == '\u{a0}')
        }
        Some(c) if c.is_ascii_digit() || c.is_ascii_lowercase() => {
            let mut n = 1;
            let mut c2 = chars.next();
            while c.is_ascii_digit() && c2.is_some_and(|d| d.is_ascii_digit())
            {
                n += 1;
                c2 = chars.next();
            }
            n <= 3
                && matches!(c2, Some('.' | ')'))
                && chars.next().is_some_and(|c| c == ' ')
                && (c.is_ascii_digit() || c2 == Some(')'))
        }
        _ => false,
    }
}

fn split_paragraph(
    text: &str,
    end: usize,
    start: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let para = &text[start..end];
    let mut sent_start = start;
    let mut depth = 0i32;
    let mut iter = para.char_indices().peekable();
    let mut prev_newline = false;
    while let Some((off, c)) = iter.next() {
        let i = start + off;
        // A list item on a new line starts a sentence.
        if prev_newline && list_marker_at(text, i) && depth == 0 {
            push(text, sent_start..i, paragraph, out);
            sent_start = i;
        }
        prev_newline = c == '\n';
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = (depth - 1).max(0);
                // "(enfin.) Bravo." : a sentence that ends inside brackets.
                let inner = text[sent_start..i].trim_end();
                if depth == 0
                    && inner.ends_with(['.', '!', '?', '…'])
                    && text[i + 1..end]
                        .trim_start()
                        .starts_with(char::is_uppercase)
                    && text[i + 1..end].starts_with(char::is_whitespace)
                {
                    push(text, sent_start..i + 1, paragraph, out);
                    sent_start = i + 1;
                }
            }
            '.' | '!' | '?' | '…' | '‽' => {
                if depth > 0 {
                    continue;
                }
                // Swallow a run of terminal punctuation ("?!", "...").
                let mut j = i + c.len_utf8();
                while let Some(&(o2, c2)) = iter.peek() {
                    if matches!(c2, '.' | '!' | '?' | '…') {
                        j = start + o2 + c2.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                let punct = &text[i..j];
                // Closing quotes/brackets, possibly after a (French) space.
                let mut k = j;
                let mut cut = j;
                loop {
                    let rest = &text[k..end];
                    let sp = rest.len()
                        - rest
                            .trim_start_matches([' ', '\u{a0}', '\u{202f}'])
                            .len();
                    let Some(n) = rest[sp..].chars().next() else { break };
                    let after = k + sp + n.len_utf8();
                    let closes = is_closer(n)
                        && !text[after..end]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric);
                    let opens_or_closes = n == '"' || n == '\'';
                    if closes && (n != ')' && n != ']' || sp == 0) {
                        if opens_or_closes && sp > 0 {
                            // A straight quote after a space: opening
                            // unless nothing follows it.
                            let more = text[after..end].trim_start();
                            if !more.is_empty()
                                && !more.starts_with(char::is_whitespace)
                                && !more.starts_with(['\n'])
                                && more
                                    .chars()
                                    .next()
                                    .is_some_and(char::is_alphanumeric)
                            {
                                break;
                            }
                        }
                        k = after;
                        cut = after;
                    } else {
                        break;
                    }
                }
                if !ends_sentence(text, sent_start, i, punct, cut, end) {
                    continue;
                }
                push(text, sent_start..cut, paragraph, out);
                sent_start = cut;
                // Skip what we consumed.
                while let Some(&(o2, _)) = iter.peek() {
                    if start + o2 < cut {
                        iter.next();
                    } else {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    push(text, sent_start..end, paragraph, out);
}

/// Decide whether punctuation `punct` at `i` (closers up to `cut`) ends
/// the sentence begun at `sent_start`.
fn ends_sentence(
    text: &str,
    sent_start: usize,
    i: usize,
    punct: &str,
    cut: usize,
    end: usize,
) -> bool {
    let rest = &text[cut..end];
    let after = rest.trim_start();
    if after.is_empty() {
        return true;
    }
    // Punctuation must be followed by space (or a newline).
    if after.len() == rest.len() {
        return false;
    }
    let next = after.chars().next().unwrap_or(' ');
    let newline = rest[..rest.len() - after.len()].contains('\n');
    let starts_upper = next.is_uppercase()
        || next.is_ascii_digit()
        || is_opener(next)
        || matches!(next, '-' | '–' | '—' | '•');
    if punct.starts_with('…') || punct.starts_with("..") {
        return starts_upper || newline;
    }
    if punct != "." {
        // ! and ? : French "Est-ce clair ? oui" rarely continues in lower
        // case, English "Why? because…" neither; cut unless lower case.
        return !next.is_lowercase() || newline;
    }
    if !starts_upper && !newline {
        return false;
    }
    // The word before the point.
    let before = &text[sent_start..i];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || is_opener(c))
        .map(|p| p + before[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let next_word: &str =
        after.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let opener = OPENERS.contains(&next_word) || newline;
    // Two-word abbreviations: "p. ex.", "et al.", "av. J.-C.".
    let prev_word = before[..word_start]
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    let two = format!("{prev_word} {word}");
    if ABBREV_FINAL.contains(&two.as_str()) {
        return opener;
    }
    if ABBREV_BOTH.contains(&two.as_str()) {
        return false;
    }
    if ABBREV_FINAL.contains(&word) {
        return opener;
    }
    if ABBREV_BOTH.contains(&word) {
        return false;
    }
    let mut wc = word.chars();
    let first = wc.next().unwrap_or(' ');
    // Initials: "J. K. Rowling", "U.S" forms not in the lists.
    if first.is_uppercase() && wc.clone().next().is_none() {
        return false;
    }
    // Dotted acronyms "U.N", "A.I": letters and points only.
    if word.contains('.')
        && word.chars().all(|c| c.is_alphabetic() || c == '.')
        && word.split('.').all(|p| p.chars().count() <= 2)
    {
        return opener;
    }
    true
}

fn push(
    text: &str,
    r: Range<usize>,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return;
    }
    out.push(Sentence { span: r.start + lead..r.end - trail, paragraph });
}

/// Read the one-sentence-per-line form: each non-blank line is a sentence,
/// a blank line (or several) is a paragraph break. A UTF-8 BOM and
/// `\r\n` line ends are handled; spans exclude line ends and surrounding
/// spaces.
///
/// ```
/// use glossa::text::segment::split_segmented;
/// let t = "Une.\nDeux.\n\nTrois.\n";
/// let s = split_segmented(t);
/// assert_eq!(s.len(), 3);
/// assert_eq!((s[1].text(t), s[1].paragraph), ("Deux.", 0));
/// assert_eq!((s[2].text(t), s[2].paragraph), ("Trois.", 1));
/// ```
pub fn split_segmented(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut paragraph = 0usize;
    let mut gap = false;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |e| pos + e);
        let n = out.len();
        push(text, pos..line_end, paragraph, &mut out);
        if out.len() == n {
            gap = true;
        } else {
            if gap && n > 0 {
                paragraph += 1;
                out[n].paragraph = paragraph;
            }
            gap = false;
        }
        pos = line_end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str, lang: Lang) -> Vec<&str> {
        split_sentences(t, lang).iter().map(|s| s.text(t)).collect()
    }

    macro_rules! t {
        ($name:ident, $lang:ident, $text:expr, [$($s:expr),* $(,)?]) => {
            #[test]
            fn $name() {
                let want: Vec<&str> = vec![$($s),*];
                assert_eq!(split($text, Lang::$lang), want);
            }
        };
    }

    t!(simple, Fr, "Une phrase. Une autre.", ["Une phrase.", "Une autre."]);
    t!(
        monsieur,
        Fr,
        "M. Dupont et Mme Durand. Fin.",
        ["M. Dupont et Mme Durand.", "Fin."]
    );
    t!(
        p_ex,
        Fr,
        "Des puces, p. ex. Nvidia ou AMD, coûtent cher. Oui.",
        ["Des puces, p. ex. Nvidia ou AMD, coûtent cher.", "Oui."]
    );
    t!(
        etc_mid,
        Fr,
        "Des puces, des cartes, etc. et des câbles.",
        ["Des puces, des cartes, etc. et des câbles."]
    );
    t!(
        etc_final,
        Fr,
        "Des puces, des cartes, etc. Mais pas de câbles.",
        ["Des puces, des cartes, etc.", "Mais pas de câbles."]
    );
    t!(
        us_mid,
        En,
        "The U.S. Commerce Department agreed.",
        ["The U.S. Commerce Department agreed."]
    );
    t!(
        us_final,
        En,
        "It moved to the U.S. The move paid off.",
        ["It moved to the U.S.", "The move paid off."]
    );
    t!(
        inc_mid,
        En,
        "Nvidia Inc. Chief Jensen Huang spoke. Then left.",
        ["Nvidia Inc. Chief Jensen Huang spoke.", "Then left."]
    );
    t!(
        doctor,
        En,
        "Dr. Smith and Dr Jones agree. Fine.",
        ["Dr. Smith and Dr Jones agree.", "Fine."]
    );
    t!(
        figure,
        Fr,
        "Voir fig. 3 et la fig. 4. Ensuite, rien.",
        ["Voir fig. 3 et la fig. 4.", "Ensuite, rien."]
    );
    t!(
        month,
        Fr,
        "Le 3 janv. 2025, rien. Le 4, tout.",
        ["Le 3 janv. 2025, rien.", "Le 4, tout."]
    );
    t!(
        numbers,
        Fr,
        "Il a levé 3,5 milliards et 2.5 millions. Fin.",
        ["Il a levé 3,5 milliards et 2.5 millions.", "Fin."]
    );
    t!(
        version,
        En,
        "Version 2.1 shipped. It works.",
        ["Version 2.1 shipped.", "It works."]
    );
    t!(
        ellipsis_lower,
        Fr,
        "Il hésita… puis partit. Fin.",
        ["Il hésita… puis partit.", "Fin."]
    );
    t!(
        ellipsis_upper,
        En,
        "He waited... Then he left.",
        ["He waited...", "Then he left."]
    );
    t!(
        french_question,
        Fr,
        "Est-ce clair ? Pas vraiment !",
        ["Est-ce clair ?", "Pas vraiment !"]
    );
    t!(
        guillemets,
        Fr,
        "Il dit : « C’est fini. » Puis il part.",
        ["Il dit : « C’est fini. »", "Puis il part."]
    );
    t!(
        guillemets_inner,
        Fr,
        "« Oui ! » a-t-il dit.",
        ["« Oui ! » a-t-il dit."]
    );
    t!(
        english_quote,
        En,
        "He said \"It is over.\" Then he left.",
        ["He said \"It is over.\"", "Then he left."]
    );
    t!(
        parens,
        En,
        "It sold (see fig. 2. Or not.) well. Yes.",
        ["It sold (see fig. 2. Or not.) well.", "Yes."]
    );
    t!(
        paren_after,
        Fr,
        "Il a gagné (enfin.) Bravo.",
        ["Il a gagné (enfin.)", "Bravo."]
    );
    t!(
        initials,
        En,
        "J. K. Rowling wrote it. Fine.",
        ["J. K. Rowling wrote it.", "Fine."]
    );
    t!(
        list_items,
        Fr,
        "Trois points :\n- la puce\n- la carte\n1. le câble",
        ["Trois points :", "- la puce", "- la carte", "1. le câble"]
    );
    t!(
        paragraphs,
        Fr,
        "Titre sans point\n\nTexte. Suite",
        ["Titre sans point", "Texte.", "Suite"]
    );
    t!(
        lowercase_after_point,
        En,
        "It uses approx. ten chips.",
        ["It uses approx. ten chips."]
    );
    t!(
        url_like,
        En,
        "Visit deepseek.com today. Now.",
        ["Visit deepseek.com today.", "Now."]
    );
    t!(empty, Fr, "", []);
    t!(only_space, Fr, " \n\n \n", []);

    #[test]
    fn paragraphs_numbered() {
        let t = "\u{feff}Un. Deux.\n\n\nC.\n \nD.";
        let s = split_sentences(t, Lang::En);
        let got: Vec<(&str, usize)> =
            s.iter().map(|s| (s.text(t), s.paragraph)).collect();
        assert_eq!(got, [("Un.", 0), ("Deux.", 0), ("C.", 1), ("D.", 2)]);
    }

    #[test]
    fn segmented_form() {
        let t = "\u{feff}Une.\r\nDeux.\r\n\r\n\r\nTrois.\n  \nQuatre.";
        let s = split_segmented(t);
        let got: Vec<(&str, usize)> =
            s.iter().map(|s| (s.text(t), s.paragraph)).collect();
        assert_eq!(
            got,
            [("Une.", 0), ("Deux.", 0), ("Trois.", 1), ("Quatre.", 2)]
        );
    }

    #[test]
    fn sample_article_splits_like_gold_segmentation() {
        for (txt, sent, lang) in [
            ("deepseek.fr.txt", "deepseek.fr.sent", Lang::Fr),
            ("deepseek.en.txt", "deepseek.en.sent", Lang::En),
        ] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data/sample");
            let raw = std::fs::read_to_string(dir.join(txt)).unwrap();
            let seg = std::fs::read_to_string(dir.join(sent)).unwrap();
            let a: Vec<(&str, usize)> = split_sentences(&raw, lang)
                .iter()
                .map(|s| (s.text(&raw), s.paragraph))
                .collect();
            let b: Vec<(&str, usize)> = split_segmented(&seg)
                .iter()
                .map(|s| (s.text(&seg), s.paragraph))
                .collect();
            assert_eq!(a, b, "{txt}");
        }
    }
}
