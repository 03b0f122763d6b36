//! `glossa align | extract | review`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use glossa::align::document::{Document, SentenceAlignment, read_document};
use glossa::align::extract::extract as extract_terms;
use glossa::align::lexicon::Lexicon;
use glossa::align::term::{TermAlignment, TermOptions, align_terms};
use glossa::text::Lang;

use super::{EXIT_OK, Global};

/// Output formats of `align` and `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AlignFormat {
    /// Readable text with evidence.
    Human,
    /// Tab-separated values (see --help for the columns).
    Tsv,
    /// JSON for scripts.
    Json,
}

const ALIGN_HELP: &str = "\
Output (--format tsv):
  with --sentences   FR ids<TAB>EN ids<TAB>score  (1-based, comma-separated,
                     one side may be empty)
  otherwise          fr_term<TAB>en_term<TAB>score, best first per term

Examples:
  glossa align data/sample/deepseek.fr.txt data/sample/deepseek.en.txt
  glossa align fr.sent en.sent --segmented --sentences --format tsv
  glossa align fr.txt en.txt --no-glossary --format json
  glossa align fr.txt en.txt --add      # store pairs as proposed entries
  glossa review                         # then accept, edit or reject them";

/// Align a French article with its English version: sentences, then
/// terms with their English equivalents and the evidence for each.
#[derive(Debug, clap::Args)]
#[command(after_help = ALIGN_HELP)]
pub struct AlignArgs {
    /// The French article (UTF-8, UTF-8 with BOM, or windows-1252).
    pub fr: PathBuf,
    /// The English article.
    pub en: PathBuf,
    /// Inputs are one sentence per line (a blank line is a paragraph
    /// break) instead of prose to split.
    #[arg(long)]
    pub segmented: bool,
    /// Print the sentence alignment (beads) instead of term pairs.
    #[arg(long)]
    pub sentences: bool,
    /// Ignore every glossary (the built-in lexicon stays).
    #[arg(long)]
    pub no_glossary: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: AlignFormat,
    /// Write the best pair of each term to the glossary as a `proposed`
    /// entry with both context sentences (see `glossa review`).
    #[arg(long)]
    pub add: bool,
}

pub fn align(args: AlignArgs, g: &Global) -> Result<u8> {
    let (fr, note_fr) = read_document(&args.fr, Lang::Fr, args.segmented)
        .with_context(|| format!("reading {}", args.fr.display()))?;
    let (en, note_en) = read_document(&args.en, Lang::En, args.segmented)
        .with_context(|| format!("reading {}", args.en.display()))?;
    for (p, n) in [(&args.fr, note_fr), (&args.en, note_en)] {
        if let Some(n) = n {
            eprintln!("glossa: note: {}: {n}", p.display());
        }
    }
    let glossary = if args.no_glossary {
        glossa::Glossary::new()
    } else {
        g.store()?.load().context("loading the glossary")?
    };
    let pairs = glossa::align::glossary_pairs(&glossary);
    let lex = Lexicon::builtin();
    let sa =
        glossa::align::document::align_documents(&fr, &en, Some(lex), &pairs);
    for w in &sa.warnings {
        eprintln!("glossa: warning: {w}");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.sentences {
        print_beads(&mut out, &sa, &fr, &en, args.format, g)?;
        return Ok(EXIT_OK);
    }
    let fs = fr.sentence_texts();
    let es = en.sentence_texts();
    let cands = extract_terms(&fs, lex);
    let terms = align_terms(
        &fs,
        &es,
        &sa.beads,
        &cands,
        lex,
        &pairs,
        &TermOptions::default(),
    );
    print_terms(&mut out, &terms, &fr, &en, args.format, g)?;
    if args.add {
        let source = format!(
            "glossa align {} {}",
            args.fr.display(),
            args.en.display()
        );
        let added = glossa::align::propose(&terms, &fr, &en, &source);
        let store = g.store()?;
        let n = store
            .update(|gl| Ok(glossa::align::add_proposed(gl, added)))
            .with_context(|| {
                format!("writing {}", store.writable().display())
            })?;
        eprintln!(
            "glossa: {n} proposed entries added to {} (review them with \
             `glossa review`)",
            store.writable().display()
        );
    }
    Ok(EXIT_OK)
}

fn print_terms(
    out: &mut impl Write,
    terms: &[TermAlignment],
    fr: &Document,
    en: &Document,
    format: AlignFormat,
    g: &Global,
) -> Result<()> {
    match format {
        AlignFormat::Tsv => {
            for t in terms {
                for (form, _) in &t.candidate.forms {
                    for e in &t.equivalents {
                        writeln!(out, "{}\t{}\t{:.3}", form, e.en, e.score)?;
                    }
                }
            }
        }
        AlignFormat::Json => {
            let v: Vec<serde_json::Value> = terms
                .iter()
                .filter(|t| !t.equivalents.is_empty())
                .map(|t| {
                    serde_json::json!({
                        "fr": t.candidate.text(),
                        "forms": t.candidate.forms.iter().map(|f| &f.0).collect::<Vec<_>>(),
                        "pattern": t.candidate.pattern,
                        "termhood": round3(t.candidate.score),
                        "frequency": t.candidate.frequency(),
                        "equivalents": t.equivalents.iter().map(|e| serde_json::json!({
                            "en": e.en,
                            "score": round3(e.score),
                            "support": e.support,
                            "glossary": e.glossary,
                            "evidence": e.links.iter().map(|l| serde_json::json!({
                                "fr": l.fr, "en": l.en, "kind": l.kind.as_str(),
                            })).collect::<Vec<_>>(),
                            "fr_context": fr.sentence(e.fr_sentence),
                            "en_context": e.en_sentences.iter().map(|&j| en.sentence(j)).collect::<Vec<_>>().join(" "),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
        AlignFormat::Human => {
            let st = g.style();
            // Multiword terms first by termhood, then single words.
            let mut list: Vec<&TermAlignment> =
                terms.iter().filter(|t| !t.equivalents.is_empty()).collect();
            list.sort_by(|a, b| {
                (b.candidate.words > 1)
                    .cmp(&(a.candidate.words > 1))
                    .then(b.candidate.score.total_cmp(&a.candidate.score))
            });
            for t in list {
                let e = &t.equivalents[0];
                let score = format!("{:.2}", e.score);
                let score = if e.score < 0.6 {
                    st.yellow(&format!("{score} low"))
                } else {
                    st.dim(&score)
                };
                writeln!(
                    out,
                    "{} → {}  {}  {}",
                    st.bold(t.candidate.text()),
                    st.cyan(&e.en),
                    score,
                    st.dim(&format!("×{}", t.candidate.frequency()))
                )?;
                let ev: Vec<String> = e
                    .links
                    .iter()
                    .map(|l| {
                        format!("{}={} ({})", l.fr, l.en, l.kind.as_str())
                    })
                    .collect();
                if !ev.is_empty() {
                    writeln!(out, "    evidence: {}", ev.join(", "))?;
                }
                for o in t.equivalents.iter().skip(1) {
                    writeln!(out, "    or: {} {:.2}", o.en, o.score)?;
                }
            }
        }
    }
    Ok(())
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn ids(v: &[usize]) -> String {
    v.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(",")
}

fn print_beads(
    out: &mut impl Write,
    sa: &SentenceAlignment,
    fr: &Document,
    en: &Document,
    format: AlignFormat,
    g: &Global,
) -> Result<()> {
    match format {
        AlignFormat::Tsv => {
            for b in &sa.beads {
                writeln!(
                    out,
                    "{}\t{}\t{:.3}",
                    ids(&b.fr),
                    ids(&b.en),
                    b.score
                )?;
            }
        }
        AlignFormat::Json => {
            let beads: Vec<serde_json::Value> = sa
                .beads
                .iter()
                .map(|b| {
                    serde_json::json!({
                        "fr": b.fr.iter().map(|i| i + 1).collect::<Vec<_>>(),
                        "en": b.en.iter().map(|i| i + 1).collect::<Vec<_>>(),
                        "score": (b.score * 1000.0).round() / 1000.0,
                        "fr_text": b.fr.iter().map(|&i| fr.sentence(i)).collect::<Vec<_>>().join(" "),
                        "en_text": b.en.iter().map(|&i| en.sentence(i)).collect::<Vec<_>>().join(" "),
                    })
                })
                .collect();
            let v = serde_json::json!({
                "beads": beads,
                "warnings": sa.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
        AlignFormat::Human => {
            let st = g.style();
            for b in &sa.beads {
                let label = format!(
                    "FR {} ↔ EN {}",
                    if b.fr.is_empty() { "-".into() } else { ids(&b.fr) },
                    if b.en.is_empty() { "-".into() } else { ids(&b.en) }
                );
                let score = format!("{:.2}", b.score);
                let score = if b.score < 0.3 {
                    st.yellow(&format!("{score} low"))
                } else {
                    st.dim(&score)
                };
                writeln!(out, "{} {}", st.bold(&label), score)?;
                for &i in &b.fr {
                    writeln!(out, "  fr: {}", fr.sentence(i))?;
                }
                for &j in &b.en {
                    writeln!(out, "  en: {}", en.sentence(j))?;
                }
            }
        }
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {}

pub fn extract(_args: ExtractArgs, _g: &Global) -> Result<u8> {
    bail!("glossa extract is not built yet")
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {}

pub fn review(_args: ReviewArgs, _g: &Global) -> Result<u8> {
    bail!("glossa review is not built yet")
}
