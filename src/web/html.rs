//! HTML building: the one escaping function and the page layout.
//!
//! Every piece of glossary or request text that goes into a page passes
//! through [`escape`]; the templates themselves are string literals.

use std::fmt::Write;

/// Escape text for HTML element content and quoted attribute values:
/// `& < > " '` become entities, so `<script>alert(1)</script>` in a term
/// shows as text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The navigation: (path, label, page id).
const NAV: &[(&str, &str, &str)] = &[
    ("/", "Lookup", "lookup"),
    ("/entries", "Entries", "entries"),
    ("/review", "Review", "review"),
    ("/check", "Check", "check"),
    ("/exchange", "Exchange", "exchange"),
];

/// A whole page: `page` names the nav item and the script's page hook;
/// `body` is already-escaped HTML.
pub fn layout(title: &str, page: &str, csrf: &str, body: &str) -> String {
    let mut nav = String::new();
    for (href, label, id) in NAV {
        let cur = if *id == page { " aria-current=\"page\"" } else { "" };
        let _ = write!(nav, "<a href=\"{href}\"{cur}>{label}</a>");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"csrf-token\" content=\"{csrf}\">\
<title>{title} · glossa</title>\
<link rel=\"stylesheet\" href=\"/assets/app.css\"></head>\
<body data-page=\"{page}\"><header><strong class=\"brand\">glossa</strong>\
<nav aria-label=\"Main\">{nav}</nav></header>\
<main id=\"main\">{body}</main>\
<script src=\"/assets/app.js\"></script></body></html>\n",
        csrf = escape(csrf),
        title = escape(title),
        page = escape(page),
    )
}

/// `<option>`s for a closed list, `current` selected; `blank` adds an
/// empty first option.
pub fn options(all: &[&str], current: &str, blank: bool) -> String {
    let mut out = String::new();
    if blank {
        out.push_str("<option value=\"\"></option>");
    }
    for v in all {
        let sel = if *v == current { " selected" } else { "" };
        let _ = write!(out, "<option{sel}>{}</option>", escape(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_7_escape_table() {
        for (input, want) in [
            ("puce", "puce"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("a & b", "a &amp; b"),
            ("\"x\" 'y'", "&quot;x&quot; &#39;y&#39;"),
            ("centre de données – « IA »", "centre de données – « IA »"),
        ] {
            assert_eq!(escape(input), want, "{input}");
        }
    }

    #[test]
    fn layout_escapes_title_and_marks_current_page() {
        let p = layout("<b>", "review", "tok\"", "<p>ok</p>");
        assert!(p.contains("<title>&lt;b&gt; · glossa</title>"));
        assert!(p.contains("content=\"tok&quot;\""));
        assert!(p.contains("href=\"/review\" aria-current=\"page\""));
        assert!(p.contains("<p>ok</p>"));
    }
}
