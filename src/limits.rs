//! Every documented input limit, in one place (issue 14): what the
//! library, the command line, the language server and the web app accept
//! before refusing with a clear error. Each limit bounds memory or time
//! on hostile input; none is near what a newsroom glossary, a translation
//! memory or an article needs. README "Limits" lists them for users.

use std::time::Duration;

/// Web app: requests whose body or answer may need much memory (draft
/// checks, imports) run at most this many at once; others wait their
/// turn (up to [`REQUEST_TIMEOUT`]). Lookups never wait for them.
pub const HEAVY_JOBS: usize = 2;

/// Web app: the most connections served at once; more wait in the
/// listen queue.
pub const MAX_CONNECTIONS: usize = 256;

/// Web app: a client must send a request's whole header block within
/// this time, and an idle keep-alive connection is closed after it.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Web app: the most time one request may take, body upload included;
/// past it the answer is a JSON 408 and the connection is closed.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Web app: a connection whose client stops reading its answer for this
/// long is closed.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// Draft checks (web app): the most sentences on either side. An article
/// has a few hundred; the sentence aligner's work grows with the product
/// of both sides' counts.
pub const CHECK_MAX_SENTENCES: usize = 2_000;

/// Language server: the largest message body (a document of a few MB
/// fits many times over); a larger one is skipped and answered with an
/// error.
pub(crate) const LSP_MAX_MESSAGE: usize = 64 << 20;

/// Language server: the most diagnostics published for one document
/// (errors first, then warnings, then hints).
pub(crate) const LSP_MAX_DIAGNOSTICS: usize = 1000;

/// Language server: the longest header line (`Content-Length: …`).
pub const LSP_MAX_HEADER_LINE: usize = 1024;

/// Language server: the most header lines in one message.
pub(crate) const LSP_MAX_HEADERS: usize = 32;

/// Largest glossary file read (`import`, `validate`, the store's files).
pub const MAX_GLOSSARY_FILE: u64 = 256 << 20;

/// Largest TMX file read (`tm import`).
pub const MAX_TMX_FILE: u64 = 1 << 30;

/// Largest article read (`align`, `check`, `extract`): far above any
/// article, low enough that a wrong file fails at once.
pub const MAX_ARTICLE_FILE: u64 = 32 << 20;

/// Term stage (`align` without `--sentences`, `extract`): the bytes of
/// a sentence read for terms. A longer "sentence" (a text with little or
/// no punctuation) is read up to this point, cut at a word boundary; a
/// real sentence is a few hundred bytes (a run of headlines with no
/// final stop, read as one sentence, reaches 1 KiB in the dev set). The
/// term stage's work per sentence grows with the square of its length.
pub const TERM_MAX_SENTENCE_BYTES: usize = 2048;

/// Term stage: the most text per side, in bytes, after the
/// per-sentence cut of [`TERM_MAX_SENTENCE_BYTES`]; a report of 300
/// pages fits (an article is 10–50 KB). Past it, `align` (without `--sentences`) and
/// `extract` refuse before any work starts; `align --sentences` and
/// `check` have no such limit.
pub const TERM_MAX_TEXT: usize = 1 << 20;

/// Term stage: the most French candidates aligned, those of highest
/// termhood ([`crate::align::extract`]); the dev articles have 60–151,
/// all of them repeated to 1 MB 1,418.
pub const TERM_MAX_CANDIDATES: usize = 2_000;

/// A temp file of glossa's (`.glossa-tmp-*` beside a glossary,
/// `.lookup-tmp-*` in its `.glossa/` cache folder) that nobody has
/// written to for this long was left by a killed process and is removed
/// by the next command that writes the glossary or opens its lookup
/// index. Younger ones may belong to a save running now and are kept.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(5 * 60);

/// Read a whole file of at most `max` bytes; `what` names the kind of
/// file in the error. Regular files and pipes only (issue 14 item 2):
/// a directory or a device (`/dev/zero`) is refused before reading, a
/// regular file over the limit before reading, and a pipe as soon as it
/// has sent more than `max` bytes. Errors name the file.
pub fn read_file(
    path: &std::path::Path,
    max: u64,
    what: &str,
) -> crate::Result<Vec<u8>> {
    use std::io::Read;
    let in_file = |e: crate::Error| e.in_file(path);
    let too_big = || {
        crate::Error::input(format!(
            "larger than {} MiB, the most a {what} may be (README: Limits)",
            max >> 20
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| in_file(e.into()))?;
    let ft = meta.file_type();
    if ft.is_dir() {
        return Err(in_file(crate::Error::input(format!(
            "is a directory, not a {what}"
        ))));
    }
    #[cfg(unix)]
    let pipe = std::os::unix::fs::FileTypeExt::is_fifo(&ft);
    #[cfg(not(unix))]
    let pipe = false;
    if !ft.is_file() && !pipe {
        return Err(in_file(crate::Error::input(format!(
            "not a regular file or pipe (a device or socket); a {what} \
             must be one"
        ))));
    }
    if ft.is_file() && meta.len() > max {
        return Err(in_file(too_big()));
    }
    let f = std::fs::File::open(path).map_err(|e| in_file(e.into()))?;
    let mut buf = Vec::with_capacity(meta.len().min(max) as usize);
    f.take(max + 1).read_to_end(&mut buf).map_err(|e| in_file(e.into()))?;
    if buf.len() as u64 > max {
        return Err(in_file(too_big()));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_14_item_2_devices_directories_and_big_files_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = |p: &std::path::Path, max| {
            read_file(p, max, "glossary file").unwrap_err().to_string()
        };
        let m = err(std::path::Path::new("/dev/zero"), 1 << 20);
        assert!(
            m.contains("/dev/zero") && m.contains("not a regular file"),
            "{m}"
        );
        assert!(err(dir.path(), 1 << 20).contains("is a directory"));
        let f = dir.path().join("g.csv");
        std::fs::write(&f, vec![b'a'; (2 << 20) + 1]).unwrap();
        let m = err(&f, 2 << 20);
        assert!(m.contains("g.csv") && m.contains("larger than 2 MiB"), "{m}");
        assert_eq!(read_file(&f, 3 << 20, "x").unwrap().len(), (2 << 20) + 1);
    }
}
