//! Issue 17: the team server on PostgreSQL. Opt-in (`GLOSSA_PG=1`): the
//! tests need the cluster `.ci/pg-start` starts (`.ci/run` does), and
//! each makes its own database (`common::PgDb`).

mod common;
#[path = "common/http.rs"]
mod http;

use common::{PgDb, TestEnv, opt_in};
use http::Server;
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
    assert_eq!(first.trim(), "schema version 2: applied 1, 2");
    let again = env.ok(&["--database", &db.url, "migrate"]);
    assert_eq!(again.trim(), "schema version 2: up to date");
    assert_eq!(
        db.sql(
            "SELECT string_agg(version || ' ' || name, ',' ORDER BY version) \
             FROM glossa_migrations"
        ),
        "1 glossary and tm,2 accounts"
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

/// Add an account (password `correct horse`) and return an API token.
fn user_token(env: &TestEnv, db: &PgDb, name: &str, role: &str) -> String {
    let out = env
        .cmd()
        .args(["--database", &db.url, "user", "add", name, "--role", role])
        .env("GLOSSA_PASSWORD", "correct horse")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let t = env.ok(&[
        "--database",
        &db.url,
        "user",
        "token",
        name,
        "--label",
        "test",
    ]);
    format!("Bearer {}", t.trim())
}

/// A JSON request with an `Authorization` header.
fn send(
    s: &Server,
    auth: &str,
    method: &str,
    path: &str,
    v: &Value,
) -> http::Reply {
    let h = [("Authorization", auth), ("Content-Type", "application/json")];
    s.raw(method, path, &h, v.to_string().as_bytes())
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
    let auth = user_token(&env, &db, "terry", "terminologist");
    let s = serve(&env, &db);
    let add = |fr: &str, en: &str| {
        let body = json!({"terms": [{"lang": "fr", "text": fr}, {"lang": "en", "text": en}]});
        send(&s, &auth, "POST", "/api/entries", &body)
    };
    let r = add("puce", "chip");
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json(), json!({"id": "c1", "added": true}));
    // The same term spelled otherwise is the same entry.
    assert_eq!(
        add("Puce", "chip").json(),
        json!({"id": "c1", "added": false})
    );
    let r = s.raw("GET", "/api/entries/c1", &[("Authorization", &auth)], b"");
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
    let r = s.raw(
        "GET",
        "/api/lookup?q=grappes",
        &[("Authorization", &auth)],
        b"",
    );
    assert!(r.text().contains("cluster"), "{}", r.text());
    // An edit through the API is seen by the CLI, and recorded.
    let r = send(
        &s,
        &auth,
        "PATCH",
        "/api/entries/c1",
        &json!({"definition": "a microchip"}),
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
    let r = send(&s, &auth, "PUT", "/api/entries/c1", &json!({"terms": []}));
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
    let q = "/api/tm/search?q=Le%20mod%C3%A8le%20est%20tr%C3%A8s%20rapide.";
    let r = s.raw("GET", q, &[("Authorization", &auth)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("The model is fast."), "{}", r.text());
}

#[test]
fn issue_17_twenty_clients_adding_fifty_entries_lose_none() {
    let Some(db) = pg("conc") else { return };
    let env = TestEnv::new();
    let auth = user_token(&env, &db, "terry", "terminologist");
    let s = serve(&env, &db);
    std::thread::scope(|scope| {
        for c in 0..20 {
            let (s, auth) = (&s, &auth);
            scope.spawn(move || {
                for i in 0..50 {
                    let body = json!({"terms": [
                        {"lang": "fr", "text": format!("terme {c} {i}")},
                        {"lang": "en", "text": format!("term {c} {i}")}]});
                    let r = send(s, auth, "POST", "/api/entries", &body);
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

/// A team database with three accounts (password `correct horse`) and
/// their API tokens, an approved entry c1 and a proposed one c2.
type Tokens = Vec<(&'static str, String)>;

fn team_db(label: &str) -> Option<(PgDb, TestEnv, Tokens)> {
    let db = pg(label)?;
    let env = TestEnv::new();
    let mut tokens = Vec::new();
    for (name, role) in
        [("tina", "translator"), ("terry", "terminologist"), ("ada", "admin")]
    {
        let out = env
            .cmd()
            .args(["--database", &db.url, "user", "add", name, "--role", role])
            .env("GLOSSA_PASSWORD", "correct horse")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let t = env.ok(&[
            "--database",
            &db.url,
            "user",
            "token",
            name,
            "--label",
            "test",
        ]);
        tokens.push((role, t.trim().to_string()));
    }
    env.ok(&["--database", &db.url, "add", "--fr", "puce", "--en", "chip"]);
    env.ok(&[
        "--database",
        &db.url,
        "add",
        "--fr",
        "grappe",
        "--en",
        "cluster",
        "--status",
        "proposed",
    ]);
    env.ok(&[
        "--database",
        &db.url,
        "tm",
        "add",
        "Le modèle est rapide.",
        "The model is fast.",
    ]);
    Some((db, env, tokens))
}

/// Everything a refused request must leave as it was.
fn db_state(db: &PgDb) -> String {
    db.sql(
        "SELECT (SELECT string_agg(id || body::text, ',' ORDER BY id) FROM entry), \
         (SELECT count(*) FROM entry_history), (SELECT count(*) FROM account), \
         (SELECT count(*) FROM tm_unit), (SELECT version FROM glossary_meta)",
    )
}

#[test]
fn issue_17_role_matrix_every_endpoint_every_role() {
    let Some((db, env, tokens)) = team_db("roles") else { return };
    let s = serve(&env, &db);
    let entry = json!({"terms": [{"lang": "fr", "text": "puce"}, {"lang": "en", "text": "microchip"}]});
    let csv = "id,state,fr,en\nz1,approved,nuage,cloud\n";
    // (method, path, body, who may: 0 translator, 1 terminologist, 2 admin)
    let endpoints: Vec<(&str, &str, String, usize)> = vec![
        ("GET", "/api/lookup?q=puce", String::new(), 0),
        ("GET", "/api/entries", String::new(), 0),
        ("GET", "/api/entries/c1", String::new(), 0),
        ("GET", "/api/tm/search?q=Le%20mod%C3%A8le%20est%20rapide", String::new(), 0),
        ("GET", "/api/export?format=tbx", String::new(), 0),
        ("POST", "/api/check", json!({"source": "La puce.", "target": "The chip."}).to_string(), 0),
        ("GET", "/api/me", String::new(), 0),
        ("GET", "/", String::new(), 0),
        ("GET", "/entries/c1", String::new(), 0),
        ("POST", "/api/entries", json!({"terms": [{"lang": "fr", "text": "nuage"}, {"lang": "en", "text": "cloud"}]}).to_string(), 0),
        ("PUT", "/api/entries/c1", entry.to_string(), 1),
        ("PATCH", "/api/entries/c1", json!({"definition": "a chip"}).to_string(), 1),
        ("POST", "/api/entries/c2/accept", String::new(), 1),
        ("POST", "/api/entries/c2/reject", String::new(), 1),
        ("POST", "/api/import?format=csv&name=x.csv", csv.to_string(), 1),
        ("GET", "/api/users", String::new(), 2),
        ("POST", "/api/users", json!({"name": "newbie", "role": "translator", "password": "long enough"}).to_string(), 2),
    ];
    let mut table = String::new();
    for who in 0..4 {
        // 0 anonymous, then the three roles.
        let auth = (who > 0).then(|| format!("Bearer {}", tokens[who - 1].1));
        let role = if who == 0 { "anonymous" } else { tokens[who - 1].0 };
        for (method, path, body, least) in &endpoints {
            let before = db_state(&db);
            let mut h = vec![("Content-Type", "application/json")];
            if let Some(a) = &auth {
                h.push(("Authorization", a.as_str()));
            }
            let r = s.raw(method, path, &h, body.as_bytes());
            let allowed = who > *least;
            table.push_str(&format!(
                "{role} {method} {path} -> {}\n",
                r.status
            ));
            if allowed {
                assert!(
                    ![401, 403].contains(&r.status) && r.status < 500,
                    "{role} {method} {path}: {} {}",
                    r.status,
                    r.text()
                );
            } else if who == 0
                && *method == "GET"
                && !path.starts_with("/api/")
            {
                assert_eq!(r.status, 303, "{role} {path}");
                assert_eq!(r.header("location"), Some("/signin"));
            } else {
                assert_eq!(
                    r.status,
                    403,
                    "{role} {method} {path}: {}",
                    r.text()
                );
                assert!(r.json()["error"].is_string(), "{}", r.text());
                assert_eq!(
                    db_state(&db),
                    before,
                    "{role} {method} {path} wrote"
                );
            }
        }
    }
    // A translator's addition is a proposal; the terminologist's edits
    // are recorded under their name.
    let nuage = db.sql("SELECT body->>'state' FROM entry WHERE body->'terms'->0->>'text' = 'nuage'");
    assert_eq!(nuage, "proposed", "{table}");
    assert!(db.sql("SELECT string_agg(DISTINCT actor, ',') FROM entry_history WHERE entry_id = 'c1'").contains("terry"));
    assert_eq!(
        db.sql("SELECT role FROM account WHERE name = 'newbie'"),
        "translator"
    );
}

#[test]
fn issue_17_sign_in_sessions_and_csrf() {
    let Some((db, env, _)) = team_db("signin") else { return };
    let s = serve(&env, &db);
    let form = |name: &str, pw: &str, extra: &[(&str, &str)]| {
        let mut h =
            vec![("Content-Type", "application/x-www-form-urlencoded")];
        h.extend_from_slice(extra);
        s.raw(
            "POST",
            "/signin",
            &h,
            format!("name={name}&password={pw}").as_bytes(),
        )
    };
    let r = form("terry", "wrong+horse", &[]);
    assert_eq!(r.status, 403);
    assert!(r.header("set-cookie").is_none());
    assert_eq!(s.get("/signin").status, 200);
    let r = form("terry", "correct+horse", &[("X-Forwarded-Proto", "https")]);
    assert_eq!(r.status, 303, "{}", r.text());
    let set = r.header("set-cookie").unwrap().to_string();
    for attr in ["glossa_auth=gls_", "HttpOnly", "SameSite=Strict", "Secure"] {
        assert!(set.contains(attr), "{set}");
    }
    let auth = set.split(';').next().unwrap().to_string();
    // A signed-in browser still needs the CSRF token to write.
    let csrf = s.raw("GET", "/api/csrf", &[("Cookie", &auth)], b"");
    let token = csrf.json()["token"].as_str().unwrap().to_string();
    let csrf_cookie = csrf
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let cookies = format!("{auth}; {csrf_cookie}");
    let body = json!({"definition": "a microchip"}).to_string();
    let ct = ("Content-Type", "application/json");
    let r = s.raw(
        "PATCH",
        "/api/entries/c1",
        &[("Cookie", &cookies), ct],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.text().contains("CSRF"), "{}", r.text());
    let h =
        [("Cookie", cookies.as_str()), ("X-CSRF-Token", token.as_str()), ct];
    let r = s.raw("PATCH", "/api/entries/c1", &h, body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        s.raw("GET", "/api/me", &[("Cookie", &auth)], b"").json()["user"]["name"],
        "terry"
    );
    // Signing out ends the session.
    let r = s.raw("POST", "/signout", &[("Cookie", &auth)], b"");
    assert_eq!(r.status, 303);
    assert_eq!(s.raw("GET", "/api/me", &[("Cookie", &auth)], b"").status, 403);
    assert_eq!(
        db.sql("SELECT count(*) FROM credential WHERE kind = 'session'"),
        "0"
    );
}

#[test]
fn issue_17_network_bind_needs_team_mode() {
    // No PostgreSQL needed: the single-user app refuses to leave loopback.
    let env = TestEnv::new();
    let err = env.fails(&["serve", "--bind", "0.0.0.0", "--port", "0"], 2);
    assert!(err.contains("needs team mode"), "{err}");
}

#[test]
fn issue_17_two_editors_one_wins_one_gets_409_then_history_and_restore() {
    let Some((db, env, tokens)) = team_db("etag") else { return };
    let s = serve(&env, &db);
    let terry = format!("Bearer {}", tokens[1].1);
    let ada = format!("Bearer {}", tokens[2].1);
    let r = s.raw("GET", "/api/entries/c1", &[("Authorization", &terry)], b"");
    let tag = r.header("etag").expect("ETag").to_string();
    let original = r.json();
    // Both edit the version they loaded, at the same time.
    let replies: Vec<(String, u16, Value)> = std::thread::scope(|scope| {
        let jobs: Vec<_> = [
            ("terry", &terry, "a tiny chip"),
            ("ada", &ada, "a semiconductor die"),
        ]
        .into_iter()
        .map(|(who, auth, def)| {
            let (s, tag) = (&s, &tag);
            scope.spawn(move || {
                let body = json!({"definition": def}).to_string();
                let h = [
                    ("Authorization", auth.as_str()),
                    ("If-Match", tag.as_str()),
                    ("Content-Type", "application/json"),
                ];
                let r = s.raw("PATCH", "/api/entries/c1", &h, body.as_bytes());
                (who.to_string(), r.status, r.json())
            })
        })
        .collect();
        jobs.into_iter().map(|j| j.join().unwrap()).collect()
    });
    let mut statuses: Vec<u16> = replies.iter().map(|r| r.1).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{replies:?}");
    let winner = replies.iter().find(|r| r.1 == 200).unwrap();
    let loser = replies.iter().find(|r| r.1 == 409).unwrap();
    // The loser gets the winner's entry and its tag, and nothing of theirs
    // was saved.
    assert_eq!(loser.2["current"]["definition"], winner.2["definition"]);
    let saved =
        db.sql("SELECT body->>'definition' FROM entry WHERE id = 'c1'");
    assert_eq!(json!(saved), winner.2["definition"]);
    // Retrying on the current version works.
    let h = [
        ("Authorization", ada.as_str()),
        ("If-Match", loser.2["etag"].as_str().unwrap()),
        ("Content-Type", "application/json"),
    ];
    let r = s.raw(
        "PATCH",
        "/api/entries/c1",
        &h,
        json!({"note": "merged"}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // A stale tag on PUT is refused too.
    let r = s.raw(
        "PUT",
        "/api/entries/c1",
        &[("Authorization", &ada), ("If-Match", &tag)],
        original.to_string().as_bytes(),
    );
    assert_eq!(r.status, 409);

    // History: who, when, old and new, oldest first.
    let r = s.raw(
        "GET",
        "/api/entries/c1/history",
        &[("Authorization", &terry)],
        b"",
    );
    let changes = r.json()["changes"].as_array().unwrap().clone();
    let summary: Vec<(String, Value)> = changes
        .iter()
        .map(|c| {
            (c["action"].as_str().unwrap().to_string(), c["actor"].clone())
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("add".to_string(), Value::Null),
            ("edit".to_string(), json!(winner.0)),
            ("edit".to_string(), json!("ada")),
        ]
    );
    assert_eq!(changes[2]["old"]["definition"], winner.2["definition"]);
    assert_eq!(changes[2]["new"]["note"], "merged");
    assert!(changes[0]["at"].as_str().unwrap().ends_with('Z'));
    // The entry page shows it.
    let page =
        s.raw("GET", "/entries/c1", &[("Authorization", &terry)], b"").text();
    assert!(
        page.contains("History") && page.contains("edit by ada: note"),
        "{page}"
    );
    // Restore the first version: a translator may not, a terminologist may.
    let seq = changes[0]["seq"].to_string();
    let body = format!("{{\"seq\": {seq}}}");
    let tina = format!("Bearer {}", tokens[0].1);
    let r = s.raw(
        "POST",
        "/api/entries/c1/restore",
        &[("Authorization", &tina)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
    let r = s.raw(
        "POST",
        "/api/entries/c1/restore",
        &[("Authorization", &terry)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let now = db.sql("SELECT body::text FROM entry WHERE id = 'c1'");
    let now: Value = serde_json::from_str(&now).unwrap();
    assert_eq!(now, changes[0]["new"]);
    assert_eq!(
        db.sql("SELECT actor FROM entry_history ORDER BY seq DESC LIMIT 1"),
        "terry"
    );
}
