//! TBX v2 (TBX-Basic `martif`) and TBX v3 (ISO 30042:2019) read and write.
//!
//! [`read`] takes the raw bytes of a file and accepts:
//! - TBX v2 `<martif>` in the TBX-Basic and TBX-Default shapes:
//!   `termEntry > langSet > tig` and `ntig > termGrp`, with `descripGrp`,
//!   `adminGrp` and `transacGrp` (the last is ignored);
//! - TBX v3 `<tbx>` (`conceptEntry > langSec > termSec`), in any
//!   namespace, DCA style (`<termNote type="partOfSpeech">`) and DCT style
//!   (`<min:partOfSpeech>`);
//! - UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and any encoding
//!   named in the XML declaration (`windows-1254`, `ISO-8859-15`…),
//!   decoded with `encoding_rs` before parsing.
//!
//! Data categories map onto the model as in `CAT-TOOL-COMPAT.md`:
//!
//! | TBX | model |
//! |---|---|
//! | `descrip subjectField` (concept) | [`Entry::subject`] |
//! | `descrip definition` (concept or language; in a `descripGrp` with `admin source`) | [`Entry::definition`], [`Entry::source`] |
//! | `admin source` (concept) | [`Entry::source`] |
//! | `note` (concept or language) | [`Entry::note`] |
//! | `termNote` partOfSpeech, grammaticalGender, administrativeStatus, termType, geographicalUsage (and grammaticalNumber, usageStatus, normativeAuthorization on read) | [`Term`] fields |
//! | `descrip context` (term; in a `descripGrp` with `admin source`) | [`Term::context`], [`Term::context_source`] |
//! | `note` (term) | [`Term::note`] |
//!
//! What TBX-Basic has no category for travels in a `<note>` starting with
//! `glossa:` (both the v2 RNG and the v3 DCA Schematron accept `note`
//! anywhere): the review state of a proposed entry (`glossa: state=proposed`
//! on the concept) and, on a term, `case-sensitive`, `exact-only`,
//! `number=plural` (grammaticalNumber is not a TBX-Basic category) and
//! `pos=properNoun` (v3 TBX-Basic has no properNoun; the term also gets
//! `partOfSpeech noun`). So `read(write(g)) == g` for both versions, as
//! long as each entry's terms are grouped by language (TBX has one
//! `langSet` per language).
//!
//! Other categories found on import are kept as notes (`"type: text"`),
//! with the definitions of further languages; `transacGrp`, `ref`, `xref`
//! and the header are ignored. Structural errors (no `<term>` first in a
//! `tig`/`termSec`, two terms in one, a `langSet` without `xml:lang`,
//! duplicate entry ids) and malformed XML are errors with line and
//! column.

use std::io::Write;

use quick_xml::events::Event;

use crate::error::{Error, Position, Result};
use crate::formats::encoding::Kind;
use crate::formats::xml::{Style, check_xml_chars, escape, is_xml_char};
use crate::glossary::model::*;

/// Which TBX to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// TBX v2 TBX-Basic `<martif type="TBX-Basic">`.
    V2,
    /// TBX v3 TBX-Basic, DCA style.
    V3,
}

/// The prefix of notes carrying what TBX-Basic has no category for.
pub(crate) const DIRECTIVE: &str = "glossa:";

// ---------------------------------------------------------------- decoding

// ---------------------------------------------------------------- tree

/// A parsed element: local name, attributes (qualified names), children,
/// normalised text and the byte offset of its `<` in the decoded text.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
    off: usize,
    /// Literal whitespace seen but not yet emitted (see `push_raw`).
    pend: String,
    started: bool,
}

impl El {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn kind(&self) -> &str {
        self.attr("type").unwrap_or("")
    }

    fn flush(&mut self) {
        if !self.pend.is_empty() {
            if self.started {
                if self.pend.contains(['\n', '\r', '\t']) {
                    self.text.push(' ');
                } else {
                    self.text.push_str(&self.pend);
                }
            }
            self.pend.clear();
        }
    }

    fn push_char(&mut self, c: char) {
        self.flush();
        self.started = true;
        self.text.push(c);
    }

    /// Append escaped text. Literal whitespace at the start and end is
    /// dropped and a literal run containing a line break or tab becomes
    /// one space (pretty-printing); whitespace written as a character
    /// reference (`&#10;`) is kept, which is how [`write`] stores it.
    fn push_raw(&mut self, raw: &str) -> std::result::Result<(), String> {
        let mut it = raw.char_indices();
        while let Some((i, c)) = it.next() {
            match c {
                ' ' | '\t' | '\n' | '\r' => self.pend.push(c),
                '&' => {
                    let rest = &raw[i + 1..];
                    let end = rest
                        .find(';')
                        .filter(|&e| e <= 12)
                        .ok_or("an `&` that starts no entity (write &amp;)")?;
                    let name = &rest[..end];
                    let ch = match name {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        _ => {
                            let code = if let Some(h) = name
                                .strip_prefix("#x")
                                .or_else(|| name.strip_prefix("#X"))
                            {
                                u32::from_str_radix(h, 16).ok()
                            } else if let Some(d) = name.strip_prefix('#') {
                                d.parse::<u32>().ok()
                            } else {
                                return Err(format!(
                                    "unknown entity &{name};"
                                ));
                            };
                            code.and_then(char::from_u32)
                                .filter(|&c| is_xml_char(c))
                                .ok_or_else(|| {
                                    format!(
                                        "bad character reference &{name}; \
                                         (XML 1.0 forbids control \
                                         characters but tab and line breaks)"
                                    )
                                })?
                        }
                    };
                    self.push_char(ch);
                    for _ in 0..=name.chars().count() {
                        it.next();
                    }
                }
                _ => self.push_char(c),
            }
        }
        Ok(())
    }
}

/// Elements whose text belongs to their parent (TBX inline markup).
fn is_inline(name: &str) -> bool {
    matches!(name, "hi" | "foreign" | "bpt" | "ept" | "ph" | "sc" | "ec")
}

/// Inline elements whose content is markup, not text.
fn is_code(name: &str) -> bool {
    matches!(name, "bpt" | "ept" | "ph" | "sc" | "ec")
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.rfind(':') {
        Some(i) => s[i + 1..].to_string(),
        None => s.into_owned(),
    }
}

/// Parse XML text into a tree of elements.
fn parse_tree(text: &str) -> Result<El> {
    let mut r = quick_xml::Reader::from_str(text);
    r.config_mut().expand_empty_elements = true;
    r.config_mut().check_end_names = true;
    let mut stack: Vec<El> = Vec::new();
    // Depth of inline elements currently open inside the top of `stack`,
    // and how many of them are code (text skipped).
    let mut inline: Vec<bool> = Vec::new();
    let mut root: Option<El> = None;
    let at = |off: usize| Position::at_offset(text, off);
    loop {
        let off = r.buffer_position() as usize;
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let pos = at(r.error_position() as usize);
                return Err(Error::parse(pos, format!("malformed XML: {e}")));
            }
        };
        match ev {
            Event::Start(s) => {
                let name = local(s.name().as_ref());
                if !stack.is_empty()
                    && (is_inline(&name) || !inline.is_empty())
                {
                    inline
                        .push(is_code(&name) || inline.last() == Some(&true));
                    continue;
                }
                if root.is_some() {
                    return Err(Error::parse(
                        at(off),
                        "malformed XML: content after the root element",
                    ));
                }
                let mut el = El { name, off, ..El::default() };
                for a in s.attributes() {
                    let a = a.map_err(|e| {
                        Error::parse(at(off), format!("malformed XML: {e}"))
                    })?;
                    let key =
                        String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let v = a.unescape_value().map_err(|e| {
                        Error::parse(at(off), format!("malformed XML: {e}"))
                    })?;
                    if let Some(m) = crate::formats::xml::xml_ref_error(&v) {
                        return Err(Error::parse(
                            at(off),
                            format!("malformed XML: {m}"),
                        ));
                    }
                    el.attrs.push((key, v.trim().to_string()));
                }
                stack.push(el);
            }
            Event::End(_) => {
                if inline.pop().is_some() {
                    continue;
                }
                let mut el = stack.pop().expect("quick-xml checks nesting");
                el.pend.clear();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let Some(el) = stack.last_mut() else { continue };
                if inline.last() == Some(&true) {
                    continue;
                }
                let raw = std::str::from_utf8(&t).unwrap_or_default();
                el.push_raw(raw).map_err(|m| {
                    Error::parse(at(off), format!("malformed XML: {m}"))
                })?;
            }
            Event::CData(t) => {
                let Some(el) = stack.last_mut() else { continue };
                if inline.last() == Some(&true) {
                    continue;
                }
                for c in String::from_utf8_lossy(&t).chars() {
                    el.push_char(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(Error::parse(
            at(open.off),
            format!("malformed XML: <{}> is never closed", open.name),
        ));
    }
    root.ok_or_else(|| {
        Error::parse(Position::line(1, None), "no XML element found")
    })
}

// ---------------------------------------------------------------- reading

/// Read TBX (v2 or v3, any declared encoding).
pub fn read(bytes: &[u8]) -> Result<Glossary> {
    let text = crate::formats::encoding::decode(bytes, Kind::Xml)?;
    check_xml_chars(&text)?;
    let root = parse_tree(&text)?;
    let at = |el: &El| Position::at_offset(&text, el.off);
    let entry_name = match root.name.as_str() {
        "martif" => "termEntry",
        "tbx" => "conceptEntry",
        other => {
            return Err(Error::parse(
                at(&root),
                format!(
                    "not a TBX file: the root element is <{other}>, \
                     expected <martif> (TBX v2) or <tbx> (TBX v3)"
                ),
            ));
        }
    };
    let body = root
        .children
        .iter()
        .find(|c| c.name == "text")
        .and_then(|t| t.children.iter().find(|c| c.name == "body"))
        .ok_or_else(|| {
            Error::invalid(
                at(&root),
                format!("<{}> has no <text><body>", root.name),
            )
        })?;
    let mut g = Glossary::new();
    let mut seen: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    for el in &body.children {
        if el.name != entry_name && el.name != "termEntry" {
            continue;
        }
        let e = read_entry(el, &text)?;
        if !e.id.is_empty()
            && let Some(first) = seen.insert(e.id.clone(), el.off)
        {
            let line = Position::at_offset(&text, first).line;
            return Err(Error::invalid(
                at(el),
                format!(
                    "duplicate entry id {:?} (first used on line {})",
                    e.id,
                    line.unwrap_or(0)
                ),
            )
            .at(Position::entry(&e.id)));
        }
        g.entries.push(e);
    }
    fix_ids(&mut g);
    Ok(g)
}

/// Give entries without a usable id one: `c` + the id when that is a
/// valid XML name (MultiTerm writes numbers), else the next free `cN`.
fn fix_ids(g: &mut Glossary) {
    for i in 0..g.entries.len() {
        let id = g.entries[i].id.clone();
        if is_ncname(&id) {
            continue;
        }
        let candidate = format!("c{id}");
        let taken =
            |g: &Glossary, c: &str| g.entries.iter().any(|e| e.id == c);
        g.entries[i].id = if !id.is_empty()
            && is_ncname(&candidate)
            && !taken(g, &candidate)
        {
            candidate
        } else {
            g.next_id()
        };
    }
}

/// A data category: `descrip`/`termNote`/`admin` with its type, or a
/// DCT-style element named after the category.
fn category(el: &El) -> Option<(&str, &str)> {
    match el.name.as_str() {
        "descrip" | "termNote" | "admin" => Some((&el.name, el.kind())),
        "subjectField" | "definition" | "context" => {
            Some(("descrip", &el.name))
        }
        "partOfSpeech"
        | "grammaticalGender"
        | "grammaticalNumber"
        | "administrativeStatus"
        | "termType"
        | "geographicalUsage"
        | "usageStatus"
        | "normativeAuthorization"
        | "termLocation" => Some(("termNote", &el.name)),
        "source" | "customerSubset" | "projectSubset" => {
            Some(("admin", &el.name))
        }
        _ => None,
    }
}

fn add_note(into: &mut String, s: &str) {
    if s.is_empty() || into.split("; ").any(|p| p == s) {
        return;
    }
    if !into.is_empty() {
        into.push_str("; ");
    }
    into.push_str(s);
}

/// A `glossa:` note's directives, or None if it is an ordinary note.
fn directives(note: &str) -> Option<Vec<(&str, &str)>> {
    let rest = note.strip_prefix(DIRECTIVE)?;
    let mut out = Vec::new();
    for part in rest.split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let ok = match k.trim() {
            "state" => ReviewState::parse(v.trim()).is_some(),
            "number" => Number::parse(v.trim()).is_some(),
            "pos" => PartOfSpeech::parse(v.trim()).is_some(),
            "case-sensitive" | "exact-only" => v.is_empty(),
            _ => false,
        };
        if !ok {
            return None;
        }
        out.push((k.trim(), v.trim()));
    }
    Some(out)
}

fn read_entry(el: &El, text: &str) -> Result<Entry> {
    let mut e = Entry::new(el.attr("id").unwrap_or(""));
    let id = e.id.clone();
    let mut def_lang: Option<String> = None;
    for c in &el.children {
        if c.name == "langSet" || c.name == "langSec" {
            read_lang(c, text, &mut e, &mut def_lang)?;
            continue;
        }
        concept_field(c, &mut e, None, &mut def_lang);
    }
    if e.terms.is_empty() {
        return Err(Error::invalid(
            Position::at_offset(text, el.off),
            "entry has no terms",
        )
        .at(Position::entry(&id)));
    }
    Ok(e)
}

/// A concept-level (or language-level, with `lang`) child of an entry.
fn concept_field(
    c: &El,
    e: &mut Entry,
    lang: Option<&str>,
    def_lang: &mut Option<String>,
) {
    if c.name == "note" {
        match directives(&c.text) {
            Some(ds) => {
                for (k, v) in ds {
                    if k == "state" {
                        e.state = ReviewState::parse(v).unwrap_or(e.state);
                    }
                }
            }
            None => add_note(&mut e.note, &c.text),
        }
        return;
    }
    if matches!(c.name.as_str(), "descripGrp" | "adminGrp") {
        for g in &c.children {
            // `admin source` inside a definition's group is its source.
            if category(g) == Some(("admin", "source"))
                && c.children
                    .iter()
                    .any(|x| category(x) == Some(("descrip", "definition")))
            {
                if e.source.is_empty() {
                    e.source = g.text.clone();
                }
                continue;
            }
            concept_field(g, e, lang, def_lang);
        }
        return;
    }
    let Some((kind, ty)) = category(c) else { return };
    match (kind, ty) {
        ("descrip", "subjectField") => add_note_to(&mut e.subject, &c.text),
        ("descrip", "definition") => {
            if e.definition.is_empty() {
                e.definition = c.text.clone();
                *def_lang = lang.map(str::to_string);
            } else if e.definition != c.text {
                let l = lang.map(|l| format!(" ({l})")).unwrap_or_default();
                add_note(&mut e.note, &format!("definition{l}: {}", c.text));
            }
        }
        ("admin", "source") if lang.is_none() && e.source.is_empty() => {
            e.source = c.text.clone();
        }
        (_, ty) if !c.text.is_empty() => {
            let ty = if ty.is_empty() { c.name.as_str() } else { ty };
            add_note(&mut e.note, &format!("{ty}: {}", c.text));
        }
        _ => {}
    }
}

/// Line and column of `off`, plus the entry id.
fn pos_in(text: &str, off: usize, id: &str) -> Position {
    let mut p = Position::at_offset(text, off);
    if !id.is_empty() {
        p.entry = Some(id.to_string());
    }
    p
}

fn add_note_to(into: &mut String, s: &str) {
    add_note(into, s)
}

fn read_lang(
    el: &El,
    text: &str,
    e: &mut Entry,
    def_lang: &mut Option<String>,
) -> Result<()> {
    let pos = || pos_in(text, el.off, &e.id);
    let raw =
        el.attr("xml:lang").or_else(|| el.attr("lang")).ok_or_else(|| {
            Error::invalid(pos(), format!("<{}> without xml:lang", el.name))
        })?;
    let lang = LangTag::parse(raw)
        .map_err(|err| Error::invalid(pos(), err.to_string()))?;
    for c in &el.children {
        match c.name.as_str() {
            "tig" | "termSec" => {
                let t = read_term(&c.children, c, &lang, text, e)?;
                e.terms.push(t);
            }
            "ntig" => {
                // ntig: termGrp (term + termNotes) then descrip/admin/note.
                let grp = c.children.first().filter(|g| g.name == "termGrp");
                let Some(grp) = grp else {
                    return Err(Error::invalid(
                        pos_in(text, c.off, &e.id),
                        "<ntig> must start with <termGrp>",
                    ));
                };
                let kids: Vec<&El> =
                    grp.children.iter().chain(&c.children[1..]).collect();
                let t = read_term_refs(&kids, grp, &lang, text, e)?;
                e.terms.push(t);
            }
            _ => concept_field(c, e, Some(lang.as_str()), def_lang),
        }
    }
    Ok(())
}

fn read_term(
    kids: &[El],
    el: &El,
    lang: &LangTag,
    text: &str,
    e: &mut Entry,
) -> Result<Term> {
    let refs: Vec<&El> = kids.iter().collect();
    read_term_refs(&refs, el, lang, text, e)
}

fn read_term_refs(
    kids: &[&El],
    el: &El,
    lang: &LangTag,
    text: &str,
    e: &mut Entry,
) -> Result<Term> {
    let id = e.id.clone();
    let pos = |x: &El| pos_in(text, x.off, &id);
    let first = kids.first().ok_or_else(|| {
        Error::invalid(pos(el), format!("<{}> has no <term>", el.name))
    })?;
    if first.name != "term" {
        return Err(Error::invalid(
            pos(first),
            format!(
                "<{}> must start with <term>, found <{}> first",
                el.name, first.name
            ),
        ));
    }
    if first.text.is_empty() {
        return Err(Error::invalid(pos(first), "empty <term>"));
    }
    let mut t = Term::new(lang.clone(), first.text.clone());
    let mut note_pos: Option<PartOfSpeech> = None;
    for c in &kids[1..] {
        if c.name == "term" {
            return Err(Error::invalid(
                pos(c),
                format!(
                    "a second <term> in one <{}> (one term per {})",
                    el.name, el.name
                ),
            ));
        }
        term_field(c, &mut t, e, &mut note_pos);
    }
    if let Some(p) = note_pos {
        t.pos = Some(p);
    }
    Ok(t)
}

fn term_field(
    c: &El,
    t: &mut Term,
    e: &mut Entry,
    pos_directive: &mut Option<PartOfSpeech>,
) {
    if c.name == "note" {
        match directives(&c.text) {
            Some(ds) => {
                for (k, v) in ds {
                    match k {
                        "case-sensitive" => t.case_sensitive = true,
                        "exact-only" => t.exact_only = true,
                        "number" => t.number = Number::parse(v),
                        "pos" => *pos_directive = PartOfSpeech::parse(v),
                        _ => {}
                    }
                }
            }
            None => add_note(&mut t.note, &c.text),
        }
        return;
    }
    if matches!(c.name.as_str(), "descripGrp" | "adminGrp" | "termNoteGrp") {
        let has_context = c
            .children
            .iter()
            .any(|x| category(x) == Some(("descrip", "context")));
        for g in &c.children {
            if has_context && category(g) == Some(("admin", "source")) {
                t.context_source = g.text.clone();
                continue;
            }
            term_field(g, t, e, pos_directive);
        }
        return;
    }
    let Some((kind, ty)) = category(c) else { return };
    let v = c.text.as_str();
    let unknown = |t: &mut Term| {
        if !v.is_empty() {
            let ty = if ty.is_empty() { c.name.as_str() } else { ty };
            add_note(&mut t.note, &format!("{ty}: {v}"));
        }
    };
    match (kind, ty) {
        (
            "termNote",
            "administrativeStatus" | "usageStatus" | "normativeAuthorization",
        ) => match AdminStatus::parse(v) {
            Some(s) => t.status = s,
            None => unknown(t),
        },
        ("termNote", "partOfSpeech") => match PartOfSpeech::parse(v) {
            Some(p) => t.pos = Some(p),
            None => unknown(t),
        },
        ("termNote", "grammaticalGender") => match Gender::parse(v) {
            Some(x) => t.gender = Some(x),
            None => unknown(t),
        },
        ("termNote", "grammaticalNumber") => match Number::parse(v) {
            Some(x) => t.number = Some(x),
            None => unknown(t),
        },
        ("termNote", "termType") => match TermType::parse(v) {
            Some(x) => t.term_type = Some(x),
            None => unknown(t),
        },
        ("termNote", "geographicalUsage") => t.geo = v.to_string(),
        ("descrip", "context") => {
            if t.context.is_empty() {
                t.context = v.to_string();
            } else {
                unknown(t);
            }
        }
        ("admin", "source") if t.context_source.is_empty() => {
            t.context_source = v.to_string();
        }
        ("descrip", "definition") if e.definition.is_empty() => {
            e.definition = v.to_string();
        }
        _ => unknown(t),
    }
}

// ---------------------------------------------------------------- writing

/// Escape TBX element content so that [`read`] gives it back exactly.
fn x(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s, Style::Exact)
}

/// Write TBX. Entries keep their order; each entry's terms are grouped
/// by language in order of first appearance.
pub fn write<W: Write + ?Sized>(
    w: &mut W,
    g: &Glossary,
    v: Version,
) -> Result<()> {
    let mut o = String::with_capacity(1024 + g.term_count() * 400);
    let src_lang = g
        .entries
        .iter()
        .flat_map(|e| &e.terms)
        .find(|t| t.lang.is("fr"))
        .or_else(|| g.entries.iter().flat_map(|e| &e.terms).next())
        .map_or("fr".to_string(), |t| t.lang.primary().to_string());
    let (entry_el, lang_el, term_el, header) = match v {
        Version::V2 => {
            o.push_str(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n",
            );
            o.push_str(&format!(
                "<martif type=\"TBX-Basic\" xml:lang=\"{src_lang}\">\n"
            ));
            ("termEntry", "langSet", "tig", "martifHeader")
        }
        Version::V3 => {
            o.push_str(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <?xml-model href=\"https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng\" type=\"application/xml\" schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n\
                 <?xml-model href=\"https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch\" type=\"application/xml\" schematypens=\"http://purl.oclc.org/dsdl/schematron\"?>\n",
            );
            o.push_str(&format!(
                "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{src_lang}\" \
                 xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
            ));
            ("conceptEntry", "langSec", "termSec", "tbxHeader")
        }
    };
    o.push_str(&format!(
        "  <{header}>\n    <fileDesc>\n      <titleStmt><title>glossa \
         termbase</title></titleStmt>\n      <sourceDesc><p>exported by \
         glossa</p></sourceDesc>\n    </fileDesc>\n"
    ));
    if v == Version::V2 {
        o.push_str(
            "    <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\
             </encodingDesc>\n",
        );
    }
    o.push_str(&format!("  </{header}>\n  <text>\n    <body>\n"));
    for e in &g.entries {
        o.push_str(&format!(
            "      <{entry_el} id=\"{}\">\n",
            escape(&e.id, Style::Attr)
        ));
        let ind = "        ";
        if !e.subject.is_empty() {
            o.push_str(&format!(
                "{ind}<descrip type=\"subjectField\">{}</descrip>\n",
                x(&e.subject)
            ));
        }
        if !e.definition.is_empty() {
            let d = format!(
                "<descrip type=\"definition\">{}</descrip>",
                x(&e.definition)
            );
            if e.source.is_empty() {
                o.push_str(&format!("{ind}{d}\n"));
            } else {
                o.push_str(&format!(
                    "{ind}<descripGrp>{d}<admin type=\"source\">{}</admin>\
                     </descripGrp>\n",
                    x(&e.source)
                ));
            }
        } else if !e.source.is_empty() {
            o.push_str(&format!(
                "{ind}<admin type=\"source\">{}</admin>\n",
                x(&e.source)
            ));
        }
        if !e.note.is_empty() {
            o.push_str(&format!("{ind}<note>{}</note>\n", x(&e.note)));
        }
        if e.state != ReviewState::Approved {
            o.push_str(&format!(
                "{ind}<note>{DIRECTIVE} state={}</note>\n",
                e.state.as_str()
            ));
        }
        // Languages in order of first appearance.
        let mut langs: Vec<&LangTag> = Vec::new();
        for t in &e.terms {
            if !langs.contains(&&t.lang) {
                langs.push(&t.lang);
            }
        }
        for lang in langs {
            o.push_str(&format!(
                "{ind}<{lang_el} xml:lang=\"{}\">\n",
                escape(lang.as_str(), Style::Attr)
            ));
            for t in e.terms.iter().filter(|t| &t.lang == lang) {
                write_term(&mut o, t, v, term_el)?;
            }
            o.push_str(&format!("{ind}</{lang_el}>\n"));
        }
        o.push_str(&format!("      </{entry_el}>\n"));
    }
    o.push_str("    </body>\n  </text>\n");
    o.push_str(match v {
        Version::V2 => "</martif>\n",
        Version::V3 => "</tbx>\n",
    });
    w.write_all(o.as_bytes())?;
    Ok(())
}

fn write_term(
    o: &mut String,
    t: &Term,
    v: Version,
    term_el: &str,
) -> Result<()> {
    let ind = "            ";
    o.push_str(&format!("          <{term_el}>\n"));
    o.push_str(&format!("{ind}<term>{}</term>\n", x(&t.text)));
    let note = |o: &mut String, ty: &str, val: &str| {
        o.push_str(&format!(
            "{ind}<termNote type=\"{ty}\">{val}</termNote>\n"
        ));
    };
    let mut directives: Vec<String> = Vec::new();
    if let Some(tt) = t.term_type {
        note(o, "termType", tt.tbx_name());
    }
    if let Some(p) = t.pos {
        if p == PartOfSpeech::ProperNoun && v == Version::V3 {
            note(o, "partOfSpeech", PartOfSpeech::Noun.tbx_name());
            directives.push(format!("pos={}", p.tbx_name()));
        } else {
            note(o, "partOfSpeech", p.tbx_name());
        }
    }
    if let Some(gd) = t.gender {
        note(o, "grammaticalGender", gd.tbx_name());
    }
    note(o, "administrativeStatus", t.status.tbx_name());
    if !t.geo.is_empty() {
        note(o, "geographicalUsage", &x(&t.geo));
    }
    if !t.context.is_empty() {
        let d =
            format!("<descrip type=\"context\">{}</descrip>", x(&t.context));
        if t.context_source.is_empty() {
            o.push_str(&format!("{ind}{d}\n"));
        } else {
            o.push_str(&format!(
                "{ind}<descripGrp>{d}<admin type=\"source\">{}</admin>\
                 </descripGrp>\n",
                x(&t.context_source)
            ));
        }
    } else if !t.context_source.is_empty() {
        o.push_str(&format!(
            "{ind}<admin type=\"source\">{}</admin>\n",
            x(&t.context_source)
        ));
    }
    if !t.note.is_empty() {
        o.push_str(&format!("{ind}<note>{}</note>\n", x(&t.note)));
    }
    if let Some(n) = t.number {
        directives.push(format!("number={}", n.as_str()));
    }
    if t.case_sensitive {
        directives.push("case-sensitive".into());
    }
    if t.exact_only {
        directives.push("exact-only".into());
    }
    if !directives.is_empty() {
        o.push_str(&format!(
            "{ind}<note>{DIRECTIVE} {}</note>\n",
            directives.join("; ")
        ));
    }
    o.push_str(&format!("          </{term_el}>\n"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(xml: &str) -> Glossary {
        read(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"))
    }

    fn wrap(body: &str) -> String {
        format!(
            "<martif type=\"TBX\"><text><body>{body}</body></text></martif>"
        )
    }

    #[test]
    fn whitespace_from_pretty_printing_collapses() {
        let g = one(&wrap(
            "<termEntry id=\"a\"><langSet xml:lang=\"en\"><tig><term>\n  \
             data\n    centre </term></tig></langSet></termEntry>",
        ));
        assert_eq!(g.entries[0].terms[0].text, "data centre");
    }

    #[test]
    fn escaped_whitespace_survives() {
        for s in [" lead", "trail ", "two  spaces", "line\nbreak", "a\tb"] {
            let mut e = Entry::new("c1");
            e.terms.push(Term::new(LangTag::en(), "x"));
            e.note = s.to_string();
            let g = Glossary { entries: vec![e] };
            for v in [Version::V2, Version::V3] {
                let mut out = Vec::new();
                write(&mut out, &g, v).unwrap();
                assert_eq!(read(&out).unwrap(), g, "{s:?} {v:?}");
            }
        }
    }

    #[test]
    fn structural_errors_name_line_and_column() {
        for (xml, want) in [
            (
                wrap(
                    "<termEntry id=\"a\">\n<langSet xml:lang=\"en\"><tig>\
                     <note>x</note><term>t</term></tig></langSet></termEntry>",
                ),
                "line 2, column 29: entry a: <tig> must start with <term>",
            ),
            (
                wrap(
                    "<termEntry id=\"a\"><langSet><tig><term>t</term></tig>\
                     </langSet></termEntry>",
                ),
                "without xml:lang",
            ),
            (
                "<martif><text><body>\n<termEntry id=\"a\">".to_string(),
                "line 2, column 1: malformed XML",
            ),
            ("<html/>".to_string(), "not a TBX file"),
            (
                wrap(
                    "<termEntry id=\"a\"><langSet xml:lang=\"en\"><tig>\
                     <term>a &nope; b</term></tig></langSet></termEntry>",
                ),
                "unknown entity &nope;",
            ),
        ] {
            let err = read(xml.as_bytes()).unwrap_err().to_string();
            assert!(err.contains(want), "{err}\nwanted {want}");
        }
    }

    #[test]
    fn directives_and_unknown_notes() {
        assert_eq!(
            directives("glossa: case-sensitive; number=plural"),
            Some(vec![("case-sensitive", ""), ("number", "plural")])
        );
        assert_eq!(directives("glossa: something else"), None);
        assert_eq!(directives("plain"), None);
    }

    #[test]
    fn declared_single_byte_encodings_decode() {
        // ISO-8859-15 has the euro sign at 0xA4, windows-1252 at 0x80.
        for (label, euro) in [("ISO-8859-15", 0xA4u8), ("windows-1252", 0x80)]
        {
            let mut b = format!(
                "<?xml version=\"1.0\" encoding=\"{label}\"?>\n<martif>\
                 <text><body><termEntry id=\"a\"><langSet xml:lang=\"fr\">\
                 <tig><term>"
            )
            .into_bytes();
            b.extend([b'1', b'0', b' ', euro, b' ', 0xE9, b't', 0xE9]);
            b.extend(
                b"</term></tig></langSet></termEntry></body></text></martif>",
            );
            let g = read(&b).unwrap();
            assert_eq!(g.entries[0].terms[0].text, "10 € été", "{label}");
        }
        let err = read(b"<?xml version=\"1.0\" encoding=\"klingon\"?><a/>")
            .unwrap_err();
        assert!(err.to_string().contains("unknown encoding"), "{err}");
    }
}
