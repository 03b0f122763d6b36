//! Drives `glossa lsp` over stdio like an editor would (issue 5).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::TestEnv;
use serde_json::{Value, json};

const GLOSSARY: &str = "id,lang,term,status,context\n\
    c1,fr,centre de données,preferred,Les centres de données consomment.\n\
    c1,en,data center,preferred,\n\
    c1,en,datacenter,deprecated,\n\
    c2,fr,puce,preferred,\n\
    c2,en,chip,preferred,\n";

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(env: &TestEnv) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_glossa"))
            .current_dir(env.path())
            .env_remove("GLOSSA_GLOSSARY")
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start glossa lsp");
        let stdin = child.stdin.take();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if out.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, rx, next_id: 1 }
    }

    fn raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.raw(&serde_json::to_vec(&v).unwrap());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(
            json!({"jsonrpc": "2.0", "method": method, "params": params}),
        );
    }

    /// Send a request and wait for its response (skipping notifications,
    /// which are returned too).
    fn request(&mut self, method: &str, params: Value) -> (Value, Vec<Value>) {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let mut notes = Vec::new();
        loop {
            let m = self.recv();
            if m.get("id") == Some(&json!(id)) {
                return (m, notes);
            }
            notes.push(m);
        }
    }

    fn recv(&self) -> Value {
        self.rx
            .recv_timeout(Duration::from_secs(10))
            .expect("server reply within 10 s")
    }

    /// The next publishDiagnostics notification.
    fn diagnostics(&self) -> Value {
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics" {
                return m["params"].clone();
            }
        }
    }

    fn wait(mut self) -> Option<i32> {
        drop(self.stdin.take());
        for _ in 0..100 {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("glossa lsp did not exit");
    }
}

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write("glossary/glossary.csv", GLOSSARY);
    env
}

fn init(c: &mut Client, encodings: Value) -> Value {
    let (r, _) = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null,
               "capabilities": {"general": {"positionEncodings": encodings}}}),
    );
    c.notify("initialized", json!({}));
    r
}

#[test]
fn issue_5_lsp_session() {
    let env = env();
    let mut c = Client::start(&env);

    // Out of order: a request before initialize.
    let (r, _) = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///d.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32002, "{r}");
    // Malformed JSON: a parse error with a null id, and the server lives.
    c.raw(b"{not json");
    let r = c.recv();
    assert_eq!(r["error"]["code"], -32700, "{r}");
    assert_eq!(r["id"], Value::Null);

    let r = init(&mut c, json!(["utf-16"]));
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"], 2, "{r}");
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(
        caps["executeCommandProvider"]["commands"][0],
        "glossa.addTerm"
    );

    // é ’ – before the deprecated term: UTF-16 columns, not bytes.
    let uri = "file:///tmp/draft.md";
    let text =
        "Intro: the chips.\nThé d’été – the datacenters and the chips.\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let d = c.diagnostics();
    assert_eq!(d["uri"], uri);
    let diags = d["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{d}");
    assert_eq!(
        diags[0]["range"],
        json!({"start": {"line": 1, "character": 16}, "end": {"line": 1, "character": 27}})
    );
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(
        diags[0]["message"],
        "“datacenters” is deprecated: use “data center”"
    );

    // Hover shows the entry in both languages with status and context.
    let (r, _) = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 20}}),
    );
    let md = r["result"]["contents"]["value"].as_str().unwrap();
    for want in [
        "**centre de données** — fr, preferred",
        "**data center** — en, preferred",
        "~~datacenter~~ — en, deprecated",
        "> Les centres de données consomment. (fr)",
    ] {
        assert!(md.contains(want), "{want:?} not in {md}");
    }

    // Code action: replace with the preferred term.
    let range = diags[0]["range"].clone();
    let (r, _) = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range,
               "context": {"diagnostics": [diags[0]]}}),
    );
    let a = &r["result"][0];
    assert_eq!(a["title"], "Replace with “data center”", "{r}");
    assert_eq!(a["edit"]["changes"][uri][0]["newText"], "data center");
    assert_eq!(a["edit"]["changes"][uri][0]["range"], range);

    // Incremental change: a selected pair "grappe = cluster" on line 2.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
             "text": "grappe = cluster\n"}]}),
    );
    let _ = c.diagnostics();
    let sel = json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 16}});
    let (r, _) = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": sel, "context": {"diagnostics": []}}),
    );
    let add = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["command"]["command"] == "glossa.addTerm")
        .cloned()
        .unwrap_or_else(|| panic!("no add action in {r}"));
    assert_eq!(add["title"], "Add “grappe” → “cluster” to the glossary");
    let (r, notes) = c.request(
        "workspace/executeCommand",
        json!({"command": "glossa.addTerm", "arguments": add["command"]["arguments"]}),
    );
    assert_eq!(r["result"]["id"], "c3", "{r}");
    assert!(
        notes.iter().all(|n| n["method"] != "window/showMessage"),
        "{notes:?}"
    );
    // The CLI sees the new entry at once.
    let list = env.ok(&["list", "--format", "json"]);
    let entries: Value = serde_json::from_str(&list).unwrap();
    let terms: Vec<&str> = entries[2]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(terms, ["grappe", "cluster"]);
    // Adding it twice is a clear error, and the file is unchanged.
    let before = std::fs::read(env.glossary_file()).unwrap();
    let (r, _) = c.request(
        "workspace/executeCommand",
        json!({"command": "glossa.addTerm", "arguments": add["command"]["arguments"]}),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already in the glossary"),
        "{r}"
    );
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);

    // Completion offers glossary terms.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "the dat"}]}),
    );
    let _ = c.diagnostics();
    let (r, _) = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 7}}),
    );
    let labels: Vec<&str> = r["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["data center"], "{r}");

    // Unknown method, bad params.
    let (r, _) = c.request("glossa/nope", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let (r, _) = c.request("textDocument/hover", json!({"textDocument": {}}));
    assert_eq!(r["error"]["code"], -32602);

    let (r, _) = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    assert!(r.get("error").is_none());
    let (r, _) = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), Some(0));
}

#[test]
fn issue_5_french_hints_utf8_and_reload() {
    let env = env();
    let mut c = Client::start(&env);
    let r = init(&mut c, json!(["utf-8", "utf-16"]));
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-8");
    let uri = "file:///tmp/article.fr.txt";
    let text = "L’été – les puces d’IA.";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let d = c.diagnostics();
    let diags = d["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{d}");
    assert_eq!(diags[0]["severity"], 3);
    assert_eq!(diags[0]["message"], "“puces” → “chip”");
    let start = text.find("puces").unwrap();
    assert_eq!(diags[0]["range"]["start"]["character"], start);

    // Another process edits the glossary: the server notices.
    let mut csv = GLOSSARY.to_string();
    csv.push_str("c3,fr,IA,preferred,\nc3,en,AI,preferred,\n");
    std::thread::sleep(Duration::from_millis(20));
    env.write("glossary/glossary.csv", csv);
    let d = c.diagnostics();
    let msgs: Vec<&str> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs, ["“puces” → “chip”", "“IA” → “AI”"]);

    // The client goes away without shutdown: a clean exit.
    assert_eq!(c.wait(), Some(0));
}

#[test]
fn issue_5_empty_glossary_and_protocol_errors() {
    let env = TestEnv::new();
    let mut c = Client::start(&env);
    let (r, notes) = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    // No positionEncodings offered: UTF-16, the LSP default.
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["method"], "window/showMessage");
    assert!(
        notes[0]["params"]["message"].as_str().unwrap().contains("is empty")
    );
    let (r, _) = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600);
    // A header that is not a header, then an invalid request: errors, and
    // the server still answers afterwards.
    c.stdin.as_mut().unwrap().write_all(b"garbage\r\n\r\n").unwrap();
    let r = c.recv();
    assert_eq!(r["error"]["code"], -32700, "{r}");
    c.send(json!({"jsonrpc": "2.0", "id": 99}));
    let r = c.recv();
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///e.md", "languageId": "markdown",
                               "version": 1, "text": "the chips"}}),
    );
    let d = c.diagnostics();
    assert_eq!(d["diagnostics"], json!([]));
    // exit without shutdown: exit code 1, as the LSP specification says.
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), Some(1));
}

/// Issue 14 item 6: `glossa.addTerm` accepted control characters, which
/// then broke every TBX export.
#[test]
fn issue_14_item_6_add_term_refuses_control_characters() {
    let env = env();
    let mut c = Client::start(&env);
    init(&mut c, json!(["utf-16"]));
    let before = std::fs::read(env.glossary_file()).unwrap();
    let (r, _) = c.request(
        "workspace/executeCommand",
        json!({"command": "glossa.addTerm",
               "arguments": [{"fr": "grap\u{1}pe", "en": "cluster"}]}),
    );
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("fr term \"grap\\u{1}pe\": character U+0001"), "{r}");
    assert_eq!(std::fs::read(env.glossary_file()).unwrap(), before);
    c.notify("exit", Value::Null);
    c.wait();
}

/// Issue 14 item 4: one-line documents took 19.5 s at 1 MB (each
/// position counted from the line start, once per diagnostic) and gave
/// no answer at 10 MB. A 1 MB one-line French draft is now diagnosed
/// (at most 1,000 diagnostics, positions right) and hovered within the
/// client's 10 s wait.
#[test]
fn issue_14_item_4_one_line_megabyte_document() {
    let env = env();
    let mut c = Client::start(&env);
    init(&mut c, json!(["utf-16"]));
    let unit = "Les centres de données d’Europe — « puce » 😀 ";
    let n = (1 << 20) / unit.len() + 1;
    let text = unit.repeat(n);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///big.fr.md", "languageId": "markdown",
                               "version": 1, "text": text}}),
    );
    let d = c.diagnostics();
    let diags = d["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1000, "capped");
    // Every reported range is where its term is, in UTF-16 units.
    let units: Vec<u16> = text.encode_utf16().collect();
    for g in diags.iter().take(50) {
        let r = &g["range"];
        assert_eq!(r["start"]["line"], 0);
        let (a, b) = (
            r["start"]["character"].as_u64().unwrap() as usize,
            r["end"]["character"].as_u64().unwrap() as usize,
        );
        let word = String::from_utf16(&units[a..b]).unwrap();
        assert!(
            ["centres de données", "puce"].contains(&word.as_str()),
            "{word:?}"
        );
    }
    // Hover on the last "puce" of the line.
    let last = units.len() - String::from("» 😀 ").encode_utf16().count() - 3;
    let (r, _) = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///big.fr.md"},
               "position": {"line": 0, "character": last}}),
    );
    let md = r["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.contains("chip"), "{r}");
    c.notify("exit", Value::Null);
    c.wait();
}

/// Issue 11: `glossa.addTerm` compared with its own rule; another
/// spelling of a term already there (`Élément`, `centre de donnees`,
/// `l'IA`) made a second entry. It is refused now, naming the real
/// entry, and the file is left as it was.
#[test]
fn issue_11_lsp_add_same_term_twice_is_one_entry_named_by_its_real_id() {
    let env = env();
    let mut c = Client::start(&env);
    init(&mut c, json!(["utf-16"]));
    let add = |c: &mut Client, fr: &str| {
        c.request(
            "workspace/executeCommand",
            json!({"command": "glossa.addTerm",
                   "arguments": [{"fr": fr, "en": "item"}]}),
        )
        .0
    };
    let before: Value =
        serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    let n = before.as_array().unwrap().len();
    for (i, (first, again)) in [
        ("Élément", "élément"),
        ("centre de données", "centre de donnees"),
        ("l’IA", "l'IA"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("c{}", n + i + 1);
        let r = add(&mut c, first);
        assert_eq!(r["result"]["id"], id, "{r}");
        let file = std::fs::read(env.glossary_file()).unwrap();
        let r = add(&mut c, again);
        let msg = r["error"]["message"].as_str().unwrap_or_default();
        assert_eq!(
            msg,
            format!("already in the glossary as entry {id}"),
            "{r}"
        );
        assert_eq!(std::fs::read(env.glossary_file()).unwrap(), file);
    }
    let after: Value =
        serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    assert_eq!(after.as_array().unwrap().len(), n + 3);
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), Some(0));
}

#[test]
fn issue_13_translate_code_action_on_an_unknown_french_term() {
    let env = env();
    let mut c = Client::start(&env);
    init(&mut c, json!(["utf-8"]));
    let uri = "file:///tmp/brouillon.fr.txt";
    let text = "Les puces et l’énergie éolienne progressent.";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let _ = c.diagnostics();
    let range = |word: &str| {
        let s = text.find(word).unwrap();
        json!({"start": {"line": 0, "character": s},
               "end": {"line": 0, "character": s + word.len()}})
    };
    let actions = |c: &mut Client, word: &str| -> Vec<Value> {
        let (r, _) = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range(word),
                   "context": {"diagnostics": []}}),
        );
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["title"].as_str().unwrap().starts_with("Translate:"))
            .cloned()
            .collect()
    };
    // Unknown to the glossary: candidates from the lexicon, English order.
    let t = actions(&mut c, "énergie éolienne");
    assert!(!t.is_empty() && t.len() <= 3, "{t:?}");
    assert_eq!(
        t[0]["title"].as_str().unwrap().split(" (").next().unwrap(),
        "Translate: add “énergie éolienne” → “wind energy” to the glossary"
    );
    let arg = &t[0]["command"]["arguments"][0];
    assert_eq!(arg, &json!({"fr": "énergie éolienne", "en": "wind energy"}));
    // A term the glossary knows gets no translation.
    assert!(actions(&mut c, "puces").is_empty());
    // Accepting a candidate adds the pair; then the term is known.
    let (r, _) = c.request(
        "workspace/executeCommand",
        json!({"command": "glossa.addTerm", "arguments": [arg]}),
    );
    assert_eq!(r["result"]["id"], "c3", "{r}");
    assert!(actions(&mut c, "énergie éolienne").is_empty());
    let out = env.ok(&["lookup", "énergie éolienne"]);
    assert!(out.contains("wind energy"), "{out}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), Some(0));
}
