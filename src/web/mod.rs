//! The local web app (`glossa serve`, issue 7): a few server-rendered
//! pages and a small JSON API over the same library calls and the same
//! locked [`Store`](crate::Store) as the command line.
//!
//! - [`App`]: the shared state (store, TM path, a cached copy of the
//!   glossary reloaded when the files' modification times change, the
//!   per-session CSRF tokens);
//! - [`router`]: every route, pages and `/api/*`;
//! - [`serve`]: bind and run until the process ends.
//!
//! Pages are built as Rust strings with one escaping function
//! ([`escape`]); the stylesheet and script are embedded with
//! `include_str!`, so no request ever reads a file outside the glossary
//! and the translation memory. Every state-changing request must carry
//! the session's CSRF token (cookie + `X-CSRF-Token` header). The server
//! has no logic of its own: lookup, draft checks, TM search and the
//! formats are the library's.
//!
//! One request cannot stop the server (issue 14 item 5): CSRF tokens are
//! stateless, every connection has header, request and write timeouts,
//! connections and memory-hungry jobs are counted, a panicking handler
//! answers 500 JSON, and inputs are bounded before work starts (limits in
//! [`crate::limits`]).
//!
//! It leaves out authentication: it is meant for one translator on their
//! own machine and binds to loopback by default.

mod api;
mod auth;
mod csrf;
mod engine;
mod html;
mod pages;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub use html::escape;
pub use state::App;

use crate::error::{Error, Result};
use crate::limits::{
    HEADER_TIMEOUT, MAX_CONNECTIONS, REQUEST_TIMEOUT, WRITE_TIMEOUT,
};

/// Largest accepted upload (import) body.
pub(crate) const MAX_UPLOAD: usize = 8 * 1024 * 1024;
/// Largest accepted body of any other request (a pasted article pair).
pub(crate) const MAX_BODY: usize = 2 * 1024 * 1024;

/// What the server serves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Glossary files or directories, the first one writable.
    pub glossary: Vec<PathBuf>,
    /// The translation memory database.
    pub tm: PathBuf,
}

/// Every route of the app.
pub fn router(app: Arc<App>) -> Router {
    let upload = Router::new()
        .route("/api/import", post(api::import))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD));
    Router::new()
        .route("/", get(pages::lookup))
        .route("/entries", get(pages::entries))
        .route("/entries/new", get(pages::new_entry))
        .route("/entries/{id}", get(pages::entry))
        .route("/review", get(pages::review))
        .route("/check", get(pages::check))
        .route("/exchange", get(pages::exchange))
        .route("/assets/app.js", get(pages::script))
        .route("/assets/app.css", get(pages::style))
        .route("/signin", get(auth::signin_form).post(auth::signin))
        .route("/signout", post(auth::signout))
        .route("/api/me", get(auth::me))
        .route("/api/users", get(auth::users).post(auth::add_user))
        .route("/api/csrf", get(api::csrf_token))
        .route("/api/lookup", get(api::lookup))
        .route("/api/entries", get(api::list).post(api::add))
        .route(
            "/api/entries/{id}",
            get(api::get_entry).put(api::put_entry).patch(api::patch_entry),
        )
        .route("/api/entries/{id}/history", get(api::history))
        .route("/api/entries/{id}/restore", post(api::restore))
        .route("/api/entries/{id}/accept", post(api::accept))
        .route("/api/entries/{id}/reject", post(api::reject))
        .route("/api/check", post(api::check))
        .route("/api/tm/search", get(api::tm_search))
        .route("/api/translate", get(api::translate))
        .route("/api/export", get(api::export))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .merge(upload)
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(app.clone(), csrf::guard))
        .layer(axum::middleware::from_fn_with_state(app.clone(), auth::gate))
        .layer(axum::middleware::from_fn(deadline))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .with_state(app)
}

/// Middleware: a request (body upload included) that takes longer than
/// [`REQUEST_TIMEOUT`] is answered with a JSON 408 and its connection
/// closed. Blocking work it started finishes on its own thread, still
/// holding its [`App::heavy`](state::App) permit.
async fn deadline(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) => {
            let mut r = api::ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request took longer than {} s",
                    REQUEST_TIMEOUT.as_secs()
                ),
            )
            .into_response();
            r.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
            r
        }
    }
}

/// A handler that panicked (a bug) answers 500 JSON; the server goes on.
fn on_panic(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    api::ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("internal error (a bug in glossa, please report): {what}"),
    )
    .into_response()
}

/// Bind `addr` and serve until the process ends. `ready` is called with
/// the bound address (useful with port 0) before the first request.
pub fn serve(
    config: Config,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    serve_app(App::new(config)?, addr, ready)
}

/// [`serve`] over an app already made (any workspace).
pub fn serve_app(
    app: App,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let app = Arc::new(app);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(Error::from)?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| {
                Error::input(format!("cannot listen on {addr}: {e}"))
            })?;
        let bound = listener.local_addr().map_err(Error::from)?;
        ready(bound);
        accept_loop(listener, router(app)).await
    })
}

/// Serve every connection of `listener` with `router`: HTTP/1.1 with a
/// header read (and keep-alive idle) timeout, a write timeout, and at most
/// [`MAX_CONNECTIONS`] connections at once. axum's own `serve` sets no
/// timeouts, hence this loop.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    router: Router,
) -> Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| Error::input(format!("connection limit: {e}")))?;
        let tcp = match listener.accept().await {
            Ok((tcp, _)) => tcp,
            // Out of file descriptors and the like: wait, do not exit.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let mut io = tokio_io_timeout::TimeoutStream::new(tcp);
        io.set_write_timeout(Some(WRITE_TIMEOUT));
        let io = TokioIo::new(Box::pin(io));
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(io, service)
                .await;
        });
    }
}
