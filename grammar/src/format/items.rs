//! The walk over declarations and their properties. Each node becomes one
//! printed line or a `{ … }` block; where comments and blank lines go is
//! left to the [`Layout`], which only needs each node's source position.
//! Items and properties are printed in source order, never reordered.

use super::expr::{aggregate, expr, ident_list, literal, quantity, string};
use super::layout::Layout;
use crate::ast::*;

/// Prints every item, one blank line between items except inside runs of
/// `import`s, `let`s and brace-less `field`s, which keep the author's
/// grouping (at most one blank line).
pub(super) fn file(l: &mut Layout, file: &File) {
    let mut previous: Option<&Item> = None;
    for item in &file.items {
        if previous.is_some_and(|p| !stays_together(p, item)) {
            l.separate();
        }
        self::item(l, item);
        previous = Some(item);
    }
}

/// Short one-line declarations of the same kind form a group.
fn stays_together(a: &Item, b: &Item) -> bool {
    matches!(
        (a, b),
        (Item::Import(_), Item::Import(_))
            | (Item::Let(_), Item::Let(_))
            | (Item::Field(FieldDecl { props: None, .. }), Item::Field(FieldDecl { props: None, .. }))
    )
}

fn item(l: &mut Layout, item: &Item) {
    match item {
        Item::Rulebook(d) => {
            let header = format!("rulebook {}", string(&d.name.value));
            block(l, d.span, d.name.span.end, &header, &d.props, |l, p, _| {
                leaf(l, p.span, &rulebook_prop(&p.kind))
            });
        }
        Item::Import(d) => {
            leaf(l, d.span, &format!("import {}{}", string(&d.path.value), pin(d.pin.as_ref())))
        }
        Item::Source(d) => {
            let (header, after) = decl_header("source", &d.id, d.title.as_ref(), d.title_en.as_ref());
            block(l, d.span, after, &header, &d.props, |l, p, _| leaf(l, p.span, &source_prop(&p.kind)));
        }
        Item::Dimension(d) => {
            let (header, after) = decl_header("dimension", &d.id, d.title.as_ref(), d.title_en.as_ref());
            block(l, d.span, after, &header, &d.props, |l, p, _| leaf(l, p.span, &dimension_prop(&p.kind)));
        }
        Item::Area(d) => {
            let (header, after) = decl_header("area", &d.id, d.title.as_ref(), d.title_en.as_ref());
            block(l, d.span, after, &header, &d.props, |l, p, _| leaf(l, p.span, &area_prop(&p.kind)));
        }
        Item::Field(d) => {
            let (header, after) = decl_header("field", &d.id, d.title.as_ref(), d.title_en.as_ref());
            match &d.props {
                // Written without braces: stays without braces.
                None => leaf(l, d.span, &header),
                Some(props) => {
                    block(l, d.span, after, &header, props, |l, p, _| leaf(l, p.span, &field_prop(&p.kind)))
                }
            }
        }
        Item::Indicator(d) => {
            let keyword = if d.is_override { "override indicator" } else { "indicator" };
            let (header, after) = decl_header(keyword, &d.id, d.title.as_ref(), d.title_en.as_ref());
            block(l, d.span, after, &header, &d.props, indicator_prop);
        }
        Item::Check(d) => {
            let (header, after) = decl_header("check", &d.id, d.title.as_ref(), d.title_en.as_ref());
            block(l, d.span, after, &header, &d.props, |l, p, _| leaf(l, p.span, &check_prop(&p.kind)));
        }
        Item::Privacy(d) => block(l, d.span, d.span.start, "privacy", &d.settings, setting),
        Item::Assessment(d) => block(l, d.span, d.span.start, "assessment", &d.settings, setting),
        Item::Let(d) => {
            let value = match &d.value {
                LetValue::Native(e) => expr(e),
                // Verbatim: the formatter does not know rhai's layout rules.
                LetValue::Rhai(code) => format!("rhai `{}`", code.value),
            };
            leaf(l, d.span, &format!("let {} = {value}", d.name.name));
        }
    }
}

/// `keyword id "Title"`, and the source position after its last token,
/// where the search for the block's `{` starts.
fn decl_header(keyword: &str, id: &Ident, title: Option<&Text>, en: Option<&Text>) -> (String, usize) {
    let (mut header, mut after) = match title {
        Some(t) => (format!("{keyword} {} {}", id.name, string(&t.value)), t.span.end),
        None => (format!("{keyword} {}", id.name), id.span.end),
    };
    if let Some(e) = en {
        header.push_str(&format!(" en {}", string(&e.value)));
        after = after.max(e.span.end);
    }
    (header, after)
}

/// A one-line node.
fn leaf(l: &mut Layout, span: Span, text: &str) {
    let end = l.source().code_end(span);
    l.line(span.start, end, text);
}

/// `header {`, one line per child, `}`; an empty block with nothing inside
/// (not even a comment) prints as `header {}`. `print` gets each child with
/// the one after it, for the rare separators that must be kept.
fn block<T>(
    l: &mut Layout,
    span: Span,
    header_end: usize,
    header: &str,
    children: &[T],
    mut print: impl FnMut(&mut Layout, &T, Option<&T>),
) {
    let end = l.source().code_end(span);
    let close = end.saturating_sub(1);
    let brace = l.source().open_brace(header_end).filter(|&b| b < close).unwrap_or(close);
    if children.is_empty() && !l.has_comment_within(brace, close) {
        l.line(span.start, end, &format!("{header} {{}}"));
        return;
    }
    l.open(span.start, brace, header);
    for (n, child) in children.iter().enumerate() {
        print(l, child, children.get(n + 1));
    }
    l.close(close);
}

fn rulebook_prop(p: &RulebookProp) -> String {
    match p {
        RulebookProp::Municipality(t) => format!("municipality {}", string(&t.value)),
        RulebookProp::Kind(i) => format!("kind {}", i.name),
        RulebookProp::State(t) => format!("state {}", string(&t.value)),
        RulebookProp::Version(t) => format!("version {}", string(&t.value)),
        RulebookProp::Language(i) => format!("language {}", i.name),
        RulebookProp::Years(a, b) => format!("years {}..{}", a.value, b.value),
        RulebookProp::Extends(t, p) => format!("extends {}{}", string(&t.value), pin(p.as_ref())),
        RulebookProp::Description(t) => format!("description {}", string(&t.value)),
        RulebookProp::Publisher(t) => format!("publisher {}", string(&t.value)),
        RulebookProp::Contact(t) => format!("contact {}", string(&t.value)),
        RulebookProp::AsOf(t) => format!("as_of {}", string(&t.value)),
        RulebookProp::Terminology(i) => format!("terminology {}", i.name),
    }
}

/// ` version "…" sha256 "…"` (with its leading space), or nothing.
pub(super) fn pin(p: Option<&Pin>) -> String {
    match p {
        None => String::new(),
        Some(Pin { version: Some(v), sha256, .. }) => {
            format!(" version {} sha256 {}", string(&v.value), string(&sha256.value))
        }
        Some(Pin { version: None, sha256, .. }) => format!(" sha256 {}", string(&sha256.value)),
    }
}

fn source_prop(p: &SourceProp) -> String {
    match p {
        SourceProp::Kind(i) => format!("kind {}", i.name),
        SourceProp::File(t) => format!("file {}", string(&t.value)),
        SourceProp::Database(t) => format!("database {}", string(&t.value)),
        SourceProp::Table(t) => format!("table {}", string(&t.value)),
        SourceProp::MigrationBackground(i) => format!("migration_background {}", i.name),
        SourceProp::YearColumn(i) => format!("year_column {}", i.name),
        SourceProp::Weight(i) => format!("weight {}", i.name),
        SourceProp::Column(i, t) => format!("column {} = {}", i.name, string(&t.value)),
        SourceProp::SeriesBreak(year, None) => format!("series_break {}", year.value),
        SourceProp::SeriesBreak(year, Some(t)) => {
            format!("series_break {} {}", year.value, with_en(t))
        }
        SourceProp::Confidential(i) => format!("confidential {}", i.name),
        SourceProp::Description(t) => format!("description {}", with_en(t)),
        SourceProp::Measure(column, kinds) => {
            let kinds: Vec<String> = kinds
                .iter()
                .map(|(k, labels)| {
                    let labels: Vec<String> = labels.iter().map(|l| string(&l.value)).collect();
                    format!("{} {}", k.name, labels.join(", "))
                })
                .collect();
            format!("measure column {} {{ {} }}", column.name, kinds.join("; "))
        }
        SourceProp::YearsInColumns(name) => format!("years in columns as {}", name.name),
        SourceProp::Setting(key, values) => {
            let values: Vec<String> =
                values.iter().map(|v| if v.quoted { string(&v.value) } else { v.value.clone() }).collect();
            format!("{} {}", key.name, values.join(", "))
        }
    }
}

fn dimension_prop(p: &DimensionProp) -> String {
    match p {
        DimensionProp::Group(g) => {
            let mut out = format!("group {}", g.id.name);
            if let Some(t) = &g.title {
                out.push(' ');
                out.push_str(&string(&t.value));
            }
            if let Some(t) = &g.title_en {
                out.push_str(" en ");
                out.push_str(&string(&t.value));
            }
            match &g.rule {
                GroupRule::When(e) => {
                    out.push_str(" when ");
                    out.push_str(&expr(e));
                }
                GroupRule::Otherwise => out.push_str(" otherwise"),
                GroupRule::Sum(parts) => {
                    out.push_str(" = ");
                    let names: Vec<&str> = parts.iter().map(|i| i.name.as_str()).collect();
                    out.push_str(&names.join(" + "));
                }
                GroupRule::Columns(cols) => {
                    out.push_str(" column ");
                    let cols: Vec<String> = cols
                        .iter()
                        .map(|(name, col)| match name {
                            Some(n) => format!("{} = {}", n.name, string(&col.value)),
                            None => string(&col.value),
                        })
                        .collect();
                    out.push_str(&cols.join(", "));
                }
            }
            out
        }
        DimensionProp::Reference(i) => format!("reference {}", i.name),
        DimensionProp::Description(t) => format!("description {}", with_en(t)),
    }
}

fn area_prop(p: &AreaProp) -> String {
    match p {
        AreaProp::Column(i) => format!("column {}", i.name),
        AreaProp::Unit(a, None) => format!("unit {}", string(&a.value)),
        AreaProp::Unit(a, Some(b)) => format!("unit {} {}", string(&a.value), string(&b.value)),
        AreaProp::Total(t) => format!("total {}", string(&t.value)),
        AreaProp::TotalFrom(t) => format!("total from {}", string(&t.value)),
        AreaProp::Parents(t) => format!("parents {}", string(&t.value)),
        AreaProp::Geometry(f, None) => format!("geometry {}", string(&f.value)),
        AreaProp::Geometry(f, Some(k)) => format!("geometry {} key {}", string(&f.value), string(&k.value)),
        AreaProp::Description(t) => format!("description {}", with_en(t)),
    }
}

fn field_prop(p: &FieldProp) -> String {
    match p {
        FieldProp::Steerable(i) => format!("steerable {}", i.name),
        FieldProp::Description(t) => format!("description {}", with_en(t)),
    }
}

fn check_prop(p: &CheckProp) -> String {
    match p {
        CheckProp::Expect(e) => format!("expect {}", expr(e)),
        CheckProp::By(ids) => format!("by {}", ident_list(ids)),
        CheckProp::Tolerance(q) => format!("tolerance {}", quantity(q)),
        CheckProp::Severity(i) => format!("severity {}", i.name),
        CheckProp::Description(t) => format!("description {}", with_en(t)),
    }
}

fn indicator_prop(l: &mut Layout, p: &Prop<IndicatorProp>, next: Option<&Prop<IndicatorProp>>) {
    let text = match &p.kind {
        IndicatorProp::Thresholds(t) => {
            let header = format!("thresholds {}", t.subject.keyword());
            return block(l, p.span, p.span.start, &header, &t.bands, band);
        }
        IndicatorProp::Privacy(settings) => {
            return block(l, p.span, p.span.start, "privacy", settings, setting);
        }
        IndicatorProp::Field(i) => format!("field {}", i.name),
        IndicatorProp::Core(None) => "core".to_string(),
        IndicatorProp::Core(Some(true)) => "core yes".to_string(),
        IndicatorProp::Core(Some(false)) => "core no".to_string(),
        IndicatorProp::Purpose(t) => format!("purpose {}", with_en(t)),
        IndicatorProp::Audience(ids) => format!("audience {}", ident_list(ids)),
        IndicatorProp::Unit(i) => format!("unit {}", i.name),
        IndicatorProp::Polarity(i) => format!("polarity {}", i.name),
        IndicatorProp::Numerator(a) => format!("numerator {}", aggregate(a)),
        IndicatorProp::Denominator(a) => format!("denominator {}", aggregate(a)),
        IndicatorProp::By(ids) => format!("by {}", ident_list(ids)),
        IndicatorProp::Compare(a, None) => {
            // Older kimon versions read the next property's keyword (`unit`,
            // `note`, …) as a second name after `compare a`; the `;` keeps
            // formatted rulebooks readable for them. `by` is a keyword.
            let guard = next.is_some_and(|n| !matches!(n.kind, IndicatorProp::By(_)));
            format!("compare {}{}", a.name, if guard { ";" } else { "" })
        }
        IndicatorProp::Compare(a, Some(b)) => format!("compare {} {}", a.name, b.name),
        IndicatorProp::Target(t) => target(t),
        IndicatorProp::Note(t) => format!("note {}", with_en(t)),
        IndicatorProp::Definition(t) => format!("definition {}", with_en(t)),
        IndicatorProp::Adopted(from, p) => format!("adopted from {}{}", string(&from.value), pin(Some(p))),
    };
    leaf(l, p.span, &text);
}

/// `target gap(any, none) <= 2 pp by 2027`
fn target(t: &TargetDecl) -> String {
    let mut out = format!("target {}", t.subject.keyword());
    if !t.groups.is_empty() {
        out.push_str(&format!("({})", ident_list(&t.groups)));
    }
    out.push_str(&format!(" {} {}", t.op.symbol(), quantity(&t.bound)));
    if let Some(year) = &t.year {
        out.push_str(&format!(" by {}", year.value));
    }
    out
}

/// A number without suffix followed by a name `pp` would read as `… pp`,
/// so that one `;` is kept.
fn guard_pp(bound: &Quantity, next_name: Option<&Ident>) -> &'static str {
    if bound.suffix.is_none() && next_name.is_some_and(|n| n.name == "pp") {
        ";"
    } else {
        ""
    }
}

fn band(l: &mut Layout, b: &Band, next: Option<&Band>) {
    let guard = guard_pp(&b.bound, next.map(|n| &n.class));
    let text = format!("{} {} {}{guard}", b.class.name, b.op.symbol(), quantity(&b.bound));
    leaf(l, b.span, &text);
}

fn setting(l: &mut Layout, s: &Prop<Setting>, next: Option<&Prop<Setting>>) {
    let value = match &s.kind.value {
        SettingValue::Quantity(q) => {
            let guard = guard_pp(q, next.map(|n| &n.kind.key));
            format!("{}{guard}", quantity(q))
        }
        SettingValue::Literal(lit) => literal(lit),
    };
    leaf(l, s.span, &format!("{} {value}", s.kind.key.name));
}

thread_local! {
    /// The file's `"…" en "…"` pairs while it is printed, by the German
    /// text's span: the property printers see only the German text.
    static ENGLISH: std::cell::RefCell<Vec<(Span, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with the English versions of `pairs` known to [`with_en`].
pub(super) fn with_english<R>(pairs: &[(Text, Text)], f: impl FnOnce() -> R) -> R {
    ENGLISH.with(|e| *e.borrow_mut() = pairs.iter().map(|(de, en)| (de.span, en.value.clone())).collect());
    let out = f();
    ENGLISH.with(|e| e.borrow_mut().clear());
    out
}

/// A text as written, with its English version (` en "…"`) if it has one.
fn with_en(t: &Text) -> String {
    let en = ENGLISH.with(|e| {
        e.borrow()
            .iter()
            .find(|(sp, _)| (sp.start, sp.end) == (t.span.start, t.span.end))
            .map(|(_, v)| v.clone())
    });
    match en {
        Some(en) => format!("{} en {}", string(&t.value), string(&en)),
        None => string(&t.value),
    }
}
