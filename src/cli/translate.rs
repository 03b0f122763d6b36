//! `glossa translate`: English candidates for a French term.

use std::io::Write;

use anyhow::{Context, Result};

use glossa::translate::{Candidate, Evidence, translate_term};

use super::{EXIT_FINDINGS, EXIT_OK, Global, OutputFormat};

const TRANSLATE_HELP: &str = "\
Candidates come from the glossary (entries holding the term, every English
variant), the translation memory (sentences holding the term and the span
their translations give; phrases learned from them), word associations
learned from every aligned pair in the TM, and word-by-word composition
from the lexicon in English order (énergie éolienne → wind energy). Each
candidate lists its evidence, strongest first; scores combine independent
evidence (0–1).

Examples:
  glossa translate \"énergie éolienne\"
  glossa translate \"centres de données\" --limit 3
  glossa translate \"jeune pousse\" --format json
  glossa --tm project.sqlite translate \"tour de table\" --no-glossary

Exit status: 0 when there is a candidate, 1 when there is none, 2 on error.";

/// English candidates for a French term with no English text, ranked,
/// each with its evidence.
#[derive(Debug, clap::Args)]
#[command(after_help = TRANSLATE_HELP)]
pub struct TranslateArgs {
    /// The French term.
    pub term: String,
    /// Maximum number of candidates.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Ignore every glossary.
    #[arg(long)]
    pub no_glossary: bool,
    /// Ignore the translation memory (sentences and learned
    /// associations).
    #[arg(long)]
    pub no_memory: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
}

pub fn translate_cmd(args: TranslateArgs, g: &Global) -> Result<u8> {
    if args.limit == 0 {
        anyhow::bail!("--limit must be at least 1");
    }
    let glossary = if args.no_glossary {
        None
    } else {
        Some(g.store()?.load().context("loading the glossary")?)
    };
    let found = if args.no_memory {
        translate_term(&args.term, glossary.as_ref(), None, args.limit)?
    } else {
        let ws = g.workspace()?;
        ws.tm().translate(&args.term, glossary.as_ref(), args.limit)?
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "term": args.term.trim(),
                "candidates": found,
            });
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        OutputFormat::Human => print_human(&mut out, &args.term, &found, g)?,
    }
    Ok(if found.is_empty() { EXIT_FINDINGS } else { EXIT_OK })
}

fn print_human(
    out: &mut impl Write,
    term: &str,
    found: &[Candidate],
    g: &Global,
) -> Result<()> {
    let st = g.style();
    if found.is_empty() {
        writeln!(out, "no English candidate for {term:?}")?;
        return Ok(());
    }
    for (i, c) in found.iter().enumerate() {
        writeln!(out, "{:>2}. {}  {:.2}", i + 1, st.bold(&c.en), c.score)?;
        for e in &c.evidence {
            writeln!(out, "      {}", st.dim(&describe(e)))?;
        }
    }
    Ok(())
}

/// One line of evidence.
fn describe(e: &Evidence) -> String {
    match e {
        Evidence::Glossary { entry, fr, preferred } => format!(
            "glossary {entry}: {fr}{}",
            if *preferred { " (preferred)" } else { " (variant)" }
        ),
        Evidence::Memory { sentences, of, score, fr_example, en_example } => {
            format!(
                "memory: {sentences} of {of} sentences (score {score:.2}), \
                 e.g. «{fr_example}» → «{en_example}»"
            )
        }
        Evidence::Learned { dice, both } => {
            format!("learned: association {dice:.2} over {both} pairs")
        }
        Evidence::Composition { parts } => {
            let p: Vec<String> = parts
                .iter()
                .map(|p| format!("{} → {} ({})", p.fr, p.en, p.source))
                .collect();
            format!("composition: {}", p.join(", "))
        }
    }
}
