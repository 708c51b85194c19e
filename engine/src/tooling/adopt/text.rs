//! The text of the adopted declarations. Each is assembled from the peer's
//! own source text (so its comments and wording come along), parsed again,
//! and every reference to a renamed declaration is replaced at its exact
//! position; `kimon fmt`'s printer then makes the result canonical.

use super::plan::{Kind, Need};
use crate::diag::{FileId, SourceMap};
use crate::load::LoadedFile;
use kimon_grammar::ast::*;
use kimon_grammar::format::quote;
use std::collections::BTreeMap;

/// Old id → new id, per kind of declaration.
#[derive(Debug, Default)]
pub struct Renames(BTreeMap<(Kind, String), String>);

impl Renames {
    pub fn from_needs(needs: &[Need]) -> Self {
        let mut r = Renames::default();
        for n in needs {
            if n.target_id() != n.id {
                r.0.insert((n.kind, n.id.clone()), n.target_id().to_string());
            }
        }
        r
    }

    fn get(&self, kind: Kind, id: &str) -> Option<&String> {
        self.0.get(&(kind, id.to_string()))
    }

    /// `by` names a dimension or an area.
    fn by(&self, id: &str) -> Option<&String> {
        self.get(Kind::Dimension, id).or_else(|| self.get(Kind::Area, id))
    }
}

/// The peer's files, lowest level (the file named) first, with their text.
pub struct Peer<'a> {
    pub files: &'a [LoadedFile],
    pub sources: &'a SourceMap,
}

impl Peer<'_> {
    fn ordered(&self) -> Vec<&LoadedFile> {
        let mut v: Vec<&LoadedFile> = self.files.iter().collect();
        v.sort_by_key(|f| (f.level, f.id));
        v
    }

    fn slice(&self, file: FileId, span: Span) -> &str {
        self.sources.text(file).get(span.start..span.end).unwrap_or("")
    }

    /// The declaration that wins for `kind` and `id` (as the resolver picks it).
    fn item(&self, kind: Kind, id: &str) -> Option<(FileId, &Item)> {
        for f in self.ordered() {
            for item in &f.ast.items {
                let hit = match (kind, item) {
                    (Kind::Field, Item::Field(d)) => d.id.name == id,
                    (Kind::Source, Item::Source(d)) => d.id.name == id,
                    (Kind::Let, Item::Let(d)) => d.name.name == id,
                    (Kind::Dimension, Item::Dimension(d)) => d.id.name == id,
                    (Kind::Area, Item::Area(d)) => d.id.name == id,
                    (Kind::Indicator, Item::Indicator(d)) => !d.is_override && d.id.name == id,
                    _ => false,
                };
                if hit {
                    return Some((f.id, item));
                }
            }
        }
        None
    }

    /// The indicator's properties with every `override` applied, in the
    /// order the resolver applies them (core first, local last), and its title.
    fn indicator_props(&self, id: &str) -> Option<(Option<String>, Vec<String>)> {
        let (file, Item::Indicator(base)) = self.item(Kind::Indicator, id)? else { return None };
        let mut props: Vec<(&'static str, String)> =
            base.props.iter().map(|p| (p.kind.attribute(), self.slice(file, p.span).to_string())).collect();
        let mut title = base.title.as_ref().map(|t| t.value.clone());
        let mut overrides: Vec<(usize, FileId, &IndicatorDecl)> = Vec::new();
        for f in self.files {
            for item in &f.ast.items {
                if let Item::Indicator(d) = item {
                    if d.is_override && d.id.name == id {
                        overrides.push((f.level, f.id, d));
                    }
                }
            }
        }
        overrides.sort_by_key(|(level, file, _)| (std::cmp::Reverse(*level), *file));
        for (_, ofile, ov) in overrides {
            let replaced: Vec<&str> = ov.props.iter().map(|p| p.kind.attribute()).collect();
            props.retain(|(a, _)| !replaced.contains(a));
            props
                .extend(ov.props.iter().map(|p| (p.kind.attribute(), self.slice(ofile, p.span).to_string())));
            if let Some(t) = &ov.title {
                title = Some(t.value.clone());
            }
        }
        Some((title, props.into_iter().filter(|(a, _)| *a != "adopted").map(|(_, t)| t).collect()))
    }
}

fn block(keyword: &str, id: &str, title: Option<&str>, props: &[String]) -> String {
    let title = title.map_or_else(String::new, |t| format!(" {}", quote(t)));
    let mut out = format!("{keyword} {id}{title} {{\n");
    for p in props {
        out.push_str("  ");
        out.push_str(p);
        // `;` keeps `compare a` from reading the next keyword as its second name.
        out.push_str(";\n");
    }
    out.push('}');
    out
}

/// The provenance clause written into the adopted indicator.
pub struct Provenance<'a> {
    pub from: &'a str,
    pub version: Option<&'a str>,
    pub sha256: &'a str,
}

/// The text of one needed declaration, before renaming. Sources point at a
/// local data file `daten/<id>.csv` (the peer's path means nothing here, and
/// a database source's server is the peer's); areas keep only their column
/// and description (the peer's districts are not the target's).
pub fn snippet(peer: &Peer, need: &Need, prov: &Provenance) -> Option<String> {
    if need.kind == Kind::Indicator {
        let (title, mut props) = peer.indicator_props(&need.id)?;
        let version = prov.version.map_or_else(String::new, |v| format!(" version {}", quote(v)));
        props.push(format!("adopted from {}{version} sha256 {}", quote(prov.from), quote(prov.sha256)));
        return Some(block("indicator", &need.id, title.as_deref(), &props));
    }
    let (file, item) = peer.item(need.kind, &need.id)?;
    let slices = |props: Vec<Span>| -> Vec<String> {
        props.into_iter().map(|s| peer.slice(file, s).to_string()).collect()
    };
    let title = |t: &Option<Text>| t.as_ref().map(|t| t.value.clone());
    Some(match item {
        Item::Source(d) => {
            let mut props = slices(
                d.props
                    .iter()
                    .filter(|p| {
                        !matches!(
                            p.kind,
                            SourceProp::File(_) | SourceProp::Database(_) | SourceProp::Table(_)
                        )
                    })
                    .map(|p| p.span)
                    .collect(),
            );
            props.insert(
                0,
                format!(
                    "file {}",
                    quote(&format!("{}/{}.csv", crate::tooling::init::DATA_DIR, need.target_id()))
                ),
            );
            block("source", &need.id, title(&d.title).as_deref(), &props)
        }
        Item::Area(d) => {
            let props = slices(
                d.props
                    .iter()
                    .filter(|p| matches!(p.kind, AreaProp::Column(_) | AreaProp::Description(_)))
                    .map(|p| p.span)
                    .collect(),
            );
            block("area", &need.id, title(&d.title).as_deref(), &props)
        }
        other => peer.slice(file, other.span()).to_string(),
    })
}

/// Parses `text` (one declaration) and replaces every reference to a
/// renamed declaration at its position. `None` if it does not parse.
pub fn rename(text: &str, renames: &Renames) -> Option<String> {
    let parsed = kimon_grammar::parse(text).ok()?;
    let mut edits: Vec<(Span, String)> = Vec::new();
    let id = |kind: Kind, i: &Ident, edits: &mut Vec<(Span, String)>| {
        if let Some(to) = renames.get(kind, &i.name) {
            edits.push((i.span, to.clone()));
        }
    };
    for item in &parsed.file.items {
        match item {
            Item::Field(d) => id(Kind::Field, &d.id, &mut edits),
            Item::Source(d) => id(Kind::Source, &d.id, &mut edits),
            Item::Area(d) => id(Kind::Area, &d.id, &mut edits),
            Item::Let(d) => {
                id(Kind::Let, &d.name, &mut edits);
                if let LetValue::Native(e) = &d.value {
                    expr_names(e, renames, &mut edits);
                }
            }
            Item::Dimension(d) => {
                id(Kind::Dimension, &d.id, &mut edits);
                for p in &d.props {
                    if let DimensionProp::Group(GroupDecl { rule: GroupRule::When(e), .. }) = &p.kind {
                        expr_names(e, renames, &mut edits);
                    }
                }
            }
            Item::Indicator(d) => {
                id(Kind::Indicator, &d.id, &mut edits);
                for p in &d.props {
                    match &p.kind {
                        IndicatorProp::Field(f) => id(Kind::Field, f, &mut edits),
                        IndicatorProp::By(list) => {
                            for i in list {
                                if let Some(to) = renames.by(&i.name) {
                                    edits.push((i.span, to.clone()));
                                }
                            }
                        }
                        IndicatorProp::Numerator(a) | IndicatorProp::Denominator(a) => {
                            id(Kind::Source, &a.source, &mut edits);
                            if let Some(f) = &a.filter {
                                expr_names(f, renames, &mut edits);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut out = text.to_string();
    for (span, to) in edits {
        if out.is_char_boundary(span.start) && out.is_char_boundary(span.end) && span.end <= out.len() {
            out.replace_range(span.start..span.end, &to);
        }
    }
    Some(out)
}

/// References to renamed `let`s inside an expression.
fn expr_names(e: &Expr, renames: &Renames, edits: &mut Vec<(Span, String)>) {
    e.walk(&mut |x| {
        if let Expr::Name(n) = x {
            if let Some(to) = renames.get(Kind::Let, &n.name) {
                edits.push((n.span, to.clone()));
            }
        }
    });
}
