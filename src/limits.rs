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
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Web app: the most time one request may take, body upload included;
/// past it the answer is a JSON 408 and the connection is closed.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Web app: a connection whose client stops reading its answer for this
/// long is closed.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// Draft checks (web app): the most sentences on either side. An article
/// has a few hundred; the sentence aligner's work grows with the product
/// of both sides' counts.
pub const CHECK_MAX_SENTENCES: usize = 2_000;

/// Language server: the largest message body (a document of a few MB
/// fits many times over); a larger one is skipped and answered with an
/// error.
pub const LSP_MAX_MESSAGE: usize = 64 << 20;

/// Language server: the most diagnostics published for one document
/// (errors first, then warnings, then hints).
pub const LSP_MAX_DIAGNOSTICS: usize = 1000;

/// Language server: the longest header line (`Content-Length: …`).
pub const LSP_MAX_HEADER_LINE: usize = 1024;

/// Language server: the most header lines in one message.
pub const LSP_MAX_HEADERS: usize = 32;

/// Largest glossary file read (`import`, `validate`, the store's files).
pub const MAX_GLOSSARY_FILE: u64 = 256 << 20;

/// Largest TMX file read (`tm import`).
pub const MAX_TMX_FILE: u64 = 1 << 30;

/// Largest article read (`align`, `check`, `extract`): far above any
/// article, low enough that a wrong file fails at once.
pub const MAX_ARTICLE_FILE: u64 = 32 << 20;

/// Largest total uncompressed size of the parts of an Office file
/// (XLSX, DOCX, ODT) that glossa opens, checked from the archive's
/// directory before anything is inflated (a "zip bomb" is refused).
pub const MAX_XLSX_UNZIPPED: u64 = 512 << 20;

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
