//! `glossa add | list | import | export | validate` through the binary:
//! the bad-input table (exit 2, a message naming file and line/column or
//! entry, the glossary byte-identical afterwards), export → import round
//! trips, and 8 concurrent `glossa add` runs losing nothing.

mod common;

use common::TestEnv;

/// An environment whose glossary holds two entries.
fn seeded() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&[
        "add",
        "--fr",
        "puce",
        "--en",
        "chip",
        "--domain",
        "chips",
        "--gender-fr",
        "feminine",
        "--context-fr",
        "Nvidia vend des puces.",
        "--source",
        "Le Monde",
    ]);
    env.ok(&["add", "--fr", "IA", "--en", "AI", "--case-sensitive"]);
    env
}

const TBX_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
     <martif type=\"TBX-Basic\" xml:lang=\"fr\">\n<text>\n<body>\n";

#[test]
fn bad_input_table() {
    // (file name, content, substrings the error must contain)
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "malformed.tbx",
            format!(
                "{TBX_HEAD}<termEntry id=\"c1\">\n<langSet xml:lang=\"fr\">\
                 <tig><term>puce</tig>\n</langSet></termEntry></body></text>\
                 </martif>"
            )
            .into_bytes(),
            vec!["malformed.tbx: line 6, column", "malformed XML"],
        ),
        (
            "unclosed.tbx",
            format!("{TBX_HEAD}<termEntry id=\"c1\">\n").into_bytes(),
            vec!["unclosed.tbx: line 5, column 1", "never closed"],
        ),
        (
            "malformed.csv",
            b"fr,en\npuce,chip\nnuage,cloud,extra\n".to_vec(),
            vec!["malformed.csv: line 3", "expected 2 fields, found 3"],
        ),
        (
            "unterminated.csv",
            b"fr,en\npuce,\"chip\n".to_vec(),
            vec!["unterminated.csv: line 2, column 6", "never closed"],
        ),
        (
            "unknown-lang.csv",
            b"fr,english!\npuce,chip\n".to_vec(),
            vec![
                "unknown-lang.csv: line 1, column 2",
                "unknown column or language code \"english!\"",
            ],
        ),
        (
            "unknown-lang.tbx",
            format!(
                "{TBX_HEAD}<termEntry id=\"c1\">\n<langSet xml:lang=\"fr\">\
                 <tig><term>puce</term></tig></langSet>\n<langSet \
                 xml:lang=\"en glish\"><tig><term>chip</term></tig></langSet>\
                 </termEntry></body></text></martif>"
            )
            .into_bytes(),
            vec![
                "unknown-lang.tbx: line 7, column 1: entry c1",
                "unknown language code",
            ],
        ),
        (
            "missing-columns.csv",
            b"id,subject\nc1,AI\n".to_vec(),
            vec!["missing-columns.csv: line 1", "missing columns"],
        ),
        (
            "missing-lang-column.csv",
            b"fr,en_status\npuce,preferred\n".to_vec(),
            vec!["line 1, column 2", "missing column en"],
        ),
        (
            "missing-target.tsv",
            b"# OmegaT\npuce\tchip\nnuage\n".to_vec(),
            vec!["missing-target.tsv: line 3", "source<TAB>target"],
        ),
        (
            "bad-utf8.tbx",
            [
                TBX_HEAD.as_bytes(),
                b"<termEntry id=\"c1\"><langSet xml:lang=\"fr\"><tig><term>pu",
                &[0xFF],
                b"ce</term></tig></langSet></termEntry></body></text></martif>",
            ]
            .concat(),
            vec!["bad-utf8.tbx: line 5, column 56", "not valid UTF-8"],
        ),
        (
            "bad-shift-jis.tbx",
            [
                b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<martif>\n",
                &[0x82, 0x20][..],
                b"</martif>",
            ]
            .concat(),
            vec!["bad-shift-jis.tbx: line 3, column 1", "not valid Shift_JIS"],
        ),
        (
            "bad-utf8.csv",
            [b"fr,en\npuce,ch".as_slice(), &[0xC3, 0x28], b"ip\n"].concat(),
            vec!["bad-utf8.csv: line 2, column 8", "not valid UTF-8"],
        ),
        ("empty.csv", Vec::new(), vec!["empty.csv", "empty"]),
        ("blank.tbx", b"  \n\n".to_vec(), vec!["blank.tbx", "empty"]),
        (
            "duplicate-ids.tbx",
            format!(
                "{TBX_HEAD}<termEntry id=\"c7\"><langSet xml:lang=\"fr\">\
                 <tig><term>puce</term></tig></langSet></termEntry>\n\
                 <termEntry id=\"c7\"><langSet xml:lang=\"fr\">\
                 <tig><term>nuage</term></tig></langSet></termEntry>\
                 </body></text></martif>"
            )
            .into_bytes(),
            vec![
                "duplicate-ids.tbx: line 6, column 1: entry c7",
                "duplicate entry id \"c7\" (first used on line 5)",
            ],
        ),
        (
            "duplicate-ids.csv",
            b"id,fr,en\nc1,puce,chip\nc1,nuage,cloud\n".to_vec(),
            vec!["duplicate-ids.csv: line 3", "entry c1", "duplicate id"],
        ),
        (
            "no-term.tbx",
            format!(
                "{TBX_HEAD}<termEntry id=\"c1\"><langSet xml:lang=\"fr\">\
                 <tig><termNote type=\"partOfSpeech\">noun</termNote></tig>\
                 </langSet></termEntry></body></text></martif>"
            )
            .into_bytes(),
            vec!["no-term.tbx: line 5", "must start with <term>"],
        ),
        (
            "bad-status.csv",
            b"fr,fr_status\npuce,maybe\n".to_vec(),
            vec!["bad-status.csv: line 2, column 2", "unknown value \"maybe\""],
        ),
        (
            "not-tbx.xml",
            b"<html><body/></html>".to_vec(),
            vec!["not-tbx.xml: line 1, column 1", "not a TBX file"],
        ),
    ];
    let env = seeded();
    let before = std::fs::read(env.glossary_file()).unwrap();
    for (name, content, wants) in &cases {
        env.write(name, content);
        let err = env.fails(&["import", name], 2);
        for w in wants {
            assert!(err.contains(w), "{name}: {err:?} lacks {w:?}");
        }
        assert_eq!(
            std::fs::read(env.glossary_file()).unwrap(),
            before,
            "{name} changed the glossary"
        );
        // `validate` reports the same problem (exit 1: findings).
        if !content.iter().all(|b| b.is_ascii_whitespace()) {
            let out = env.run(&["validate", name]);
            assert_eq!(out.status.code(), Some(1), "validate {name}");
        }
    }
    // The deliberately broken LTAC sample.
    let neg =
        common::refs().join("tbx/samples/v3/NEGATIVE_core_structure_bad.tbx");
    let err = env.fails(&["import", neg.to_str().unwrap()], 2);
    assert!(
        err.contains("line 27, column 7: entry c1: <termSec> must start"),
        "{err}"
    );
    // Several files: one bad file means nothing is written.
    env.write("good.csv", "fr,en\nnuage,cloud\n");
    env.fails(&["import", "good.csv", "malformed.csv"], 2);
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
}

#[test]
fn bad_add_leaves_glossary_untouched() {
    let env = seeded();
    let before = std::fs::read(env.glossary_file()).unwrap();
    for args in [
        &["add", "--fr", " ", "--en", "x"][..],
        &["add", "--fr", "a", "--en", "b", "--status", "bogus"],
        &["add", "--fr", "a", "--en", "b", "--pos", "nounish"],
        &["add", "--fr", "a", "--en", "b", "--geo-en", "english!"],
        &["add", "--fr", "a\tb", "--en", "b"],
    ] {
        let err = env.fails(args, 2);
        assert!(err.starts_with("glossa: error: "), "{args:?}: {err}");
        assert_eq!(
            std::fs::read(env.glossary_file()).unwrap(),
            before,
            "{args:?}"
        );
    }
}

#[test]
fn export_import_round_trip_through_the_cli() {
    let env = seeded();
    let want = env.ok(&["list", "--format", "json"]);
    for to in ["tbx", "tbx3", "csv", "native"] {
        let file = format!("out.{to}");
        env.ok(&["export", "--to", to, "-o", &file]);
        let fresh = TestEnv::new();
        let src = env.path().join(&file);
        let from = match to {
            "tbx3" => "tbx",
            x => x,
        };
        fresh.ok(&["import", "--from", from, src.to_str().unwrap()]);
        assert_eq!(fresh.ok(&["list", "--format", "json"]), want, "{to}");
    }
    // TSV carries pairs and the note only.
    env.ok(&["export", "--to", "tsv", "-o", "out.tsv"]);
    let tsv = std::fs::read_to_string(env.path().join("out.tsv")).unwrap();
    assert_eq!(
        tsv,
        "# Glossary in tab-separated format -*- coding: utf-8 -*-\n\
         puce\tchip\nIA\tAI\n"
    );
}

#[test]
fn eight_concurrent_adders_lose_nothing() {
    const WORKERS: usize = 8;
    const ADDS: usize = 50;
    let env = TestEnv::new();
    std::thread::scope(|s| {
        for w in 0..WORKERS {
            let env = &env;
            s.spawn(move || {
                for i in 0..ADDS {
                    let fr = format!("terme {w}-{i}");
                    let en = format!("term {w}-{i}");
                    env.ok(&["add", "--fr", &fr, "--en", &en]);
                }
            });
        }
    });
    let json = env.ok(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), WORKERS * ADDS);
    let mut ids: Vec<&str> =
        entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), WORKERS * ADDS, "ids are unique");
    for w in 0..WORKERS {
        for i in 0..ADDS {
            let fr = format!("terme {w}-{i}");
            assert!(
                entries.iter().any(|e| e["terms"][0]["text"] == fr),
                "{fr} lost"
            );
        }
    }
    let out = env.ok(&["validate"]);
    assert!(out.contains("ok (400 entries, 800 terms)"), "{out}");
}

/// Installed like a CLI (issue 10): outside any project the user's own
/// glossary is created from the shipped termbase on first use, a
/// `glossary/` in a parent directory wins over it, and `init` never
/// overwrites.
#[test]
fn issue_10_glossary_found_like_git_or_created_for_the_user() {
    let env = common::TestEnv::bare();
    let user = env.user_data().join("glossa/glossary");
    let out = env.run(&["lookup", "fond spéculatifs"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("hedge fund"), "{stdout}");
    assert!(stderr.contains("created your glossary at"), "{stderr}");
    assert!(user.join("glossary.csv").is_file());
    // Second run: nothing created, nothing said about it.
    let out = env.run(&["lookup", "puce"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("created"));
    // A project glossary in a parent directory wins.
    env.write(
        "proj/glossary/glossary.csv",
        "id,lang,term\nc1,fr,nuage\nc1,en,cloud\n",
    );
    std::fs::create_dir_all(env.path().join("proj/a/b")).unwrap();
    let out = env
        .cmd()
        .current_dir(env.path().join("proj/a/b"))
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.contains("nuage") && !list.contains("hedge fund"), "{list}");
    // init refuses to overwrite; creates an empty project glossary.
    let err = env.fails(&["init"], 2);
    assert!(err.contains("already holds a glossary"), "{err}");
    env.ok(&["init", "fresh", "--empty"]);
    assert!(env.path().join("fresh/glossary.csv").is_file());
}

/// Completions and the man page come from the same clap definitions.
#[test]
fn issue_10_completions_and_man_page() {
    let env = common::TestEnv::bare();
    let bash = env.ok(&["completions", "bash"]);
    assert!(bash.contains("lookup") && bash.contains("--glossary"));
    let man = env.ok(&["man"]);
    assert!(man.contains(".TH glossa"), "{}", &man[..200.min(man.len())]);
    assert!(man.contains("lookup"));
    // Neither needs or creates a glossary.
    assert!(!env.user_data().exists());
}

/// Issue 14 item 6: control characters got in through `add`, TBX (raw or
/// `&#x1;`), CSV (NUL) and TMX, `validate` said ok, and every TBX export
/// then failed. Every way in now refuses them, naming the entry and field
/// or the line and column, and leaves the glossary as it was.
#[test]
fn issue_14_item_6_control_characters_refused_at_every_entry_point() {
    let env = seeded();
    let before = std::fs::read(env.glossary_file()).unwrap();
    let unchanged = || {
        assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    };
    for (args, want) in [
        (
            &["add", "--fr", "pu\x01ce", "--en", "chip"][..],
            "fr term \"pu\\u{1}ce\": character U+0001 at character 3",
        ),
        (&["add", "--fr", "pu\u{85}ce", "--en", "chip"], "character U+0085"),
        (
            &[
                "add",
                "--fr",
                "grappe",
                "--en",
                "cluster",
                "--definition",
                "a\x07b",
            ],
            "definition: character U+0007",
        ),
        (
            &[
                "add",
                "--fr",
                "grappe",
                "--en",
                "cluster",
                "--context-en",
                "x\x1by",
            ],
            "context of en term \"cluster\": character U+001B",
        ),
    ] {
        let err = env.fails(args, 2);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(err.contains("entry c"), "{err}");
        unchanged();
    }
    let tbx = |term: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<martif type=\"TBX\" xml:lang=\"en\">\
             <text><body>\n<termEntry id=\"t1\"><langSet xml:lang=\"fr\"><tig>\
             <term>{term}</term></tig></langSet><langSet xml:lang=\"en\"><tig>\
             <term>chip</term></tig></langSet></termEntry></body></text></martif>\n"
        )
    };
    for (name, body, want) in [
        (
            "raw.tbx",
            tbx("pu\x01ce"),
            "line 3, column 56: character U+0001 is not allowed in XML 1.0",
        ),
        (
            "ref.tbx",
            tbx("pu&#x1;ce"),
            "line 3, column 54: malformed XML: bad character reference &#x1;",
        ),
        ("dec.tbx", tbx("pu&#31;ce"), "bad character reference &#31;"),
        (
            "nul.csv",
            "fr,en\n\"pu\0ce\",chip\n".into(),
            "fr term \"pu\\0ce\": character U+0000",
        ),
        ("n.tsv", "pu\x01ce\tchip\n".into(), "character U+0001"),
        (
            "native.csv",
            "id,lang,term,definition\nk1,fr,puce,\"a\x02\"\nk1,en,chip,\n"
                .into(),
            "entry k1: definition: character U+0002",
        ),
    ] {
        let f = env.write(name, body);
        let mut args = vec!["import", f.to_str().unwrap()];
        if name == "native.csv" {
            args.extend(["--from", "native"]);
        }
        let err = env.fails(&args, 2);
        assert!(err.contains(name) && err.contains(want), "{name}: {err}");
        unchanged();
    }
    // A file poisoned by hand (or by an older glossa) is reported.
    let poisoned = "id,lang,term\nc9,fr,pu\x01ce\nc9,en,chip\n";
    env.write("glossary/poisoned.csv", poisoned);
    let out = env.run(&["validate"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("poisoned.csv: entry c9: fr term \"pu\\u{1}ce\""),
        "{said}"
    );
    std::fs::remove_file(env.path().join("glossary/poisoned.csv")).unwrap();
    // Exports work, so nothing unwritable got in.
    env.ok(&["export", "--to", "tbx"]);
    // The TMX reader refuses the same.
    let tmx = |seg: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"fr\" \
             datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" \
             o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n\
             <tu><tuv xml:lang=\"fr\"><seg>{seg}</seg></tuv><tuv xml:lang=\"en\">\
             <seg>b</seg></tuv></tu></body></tmx>\n"
        )
    };
    for (seg, want) in [
        ("a\x01b", "line 3, column 30: character U+0001 is not allowed"),
        ("a&#x1;b", "line 3, column 29: character reference to U+0001"),
    ] {
        let f = env.write("t.tmx", tmx(seg));
        let err = env.fails(
            &["--tm", "tm.sqlite", "tm", "import", f.to_str().unwrap()],
            2,
        );
        assert!(err.contains("t.tmx") && err.contains(want), "{seg}: {err}");
    }
}

/// Issue 14 item 2: `import /dev/zero` and `tm import /dev/zero` grew to
/// 23 GB until the kernel killed them. Devices and directories are
/// refused before reading, with the file named; so is every other file
/// the CLI reads.
#[test]
fn issue_14_item_2_devices_are_refused_at_once() {
    let env = seeded();
    let before = std::fs::read(env.glossary_file()).unwrap();
    for args in [
        &["import", "/dev/zero"][..],
        &["import", "--from", "tsv", "/dev/zero"],
        &["--tm", "tm.sqlite", "tm", "import", "/dev/zero"],
        &["check", "--source", "/dev/zero", "--target", "/dev/zero"],
        &["align", "/dev/zero", "/dev/zero"],
        &["validate", "/dev/zero"],
        &["import", "glossary"],
    ] {
        let out = assert_cmd::Command::from_std(env.cmd())
            .args(args)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let said = format!("{err}{}", String::from_utf8_lossy(&out.stdout));
        assert!(matches!(out.status.code(), Some(1 | 2)), "{args:?}: {said}");
        assert!(
            said.contains("not a regular file")
                || said.contains("is a directory"),
            "{args:?}: {said}"
        );
        assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    }
    assert!(!env.path().join("tm.sqlite").exists());
}

/// Issue 11: `glossa add` compared terms with three different rules
/// across the front ends; adding `Élément` twice printed "already in the
/// glossary as c2" (no c2 existed), and `centre de données` / `centre de
/// donnees`, `l’IA` / `l'IA` became two entries. One rule now (the text
/// pipeline's fold), and the message names the real id.
#[test]
fn issue_11_cli_add_same_term_twice_is_one_entry_named_by_its_real_id() {
    for (first, again) in [
        ("Élément", "Élément"),
        ("élément", "Élément"),
        ("centre de données", "centre de donnees"),
        ("l’IA", "l'IA"),
    ] {
        let env = TestEnv::new();
        env.ok(&["add", "--fr", "puce", "--en", "chip"]);
        let out = env.ok(&["add", "--fr", first, "--en", "item"]);
        assert!(out.starts_with("added c2: "), "{out}");
        let out = env.ok(&["add", "--fr", again, "--en", "Item"]);
        assert_eq!(
            out.trim(),
            format!("already in the glossary as c2: {again} → Item"),
            "{first} / {again}"
        );
        let list: serde_json::Value =
            serde_json::from_str(&env.ok(&["list", "--format", "json"]))
                .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2, "{first} / {again}");
        assert_eq!(list[1]["terms"][0]["text"], first);
    }
}
