//! Collects declarations from all loaded files and applies precedence: for
//! each kind and id the declaration at the lowest level wins (the local
//! rulebook over the core it extends); two at the same level are duplicates.

use crate::diag::{Diag, Diags, FileId};
use crate::load::LoadedFile;
use indexmap::IndexMap;
use kimon_grammar::ast::*;

pub struct Collected<'a> {
    pub rulebooks: Vec<(FileId, &'a RulebookDecl)>,
    pub sources: IndexMap<String, (FileId, &'a SourceDecl)>,
    pub dimensions: IndexMap<String, (FileId, &'a DimensionDecl)>,
    pub areas: IndexMap<String, (FileId, &'a AreaDecl)>,
    pub fields: IndexMap<String, (FileId, &'a FieldDecl)>,
    pub indicators: IndexMap<String, (FileId, &'a IndicatorDecl)>,
    /// Overrides in application order: core first, local last.
    pub overrides: Vec<(FileId, &'a IndicatorDecl)>,
    pub checks: IndexMap<String, (FileId, &'a CheckDecl)>,
    pub lets: IndexMap<String, (FileId, &'a LetDecl)>,
    /// Privacy blocks, highest level (core) first so local settings win.
    pub privacy: Vec<(FileId, &'a SettingsDecl)>,
    pub assessment: Vec<(FileId, &'a SettingsDecl)>,
    /// Extended rulebook files, nearest first.
    pub extends: Vec<FileId>,
}

struct Entry<'a, T> {
    level: usize,
    file: FileId,
    decl: &'a T,
    id: &'a Ident,
}

fn pick<'a, T>(
    what: &str,
    entries: Vec<Entry<'a, T>>,
    diags: &mut Diags,
) -> IndexMap<String, (FileId, &'a T)> {
    let mut best: IndexMap<String, Entry<'a, T>> = IndexMap::new();
    for e in entries {
        match best.get(&e.id.name) {
            None => {
                best.insert(e.id.name.clone(), e);
            }
            Some(prev) if prev.level == e.level => {
                let mut d = Diag::error("duplicate", format!("{what} `{}` is declared twice", e.id.name))
                    .at(e.file, e.id.span, "second declaration")
                    .help(format!(
                        "rename one of them or remove the duplicate; ids of a {what} must be unique"
                    ));
                if prev.file == e.file {
                    d = d.related(prev.id.span, "first declared here");
                }
                diags.push(d);
            }
            Some(prev) if e.level < prev.level => {
                best.insert(e.id.name.clone(), e);
            }
            Some(_) => {}
        }
    }
    // Keep the order of the core (highest level) first, then local additions,
    // so a local rulebook lists core indicators in the core's order.
    let mut ordered: Vec<(String, Entry<'a, T>)> = best.into_iter().collect();
    ordered.sort_by_key(|(_, e)| std::cmp::Reverse(e.level));
    ordered.into_iter().map(|(k, e)| (k, (e.file, e.decl))).collect()
}

impl<'a> Collected<'a> {
    pub fn from_files(files: &'a [LoadedFile], diags: &mut Diags) -> Self {
        let mut order: Vec<&LoadedFile> = files.iter().collect();
        order.sort_by_key(|f| (f.level, f.id));
        let mut rulebooks = Vec::new();
        let (mut sources, mut dims, mut areas, mut fields, mut inds, mut checks, mut lets) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut overrides = Vec::new();
        let mut privacy = Vec::new();
        let mut assessment = Vec::new();
        for f in &order {
            let (level, file) = (f.level, f.id);
            for item in &f.ast.items {
                match item {
                    Item::Rulebook(r) => rulebooks.push((file, r)),
                    Item::Import(_) => {}
                    Item::Source(d) => sources.push(Entry { level, file, decl: d, id: &d.id }),
                    Item::Dimension(d) => dims.push(Entry { level, file, decl: d, id: &d.id }),
                    Item::Area(d) => areas.push(Entry { level, file, decl: d, id: &d.id }),
                    Item::Field(d) => fields.push(Entry { level, file, decl: d, id: &d.id }),
                    Item::Indicator(d) if d.is_override => overrides.push((level, file, d)),
                    Item::Indicator(d) => inds.push(Entry { level, file, decl: d, id: &d.id }),
                    Item::Check(d) => checks.push(Entry { level, file, decl: d, id: &d.id }),
                    Item::Let(d) => lets.push(Entry { level, file, decl: d, id: &d.name }),
                    Item::Privacy(d) => privacy.push((level, file, d)),
                    Item::Assessment(d) => assessment.push((level, file, d)),
                }
            }
        }
        overrides.sort_by_key(|(level, file, _)| (std::cmp::Reverse(*level), *file));
        privacy.sort_by_key(|(level, file, _)| (std::cmp::Reverse(*level), *file));
        assessment.sort_by_key(|(level, file, _)| (std::cmp::Reverse(*level), *file));
        let mut extends: Vec<(usize, FileId)> =
            files.iter().filter(|f| f.level > 0).map(|f| (f.level, f.id)).collect();
        extends.sort();
        Collected {
            rulebooks,
            sources: pick("source", sources, diags),
            dimensions: pick("dimension", dims, diags),
            areas: pick("area", areas, diags),
            fields: pick("field", fields, diags),
            indicators: pick("indicator", inds, diags),
            overrides: overrides.into_iter().map(|(_, f, d)| (f, d)).collect(),
            checks: pick("check", checks, diags),
            lets: pick("let definition", lets, diags),
            privacy: privacy.into_iter().map(|(_, f, d)| (f, d)).collect(),
            assessment: assessment.into_iter().map(|(_, f, d)| (f, d)).collect(),
            extends: extends.into_iter().map(|(_, p)| p).collect(),
        }
    }
}
