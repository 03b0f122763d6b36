//! Learning from the memory and `glossa translate` (issue 13 items 3–4):
//! associations learned from a small TM, updated incrementally and by a
//! TMX import, used by the aligner; translation candidates ranked with
//! their evidence.

mod common;

use std::sync::Arc;

use common::TestEnv;
use glossa::align::extract::extract;
use glossa::align::learned::{Learned, LearnedModel};
use glossa::align::lexicon::Lexicon;
use glossa::align::sentence::{AlignOptions, align};
use glossa::align::term::{TermOptions, align_terms};
use glossa::text::stem::{Lang, WordStemmer};
use glossa::tm::{Tm, TranslationUnit};
use glossa::translate::{Evidence, Sources, translate};

/// Sentence pairs where `jeune pousse` always faces `startup` (words the
/// lexicon cannot link: `jeune → young`, `pousse → shoot`).
fn startup_pairs(n: usize) -> Vec<TranslationUnit> {
    let frames = [
        ("La jeune pousse {} a levé des fonds.", "Startup {} raised funds."),
        ("Cette jeune pousse {} recrute.", "This startup {} is hiring."),
        ("La jeune pousse {} vend des puces.", "The startup {} sells chips."),
        (
            "Une jeune pousse {} ouvre un bureau.",
            "A startup {} opens an office.",
        ),
    ];
    (0..n)
        .map(|i| {
            let (f, e) = frames[i % frames.len()];
            let name = format!("Nova{i}");
            TranslationUnit::new(
                f.replace("{}", &name),
                e.replace("{}", &name),
            )
        })
        .collect()
}

fn stems(fr: &str, en: &str) -> (String, String) {
    (
        WordStemmer::new(Lang::Fr).stem_word(fr),
        WordStemmer::new(Lang::En).stem_word(en),
    )
}

#[test]
fn associations_learned_from_a_small_tm_give_the_expected_pair() {
    let dir = tempfile::tempdir().unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    tm.add_units(&startup_pairs(8)).unwrap();
    let a = tm.associations().unwrap();
    assert_eq!(a.units().unwrap(), 8);
    let (f, e) = stems("pousse", "startup");
    let got = a.word(&f, &e).unwrap();
    assert_eq!(got.both, 8);
    assert!((got.dice - 1.0).abs() < 1e-9, "{got:?}");
    // A word seen with `pousse` only twice is weaker.
    let (_, chips) = stems("", "chips");
    let weak = a.word(&f, &chips).unwrap();
    assert!(weak.dice < 0.5 && weak.both == 2, "{weak:?}");
    let best = a.translations("pousses", 3).unwrap();
    assert_eq!(best[0].en, "startup", "{best:?}");
}

#[test]
fn adding_units_updates_the_associations() {
    let dir = tempfile::tempdir().unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    let pairs = startup_pairs(12);
    tm.add_units(&pairs[..4]).unwrap();
    let a = tm.associations().unwrap();
    let (f, e) = stems("pousse", "startup");
    assert_eq!(a.word(&f, &e).unwrap().both, 4);
    tm.add_units(&pairs[4..]).unwrap();
    assert_eq!(a.word(&f, &e).unwrap().both, 12);
    // A duplicate teaches nothing twice.
    tm.add_units(&pairs[..2]).unwrap();
    assert_eq!(a.word(&f, &e).unwrap().both, 12);
    assert_eq!(a.units().unwrap(), 12);
    // Learning again from the stored units gives the same counts.
    tm.relearn().unwrap();
    assert_eq!(a.word(&f, &e).unwrap().both, 12);
    assert_eq!(a.units().unwrap(), 12);
}

#[test]
fn a_tmx_import_teaches() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for u in startup_pairs(6) {
        body.push_str(&format!(
            "<tu><tuv xml:lang=\"fr-FR\"><seg>{}</seg></tuv>\
             <tuv xml:lang=\"en-US\"><seg>{}</seg></tuv></tu>\n",
            u.source, u.target
        ));
    }
    // A unit in another language pair teaches nothing.
    body.push_str(
        "<tu><tuv xml:lang=\"en\"><seg>startup</seg></tuv>\
         <tuv xml:lang=\"de\"><seg>Startup</seg></tuv></tu>\n",
    );
    let tmx = dir.path().join("in.tmx");
    std::fs::write(
        &tmx,
        format!(
            "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header \
             srclang=\"fr-FR\" datatype=\"plaintext\" segtype=\"sentence\" \
             adminlang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" \
             o-tmf=\"t\"/><body>{body}</body></tmx>"
        ),
    )
    .unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    tm.import_tmx(&[tmx]).unwrap();
    let a = tm.associations().unwrap();
    assert_eq!(a.units().unwrap(), 6);
    let (f, e) = stems("jeune", "startup");
    assert_eq!(a.word(&f, &e).unwrap().both, 6);
}

#[test]
fn a_schema_1_tm_learns_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.sqlite");
    {
        let mut tm = Tm::open(&path).unwrap();
        tm.add_units(&startup_pairs(5)).unwrap();
    }
    // Make it a schema-1 TM: no association tables.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TABLE assoc_word; DROP TABLE assoc_pair; \
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let tm = Tm::open(&path).unwrap();
    let a = tm.associations().unwrap();
    let (f, e) = stems("pousse", "startup");
    assert_eq!(a.word(&f, &e).unwrap().both, 5);
    assert_eq!(tm.integrity_check().unwrap(), "ok");
}

#[test]
fn the_aligner_uses_learned_associations() {
    let dir = tempfile::tempdir().unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    tm.add_units(&startup_pairs(12)).unwrap();
    let lex = Lexicon::builtin();
    let fs = ["La jeune pousse parisienne Lumen a levé des fonds."];
    let es = ["Parisian startup Lumen raised funds."];
    let beads = align(&fs, &es, &AlignOptions::default());
    let cands = extract(&fs, lex);
    let best = |opts: &TermOptions| {
        align_terms(&fs, &es, &beads, &cands, lex, &[], opts)
            .into_iter()
            .find(|t| t.candidate.text() == "jeune pousse")
            .and_then(|t| t.equivalents.first().cloned())
    };
    let model: LearnedModel = Arc::new(tm.associations().unwrap());
    let with =
        best(&TermOptions { learned: Some(model), ..Default::default() })
            .expect("an equivalent with the memory");
    assert_eq!(with.en, "startup");
    assert!(with.links.iter().any(|l| l.kind.as_str() == "memory"));
    // Without the memory no link of the answer is a learned one.
    let without = best(&TermOptions::default());
    assert!(
        without
            .iter()
            .flat_map(|e| &e.links)
            .all(|l| l.kind.as_str() != "memory")
    );
}

#[test]
fn translate_ranks_glossary_memory_and_composition() {
    let dir = tempfile::tempdir().unwrap();
    let mut tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    tm.add_units(&startup_pairs(12)).unwrap();
    let learned = tm.associations().unwrap();
    let lex = Lexicon::builtin();
    let csv = "id,lang,term\nc1,fr,parc éolien\nc1,en,wind farm\n\
               c1,en,wind park\n";
    let g = glossa::formats::native::read(csv.as_bytes()).unwrap();
    let src = Sources {
        lexicon: lex,
        glossary: Some(&g),
        tm: Some(&tm),
        learned: Some(&learned),
    };
    // Composition with reordering, from the lexicon alone.
    let c = translate("énergie éolienne", &src, 5).unwrap();
    assert_eq!(c[0].en, "wind energy");
    assert!(matches!(c[0].evidence[0], Evidence::Composition { .. }));
    // Plural head.
    let c = translate("centres de données", &src, 5).unwrap();
    assert!(
        c.iter()
            .take(2)
            .any(|x| x.en == "data centres" || x.en == "data centers"),
        "{c:?}"
    );
    // The glossary's preferred term first, its variant after.
    let c = translate("parcs éoliens", &src, 5).unwrap();
    assert_eq!(c[0].en, "wind farm");
    assert!(matches!(
        c[0].evidence[0],
        Evidence::Glossary { preferred: true, .. }
    ));
    assert!(c.iter().any(|x| x.en == "wind park"));
    // Non-compositional: the memory's sentences give the span.
    let c = translate("jeune pousse", &src, 5).unwrap();
    assert_eq!(c[0].en.to_lowercase(), "startup", "{c:?}");
    let kinds: Vec<_> = c[0]
        .evidence
        .iter()
        .map(|e| serde_json::to_value(e).unwrap()["kind"].clone())
        .collect();
    assert!(kinds.contains(&"memory".into()), "{kinds:?}");
    // Composition is still offered, below.
    assert!(c.iter().any(|x| x.en == "young shoot"), "{c:?}");
}

#[test]
fn translate_cli_json_shape_and_exit_codes() {
    let env = TestEnv::new();
    env.write(
        "glossary/glossary.csv",
        "id,lang,term\nc1,fr,rançongiciel\nc1,en,ransomware\n",
    );
    let out = env.ok(&["translate", "énergie éolienne", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["term"], "énergie éolienne");
    let c = &v["candidates"][0];
    assert_eq!(c["en"], "wind energy");
    assert!(c["score"].as_f64().unwrap() > 0.0);
    let ev = &c["evidence"][0];
    assert_eq!(ev["kind"], "composition");
    assert_eq!(ev["parts"][0]["fr"], "énergie");
    assert_eq!(ev["parts"][0]["en"], "energy");
    assert_eq!(ev["parts"][0]["source"], "lexicon");
    let out = env.ok(&["translate", "rançongiciel"]);
    assert!(
        out.contains("ransomware") && out.contains("glossary c1"),
        "{out}"
    );
    // Nothing to say about a function word: exit 1.
    env.fails(&["translate", "les"], 1);
    env.fails(&["translate", "  "], 2);
}
