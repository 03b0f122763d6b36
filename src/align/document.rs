//! Articles as aligner input: decoding, splitting, and the whole
//! pipeline from two texts to sentence beads.
//!
//! [`decode_article`] turns file bytes into text (UTF-8 with or without
//! BOM, UTF-16 with BOM, and windows-1252 — the usual legacy French
//! encoding — with a note saying so). [`Document`] holds a text and its
//! sentences; [`align_documents`] aligns two of them and reports
//! [`Warning`]s for inputs that look wrong (an empty side, wildly
//! different lengths, a side that does not look French or English) so
//! callers can mark the result as low confidence instead of failing.

use crate::error::{Error, Position, Result};
use crate::text::segment::{Sentence, split_segmented, split_sentences};
use crate::text::stem::Lang;
use crate::text::tokenize::tokenize;

use super::lexicon::Lexicon;
use super::sentence::{AlignOptions, Bead, align};

/// A text and its sentences.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text (decoded, BOM removed).
    pub text: String,
    /// Sentences with spans into `text`.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Split raw prose.
    pub fn from_prose(text: String, lang: Lang) -> Document {
        let sentences = split_sentences(&text, lang);
        Document { text, sentences }
    }

    /// Read the one-sentence-per-line form.
    pub fn from_segmented(text: String) -> Document {
        let sentences = split_segmented(&text);
        Document { text, sentences }
    }

    /// Sentence `i`'s text.
    pub fn sentence(&self, i: usize) -> &str {
        self.sentences[i].text(&self.text)
    }

    /// All sentence texts.
    pub fn sentence_texts(&self) -> Vec<&str> {
        self.sentences.iter().map(|s| s.text(&self.text)).collect()
    }

    /// Paragraph number of each sentence.
    pub fn paragraphs(&self) -> Vec<usize> {
        self.sentences.iter().map(|s| s.paragraph).collect()
    }
}

/// Decode article bytes. Returns the text and, when the bytes were not
/// UTF-8, a note naming the encoding that was assumed.
pub fn decode_article(bytes: &[u8]) -> Result<(String, Option<String>)> {
    match crate::formats::decode_text(bytes) {
        Ok(t) => Ok((t, None)),
        Err(e) => {
            // Not UTF-8: windows-1252 decodes every byte; accept it only
            // when the result looks like text (few control characters).
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let controls = text
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                .count();
            if controls * 100 > text.chars().count().max(1) {
                return Err(e);
            }
            Ok((
                text.into_owned(),
                Some(format!("{e}; read as windows-1252 instead")),
            ))
        }
    }
}

/// Something about the input that makes the alignment less trustworthy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// One side has no sentences.
    EmptySide(Lang),
    /// The sides' lengths differ far beyond translation norms
    /// (character ratio English/French).
    LengthMismatch {
        /// English characters per French character (×100).
        ratio_percent: u32,
    },
    /// A side's function words do not look like its language.
    WrongLanguage(Lang),
    /// Few sentence pairs share any anchor: the texts may not be
    /// translations of each other.
    LowConfidence {
        /// Mean bead score (×100).
        mean_percent: u32,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::EmptySide(l) => {
                write!(f, "the {} side has no sentences", lang_name(*l))
            }
            Warning::LengthMismatch { ratio_percent } => write!(
                f,
                "the English text is {:.2}× the length of the French one \
                 (translations are usually 0.7–1.3×): low confidence",
                *ratio_percent as f64 / 100.0
            ),
            Warning::WrongLanguage(l) => write!(
                f,
                "the {} side does not look like {}: low confidence",
                lang_name(*l),
                lang_name(*l)
            ),
            Warning::LowConfidence { mean_percent } => write!(
                f,
                "few sentences share words, names or numbers (mean bead \
                 score {:.2}): the texts may not be translations",
                *mean_percent as f64 / 100.0
            ),
        }
    }
}

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::Fr => "French",
        Lang::En => "English",
    }
}

/// Share of tokens that are frequent function words of `lang`.
fn language_score(text: &str, lang: Lang) -> f64 {
    const FR: &[&str] = &[
        "le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "en",
        "que", "qui", "pour", "dans", "sur", "au", "aux", "d'", "l'", "a",
        "par", "pas", "ne", "ses", "son", "sa", "ce", "cette", "avec",
    ];
    const EN: &[&str] = &[
        "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "was",
        "on", "with", "as", "by", "its", "has", "have", "are", "this", "from",
        "at", "an", "be", "which", "not", "or", "'s",
    ];
    // A sample tells the language (and a 26 MB text is not tokenised
    // whole).
    let mut end = text.len().min(1 << 16);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let toks = tokenize(&text[..end]);
    if toks.is_empty() {
        return 0.0;
    }
    let list = if lang == Lang::Fr { FR } else { EN };
    let n = toks.iter().filter(|t| list.contains(&t.folded.as_str())).count();
    n as f64 / toks.len() as f64
}

/// Result of [`align_documents`].
#[derive(Debug, Clone)]
pub struct SentenceAlignment {
    /// The beads, in order.
    pub beads: Vec<Bead>,
    /// What looked wrong with the input.
    pub warnings: Vec<Warning>,
}

/// Align two documents' sentences.
pub fn align_documents(
    fr: &Document,
    en: &Document,
    lexicon: Option<&Lexicon>,
    glossary: &[(String, String)],
) -> SentenceAlignment {
    let mut warnings = Vec::new();
    if fr.sentences.is_empty() {
        warnings.push(Warning::EmptySide(Lang::Fr));
    }
    if en.sentences.is_empty() {
        warnings.push(Warning::EmptySide(Lang::En));
    }
    let lf = fr.text.chars().count().max(1) as f64;
    let le = en.text.chars().count().max(1) as f64;
    if !fr.sentences.is_empty() && !en.sentences.is_empty() {
        let r = le / lf;
        if !(0.5..=2.0).contains(&r) {
            warnings.push(Warning::LengthMismatch {
                ratio_percent: (r * 100.0).round() as u32,
            });
        }
        for (d, l) in [(fr, Lang::Fr), (en, Lang::En)] {
            let other = if l == Lang::Fr { Lang::En } else { Lang::Fr };
            let s = language_score(&d.text, l);
            if s < 0.08 || s < language_score(&d.text, other) {
                warnings.push(Warning::WrongLanguage(l));
            }
        }
    }
    let fs = fr.sentence_texts();
    let es = en.sentence_texts();
    let fp = fr.paragraphs();
    let ep = en.paragraphs();
    let opts = AlignOptions {
        fr_paragraphs: Some(&fp),
        en_paragraphs: Some(&ep),
        lexicon,
        glossary,
    };
    let beads = align(&fs, &es, &opts);
    let pairs: Vec<&Bead> = beads
        .iter()
        .filter(|b| !b.fr.is_empty() && !b.en.is_empty())
        .collect();
    if !pairs.is_empty() {
        let mean =
            pairs.iter().map(|b| b.score).sum::<f64>() / pairs.len() as f64;
        if mean < 0.3 {
            warnings.push(Warning::LowConfidence {
                mean_percent: (mean * 100.0).round() as u32,
            });
        }
    }
    SentenceAlignment { beads, warnings }
}

/// An already aligned bilingual file (XLIFF) as two documents and
/// their alignment: each segment with a source and a target is one
/// sentence on each side (its own paragraph) and one 1–1 bead of score
/// 1, so `align FILE.xlf` extracts terms from the translator's own
/// segmentation instead of guessing one.
pub fn from_segments(
    segments: &[(&str, &str)],
) -> (Document, Document, SentenceAlignment) {
    let mut fr = Document { text: String::new(), sentences: Vec::new() };
    let mut en = Document { text: String::new(), sentences: Vec::new() };
    let mut beads = Vec::new();
    let pairs = segments
        .iter()
        .map(|(s, t)| (s.trim(), t.trim()))
        .filter(|(s, t)| !s.is_empty() && !t.is_empty());
    for (k, (s, t)) in pairs.enumerate() {
        for (d, x) in [(&mut fr, s), (&mut en, t)] {
            if !d.text.is_empty() {
                d.text.push_str("\n\n");
            }
            let start = d.text.len();
            d.text.push_str(&x.replace(['\n', '\r'], " "));
            d.sentences
                .push(Sentence { span: start..d.text.len(), paragraph: k });
        }
        beads.push(super::sentence::Bead {
            fr: vec![k],
            en: vec![k],
            score: 1.0,
        });
    }
    (fr, en, SentenceAlignment { beads, warnings: Vec::new() })
}

/// Read an article file: decode (a `.docx`, `.odt`, `.html` or `.md`
/// file through [`crate::formats::doc`]: paragraphs kept, markup
/// dropped), then split (`segmented`: one sentence per line). Errors
/// name the file.
pub fn read_document(
    path: &std::path::Path,
    lang: Lang,
    segmented: bool,
) -> Result<(Document, Option<String>)> {
    let bytes = crate::limits::read_file(
        path,
        crate::limits::MAX_ARTICLE_FILE,
        "article",
    )?;
    let (text, note) =
        match crate::formats::doc::read_if_document(path, &bytes)? {
            Some(text) => (text, None),
            None => decode_article(&bytes).map_err(|e| e.in_file(path))?,
        };
    if text.contains('\0') {
        return Err(Error::encoding(
            Position::default(),
            "binary data (NUL bytes): not a text file",
        )
        .in_file(path));
    }
    let doc = if segmented {
        Document::from_segmented(text)
    } else {
        Document::from_prose(text, lang)
    };
    super::sentence::check_sentence_count(doc.sentences.len())
        .map_err(|e| e.in_file(path))?;
    Ok((doc, note))
}

/// The aligned sentence pairs of two documents as translation units for
/// the TM (`glossa align --into-tm`). Beads with an empty side carry no
/// translation and are skipped; a 2–1 or 1–2 bead becomes one unit whose
/// multi-sentence side is joined with a space. A 2–1 bead (two French
/// sentences, one English) whose English sentence splits on punctuation
/// near the French sentences' length ratio ([`split_english`]) also
/// gives one unit per French sentence (issue 15), so a CAT tool that
/// segments the French per sentence finds exact matches; the merged
/// unit is kept.
pub fn translation_units(
    sa: &SentenceAlignment,
    fr: &Document,
    en: &Document,
    origin: &str,
) -> Vec<crate::tm::TranslationUnit> {
    let join = |d: &Document, ids: &[usize]| {
        ids.iter()
            .filter_map(|&i| d.sentences.get(i))
            .map(|s| s.text(&d.text).trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let unit = |f: String, e: String| {
        crate::tm::TranslationUnit::new(f, e).with_origin(origin)
    };
    let mut out = Vec::new();
    for b in sa.beads.iter().filter(|b| !b.fr.is_empty() && !b.en.is_empty()) {
        out.push(unit(join(fr, &b.fr), join(en, &b.en)));
        if b.fr.len() == 2 && b.en.len() == 1 {
            let f0 = join(fr, &b.fr[..1]);
            let f1 = join(fr, &b.fr[1..]);
            let ratio = f0.chars().count() as f64
                / (f0.chars().count() + f1.chars().count()).max(1) as f64;
            if let Some((e0, e1)) = split_english(&join(en, &b.en), ratio) {
                out.push(unit(f0, e0));
                out.push(unit(f1, e1));
            }
        }
    }
    out.retain(|u| !u.source.is_empty() && !u.target.is_empty());
    out
}

/// Split one English sentence in two at the punctuation mark (`;`, `:`,
/// `,`, a dash) followed by a space whose position is nearest `ratio`
/// of its length, if one lies within 0.15 of it: the first part ends
/// with a full stop instead of the mark, the second starts with a
/// capital (`It grew fast, and it hired.` → `It grew fast.` + `And it
/// hired.`).
pub fn split_english(s: &str, ratio: f64) -> Option<(String, String)> {
    let total = s.chars().count() as f64;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let best = chars
        .windows(2)
        .enumerate()
        .filter(|(_, w)| {
            matches!(w[0].1, ';' | ':' | ',' | '—' | '–') && w[1].1 == ' '
        })
        .map(|(k, w)| (w[0].0, ((k + 1) as f64 / total - ratio).abs()))
        .filter(|&(_, d)| d <= 0.15)
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let (head, tail) = s.split_at(best.0);
    let head = head.trim_end();
    let mut tail_chars = tail.chars();
    tail_chars.next(); // the mark
    let tail = tail_chars.as_str().trim_start();
    if head.split_whitespace().count() < 3
        || tail.split_whitespace().count() < 3
    {
        return None;
    }
    let mut t = tail.chars();
    let first = t.next()?;
    let tail: String = first.to_uppercase().chain(t).collect();
    Some((format!("{head}."), tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_french_is_decoded_with_a_note() {
        let bytes = b"Le march\xe9 des puces a chut\xe9.";
        let (t, note) = decode_article(bytes).unwrap();
        assert_eq!(t, "Le marché des puces a chuté.");
        assert!(note.unwrap().contains("windows-1252"));
    }

    #[test]
    fn merged_beads_split_on_punctuation() {
        let (a, b) = split_english(
            "DeepSeek was founded in 2023, and it is backed by a fund.",
            0.45,
        )
        .unwrap();
        assert_eq!(a, "DeepSeek was founded in 2023.");
        assert_eq!(b, "And it is backed by a fund.");
        // No mark near the ratio: no split.
        assert_eq!(
            split_english("One long clause, then more words here.", 0.9),
            None
        );
        let fr = Document::from_prose(
            "DeepSeek a été fondée en 2023. Elle est soutenue par un fonds."
                .into(),
            Lang::Fr,
        );
        let en = Document::from_prose(
            "DeepSeek was founded in 2023, and it is backed by a fund.".into(),
            Lang::En,
        );
        let sa = SentenceAlignment {
            beads: vec![super::super::sentence::Bead {
                fr: vec![0, 1],
                en: vec![0],
                score: 0.9,
            }],
            warnings: vec![],
        };
        let u = translation_units(&sa, &fr, &en, "t");
        let pairs: Vec<(&str, &str)> =
            u.iter().map(|u| (u.source.as_str(), u.target.as_str())).collect();
        assert_eq!(pairs.len(), 3, "{pairs:?}");
        assert_eq!(
            pairs[1],
            (
                "DeepSeek a été fondée en 2023.",
                "DeepSeek was founded in 2023."
            )
        );
        assert_eq!(
            pairs[2],
            ("Elle est soutenue par un fonds.", "And it is backed by a fund.")
        );
    }

    #[test]
    fn bom_is_dropped() {
        let (t, note) = decode_article("\u{feff}Oui.".as_bytes()).unwrap();
        assert_eq!((t.as_str(), note), ("Oui.", None));
    }

    #[test]
    fn warnings_for_bad_pairs() {
        let fr = Document::from_prose(
            "Le marché des puces a chuté de 3 % en mars.".into(),
            Lang::Fr,
        );
        let en = Document::from_prose(String::new(), Lang::En);
        let a = align_documents(&fr, &en, None, &[]);
        assert_eq!(a.warnings, [Warning::EmptySide(Lang::En)]);
        assert_eq!(a.beads.len(), 1);

        // Both sides French.
        let en2 = Document::from_prose(
            "Les investisseurs de la Silicon Valley sont inquiets pour le \
             marché des puces."
                .into(),
            Lang::En,
        );
        let a = align_documents(&fr, &en2, None, &[]);
        assert!(a.warnings.contains(&Warning::WrongLanguage(Lang::En)));
    }
}
