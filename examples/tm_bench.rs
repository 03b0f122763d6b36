//! Benchmark driver for the translation memory (issue 6); run through
//! `benchmarks/tm_bench.sh`, which prints the table.
//!
//! ```text
//! tm_bench generate N OUT.tmx [SEED]        synthetic TMX (seeded)
//! tm_bench queries N SEED COUNT OUT.txt     queries for that TMX, one a line
//! tm_bench parse FILE.tmx                   TMX parse only: units, seconds
//! tm_bench import TM FILE.tmx               import into TM: units, seconds
//! tm_bench search TM QUERIES.txt BEST.jsonl in-process search latencies;
//!                                           best match per query as JSON
//! ```
//! Timings go to stdout as `key=value` words for the script to read.

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::Instant;

use glossa::formats::tmx;
use glossa::synth::tmx as synthetic;
use glossa::tm::{SearchOptions, Tm};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| -> &str { args.get(i).map_or("", |s| s.as_str()) };
    match arg(0) {
        "generate" => {
            let n: usize = arg(1).parse()?;
            let seed: u64 = arg(3).parse().unwrap_or(1);
            let f = std::fs::File::create(arg(2))?;
            synthetic::write_tmx(f, n, seed)?;
        }
        "queries" => {
            let n: usize = arg(1).parse()?;
            let seed: u64 = arg(2).parse()?;
            let count: usize = arg(3).parse()?;
            let mut f =
                std::io::BufWriter::new(std::fs::File::create(arg(4))?);
            for q in synthetic::queries(n, seed, count) {
                writeln!(f, "{q}")?;
            }
        }
        "parse" => {
            let t = Instant::now();
            let bytes = std::fs::read(arg(1))?;
            let text = glossa::formats::encoding::decode_xml(&bytes)?;
            let mut n = 0u64;
            tmx::read_each(
                &text,
                |_| Ok(()),
                |_| {
                    n += 1;
                    Ok(())
                },
            )?;
            let s = t.elapsed().as_secs_f64();
            println!(
                "units={n} seconds={s:.3} per_second={:.0}",
                n as f64 / s
            );
        }
        "import" => {
            let t = Instant::now();
            let mut tm = Tm::open(Path::new(arg(1)))?;
            let stats = tm.import_tmx(&[arg(2).into()])?;
            let s = t.elapsed().as_secs_f64();
            let n = stats[0].units;
            println!(
                "units={n} added={} seconds={s:.3} per_second={:.0}",
                stats[0].added,
                n as f64 / s
            );
        }
        "search" => {
            let tm = Tm::open_existing(Path::new(arg(1)))?;
            let queries: Vec<String> =
                std::io::BufReader::new(std::fs::File::open(arg(2))?)
                    .lines()
                    .collect::<Result<_, _>>()?;
            let mut best =
                std::io::BufWriter::new(std::fs::File::create(arg(3))?);
            let opts = SearchOptions { min: 70, limit: 1 };
            // One warm-up query (page cache, statement cache).
            tm.search(&queries[0], &opts)?;
            let mut times = Vec::with_capacity(queries.len());
            for q in &queries {
                let t = Instant::now();
                let found = tm.search(q, &opts)?;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                let line = match found.first() {
                    Some(m) => serde_json::json!({
                        "query": q, "source": m.unit.source, "score": m.score
                    }),
                    None => serde_json::json!({ "query": q, "source": null }),
                };
                writeln!(best, "{line}")?;
            }
            times.sort_by(|a, b| a.total_cmp(b));
            let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
            println!(
                "queries={} p50_ms={:.2} p95_ms={:.2} max_ms={:.2}",
                times.len(),
                pct(0.5),
                pct(0.95),
                pct(1.0)
            );
        }
        _ => {
            eprintln!("usage: see the doc comment of examples/tm_bench.rs");
            std::process::exit(2);
        }
    }
    Ok(())
}
