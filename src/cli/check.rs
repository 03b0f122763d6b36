//! `glossa suggest` and `glossa check`: read the texts, call
//! [`glossa::suggest`] / [`glossa::check`], print findings as text, JSON
//! or `path:line:col:` lines.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use glossa::check::{Finding, LineIndex, Severity, line_range};
use glossa::glossary::scanner::Scanners;
use glossa::style::Style;
use glossa::text::Lang;

use super::{EXIT_FINDINGS, EXIT_OK, Global};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FindingFormat {
    /// Readable, coloured on a terminal (NO_COLOR respected).
    Human,
    /// A JSON array of findings.
    Json,
    /// `path:line:col: severity: message`, for editors and grep.
    Line,
}

/// Severity threshold for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any finding, hints included.
    Info,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
    /// Never exit 1.
    Never,
}

impl FailOn {
    fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Info => true,
            FailOn::Warning => s >= Severity::Warning,
            FailOn::Error => s >= Severity::Error,
            FailOn::Never => false,
        }
    }
}

/// A language on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// French.
    Fr,
    /// English.
    En,
}

/// Show the glossary terms in a text: in French, each term with its
/// English equivalent; in English, each deprecated term with its
/// replacement.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    glossa suggest article.fr.txt\n  \
    glossa suggest draft.en.md --format line\n  \
    glossa suggest draft.txt --lang en --format json\n\n\
    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 error.")]
pub struct SuggestArgs {
    /// The text to scan (UTF-8, or UTF-16 with a byte-order mark).
    pub file: PathBuf,
    /// Language of the text (detected from its words if omitted).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: FindingFormat,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// House style profile (default: style.toml in the glossary folder,
    /// if there is one).
    #[arg(long, value_name = "FILE")]
    pub style: Option<PathBuf>,
    /// Ignore the house style profile.
    #[arg(long, conflicts_with = "style")]
    pub no_style: bool,
}

pub fn suggest(a: SuggestArgs, g: &Global) -> Result<u8> {
    let text = read_text(&a.file)?;
    let lang = match a.lang {
        Some(LangArg::Fr) => Lang::Fr,
        Some(LangArg::En) => Lang::En,
        None => glossa::suggest::detect_lang(&text).with_context(|| {
            format!(
                "cannot tell whether {} is French or English; pass --lang",
                a.file.display()
            )
        })?,
    };
    let (sc, _) = load(g, a.style.as_deref(), a.no_style)?;
    let findings = glossa::suggest::suggest(&sc, &text, lang);
    let doc = Doc::new(&a.file, &text);
    print(&findings, &doc, None, a.format, g, 0)?;
    Ok(exit_code(&findings, a.fail_on))
}

/// Check an English draft against its French source: aligned sentences
/// must use the glossary's approved English terms, no deprecated term
/// anywhere, and one French term is translated one way throughout.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    glossa check --source article.fr.txt --target draft.en.txt\n  \
    glossa check -s article.fr.md -t draft.en.md --format json\n  \
    glossa check -s a.fr.txt -t a.en.txt --format line --fail-on warning\n  \
    glossa check -s a.fr.txt -t a.en.txt --hints --style desk.toml\n  \
    glossa check -s article.fr.docx -t draft.en.docx\n  \
    glossa check translated.xlf --format line\n\n\
    Positions: in .docx, .odt, .html and .md files the line is the\n\
    document's paragraph; in XLIFF the unit id is named, with the line\n\
    of the segment in the file and the column in the segment.\n\
    Severities: error = approved term missing, or a deprecated term (a\n\
    false friend where the source has the French term); warning = the same\n\
    French term translated two ways, or a term repeated in the source\n\
    sentence more often than in the translation; info (hint, shown with\n\
    --hints) = admitted synonym, other English variety, proposed entries.\n\
    Proposed (unreviewed) entries give hints only.\n\
    House style: glossary/style.toml (see README).\n\
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 error.")]
pub struct CheckArgs {
    /// A bilingual file to check instead of --source/--target: XLIFF 1.2
    /// or 2.x (.xlf, .xliff, .sdlxliff, .mqxliff); every translated
    /// segment is checked against its source, positions name the unit.
    #[arg(conflicts_with_all = ["source", "target"])]
    pub file: Option<PathBuf>,
    /// The French source text (.txt, .md, .html, .docx, .odt).
    #[arg(long, short, required_unless_present = "file", requires = "target")]
    pub source: Option<PathBuf>,
    /// The English draft (.txt, .md, .html, .docx, .odt).
    #[arg(long, short, required_unless_present = "file", requires = "source")]
    pub target: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: FindingFormat,
    /// Exit 1 when a finding is at least this severe (hints count only
    /// with --hints).
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Also show hints (info): admitted synonyms, the other English
    /// variety, proposed entries.
    #[arg(long)]
    pub hints: bool,
    /// House style profile (default: style.toml in the glossary folder,
    /// if there is one).
    #[arg(long, value_name = "FILE")]
    pub style: Option<PathBuf>,
    /// Ignore the house style profile.
    #[arg(long, conflicts_with = "style")]
    pub no_style: bool,
}

pub fn check(a: CheckArgs, g: &Global) -> Result<u8> {
    let (Some(src_path), Some(tgt_path)) = (&a.source, &a.target) else {
        let file = a
            .file
            .as_deref()
            .context("--source and --target, or an XLIFF file")?;
        return check_xliff(file, &a, g);
    };
    let source = read_text(src_path)?;
    let target = read_text(tgt_path)?;
    let (sc, style) = load(g, a.style.as_deref(), a.no_style)?;
    let mut findings =
        glossa::check::check_with(&sc, &style, &source, &target)
            .with_context(|| {
                format!(
                    "checking {} against {}",
                    tgt_path.display(),
                    src_path.display()
                )
            })?;
    let all = findings.len();
    if !a.hints {
        findings.retain(|f| f.severity > Severity::Info);
    }
    let hidden = all - findings.len();
    let tdoc = Doc::new(tgt_path, &target);
    let sdoc = Doc::new(src_path, &source);
    print(&findings, &tdoc, Some(&sdoc), a.format, g, hidden)?;
    Ok(exit_code(&findings, a.fail_on))
}

/// `glossa check FILE.xlf`: every translated segment against its
/// source; positions name the unit id.
fn check_xliff(file: &Path, a: &CheckArgs, g: &Global) -> Result<u8> {
    use std::io::Write;
    let bytes = glossa::limits::read_file(
        file,
        glossa::limits::MAX_ARTICLE_FILE,
        "XLIFF file",
    )?;
    let x =
        glossa::formats::xliff::read(&bytes).map_err(|e| e.in_file(file))?;
    let segs: Vec<(&str, &str)> = x
        .segments
        .iter()
        .map(|s| (s.source.as_str(), s.target.as_str()))
        .collect();
    let (sc, style) = load(g, a.style.as_deref(), a.no_style)?;
    let mut found = glossa::check::check_segments(&sc, &style, &segs)
        .with_context(|| format!("checking {}", file.display()))?;
    let all = found.len();
    if !a.hints {
        found.retain(|f| f.finding.severity > Severity::Info);
    }
    let hidden = all - found.len();
    let name = file.display().to_string();
    let col = |text: &str, span: &std::ops::Range<usize>| {
        text[..span.start.min(text.len())].chars().count() + 1
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut json = Vec::new();
    for sf in &found {
        let seg = &x.segments[sf.segment];
        let f = &sf.finding;
        let c = col(&seg.target, &f.span);
        match a.format {
            FindingFormat::Json => {
                let src = sf.source_segment.zip(f.source_span.as_ref()).map(|(j, sp)| {
                    let s = &x.segments[j];
                    serde_json::json!({"unit": s.id, "line": s.line, "column": col(&s.source, sp)})
                });
                json.push(serde_json::json!({
                    "file": name, "unit": seg.id, "line": seg.line, "column": c,
                    "severity": f.severity, "kind": f.kind, "term": f.term,
                    "expected": f.expected, "entry": f.entry, "state": f.state,
                    "message": f.message, "source": src,
                }));
            }
            FindingFormat::Line => writeln!(
                out,
                "{name}:{}:{c}: {}: unit {}: {}",
                seg.line,
                f.severity.as_str(),
                seg.id,
                f.message
            )?,
            FindingFormat::Human => writeln!(
                out,
                "{name}: unit {} (line {}), column {c}: {}[{}]: {}",
                seg.id,
                seg.line,
                f.severity.as_str(),
                f.kind.as_str(),
                f.message
            )?,
        }
    }
    if a.format == FindingFormat::Json {
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else if a.format == FindingFormat::Human {
        let n = |s: Severity| {
            found.iter().filter(|f| f.finding.severity == s).count()
        };
        let st = g.style();
        writeln!(
            out,
            "{}",
            st.dim(&format!(
                "{} error(s), {} warning(s), {} hint(s) in {} segment(s) of {name}{}",
                n(Severity::Error),
                n(Severity::Warning),
                n(Severity::Info),
                segs.iter().filter(|(_, t)| !t.is_empty()).count(),
                if hidden > 0 { format!(" ({hidden} hint(s) hidden: --hints)") } else { String::new() }
            ))
        )?;
    }
    out.flush()?;
    let plain: Vec<glossa::check::Finding> =
        found.into_iter().map(|f| f.finding).collect();
    Ok(exit_code(&plain, a.fail_on))
}

fn exit_code(findings: &[Finding], fail_on: FailOn) -> u8 {
    if findings.iter().any(|f| fail_on.fails(f.severity)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The glossary, with the house style applied, and its scanners; an
/// empty glossary is an error. The style is `--style FILE`, else
/// `style.toml` beside the writable glossary file when it exists.
fn load(
    g: &Global,
    style: Option<&Path>,
    no_style: bool,
) -> Result<(Scanners, Style)> {
    let ws = g.workspace()?;
    let mut gl = ws.glossary_entries().context("loading the glossary")?;
    if gl.entries.is_empty() {
        bail!(
            "the glossary is empty ({}): add terms with `glossa add` or \
             `glossa import`, or pass --glossary",
            ws.describe()
        );
    }
    let style = match (style, no_style) {
        (_, true) => Style::default(),
        (Some(p), false) => Style::read(p)?,
        (None, false) => Style::read_if_exists(&style_path(&g.store()?))?,
    };
    style.apply(&mut gl);
    Ok((Scanners::new(gl), style))
}

/// The default house style file: `style.toml` in the folder of the
/// writable glossary file.
pub fn style_path(store: &glossa::Store) -> PathBuf {
    store
        .writable()
        .parent()
        .map(|p| p.join(glossa::style::FILE_NAME))
        .unwrap_or_else(|| PathBuf::from(glossa::style::FILE_NAME))
}

/// Read a text file: binary files and invalid UTF-8 are errors.
fn read_text(path: &Path) -> Result<String> {
    let bytes = glossa::limits::read_file(
        path,
        glossa::limits::MAX_ARTICLE_FILE,
        "text file",
    )
    .with_context(|| format!("reading {}", path.display()))?;
    let has_bom =
        bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let document = glossa::formats::doc::DocKind::from_path(path)
        != glossa::formats::doc::DocKind::Text;
    if !has_bom && !document && bytes.iter().take(8192).any(|&b| b == 0) {
        bail!("{} looks like a binary file (NUL bytes)", path.display());
    }
    if let Some(text) = glossa::formats::doc::read_if_document(path, &bytes)
        .with_context(|| format!("reading {}", path.display()))?
    {
        return Ok(text);
    }
    let text = glossa::formats::decode_text(&bytes)
        .map_err(|e| e.in_file(path))
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(text)
}

struct Doc<'a> {
    path: &'a Path,
    text: &'a str,
    idx: LineIndex,
    /// A .docx/.odt/.html/.md file: lines are reported as the
    /// document's paragraphs.
    paragraphs: bool,
}

impl<'p> Doc<'p> {
    fn new(path: &'p Path, text: &'p str) -> Doc<'p> {
        use glossa::formats::doc::DocKind;
        Doc {
            path,
            text,
            idx: LineIndex::new(text),
            paragraphs: DocKind::from_path(path) != DocKind::Text,
        }
    }

    fn range(&self, span: &std::ops::Range<usize>) -> [usize; 4] {
        let mut r = line_range(&self.idx, self.text, span);
        if self.paragraphs {
            r[0] = glossa::formats::doc::paragraph_of_line(r[0]);
            r[2] = glossa::formats::doc::paragraph_of_line(r[2]);
        }
        r
    }

    fn located<'a>(&'a self, name: &'a str) -> glossa::check::Located<'a> {
        glossa::check::Located { name, text: self.text, index: &self.idx }
    }
}

/// In a document's JSON finding, report lines as its paragraphs.
fn to_paragraphs(v: &mut serde_json::Value, paragraphs: bool) {
    if !paragraphs {
        return;
    }
    for k in ["line", "end_line"] {
        if let Some(l) = v[k].as_u64() {
            v[k] = glossa::formats::doc::paragraph_of_line(l as usize).into();
        }
    }
}

fn print(
    findings: &[Finding],
    doc: &Doc,
    source: Option<&Doc>,
    format: FindingFormat,
    g: &Global,
    hidden: usize,
) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        FindingFormat::Json => {
            let name = doc.path.display().to_string();
            let target = doc.located(&name);
            let src_name = source.map(|s| s.path.display().to_string());
            let src =
                source.zip(src_name.as_deref()).map(|(s, n)| s.located(n));
            let arr: Vec<serde_json::Value> = findings
                .iter()
                .map(|f| {
                    let mut v =
                        glossa::check::finding_json(f, &target, src.as_ref());
                    to_paragraphs(&mut v, doc.paragraphs);
                    if let Some(s) = source {
                        to_paragraphs(&mut v["source"], s.paragraphs);
                    }
                    v
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &arr)?;
            writeln!(out)?;
        }
        FindingFormat::Line => {
            for f in findings {
                let [l, c, _, _] = doc.range(&f.span);
                writeln!(
                    out,
                    "{}:{l}:{c}: {}: {}",
                    doc.path.display(),
                    f.severity.as_str(),
                    f.message
                )?;
            }
        }
        FindingFormat::Human => {
            let st = g.style();
            let (mut e, mut w, mut i) = (0, 0, 0);
            for f in findings {
                let [l, c, _, _] = doc.range(&f.span);
                let sev = match f.severity {
                    Severity::Error => {
                        e += 1;
                        st.red(&st.bold("error"))
                    }
                    Severity::Warning => {
                        w += 1;
                        st.yellow(&st.bold("warning"))
                    }
                    Severity::Info => {
                        i += 1;
                        st.cyan("info")
                    }
                };
                writeln!(
                    out,
                    "{}: {sev}[{}]: {}",
                    st.bold(&format!("{}:{l}:{c}", doc.path.display())),
                    f.kind.as_str(),
                    f.message
                )?;
                if let (Some(s), Some(span)) = (source, &f.source_span) {
                    let [sl, sc, _, _] = s.range(span);
                    writeln!(
                        out,
                        "    {}",
                        st.dim(&format!(
                            "source: {}:{sl}:{sc} “{}”",
                            s.path.display(),
                            &s.text[span.clone()]
                        ))
                    )?;
                }
            }
            let counts = if hidden > 0 {
                format!(
                    "{e} error(s), {w} warning(s) in {} ({hidden} hint(s) \
                     hidden: --hints)",
                    doc.path.display()
                )
            } else {
                format!(
                    "{e} error(s), {w} warning(s), {i} hint(s) in {}",
                    doc.path.display()
                )
            };
            writeln!(out, "{}", st.dim(&counts))?;
        }
    }
    out.flush()?;
    Ok(())
}
