//! Scanner benchmark (issue 5): one-pass scanning of French text against a
//! 100k-term glossary, next to a naive per-term search of the same text,
//! and the LSP's diagnostics refresh for a 5,000-word draft.
//!
//! ```text
//! cargo run --release --example bench_scan [-- TERMS MB]
//! ```
//!
//! The glossary is synthetic (made here, deterministic): a third of the
//! terms are 1–3-word combinations of words from the DeepSeek article (so
//! they do occur in the text), the rest pseudo-French words. The text is
//! the French DeepSeek article repeated to the wanted size. Prints a
//! table; no threshold is asserted (speed targets live here, not in
//! tests).

use std::time::{Duration, Instant};

use glossa::glossary::scanner::Scanners;
use glossa::glossary::{Entry, Glossary, LangTag, Term};
use glossa::lsp::convert::{Encoding, LineIndex};
use glossa::text::Lang;

/// xorshift64: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn synthetic_word(r: &mut Rng) -> String {
    const SYL: &[&str] = &[
        "ba", "cé", "di", "fo", "gu", "la", "mé", "no", "pri", "qua", "ro",
        "sé", "tu", "vi", "zo", "tran", "chon", "gné", "ment", "tion", "eur",
        "ique", "al", "isme", "eau", "oir",
    ];
    let n = 2 + r.below(3);
    (0..n).map(|_| SYL[r.below(SYL.len())]).collect()
}

fn glossary(n: usize, words: &[&str]) -> Glossary {
    let mut r = Rng(0x9e3779b97f4a7c15);
    let mut g = Glossary::new();
    let mut seen = std::collections::HashSet::new();
    while g.entries.len() < n {
        let len = 1 + r.below(3);
        let text: Vec<String> = (0..len)
            .map(|_| {
                if g.entries.len().is_multiple_of(3) {
                    words[r.below(words.len())].to_string()
                } else {
                    synthetic_word(&mut r)
                }
            })
            .collect();
        let text = text.join(" ");
        if !seen.insert(text.clone()) {
            continue;
        }
        let mut e = Entry::new(format!("c{}", g.entries.len() + 1));
        e.terms.push(Term::new(LangTag::fr(), text.clone()));
        e.terms.push(Term::new(LangTag::en(), format!("en {text}")));
        g.entries.push(e);
    }
    g
}

/// CPU time of this thread (user + system), from /proc: the machine is
/// shared, so wall time alone would measure the neighbours too.
fn thread_cpu() -> Duration {
    let stat =
        std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the ")" that ends the command name; utime and stime
    // are fields 14 and 15 (1-based), in clock ticks (100 Hz on Linux).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> =
        rest.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    let ticks =
        f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Best wall time of `runs` runs, and the CPU time of that run when it
/// is measurable (≥ 50 ms); prints nothing.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let c = thread_cpu();
        let t = Instant::now();
        let v = f();
        let wall = t.elapsed();
        let cpu = thread_cpu() - c;
        // Under load, CPU time is the fairer figure; with 10 ms ticks it
        // is only usable for long runs.
        let d = if cpu >= Duration::from_millis(50) {
            cpu.min(wall)
        } else {
            wall
        };
        best = best.min(d);
        out = Some(v);
    }
    (best, out.expect("runs > 0"))
}

fn mbs(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n_terms: usize =
        args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let mb: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let article =
        std::fs::read_to_string(root.join("data/sample/deepseek.fr.txt"))
            .expect("data/sample/deepseek.fr.txt");
    let words: Vec<&str> = article
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 3)
        .collect();

    let (t_build, sc) =
        best_of(1, || Scanners::new(glossary(n_terms, &words)));
    let mut text = String::new();
    while text.len() < mb * 1_000_000 {
        text.push_str(&article);
        text.push('\n');
    }
    println!(
        "glossary: {} French terms ({} entries); text: {:.1} MB of French \
         (DeepSeek article repeated)",
        sc.fr.len(),
        sc.glossary.entries.len(),
        text.len() as f64 / 1e6
    );
    println!(
        "build (generate + 2 scanners): {:.0} ms\n",
        t_build.as_secs_f64() * 1e3
    );

    let (t_scan, found) = best_of(5, || sc.fr.scan(&text));
    let (t_over, over) = best_of(5, || sc.fr.scan_overlapping(&text));

    // Naive: every term's folded key searched in the folded text with
    // str::find (two-way). Quadratic in terms × text, so run on a slice
    // and report its throughput.
    let slice_len = 64 * 1024;
    let mut end = slice_len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let folded = glossa::text::key(&text[..end]);
    let keys: Vec<String> = sc
        .glossary
        .entries
        .iter()
        .map(|e| glossa::text::key(&e.terms[0].text))
        .collect();
    let (t_naive, naive_hits) = best_of(1, || {
        let mut hits = 0usize;
        for k in &keys {
            let mut from = 0;
            while let Some(i) = folded[from..].find(k.as_str()) {
                hits += 1;
                from += i + k.len().max(1);
            }
        }
        hits
    });
    let (t_scan_slice, slice_found) = best_of(5, || sc.fr.scan(&text[..end]));

    println!("(times: best of N; thread CPU time when ≥ 50 ms, else wall)\n");
    println!("| method | text | time | MB/s | matches |");
    println!("|---|---|---|---|---|");
    let row = |name: &str, bytes: usize, d: Duration, n: usize| {
        let rate = mbs(bytes, d);
        let rate = if rate < 1.0 {
            format!("{rate:.3}")
        } else {
            format!("{rate:.1}")
        };
        println!(
            "| {name} | {:.2} MB | {:.1} ms | {rate} | {n} |",
            bytes as f64 / 1e6,
            d.as_secs_f64() * 1e3,
        );
    };
    row("scanner (leftmost-longest)", text.len(), t_scan, found.len());
    row("scanner (all overlapping)", text.len(), t_over, over.len());
    row("scanner, 64 KB slice", end, t_scan_slice, slice_found.len());
    // The same text against the real shipped glossary (a few hundred
    // terms), when present.
    let shipped = root.join("glossary");
    if let Ok(g) = glossa::Store::new(&[shipped]).and_then(|s| s.load())
        && !g.entries.is_empty()
    {
        let small = Scanners::new(g);
        let (t, n) = best_of(5, || small.fr.scan(&text).len());
        let name =
            format!("scanner, shipped glossary ({} fr terms)", small.fr.len());
        row(&name, text.len(), t, n);
    }
    row("naive per-term str::find, 64 KB slice", end, t_naive, naive_hits);
    println!(
        "\nscanner vs naive on the same 64 KB: {:.0}x faster",
        t_naive.as_secs_f64() / t_scan_slice.as_secs_f64()
    );
    println!(
        "naive matches are substring hits (no word boundaries, no \
         inflection), so counts differ."
    );

    // Diagnostics refresh: what the LSP does on didChange for a
    // 5,000-word draft: suggest + line map + UTF-16 ranges.
    let mut draft = String::new();
    let mut count = 0;
    'fill: loop {
        for line in article.lines() {
            draft.push_str(line);
            draft.push('\n');
            count += line.split_whitespace().count();
            if count >= 5000 {
                break 'fill;
            }
        }
    }
    let (t_diag, n_diag) = best_of(20, || {
        let lines = LineIndex::new(&draft);
        let f = glossa::suggest::suggest(&sc, &draft, Lang::Fr);
        let ranges: Vec<_> = f
            .iter()
            .map(|f| lines.range(&draft, &f.span, Encoding::Utf16))
            .collect();
        ranges.len()
    });
    println!(
        "\ndiagnostics refresh, {count}-word draft ({:.0} KB): {:.2} ms \
         ({n_diag} diagnostics, best of 20)",
        draft.len() as f64 / 1e3,
        t_diag.as_secs_f64() * 1e3
    );

    // 50 MB on a single line.
    let line: String = text.replace('\n', " ");
    let mut big = String::with_capacity(50_000_000);
    while big.len() < 50_000_000 {
        big.push_str(&line);
    }
    let (t_big, n_big) =
        best_of(1, || glossa::suggest::suggest(&sc, &big, Lang::Fr).len());
    println!(
        "50 MB single line: suggest {:.2} s ({:.1} MB/s, {n_big} findings)",
        t_big.as_secs_f64(),
        mbs(big.len(), t_big)
    );
}
