//! Completion: keywords, the names the rulebook declares, the columns of
//! the sources' data files and the codes found in them. Editors filter by
//! what has been typed; this only narrows by context where it is certain:
//! inside a string only codes, after `quelle.` only that source's columns.

use crate::analysis::Analysis;
use crate::index::Kind;
use lsp_types::{CompletionItem, CompletionItemKind};

pub fn complete(a: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let Some(root) = a.root else { return keywords() };
    let text = a.sources.text(root);
    let offset = offset.min(text.len());
    let offset = (0..=offset).rev().find(|o| text.is_char_boundary(*o)).unwrap_or(0);
    let before = &text[..offset];
    let line = before.rsplit('\n').next().unwrap_or("");
    let in_string = line.matches('"').count() % 2 == 1;
    let mut items = Vec::new();
    if in_string {
        codes(a, false, &mut items);
        return items;
    }
    let prefix_start = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_').len();
    if before[..prefix_start].ends_with('.') {
        let owner = before[..prefix_start - 1]
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if let Some(t) = a.data.tables.iter().find(|t| t.source == owner) {
            for c in &t.columns {
                items.push(item(&c.name, CompletionItemKind::FIELD, format!("Spalte in `{}`", t.file)));
            }
            for (logical, header) in &t.mapped {
                items.push(item(logical, CompletionItemKind::FIELD, format!("Spalte „{header}“")));
            }
            return items;
        }
    }
    items.extend(keywords());
    for key in a.index.defs.keys() {
        let (label, kind) = match key.kind {
            Kind::Group => (
                key.name.split_once('.').map_or(key.name.as_str(), |(_, g)| g),
                CompletionItemKind::ENUM_MEMBER,
            ),
            Kind::Source => (key.name.as_str(), CompletionItemKind::MODULE),
            Kind::Dimension => (key.name.as_str(), CompletionItemKind::ENUM),
            Kind::Area => (key.name.as_str(), CompletionItemKind::STRUCT),
            Kind::Field => (key.name.as_str(), CompletionItemKind::FOLDER),
            Kind::Indicator => (key.name.as_str(), CompletionItemKind::FUNCTION),
            Kind::Check => (key.name.as_str(), CompletionItemKind::EVENT),
            Kind::Let | Kind::Column => (key.name.as_str(), CompletionItemKind::VARIABLE),
        };
        items.push(item(label, kind, key.kind.word().to_string()));
    }
    let mut seen: Vec<String> = Vec::new();
    for t in &a.data.tables {
        let names = t.columns.iter().map(|c| c.name.clone()).chain(t.mapped.iter().map(|(l, _)| l.clone()));
        for name in names {
            if !seen.contains(&name) {
                items.push(item(&name, CompletionItemKind::FIELD, format!("Spalte in `{}`", t.file)));
                seen.push(name);
            }
        }
    }
    codes(a, true, &mut items);
    items
}

fn keywords() -> Vec<CompletionItem> {
    crate::keywords::KEYWORDS
        .iter()
        .map(|(k, d)| item(k, CompletionItemKind::KEYWORD, d.to_string()))
        .collect()
}

/// The codes of every column, quoted when written outside a string.
fn codes(a: &Analysis, quote: bool, items: &mut Vec<CompletionItem>) {
    let mut seen: Vec<String> = Vec::new();
    for t in &a.data.tables {
        for c in &t.columns {
            for code in &c.codes {
                let label = if quote { format!("\"{code}\"") } else { code.clone() };
                if seen.contains(&label) {
                    continue;
                }
                items.push(item(
                    &label,
                    CompletionItemKind::VALUE,
                    format!("Wert von `{}` in `{}`", c.name, t.file),
                ));
                seen.push(label);
            }
        }
    }
}

fn item(label: &str, kind: CompletionItemKind, detail: String) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail),
        ..CompletionItem::default()
    }
}
