//! Issue 15: exports shaped for CAT tools, XLSX both ways, XLIFF and
//! Office documents in. The opt-in suites run the real tools:
//! `GLOSSA_OMEGAT=1` (OmegaT 3.6 console mode) and `GLOSSA_LIBREOFFICE=1`
//! (LibreOffice headless).

mod common;

use std::path::Path;
use std::process::Command;

use common::TestEnv;

fn data(name: &str) -> String {
    common::root().join("tests/data/cat").join(name).display().to_string()
}

fn sample(name: &str) -> String {
    common::root().join("data/sample").join(name).display().to_string()
}

/// The English terms the shipped glossary marks deprecated or superseded.
fn discouraged_english(env: &TestEnv) -> Vec<String> {
    let list = env.ok(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let mut out = Vec::new();
    for e in v.as_array().unwrap() {
        for t in e["terms"].as_array().unwrap() {
            let st = t["status"].as_str().unwrap();
            if t["lang"].as_str().unwrap().starts_with("en")
                && (st == "deprecated" || st == "superseded")
            {
                out.push(t["text"].as_str().unwrap().to_string());
            }
        }
    }
    out
}

#[test]
fn omegat_profile_has_no_deprecated_target_and_no_internal_notes() {
    let env = TestEnv::with_shipped_glossary();
    env.ok(&["export", "--for", "omegat", "-o", "omegat.tbx"]);
    let tbx = std::fs::read_to_string(env.path().join("omegat.tbx")).unwrap();
    assert!(!tbx.contains("glossa:"));
    assert!(!tbx.contains("termNote"));
    assert!(tbx.contains("<note>avoid: A.I.</note>"));
    let bad = discouraged_english(&env);
    assert!(
        bad.iter().any(|b| b == "A.I."),
        "the glossary has A.I. deprecated"
    );
    assert!(!tbx.contains("<term>A.I.</term>"));
    // The TSV flavour: same rule, labelled comment.
    let tsv = env.ok(&["export", "--for", "omegat", "--to", "tsv"]);
    assert!(
        tsv.lines().any(|l| l.starts_with("intelligence artificielle\tAI\t")
            && l.contains("avoid: A.I."))
    );
    assert!(!tsv.lines().any(|l| l.split('\t').nth(1) == Some("A.I.")));
}

#[test]
fn memoq_trados_excel_profiles() {
    let env = TestEnv::with_shipped_glossary();
    env.ok(&["export", "--for", "memoq", "-o", "tb.csv"]);
    let csv = std::fs::read_to_string(env.path().join("tb.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Entry_ID;Entry_Subject;Entry_Note;French_Def;French;Term_Example"));
    assert!(csv.contains("avoid (English): A.I."));
    env.ok(&["export", "--for", "trados", "-o", "tb.tbx"]);
    let tbx = std::fs::read_to_string(env.path().join("tb.tbx")).unwrap();
    assert!(
        !tbx.contains("glossa:") && tbx.contains("deprecatedTerm-admn-sts")
    );
    env.ok(&["export", "--for", "excel", "--to", "csv", "-o", "x.csv"]);
    let x = std::fs::read(env.path().join("x.csv")).unwrap();
    assert!(x.starts_with("\u{feff}id,state,".as_bytes()));
    // csv2tbx takes a `source` column for the source term: not written.
    let head =
        String::from_utf8_lossy(&x[3..]).lines().next().unwrap().to_string();
    assert!(!head.split(',').any(|c| c == "source"), "{head}");
    assert!(head.split(',').any(|c| c == "provenance"), "{head}");
    let err = env.fails(&["export", "--for", "omegat", "--to", "xlsx"], 2);
    assert!(err.contains("--for omegat writes tbx, tsv"), "{err}");
}

#[test]
fn xlsx_round_trip_keeps_the_glossary() {
    let env = TestEnv::with_shipped_glossary();
    let want = env.ok(&["list", "--format", "json"]);
    env.ok(&[
        "export",
        "--for",
        "excel",
        "--include-proposed",
        "-o",
        "g.xlsx",
    ]);
    let back = TestEnv::new();
    let f = env.path().join("g.xlsx");
    back.ok(&["import", f.to_str().unwrap()]);
    assert_eq!(
        grouped(&back.ok(&["list", "--format", "json"])),
        grouped(&want)
    );
}

/// `list --format json` with each entry's terms grouped by language
/// (stable): a spreadsheet has a column per language, so an entry whose
/// terms alternate languages comes back grouped (see formats::csv).
fn grouped(list: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(list).unwrap();
    for e in v.as_array_mut().unwrap() {
        let terms = e["terms"].as_array_mut().unwrap();
        let mut order: Vec<String> = Vec::new();
        for t in terms.iter() {
            let l = t["lang"].as_str().unwrap().to_string();
            if !order.contains(&l) {
                order.push(l);
            }
        }
        terms.sort_by_key(|t| {
            order.iter().position(|l| l == t["lang"].as_str().unwrap())
        });
    }
    v
}

#[test]
fn cat_tool_glossaries_arrive_proposed_unless_approved() {
    let env = TestEnv::new();
    let tsv = env.write("glossary.txt", "# Glossary in tab-separated format -*- coding: utf-8 -*-\npuce\tchip\n");
    let memoq = env.write("mq.csv", "Entry_ID;Entry_Subject;French;Term_Example;English;Term_Example\r\n7;chips;tranche;;wafer;A wafer.\r\n");
    let sheet = env.write("s.csv", "fr,en\nfonderie,foundry\n");
    for f in [&tsv, &memoq, &sheet] {
        env.ok(&["import", f.to_str().unwrap()]);
    }
    let proposed =
        env.ok(&["list", "--state", "proposed", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&proposed).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3, "{proposed}");
    let env2 = TestEnv::new();
    env2.ok(&["import", "--approve", tsv.to_str().unwrap()]);
    let approved =
        env2.ok(&["list", "--state", "approved", "--format", "json"]);
    assert!(approved.contains("\"chip\""), "{approved}");
}

#[test]
fn unreadable_files_say_what_they_are() {
    let env = TestEnv::new();
    // A CFB (OLE) container whose directory names an EncryptedPackage
    // stream: how Office stores a password-protected .xlsx.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(512, 0);
    ole.extend(
        "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()),
    );
    let enc = env.write("locked.xlsx", &ole);
    let err = env.fails(&["import", enc.to_str().unwrap()], 2);
    assert!(err.contains("encrypted (password-protected)"), "{err}");
    // A real workbook cut in half.
    let good = TestEnv::with_shipped_glossary();
    good.ok(&["export", "--for", "excel", "-o", "g.xlsx"]);
    let bytes = std::fs::read(good.path().join("g.xlsx")).unwrap();
    let cut = env.write("cut.xlsx", &bytes[..bytes.len() / 2]);
    let err = env.fails(&["import", cut.to_str().unwrap()], 2);
    assert!(err.contains("cut.xlsx") && err.contains("damaged"), "{err}");
    // Text renamed .docx.
    let fake = env.write("draft.docx", "This is plain text.\n");
    let err =
        env.fails(&["suggest", "--lang", "en", fake.to_str().unwrap()], 2);
    assert!(
        err.contains("not a Word document (.docx): it is plain text"),
        "{err}"
    );
    // XLIFF of a version glossa does not read.
    let x3 = env.write("v3.xlf", "<xliff version=\"3.0\"><file/></xliff>");
    let err = env.fails(&["tm", "import", x3.to_str().unwrap()], 2);
    assert!(err.contains("XLIFF version \"3.0\" is not supported"), "{err}");
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn omegat_xliff_is_checked_imported_and_aligned() {
    let env = TestEnv::with_shipped_glossary();
    let xlf = data("omegat-deepseek.xlf");
    let out = env.ok(&["check", &xlf, "--hints", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let units: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["unit"].as_str().unwrap())
        .collect();
    assert!(
        !units.is_empty() && units.iter().all(|u| u.starts_with('p')),
        "{out}"
    );
    let line = env.ok(&["check", &xlf, "--hints", "--format", "line"]);
    assert!(line.lines().all(|l| l.contains(": unit p")), "{line}");
    let out = env.ok(&["--tm", "tm.sqlite", "tm", "import", &xlf]);
    assert!(out.contains("6 units, 6 added"), "{out}");
    let hit = env.ok(&["--tm", "tm.sqlite", "tm", "export"]);
    assert!(hit.contains("origins in trading"), "{hit}");
    // align takes it as an aligned pair: one bead per unit.
    let beads = env.ok(&["align", &xlf, "--sentences", "--format", "tsv"]);
    assert_eq!(beads.lines().count(), 6, "{beads}");
    assert!(beads.lines().enumerate().all(|(i, l)| l.starts_with(&format!(
        "{}\t{}\t",
        i + 1,
        i + 1
    ))));
}

#[test]
fn xliff2_spec_example_is_imported() {
    let env = TestEnv::new();
    let out = env.ok(&[
        "--tm",
        "tm.sqlite",
        "tm",
        "import",
        &data("xliff2-everything-core.xlf"),
    ]);
    // tu1/1 (state translated) and tu1/2 (no state, a target): the
    // others have no target.
    assert!(out.contains("5 units, 2 added"), "{out}");
    let tmx = env.ok(&["--tm", "tm.sqlite", "tm", "export"]);
    assert!(
        tmx.contains("Exemple de segment.")
            && tmx.contains("Contenu du segment.")
    );
}

#[test]
fn libreoffice_docx_aligns_like_the_text() {
    let env = TestEnv::with_shipped_glossary();
    let text = env.ok(&[
        "align",
        &sample("deepseek.fr.txt"),
        &sample("deepseek.en.txt"),
        "--sentences",
        "--format",
        "tsv",
    ]);
    let docx = env.ok(&[
        "align",
        &data("deepseek.fr.docx"),
        &data("deepseek.en.docx"),
        "--sentences",
        "--format",
        "tsv",
    ]);
    assert_eq!(docx, text);
    let check = env.ok(&[
        "check",
        "-s",
        &data("deepseek.fr.docx"),
        "-t",
        &data("deepseek.en.docx"),
        "--hints",
        "--format",
        "line",
    ]);
    // Positions are the document's paragraphs (it has 6).
    for l in check.lines() {
        let p: usize = l.split(':').nth(1).unwrap().parse().unwrap();
        assert!((1..=6).contains(&p), "{l}");
    }
}

#[test]
fn html_and_markdown_are_read_as_paragraphs() {
    let env = TestEnv::with_shipped_glossary();
    let html = env.write("a.html", "<html><head><title>x</title></head><body><h1>Les puces</h1><p>Le march&eacute; des <b>puces</b> a chut&eacute;.</p></body></html>");
    let out = env.ok(&[
        "suggest",
        "--lang",
        "fr",
        "--format",
        "line",
        html.to_str().unwrap(),
    ]);
    assert!(
        out.lines().any(|l| l.starts_with(&format!("{}:2:", html.display()))),
        "{out}"
    );
    let md = env.write("a.md", "# Titre\n\nLe *marché* des puces a chuté.\n");
    let out = env.ok(&[
        "suggest",
        "--lang",
        "fr",
        "--format",
        "line",
        md.to_str().unwrap(),
    ]);
    assert!(
        out.lines().any(|l| l.starts_with(&format!("{}:2:", md.display()))),
        "{out}"
    );
}

/// The OmegaT project of the acceptance test: the sample article as
/// source, glossa's TMX (from `align --into-tm`) in tm/auto, the
/// omegat-profile export in glossary/.
fn omegat_project(env: &TestEnv) -> std::path::PathBuf {
    let p = env.path().join("omt");
    for d in
        ["source", "target", "tm/auto", "glossary", "dictionary", "omegat"]
    {
        std::fs::create_dir_all(p.join(d)).unwrap();
    }
    std::fs::copy(sample("deepseek.fr.txt"), p.join("source/deepseek.fr.txt"))
        .unwrap();
    std::fs::copy(data("omegat.project"), p.join("omegat.project")).unwrap();
    env.ok(&[
        "--tm",
        "tm.sqlite",
        "align",
        &sample("deepseek.fr.txt"),
        &sample("deepseek.en.txt"),
        "--into-tm",
    ]);
    env.ok(&[
        "--tm",
        "tm.sqlite",
        "tm",
        "export",
        "-o",
        "omt/tm/auto/glossa.tmx",
    ]);
    env.ok(&["export", "--for", "omegat", "-o", "omt/glossary/glossary.tbx"]);
    p
}

#[test]
fn omegat_console_fills_every_segment_and_reads_the_glossary() {
    if !common::opt_in("GLOSSA_OMEGAT", "OmegaT 3.6 in console mode") {
        return;
    }
    let env = TestEnv::with_shipped_glossary();
    let p = omegat_project(&env);
    let out = Command::new("omegat")
        .arg("--mode=console-translate")
        .arg(format!(
            "--config-dir={}",
            env.path().join("omt-config").display()
        ))
        .args(["--disable-project-locking", "--no-team"])
        .arg(format!("--script={}", data("show_glossary.groovy")))
        .arg(&p)
        .output()
        .expect("run omegat");
    let log = String::from_utf8_lossy(&out.stdout).into_owned()
        + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    // OmegaT's own statistics: 26 segments, none left.
    let stats =
        std::fs::read_to_string(p.join("omegat/project_stats.txt")).unwrap();
    let row = |name: &str| -> u64 {
        let l = stats.lines().find(|l| l.starts_with(name)).unwrap();
        l.split('\t').nth(1).unwrap().trim().parse().unwrap()
    };
    assert_eq!((row("Total:"), row("Remaining:")), (26, 0), "{stats}");
    // OmegaT's TBX reader (run by the script) on the profile export.
    let entries: Vec<Vec<&str>> = log
        .lines()
        .filter(|l| l.starts_with("ENTRY\t"))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(
        log.contains("GLOSSARY glossary.tbx:") && entries.len() > 1000,
        "{log}"
    );
    let bad = discouraged_english(&env);
    let pref: Vec<String> = {
        let list = env.ok(&["list", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&list).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["terms"].as_array().unwrap().clone())
            .filter(|t| {
                t["lang"].as_str().unwrap().starts_with("en")
                    && matches!(
                        t["status"].as_str().unwrap(),
                        "preferred" | "admitted"
                    )
            })
            .map(|t| t["text"].as_str().unwrap().to_string())
            .collect()
    };
    for e in &entries {
        let target = e[2];
        assert!(
            !bad.iter().any(|b| b == target)
                || pref.iter().any(|p| p == target),
            "OmegaT offers the deprecated target {target:?} for {:?}",
            e[1]
        );
        assert!(
            !e[3].contains("glossa:") && !e[3].contains("-admn-sts"),
            "{:?}",
            e
        );
    }
    let ia = entries
        .iter()
        .find(|e| e[1] == "intelligence artificielle" && e[2] == "AI")
        .unwrap();
    assert!(
        ia[3].contains("avoid: A.I.") && ia[3].contains("definition: "),
        "{ia:?}"
    );
}

#[test]
fn libreoffice_round_trips_glossa_xlsx() {
    if !common::opt_in(
        "GLOSSA_LIBREOFFICE",
        "LibreOffice headless round trips",
    ) {
        return;
    }
    let env = TestEnv::with_shipped_glossary();
    let want = env.ok(&["list", "--format", "json"]);
    std::fs::create_dir_all(env.path().join("lo")).unwrap();
    env.ok(&[
        "export",
        "--for",
        "excel",
        "--include-proposed",
        "-o",
        "g.xlsx",
    ]);
    let soffice = |args: &[&str], dir: &Path| {
        let out = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                env.path().join("lo-profile").display()
            ))
            .args(["--headless", "--convert-to"])
            .args(args)
            .arg("--outdir")
            .arg(dir)
            .output()
            .expect("run soffice");
        assert!(out.status.success(), "{out:?}");
    };
    soffice(
        &["xlsx", env.path().join("g.xlsx").to_str().unwrap()],
        &env.path().join("lo"),
    );
    let back = TestEnv::new();
    let f = env.path().join("lo/g.xlsx");
    back.ok(&["import", f.to_str().unwrap()]);
    assert_eq!(
        grouped(&back.ok(&["list", "--format", "json"])),
        grouped(&want)
    );
    // A .docx LibreOffice makes from the sample article aligns like it.
    let dir = env.path().join("docx");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["deepseek.fr.txt", "deepseek.en.txt"] {
        std::fs::copy(sample(f), dir.join(f)).unwrap();
    }
    soffice(
        &[
            "docx",
            dir.join("deepseek.fr.txt").to_str().unwrap(),
            dir.join("deepseek.en.txt").to_str().unwrap(),
        ],
        &dir,
    );
    let text = env.ok(&[
        "align",
        &sample("deepseek.fr.txt"),
        &sample("deepseek.en.txt"),
        "--sentences",
        "--format",
        "tsv",
    ]);
    let docx = env.ok(&[
        "align",
        dir.join("deepseek.fr.docx").to_str().unwrap(),
        dir.join("deepseek.en.docx").to_str().unwrap(),
        "--sentences",
        "--format",
        "tsv",
    ]);
    assert_eq!(docx, text);
}
