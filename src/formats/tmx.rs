//! TMX 1.4b (Translation Memory eXchange) reader and writer.
//!
//! [`decode`] turns file bytes into text (UTF-8, or UTF-16/UTF-8 with a
//! byte-order mark, or a legacy encoding named in the XML declaration);
//! [`read_each`] streams the `<header>` and every `<tu>` of that text to
//! callbacks without copying: a [`Unit`] borrows its raw XML and each
//! segment's inner markup from the input, so an import of a million units
//! allocates little more than the plain texts. [`Writer`] writes a TMX
//! file valid against the TMX 1.4 DTD (`tmx14.dtd`).
//!
//! What a unit keeps:
//! - every variant (`<tuv>`), in file order, several per language if the
//!   file has them, with its language, plain text and inline markup;
//! - the plain text drops inline *codes* (`<bpt> <ept> <ph> <it> <ut>` and
//!   their `<sub>`), but keeps the text inside `<hi>`, so matching ignores
//!   formatting while the markup survives a round trip;
//! - the unit's attributes, `<prop>`s and `<note>`s, and its raw XML, so a
//!   store can write it back byte for byte ([`Writer::raw_unit`]).
//!
//! Left out: DTD internal subsets with custom entities (an error), and
//! TMX levels beyond 1.4 (no `<ude>` mapping; the header's `<ude>`
//! elements are kept only in the raw header).
//!
//! ```
//! use glossa::formats::tmx;
//! let text = r#"<tmx version="1.4"><header srclang="fr"/><body>
//!   <tu><tuv xml:lang="fr"><seg>Le <ph x="1">&lt;br/&gt;</ph>chat</seg></tuv>
//!   <tuv xml:lang="en"><seg>The cat</seg></tuv></tu></body></tmx>"#;
//! let mut units = Vec::new();
//! tmx::read_each(text, |_h| Ok(()), |u| {
//!     units.push((u.variants[0].text.clone(), u.variants[0].inline));
//!     Ok(())
//! })?;
//! assert_eq!(units, [("Le chat".to_string(), true)]);
//! # Ok::<(), glossa::Error>(())
//! ```

use std::borrow::Cow;
use std::io::Write;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::error::{Error, Position, Result};

/// Largest segment accepted (plain text or markup), in bytes. A bigger
/// `<seg>` is almost certainly a broken file (a whole document pasted in
/// one unit) and would make every search slow.
pub const MAX_SEGMENT_BYTES: usize = 1 << 20;

/// The `<header>` of a TMX file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// Every attribute, in file order (names as written).
    pub attrs: Vec<(String, String)>,
    /// The whole `<header …>…</header>` element as written (with its
    /// `<prop>`s, `<note>`s and `<ude>`s).
    pub raw: String,
}

impl Header {
    /// The value of attribute `name` (ASCII case-insensitive).
    pub fn attr(&self, name: &str) -> Option<&str> {
        find_attr(&self.attrs, name)
    }
}

/// A `<prop type="…">` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prop {
    /// Its `type` attribute.
    pub kind: String,
    /// Its text.
    pub text: String,
}

/// One `<tuv>`: a language variant of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant<'a> {
    /// `xml:lang` (or TMX 1.1 `lang`), as written.
    pub lang: String,
    /// Attributes other than the language.
    pub attrs: Vec<(String, String)>,
    /// `<prop>`s of the variant.
    pub props: Vec<Prop>,
    /// `<note>`s of the variant.
    pub notes: Vec<String>,
    /// Plain text: the segment without inline codes, entities resolved.
    pub text: String,
    /// The segment's inner XML exactly as in the file.
    pub markup: &'a str,
    /// True if the segment has inline elements.
    pub inline: bool,
}

/// One `<tu>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    /// Attributes of `<tu>`, in file order.
    pub attrs: Vec<(String, String)>,
    /// `<prop>`s of the unit.
    pub props: Vec<Prop>,
    /// `<note>`s of the unit.
    pub notes: Vec<String>,
    /// The variants, in file order.
    pub variants: Vec<Variant<'a>>,
    /// The whole `<tu>…</tu>` element as written.
    pub raw: &'a str,
    /// Byte offset of `<tu` in the text (see [`Position::at_offset`]).
    pub offset: usize,
}

impl Unit<'_> {
    /// The value of attribute `name` (ASCII case-insensitive).
    pub fn attr(&self, name: &str) -> Option<&str> {
        find_attr(&self.attrs, name)
    }

    /// The first variant whose language's primary subtag is `primary`
    /// (`fr` matches `fr-FR`, `FR-CA`…).
    pub fn variant(&self, primary: &str) -> Option<&Variant<'_>> {
        self.variants.iter().find(|v| lang_is(&v.lang, primary))
    }
}

/// The primary subtag of a language tag, lower-cased (`EN-us` → `en`).
pub fn primary_lang(tag: &str) -> String {
    primary_subtag(tag).to_ascii_lowercase()
}

/// The primary subtag of a language tag, as written.
pub fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

/// True if `tag`'s primary subtag is `primary` (ASCII case-insensitive):
/// `lang_is("FR-ca", "fr")`.
pub fn lang_is(tag: &str, primary: &str) -> bool {
    primary_subtag(tag).eq_ignore_ascii_case(primary)
}

fn find_attr<'a>(
    attrs: &'a [(String, String)],
    name: &str,
) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Decode TMX file bytes into text.
///
/// A UTF-8 or UTF-16 byte-order mark wins; without one, UTF-16 (a `<`
/// next to a zero byte) is refused, since the byte order is a guess; an
/// XML declaration naming a legacy encoding (`windows-1252`,
/// `ISO-8859-1`…) is honoured; anything else must be UTF-8. UTF-8 input
/// is borrowed, not copied.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad {
            let pos = first_bad_position(&text);
            return Err(Error::encoding(
                pos,
                format!("bytes that are not valid {}", enc.name()),
            ));
        }
        return Ok(text);
    }
    if bytes.len() >= 2
        && ((bytes[0] == b'<' && bytes[1] == 0)
            || (bytes[0] == 0 && bytes[1] == b'<'))
    {
        return Err(Error::encoding(
            Position::line(1, Some(1)),
            "UTF-16 without a byte-order mark: the byte order is unknown \
             (save the file as UTF-8, or UTF-16 with a BOM)",
        ));
    }
    if let Some(label) = declared_encoding(bytes)
        && let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes())
        && enc != encoding_rs::UTF_8
        && enc != encoding_rs::UTF_16LE
        && enc != encoding_rs::UTF_16BE
    {
        let (text, bad) = enc.decode_without_bom_handling(bytes);
        if bad {
            let pos = first_bad_position(&text);
            return Err(Error::encoding(
                pos,
                format!("bytes that are not valid {}", enc.name()),
            ));
        }
        return Ok(text);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()])
                .unwrap_or_default();
            Err(Error::encoding(
                Position::at_offset(valid, valid.len()),
                "bytes that are not valid UTF-8 (and no other encoding is \
                 declared)",
            ))
        }
    }
}

fn first_bad_position(text: &str) -> Position {
    let at = text.find('\u{FFFD}').unwrap_or(text.len());
    Position::at_offset(text, at)
}

/// The `encoding="…"` of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_string())
}

/// Inline elements whose content is native code, not text.
fn is_code(name: &[u8]) -> bool {
    matches!(name, b"bpt" | b"ept" | b"ph" | b"it" | b"ut")
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Where {
    Top,
    Tmx,
    Header,
    Body,
    Tu,
    Tuv,
    Seg,
    Done,
}

/// Read TMX `text`: `on_header` gets the header, then `on_unit` every
/// unit in file order. An error from a callback stops the reading and is
/// returned; parse errors name line and column.
pub fn read_each<'a>(
    text: &'a str,
    mut on_header: impl FnMut(&Header) -> Result<()>,
    mut on_unit: impl FnMut(Unit<'a>) -> Result<()>,
) -> Result<()> {
    crate::formats::check_xml_chars(text)?;
    let mut rd = Reader::from_str(text);
    rd.config_mut().check_end_names = true;
    let err_at = |off: usize, msg: String| {
        Error::parse(Position::at_offset(text, off), msg)
    };
    let mut state = Where::Top;
    let mut header = Header::default();
    let mut header_start = 0usize;
    let mut saw_header = false;
    let mut unit: Option<Unit<'a>> = None;
    let mut variant: Option<Variant<'a>> = None;
    // Inside <seg>: start of its content and the open inline elements.
    let mut seg_start = 0usize;
    let mut inline_stack: Vec<bool> = Vec::new();
    // A <prop>/<note> being read: (is_prop, type, text).
    let mut meta: Option<(bool, String, String)> = None;
    loop {
        let before = rd.buffer_position() as usize;
        let ev = match rd.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                return Err(err_at(
                    rd.error_position() as usize,
                    format!("malformed XML: {e}"),
                ));
            }
        };
        let after = rd.buffer_position() as usize;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name();
                let name = name.as_ref();
                if meta.is_some() {
                    // <prop> and <note> hold text only: skip an empty
                    // element, refuse one with content.
                    if !empty {
                        return Err(err_at(
                            before,
                            "unexpected element inside <prop>/<note>".into(),
                        ));
                    }
                    continue;
                }
                match (state, name) {
                    (Where::Top, b"tmx") => {
                        state = if empty { Where::Done } else { Where::Tmx }
                    }
                    (Where::Top, _) => {
                        return Err(err_at(
                            before,
                            format!(
                                "not a TMX file: root element <{}>",
                                String::from_utf8_lossy(name)
                            ),
                        ));
                    }
                    (Where::Tmx, b"header") => {
                        header.attrs = attrs(e, text, before)?;
                        header_start = before;
                        saw_header = true;
                        if empty {
                            header.raw = text[before..after].to_string();
                            on_header(&header)?;
                        } else {
                            state = Where::Header;
                        }
                    }
                    (Where::Header, _) => {
                        // prop/note/ude/map: kept in the raw header.
                        if !empty {
                            rd.read_to_end(e.name()).map_err(|err| {
                                err_at(
                                    rd.error_position() as usize,
                                    format!("malformed XML: {err}"),
                                )
                            })?;
                        }
                    }
                    (Where::Tmx, b"body") => {
                        if !saw_header {
                            on_header(&header)?;
                            saw_header = true;
                        }
                        state = if empty { Where::Tmx } else { Where::Body };
                    }
                    (Where::Body, b"tu") => {
                        let u = Unit {
                            attrs: attrs(e, text, before)?,
                            props: Vec::new(),
                            notes: Vec::new(),
                            variants: Vec::new(),
                            raw: &text[before..after],
                            offset: before,
                        };
                        if empty {
                            return Err(err_at(
                                before,
                                "empty <tu/>: a unit needs variants".into(),
                            ));
                        }
                        unit = Some(u);
                        state = Where::Tu;
                    }
                    (Where::Tu, b"tuv") => {
                        let mut lang = None;
                        let mut rest = Vec::new();
                        for (k, v) in attrs(e, text, before)? {
                            if k == "xml:lang"
                                || k.eq_ignore_ascii_case("lang")
                            {
                                lang = Some(v);
                            } else {
                                rest.push((k, v));
                            }
                        }
                        let Some(lang) = lang else {
                            return Err(err_at(
                                before,
                                "<tuv> without xml:lang".into(),
                            ));
                        };
                        if empty {
                            return Err(err_at(
                                before,
                                "empty <tuv/>: a variant needs a <seg>".into(),
                            ));
                        }
                        variant = Some(Variant {
                            lang,
                            attrs: rest,
                            props: Vec::new(),
                            notes: Vec::new(),
                            text: String::new(),
                            markup: "",
                            inline: false,
                        });
                        state = Where::Tuv;
                    }
                    (Where::Tu | Where::Tuv, b"prop" | b"note") => {
                        if empty {
                            continue;
                        }
                        let kind = if name == b"prop" {
                            attrs(e, text, before)?
                                .into_iter()
                                .find(|(k, _)| k == "type")
                                .map(|(_, v)| v)
                                .unwrap_or_default()
                        } else {
                            String::new()
                        };
                        meta = Some((name == b"prop", kind, String::new()));
                    }
                    (Where::Tuv, b"seg") => {
                        if empty {
                            // <seg/>: an empty segment.
                            finish_seg(variant.as_mut(), "", text, before)?;
                        } else {
                            seg_start = after;
                            inline_stack.clear();
                            state = Where::Seg;
                        }
                    }
                    (Where::Seg, _) => {
                        if let Some(v) = variant.as_mut() {
                            v.inline = true;
                        }
                        if !empty {
                            let inside_code =
                                inline_stack.last() == Some(&true);
                            inline_stack.push(inside_code || is_code(name));
                        }
                    }
                    (Where::Tmx | Where::Body | Where::Tu | Where::Tuv, _) => {
                        // Unknown elements (extensions): skip them.
                        if !empty {
                            rd.read_to_end(e.name()).map_err(|err| {
                                err_at(
                                    rd.error_position() as usize,
                                    format!("malformed XML: {err}"),
                                )
                            })?;
                        }
                    }
                    (Where::Done, _) => {
                        return Err(err_at(
                            before,
                            "content after </tmx>".into(),
                        ));
                    }
                }
            }
            Event::End(ref e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if let Some((is_prop, kind, body)) = meta.take() {
                    if name == b"prop" || name == b"note" {
                        let target_notes;
                        let target_props;
                        if let Some(v) = variant.as_mut() {
                            target_notes = &mut v.notes;
                            target_props = &mut v.props;
                        } else if let Some(u) = unit.as_mut() {
                            target_notes = &mut u.notes;
                            target_props = &mut u.props;
                        } else {
                            continue;
                        }
                        if is_prop {
                            target_props.push(Prop { kind, text: body });
                        } else {
                            target_notes.push(body);
                        }
                    } else {
                        meta = Some((is_prop, kind, body));
                    }
                    continue;
                }
                match (state, name) {
                    (Where::Seg, b"seg") => {
                        let markup = &text[seg_start..before];
                        finish_seg(variant.as_mut(), markup, text, before)?;
                        state = Where::Tuv;
                    }
                    (Where::Seg, _) => {
                        inline_stack.pop();
                    }
                    (Where::Header, b"header") => {
                        header.raw = text[header_start..after].to_string();
                        on_header(&header)?;
                        state = Where::Tmx;
                    }
                    (Where::Tuv, b"tuv") => {
                        let v = variant.take().expect("in a tuv");
                        let u = unit.as_mut().expect("in a tu");
                        u.variants.push(v);
                        state = Where::Tu;
                    }
                    (Where::Tu, b"tu") => {
                        let mut u = unit.take().expect("in a tu");
                        u.raw = &text[u.offset..after];
                        state = Where::Body;
                        if u.variants.is_empty() {
                            return Err(err_at(
                                u.offset,
                                "<tu> without any <tuv>".into(),
                            ));
                        }
                        let offset = u.offset;
                        on_unit(u).map_err(|e| {
                            e.at(Position::at_offset(text, offset))
                        })?;
                    }
                    (Where::Body, b"body") => state = Where::Tmx,
                    (Where::Tmx, b"tmx") => state = Where::Done,
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(m) = meta.as_mut() {
                    let s = t.unescape().map_err(|e| {
                        err_at(before, format!("bad entity: {e}"))
                    })?;
                    if let Some(m) = crate::formats::xml_ref_error(&s) {
                        return Err(err_at(before, m));
                    }
                    m.2.push_str(&s);
                } else if state == Where::Seg
                    && inline_stack.last() != Some(&true)
                {
                    let v = variant.as_mut().expect("in a tuv");
                    let s = t.unescape().map_err(|e| {
                        err_at(before, format!("bad entity: {e}"))
                    })?;
                    if let Some(m) = crate::formats::xml_ref_error(&s) {
                        return Err(err_at(before, m));
                    }
                    if v.text.len() + s.len() > MAX_SEGMENT_BYTES {
                        return Err(too_big(text, seg_start));
                    }
                    v.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if state == Where::Seg && inline_stack.last() != Some(&true) {
                    let v = variant.as_mut().expect("in a tuv");
                    v.text.push_str(&String::from_utf8_lossy(&t));
                } else if let Some(m) = meta.as_mut() {
                    m.2.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::DocType(d) => {
                if d.contains(&b'[') {
                    return Err(err_at(
                        before,
                        "a DOCTYPE with an internal subset (custom \
                         entities) is not supported"
                            .into(),
                    ));
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    match state {
        Where::Done => Ok(()),
        Where::Top => {
            Err(err_at(text.len(), "not a TMX file: no <tmx>".into()))
        }
        s => {
            let what = match s {
                Where::Seg => "</seg>",
                Where::Tuv => "</tuv>",
                Where::Tu => "</tu>",
                Where::Body => "</body>",
                Where::Header => "</header>",
                _ => "</tmx>",
            };
            Err(err_at(
                text.len(),
                format!("truncated TMX: the file ends before {what}"),
            ))
        }
    }
}

fn too_big(text: &str, offset: usize) -> Error {
    Error::invalid(
        Position::at_offset(text, offset),
        format!(
            "segment longer than {} MiB: not imported (split the \
             document into sentences)",
            MAX_SEGMENT_BYTES >> 20
        ),
    )
}

fn finish_seg<'a>(
    v: Option<&mut Variant<'a>>,
    markup: &'a str,
    text: &str,
    offset: usize,
) -> Result<()> {
    let v = v.expect("seg inside a tuv");
    if markup.len() > MAX_SEGMENT_BYTES || v.text.len() > MAX_SEGMENT_BYTES {
        return Err(too_big(text, offset));
    }
    v.markup = markup;
    Ok(())
}

fn attrs(
    e: &BytesStart<'_>,
    text: &str,
    offset: usize,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| {
            Error::parse(
                Position::at_offset(text, offset),
                format!("bad attribute: {err}"),
            )
        })?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a.unescape_value().map_err(|err| {
            Error::parse(
                Position::at_offset(text, offset),
                format!("bad attribute value: {err}"),
            )
        })?;
        if let Some(m) = crate::formats::xml_ref_error(&value) {
            return Err(Error::parse(Position::at_offset(text, offset), m));
        }
        out.push((key, value.into_owned()));
    }
    Ok(out)
}

/// What a written file's `<header>` is.
#[derive(Debug, Clone)]
pub enum HeaderOut<'a> {
    /// A `<header …>…</header>` element written as is (kept from an
    /// import, for a lossless round trip).
    Raw(&'a str),
    /// glossa's own header with this source language (`*all*` when the
    /// units have several) and creation date.
    Glossa {
        /// `srclang`.
        srclang: &'a str,
        /// `creationdate` (TMX format, `YYYYMMDDThhmmssZ`).
        date: &'a str,
    },
}

/// A unit to write from plain fields (no inline markup).
#[derive(Debug, Clone, Default)]
pub struct PlainUnit<'a> {
    /// `(language, text)` of each variant, in order.
    pub variants: Vec<(&'a str, &'a str)>,
    /// `creationdate`.
    pub created: Option<&'a str>,
    /// Written as `<prop type="x-origin">`.
    pub origin: Option<&'a str>,
    /// Written as `<note>`.
    pub note: Option<&'a str>,
}

/// Writes a TMX 1.4 document, unit by unit.
pub struct Writer<W: Write> {
    w: W,
}

impl<W: Write> Writer<W> {
    /// Start a document: declaration, DOCTYPE, `<tmx>`, header, `<body>`.
    pub fn new(mut w: W, header: HeaderOut<'_>) -> Result<Writer<W>> {
        w.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
              <!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n",
        )?;
        match header {
            HeaderOut::Raw(raw) => {
                w.write_all(b"  ")?;
                w.write_all(raw.as_bytes())?;
                w.write_all(b"\n")?;
            }
            HeaderOut::Glossa { srclang, date } => {
                writeln!(
                    w,
                    "  <header creationtool=\"glossa\" \
                     creationtoolversion=\"{}\" segtype=\"sentence\" \
                     o-tmf=\"glossa\" adminlang=\"en\" srclang=\"{}\" \
                     datatype=\"plaintext\" creationdate=\"{}\"/>",
                    env!("CARGO_PKG_VERSION"),
                    esc(srclang),
                    esc(date)
                )?;
            }
        }
        w.write_all(b"  <body>\n")?;
        Ok(Writer { w })
    }

    /// Write a unit's XML as it was read.
    pub fn raw_unit(&mut self, raw: &str) -> Result<()> {
        self.w.write_all(b"    ")?;
        self.w.write_all(raw.as_bytes())?;
        self.w.write_all(b"\n")?;
        Ok(())
    }

    /// Write a unit from plain fields.
    pub fn unit(&mut self, u: &PlainUnit<'_>) -> Result<()> {
        let w = &mut self.w;
        w.write_all(b"    <tu")?;
        if let Some(d) = u.created {
            write!(w, " creationdate=\"{}\"", esc(d))?;
        }
        w.write_all(b">")?;
        if let Some(o) = u.origin {
            write!(w, "<prop type=\"x-origin\">{}</prop>", esc_text(o))?;
        }
        if let Some(n) = u.note {
            write!(w, "<note>{}</note>", esc_text(n))?;
        }
        for (lang, text) in &u.variants {
            write!(
                w,
                "<tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
                esc(lang),
                esc_text(text)
            )?;
        }
        w.write_all(b"</tu>\n")?;
        Ok(())
    }

    /// Close `<body>` and `<tmx>`; return the writer.
    pub fn finish(mut self) -> Result<W> {
        self.w.write_all(b"  </body>\n</tmx>\n")?;
        self.w.flush()?;
        Ok(self.w)
    }
}

/// Escape element content: only `<`, `>` and `&` (quotes stay as typed).
pub fn esc_text(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// Escape text for an attribute value, dropping characters XML
/// 1.0 cannot carry (C0 controls other than tab, newline, return).
pub fn esc(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

fn escape_with(s: &str, quotes: bool) -> Cow<'_, str> {
    let needs = s.bytes().any(|b| {
        matches!(b, b'<' | b'>' | b'&')
            || (quotes && matches!(b, b'"' | b'\''))
            || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    });
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Summary = (Vec<String>, Vec<String>, bool);

    fn units(text: &str) -> Result<Vec<Summary>> {
        let mut out = Vec::new();
        read_each(
            text,
            |_| Ok(()),
            |u| {
                out.push((
                    u.variants.iter().map(|v| v.lang.clone()).collect(),
                    u.variants.iter().map(|v| v.text.clone()).collect(),
                    u.variants.iter().any(|v| v.inline),
                ));
                Ok(())
            },
        )?;
        Ok(out)
    }

    const DOC: &str = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n\
        <header srclang=\"fr\" creationtool=\"t\"><prop type=\"a\">x</prop>\
        </header>\n<body>\n\
        <tu tuid=\"7\"><note>n</note><prop type=\"x-origin\">doc</prop>\
        <tuv xml:lang=\"fr-FR\"><seg>A <bpt i=\"1\">&lt;b&gt;</bpt>gras\
        <ept i=\"1\">&lt;/b&gt;</ept> <hi>vu</hi> &amp; co</seg></tuv>\
        <tuv xml:lang=\"en\"><seg>B</seg></tuv>\
        <tuv xml:lang=\"en-GB\"><seg/></tuv></tu>\n\
        </body>\n</tmx>\n";

    #[test]
    fn reads_header_variants_inline_and_meta() {
        let mut header = None;
        let mut seen = Vec::new();
        read_each(
            DOC,
            |h| {
                header = Some(h.clone());
                Ok(())
            },
            |u| {
                assert_eq!(u.attr("TUID"), Some("7"));
                assert_eq!(u.notes, ["n"]);
                assert_eq!(u.props[0].kind, "x-origin");
                assert!(
                    u.raw.starts_with("<tu tuid") && u.raw.ends_with("</tu>")
                );
                let fr = u.variant("fr").unwrap();
                assert_eq!(fr.text, "A gras vu & co");
                assert!(fr.markup.starts_with("A <bpt i=\"1\">&lt;b&gt;"));
                seen.push(u.variants.len());
                Ok(())
            },
        )
        .unwrap();
        let h = header.unwrap();
        assert_eq!(h.attr("srclang"), Some("fr"));
        assert!(h.raw.starts_with("<header") && h.raw.ends_with("</header>"));
        assert!(h.raw.contains("<prop type=\"a\">x</prop>"));
        assert_eq!(seen, [3]);
    }

    #[test]
    fn bad_input_names_line() {
        for (text, line, what) in [
            (
                "<tmx><body><tu><tuv xml:lang=\"fr\"><seg>a</seg>",
                1,
                "truncated",
            ),
            ("<tmx>\n<body>\n<tu><tuv><seg>a</seg></tuv></tu>", 3, "xml:lang"),
            ("<tmx>\n<body></bdy></tmx>", 2, "malformed"),
            ("<glossary/>", 1, "not a TMX"),
            ("<tmx><body>\n<tu></tu></body></tmx>", 2, "without any"),
        ] {
            let err = units(text).unwrap_err();
            assert_eq!(err.position().line, Some(line), "{text}: {err}");
            assert!(err.to_string().contains(what), "{text}: {err}");
        }
    }

    #[test]
    fn decode_boms_and_legacy() {
        let mut le = vec![0xFF, 0xFE];
        for u in "<tmx/>".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), "<tmx/>");
        let no_bom: Vec<u8> = le[2..].to_vec();
        let err = decode(&no_bom).unwrap_err();
        assert!(err.to_string().contains("byte-order mark"), "{err}");
        let latin =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>";
        assert!(decode(latin).unwrap().contains("<a>é</a>"));
        let err = decode(b"<a>\n\xff</a>").unwrap_err();
        assert_eq!(err.position().line, Some(2));
    }

    #[test]
    fn writer_escapes_and_reads_back() {
        let mut w = Writer::new(
            Vec::new(),
            HeaderOut::Glossa { srclang: "fr", date: "20260101T000000Z" },
        )
        .unwrap();
        w.unit(&PlainUnit {
            variants: vec![("fr", "a < b & \"c\"\u{1}"), ("en", "x")],
            created: Some("20260101T000000Z"),
            origin: Some("o"),
            note: None,
        })
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let got = units(&out).unwrap();
        assert_eq!(got[0].1, ["a < b & \"c\"", "x"]);
    }
}
