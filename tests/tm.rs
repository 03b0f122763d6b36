//! Translation memory (issue 6): TMX round trips, the real samples, the
//! CLI, concurrent imports and a kill during an import.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{TestEnv, refs, root, validator};
use glossa::formats::tmx;
use glossa::tm::{Tm, TranslationUnit};

fn data(name: &str) -> PathBuf {
    root().join("tests/data/tm").join(name)
}

/// Everything a TMX reader sees in a unit, owned.
#[derive(Debug, PartialEq)]
struct Seen {
    attrs: Vec<(String, String)>,
    props: Vec<tmx::Prop>,
    notes: Vec<String>,
    variants: Vec<(String, String, String, Vec<tmx::Prop>)>,
}

fn read_all(bytes: &[u8]) -> (tmx::Header, Vec<Seen>) {
    let text = glossa::formats::encoding::decode_xml(bytes).unwrap();
    let mut header = None;
    let mut units = Vec::new();
    tmx::read_each(
        &text,
        |h| {
            header = Some(h.clone());
            Ok(())
        },
        |u| {
            units.push(Seen {
                attrs: u.attrs.clone(),
                props: u.props.clone(),
                notes: u.notes.clone(),
                variants: u
                    .variants
                    .iter()
                    .map(|v| {
                        (
                            v.lang.clone(),
                            v.text.clone(),
                            v.markup.to_string(),
                            v.props.clone(),
                        )
                    })
                    .collect(),
            });
            Ok(())
        },
    )
    .unwrap();
    (header.unwrap(), units)
}

fn export(tm: &Tm) -> Vec<u8> {
    let mut out = Vec::new();
    tm.export_tmx(&mut out).unwrap();
    out
}

#[test]
fn issue_6_round_trip_keeps_inline_markup_variants_and_header() {
    for fixture in ["inline.tmx", "inline.utf16le.tmx"] {
        let dir = tempfile::tempdir().unwrap();
        let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
        let stats = tm.import_tmx(&[data(fixture)]).unwrap();
        assert_eq!((stats[0].units, stats[0].added), (4, 4), "{fixture}");
        let original = std::fs::read(data(fixture)).unwrap();
        let out = export(&tm);
        let (h0, u0) = read_all(&original);
        let (h1, u1) = read_all(&out);
        assert_eq!(u0, u1, "{fixture}: units changed in the round trip");
        assert_eq!(h0, h1, "{fixture}: header changed");
        assert!(h1.raw.contains("<prop type=\"x-project\">tests</prop>"));
        // Markup survives but is not in the searchable text.
        let units = tm.units().unwrap();
        assert_eq!(
            units[0].source, "Les puces de Nvidia restent chères.",
            "{fixture}"
        );
        assert_eq!(
            units[0].origin.as_deref(),
            Some("lemonde.fr/pixels/puces")
        );
        assert_eq!(units[1].source, "Voir la figure\u{a0}1 & la légende.");
        assert_eq!(units[1].target_lang, "en-US");
        // A second trip through a fresh TM gives the same bytes.
        let dir2 = tempfile::tempdir().unwrap();
        let mut tm2 = Tm::open(&dir2.path().join("tm.sqlite")).unwrap();
        tm2.import_tmx_bytes(&[(Path::new("export.tmx"), &out)]).unwrap();
        assert_eq!(export(&tm2), out, "{fixture}");
    }
}

#[test]
fn issue_6_markup_is_ignored_when_scoring() {
    let dir = tempfile::tempdir().unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    tm.import_tmx(&[data("inline.tmx")]).unwrap();
    let got = tm
        .search("Les puces de Nvidia restent chères.", &Default::default())
        .unwrap();
    assert_eq!(got[0].score, 100);
    assert_eq!(got[0].unit.target, "Nvidia's chips remain expensive.");
}

#[test]
fn issue_6_every_sample_imports() {
    // (file, units in the file, of which French→English), counted by hand.
    let samples = [
        ("refs/tmx/samples/lisa-compkit_ImportTest2A.utf16le.tmx", 7, 7),
        ("refs/tmx/samples/omegat_test-save-tmx14.tmx", 4, 0),
        ("refs/tmx/samples/trados-tw4win_test01.utf16le.tmx", 4, 4),
        ("refs/examples/fr-en.tmx", 2, 2),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    for (file, units, fr_en) in samples {
        let path = refs().join(file.trim_start_matches("refs/"));
        let s = &tm.import_tmx(std::slice::from_ref(&path)).unwrap()[0];
        assert_eq!(
            (s.units, s.added, s.searchable),
            (units, units, fr_en),
            "{file}"
        );
        // Alone in a TM, each file exports to the same units.
        let dir1 = tempfile::tempdir().unwrap();
        let mut one = Tm::open(&dir1.path().join("tm.sqlite")).unwrap();
        one.import_tmx(std::slice::from_ref(&path)).unwrap();
        let (_, before) = read_all(&std::fs::read(&path).unwrap());
        let (_, after) = read_all(&export(&one));
        assert_eq!(before, after, "{file}");
    }
    assert_eq!(tm.len().unwrap(), 17);
    // The Trados file's two units with one source and two targets both
    // stay; re-importing a file merges every unit.
    let again = tm.import_tmx(&[refs().join("examples/fr-en.tmx")]).unwrap();
    assert_eq!((again[0].added, again[0].merged), (0, 2));
    let got = tm.search("Une autre phrase.", &Default::default()).unwrap();
    assert_eq!(got[0].unit.target, "Another sentence.");
    assert_eq!(got[0].score, 100);
}

#[test]
fn issue_6_bad_input_names_file_and_line_and_leaves_tm() {
    let env = TestEnv::new();
    env.ok(&["--tm", "tm.sqlite", "tm", "add", "Bonjour.", "Hello."]);
    let before = std::fs::read(env.path().join("tm.sqlite")).ok();
    let big = {
        let seg = "a ".repeat(tmx::MAX_SEGMENT_BYTES);
        format!(
            "<tmx version=\"1.4\"><header/><body>\n<tu>\
             <tuv xml:lang=\"fr\"><seg>x</seg></tuv>\
             <tuv xml:lang=\"en\"><seg>y</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"fr\"><seg>{seg}</seg></tuv>\
             <tuv xml:lang=\"en\"><seg>b</seg></tuv></tu></body></tmx>"
        )
    };
    let big = env.write("big.tmx", big);
    let cases: [(PathBuf, &str, &str); 4] = [
        (data("truncated.tmx"), "line 21", "truncated TMX"),
        (data("malformed.tmx"), "line 7", "malformed XML"),
        (data("inline.utf16le-nobom.tmx"), "line 1", "byte-order mark"),
        (big, "line 3", "segment longer than 1 MiB"),
    ];
    for (file, line, what) in cases {
        let f = file.to_str().unwrap();
        // A good file first: the whole command must fail, importing nothing.
        let good = data("inline.tmx");
        let err = env.fails(
            &["--tm", "tm.sqlite", "tm", "import", good.to_str().unwrap(), f],
            2,
        );
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(err.contains(name), "{err}");
        assert!(err.contains(line), "{err}");
        assert!(err.contains(what), "{err}");
        let tm = Tm::open(&env.path().join("tm.sqlite")).unwrap();
        assert_eq!(tm.len().unwrap(), 1, "{name}");
        assert_eq!(tm.integrity_check().unwrap(), "ok");
    }
    let _ = before;
}

#[test]
fn issue_6_cli_search_add_export_and_glossary_hints() {
    let env = TestEnv::new();
    env.write(
        "glossary/glossary.csv",
        "id,lang,term\nc1,fr,rançongiciel\nc1,en,ransomware\n\
         c2,fr,hôpital\nc2,en,hospital\n",
    );
    let ex = refs().join("examples/fr-en.tmx");
    // Default location: tm.sqlite beside the glossary.
    let out = env.ok(&["tm", "import", ex.to_str().unwrap()]);
    assert!(out.contains("2 added"), "{out}");
    assert!(env.path().join("glossary/tm.sqlite").exists());
    env.ok(&[
        "tm",
        "add",
        "Le rançongiciel a paralysé la mairie pendant trois jours.",
        "The ransomware crippled the town hall for three days.",
        "--origin",
        "test/doc-1",
    ]);
    let json = env.ok(&[
        "tm",
        "search",
        "Le rançongiciel a paralysé l'hôpital pendant quatre jours.",
        "--format",
        "json",
        "--min",
        "60",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2, "{json}");
    assert_eq!(
        arr[0]["target"],
        "The ransomware crippled the hospital for three days."
    );
    assert_eq!(arr[0]["origin"], "lemonde.fr/pixels/2025-01-01");
    let score = arr[0]["score"].as_u64().unwrap();
    assert!((80..100).contains(&score), "{score}");
    assert!(arr[1]["score"].as_u64().unwrap() < score);
    assert_eq!(arr[1]["origin"], "test/doc-1");
    let terms: Vec<&str> = arr[0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["en"].as_str().unwrap())
        .collect();
    assert_eq!(terms, ["ransomware", "hospital"]);
    // Human output marks the differing word and lists the terms.
    let human = env.ok(&[
        "tm",
        "search",
        "Le rançongiciel a paralysé l'hôpital pendant quatre jours.",
    ]);
    assert!(human.contains("[trois]"), "{human}");
    assert!(human.contains("rançongiciel → ransomware"), "{human}");
    let none = env.ok(&["tm", "search", "Rien à voir avec la choucroute"]);
    assert!(none.contains("no match"), "{none}");
    // Export: a mixed TM gets glossa's header, every unit is there.
    env.ok(&["tm", "export", "-o", "out.tmx"]);
    let (h, units) =
        read_all(&std::fs::read(env.path().join("out.tmx")).unwrap());
    assert_eq!(h.attr("creationtool"), Some("glossa"));
    assert_eq!(units.len(), 3);
    assert_eq!(units[2].props[0].text, "test/doc-1");
    // Adding the same pair again merges it.
    let again = env.ok(&[
        "tm",
        "add",
        "Le rançongiciel a paralysé la mairie pendant trois jours.",
        "The ransomware crippled the town hall for three days.",
    ]);
    assert!(again.contains("merged"), "{again}");
    let err = env.fails(&["--tm", "missing.sqlite", "tm", "search", "x"], 2);
    assert!(err.contains("no translation memory at missing.sqlite"), "{err}");
}

#[test]
fn issue_6_add_units_in_one_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    let pairs: Vec<TranslationUnit> = (0..500)
        .map(|i| {
            TranslationUnit::new(
                format!("La phrase numéro {i} parle de puces."),
                format!("Sentence number {i} is about chips."),
            )
            .with_origin("article.fr.txt")
        })
        .collect();
    let s = tm.add_units(&pairs).unwrap();
    assert_eq!((s.added, s.searchable), (500, 500));
    let got = tm
        .search("La phrase numéro 17 parle de puces.", &Default::default())
        .unwrap();
    assert_eq!(got[0].score, 100);
    assert_eq!(got[0].unit.target, "Sentence number 17 is about chips.");
    // Other numbers are near misses (a number changed costs little).
    assert!(got.len() > 1 && got[1].score >= 90, "{got:?}");
}

fn write_synthetic(path: &Path, n: usize, seed: u64) {
    let f = std::fs::File::create(path).unwrap();
    glossa::synth::tmx::write_tmx(f, n, seed).unwrap();
}

#[test]
fn issue_6_concurrent_imports_lose_nothing() {
    let env = TestEnv::new();
    // Big enough for the two imports to overlap in either build profile.
    let n = if cfg!(debug_assertions) { 5_000 } else { 40_000 };
    write_synthetic(&env.path().join("a.tmx"), n, 1);
    write_synthetic(&env.path().join("b.tmx"), n, 2);
    let spawn = |f: &str| {
        env.cmd()
            .args(["--tm", "tm.sqlite", "tm", "import", f])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn("a.tmx");
    let b = spawn("b.tmx");
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let tm = Tm::open(&env.path().join("tm.sqlite")).unwrap();
    assert_eq!(tm.integrity_check().unwrap(), "ok");
    // Different seeds: no duplicates between the files (checked by
    // importing each alone).
    let alone = |f: &str| {
        let d = tempfile::tempdir().unwrap();
        let mut t = Tm::open(&d.path().join("t.sqlite")).unwrap();
        t.import_tmx(&[env.path().join(f)]).unwrap();
        t.len().unwrap()
    };
    let mut both = Tm::open(&env.path().join("check.sqlite")).unwrap();
    both.import_tmx(&[env.path().join("a.tmx"), env.path().join("b.tmx")])
        .unwrap();
    assert_eq!(tm.len().unwrap(), both.len().unwrap());
    assert_eq!(tm.len().unwrap(), alone("a.tmx") + alone("b.tmx"));
}

/// Spawn `glossa tm import big.tmx`, wait until `ready` says so, kill it;
/// return whether it was still running when killed.
fn kill_import(env: &TestEnv, ready: impl Fn(Duration) -> bool) -> bool {
    let mut child = env
        .cmd()
        .args(["--tm", "tm.sqlite", "tm", "import", "big.tmx"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !ready(start.elapsed()) {
        assert!(start.elapsed() < Duration::from_secs(60), "import hung");
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    running
}

#[test]
fn issue_6_kill_during_import_leaves_old_or_whole() {
    let env = TestEnv::new();
    let tm_path = env.path().join("tm.sqlite");
    env.ok(&["--tm", "tm.sqlite", "tm", "add", "Avant.", "Before."]);
    let n = if cfg!(debug_assertions) { 10_000 } else { 100_000 };
    write_synthetic(&env.path().join("big.tmx"), n, 3);
    // How long a whole import takes here, and what it adds.
    let start = Instant::now();
    env.ok(&["--tm", "ref.sqlite", "tm", "import", "big.tmx"]);
    let full = start.elapsed();
    let whole =
        Tm::open(&env.path().join("ref.sqlite")).unwrap().len().unwrap();
    assert!(whole as f64 > n as f64 * 0.98, "{whole}");
    let wal = env.path().join("tm.sqlite-wal");
    let wal_len = || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let empty_wal = wal_len();
    // Killed part way (parsing and inserting: a quarter of the time a
    // whole import takes, less if that was already too late), then once
    // the WAL grows (the transaction's pages being written, at the commit).
    let mut states = Vec::new();
    let mut wait = full / 4;
    let mut phase = 0;
    while phase < 2 {
        let running = kill_import(&env, |t| match phase {
            0 => t > wait,
            _ => wal_len() > empty_wal + 64 * 1024,
        });
        let tm = Tm::open(&tm_path).unwrap();
        assert_eq!(tm.integrity_check().unwrap(), "ok");
        states.push((running, tm.len().unwrap()));
        if phase == 0 && !running && wait > Duration::from_millis(20) {
            // Finished before the kill: the TM now holds the file; start
            // again from the old TM and kill earlier.
            std::fs::remove_file(&tm_path).unwrap();
            let _ = std::fs::remove_file(&wal);
            let _ = std::fs::remove_file(env.path().join("tm.sqlite-shm"));
            env.ok(&["--tm", "tm.sqlite", "tm", "add", "Avant.", "Before."]);
            wait /= 4;
            states.clear();
            continue;
        }
        phase += 1;
    }
    assert!(
        states.iter().any(|s| s.0),
        "no kill came while the import was running"
    );
    // Old TM, or old + the whole file (a kill after the commit).
    for (_, n) in states {
        assert!(n == 1 || n == 1 + whole, "{n} units");
    }
    // The TM still works: the same import completes.
    env.ok(&["--tm", "tm.sqlite", "tm", "import", "big.tmx"]);
    assert_eq!(Tm::open(&tm_path).unwrap().len().unwrap(), 1 + whole);
}

/// With `GLOSSA_VALIDATE=1` (set by `.ci/run`): exports pass
/// `validate_exports.sh` (TMX 1.4 DTD) and translate-toolkit reads every
/// unit, for a TM made of one file (its header kept) and a mixed TM
/// (glossa's header).
#[test]
fn issue_6_tmx_exports_pass_validate_exports() {
    if !common::opt_in(
        "GLOSSA_VALIDATE",
        "the schema validation of TMX exports",
    ) {
        return;
    }
    let env = TestEnv::new();
    let inputs: Vec<PathBuf> = vec![
        refs().join("tmx/samples/lisa-compkit_ImportTest2A.utf16le.tmx"),
        refs().join("tmx/samples/omegat_test-save-tmx14.tmx"),
        refs().join("tmx/samples/trados-tw4win_test01.utf16le.tmx"),
        refs().join("examples/fr-en.tmx"),
        data("inline.tmx"),
    ];
    let mut checks: Vec<(PathBuf, u64)> = Vec::new();
    for (i, f) in inputs.iter().enumerate() {
        let db = format!("one{i}.sqlite");
        env.ok(&["--tm", &db, "tm", "import", f.to_str().unwrap()]);
        let out = env.path().join(format!("one{i}.tmx"));
        env.ok(&["--tm", &db, "tm", "export", "-o", out.to_str().unwrap()]);
        checks.push((
            out,
            Tm::open(&env.path().join(&db)).unwrap().len().unwrap(),
        ));
    }
    let mut args = vec!["--tm", "all.sqlite", "tm", "import"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    env.ok(&args);
    env.ok(&[
        "--tm",
        "all.sqlite",
        "tm",
        "add",
        "Un « test » & <b>",
        "A \"test\"",
    ]);
    env.ok(&["--tm", "all.sqlite", "tm", "export", "-o", "all.tmx"]);
    let all = Tm::open(&env.path().join("all.sqlite")).unwrap().len().unwrap();
    checks.push((env.path().join("all.tmx"), all));
    let script = validator();
    for (file, n) in checks {
        let out =
            std::process::Command::new(&script).arg(&file).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {text}", file.display());
        assert!(text.contains(": VALID"), "{text}");
        assert!(text.contains(&format!("units={n}")), "{n} units: {text}");
    }
}
