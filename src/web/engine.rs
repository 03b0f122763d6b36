//! The one place where the web app calls the library's engines: lookup
//! (issue 3), draft checks (issue 5) and the translation memory
//! (issue 6). Each returns JSON-ready values; nothing here decides
//! anything a library function could.
//!
//! An engine not yet in the library answers 503 with a JSON error that
//! says so.

use axum::http::StatusCode;
use serde_json::Value;

use super::App;
use super::api::ApiError;

fn unavailable(what: &str, issue: u32) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("{what} is not available in this build yet (issue {issue})"),
    )
}

/// Fuzzy lookup in either direction; `lang` is `fr`, `en` or `any`.
pub fn lookup(
    _app: &App,
    _query: &str,
    _lang: &str,
    _limit: usize,
) -> Result<Vec<Value>, ApiError> {
    Err(unavailable("lookup", 3))
}

/// Check an English draft against its French source: findings as
/// `glossa check --format json` prints them, plus the glossary terms found
/// in the draft (for highlighting).
pub fn check(
    _app: &App,
    _source: &str,
    _target: &str,
) -> Result<Value, ApiError> {
    Err(unavailable("the draft check", 5))
}

/// TM matches for a French sentence.
pub fn tm_search(
    _app: &App,
    _query: &str,
    _min: u8,
    _limit: usize,
) -> Result<Vec<Value>, ApiError> {
    Err(unavailable("translation memory search", 6))
}

/// The whole TM as TMX 1.4b.
pub fn tmx_export(_app: &App) -> Result<Vec<u8>, ApiError> {
    Err(unavailable("TMX export", 6))
}

/// Import a TMX file into the TM; returns a JSON summary.
pub fn tmx_import(_app: &App, _bytes: &[u8]) -> Result<Value, ApiError> {
    Err(unavailable("TMX import", 6))
}
