//! Per-session CSRF tokens.
//!
//! A page load without a valid session cookie gets a fresh token, set as
//! an `HttpOnly; SameSite=Strict` cookie and written into the page
//! (`<meta name="csrf-token">`). Every state-changing request (any method
//! but GET and HEAD) must send the same token in the `X-CSRF-Token`
//! header, the cookie must hold it too, and the server must have issued
//! it. A request from another origin is refused as well.
//!
//! Tokens are stateless (issue 14 item 5): a random 128-bit nonce and the
//! first 128 bits of its HMAC-SHA256 under a key drawn when the server
//! starts. "Issued by this server" is checked by recomputing the MAC, so
//! the server keeps no session table at all: nothing grows with the
//! number of clients, and a flood of cookie-less `GET /api/csrf` (which a
//! page in the translator's browser could send) cannot evict the
//! translator's session. Restarting the server invalidates every token,
//! as before.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::App;
use super::api::ApiError;

/// The session cookie's name.
pub const COOKIE: &str = "glossa_session";
/// The request header carrying the token.
pub const HEADER: &str = "x-csrf-token";

/// Bytes of nonce and of MAC in a token (hex doubles them).
const PART: usize = 16;

/// The key that signs this process's tokens.
#[derive(Clone)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// A fresh key from the operating system's random source.
    pub fn random() -> std::io::Result<Key> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(std::io::Error::other)?;
        Ok(Key(k))
    }

    fn mac(&self, nonce: &[u8]) -> Hmac<Sha256> {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        m.update(nonce);
        m
    }

    /// A new token: hex(nonce) followed by hex(truncated MAC).
    pub fn issue(&self) -> String {
        let mut nonce = [0u8; PART];
        if getrandom::fill(&mut nonce).is_err() {
            // Unique per process even without randomness: the MAC, not
            // the nonce, is what makes a token unforgeable.
            use std::sync::atomic::{AtomicU64, Ordering};
            static N: AtomicU64 = AtomicU64::new(0);
            nonce[..8].copy_from_slice(
                &N.fetch_add(1, Ordering::Relaxed).to_le_bytes(),
            );
        }
        let tag = self.mac(&nonce).finalize().into_bytes();
        let mut t = hex(&nonce);
        t.push_str(&hex(&tag[..PART]));
        t
    }

    /// True if this key issued `token`. The MAC comparison takes the same
    /// time whatever the token.
    pub fn verify(&self, token: &str) -> bool {
        let Some(raw) = unhex(token) else { return false };
        if raw.len() != 2 * PART {
            return false;
        }
        let (nonce, tag) = raw.split_at(PART);
        self.mac(nonce).verify_truncated_left(tag).is_ok()
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// The session token of this request, and a `Set-Cookie` value when a new
/// one had to be issued.
pub fn session(app: &App, headers: &HeaderMap) -> (String, Option<String>) {
    if let Some(t) = cookie(headers).filter(|t| app.has_session(t)) {
        return (t, None);
    }
    let t = app.new_session();
    let set = format!("{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict");
    (t, Some(set))
}

/// The session token in the request's cookies.
fn cookie(headers: &HeaderMap) -> Option<String> {
    for v in headers.get_all(header::COOKIE) {
        let Ok(v) = v.to_str() else { continue };
        for part in v.split(';') {
            if let Some((COOKIE, val)) = part.trim().split_once('=')
                && !val.is_empty()
            {
                return Some(val.to_string());
            }
        }
    }
    None
}

/// Compare without an early exit, so timing tells nothing.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// True when `host` (a Host header) names this machine by address or as
/// `localhost`. A DNS name is refused: a page on another site could make
/// its own name point at 127.0.0.1 (DNS rebinding) and read the glossary
/// with the browser's help.
pub fn host_ok(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        return rest
            .split(']')
            .next()
            .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Why a state-changing request must be refused, if it must.
///
/// `token` false skips the token check (Bearer requests and the sign-in
/// form, which carry no ambient credential). A team server answers to
/// any host name: its users sign in, so a rebound DNS name gets nothing
/// without their session.
pub fn refusal(
    app: &App,
    method: &Method,
    headers: &HeaderMap,
    token: bool,
) -> Option<&'static str> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if app.team.is_none() && !host.is_some_and(host_ok) {
        return Some(
            "unknown Host (open the app as http://127.0.0.1:PORT/ or \
             http://localhost:PORT/)",
        );
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    if let (Some(origin), Some(host)) =
        (headers.get(header::ORIGIN), headers.get(header::HOST))
    {
        let origin = origin.to_str().unwrap_or("");
        let host = host.to_str().unwrap_or("");
        let bare = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .unwrap_or("");
        if bare != host {
            return Some("request from another origin refused");
        }
    }
    if !token {
        return None;
    }
    let Some(sent) = headers.get(HEADER).and_then(|v| v.to_str().ok()) else {
        return Some("missing CSRF token (X-CSRF-Token header)");
    };
    let Some(cookie) = cookie(headers) else {
        return Some(
            "missing CSRF session cookie (load a page or GET /api/csrf first)",
        );
    };
    if !same(sent, &cookie) || !app.has_session(&cookie) {
        return Some("wrong CSRF token");
    }
    None
}

/// Middleware: refuse state-changing requests without a valid token.
pub async fn guard(
    State(app): State<Arc<App>>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let token = req.extensions().get::<super::auth::ByToken>().is_none()
        && !matches!(req.uri().path(), "/signin" | "/signout");
    if let Some(why) = refusal(&app, req.method(), req.headers(), token) {
        return ApiError::new(StatusCode::FORBIDDEN, why).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let app = App::new(super::super::Config {
            glossary: vec![dir.path().to_path_buf()],
            tm: dir.path().join("tm.sqlite"),
        })
        .unwrap();
        (dir, app)
    }

    #[test]
    fn issue_7_csrf_rules() {
        let (_d, app) = app();
        let (tok, set) = session(&app, &HeaderMap::new());
        assert_eq!(tok.len(), 4 * PART);
        assert!(set.unwrap().contains("HttpOnly; SameSite=Strict"));
        let mk = |cookie: Option<&str>,
                  hdr: Option<&str>,
                  origin: Option<&str>| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
            if let Some(c) = cookie {
                h.insert(
                    header::COOKIE,
                    HeaderValue::from_str(&format!("a=b; {COOKIE}={c}"))
                        .unwrap(),
                );
            }
            if let Some(v) = hdr {
                h.insert(HEADER, HeaderValue::from_str(v).unwrap());
            }
            if let Some(o) = origin {
                h.insert(header::ORIGIN, HeaderValue::from_str(o).unwrap());
            }
            h
        };
        let other = "0".repeat(4 * PART);
        for (cookie, hdr, origin, method, ok) in [
            (None, None, None, Method::GET, true),
            (None, None, None, Method::HEAD, true),
            (Some(tok.as_str()), Some(tok.as_str()), None, Method::POST, true),
            (
                Some(tok.as_str()),
                Some(tok.as_str()),
                Some("http://127.0.0.1:8080"),
                Method::PUT,
                true,
            ),
            (
                Some(tok.as_str()),
                Some(tok.as_str()),
                Some("http://evil.example"),
                Method::POST,
                false,
            ),
            (Some(tok.as_str()), None, None, Method::POST, false),
            (None, Some(tok.as_str()), None, Method::PATCH, false),
            (
                Some(tok.as_str()),
                Some(other.as_str()),
                None,
                Method::POST,
                false,
            ),
            // Both equal but never issued by the server.
            (
                Some(other.as_str()),
                Some(other.as_str()),
                None,
                Method::DELETE,
                false,
            ),
        ] {
            let h = mk(cookie, hdr, origin);
            assert_eq!(
                refusal(&app, &method, &h, true).is_none(),
                ok,
                "{cookie:?} {hdr:?} {origin:?} {method}"
            );
        }
        for (host, ok) in [
            ("127.0.0.1:8080", true),
            ("localhost:8080", true),
            ("LOCALHOST", true),
            ("[::1]:8080", true),
            ("192.168.1.4:8080", true),
            ("evil.example:8080", false),
            ("127.0.0.1.evil.example", false),
            ("", false),
        ] {
            assert_eq!(host_ok(host), ok, "{host}");
        }
        // A known cookie is reused, not replaced.
        let (again, set) = session(&app, &mk(Some(&tok), None, None));
        assert_eq!(again, tok);
        assert!(set.is_none());
    }
}

#[cfg(test)]
mod issue_14 {
    use super::*;

    /// Issue 14 item 5: 10,000 cookie-less `GET /api/csrf` used to evict
    /// every stored session. Tokens are now verified, not stored.
    #[test]
    fn issue_14_item_5_csrf_flood_evicts_no_session() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::new(super::super::Config {
            glossary: vec![dir.path().to_path_buf()],
            tm: dir.path().join("tm.sqlite"),
        })
        .unwrap();
        let (mine, _) = session(&app, &HeaderMap::new());
        let mut seen = std::collections::HashSet::new();
        for _ in 0..20_000 {
            let (t, set) = session(&app, &HeaderMap::new());
            assert!(set.is_some());
            assert!(seen.insert(t), "tokens are unique");
        }
        assert!(app.has_session(&mine), "the first session survives");
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        h.insert(header::COOKIE, format!("{COOKIE}={mine}").parse().unwrap());
        h.insert(HEADER, mine.parse().unwrap());
        assert_eq!(refusal(&app, &Method::POST, &h, true), None);
    }

    #[test]
    fn issue_14_item_5_forged_tokens_are_refused() {
        let (a, b) = (Key::random().unwrap(), Key::random().unwrap());
        let t = a.issue();
        assert!(a.verify(&t));
        assert!(!b.verify(&t), "another process's key");
        // Every single-character change breaks the MAC.
        for i in 0..t.len() {
            let mut v: Vec<char> = t.chars().collect();
            v[i] = if v[i] == '0' { '1' } else { '0' };
            let forged: String = v.into_iter().collect();
            assert!(!a.verify(&forged), "{forged}");
        }
        for junk in
            ["", "zz", "0", &"0".repeat(64), &t[..62], "é".repeat(32).as_str()]
        {
            assert!(!a.verify(junk), "{junk:?}");
        }
    }
}
