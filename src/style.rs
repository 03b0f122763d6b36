//! House style: the desk's publication choices, kept as data in a style
//! profile (`glossary/style.toml`) rather than in code.
//!
//! A termbase records what a concept is called; a desk decides what it
//! *publishes*. English tech journalism writes "AI" and "LLM" where a
//! terminologist's preferred term is "artificial intelligence", and one
//! desk spells "data center" where another spells "data centre". The
//! profile says so once:
//!
//! ```toml
//! [english]
//! variety = "en-US"               # or "en-GB"
//! prefer = ["AI", "LLM", "GPU"]   # preferred for publication
//!
//! [severity]                      # optional; these are the defaults
//! admitted = "hint"               # an admitted synonym was used
//! other_variety = "hint"          # "data centre" in an en-US text
//! false_friend = "error"          # "eventually" for "éventuellement"
//! ```
//!
//! [`Style::apply`] rewrites the statuses of the English terms of a loaded
//! glossary in memory (never on disk): in each entry, the term listed in
//! `prefer` (else the term marked for `variety` — its `geo`, or a region
//! in its language tag — when the glossary's preferred term is not)
//! becomes the preferred term and the former preferred term becomes admitted.
//! Deprecated and superseded terms are never touched. `check` and
//! `suggest` then follow the desk: "AI" raises nothing, and "artificial
//! intelligence" is the admitted synonym.
//!
//! [`Severity`] values: `off`, `hint`, `warning`, `error`.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Position, Result};
use crate::finding::Severity;
use crate::glossary::model::{AdminStatus, Glossary, Term};

/// The file name of a style profile inside a glossary directory.
pub const FILE_NAME: &str = "style.toml";

/// A house style profile. `Style::default()` is "no house style": the
/// glossary's own statuses decide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// English publication choices.
    #[serde(default)]
    pub english: English,
    /// How loud each style finding is.
    #[serde(default)]
    pub severity: Severities,
}

/// `[english]`: the variety and the terms preferred for publication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct English {
    /// `en-US` or `en-GB` (any spelling `LangTag` reads), or none.
    #[serde(default)]
    pub variety: Option<String>,
    /// English terms preferred for publication over the glossary's
    /// preferred term of the same entry (exact text, e.g. `AI`).
    #[serde(default)]
    pub prefer: Vec<String>,
}

/// `[severity]`: how each style finding is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Severities {
    /// An admitted synonym used where the desk prefers another term.
    #[serde(default = "hint")]
    pub admitted: Level,
    /// A term of the other English variety ("data centre" in en-US).
    #[serde(default = "hint")]
    pub other_variety: Level,
    /// A deprecated English term that is a word of its own (a false
    /// friend: "eventually" for "éventuellement") where the source has the
    /// entry's French term.
    #[serde(default = "error")]
    pub false_friend: Level,
}

impl Default for Severities {
    fn default() -> Severities {
        Severities {
            admitted: Level::Hint,
            other_variety: Level::Hint,
            false_friend: Level::Error,
        }
    }
}

fn hint() -> Level {
    Level::Hint
}

fn error() -> Level {
    Level::Error
}

/// A severity in the profile: a finding's severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Off,
    /// Reported as a hint (shown by `check --hints`).
    Hint,
    /// Reported as a warning.
    Warning,
    /// Reported as an error.
    Error,
}

impl Level {
    /// The finding severity, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Hint => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl Style {
    /// Parse a profile; errors name the line and column.
    pub fn parse(text: &str) -> Result<Style> {
        let style: Style = toml::from_str(text).map_err(|e| {
            let pos = e
                .span()
                .map(|s| Position::at_offset(text, s.start))
                .unwrap_or_default();
            Error::invalid(pos, format!("style profile: {}", e.message()))
        })?;
        if let Some(v) = &style.english.variety {
            let tag = crate::LangTag::parse(v).ok().filter(|t| t.is("en"));
            if tag.is_none_or(|t| t.as_str().len() < 4) {
                let at = text.find(v.as_str()).unwrap_or(0);
                return Err(Error::invalid(
                    Position::at_offset(text, at),
                    format!(
                        "style profile: variety {v:?} is not an English \
                         variety (use en-US or en-GB)"
                    ),
                ));
            }
        }
        Ok(style)
    }

    /// Read a profile file; errors name the file, line and column.
    pub fn read(path: &Path) -> Result<Style> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::from(e).in_file(path))?;
        let text = crate::formats::encoding::decode(
            &bytes,
            crate::formats::encoding::Kind::Text,
        )
        .map_err(|e| e.in_file(path))?;
        Style::parse(&text).map_err(|e| e.in_file(path))
    }

    /// The profile at `path` if the file exists, else no house style.
    pub fn read_if_exists(path: &Path) -> Result<Style> {
        if path.is_file() { Style::read(path) } else { Ok(Style::default()) }
    }

    /// The variety tag in canonical spelling (`en-US`), if set.
    pub fn variety(&self) -> Option<String> {
        let v = self.english.variety.as_deref()?;
        crate::LangTag::parse(v).ok().map(|t| t.to_string())
    }

    /// Rewrite English term statuses so the desk's choices are preferred
    /// (see the module docs). Returns how many entries changed.
    pub fn apply(&self, g: &mut Glossary) -> usize {
        let variety = self.variety();
        let mut changed = 0;
        for e in &mut g.entries {
            let allowed: Vec<usize> = (0..e.terms.len())
                .filter(|&i| {
                    let t = &e.terms[i];
                    t.lang.is("en") && !t.is_discouraged()
                })
                .collect();
            let by_prefer = allowed.iter().copied().find(|&i| {
                self.english.prefer.iter().any(|p| *p == e.terms[i].text)
            });
            let by_variety =
                || {
                    let v = variety.as_deref()?;
                    let current = allowed.iter().copied().find(|&i| {
                        e.terms[i].status == AdminStatus::Preferred
                    })?;
                    if term_variety(&e.terms[current]).as_deref() == Some(v) {
                        return None;
                    }
                    allowed.iter().copied().find(|&i| {
                        term_variety(&e.terms[i]).as_deref() == Some(v)
                    })
                };
            let Some(chosen) = by_prefer.or_else(by_variety) else {
                continue;
            };
            if e.terms[chosen].status == AdminStatus::Preferred {
                continue;
            }
            for &i in &allowed {
                if e.terms[i].status == AdminStatus::Preferred {
                    e.terms[i].status = AdminStatus::Admitted;
                }
            }
            e.terms[chosen].status = AdminStatus::Preferred;
            changed += 1;
        }
        changed
    }

    /// `prefer` entries no English term of `g` is written as (for
    /// `validate --strict`).
    pub fn unknown_preferences<'a>(&'a self, g: &Glossary) -> Vec<&'a str> {
        self.english
            .prefer
            .iter()
            .filter(|p| {
                !g.entries.iter().any(|e| {
                    e.terms.iter().any(|t| t.lang.is("en") && t.text == **p)
                })
            })
            .map(String::as_str)
            .collect()
    }
}

/// The English variety a term is marked for: its `geo`, else a region in
/// its language tag (`en-GB`), else none.
pub(crate) fn term_variety(t: &Term) -> Option<String> {
    if !t.geo.is_empty() {
        return crate::LangTag::parse(&t.geo).ok().map(|g| g.to_string());
    }
    let tag = t.lang.as_str();
    (tag.len() > 2).then(|| tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::native;

    const CSV: &str = "id,lang,term,status,geo\n\
        c1,fr,intelligence artificielle,preferred,\n\
        c1,en,artificial intelligence,preferred,\n\
        c1,en,AI,admitted,\n\
        c1,en,A.I.,deprecated,\n\
        c2,fr,centre de données,preferred,\n\
        c2,en,data center,preferred,en-US\n\
        c2,en,data centre,admitted,en-GB\n\
        c3,fr,licence,preferred,\n\
        c3,en,license,preferred,\n\
        c3,en-GB,licence,admitted,\n";

    fn statuses(g: &Glossary, id: &str) -> Vec<(String, &'static str)> {
        g.get(id)
            .unwrap()
            .terms_in("en")
            .map(|t| (t.text.clone(), t.status.as_str()))
            .collect()
    }

    #[test]
    fn prefer_and_variety_rewrite_statuses() {
        let style = Style::parse(
            "[english]\nvariety = \"en_gb\"\nprefer = [\"AI\"]\n",
        )
        .unwrap();
        let mut g = native::read(CSV.as_bytes()).unwrap();
        assert_eq!(style.apply(&mut g), 3);
        assert_eq!(
            statuses(&g, "c1"),
            [
                ("AI".into(), "preferred"),
                ("artificial intelligence".into(), "admitted"),
                ("A.I.".into(), "deprecated"),
            ]
        );
        assert_eq!(
            statuses(&g, "c2"),
            [
                ("data centre".into(), "preferred"),
                ("data center".into(), "admitted")
            ]
        );
        // An unmarked preferred term yields to one marked for the variety.
        assert_eq!(
            statuses(&g, "c3"),
            [("licence".into(), "preferred"), ("license".into(), "admitted")]
        );
        // Applying twice changes nothing more.
        assert_eq!(style.apply(&mut g), 0);
        // The default style is no style.
        let mut g2 = native::read(CSV.as_bytes()).unwrap();
        assert_eq!(Style::default().apply(&mut g2), 0);
        assert_eq!(g2, native::read(CSV.as_bytes()).unwrap());
    }

    #[test]
    fn bad_profiles_name_line_and_column() {
        for (text, want) in [
            ("[english]\nprefer = \"AI\"\n", "line 2"),
            ("[english]\nvarity = \"en-US\"\n", "unknown field `varity`"),
            ("[severity]\nadmitted = \"loud\"\n", "line 2"),
            ("[english]\nvariety = \"fr-FR\"\n", "not an English variety"),
            ("[english\n", "line 1"),
        ] {
            let err = Style::parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }
}
