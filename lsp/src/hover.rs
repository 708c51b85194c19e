//! Hover: `kimon explain` for indicators, a short description for every
//! other name (its declaration's title and description), the codes seen in
//! the data for columns, and a line for each keyword.

use crate::analysis::Analysis;
use crate::index::{Key, Kind};
use kimon_engine::report::numfmt::Lang;
use kimon_grammar::ast::{
    AreaProp, CheckProp, DimensionProp, FieldProp, GroupRule, Item, LetValue, SourceProp, Text,
};
use kimon_grammar::format::expr_to_string;

/// The hover text at `offset` of the document, and the byte span it covers.
pub fn hover(a: &Analysis, offset: usize) -> Option<(String, usize, usize)> {
    let root = a.root?;
    if let Some(o) = a.index.at(root, offset) {
        return Some((describe(a, &o.key), o.span.start, o.span.end));
    }
    let text = a.sources.text(root);
    let (start, end) = word_at(text, offset)?;
    let word = &text[start..end];
    crate::keywords::describe(word).map(|d| (format!("`{word}` — {d}"), start, end))
}

/// The identifier-like word around `offset`.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let offset = offset.min(text.len());
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end =
        text[offset..].char_indices().find(|(_, c)| !is_word(*c)).map_or(text.len(), |(i, _)| offset + i);
    (start < end).then_some((start, end))
}

/// What a symbol is, in a few lines of Markdown.
pub fn describe(a: &Analysis, key: &Key) -> String {
    if key.kind == Kind::Indicator {
        if let Some(model) = &a.model {
            let lang = if model.meta.language == "en" { Lang::En } else { Lang::De };
            if let Ok(text) = kimon_engine::tooling::explain::explain(model, &key.name, lang) {
                return format!("```text\n{}\n```", text.trim());
            }
        }
    }
    let mut out = format!("**{}** `{}`", key.kind.word(), key.name);
    if key.kind == Kind::Column {
        for (source, col) in a.data.codes_of(&key.name) {
            if col.codes.is_empty() {
                out.push_str(&format!("\n\nin `{source}`"));
            } else {
                out.push_str(&format!("\n\nin `{source}`, Werte: {}", quoted(&col.codes)));
            }
        }
        return out;
    }
    let Some(def) = a.index.defs.get(key).and_then(|d| d.first()) else { return out };
    let Some(item) = a.files.get(def.item.0).and_then(|f| f.ast.items.get(def.item.1)) else { return out };
    let mut lines: Vec<String> = Vec::new();
    let title = |t: &Option<Text>| t.as_ref().map(|t| format!(" „{}“", t.value)).unwrap_or_default();
    match item {
        Item::Source(s) => {
            out.push_str(&title(&s.title));
            for p in &s.props {
                match &p.kind {
                    SourceProp::Kind(k) => lines.push(format!("Art: `{}`", k.name)),
                    SourceProp::File(f) => lines.push(format!("Datei: `{}`", f.value)),
                    SourceProp::Database(_) => lines.push("Datenbank".into()),
                    SourceProp::MigrationBackground(m) => {
                        lines.push(format!("Migrationshintergrund: `{}`", m.name))
                    }
                    SourceProp::Description(d) => lines.push(d.value.clone()),
                    _ => {}
                }
            }
            if let Some(t) = a.data.tables.iter().find(|t| t.source == key.name) {
                let cols: Vec<String> = t.columns.iter().map(|c| format!("`{}`", c.name)).collect();
                if !cols.is_empty() {
                    lines.push(format!("Spalten: {}", cols.join(", ")));
                }
            }
        }
        Item::Dimension(d) => {
            out.push_str(&title(&d.title));
            let group_name = key.name.split_once('.').map(|(_, g)| g);
            for p in &d.props {
                match &p.kind {
                    DimensionProp::Group(g)
                        if key.kind == Kind::Group && Some(g.id.name.as_str()) == group_name =>
                    {
                        out = format!(
                            "**Gruppe** `{}`{} des Merkmals `{}`",
                            g.id.name,
                            title(&g.title),
                            d.id.name
                        );
                        lines.push(match &g.rule {
                            GroupRule::When(e) => format!("`when {}`", expr_to_string(e)),
                            GroupRule::Otherwise => "`otherwise` (alle übrigen)".into(),
                            GroupRule::Sum(parts) => {
                                let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
                                format!("`= {}`", names.join(" + "))
                            }
                            GroupRule::Columns(_) => "aus Spalten einer breiten Tabelle".into(),
                        });
                    }
                    DimensionProp::Group(g) if key.kind == Kind::Dimension => {
                        lines.push(format!("- `{}`{}", g.id.name, title(&g.title)))
                    }
                    DimensionProp::Reference(r) if key.kind == Kind::Dimension => {
                        lines.push(format!("Referenzgruppe: `{}`", r.name))
                    }
                    DimensionProp::Description(t) if key.kind == Kind::Dimension => {
                        lines.push(t.value.clone())
                    }
                    _ => {}
                }
            }
        }
        Item::Area(ar) => {
            out.push_str(&title(&ar.title));
            let units = ar.props.iter().filter(|p| matches!(p.kind, AreaProp::Unit(..))).count();
            lines.push(format!("{units} Gebiete"));
            for p in &ar.props {
                match &p.kind {
                    AreaProp::Column(c) => lines.push(format!("Spalte: `{}`", c.name)),
                    AreaProp::Description(t) => lines.push(t.value.clone()),
                    _ => {}
                }
            }
        }
        Item::Field(f) => {
            out.push_str(&title(&f.title));
            for p in f.props.iter().flatten() {
                match &p.kind {
                    FieldProp::Steerable(s) => lines.push(format!("steuerbar: `{}`", s.name)),
                    FieldProp::Description(t) => lines.push(t.value.clone()),
                }
            }
        }
        Item::Indicator(i) => out.push_str(&title(&i.title)),
        Item::Check(c) => {
            out.push_str(&title(&c.title));
            for p in &c.props {
                match &p.kind {
                    CheckProp::Expect(e) => lines.push(format!("`expect {}`", expr_to_string(e))),
                    CheckProp::Description(t) => lines.push(t.value.clone()),
                    _ => {}
                }
            }
        }
        Item::Let(l) => lines.push(match &l.value {
            LetValue::Native(e) => format!("`let {} = {}`", l.name.name, expr_to_string(e)),
            LetValue::Rhai(_) => format!("`let {} = rhai …` (Skript)", l.name.name),
        }),
        _ => {}
    }
    if let Some(f) = a.sources.get(def.file) {
        lines.push(format!("deklariert in `{}`", f.display));
    }
    for l in lines {
        out.push_str("\n\n");
        out.push_str(&l);
    }
    out
}

fn quoted(codes: &[String]) -> String {
    codes.iter().map(|c| format!("`\"{c}\"`")).collect::<Vec<_>>().join(", ")
}
