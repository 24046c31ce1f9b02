//! `skalint lsp` at the protocol level: an in-memory client (lsp-server's `Connection::memory`)
//! drives the server as an editor would, and the stdio binary is fed bad bytes.
//!
//! The expectations come from `fixtures/reports/expected.toml`, written independently of the
//! engine, so that these tests fail if the server reports something else than `check` would.

mod common;

use common::expected_missing;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

const BRISTER: &str = "fixtures/reports/grundskola-brister.md";

struct Client {
    conn: Connection,
    server: Option<thread::JoinHandle<bool>>,
    next_id: i32,
    /// Notifications seen while waiting for something else.
    seen: Vec<Notification>,
}

impl Client {
    fn start(options: Value) -> Client {
        Client::start_with(json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {},
            "initializationOptions": options,
        }))
    }

    fn start_with(params: Value) -> Client {
        let (server, conn) = Connection::memory();
        let handle = thread::spawn(move || skalint::lsp::run(&server));
        let mut c = Client {
            conn,
            server: Some(handle),
            next_id: 0,
            seen: Vec::new(),
        };
        let init = c.request("initialize", params);
        assert!(init.get("capabilities").is_some(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers")
    }

    /// Sends a request and returns its response, keeping notifications that come first.
    fn respond(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.seen.push(n),
                _ => {}
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        match self.respond(method, params).response_result {
            Ok(v) => v,
            Err(e) => panic!("{method}: {e:?}"),
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.seen.iter().position(|n| is_publish_for(n, uri)) {
            let n = self.seen.remove(i);
            return n.params["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            match self.recv() {
                Message::Notification(n) if is_publish_for(&n, uri) => {
                    return n.params["diagnostics"].as_array().unwrap().clone();
                }
                Message::Notification(n) => self.seen.push(n),
                _ => {}
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// The code actions for finding `d`, and among them the one that inserts its skeleton.
    fn actions_for(&mut self, uri: &str, d: &Value) -> (Vec<Value>, Option<Value>) {
        let actions = self.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        let actions = actions.as_array().unwrap().clone();
        // Many parts can be missing at one place (the title); each action names its finding.
        let insert = actions
            .iter()
            .find(|a| {
                a["title"].as_str().unwrap().starts_with("Infoga")
                    && a["diagnostics"][0]["code"] == d["code"]
            })
            .cloned();
        (actions, insert)
    }

    fn shutdown(mut self) -> bool {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn is_publish_for(n: &Notification, uri: &str) -> bool {
    n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
}

fn uri_of(path: &Path) -> String {
    skalint::lsp::path_to_uri(&std::fs::canonicalize(path).unwrap())
}

fn codes(diags: &[Value]) -> BTreeSet<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn requirements(diags: &[Value]) -> BTreeSet<String> {
    diags
        .iter()
        .filter_map(|d| d["data"]["requirement"].as_str())
        .map(String::from)
        .collect()
}

/// The zero-based line of the first line equal to `line`.
fn line_of(text: &str, line: &str) -> u64 {
    text.lines().position(|l| l == line).unwrap() as u64
}

fn fast() -> Value {
    json!({ "debounceMs": 0 })
}

#[test]
fn diagnostics_on_open_are_the_checks_findings() {
    let text = std::fs::read_to_string(BRISTER).unwrap();
    let uri = uri_of(Path::new(BRISTER));
    let mut c = Client::start(fast());
    let diags = c.open(&uri, "markdown", &text);
    assert_eq!(
        requirements(&diags),
        expected_missing("grundskola-brister.md")
    );
    let analys = diags.iter().find(|d| d["code"] == "SKA103").unwrap();
    assert_eq!(analys["severity"], 1, "a ska-demand is an error");
    assert_eq!(analys["source"], "skalint");
    assert!(
        analys["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    // Missing analysis sits at the "## Analys" heading, where the part was expected.
    let line = line_of(&text, "## Analys");
    assert_eq!(analys["range"]["start"]["line"], line);
    assert_eq!(analys["range"]["start"]["character"], 3);
    assert_eq!(analys["range"]["end"]["character"], 9);
    assert!(
        analys["message"]
            .as_str()
            .unwrap()
            .contains("analyseras inte")
    );
    // Advice (bör) is a warning.
    let research = diags.iter().find(|d| d["code"] == "SKA121").unwrap();
    assert_eq!(research["severity"], 2);
    assert!(c.shutdown(), "a clean shutdown");
}

#[test]
fn secondary_labels_become_related_information() {
    // SKA119 (samband) builds on the missing analysis and points at it.
    let text = std::fs::read_to_string(BRISTER).unwrap();
    let uri = uri_of(Path::new(BRISTER));
    let mut c = Client::start(fast());
    let diags = c.open(&uri, "markdown", &text);
    let related: Vec<&Value> = diags
        .iter()
        .filter_map(|d| d["relatedInformation"].as_array())
        .flatten()
        .collect();
    assert!(!related.is_empty(), "{diags:#?}");
    for r in related {
        assert_eq!(r["location"]["uri"], uri.as_str());
        assert!(!r["message"].as_str().unwrap().is_empty());
        let line = r["location"]["range"]["start"]["line"].as_u64().unwrap();
        assert!(line < text.lines().count() as u64);
    }
}

#[test]
fn an_incremental_change_re_checks_the_document() {
    let text = std::fs::read_to_string(BRISTER).unwrap();
    let uri = uri_of(Path::new(BRISTER));
    let mut c = Client::start(fast());
    assert!(codes(&c.open(&uri, "markdown", &text)).contains("SKA103"));
    // Write a causal analysis under "## Analys" (two lines below the heading).
    let line = line_of(&text, "## Analys") + 1;
    let sentence = "\nDen lägre måluppfyllelsen i matematik beror främst på att eleverna i åk 8 har haft tre olika lärare under läsåret. Att frånvaron ökade förklaras av att fler elever upplever otrygghet på rasterna.\n";
    c.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } }, "text": sentence }]),
    );
    let after = c.diagnostics(&uri);
    assert!(!codes(&after).contains("SKA103"), "{:?}", codes(&after));
    assert!(codes(&after).contains("SKA108"), "the other gaps stay");
}

#[test]
fn a_burst_of_changes_is_checked_once() {
    let text = std::fs::read_to_string(BRISTER).unwrap();
    let uri = uri_of(Path::new(BRISTER));
    let mut c = Client::start(json!({ "debounceMs": 300 }));
    c.open(&uri, "markdown", &text);
    for (i, ch) in "Hej!".chars().enumerate() {
        c.change(
            &uri,
            2 + i as i32,
            json!([{ "range": { "start": { "line": 0, "character": i }, "end": { "line": 0, "character": i } }, "text": ch.to_string() }]),
        );
    }
    let start = std::time::Instant::now();
    c.diagnostics(&uri);
    // Nothing else is published for this document in the quiet period that follows.
    thread::sleep(Duration::from_millis(600));
    let extra = c
        .conn
        .receiver
        .try_iter()
        .filter(|m| matches!(m, Message::Notification(n) if is_publish_for(n, &uri)))
        .count();
    assert_eq!(extra, 0, "four keystrokes give one re-check");
    assert!(start.elapsed() >= Duration::from_millis(0));
}

#[test]
fn hover_explains_the_flagged_requirement_and_headings() {
    let text = std::fs::read_to_string(BRISTER).unwrap();
    let uri = uri_of(Path::new(BRISTER));
    let mut c = Client::start(fast());
    c.open(&uri, "markdown", &text);
    let line = line_of(&text, "## Analys");
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 5 } }),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("Analys av orsaker: saknas"), "{value}");
    assert!(value.contains("Så rättar du"));
    assert!(value.contains("riksdagen.se"), "links the law");
    assert_eq!(hover["range"]["start"]["line"], line);

    // Some heading of the report is where a requirement that is met was looked for.
    let mut fulfilled = 0;
    for (i, l) in text.lines().enumerate().filter(|(_, l)| l.starts_with('#')) {
        let h = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": i, "character": 3 } }),
        );
        if h["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains(": uppfyllt"))
        {
            fulfilled += 1;
        }
        assert!(!l.is_empty());
    }
    assert!(fulfilled > 0);

    // A plain line of text without a finding has nothing to explain.
    let plain = text
        .lines()
        .position(|l| l.starts_with("Meritvärdet sjönk"))
        .unwrap();
    let none = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": plain, "character": 2 } }),
    );
    assert_eq!(none, Value::Null);
}

/// Applies a code action's edits (all on one document) to the text.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let edits = action["edit"]["changes"][uri].as_array().unwrap();
    let lines: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start = lines.get(line).copied().unwrap_or(text.len());
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut out = text.to_string();
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (s, e, t) in edits {
        out.replace_range(s..e, t);
    }
    out
}

#[test]
fn code_actions_insert_the_skeleton_or_switch_the_rule_off() {
    let text = std::fs::read_to_string(BRISTER).unwrap();
    let uri = uri_of(Path::new(BRISTER));
    let mut c = Client::start(fast());
    let diags = c.open(&uri, "markdown", &text);
    let analys = diags
        .iter()
        .find(|d| d["code"] == "SKA103")
        .unwrap()
        .clone();
    let (actions, insert) = c.actions_for(&uri, &analys);
    let insert = &insert.unwrap();
    let disable = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("Stäng av SKA103"))
        .unwrap();
    assert_eq!(insert["kind"], "quickfix");

    // The guide goes right under the existing "## Analys" heading, as a quote.
    let with_guide = apply(&text, insert, &uri);
    let line = line_of(&with_guide, "## Analys") as usize;
    let lines: Vec<&str> = with_guide.lines().collect();
    assert_eq!(lines[line + 1], "");
    assert!(lines[line + 2].starts_with("> "), "{}", lines[line + 2]);
    assert!(lines[line + 2].contains("orsak"));
    // A guide is no analysis: the finding stays until the writer writes it.
    c.change(&uri, 2, json!([{ "text": with_guide }]));
    assert!(codes(&c.diagnostics(&uri)).contains("SKA103"));

    // Switched off in the front matter, only SKA103 goes.
    let before = codes(&diags);
    let off = apply(&text, disable, &uri);
    assert!(off.starts_with("---\nskalint-disable: [SKA103]\n---\n"));
    c.change(&uri, 3, json!([{ "text": off }]));
    let after = codes(&c.diagnostics(&uri));
    // Findings that built on the analysis ("dependent") go with it, as with --disable.
    let dependent: BTreeSet<String> = diags
        .iter()
        .filter(|d| d["data"]["kind"] == "dependent")
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(dependent.contains("SKA119"), "{dependent:?}");
    let expected: BTreeSet<String> = before
        .into_iter()
        .filter(|c| c != "SKA103" && !dependent.contains(c))
        .collect();
    assert_eq!(after, expected);
    assert!(!expected.is_empty());
}

#[test]
fn a_missing_part_without_its_heading_gets_a_new_section() {
    // No heading for vårdnadshavare in this short report: the section is added.
    let text = "# Kvalitetsrapport för Björkskolan, grundskola, läsåret 2025/26\n\n## Resultat\n\nMeritvärdet steg.\n\n## Analys\n\nResultatet beror på att eleverna fick mer stöd.\n";
    let uri = "file:///tmp/skalint-lsp-test/kort.md";
    let mut c = Client::start(fast());
    let diags = c.open(uri, "markdown", text);
    let d = diags
        .iter()
        .find(|d| d["data"]["requirement"] == "delaktighet-vardnadshavare")
        .unwrap_or_else(|| panic!("{diags:#?}"))
        .clone();
    let insert = &c.actions_for(uri, &d).1.unwrap();
    let out = apply(text, insert, uri);
    let heading = out
        .lines()
        .find(|l| l.starts_with("## ") && l.contains("årdnadshavar"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(heading.starts_with("## "));
    assert!(
        out.starts_with(text.trim_end()),
        "inserted after what was there"
    );
}

#[test]
fn bad_and_unexpected_messages_get_errors_and_the_server_goes_on() {
    let (server, conn) = Connection::memory();
    let handle = thread::spawn(move || skalint::lsp::run(&server));
    let send = |m: Message| conn.sender.send(m).unwrap();
    let recv = || conn.receiver.recv_timeout(Duration::from_secs(10)).unwrap();
    let error_code = |m: Message| match m {
        Message::Response(r) => r.response_result.unwrap_err().code,
        m => panic!("{m:?}"),
    };
    // Before initialize: ServerNotInitialized (-32002).
    send(Message::Request(Request::new(
        1.into(),
        "textDocument/hover".into(),
        json!({}),
    )));
    assert_eq!(error_code(recv()), -32002);
    send(Message::Request(Request::new(
        2.into(),
        "initialize".into(),
        json!({ "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } }, "processId": null, "rootUri": null }),
    )));
    match recv() {
        Message::Response(r) => {
            assert_eq!(
                r.response_result.unwrap()["capabilities"]["positionEncoding"],
                "utf-8"
            );
        }
        m => panic!("{m:?}"),
    }
    // Unknown methods, bad params, and notifications with nonsense are survived.
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "oops": 1 }),
    )));
    send(Message::Notification(Notification::new(
        "$/unknown".into(),
        json!(null),
    )));
    send(Message::Request(Request::new(
        3.into(),
        "workspace/symbol".into(),
        json!({ "query": "x" }),
    )));
    assert_eq!(error_code(recv()), -32601);
    send(Message::Request(Request::new(
        4.into(),
        "textDocument/hover".into(),
        json!({ "textDocument": 5 }),
    )));
    assert_eq!(error_code(recv()), -32602);
    // Hover on a document that was never opened is empty, not an error.
    send(Message::Request(Request::new(
        5.into(),
        "textDocument/hover".into(),
        json!({ "textDocument": { "uri": "file:///nope.md" }, "position": { "line": 0, "character": 0 } }),
    )));
    match recv() {
        Message::Response(r) => assert_eq!(r.response_result.unwrap(), Value::Null),
        m => panic!("{m:?}"),
    }
    // Still checking: UTF-8 columns after Swedish letters.
    let text =
        "# Rapport för Åkerö förskola\n\nVårdnadshavarna har inte haft möjlighet att delta.\n";
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": "file:///tmp/a.md", "languageId": "markdown", "version": 1, "text": text } }),
    )));
    let diags = loop {
        if let Message::Notification(n) = recv() {
            break n.params["diagnostics"].as_array().unwrap().clone();
        }
    };
    let admitted = diags
        .iter()
        .find(|d| d["data"]["requirement"] == "delaktighet-vardnadshavare")
        .unwrap();
    assert_eq!(admitted["range"]["start"]["line"], 2);
    // The sentence ends after "delta." (51 bytes: two letters of two bytes each).
    let line = text.lines().nth(2).unwrap();
    assert_eq!(admitted["range"]["end"]["character"], line.len() as u64);
    send(Message::Request(Request::new(
        6.into(),
        "shutdown".into(),
        json!(null),
    )));
    recv();
    // After shutdown only exit is accepted.
    send(Message::Request(Request::new(
        7.into(),
        "textDocument/hover".into(),
        json!({}),
    )));
    assert_eq!(error_code(recv()), -32600);
    send(Message::Notification(Notification::new(
        "exit".into(),
        json!(null),
    )));
    assert!(handle.join().unwrap());
}

#[test]
fn the_workspace_config_is_honoured_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir(root.join("rapporter")).unwrap();
    let report = root.join("rapporter/enhet.md");
    std::fs::copy(BRISTER, &report).unwrap();
    let config = root.join("skalint.toml");
    std::fs::write(&config, "disable = [\"vetenskaplig-grund\"]\n").unwrap();
    let uri = skalint::lsp::path_to_uri(&report);
    let text = std::fs::read_to_string(&report).unwrap();
    let mut c = Client::start_with(json!({
        "processId": null,
        "rootUri": skalint::lsp::path_to_uri(&root),
        "capabilities": {},
        "initializationOptions": fast(),
    }));
    let diags = c.open(&uri, "markdown", &text);
    assert!(
        !codes(&diags).contains("SKA121"),
        "switched off by the config"
    );
    assert!(codes(&diags).contains("SKA103"));

    // The förvaltning re-levels the research rule to an error; the editor reports the change.
    std::fs::write(&config, "[severity]\nvetenskaplig-grund = \"error\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": skalint::lsp::path_to_uri(&config), "type": 2 }] }),
    );
    let diags = c.diagnostics(&uri);
    let research = diags.iter().find(|d| d["code"] == "SKA121").unwrap();
    assert_eq!(research["severity"], 1);

    // A broken config is reported on the config file, and the built-in rules still check.
    std::fs::write(&config, "[severity]\nvetenskaplig-grund = \"allvarligt\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": skalint::lsp::path_to_uri(&config), "type": 2 }] }),
    );
    let on_config = c.diagnostics(&skalint::lsp::path_to_uri(&config));
    assert_eq!(on_config[0]["range"]["start"]["line"], 1, "{on_config:#?}");
    let diags = c.diagnostics(&uri);
    assert!(codes(&diags).contains("SKA121"));
    assert!(
        c.seen.iter().any(|n| n.method == "window/showMessage"),
        "the user is told"
    );
}

#[test]
fn plain_text_reports_are_checked_as_text() {
    let path = Path::new("fixtures/reports/komvux-brister.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut c = Client::start(fast());
    let diags = c.open(&uri_of(path), "plaintext", &text);
    assert_eq!(requirements(&diags), expected_missing("komvux-brister.txt"));
}

#[test]
fn an_inserted_guide_is_no_evidence_in_plain_text_either() {
    // In a .txt report the guide is written as `>` lines, which are quotes there too.
    let text = "KVALITETSRAPPORT FÖR BJÖRKSKOLAN, GRUNDSKOLA, LÄSÅRET 2025/26\n\nResultat\n\nMeritvärdet steg från 210 till 218 poäng.\n\nAnalys\n\nSe tabellen ovan.\n";
    let uri = "file:///tmp/skalint-lsp-test/rapport.txt";
    let mut c = Client::start(fast());
    let diags = c.open(uri, "plaintext", text);
    let missing: Vec<Value> = diags
        .iter()
        .filter(|d| d["data"]["kind"] == "missing")
        .cloned()
        .collect();
    assert!(codes(&missing).contains("SKA103"), "{:?}", codes(&missing));
    let mut with_guides = text.to_string();
    let mut current = diags;
    for code in codes(&missing) {
        // Positions move with every insertion: each finding is taken from the latest check.
        let d = current
            .iter()
            .find(|d| d["code"] == code.as_str())
            .unwrap()
            .clone();
        let insert = c
            .actions_for(uri, &d)
            .1
            .unwrap_or_else(|| panic!("no skeleton for {code}"));
        let edited = apply(&with_guides, &insert, uri);
        assert!(edited.contains("\n> "), "the guide is a quote");
        with_guides = edited;
        c.change(uri, 2, json!([{ "text": with_guides }]));
        current = c.diagnostics(uri);
    }
    // Every guide in, nothing written: every part is still missing.
    c.change(uri, 3, json!([{ "text": with_guides }]));
    let after = codes(&c.diagnostics(uri));
    assert!(codes(&missing).is_subset(&after), "{after:?}");
}

/// The stdio binary: bytes that are not a message are skipped, and the session goes on.
#[test]
fn the_stdio_server_survives_garbage() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skalint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let frame = |json: &str| format!("Content-Length: {}\r\n\r\n{json}", json.len());
    let mut bytes = String::from("this is not a header\r\n\r\n");
    bytes += &frame("{\"jsonrpc\":\"2.0\",\"id\":1,");
    bytes += &frame(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"processId":null,"rootUri":null}}"#,
    );
    bytes += &frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    bytes += &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    input.write_all(bytes.as_bytes()).unwrap();
    drop(input);
    let status = child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        out.contains("\"id\":1") && out.contains("capabilities"),
        "{out}"
    );
    assert!(out.contains("\"id\":2"), "{out}");
    assert!(status.success(), "exit after shutdown is status 0");
    assert!(err.contains("hoppades över"), "{err}");
    assert!(!err.contains("jsonrpc"), "what was skipped is not logged");
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skalint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let json = r#"{"jsonrpc":"2.0","method":"exit"}"#;
    let mut input = child.stdin.take().unwrap();
    write!(input, "Content-Length: {}\r\n\r\n{json}", json.len()).unwrap();
    drop(input);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// A long check of one document does not hold up the answers about another: checks run off
/// the message loop.
#[test]
fn a_long_check_does_not_hold_up_other_documents() {
    let mut c = Client::start(fast());
    let small = "file:///tmp/skalint-liten.md";
    c.open(
        small,
        "markdown",
        "# Rapport\n\nEleverna har läst mycket.\n",
    );
    // Prose on one line, long enough that checking it takes far longer than a hover.
    let big = "file:///tmp/skalint-stor.txt";
    let text = "Eleverna i årskurs 5 har arbetat med läsning under hösten. ".repeat(10_000);
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": big, "languageId": "plaintext", "version": 1, "text": text } }),
    );
    let hover = c.respond(
        "textDocument/hover",
        json!({ "textDocument": { "uri": small }, "position": { "line": 0, "character": 3 } }),
    );
    assert!(hover.response_result.is_ok(), "{hover:?}");
    assert!(
        !c.seen.iter().any(|n| is_publish_for(n, big)),
        "the hover was answered only after the long check"
    );
    assert!(!c.diagnostics(big).is_empty());
    assert!(c.shutdown());
}

/// Deeply nested Markdown (lists, quotes) is checked like any text; the server goes on.
#[test]
fn deeply_nested_markdown_does_not_stop_the_server() {
    let mut c = Client::start(fast());
    for (i, text) in [
        common::hostile::markdown_list(common::hostile::DEPTH),
        common::hostile::markdown_quote(common::hostile::DEPTH),
    ]
    .iter()
    .enumerate()
    {
        let uri = format!("file:///tmp/skalint-djup-{i}.md");
        c.open(&uri, "markdown", text);
    }
    assert!(c.shutdown());
}
