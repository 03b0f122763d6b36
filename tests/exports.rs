//! The files in `exports/` are glossa's exports of the shipped
//! `glossary/`; this test fails when they are stale.
//!
//! Regenerate them with:
//!
//! ```text
//! GLOSSA_BLESS=1 cargo test --test exports
//! ```
//!
//! With `GLOSSA_VALIDATE=1` (set by `.ci/run`), the TBX v2 and v3 exports
//! are also checked with the validator script named by `GLOSSA_VALIDATOR`: schema
//! VALID, and translate-toolkit reads as many term pairs as were written.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestEnv;

/// `--to` value and file name in `exports/`.
const EXPORTS: [(&str, &str); 4] = [
    ("tbx", "glossary.tbx"),
    ("tbx3", "glossary.v3.tbx"),
    ("csv", "glossary.csv"),
    ("tsv", "glossary.tsv"),
];

/// The shipped glossary directory, if it holds a CSV file.
fn shipped() -> Option<PathBuf> {
    let dir = common::root().join("glossary");
    let has_csv = std::fs::read_dir(&dir).ok()?.any(|f| {
        f.ok()
            .is_some_and(|f| f.path().extension().is_some_and(|e| e == "csv"))
    });
    has_csv.then_some(dir)
}

/// `glossa --glossary GLOSSARY export --to TO`, stdout bytes.
fn export(glossary: &Path, to: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_glossa"))
        .arg("--glossary")
        .arg(glossary)
        .args(["export", "--to", to])
        .env_remove("GLOSSA_GLOSSARY")
        .env("NO_COLOR", "1")
        .output()
        .expect("run glossa");
    assert!(
        out.status.success(),
        "export --to {to} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn exports_are_fresh() {
    let Some(dir) = shipped() else {
        eprintln!(
            "NOTICE: glossary/ has no CSV file yet; exports/ not checked"
        );
        return;
    };
    let bless = std::env::var("GLOSSA_BLESS").is_ok_and(|v| v == "1");
    let exports = common::root().join("exports");
    let mut stale = Vec::new();
    for (to, name) in EXPORTS {
        let fresh = export(&dir, to);
        assert!(!fresh.is_empty(), "empty {to} export");
        let path = exports.join(name);
        if bless {
            std::fs::create_dir_all(&exports).unwrap();
            std::fs::write(&path, &fresh).unwrap();
            eprintln!("blessed exports/{name}");
        } else if std::fs::read(&path).ok().as_deref() != Some(&fresh[..]) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "exports/{} stale or missing; regenerate with: \
         GLOSSA_BLESS=1 cargo test --test exports",
        stale.join(", exports/")
    );
}

#[test]
fn exports_are_deterministic_and_reimport() {
    // Meaningful without the shipped glossary: a fixture goes through
    // every exporter twice (same bytes) and back in (same entries).
    let env = TestEnv::new();
    let fixture = common::root().join("tests/data/tbx-basic.tbx");
    env.ok(&["import", fixture.to_str().unwrap()]);
    let dir = env.path().join("glossary");
    let approved =
        env.ok(&["list", "--format", "json", "--state", "approved"]);
    for (to, _) in EXPORTS {
        let a = export(&dir, to);
        assert_eq!(a, export(&dir, to), "{to} export is not deterministic");
        if to == "tsv" {
            continue; // pairs only; covered in tests/formats.rs
        }
        let back = TestEnv::new();
        back.write("in.file", &a);
        let from = if to == "tbx3" { "tbx" } else { to };
        back.ok(&["import", "--from", from, "in.file"]);
        assert_eq!(back.ok(&["list", "--format", "json"]), approved, "{to}");
    }
}

/// Entries with terms in at least two languages: what translate-toolkit
/// counts as units with a source and a target.
fn pairs(list_json: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(list_json).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["state"] == "approved")
        .filter(|e| {
            let mut langs: Vec<&str> = e["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["lang"].as_str().unwrap())
                .collect();
            langs.sort();
            langs.dedup();
            langs.len() >= 2
        })
        .count()
}

#[test]
fn tbx_exports_pass_the_official_validators() {
    if !common::opt_in(
        "GLOSSA_VALIDATE",
        "the schema validation of TBX exports",
    ) {
        return;
    }
    let script = common::validator();
    let mut glossaries: Vec<(String, PathBuf, usize)> = Vec::new();
    let work = TestEnv::new();
    // Fixtures (always), then the shipped glossary (when present).
    for fx in [
        "every-field.csv",
        "tbx-basic.tbx",
        "martif-ntig.tbx",
        "memoq-bom-semicolon.csv",
    ] {
        let env_dir = work.path().join(fx.replace('.', "-"));
        let g = env_dir.join("glossary.csv");
        let f = common::root().join("tests/data").join(fx);
        let st = Command::new(env!("CARGO_BIN_EXE_glossa"))
            .arg("--glossary")
            .arg(&g)
            .args(["import", f.to_str().unwrap()])
            .env_remove("GLOSSA_GLOSSARY")
            .output()
            .unwrap();
        assert!(st.status.success(), "{fx}: {:?}", st);
        glossaries.push((fx.to_string(), g, 0));
    }
    if let Some(dir) = shipped() {
        glossaries.push(("glossary/".into(), dir, 0));
    } else {
        eprintln!("NOTICE: glossary/ has no CSV file yet; fixtures only");
    }
    for (name, path, n) in &mut glossaries {
        let out = Command::new(env!("CARGO_BIN_EXE_glossa"))
            .arg("--glossary")
            .arg(&*path)
            .args(["list", "--format", "json"])
            .env_remove("GLOSSA_GLOSSARY")
            .output()
            .unwrap();
        *n = pairs(&String::from_utf8(out.stdout).unwrap());
        assert!(*n > 0, "{name}: nothing to validate");
    }
    for (name, path, n) in &glossaries {
        let v2 = work.write(
            &format!("{}.v2.tbx", name.replace('/', "")),
            export(path, "tbx"),
        );
        let v3 = work.write(
            &format!("{}.v3.tbx", name.replace('/', "")),
            export(path, "tbx3"),
        );
        let out = Command::new("bash")
            .arg(&script)
            .arg(&v2)
            .arg(&v3)
            .output()
            .expect("run validate_exports.sh");
        let stdout = String::from_utf8_lossy(&out.stdout);
        eprintln!("{stdout}");
        assert!(
            out.status.success(),
            "{name}: validate_exports.sh failed:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines: Vec<&str> = stdout.lines().collect();
        let v2_line = lines.iter().find(|l| l.contains(".v2.tbx: ")).unwrap();
        assert!(
            v2_line.contains("VALID TBX v2")
                && v2_line.ends_with(&format!("units={n}")),
            "{name}: {v2_line} (wrote {n} pairs)"
        );
        let v3_line = lines.iter().find(|l| l.contains(".v3.tbx: ")).unwrap();
        assert!(v3_line.contains(": VALID TBX v3"), "{name}: {v3_line}");
    }
}
