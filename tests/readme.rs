//! The README tour, replayed (issue 10): every `$ glossa …` line of the
//! "A short tour" section runs in a fresh folder holding a copy of the
//! shipped glossary and `data/sample/`, and its output must be the one
//! printed under it. README is the golden file, so README and behaviour
//! cannot drift apart.
//!
//! Rules of the README blocks (```text): a line starting `$ ` is a
//! command, run by `sh -c` with `glossa` on PATH (stdout and stderr
//! together, as a terminal shows them); a `  # comment` after two spaces
//! is not part of it. The lines that follow, up to the next command, are
//! its output; a line `…` stands for any number of lines. Long-running
//! commands (`glossa serve`) and interactive ones (`glossa review`
//! without options) are shown but not run. `GLOSSA_BLESS=1` prints every
//! command's real output, to update README by hand.

mod common;

use std::path::Path;
use std::process::Command;

struct Step {
    cmd: String,
    expected: Vec<String>,
}

fn tour(readme: &str) -> Vec<Step> {
    let section = readme
        .split("\n## A short tour")
        .nth(1)
        .expect("README has a 'A short tour' section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut steps: Vec<Step> = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_block = line == "```text";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            let cmd = match cmd.find("  #") {
                Some(i) => cmd[..i].trim_end(),
                None => cmd.trim_end(),
            };
            steps.push(Step { cmd: cmd.to_string(), expected: Vec::new() });
        } else if let Some(s) = steps.last_mut() {
            s.expected.push(line.to_string());
        }
    }
    steps
}

/// Do `got` lines match `want` lines, where a `…` line matches any run of
/// lines (possibly none)?
fn matches(want: &[String], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((w, rest)) if w.trim() == "…" => {
            (0..=got.len()).any(|i| matches(rest, &got[i..]))
        }
        Some((w, rest)) => got.split_first().is_some_and(|(g, grest)| {
            g.trim_end() == w.trim_end() && matches(rest, grest)
        }),
    }
}

fn skipped(cmd: &str) -> bool {
    cmd.starts_with("glossa serve") || cmd == "glossa review"
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap();
        if p.is_dir() {
            if name != ".glossa" {
                copy_dir(&p, &to.join(name));
            }
        } else if !name.to_string_lossy().starts_with('.') {
            std::fs::copy(&p, to.join(name)).unwrap();
        }
    }
}

#[test]
fn issue_10_readme_tour_runs_as_printed() {
    let root = common::root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let steps = tour(&readme);
    assert!(steps.len() >= 8, "the tour has {} commands", steps.len());
    let env = common::TestEnv::bare();
    copy_dir(&root.join("glossary"), &env.path().join("glossary"));
    copy_dir(&root.join("data/sample"), &env.path().join("data/sample"));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_glossa")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // The lookup index is a cache: build it first, as any earlier
    // command would have, so the tour shows no "index rebuilt" note.
    env.cmd().args(["lookup", "puce"]).output().unwrap();
    let bless = std::env::var("GLOSSA_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for s in &steps {
        if skipped(&s.cmd) {
            continue;
        }
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{} 2>&1", s.cmd))
            .current_dir(env.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("XDG_DATA_HOME", env.user_data())
            .env_remove("GLOSSA_GLOSSARY")
            .env_remove("GLOSSA_TM")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let got: Vec<&str> = text.lines().collect();
        if bless {
            eprintln!("$ {}\n{text}", s.cmd);
        }
        if !matches(&s.expected, &got) {
            failures.push(format!(
                "$ {}\n--- README says:\n{}\n--- glossa printed:\n{text}",
                s.cmd,
                s.expected.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn ellipsis_matches_any_run_of_lines() {
    let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&w(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&w(&["a", "…"]), &["a"]));
    assert!(!matches(&w(&["a", "d"]), &["a", "b", "d"]));
    assert!(!matches(&w(&["a"]), &["a", "b"]));
}
