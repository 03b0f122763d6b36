//! The language server loop: JSON-RPC framing, lifecycle, and the
//! handlers for diagnostics, hover, completion, code actions and the
//! `glossa.addTerm` command.
//!
//! Messages are `lsp-server`'s [`Message`] (written with its framing) and
//! params are `lsp-types` structs. Reading keeps its own bounded framing
//! ([`read_frame`]): `lsp-server`'s `Message::read` reads header lines
//! with an unbounded `read_line` and allocates the announced
//! `Content-Length` before reading the body, so a hostile client could make
//! it hold gigabytes; issue 14's header and message limits
//! ([`crate::limits`]) need a reader that skips what is over them.
//!
//! The loop is single-threaded over one reader thread that only frames
//! messages, so a malformed header or body becomes a JSON-RPC error
//! response (`-32700`/`-32600`) instead of a dead connection, and the
//! loop can wake up once a second to notice glossary files changed on
//! disk. Requests before `initialize` get `-32002`, after `shutdown`
//! `-32600`; unknown methods `-32601`; bad params `-32602`. End of input
//! (the client went away) ends the loop cleanly.
//!
//! Everything about positions goes through [`super::convert`].

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::sync::mpsc;
use std::time::Duration;

use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams,
    Diagnostic, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    ExecuteCommandOptions, ExecuteCommandParams, HoverParams,
    HoverProviderCapability, InitializeParams, NumberOrString, Position,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::convert::{Encoding, LineIndex};
use crate::check::{Finding, FindingKind, Severity};
use crate::glossary::model::{Entry, Glossary, LangTag, ReviewState, Term};
use crate::glossary::scanner::{Match, Scanners};
use crate::text::Lang;
use crate::translate::Evidence;
use crate::workspace::{Version, Workspace, rules};

/// The command that adds a French/English pair to the writable glossary.
/// Arguments: `[{"fr": "...", "en": "..."}]` (one of the two may be
/// missing); result `{"id": "c12"}`.
pub const ADD_TERM: &str = "glossa.addTerm";

/// English candidates offered as code actions on an unknown French term.
const TRANSLATE_ACTIONS: usize = 3;

use crate::limits::{
    LSP_MAX_DIAGNOSTICS, LSP_MAX_HEADER_LINE, LSP_MAX_HEADERS, LSP_MAX_MESSAGE,
};

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `exit` after `shutdown`: exit code 0.
    Clean,
    /// `exit` without `shutdown`: exit code 1 (LSP rule).
    WithoutShutdown,
    /// The input ended (the client disconnected).
    Disconnected,
}

/// One framed input: a JSON body, or why it could not be read.
type Frame = std::result::Result<Vec<u8>, String>;

/// Read one header line into `line` (without its ending), keeping at
/// most [`LSP_MAX_HEADER_LINE`] bytes and discarding the rest of a longer
/// one as it streams by. `Ok(None)` at end of input; `Ok(Some(true))`
/// when the line was too long.
fn read_header_line<R: BufRead>(
    r: &mut R,
    line: &mut Vec<u8>,
) -> std::io::Result<Option<bool>> {
    line.clear();
    let mut long = false;
    let mut any = false;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(if any { Some(long) } else { None });
        }
        any = true;
        let (part, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        let room = LSP_MAX_HEADER_LINE.saturating_sub(line.len());
        if part.len() > room {
            long = true;
        }
        line.extend_from_slice(&part[..part.len().min(room)]);
        let found_newline = done > part.len();
        r.consume(done);
        if found_newline {
            while line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(long));
        }
    }
}

/// Read one `Content-Length`-framed message; `None` at end of input.
/// Header lines, the number of headers and the body are bounded
/// ([`crate::limits`]); a message over a limit is skipped without being
/// held in memory, so the stream stays in step and the answer is an
/// error.
fn read_frame<R: BufRead>(r: &mut R) -> Option<Frame> {
    let mut len: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut skip: u64 = 0;
    let mut line = Vec::new();
    let mut headers = 0;
    loop {
        let long = match read_header_line(r, &mut line) {
            Ok(None) => return None,
            Ok(Some(long)) => long,
            Err(e) => return Some(Err(format!("unreadable header: {e}"))),
        };
        if long {
            bad = Some(format!(
                "header line longer than {LSP_MAX_HEADER_LINE} bytes"
            ));
            continue;
        }
        let h = String::from_utf8_lossy(&line);
        if h.is_empty() {
            if len.is_none() && bad.is_none() {
                continue; // Stray blank line between messages.
            }
            break;
        }
        headers += 1;
        if headers > LSP_MAX_HEADERS {
            // Still read Content-Length below, to skip the body.
            bad = Some(format!("more than {LSP_MAX_HEADERS} header lines"));
        }
        match h.split_once(':') {
            Some((k, v))
                if k.trim().eq_ignore_ascii_case("content-length") =>
            {
                match v.trim().parse::<u64>() {
                    Ok(n) if n <= LSP_MAX_MESSAGE as u64 => {
                        len = Some(n as usize)
                    }
                    Ok(n) => {
                        skip = n;
                        bad = Some(format!(
                            "message of {n} bytes is too large (at most {} \
                             MiB)",
                            LSP_MAX_MESSAGE >> 20
                        ))
                    }
                    Err(_) => {
                        bad =
                            Some(format!("bad Content-Length {:?}", v.trim()))
                    }
                }
            }
            Some(_) => {}
            None => bad = Some(format!("malformed header line {h:?}")),
        }
    }
    if let Some(b) = bad {
        // A body announced with a usable length is skipped too.
        let skip = skip.max(len.unwrap_or(0) as u64);
        if skip > 0 {
            // Drop the oversized body as it streams by.
            let _ = std::io::copy(
                &mut r.by_ref().take(skip),
                &mut std::io::sink(),
            );
        }
        return Some(Err(b));
    }
    let n = len?;
    let mut body = Vec::new();
    match r.by_ref().take(n as u64).read_to_end(&mut body) {
        Ok(got) if got == n => Some(Ok(body)),
        _ => None, // Cut off mid-message: the client is gone.
    }
}

/// An open document.
struct Doc {
    uri: Uri,
    text: String,
    lines: LineIndex,
    lang: Lang,
    findings: Vec<Finding>,
    matches: Vec<Match>,
}

struct Server<W: Write> {
    out: W,
    ws: Workspace,
    sc: Scanners,
    /// The glossary version `sc` was built from (`None`: unreadable).
    version: Option<Version>,
    docs: HashMap<String, Doc>,
    enc: Encoding,
    initialized: bool,
    shutdown: bool,
}

/// A handler's failure, sent back as a JSON-RPC error.
struct Fail(i32, String);

fn fail(code: ErrorCode, msg: impl Into<String>) -> Fail {
    Fail(code as i32, msg.into())
}

/// Typed params, or `-32602`.
fn params<P: DeserializeOwned>(v: Value) -> std::result::Result<P, Fail> {
    serde_json::from_value(v)
        .map_err(|e| fail(ErrorCode::InvalidParams, format!("params: {e}")))
}

/// Run the server until `exit` or end of input.
pub fn run<R, W>(
    input: R,
    output: W,
    ws: impl Into<Workspace>,
) -> std::io::Result<Exit>
where
    R: BufRead + Send + 'static,
    W: Write,
{
    let (tx, rx) = mpsc::sync_channel::<Frame>(16);
    std::thread::spawn(move || {
        let mut input = input;
        while let Some(frame) = read_frame(&mut input) {
            if tx.send(frame).is_err() {
                break;
            }
        }
    });
    let mut s = Server {
        out: output,
        ws: ws.into(),
        sc: Scanners::new(Glossary::new()),
        version: None,
        docs: HashMap::new(),
        enc: Encoding::Utf16,
        initialized: false,
        shutdown: false,
    };
    let load_error = s.reload().err();
    loop {
        let frame = match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(f) => f,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if s.initialized {
                    s.reload_if_changed()?;
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Ok(Exit::Disconnected);
            }
        };
        let body = match frame {
            Ok(b) => b,
            Err(msg) => {
                s.error_reply(
                    Value::Null,
                    ErrorCode::ParseError as i32,
                    &msg,
                )?;
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let m = format!("invalid JSON: {e}");
                s.error_reply(Value::Null, ErrorCode::ParseError as i32, &m)?;
                continue;
            }
        };
        let msg = match serde_json::from_value::<Message>(value.clone()) {
            Ok(m) => m,
            Err(_) => {
                let id = value.get("id").cloned().unwrap_or(Value::Null);
                s.invalid_request(id)?;
                continue;
            }
        };
        match msg {
            Message::Request(req) => s.dispatch(req, load_error.as_deref())?,
            Message::Notification(n) if n.method == "exit" => {
                return Ok(if s.shutdown {
                    Exit::Clean
                } else {
                    Exit::WithoutShutdown
                });
            }
            Message::Notification(n) => {
                if s.initialized && !s.shutdown {
                    s.reload_if_changed()?;
                    // Notifications have no reply, even on bad params.
                    let _ = s.notification(n);
                }
            }
            // A response to a request we never send: ignore.
            Message::Response(r)
                if r.result.is_some() || r.error.is_some() => {}
            Message::Response(r) => s.invalid_request(json!(r.id))?,
        }
    }
}

impl<W: Write> Server<W> {
    fn send(&mut self, m: Message) -> std::io::Result<()> {
        m.write(&mut self.out)
    }

    /// An error for a message without a usable id: JSON-RPC answers with
    /// `"id": null`, which `lsp-server`'s `RequestId` cannot hold, so this
    /// one reply is framed here (as `Message::write` does).
    fn error_reply(
        &mut self,
        id: Value,
        code: i32,
        msg: &str,
    ) -> std::io::Result<()> {
        let body = serde_json::to_vec(&json!({
            "jsonrpc": "2.0", "id": id,
            "error": {"code": code, "message": msg},
        }))?;
        write!(self.out, "Content-Length: {}\r\n\r\n", body.len())?;
        self.out.write_all(&body)?;
        self.out.flush()
    }

    fn invalid_request(&mut self, id: Value) -> std::io::Result<()> {
        self.error_reply(
            id,
            ErrorCode::InvalidRequest as i32,
            "not a JSON-RPC request or notification (no method)",
        )
    }

    fn notify(&mut self, method: &str, params: Value) -> std::io::Result<()> {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )))
    }

    /// Answer a request.
    fn dispatch(
        &mut self,
        req: Request,
        load_error: Option<&str>,
    ) -> std::io::Result<()> {
        if self.initialized && !self.shutdown {
            self.reload_if_changed()?;
        }
        let reply = match self.request(&req.method, req.params, load_error) {
            Ok(v) => Response::new_ok(req.id, v),
            Err(Fail(code, msg)) => Response::new_err(req.id, code, msg),
        };
        self.send(Message::Response(reply))
    }

    fn show_error(&mut self, msg: &str) -> std::io::Result<()> {
        self.notify("window/showMessage", json!({"type": 1, "message": msg}))
    }

    // ----- glossary ------------------------------------------------------

    /// Reload the glossary; on failure keep the old one.
    fn reload(&mut self) -> std::result::Result<(), String> {
        // The version first, even when the load fails, so a broken file
        // is reported once, not every second.
        self.version = self.ws.version().ok();
        match self.ws.glossary_entries() {
            Ok(g) => {
                self.sc = Scanners::new(g);
                Ok(())
            }
            Err(e) => Err(format!("glossa: cannot load the glossary: {e}")),
        }
    }

    fn reload_if_changed(&mut self) -> std::io::Result<()> {
        if self.ws.version().ok() == self.version {
            return Ok(());
        }
        if let Err(msg) = self.reload() {
            self.show_error(&msg)?;
            return Ok(());
        }
        self.refresh_all()
    }

    fn refresh_all(&mut self) -> std::io::Result<()> {
        let uris: Vec<String> = self.docs.keys().cloned().collect();
        for u in uris {
            self.analyse(&u);
            self.publish(&u)?;
        }
        Ok(())
    }

    // ----- documents -----------------------------------------------------

    fn analyse(&mut self, uri: &str) {
        let Some(d) = self.docs.get_mut(uri) else { return };
        d.lines = LineIndex::new(&d.text);
        d.findings = crate::suggest::suggest(&self.sc, &d.text, d.lang);
        d.matches = self.sc.get(d.lang).scan(&d.text);
    }

    fn publish(&mut self, uri: &str) -> std::io::Result<()> {
        let Some(d) = self.docs.get(uri) else { return Ok(()) };
        let enc = self.enc;
        // At most LSP_MAX_DIAGNOSTICS, the most severe first (a 10 MB
        // document can hold 100k hints; no editor shows them usefully and
        // sending them all takes seconds).
        let mut shown: Vec<&Finding> = d.findings.iter().collect();
        if shown.len() > LSP_MAX_DIAGNOSTICS {
            shown.sort_by_key(|f| match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            });
            shown.truncate(LSP_MAX_DIAGNOSTICS);
        }
        let diags: Vec<Diagnostic> = shown
            .into_iter()
            .map(|f| Diagnostic {
                range: d.lines.range(&d.text, &f.span, enc),
                severity: Some(match f.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(f.kind.as_str().into())),
                source: Some("glossa".into()),
                message: f.message.clone(),
                data: Some(json!({"entry": f.entry, "expected": f.expected})),
                ..Diagnostic::default()
            })
            .collect();
        let uri = d.uri.clone();
        self.notify(
            "textDocument/publishDiagnostics",
            json!({"uri": uri, "diagnostics": diags}),
        )
    }

    fn notification(
        &mut self,
        n: Notification,
    ) -> std::result::Result<(), Fail> {
        match n.method.as_str() {
            "textDocument/didOpen" => self.did_open(params(n.params)?),
            "textDocument/didChange" => self.did_change(params(n.params)?),
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = params(n.params)?;
                if let Some(d) = self.docs.remove(p.text_document.uri.as_str())
                {
                    let _ = self.notify(
                        "textDocument/publishDiagnostics",
                        json!({"uri": d.uri, "diagnostics": []}),
                    );
                }
                Ok(())
            }
            _ => Ok(()), // initialized, didSave, $/cancelRequest, …
        }
    }

    fn did_open(
        &mut self,
        p: DidOpenTextDocumentParams,
    ) -> std::result::Result<(), Fail> {
        let td = p.text_document;
        let uri = td.uri.as_str().to_string();
        let lang = doc_lang(&uri, &td.text);
        self.docs.insert(
            uri.clone(),
            Doc {
                uri: td.uri,
                lines: LineIndex::new(&td.text),
                text: td.text,
                lang,
                findings: Vec::new(),
                matches: Vec::new(),
            },
        );
        self.analyse(&uri);
        self.publish(&uri)
            .map_err(|e| fail(ErrorCode::InternalError, e.to_string()))
    }

    fn did_change(
        &mut self,
        p: DidChangeTextDocumentParams,
    ) -> std::result::Result<(), Fail> {
        let uri = p.text_document.uri.as_str().to_string();
        let enc = self.enc;
        let d = self.docs.get_mut(&uri).ok_or_else(|| {
            fail(ErrorCode::InvalidParams, "document not open")
        })?;
        for c in p.content_changes {
            match c.range {
                Some(r) => {
                    let span = d.lines.span(&d.text, r, enc);
                    d.text.replace_range(span, &c.text);
                }
                None => d.text = c.text,
            }
            d.lines = LineIndex::new(&d.text);
        }
        self.analyse(&uri);
        self.publish(&uri)
            .map_err(|e| fail(ErrorCode::InternalError, e.to_string()))
    }

    // ----- requests ------------------------------------------------------

    fn request(
        &mut self,
        method: &str,
        p: Value,
        load_error: Option<&str>,
    ) -> std::result::Result<Value, Fail> {
        if method == "initialize" {
            if self.initialized {
                return Err(fail(
                    ErrorCode::InvalidRequest,
                    "already initialized",
                ));
            }
            let p: InitializeParams =
                serde_json::from_value(p).map_err(|e| {
                    fail(ErrorCode::InvalidParams, format!("initialize: {e}"))
                })?;
            let caps: ClientCapabilities = p.capabilities;
            let offered = caps
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref());
            self.enc = Encoding::negotiate(offered);
            self.initialized = true;
            if let Some(msg) = load_error {
                let _ = self.show_error(msg);
            } else if self.sc.glossary.entries.is_empty() {
                let msg = format!(
                    "glossa: the glossary ({}) is empty; no diagnostics \
                     until terms are added",
                    self.ws.describe()
                );
                let _ = self.notify(
                    "window/showMessage",
                    json!({"type": 2, "message": msg}),
                );
            }
            return Ok(json!({
                "capabilities": capabilities(self.enc),
                "serverInfo": ServerInfo {
                    name: "glossa".into(),
                    version: Some(env!("CARGO_PKG_VERSION").into()),
                },
            }));
        }
        if !self.initialized {
            return Err(fail(
                ErrorCode::ServerNotInitialized,
                "initialize first",
            ));
        }
        if self.shutdown {
            return Err(fail(
                ErrorCode::InvalidRequest,
                "server is shutting down",
            ));
        }
        match method {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => self.hover(params(p)?),
            "textDocument/completion" => self.completion(params(p)?),
            "textDocument/codeAction" => self.code_action(params(p)?),
            "workspace/executeCommand" => self.execute(params(p)?),
            _ => Err(fail(
                ErrorCode::MethodNotFound,
                format!("unknown method {method}"),
            )),
        }
    }

    fn doc(&self, uri: &Uri) -> std::result::Result<&Doc, Fail> {
        self.docs.get(uri.as_str()).ok_or_else(|| {
            fail(
                ErrorCode::InvalidParams,
                format!("{} is not open", uri.as_str()),
            )
        })
    }

    fn doc_at(
        &self,
        uri: &Uri,
        pos: Position,
    ) -> std::result::Result<(&Doc, usize), Fail> {
        let d = self.doc(uri)?;
        Ok((d, d.lines.offset(&d.text, pos, self.enc)))
    }

    fn hover(&self, p: HoverParams) -> std::result::Result<Value, Fail> {
        let at = p.text_document_position_params;
        let (d, at) = self.doc_at(&at.text_document.uri, at.position)?;
        let hit = |ms: &[Match]| {
            ms.iter().find(|m| m.span.start <= at && at <= m.span.end).cloned()
        };
        let m = hit(&d.matches).or_else(|| {
            let other = match d.lang {
                Lang::Fr => Lang::En,
                Lang::En => Lang::Fr,
            };
            hit(&self.sc.get(other).scan(&d.text))
        });
        let Some(m) = m else { return Ok(Value::Null) };
        let mut md = String::new();
        let mut seen = Vec::new();
        for r in m.terms.iter() {
            if seen.contains(&r.entry) {
                continue;
            }
            seen.push(r.entry);
            if !md.is_empty() {
                md.push_str("\n\n---\n\n");
            }
            md.push_str(&describe(self.sc.entry(*r)));
        }
        Ok(json!({
            "contents": {"kind": "markdown", "value": md},
            "range": d.lines.range(&d.text, &m.span, self.enc),
        }))
    }

    fn completion(
        &self,
        p: CompletionParams,
    ) -> std::result::Result<Value, Fail> {
        let at = p.text_document_position;
        let (d, at) = self.doc_at(&at.text_document.uri, at.position)?;
        let line_start = d.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let word_start = d.text[line_start..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| {
                c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')
            })
            .last()
            .map_or(at, |(i, _)| line_start + i);
        let prefix = crate::text::fold(&d.text[word_start..at]);
        let mut items = Vec::new();
        if !prefix.is_empty() {
            let (mine, other) = match d.lang {
                Lang::Fr => ("fr", "en"),
                Lang::En => ("en", "fr"),
            };
            'outer: for e in &self.sc.glossary.entries {
                for t in e.terms_in(mine).filter(|t| !t.is_discouraged()) {
                    if crate::text::fold(&t.text).starts_with(&prefix) {
                        let detail = e
                            .preferred(other)
                            .map(|o| format!("{other}: {}", o.text))
                            .unwrap_or_default();
                        items.push(json!({
                            "label": t.text,
                            "kind": 1,
                            "detail": detail,
                            "documentation": {"kind": "markdown", "value": describe(e)},
                        }));
                        if items.len() >= 100 {
                            break 'outer;
                        }
                    }
                }
            }
        }
        Ok(json!({"isIncomplete": true, "items": items}))
    }

    fn code_action(
        &self,
        p: CodeActionParams,
    ) -> std::result::Result<Value, Fail> {
        let uri = p.text_document.uri.as_str();
        let d = self.doc(&p.text_document.uri)?;
        let sel = d.lines.span(&d.text, p.range, self.enc);
        let mut actions = Vec::new();
        for f in &d.findings {
            let touches = f.span.start <= sel.end && sel.start <= f.span.end;
            if !touches || f.kind != FindingKind::Deprecated {
                continue;
            }
            let Some(pref) = f.expected.first() else { continue };
            let new_text = match_case(&d.text[f.span.clone()], pref);
            actions.push(json!({
                "title": format!("Replace with “{new_text}”"),
                "kind": CodeActionKind::QUICKFIX,
                "isPreferred": true,
                "edit": {"changes": {uri: [{
                    "range": d.lines.range(&d.text, &f.span, self.enc),
                    "newText": new_text,
                }]}},
            }));
        }
        let selected = d.text[sel.clone()].trim();
        if !selected.is_empty() && !selected.contains('\n') {
            let arg = match split_pair(selected) {
                Some((fr, en)) => json!({"fr": fr, "en": en}),
                None => json!({d.lang.code(): selected}),
            };
            let title = match split_pair(selected) {
                Some((fr, en)) => {
                    format!("Add “{fr}” → “{en}” to the glossary")
                }
                None => format!("Add “{selected}” to the glossary"),
            };
            actions.push(json!({
                "title": title,
                "kind": "refactor",
                "command": {"title": title, "command": ADD_TERM, "arguments": [arg]},
            }));
            actions.extend(self.translate_actions(d, sel.clone(), selected));
        }
        Ok(Value::Array(actions))
    }

    /// On a French term the glossary does not know: one action per
    /// English candidate of [`crate::translate`] (glossary, memory,
    /// learned associations, lexicon), adding the pair to the glossary.
    fn translate_actions(
        &self,
        d: &Doc,
        sel: std::ops::Range<usize>,
        selected: &str,
    ) -> Vec<Value> {
        let known = d
            .matches
            .iter()
            .any(|m| m.span.start <= sel.start && sel.end <= m.span.end);
        if d.lang != Lang::Fr
            || known
            || split_pair(selected).is_some()
            || selected.len() > crate::translate::MAX_TERM_BYTES
        {
            return Vec::new();
        }
        // A memory that cannot be read only loses the suggestions.
        let found = self
            .ws
            .tm()
            .translate(selected, Some(&self.sc.glossary), TRANSLATE_ACTIONS)
            .unwrap_or_default();
        found
            .iter()
            .map(|c| {
                let why = c.evidence.first().map_or("", |e| match e {
                    Evidence::Glossary { .. } => "glossary",
                    Evidence::Memory { .. } => "memory",
                    Evidence::Learned { .. } => "learned",
                    Evidence::Composition { .. } => "composition",
                });
                let title = format!(
                    "Translate: add “{selected}” → “{}” to the glossary \
                     ({why}, {:.2})",
                    c.en, c.score
                );
                let arg = json!({"fr": selected, "en": c.en});
                json!({
                    "title": title,
                    "kind": "refactor",
                    "command": {"title": title, "command": ADD_TERM, "arguments": [arg]},
                })
            })
            .collect()
    }

    fn execute(
        &mut self,
        params: ExecuteCommandParams,
    ) -> std::result::Result<Value, Fail> {
        let cmd = params.command.as_str();
        if cmd != ADD_TERM {
            return Err(fail(
                ErrorCode::InvalidParams,
                format!("unknown command {cmd}"),
            ));
        }
        let arg = params.arguments.first().unwrap_or(&Value::Null);
        let get = |k: &str| {
            arg.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let (fr, en) = (get("fr"), get("en"));
        if fr.is_none() && en.is_none() {
            return Err(fail(
                ErrorCode::InvalidParams,
                "glossa.addTerm needs {\"fr\": …, \"en\": …}",
            ));
        }
        let mut e = Entry::new("");
        if let Some(fr) = fr {
            e.terms.push(Term::new(LangTag::fr(), fr));
        }
        if let Some(en) = en {
            e.terms.push(Term::new(LangTag::en(), en));
        }
        e.state = rules::initial_state(&e, ReviewState::Approved);
        e.source = "added from the editor (glossa lsp)".into();
        let id = self
            .ws
            .add_new(e)
            .map_err(|e| fail(ErrorCode::RequestFailed, e.to_string()))?
            .id;
        if let Err(msg) = self.reload() {
            let _ = self.show_error(&msg);
        }
        self.refresh_all()
            .map_err(|e| fail(ErrorCode::InternalError, e.to_string()))?;
        Ok(json!({"id": id}))
    }
}

/// The server's capabilities.
fn capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions::default()),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![ADD_TERM.into()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// The document's language: `.fr.`/`.en.` in its name, else its words,
/// else English (drafts are English).
fn doc_lang(uri: &str, text: &str) -> Lang {
    let name = uri.rsplit('/').next().unwrap_or(uri).to_ascii_lowercase();
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() > 1 {
        if parts[1..].contains(&"fr") {
            return Lang::Fr;
        }
        if parts[1..].contains(&"en") {
            return Lang::En;
        }
    }
    crate::suggest::detect_lang(text).unwrap_or(Lang::En)
}

/// "fr = en", "fr → en", "fr -> en", "fr | en" or "fr<TAB>en".
fn split_pair(s: &str) -> Option<(&str, &str)> {
    for sep in ["→", "->", "=", "|", "\t"] {
        if let Some((a, b)) = s.split_once(sep) {
            let (a, b) = (a.trim(), b.trim());
            if !a.is_empty() && !b.is_empty() {
                return Some((a, b));
            }
        }
    }
    None
}

/// Capitalise the replacement like the text it replaces.
fn match_case(written: &str, repl: &str) -> String {
    let upper = written.chars().next().is_some_and(char::is_uppercase);
    let mut cs = repl.chars();
    match cs.next() {
        Some(c) if upper && c.is_lowercase() => {
            c.to_uppercase().chain(cs).collect()
        }
        _ => repl.to_string(),
    }
}

/// An entry as Markdown: every term with language and status, then
/// subject, definition, note and contexts.
fn describe(e: &Entry) -> String {
    let mut md = String::new();
    if e.state == ReviewState::Proposed {
        md.push_str(&format!(
            "*Proposed entry {}, not reviewed yet* (`glossa review`)\n\n",
            e.id
        ));
    }
    for lang in ["fr", "en"] {
        for t in e.terms_in(lang) {
            let text = if t.is_discouraged() {
                format!("~~{}~~", t.text)
            } else if t.status == crate::glossary::AdminStatus::Preferred {
                format!("**{}**", t.text)
            } else {
                t.text.clone()
            };
            md.push_str(&format!("- {text} — {lang}, {}", t.status.as_str()));
            if let Some(p) = t.pos {
                md.push_str(&format!(", {}", p.as_str()));
            }
            md.push('\n');
        }
    }
    if !e.subject.is_empty() {
        md.push_str(&format!("\n*Subject:* {}\n", e.subject));
    }
    if !e.definition.is_empty() {
        md.push_str(&format!("\n{}\n", e.definition));
    }
    if !e.note.is_empty() {
        md.push_str(&format!("\n*Note:* {}\n", e.note));
    }
    for t in &e.terms {
        if !t.context.is_empty() {
            md.push_str(&format!("\n> {} ({})\n", t.context, t.lang));
        }
    }
    md.push_str(&format!("\n*Entry {}*", e.id));
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames() {
        let input = b"Content-Length: 2\r\n\r\n{}\r\n\
                      Content-Length: x\r\n\r\n\
                      Content-Length: 5\r\n\r\nab";
        let mut r = &input[..];
        assert_eq!(read_frame(&mut r), Some(Ok(b"{}".to_vec())));
        assert!(
            matches!(read_frame(&mut r), Some(Err(m)) if m.contains("bad Content-Length"))
        );
        assert_eq!(read_frame(&mut r), None); // cut off: disconnected
    }

    /// Issue 14 item 4: a 200 MB header line without a newline grew to
    /// 211 MB resident. Long header lines and oversized bodies are now
    /// streamed past (memory stays at the limit) and the next message is
    /// read normally.
    #[test]
    fn issue_14_item_4_header_and_body_limits() {
        let mut input = Vec::new();
        input.extend(std::iter::repeat_n(b'X', 8 << 20));
        input.extend_from_slice(b"\r\n\r\n");
        let big = LSP_MAX_MESSAGE + 10;
        input.extend_from_slice(
            format!("Content-Length: {big}\r\n\r\n").as_bytes(),
        );
        input.extend(std::iter::repeat_n(b'{', big));
        for _ in 0..=LSP_MAX_HEADERS {
            input.extend_from_slice(b"X-Pad: 1\r\n");
        }
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        input.extend_from_slice(b"Content-Length: 4\r\n\r\nnull");
        let mut r = std::io::BufReader::new(&input[..]);
        let e = read_frame(&mut r).unwrap().unwrap_err();
        assert!(e.contains("header line longer than 1024 bytes"), "{e}");
        let e = read_frame(&mut r).unwrap().unwrap_err();
        assert!(e.contains("too large"), "{e}");
        let e = read_frame(&mut r).unwrap().unwrap_err();
        assert!(e.contains("more than 32 header lines"), "{e}");
        assert_eq!(read_frame(&mut r), Some(Ok(b"null".to_vec())));
        assert_eq!(read_frame(&mut r), None);
    }

    #[test]
    fn helpers() {
        assert_eq!(split_pair("puce = chip"), Some(("puce", "chip")));
        assert_eq!(
            split_pair("grappe → cluster"),
            Some(("grappe", "cluster"))
        );
        assert_eq!(split_pair("a-b"), None);
        assert_eq!(match_case("Datacenter", "data center"), "Data center");
        assert_eq!(match_case("datacenter", "data center"), "data center");
        assert_eq!(doc_lang("file:///x/draft.fr.md", "the"), Lang::Fr);
        assert_eq!(
            doc_lang("file:///x/draft.md", "les puces et le"),
            Lang::Fr
        );
        assert_eq!(doc_lang("file:///x/notes", ""), Lang::En);
    }
}

#[cfg(test)]
mod review_state_tests {
    use super::*;

    /// Issue 10: the hover of a proposed entry says it is not reviewed.
    #[test]
    fn hover_text_shows_the_review_state() {
        let g = crate::formats::native::read(
            "id,state,lang,term,status\n\
             c1,proposed,fr,puce,preferred\nc1,,en,chip,preferred\n\
             c2,approved,fr,grappe,preferred\nc2,,en,cluster,preferred\n"
                .as_bytes(),
        )
        .unwrap();
        assert!(describe(&g.entries[0]).starts_with("*Proposed entry c1"));
        assert!(!describe(&g.entries[1]).contains("Proposed"));
    }
}
