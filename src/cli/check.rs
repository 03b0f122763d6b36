//! `glossa suggest` and `glossa check`: read the texts, call
//! [`glossa::suggest`] / [`glossa::check`], print findings as text, JSON
//! or `path:line:col:` lines.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use glossa::check::{Finding, Severity, line_range};
use glossa::glossary::scanner::Scanners;
use glossa::style::Style;
use glossa::text::Lang;
use glossa::text::LineIndex;

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
    let doc = Doc { path: &a.file, text: &text, idx: LineIndex::new(&text) };
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
    glossa check -s a.fr.txt -t a.en.txt --hints --style desk.toml\n\n\
    Severities: error = approved term missing, or a deprecated term (a\n\
    false friend where the source has the French term); warning = the same\n\
    French term translated two ways, or a term repeated in the source\n\
    sentence more often than in the translation; info (hint, shown with\n\
    --hints) = admitted synonym, other English variety, proposed entries.\n\
    Proposed (unreviewed) entries give hints only.\n\
    House style: glossary/style.toml (see README).\n\
    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 error.")]
pub struct CheckArgs {
    /// The French source text.
    #[arg(long, short)]
    pub source: PathBuf,
    /// The English draft.
    #[arg(long, short)]
    pub target: PathBuf,
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
    let source = read_text(&a.source)?;
    let target = read_text(&a.target)?;
    let (sc, style) = load(g, a.style.as_deref(), a.no_style)?;
    let mut findings =
        glossa::check::check_with(&sc, &style, &source, &target)
            .with_context(|| {
                format!(
                    "checking {} against {}",
                    a.target.display(),
                    a.source.display()
                )
            })?;
    let all = findings.len();
    if !a.hints {
        findings.retain(|f| f.severity > Severity::Info);
    }
    let hidden = all - findings.len();
    let tdoc =
        Doc { path: &a.target, text: &target, idx: LineIndex::new(&target) };
    let sdoc =
        Doc { path: &a.source, text: &source, idx: LineIndex::new(&source) };
    print(&findings, &tdoc, Some(&sdoc), a.format, g, hidden)?;
    Ok(exit_code(&findings, a.fail_on))
}

fn exit_code(findings: &[Finding], fail_on: FailOn) -> u8 {
    if findings.iter().any(|f| fail_on.fails(f.severity)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The glossary, with the house style applied, and its scanners; an
/// empty glossary is an error. The style is `--style FILE`, else the
/// workspace's own (`style.toml` beside the writable glossary file when
/// it exists: [`glossa::Workspace::style`], as the web app and the
/// language server read it).
fn load(
    g: &Global,
    style: Option<&Path>,
    no_style: bool,
) -> Result<(Scanners, Style)> {
    let ws = g.workspace()?;
    let style = match (style, no_style) {
        (_, true) => Style::default(),
        (Some(p), false) => Style::read(p)?,
        (None, false) => ws.style()?,
    };
    let gl = ws.styled_entries(&style).context("loading the glossary")?;
    if gl.entries.is_empty() {
        bail!(
            "the glossary is empty ({}): add terms with `glossa add` or \
             `glossa import`, or pass --glossary",
            ws.describe()
        );
    }
    Ok((Scanners::new(gl), style))
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
    if !has_bom && bytes.iter().take(8192).any(|&b| b == 0) {
        bail!("{} looks like a binary file (NUL bytes)", path.display());
    }
    let text = glossa::formats::encoding::decode(
        &bytes,
        glossa::formats::encoding::Kind::Text,
    )
    .map_err(|e| e.in_file(path))
    .with_context(|| format!("reading {}", path.display()))?;
    Ok(text.into_owned())
}

struct Doc<'a> {
    path: &'a Path,
    text: &'a str,
    idx: LineIndex,
}

impl Doc<'_> {
    fn range(&self, span: &std::ops::Range<usize>) -> [usize; 4] {
        line_range(&self.idx, self.text, span)
    }

    fn located<'a>(&'a self, name: &'a str) -> glossa::check::Located<'a> {
        glossa::check::Located { name, text: self.text, index: &self.idx }
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
                .map(|f| glossa::check::finding_json(f, &target, src.as_ref()))
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
