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
use crate::formats::xml::{Style, check_xml_chars, escape, xml_ref_error};

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

/// The primary subtag of a language tag, as written.
pub(crate) fn primary_subtag(tag: &str) -> &str {
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
    on_header: impl FnMut(&Header) -> Result<()>,
    on_unit: impl FnMut(Unit<'a>) -> Result<()>,
) -> Result<()> {
    check_xml_chars(text)?;
    let mut rd = Reader::from_str(text);
    rd.config_mut().check_end_names = true;
    let mut p = Parser {
        text,
        on_header,
        on_unit,
        state: Where::Top,
        header: Header::default(),
        header_start: 0,
        saw_header: false,
        unit: None,
        variant: None,
        seg_start: 0,
        inline_stack: Vec::new(),
        meta: None,
    };
    loop {
        let before = rd.buffer_position() as usize;
        let ev = rd.read_event().map_err(|e| {
            p.err_at(
                rd.error_position() as usize,
                format!("malformed XML: {e}"),
            )
        })?;
        let at = Span { before, after: rd.buffer_position() as usize };
        match ev {
            Event::Start(ref e) => p.start(&mut rd, e, false, at)?,
            Event::Empty(ref e) => p.start(&mut rd, e, true, at)?,
            Event::End(ref e) => p.end(e.local_name().as_ref(), at)?,
            Event::Text(t) if p.wants_text() => {
                let s = t.unescape().map_err(|e| {
                    p.err_at(before, format!("bad entity: {e}"))
                })?;
                p.text(&s, before)?;
            }
            Event::CData(t) => p.cdata(&String::from_utf8_lossy(&t)),
            Event::DocType(d) if d.contains(&b'[') => {
                return Err(p.err_at(
                    before,
                    "a DOCTYPE with an internal subset (custom entities) \
                     is not supported"
                        .into(),
                ));
            }
            Event::Eof => break,
            Event::Text(_)
            | Event::DocType(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::Comment(_) => {}
        }
    }
    p.finish()
}

/// Where an event is in the text: its first byte and the byte after it.
#[derive(Clone, Copy)]
struct Span {
    before: usize,
    after: usize,
}

/// The state of [`read_each`] between events.
struct Parser<'a, H, U> {
    text: &'a str,
    on_header: H,
    on_unit: U,
    state: Where,
    header: Header,
    header_start: usize,
    saw_header: bool,
    unit: Option<Unit<'a>>,
    variant: Option<Variant<'a>>,
    /// Inside <seg>: start of its content and the open inline elements
    /// (true for one whose content is code).
    seg_start: usize,
    inline_stack: Vec<bool>,
    /// A <prop>/<note> being read: (is_prop, type, text).
    meta: Option<(bool, String, String)>,
}

impl<'a, H, U> Parser<'a, H, U>
where
    H: FnMut(&Header) -> Result<()>,
    U: FnMut(Unit<'a>) -> Result<()>,
{
    fn err_at(&self, off: usize, msg: String) -> Error {
        Error::parse(Position::at_offset(self.text, off), msg)
    }

    /// Skip an element and its content.
    fn skip(&self, rd: &mut Reader<&[u8]>, e: &BytesStart<'_>) -> Result<()> {
        rd.read_to_end(e.name()).map(|_| ()).map_err(|err| {
            self.err_at(
                rd.error_position() as usize,
                format!("malformed XML: {err}"),
            )
        })
    }

    /// A start tag (or an empty element).
    fn start(
        &mut self,
        rd: &mut Reader<&[u8]>,
        e: &BytesStart<'_>,
        empty: bool,
        at: Span,
    ) -> Result<()> {
        let name = e.local_name();
        let name = name.as_ref();
        if self.meta.is_some() {
            // <prop> and <note> hold text only: skip an empty element,
            // refuse one with content.
            return match empty {
                true => Ok(()),
                false => Err(self.err_at(
                    at.before,
                    "unexpected element inside <prop>/<note>".into(),
                )),
            };
        }
        match (self.state, name) {
            (Where::Top, b"tmx") => {
                self.state = if empty { Where::Done } else { Where::Tmx }
            }
            (Where::Top, _) => {
                return Err(self.err_at(
                    at.before,
                    format!(
                        "not a TMX file: root element <{}>",
                        String::from_utf8_lossy(name)
                    ),
                ));
            }
            (Where::Tmx, b"header") => self.header(e, empty, at)?,
            (Where::Tmx, b"body") => {
                if !self.saw_header {
                    (self.on_header)(&self.header)?;
                    self.saw_header = true;
                }
                self.state = if empty { Where::Tmx } else { Where::Body };
            }
            (Where::Body, b"tu") => self.tu(e, empty, at)?,
            (Where::Tu, b"tuv") => self.tuv(e, empty, at)?,
            (Where::Tu | Where::Tuv, b"prop" | b"note") if !empty => {
                let kind = if name == b"prop" {
                    attrs(e, self.text, at.before)?
                        .into_iter()
                        .find(|(k, _)| k == "type")
                        .map(|(_, v)| v)
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                self.meta = Some((name == b"prop", kind, String::new()));
            }
            (Where::Tu | Where::Tuv, b"prop" | b"note") => {}
            (Where::Tuv, b"seg") if empty => {
                // <seg/>: an empty segment.
                finish_seg(self.variant.as_mut(), "", self.text, at.before)?;
            }
            (Where::Tuv, b"seg") => {
                self.seg_start = at.after;
                self.inline_stack.clear();
                self.state = Where::Seg;
            }
            (Where::Seg, _) => {
                if let Some(v) = self.variant.as_mut() {
                    v.inline = true;
                }
                if !empty {
                    let inside_code = self.inline_stack.last() == Some(&true);
                    self.inline_stack.push(inside_code || is_code(name));
                }
            }
            // Header children (prop/note/ude/map) stay in the raw header;
            // unknown elements (extensions) are skipped.
            (
                Where::Header
                | Where::Tmx
                | Where::Body
                | Where::Tu
                | Where::Tuv,
                _,
            ) => {
                if !empty {
                    self.skip(rd, e)?;
                }
            }
            (Where::Done, _) => {
                return Err(
                    self.err_at(at.before, "content after </tmx>".into())
                );
            }
        }
        Ok(())
    }

    /// `<header>`: its attributes; the whole element kept raw.
    fn header(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        at: Span,
    ) -> Result<()> {
        self.header.attrs = attrs(e, self.text, at.before)?;
        self.header_start = at.before;
        self.saw_header = true;
        if empty {
            self.header.raw = self.text[at.before..at.after].to_string();
            (self.on_header)(&self.header)?;
        } else {
            self.state = Where::Header;
        }
        Ok(())
    }

    /// `<tu>`: a unit starts.
    fn tu(&mut self, e: &BytesStart<'_>, empty: bool, at: Span) -> Result<()> {
        if empty {
            let msg = "empty <tu/>: a unit needs variants".into();
            return Err(self.err_at(at.before, msg));
        }
        self.unit = Some(Unit {
            attrs: attrs(e, self.text, at.before)?,
            props: Vec::new(),
            notes: Vec::new(),
            variants: Vec::new(),
            raw: &self.text[at.before..at.after],
            offset: at.before,
        });
        self.state = Where::Tu;
        Ok(())
    }

    /// `<tuv>`: a variant starts; it needs a language.
    fn tuv(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        at: Span,
    ) -> Result<()> {
        let mut lang = None;
        let mut rest = Vec::new();
        for (k, v) in attrs(e, self.text, at.before)? {
            if k == "xml:lang" || k.eq_ignore_ascii_case("lang") {
                lang = Some(v);
            } else {
                rest.push((k, v));
            }
        }
        let Some(lang) = lang else {
            return Err(
                self.err_at(at.before, "<tuv> without xml:lang".into())
            );
        };
        if empty {
            let msg = "empty <tuv/>: a variant needs a <seg>".into();
            return Err(self.err_at(at.before, msg));
        }
        self.variant = Some(Variant {
            lang,
            attrs: rest,
            props: Vec::new(),
            notes: Vec::new(),
            text: String::new(),
            markup: "",
            inline: false,
        });
        self.state = Where::Tuv;
        Ok(())
    }

    /// An end tag.
    fn end(&mut self, name: &[u8], at: Span) -> Result<()> {
        if let Some(meta) = self.meta.take() {
            if name == b"prop" || name == b"note" {
                self.finish_meta(meta);
            } else {
                self.meta = Some(meta);
            }
            return Ok(());
        }
        match (self.state, name) {
            (Where::Seg, b"seg") => {
                let markup = &self.text[self.seg_start..at.before];
                finish_seg(
                    self.variant.as_mut(),
                    markup,
                    self.text,
                    at.before,
                )?;
                self.state = Where::Tuv;
            }
            (Where::Seg, _) => {
                self.inline_stack.pop();
            }
            (Where::Header, b"header") => {
                self.header.raw =
                    self.text[self.header_start..at.after].to_string();
                (self.on_header)(&self.header)?;
                self.state = Where::Tmx;
            }
            (Where::Tuv, b"tuv") => {
                let v = self.variant.take().expect("in a tuv");
                self.unit.as_mut().expect("in a tu").variants.push(v);
                self.state = Where::Tu;
            }
            (Where::Tu, b"tu") => self.end_tu(at)?,
            (Where::Body, b"body") => self.state = Where::Tmx,
            (Where::Tmx, b"tmx") => self.state = Where::Done,
            _ => {}
        }
        Ok(())
    }

    /// `</prop>` or `</note>`: attach it to the variant or unit.
    fn finish_meta(&mut self, (is_prop, kind, body): (bool, String, String)) {
        let (props, notes) = if let Some(v) = self.variant.as_mut() {
            (&mut v.props, &mut v.notes)
        } else if let Some(u) = self.unit.as_mut() {
            (&mut u.props, &mut u.notes)
        } else {
            return;
        };
        if is_prop {
            props.push(Prop { kind, text: body });
        } else {
            notes.push(body);
        }
    }

    /// `</tu>`: the unit goes to `on_unit`.
    fn end_tu(&mut self, at: Span) -> Result<()> {
        let mut u = self.unit.take().expect("in a tu");
        u.raw = &self.text[u.offset..at.after];
        self.state = Where::Body;
        if u.variants.is_empty() {
            return Err(self.err_at(u.offset, "<tu> without any <tuv>".into()));
        }
        let offset = u.offset;
        let text = self.text;
        (self.on_unit)(u).map_err(|e| e.at(Position::at_offset(text, offset)))
    }

    /// Is text read here: in a <prop>/<note>, or a segment outside
    /// inline code?
    fn wants_text(&self) -> bool {
        self.meta.is_some() || self.in_seg_text()
    }

    fn in_seg_text(&self) -> bool {
        self.state == Where::Seg && self.inline_stack.last() != Some(&true)
    }

    /// Text (entities resolved) where [`Parser::wants_text`].
    fn text(&mut self, s: &str, before: usize) -> Result<()> {
        if let Some(m) = xml_ref_error(s) {
            return Err(self.err_at(before, m));
        }
        if let Some(m) = self.meta.as_mut() {
            m.2.push_str(s);
            return Ok(());
        }
        let v = self.variant.as_mut().expect("in a tuv");
        if v.text.len() + s.len() > MAX_SEGMENT_BYTES {
            return Err(too_big(self.text, self.seg_start));
        }
        v.text.push_str(s);
        Ok(())
    }

    /// CDATA: like text, without entities.
    fn cdata(&mut self, s: &str) {
        if self.in_seg_text() {
            self.variant.as_mut().expect("in a tuv").text.push_str(s);
        } else if let Some(m) = self.meta.as_mut() {
            m.2.push_str(s);
        }
    }

    /// End of input: only after `</tmx>`.
    fn finish(self) -> Result<()> {
        let what = match self.state {
            Where::Done => return Ok(()),
            Where::Top => {
                let msg = "not a TMX file: no <tmx>".into();
                return Err(self.err_at(self.text.len(), msg));
            }
            Where::Seg => "</seg>",
            Where::Tuv => "</tuv>",
            Where::Tu => "</tu>",
            Where::Body => "</body>",
            Where::Header => "</header>",
            Where::Tmx => "</tmx>",
        };
        Err(self.err_at(
            self.text.len(),
            format!("truncated TMX: the file ends before {what}"),
        ))
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
        if let Some(m) = xml_ref_error(&value) {
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
        /// `creationdate` (TMX format, `YYYYMMDDThhmmssZ`). Left out when
        /// some unit has no date of its own: a reader takes the header's
        /// date as every undated unit's, so an export would not read back
        /// as the same units.
        date: Option<&'a str>,
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
                write!(
                    w,
                    "  <header creationtool=\"glossa\" \
                     creationtoolversion=\"{}\" segtype=\"sentence\" \
                     o-tmf=\"glossa\" adminlang=\"en\" srclang=\"{}\" \
                     datatype=\"plaintext\"",
                    env!("CARGO_PKG_VERSION"),
                    esc(srclang),
                )?;
                if let Some(d) = date {
                    write!(w, " creationdate=\"{}\"", esc(d))?;
                }
                w.write_all(b"/>\n")?;
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
    pub(crate) fn finish(mut self) -> Result<W> {
        self.w.write_all(b"  </body>\n</tmx>\n")?;
        self.w.flush()?;
        Ok(self.w)
    }
}

/// Escape element content: only `<`, `>` and `&` (quotes stay as
/// typed); see [`crate::formats::xml`] for the rule on control characters.
pub(crate) fn esc_text(s: &str) -> Cow<'_, str> {
    escape(s, Style::Text)
}

/// Escape an attribute value.
pub(crate) fn esc(s: &str) -> Cow<'_, str> {
    escape(s, Style::Attr)
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
    fn writer_escapes_and_reads_back() {
        let mut w = Writer::new(
            Vec::new(),
            HeaderOut::Glossa {
                srclang: "fr",
                date: Some("20260101T000000Z"),
            },
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
