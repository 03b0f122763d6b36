//! Times each phase of a glossary import (read, check, merge, write) on a
//! file given as argument; used by benchmarks/import_bench.sh to see where
//! the time goes. `cargo run --release --example import_phases FILE.tsv`
use std::time::Instant;

fn main() -> glossa::Result<()> {
    let path = std::env::args().nth(1).expect("usage: import_phases FILE");
    let t = Instant::now();
    let bytes = std::fs::read(&path)?;
    let lap = |what: &str, t: &mut Instant| {
        eprintln!("{what:>10}: {:.2} s", t.elapsed().as_secs_f64());
        *t = Instant::now();
    };
    let mut t = t;
    lap("read", &mut t);
    let g = glossa::formats::read_glossary(&bytes, None)?;
    lap("parse", &mut t);
    let p = g.problems();
    assert!(p.is_empty());
    lap("problems", &mut t);
    let mut into = glossa::Glossary::new();
    let (added, _) = into.merge(g);
    lap("merge", &mut t);
    let p = into.problems();
    assert!(p.is_empty());
    lap("problems", &mut t);
    let mut out = Vec::new();
    glossa::formats::native::write(&mut out, &into)?;
    lap("write", &mut t);
    drop(into);
    lap("drop", &mut t);
    eprintln!("{added} entries, {} bytes written", out.len());
    Ok(())
}
