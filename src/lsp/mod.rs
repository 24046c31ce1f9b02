//! `skalint lsp`: a language server for Markdown and plain-text reports.
//!
//! The server runs the same pipeline as `check` (document → profile → check, through
//! [`Setup::configured`]) on the editor's buffer and publishes the findings as LSP diagnostics;
//! it only converts them, never detects. One loop receives messages (lsp-server); a change
//! schedules a re-check after a short quiet period (debounce) instead of checking on every
//! keystroke, and checks run on a worker thread ([`worker`]), so that a long document being
//! checked never keeps the loop from answering about the others. A result for a text that has
//! changed since is dropped. Hover and code actions use the last check, made fresh first (on
//! the loop) if the document has changed since.

mod actions;
pub mod position;
pub mod transport;
mod worker;

use crate::check::{self, Outcome};
use crate::config;
use crate::diagnostic::{Diagnostic, FindingKind};
use crate::document::{Document, Format};
use crate::profile::{self, Profile};
use crate::report::explain;
use crate::report::summary::Cell;
use crate::review::{Additions, Setup};
use crate::rules::{RuleError, Severity};
use gen_lsp_types as lsp;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use position::{Encoding, LineIndex, SourceMap};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// The quiet period after a change before the document is re-checked.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server on `conn` until the client says `exit`. Returns whether the client asked
/// for a shutdown first (the process exit status depends on it).
pub fn run(conn: &Connection) -> bool {
    let Some(mut server) = Server::initialize(conn) else {
        return false;
    };
    server.main_loop()
}

/// One open document.
struct OpenDoc {
    text: String,
    version: i32,
    format: Format,
    path: Option<PathBuf>,
    checked: Option<Checked>,
    /// Counts the texts and setups this document has been checked with; a result from the
    /// worker is kept only if it is of the current one.
    generation: u64,
    /// The generation `checked` is of.
    checked_generation: u64,
}

/// The last check of a document, kept for hover and code actions.
pub struct Checked {
    pub document: Document,
    pub profile: Profile,
    pub outcome: Outcome,
    pub setup: Arc<Setup>,
    map: SourceMap,
    lines: LineIndex,
}

impl Checked {
    /// Checks `text` as the engine checks a file.
    pub fn new(text: &str, format: Format, setup: Arc<Setup>) -> Checked {
        let (document, _) = Document::parse(text, format);
        let profile = profile::detect_with(&document, &setup.overrides, &setup.pack.profile);
        let outcome = check::run(&document, &profile, &setup.pack, &setup.options);
        Checked {
            document,
            profile,
            outcome,
            setup,
            map: SourceMap::new(text),
            lines: LineIndex::new(text),
        }
    }

    /// A normalised span as an editor range.
    fn range(&self, text: &str, span: &std::ops::Range<usize>, enc: Encoding) -> lsp::Range {
        lsp::Range {
            start: self
                .lines
                .position(text, self.map.to_buffer(span.start), enc),
            end: self.lines.position(text, self.map.to_buffer(span.end), enc),
        }
    }

    /// An editor position as a normalised offset.
    fn offset(&self, text: &str, pos: lsp::Position, enc: Encoding) -> usize {
        self.map.to_normalised(self.lines.offset(text, pos, enc))
    }

    /// The findings as LSP diagnostics of the document at `uri`.
    pub fn diagnostics(&self, uri: &str, text: &str, enc: Encoding) -> Vec<lsp::Diagnostic> {
        let mut out: Vec<lsp::Diagnostic> = self
            .outcome
            .diagnostics
            .iter()
            .map(|d| self.to_lsp(uri, text, d, enc))
            .collect();
        for problem in profile::front_matter_problems(&self.document) {
            out.push(lsp::Diagnostic {
                range: self.range(text, &(0..0), enc),
                severity: Some(lsp::DiagnosticSeverity::Warning),
                code: Some(lsp::Code::String("front-matter".into())),
                source: Some("skalint".into()),
                message: lsp::Message::String(problem),
                ..Default::default()
            });
        }
        out
    }

    fn to_lsp(&self, uri: &str, text: &str, d: &Diagnostic, enc: Encoding) -> lsp::Diagnostic {
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .map(|l| lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: uri.into(),
                    range: self.range(text, &l.span, enc),
                },
                message: l.message.clone(),
            })
            .collect();
        lsp::Diagnostic {
            range: self.range(text, &d.span, enc),
            severity: Some(match d.severity {
                Severity::Error => lsp::DiagnosticSeverity::Error,
                Severity::Warning => lsp::DiagnosticSeverity::Warning,
                Severity::Info => lsp::DiagnosticSeverity::Information,
            }),
            code: Some(lsp::Code::String(d.rule.clone())),
            code_description: Some(lsp::CodeDescription {
                href: d.citation.url.as_str().into(),
            }),
            source: Some("skalint".into()),
            message: lsp::Message::String(format!(
                "{}\n{}.",
                d.message,
                explain::capitalized(&d.label)
            )),
            related_information: (!related.is_empty()).then_some(related),
            data: Some(json!({ "requirement": d.requirement, "kind": d.kind })),
            ..Default::default()
        }
    }
}

struct Server<'c> {
    conn: &'c Connection,
    enc: Encoding,
    debounce: Duration,
    docs: HashMap<String, OpenDoc>,
    /// Documents changed and not yet re-checked, with when to do it.
    due: HashMap<String, Instant>,
    configs: Configs,
    shut_down: bool,
    worker: worker::Worker,
}

impl<'c> Server<'c> {
    /// The initialize handshake. Requests before it get `ServerNotInitialized`, as the
    /// protocol asks; `None` if the client leaves first.
    fn initialize(conn: &'c Connection) -> Option<Server<'c>> {
        let (id, params) = loop {
            match conn.receiver.recv().ok()? {
                Message::Request(r) if r.method == "initialize" => break (r.id, r.params),
                Message::Request(r) => {
                    let _ = conn.sender.send(error(
                        r.id,
                        ErrorCode::ServerNotInitialized,
                        "skalint: servern är inte initierad än",
                    ));
                }
                Message::Notification(n) if n.method == "exit" => return None,
                _ => {}
            }
        };
        // Be lenient: a client that sends odd capabilities still gets a server.
        let init: lsp::InitializeParams =
            serde_json::from_value(params.clone()).unwrap_or_default();
        let general = init.capabilities.general.as_ref();
        let offered = general
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
        let enc = if offered {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let debounce = params
            .pointer("/initializationOptions/debounceMs")
            .and_then(Value::as_u64)
            .map_or(DEBOUNCE, Duration::from_millis);
        #[allow(deprecated)]
        let root = init
            .workspace_folders_initialize_params
            .workspace_folders
            .as_ref()
            .and_then(|f| match f {
                lsp::WorkspaceFolders::WorkspaceFolderList(list) => {
                    list.first().map(|f| f.uri.0.clone())
                }
                lsp::WorkspaceFolders::Null => None,
            })
            .or_else(|| init.root_uri.as_ref().map(|u| u.0.clone()))
            .and_then(|u: String| uri_to_path(&u));
        let result = lsp::InitializeResult {
            capabilities: lsp::ServerCapabilities {
                position_encoding: Some(enc.kind()),
                text_document_sync: Some(lsp::TextDocumentSync::Options(
                    lsp::TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(lsp::TextDocumentSyncKind::Incremental),
                        save: Some(lsp::Save::Bool(true)),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(lsp::HoverProvider::Bool(true)),
                code_action_provider: Some(lsp::CodeActionProvider::CodeActionOptions(
                    lsp::CodeActionOptions {
                        code_action_kinds: Some(vec![lsp::CodeActionKind::QuickFix]),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            server_info: Some(lsp::ServerInfo {
                name: "skalint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        let _ = conn
            .sender
            .send(Message::Response(Response::new_ok(id, result)));
        let server = Server {
            conn,
            enc,
            debounce,
            docs: HashMap::new(),
            due: HashMap::new(),
            configs: Configs::new(root),
            shut_down: false,
            worker: worker::Worker::start(),
        };
        let watch = init
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if watch {
            server.watch_configs();
        }
        Some(server)
    }

    /// Asks the client to tell us when a skalint.toml changes on disk.
    fn watch_configs(&self) {
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::Pattern(format!("**/{}", config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "skalint-config".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let _ = self.conn.sender.send(Message::Request(Request::new(
            RequestId::from("skalint-watch".to_string()),
            "client/registerCapability".into(),
            params,
        )));
    }

    fn main_loop(&mut self) -> bool {
        loop {
            let wait = self
                .due
                .values()
                .min()
                .map(|at| at.saturating_duration_since(Instant::now()));
            let timeout = match wait {
                Some(w) => crossbeam_channel::after(w),
                None => crossbeam_channel::never(),
            };
            let msg = crossbeam_channel::select! {
                recv(self.conn.receiver) -> m => match m {
                    Ok(m) => Some(m),
                    Err(_) => return self.shut_down,
                },
                recv(self.worker.done) -> d => {
                    if let Ok(done) = d {
                        self.finished(done);
                    }
                    continue;
                },
                recv(timeout) -> _ => None,
            };
            match msg {
                Some(Message::Notification(n)) if n.method == "exit" => return self.shut_down,
                Some(msg) => {
                    // A bug in a handler answers that one message with an error; the server
                    // and the other documents go on.
                    let id = match &msg {
                        Message::Request(r) => Some(r.id.clone()),
                        _ => None,
                    };
                    let handled =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(msg)));
                    if handled.is_err()
                        && let Some(id) = id
                    {
                        self.send(error(
                            id,
                            ErrorCode::InternalError,
                            "skalint: internt fel vid hanteringen av begäran",
                        ));
                    }
                }
                None => self.check_due(),
            }
        }
    }

    /// A check from the worker: kept and published if the document is still as it was sent.
    fn finished(&mut self, done: worker::Done) {
        let Some(doc) = self.docs.get_mut(&done.uri) else {
            return;
        };
        if done.generation != doc.generation {
            return;
        }
        let Some(checked) = done.checked else {
            return;
        };
        doc.checked = Some(checked);
        doc.checked_generation = done.generation;
        let version = doc.version;
        self.publish(&done.uri, Some(version), done.diagnostics);
    }

    fn handle(&mut self, msg: Message) {
        match msg {
            Message::Request(r) => self.request(r),
            Message::Notification(n) => self.notification(n),
            // Answers to our own requests (registerCapability) need nothing.
            Message::Response(_) => {}
        }
    }

    fn send(&self, msg: Message) {
        let _ = self.conn.sender.send(msg);
    }

    fn request(&mut self, r: Request) {
        if self.shut_down {
            return self.send(error(
                r.id,
                ErrorCode::InvalidRequest,
                "skalint: servern har stängts av",
            ));
        }
        let result = match r.method.as_str() {
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => parse::<lsp::HoverParams>(r.params).map(|p| {
                let p = p.text_document_position_params;
                json!(self.hover(&p.text_document.uri.0, p.position))
            }),
            "textDocument/codeAction" => parse::<lsp::CodeActionParams>(r.params)
                .map(|p| json!(self.code_actions(&p.text_document.uri.0, p.range))),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("skalint: okänd metod {}", r.method),
            )),
        };
        self.send(match result {
            Ok(v) => Message::Response(Response::new_ok(r.id, v)),
            Err((code, message)) => error(r.id, code, &message),
        });
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = parse::<lsp::DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    let language = serde_json::to_value(&d.language_id).unwrap_or_default();
                    let uri = d.uri.0;
                    let path = uri_to_path(&uri);
                    let format = format_of(language.as_str(), path.as_deref());
                    self.docs.insert(
                        uri.clone(),
                        OpenDoc {
                            text: d.text,
                            version: d.version,
                            format,
                            path,
                            checked: None,
                            generation: 0,
                            checked_generation: 0,
                        },
                    );
                    self.check_now(&uri);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = parse::<lsp::DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.text_document_identifier.uri.0;
                    let enc = self.enc;
                    if let Some(doc) = self.docs.get_mut(&uri) {
                        for change in p.content_changes {
                            apply_change(&mut doc.text, change, enc);
                        }
                        doc.version = p.text_document.version;
                        self.due.insert(uri, Instant::now() + self.debounce);
                    }
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = parse::<lsp::DidSaveTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri.0;
                    if is_config(&uri) {
                        self.configs.forget();
                        return self.recheck_all();
                    }
                    if let (Some(doc), Some(text)) = (self.docs.get_mut(&uri), p.text) {
                        doc.text = text;
                    }
                    if self.docs.contains_key(&uri) {
                        self.check_now(&uri);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = parse::<lsp::DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri.0;
                    self.docs.remove(&uri);
                    self.due.remove(&uri);
                    self.publish(&uri, None, Vec::new());
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = parse::<lsp::DidChangeWatchedFilesParams>(n.params)
                    && p.changes.iter().any(|c| is_config(&c.uri.0))
                {
                    self.configs.forget();
                    self.recheck_all();
                }
            }
            // initialized, $/cancelRequest, $/setTrace, didChangeConfiguration and the rest.
            _ => {}
        }
    }

    fn recheck_all(&mut self) {
        let uris: Vec<String> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.check_now(&uri);
        }
    }

    fn check_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in ready {
            self.check_now(&uri);
        }
    }

    /// Re-checks a document now, on this thread, if its last check is not of its current
    /// text, so that hover and code actions see the text the user sees.
    fn fresh(&mut self, uri: &str) {
        let stale = self
            .docs
            .get(uri)
            .is_some_and(|d| d.checked.is_none() || d.checked_generation != d.generation);
        if self.due.contains_key(uri) || stale {
            let Some((setup, generation)) = self.next_generation(uri) else {
                return;
            };
            let enc = self.enc;
            let Some(doc) = self.docs.get_mut(uri) else {
                return;
            };
            let checked = Checked::new(&doc.text, doc.format, setup);
            let diagnostics = checked.diagnostics(uri, &doc.text, enc);
            doc.checked = Some(checked);
            doc.checked_generation = generation;
            let version = doc.version;
            self.publish(uri, Some(version), diagnostics);
        }
    }

    /// Sends the document to the worker to be checked; the result is published when it comes
    /// back, unless the document has changed by then.
    fn check_now(&mut self, uri: &str) {
        let Some((setup, generation)) = self.next_generation(uri) else {
            return;
        };
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        self.worker.send(worker::Job {
            uri: uri.to_string(),
            generation,
            text: doc.text.clone(),
            format: doc.format,
            setup,
            enc: self.enc,
        });
    }

    /// Starts a new generation of the document: the setup to check it with (its
    /// configuration problems reported), and the generation's number.
    fn next_generation(&mut self, uri: &str) -> Option<(Arc<Setup>, u64)> {
        self.due.remove(uri);
        let path = self.docs.get(uri)?.path.clone();
        let (setup, problem) = self.configs.setup_for(path.as_deref());
        if let Some(p) = problem {
            self.config_problem(p);
        }
        let doc = self.docs.get_mut(uri)?;
        doc.generation += 1;
        Some((setup, doc.generation))
    }

    fn publish(&self, uri: &str, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
        let params = lsp::PublishDiagnosticsParams {
            uri: uri.into(),
            version,
            diagnostics,
        };
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        )));
    }

    /// A skalint.toml that does not load: its errors as diagnostics on the file itself, and a
    /// message, once per change of the file.
    fn config_problem(&self, p: ConfigProblem) {
        let uri = path_to_uri(&p.path);
        let (text, diagnostics) = match std::fs::read_to_string(&p.path) {
            Ok(text) => {
                let lines = LineIndex::new(&text);
                let spans: Vec<(usize, usize)> = miette::Diagnostic::labels(&p.error)
                    .map(|ls| ls.map(|l| (l.offset(), l.offset() + l.len())).collect())
                    .unwrap_or_default();
                let spans = if spans.is_empty() {
                    vec![(0, 0)]
                } else {
                    spans
                };
                let message = rule_error_text(&p.error);
                let diagnostics = spans
                    .into_iter()
                    .map(|(s, e)| lsp::Diagnostic {
                        range: lsp::Range {
                            start: lines.position(&text, s, self.enc),
                            end: lines.position(&text, e, self.enc),
                        },
                        severity: Some(lsp::DiagnosticSeverity::Error),
                        source: Some("skalint".into()),
                        message: lsp::Message::String(message.clone()),
                        ..Default::default()
                    })
                    .collect();
                (message, diagnostics)
            }
            Err(_) => (rule_error_text(&p.error), Vec::new()),
        };
        self.publish(&uri, None, diagnostics);
        self.send(Message::Notification(Notification::new(
            "window/showMessage".into(),
            lsp::ShowMessageParams {
                kind: lsp::MessageType::Error,
                message: format!(
                    "skalint: {} kunde inte läsas och används inte: {text}",
                    p.path.display()
                ),
            },
        )));
    }

    fn hover(&mut self, uri: &str, pos: lsp::Position) -> Option<lsp::Hover> {
        self.fresh(uri);
        let doc = self.docs.get(uri)?;
        let c = doc.checked.as_ref()?;
        let at = c.offset(&doc.text, pos, self.enc);
        let pack = &c.setup.pack;
        let flagged: Vec<&Diagnostic> = c
            .outcome
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= at && at <= d.span.end)
            .collect();
        let (parts, span) = if let Some(first) = flagged.first() {
            let parts: Vec<String> = flagged
                .iter()
                .filter_map(|d| {
                    let rule = pack.rules.iter().find(|r| r.def.id == d.rule)?;
                    Some(explain::markdown(rule, status(d)))
                })
                .collect();
            (parts, first.span.clone())
        } else {
            // On a heading: the requirements that heading is where skalint looks for.
            let block = c
                .document
                .blocks
                .iter()
                .find(|b| b.is_heading() && b.span.start <= at && at <= b.span.end)?;
            let parts: Vec<String> = pack
                .rules
                .iter()
                .filter(|r| {
                    c.outcome.requirements.contains(&r.def.requirement)
                        && r.anchors.first().is_some_and(|a| a.is_match(&block.text))
                })
                .map(|r| {
                    let found = c.outcome.diagnostics.iter().find(|d| d.rule == r.def.id);
                    explain::markdown(r, found.map_or(Cell::Present.verdict(), status))
                })
                .collect();
            (parts, block.span.clone())
        };
        if parts.is_empty() {
            return None;
        }
        Some(lsp::Hover {
            contents: lsp::Contents::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: Some(c.range(&doc.text, &span, self.enc)),
        })
    }

    fn code_actions(&mut self, uri: &str, range: lsp::Range) -> Vec<lsp::CodeAction> {
        self.fresh(uri);
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let Some(c) = doc.checked.as_ref() else {
            return Vec::new();
        };
        let start = c.offset(&doc.text, range.start, self.enc);
        let end = c.offset(&doc.text, range.end, self.enc);
        let mut out = Vec::new();
        for d in c
            .outcome
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= end && start <= d.span.end)
        {
            let lsp_diag = c.to_lsp(uri, &doc.text, d, self.enc);
            let edit = |edits: Vec<actions::Edit>| {
                let edits = edits
                    .into_iter()
                    .map(|e| lsp::TextEdit {
                        range: lsp::Range {
                            start: c.lines.position(&doc.text, e.start, self.enc),
                            end: c.lines.position(&doc.text, e.end, self.enc),
                        },
                        new_text: e.text,
                    })
                    .collect();
                lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.into(), edits)])),
                    ..Default::default()
                }
            };
            if matches!(d.kind, FindingKind::Missing | FindingKind::Dependent)
                && let Some(e) = actions::skeleton(c, d)
            {
                out.push(lsp::CodeAction {
                    title: format!("Infoga rubrik och vägledning för {}", d.title),
                    kind: Some(lsp::CodeActionKind::QuickFix),
                    diagnostics: Some(vec![lsp_diag.clone()]),
                    is_preferred: Some(true),
                    edit: Some(edit(vec![e])),
                    ..Default::default()
                });
            }
            out.push(lsp::CodeAction {
                title: format!("Stäng av {} för det här dokumentet", d.rule),
                kind: Some(lsp::CodeActionKind::QuickFix),
                diagnostics: Some(vec![lsp_diag]),
                edit: Some(edit(vec![actions::disable(&doc.text, &d.rule)])),
                ..Default::default()
            });
        }
        out
    }
}

fn status(d: &Diagnostic) -> &'static str {
    Cell::missing(d.severity).verdict()
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!(
                "skalint: ogiltiga parametrar ({})",
                transport::json_error_kind(&e)
            ),
        )
    })
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Message {
    Message::Response(Response::new_err(id, code as i32, message.to_string()))
}

/// Applies one change event to the buffer.
fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent, enc: Encoding) {
    match change {
        lsp::TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(w) => {
            *text = w.text;
        }
        lsp::TextDocumentContentChangeEvent::TextDocumentContentChangePartial(p) => {
            let lines = LineIndex::new(text);
            let start = lines.offset(text, p.range.start, enc);
            let end = lines.offset(text, p.range.end, enc).max(start);
            text.replace_range(start..end, &p.text);
        }
    }
}

/// Markdown unless the client says plain text or the file is a .txt.
fn format_of(language: Option<&str>, path: Option<&Path>) -> Format {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match (language, ext.as_deref()) {
        (Some("markdown"), _) => Format::Markdown,
        (Some("plaintext" | "text"), _) | (_, Some("txt" | "text")) => Format::Text,
        _ => Format::Markdown,
    }
}

fn is_config(uri: &str) -> bool {
    uri.ends_with(&format!("/{}", config::FILE_NAME))
}

fn rule_error_text(e: &RuleError) -> String {
    match miette::Diagnostic::help(e) {
        Some(help) => format!("{e} ({help})"),
        None => e.to_string(),
    }
}

/// A file URI as a path (`file:///a/b%20c.md` → `/a/b c.md`); other schemes have none.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = rest.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

/// A path as a file URI, percent-encoding what a URI may not hold.
pub fn path_to_uri(path: &Path) -> String {
    crate::report::uri(&path.to_string_lossy())
}

/// A configuration that failed to load.
struct ConfigProblem {
    path: PathBuf,
    error: RuleError,
}

/// The setups of the workspace's skalint.toml files, reloaded when a file changes.
struct Configs {
    root: Option<PathBuf>,
    /// Config path → the file's stamp when read, and its setup (None if it failed).
    loaded: HashMap<PathBuf, (Stamp, Option<Arc<Setup>>)>,
    builtin: Option<Arc<Setup>>,
}

type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl Configs {
    fn new(root: Option<PathBuf>) -> Configs {
        Configs {
            root,
            loaded: HashMap::new(),
            builtin: None,
        }
    }

    fn forget(&mut self) {
        self.loaded.clear();
    }

    fn builtin(&mut self) -> Arc<Setup> {
        self.builtin
            .get_or_insert_with(|| {
                Arc::new(
                    Setup::configured(None, Additions::default())
                        .expect("the built-in rule pack loads (tested)"),
                )
            })
            .clone()
    }

    /// The setup for a document: its nearest skalint.toml (from its folder, else the
    /// workspace root), or the built-in pack. A file that changed on disk is read again.
    fn setup_for(&mut self, doc: Option<&Path>) -> (Arc<Setup>, Option<ConfigProblem>) {
        let found = doc
            .and_then(config::find)
            .or_else(|| self.root.as_deref().and_then(config::find));
        let Some(path) = found else {
            return (self.builtin(), None);
        };
        let now = stamp(&path);
        if let Some((s, setup)) = self.loaded.get(&path)
            && *s == now
        {
            return (setup.clone().unwrap_or_else(|| self.builtin()), None);
        }
        let result = config::Loaded::read(&path)
            .and_then(|l| Setup::configured(Some(&l), Additions::default()));
        match result {
            Ok(setup) => {
                let setup = Arc::new(setup);
                self.loaded.insert(path, (now, Some(setup.clone())));
                (setup, None)
            }
            Err(error) => {
                self.loaded.insert(path.clone(), (now, None));
                (self.builtin(), Some(ConfigProblem { path, error }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_round_trip() {
        let p = Path::new("/tmp/Rapporter 2025/förskola.md");
        let uri = path_to_uri(p);
        assert_eq!(uri, "file:///tmp/Rapporter%202025/f%C3%B6rskola.md");
        assert_eq!(uri_to_path(&uri).unwrap(), p);
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }

    #[test]
    fn incremental_changes_apply_in_utf16() {
        let mut text = "Åäö 😀 x\nrad två\n".to_string();
        let change = lsp::TextDocumentContentChangeEvent::TextDocumentContentChangePartial(
            #[allow(deprecated)]
            lsp::TextDocumentContentChangePartial {
                range: lsp::Range {
                    start: lsp::Position {
                        line: 0,
                        character: 7,
                    },
                    end: lsp::Position {
                        line: 0,
                        character: 8,
                    },
                },
                range_length: None,
                text: "och".into(),
            },
        );
        apply_change(&mut text, change, Encoding::Utf16);
        assert_eq!(text, "Åäö 😀 och\nrad två\n");
    }

    #[test]
    fn the_format_follows_the_language_or_the_name() {
        assert_eq!(format_of(Some("markdown"), None), Format::Markdown);
        assert_eq!(format_of(Some("plaintext"), None), Format::Text);
        assert_eq!(format_of(None, Some(Path::new("r.TXT"))), Format::Text);
        assert_eq!(
            format_of(Some("markdown"), Some(Path::new("r.txt"))),
            Format::Markdown
        );
    }
}
