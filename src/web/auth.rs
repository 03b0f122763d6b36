//! Team mode (issue 17): who is asking, and whether they may. Only a
//! server on the team database has accounts; the embedded app stays the
//! single-user one (loopback, no sign-in).
//!
//! Every request but the sign-in page, the assets and the CSRF token
//! needs a signed-in user: a session cookie (`glossa_auth`, from
//! `POST /signin`: `HttpOnly; SameSite=Strict`, and `Secure` behind TLS)
//! with the CSRF rule of [`super::csrf`] on top, or an API token
//! (`Authorization: Bearer glt_…`, from `glossa user token`) which, as
//! no browser sends it by itself, needs no CSRF token. What each route
//! needs is [`needs`]; what each role may is
//! [`Role::may`](crate::workspace::team::Role::may). A refusal is a 403
//! JSON answer, before any handler runs, so nothing is written; a page
//! asked for without a session redirects to the sign-in page.

use std::sync::Arc;

use axum::Form;
use axum::body::Body;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{
    HeaderMap, HeaderValue, Method, Request, StatusCode, header,
};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::App;
use super::api::ApiError;
use super::html::{escape, layout};
use crate::workspace::Workspace;
use crate::workspace::team::{Right, User};

/// The sign-in session cookie.
pub const COOKIE: &str = "glossa_auth";

/// Marks a request authenticated by a Bearer token: no ambient
/// credential, so the CSRF rule does not apply.
#[derive(Debug, Clone, Copy)]
pub struct ByToken;

/// The right a request needs, or `None` for the public routes.
pub fn needs(method: &Method, path: &str) -> Option<Right> {
    if matches!(path, "/signin" | "/signout" | "/api/csrf")
        || path.starts_with("/assets/")
    {
        return None;
    }
    if path == "/api/users" || path.starts_with("/api/users/") {
        return Some(Right::ManageUsers);
    }
    let reads = matches!(*method, Method::GET | Method::HEAD)
        || (*method == Method::POST && path == "/api/check");
    if reads {
        Some(Right::Read)
    } else if *method == Method::POST && path == "/api/entries" {
        Some(Right::Propose)
    } else {
        Some(Right::Edit)
    }
}

/// The value of cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    for v in headers.get_all(header::COOKIE) {
        let Ok(v) = v.to_str() else { continue };
        for part in v.split(';') {
            if let Some((k, val)) = part.trim().split_once('=')
                && k == name
                && !val.is_empty()
            {
                return Some(val.to_string());
            }
        }
    }
    None
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

fn forbidden(msg: impl Into<String>) -> Response {
    ApiError::new(StatusCode::FORBIDDEN, msg).into_response()
}

/// Middleware: identify the user and refuse what their role may not do.
pub async fn gate(
    State(app): State<Arc<App>>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let Some(pg) = app.team.clone() else {
        return next.run(req).await;
    };
    let Some(right) = needs(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    let token = bearer(req.headers());
    let by_token = token.is_some();
    let secret = token.or_else(|| cookie(req.headers(), COOKIE));
    let user = match secret.map(|s| pg.user_of(&s)).transpose() {
        Ok(u) => u.flatten(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let page = !req.uri().path().starts_with("/api/");
    match user {
        None if page && req.method() == Method::GET => {
            Redirect::to("/signin").into_response()
        }
        None => forbidden(
            "sign in first (a session from /signin, or an API token in \
             Authorization: Bearer)",
        ),
        Some(u) if !u.role.may(right) => forbidden(format!(
            "{} is a {}: {}",
            u.name,
            u.role.as_str(),
            match right {
                Right::ManageUsers => "only an admin manages users",
                _ =>
                    "approving, editing, restoring and importing are for \
                      terminologists",
            }
        )),
        Some(u) => {
            req.extensions_mut().insert(u);
            if by_token {
                req.extensions_mut().insert(ByToken);
            }
            next.run(req).await
        }
    }
}

/// The workspace a handler writes through: the app's, recording the
/// signed-in user in the history; and that user (`None` on the
/// single-user embedded app).
pub struct Acting {
    pub ws: Workspace,
    pub user: Option<User>,
}

impl Acting {
    /// True if this request may change approved content (always on the
    /// embedded app).
    pub fn may_edit(&self) -> bool {
        self.user.as_ref().is_none_or(|u| u.role.may(Right::Edit))
    }
}

impl FromRequestParts<Arc<App>> for Acting {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Acting, ApiError> {
        let user = parts.extensions.get::<User>().cloned();
        let ws = match &user {
            Some(u) => app.ws.acting_as(&u.name),
            None => app.ws.clone(),
        };
        Ok(Acting { ws, user })
    }
}

fn signin_html(error: Option<&str>) -> String {
    let err = error.map_or(String::new(), |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>", escape(e))
    });
    format!(
        "<h1>Sign in</h1>{err}\
<form method=\"post\" action=\"/signin\" class=\"signin\">\
<p><label for=\"name\">Name</label> <input id=\"name\" name=\"name\" \
autocomplete=\"username\" required autofocus></p>\
<p><label for=\"password\">Password</label> <input id=\"password\" \
name=\"password\" type=\"password\" autocomplete=\"current-password\" \
required></p><p><button type=\"submit\">Sign in</button></p></form>"
    )
}

fn signin_page(status: StatusCode, error: Option<&str>) -> Response {
    let mut r =
        Html(layout("Sign in", "", "", &signin_html(error))).into_response();
    *r.status_mut() = status;
    r
}

/// `GET /signin`.
pub async fn signin_form(State(app): State<Arc<App>>) -> Response {
    if app.team.is_none() {
        return not_team();
    }
    signin_page(StatusCode::OK, None)
}

fn not_team() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no accounts: this server is not in team mode (glossa serve \
         --database URL)",
    )
    .into_response()
}

/// The sign-in form.
#[derive(Debug, serde::Deserialize)]
pub struct SignIn {
    name: String,
    password: String,
}

/// The session cookie, `Secure` when the request came over TLS (a proxy
/// in front says so with `X-Forwarded-Proto: https`).
fn session_cookie(headers: &HeaderMap, value: &str, max_age: i64) -> String {
    let tls = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    format!(
        "{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if tls { "; Secure" } else { "" }
    )
}

/// `POST /signin`: check the password, start a session, go to `/`.
pub async fn signin(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(f): Form<SignIn>,
) -> Response {
    let Some(pg) = app.team.clone() else { return not_team() };
    let res = tokio::task::spawn_blocking(move || {
        match pg.sign_in(&f.name, &f.password)? {
            Some(u) => pg.new_credential(&u.name, false, "web").map(Some),
            None => Ok(None),
        }
    })
    .await;
    match res {
        Ok(Ok(Some(secret))) => {
            let age =
                i64::from(crate::workspace::postgres::SESSION_HOURS) * 3600;
            let c = session_cookie(&headers, &secret, age);
            let mut r = Redirect::to("/").into_response();
            if let Ok(v) = HeaderValue::from_str(&c) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Ok(Ok(None)) => {
            signin_page(StatusCode::FORBIDDEN, Some("wrong name or password"))
        }
        Ok(Err(e)) => ApiError::from(e).into_response(),
        Err(e) => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
                .into_response()
        }
    }
}

/// `POST /signout`: end the session.
pub async fn signout(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let Some(pg) = app.team.clone() else { return not_team() };
    if let Some(s) = cookie(&headers, COOKIE) {
        let res = tokio::task::spawn_blocking(move || pg.revoke(&s)).await;
        if let Ok(Err(e)) = res {
            return ApiError::from(e).into_response();
        }
    }
    let mut r = Redirect::to("/signin").into_response();
    if let Ok(v) = HeaderValue::from_str(&session_cookie(&headers, "", 0)) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

fn team(app: &App) -> Result<Arc<crate::workspace::Pg>, ApiError> {
    app.team.clone().ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "no accounts: not in team mode")
    })
}

/// `GET /api/me`: the signed-in user.
pub async fn me(acting: Acting) -> Response {
    axum::Json(serde_json::json!({ "user": acting.user })).into_response()
}

/// `GET /api/users` (admins): every account and its role.
pub async fn users(
    State(app): State<Arc<App>>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let pg = team(&app)?;
    let list = tokio::task::spawn_blocking(move || pg.users())
        .await
        .map_err(|e| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        })??;
    Ok(axum::Json(serde_json::json!({ "users": list })))
}

/// A new account.
#[derive(Debug, serde::Deserialize)]
pub struct NewUser {
    name: String,
    role: String,
    password: String,
}

/// `POST /api/users` (admins): `{"name", "role", "password"}` → 201.
pub async fn add_user(
    State(app): State<Arc<App>>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let pg = team(&app)?;
    let u: NewUser = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("expected {{\"name\", \"role\", \"password\"}}: {e}"),
        )
    })?;
    let role = crate::workspace::team::Role::parse(&u.role)?;
    let name = u.name.clone();
    tokio::task::spawn_blocking(move || {
        pg.add_user(&u.name, role, &u.password)
    })
    .await
    .map_err(|e| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    })??;
    let body = serde_json::json!({ "name": name, "role": role });
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}
