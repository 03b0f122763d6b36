//! Issue 7: the web app's JSON API and pages, driven over real HTTP
//! against `glossa serve --port 0` started as a child process on
//! loopback. Every refused request is checked to leave the glossary file
//! byte-identical.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use common::TestEnv;
use serde_json::{Value, json};

/// A running `glossa serve` (killed on drop) and its session.
struct Server {
    child: Child,
    addr: String,
    cookie: String,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// A 4xx with a JSON `error` message.
    fn json_error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.text());
        assert!(
            self.header("content-type").unwrap_or("").contains("json"),
            "{:?}",
            self.headers
        );
        self.json()["error"].as_str().expect("error message").to_string()
    }
}

fn start(env: &TestEnv) -> Server {
    let mut child = env
        .cmd()
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start glossa serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let mut s =
        Server { child, addr, cookie: String::new(), token: String::new() };
    let r = s.get("/api/csrf");
    assert_eq!(r.status, 200);
    s.token = r.json()["token"].as_str().unwrap().to_string();
    let set = r.header("set-cookie").expect("session cookie").to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"));
    s.cookie = set.split(';').next().unwrap().to_string();
    s
}

impl Server {
    fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let mut conn = TcpStream::connect(&self.addr).unwrap();
        let host = headers
            .iter()
            .find(|(k, _)| *k == "Host")
            .map_or(self.addr.as_str(), |(_, v)| v);
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers.iter().filter(|(k, _)| *k != "Host") {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        conn.write_all(req.as_bytes()).unwrap();
        // The server may answer (413) before reading a huge body.
        let _ = conn.write_all(body);
        let mut buf = Vec::new();
        let _ = conn.read_to_end(&mut buf);
        parse_reply(&buf)
    }

    fn get(&self, path: &str) -> Reply {
        self.raw("GET", path, &[], b"")
    }

    /// A state-changing request with the session cookie and token.
    fn send(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        self.raw(
            method,
            path,
            &[
                ("Cookie", &self.cookie),
                ("X-CSRF-Token", &self.token),
                ("Content-Type", "application/json"),
            ],
            body,
        )
    }

    fn send_json(&self, method: &str, path: &str, v: &Value) -> Reply {
        self.send(method, path, v.to_string().as_bytes())
    }
}

fn parse_reply(buf: &[u8]) -> Reply {
    let end =
        buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
            panic!("no header end: {:?}", String::from_utf8_lossy(buf))
        });
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 =
        lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = buf[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
            let n = usize::from_str_radix(
                String::from_utf8_lossy(&rest[..nl]).trim(),
                16,
            )
            .unwrap_or(0);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + n]);
            rest = &rest[nl + 2 + n + 2..];
        }
        body = out;
    }
    Reply { status, headers, body }
}

/// An environment with a one-entry glossary.
fn env_with_entry() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["add", "--fr", "puce", "--en", "chip", "--domain", "chips"]);
    env
}

#[test]
fn issue_7_pages_render_with_session_token() {
    let env = env_with_entry();
    let s = start(&env);
    for (path, needle) in [
        ("/", "id=\"q\""),
        ("/entries", "/entries/c1"),
        ("/entries/c1", "value=\"puce\""),
        ("/entries/new", "entry-form"),
        ("/review", "0 proposed"),
        ("/entries/c1?accept=1", "value=\"chip\""),
        ("/check", "id=\"target\""),
        ("/exchange", "format=tbx3"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        let html = r.text();
        assert!(html.contains(needle), "{path}: no {needle}");
        assert!(html.contains("name=\"csrf-token\" content=\""), "{path}");
        assert!(r.header("set-cookie").is_some(), "{path}: new session");
        assert!(
            r.header("content-security-policy").unwrap().contains("'self'")
        );
    }
    // A page load with a known session keeps it.
    let r = s.raw("GET", "/", &[("Cookie", &s.cookie)], b"");
    assert!(r.header("set-cookie").is_none());
    assert!(r.text().contains(&s.token));
    assert_eq!(s.get("/entries/nope").status, 404);
    // DNS rebinding: a page reached under another name is refused.
    let r = s.raw("GET", "/api/entries", &[("Host", "evil.example:80")], b"");
    assert!(r.json_error(403).contains("Host"));
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let local = format!("localhost:{port}");
    assert_eq!(s.raw("GET", "/", &[("Host", &local)], b"").status, 200);
    assert_eq!(s.get("/nowhere").status, 404);
    s.get("/api/nowhere").json_error(404);
    let js = s.get("/assets/app.js");
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    // The lookup page, script and style together stay under 100 KB.
    let weight = s.get("/").body.len()
        + js.body.len()
        + s.get("/assets/app.css").body.len();
    assert!(weight < 100 * 1024, "lookup page weighs {weight} bytes");
}

#[test]
fn issue_7_lookup_and_tm_bad_input() {
    let env = env_with_entry();
    let s = start(&env);
    assert!(s.get("/api/lookup").json_error(400).contains("`q`"));
    s.get("/api/lookup?q=").json_error(400);
    s.get("/api/lookup?q=puce&lang=de").json_error(400);
    s.get("/api/lookup?q=puce&limit=ten").json_error(400);
    let long = "a".repeat(5000);
    s.get(&format!("/api/lookup?q={long}")).json_error(400);
    s.get("/api/lookup?q=pu%01ce").json_error(400);
    s.get("/api/tm/search").json_error(400);
    s.get("/api/entries/%FF").json_error(400);
    s.send("DELETE", "/api/entries", b"").json_error(405);
    s.send("PUT", "/api/lookup?q=puce", b"").json_error(405);
}

#[test]
fn issue_7_entries_add_edit_and_cli_see_each_other() {
    let env = env_with_entry();
    let s = start(&env);
    let r = s.send_json(
        "POST",
        "/api/entries",
        &json!({"subject": "data centres", "terms": [
            {"lang": "fr", "text": "centre de données"},
            {"lang": "en", "text": "data center", "geo": "en-US"}]}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(id, "c2");
    // The CLI sees the entry at once…
    let listed: Value =
        serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    assert_eq!(listed[1]["terms"][1]["text"], "data center");
    // …and the server sees the CLI's additions (files changed on disk).
    env.ok(&["add", "--fr", "grappe", "--en", "cluster"]);
    let all = s.get("/api/entries").json();
    assert_eq!(all["total"], 3);
    assert_eq!(all["entries"][2]["terms"][0]["text"], "grappe");
    assert_eq!(all["entries"][2]["editable"], true);
    // Adding the same pair again merges.
    let again = s.send_json(
        "POST",
        "/api/entries",
        &json!({"terms": [{"lang": "fr", "text": "puce"},
                          {"lang": "en", "text": "chip"}]}),
    );
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.json(), json!({"id": "c1", "added": false}));
    // PUT replaces the entry; PATCH merges fields.
    let mut e = s.get("/api/entries/c2").json();
    e["terms"][1]["status"] = json!("deprecated");
    e["definition"] = json!("a building full of servers");
    let r = s.send_json("PUT", "/api/entries/c2", &e);
    assert_eq!(r.status, 200, "{}", r.text());
    let r = s.send_json("PATCH", "/api/entries/c2", &json!({"note": "US"}));
    assert_eq!(r.status, 200, "{}", r.text());
    let e = s.get("/api/entries/c2").json();
    assert_eq!(e["terms"][1]["status"], "deprecated");
    assert_eq!(e["definition"], "a building full of servers");
    assert_eq!(e["note"], "US");
    assert!(env.ok(&["list"]).contains("data center (deprecated)"));
    s.get("/api/entries/c99").json_error(404);
    s.send_json("PUT", "/api/entries/c99", &e).json_error(404);
}

#[test]
fn issue_7_invalid_edits_leave_file_untouched() {
    let env = env_with_entry();
    let s = start(&env);
    let before = std::fs::read(env.glossary_file()).unwrap();
    let empty_term = json!({"terms": [{"lang": "fr", "text": ""},
                                      {"lang": "en", "text": "chip"}]});
    let r = s.send_json("PUT", "/api/entries/c1", &empty_term);
    let msg = r.json_error(422);
    assert!(msg.contains("empty fr term"), "{msg}");
    assert_eq!(r.json()["problems"][0], "empty fr term");
    for (method, path, body) in [
        ("POST", "/api/entries", &b"{not json"[..]),
        ("POST", "/api/entries", b""),
        ("POST", "/api/entries", b"[1,2]"),
        ("POST", "/api/entries", br#"{"terms":[{"lang":"??","text":"x"}]}"#),
        (
            "POST",
            "/api/entries",
            br#"{"terms":[{"lang":"fr","text":"x","status":"maybe"}]}"#,
        ),
        ("POST", "/api/entries", br#"{"terms":[]}"#),
        ("PATCH", "/api/entries/c1", br#"{"terms":[]}"#),
        ("PATCH", "/api/entries/c1", b"\"x\""),
        ("POST", "/api/entries/c1/reject", b""),
        ("POST", "/api/entries/c9/accept", b""),
    ] {
        let r = s.send(method, path, body);
        assert!(
            (400..500).contains(&r.status),
            "{method} {path} {:?}: {}",
            String::from_utf8_lossy(body),
            r.status
        );
        assert!(r.json()["error"].is_string(), "{}", r.text());
        assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    }
}

#[test]
fn issue_7_csrf_is_required_for_every_change() {
    let env = env_with_entry();
    let s = start(&env);
    let before = std::fs::read(env.glossary_file()).unwrap();
    let body =
        br#"{"terms":[{"lang":"fr","text":"x"},{"lang":"en","text":"y"}]}"#;
    let wrong = "0".repeat(32);
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("no token, no cookie", vec![]),
        ("cookie only", vec![("Cookie", &s.cookie)]),
        ("token only", vec![("X-CSRF-Token", &s.token)]),
        ("wrong token", vec![("Cookie", &s.cookie), ("X-CSRF-Token", &wrong)]),
        (
            "forged pair",
            vec![("Cookie", "glossa_session=0000"), ("X-CSRF-Token", "0000")],
        ),
        (
            "other origin",
            vec![
                ("Cookie", &s.cookie),
                ("X-CSRF-Token", &s.token),
                ("Origin", "http://evil.example"),
            ],
        ),
    ];
    for (what, headers) in &cases {
        for (method, path) in [
            ("POST", "/api/entries"),
            ("PUT", "/api/entries/c1"),
            ("PATCH", "/api/entries/c1"),
            ("POST", "/api/entries/c1/accept"),
            ("POST", "/api/entries/c1/reject"),
            ("POST", "/api/import?format=native"),
            ("POST", "/api/check"),
        ] {
            let r = s.raw(method, path, headers, body);
            let msg = r.json_error(403);
            assert!(
                msg.contains("CSRF") || msg.contains("origin"),
                "{what}: {msg}"
            );
        }
    }
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    // The right token from the right origin passes.
    let ok = s.raw(
        "POST",
        "/api/entries",
        &[
            ("Cookie", &s.cookie),
            ("X-CSRF-Token", &s.token),
            ("Origin", &format!("http://{}", s.addr)),
        ],
        body,
    );
    assert_eq!(ok.status, 201, "{}", ok.text());
}

#[test]
fn issue_7_huge_bodies_are_refused() {
    let env = env_with_entry();
    let s = start(&env);
    let before = std::fs::read(env.glossary_file()).unwrap();
    let big = vec![b'a'; 3 * 1024 * 1024];
    let mut check = br#"{"source":"x","target":""#.to_vec();
    check.extend_from_slice(&big);
    check.extend_from_slice(br#""}"#);
    s.send("POST", "/api/check", &check).json_error(413);
    s.send("POST", "/api/entries", &check).json_error(413);
    let huge = vec![b'a'; 9 * 1024 * 1024];
    s.send("POST", "/api/import?format=native", &huge).json_error(413);
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    // A 2.5 MB upload is under the import limit (and not a glossary).
    let r = s.send("POST", "/api/import?format=native", &big);
    assert!(r.status == 422 || r.status == 400, "{}", r.text());
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
}

#[test]
fn issue_7_check_bad_input() {
    let env = env_with_entry();
    let s = start(&env);
    for body in [
        json!({}),
        json!({"source": "La puce."}),
        json!({"source": "La puce.", "target": ""}),
        json!({"source": 3, "target": "The chip."}),
    ] {
        let msg = s.send_json("POST", "/api/check", &body).json_error(400);
        assert!(msg.contains("source") || msg.contains("target"), "{msg}");
    }
}

#[test]
fn issue_7_review_accept_and_reject() {
    let env = env_with_entry();
    env.ok(&[
        "add",
        "--fr",
        "grappe de centres de données",
        "--en",
        "data center cluster",
        "--status",
        "proposed",
        "--context-fr",
        "des grappes de centres de données",
        "--context-en",
        "data center clusters",
        "--note",
        "N1 de N2 → N2 N1",
    ]);
    env.ok(&[
        "add",
        "--fr",
        "jeune pousse",
        "--en",
        "young shoot",
        "--status",
        "proposed",
    ]);
    let s = start(&env);
    let page = s.get("/review").text();
    assert!(page.contains("2 proposed"));
    assert!(page.contains("des grappes de centres de données"));
    assert!(page.contains("data center clusters"));
    assert!(page.contains("N1 de N2 → N2 N1"));
    let r = s.send("POST", "/api/entries/c2/accept", b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["state"], "approved");
    let r = s.send("POST", "/api/entries/c3/reject", b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let proposed = env.ok(&["list", "--state", "proposed"]);
    assert!(proposed.starts_with("0 entries"), "{proposed}");
    assert!(env.ok(&["list"]).contains("grappe de centres de données"));
    assert!(!env.ok(&["list"]).contains("jeune pousse"));
    // The web reject remembers the pair like `glossa review` does, so
    // `align --add` never proposes it again.
    let sidecar = glossa::align::Rejected::path_for(&env.glossary_file());
    let remembered = std::fs::read_to_string(&sidecar).unwrap();
    assert_eq!(remembered, "jeune pousse\tyoung shoot\n");
    // An approved entry cannot be rejected.
    let before = std::fs::read(env.glossary_file()).unwrap();
    s.send("POST", "/api/entries/c2/reject", b"").json_error(409);
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
}

#[test]
fn issue_7_export_and_import() {
    let env = env_with_entry();
    env.ok(&[
        "add",
        "--fr",
        "jeune pousse",
        "--en",
        "start-up",
        "--status",
        "proposed",
    ]);
    let s = start(&env);
    let r = s.get("/api/export?format=native");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-disposition").unwrap().contains("attachment"));
    let csv = r.text();
    assert!(csv.contains("puce") && !csv.contains("jeune pousse"), "{csv}");
    let with = s.get("/api/export?format=native&include_proposed=1").text();
    assert!(with.contains("jeune pousse"));
    for (fmt, needle) in [
        ("tbx", "<martif"),
        ("tbx3", "<tbx"),
        ("csv", "chip"),
        ("tsv", "puce\tchip"),
    ] {
        let r = s.get(&format!("/api/export?format={fmt}"));
        assert_eq!(r.status, 200, "{fmt}: {}", r.text());
        assert!(r.text().contains(needle), "{fmt}: {}", r.text());
        assert!(!r.text().contains("jeune pousse"), "{fmt}");
    }
    // A TBX export imported back merges with what is there.
    let tbx = s.get("/api/export?format=tbx").body;
    let r = s.send("POST", "/api/import?name=back.tbx", &tbx);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["added"], 0, "{}", r.text());
    assert_eq!(r.json()["merged"], 1, "{}", r.text());
    s.get("/api/export").json_error(400);
    s.get("/api/export?format=docx").json_error(400);
    s.get("/api/export?format=../../etc/passwd").json_error(400);

    // Import: a glossa CSV with one good entry, one duplicate of c1 and one
    // whose term is empty.
    let before = std::fs::read(env.glossary_file()).unwrap();
    let upload = "id,lang,term\nx1,fr,grappe\nx1,en,cluster\n\
                  x2,fr,puce\nx2,en,chip\nx3,fr,\"\"\nx3,en,thing\n";
    let r = s.send(
        "POST",
        "/api/import?format=native&name=team.csv",
        upload.as_bytes(),
    );
    if r.status == 200 {
        let v = r.json();
        assert_eq!(v["added"], 1, "{v}");
        assert_eq!(v["merged"], 1, "{v}");
        assert_eq!(v["rejected"][0]["entry"], "x3", "{v}");
        assert!(v["rejected"][0]["why"].as_str().unwrap().contains("empty"));
    } else {
        // The strict reader may refuse the empty term outright.
        r.json_error(422);
        assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    }
    let before = std::fs::read(env.glossary_file()).unwrap();
    let msg = s
        .send(
            "POST",
            "/api/import?format=native&name=bad.csv",
            b"id,lang,term\nx1,zz!,puce\n",
        )
        .json_error(422);
    assert!(msg.contains("bad.csv") && msg.contains("line 2"), "{msg}");
    s.send("POST", "/api/import?format=native", b"  \n").json_error(400);
    s.send("POST", "/api/import?format=exe", b"MZ").json_error(400);
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
}

#[test]
fn issue_7_xss_term_is_escaped_everywhere() {
    let env = env_with_entry();
    env.ok(&[
        "add",
        "--fr",
        "<script>alert(1)</script>",
        "--en",
        "<img src=x onerror=alert(2)>",
        "--status",
        "proposed",
        "--context-fr",
        "\"><script>alert(3)</script>",
    ]);
    let s = start(&env);
    for path in ["/entries", "/entries/c2", "/review"] {
        let html = s.get(path).text();
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
    }
    // JSON carries the text as is; the page script renders it as text.
    let v = s.get("/api/entries/c2").json();
    assert_eq!(v["terms"][0]["text"], "<script>alert(1)</script>");
}

/// The id `glossa add` printed (`added c12: …`).
fn added_id(out: &str) -> String {
    out.split_whitespace()
        .nth(1)
        .map(|s| s.trim_end_matches(':').to_string())
        .unwrap_or_else(|| panic!("no id in {out:?}"))
}

/// Browser end-to-end run (opt-in: `GLOSSA_E2E=1`, needs Debian
/// `chromium` and `npm install` in tests/web_e2e). Screenshots go to
/// target/e2e-screenshots/.
#[test]
fn issue_7_browser_e2e() {
    if !common::opt_in("GLOSSA_E2E", "the browser tests") {
        return;
    }
    let root = common::root();
    let env = if root.join("glossary").is_dir() {
        TestEnv::with_shipped_glossary()
    } else {
        let env = TestEnv::new();
        env.ok(&["add", "--fr", "fonds spéculatif", "--en", "hedge fund"]);
        env.ok(&["add", "--fr", "puce", "--en", "chip"]);
        env
    };
    let xss = added_id(&env.ok(&[
        "add",
        "--fr",
        "<script>alert(1)</script>",
        "--en",
        "<img src=x onerror=alert(2)>",
        "--context-fr",
        "\"><script>alert(3)</script>",
    ]));
    let proposed_fr = "percée retentissante";
    env.ok(&[
        "add",
        "--fr",
        proposed_fr,
        "--en",
        "resounding breakthrough",
        "--status",
        "proposed",
        "--context-fr",
        "DeepSeek a fait une percée retentissante.",
        "--context-en",
        "DeepSeek has made a resounding breakthrough.",
    ]);
    // The article's aligned sentences as translation memory, so lookup
    // results show TM matches for their context sentences.
    let sents = |lang: &str| {
        std::fs::read_to_string(
            root.join(format!("data/sample/deepseek.{lang}.sent")),
        )
        .unwrap()
    };
    let (fr, en) = (sents("fr"), sents("en"));
    for (f, e) in fr.lines().zip(en.lines()) {
        if !f.trim().is_empty() && !e.trim().is_empty() {
            env.ok(&["tm", "add", f, e]);
        }
    }
    // The English article with one wrong term: "quantitative hedge fund"
    // → "quantitative speculative fund".
    let en = std::fs::read_to_string(root.join("data/sample/deepseek.en.txt"))
        .unwrap();
    let wrong = "quantitative speculative fund";
    let draft = env.write(
        "draft.en.txt",
        en.replacen("quantitative hedge fund", wrong, 1),
    );
    assert!(std::fs::read_to_string(&draft).unwrap().contains(wrong));
    let s = start(&env);
    let shots = root.join("target").join("e2e-screenshots");
    // Only this run's screenshots (and failures) stay in the folder.
    let _ = std::fs::remove_dir_all(&shots);
    let out = std::process::Command::new("node")
        .current_dir(root.join("tests/web_e2e"))
        .arg("e2e.mjs")
        .arg(format!("http://{}", s.addr))
        .arg(&shots)
        .arg(root.join("data/sample/deepseek.fr.txt"))
        .arg(&draft)
        .arg(&xss)
        .arg(proposed_fr)
        .output()
        .expect(
            "run node (install Node.js and `npm install` in tests/web_e2e)",
        );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(out.status.success(), "browser test failed:\n{stdout}{stderr}");
}

#[test]
fn issue_7_lookup_both_directions_follows_changes() {
    let env = TestEnv::with_shipped_glossary();
    let s = start(&env);
    // A misspelt, plural French query finds the entry with its English.
    let v = s.get("/api/lookup?q=fond%20sp%C3%A9culatifs").json();
    let first = &v["results"][0];
    assert_eq!(first["term"], "fonds spéculatif", "{v}");
    assert_eq!(first["translations"][0], "hedge fund");
    assert!(first["kind"].is_string() && first["score"].is_number());
    assert!(first["explanation"].as_str().unwrap().contains("fonds"));
    // The whole entry comes along: definition and context sentences.
    assert!(!first["entry"]["definition"].as_str().unwrap().is_empty());
    assert!(
        first["entry"]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["context"].as_str().is_some_and(|c| !c.is_empty()))
    );
    // EN → FR.
    let v = s.get("/api/lookup?q=hedge%20fund&lang=en").json();
    assert_eq!(v["results"][0]["lang"], "en", "{v}");
    assert!(
        v["results"][0]["translations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "fonds spéculatif"),
        "{v}"
    );
    // Nothing matches: an empty list, not an error.
    let v = s.get("/api/lookup?q=zzzqqqxxx").json();
    assert_eq!(v["results"], json!([]));
    // A term added by the CLI is found at once (the server notices).
    let miss = s.get("/api/lookup?q=ornithorynque&lang=fr").json();
    assert!(
        miss["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["term"] != "ornithorynque")
    );
    env.ok(&["add", "--fr", "ornithorynque", "--en", "platypus"]);
    let v = s.get("/api/lookup?q=ornitorynque").json();
    assert_eq!(v["results"][0]["term"], "ornithorynque", "{v}");
    assert_eq!(v["results"][0]["translations"][0], "platypus");
}

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1"
 segtype="sentence" o-tmf="none" adminlang="en" srclang="fr"
 datatype="plaintext"/><body>
<tu><tuv xml:lang="fr"><seg>Le modèle est deux fois plus rapide.</seg></tuv>
<tuv xml:lang="en"><seg>The model is twice as fast.</seg></tuv></tu>
</body></tmx>
"#;

#[test]
fn issue_7_tm_import_search_export() {
    let env = TestEnv::with_shipped_glossary();
    let s = start(&env);
    let q = "/api/tm/search?q=Le%20mod%C3%A8le%20est%20trois%20fois%20plus%20rapide.";
    // No TM yet: no match (and the glossary terms of the query).
    let v = s.get(q).json();
    assert_eq!(v["matches"], json!([]), "{v}");
    assert!(v["terms"].is_array());
    s.get("/api/export?format=tmx").json_error(404);
    let r =
        s.send("POST", "/api/import?format=tmx&name=mem.tmx", TMX.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["added"], 1, "{}", r.text());
    let v = s.get(q).json();
    let m = &v["matches"][0];
    assert_eq!(m["target"], "The model is twice as fast.", "{v}");
    let score = m["score"].as_u64().unwrap();
    assert!((70..100).contains(&score), "{score}");
    let tmx = s.get("/api/export?format=tmx");
    assert_eq!(tmx.status, 200);
    assert!(tmx.text().contains("The model is twice as fast."));
    // A broken TMX is refused with its line, the TM unchanged.
    let r = s.send(
        "POST",
        "/api/import?name=bad.tmx",
        b"<tmx version=\"1.4\"><body><tu>",
    );
    assert!((400..500).contains(&r.status), "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("bad.tmx"));
    let again = s.get("/api/export?format=tmx").text();
    assert_eq!(
        again.matches("<tu").count(),
        tmx.text().matches("<tu").count()
    );
}

#[test]
fn issue_7_browser_and_cli_writes_share_the_lock() {
    let env = env_with_entry();
    let s = start(&env);
    std::thread::scope(|scope| {
        for t in 0..4 {
            let s = &s;
            scope.spawn(move || {
                for i in 0..15 {
                    let body = json!({"terms": [
                        {"lang": "fr", "text": format!("terme web {t} {i}")},
                        {"lang": "en", "text": format!("web term {t} {i}")}]});
                    let r = s.send_json("POST", "/api/entries", &body);
                    assert_eq!(r.status, 201, "{}", r.text());
                }
            });
        }
        let env = &env;
        scope.spawn(move || {
            for i in 0..10 {
                env.ok(&[
                    "add",
                    "--fr",
                    &format!("terme cli {i}"),
                    "--en",
                    &format!("cli term {i}"),
                ]);
            }
        });
    });
    let listed: Value =
        serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1 + 60 + 10);
    assert_eq!(s.get("/api/entries").json()["total"], 71);
}

#[test]
fn issue_7_check_finds_the_wrong_term() {
    let env = TestEnv::with_shipped_glossary();
    let s = start(&env);
    let root = common::root();
    let fr = std::fs::read_to_string(root.join("data/sample/deepseek.fr.txt"))
        .unwrap();
    let en = std::fs::read_to_string(root.join("data/sample/deepseek.en.txt"))
        .unwrap();
    let clean = s
        .send_json("POST", "/api/check", &json!({"source": fr, "target": en}))
        .json();
    let errors = |v: &Value| -> Vec<Value> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .cloned()
            .collect()
    };
    let base = errors(&clean).len();
    // The same pair with "quantitative hedge fund" (c81) written as
    // "quantitative speculative fund".
    let wrong = en.replacen(
        "quantitative hedge fund",
        "quantitative speculative fund",
        1,
    );
    assert_ne!(wrong, en);
    let v = s
        .send_json(
            "POST",
            "/api/check",
            &json!({"source": fr, "target": wrong}),
        )
        .json();
    let errs = errors(&v);
    assert_eq!(errs.len(), base + 1, "{v}");
    let f = errs
        .iter()
        .find(|f| {
            f["expected"][0] == "quantitative hedge fund"
                && f["kind"] == "missing"
        })
        .unwrap_or_else(|| panic!("no finding for hedge fund: {v}"));
    assert_eq!(f["file"], "target");
    assert!(f["message"].as_str().unwrap().contains("hedge fund"));
    // The finding points into the draft, on the sentence with the error.
    let line: usize = f["line"].as_u64().unwrap() as usize;
    let text = wrong.lines().nth(line - 1).unwrap();
    assert!(text.contains("speculative fund"), "{text}");
    assert!(f["source"]["line"].is_number());
    // The draft's glossary terms come back for highlighting.
    assert!(!v["highlights"].as_array().unwrap().is_empty());
    // Texts in the wrong language are a 400 with the library's message.
    let msg = s
        .send_json("POST", "/api/check", &json!({"source": en, "target": fr}))
        .json_error(400);
    assert!(msg.contains("looks like"), "{msg}");
}

/// Issue 14 item 5: a flood of cookie-less `GET /api/csrf` (a page in the
/// translator's browser can send one) used to evict every session; the
/// translator's next write got 403.
#[test]
fn issue_14_item_5_csrf_flood_keeps_the_session() {
    let env = env_with_entry();
    let s = start(&env);
    let mut conn = TcpStream::connect(&s.addr).unwrap();
    let req = format!("GET /api/csrf HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr);
    let mut r = BufReader::new(conn.try_clone().unwrap());
    for _ in 0..12_000 {
        conn.write_all(req.as_bytes()).unwrap();
        let mut len = 0;
        loop {
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            if let Some(v) =
                line.to_ascii_lowercase().strip_prefix("content-length:")
            {
                len = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).unwrap();
    }
    let r = s.send_json(
        "POST",
        "/api/entries",
        &json!({"terms": [{"lang": "fr", "text": "grappe"},
                          {"lang": "en", "text": "cluster"}]}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
}

/// Issue 14 item 5 (and 9): half-sent requests were never timed out.
#[test]
fn issue_14_item_9_slow_clients_are_timed_out() {
    let env = env_with_entry();
    let s = start(&env);
    let t = std::time::Instant::now();
    let mut slow: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            c.write_all(b"GET /api/lookup?q=puce HTTP/1.1\r\nHost: ").unwrap();
            c.set_read_timeout(Some(std::time::Duration::from_secs(60)))
                .unwrap();
            c
        })
        .collect();
    // The server still answers others meanwhile.
    assert_eq!(s.get("/api/lookup?q=puce").status, 200);
    for c in &mut slow {
        let mut buf = Vec::new();
        // Closed by the server: EOF (or reset), not the 60 s read timeout.
        let r = c.read_to_end(&mut buf);
        assert!(r.is_ok() || t.elapsed().as_secs() < 50, "{r:?}");
    }
    let took = t.elapsed().as_secs();
    assert!((9..50).contains(&took), "closed after {took} s");
}

/// Issue 14 items 1 and 5: one `POST /api/check` of 100k one-word French
/// lines against six English ones aborted the server (40 GB allocation).
/// It is refused before any alignment starts, and lookups go on.
#[test]
fn issue_14_item_5_check_attack_is_refused_and_server_keeps_serving() {
    let env = env_with_entry();
    let s = start(&env);
    let body = json!({
        "source": "IA.\n".repeat(100_000),
        "target": "The chip.\nThe AI.\nA chip.\nThe data.\nIt works.\nDone.",
    });
    let msg = s.send_json("POST", "/api/check", &body).json_error(413);
    assert!(msg.contains("100000 sentences"), "{msg}");
    let r = s.get("/api/lookup?q=puce");
    assert_eq!(r.status, 200, "{}", r.text());
    // A check of a normal size still works.
    let r = s.send_json(
        "POST",
        "/api/check",
        &json!({"source": "La puce est rapide.", "target": "The chip is fast."}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

/// Issue 14 item 6: `POST /api/entries` and imports accepted control
/// characters, which then broke every TBX export.
#[test]
fn issue_14_item_6_web_refuses_control_characters() {
    let env = env_with_entry();
    let s = start(&env);
    let before = std::fs::read(env.glossary_file()).unwrap();
    let bad = json!({"terms": [{"lang": "fr", "text": "pu\u{1}ce"},
                               {"lang": "en", "text": "chip"}]});
    let r = s.send_json("POST", "/api/entries", &bad);
    let msg = r.json_error(422);
    assert!(msg.contains("fr term \"pu\\u{1}ce\": character U+0001"), "{msg}");
    let r = s.send_json(
        "PATCH",
        "/api/entries/c1",
        &json!({"definition": "a\u{7}b"}),
    );
    assert!(r.json_error(422).contains("definition: character U+0007"));
    let tbx = "<?xml version=\"1.0\"?><martif type=\"TBX\" xml:lang=\"en\">\
        <text><body><termEntry id=\"t1\"><langSet xml:lang=\"fr\"><tig>\
        <term>grappe&#x1;</term></tig></langSet></termEntry></body></text>\
        </martif>";
    let r =
        s.send("POST", "/api/import?format=tbx&name=g.tbx", tbx.as_bytes());
    assert!(r.json_error(422).contains("g.tbx: line 1"), "{}", r.text());
    let r = s.send(
        "POST",
        "/api/import?format=tsv&name=g.tsv",
        "grappe\x01\tcluster\n".as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["added"], 0, "{}", r.text());
    let why = r.json()["rejected"][0]["why"].as_str().unwrap().to_string();
    assert!(why.contains("character U+0001"), "{why}");
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    assert_eq!(s.get("/api/export?format=tbx").status, 200);
}

/// Issue 11: `POST /api/entries` with another spelling of a term already
/// there (`Élément`, `centre de donnees`, `l'IA`) made a second entry;
/// it now merges into the first, and the answer names its real id.
#[test]
fn issue_11_web_add_same_term_twice_is_one_entry_named_by_its_real_id() {
    let env = env_with_entry();
    let s = start(&env);
    let add = |fr: &str| {
        s.send_json(
            "POST",
            "/api/entries",
            &json!({"terms": [{"lang": "fr", "text": fr},
                              {"lang": "en", "text": "item"}]}),
        )
    };
    for (i, (first, again)) in [
        ("Élément", "élément"),
        ("centre de données", "centre de donnees"),
        ("l’IA", "l'IA"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("c{}", i + 2);
        let r = add(first);
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(r.json(), json!({"id": id, "added": true}));
        let r = add(again);
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json(), json!({"id": id, "added": false}), "{again}");
        // Twice the very same spelling, too.
        assert_eq!(add(first).json(), json!({"id": id, "added": false}));
    }
    assert_eq!(s.get("/api/entries").json()["total"], 4);
}

/// Issue 11: the web app's formats come from the registry, so the Vale
/// style (before: CLI only) is on the Exchange page and downloads.
#[test]
fn issue_11_vale_export_in_the_web_app() {
    let env = env_with_entry();
    env.ok(&[
        "add",
        "--fr",
        "centre de données",
        "--en",
        "datacenter",
        "--status",
        "deprecated",
    ]);
    env.ok(&["add", "--fr", "centre de données", "--en", "data center"]);
    let s = start(&env);
    let page = s.get("/exchange").text();
    assert!(page.contains("data-export=\"vale\""), "{page}");
    let r = s.get("/api/export?format=vale");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"Terms.yml\"")
    );
    // The same bytes as the CLI's export.
    env.ok(&["export", "--to", "vale", "-o", "Terms.yml"]);
    let cli = std::fs::read(env.path().join("Terms.yml")).unwrap();
    assert_eq!(r.text(), String::from_utf8(cli).unwrap());
    assert!(r.text().contains("extends: substitution"), "{}", r.text());
    // Vale is written, not read.
    s.send("POST", "/api/import?format=vale", b"x").json_error(400);
}

/// A TMX where `jeune pousse` always faces `startup` (the lexicon says
/// `young shoot`).
fn startup_tmx(n: usize) -> String {
    let mut tus = String::new();
    for i in 0..n {
        let (f, e) = match i % 3 {
            0 => (
                "La jeune pousse Nova{} a levé des fonds.",
                "Startup Nova{} raised funds.",
            ),
            1 => (
                "Cette jeune pousse Nova{} recrute.",
                "This startup Nova{} is hiring.",
            ),
            _ => (
                "Une jeune pousse Nova{} ouvre un bureau.",
                "A startup Nova{} opens an office.",
            ),
        };
        let (f, e) =
            (f.replace("{}", &i.to_string()), e.replace("{}", &i.to_string()));
        tus.push_str(&format!(
            "<tu><tuv xml:lang=\"fr\"><seg>{f}</seg></tuv>\
             <tuv xml:lang=\"en\"><seg>{e}</seg></tuv></tu>\n"
        ));
    }
    TMX.replace(
        "<tu><tuv xml:lang=\"fr\"><seg>Le modèle est deux fois plus rapide.</seg></tuv>\n<tuv xml:lang=\"en\"><seg>The model is twice as fast.</seg></tuv></tu>\n",
        &tus,
    )
}

#[test]
fn issue_13_translate_endpoint_uses_glossary_memory_and_lexicon() {
    let env = TestEnv::with_shipped_glossary();
    let s = start(&env);
    s.get("/api/translate").json_error(400);
    s.get("/api/translate?q=%20").json_error(400);
    s.get(&format!("/api/translate?q={}", "a".repeat(300))).json_error(400);
    s.get("/api/translate?q=puce&limit=ten").json_error(400);
    // No memory yet: composition from the lexicon, in English order.
    let v = s.get("/api/translate?q=%C3%A9nergie%20%C3%A9olienne").json();
    assert_eq!(v["term"], "énergie éolienne", "{v}");
    assert_eq!(v["candidates"][0]["en"], "wind energy", "{v}");
    assert_eq!(v["candidates"][0]["evidence"][0]["kind"], "composition");
    // Importing a TMX teaches the memory a non-compositional pair.
    let tmx = startup_tmx(12);
    assert!(tmx.matches("<tu>").count() == 12);
    let r =
        s.send("POST", "/api/import?format=tmx&name=mem.tmx", tmx.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let v = s.get("/api/translate?q=jeune%20pousse&limit=3").json();
    let c = v["candidates"].as_array().unwrap();
    assert!(c.len() <= 3, "{v}");
    assert_eq!(c[0]["en"].as_str().unwrap().to_lowercase(), "startup", "{v}");
    assert!(
        c[0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "memory"),
        "{v}"
    );
    // The web app and the CLI give the same candidates (one library fn).
    let cli = env.ok(&[
        "translate",
        "jeune pousse",
        "--limit",
        "3",
        "--format",
        "json",
    ]);
    let cli: Value = serde_json::from_str(&cli).unwrap();
    assert_eq!(cli["candidates"], v["candidates"]);
    // The lookup page carries the suggestion box.
    assert!(s.get("/").text().contains("id=\"suggest-btn\""));
}
