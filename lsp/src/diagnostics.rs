//! `kimon check`'s diagnostics as LSP diagnostics for one document. A
//! problem in another file (an imported rulebook, a data file) is shown
//! at the line that leads to it, so nothing `check` reports goes missing.

use crate::analysis::Analysis;
use crate::position::LineIndex;
use kimon_engine::diag::{Diag, Location, Severity};
use kimon_grammar::ast::{Item, RulebookProp, SourceProp, Span};
use lsp_types::{Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString};

/// The replacement a did-you-mean hint proposes (`did you mean `x`?`).
pub fn suggestion(help: &str) -> Option<String> {
    let rest = &help[help.find("did you mean `")? + "did you mean `".len()..];
    Some(rest[..rest.find('`')?].to_string())
}

pub fn for_document(a: &Analysis, uri: &lsp_types::Uri) -> Vec<Diagnostic> {
    let Some(root) = a.root else { return Vec::new() };
    let text = a.sources.text(root);
    let idx = LineIndex::new(text);
    a.diags
        .iter()
        .map(|d| {
            let (span, prefix) = place(a, d);
            let mut message = format!("{prefix}{}", d.message);
            if !d.label.is_empty() && !d.message.contains(&d.label) {
                message.push_str(&format!(" ({})", d.label));
            }
            if let Some(h) = &d.help {
                message.push_str(&format!("\nhelp: {h}"));
            }
            let here = matches!(&d.location, Some(Location::Rulebook { file, .. }) if *file == root);
            let related: Vec<DiagnosticRelatedInformation> = if here {
                d.related
                    .iter()
                    .map(|(s, label)| DiagnosticRelatedInformation {
                        location: lsp_types::Location::new(uri.clone(), idx.range(s.start, s.end)),
                        message: label.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            // Only a fix of the very name written here can be applied: the
            // span must hold a misspelling of the suggestion (a missing
            // column's hint points at the source, not at the column).
            let written = text.get(span.start..span.end).unwrap_or("");
            let fix = d.help.as_deref().and_then(suggestion).filter(|f| {
                here && f != written && kimon_grammar::suggest::did_you_mean(written, [f.as_str()]).is_some()
            });
            Diagnostic {
                range: idx.range(span.start, span.end),
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(d.code.clone())),
                source: Some("kimon".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                data: fix.map(|f| serde_json::json!({ "replace": f })),
                ..Diagnostic::default()
            }
        })
        .collect()
}

/// Where in the document a diagnostic shows, and what to say about a
/// problem elsewhere.
fn place(a: &Analysis, d: &Diag) -> (Span, String) {
    let root = a.root;
    match &d.location {
        Some(Location::Rulebook { file, span }) if Some(*file) == root => (*span, String::new()),
        Some(Location::Rulebook { file, span }) => {
            let (line, col) = a.sources.line_col(*file, span.start);
            let at = format!("{}:{line}:{col}: ", a.sources.display(*file));
            (reference_to(a, a.sources.display(*file)).unwrap_or_default(), at)
        }
        Some(Location::Data { path, line, column, .. }) => {
            let at = format!("{path}:{line}:{column}: ");
            (data_file_span(a, path).unwrap_or_default(), at)
        }
        None => (Span::default(), String::new()),
    }
}

/// The `extends`/`import` in the document through which `display` was read.
fn reference_to(a: &Analysis, display: &str) -> Option<Span> {
    let name = std::path::Path::new(display).file_name()?.to_str()?;
    let lf = a.files.iter().find(|f| Some(f.id) == a.root)?;
    lf.ast.items.iter().find_map(|item| match item {
        Item::Import(i) if i.path.value.ends_with(name) => Some(i.path.span),
        Item::Rulebook(r) => r.props.iter().find_map(|p| match &p.kind {
            RulebookProp::Extends(t, _) if t.value.ends_with(name) => Some(t.span),
            _ => None,
        }),
        _ => None,
    })
}

/// The `file "…"` of the source that reads the data file `path`.
fn data_file_span(a: &Analysis, path: &str) -> Option<Span> {
    let lf = a.files.iter().find(|f| Some(f.id) == a.root)?;
    let name = std::path::Path::new(path).file_name()?.to_str()?;
    lf.ast.items.iter().find_map(|item| match item {
        Item::Source(s) => s.props.iter().find_map(|p| match &p.kind {
            SourceProp::File(t) if t.value.ends_with(name) => Some(t.span),
            _ => None,
        }),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_suggestion() {
        assert_eq!(super::suggestion("did you mean `german`?").as_deref(), Some("german"));
        assert_eq!(super::suggestion("known: `a`, `b`"), None);
    }
}
