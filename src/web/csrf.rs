//! Per-session CSRF tokens.
//!
//! A page load without a valid session cookie gets a fresh random token,
//! set as an `HttpOnly; SameSite=Strict` cookie and written into the page
//! (`<meta name="csrf-token">`). Every state-changing request (any method
//! but GET and HEAD) must send the same token in the `X-CSRF-Token`
//! header, the cookie must hold it too, and the server must have issued
//! it. A request from another origin is refused as well.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;
use super::api::ApiError;

/// The session cookie's name.
pub const COOKIE: &str = "glossa_session";
/// The request header carrying the token.
pub const HEADER: &str = "x-csrf-token";

/// The session token of this request, and a `Set-Cookie` value when a new
/// one had to be issued.
pub fn session(app: &App, headers: &HeaderMap) -> (String, Option<String>) {
    if let Some(t) = cookie(headers).filter(|t| app.has_session(t)) {
        return (t, None);
    }
    let t = new_token();
    app.add_session(&t);
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

/// 128 random bits from the OS, as hex. Falls back to std's randomly
/// keyed hasher, which is also seeded from the OS.
fn new_token() -> String {
    use std::io::Read;
    let mut buf = [0u8; 16];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .is_ok();
    if !ok {
        use std::hash::{BuildHasher, Hasher};
        for chunk in buf.chunks_mut(8) {
            let mut h =
                std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
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
pub fn refusal(
    app: &App,
    method: &Method,
    headers: &HeaderMap,
) -> Option<&'static str> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(host_ok) {
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
    if let Some(why) = refusal(&app, req.method(), req.headers()) {
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
        assert_eq!(tok.len(), 32);
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
        let other = "0".repeat(32);
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
                refusal(&app, &method, &h).is_none(),
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
