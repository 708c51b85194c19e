//! Edits the server proposes: the whole document in `kimon fmt`'s layout,
//! and the did-you-mean fixes the diagnostics carry.

use crate::position::LineIndex;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;

/// `kimon fmt` of the text; `None` when it has syntax errors (the
/// diagnostics show them) or is already formatted.
pub fn format(text: &str) -> Option<Vec<TextEdit>> {
    let formatted = kimon_grammar::format::format_source(text).ok()?;
    if formatted == text {
        return Some(Vec::new());
    }
    Some(vec![TextEdit::new(LineIndex::new(text).full_range(), formatted)])
}

/// One quick fix per diagnostic that names a replacement.
pub fn code_actions(uri: &Uri, diagnostics: &[Diagnostic]) -> Vec<CodeActionOrCommand> {
    diagnostics
        .iter()
        .filter_map(|d| {
            let replace = d.data.as_ref()?.get("replace")?.as_str()?.to_string();
            let edit = TextEdit::new(d.range, replace.clone());
            // `changes` is a map of one entry: its order cannot vary.
            #[allow(clippy::mutable_key_type)]
            let changes = HashMap::from([(uri.clone(), vec![edit])]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Ersetzen durch `{replace}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}
