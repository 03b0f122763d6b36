//! `glossa suggest` and `glossa check` from the command line (issue 5).

mod common;

use common::TestEnv;
use serde_json::Value;

const GLOSSARY: &str = "id,lang,term,status\n\
    c1,fr,puce,preferred\n\
    c1,en,chip,preferred\n\
    c1,en,semiconductor,admitted\n\
    c1,en,microprocessor,deprecated\n\
    c2,fr,fonds spéculatif,preferred\n\
    c2,en,hedge fund,preferred\n\
    c2,en,speculative fund,admitted\n\
    c3,fr,centre de données,preferred\n\
    c3,en,data center,preferred\n\
    c3,en,datacenter,deprecated\n\
    c4,fr,grappe de centres de données,preferred\n\
    c4,en,data center cluster,preferred\n\
    c5,fr,IA,preferred\n\
    c5,en,AI,preferred\n";

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write("glossary/glossary.csv", GLOSSARY);
    env
}

fn json(out: &std::process::Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&out.stdout))
        })
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn issue_5_suggest_french_lists_terms_with_english() {
    let env = env();
    env.write(
        "a.fr.txt",
        "Titre\nLes grappes de centres de données et les puces d’IA.\n",
    );
    let out = env.ok(&["suggest", "a.fr.txt", "--format", "line"]);
    assert_eq!(
        out,
        "a.fr.txt:2:5: info: “grappes de centres de données” → “data center cluster”\n\
         a.fr.txt:2:42: info: “puces” → “chip” (also: “semiconductor”)\n\
         a.fr.txt:2:50: info: “IA” → “AI”\n"
    );
    // Hints fail only when asked.
    env.fails(&["suggest", "a.fr.txt", "--fail-on", "info"], 1);
}

#[test]
fn issue_5_suggest_english_flags_deprecated() {
    let env = env();
    env.write("d.txt", "The datacenters of the future and the chips.\n");
    let out = env.run(&["suggest", "d.txt", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let f = json(&out);
    assert_eq!(f.len(), 1);
    for (k, v) in [
        ("file", "d.txt"),
        ("severity", "error"),
        ("kind", "deprecated"),
        ("term", "datacenters"),
        ("message", "“datacenters” is deprecated: use “data center”"),
    ] {
        assert_eq!(f[0][k], v, "{k}");
    }
    assert_eq!(f[0]["expected"][0], "data center");
    let pos: Vec<u64> = ["line", "column", "end_line", "end_column"]
        .iter()
        .map(|k| f[0][k].as_u64().unwrap())
        .collect();
    assert_eq!(pos, [1, 5, 1, 16]);
}

#[test]
fn issue_5_check_finds_missing_deprecated_and_inconsistent() {
    let env = env();
    env.write(
        "a.fr.txt",
        "Les puces d’IA chinoises.\n\
         Un fonds spéculatif quantitatif.\n\
         Les centres de données consomment.\n\
         Ce fonds spéculatif a grandi.\n",
    );
    env.write(
        "a.en.txt",
        "The Chinese AI microprocessors.\n\
         A quantitative hedge fund.\n\
         The data centers consume.\n\
         This speculative fund grew.\n",
    );
    let out = env.run(&[
        "check", "--source", "a.fr.txt", "--target", "a.en.txt", "--format",
        "line",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "a.en.txt:1:16: error: “puces” should be translated “chip” or \
         “semiconductor”, not “microprocessors”\n\
         a.en.txt:1:16: error: “microprocessors” is deprecated: use “chip”\n\
         a.en.txt:4:6: warning: “fonds spéculatif” is translated \
         “speculative fund” here but “hedge fund” at line 2, column 16\n\
         a.en.txt:4:6: info: “speculative fund” is admitted for \
         “fonds spéculatif”; the preferred term is “hedge fund”\n"
    );
    let out = env.run(&[
        "check", "-s", "a.fr.txt", "-t", "a.en.txt", "--format", "json",
    ]);
    let f = json(&out);
    assert_eq!(f[0]["kind"], "missing");
    assert_eq!(f[0]["source"]["file"], "a.fr.txt");
    assert_eq!(f[0]["source"]["line"], 1);
    assert_eq!(f[0]["source"]["column"], 5);
    assert_eq!(f[2]["kind"], "inconsistent");
    assert_eq!(f[2]["severity"], "warning");
    // Thresholds.
    env.ok(&[
        "check",
        "-s",
        "a.fr.txt",
        "-t",
        "a.en.txt",
        "--fail-on",
        "never",
    ]);
    let human = env.run(&["check", "-s", "a.fr.txt", "-t", "a.en.txt"]);
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(human.contains("source: a.fr.txt:1:5 “puces”"), "{human}");
    assert!(!human.contains('\x1b'), "NO_COLOR is set: {human}");
    assert!(
        human.ends_with("2 error(s), 1 warning(s), 1 hint(s) in a.en.txt\n")
    );
}

#[test]
fn issue_5_check_accepts_synonyms_and_inflections() {
    let env = env();
    env.write(
        "a.fr.txt",
        "Les puces et les grappes de centres de données.\nUne puce.\n",
    );
    env.write(
        "a.en.txt",
        "The semiconductors and the data center clusters.\nA semiconductor.\n",
    );
    let out = env.run(&[
        "check", "-s", "a.fr.txt", "-t", "a.en.txt", "--format", "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let f = json(&out);
    // Only hints: the admitted synonym, used consistently.
    assert!(f.iter().all(|f| f["severity"] == "info"), "{f:?}");
    assert_eq!(f.len(), 2);
}

#[test]
fn issue_5_bad_input_is_a_clear_error() {
    let env = env();
    env.write(
        "fr.txt",
        "Les puces sont dans le centre de données et la grappe.",
    );
    env.write("en.txt", "The chips are in the data center and the cluster.");
    env.write("bin.txt", b"\x7fELF\x00\x01\x02");
    env.write("latin1.txt", b"Les puces d\xe9j\xe0\n");
    env.write("words.txt", "DeepSeek H100");
    for (args, want) in [
        (vec!["suggest", "bin.txt"], "bin.txt looks like a binary file"),
        (
            vec!["suggest", "latin1.txt"],
            "latin1.txt: line 1, column 12: encoding error",
        ),
        (vec!["suggest", "missing.txt"], "reading missing.txt"),
        (vec!["suggest", "words.txt"], "pass --lang"),
        (
            vec!["check", "-s", "fr.txt", "-t", "fr.txt"],
            "the target looks like French",
        ),
        (
            vec!["check", "-s", "en.txt", "-t", "en.txt"],
            "the source looks like English",
        ),
    ] {
        let err = env.fails(&args, 2);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let before = std::fs::read(env.glossary_file()).unwrap();
    let empty = TestEnv::new();
    empty.write("en.txt", "The chips.");
    let err = empty.fails(&["suggest", "en.txt"], 2);
    assert!(err.contains("the glossary is empty"), "{err}");
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
}

#[test]
fn issue_5_long_single_line() {
    let env = env();
    // 2 MB on one line (the 50 MB case is in benches/scan.sh: slow in
    // debug builds).
    let line = "the datacenters of the chips, ".repeat(70_000);
    env.write("long.txt", &line);
    let out = env.run(&["suggest", "long.txt", "--format", "line"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert_eq!(stdout.lines().count(), 70_000);
    assert!(last.starts_with("long.txt:1:2099975: error:"), "{last}");
}

#[test]
fn issue_5_export_vale_style() {
    let env = env();
    std::fs::create_dir_all(env.path().join("styles/Glossa")).unwrap();
    env.ok(&["export", "--to", "vale", "-o", "styles/Glossa/Terms.yml"]);
    let yml =
        std::fs::read_to_string(env.path().join("styles/Glossa/Terms.yml"))
            .unwrap();
    assert!(yml.contains("extends: substitution\n"), "{yml}");
    assert!(
        yml.ends_with(
            "swap:\n  'microprocessors?': 'chip'\n  'datacenters?': 'data center'\n"
        ),
        "{yml}"
    );
}

/// The real article pair, sentence-aligned: the published translation is
/// clean; one deliberately wrong term in it is caught where it is.
#[test]
fn issue_5_deepseek_pair() {
    let env = TestEnv::new();
    env.write(
        "glossary/glossary.csv",
        "id,lang,term,status\n\
         c1,fr,fonds spéculatif,preferred\nc1,en,hedge fund,preferred\n\
         c2,fr,puce d'IA,preferred\nc2,en,AI chip,preferred\n\
         c3,fr,chatbot,preferred\nc3,en,chatbot,preferred\n\
         c3,en,chatterbot,superseded\n\
         c4,fr,laboratoire,preferred\nc4,en,lab,preferred\n\
         c4,en,laboratory,admitted\n\
         c5,fr,centre de données,preferred\nc5,en,data center,preferred\n",
    );
    let sample = common::root().join("data/sample");
    let fr = sample.join("deepseek.fr.txt");
    let en = std::fs::read_to_string(sample.join("deepseek.en.txt")).unwrap();
    let fr = fr.to_str().unwrap();
    env.write("good.en.txt", &en);
    let out =
        env.ok(&["check", "-s", fr, "-t", "good.en.txt", "--format", "line"]);
    assert_eq!(out, "");
    let wrong = en.replacen("as a hedge fund", "as a speculative fund", 1);
    assert_ne!(wrong, en);
    env.write("wrong.en.txt", &wrong);
    let out = env.run(&[
        "check",
        "-s",
        fr,
        "-t",
        "wrong.en.txt",
        "--format",
        "line",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "wrong.en.txt:2:230: error: “fonds spéculatif” should be translated \
         “hedge fund”; not found in the aligned sentence\n"
    );
}
