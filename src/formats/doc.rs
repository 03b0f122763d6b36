//! Office and web documents as plain text (issue 15): `.docx`, `.odt`,
//! `.html`/`.htm`/`.xhtml` and Markdown (`.md`, `.markdown`), for
//! `align`, `check`, `suggest` and `extract`.
//!
//! [`to_text`] returns the document's paragraphs, markup dropped, each
//! on its own line with a blank line between two paragraphs, so every
//! paragraph is a hard sentence boundary (a heading never runs into the
//! text under it) and paragraph N of the document is line 2N−1 of the
//! text: [`paragraph_of_line`] turns the one into the other, and
//! `check`/`suggest` report `draft.docx:12:5:` as paragraph 12, column 5.
//! Paragraphs are counted as the document counts them: every `w:p` of
//! Word and `text:p`/`text:h` of Writer (empty ones included), HTML's
//! and Markdown's blocks that hold text.
//!
//! - **docx** (`word/document.xml`): `w:p` paragraphs (in tables and
//!   text boxes too), text of `w:t`; `w:tab` and `w:br` are spaces;
//!   deleted tracked changes (`w:delText`) and field codes
//!   (`w:instrText`) are dropped.
//! - **odt** (`content.xml`): `text:p` and `text:h`; `text:s` (spaces),
//!   `text:tab`, `text:line-break` are spaces; notes' bodies are dropped.
//! - **HTML**: `p`, `h1`–`h6`, `li`, `div`, `br`, `tr`, `blockquote`,
//!   `pre`, `dd`, `dt`, `td`, `th`, `title` and the like end a
//!   paragraph; `script`, `style`, `head` content (except the title) and
//!   comments are dropped; entities are decoded (named ones HTML writers
//!   use for French and typography, and every numeric one). No crate
//!   reads HTML this loosely without pulling in a browser-grade parser
//!   (html5ever), hence the small scanner here.
//! - **Markdown** (pulldown-cmark): each block (paragraph, heading, list
//!   item, quote, code block line) is a paragraph; emphasis, links and
//!   inline code keep their text.
//!
//! A file whose extension promises a format it is not (a renamed text
//! file called `.docx`) is an error saying what it is.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::error::{Error, Position, Result};

/// The kinds of document read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// Plain text.
    Text,
    /// Word (Office Open XML).
    Docx,
    /// OpenDocument text.
    Odt,
    /// HTML or XHTML.
    Html,
    /// Markdown.
    Markdown,
}

impl DocKind {
    /// The kind a file name's extension names (plain text otherwise).
    pub fn from_path(p: &Path) -> DocKind {
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "docx" | "docm" => DocKind::Docx,
            "odt" => DocKind::Odt,
            "html" | "htm" | "xhtml" => DocKind::Html,
            "md" | "markdown" => DocKind::Markdown,
            _ => DocKind::Text,
        }
    }
}

/// The text of a document of kind `kind` (not [`DocKind::Text`], which
/// the caller decodes itself): paragraphs one per line.
pub fn to_text(bytes: &[u8], kind: DocKind) -> Result<String> {
    let paras = match kind {
        DocKind::Text => {
            return crate::formats::decode_text(bytes);
        }
        DocKind::Docx => {
            let xml = zip_part(
                bytes,
                "a Word document (.docx)",
                "word/document.xml",
            )?;
            xml_paragraphs(&xml, &DOCX)?
        }
        DocKind::Odt => {
            let xml =
                zip_part(bytes, "an OpenDocument text (.odt)", "content.xml")?;
            xml_paragraphs(&xml, &ODT)?
        }
        DocKind::Html => html_paragraphs(&crate::formats::decode_text(bytes)?),
        DocKind::Markdown => {
            markdown_paragraphs(&crate::formats::decode_text(bytes)?)
        }
    };
    Ok(paras.join("\n\n"))
}

/// The document paragraph (1-based) of line `line` of [`to_text`]'s
/// text.
pub fn paragraph_of_line(line: usize) -> usize {
    line.div_ceil(2)
}

/// The UTF-8 text of part `name` of a ZIP document.
fn zip_part(bytes: &[u8], want: &str, name: &str) -> Result<String> {
    super::check_zip(bytes, want, name)?;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Error::parse(Position::default(), format!("{e}")))?;
    let mut f = z.by_name(name).map_err(|e| {
        Error::parse(Position::default(), format!("{want}: {name}: {e}"))
    })?;
    let mut out = Vec::new();
    (&mut f)
        .take(crate::limits::MAX_XLSX_UNZIPPED)
        .read_to_end(&mut out)
        .map_err(|e| {
            Error::parse(
                Position::default(),
                format!("a damaged {want}: {name}: {e}"),
            )
        })?;
    String::from_utf8(out).map_err(|_| {
        Error::encoding(
            Position::default(),
            format!("{want}: {name} is not UTF-8"),
        )
    })
}

/// How a word-processor XML marks paragraphs and text.
struct XmlDialect {
    /// Paragraph elements (local names).
    para: &'static [&'static str],
    /// Elements whose text is dropped.
    skip: &'static [&'static str],
    /// Empty elements read as one space.
    space: &'static [&'static str],
    /// Elements whose text is kept (None: all text inside a paragraph).
    text: Option<&'static str>,
}

const DOCX: XmlDialect = XmlDialect {
    para: &["p"],
    skip: &["delText", "instrText"],
    space: &["tab", "br", "cr"],
    text: Some("t"),
};

const ODT: XmlDialect = XmlDialect {
    para: &["p", "h"],
    skip: &["note-body", "note-citation", "annotation", "tracked-changes"],
    space: &["s", "tab", "line-break"],
    text: None,
};

fn xml_paragraphs(xml: &str, d: &XmlDialect) -> Result<Vec<String>> {
    let mut rd = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut depth_para = 0usize;
    let mut skip = 0usize;
    let mut in_text = 0usize;
    loop {
        let ev = rd.read_event().map_err(|e| {
            Error::parse(
                Position::at_offset(xml, rd.error_position() as usize),
                format!("malformed XML: {e}"),
            )
        })?;
        match ev {
            Event::Start(e) => {
                let n = e.local_name();
                let n = std::str::from_utf8(n.as_ref()).unwrap_or("");
                if d.para.contains(&n) {
                    if depth_para == 0 {
                        cur = Some(String::new());
                    }
                    depth_para += 1;
                } else if d.skip.contains(&n) {
                    skip += 1;
                } else if d.text == Some(n) {
                    in_text += 1;
                }
            }
            Event::Empty(e) => {
                let n = e.local_name();
                let n = std::str::from_utf8(n.as_ref()).unwrap_or("");
                if d.para.contains(&n) && depth_para == 0 {
                    out.push(String::new());
                } else if skip == 0
                    && d.space.contains(&n)
                    && let Some(c) = cur.as_mut()
                {
                    let count = e
                        .try_get_attribute("c")
                        .ok()
                        .flatten()
                        .and_then(|a| {
                            std::str::from_utf8(&a.value).ok()?.parse().ok()
                        })
                        .unwrap_or(1usize)
                        .min(64);
                    c.push_str(&" ".repeat(count));
                }
            }
            Event::End(e) => {
                let n = e.local_name();
                let n = std::str::from_utf8(n.as_ref()).unwrap_or("");
                if d.para.contains(&n) && depth_para > 0 {
                    depth_para -= 1;
                    if depth_para == 0 {
                        out.extend(cur.take().map(|s| clean(&s)));
                    }
                } else if d.skip.contains(&n) {
                    skip = skip.saturating_sub(1);
                } else if d.text == Some(n) {
                    in_text = in_text.saturating_sub(1);
                }
            }
            Event::Text(t) => {
                let keep = skip == 0 && (d.text.is_none() || in_text > 0);
                if keep && let Some(c) = cur.as_mut() {
                    let s = t.unescape().map_err(|e| {
                        Error::parse(
                            Position::default(),
                            format!("bad text: {e}"),
                        )
                    })?;
                    c.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// One line: whitespace runs (tabs, line breaks) become one space, ends
/// trimmed.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Block elements: each one ends the paragraph before it.
const BLOCKS: [&str; 30] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "figcaption",
    "main",
    "aside",
    "hr",
];

fn html_paragraphs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut hidden: Option<String> = None; // inside script/style/head
    let mut in_title = false;
    let mut rest = html;
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let c = clean(&decode_entities(cur));
        if !c.is_empty() {
            out.push(c);
        }
        cur.clear();
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if hidden.is_none() {
                cur.push_str(rest);
            }
            break;
        };
        if hidden.is_none() {
            cur.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[1..end.saturating_sub(1).max(1)];
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(h) = &hidden {
            if closing && name == *h {
                hidden = None;
            } else if name == "title" && !closing {
                in_title = true;
                hidden = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" | "head" | "template" | "noscript"
                if !closing =>
            {
                flush(&mut cur, &mut out);
                hidden = Some(name);
            }
            n if BLOCKS.contains(&n) => {
                flush(&mut cur, &mut out);
                if n == "title" && closing && in_title {
                    in_title = false;
                    hidden = Some("head".into());
                }
            }
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Decode HTML character references: numeric ones and the named ones
/// French and English web text uses.
fn decode_entities(s: &str) -> String {
    const NAMED: [(&str, &str); 24] = [
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", "\u{a0}"),
        ("rsquo", "’"),
        ("lsquo", "‘"),
        ("rdquo", "”"),
        ("ldquo", "“"),
        ("laquo", "«"),
        ("raquo", "»"),
        ("hellip", "…"),
        ("mdash", "—"),
        ("ndash", "–"),
        ("eacute", "é"),
        ("egrave", "è"),
        ("agrave", "à"),
        ("ccedil", "ç"),
        ("ecirc", "ê"),
        ("euro", "€"),
        ("oelig", "œ"),
        ("thinsp", "\u{2009}"),
        ("Eacute", "É"),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest[..rest.len().min(12)].find(';');
        let decoded = semi.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let v = match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse().ok(),
                };
                v.and_then(char::from_u32).map(String::from)
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push_str(&c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn markdown_paragraphs(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event as M, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let c = clean(cur);
        if !c.is_empty() {
            out.push(c);
        }
        cur.clear();
    };
    for ev in Parser::new(md) {
        match ev {
            M::Start(Tag::CodeBlock(_)) => {
                flush(&mut cur, &mut out);
                in_code = true;
            }
            M::End(TagEnd::CodeBlock) => {
                flush(&mut cur, &mut out);
                in_code = false;
            }
            M::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::BlockQuote(_),
            )
            | M::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_),
            ) => flush(&mut cur, &mut out),
            M::Text(t) if in_code => {
                for (k, line) in t.split('\n').enumerate() {
                    if k > 0 {
                        flush(&mut cur, &mut out);
                    }
                    cur.push_str(line);
                }
            }
            M::Text(t) | M::Code(t) => cur.push_str(&t),
            M::SoftBreak | M::HardBreak => cur.push(' '),
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Read a document file for `align`, `check`, `suggest`, `extract`:
/// its kind from the extension, its text (see [`to_text`]), or `None`
/// for plain text (the caller decodes it as an article).
pub fn read_if_document(path: &Path, bytes: &[u8]) -> Result<Option<String>> {
    match DocKind::from_path(path) {
        DocKind::Text => Ok(None),
        k => to_text(bytes, k).map(Some).map_err(|e| e.in_file(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        for (n, s) in parts {
            z.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(s.as_bytes()).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn docx_paragraphs_keep_their_numbers() {
        let doc = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>Titre</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t xml:space="preserve">L’IA </w:t></w:r><w:r><w:tab/><w:t>avance.</w:t></w:r><w:del><w:r><w:delText>non</w:delText></w:r></w:del></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell &amp; co</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
        let bytes = zip_of(&[("word/document.xml", doc)]);
        let t = to_text(&bytes, DocKind::Docx).unwrap();
        assert_eq!(t, "Titre\n\n\n\nL’IA avance.\n\ncell & co");
        assert_eq!(paragraph_of_line(5), 3);
    }

    #[test]
    fn odt_spaces_and_notes() {
        let c = r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h>Titre</text:h><text:p>A<text:s text:c="2"/>B<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>note</text:p></text:note-body></text:note>.</text:p>
</office:text></office:body></office:document-content>"#;
        let bytes = zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", c),
        ]);
        assert_eq!(to_text(&bytes, DocKind::Odt).unwrap(), "Titre\n\nA B.");
    }

    #[test]
    fn renamed_text_is_named() {
        let e = to_text(b"Bonjour.\n", DocKind::Docx).unwrap_err().to_string();
        assert!(
            e.contains("not a Word document (.docx): it is plain text"),
            "{e}"
        );
        let xlsx = zip_of(&[("xl/workbook.xml", "<workbook/>")]);
        let e = to_text(&xlsx, DocKind::Docx).unwrap_err().to_string();
        assert!(e.contains("it is an Excel workbook"), "{e}");
    }

    #[test]
    fn html_blocks_entities_and_scripts() {
        let h = "<html><head><title>T&eacute;l&eacute;</title><style>p{}</style>\
                 <script>var x='<p>';</script></head><body><h1>Le march&#233;</h1>\
                 <p>L&rsquo;IA <b>avance</b><br>vite.</p><!-- <p>no</p> --><ul><li>un</li>\
                 <li>deux &amp; trois</li></ul></body></html>";
        assert_eq!(
            html_paragraphs(h),
            [
                "Télé",
                "Le marché",
                "L’IA avance",
                "vite.",
                "un",
                "deux & trois"
            ]
        );
    }

    #[test]
    fn markdown_blocks() {
        let md = "# Titre\n\nL’*IA* avance\nvite, voir [ici](http://x).\n\n- un\n- `deux`\n\n```\ncode a\ncode b\n```\n";
        assert_eq!(
            markdown_paragraphs(md),
            [
                "Titre",
                "L’IA avance vite, voir ici.",
                "un",
                "deux",
                "code a",
                "code b"
            ]
        );
    }
}
