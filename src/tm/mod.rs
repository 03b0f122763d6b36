//! Translation memory: aligned French/English segments, kept in SQLite,
//! searched by CAT-style fuzzy match, exchanged as TMX 1.4b.
//!
//! - [`Tm`] (in [`store`]) is the database: `Tm::open(path)` creates or
//!   opens it (WAL mode, writers wait for each other), [`Tm::add_units`]
//!   adds aligned pairs in one transaction, [`Tm::import_tmx`] imports
//!   TMX files in one transaction, [`Tm::export_tmx`] writes them back,
//!   [`Tm::search`] finds fuzzy matches.
//! - [`TranslationUnit`] is one stored pair with its origin, date and note.
//! - [`score`] computes the match percentage; [`search`] retrieves
//!   candidates from a word index and adds glossary hints
//!   ([`search::TermHints`]).
//! - The benchmark (`benchmarks/tm_bench.sh`, side by side with
//!   translate-toolkit) runs on synthetic TMX files from the dev-only
//!   `synth::tmx` generator.
//!
//! The CLI keeps the TM in `--tm PATH` (or `$GLOSSA_TM`), by default
//! `tm.sqlite` beside the first glossary (`glossary/tm.sqlite`).
//!
//! The TM is French → English: a unit is searchable when it has a French
//! variant, and its first English variant is the translation shown. Units
//! in other language pairs (a TMX of en-US → be-BY) are kept and exported
//! unchanged, but never match.
//!
//! ```
//! use glossa::tm::{SearchOptions, Tm, TranslationUnit};
//! let dir = tempfile::tempdir().unwrap();
//! let mut tm = Tm::open(&dir.path().join("tm.sqlite"))?;
//! tm.add_units(&[TranslationUnit::new(
//!     "Le modèle est deux fois plus rapide.",
//!     "The model is twice as fast.",
//! )])?;
//! let found = tm.search("Le modèle est trois fois plus rapide.", &SearchOptions::default())?;
//! assert_eq!(found[0].unit.target, "The model is twice as fast.");
//! assert!(found[0].score >= 80 && found[0].score < 100);
//! # Ok::<(), glossa::Error>(())
//! ```

pub(crate) mod assoc;
pub(crate) mod concord;
pub(crate) mod db;
pub(crate) mod score;
pub(crate) mod search;
pub(crate) mod store;

pub use search::{Match, SearchOptions, TermHint, TermHints};
pub use store::{AddStats, Tm};

use serde::Serialize;

/// One translation unit: a French segment and its English translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TranslationUnit {
    /// The French segment, plain text (inline markup removed).
    pub source: String,
    /// The English segment, plain text.
    pub target: String,
    /// Language tag of the source variant (`fr`, `fr-FR`…).
    pub source_lang: String,
    /// Language tag of the target variant (`en`, `en-US`…).
    pub target_lang: String,
    /// The document it came from (an article URL or file name).
    pub origin: Option<String>,
    /// Creation date, TMX format (`20250101T120000Z`).
    pub created: Option<String>,
    /// A translator's note.
    pub note: Option<String>,
}

impl TranslationUnit {
    /// A unit `fr` → `en` with no origin, date or note.
    pub fn new(
        source: impl Into<String>,
        target: impl Into<String>,
    ) -> TranslationUnit {
        TranslationUnit {
            source: source.into(),
            target: target.into(),
            source_lang: "fr".into(),
            target_lang: "en".into(),
            origin: None,
            created: None,
            note: None,
        }
    }

    /// The same unit with an origin document.
    pub fn with_origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }
}

/// The current time as a TMX date (`YYYYMMDDThhmmssZ`, UTC).
pub(crate) fn now_tmx_date() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    tmx_date(secs)
}

/// A Unix time in seconds as a TMX date.
pub(crate) fn tmx_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// The aligned sentence pairs of two documents as translation units for
/// the TM (`glossa align --into-tm`). Beads with an empty side carry no
/// translation and are skipped; a 2–1 or 1–2 bead becomes one unit whose
/// multi-sentence side is joined with a space.
pub fn from_alignment(
    sa: &crate::align::document::SentenceAlignment,
    fr: &crate::align::document::Document,
    en: &crate::align::document::Document,
    origin: &str,
) -> Vec<TranslationUnit> {
    let join = |d: &crate::align::document::Document, ids: &[usize]| {
        ids.iter()
            .filter_map(|&i| d.sentences.get(i))
            .map(|s| s.text(&d.text).trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    sa.beads
        .iter()
        .filter(|b| !b.fr.is_empty() && !b.en.is_empty())
        .map(|b| {
            TranslationUnit::new(join(fr, &b.fr), join(en, &b.en))
                .with_origin(origin)
        })
        .filter(|u| !u.source.is_empty() && !u.target.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmx_dates() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
        assert_eq!(tmx_date(1_735_732_800), "20250101T120000Z");
    }
}
