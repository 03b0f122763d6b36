//! `glossa lookup`.

use std::io::{Read, Write};

use anyhow::{Context, Result, bail};

use glossa::glossary::index::{
    self, CacheState, Hit, LangFilter, LookupOptions, MatchKind,
};

use super::{EXIT_FINDINGS, EXIT_OK, Global, OutputFormat};

const LOOKUP_HELP: &str = "\
Examples:
  glossa lookup puce                         exact, folded, inflected, typos
  glossa lookup \"centres de donnees\"         accents and plurals forgiven
  glossa lookup \"grape de centres de données\" typo + partial
  glossa lookup \"data center\" --lang en      English → French
  glossa lookup \"d’IA\" --format json
  echo \"fonds spéculatifs\" | glossa lookup -

  glossa lookup GPUs --lang en                acronym plurals and possessives

Match kinds, best first: exact, folded (case/accents), inflected (plurals,
possessives, other forms), fuzzy (1–2 edits, a transposition is one),
partial. Each result shows its entry id and, for unreviewed entries,
“proposed”; an approved entry ranks above a proposed one.

Exit status: 0 when something matched, 1 when nothing did (as grep), 2 on
error. The index is cached in .glossa/lookup.idx beside the glossary and
rebuilt when the glossary changes.";

/// Which languages to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// French terms.
    Fr,
    /// English terms.
    En,
    /// Both.
    Any,
}

/// Look a term up, forgiving accents, case, inflection and typos.
#[derive(Debug, clap::Args)]
#[command(after_help = LOOKUP_HELP)]
pub struct LookupArgs {
    /// The term to look up; `-` reads it from standard input.
    pub query: String,
    /// Search French terms, English terms, or both.
    #[arg(long, value_enum, default_value = "any")]
    pub lang: LangArg,
    /// Maximum number of results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
}

/// Read the query from stdin (`-`): at most a little more than the
/// longest accepted query, so a huge input fails fast instead of filling
/// memory.
fn read_stdin_query() -> Result<String> {
    let mut buf = Vec::new();
    let limit = (index::MAX_QUERY_BYTES * 4) as u64;
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut buf)
        .context("reading the query from standard input")?;
    if buf.len() as u64 > limit {
        bail!(
            "query on standard input is too long (at most {} bytes)",
            index::MAX_QUERY_BYTES
        );
    }
    let s = String::from_utf8(buf).map_err(|e| {
        anyhow::anyhow!(
            "query on standard input is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(s.trim_end_matches(['\n', '\r']).to_string())
}

pub fn lookup(args: LookupArgs, g: &Global) -> Result<u8> {
    let query = if args.query == "-" {
        read_stdin_query()?
    } else {
        args.query.clone()
    };
    // Check the query before touching the glossary: bad input fails fast.
    let query = index::check_query(&query)?.to_string();
    if args.limit == 0 {
        bail!("--limit must be at least 1");
    }
    let ws = g.workspace()?;
    if g.database.is_none() && g.store()?.files()?.is_empty() {
        bail!(
            "no glossary file found at {} (give one with --glossary)",
            g.glossary[0].display()
        );
    }
    let (index, state) = ws.lookup_index()?;
    match &state {
        CacheState::Fresh => {}
        CacheState::Rebuilt(why) => {
            eprintln!("glossa: lookup index rebuilt ({why})")
        }
        CacheState::Unsaved(why) => {
            eprintln!("glossa: lookup index not cached ({why})")
        }
    }
    let lang = match args.lang {
        LangArg::Fr => LangFilter::Fr,
        LangArg::En => LangFilter::En,
        LangArg::Any => LangFilter::Any,
    };
    let hits =
        index.lookup(&query, &LookupOptions { lang, limit: args.limit })?;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &hits)?;
            writeln!(out)?;
        }
        OutputFormat::Human => print_human(&mut out, &query, &hits, g)?,
    }
    Ok(if hits.is_empty() { EXIT_FINDINGS } else { EXIT_OK })
}

fn print_human(
    out: &mut impl Write,
    query: &str,
    hits: &[Hit],
    g: &Global,
) -> Result<()> {
    let st = g.style();
    if hits.is_empty() {
        writeln!(out, "no match for {query:?}")?;
        return Ok(());
    }
    for h in hits {
        let kind = match h.kind {
            MatchKind::Exact | MatchKind::Folded => st.green(h.kind.as_str()),
            MatchKind::Stemmed => st.cyan(h.kind.as_str()),
            MatchKind::Fuzzy { .. } => st.yellow(h.kind.as_str()),
            MatchKind::Partial => st.dim(h.kind.as_str()),
        };
        let term = if h.replacement.is_some() || h.status == "deprecated" {
            st.red(&h.term)
        } else {
            st.bold(&h.term)
        };
        let arrow = if h.translations.is_empty() {
            String::new()
        } else {
            format!(" → {}", h.translations.join(", "))
        };
        let state = if h.state == "proposed" {
            format!(", {}", st.yellow("proposed"))
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:>3}  {term} ({}){arrow}  [{kind}, {}{state}]",
            h.score, h.lang, h.entry_id
        )?;
        writeln!(out, "     {}", st.dim(&h.explanation))?;
    }
    Ok(())
}
