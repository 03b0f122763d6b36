//! Write a synthetic termbase of realistic French multiword terms with
//! English equivalents, deterministic by seed (issue 3), for the
//! benchmarks (`benchmarks/lookup_bench.sh`, `scan_bench.sh`,
//! `web_load.sh`). The generator is the dev-only `glossa::synth`, so this
//! lives here rather than in the `glossa` binary.
//!
//! ```text
//! cargo run --release --example generate -- --terms 100000 -o /tmp/big/glossary.csv
//! cargo run --release --example generate -- --terms 1000000 --seed 2 -o big.tbx --format tbx
//! glossa --glossary /tmp/big lookup "centre de donnes"
//! ```

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Parser;
use glossa::formats::{native, tbx};
use glossa::glossary::store;

/// Format of a generated termbase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum GenFormat {
    /// glossa CSV (usable as `--glossary`).
    Native,
    /// TBX v2 (TBX-Basic).
    Tbx,
}

/// Write a synthetic termbase of realistic French multiword terms with
/// English equivalents (for benchmarks). Deterministic by seed.
#[derive(Debug, Parser)]
#[command(name = "generate")]
struct Args {
    /// Number of terms (French and English together).
    #[arg(long)]
    terms: usize,
    /// Output file.
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "native")]
    format: GenFormat,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.terms == 0 || args.terms > 50_000_000 {
        bail!("--terms must be between 1 and 50000000");
    }
    let g = glossa::synth::generate(args.terms, args.seed);
    if let Some(dir) = args.output.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    store::save_atomic(&args.output, |w| match args.format {
        GenFormat::Native => native::write(w, &g),
        GenFormat::Tbx => tbx::write(w, &g, tbx::Version::V2),
    })
    .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "generate: wrote {} terms in {} entries to {}",
        g.term_count(),
        g.entries.len(),
        args.output.display()
    );
    Ok(())
}
