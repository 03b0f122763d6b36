//! The format registry: one table of every exchange format, from which
//! the CLI (`export --to`, `import --from`, extension sniffing, `--help`)
//! and the web app (export links, import choices, download names) are
//! built. A new format is its module plus one line in [`FORMATS`].
//!
//! Issue 15 adds formats (XLSX, XLIFF) and target profiles
//! (`--for omegat|memoq|trados|excel|generic`): a profile names, per
//! format, the shape a tool reads best, listed in [`Format::profiles`].

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::glossary::Glossary;

/// What a format carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// A glossary (termbase): read/write through [`Format::read`] and
    /// [`Format::write`].
    Glossary,
    /// A translation memory: read and written by the memory repository
    /// ([`crate::workspace::TmRepo`]).
    Memory,
}

/// Reads a whole file's bytes (encodings detected by the reader).
pub(crate) type ReadFn = fn(&[u8]) -> Result<Glossary>;
/// Writes a glossary.
pub(crate) type WriteFn = fn(&mut dyn Write, &Glossary) -> Result<()>;

/// One exchange format.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// The name in flags and URLs (`--to tbx`, `?format=tbx`).
    pub name: &'static str,
    /// The name people read in messages (`TBX v2`).
    pub label: &'static str,
    /// One line for `--help` and the web page.
    pub summary: &'static str,
    /// Tools that read it, for the web page.
    pub tools: &'static str,
    /// What it carries.
    pub holds: Holds,
    /// File extensions that name it on import (lower case, no dot). An
    /// extension claimed by two readable formats (`.csv`) is sniffed.
    pub extensions: &'static [&'static str],
    /// The download's file name in the web app.
    pub file_name: &'static str,
    /// The download's media type.
    pub media_type: &'static str,
    /// The reader (glossary formats that can be imported).
    pub read: Option<ReadFn>,
    /// The writer (glossary formats that can be exported).
    pub write: Option<WriteFn>,
    /// The target profiles (`--for`, issue 15) this format serves;
    /// `generic` is every format's plain shape.
    pub profiles: &'static [&'static str],
}

impl Format {
    /// True if it can be imported.
    pub fn readable(&self) -> bool {
        match self.holds {
            Holds::Glossary => self.read.is_some(),
            Holds::Memory => true,
        }
    }

    /// True if it can be exported.
    pub fn writable(&self) -> bool {
        match self.holds {
            Holds::Glossary => self.write.is_some(),
            Holds::Memory => true,
        }
    }

    /// Read a glossary in this format.
    pub fn read(&self, bytes: &[u8]) -> Result<Glossary> {
        match self.read {
            Some(f) => f(bytes),
            None => Err(Error::input(format!(
                "{} is written, not read, by glossa",
                self.label
            ))),
        }
    }

    /// Write a glossary in this format.
    pub fn write(&self, w: &mut dyn Write, g: &Glossary) -> Result<()> {
        match self.write {
            Some(f) => f(w, g),
            None => Err(Error::input(format!(
                "{} is read, not written, by glossa",
                self.label
            ))),
        }
    }
}

const GENERIC: &[&str] = &["generic"];

/// Every format glossa knows, in the order menus show them.
pub static FORMATS: &[Format] = &[
    Format {
        name: "tbx",
        label: "TBX v2",
        summary: "TBX v2 TBX-Basic (read: also v3 and variants)",
        tools: "OmegaT, Weblate, Okapi, memoQ, Trados",
        holds: Holds::Glossary,
        extensions: &["tbx", "xml"],
        file_name: "glossary.tbx",
        media_type: "application/x-tbx+xml",
        read: Some(super::tbx::read),
        write: Some(|w, g| super::tbx::write(w, g, super::tbx::Version::V2)),
        profiles: GENERIC,
    },
    Format {
        name: "tbx3",
        label: "TBX v3",
        summary: "TBX v3 TBX-Basic (ISO 30042:2019)",
        tools: "newer TBX tools",
        holds: Holds::Glossary,
        extensions: &[],
        file_name: "glossary.v3.tbx",
        media_type: "application/x-tbx+xml",
        read: Some(super::tbx::read),
        write: Some(|w, g| super::tbx::write(w, g, super::tbx::Version::V3)),
        profiles: GENERIC,
    },
    Format {
        name: "csv",
        label: "CSV",
        summary: "CSV with language-code header",
        tools: "spreadsheets, memoQ",
        holds: Holds::Glossary,
        extensions: &["csv"],
        file_name: "glossary.csv",
        media_type: "text/csv; charset=utf-8",
        read: Some(super::csv::read),
        write: Some(|w, g| super::csv::write(w, g)),
        profiles: GENERIC,
    },
    Format {
        name: "tsv",
        label: "OmegaT TSV",
        summary: "OmegaT tab-separated glossary",
        tools: "OmegaT glossary folder",
        holds: Holds::Glossary,
        extensions: &["tsv", "tab", "txt", "utf8"],
        file_name: "glossary.utf8",
        media_type: "text/tab-separated-values; charset=utf-8",
        read: Some(super::tsv::read),
        write: Some(|w, g| super::tsv::write(w, g)),
        profiles: GENERIC,
    },
    Format {
        name: "native",
        label: "glossa CSV",
        summary: "glossa's own CSV",
        tools: "another glossa",
        holds: Holds::Glossary,
        extensions: &["csv"],
        file_name: "glossa.csv",
        media_type: "text/csv; charset=utf-8",
        read: Some(|b| super::native::read(b)),
        write: Some(|w, g| super::native::write(w, g)),
        profiles: GENERIC,
    },
    Format {
        name: "vale",
        label: "a Vale style",
        summary: "Vale vocabulary and substitution style (export only)",
        tools: "Vale prose linter (styles/Glossa/Terms.yml)",
        holds: Holds::Glossary,
        extensions: &[],
        file_name: "Terms.yml",
        media_type: "application/yaml; charset=utf-8",
        read: None,
        write: Some(|w, g| super::vale::write(w, g)),
        profiles: GENERIC,
    },
    Format {
        name: "tmx",
        label: "TMX 1.4b",
        summary: "TMX 1.4b translation memory",
        tools: "every CAT tool's memory",
        holds: Holds::Memory,
        extensions: &["tmx"],
        file_name: "memory.tmx",
        media_type: "application/x-tmx+xml",
        read: None,
        write: None,
        profiles: GENERIC,
    },
    #[cfg(test)]
    super::markdown::FORMAT,
];

/// The format called `name` (any case).
pub fn by_name(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// Formats that can be exported, holding `what`.
pub fn writable(what: Holds) -> impl Iterator<Item = &'static Format> {
    FORMATS.iter().filter(move |f| f.holds == what && f.writable())
}

/// Formats that can be imported, holding `what`.
pub fn readable(what: Holds) -> impl Iterator<Item = &'static Format> {
    FORMATS.iter().filter(move |f| f.holds == what && f.readable())
}

/// The readable format a file name's extension names, when exactly one
/// format claims it (`.csv` is claimed by two: sniff the content).
pub(crate) fn for_path(path: &Path) -> Option<&'static Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let mut claims = FORMATS
        .iter()
        .filter(|f| f.readable() && f.extensions.contains(&ext.as_str()));
    let first = claims.next()?;
    claims.next().is_none().then_some(first)
}

/// The glossary format of a file: named by its extension when one format
/// claims it, else sniffed from the content ([`super::sniff`]).
pub fn detect(path: Option<&Path>, bytes: &[u8]) -> &'static Format {
    path.and_then(for_path)
        .filter(|f| f.holds == Holds::Glossary)
        .unwrap_or_else(|| super::sniff(bytes).format())
}

#[cfg(test)]
/// `name  summary` lines of the formats holding `what` that pass `keep`,
/// for `--help`.
pub(crate) fn help_lines(what: Holds, keep: fn(&Format) -> bool) -> String {
    let mut out = String::new();
    for f in FORMATS.iter().filter(|f| f.holds == what && keep(f)) {
        out.push_str(&format!("  {:<7}{}\n", f.name, f.summary));
    }
    out
}

/// The names of the formats holding `what` that pass `keep`, as
/// `a, b or c` (for error messages).
pub fn names(what: Holds, keep: fn(&Format) -> bool) -> String {
    let v: Vec<&str> = FORMATS
        .iter()
        .filter(|f| f.holds == what && keep(f))
        .map(|f| f.name)
        .collect();
    match v.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} or {last}", rest.join(", "))
        }
        _ => v.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_glossary_format_round_trips_or_says_why() {
        let mut seen = std::collections::HashSet::new();
        for f in FORMATS {
            assert!(seen.insert(f.name), "duplicate {}", f.name);
            assert!(f.profiles.contains(&"generic"), "{}", f.name);
        }
        let vale = by_name("VALE").unwrap();
        assert!(vale.writable() && !vale.readable());
        let err = vale.read(b"x").unwrap_err().to_string();
        assert!(err.contains("written, not read"), "{err}");
    }

    #[test]
    fn extensions_decide_unless_two_formats_claim_them() {
        assert_eq!(for_path(Path::new("a.TBX")).unwrap().name, "tbx");
        assert_eq!(for_path(Path::new("a.utf8")).unwrap().name, "tsv");
        assert_eq!(for_path(Path::new("a.tmx")).unwrap().name, "tmx");
        assert!(for_path(Path::new("a.csv")).is_none());
        let native = b"id,lang,term\nc1,fr,puce\n";
        let p = Path::new("g.csv");
        assert_eq!(detect(Some(p), native).name, "native");
        assert_eq!(detect(Some(p), b"fr,en\npuce,chip\n").name, "csv");
        assert_eq!(detect(Some(Path::new("m.tmx")), native).name, "native");
    }
}
