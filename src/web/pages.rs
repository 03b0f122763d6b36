//! The server-rendered pages. Each builds its HTML from the current
//! glossary with [`escape`] on every value; the embedded script adds the
//! interactive parts (search as you type, saving, checking, uploads).

use std::fmt::Write;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::api::{ApiError, Id, Params};
use super::html::{escape, layout, options};
use super::{App, MAX_UPLOAD, csrf};
use crate::formats::{Holds, registry};
use crate::glossary::{
    AdminStatus, Entry, Gender, Number, PartOfSpeech, ReviewState, Term,
    TermType,
};

const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// `/assets/app.js`.
pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

/// `/assets/app.css`.
pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}

fn asset(body: &'static str, mime: &'static str) -> Response {
    ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "no-cache")], body)
        .into_response()
}

/// Render a page with the session's token (issuing one if needed).
fn page(
    app: &App,
    headers: &HeaderMap,
    title: &str,
    id: &str,
    body: &str,
) -> Response {
    let (token, set) = csrf::session(app, headers);
    let mut r = Html(layout(title, id, &token, body)).into_response();
    let h = r.headers_mut();
    if let Some(c) = set.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert(header::SET_COOKIE, c);
    }
    // The pages only load their own script and style.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; \
             img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn error_page(app: &App, headers: &HeaderMap, e: ApiError) -> Response {
    let msg = e.message().to_string();
    let body = format!(
        "<h1>Something went wrong</h1><p class=\"error\">{}</p>",
        escape(&msg)
    );
    let mut r = page(app, headers, "Error", "", &body);
    *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    r
}

/// `/`: search as you type.
pub async fn lookup(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let body = "<h1>Look up a term</h1>\
<form id=\"lookup-form\" role=\"search\" class=\"row\">\
<label for=\"q\" class=\"sr\">Term</label>\
<input id=\"q\" name=\"q\" type=\"search\" autofocus autocomplete=\"off\" \
spellcheck=\"false\" placeholder=\"puce, centre de données, hedge fund…\" \
aria-describedby=\"lookup-help\">\
<label for=\"lang\">From</label>\
<select id=\"lang\" name=\"lang\"><option value=\"any\">either language</option>\
<option value=\"fr\">French</option><option value=\"en\">English</option></select>\
</form>\
<p id=\"lookup-help\" class=\"hint\">Results update as you type; typos, \
missing accents and plurals are forgiven. Press <kbd>/</kbd> to come back \
here, <kbd>↓</kbd> to move through the results.</p>\
<p id=\"lookup-status\" role=\"status\" class=\"hint\"></p>\
<ol id=\"results\" class=\"results\"></ol>\
<section id=\"suggest\" hidden><h2>English suggestions</h2>\
<p class=\"hint\">For a French term with no English yet: candidates from the \
glossary, the translation memory, what it learned, and the lexicon.</p>\
<button id=\"suggest-btn\" type=\"button\">Suggest English</button>\
<p id=\"suggest-status\" role=\"status\" class=\"hint\"></p>\
<ol id=\"suggestions\" class=\"results\"></ol></section>";
    page(&app, &headers, "Lookup", "lookup", body)
}

fn side(e: &Entry, lang: &str) -> String {
    e.terms_in(lang)
        .map(|t| {
            let mut s = escape(&t.text);
            if t.is_discouraged() {
                s = format!("<s title=\"{0}\">{s}</s>", t.status);
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `/entries`: every entry, a page at a time.
pub async fn entries(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Params(p): Params,
) -> Response {
    let snap = match app.snapshot() {
        Ok(s) => s,
        Err(e) => return error_page(&app, &headers, e.into()),
    };
    const PER_PAGE: usize = 200;
    let n = snap.glossary.entries.len();
    let pages = n.div_ceil(PER_PAGE).max(1);
    let at = p
        .get("page")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let mut body = format!(
        "<h1>Entries</h1><p class=\"row\"><a class=\"button\" \
href=\"/entries/new\">Add an entry</a><span class=\"hint\">{n} entries · \
page {at} of {pages}</span></p><table class=\"entries\"><thead><tr>\
<th scope=\"col\">Id</th><th scope=\"col\">French</th><th scope=\"col\">\
English</th><th scope=\"col\">Subject</th><th scope=\"col\">State</th>\
</tr></thead><tbody>"
    );
    for e in
        snap.glossary.entries.iter().skip((at - 1) * PER_PAGE).take(PER_PAGE)
    {
        let _ = write!(
            body,
            "<tr><td><a href=\"/entries/{id}\">{id}</a></td><td>{fr}</td>\
<td>{en}</td><td>{subj}</td><td>{state}</td></tr>",
            id = escape(&e.id),
            fr = side(e, "fr"),
            en = side(e, "en"),
            subj = escape(&e.subject),
            state = e.state,
        );
    }
    body.push_str("</tbody></table><nav class=\"row\" aria-label=\"Pages\">");
    if at > 1 {
        let _ = write!(
            body,
            "<a href=\"/entries?page={}\">← previous</a>",
            at - 1
        );
    }
    if at < pages {
        let _ =
            write!(body, "<a href=\"/entries?page={}\">next →</a>", at + 1);
    }
    body.push_str("</nav>");
    page(&app, &headers, "Entries", "entries", &body)
}

/// `/entries/new`: the entry form, empty (or prefilled from `?fr=&en=`).
pub async fn new_entry(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Params(p): Params,
) -> Response {
    let mut e = Entry::new("");
    let mut fr = Term::new(crate::LangTag::fr(), "");
    fr.text = p.get("fr").cloned().unwrap_or_default();
    let mut en = Term::new(crate::LangTag::en(), "");
    en.text = p.get("en").cloned().unwrap_or_default();
    e.terms = vec![fr, en];
    let body = format!("<h1>Add an entry</h1>{}", entry_form(&e, true, true));
    page(&app, &headers, "Add an entry", "entry", &body)
}

/// `/entries/{id}`: view and edit one entry.
pub async fn entry(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Id(id): Id,
    Params(p): Params,
) -> Response {
    let snap = match app.snapshot() {
        Ok(s) => s,
        Err(e) => return error_page(&app, &headers, e.into()),
    };
    let Some(e) = snap.glossary.get(&id) else {
        let body = format!(
            "<h1>No entry {}</h1><p><a href=\"/entries\">All entries</a></p>",
            escape(&id)
        );
        let mut r = page(&app, &headers, "Not found", "entry", &body);
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    };
    let editable = snap.writable_ids.contains(&e.id);
    let title = e
        .preferred("fr")
        .or_else(|| e.terms.first())
        .map(|t| t.text.clone())
        .unwrap_or_else(|| e.id.clone());
    let mut body = format!(
        "<h1>{} <small>{}</small></h1>",
        escape(&title),
        escape(&e.id)
    );
    let accepting =
        e.state == ReviewState::Proposed && p.contains_key("accept");
    if accepting {
        body.push_str(
            "<p class=\"note\">Edit, then <strong>Save</strong> to accept \
this proposed entry (its state is set to “approved”).</p>",
        );
    } else if e.state == ReviewState::Proposed {
        body.push_str(
            "<p class=\"note\">This entry is <strong>proposed</strong> \
(machine-made, awaiting review). Saving with the state “approved” \
accepts it.</p>",
        );
    }
    if !editable {
        body.push_str(
            "<p class=\"note\">This entry comes from a read-only glossary \
(only the first <code>--glossary</code> receives changes).</p>",
        );
    }
    if accepting {
        let mut e = e.clone();
        e.state = ReviewState::Approved;
        body.push_str(&entry_form(&e, editable, false));
    } else {
        body.push_str(&entry_form(e, editable, false));
    }
    match app.ws.history(&id) {
        Ok(changes) => body.push_str(&history_html(&changes)),
        Err(e) => return error_page(&app, &headers, e.into()),
    }
    page(&app, &headers, &title, "entry", &body)
}

/// The entry's history (team storage): who, when, what.
fn history_html(changes: &[crate::workspace::Change]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut s = String::from("<h2>History</h2><ol class=\"history\">");
    for c in changes.iter().rev() {
        let what = match (&c.old, &c.new) {
            (Some(o), Some(n)) => changed_fields(o, n),
            _ => String::new(),
        };
        let _ = write!(
            s,
            "<li><time>{}</time> {} by {}{}<code> #{}</code></li>",
            escape(&c.at),
            escape(&c.action),
            escape(c.actor.as_deref().unwrap_or("(unknown)")),
            what,
            c.seq
        );
    }
    s.push_str("</ol>");
    s
}

/// `: definition, terms` — the top-level fields an edit changed.
fn changed_fields(old: &Entry, new: &Entry) -> String {
    let (o, n) = (serde_json::json!(old), serde_json::json!(new));
    let keys: std::collections::BTreeSet<&String> = o
        .as_object()
        .into_iter()
        .chain(n.as_object())
        .flat_map(|m| m.keys())
        .filter(|k| o.get(k.as_str()) != n.get(k.as_str()))
        .collect();
    if keys.is_empty() {
        return String::new();
    }
    let names: Vec<String> = keys.iter().map(|k| escape(k)).collect();
    format!(": {}", names.join(", "))
}

fn text_field(name: &str, label: &str, value: &str, long: bool) -> String {
    let input = if long {
        format!(
            "<textarea id=\"f-{name}\" name=\"{name}\" rows=\"2\">{}</textarea>",
            escape(value)
        )
    } else {
        format!(
            "<input id=\"f-{name}\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    };
    format!(
        "<div class=\"field\"><label for=\"f-{name}\">{label}</label>{input}</div>"
    )
}

fn names<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| f(*x)).collect()
}

/// One term's row of inputs; `i` numbers the inputs' ids.
fn term_fields(t: &Term, i: usize) -> String {
    let o = |v: Option<&'static str>| v.unwrap_or("");
    let sel = |name: &str, label: &str, all: Vec<&str>, cur: &str, blank| {
        format!(
            "<div class=\"field\"><label for=\"t{i}-{name}\">{label}</label>\
<select id=\"t{i}-{name}\" data-k=\"{name}\">{}</select></div>",
            options(&all, cur, blank)
        )
    };
    let inp = |name: &str, label: &str, v: &str, cls: &str| {
        format!(
            "<div class=\"field {cls}\"><label for=\"t{i}-{name}\">{label}</label>\
<input id=\"t{i}-{name}\" data-k=\"{name}\" value=\"{}\"></div>",
            escape(v)
        )
    };
    let chk = |name: &str, label: &str, on: bool| {
        format!(
            "<label class=\"check\"><input type=\"checkbox\" data-k=\"{name}\"{}> \
{label}</label>",
            if on { " checked" } else { "" }
        )
    };
    format!(
        "<fieldset class=\"term\" data-term><legend>Term {n}</legend>\
<div class=\"grid\">{lang}{text}{status}</div>\
<p class=\"field-error\" role=\"alert\" hidden></p>\
<div class=\"grid\">{pos}{gender}{number}{ty}{geo}</div>\
{ctx}{ctxsrc}{note}<div class=\"row\">{cs}{ex}\
<button type=\"button\" data-action=\"deprecate\">Mark deprecated</button>\
<button type=\"button\" data-action=\"remove-term\">Remove term</button></div>\
</fieldset>",
        n = i + 1,
        lang = inp("lang", "Language", t.lang.as_str(), "short"),
        text = inp("text", "Term", &t.text, "wide"),
        status = sel(
            "status",
            "Status",
            names(AdminStatus::ALL, AdminStatus::as_str),
            t.status.as_str(),
            false
        ),
        pos = sel(
            "pos",
            "Part of speech",
            names(PartOfSpeech::ALL, PartOfSpeech::as_str),
            o(t.pos.map(|x| x.as_str())),
            true
        ),
        gender = sel(
            "gender",
            "Gender",
            names(Gender::ALL, Gender::as_str),
            o(t.gender.map(|x| x.as_str())),
            true
        ),
        number = sel(
            "number",
            "Number",
            names(Number::ALL, Number::as_str),
            o(t.number.map(|x| x.as_str())),
            true
        ),
        ty = sel(
            "term_type",
            "Type",
            names(TermType::ALL, TermType::as_str),
            o(t.term_type.map(|x| x.as_str())),
            true
        ),
        geo = inp("geo", "Region (en-US…)", &t.geo, "short"),
        ctx = inp("context", "Context sentence", &t.context, "full"),
        ctxsrc =
            inp("context_source", "Context source", &t.context_source, "full"),
        note = inp("note", "Note", &t.note, "full"),
        cs = chk("case_sensitive", "case-sensitive", t.case_sensitive),
        ex = chk("exact_only", "exact form only", t.exact_only),
    )
}

/// The entry form (saved by the script as JSON).
fn entry_form(e: &Entry, editable: bool, new: bool) -> String {
    let mut terms = String::new();
    for (i, t) in e.terms.iter().enumerate() {
        terms.push_str(&term_fields(t, i));
    }
    let template = term_fields(&Term::new(crate::LangTag::en(), ""), 99);
    let state = format!(
        "<div class=\"field\"><label for=\"f-state\">State</label>\
<select id=\"f-state\" name=\"state\">{}</select></div>",
        options(
            &names(ReviewState::ALL, ReviewState::as_str),
            e.state.as_str(),
            false
        )
    );
    format!(
        "<form id=\"entry-form\" data-id=\"{id}\" data-new=\"{new}\" novalidate>\
<fieldset{dis}><div class=\"grid\">{subject}{state}</div>{definition}{source}{note}\
<div id=\"terms\">{terms}</div>\
<template id=\"term-template\">{template}</template>\
<p id=\"form-errors\" class=\"error\" role=\"alert\" hidden></p>\
<div class=\"row\"><button type=\"submit\" class=\"primary\">Save</button>\
<button type=\"button\" data-action=\"add-term\">Add a term</button>\
<span id=\"form-status\" role=\"status\" class=\"hint\"></span></div>\
</fieldset></form>",
        id = escape(&e.id),
        dis = if editable { "" } else { " disabled" },
        subject = text_field("subject", "Subject field", &e.subject, false),
        definition =
            text_field("definition", "Definition", &e.definition, true),
        source = text_field("source", "Source", &e.source, false),
        note = text_field("note", "Note", &e.note, true),
    )
}

/// `/review`: proposed entries with their evidence and contexts.
pub async fn review(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let snap = match app.snapshot() {
        Ok(s) => s,
        Err(e) => return error_page(&app, &headers, e.into()),
    };
    let proposed: Vec<&Entry> = snap
        .glossary
        .entries
        .iter()
        .filter(|e| e.state == ReviewState::Proposed)
        .collect();
    let mut body = format!(
        "<h1>Review</h1><p class=\"hint\" id=\"review-count\">{} proposed \
entries awaiting review (from <code>glossa align --add</code>).</p>",
        proposed.len()
    );
    if proposed.is_empty() {
        body.push_str("<p>Nothing to review.</p>");
    }
    body.push_str("<ul class=\"cards\" id=\"review-list\">");
    for e in proposed {
        let id = escape(&e.id);
        let mut ctx = String::new();
        for (lang, label) in [("fr", "French"), ("en", "English")] {
            for t in e.terms_in(lang).filter(|t| !t.context.is_empty()) {
                let _ = write!(
                    ctx,
                    "<blockquote lang=\"{lang}\"><span class=\"lbl\">{label} context</span> \
{}{}</blockquote>",
                    escape(&t.context),
                    if t.context_source.is_empty() {
                        String::new()
                    } else {
                        format!(" <cite>{}</cite>", escape(&t.context_source))
                    }
                );
            }
        }
        let mut evidence = String::new();
        for (label, v) in [
            ("Evidence", &e.note),
            ("Source", &e.source),
            ("Definition", &e.definition),
            ("Subject", &e.subject),
        ] {
            if !v.is_empty() {
                let _ =
                    write!(evidence, "<dt>{label}</dt><dd>{}</dd>", escape(v));
            }
        }
        for t in e.terms.iter().filter(|t| !t.note.is_empty()) {
            let _ = write!(
                evidence,
                "<dt>Note on “{}”</dt><dd>{}</dd>",
                escape(&t.text),
                escape(&t.note)
            );
        }
        let _ = write!(
            body,
            "<li class=\"card\" id=\"review-{id}\" data-id=\"{id}\">\
<h2><span lang=\"fr\">{fr}</span> → <span lang=\"en\">{en}</span> \
<small>{id}</small></h2><dl>{evidence}</dl>{ctx}\
<div class=\"row\"><button type=\"button\" class=\"primary\" \
data-action=\"accept\">Accept</button>\
<a class=\"button\" href=\"/entries/{id}?accept=1\">Edit, then accept</a>\
<button type=\"button\" data-action=\"reject\">Reject</button>\
<span class=\"hint\" role=\"status\"></span></div></li>",
            fr = side(e, "fr"),
            en = side(e, "en"),
        );
    }
    body.push_str("</ul>");
    page(&app, &headers, "Review", "review", &body)
}

/// `/check`: paste or upload a French source and an English draft.
pub async fn check(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let body = "<h1>Check a draft</h1>\
<form id=\"check-form\" class=\"two\">\
<div class=\"field\"><label for=\"source\">French source</label>\
<textarea id=\"source\" lang=\"fr\" rows=\"12\" spellcheck=\"false\"></textarea>\
<label class=\"file\">or open a file <input type=\"file\" data-into=\"source\" \
accept=\".txt,.md,text/plain\"></label></div>\
<div class=\"field\"><label for=\"target\">English draft</label>\
<textarea id=\"target\" lang=\"en\" rows=\"12\" spellcheck=\"false\"></textarea>\
<label class=\"file\">or open a file <input type=\"file\" data-into=\"target\" \
accept=\".txt,.md,text/plain\"></label></div>\
<div class=\"row\"><button type=\"submit\" class=\"primary\">Check</button>\
<span id=\"check-status\" role=\"status\" class=\"hint\"></span></div></form>\
<section id=\"check-result\" hidden><h2>Findings</h2>\
<ol id=\"findings\" class=\"findings\"></ol><h2>Draft</h2>\
<div id=\"draft\" class=\"draft\" lang=\"en\"></div></section>";
    page(&app, &headers, "Check", "check", body)
}

/// `/exchange`: downloads and import.
pub async fn exchange(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let mut body = String::from(
        "<h1>Exchange</h1><h2>Download</h2>\
<p class=\"hint\">Approved entries only, unless you tick the box.</p>\
<p><label class=\"check\"><input type=\"checkbox\" id=\"include-proposed\"> \
include proposed entries</label></p><ul class=\"downloads\">",
    );
    // Every exportable format of the registry, glossary ones first.
    let exports = registry::writable(Holds::Glossary)
        .chain(registry::writable(Holds::Memory));
    for f in exports {
        let _ = write!(
            body,
            "<li><a class=\"button\" data-export=\"{0}\" \
href=\"/api/export?format={0}\" download>{1}</a> \
<span class=\"hint\">{2}</span></li>",
            f.name,
            escape(f.label),
            escape(f.tools)
        );
    }
    let mut accept: Vec<String> = Vec::new();
    let mut choices =
        String::from("<option value=\"auto\">from the file</option>");
    for f in registry::readable(Holds::Glossary)
        .chain(registry::readable(Holds::Memory))
    {
        for e in f.extensions {
            let dotted = format!(".{e}");
            if !accept.contains(&dotted) {
                accept.push(dotted);
            }
        }
        let into = match f.holds {
            Holds::Memory => " (into the translation memory)",
            Holds::Glossary => "",
        };
        let _ = write!(
            choices,
            "<option value=\"{}\">{}{into}</option>",
            f.name,
            escape(f.label)
        );
    }
    let _ = write!(
        body,
        "</ul><h2>Import</h2><form id=\"import-form\" class=\"row\">\
<label for=\"import-file\">File</label><input id=\"import-file\" type=\"file\" \
required accept=\"{}\">\
<label for=\"import-format\">Format</label><select id=\"import-format\">\
{choices}</select>\
<button type=\"submit\" class=\"primary\">Import</button></form>\
<p class=\"hint\">At most {} MB. Entries that break a rule are rejected and \
listed; the others are added, or merged with an entry that has the same \
terms.</p><div id=\"import-result\" role=\"status\"></div>",
        accept.join(","),
        MAX_UPLOAD / (1024 * 1024)
    );
    page(&app, &headers, "Exchange", "exchange", &body)
}
