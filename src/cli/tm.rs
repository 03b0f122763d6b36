//! `glossa tm`: import, export, search and add translation units.
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::{EXIT_OK, Global, OutputFormat};
use glossa::glossary::store::save_atomic;
use glossa::tm::{Match, SearchOptions, TermHints, TranslationUnit};

const AFTER_HELP: &str = "\
The TM is an SQLite database: --tm PATH, or $GLOSSA_TM, or tm.sqlite beside
the first --glossary (glossary/tm.sqlite by default). Several glossa
processes may write it at once: they wait for each other.

Examples:
  glossa tm import memoq-export.tmx trados.tmx
  glossa tm search \"Le modèle est deux fois plus rapide.\" --min 60
  glossa tm search \"Les puces de Nvidia\" --format json --limit 3
  glossa tm add \"Bonjour\" \"Hello\" --origin lemonde.fr/2025/01/01
  glossa tm export -o memory.tmx";

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct TmArgs {
    #[command(subcommand)]
    pub command: TmCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum TmCommand {
    /// Import TMX 1.4b files (UTF-8, or UTF-16 with a BOM). All files go
    /// in one transaction: on any error nothing is imported. Exact
    /// duplicates of stored units are merged.
    Import(ImportArgs),
    /// Export the whole TM as TMX 1.4b (to stdout, or atomically to -o).
    Export(ExportArgs),
    /// Find earlier translations of a French sentence (fuzzy match), with
    /// the glossary terms it contains.
    Search(SearchArgs),
    /// Add one French/English pair.
    Add(AddArgs),
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  glossa tm import memoq-export.tmx\n  glossa tm import omegat/project_save.tmx trados.tmx\n\nUnits are merged with identical ones already stored; nothing is written\nunless every file reads cleanly."
)]
pub struct ImportArgs {
    /// TMX files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  glossa tm export -o memory.tmx\n  glossa tm export > memory.tmx"
)]
pub struct ExportArgs {
    /// Output file (written atomically); stdout if absent.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

const SEARCH_HELP: &str = "\
Scores are CAT-style percentages over words: 100 = the same text, one word
in ten replaced = 90, a moved word costs half a word, a changed number,
case/accent or punctuation difference only a little. Inline tags of
imported TMX units are ignored. In human output the words of the stored
segment that differ from the query are shown [in brackets]; JSON gives
source, target, score, origin, created, note and the glossary terms found
in the query.

Examples:
  glossa tm search \"Le modèle est deux fois plus rapide.\" --min 60
  glossa tm search \"Les puces de Nvidia\" --format json --limit 3";

#[derive(Debug, clap::Args)]
#[command(after_help = SEARCH_HELP)]
pub struct SearchArgs {
    /// The French text to look for.
    pub text: String,
    /// Lowest match percentage shown (0–100).
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min: u8,
    /// Most matches shown.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  glossa tm add \"Bonjour\" \"Hello\"\n  glossa tm add \"Les puces d’IA\" \"AI chips\" --origin lemonde.fr/2025/01/01"
)]
pub struct AddArgs {
    /// The French segment.
    pub fr: String,
    /// Its English translation.
    pub en: String,
    /// The document it comes from (URL or file name).
    #[arg(long)]
    pub origin: Option<String>,
    /// A note for translators.
    #[arg(long)]
    pub note: Option<String>,
}

pub fn tm(args: TmArgs, g: &Global) -> Result<u8> {
    let path = g.tm_path();
    match args.command {
        TmCommand::Import(a) => {
            // Files are read (size-capped) before the TM is opened, and a
            // TM this import created is removed again if it fails, so a
            // failed import leaves no file behind.
            let mut inputs = Vec::with_capacity(a.files.len());
            for f in &a.files {
                let bytes = glossa::limits::read_file(
                    f,
                    glossa::limits::MAX_TMX_FILE,
                    "TMX file",
                )?;
                inputs.push((f.as_path(), bytes));
            }
            let ws = g.workspace()?;
            let spin = super::style::spinner(format!(
                "importing {} file(s) into {}",
                a.files.len(),
                ws.tm().describe()
            ));
            let names: Vec<String> =
                inputs.iter().map(|(p, _)| p.display().to_string()).collect();
            let docs: Vec<(&str, &[u8])> = names
                .iter()
                .zip(&inputs)
                .map(|(n, (_, b))| (n.as_str(), b.as_slice()))
                .collect();
            let stats = ws.tm().import_tmx(&docs);
            drop(spin);
            let stats = stats?;
            for s in stats {
                let name = s.path.as_deref().unwrap_or(path.as_path());
                println!(
                    "{}: {} units, {} added ({} French→English), {} \
                     duplicates merged",
                    name.display(),
                    s.units,
                    s.added,
                    s.searchable,
                    s.merged
                );
            }
            Ok(EXIT_OK)
        }
        TmCommand::Export(a) => {
            let ws = g.workspace()?;
            let tm = ws.tm();
            let n = match &a.output {
                Some(out) => {
                    let mut n = 0;
                    save_atomic(out, |w| {
                        n = tm.export_tmx(w)?;
                        Ok(())
                    })
                    .with_context(|| format!("writing {}", out.display()))?;
                    eprintln!("{n} units written to {}", out.display());
                    n
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut w = std::io::BufWriter::new(stdout.lock());
                    let n = tm.export_tmx(&mut w)?;
                    w.flush()?;
                    n
                }
            };
            let _ = n;
            Ok(EXIT_OK)
        }
        TmCommand::Add(a) => {
            let ws = g.workspace()?;
            let mut u = TranslationUnit::new(a.fr, a.en);
            u.origin = a.origin;
            u.note = a.note;
            let s = ws.tm().add_units(&[u])?;
            let to = ws.tm().describe();
            if s.added == 1 {
                println!("added to {to}");
            } else {
                println!("already in {to} (merged)");
            }
            Ok(EXIT_OK)
        }
        TmCommand::Search(a) => search(a, g),
    }
}

fn search(a: SearchArgs, g: &Global) -> Result<u8> {
    let ws = g.workspace()?;
    let opts = SearchOptions { min: a.min, limit: a.limit };
    let matches = ws.tm().search(&a.text, &opts)?;
    let glossary = ws.glossary_entries().context("loading the glossary")?;
    let hints = TermHints::new(&glossary).find(&a.text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match a.format {
        OutputFormat::Json => {
            let items: Vec<serde_json::Value> = matches
                .iter()
                .map(|m| {
                    let mut v = serde_json::json!(m);
                    v["terms"] = serde_json::json!(hints);
                    v
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &items)?;
            writeln!(out)?;
        }
        OutputFormat::Human => {
            let st = g.style();
            if matches.is_empty() {
                writeln!(out, "no match at {}% or more", a.min)?;
            }
            for m in &matches {
                print_match(&mut out, &st, m)?;
            }
            if !hints.is_empty() {
                writeln!(out, "{}", st.bold("Glossary terms in the query:"))?;
                for h in &hints {
                    writeln!(
                        out,
                        "  {} → {}",
                        h.fr,
                        h.en.as_deref().unwrap_or("(no English term)")
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}

fn print_match(
    out: &mut impl Write,
    st: &super::style::Style,
    m: &Match,
) -> Result<()> {
    let pct = format!("{:>3}%", m.score);
    let pct = if m.score == 100 {
        st.green(&pct)
    } else if m.score >= 85 {
        st.yellow(&pct)
    } else {
        st.red(&pct)
    };
    // The stored source with the words that differ from the query marked.
    let src = &m.unit.source;
    let mut shown = String::new();
    let mut at = 0;
    for d in &m.diff {
        shown.push_str(&src[at..d.start]);
        shown.push_str(&st.yellow(&format!("[{}]", &src[d.clone()])));
        at = d.end;
    }
    shown.push_str(&src[at..]);
    writeln!(out, "{} {}", st.bold(&pct), shown)?;
    writeln!(out, "     {}", st.cyan(&m.unit.target))?;
    if let Some(o) = &m.unit.origin {
        writeln!(out, "     {}", st.dim(o))?;
    }
    Ok(())
}
