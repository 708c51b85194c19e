//! The server loop: reads requests and notifications from the editor,
//! keeps the open documents, and answers from a fresh check of the
//! document. Every handler runs under `catch_unwind`: a bug in one answer
//! must not end the session the author is typing in.

use crate::analysis::{analyse, Analysis};
use crate::position::LineIndex;
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, References, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, Hover, HoverContents, HoverProviderCapability,
    MarkupContent, MarkupKind, OneOf, PublishDiagnosticsParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// An open document: the editor's text, which wins over the file on disk.
struct Doc {
    uri: Uri,
    path: PathBuf,
    text: String,
    version: i32,
    analysis: Option<Analysis>,
}

#[derive(Default)]
struct State {
    docs: BTreeMap<String, Doc>,
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), "\"".into()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Serves one editor session on `connection` until `shutdown` and `exit`.
pub fn serve(connection: &Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    connection.initialize(serde_json::to_value(capabilities())?)?;
    let mut state = State::default();
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                let id = req.id.clone();
                let resp = catch_unwind(AssertUnwindSafe(|| state.request(req))).unwrap_or_else(|_| {
                    Response::new_err(
                        id,
                        lsp_server::ErrorCode::InternalError as i32,
                        "internal error".into(),
                    )
                });
                connection.sender.send(Message::Response(resp))?;
            }
            Message::Notification(n) => {
                let published = catch_unwind(AssertUnwindSafe(|| state.notification(n))).unwrap_or_default();
                for p in published {
                    let note = Notification::new(PublishDiagnostics::METHOD.into(), p);
                    connection.sender.send(Message::Notification(note))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

impl State {
    /// Applies a document change; returns the diagnostics to publish.
    fn notification(&mut self, n: Notification) -> Vec<PublishDiagnosticsParams> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let d = p.text_document;
                let Some(path) = crate::uri::to_path(&d.uri).or_else(|| Some(PathBuf::from(d.uri.as_str())))
                else {
                    return Vec::new();
                };
                let key = d.uri.as_str().to_string();
                self.docs.insert(
                    key.clone(),
                    Doc { uri: d.uri, path, text: d.text, version: d.version, analysis: None },
                );
                self.invalidate_all();
                self.publish(&key).into_iter().collect()
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let key = p.text_document.uri.as_str().to_string();
                let Some(doc) = self.docs.get_mut(&key) else { return Vec::new() };
                // Full synchronisation: the last change holds the whole text.
                if let Some(c) = p.content_changes.into_iter().last() {
                    doc.text = c.text;
                }
                doc.version = p.text_document.version;
                self.invalidate_all();
                self.publish(&key).into_iter().collect()
            }
            DidSaveTextDocument::METHOD => {
                // Other open rulebooks may extend the saved one.
                self.invalidate_all();
                let keys: Vec<String> = self.docs.keys().cloned().collect();
                keys.iter().filter_map(|k| self.publish(k)).collect()
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                self.docs.remove(uri.as_str());
                self.invalidate_all();
                vec![PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None }]
            }
            _ => Vec::new(),
        }
    }

    fn invalidate_all(&mut self) {
        for d in self.docs.values_mut() {
            d.analysis = None;
        }
    }

    /// The document's analysis, computed if stale.
    fn analysis(&mut self, key: &str) -> Option<&Doc> {
        let open: Vec<(PathBuf, String)> = self
            .docs
            .values()
            .filter_map(|d| d.path.canonicalize().ok().map(|p| (p, d.text.clone())))
            .collect();
        let doc = self.docs.get_mut(key)?;
        if doc.analysis.is_none() {
            doc.analysis = Some(analyse(&doc.path, &doc.text, &open));
        }
        Some(doc)
    }

    fn publish(&mut self, key: &str) -> Option<PublishDiagnosticsParams> {
        let doc = self.analysis(key)?;
        let a = doc.analysis.as_ref()?;
        Some(PublishDiagnosticsParams {
            uri: doc.uri.clone(),
            diagnostics: crate::diagnostics::for_document(a, &doc.uri),
            version: Some(doc.version),
        })
    }

    /// The document, its analysis and the byte offset of a position.
    fn at(&mut self, uri: &Uri, pos: lsp_types::Position) -> Option<(&Doc, &Analysis, usize)> {
        let doc = self.analysis(uri.as_str())?;
        let a = doc.analysis.as_ref()?;
        let offset = LineIndex::new(&doc.text).offset(pos);
        Some((doc, a, offset))
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => parse::<lsp_types::HoverParams>(&req).map(|p| {
                let tp = p.text_document_position_params;
                let hover = self.at(&tp.text_document.uri, tp.position).and_then(|(doc, a, off)| {
                    let (text, s, e) = crate::hover::hover(a, off)?;
                    Some(Hover {
                        contents: HoverContents::Markup(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: text,
                        }),
                        range: Some(LineIndex::new(&doc.text).range(s, e)),
                    })
                });
                serde_json::to_value(hover)
            }),
            GotoDefinition::METHOD => parse::<lsp_types::GotoDefinitionParams>(&req).map(|p| {
                let tp = p.text_document_position_params;
                let locs = self
                    .at(&tp.text_document.uri, tp.position)
                    .map(|(_, a, off)| crate::navigate::definition(a, off))
                    .unwrap_or_default();
                serde_json::to_value(locs)
            }),
            References::METHOD => parse::<lsp_types::ReferenceParams>(&req).map(|p| {
                let tp = p.text_document_position;
                let decl = p.context.include_declaration;
                let locs = self
                    .at(&tp.text_document.uri, tp.position)
                    .map(|(_, a, off)| crate::navigate::references(a, off, decl))
                    .unwrap_or_default();
                serde_json::to_value(locs)
            }),
            Completion::METHOD => parse::<lsp_types::CompletionParams>(&req).map(|p| {
                let tp = p.text_document_position;
                let items = self
                    .at(&tp.text_document.uri, tp.position)
                    .map(|(_, a, off)| crate::complete::complete(a, off))
                    .unwrap_or_default();
                serde_json::to_value(items)
            }),
            Formatting::METHOD => parse::<lsp_types::DocumentFormattingParams>(&req).map(|p| {
                let edits =
                    self.docs.get(p.text_document.uri.as_str()).and_then(|d| crate::edit::format(&d.text));
                serde_json::to_value(edits)
            }),
            CodeActionRequest::METHOD => parse::<lsp_types::CodeActionParams>(&req).map(|p| {
                serde_json::to_value(crate::edit::code_actions(&p.text_document.uri, &p.context.diagnostics))
            }),
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("unsupported request `{}`", req.method),
                )
            }
        };
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(e)) | Err(e) => {
                Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, e.to_string())
            }
        }
    }
}

fn parse<P: serde::de::DeserializeOwned>(req: &Request) -> Result<P, serde_json::Error> {
    serde_json::from_value(req.params.clone())
}
