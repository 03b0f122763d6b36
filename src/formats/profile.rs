//! Export profiles: what each CAT tool reads best (issue 15,
//! `glossa export --for omegat|memoq|trados|excel|generic`).
//!
//! Which formats each profile writes is the registry's `profiles`
//! column ([`registry::FORMATS`]); the default is [`Profile::default_format`].
//!
//! | profile | formats (first = default) | shape |
//! |---|---|---|
//! | `generic` | every format | glossa's full exports (TBX with `glossa:` notes…) |
//! | `omegat` | `tbx`, `tsv` | TBX v2 read by OmegaT's `GlossaryReaderTBX`: only preferred and admitted targets; the concept's comment is plain labelled lines (`definition: …`, `context (fr): …`, `context (en): …`, `avoid: …`, `subject: …`, `note: …`); no term notes (OmegaT shows their bare values), no `glossa:` notes. TSV: the same lines joined by ` · ` in the comment column |
//! | `memoq` | `memoq` (CSV), `tbx`, `xlsx` | memoQ's CSV import layout ([`super::memoq`]); TBX v2 without `glossa:` notes |
//! | `trados` | `tbx`, `xlsx` | TBX v2 TBX-Basic as MultiTerm Convert / the Glossary Converter read it: one `langSet` per language, `descrip` definition (concept) and context (term), `administrativeStatus` kept (Trados's terminology verifier flags forbidden terms), no `glossa:` notes |
//! | `excel` | `xlsx`, `csv` | XLSX ([`super::xlsx`]); CSV with a UTF-8 BOM |
//!
//! Why OmegaT gets its own TBX: OmegaT 3.6–6 pairs every source term
//! with every target term of a `termEntry`, deprecated ones included,
//! and shows each target `termNote` value on a line of its own with no
//! label (`noun`, `preferredTerm-admn-sts`…) and every `descrip` as
//! `type: text` (read in OmegaT's `GlossaryReaderTBX.java`).

use std::io::Write;

use crate::error::Result;
use crate::formats::{Format, GlossaryFormat, Holds, registry, tbx};
use crate::glossary::model::*;

/// A target tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// glossa's full exports, as before profiles.
    Generic,
    /// OmegaT.
    Omegat,
    /// memoQ.
    Memoq,
    /// Trados Studio / MultiTerm.
    Trados,
    /// Excel, LibreOffice Calc and other spreadsheets.
    Excel,
}

impl Profile {
    /// Every profile with its name.
    pub const ALL: [(Profile, &'static str); 5] = [
        (Profile::Generic, "generic"),
        (Profile::Omegat, "omegat"),
        (Profile::Memoq, "memoq"),
        (Profile::Trados, "trados"),
        (Profile::Excel, "excel"),
    ];

    /// The profile's name.
    pub fn name(self) -> &'static str {
        Profile::ALL.iter().find(|(p, _)| *p == self).map_or("", |(_, n)| n)
    }

    /// The profile named `s`.
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(s.trim()))
            .map(|(p, _)| *p)
    }

    /// The format written when neither `--to` nor the output file's
    /// extension names one.
    pub fn default_format(self) -> GlossaryFormat {
        match self {
            Profile::Generic | Profile::Omegat | Profile::Trados => {
                GlossaryFormat::Tbx
            }
            Profile::Memoq => GlossaryFormat::Memoq,
            Profile::Excel => GlossaryFormat::Xlsx,
        }
    }

    /// The formats this profile writes (the registry's `profiles`
    /// column), its default first.
    pub fn formats(self) -> Vec<&'static Format> {
        let dflt = self.default_format().format();
        let mut v: Vec<&'static Format> = registry::writable(Holds::Glossary)
            .filter(|f| f.profiles.contains(&self.name()))
            .filter(|f| f.name != dflt.name)
            .collect();
        v.insert(0, dflt);
        v
    }

    /// The format to write: `to` when given (an error naming the
    /// choices if the profile does not write it), else the one the
    /// output file's extension names, else the profile's default.
    pub fn pick(
        self,
        to: Option<&'static Format>,
        output: Option<&std::path::Path>,
    ) -> Result<&'static Format> {
        let ok = self.formats();
        if let Some(f) = to {
            if ok.iter().any(|o| o.name == f.name) {
                return Ok(f);
            }
            let names: Vec<&str> = ok.iter().map(|f| f.name).collect();
            return Err(crate::Error::input(format!(
                "--for {} writes {} (not {})",
                self.name(),
                names.join(", "),
                f.name
            )));
        }
        // The extension decides when one of the profile's formats claims
        // it (`--for excel -o g.csv` is CSV).
        let ext = output
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let claims: Vec<&&'static Format> = ok
            .iter()
            .filter(|f| f.extensions.contains(&ext.as_str()))
            .collect();
        Ok(match claims.as_slice() {
            [one] => one,
            _ => ok[0],
        })
    }
}

/// Write `g` for `profile` in `format` (a registry format the profile
/// writes: [`Profile::pick`]).
pub fn write_format(
    w: &mut dyn Write,
    g: &Glossary,
    profile: Profile,
    format: &'static Format,
) -> Result<()> {
    match GlossaryFormat::from_name(format.name) {
        Some(f) => write(w, g, profile, f),
        None => format.write(w, g),
    }
}

/// Write `g` for `profile` in `format` (one of `profile.formats()`).
pub fn write(
    w: &mut dyn Write,
    g: &Glossary,
    profile: Profile,
    format: GlossaryFormat,
) -> Result<()> {
    use GlossaryFormat as F;
    match (profile, format) {
        (Profile::Omegat, F::Tbx) => write_omegat_tbx(w, g),
        (Profile::Omegat, F::Tsv) => {
            let mut c = g.clone();
            for e in &mut c.entries {
                e.note = comment_lines(e).join(" · ");
            }
            super::tsv::write(w, &c)
        }
        (Profile::Memoq | Profile::Trados, F::Tbx) => tbx::write_plain(w, g),
        (Profile::Excel, F::Csv) => super::csv::write_with(w, g, true),
        (_, f) => super::write_glossary(w, g, f),
    }
}

/// The labelled lines OmegaT shows as an entry's comment: definition,
/// one context per language (the preferred term's, else the first
/// usable term's), the targets to avoid, subject and note.
pub fn comment_lines(e: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    let one_line =
        |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if !e.definition.is_empty() {
        out.push(format!("definition: {}", one_line(&e.definition)));
    }
    let mut langs: Vec<&str> = Vec::new();
    for t in &e.terms {
        if !langs.contains(&t.lang.primary()) {
            langs.push(t.lang.primary());
        }
    }
    for l in &langs {
        let ctx = e
            .terms_in(l)
            .filter(|t| !t.is_discouraged())
            .find(|t| !t.context.is_empty());
        if let Some(t) = ctx {
            out.push(format!("context ({l}): {}", one_line(&t.context)));
        }
    }
    let avoid: Vec<&str> = e
        .terms
        .iter()
        .filter(|t| !t.lang.is("fr") && t.is_discouraged())
        .map(|t| t.text.as_str())
        .collect();
    if !avoid.is_empty() {
        out.push(format!("avoid: {}", avoid.join(", ")));
    }
    if !e.subject.is_empty() {
        out.push(format!("subject: {}", one_line(&e.subject)));
    }
    if !e.note.is_empty() {
        out.push(format!("note: {}", one_line(&e.note)));
    }
    out
}

/// TBX v2 for OmegaT (see the module doc): concept-level `<note>`s
/// carry the comment lines; each `langSet` holds `tig`s with a `term`
/// only; French keeps every term (a deprecated French spelling still
/// needs its translation), other languages only usable ones.
fn write_omegat_tbx(w: &mut dyn Write, g: &Glossary) -> Result<()> {
    let mut o = String::with_capacity(1024 + g.term_count() * 120);
    o.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n\
         <martif type=\"TBX-Basic\" xml:lang=\"fr\">\n  <martifHeader>\n    \
         <fileDesc>\n      <titleStmt><title>glossa termbase for \
         OmegaT</title></titleStmt>\n      <sourceDesc><p>exported by glossa \
         (export --for omegat)</p></sourceDesc>\n    </fileDesc>\n    \
         <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\
         </encodingDesc>\n  </martifHeader>\n  <text>\n    <body>\n",
    );
    for e in &g.entries {
        let id = e.id.as_str();
        let keep = |t: &&Term| t.lang.is("fr") || !t.is_discouraged();
        let terms: Vec<&Term> = e.terms.iter().filter(keep).collect();
        o.push_str(&format!(
            "      <termEntry id=\"{}\">\n",
            tbx::esc_attr(id)
        ));
        for line in comment_lines(e) {
            o.push_str(&format!(
                "        <note>{}</note>\n",
                tbx::esc(&line, id)?
            ));
        }
        let mut langs: Vec<&LangTag> = Vec::new();
        for t in &terms {
            if !langs.contains(&&t.lang) {
                langs.push(&t.lang);
            }
        }
        for lang in langs {
            o.push_str(&format!(
                "        <langSet xml:lang=\"{}\">\n",
                tbx::esc_attr(lang.as_str())
            ));
            for t in terms.iter().filter(|t| &t.lang == lang) {
                o.push_str(&format!(
                    "          <tig><term>{}</term></tig>\n",
                    tbx::esc(&t.text, id)?
                ));
            }
            o.push_str("        </langSet>\n");
        }
        o.push_str("      </termEntry>\n");
    }
    o.push_str("    </body>\n  </text>\n</martif>\n");
    w.write_all(o.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ia() -> Glossary {
        let mut e = Entry::new("c1");
        e.definition = "Machines\nthat learn.".into();
        let mut fr = Term::new(LangTag::fr(), "IA");
        fr.context = "L’IA progresse.".into();
        fr.number = Some(Number::Singular);
        let mut dep = Term::new(LangTag::en(), "A.I.");
        dep.status = AdminStatus::Deprecated;
        let mut ai = Term::new(LangTag::en(), "AI");
        ai.status = AdminStatus::Admitted;
        ai.context = "AI advances.".into();
        ai.case_sensitive = true;
        e.terms = vec![
            fr,
            dep,
            Term::new(LangTag::en(), "artificial intelligence"),
            ai,
        ];
        Glossary { entries: vec![e] }
    }

    #[test]
    fn omegat_tbx_has_usable_targets_and_labelled_lines_only() {
        let mut buf = Vec::new();
        write(&mut buf, &ia(), Profile::Omegat, GlossaryFormat::Tbx).unwrap();
        let s = String::from_utf8(buf.clone()).unwrap();
        assert!(!s.contains("glossa:"), "{s}");
        assert!(!s.contains("termNote"), "{s}");
        assert!(!s.contains("<term>A.I.</term>"), "{s}");
        for line in [
            "<note>definition: Machines that learn.</note>",
            "<note>context (fr): L’IA progresse.</note>",
            "<note>context (en): AI advances.</note>",
            "<note>avoid: A.I.</note>",
        ] {
            assert!(s.contains(line), "{line} in {s}");
        }
        // glossa's own reader takes it back: the usable pairs survive.
        let back = tbx::read(&buf).unwrap();
        let en: Vec<&str> = back.entries[0]
            .terms
            .iter()
            .filter(|t| t.lang.is("en"))
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(en, ["artificial intelligence", "AI"]);
    }

    #[test]
    fn profiles_pick_formats() {
        use GlossaryFormat as F;
        let p = |s| Profile::parse(s).unwrap();
        let name = |f: Result<&'static Format>| f.unwrap().name;
        assert_eq!(name(p("excel").pick(None, None)), "xlsx");
        let x = std::path::Path::new("g.xlsx");
        assert_eq!(name(p("memoq").pick(None, Some(x))), "xlsx");
        let c = std::path::Path::new("g.csv");
        assert_eq!(name(p("excel").pick(None, Some(c))), "csv");
        assert_eq!(name(p("memoq").pick(None, Some(c))), "memoq");
        assert_eq!(name(p("memoq").pick(None, None)), "memoq");
        assert!(p("omegat").pick(Some(F::Xlsx.format()), None).is_err());
        let names: Vec<&str> =
            p("omegat").formats().iter().map(|f| f.name).collect();
        assert_eq!(names, ["tbx", "tsv"]);
        let mut buf = Vec::new();
        write(&mut buf, &ia(), p("excel"), F::Csv).unwrap();
        assert!(buf.starts_with("\u{feff}id,state,".as_bytes()));
        let mut buf = Vec::new();
        write(&mut buf, &ia(), p("trados"), F::Tbx).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(
            !s.contains("glossa:") && s.contains("deprecatedTerm-admn-sts")
        );
    }
}
