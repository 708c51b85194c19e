//! Where every name of a rulebook is declared and used, over all files the
//! loader read (the rulebook, what it `extends` and `import`s). Built from
//! the syntax trees, not the resolved model, so definitions and references
//! still work while the rulebook has errors.

use kimon_engine::diag::FileId;
use kimon_engine::load::LoadedFile;
use kimon_grammar::ast::{
    Aggregate, CheckProp, DimensionProp, Expr, GroupRule, Ident, IndicatorProp, Item, LetValue, Span,
};
use std::collections::BTreeMap;

/// What a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Source,
    Dimension,
    /// A group; its key is `dimension.group`.
    Group,
    Area,
    Field,
    Indicator,
    Check,
    Let,
    /// A data column (no declaration in the rulebook).
    Column,
}

impl Kind {
    /// The German word the hover and completion show.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Source => "Quelle",
            Kind::Dimension => "Merkmal",
            Kind::Group => "Gruppe",
            Kind::Area => "Gebietsgliederung",
            Kind::Field => "Handlungsfeld",
            Kind::Indicator => "Indikator",
            Kind::Check => "Plausibilitätsprüfung",
            Kind::Let => "abgeleitete Spalte (let)",
            Kind::Column => "Datenspalte",
        }
    }
}

/// A symbol: its kind and name (`dimension.group` for groups).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub kind: Kind,
    pub name: String,
}

/// One place a name is written.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub key: Key,
    pub file: FileId,
    pub span: Span,
    /// The declaration itself (an `override indicator` is a use).
    pub is_def: bool,
}

/// A declaration with the item it belongs to (for hover texts).
#[derive(Debug, Clone)]
pub struct Def {
    pub key: Key,
    pub file: FileId,
    pub span: Span,
    /// Index of the loaded file and of the item in it.
    pub item: (usize, usize),
}

/// A use whose kind is only known once every declaration is collected.
enum Pending {
    /// `by x`: a dimension or an area.
    DimOrArea(Ident),
    /// A group in a `target`, looked up in these dimensions first.
    Group(Ident, Vec<String>),
    /// A name in an expression: a `let` or a data column.
    Name(Ident),
}

#[derive(Debug, Default)]
pub struct Index {
    pub defs: BTreeMap<Key, Vec<Def>>,
    pub occurrences: Vec<Occurrence>,
}

impl Index {
    pub fn build(files: &[LoadedFile]) -> Index {
        let mut ix = Index::default();
        let mut pending: Vec<(FileId, Pending)> = Vec::new();
        for (fi, lf) in files.iter().enumerate() {
            let f = lf.id;
            for (ii, item) in lf.ast.items.iter().enumerate() {
                let at = (fi, ii);
                match item {
                    Item::Source(s) => ix.def(Kind::Source, &s.id, f, at),
                    Item::Area(a) => ix.def(Kind::Area, &a.id, f, at),
                    Item::Field(d) => ix.def(Kind::Field, &d.id, f, at),
                    Item::Dimension(d) => {
                        ix.def(Kind::Dimension, &d.id, f, at);
                        for p in &d.props {
                            match &p.kind {
                                DimensionProp::Group(g) => {
                                    let key = Key {
                                        kind: Kind::Group,
                                        name: format!("{}.{}", d.id.name, g.id.name),
                                    };
                                    ix.def_key(key, g.id.span, f, at);
                                    match &g.rule {
                                        GroupRule::When(e) => names(e, f, &mut pending, &mut ix),
                                        GroupRule::Sum(parts) => {
                                            for part in parts {
                                                ix.use_group(&d.id.name, part, f);
                                            }
                                        }
                                        GroupRule::Otherwise | GroupRule::Columns(_) => {}
                                    }
                                }
                                DimensionProp::Reference(r) => ix.use_group(&d.id.name, r, f),
                                DimensionProp::Description(_) => {}
                            }
                        }
                    }
                    Item::Indicator(ind) => {
                        if ind.is_override {
                            ix.use_key(Kind::Indicator, &ind.id, f);
                        } else {
                            ix.def(Kind::Indicator, &ind.id, f, at);
                        }
                        let by: Vec<String> = ind
                            .props
                            .iter()
                            .filter_map(|p| match &p.kind {
                                IndicatorProp::By(b) => Some(b.iter().map(|i| i.name.clone())),
                                _ => None,
                            })
                            .flatten()
                            .collect();
                        for p in &ind.props {
                            match &p.kind {
                                IndicatorProp::Field(i) => ix.use_key(Kind::Field, i, f),
                                IndicatorProp::Numerator(a) | IndicatorProp::Denominator(a) => {
                                    aggregate(a, f, &mut pending, &mut ix)
                                }
                                IndicatorProp::By(b) => {
                                    pending.extend(b.iter().map(|i| (f, Pending::DimOrArea(i.clone()))))
                                }
                                IndicatorProp::Target(t) => {
                                    for g in &t.groups {
                                        pending.push((f, Pending::Group(g.clone(), by.clone())));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    Item::Check(c) => {
                        ix.def(Kind::Check, &c.id, f, at);
                        for p in &c.props {
                            match &p.kind {
                                CheckProp::Expect(e) => names(e, f, &mut pending, &mut ix),
                                CheckProp::By(b) => {
                                    pending.extend(b.iter().map(|i| (f, Pending::DimOrArea(i.clone()))))
                                }
                                _ => {}
                            }
                        }
                    }
                    Item::Let(l) => {
                        ix.def(Kind::Let, &l.name, f, at);
                        if let LetValue::Native(e) = &l.value {
                            names(e, f, &mut pending, &mut ix);
                        }
                    }
                    Item::Rulebook(_) | Item::Import(_) | Item::Privacy(_) | Item::Assessment(_) => {}
                }
            }
        }
        for (f, p) in pending {
            ix.resolve(f, p);
        }
        ix.occurrences.sort_by_key(|o| (o.file, o.span.start));
        ix
    }

    fn def(&mut self, kind: Kind, id: &Ident, file: FileId, item: (usize, usize)) {
        self.def_key(Key { kind, name: id.name.clone() }, id.span, file, item);
    }

    fn def_key(&mut self, key: Key, span: Span, file: FileId, item: (usize, usize)) {
        self.occurrences.push(Occurrence { key: key.clone(), file, span, is_def: true });
        self.defs.entry(key.clone()).or_default().push(Def { key, file, span, item });
    }

    fn use_key(&mut self, kind: Kind, id: &Ident, file: FileId) {
        let key = Key { kind, name: id.name.clone() };
        self.occurrences.push(Occurrence { key, file, span: id.span, is_def: false });
    }

    fn use_group(&mut self, dimension: &str, g: &Ident, file: FileId) {
        let key = Key { kind: Kind::Group, name: format!("{dimension}.{}", g.name) };
        self.occurrences.push(Occurrence { key, file, span: g.span, is_def: false });
    }

    fn has(&self, kind: Kind, name: &str) -> bool {
        self.defs.contains_key(&Key { kind, name: name.to_string() })
    }

    fn resolve(&mut self, file: FileId, p: Pending) {
        match p {
            Pending::DimOrArea(i) => {
                let kind = if self.has(Kind::Area, &i.name) && !self.has(Kind::Dimension, &i.name) {
                    Kind::Area
                } else {
                    Kind::Dimension
                };
                self.use_key(kind, &i, file);
            }
            Pending::Name(i) => {
                let kind = if self.has(Kind::Let, &i.name) { Kind::Let } else { Kind::Column };
                self.use_key(kind, &i, file);
            }
            Pending::Group(g, by) => {
                let in_by = by.iter().find(|d| self.has(Kind::Group, &format!("{d}.{}", g.name)));
                let dim = in_by.cloned().or_else(|| {
                    let suffix = format!(".{}", g.name);
                    self.defs
                        .keys()
                        .find(|k| k.kind == Kind::Group && k.name.ends_with(&suffix))
                        .map(|k| k.name[..k.name.len() - suffix.len()].to_string())
                });
                let dim = dim.or_else(|| by.first().cloned()).unwrap_or_default();
                self.use_group(&dim, &g, file);
            }
        }
    }

    /// The innermost name written at `offset` in `file`.
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| o.file == file && o.span.start <= offset && offset <= o.span.end)
            .min_by_key(|o| o.span.len())
    }

    /// Where a symbol is declared; an indicator only overridden here is
    /// declared by its first `override`.
    pub fn definitions(&self, key: &Key) -> Vec<(FileId, Span)> {
        match self.defs.get(key) {
            Some(defs) => defs.iter().map(|d| (d.file, d.span)).collect(),
            None => {
                self.occurrences.iter().filter(|o| &o.key == key).take(1).map(|o| (o.file, o.span)).collect()
            }
        }
    }

    /// Every place a symbol is written.
    pub fn references(&self, key: &Key, include_declaration: bool) -> Vec<(FileId, Span)> {
        self.occurrences
            .iter()
            .filter(|o| &o.key == key && (include_declaration || !o.is_def))
            .map(|o| (o.file, o.span))
            .collect()
    }
}

/// The source (and column) an aggregate counts in, and the names its filter reads.
fn aggregate(a: &Aggregate, f: FileId, pending: &mut Vec<(FileId, Pending)>, ix: &mut Index) {
    ix.use_key(Kind::Source, &a.source, f);
    if let Some(c) = &a.column {
        ix.use_key(Kind::Column, c, f);
    }
    if let Some(e) = &a.filter {
        names(e, f, pending, ix);
    }
}

/// Names an expression reads, and the aggregates inside it (checks).
fn names(e: &Expr, f: FileId, pending: &mut Vec<(FileId, Pending)>, ix: &mut Index) {
    let mut aggs = Vec::new();
    e.walk(&mut |x| match x {
        Expr::Name(i) => pending.push((f, Pending::Name(i.clone()))),
        Expr::Aggregate(a) => aggs.push(a.as_ref().clone()),
        _ => {}
    });
    for a in aggs {
        ix.use_key(Kind::Source, &a.source, f);
        if let Some(c) = &a.column {
            ix.use_key(Kind::Column, c, f);
        }
    }
}
