//! Format round trips, real sample files and hand-made fixtures.
//!
//! - `read(write(x)) == x` for glossa CSV, TBX v2 and TBX v3 on a glossary
//!   using every field (table of cases + proptest), and for the spreadsheet
//!   CSV and OmegaT TSV on what they carry;
//! - every file in `tests/data/refs/tbx/samples` imports with the entry and
//!   term counts and values checked by reading the files;
//! - the fixtures in `tests/data/` (one per dialect and encoding).

mod common;

use glossa::formats::{self, GlossaryFormat, csv, native, tbx, tsv};
use glossa::glossary::model::*;
use proptest::prelude::*;

fn term(lang: &str, text: &str) -> Term {
    Term::new(LangTag::parse(lang).unwrap(), text)
}

/// A glossary that sets every field of the model at least once.
fn every_field() -> Glossary {
    let mut e1 = Entry::new("c1");
    e1.subject = "AI".into();
    e1.definition = "Système qui <apprend> & prédit \"tout\"".into();
    e1.source = "Wikipédia".into();
    e1.note = "note on the concept".into();
    let mut fr = term("fr", "intelligence artificielle");
    fr.pos = Some(PartOfSpeech::Noun);
    fr.gender = Some(Gender::Feminine);
    fr.number = Some(Number::Singular);
    fr.term_type = Some(TermType::FullForm);
    fr.context = "L'intelligence artificielle progresse.".into();
    fr.context_source = "Le Monde, 2025".into();
    let mut ia = term("fr", "IA");
    ia.status = AdminStatus::Admitted;
    ia.pos = Some(PartOfSpeech::ProperNoun);
    ia.term_type = Some(TermType::Acronym);
    ia.case_sensitive = true;
    ia.exact_only = true;
    let mut en = term("en-US", "artificial intelligence");
    en.geo = "en-US".into();
    en.number = Some(Number::Plural);
    en.note = "a note, with | pipe".into();
    en.context = "AI is growing.".into();
    let mut old = term("en-US", "machine intelligence");
    old.status = AdminStatus::Superseded;
    old.gender = Some(Gender::Other);
    old.context_source = "source without context".into();
    e1.terms = vec![fr, ia, en, old];

    let mut e2 = Entry::new("c2");
    e2.state = ReviewState::Proposed;
    e2.source = "source without definition".into();
    let mut dep = term("en-GB", "data center");
    dep.status = AdminStatus::Deprecated;
    dep.term_type = Some(TermType::Variant);
    dep.pos = Some(PartOfSpeech::Other);
    e2.terms = vec![
        term("fr", "centre de données"),
        term("en-GB", "data centre"),
        dep,
    ];

    let mut e3 = Entry::new("c3");
    e3.definition = "=SUM(A1) looks like a formula".into();
    let mut v = term("fr", "-ing");
    v.pos = Some(PartOfSpeech::Verb);
    v.gender = Some(Gender::Neuter);
    v.number = Some(Number::Other);
    v.term_type = Some(TermType::Phrase);
    let mut a = term("en", "@handle");
    a.pos = Some(PartOfSpeech::Adjective);
    a.term_type = Some(TermType::ShortForm);
    let mut b = term("en", "+1");
    b.pos = Some(PartOfSpeech::Adverb);
    b.term_type = Some(TermType::Abbreviation);
    e3.terms = vec![v, a, b];
    Glossary { entries: vec![e1, e2, e3] }
}

fn write(g: &Glossary, f: GlossaryFormat) -> Vec<u8> {
    let mut out = Vec::new();
    formats::write_glossary(&mut out, g, f).unwrap();
    out
}

fn round_trip(g: &Glossary, f: GlossaryFormat) -> Glossary {
    let bytes = write(g, f);
    formats::read_glossary(&bytes, Some(f)).unwrap_or_else(|e| {
        panic!("{f:?}: {e}\n{}", String::from_utf8_lossy(&bytes))
    })
}

/// The order CSV gives back: terms grouped by language, languages in
/// order of first appearance in the glossary.
fn csv_order(g: &Glossary) -> Glossary {
    let mut langs: Vec<LangTag> = Vec::new();
    for t in g.entries.iter().flat_map(|e| &e.terms) {
        if !langs.contains(&t.lang) {
            langs.push(t.lang.clone());
        }
    }
    let mut g = g.clone();
    for e in &mut g.entries {
        e.terms.sort_by_key(|t| langs.iter().position(|l| *l == t.lang));
    }
    g
}

#[test]
fn every_field_round_trips_in_lossless_formats() {
    let g = every_field();
    for f in
        [GlossaryFormat::Native, GlossaryFormat::Tbx, GlossaryFormat::Tbx3]
    {
        assert_eq!(round_trip(&g, f), g, "{f:?}");
    }
    assert_eq!(round_trip(&g, GlossaryFormat::Csv), csv_order(&g));
}

/// `tests/data/every-field.csv` is [`every_field`] in glossa CSV, for
/// tests that run the binary (`tests/exports.rs` validates its TBX).
/// `GLOSSA_BLESS=1` rewrites it.
#[test]
fn every_field_fixture_is_current() {
    let p = common::root().join("tests/data/every-field.csv");
    let mut want = Vec::new();
    native::write(&mut want, &every_field()).unwrap();
    if std::env::var("GLOSSA_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&p, &want).unwrap();
    }
    assert_eq!(std::fs::read(&p).unwrap(), want, "rerun with GLOSSA_BLESS=1");
}

#[test]
fn round_trip_table() {
    // (name, glossary) cases that stress one thing each.
    let mut cases: Vec<(&str, Glossary)> = Vec::new();
    let mut e = Entry::new("c1");
    e.terms.push(term("fr", "a & b < c > d"));
    e.terms.push(term("en", "\"quoted\" 'single'"));
    cases.push(("markup characters", Glossary { entries: vec![e] }));
    let mut e = Entry::new("k9");
    e.note = "two  spaces\nand a line\tbreak".into();
    e.terms.push(term("fr", "espace insécable\u{a0}: oui"));
    cases.push(("whitespace", Glossary { entries: vec![e] }));
    let mut e = Entry::new("c2");
    let mut t = term("en", "glossa: case-sensitive");
    t.note = "glossa: not a directive".into();
    e.terms.push(t);
    cases.push(("directive-like text", Glossary { entries: vec![e] }));
    for (name, g) in &cases {
        for f in
            [GlossaryFormat::Native, GlossaryFormat::Tbx, GlossaryFormat::Tbx3]
        {
            assert_eq!(&round_trip(g, f), g, "{name} {f:?}");
        }
    }
}

#[test]
fn tsv_round_trips_what_it_carries() {
    let mut g = Glossary::new();
    for (i, (fr, ens, note)) in [
        ("puce", vec!["chip", "microchip"], "semi-conducteurs"),
        ("licorne", vec!["unicorn"], ""),
        ("fonds spéculatif", vec!["hedge fund"], "finance; fonds"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut e = Entry::new(format!("c{}", i + 1));
        e.note = note.into();
        e.terms.push(term("fr", fr));
        for en in ens {
            e.terms.push(term("en", en));
        }
        g.entries.push(e);
    }
    let bytes = write(&g, GlossaryFormat::Tsv);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with(tsv::HEADER), "{text}");
    assert_eq!(text.lines().count(), 1 + 4, "one line per pair:\n{text}");
    assert_eq!(tsv::read(&bytes).unwrap(), g);
}

#[test]
fn csv_export_neutralises_formulas() {
    let bytes = write(&every_field(), GlossaryFormat::Csv);
    let text = String::from_utf8(bytes).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("id,state,subject,definition,source,note,fr,"));
    assert!(text.contains("'=SUM(A1)"), "{text}");
    assert!(text.contains("'-ing"), "{text}");
    assert!(text.contains("'@handle|+1"), "{text}");
    assert!(
        !text.lines().any(|l| l.split(',').any(|c| c.starts_with('='))),
        "{text}"
    );
}

#[test]
fn tbx_v2_writes_compat_shape() {
    let s =
        String::from_utf8(write(&every_field(), GlossaryFormat::Tbx)).unwrap();
    assert!(s.contains("<martif type=\"TBX-Basic\" xml:lang=\"fr\">"));
    assert!(!s.contains("xmlns"));
    assert!(s.contains("<termEntry id=\"c1\">"));
    assert!(s.contains("<langSet xml:lang=\"en-US\">"));
    assert!(s.contains("<tig>") && !s.contains("ntig"));
    assert!(s.contains("<martifHeader>"));
    assert!(s.contains("properNoun"), "v2 has properNoun");
    let s3 = String::from_utf8(write(&every_field(), GlossaryFormat::Tbx3))
        .unwrap();
    assert!(s3.contains(
        "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"fr\" \
         xmlns=\"urn:iso:std:iso:30042:ed-2\">"
    ));
    assert!(s3.contains("<conceptEntry id=\"c1\">"));
    assert!(s3.contains("<termSec>"));
    assert!(s3.contains("<note>glossa: pos=properNoun"), "{s3}");
    assert!(!s3.contains(">properNoun<"), "v3 Basic has no properNoun");
}

// ---------------------------------------------------------------- proptest

fn text_strategy(extra: &'static str) -> BoxedStrategy<String> {
    let class = format!("[a-zA-Z0-9éèœ’'&<>\"|;,=+@\\-{extra}]{{1,10}}");
    proptest::string::string_regex(&class).unwrap().boxed()
}

fn opt_text(extra: &'static str) -> BoxedStrategy<String> {
    prop_oneof![Just(String::new()), text_strategy(extra)].boxed()
}

fn pick<T: Clone + std::fmt::Debug + 'static>(
    all: &'static [T],
) -> BoxedStrategy<Option<T>> {
    prop_oneof![
        Just(None),
        (0..all.len()).prop_map(move |i| Some(all[i].clone()))
    ]
    .boxed()
}

/// Printable words, no spaces at the ends (spreadsheet CSV trims cells).
fn word() -> BoxedStrategy<String> {
    proptest::string::string_regex(
        "[a-zA-Zéœ'&<>|=+@\\-]([a-zA-Zé '&<>\"|;,=+@\\-]{0,8}[a-zA-Zé'&|=+@\\-])?",
    )
    .unwrap()
    .boxed()
}

fn opt_word() -> BoxedStrategy<String> {
    prop_oneof![Just(String::new()), word()].boxed()
}

fn term_strategy(lang: LangTag, loose: bool) -> impl Strategy<Value = Term> {
    let txt = if loose { text_strategy(" ") } else { word() };
    let o = move || if loose { opt_text(" \n\t") } else { opt_word() };
    (
        txt,
        0..AdminStatus::ALL.len(),
        pick(PartOfSpeech::ALL),
        pick(Gender::ALL),
        pick(Number::ALL),
        pick(TermType::ALL),
        (o(), o(), o(), o()),
        any::<(bool, bool)>(),
    )
        .prop_map(
            move |(text, st, pos, gender, number, tt, strs, flags)| {
                let mut t = Term::new(lang.clone(), text.trim().to_string());
                if t.text.is_empty() {
                    t.text = "x".into();
                }
                t.status = AdminStatus::ALL[st];
                t.pos = pos;
                t.gender = gender;
                t.number = number;
                t.term_type = tt;
                (t.geo, t.context, t.context_source, t.note) = strs;
                (t.case_sensitive, t.exact_only) = flags;
                t
            },
        )
}

fn glossary_strategy(loose: bool) -> impl Strategy<Value = Glossary> {
    let langs = ["fr", "en", "en-US", "de", "fr-CA"];
    let entry = (
        proptest::sample::subsequence(langs.to_vec(), 1..=3),
        any::<bool>(),
        (0..3usize, 0..3usize, 0..3usize),
    )
        .prop_flat_map(move |(ls, proposed, counts)| {
            let counts = [counts.0 + 1, counts.1 + 1, counts.2 + 1];
            let groups: Vec<_> = ls
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    proptest::collection::vec(
                        term_strategy(LangTag::parse(l).unwrap(), loose),
                        counts[i]..=counts[i],
                    )
                })
                .collect();
            let o = move || if loose { opt_text(" \n") } else { opt_word() };
            (groups, (o(), o(), o(), o()), Just(proposed))
        })
        .prop_map(
            |(groups, (subject, definition, source, note), proposed)| {
                let mut e = Entry::new("");
                e.terms = groups.into_iter().flatten().collect();
                (e.subject, e.definition, e.source, e.note) =
                    (subject, definition, source, note);
                if proposed {
                    e.state = ReviewState::Proposed;
                }
                e
            },
        );
    proptest::collection::vec(entry, 1..6).prop_map(|mut es| {
        for (i, e) in es.iter_mut().enumerate() {
            e.id = format!("c{}", i + 1);
        }
        Glossary { entries: es }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn prop_native_tbx2_tbx3_round_trip(g in glossary_strategy(true)) {
        for f in [GlossaryFormat::Tbx, GlossaryFormat::Tbx3] {
            prop_assert_eq!(&round_trip(&g, f), &g, "{:?}", f);
        }
    }

    #[test]
    fn prop_native_round_trip(g in glossary_strategy(false)) {
        prop_assert_eq!(&round_trip(&g, GlossaryFormat::Native), &g);
    }

    #[test]
    fn prop_csv_round_trip(g in glossary_strategy(false)) {
        prop_assert_eq!(round_trip(&g, GlossaryFormat::Csv), csv_order(&g));
    }
}

// ---------------------------------------------------------------- samples

fn sample(rel: &str) -> Glossary {
    let p = common::refs().join("tbx/samples").join(rel);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
    tbx::read(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn texts(e: &Entry, lang: &str) -> Vec<String> {
    e.terms
        .iter()
        .filter(|t| t.lang.as_str() == lang)
        .map(|t| t.text.clone())
        .collect()
}

#[test]
fn every_sample_imports_with_known_counts() {
    for (rel, entries, terms) in [
        ("v2/okapi_ibm_tbx.tbx", 5, 11),
        ("v2/okapi_test02_win1254.tbx", 1, 2),
        ("v2/omegat_sampleTBXfile.tbx", 1, 2),
        ("v2/tbx-basic-sample.v2-martif.tbx", 5, 13),
        ("v3/Example_Astronomy_DCA_VALID.tbx", 45, 113),
        ("v3/tbx-basic-sample.v3-dca.tbx", 5, 13),
    ] {
        let g = sample(rel);
        assert_eq!(
            (g.entries.len(), g.term_count()),
            (entries, terms),
            "{rel}"
        );
        assert!(g.problems().is_empty(), "{rel}: {:?}", g.problems());
    }
    let dir = common::refs().join("tbx/samples");
    let n = walk(&dir).len();
    assert_eq!(n, 7, "a sample was added: give it a row above");
}

fn walk(d: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for f in std::fs::read_dir(d).unwrap() {
        let p = f.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn negative_sample_names_the_broken_rule() {
    let p =
        common::refs().join("tbx/samples/v3/NEGATIVE_core_structure_bad.tbx");
    let err = tbx::read(&std::fs::read(p).unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 27, column 7: entry c1: <termSec> must start with <term>, \
         found <admin> first"
    );
}

#[test]
fn sample_values() {
    // okapi_ibm_tbx.tbx: ntig/termGrp, "nom" as part of speech, two
    // langSets for en, definition in a langSet's descripGrp.
    let g = sample("v2/okapi_ibm_tbx.tbx");
    let c1 = g.get("c1").unwrap();
    assert_eq!(c1.subject, "Software");
    assert_eq!(texts(c1, "en"), ["navigation trail", "branch"]);
    assert_eq!(texts(c1, "fr"), ["historique de navigation"]);
    assert_eq!(c1.terms[2].pos, Some(PartOfSpeech::Noun));
    assert!(c1.terms[0].context.starts_with("The trail at the top"));
    assert!(c1.note.contains("relatedConcept: navigation tree"));
    let c2 = g.get("c2").unwrap();
    assert_eq!(
        c2.subject,
        "Hardware \\ Other Processing Units and Specialized Devices"
    );
    let c5 = g.get("c5").unwrap();
    assert_eq!(
        c5.definition,
        "The area of a store comprising conventional lanes and IBM lanes \
         with a paystation."
    );

    // windows-1254 declared in the XML declaration.
    let g = sample("v2/okapi_test02_win1254.tbx");
    assert_eq!(texts(&g.entries[0], "tr"), ["tr term with: éá and İı"]);
    assert_eq!(g.entries[0].id, "id1");

    // OmegaT sample: UTF-8 BOM, TBX-Default.
    let g = sample("v2/omegat_sampleTBXfile.tbx");
    let e = &g.entries[0];
    assert_eq!(e.id, "eid-Oracle-67");
    assert_eq!(e.subject, "manufacturing");
    assert_eq!(e.definition, "A value between 0 and 1 used in ...");
    assert_eq!(e.terms[0].term_type, Some(TermType::FullForm));
    assert_eq!(texts(e, "hu"), ["hu translation"]);

    // TBX-Basic v2 and its v3 twin carry the same content.
    let v2 = sample("v2/tbx-basic-sample.v2-martif.tbx");
    let c7 = v2.get("c7").unwrap();
    assert_eq!(c7.source, "Wikipedia");
    assert!(c7.definition.starts_with("corrective lenses used in eyeglasses"));
    let st: Vec<AdminStatus> = c7
        .terms
        .iter()
        .filter(|t| t.lang.is("en"))
        .map(|t| t.status)
        .collect();
    use AdminStatus::*;
    assert_eq!(st, [Preferred, Admitted, Deprecated, Admitted, Superseded]);
    assert_eq!(c7.preferred("fr").unwrap().gender, Some(Gender::Feminine));
    let c6 = v2.get("c6").unwrap();
    assert_eq!(
        c6.terms[0].context,
        "Users and applications interface with the federated database \
         managed by the federated server."
    );
    let c1 = v2.get("c1").unwrap();
    assert_eq!(c1.subject, "manufacturing");
    assert_eq!(c1.source, "Terminology SIG");
    let v3 = sample("v3/tbx-basic-sample.v3-dca.tbx");
    for id in ["c5", "c6", "c7"] {
        assert_eq!(
            v3.get(id).unwrap().terms,
            v2.get(id).unwrap().terms,
            "{id}"
        );
    }

    // Astronomy (v3 DCA, MultiTerm export).
    let g = sample("v3/Example_Astronomy_DCA_VALID.tbx");
    let c1 = g.get("c1").unwrap();
    assert_eq!(c1.subject, "General");
    assert_eq!(c1.source, "Oxford2007");
    assert_eq!(
        c1.definition,
        "A group of stars formed together in the spiral arms of a galaxy."
    );
    assert_eq!(c1.terms[0].text, "open cluster");
    assert_eq!(c1.terms[0].pos, Some(PartOfSpeech::Noun));
    let with = |l: &str| {
        g.entries
            .iter()
            .filter(|e| e.terms.iter().any(|t| t.lang.is(l)))
            .count()
    };
    assert_eq!((with("en"), with("es"), with("zu")), (39, 39, 6));
}

// ---------------------------------------------------------------- fixtures

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::root().join("tests/data").join(name)).unwrap()
}

#[test]
fn fixture_tbx_basic() {
    let g = tbx::read(&fixture("tbx-basic.tbx")).unwrap();
    assert_eq!((g.entries.len(), g.term_count()), (2, 6));
    let t1 = &g.entries[0];
    assert_eq!(t1.id, "t1");
    assert_eq!(t1.subject, "chips");
    assert_eq!(t1.source, "Wikipédia");
    let gpu = &t1.terms[1];
    assert_eq!(gpu.text, "GPU");
    assert_eq!(gpu.status, AdminStatus::Admitted);
    assert!(gpu.case_sensitive && gpu.exact_only);
    assert_eq!(gpu.note, "");
    assert_eq!(
        t1.terms[0].context,
        "Nvidia vend des processeurs graphiques à prix d'or."
    );
    assert_eq!(t1.terms[0].context_source, "Le Monde");
    assert_eq!(t1.terms[2].lang.as_str(), "en-US");
    assert_eq!(t1.terms[2].geo, "en-US");
    assert_eq!(t1.terms[2].note, "Usually shortened to GPU.");
    let t2 = &g.entries[1];
    assert_eq!(t2.state, ReviewState::Proposed);
    assert_eq!(t2.terms[2].status, AdminStatus::Deprecated);
    // And it survives a trip through both writers.
    for v in [tbx::Version::V2, tbx::Version::V3] {
        let mut out = Vec::new();
        tbx::write(&mut out, &g, v).unwrap();
        assert_eq!(tbx::read(&out).unwrap(), g);
    }
}

#[test]
fn fixture_martif_ntig() {
    let g = tbx::read(&fixture("martif-ntig.tbx")).unwrap();
    let e = &g.entries[0];
    assert_eq!(texts(e, "en"), ["hedge fund"]);
    assert_eq!(texts(e, "fr-FR"), ["fonds spéculatif", "fonds alternatif"]);
    let hf = &e.terms[0];
    assert_eq!(hf.number, Some(Number::Singular));
    assert_eq!(hf.context, "The hedge fund shorted Nvidia.");
    let fs = &e.terms[1];
    assert_eq!(fs.gender, Some(Gender::Masculine));
    assert_eq!(fs.pos, Some(PartOfSpeech::Noun));
    assert_eq!(fs.context_source, "Les Échos");
    assert_eq!(e.terms[2].note, "partOfSpeech: pronoun-ish");
    assert_eq!(e.definition, "A fund that uses pooled capital and leverage.");
    assert!(e.note.contains("relatedConcept: venture capital"));
    assert!(e.note.contains("productSubset: Markets"));
}

#[test]
fn fixture_v3_dct() {
    let g = tbx::read(&fixture("v3-dct.tbx")).unwrap();
    let e = &g.entries[0];
    assert_eq!(e.subject, "AI");
    assert_eq!(e.terms[0].gender, Some(Gender::Masculine));
    assert_eq!(e.terms[0].pos, Some(PartOfSpeech::Noun));
    assert_eq!(e.terms[1].context, "Deep learning needs GPUs.");
}

#[test]
fn fixture_encodings_read_the_same() {
    let want = tbx::read(&fixture("utf8-bom.tbx")).unwrap();
    let note = &want.entries[0].terms[2].note;
    assert_eq!(
        note,
        "Valorisée à plus d’un milliard — 1 000 000 000 €, cœur de la \
         « French Tech »"
    );
    for f in ["utf16le-bom.tbx", "utf16be-bom.tbx", "windows-1252.tbx"] {
        assert_eq!(tbx::read(&fixture(f)).unwrap(), want, "{f}");
    }
}

#[test]
fn fixture_memoq_csv() {
    let g = csv::read(&fixture("memoq-bom-semicolon.csv")).unwrap();
    assert_eq!(g.entries.len(), 3);
    let m1 = &g.entries[0];
    assert_eq!(m1.id, "m1");
    assert_eq!(m1.subject, "chips");
    assert_eq!(m1.terms[0].gender, Some(Gender::Feminine));
    assert_eq!(m1.terms[1].lang.as_str(), "en-US");
    let m2 = &g.entries[1];
    assert_eq!(m2.definition, "Définition; avec point-virgule");
    assert_eq!(texts(m2, "fr"), ["IA", "intelligence artificielle"]);
    assert_eq!(m2.terms[3].status, AdminStatus::Admitted);
    let m3 = &g.entries[2];
    assert_eq!(m3.terms[0].text, "=SOMME(A1)");
    assert_eq!(m3.terms[1].text, "-ing form");
    let g = csv::read(&fixture("utf16-comma.csv")).unwrap();
    assert_eq!(g.entries.len(), 2);
    assert_eq!(g.entries[1].terms[1].text, "cloud");
    assert_eq!(g.entries[1].id, "c2");
}

#[test]
fn fixture_omegat_tsv() {
    let bytes = fixture("omegat.tsv");
    assert_eq!(formats::sniff(&bytes), GlossaryFormat::Tsv);
    let g = tsv::read(&bytes).unwrap();
    assert_eq!(g.entries.len(), 3);
    assert_eq!(texts(&g.entries[0], "en"), ["chip", "microchip"]);
    assert_eq!(g.entries[0].note, "semi-conducteurs");
    assert_eq!(texts(&g.entries[2], "fr"), ["fonds spéculatif"]);
}

#[test]
fn sniffing_routes_fixtures() {
    for (f, want) in [
        ("tbx-basic.tbx", GlossaryFormat::Tbx),
        ("utf16le-bom.tbx", GlossaryFormat::Tbx),
        ("memoq-bom-semicolon.csv", GlossaryFormat::Csv),
        ("utf16-comma.csv", GlossaryFormat::Csv),
        ("utf16be-bom.tbx", GlossaryFormat::Tbx),
        ("windows-1252.tbx", GlossaryFormat::Tbx),
        ("omegat.tsv", GlossaryFormat::Tsv),
    ] {
        assert_eq!(formats::sniff(&fixture(f)), want, "{f}");
    }
    let mut native_bytes = Vec::new();
    native::write(&mut native_bytes, &every_field()).unwrap();
    assert_eq!(formats::sniff(&native_bytes), GlossaryFormat::Native);
}

// ---------------------------------------------------------------- no panics

fn read_all_ways(b: &[u8]) {
    for f in [
        None,
        Some(GlossaryFormat::Tbx),
        Some(GlossaryFormat::Csv),
        Some(GlossaryFormat::Tsv),
        Some(GlossaryFormat::Native),
    ] {
        let _ = formats::read_glossary(b, f);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Damaged exports (a byte inserted, the tail cut) give an error or a
    /// glossary, never a panic.
    #[test]
    fn readers_survive_damaged_files(
        which in 0usize..4,
        at in any::<proptest::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<proptest::sample::Index>(),
    ) {
        let f = [
            GlossaryFormat::Tbx,
            GlossaryFormat::Tbx3,
            GlossaryFormat::Csv,
            GlossaryFormat::Tsv,
        ][which];
        let mut b = write(&every_field(), f);
        let i = at.index(b.len() + 1);
        b.insert(i, byte);
        let n = cut.index(b.len() + 1);
        b.truncate(n.max(i));
        read_all_ways(&b);
    }

    #[test]
    fn readers_survive_noise(
        b in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        read_all_ways(&b);
        let mut x = b"<?xml version=\"1.0\"?><martif><text><body>".to_vec();
        x.extend(&b);
        read_all_ways(&x);
    }
}

/// Issue 14 item 7: formula cells (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`)
/// stayed as they were in the native `glossary.csv` and `export --to
/// native`, which the web app serves as `text/csv`. Every cell that a
/// spreadsheet would evaluate gets a leading `'`, and the native reader
/// removes it: the round trip stays lossless.
#[test]
fn issue_14_item_7_native_csv_neutralises_formulas_losslessly() {
    let mut e = Entry::new("c1");
    e.definition = "=HYPERLINK(\"http://x\",\"y\")".into();
    e.note = "'=already quoted".into();
    e.source = "'plain apostrophe".into();
    let mut fr = term("fr", "+cmd|' /C calc'!A0");
    fr.context = "@SUM(1)".into();
    e.terms.push(fr);
    e.terms.push(term("en", "-ing form"));
    let g = Glossary { entries: vec![e] };
    let bytes = write(&g, GlossaryFormat::Native);
    let text = String::from_utf8(bytes.clone()).unwrap();
    for cell in [
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        "''=already quoted",
        "'plain apostrophe",
        ",'+cmd|' /C calc'!A0,",
        "'@SUM(1)",
        "'-ing form",
    ] {
        assert!(text.contains(cell), "{cell} in {text}");
    }
    // No cell of any row starts with a formula character.
    let mut rdr = ::csv::Reader::from_reader(&bytes[..]);
    for rec in rdr.records() {
        for c in rec.unwrap().iter() {
            assert!(!c.starts_with(['=', '+', '-', '@']), "{c:?}");
        }
    }
    assert_eq!(native::read(&bytes[..]).unwrap(), g);
}

/// Issue 14 item 8: a French term starting with `#` was written as a
/// line that re-import read as a comment: the term was silently lost.
#[test]
fn issue_14_item_8_tsv_hash_term_survives_round_trip() {
    let mut e = Entry::new("c1");
    e.terms.push(term("fr", "#IA"));
    e.terms.push(term("en", "#AI"));
    let mut e2 = Entry::new("c2");
    e2.terms.push(term("fr", "puce"));
    e2.terms.push(term("en", "chip"));
    let g = Glossary { entries: vec![e, e2] };
    let bytes = write(&g, GlossaryFormat::Tsv);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\n #IA\t#AI\n"), "{text}");
    let back = tsv::read(&bytes).unwrap();
    assert_eq!(back, g);
    // Comments still are comments, indented or not.
    let g = tsv::read(b"# c\n  # indented comment\npuce\tchip\n").unwrap();
    assert_eq!(g.entries.len(), 1);
}

/// Issue 14 item 9: with CRLF line endings CSV errors named line 2 for a
/// problem on line 3 (the csv crate's count). Both CSV readers now count
/// lines from byte offsets, whatever the line endings.
#[test]
fn issue_14_item_9_crlf_line_numbers() {
    for eol in ["\n", "\r\n"] {
        let native_bad =
            ["id,lang,term", "c1,fr,puce", "", "c1,xx!,chip", ""].join(eol);
        let e = native::read(native_bad.as_bytes()).unwrap_err().to_string();
        assert!(e.starts_with("line 4:"), "{eol:?}: {e}");
        let (_, errs) = native::read_lenient(native_bad.as_bytes()).unwrap();
        assert_eq!(errs[0].position().line, Some(4), "{eol:?}");
        let csv_bad = ["fr;en", "puce;chip", "IA;AI;extra", ""].join(eol);
        let e = csv::read(csv_bad.as_bytes()).unwrap_err().to_string();
        assert!(e.starts_with("line 3:"), "{eol:?}: {e}");
        let csv_lang = ["fr,en", "\"a", "b\",chip", "x,", ""].join(eol);
        let g = csv::read(csv_lang.as_bytes()).unwrap();
        assert_eq!(g.entries.len(), 2, "{eol:?}");
    }
}
