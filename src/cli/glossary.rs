//! `glossa add | list | import | export | validate`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use glossa::formats::{self, Format, Holds, registry};
use glossa::glossary::model::*;
use glossa::glossary::store;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Global, OutputFormat};

const ADD_HELP: &str = "\
Examples:
  glossa add --fr puce --en chip --domain chips
  glossa add --fr \"fonds spéculatif\" --en \"hedge fund\" --domain finance \\
      --context-fr \"un fonds spéculatif quantitatif chinois\" --pos noun --gender-fr masculine
  glossa add --fr IA --en AI --case-sensitive --type acronym
  glossa add --fr \"centre de données\" --en \"data centre\" --status deprecated";

/// Add one French/English pair as a new entry.
#[derive(Debug, clap::Args)]
#[command(after_help = ADD_HELP)]
pub struct AddArgs {
    /// French term.
    #[arg(long)]
    pub fr: String,
    /// English term.
    #[arg(long)]
    pub en: String,
    /// Subject field (AI, chips, data centres, finance, start-ups…).
    #[arg(long, alias = "subject")]
    pub domain: Option<String>,
    /// Definition of the concept.
    #[arg(long)]
    pub definition: Option<String>,
    /// French context sentence.
    #[arg(long)]
    pub context_fr: Option<String>,
    /// English context sentence.
    #[arg(long)]
    pub context_en: Option<String>,
    /// Source of the context sentences or definition.
    #[arg(long)]
    pub source: Option<String>,
    /// Review state (approved, proposed) or term status (preferred,
    /// admitted, deprecated, superseded) for both terms.
    #[arg(long, default_value = "approved")]
    pub status: String,
    /// Part of speech of both terms (noun, verb, adjective, adverb,
    /// propernoun, other).
    #[arg(long)]
    pub pos: Option<String>,
    /// Gender of the French term (masculine, feminine).
    #[arg(long)]
    pub gender_fr: Option<String>,
    /// Term type (fullform, acronym, abbreviation, shortform, variant, phrase).
    #[arg(long = "type")]
    pub term_type: Option<String>,
    /// Geographical usage of the English term (en-US, en-GB).
    #[arg(long)]
    pub geo_en: Option<String>,
    /// Note on the entry.
    #[arg(long)]
    pub note: Option<String>,
    /// Match both terms only with this exact case (acronyms such as IA).
    #[arg(long)]
    pub case_sensitive: bool,
    /// Match only the exact form, never inflected or fuzzy variants.
    #[arg(long)]
    pub exact: bool,
}

fn parse_or<T>(
    v: &Option<String>,
    what: &str,
    f: fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    match v {
        None => Ok(None),
        Some(s) => match f(s) {
            Some(x) => Ok(Some(x)),
            None => bail!("unknown {what} {s:?}"),
        },
    }
}

pub fn add(a: AddArgs, g: &Global) -> Result<u8> {
    let (state, status) = match (
        ReviewState::parse(&a.status),
        AdminStatus::parse(&a.status),
    ) {
        (Some(s), _) => (s, AdminStatus::Preferred),
        (None, Some(st)) => (ReviewState::Approved, st),
        (None, None) => bail!(
            "unknown --status {:?} (use approved, proposed, preferred, admitted, deprecated or superseded)",
            a.status
        ),
    };
    let pos = parse_or(&a.pos, "part of speech", PartOfSpeech::parse)?;
    let gender = parse_or(&a.gender_fr, "gender", Gender::parse)?;
    let term_type = parse_or(&a.term_type, "term type", TermType::parse)?;
    for (flag, v) in [("--fr", &a.fr), ("--en", &a.en)] {
        if v.trim().is_empty() {
            bail!("{flag} must not be empty");
        }
    }
    let mk = |lang: LangTag, text: &str, context: &Option<String>| {
        let mut t = Term::new(lang, text.trim());
        t.status = status;
        t.pos = pos;
        t.term_type = term_type;
        t.context = context.clone().unwrap_or_default();
        if !t.context.is_empty() {
            t.context_source = a.source.clone().unwrap_or_default();
        }
        t.case_sensitive = a.case_sensitive;
        t.exact_only = a.exact;
        t
    };
    let mut fr = mk(LangTag::fr(), &a.fr, &a.context_fr);
    fr.gender = gender;
    let mut en = mk(LangTag::en(), &a.en, &a.context_en);
    if let Some(geo) = &a.geo_en {
        en.geo = LangTag::parse(geo)?.to_string();
    }
    let ws = g.workspace()?;
    let mut e = Entry::new("");
    e.state = state;
    e.subject = a.domain.clone().unwrap_or_default();
    e.definition = a.definition.clone().unwrap_or_default();
    e.source = a.source.clone().unwrap_or_default();
    e.note = a.note.clone().unwrap_or_default();
    e.terms = vec![fr, en];
    let out = ws
        .add_or_merge(e)
        .with_context(|| format!("adding to glossary {}", ws.describe()))?;
    let (fr, en) = (a.fr.trim(), a.en.trim());
    if out.added {
        println!("added {}: {fr} → {en} ({})", out.id, ws.describe());
    } else {
        println!("already in the glossary as {}: {fr} → {en}", out.id);
    }
    Ok(EXIT_OK)
}

/// Which entries to list or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateFilter {
    /// Every entry.
    All,
    /// Only reviewed entries.
    Approved,
    /// Only machine-made candidates awaiting review.
    Proposed,
}

impl StateFilter {
    fn keep(self, e: &Entry) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::Approved => e.state == ReviewState::Approved,
            StateFilter::Proposed => e.state == ReviewState::Proposed,
        }
    }
}

/// List entries (all glossaries, first one first).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  glossa list\n  glossa list --state proposed\n  glossa list --format json | jq '.[].terms[0].text'"
)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Which entries.
    #[arg(long, value_enum, default_value = "all")]
    pub state: StateFilter,
}

pub fn list(a: ListArgs, g: &Global) -> Result<u8> {
    let gl = g.workspace()?.glossary_entries()?;
    let entries: Vec<&Entry> =
        gl.entries.iter().filter(|e| a.state.keep(e)).collect();
    let out = std::io::stdout();
    let mut out = out.lock();
    match a.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
        OutputFormat::Human => {
            let st = g.style();
            for e in &entries {
                writeln!(out, "{}", describe_entry(e, &st))?;
            }
            writeln!(
                out,
                "{}",
                st.dim(&format!("{} entries", entries.len()))
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// One line per entry: `c1 [finance] fonds spéculatif → hedge fund`.
pub fn describe_entry(e: &Entry, st: &super::style::Style) -> String {
    let side = |lang: &str| {
        e.terms_in(lang)
            .map(|t| {
                let mut s = t.text.clone();
                if t.is_discouraged() {
                    s = st.red(&format!("{s} ({})", t.status));
                } else if t.status == AdminStatus::Admitted {
                    s = format!("{s} (admitted)");
                }
                s
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut line = format!("{} ", st.dim(&e.id));
    if !e.subject.is_empty() {
        line.push_str(&st.cyan(&format!("[{}] ", e.subject)));
    }
    line.push_str(&st.bold(&side("fr")));
    line.push_str(" → ");
    line.push_str(&side("en"));
    if e.state == ReviewState::Proposed {
        line.push_str(&st.yellow(" (proposed)"));
    }
    line
}

/// Import glossaries. Nothing is written unless every file reads cleanly.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  glossa import termbase.tbx\n  glossa import memoq.csv omegat.txt\n  glossa import --from tsv glossary.utf8\n\nFormats:\n  tbx  TBX v2 <martif> (tig or ntig) and v3 <tbx> (DCA or DCT); UTF-8, UTF-16 with\n       BOM, or the encoding in the XML declaration (windows-1252, ISO-8859-15...)\n  csv  header of language codes (fr, en, fr_FR, en-US...) plus optional columns\n       id, state, subject, definition, source, note and per-term LANG_status,\n       LANG_pos, LANG_gender, LANG_number, LANG_type, LANG_geo, LANG_context,\n       LANG_context_source, LANG_note, LANG_case_sensitive, LANG_exact_only;\n       synonyms separated by |; delimiter , ; or tab\n  tsv  OmegaT: French<TAB>English<TAB>comment, # comment lines"
)]
pub struct ImportArgs {
    /// Files to import.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Format (default: from the extension, else sniffed).
    #[arg(long, value_parser = format_parser(Format::readable))]
    pub from: Option<&'static Format>,
    /// Print what would be imported without writing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A `--to`/`--from` value parser over the format registry: the
/// glossary formats that pass `keep`, each with its summary in `--help`.
fn format_parser(
    keep: fn(&Format) -> bool,
) -> impl clap::builder::TypedValueParser<Value = &'static Format> {
    let values = formats::registry::FORMATS
        .iter()
        .filter(move |f| f.holds == Holds::Glossary && keep(f))
        .map(|f| clap::builder::PossibleValue::new(f.name).help(f.summary));
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(values).map(|name: String| {
        formats::registry::by_name(&name).expect("a registered name")
    })
}

pub fn import(a: ImportArgs, g: &Global) -> Result<u8> {
    let mut incoming = Glossary::new();
    for f in &a.files {
        let bytes = glossa::limits::read_file(
            f,
            glossa::limits::MAX_GLOSSARY_FILE,
            "glossary file",
        )?;
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            bail!("{}: the file is empty", f.display());
        }
        let fmt = a.from.unwrap_or_else(|| registry::detect(Some(f), &bytes));
        let got = fmt.read(&bytes).map_err(|e| e.in_file(f))?;
        if let Some(e) = got.problems().into_iter().next() {
            return Err(e.in_file(f).into());
        }
        if a.files.len() > 1 {
            eprintln!(
                "{}: {} entries, {} terms",
                f.display(),
                got.entries.len(),
                got.term_count()
            );
        }
        incoming.entries.extend(got.entries);
    }
    if a.dry_run {
        let st = g.style();
        for e in &incoming.entries {
            println!("{}", describe_entry(e, &st));
        }
        return Ok(EXIT_OK);
    }
    let incoming_terms = incoming.term_count();
    let ws = g.workspace()?;
    let glossa::workspace::MergeStats { added, merged } = ws
        .import(incoming)
        .with_context(|| format!("importing into {}", ws.describe()))?;
    eprintln!(
        "imported {} entries ({} terms) into {}: {added} added, {merged} \
         merged with existing entries",
        added + merged,
        incoming_terms,
        ws.describe()
    );
    Ok(EXIT_OK)
}

/// Export all glossaries (approved entries unless --include-proposed).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  glossa export --to tbx -o glossary.tbx     (TBX v2, read by OmegaT, Weblate, Okapi)\n  glossa export --to tbx3 -o glossary.v3.tbx\n  glossa export --to tsv -o glossary.utf8    (OmegaT)\n  glossa export --to csv > glossary.csv"
)]
pub struct ExportArgs {
    /// Format to write.
    #[arg(long, value_parser = format_parser(Format::writable), default_value = "tbx")]
    pub to: &'static Format,
    /// Output file (default: standard output). Written atomically.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Also export entries still awaiting review.
    #[arg(long)]
    pub include_proposed: bool,
}

pub fn export(a: ExportArgs, g: &Global) -> Result<u8> {
    let gl = g.workspace()?.for_export(a.include_proposed)?;
    let write = |w: &mut dyn Write| a.to.write(w, &gl);
    let to = match &a.output {
        Some(p) => {
            store::save_atomic(p, write)
                .with_context(|| format!("writing {}", p.display()))?;
            p.display().to_string()
        }
        None => {
            let mut buf = Vec::new();
            write(&mut buf)?;
            std::io::stdout().lock().write_all(&buf)?;
            "standard output".to_string()
        }
    };
    eprintln!(
        "wrote {} entries ({} terms) to {to} as {}",
        gl.entries.len(),
        gl.term_count(),
        a.to.label
    );
    Ok(EXIT_OK)
}

/// Check glossary files; every problem is printed with its line.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  glossa validate\n  glossa validate glossary/glossary.csv\n  glossa validate vendor.tbx\n  glossa validate --strict\n\n--strict also reports, for approved entries across all the files: missing\nfields (subject, definition, source, part of speech, French gender of\nnouns, a context sentence per language), duplicate concepts (the same\nfolded term in two entries) and English terms identical to the French\none (unless acronym, abbreviation, proper noun, or a note says\n\"loanword\"), and checks the house style profile (style.toml).\n\nExit codes: 0 valid, 1 problems found, 2 unreadable file."
)]
pub struct ValidateArgs {
    /// Files to check (default: the glossary files).
    pub paths: Vec<PathBuf>,
    /// Also apply the termbase quality rules (see below).
    #[arg(long)]
    pub strict: bool,
}

pub fn validate(a: ValidateArgs, g: &Global) -> Result<u8> {
    let default = a.paths.is_empty();
    let files = if default { g.store()?.files()? } else { a.paths.clone() };
    let mut problems = 0usize;
    let mut unreadable = false;
    let mut loaded: Vec<(PathBuf, Glossary)> = Vec::new();
    for f in &files {
        let bytes = match glossa::limits::read_file(
            f,
            glossa::limits::MAX_GLOSSARY_FILE,
            "glossary file",
        ) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                unreadable = true;
                continue;
            }
        };
        let fmt = registry::detect(Some(f), &bytes);
        let (gl, mut errs) = if fmt.name == "native" {
            match formats::native::read_lenient(&bytes[..]) {
                Ok(x) => x,
                Err(e) => (Glossary::new(), vec![e]),
            }
        } else {
            match fmt.read(&bytes) {
                Ok(x) => (x, vec![]),
                Err(e) => (Glossary::new(), vec![e]),
            }
        };
        errs.extend(gl.problems());
        for e in &errs {
            println!("{}", e.clone_in_file(f));
        }
        problems += errs.len();
        if errs.is_empty() {
            println!(
                "{}: ok ({} entries, {} terms)",
                f.display(),
                gl.entries.len(),
                gl.term_count()
            );
        }
        loaded.push((f.clone(), gl));
    }
    if a.strict {
        let refs: Vec<(PathBuf, &Glossary)> =
            loaded.iter().map(|(p, g)| (p.clone(), g)).collect();
        let found = glossa::strict::problems(&refs);
        for p in &found {
            println!("{p}");
        }
        problems += found.len();
        // The house style profile beside the glossary, when checking the
        // glossary itself.
        if default {
            let path = g.store()?.style_path();
            if path.is_file() {
                match glossa::style::Style::read(&path) {
                    Ok(style) => {
                        let mut all = Glossary::new();
                        for (_, gl) in &loaded {
                            all.entries.extend(gl.entries.iter().cloned());
                        }
                        for p in style.unknown_preferences(&all) {
                            println!(
                                "{}: prefer: “{p}” is no English term of \
                                 the glossary",
                                path.display()
                            );
                            problems += 1;
                        }
                    }
                    Err(e) => {
                        println!("{e}");
                        problems += 1;
                    }
                }
            }
        }
        let approved: usize = loaded
            .iter()
            .flat_map(|(_, g)| &g.entries)
            .filter(|e| e.state == ReviewState::Approved)
            .count();
        eprintln!(
            "strict: {} problem(s) in {approved} approved entries",
            found.len()
        );
    }
    Ok(if unreadable {
        EXIT_ERROR
    } else if problems > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

trait InFile {
    fn clone_in_file(&self, p: &std::path::Path) -> String;
}

impl InFile for glossa::Error {
    fn clone_in_file(&self, p: &std::path::Path) -> String {
        let pos = self.position();
        if pos.path.is_some() {
            self.to_string()
        } else {
            format!("{}: {self}", p.display())
        }
    }
}
