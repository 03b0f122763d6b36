//! Issue 17: the team server on PostgreSQL. Opt-in (`GLOSSA_PG=1`): the
//! tests need the cluster `.ci/pg-start` starts (`.ci/run` does), and
//! each makes its own database (`common::PgDb`).

mod common;
#[path = "common/http.rs"]
mod http;

use common::{PgDb, TestEnv, opt_in};
use http::{Server, Session};
use serde_json::{Value, json};

fn pg(label: &str) -> Option<PgDb> {
    opt_in("GLOSSA_PG", "the PostgreSQL team-server tests")
        .then(|| PgDb::new(label))
}

/// The `<tu>` elements of a TMX document, in order (the header carries
/// an export date and is left out).
fn tmx_units(tmx: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = tmx;
    while let Some(i) = rest.find("<tu") {
        let tail = &rest[i..];
        let end = tail.find("</tu>").expect("closed <tu>") + 5;
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

/// A glossary (the shipped one plus a proposed entry) and a memory made
/// from an alignment, real CAT-tool TMX files and one added pair.
fn embedded_workspace() -> TestEnv {
    let env = TestEnv::with_shipped_glossary();
    env.ok(&[
        "add",
        "--fr",
        "grappe de calcul",
        "--en",
        "compute cluster",
        "--status",
        "proposed",
    ]);
    let root = common::root();
    let data = root.join("data").join("sample");
    env.ok(&[
        "align",
        data.join("deepseek.fr.txt").to_str().unwrap(),
        data.join("deepseek.en.txt").to_str().unwrap(),
        "--into-tm",
        "--sentences",
    ]);
    let refs = common::refs();
    let mut import = vec!["tm".to_string(), "import".to_string()];
    for f in std::fs::read_dir(refs.join("tmx").join("samples")).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|e| e == "tmx") {
            import.push(f.display().to_string());
        }
    }
    import.push(refs.join("examples/fr-en.tmx").display().to_string());
    let args: Vec<&str> = import.iter().map(String::as_str).collect();
    env.ok(&args);
    env.ok(&[
        "tm",
        "add",
        "Le modèle a été entraîné.",
        "The model was trained.",
        "--note",
        "n",
    ]);
    env
}

#[test]
fn issue_17_migration_round_trip_keeps_entries_and_units() {
    let Some(db) = pg("round") else { return };
    let env = embedded_workspace();
    let list = env.ok(&["list", "--format", "json"]);
    let units = tmx_units(&env.ok(&["tm", "export"]));
    assert!(units.len() > 20, "{}", units.len());
    assert!(list.matches("\"id\"").count() > 50);

    let out = env.ok(&["--database", &db.url, "db", "import"]);
    assert!(out.starts_with("copied "), "{out}");
    // The database shows the same glossary and memory…
    assert_eq!(
        env.ok(&["--database", &db.url, "list", "--format", "json"]),
        list
    );
    assert_eq!(
        tmx_units(&env.ok(&["--database", &db.url, "tm", "export"])),
        units
    );
    // …and a second import is refused, writing nothing.
    let err = env.fails(&["--database", &db.url, "db", "import"], 2);
    assert!(err.contains("already holds"), "{err}");
    assert_eq!(
        db.sql("SELECT count(*) FROM tm_unit"),
        units.len().to_string()
    );

    // Back to embedded files in a fresh directory: the same again.
    let out_env = TestEnv::new();
    let dir = out_env.path().join("glossary");
    let g = dir.to_str().unwrap();
    out_env.ok(&["--database", &db.url, "-g", g, "db", "export"]);
    assert_eq!(out_env.ok(&["-g", g, "list", "--format", "json"]), list);
    assert_eq!(tmx_units(&out_env.ok(&["-g", g, "tm", "export"])), units);
}

#[test]
fn issue_17_migrations_are_versioned_and_run_once() {
    let Some(db) = pg("migr") else { return };
    let env = TestEnv::new();
    let first = env.ok(&["--database", &db.url, "migrate"]);
    assert_eq!(first.trim(), "schema version 1: applied 1");
    let again = env.ok(&["--database", &db.url, "migrate"]);
    assert_eq!(again.trim(), "schema version 1: up to date");
    assert_eq!(
        db.sql("SELECT version, name FROM glossa_migrations"),
        "1|glossary and tm"
    );
    assert_eq!(
        db.sql("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'"),
        "pg_trgm"
    );
    // A bad URL is an error that names the problem, not a panic.
    let err = env
        .fails(&["--database", "postgres://nobody@127.0.0.1:1/x", "list"], 2);
    assert!(err.contains("unavailable"), "{err}");
}

#[test]
fn issue_17_tm_search_matches_the_embedded_ranking() {
    let Some(db) = pg("search") else { return };
    let env = embedded_workspace();
    env.ok(&["--database", &db.url, "db", "import"]);
    let units = tmx_units(&env.ok(&["tm", "export"]));
    let mut compared = 0;
    for q in [
        "Le modèle a été entraîné hier.",
        "DeepSeek a ses origines dans la finance.",
        "Certains experts contestent les chiffres fournis par l’entreprise.",
        "Une phrase simple sans rien de spécial.",
        "Le rançongiciel a paralysé l'hôpital pendant deux jours.",
        "Les puces de Nvidia sont chères.",
    ] {
        let search = |extra: &[&str]| -> Vec<Value> {
            let mut a: Vec<&str> = extra.to_vec();
            a.extend(["tm", "search", q, "--format", "json", "--min", "40"]);
            serde_json::from_str(&env.ok(&a)).unwrap()
        };
        let local = search(&[]);
        let team = search(&["--database", &db.url]);
        let top = |v: &[Value]| {
            v.first().map(|m| (m["target"].clone(), m["score"].clone()))
        };
        assert_eq!(top(&team), top(&local), "{q}");
        compared += usize::from(!local.is_empty());
    }
    assert!(compared >= 5, "too few queries matched ({} units)", units.len());
}

fn serve(env: &TestEnv, db: &PgDb) -> Server {
    let mut c = env.cmd();
    c.args(["--database", &db.url, "serve", "--port", "0"]);
    Server::start(c)
}

#[test]
fn issue_17_web_api_on_postgres_and_a_second_process_sees_edits() {
    let Some(db) = pg("web") else { return };
    let env = TestEnv::new();
    let s = serve(&env, &db);
    let ses = Session::new(&s);
    let add = |fr: &str, en: &str| {
        let body = json!({"terms": [{"lang": "fr", "text": fr}, {"lang": "en", "text": en}]});
        ses.send(&s, "POST", "/api/entries", &body, &[])
    };
    let r = add("puce", "chip");
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json(), json!({"id": "c1", "added": true}));
    // The same term spelled otherwise is the same entry.
    assert_eq!(
        add("Puce", "chip").json(),
        json!({"id": "c1", "added": false})
    );
    let r = s.get("/api/entries/c1");
    assert_eq!(r.json()["terms"][1]["text"], "chip");
    // Another process (the CLI) writes to the same database: the server
    // sees it on its next request.
    env.ok(&[
        "--database",
        &db.url,
        "add",
        "--fr",
        "grappe",
        "--en",
        "cluster",
    ]);
    let r = s.get("/api/lookup?q=grappes");
    assert!(r.text().contains("cluster"), "{}", r.text());
    // An edit through the API is seen by the CLI, and recorded.
    let r = ses.send(
        &s,
        "PATCH",
        "/api/entries/c1",
        &json!({"definition": "a microchip"}),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let list: Value = serde_json::from_str(&env.ok(&[
        "--database",
        &db.url,
        "list",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(list[0]["definition"], "a microchip");
    assert_eq!(
        db.sql("SELECT string_agg(action || ':' || entry_id, ',' ORDER BY seq) FROM entry_history"),
        "add:c1,add:c2,edit:c1"
    );
    assert_eq!(db.sql("SELECT version FROM glossary_meta"), "3");
    // A refused write changes nothing.
    let before = db.sql("SELECT body::text FROM entry ORDER BY pos");
    let r = ses.send(&s, "PUT", "/api/entries/c1", &json!({"terms": []}), &[]);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(db.sql("SELECT body::text FROM entry ORDER BY pos"), before);
    // The memory: add a pair, find it.
    env.ok(&[
        "--database",
        &db.url,
        "tm",
        "add",
        "Le modèle est rapide.",
        "The model is fast.",
    ]);
    let r =
        s.get("/api/tm/search?q=Le%20mod%C3%A8le%20est%20tr%C3%A8s%20rapide.");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("The model is fast."), "{}", r.text());
}

#[test]
fn issue_17_twenty_clients_adding_fifty_entries_lose_none() {
    let Some(db) = pg("conc") else { return };
    let env = TestEnv::new();
    let s = serve(&env, &db);
    std::thread::scope(|scope| {
        for c in 0..20 {
            let s = &s;
            scope.spawn(move || {
                let ses = Session::new(s);
                for i in 0..50 {
                    let body = json!({"terms": [
                        {"lang": "fr", "text": format!("terme {c} {i}")},
                        {"lang": "en", "text": format!("term {c} {i}")}]});
                    let r = ses.send(s, "POST", "/api/entries", &body, &[]);
                    assert_eq!(r.status, 201, "{}", r.text());
                }
            });
        }
    });
    assert_eq!(db.sql("SELECT count(*), count(DISTINCT id), count(DISTINCT body) FROM entry"), "1000|1000|1000");
    assert_eq!(
        db.sql("SELECT count(*) FROM entry_history WHERE action = 'add'"),
        "1000"
    );
}
