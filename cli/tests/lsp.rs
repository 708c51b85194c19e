//! The language server as an editor talks to it: `kimon lsp` is spawned,
//! speaks JSON-RPC over stdin/stdout, and every feature is asked once on a
//! copy of the core rulebook whose open buffer (not the file on disk) has
//! a misspelt group in a line with an umlaut before it.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const KIMON: &str = env!("CARGO_BIN_EXE_kimon");

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications received while waiting for a response.
    notes: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(KIMON)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn kimon lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Client { child, stdin, stdout, next_id: 1, notes: Vec::new() }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            assert!(self.stdout.read_line(&mut line).unwrap() > 0, "server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                len = n.parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.read();
            if msg.get("id") == Some(&json!(id)) {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.notes.push(msg);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let pos = self
                .notes
                .iter()
                .position(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri);
            if let Some(i) = pos {
                let n = self.notes.remove(i);
                return n["params"]["diagnostics"].as_array().unwrap().clone();
            }
            let msg = self.read();
            self.notes.push(msg);
        }
    }
}

/// A private copy of the core rulebook and its data.
fn workspace(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rulebooks");
    let dir = std::env::temp_dir().join(format!("kimon-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("kern")).unwrap();
    std::fs::copy(root.join("kern.kimon"), dir.join("kern.kimon")).unwrap();
    for e in std::fs::read_dir(root.join("kern")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.join("kern").join(p.file_name().unwrap())).unwrap();
        }
    }
    dir.canonicalize().unwrap()
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Line and UTF-16 column of the `nth` occurrence of `needle`.
fn pos(text: &str, needle: &str, nth: usize) -> Value {
    let at = text.match_indices(needle).nth(nth).expect(needle).0;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

fn at(uri: &str, p: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": p})
}

#[test]
fn an_editor_session_on_the_core_rulebook() {
    let dir = workspace("session");
    let file = dir.join("kern.kimon");
    let good = std::fs::read_to_string(&file).unwrap();
    let uri = uri_of(&file);
    // The buffer differs from the file on disk: only the buffer has the error.
    let bad = good.replace(
        "group any \"mit Migrationshintergrund\" en \"with migration background\" = own + parents",
        "group any \"mit Migrationshintergründen\" en \"with migration background\" = own + parnets",
    );
    assert_ne!(bad, good);

    let mut c = Client::start();
    let caps = c.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentFormattingProvider",
        "codeActionProvider",
    ] {
        assert_eq!(caps["capabilities"][cap], json!(true), "{cap}");
    }
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "kimon", "version": 1, "text": bad}}),
    );

    // Diagnostics: one error, at the misspelt name, in UTF-16 columns
    // (the `ü` before it is two bytes but one unit).
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    let start = pos(&bad, "parnets", 0);
    assert_eq!(start, json!({"line": 70, "character": 81}));
    assert_eq!(d["range"]["start"], start);
    assert_eq!(d["range"]["end"], json!({"line": 70, "character": 88}));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["code"], "kimon::unknown-name");
    let message = d["message"].as_str().unwrap();
    assert!(message.starts_with("`parnets` is not a declared group of dimension `mh`"), "{message}");
    assert!(message.contains("did you mean `parents`?"), "{message}");

    // Code action: the did-you-mean fix.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let action = &actions[0];
    assert_eq!(action["title"], "Ersetzen durch `parents`");
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "parents");
    assert_eq!(edit["range"], d["range"]);

    // Definition of `own` in that line: its group declaration two lines up.
    let own_use = pos(&bad, "own + parnets", 0);
    let defs = c.request("textDocument/definition", at(&uri, own_use));
    assert_eq!(defs.as_array().unwrap().len(), 1, "{defs}");
    assert_eq!(defs[0]["uri"], uri);
    let own_def = pos(&bad, "own \"mit eigener", 0);
    assert_eq!(defs[0]["range"]["start"], own_def);

    // References of the source `register`: its declaration and every use.
    let reg = pos(&bad, "register \"Melderegister\"", 0);
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": reg, "context": {"includeDeclaration": true}}),
    );
    let uses = bad.matches("count(register").count() + bad.matches("sum(register").count();
    assert!(uses >= 10, "{uses}");
    assert_eq!(refs.as_array().unwrap().len(), uses + 1, "{refs}");
    assert!(refs.as_array().unwrap().iter().any(|r| r["range"]["start"] == reg));

    // Fix the buffer as the code action says: the diagnostics clear
    // (the data headers are checked too, and are fine).
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": good}]}),
    );
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());

    // The data files' headers are checked as `kimon check` does: a year
    // column the file lacks, shown at the source; its hint names the
    // column, not the source, so it offers no quick fix.
    let no_year = good.replace("year_column jahr\n", "year_column jahrx\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": no_year}]}),
    );
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "kimon::missing-column");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.contains("column `jahrx` is not in `") && message.contains("schule.csv`"), "{message}");
    assert_eq!(diags[0]["range"]["start"], pos(&no_year, "schule \"Schulstatistik", 0));
    assert_eq!(diags[0]["data"], Value::Null);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": good}]}),
    );
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());

    // Hover on an indicator: `kimon explain`.
    let hover = c.request("textDocument/hover", at(&uri, pos(&good, "einbuergerung \"", 0)));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Einbürgerungsquote (einbuergerung)"), "{text}");
    assert!(text.contains("Zähler: count(register where naturalised == 1)"), "{text}");
    // Hover on a dimension: its title and groups; on a keyword: its line.
    let hover = c.request("textDocument/hover", at(&uri, pos(&good, "mh\n", 0)));
    let h = hover["contents"]["value"].as_str().unwrap();
    assert!(h.contains("**Merkmal** `mh` „Migrationshintergrund“") && h.contains("- `parents`"), "{h}");
    let hover = c.request("textDocument/hover", at(&uri, pos(&good, "numerator", 0)));
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("`numerator` — Zähler"), "{hover}");
    // Hover on a column: the codes found in the data.
    let hover = c.request("textDocument/hover", at(&uri, pos(&good, "citizenship != \"DE\"", 0)));
    let h = hover["contents"]["value"].as_str().unwrap();
    assert!(h.contains("**Datenspalte** `citizenship`") && h.contains("`\"DE\"`"), "{h}");

    // Completion: inside a string the codes of the data; elsewhere
    // keywords, declared names and column names.
    let in_string = pos(&good, "DE\")\n  denominator count(register)", 0);
    let items = c.request("textDocument/completion", at(&uri, in_string));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"DE") && labels.contains(&"permanent"), "{labels:?}");
    assert!(!labels.contains(&"indicator"), "{labels:?}");
    let line_start = pos(&good, "indicator einbuergerung", 0);
    let items = c.request("textDocument/completion", at(&uri, line_start));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    for want in [
        "indicator",
        "numerator",
        "staatsangehoerigkeit",
        "register",
        "einbuergerung",
        "citizenship",
        "\"DE\"",
    ] {
        assert!(labels.contains(&want), "{want} missing from {labels:?}");
    }

    // Formatting: the buffer in `kimon fmt`'s layout.
    let messy = good.replacen("  field recht\n", "      field    recht\n", 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": messy}]}),
    );
    c.diagnostics(&uri);
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits.as_array().unwrap().len(), 1, "{edits}");
    assert_eq!(edits[0]["newText"].as_str().unwrap(), good);
    assert_eq!(edits[0]["range"]["start"], json!({"line": 0, "character": 0}));

    // The file on disk was never touched.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), good);
    shutdown(c);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Garbage in the buffer never ends the session: every request at every
/// kind of position still gets an answer.
#[test]
fn garbage_never_ends_the_session() {
    let dir = workspace("garbage");
    let file = dir.join("kern.kimon");
    let uri = uri_of(&file);
    let mut c = Client::start();
    c.request("initialize", json!({"processId": null, "capabilities": {}}));
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "kimon", "version": 1, "text": ""}}),
    );
    c.diagnostics(&uri);
    let garbage = [
        "rulebook \"ä\" { years 2024..2019 } indicator x { by by by }".to_string(),
        "{{{{\"\"\"}}}} 😀 „Einbürgerung“ \u{202e} \0 \t".to_string(),
        "(".repeat(5000),
        "indicator é \"".to_string(),
        "source s { file \"../../../../etc/passwd\" }\nindicator i { numerator count(s where x == \""
            .to_string(),
        std::iter::repeat_n("let a = b\n", 300).collect(),
    ];
    for (v, text) in garbage.iter().enumerate() {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v + 2}, "contentChanges": [{"text": text}]}),
        );
        c.diagnostics(&uri);
        for p in [
            json!({"line": 0, "character": 0}),
            json!({"line": 0, "character": 9}),
            json!({"line": 0, "character": 1000}),
            json!({"line": 500, "character": 3}),
        ] {
            c.request("textDocument/hover", at(&uri, p.clone()));
            c.request("textDocument/definition", at(&uri, p.clone()));
            c.request("textDocument/completion", at(&uri, p.clone()));
            c.request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": p, "context": {"includeDeclaration": false}}));
        }
        c.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        );
    }
    // A document not opened and malformed parameters: answers, no crash.
    let other = uri_of(&dir.join("nicht-da.kimon"));
    assert_eq!(c.request("textDocument/hover", at(&other, json!({"line": 0, "character": 0}))), Value::Null);
    c.send(json!({"jsonrpc": "2.0", "id": 999, "method": "textDocument/hover", "params": {"nonsense": 1}}));
    loop {
        let msg = c.read();
        if msg["id"] == 999 {
            assert!(msg["error"]["message"].is_string(), "{msg}");
            break;
        }
    }
    shutdown(c);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Definitions and references reach into the rulebook a local one
/// `extends`: the core's indicator, dimension and groups.
#[test]
fn definitions_across_extends() {
    let dir = workspace("extends");
    let local = dir.join("stadt.kimon");
    let text = "rulebook \"Prüfstadt\" {\n  municipality \"Prüfstadt\"\n  extends \"kern.kimon\"\n}\n\n\
                override indicator einbuergerung {\n  by staatsangehoerigkeit\n  target gap(foreign, german) <= 3 pp by 2030\n}\n";
    std::fs::write(&local, text).unwrap();
    let uri = uri_of(&local);
    let core = uri_of(&dir.join("kern.kimon"));
    let core_text = std::fs::read_to_string(dir.join("kern.kimon")).unwrap();
    let mut c = Client::start();
    c.request("initialize", json!({"processId": null, "capabilities": {}}));
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "kimon", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(&uri);
    assert!(diags.iter().all(|d| d["severity"] != 1), "{diags:#?}");

    let defs = c.request("textDocument/definition", at(&uri, pos(text, "einbuergerung", 0)));
    assert_eq!(defs[0]["uri"], core, "{defs}");
    assert_eq!(defs[0]["range"]["start"], pos(&core_text, "einbuergerung \"", 0));
    let defs = c.request("textDocument/definition", at(&uri, pos(text, "staatsangehoerigkeit", 0)));
    assert_eq!(defs[0]["uri"], core, "{defs}");
    assert_eq!(defs[0]["range"]["start"], pos(&core_text, "staatsangehoerigkeit \"", 0));
    let defs = c.request("textDocument/definition", at(&uri, pos(text, "foreign", 0)));
    assert_eq!(defs[0]["range"]["start"], pos(&core_text, "foreign \"Ausl", 0), "{defs}");

    // The core's `german` group: declared and used in the core, used here.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(text, "german", 0), "context": {"includeDeclaration": false}}),
    );
    let refs = refs.as_array().unwrap();
    assert!(refs.iter().any(|r| r["uri"] == uri), "{refs:?}");
    assert!(refs.iter().any(|r| r["uri"] == core), "{refs:?}");
    // Hover on the overridden indicator: the explanation with the override applied.
    let hover = c.request("textDocument/hover", at(&uri, pos(text, "einbuergerung", 0)));
    let h = hover["contents"]["value"].as_str().unwrap();
    assert!(h.contains("Einbürgerungsquote (einbuergerung)"), "{h}");
    shutdown(c);
    let _ = std::fs::remove_dir_all(&dir);
}

fn shutdown(mut c: Client) {
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    c.notify("exit", Value::Null);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = c.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            return;
        }
        assert!(Instant::now() < deadline, "kimon lsp did not exit after `exit`");
        std::thread::sleep(Duration::from_millis(20));
    }
}
