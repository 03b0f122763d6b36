//! XLIFF 1.2 and 2.x, read (issue 15): the bilingual files OmegaT,
//! Trados (`.sdlxliff`), memoQ (`.mqxliff`) and Phrase export.
//!
//! [`read`] returns the file's languages and its segments in document
//! order, each with the id a translator sees:
//! - **1.2** (`<xliff version="1.2">`, also 1.0/1.1): every
//!   `<trans-unit>` (inside `<group>`s too). When it has a `<seg-source>`
//!   split by `<mrk mtype="seg" mid="…">` (Trados, memoQ), each marker
//!   is a segment `UNIT/MID` whose target is the `<mrk>` with the same
//!   `mid` in `<target>`; otherwise the unit is one segment `UNIT`.
//! - **2.x** (`<xliff version="2.0|2.1|2.2">`, any namespace): every
//!   `<segment>` of every `<unit>`; its id is the unit's when the unit
//!   has one segment, else `UNIT/SEGMENT` (`SEGMENT` = the segment's id,
//!   or its 1-based number).
//!
//! Inline markup is dropped and its text kept: 1.2 `<g>`, `<mrk>`,
//! `<sub>` keep their text, `<x/>`, `<bx/>`, `<ex/>` vanish, the native
//! code inside `<bpt>`, `<ept>`, `<ph>`, `<it>` is skipped; 2.x `<pc>`,
//! `<mrk>` keep their text, `<ph/>`, `<sc/>`, `<ec/>`, `<sm/>`, `<em/>`
//! vanish and `<cp hex="…"/>` is its character. Whitespace runs become
//! one space; ends are trimmed.
//!
//! A segment is **confirmed** (what `tm import` stores) when its target
//! has text and its state does not say otherwise: 1.2 `state` not `new`
//! or `needs-*` (and, for `.sdlxliff`, no `conf` of `Draft`/
//! `Unspecified` in its `sdl:seg`); 2.x `state` `translated`, `reviewed`
//! or `final`, or no `state` at all.
//!
//! Errors name the line and column: not XML, a root that is not
//! `<xliff>` (with what the file is), a `version` other than 1.x/2.x, a
//! unit or segment with no `<source>`, duplicate ids.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::error::{Error, Position, Result};

/// One source/target segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The id translators see: `UNIT` or `UNIT/SEGMENT`.
    pub id: String,
    /// Source text, markup dropped.
    pub source: String,
    /// Target text, markup dropped (empty when untranslated).
    pub target: String,
    /// Whether the target is confirmed (see the module doc).
    pub confirmed: bool,
    /// Line of the segment's source in the file.
    pub line: u64,
}

/// A read XLIFF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xliff {
    /// The `version` attribute (`1.2`, `2.0`…).
    pub version: String,
    /// Source language (first `<file>`'s in 1.2).
    pub source_lang: String,
    /// Target language, if declared.
    pub target_lang: String,
    /// Segments in document order.
    pub segments: Vec<Segment>,
}

/// A parsed element: local name, attributes (local names), children,
/// byte offset of its start tag.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    kids: Vec<Node>,
    at: usize,
}

#[derive(Debug)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }
    fn elements(&self) -> impl Iterator<Item = &El> {
        self.kids.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }
    fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }
}

fn local(n: &[u8]) -> String {
    let n = String::from_utf8_lossy(n);
    n.rsplit(':').next().unwrap_or(&n).to_string()
}

/// Parse the whole document into a tree (the file is bounded by the
/// caller's size limit).
fn parse_tree(text: &str) -> Result<El> {
    crate::formats::check_xml_chars(text)?;
    let mut rd = Reader::from_str(text);
    rd.config_mut().check_end_names = true;
    let err = |off: usize, m: String| {
        Error::parse(Position::at_offset(text, off), m)
    };
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        let before = rd.buffer_position() as usize;
        let ev = rd.read_event().map_err(|e| {
            err(rd.error_position() as usize, format!("malformed XML: {e}"))
        })?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let mut el = El {
                    name: local(e.name().as_ref()),
                    at: before,
                    ..El::default()
                };
                for a in e.attributes() {
                    let a = a.map_err(|e| {
                        err(before, format!("malformed attribute: {e}"))
                    })?;
                    let v = a.unescape_value().map_err(|e| {
                        err(before, format!("bad attribute value: {e}"))
                    })?;
                    el.attrs.push((local(a.key.as_ref()), v.into_owned()));
                }
                if matches!(ev, Event::Empty(_)) {
                    let top = stack.last_mut().expect("root");
                    top.kids.push(Node::El(el));
                } else {
                    if stack.len() > 256 {
                        return Err(err(
                            before,
                            "elements nested too deep".into(),
                        ));
                    }
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().expect("balanced");
                stack.last_mut().expect("root").kids.push(Node::El(el));
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| err(before, format!("bad text: {e}")))?;
                if let Some(m) = crate::formats::xml_ref_error(&s) {
                    return Err(err(before, m));
                }
                stack
                    .last_mut()
                    .expect("root")
                    .kids
                    .push(Node::Text(s.into_owned()));
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                stack.last_mut().expect("root").kids.push(Node::Text(s));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let doc = stack.pop().expect("document");
    doc.kids
        .into_iter()
        .find_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| err(0, "no root element".into()))
}

/// True when a file is XLIFF by its extension (`.xlf`, `.xliff`,
/// `.sdlxliff`, `.mqxliff`) or its first bytes (an `<xliff` root).
pub fn looks_like(path: &std::path::Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ["xlf", "xliff", "sdlxliff", "mqxliff"].contains(&ext.as_str()) {
        return true;
    }
    let head = &bytes[..bytes.len().min(2048)];
    let head = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, n)) => enc.decode_without_bom_handling(&head[n..]).0,
        None => String::from_utf8_lossy(head),
    };
    head.contains("<xliff")
}

/// Read an XLIFF file (raw bytes: BOM, UTF-16 or a declared encoding
/// are honoured).
pub fn read(bytes: &[u8]) -> Result<Xliff> {
    let text = super::tbx::decode_xml(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if !text.trim_start().starts_with('<') {
        return Err(Error::invalid(
            Position::line(1, None),
            format!("not an XLIFF file: it is {}", super::what_is(bytes)),
        ));
    }
    let root = parse_tree(text)?;
    let pos = |off: usize| Position::at_offset(text, off);
    if root.name != "xliff" {
        return Err(Error::invalid(
            pos(root.at),
            format!(
                "not an XLIFF file: root element <{}> ({})",
                root.name,
                super::what_is(bytes)
            ),
        ));
    }
    let version = root.attr("version").unwrap_or("").trim().to_string();
    let mut x = Xliff {
        version: version.clone(),
        source_lang: String::new(),
        target_lang: String::new(),
        segments: Vec::new(),
    };
    if ["1.0", "1.1", "1.2"].contains(&version.as_str()) {
        read_v1(&root, &mut x, text)?;
    } else if version.starts_with("2.") && version.len() <= 4 {
        x.source_lang = root.attr("srcLang").unwrap_or("").into();
        x.target_lang = root.attr("trgLang").unwrap_or("").into();
        for f in root.elements().filter(|e| e.name == "file") {
            walk_v2(f, &mut x, text)?;
        }
    } else {
        return Err(Error::invalid(
            pos(root.at),
            format!(
                "XLIFF version {version:?} is not supported (glossa reads \
                 XLIFF 1.2 and 2.x)"
            ),
        ));
    }
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for s in &x.segments {
        if let Some(first) = seen.insert(&s.id, s.line) {
            return Err(Error::invalid(
                Position::line(s.line, None),
                format!("duplicate unit id {:?} (also on line {first})", s.id),
            ));
        }
    }
    Ok(x)
}

fn read_v1(root: &El, x: &mut Xliff, text: &str) -> Result<()> {
    for f in root.elements().filter(|e| e.name == "file") {
        if x.source_lang.is_empty() {
            x.source_lang = f.attr("source-language").unwrap_or("").into();
            x.target_lang = f.attr("target-language").unwrap_or("").into();
        }
        let body = f.child("body");
        for b in body.into_iter() {
            walk_v1(b, x, text)?;
        }
    }
    Ok(())
}

fn line_of(text: &str, off: usize) -> u64 {
    Position::at_offset(text, off).line.unwrap_or(0)
}

fn walk_v1(el: &El, x: &mut Xliff, text: &str) -> Result<()> {
    for e in el.elements() {
        match e.name.as_str() {
            "group" => walk_v1(e, x, text)?,
            "trans-unit" => unit_v1(e, x, text)?,
            _ => {}
        }
    }
    Ok(())
}

fn unit_v1(u: &El, x: &mut Xliff, text: &str) -> Result<()> {
    let id = u.attr("id").unwrap_or("").to_string();
    let Some(src) = u.child("source") else {
        return Err(Error::invalid(
            Position::at_offset(text, u.at),
            format!("trans-unit {id:?} has no <source>"),
        ));
    };
    let tgt = u.child("target");
    let state_ok = |t: &El| {
        let st = t.attr("state").unwrap_or("");
        st != "new" && !st.starts_with("needs-")
    };
    let sdl_conf = sdl_confirmations(u);
    let segs: Vec<&El> =
        u.child("seg-source").map(|s| seg_marks(s)).unwrap_or_default();
    if segs.is_empty() {
        let target = tgt.map(inline_text).unwrap_or_default();
        let confirmed = !target.is_empty() && tgt.is_some_and(state_ok);
        x.segments.push(Segment {
            id,
            source: inline_text(src),
            target,
            confirmed,
            line: line_of(text, src.at),
        });
        return Ok(());
    }
    let tmarks: Vec<&El> = tgt.map(seg_marks).unwrap_or_default();
    for m in segs {
        let mid = m.attr("mid").unwrap_or("");
        let t = tmarks.iter().find(|t| t.attr("mid") == Some(mid));
        let target = t.map(|t| inline_text(t)).unwrap_or_default();
        let conf_ok = sdl_conf
            .get(mid)
            .is_none_or(|c| !matches!(c.as_str(), "Draft" | "Unspecified"));
        let confirmed =
            !target.is_empty() && tgt.is_some_and(state_ok) && conf_ok;
        x.segments.push(Segment {
            id: format!("{id}/{mid}"),
            source: inline_text(m),
            target,
            confirmed,
            line: line_of(text, m.at),
        });
    }
    Ok(())
}

/// `sdl:seg id="…" conf="…"` values of a `.sdlxliff` unit, by id.
fn sdl_confirmations(u: &El) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for defs in u.elements().filter(|e| e.name == "seg-defs") {
        for s in defs.elements().filter(|e| e.name == "seg") {
            if let (Some(id), Some(c)) = (s.attr("id"), s.attr("conf")) {
                out.insert(id.to_string(), c.to_string());
            }
        }
    }
    out
}

/// The `<mrk mtype="seg">` markers of a `<seg-source>` or `<target>`,
/// at any depth, in order.
fn seg_marks(el: &El) -> Vec<&El> {
    let mut out = Vec::new();
    fn go<'a>(e: &'a El, out: &mut Vec<&'a El>) {
        for k in e.elements() {
            if k.name == "mrk" && k.attr("mtype") == Some("seg") {
                out.push(k);
            } else {
                go(k, out);
            }
        }
    }
    go(el, &mut out);
    out
}

fn walk_v2(el: &El, x: &mut Xliff, text: &str) -> Result<()> {
    for e in el.elements() {
        match e.name.as_str() {
            "group" => walk_v2(e, x, text)?,
            "unit" => unit_v2(e, x, text)?,
            _ => {}
        }
    }
    Ok(())
}

fn unit_v2(u: &El, x: &mut Xliff, text: &str) -> Result<()> {
    let id = u.attr("id").unwrap_or("").to_string();
    let segs: Vec<&El> =
        u.elements().filter(|e| e.name == "segment").collect();
    let many = segs.len() > 1;
    for (k, s) in segs.iter().enumerate() {
        let Some(src) = s.child("source") else {
            return Err(Error::invalid(
                Position::at_offset(text, s.at),
                format!("segment in unit {id:?} has no <source>"),
            ));
        };
        let target = s.child("target").map(inline_text).unwrap_or_default();
        let confirmed = !target.is_empty()
            && matches!(
                s.attr("state"),
                None | Some("translated" | "reviewed" | "final")
            );
        let sid = match (many, s.attr("id")) {
            (false, _) => id.clone(),
            (true, Some(sid)) => format!("{id}/{sid}"),
            (true, None) => format!("{id}/{}", k + 1),
        };
        x.segments.push(Segment {
            id: sid,
            source: inline_text(src),
            target,
            confirmed,
            line: line_of(text, src.at),
        });
    }
    Ok(())
}

/// The text of a `<source>`/`<target>`/marker with inline markup
/// dropped (see the module doc), whitespace runs collapsed.
fn inline_text(el: &El) -> String {
    fn go(e: &El, out: &mut String) {
        for n in &e.kids {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::El(k) => match k.name.as_str() {
                    // 1.2 native codes; 2.x original data.
                    "bpt" | "ept" | "ph" | "it" | "originalData" => {}
                    "cp" => {
                        let c = k
                            .attr("hex")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32);
                        out.extend(c);
                    }
                    _ => go(k, out),
                },
            }
        }
    }
    let mut raw = String::new();
    go(el, &mut raw);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v12_units_groups_inline_and_states() {
        let x = r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="fr" target-language="en" datatype="plaintext" original="a.txt">
  <body>
   <group id="g">
    <trans-unit id="1"><source>L’<g id="1">IA</g> avance<x id="2"/>.</source>
     <target state="translated">AI <bpt id="3">&lt;b&gt;</bpt>moves<ept id="3">&lt;/b&gt;</ept> on.</target></trans-unit>
   </group>
   <trans-unit id="2"><source>Puce</source><target state="needs-review-translation">Chip</target></trans-unit>
   <trans-unit id="3"><source>Vide</source></trans-unit>
  </body>
 </file>
</xliff>"#;
        let r = read(x.as_bytes()).unwrap();
        assert_eq!(
            (r.source_lang.as_str(), r.target_lang.as_str()),
            ("fr", "en")
        );
        let s = &r.segments;
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].id.as_str(), s[0].source.as_str()),
            ("1", "L’IA avance.")
        );
        assert_eq!(s[0].target, "AI moves on.");
        assert!(s[0].confirmed && !s[1].confirmed && !s[2].confirmed);
        assert_eq!(s[1].line, 9);
    }

    #[test]
    fn v12_seg_source_markers_are_segments() {
        let x = r#"<xliff version="1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"><file source-language="fr-FR" target-language="en-US"><body>
<trans-unit id="u7"><source>A. B.</source>
<seg-source><mrk mtype="seg" mid="1">Une puce.</mrk> <mrk mtype="seg" mid="2">Deux.</mrk></seg-source>
<target><mrk mtype="seg" mid="1">A chip.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></target>
<sdl:seg-defs><sdl:seg id="1" conf="Translated"/><sdl:seg id="2" conf="Draft"/></sdl:seg-defs>
</trans-unit></body></file></xliff>"#;
        let r = read(x.as_bytes()).unwrap();
        let ids: Vec<&str> =
            r.segments.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["u7/1", "u7/2"]);
        assert_eq!(r.segments[0].target, "A chip.");
        assert!(r.segments[0].confirmed && !r.segments[1].confirmed);
    }

    #[test]
    fn v2_segments_and_codes() {
        let x = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en">
 <file id="f1"><unit id="u1">
  <originalData><data id="d1">&lt;br/&gt;</data></originalData>
  <segment id="s1" state="final"><source>Bonjour<ph id="1" dataRef="d1"/> <pc id="2">monde</pc><cp hex="21"/></source><target>Hello <pc id="2">world</pc>!</target></segment>
  <ignorable><source> </source></ignorable>
  <segment><source>Deux</source><target>Two</target></segment>
 </unit>
 <unit id="u2"><segment state="initial"><source>Trois</source><target>Three</target></segment></unit>
 </file></xliff>"#;
        let r = read(x.as_bytes()).unwrap();
        let s = &r.segments;
        assert_eq!(s[0].id, "u1/s1");
        assert_eq!(s[0].source, "Bonjour monde!");
        assert_eq!(s[0].target, "Hello world!");
        assert_eq!(s[1].id, "u1/2");
        assert!(s[0].confirmed && s[1].confirmed && !s[2].confirmed);
        assert_eq!(s[2].id, "u2");
    }

    #[test]
    fn bad_files_say_what_they_are() {
        let e = read(br#"<xliff version="3.0"/>"#).unwrap_err().to_string();
        assert!(e.contains("version \"3.0\" is not supported"), "{e}");
        assert!(e.contains("line 1"), "{e}");
        let e = read(b"<martif/>").unwrap_err().to_string();
        assert!(e.contains("not an XLIFF file") && e.contains("TBX"), "{e}");
        let e = read(b"hello").unwrap_err().to_string();
        assert!(e.contains("plain text"), "{e}");
        let e = read(
            b"<xliff version=\"2.0\"><file><unit id=\"a\"><segment>\
                       </segment></unit></file></xliff>",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no <source>"), "{e}");
        let dup = "<xliff version=\"2.0\"><file><unit id=\"a\"><segment><source>x\
                   </source></segment></unit><unit id=\"a\"><segment><source>y\
                   </source></segment></unit></file></xliff>";
        assert!(
            read(dup.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("duplicate")
        );
        assert!(
            read(b"<xliff version=\"1.2\"><file><body><trans-unit id=\"1\">")
                .is_err()
        );
    }
}
