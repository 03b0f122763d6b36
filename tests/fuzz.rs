//! Fuzzing kept in the project (issue 14): one harness per reader (TBX,
//! TMX, spreadsheet CSV, OmegaT TSV, native CSV; issue 15: XLSX, memoQ
//! CSV, XLIFF, .docx), the language server's
//! message loop and the web API's JSON bodies.
//!
//! cargo-fuzz is not installed on the project's machines, so the engine
//! is a mutation loop driven by proptest's seeded RNG: each case takes a
//! seed input (the fixtures in `tests/data/`, `exports/`, and the corpus
//! in `fuzz/corpus/<harness>/`) and applies random byte edits (flips,
//! control characters, markup fragments, deletions, duplications,
//! splices). The property is the project rule: no panic, no hang, and a
//! failure is an error naming where it happened.
//!
//! `cargo test --test fuzz` runs a short pass (CI: a few seconds per
//! harness). `fuzz/run.sh SECONDS` runs each harness for that long
//! (`GLOSSA_FUZZ_SECS`), prints executions per harness, saves inputs
//! that made a new kind of error into `fuzz/corpus/<harness>/` and any
//! panicking input into `fuzz/crashes/`.

mod common;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use glossa::formats::{
    self, GlossaryFormat, csv, doc, memoq, native, tbx, tmx, tsv, xliff, xlsx,
};
use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};

/// How long each harness runs: `GLOSSA_FUZZ_SECS`, else a short pass.
fn budget(default_ms: u64) -> Duration {
    match std::env::var("GLOSSA_FUZZ_SECS").ok().and_then(|s| s.parse().ok()) {
        Some(s) => Duration::from_secs(s),
        None => Duration::from_millis(default_ms),
    }
}

fn root() -> PathBuf {
    common::root()
}

/// Seed inputs: the named fixtures plus the harness's saved corpus.
fn seeds(harness: &str, fixtures: &[&str]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = fixtures
        .iter()
        .map(|f| std::fs::read(root().join(f)).expect(f))
        .collect();
    if let Ok(dir) = std::fs::read_dir(corpus_dir(harness)) {
        let mut files: Vec<PathBuf> =
            dir.flatten().map(|f| f.path()).collect();
        files.sort();
        out.extend(files.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    out
}

fn corpus_dir(harness: &str) -> PathBuf {
    root().join("fuzz").join("corpus").join(harness)
}

/// Fragments worth inserting: markup, escapes, line ends, controls.
const DICT: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"&",
    b"&#x1;",
    b"&#0;",
    b"&#xFFFF;",
    b"&amp;",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE x [<!ENTITY e \"x\">]>",
    b"&e;",
    b"<termEntry id=\"c1\">",
    b"<langSet xml:lang=\"fr\">",
    b"<tig><term>",
    b"</term></tig>",
    b"<tu>",
    b"<tuv xml:lang=\"en\">",
    b"<seg>",
    b"</seg>",
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\r\n",
    b"\n",
    b"\r",
    b"#",
    b"'=",
    b"\x00",
    b"\x01",
    b"\x1b",
    b"\xc3\xa9",
    b"\xe2\x80\x99",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xf0\x9f\x98\x80",
    b"\xc3",
    b"id,lang,term\n",
    b"c1,fr,puce\n",
    b"c1,en,chip\n",
    b"fr,en\n",
    b"puce\tchip\n",
];

/// One random mutation of `input` (possibly several edits).
fn mutate(rng: &mut TestRng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    let edits = 1 + rng.next_u32() % 8;
    for _ in 0..edits {
        let len = v.len();
        let at =
            if len == 0 { 0 } else { rng.next_u32() as usize % (len + 1) };
        match rng.next_u32() % 8 {
            0 if len > 0 => {
                let i = at.min(len - 1);
                v[i] ^= 1 << (rng.next_u32() % 8);
            }
            1 => {
                let d = DICT[rng.next_u32() as usize % DICT.len()];
                v.splice(at..at, d.iter().copied());
            }
            2 if len > 0 => {
                let n = 1 + rng.next_u32() as usize % 64;
                let end = (at + n).min(len);
                v.drain(at..end);
            }
            3 if len > 0 => {
                let n = 1 + rng.next_u32() as usize % 256;
                let start = at.min(len - 1);
                let end = (start + n).min(len);
                let chunk = v[start..end].to_vec();
                let times = 1 + rng.next_u32() % 4;
                for _ in 0..times {
                    v.splice(start..start, chunk.iter().copied());
                }
            }
            4 => {
                let b = (rng.next_u32() % 256) as u8;
                v.insert(at, b);
            }
            5 if !others.is_empty() => {
                let o = &others[rng.next_u32() as usize % others.len()];
                if !o.is_empty() {
                    let s = rng.next_u32() as usize % o.len();
                    let e =
                        (s + 1 + rng.next_u32() as usize % 512).min(o.len());
                    v.splice(at..at, o[s..e].iter().copied());
                }
            }
            6 => v.truncate(at),
            _ => {
                let n = 1 + rng.next_u32() as usize % 16;
                let start = at.min(len);
                let end = (start + n).min(len);
                v.splice(start..end, std::iter::empty());
            }
        }
        if v.len() > 1 << 20 {
            v.truncate(1 << 20);
        }
    }
    v
}

/// A kind of outcome, for the corpus: errors by message with digits and
/// quoted values blanked.
fn kind(outcome: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in outcome.chars().take(120) {
        match c {
            '"' => {
                quoted = !quoted;
                out.push('"');
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The most inputs one campaign adds to a harness's corpus.
const MAX_CORPUS: usize = 50;

/// Run `check` on mutated seeds until the budget is spent. A panic
/// saves the input in `fuzz/crashes/` and fails the test; an input with
/// a new outcome kind joins the corpus when `GLOSSA_FUZZ_SAVE` is set.
fn campaign(
    harness: &str,
    fixtures: &[&str],
    default_ms: u64,
    check: impl Fn(&[u8]) -> String,
) {
    let seeds = seeds(harness, fixtures);
    let seed: u64 = std::env::var("GLOSSA_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..8 + harness.len().min(24)]
        .copy_from_slice(&harness.as_bytes()[..harness.len().min(24)]);
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &key);
    let save = std::env::var_os("GLOSSA_FUZZ_SAVE").is_some();
    let mut kinds: HashSet<String> = HashSet::new();
    let (start, limit) = (Instant::now(), budget(default_ms));
    let mut execs = 0u64;
    let mut slowest = Duration::ZERO;
    let mut saved = 0;
    while execs == 0 || start.elapsed() < limit {
        let base = &seeds[rng.next_u32() as usize % seeds.len()];
        let input = if execs < seeds.len() as u64 {
            seeds[execs as usize].clone()
        } else {
            mutate(&mut rng, base, &seeds)
        };
        let t = Instant::now();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check(&input)
        }));
        slowest = slowest.max(t.elapsed());
        execs += 1;
        match r {
            Ok(outcome) => {
                if kinds.insert(kind(&outcome)) && save && saved < MAX_CORPUS {
                    saved += 1;
                    let dir = corpus_dir(harness);
                    std::fs::create_dir_all(&dir).unwrap();
                    let name = format!("{:016x}", fxhash(&input));
                    std::fs::write(dir.join(name), &input).unwrap();
                }
            }
            Err(_) => {
                let dir = root().join("fuzz").join("crashes").join(harness);
                std::fs::create_dir_all(&dir).unwrap();
                let p = dir.join(format!("{:016x}", fxhash(&input)));
                std::fs::write(&p, &input).unwrap();
                panic!("{harness}: panic on {} (input saved)", p.display());
            }
        }
    }
    let line = format!(
        "fuzz {harness}: {execs} executions in {:.1} s, {} outcome kinds, \
         slowest case {:.3} s",
        start.elapsed().as_secs_f64(),
        kinds.len(),
        slowest.as_secs_f64()
    );
    eprintln!("{line}");
    if let Ok(p) = std::env::var("GLOSSA_FUZZ_REPORT") {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .unwrap();
        writeln!(f, "{line}").unwrap();
    }
}

fn fxhash(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
        (h ^ x as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// What the readers must guarantee on any input: an error names a line,
/// entry or nothing worse than the file; a glossary that reads can be
/// checked and written in every format without a panic.
fn glossary_outcome(r: glossa::Result<glossa::Glossary>) -> String {
    match r {
        Err(e) => e.to_string(),
        Ok(g) => {
            let problems = g.problems();
            for f in [
                GlossaryFormat::Native,
                GlossaryFormat::Tbx,
                GlossaryFormat::Tbx3,
                GlossaryFormat::Csv,
                GlossaryFormat::Tsv,
                GlossaryFormat::Xlsx,
                GlossaryFormat::Memoq,
            ] {
                let mut out = Vec::new();
                let w = formats::write_glossary(&mut out, &g, f);
                // What passes the model's rules can be written.
                if problems.is_empty() {
                    w.unwrap_or_else(|e| panic!("{f:?} export failed: {e}"));
                }
            }
            if problems.is_empty() {
                // The native CSV round trip is lossless.
                let mut out = Vec::new();
                native::write(&mut out, &g).unwrap();
                assert_eq!(native::read(&out[..]).unwrap(), g);
            }
            format!("ok {} problems", problems.len().min(1))
        }
    }
}

#[test]
fn fuzz_tbx_reader() {
    campaign(
        "tbx",
        &[
            "tests/data/tbx-basic.tbx",
            "tests/data/martif-ntig.tbx",
            "tests/data/v3-dct.tbx",
            "tests/data/utf16le-bom.tbx",
            "tests/data/windows-1252.tbx",
            "exports/glossary.tbx",
            "exports/glossary.v3.tbx",
        ],
        4000,
        |b| glossary_outcome(tbx::read(b)),
    );
}

#[test]
fn fuzz_tmx_reader() {
    campaign(
        "tmx",
        &[
            "tests/data/tm/inline.tmx",
            "tests/data/tm/inline.utf16le.tmx",
            "tests/data/tm/malformed.tmx",
            "tests/data/tm/truncated.tmx",
        ],
        4000,
        |b| {
            let text = match tmx::decode(b) {
                Ok(t) => t,
                Err(e) => return e.to_string(),
            };
            let mut units = 0usize;
            match tmx::read_each(
                &text,
                |_| Ok(()),
                |_| {
                    units += 1;
                    Ok(())
                },
            ) {
                Ok(()) => format!("ok {}", units.min(1)),
                Err(e) => e.to_string(),
            }
        },
    );
}

#[test]
fn fuzz_csv_reader() {
    campaign(
        "csv",
        &[
            "tests/data/memoq-bom-semicolon.csv",
            "tests/data/utf16-comma.csv",
            "exports/glossary.csv",
        ],
        3000,
        |b| glossary_outcome(csv::read(b)),
    );
}

#[test]
fn fuzz_tsv_reader() {
    campaign(
        "tsv",
        &["tests/data/omegat.tsv", "exports/glossary.tsv"],
        3000,
        |b| glossary_outcome(tsv::read(b)),
    );
}

#[test]
fn fuzz_native_reader() {
    campaign(
        "native",
        &["tests/data/every-field.csv", "glossary/glossary.csv"],
        3000,
        |b| glossary_outcome(native::read(b)),
    );
}

#[test]
fn fuzz_xlsx_reader() {
    campaign("xlsx", &["tests/data/cat/every-field.xlsx"], 3000, |b| {
        glossary_outcome(xlsx::read(b))
    });
}

#[test]
fn fuzz_memoq_reader() {
    campaign("memoq", &["tests/data/cat/every-field.memoq.csv"], 3000, |b| {
        glossary_outcome(memoq::read(b))
    });
}

#[test]
fn fuzz_xliff_reader() {
    campaign(
        "xliff",
        &[
            "tests/data/cat/omegat-deepseek.xlf",
            "tests/data/cat/xliff2-everything-core.xlf",
        ],
        3000,
        |b| match xliff::read(b) {
            Ok(x) => {
                let units = glossa::tm::units_from_xliff(&x, "fuzz");
                format!(
                    "ok {} {}",
                    x.segments.len().min(1),
                    units.len().min(1)
                )
            }
            Err(e) => e.to_string(),
        },
    );
}

#[test]
fn fuzz_docx_reader() {
    campaign("docx", &["tests/data/cat/deepseek.fr.docx"], 3000, |b| {
        match doc::to_text(b, doc::DocKind::Docx) {
            Ok(t) => format!("ok {}", t.len().min(1)),
            Err(e) => e.to_string(),
        }
    });
}

/// LSP frames built from the seeds' JSON messages, mutated, fed to the
/// real message loop; it must end (input closed) and every answer must be
/// framed JSON.
#[test]
fn fuzz_lsp_message_loop() {
    let dir = tempfile::tempdir().unwrap();
    let gl = dir.path().join("glossary.csv");
    std::fs::copy(root().join("tests/data/every-field.csv"), &gl).unwrap();
    let store = glossa::Store::new(&[gl]).unwrap();
    let frame = |v: &str| format!("Content-Length: {}\r\n\r\n{v}", v.len());
    let session = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]}}}}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.fr.md","text":"L’intelligence artificielle et les puces.\nIA"}}}"#,
        r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.fr.md"},"contentChanges":[{"range":{"start":{"line":0,"character":3},"end":{"line":1,"character":1}},"text":"é😀\r\n"}]}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.fr.md"},"position":{"line":0,"character":5}}}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///a.fr.md"},"position":{"line":0,"character":40}}}"#,
        r#"{"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///a.fr.md"},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":99}},"context":{"diagnostics":[]}}}"#,
        r#"{"jsonrpc":"2.0","id":5,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","method":"exit"}"#,
    ];
    let whole: String = session.iter().map(|m| frame(m)).collect();
    let path = root().join("target").join("fuzz-lsp-seed.txt");
    let _ = std::fs::create_dir_all(path.parent().unwrap());
    std::fs::write(&path, &whole).unwrap();
    let store = Arc::new(store);
    campaign(
        "lsp",
        &[path.strip_prefix(root()).unwrap().to_str().unwrap()],
        4000,
        move |b| {
            let input = std::io::Cursor::new(b.to_vec());
            let mut out = Vec::new();
            let exit = glossa::lsp::run(input, &mut out, (*store).clone());
            // Every answer is a framed JSON value.
            let mut rest = &out[..];
            while !rest.is_empty() {
                let text = std::str::from_utf8(rest).expect("UTF-8 output");
                let (head, body) =
                    text.split_once("\r\n\r\n").expect("framed");
                let n: usize = head
                    .strip_prefix("Content-Length: ")
                    .expect("Content-Length")
                    .parse()
                    .unwrap();
                serde_json::from_slice::<serde_json::Value>(
                    &body.as_bytes()[..n],
                )
                .expect("JSON answer");
                rest = &body.as_bytes()[n..];
            }
            format!("{exit:?}")
        },
    );
}

/// Random JSON bodies (mutated from valid ones) to every JSON endpoint of
/// the web app, through the real router: every answer is JSON, no 5xx,
/// and the server state stays usable.
#[test]
fn fuzz_web_api_json_bodies() {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    let gl = dir.path().join("glossary.csv");
    std::fs::copy(root().join("tests/data/every-field.csv"), &gl).unwrap();
    let app = Arc::new(
        glossa::web::App::new(glossa::web::Config {
            glossary: vec![gl],
            tm: dir.path().join("tm.sqlite"),
        })
        .unwrap(),
    );
    let router = glossa::web::router(app);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let host = "127.0.0.1:8080";
    let token = rt.block_on(async {
        let r = router
            .clone()
            .oneshot(
                Request::get("/api/csrf")
                    .header("host", host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let b = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        v["token"].as_str().unwrap().to_string()
    });
    let seed = root().join("target").join("fuzz-web-seeds");
    let _ = std::fs::create_dir_all(&seed);
    let bodies = [
        r#"{"terms":[{"lang":"fr","text":"grappe"},{"lang":"en","text":"cluster"}],"definition":"x"}"#,
        r#"{"state":"approved","terms":[{"lang":"fr","text":"puce","status":"admitted","pos":"noun"}]}"#,
        r#"{"source":"La puce est rapide. L'IA aussi.","target":"The chip is fast. So is AI."}"#,
        r#"{"definition":null,"terms":[{"lang":"en-GB","text":"data centre","geo":"en-GB"}]}"#,
    ];
    let mut names = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        let p = seed.join(format!("{i}.json"));
        std::fs::write(&p, b).unwrap();
        names.push(format!("target/fuzz-web-seeds/{i}.json"));
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let endpoints = [
        ("POST", "/api/entries"),
        ("PATCH", "/api/entries/c1"),
        ("PUT", "/api/entries/c2"),
        ("POST", "/api/check"),
        ("POST", "/api/import?format=auto&name=x.csv"),
        ("POST", "/api/import?format=tbx"),
    ];
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let rt = std::sync::Mutex::new(rt);
    campaign("web", &names, 4000, |b| {
        let i = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (method, path) = endpoints[i % endpoints.len()];
        let rt = rt.lock().unwrap_or_else(|e| e.into_inner());
        rt.block_on(async {
            let req = Request::builder()
                .method(method)
                .uri(path)
                .header("host", host)
                .header("cookie", format!("glossa_session={token}"))
                .header("x-csrf-token", &token)
                .header("content-type", "application/json")
                .body(Body::from(b.to_vec()))
                .unwrap();
            let r = router.clone().oneshot(req).await.unwrap();
            let status = r.status();
            let body =
                axum::body::to_bytes(r.into_body(), 64 << 20).await.unwrap();
            assert!(
                !status.is_server_error()
                    || status == StatusCode::SERVICE_UNAVAILABLE,
                "{method} {path}: {status} {}",
                String::from_utf8_lossy(&body)
            );
            let v: serde_json::Value = serde_json::from_slice(&body)
                .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e})"));
            match v.get("error").and_then(|e| e.as_str()) {
                Some(e) => format!("{method} {path} {status} {e}"),
                None => format!("{method} {path} {status}"),
            }
        })
    });
}

#[allow(dead_code)]
fn exists(p: &Path) -> bool {
    p.exists()
}
