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

pub use crate::formats::encoding::decode_prose as decode_article;

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

/// Read an article file: decode, then split (`segmented`: one sentence
/// per line). Errors name the file.
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
    let (text, note) = decode_article(&bytes).map_err(|e| e.in_file(path))?;
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
