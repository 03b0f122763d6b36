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
