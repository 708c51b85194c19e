//! The one lowering pass from pest pairs to the typed AST. The grammar
//! guarantees the shape of every pair; a shape it does not expect is an
//! internal error, never a panic.

use super::errors::internal;
use super::{Rule, MAX_EXPR_DEPTH};
use crate::ast::*;
use crate::error::ParseError;
use pest::iterators::{Pair, Pairs};

type P<'a> = Pair<'a, Rule>;
type R<T> = Result<T, ParseError>;

/// The span of a pair without the whitespace and whole-line comments that
/// pest includes when a rule ends in an optional part, so diagnostics
/// underline exactly the code.
fn span(p: &P, off: usize) -> Span {
    let s = p.as_span();
    let text = code_end(p.as_str());
    Span::new(s.start() + off, s.start() + off + text)
}

fn code_end(text: &str) -> usize {
    let mut t = text.trim_end();
    loop {
        let line_start = t.rfind('\n').map_or(0, |i| i + 1);
        if line_start > 0 && t[line_start..].trim_start().starts_with("//") {
            t = t[..line_start].trim_end();
        } else {
            return t.len();
        }
    }
}

/// Takes the next inner pair or reports an internal error at `at`.
fn next<'a>(it: &mut Pairs<'a, Rule>, at: usize) -> R<P<'a>> {
    it.next().ok_or_else(|| internal(at))
}

fn ident(p: P, off: usize) -> Ident {
    Ident { name: p.as_str().to_string(), span: span(&p, off) }
}

fn text(p: P, off: usize) -> Text {
    let sp = span(&p, off);
    let raw = p.into_inner().next().map(|i| i.as_str()).unwrap_or("");
    Text { value: unescape(raw), span: sp }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn int(p: P, off: usize) -> R<Int> {
    let sp = span(&p, off);
    let value = p
        .as_str()
        .parse::<i64>()
        .map_err(|_| ParseError::new("number too large", sp, "not a usable whole number"))?;
    Ok(Int { value, span: sp })
}

fn number(p: &P, off: usize) -> R<f64> {
    let sp = span(p, off);
    p.as_str().parse::<f64>().map_err(|_| ParseError::new("invalid number", sp, "not a number"))
}

fn quantity(p: P, off: usize) -> R<Quantity> {
    let sp = span(&p, off);
    let mut it = p.into_inner();
    let n = next(&mut it, sp.start)?;
    let value = number(&n, off)?;
    let suffix =
        it.next().map(|s| if s.as_str() == "%" { Suffix::Percent } else { Suffix::PercentagePoints });
    Ok(Quantity { value, literal: n.as_str().to_string(), suffix, span: sp })
}

fn opt_title(it: &mut std::iter::Peekable<Pairs<Rule>>, off: usize) -> Option<Text> {
    if it.peek().map(|p| p.as_rule()) == Some(Rule::string) {
        it.next().map(|p| text(p, off))
    } else {
        None
    }
}

/// `en "…"` after a title: the English title.
fn opt_title_en(it: &mut std::iter::Peekable<Pairs<Rule>>, off: usize) -> Option<Text> {
    if it.peek().map(|p| p.as_rule()) == Some(Rule::title_en) {
        it.next().and_then(|p| p.into_inner().find(|q| q.as_rule() == Rule::string)).map(|p| text(p, off))
    } else {
        None
    }
}

/// Collects every string followed by `en "…"`, anywhere in the tree.
fn english_pairs(p: P, off: usize, out: &mut Vec<(Text, Text)>) {
    let mut last_string: Option<P> = None;
    for child in p.into_inner() {
        match child.as_rule() {
            Rule::string => last_string = Some(child),
            Rule::title_en => {
                let en = child.into_inner().find(|q| q.as_rule() == Rule::string);
                if let (Some(de), Some(en)) = (last_string.take(), en) {
                    out.push((text(de, off), text(en, off)));
                }
            }
            _ => {
                last_string = None;
                english_pairs(child, off, out);
            }
        }
    }
}

fn ident_list(p: P, off: usize) -> Vec<Ident> {
    p.into_inner().map(|i| ident(i, off)).collect()
}

pub fn file(p: P, off: usize) -> R<File> {
    let mut items = Vec::new();
    let mut english = Vec::new();
    english_pairs(p.clone(), off, &mut english);
    for inner in p.into_inner() {
        if inner.as_rule() == Rule::EOI {
            continue;
        }
        items.push(item(inner, off)?);
    }
    Ok(File { items, english })
}

fn item(p: P, off: usize) -> R<Item> {
    let sp = span(&p, off);
    Ok(match p.as_rule() {
        Rule::rulebook_decl => Item::Rulebook(rulebook(p, off)?),
        Rule::import_decl => {
            let mut inner = p.into_inner();
            let path = text(next(&mut inner, sp.start)?, off);
            let pin = inner.next().map(|p| pin(p, off)).transpose()?;
            Item::Import(ImportDecl { path, pin, span: sp })
        }
        Rule::source_decl => Item::Source(source(p, off)?),
        Rule::dimension_decl => Item::Dimension(dimension(p, off)?),
        Rule::area_decl => Item::Area(area(p, off)?),
        Rule::field_decl => Item::Field(field(p, off)?),
        Rule::indicator_decl => Item::Indicator(indicator(p, off, false)?),
        Rule::override_decl => Item::Indicator(indicator(p, off, true)?),
        Rule::check_decl => Item::Check(check(p, off)?),
        Rule::privacy_decl => Item::Privacy(settings_decl(p, off)?),
        Rule::assessment_decl => Item::Assessment(settings_decl(p, off)?),
        Rule::let_decl => Item::Let(let_decl(p, off)?),
        _ => return Err(internal(sp.start)),
    })
}

fn rulebook(p: P, off: usize) -> R<RulebookDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner();
    let name = text(next(&mut it, sp.start)?, off);
    let mut props = Vec::new();
    for prop in it {
        let psp = span(&prop, off);
        let rule = prop.as_rule();
        let mut inner = prop.into_inner();
        let first = next(&mut inner, psp.start)?;
        let kind = match rule {
            Rule::rb_municipality => RulebookProp::Municipality(text(first, off)),
            Rule::rb_kind => RulebookProp::Kind(ident(first, off)),
            Rule::rb_state => RulebookProp::State(text(first, off)),
            Rule::rb_version => RulebookProp::Version(text(first, off)),
            Rule::rb_language => RulebookProp::Language(ident(first, off)),
            Rule::rb_years => {
                let mut r = first.into_inner();
                let a = int(next(&mut r, psp.start)?, off)?;
                let b = int(next(&mut r, psp.start)?, off)?;
                RulebookProp::Years(a, b)
            }
            Rule::rb_extends => {
                let pin = inner.next().map(|p| pin(p, off)).transpose()?;
                RulebookProp::Extends(text(first, off), pin)
            }
            Rule::rb_description => RulebookProp::Description(text(first, off)),
            Rule::rb_publisher => RulebookProp::Publisher(text(first, off)),
            Rule::rb_contact => RulebookProp::Contact(text(first, off)),
            Rule::rb_as_of => RulebookProp::AsOf(text(first, off)),
            Rule::rb_terminology => RulebookProp::Terminology(ident(first, off)),
            _ => return Err(internal(psp.start)),
        };
        props.push(Prop { kind, span: psp });
    }
    Ok(RulebookDecl { name, props, span: sp })
}

/// `version "…"? sha256 "…"` after `extends`/`import`.
fn pin(p: P, off: usize) -> R<Pin> {
    let sp = span(&p, off);
    let mut version = None;
    let mut sha256 = None;
    for part in p.into_inner() {
        let rule = part.as_rule();
        let value = text(next(&mut part.into_inner(), sp.start)?, off);
        match rule {
            Rule::pin_version => version = Some(value),
            Rule::pin_sha256 => sha256 = Some(value),
            _ => return Err(internal(sp.start)),
        }
    }
    Ok(Pin { version, sha256: sha256.ok_or_else(|| internal(sp.start))?, span: sp })
}

fn source(p: P, off: usize) -> R<SourceDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner().peekable();
    let id = ident(it.next().ok_or_else(|| internal(sp.start))?, off);
    let title = opt_title(&mut it, off);
    let title_en = opt_title_en(&mut it, off);
    let mut props = Vec::new();
    for prop in it {
        let psp = span(&prop, off);
        let rule = prop.as_rule();
        let mut inner = prop.into_inner();
        let first = next(&mut inner, psp.start)?;
        let kind = match rule {
            Rule::src_kind => SourceProp::Kind(ident(first, off)),
            Rule::src_file => SourceProp::File(text(first, off)),
            Rule::src_database => SourceProp::Database(text(first, off)),
            Rule::src_table => SourceProp::Table(text(first, off)),
            Rule::src_mh => SourceProp::MigrationBackground(ident(first, off)),
            Rule::src_year => SourceProp::YearColumn(ident(first, off)),
            Rule::src_weight => SourceProp::Weight(ident(first, off)),
            Rule::src_column => {
                SourceProp::Column(ident(first, off), text(next(&mut inner, psp.start)?, off))
            }
            Rule::src_break => SourceProp::SeriesBreak(int(first, off)?, inner.next().map(|t| text(t, off))),
            Rule::src_confidential => SourceProp::Confidential(ident(first, off)),
            Rule::src_description => SourceProp::Description(text(first, off)),
            Rule::src_measure => {
                let kinds = inner
                    .map(|k| {
                        let mut parts = k.into_inner();
                        let kind = parts.next().map(|p| ident(p, off));
                        let labels: Vec<Text> = parts.map(|t| text(t, off)).collect();
                        kind.map(|kind| (kind, labels))
                    })
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| internal(psp.start))?;
                SourceProp::Measure(ident(first, off), kinds)
            }
            Rule::src_years_wide => {
                // `in_op` comes first, then the value name.
                let name = if first.as_rule() == Rule::in_op { next(&mut inner, psp.start)? } else { first };
                SourceProp::YearsInColumns(ident(name, off))
            }
            Rule::src_setting => {
                let values = inner
                    .map(|v| {
                        let quoted = v.as_rule() == Rule::string;
                        let sp = span(&v, off);
                        if quoted {
                            FileSettingValue { value: text(v, off).value, quoted, span: sp }
                        } else {
                            FileSettingValue { value: v.as_str().to_string(), quoted, span: sp }
                        }
                    })
                    .collect();
                SourceProp::Setting(ident(first, off), values)
            }
            _ => return Err(internal(psp.start)),
        };
        props.push(Prop { kind, span: psp });
    }
    Ok(SourceDecl { id, title, title_en, props, span: sp })
}

fn dimension(p: P, off: usize) -> R<DimensionDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner().peekable();
    let id = ident(it.next().ok_or_else(|| internal(sp.start))?, off);
    let title = opt_title(&mut it, off);
    let title_en = opt_title_en(&mut it, off);
    let mut props = Vec::new();
    for prop in it {
        let psp = span(&prop, off);
        let rule = prop.as_rule();
        let kind = match rule {
            Rule::dim_group => DimensionProp::Group(group(prop, off)?),
            Rule::dim_reference => {
                DimensionProp::Reference(ident(next(&mut prop.into_inner(), psp.start)?, off))
            }
            Rule::dim_description => {
                DimensionProp::Description(text(next(&mut prop.into_inner(), psp.start)?, off))
            }
            _ => return Err(internal(psp.start)),
        };
        props.push(Prop { kind, span: psp });
    }
    Ok(DimensionDecl { id, title, title_en, props, span: sp })
}

fn group(p: P, off: usize) -> R<GroupDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner().peekable();
    let id = ident(it.next().ok_or_else(|| internal(sp.start))?, off);
    let title = opt_title(&mut it, off);
    let title_en = opt_title_en(&mut it, off);
    let rule_pair = it.next().ok_or_else(|| internal(sp.start))?;
    let rule = match rule_pair.as_rule() {
        Rule::group_when => GroupRule::When(expr(next(&mut rule_pair.into_inner(), sp.start)?, off)?),
        Rule::group_otherwise => GroupRule::Otherwise,
        Rule::group_sum => GroupRule::Sum(rule_pair.into_inner().map(|i| ident(i, off)).collect()),
        Rule::group_columns => {
            let mut cols = Vec::new();
            for c in rule_pair.into_inner() {
                if c.as_rule() == Rule::string {
                    cols.push((None, text(c, off)));
                } else {
                    let cs = span(&c, off);
                    let mut parts = c.into_inner();
                    let name = ident(next(&mut parts, cs.start)?, off);
                    cols.push((Some(name), text(next(&mut parts, cs.start)?, off)));
                }
            }
            GroupRule::Columns(cols)
        }
        _ => return Err(internal(sp.start)),
    };
    Ok(GroupDecl { id, title, title_en, rule })
}

fn area(p: P, off: usize) -> R<AreaDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner().peekable();
    let id = ident(it.next().ok_or_else(|| internal(sp.start))?, off);
    let title = opt_title(&mut it, off);
    let title_en = opt_title_en(&mut it, off);
    let mut props = Vec::new();
    for prop in it {
        let psp = span(&prop, off);
        let rule = prop.as_rule();
        let mut inner = prop.into_inner();
        let first = next(&mut inner, psp.start)?;
        let kind = match rule {
            Rule::area_column => AreaProp::Column(ident(first, off)),
            Rule::area_unit => AreaProp::Unit(text(first, off), inner.next().map(|t| text(t, off))),
            Rule::area_total => AreaProp::Total(text(first, off)),
            Rule::area_total_from => AreaProp::TotalFrom(text(first, off)),
            Rule::area_parents => AreaProp::Parents(text(first, off)),
            Rule::area_geometry => AreaProp::Geometry(text(first, off), inner.next().map(|t| text(t, off))),
            Rule::area_description => AreaProp::Description(text(first, off)),
            _ => return Err(internal(psp.start)),
        };
        props.push(Prop { kind, span: psp });
    }
    Ok(AreaDecl { id, title, title_en, props, span: sp })
}

fn field(p: P, off: usize) -> R<FieldDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner().peekable();
    let id = ident(it.next().ok_or_else(|| internal(sp.start))?, off);
    let title = opt_title(&mut it, off);
    let title_en = opt_title_en(&mut it, off);
    let Some(block) = it.next() else {
        return Ok(FieldDecl { id, title, title_en, props: None, span: sp });
    };
    let mut props = Vec::new();
    for prop in block.into_inner() {
        let psp = span(&prop, off);
        let rule = prop.as_rule();
        let first = next(&mut prop.into_inner(), psp.start)?;
        let kind = match rule {
            Rule::fld_steerable => FieldProp::Steerable(ident(first, off)),
            Rule::fld_description => FieldProp::Description(text(first, off)),
            _ => return Err(internal(psp.start)),
        };
        props.push(Prop { kind, span: psp });
    }
    Ok(FieldDecl { id, title, title_en, props: Some(props), span: sp })
}

fn indicator(p: P, off: usize, is_override: bool) -> R<IndicatorDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner().peekable();
    let id = ident(it.next().ok_or_else(|| internal(sp.start))?, off);
    let title = opt_title(&mut it, off);
    let title_en = opt_title_en(&mut it, off);
    let mut props = Vec::new();
    for prop in it {
        let psp = span(&prop, off);
        props.push(Prop { kind: indicator_prop(prop, off)?, span: psp });
    }
    Ok(IndicatorDecl { is_override, id, title, title_en, props, span: sp })
}

fn indicator_prop(prop: P, off: usize) -> R<IndicatorProp> {
    let psp = span(&prop, off);
    let rule = prop.as_rule();
    if rule == Rule::ind_core {
        return Ok(IndicatorProp::Core(prop.into_inner().next().map(|f| f.as_str() == "yes")));
    }
    if rule == Rule::ind_privacy {
        let mut settings = Vec::new();
        for s in prop.into_inner() {
            settings.push(Prop { span: span(&s, off), kind: setting(s, off)? });
        }
        return Ok(IndicatorProp::Privacy(settings));
    }
    let mut inner = prop.into_inner();
    let first = next(&mut inner, psp.start)?;
    Ok(match rule {
        Rule::ind_field => IndicatorProp::Field(ident(first, off)),
        Rule::ind_purpose => IndicatorProp::Purpose(text(first, off)),
        Rule::ind_audience => IndicatorProp::Audience(ident_list(first, off)),
        Rule::ind_unit => IndicatorProp::Unit(ident(first, off)),
        Rule::ind_polarity => IndicatorProp::Polarity(ident(first, off)),
        Rule::ind_numerator => IndicatorProp::Numerator(aggregate(first, off)?),
        Rule::ind_denominator => IndicatorProp::Denominator(aggregate(first, off)?),
        Rule::ind_by => IndicatorProp::By(ident_list(first, off)),
        Rule::ind_compare => IndicatorProp::Compare(ident(first, off), inner.next().map(|i| ident(i, off))),
        Rule::ind_target => {
            let (subject, groups) = subject(first, off)?;
            let op = cmp_op(&next(&mut inner, psp.start)?);
            let bound = quantity(next(&mut inner, psp.start)?, off)?;
            let year = inner.next().map(|y| int(y, off)).transpose()?;
            IndicatorProp::Target(TargetDecl { subject, groups, op, bound, year, span: psp })
        }
        Rule::ind_thresholds => {
            let subject = subject_kind(&first);
            let mut bands = Vec::new();
            for b in inner {
                let bsp = span(&b, off);
                let mut bi = b.into_inner();
                let class = ident(next(&mut bi, bsp.start)?, off);
                let op = cmp_op(&next(&mut bi, bsp.start)?);
                let bound = quantity(next(&mut bi, bsp.start)?, off)?;
                bands.push(Band { class, op, bound, span: bsp });
            }
            IndicatorProp::Thresholds(ThresholdsDecl { subject, bands, span: psp })
        }
        Rule::ind_note => IndicatorProp::Note(text(first, off)),
        Rule::ind_definition => IndicatorProp::Definition(text(first, off)),
        Rule::ind_adopted => {
            IndicatorProp::Adopted(text(first, off), pin(next(&mut inner, psp.start)?, off)?)
        }
        _ => return Err(internal(psp.start)),
    })
}

fn subject_kind(p: &P) -> SubjectKind {
    match p.as_str().trim() {
        "gap" => SubjectKind::Gap,
        "ratio" => SubjectKind::Ratio,
        _ => SubjectKind::Value,
    }
}

fn subject(p: P, off: usize) -> R<(SubjectKind, Vec<Ident>)> {
    let sp = span(&p, off);
    let mut it = p.into_inner();
    let kind = subject_kind(&next(&mut it, sp.start)?);
    Ok((kind, it.map(|i| ident(i, off)).collect()))
}

fn cmp_op(p: &P) -> CmpOp {
    match p.as_str() {
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        "!=" => CmpOp::Ne,
        _ => CmpOp::Eq,
    }
}

fn aggregate(p: P, off: usize) -> R<Aggregate> {
    aggregate_d(p, off).map(|(a, _)| a)
}

/// An aggregate and the depth of its filter tree (plus one for itself).
fn aggregate_d(p: P, off: usize) -> R<(Aggregate, usize)> {
    let sp = span(&p, off);
    let mut it = p.into_inner();
    let function = match next(&mut it, sp.start)?.as_str().trim() {
        "sum" => AggregateFn::Sum,
        "rate" => AggregateFn::Rate,
        _ => AggregateFn::Count,
    };
    let source = ident(next(&mut it, sp.start)?, off);
    let mut column = None;
    let mut filter = None;
    let mut depth = 0;
    for rest in it {
        match rest.as_rule() {
            Rule::ident => column = Some(ident(rest, off)),
            Rule::expr => {
                let (f, d) = expr_d(rest, off)?;
                depth = d;
                filter = Some(f);
            }
            Rule::where_kw => {}
            _ => return Err(internal(sp.start)),
        }
    }
    let depth = deeper(depth, Span::new(sp.start, sp.start + 1))?;
    Ok((Aggregate { function, source, column, filter, span: sp }, depth))
}

fn check(p: P, off: usize) -> R<CheckDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner().peekable();
    let id = ident(it.next().ok_or_else(|| internal(sp.start))?, off);
    let title = opt_title(&mut it, off);
    let title_en = opt_title_en(&mut it, off);
    let mut props = Vec::new();
    for prop in it {
        let psp = span(&prop, off);
        let rule = prop.as_rule();
        let first = next(&mut prop.into_inner(), psp.start)?;
        let kind = match rule {
            Rule::chk_expect => CheckProp::Expect(expr(first, off)?),
            Rule::chk_by => CheckProp::By(ident_list(first, off)),
            Rule::chk_tolerance => CheckProp::Tolerance(quantity(first, off)?),
            Rule::chk_severity => CheckProp::Severity(ident(first, off)),
            Rule::chk_description => CheckProp::Description(text(first, off)),
            _ => return Err(internal(psp.start)),
        };
        props.push(Prop { kind, span: psp });
    }
    Ok(CheckDecl { id, title, title_en, props, span: sp })
}

fn settings_decl(p: P, off: usize) -> R<SettingsDecl> {
    let sp = span(&p, off);
    let mut settings = Vec::new();
    for s in p.into_inner() {
        settings.push(Prop { span: span(&s, off), kind: setting(s, off)? });
    }
    Ok(SettingsDecl { settings, span: sp })
}

fn setting(p: P, off: usize) -> R<Setting> {
    let sp = span(&p, off);
    let mut it = p.into_inner();
    let key = ident(next(&mut it, sp.start)?, off);
    let v = next(&mut it, sp.start)?;
    let value = match v.as_rule() {
        Rule::quantity => SettingValue::Quantity(quantity(v, off)?),
        _ => SettingValue::Literal(literal(v, off)?),
    };
    Ok(Setting { key, value })
}

fn literal(p: P, off: usize) -> R<Literal> {
    let sp = span(&p, off);
    let inner = next(&mut p.into_inner(), sp.start)?;
    Ok(match inner.as_rule() {
        Rule::string => Literal::Str(text(inner, off)),
        Rule::number => {
            Literal::Number { value: number(&inner, off)?, literal: inner.as_str().to_string(), span: sp }
        }
        _ => Literal::Name(ident(inner, off)),
    })
}

fn let_decl(p: P, off: usize) -> R<LetDecl> {
    let sp = span(&p, off);
    let mut it = p.into_inner();
    let name = ident(next(&mut it, sp.start)?, off);
    let v = next(&mut it, sp.start)?;
    let value = match v.as_rule() {
        Rule::rhai_expr => {
            let code = next(&mut v.into_inner(), sp.start)?;
            let csp = span(&code, off);
            let inner = code.into_inner().next().map(|c| c.as_str()).unwrap_or("");
            LetValue::Rhai(Text { value: inner.to_string(), span: Span::new(csp.start + 1, csp.end - 1) })
        }
        _ => LetValue::Native(expr(v, off)?),
    };
    Ok(LetDecl { name, value, span: sp })
}

// ---------------------------------------------------------------- expressions

/// Lowers an expression; refuses trees deeper than [`MAX_EXPR_DEPTH`].
fn expr(p: P, off: usize) -> R<Expr> {
    expr_d(p, off).map(|(e, _)| e)
}

/// The error for an expression tree that would be deeper than the limit,
/// pointing at the operator (or bracket) where the limit is reached.
fn too_deep(at: Span) -> ParseError {
    ParseError::new(
        format!("expression nested deeper than {MAX_EXPR_DEPTH} levels"),
        at,
        "expression depth limit reached here",
    )
    .with_help(
        "split the expression with `let` definitions, or write long `or` chains of \
         comparisons as `column in [\"a\", \"b\", …]`",
    )
}

/// Adds one level of tree depth, failing beyond the limit.
fn deeper(depth: usize, at: Span) -> R<usize> {
    let d = depth + 1;
    if d > MAX_EXPR_DEPTH {
        Err(too_deep(at))
    } else {
        Ok(d)
    }
}

/// Lowers an expression and returns the depth of the tree built. Chains
/// (`a and b and …`, `not not …`, `- - x`) are folded in loops, and their
/// depth is counted before each node is added, so neither this pass nor any
/// later recursive pass over the tree (checks, evaluation, formatting, drop)
/// can overflow the stack.
fn expr_d(p: P, off: usize) -> R<(Expr, usize)> {
    let sp = span(&p, off);
    match p.as_rule() {
        Rule::expr => expr_d(next(&mut p.into_inner(), sp.start)?, off),
        Rule::or_expr | Rule::and_expr | Rule::sum_expr | Rule::prod_expr => binary_chain(p, off),
        Rule::not_expr | Rule::unary => {
            let is_not = p.as_rule() == Rule::not_expr;
            let inner: Vec<P> = p.into_inner().collect();
            let ops: Vec<Span> = inner
                .iter()
                .filter(|i| matches!(i.as_rule(), Rule::not_op | Rule::neg_op))
                .map(|o| span(o, off))
                .collect();
            let last = inner.into_iter().last().ok_or_else(|| internal(sp.start))?;
            let (mut e, mut depth) = expr_d(last, off)?;
            // Innermost operator first: the one written last.
            for at in ops.into_iter().rev() {
                depth = deeper(depth, at)?;
                e = if is_not {
                    Expr::Not { inner: Box::new(e), span: sp }
                } else {
                    Expr::Neg { inner: Box::new(e), span: sp }
                };
            }
            Ok((e, depth))
        }
        Rule::cmp_expr => {
            let mut it = p.into_inner();
            let (left, ld) = expr_d(next(&mut it, sp.start)?, off)?;
            let Some(op) = it.next() else { return Ok((left, ld)) };
            let op_span = span(&op, off);
            let rhs = next(&mut it, sp.start)?;
            match (op.as_rule(), rhs.as_rule()) {
                (Rule::in_op, Rule::range) => {
                    let mut r = rhs.into_inner();
                    let lo = next(&mut r, sp.start)?;
                    let hi = next(&mut r, sp.start)?;
                    let e = Expr::InRange {
                        subject: Box::new(left),
                        low: number(&lo, off)?,
                        high: number(&hi, off)?,
                        low_lit: lo.as_str().to_string(),
                        high_lit: hi.as_str().to_string(),
                        span: sp,
                    };
                    Ok((e, deeper(ld, op_span)?))
                }
                (Rule::in_op, _) => {
                    let items = rhs.into_inner().map(|l| literal(l, off)).collect::<R<Vec<_>>>()?;
                    Ok((Expr::InList { subject: Box::new(left), items, span: sp }, deeper(ld, op_span)?))
                }
                _ => {
                    let bin = match op.as_str() {
                        "<" => BinOp::Lt,
                        "<=" => BinOp::Le,
                        ">" => BinOp::Gt,
                        ">=" => BinOp::Ge,
                        "!=" => BinOp::Ne,
                        _ => BinOp::Eq,
                    };
                    let (right, rd) = expr_d(rhs, off)?;
                    let depth = deeper(ld.max(rd), op_span)?;
                    Ok((
                        Expr::Binary { op: bin, left: Box::new(left), right: Box::new(right), span: sp },
                        depth,
                    ))
                }
            }
        }
        Rule::number => {
            Ok((Expr::Number { value: number(&p, off)?, literal: p.as_str().to_string(), span: sp }, 1))
        }
        Rule::string => Ok((Expr::Str(text(p, off)), 1)),
        Rule::bool => Ok((Expr::Bool { value: p.as_str().trim() == "true", span: sp }, 1)),
        Rule::ident => Ok((Expr::Name(ident(p, off)), 1)),
        Rule::paren => {
            let (inner, d) = expr_d(next(&mut p.into_inner(), sp.start)?, off)?;
            let depth = deeper(d, Span::new(sp.start, sp.start + 1))?;
            Ok((Expr::Paren { inner: Box::new(inner), span: sp }, depth))
        }
        Rule::aggregate => {
            let (agg, d) = aggregate_d(p, off)?;
            Ok((Expr::Aggregate(Box::new(agg)), d))
        }
        Rule::call => {
            let mut it = p.into_inner();
            let function = ident(next(&mut it, sp.start)?, off);
            let mut args = Vec::new();
            let mut d = 0;
            for a in it {
                let (e, ad) = expr_d(a, off)?;
                d = d.max(ad);
                args.push(e);
            }
            let depth = deeper(d, function.span)?;
            Ok((Expr::Call { function, args, span: sp }, depth))
        }
        _ => Err(internal(sp.start)),
    }
}

/// Folds `a op b op c` left-associatively.
fn binary_chain(p: P, off: usize) -> R<(Expr, usize)> {
    let sp = span(&p, off);
    let mut it = p.into_inner();
    let (mut left, mut depth) = expr_d(next(&mut it, sp.start)?, off)?;
    while let Some(op) = it.next() {
        let op_span = span(&op, off);
        let (right, rd) = expr_d(next(&mut it, sp.start)?, off)?;
        depth = deeper(depth.max(rd), op_span)?;
        let bin = match (op.as_rule(), op.as_str().trim()) {
            (Rule::or_op, _) => BinOp::Or,
            (Rule::and_op, _) => BinOp::And,
            (_, "+") => BinOp::Add,
            (_, "-") => BinOp::Sub,
            (_, "*") => BinOp::Mul,
            _ => BinOp::Div,
        };
        let span = Span::new(left.span().start, right.span().end);
        left = Expr::Binary { op: bin, left: Box::new(left), right: Box::new(right), span };
    }
    Ok((left, depth))
}
