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
  glossa align fr.txt en.txt --into-tm  # keep the sentence pairs as TM
  glossa align article.fr.docx article.en.docx
  glossa align translated.xlf           # an XLIFF is an aligned pair
  glossa review                         # then accept, edit or reject them";

/// Align a French article with its English version: sentences, then
/// terms with their English equivalents and the evidence for each.
#[derive(Debug, clap::Args)]
#[command(after_help = ALIGN_HELP)]
pub struct AlignArgs {
    /// The French article (UTF-8, UTF-8 with BOM, or windows-1252; or
    /// .docx, .odt, .html, .md), or an XLIFF file (1.2 or 2.x), which is
    /// an already aligned pair: then no English file is given.
    pub fr: PathBuf,
    /// The English article.
    pub en: Option<PathBuf>,
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
    /// Write the pairs a terminologist would likely accept to the
    /// glossary as `proposed` entries (singular forms, both context
    /// sentences, confidence and evidence in the note), best first; see
    /// `glossa review`. Pairs already in the glossary or rejected before
    /// are not proposed again.
    #[arg(long)]
    pub add: bool,
    /// With --add: propose every aligned candidate scoring at least 0.6
    /// (no termhood, name or fragment filtering, no confidence bar).
    #[arg(long, requires = "add")]
    pub all: bool,
    /// With --add: also propose proper names written the same in both
    /// languages.
    #[arg(long)]
    pub names: bool,
    /// With --add: lowest confidence proposed (0–1).
    #[arg(long, value_name = "C", default_value_t = glossa::align::queue::MIN_CONFIDENCE)]
    pub min_confidence: f64,
    /// Also store the aligned sentence pairs in the translation memory
    /// (`--tm`, default glossary/tm.sqlite), with the French file as
    /// origin.
    #[arg(long)]
    pub into_tm: bool,
}

/// The two documents of `align`: two article files, or one XLIFF file
/// whose segments are already aligned.
fn align_inputs(
    args: &AlignArgs,
) -> Result<(Document, Document, Option<SentenceAlignment>)> {
    let Some(en_path) = &args.en else {
        let bytes = glossa::limits::read_file(
            &args.fr,
            glossa::limits::MAX_ARTICLE_FILE,
            "XLIFF file",
        )?;
        if !glossa::formats::xliff::looks_like(&args.fr, &bytes) {
            bail!(
                "{}: give the English article too (align FR EN), or an \
                 XLIFF file (it is {})",
                args.fr.display(),
                glossa::formats::what_is(&bytes)
            );
        }
        let x = glossa::formats::xliff::read(&bytes)
            .map_err(|e| e.in_file(&args.fr))?;
        let segs: Vec<(&str, &str)> = x
            .segments
            .iter()
            .map(|s| (s.source.as_str(), s.target.as_str()))
            .collect();
        let (fr, en, sa) = glossa::align::document::from_segments(&segs);
        return Ok((fr, en, Some(sa)));
    };
    let (fr, note_fr) = read_document(&args.fr, Lang::Fr, args.segmented)
        .with_context(|| format!("reading {}", args.fr.display()))?;
    let (en, note_en) = read_document(en_path, Lang::En, args.segmented)
        .with_context(|| format!("reading {}", en_path.display()))?;
    for (p, n) in [(&args.fr, note_fr), (en_path, note_en)] {
        if let Some(n) = n {
            eprintln!("glossa: note: {}: {n}", p.display());
        }
    }
    Ok((fr, en, None))
}

pub fn align(args: AlignArgs, g: &Global) -> Result<u8> {
    let (fr, en, given) = align_inputs(&args)?;
    let glossary = if args.no_glossary {
        glossa::Glossary::new()
    } else {
        g.workspace()?.glossary_entries().context("loading the glossary")?
    };
    let pairs = glossa::align::glossary_pairs(&glossary);
    let lex = Lexicon::builtin();
    let sa = given.unwrap_or_else(|| {
        glossa::align::document::align_documents(&fr, &en, Some(lex), &pairs)
    });
    for w in &sa.warnings {
        eprintln!("glossa: warning: {w}");
    }
    if args.into_tm {
        let origin = args.fr.display().to_string();
        let units =
            glossa::align::document::translation_units(&sa, &fr, &en, &origin);
        let ws = g.workspace()?;
        let stats = ws.tm().add_units(&units).with_context(|| {
            format!("writing the TM {}", ws.tm().describe())
        })?;
        eprintln!(
            "glossa: {} sentence pairs stored in {} ({} new, {} already \
             there)",
            units.len(),
            ws.tm().describe(),
            stats.added,
            stats.merged
        );
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
        let source = match &args.en {
            Some(en) => {
                format!("glossa align {} {}", args.fr.display(), en.display())
            }
            None => format!("glossa align {}", args.fr.display()),
        };
        let opts = glossa::align::ProposeOptions {
            min_confidence: args.min_confidence,
            all: args.all,
            names: args.names,
        };
        let proposals =
            glossa::align::propose(&terms, &fr, &en, &source, &opts);
        let store = g.store()?;
        let rejected_path =
            glossa::align::Rejected::path_for(store.writable());
        let rejected = glossa::align::Rejected::load(&rejected_path)?;
        let ws = g.workspace()?;
        let (n, merged) = ws
            .update(|gl| {
                Ok(glossa::align::add_proposed(gl, proposals, &rejected))
            })
            .with_context(|| format!("writing {}", ws.describe()))?;
        eprintln!(
            "glossa: {n} proposed entries added to {}{} (review them with \
             `glossa review`)",
            ws.describe(),
            if merged > 0 {
                format!(", {merged} variants added to entries already there")
            } else {
                String::new()
            }
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
            // Ranked by confidence (the order of the review queue), then
            // termhood.
            let mut list: Vec<(&TermAlignment, f64)> = terms
                .iter()
                .filter(|t| !t.equivalents.is_empty())
                .map(|t| (t, glossa::align::queue::confidence(t)))
                .collect();
            list.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then(b.0.candidate.score.total_cmp(&a.0.candidate.score))
            });
            for (t, conf) in list {
                let e = &t.equivalents[0];
                let score = format!("confidence {conf:.2}");
                let score = if conf < glossa::align::queue::MIN_CONFIDENCE {
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

const EXTRACT_HELP: &str = "\
Output (--format tsv): term<TAB>score<TAB>frequency, best first.

Examples:
  glossa extract data/sample/deepseek.fr.txt
  glossa extract article.fr.txt --format tsv --min-words 2 | head -20";

/// Extract French term candidates from an article: noun phrases found
/// by part-of-speech patterns (N ADJ, N de N, N à N, N en N…), ranked by
/// C-value (termhood) and frequency.
#[derive(Debug, clap::Args)]
#[command(after_help = EXTRACT_HELP)]
pub struct ExtractArgs {
    /// The French text (UTF-8, UTF-8 with BOM, or windows-1252).
    pub file: PathBuf,
    /// The input is one sentence per line.
    #[arg(long)]
    pub segmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: AlignFormat,
    /// Only candidates with at least this many content words.
    #[arg(long, default_value_t = 1)]
    pub min_words: usize,
    /// At most this many candidates (0: all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
}

pub fn extract(args: ExtractArgs, _g: &Global) -> Result<u8> {
    let (doc, note) = read_document(&args.file, Lang::Fr, args.segmented)
        .with_context(|| format!("reading {}", args.file.display()))?;
    if let Some(n) = note {
        eprintln!("glossa: note: {}: {n}", args.file.display());
    }
    let cands = extract_terms(&doc.sentence_texts(), Lexicon::builtin());
    let mut list: Vec<_> =
        cands.iter().filter(|c| c.words >= args.min_words).collect();
    if args.limit > 0 {
        list.truncate(args.limit);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        AlignFormat::Tsv => {
            for c in list {
                writeln!(
                    out,
                    "{}\t{:.3}\t{}",
                    c.text(),
                    c.termhood,
                    c.frequency()
                )?;
            }
        }
        AlignFormat::Json => {
            let v: Vec<serde_json::Value> = list
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "term": c.text(),
                        "forms": c.forms.iter().map(|f| &f.0).collect::<Vec<_>>(),
                        "score": round3(c.termhood),
                        "c_value": round3(c.score),
                        "frequency": c.frequency(),
                        "pattern": c.pattern,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        AlignFormat::Human => {
            let st = _g.style();
            for c in list {
                writeln!(
                    out,
                    "{:>7.2}  ×{:<3} {}  {}",
                    c.termhood,
                    c.frequency(),
                    st.bold(c.text()),
                    st.dim(&c.pattern)
                )?;
            }
        }
    }
    Ok(EXIT_OK)
}

const REVIEW_HELP: &str = "\
On a terminal, each proposed entry is shown with its contexts and
evidence; answer a (accept), e (edit the English term, then accept),
r (reject: delete the entry), s (skip) or q (quit). Without a terminal,
use the flags.

Examples:
  glossa review
  glossa review --list
  glossa review --accept c12 --accept c13 --reject c14
  glossa review --accept-all";

/// Review proposed entries (from `glossa align --add`): accept, edit or
/// reject them. Accepted entries become `approved`; rejected ones are
/// deleted.
#[derive(Debug, clap::Args)]
#[command(after_help = REVIEW_HELP)]
pub struct ReviewArgs {
    /// List proposed entries and exit.
    #[arg(long)]
    pub list: bool,
    /// Accept this entry (repeatable).
    #[arg(long, value_name = "ID")]
    pub accept: Vec<String>,
    /// Reject (delete) this entry (repeatable).
    #[arg(long, value_name = "ID")]
    pub reject: Vec<String>,
    /// Replace the English term of an entry, then accept it:
    /// `--edit ID=TERM` (repeatable).
    #[arg(long, value_name = "ID=TERM")]
    pub edit: Vec<String>,
    /// Accept every proposed entry.
    #[arg(long)]
    pub accept_all: bool,
}

pub fn review(args: ReviewArgs, g: &Global) -> Result<u8> {
    use glossa::align::review::{Decision, apply, proposed};
    let ws = g.workspace()?;
    let glossary = ws.glossary_entries().context("loading the glossary")?;
    let pending = proposed(&glossary);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let st = g.style();
    if args.list {
        for e in &pending {
            let fr = e.preferred("fr").map_or("", |t| t.text.as_str());
            let en = e.preferred("en").map_or("", |t| t.text.as_str());
            writeln!(out, "{}\t{}\t{}\t{}", e.id, fr, en, e.note)?;
        }
        return Ok(EXIT_OK);
    }
    let mut decisions: Vec<(String, Decision)> = Vec::new();
    for id in &args.accept {
        decisions.push((id.clone(), Decision::Accept));
    }
    for id in &args.reject {
        decisions.push((id.clone(), Decision::Reject));
    }
    for e in &args.edit {
        let Some((id, term)) = e.split_once('=') else {
            bail!("--edit expects ID=TERM, got {e:?}");
        };
        decisions.push((id.to_string(), Decision::Edit(term.to_string())));
    }
    if args.accept_all {
        for e in &pending {
            if !decisions.iter().any(|(id, _)| *id == e.id) {
                decisions.push((e.id.clone(), Decision::Accept));
            }
        }
    }
    let interactive = decisions.is_empty()
        && std::io::IsTerminal::is_terminal(&std::io::stdin());
    if decisions.is_empty() && !interactive {
        writeln!(
            out,
            "{} proposed entries; use --list, --accept ID, --reject ID, \
             --edit ID=TERM or --accept-all (or run on a terminal)",
            pending.len()
        )?;
        return Ok(EXIT_OK);
    }
    if interactive {
        let stdin = std::io::stdin();
        let total = pending.len();
        'entries: for (k, e) in pending.iter().enumerate() {
            let fr = e.preferred("fr");
            let en = e.preferred("en");
            writeln!(
                out,
                "\n{} {}  {} → {}",
                st.dim(&format!("[{} of {total}]", k + 1)),
                st.dim(&e.id),
                st.bold(fr.map_or("", |t| t.text.as_str())),
                st.cyan(en.map_or("", |t| t.text.as_str()))
            )?;
            if let Some(t) = fr {
                writeln!(out, "  fr: {}", t.context)?;
            }
            if let Some(t) = en {
                writeln!(out, "  en: {}", t.context)?;
            }
            writeln!(out, "  {}", st.dim(&e.note))?;
            loop {
                write!(out, "[a]ccept [e]dit [r]eject [s]kip [q]uit? ")?;
                out.flush()?;
                let mut line = String::new();
                if stdin.read_line(&mut line)? == 0 {
                    break 'entries;
                }
                match line.trim() {
                    "a" => decisions.push((e.id.clone(), Decision::Accept)),
                    "r" => decisions.push((e.id.clone(), Decision::Reject)),
                    "s" | "" => {}
                    "q" => break 'entries,
                    "e" => {
                        write!(out, "English term: ")?;
                        out.flush()?;
                        let mut t = String::new();
                        stdin.read_line(&mut t)?;
                        let t = t.trim();
                        if t.is_empty() {
                            continue;
                        }
                        decisions.push((
                            e.id.clone(),
                            Decision::Edit(t.to_string()),
                        ));
                    }
                    _ => continue,
                }
                break;
            }
        }
    }
    let n = decisions.len();
    // Rejected pairs are remembered so `align --add` never proposes them
    // again.
    let rejected: Vec<(String, String)> = decisions
        .iter()
        .filter(|(_, d)| *d == Decision::Reject)
        .filter_map(|(id, _)| glossary.get(id))
        .filter_map(|e| {
            Some((
                e.preferred("fr")?.text.clone(),
                e.preferred("en")?.text.clone(),
            ))
        })
        .collect();
    ws.update(|gl| apply(gl, &decisions))
        .with_context(|| format!("writing {}", ws.describe()))?;
    let rejected_path =
        glossa::align::Rejected::path_for(g.store()?.writable());
    glossa::align::Rejected::append(&rejected_path, &rejected)?;
    writeln!(out, "{n} decisions saved to {}", ws.describe())?;
    Ok(EXIT_OK)
}
