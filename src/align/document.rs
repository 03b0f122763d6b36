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

use crate::limits::{
    TERM_MAX_CANDIDATES, TERM_MAX_SENTENCE_BYTES, TERM_MAX_TEXT,
};

use super::extract::extract;
use super::lexicon::Lexicon;
use super::sentence::{AlignOptions, Bead, align};
use super::term::{TermAlignment, TermOptions, align_terms};

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
    pub(crate) fn from_prose(text: String, lang: Lang) -> Document {
        let sentences = split_sentences(&text, lang);
        Document { text, sentences }
    }

    /// Read the one-sentence-per-line form.
    pub(crate) fn from_segmented(text: String) -> Document {
        let sentences = split_segmented(&text);
        Document { text, sentences }
    }

    /// Sentence `i`'s text.
    pub fn sentence(&self, i: usize) -> &str {
        self.sentences[i].text(&self.text)
    }

    /// All sentence texts.
    pub(crate) fn sentence_texts(&self) -> Vec<&str> {
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

/// A sentence as the term stage reads it: at most
/// [`TERM_MAX_SENTENCE_BYTES`] bytes, a longer one cut after its last
/// whole word within that length (on a character boundary when it has
/// no space there).
pub fn term_text(s: &str) -> &str {
    if s.len() <= TERM_MAX_SENTENCE_BYTES {
        return s;
    }
    let mut k = TERM_MAX_SENTENCE_BYTES;
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    match s[..k].rfind(char::is_whitespace) {
        Some(w) if w > 0 => &s[..w],
        _ => &s[..k],
    }
}

/// The sentence texts of `doc` as the term stage reads them
/// ([`term_text`]).
pub fn term_sentences(doc: &Document) -> Vec<&str> {
    doc.sentences.iter().map(|s| term_text(s.text(&doc.text))).collect()
}

/// Refuse a document the term stage would need more than
/// [`TERM_MAX_TEXT`] bytes of text for (after the per-sentence cut), with
/// an error naming the limit and what still works. Checked before any
/// alignment work, so the refusal is immediate.
pub fn check_term_size(doc: &Document) -> Result<()> {
    let bytes: usize = term_sentences(doc).iter().map(|s| s.len()).sum();
    if bytes > TERM_MAX_TEXT {
        return Err(Error::input(format!(
            "{:.1} MiB of text in {} sentences: past the term stage's limit \
             of {} MiB per text (README: Limits); split the text, or align \
             sentences only (`align --sentences`)",
            bytes as f64 / (1 << 20) as f64,
            doc.sentences.len(),
            TERM_MAX_TEXT >> 20
        )));
    }
    Ok(())
}

/// The term stage of `glossa align`: French candidates ([`extract`]) and
/// their English equivalents ([`align_terms`]) over a sentence
/// alignment, bounded: every sentence is read through [`term_text`], the
/// [`TERM_MAX_CANDIDATES`] candidates of highest termhood are aligned,
/// and sentences outside beads with both sides (which hold no evidence)
/// are not prepared at all. Refuses a side past [`TERM_MAX_TEXT`]
/// ([`check_term_size`]).
pub fn align_document_terms(
    fr: &Document,
    en: &Document,
    sa: &SentenceAlignment,
    lex: &Lexicon,
    glossary: &[(String, String)],
    opts: &TermOptions,
) -> Result<Vec<TermAlignment>> {
    check_term_size(fr)?;
    check_term_size(en)?;
    let fs = term_sentences(fr);
    let mut cands = extract(&fs, lex);
    // Highest termhood first: the tail is what a long text adds.
    cands.truncate(TERM_MAX_CANDIDATES);
    // Only sentences of beads with both sides are evidence; the others
    // are passed empty (same result, no tokenizing).
    let mut fr_used = vec![false; fs.len()];
    let mut en_used = vec![false; en.sentences.len()];
    for b in sa.beads.iter().filter(|b| !b.fr.is_empty() && !b.en.is_empty()) {
        for (ids, used) in [(&b.fr, &mut fr_used), (&b.en, &mut en_used)] {
            for &i in ids {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
        }
    }
    let fs = keep(fs, &fr_used);
    let es = keep(term_sentences(en), &en_used);
    Ok(align_terms(&fs, &es, &sa.beads, &cands, lex, glossary, opts))
}

/// `texts` with the sentences not `used` emptied.
fn keep<'a>(texts: Vec<&'a str>, used: &[bool]) -> Vec<&'a str> {
    texts.into_iter().zip(used).map(|(s, &u)| if u { s } else { "" }).collect()
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

    /// Issue 14 item 1: the term stage reads a long "sentence" up to
    /// its last whole word within 2 KiB, on a character boundary when it
    /// has no space; short sentences whole.
    #[test]
    fn issue_14_item_1_term_text_cut() {
        let max = crate::limits::TERM_MAX_SENTENCE_BYTES;
        assert_eq!(term_text("Le marché."), "Le marché.");
        let s = "données ".repeat(max);
        let t = term_text(&s);
        assert!(t.len() <= max && t.ends_with("données"), "{}", t.len());
        assert!(t.len() > max - "données ".len());
        let s = "é".repeat(max);
        let t = term_text(&s);
        assert!(t.len() == max && t.chars().all(|c| c == 'é'));
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
