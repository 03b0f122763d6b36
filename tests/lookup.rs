//! `glossa lookup` end to end, and the synthetic termbase generator (issue 3): match kinds
//! through the CLI, JSON shape, bad input, and the index cache (stale and
//! corrupt caches are rebuilt).

mod common;

use common::TestEnv;
use serde_json::Value;

/// The lookup fixture, shared with the index unit tests.
const GLOSSARY: &str = include_str!("data/lookup.csv");

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write("glossary/glossary.csv", GLOSSARY);
    env
}

/// Lookup results as JSON; exit 0 with results, 1 (as grep) without.
fn json(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["lookup", "--format", "json"];
    a.extend_from_slice(args);
    let out = env.run(&a);
    let text = String::from_utf8_lossy(&out.stdout);
    let hits = serde_json::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}"))
        .as_array()
        .expect("array")
        .clone();
    let want = if hits.is_empty() { 1 } else { 0 };
    assert_eq!(out.status.code(), Some(want), "{args:?}: {text}");
    hits
}

fn first(env: &TestEnv, args: &[&str]) -> (String, String, String) {
    let hits = json(env, args);
    let h = hits.first().unwrap_or_else(|| panic!("{args:?}: no hit"));
    (
        h["term"].as_str().unwrap().to_string(),
        h["kind"].as_str().unwrap().to_string(),
        h["entry_id"].as_str().unwrap().to_string(),
    )
}

#[test]
fn issue_3_match_kinds_via_cli() {
    let env = env();
    for (args, term, kind, id) in [
        (&["puce"][..], "puce", "exact", "c1"),
        (&["Puces"], "puce", "inflected", "c1"),
        (&["centres de donnees"], "centre de données", "inflected", "c2"),
        (&["centre de donnees"], "centre de données", "folded", "c2"),
        (&["d’IA"], "IA", "exact", "c4"),
        (&["d'IA"], "IA", "exact", "c4"),
        (&["cnetre de données"], "centre de données", "fuzzy", "c2"),
        (&["fond spéculatifs"], "fonds spéculatif", "inflected", "c6"),
        (
            &["grape de centres de données"],
            "grappes de centres de données",
            "fuzzy",
            "c3",
        ),
        (&["data center", "--lang", "en"], "data center", "exact", "c2"),
        (&["apprentissage"], "apprentissage automatique", "partial", "c7"),
    ] {
        let got = first(&env, args);
        assert_eq!(got, (term.into(), kind.into(), id.into()), "{args:?}");
    }
}

#[test]
fn issue_3_json_shape_and_en_to_fr() {
    let env = env();
    let hits = json(&env, &["data centers", "--lang", "en"]);
    let h = &hits[0];
    assert_eq!(h["term"], "data center");
    assert_eq!(h["lang"], "en");
    assert_eq!(h["translations"], serde_json::json!(["centre de données"]));
    assert_eq!(h["score"], 84);
    assert_eq!(h["kind"], "inflected");
    assert_eq!(h["entry_id"], "c2");
    assert_eq!(
        h["explanation"],
        "'data centers' matched 'data center' by stem"
    );
    let hits = json(&env, &["cnetre de données", "--limit", "1"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["distance"], 1);
    assert_eq!(
        hits[0]["translations"],
        serde_json::json!(["data center", "data centre"])
    );
}

#[test]
fn issue_3_case_sensitive_acronym() {
    let env = env();
    assert_eq!(first(&env, &["IA"]).0, "IA");
    let hits = json(&env, &["ia"]);
    assert!(hits.iter().all(|h| h["term"] != "IA"), "{hits:?}");
    // IA is exact-only in the fixture: the entry forbids inflection.
    let hits = json(&env, &["IAs"]);
    assert!(hits.iter().all(|h| h["term"] != "IA"), "{hits:?}");
}

/// Acronym plurals and possessives are English inflection: they find a
/// case-sensitive acronym unless the entry is exact-only (issue 10).
#[test]
fn issue_10_acronym_plurals_and_possessives() {
    let env = TestEnv::with_shipped_glossary();
    for (q, want) in [
        ("GPUs", "GPU"),
        ("LLMs", "LLM"),
        ("CPUs", "CPU"),
        ("GPU’s", "GPU"),
        ("data center's", "data center"),
        ("data centers’", "data center"),
    ] {
        let hits = json(&env, &["--lang", "en", q]);
        assert_eq!(hits[0]["term"], want, "{q}: {hits:?}");
        assert_eq!(hits[0]["kind"], "inflected", "{q}: {hits:?}");
    }
    // Case still matters for a case-sensitive acronym.
    let hits = json(&env, &["--lang", "en", "gpus"]);
    assert!(hits.iter().all(|h| h["term"] != "GPU"), "{hits:?}");
}

/// Lookup shows the review state; an approved entry ranks above a
/// proposed one of the same kind (issue 10).
#[test]
fn issue_10_proposed_ranks_below_approved() {
    let env = TestEnv::new();
    env.write(
        "glossary/glossary.csv",
        "id,state,lang,term,status\n\
         c1,proposed,fr,puce électronique,preferred\n\
         c1,,en,electronic chip,preferred\n\
         c2,approved,fr,puce électronique,preferred\n\
         c2,,en,microchip,preferred\n",
    );
    let hits = json(&env, &["puce électronique"]);
    assert_eq!(hits[0]["entry_id"], "c2", "{hits:?}");
    assert_eq!(hits[0]["state"], "approved");
    assert_eq!(hits[1]["state"], "proposed");
    assert!(hits[0]["score"].as_u64() > hits[1]["score"].as_u64());
    let human = env.ok(&["lookup", "puce électronique"]);
    assert!(human.contains("[exact, c1, proposed]"), "{human}");
    assert!(human.contains("[exact, c2]"), "{human}");
}

#[test]
fn issue_3_deprecated_shows_replacement() {
    let env = env();
    let hits = json(&env, &["apprentissage machine"]);
    assert_eq!(hits[0]["status"], "deprecated");
    assert_eq!(hits[0]["replacement"], "apprentissage automatique");
    let human = env.ok(&["lookup", "apprentissage machine"]);
    assert!(human.contains("use 'apprentissage automatique'"), "{human}");
    assert!(human.contains("→ machine learning"), "{human}");
}

#[test]
fn issue_3_bad_input_exits_2() {
    let env = env();
    for q in ["", "   ", "a\u{7}b", "x\ty"] {
        let err = env.fails(&["lookup", q], 2);
        assert!(err.contains("query"), "{q:?}: {err}");
    }
    // One argument is limited to 128 KiB by the OS; 1 MB goes by stdin.
    let long = "a".repeat(100_000);
    let err = env.fails(&["lookup", &long], 2);
    assert!(err.contains("too long"), "{err}");
    // Standard input: invalid UTF-8, 1 MB, control characters.
    for (input, msg) in [
        (b"\xff\xfepuce".to_vec(), "UTF-8"),
        (vec![b'a'; 1 << 20], "too long"),
        (b"pu\x01ce\n".to_vec(), "control"),
        (b"\n".to_vec(), "empty"),
    ] {
        use std::io::Write;
        let mut child = env
            .cmd()
            .args(["lookup", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // The CLI may stop reading early: ignore a broken pipe.
        let _ = stdin.write_all(&input);
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{msg}: {err}");
        assert!(err.contains(msg), "{msg}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Stdin with a valid query works.
    let out = env
        .cmd()
        .args(["lookup", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all("Puces\n".as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"puce\""));
}

#[test]
fn issue_3_missing_glossary_is_an_error() {
    let env = TestEnv::new();
    let err = env.fails(&["lookup", "puce"], 2);
    assert!(err.contains("no glossary"), "{err}");
}

#[test]
fn issue_3_stale_cache_rebuilt() {
    let env = env();
    let cache = env.path().join("glossary/.glossa/lookup.idx");
    let out = env.run(&["lookup", "puce"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("rebuilt"));
    assert!(cache.exists());
    // Second run: fresh cache, nothing said.
    let out = env.run(&["lookup", "puce"]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    // The glossary changes: the new term is found at once.
    env.ok(&["add", "--fr", "jeu de données", "--en", "dataset"]);
    let out = env.run(&["lookup", "jeux de données", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rebuilt (glossary changed)"), "{err}");
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["term"], "jeu de données");
    assert_eq!(hits[0]["translations"][0], "dataset");
}

#[test]
fn issue_3_corrupt_cache_rebuilt() {
    let env = env();
    let cache = env.path().join("glossary/.glossa/lookup.idx");
    env.ok(&["lookup", "puce"]);
    let good = std::fs::read(&cache).unwrap();
    // A flipped byte in the middle, then a truncated file, then garbage.
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    for bad in [flipped, good[..good.len() / 3].to_vec(), b"junk".to_vec()] {
        std::fs::write(&cache, &bad).unwrap();
        let out = env.run(&["lookup", "puces", "--format", "json"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(err.contains("rebuilt") && err.contains("corrupt"), "{err}");
        let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(hits[0]["term"], "puce");
        assert_eq!(std::fs::read(&cache).unwrap(), good);
    }
}

#[test]
fn issue_3_generate_is_deterministic() {
    // The generator behind `examples/generate.rs` (the dev-only
    // `glossa::synth`, which this crate's tests may use).
    let env = TestEnv::new();
    let generate = |seed: u64| {
        let mut out = Vec::new();
        glossa::formats::native::write(
            &mut out,
            &glossa::synth::generate(500, seed),
        )
        .unwrap();
        out
    };
    let (a, b, c) = (generate(1), generate(1), generate(9));
    std::fs::create_dir_all(env.path().join("a")).unwrap();
    std::fs::write(env.path().join("a/glossary.csv"), &a).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    // The generated file is a valid glossary that lookup can use.
    env.ok(&["--glossary", "a", "validate"]);
    let text = String::from_utf8(a).unwrap();
    let term = text.lines().nth(1).unwrap().split(',').nth(7).unwrap();
    let out = env.ok(&["--glossary", "a", "lookup", term, "--format", "json"]);
    let hits: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hits[0]["term"], term);
    assert_eq!(hits[0]["kind"], "exact");
}

/// Make `f` look last written `secs` seconds ago.
fn age(f: &std::path::Path, secs: u64) {
    let t =
        std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
    let file = std::fs::File::options().write(true).open(f).unwrap();
    file.set_modified(t).unwrap();
}

/// Issue 14 item 2: temp files of a killed process (a lookup-cache save
/// in `.glossa/`, a glossary save beside the glossary) are removed by the
/// next `lookup` once they are older than the documented age (5 minutes);
/// a fresh one, a concurrent writer's, is kept, and so are files that are
/// not glossa's temp files.
#[test]
fn issue_14_item_2_stale_temp_files_cleaned_on_next_run() {
    let env = env();
    env.ok(&["lookup", "puce"]);
    let g = env.path().join("glossary");
    let stale = [
        g.join(".glossa/.lookup-tmp-Ab12Cd"),
        g.join(".glossa-tmp-glossary.csv-Ab12Cd"),
    ];
    let fresh = [
        g.join(".glossa/.lookup-tmp-Fr35Hh"),
        g.join(".glossa-tmp-glossary.csv-Fr35Hh"),
    ];
    let others = [g.join(".glossa/notes.txt"), g.join("old.lookup-tmp-1")];
    for f in stale.iter().chain(&fresh).chain(&others) {
        std::fs::write(f, "half a file").unwrap();
    }
    for f in stale.iter().chain(&others) {
        age(f, 6 * 60);
    }
    age(&fresh[0], 60);
    // The cache is fresh: the cleaning does not depend on a rebuild.
    let out = env.run(&["lookup", "puce"]);
    assert!(out.status.success());
    for f in &stale {
        assert!(!f.exists(), "{} kept", f.display());
    }
    for f in fresh.iter().chain(&others) {
        assert!(f.exists(), "{} removed", f.display());
    }
}
