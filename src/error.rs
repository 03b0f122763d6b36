//! The one error type of the library.
//!
//! Modelled on rust-csv's `Error(Box<ErrorKind>)`: cheap to move, with a
//! [`Position`] that says *where* in the user's file the problem is (file,
//! line, column, or entry id). The library never panics on user input; every
//! reader returns one of these instead.

use std::fmt;
use std::path::{Path, PathBuf};

/// Result alias used across the library.
pub type Result<T> = std::result::Result<T, Error>;

/// Where in an input a problem was found. Every field is optional because
/// not every format knows every coordinate (CSV has records, XML has byte
/// offsets we turn into line/column, the model has entry ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// The file, when the input came from one.
    pub path: Option<PathBuf>,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column, in characters.
    pub column: Option<u64>,
    /// The entry (concept) id, or TMX unit index.
    pub entry: Option<String>,
}

impl Position {
    /// A position at a 1-based line (and optional column).
    pub fn line(line: u64, column: Option<u64>) -> Position {
        Position { line: Some(line), column, ..Position::default() }
    }

    /// A position naming an entry id.
    pub fn entry(id: impl Into<String>) -> Position {
        Position { entry: Some(id.into()), ..Position::default() }
    }

    /// Line and column of a byte offset in `text` (both 1-based, the
    /// column counted in characters).
    pub fn at_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let mut start = offset;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let before = &text[..start];
        let line = before.bytes().filter(|&b| b == b'\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u64 + 1;
        Position::line(line, Some(column))
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(p) = &self.path {
            parts.push(p.display().to_string());
        }
        if let Some(l) = self.line {
            parts.push(match self.column {
                Some(c) => format!("line {l}, column {c}"),
                None => format!("line {l}"),
            });
        }
        if let Some(e) = &self.entry {
            parts.push(format!("entry {e}"));
        }
        write!(f, "{}", parts.join(": "))
    }
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An I/O error (reading or writing a file).
    Io(std::io::Error),
    /// The input is not well-formed for its format (XML, CSV, TSV, TMX…).
    Parse(String),
    /// The bytes are not valid in the declared or detected encoding.
    Encoding(String),
    /// Well-formed input that breaks a rule of the model: unknown
    /// language, duplicate id, a missing column, an unknown status…
    Invalid(String),
    /// A query or argument the caller gave is not usable.
    Input(String),
    /// The translation-memory database failed.
    Database(String),
    /// What the caller asked for does not exist (an entry id, a
    /// translation memory not created yet).
    NotFound(String),
    /// The write was based on a version that is no longer current (a
    /// concurrent edit); nothing was written.
    Conflict(String),
    /// The storage behind a repository cannot be reached right now (a
    /// database server down); retrying later may succeed.
    Unavailable(String),
}

/// The library's error: a kind plus where it happened.
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    pos: Position,
}

impl Error {
    /// A new error with no position yet.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner { kind, pos: Position::default() }))
    }

    /// A parse error at `pos`.
    pub fn parse(pos: Position, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse(msg.into())).at(pos)
    }

    /// A model-rule violation at `pos`.
    pub fn invalid(pos: Position, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Invalid(msg.into())).at(pos)
    }

    /// An encoding error at `pos`.
    pub fn encoding(pos: Position, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Encoding(msg.into())).at(pos)
    }

    /// Bad caller input (a query, an argument).
    pub fn input(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Input(msg.into()))
    }

    /// Something asked for that does not exist.
    pub fn not_found(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::NotFound(msg.into()))
    }

    /// A write based on a stale version.
    pub fn conflict(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Conflict(msg.into()))
    }

    /// Attach a position, keeping any fields already set (so a reader can
    /// set the line and its caller the path).
    pub fn at(mut self, pos: Position) -> Error {
        let p = &mut self.0.pos;
        if p.path.is_none() {
            p.path = pos.path;
        }
        if p.line.is_none() {
            p.line = pos.line;
            p.column = p.column.or(pos.column);
        }
        if p.entry.is_none() {
            p.entry = pos.entry;
        }
        self
    }

    /// Set the line (replacing one already set), keeping the rest.
    pub(crate) fn with_line(mut self, line: u64) -> Error {
        self.0.pos.line = Some(line);
        self
    }

    /// Attach the file the error happened in.
    pub fn in_file(self, path: &Path) -> Error {
        self.at(Position {
            path: Some(path.to_path_buf()),
            ..Position::default()
        })
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where it happened.
    pub fn position(&self) -> &Position {
        &self.0.pos
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pos = self.0.pos.to_string();
        if !pos.is_empty() {
            write!(f, "{pos}: ")?;
        }
        match &self.0.kind {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Parse(m) => write!(f, "{m}"),
            ErrorKind::Encoding(m) => write!(f, "encoding error: {m}"),
            ErrorKind::Invalid(m) => write!(f, "{m}"),
            ErrorKind::Input(m) => write!(f, "{m}"),
            ErrorKind::Database(m) => write!(f, "translation memory: {m}"),
            ErrorKind::NotFound(m)
            | ErrorKind::Conflict(m)
            | ErrorKind::Unavailable(m) => write!(f, "{m}"),
        }
    }
}

/// No `source()`: the message already ends with the cause (an I/O
/// error's text), and error reporters that print the chain would say it
/// twice ("No such file or directory: No such file or directory").
impl std::error::Error for Error {}

impl Error {
    /// The kind of the underlying I/O error, if this is one.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match &self.0.kind {
            ErrorKind::Io(e) => Some(e.kind()),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Error {
        let pos = e.position().map(|p| Position::line(p.line(), None));
        let msg = match e.kind() {
            csv::ErrorKind::Utf8 { err, .. } => {
                return Error::encoding(
                    pos.unwrap_or_default(),
                    err.to_string(),
                );
            }
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("expected {expected_len} fields, found {len}")
            }
            csv::ErrorKind::Io(e) => e.to_string(),
            _ => e.to_string(),
        };
        Error::parse(pos.unwrap_or_default(), msg)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::new(ErrorKind::Database(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_line_column_counts_chars() {
        let t = "ab\nééx";
        assert_eq!(Position::at_offset(t, 0), Position::line(1, Some(1)));
        assert_eq!(Position::at_offset(t, 3), Position::line(2, Some(1)));
        // 'x' is after two 2-byte chars: column 3.
        assert_eq!(Position::at_offset(t, 7), Position::line(2, Some(3)));
    }

    #[test]
    fn display_names_file_line_and_entry() {
        let e = Error::invalid(Position::line(4, Some(2)), "bad")
            .in_file(Path::new("g.csv"))
            .at(Position::entry("c7"));
        assert_eq!(e.to_string(), "g.csv: line 4, column 2: entry c7: bad");
    }
}
