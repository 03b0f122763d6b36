//! The JSON API. Every error is `{"error": "...", "problems": [...]}`
//! with a 4xx/5xx status; every write goes through `Store::update` (lock,
//! read-modify-write, atomic save), so a refused request leaves the
//! glossary file byte-identical.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

use super::{App, csrf, engine};
use crate::align::review::{self, Decision};
use crate::error::{Error, ErrorKind};
use crate::formats::{Format, Holds, registry};
use crate::glossary::{Entry, Glossary, ReviewState};

/// A JSON error response.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    problems: Vec<String>,
    /// More fields of the JSON body (a 409's current entry).
    extra: Option<serde_json::Map<String, Value>>,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            problems: Vec::new(),
            extra: None,
        }
    }

    /// The message shown to the user.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let msg = e.to_string();
        let status = if msg.contains("not built yet") {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            match e.kind() {
                ErrorKind::Input(_) => StatusCode::BAD_REQUEST,
                ErrorKind::Parse(_)
                | ErrorKind::Encoding(_)
                | ErrorKind::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                ErrorKind::NotFound(_) => StatusCode::NOT_FOUND,
                ErrorKind::Conflict(_) => StatusCode::CONFLICT,
                ErrorKind::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            }
        };
        ApiError::new(status, msg)
    }
}

impl From<BytesRejection> for ApiError {
    fn from(r: BytesRejection) -> ApiError {
        let status = r.status();
        let msg = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "request body too large".to_string()
        } else {
            r.body_text()
        };
        ApiError::new(status, msg)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.message });
        if !self.problems.is_empty() {
            body["problems"] = json!(self.problems);
        }
        for (k, v) in self.extra.into_iter().flatten() {
            body[k] = v;
        }
        (self.status, Json(body)).into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The query string as a map; a malformed one is a JSON 400.
pub struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &S,
    ) -> Result<Params, ApiError> {
        Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
            .map(|q| Params(q.0))
            .map_err(|e| {
                ApiError::bad(format!("bad query string: {}", e.body_text()))
            })
    }
}

/// The `{id}` of an entry path; a malformed one is a JSON 400.
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Id, ApiError> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|p| Id(p.0))
            .map_err(|e| {
                ApiError::bad(format!("bad entry id: {}", e.body_text()))
            })
    }
}

/// Run blocking work (file locks, disk writes) off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    })?
}

/// Run memory-hungry blocking work (draft checks, imports) once one of
/// the [`crate::limits::HEAVY_JOBS`] permits is free. The permit moves
/// into the work, so it stays counted even if the request times out.
async fn heavy<T: Send + 'static>(
    app: &App,
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let permit = app.heavy.clone().acquire_owned().await.map_err(|e| {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
    })?;
    blocking(move || {
        let _permit = permit;
        f()
    })
    .await
}

fn json_body(body: Result<Bytes, BytesRejection>) -> ApiResult<Value> {
    let body = body?;
    if body.is_empty() {
        return Err(ApiError::bad("empty request body (expected JSON)"));
    }
    serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad(format!("request body is not valid JSON: {e}"))
    })
}

fn required<'a>(
    p: &'a HashMap<String, String>,
    k: &str,
) -> ApiResult<&'a str> {
    match p.get(k).map(|s| s.trim()) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ApiError::bad(format!("missing query parameter `{k}`"))),
    }
}

fn number(
    p: &HashMap<String, String>,
    k: &str,
    default: usize,
) -> ApiResult<usize> {
    match p.get(k) {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|_| {
            ApiError::bad(format!("`{k}` must be a whole number, got {v:?}"))
        }),
    }
}

/// `GET /api/csrf`: the session token (and its cookie) for scripts.
pub async fn csrf_token(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let (token, set) = csrf::session(&app, &headers);
    let mut r = Json(json!({ "token": token })).into_response();
    if let Some(c) = set.and_then(|c| HeaderValue::from_str(&c).ok()) {
        r.headers_mut().insert(header::SET_COOKIE, c);
    }
    r
}

/// Any unknown path: JSON 404 under `/api/`, a short page elsewhere.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no such endpoint {}", uri.path()),
        )
        .into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            axum::response::Html(super::html::layout(
                "Not found",
                "",
                "",
                "<h1>Not found</h1><p><a href=\"/\">Back to lookup</a></p>",
            )),
        )
            .into_response()
    }
}

/// A known path with a method it does not take.
pub async fn method_not_allowed(method: axum::http::Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method {method} is not allowed here"),
    )
}

/// The most results a lookup returns.
const MAX_LIMIT: usize = 100;

/// The `q` parameter, checked by the lookup's own rules (not empty, not
/// too long, no control characters, some letters).
fn query_text(p: &HashMap<String, String>) -> ApiResult<&str> {
    let q = p.get("q").map(String::as_str).unwrap_or("");
    if q.trim().is_empty() {
        return Err(ApiError::bad("missing query parameter `q`"));
    }
    Ok(crate::glossary::index::check_query(q)?)
}

/// `GET /api/lookup?q=…[&lang=fr|en|any][&limit=N]`.
pub async fn lookup(
    State(app): State<Arc<App>>,
    Params(p): Params,
) -> ApiResult<Json<Value>> {
    let q = query_text(&p)?;
    let lang = p.get("lang").map(String::as_str).unwrap_or("any");
    if !matches!(lang, "fr" | "en" | "any") {
        return Err(ApiError::bad("`lang` must be fr, en or any"));
    }
    let limit = number(&p, "limit", 10)?.clamp(1, MAX_LIMIT);
    let (q, lang) = (q.to_string(), lang.to_string());
    let results = blocking({
        let q = q.clone();
        move || engine::lookup(&app, &q, &lang, limit)
    })
    .await?;
    Ok(Json(json!({ "query": q, "results": results })))
}

/// `GET /api/tm/search?q=…[&min=70][&limit=N]`.
pub async fn tm_search(
    State(app): State<Arc<App>>,
    Params(p): Params,
) -> ApiResult<Json<Value>> {
    let q = required(&p, "q")?;
    let min = number(&p, "min", 70)?.min(100) as u8;
    let limit = number(&p, "limit", 5)?.clamp(1, MAX_LIMIT);
    let q = q.to_string();
    let mut out =
        blocking(move || engine::tm_search(&app, &q, min, limit)).await?;
    out["query"] = json!(p["q"].trim());
    Ok(Json(out))
}

/// `GET /api/translate?q=FRENCH TERM[&limit=N]`: English candidates for
/// a French term, each with its evidence (`glossa translate`).
pub async fn translate(
    State(app): State<Arc<App>>,
    Params(p): Params,
) -> ApiResult<Json<Value>> {
    let q = required(&p, "q")?.to_string();
    let limit = number(&p, "limit", 5)?.clamp(1, MAX_LIMIT);
    let out = heavy(&app.clone(), move || engine::translate(&app, &q, limit))
        .await?;
    Ok(Json(out))
}

/// `POST /api/check` with `{"source": FR, "target": EN}`.
pub async fn check(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let v = json_body(body)?;
    let text = |k: &str| -> ApiResult<String> {
        match v.get(k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            _ => {
                Err(ApiError::bad(format!("`{k}` must be a non-empty string")))
            }
        }
    };
    let (source, target) = (text("source")?, text("target")?);
    let out =
        heavy(&app.clone(), move || engine::check(&app, &source, &target))
            .await?;
    Ok(Json(out))
}

/// An entry as the API shows it: the model's JSON plus whether this app
/// may edit it (only entries of the writable glossary file).
#[derive(Serialize)]
struct EntryView<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    editable: bool,
}

/// `GET /api/entries[?state=all|approved|proposed][&offset=N][&limit=N]`.
pub async fn list(
    State(app): State<Arc<App>>,
    Params(p): Params,
) -> ApiResult<Json<Value>> {
    let snap = app.snapshot()?;
    let state = p.get("state").map(String::as_str).unwrap_or("all");
    let want = match state {
        "all" => None,
        s => Some(ReviewState::parse(s).ok_or_else(|| {
            ApiError::bad("`state` must be all, approved or proposed")
        })?),
    };
    let offset = number(&p, "offset", 0)?;
    let limit = number(&p, "limit", 1000)?.clamp(1, 10_000);
    let all: Vec<&Entry> = snap
        .glossary
        .entries
        .iter()
        .filter(|e| want.is_none_or(|w| e.state == w))
        .collect();
    let page: Vec<EntryView> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|e| EntryView {
            entry: e,
            editable: snap.writable_ids.contains(&e.id),
        })
        .collect();
    Ok(Json(json!({ "total": all.len(), "entries": page })))
}

/// `GET /api/entries/{id}`, with the entry's `ETag` (send it back as
/// `If-Match` with an edit to be told when someone else changed it
/// meanwhile).
pub async fn get_entry(
    State(app): State<Arc<App>>,
    Id(id): Id,
) -> ApiResult<Response> {
    let snap = app.snapshot()?;
    let e = snap.entry(&id).ok_or_else(|| no_entry(&id))?;
    let view =
        EntryView { entry: e, editable: snap.writable_ids.contains(&e.id) };
    Ok(with_etag(Json(json!(view)).into_response(), e))
}

/// The entity tag of an entry: a digest of its JSON (the same in every
/// storage, so a tag read from one server process is checked by any).
pub fn etag(e: &Entry) -> String {
    let json = serde_json::to_vec(e).unwrap_or_default();
    format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(&json))
}

fn with_etag(mut r: Response, e: &Entry) -> Response {
    if let Ok(v) = HeaderValue::from_str(&etag(e)) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// The `If-Match` tag of a request (`*` means any, as no tag).
fn if_match(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::IF_MATCH)?.to_str().ok()?.trim();
    (v != "*").then(|| v.trim_start_matches("W/").to_string())
}

/// 409: the entry changed since the version the edit was based on; the
/// answer carries the current entry and its tag, to merge and retry.
fn stale(current: &Entry) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::CONFLICT,
        format!(
            "entry {} was changed by someone else since you loaded it; \
             nothing was saved (merge with `current` and send again with \
             its etag)",
            current.id
        ),
    );
    let mut extra = serde_json::Map::new();
    extra.insert("current".into(), json!(current));
    extra.insert("etag".into(), json!(etag(current)));
    e.extra = Some(extra);
    e
}

fn no_entry(id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, format!("no entry {id:?}"))
}

/// An entry from request JSON; `id` and `state` may be left out.
fn entry_from(mut v: Value, id: &str) -> ApiResult<Entry> {
    let Some(obj) = v.as_object_mut() else {
        return Err(ApiError::bad("expected a JSON object (an entry)"));
    };
    obj.remove("editable");
    obj.insert("id".into(), Value::String(id.to_string()));
    obj.entry("state").or_insert_with(|| json!("approved"));
    let terms = obj.entry("terms").or_insert_with(|| json!([]));
    if let Some(terms) = terms.as_array_mut() {
        for t in terms.iter_mut().filter_map(Value::as_object_mut) {
            t.entry("status").or_insert_with(|| json!("preferred"));
        }
    }
    let e: Entry = serde_json::from_value(v).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("invalid entry: {e}"),
        )
    })?;
    Ok(e)
}

/// Every model rule the entry breaks (checked before the store is
/// touched, so the page can show them all at once).
fn validate(e: &Entry) -> ApiResult<()> {
    let mut one = Glossary::new();
    let mut probe = e.clone();
    if probe.id.is_empty() {
        probe.id = "new".into();
    }
    one.entries.push(probe);
    let problems: Vec<String> = one
        .problems()
        .iter()
        .map(|p| match p.kind() {
            ErrorKind::Invalid(m) => m.clone(),
            _ => p.to_string(),
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    let mut err = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!("the entry is not valid: {}", problems.join("; ")),
    );
    err.problems = problems;
    Err(err)
}

/// `POST /api/entries`: add an entry (merged with an existing one that has
/// the same terms, as `glossa add` does).
pub async fn add(
    acting: super::auth::Acting,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let mut e = entry_from(json_body(body)?, "")?;
    validate(&e)?;
    // A translator's entry is a proposal for a terminologist to review.
    if !acting.may_edit() {
        e.state = ReviewState::Proposed;
    }
    let ws = acting.ws;
    let out = blocking(move || Ok(ws.add_or_merge(e)?)).await?;
    let status = if out.added { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(json!(out))).into_response())
}

/// Replace entry `id` in the writable glossary with `new`.
async fn replace(
    app: Arc<App>,
    ws: crate::Workspace,
    id: String,
    new: Entry,
    based_on: Option<String>,
) -> ApiResult<Response> {
    validate(&new)?;
    blocking(move || {
        let snap = app.snapshot()?;
        if snap.entry(&id).is_some() && !snap.writable_ids.contains(&id) {
            return Err(read_only(&id));
        }
        let mut changed: Option<Entry> = None;
        let saved = ws.update(|g| {
            let slot = g.get_mut(&id).ok_or_else(|| {
                Error::input(format!(
                    "no entry {id:?} in the writable glossary"
                ))
            })?;
            // Checked under the write lock: no edit lands in between.
            if based_on.as_ref().is_some_and(|t| *t != etag(slot)) {
                changed = Some(slot.clone());
                return Err(Error::conflict("stale"));
            }
            *slot = new;
            Ok(slot.clone())
        });
        match saved {
            Ok(e) => {
                let r = Json(json!(EntryView { entry: &e, editable: true }));
                Ok(with_etag(r.into_response(), &e))
            }
            Err(_) if changed.is_some() => {
                Err(stale(changed.as_ref().expect("checked")))
            }
            Err(e) if matches!(e.kind(), ErrorKind::Input(_)) => {
                Err(no_entry(&id))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

fn read_only(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        format!(
            "entry {id:?} is in a read-only glossary (only the first \
             --glossary receives changes)"
        ),
    )
}

/// `PUT /api/entries/{id}`: replace the whole entry.
pub async fn put_entry(
    State(app): State<Arc<App>>,
    Id(id): Id,
    acting: super::auth::Acting,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let new = entry_from(json_body(body)?, &id)?;
    replace(app, acting.ws, id, new, if_match(&headers)).await
}

/// `PATCH /api/entries/{id}`: a JSON merge patch (RFC 7386) of the entry,
/// e.g. `{"state": "approved"}` or `{"terms": [...]}`.
pub async fn patch_entry(
    State(app): State<Arc<App>>,
    Id(id): Id,
    acting: super::auth::Acting,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let patch = json_body(body)?;
    if !patch.is_object() {
        return Err(ApiError::bad("a merge patch must be a JSON object"));
    }
    let snap = app.snapshot()?;
    let cur = snap.entry(&id).ok_or_else(|| no_entry(&id))?;
    let mut v = json!(cur);
    merge_patch(&mut v, &patch);
    let new = entry_from(v, &id)?;
    replace(app, acting.ws, id, new, if_match(&headers)).await
}

/// `GET /api/entries/{id}/history`: who changed the entry, when, from
/// what to what (team storage; empty for the embedded files).
pub async fn history(
    State(app): State<Arc<App>>,
    Id(id): Id,
) -> ApiResult<Json<Value>> {
    let changes = blocking(move || Ok(app.ws.history(&id)?)).await?;
    Ok(Json(json!({ "changes": changes })))
}

/// `POST /api/entries/{id}/restore` `{"seq": N}`: the entry as change N
/// left it (recorded as a new change).
pub async fn restore(
    Id(id): Id,
    acting: super::auth::Acting,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let seq = json_body(body)?["seq"]
        .as_i64()
        .ok_or_else(|| ApiError::bad("expected {\"seq\": N}"))?;
    let ws = acting.ws;
    let e = blocking(move || Ok(ws.restore(&id, seq)?)).await?;
    let r = Json(json!(EntryView { entry: &e, editable: true }));
    Ok(with_etag(r.into_response(), &e))
}

fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let t = target.as_object_mut().expect("object");
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// Apply one review decision ([`crate::align::review::decide`], as
/// `glossa review` does) through the locked store.
async fn decide(
    app: Arc<App>,
    ws: crate::Workspace,
    id: String,
    decision: Decision,
) -> ApiResult<Json<Value>> {
    blocking(move || {
        let snap = app.snapshot()?;
        let cur = snap.entry(&id).ok_or_else(|| no_entry(&id))?;
        if cur.state != ReviewState::Proposed {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!("entry {id:?} is not proposed (already reviewed)"),
            ));
        }
        if !snap.writable_ids.contains(&id) {
            return Err(read_only(&id));
        }
        let rejected = decision == Decision::Reject;
        review::decide(&ws, &[(id.clone(), decision)])?;
        if rejected {
            return Ok(Json(json!({ "id": id, "rejected": true })));
        }
        let snap = app.snapshot()?;
        let e = snap.entry(&id).ok_or_else(|| no_entry(&id))?;
        Ok(Json(json!(EntryView { entry: e, editable: true })))
    })
    .await
}

/// `POST /api/entries/{id}/accept`: a proposed entry becomes approved.
pub async fn accept(
    State(app): State<Arc<App>>,
    Id(id): Id,
    acting: super::auth::Acting,
) -> ApiResult<Json<Value>> {
    decide(app, acting.ws, id, Decision::Accept).await
}

/// `POST /api/entries/{id}/reject`: a proposed entry is removed.
pub async fn reject(
    State(app): State<Arc<App>>,
    Id(id): Id,
    acting: super::auth::Acting,
) -> ApiResult<Json<Value>> {
    decide(app, acting.ws, id, Decision::Reject).await
}

/// `GET /api/export?format=NAME[&include_proposed=1]`, NAME any
/// exportable format of the [registry](crate::formats::registry).
pub async fn export(
    State(app): State<Arc<App>>,
    Params(p): Params,
) -> ApiResult<Response> {
    let name = required(&p, "format")?;
    let fmt =
        registry::by_name(name).filter(|f| f.writable()).ok_or_else(|| {
            ApiError::bad(format!(
                "`format` must be {}",
                registry::names(Holds::Glossary, Format::writable)
                    + ", or "
                    + &registry::names(Holds::Memory, Format::writable)
            ))
        })?;
    let with_proposed = matches!(
        p.get("include_proposed").map(String::as_str),
        Some("1" | "true" | "yes" | "on")
    );
    let bytes = blocking(move || match fmt.holds {
        Holds::Memory => engine::tmx_export(&app),
        Holds::Glossary => {
            let snap = app.snapshot()?;
            let mut g = snap.glossary.clone();
            crate::workspace::rules::for_export(&mut g, with_proposed);
            let mut out = Vec::new();
            fmt.write(&mut out, &g)?;
            Ok(out)
        }
    })
    .await?;
    let headers = [
        (header::CONTENT_TYPE, fmt.media_type.to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", fmt.file_name),
        ),
    ];
    Ok((headers, bytes).into_response())
}

/// `POST /api/import?format=tbx|csv|tsv|native|tmx[&name=FILE]`, body =
/// the file. Entries that break a model rule are rejected (and listed
/// with the reason); the rest are merged into the writable glossary.
pub async fn import(
    State(app): State<Arc<App>>,
    Params(p): Params,
    acting: super::auth::Acting,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let ws = acting.ws;
    let bytes = body?;
    let name = p.get("name").cloned().unwrap_or_else(|| "upload".into());
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ApiError::bad(format!("{name}: the file is empty")));
    }
    // An explicit format, else TMX by the file name, else sniffed.
    let fmt = match p.get("format").map(String::as_str) {
        None | Some("" | "auto") => None,
        Some(f) => {
            Some(registry::by_name(f).filter(|f| f.readable()).ok_or_else(
                || {
                    ApiError::bad(format!(
                        "`format` must be auto, {} or {}",
                        registry::names(Holds::Glossary, Format::readable),
                        registry::names(Holds::Memory, Format::readable)
                    ))
                },
            )?)
        }
    };
    let memory = |f: &Format| f.holds == Holds::Memory;
    let is_tmx = match fmt {
        Some(f) => memory(f),
        None => {
            registry::for_path(std::path::Path::new(&name)).is_some_and(memory)
        }
    };
    if is_tmx {
        let bytes = bytes.to_vec();
        return heavy(&app.clone(), move || {
            engine::tmx_import(&app, &name, &bytes)
        })
        .await
        .map(Json);
    }
    heavy(&app.clone(), move || {
        let fmt = fmt.unwrap_or_else(|| registry::detect(None, &bytes));
        let incoming = fmt.read(&bytes).map_err(|e| {
            let mut err = ApiError::from(e);
            err.message = format!("{name}: {}", err.message);
            err
        })?;
        let read = incoming.entries.len();
        // Ids that clash or are not XML names are renumbered by
        // `Glossary::merge`; any other broken rule rejects the entry.
        let mut bad: HashMap<String, Vec<String>> = HashMap::new();
        for e in incoming.problems() {
            let msg = match e.kind() {
                ErrorKind::Invalid(m) => m.clone(),
                _ => e.to_string(),
            };
            if msg.contains("duplicate id") || msg.contains("valid XML name") {
                continue;
            }
            let id = e.position().entry.clone().unwrap_or_default();
            bad.entry(id).or_default().push(msg);
        }
        let mut keep = Glossary::new();
        let mut rejected = Vec::new();
        for e in incoming.entries {
            match bad.get(&e.id) {
                None => keep.entries.push(e),
                Some(why) => rejected
                    .push(json!({ "entry": e.id, "why": why.join("; ") })),
            }
        }
        let (added, merged) = if keep.entries.is_empty() {
            (0, 0)
        } else {
            let m = ws.import(keep)?;
            (m.added, m.merged)
        };
        Ok(Json(json!({
            "file": name,
            "read": read,
            "added": added,
            "merged": merged,
            "rejected": rejected,
        })))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_7_merge_patch_rfc7386_table() {
        for (target, patch, want) in [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (json!({"a": [1]}), json!({"a": [2, 3]}), json!({"a": [2, 3]})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (json!(["x"]), json!({"a": "b"}), json!({"a": "b"})),
            (json!({"a": "b"}), json!(["c"]), json!(["c"])),
        ] {
            let mut t = target.clone();
            merge_patch(&mut t, &patch);
            assert_eq!(t, want, "{target} + {patch}");
        }
    }

    #[test]
    fn issue_7_entry_from_fills_defaults_and_rejects_bad_values() {
        let e = entry_from(
            json!({"terms": [{"lang": "FR", "text": "puce"}], "editable": true}),
            "c9",
        )
        .unwrap();
        assert_eq!(e.id, "c9");
        assert_eq!(e.state, ReviewState::Approved);
        assert_eq!(e.terms[0].lang.as_str(), "fr");
        assert_eq!(e.terms[0].status.as_str(), "preferred");
        for bad in [
            json!([]),
            json!({"terms": [{"lang": "??", "text": "x"}]}),
            json!({"terms": [{"lang": "fr", "text": "x", "pos": "blob"}]}),
            json!({"state": "maybe"}),
        ] {
            assert!(entry_from(bad.clone(), "c1").is_err(), "{bad}");
        }
        let problems = validate(&entry_from(json!({}), "c1").unwrap())
            .unwrap_err()
            .problems;
        assert_eq!(problems, ["entry has no terms"]);
    }
}
