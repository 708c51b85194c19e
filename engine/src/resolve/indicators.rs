//! Indicators: overrides applied attribute by attribute, every reference
//! resolved, and the consistency checks between unit, polarity, targets and
//! thresholds.

use super::collect::Collected;
use super::cx::{origin, Cx};
use super::settings::{apply_privacy, cell_key_site, check_cell_key};
use crate::diag::{Diag, FileId};
use crate::model::*;
use indexmap::IndexMap;
use kimon_grammar::ast::*;

type Props<'a> = Vec<(FileId, &'a Prop<IndicatorProp>)>;

pub fn indicators(c: &Collected, model: &Model, cx: &mut Cx) -> IndexMap<String, Indicator> {
    let mut out = IndexMap::new();
    for (file, ov) in &c.overrides {
        if !c.indicators.contains_key(&ov.id.name) {
            cx.unknown("indicator to override", &ov.id, *file, c.indicators.keys().map(String::as_str));
        }
    }
    for (id, (file, decl)) in &c.indicators {
        let mut props: Props = decl.props.iter().map(|p| (*file, p)).collect();
        let mut title = decl.title.clone();
        let mut title_en = decl.title_en.clone();
        for (ofile, ov) in c.overrides.iter().filter(|(_, o)| o.id.name == *id) {
            let replaced: Vec<&str> = ov.props.iter().map(|p| p.kind.attribute()).collect();
            props.retain(|(_, p)| !replaced.contains(&p.kind.attribute()));
            props.extend(ov.props.iter().map(|p| (*ofile, p)));
            if ov.title.is_some() {
                title.clone_from(&ov.title);
            }
            if ov.title_en.is_some() {
                title_en.clone_from(&ov.title_en);
            }
        }
        if let Some(ind) = build(id, (title, title_en), *file, decl, &props, model, cx) {
            out.insert(id.clone(), ind);
        }
    }
    // Second pass: references between indicators.
    let ids: Vec<String> = out.keys().cloned().collect();
    for ind in out.values() {
        if let Compare::Indicator(other) = &ind.compare {
            if !ids.contains(other) || other == &ind.id {
                let span = ind.attr_origins.get("compare").map_or(ind.origin.span, |o| o.span);
                let ident = Ident { name: other.clone(), span };
                cx.unknown(
                    "indicator to compare with",
                    &ident,
                    ind.origin.file,
                    ids.iter().map(String::as_str).filter(|i| *i != ind.id),
                );
            }
        }
    }
    out
}

fn build(
    id: &str,
    (title, title_en): (Option<Text>, Option<Text>),
    file: FileId,
    decl: &IndicatorDecl,
    props: &Props,
    model: &Model,
    cx: &mut Cx,
) -> Option<Indicator> {
    let mut field: Option<String> = None;
    let mut unit: Option<Unit> = None;
    let mut polarity = Polarity::Neutral;
    let mut numerator = None;
    let mut denominator = None;
    let mut ind_privacy = model.privacy.clone();
    let mut dims = Vec::new();
    let mut area = None;
    let mut compare = Compare::Reference;
    let mut attr_origins = IndexMap::new();
    let (mut core, mut purpose, mut definition) = (false, None, None);
    let mut adopted = None;
    let (mut audience, mut notes) = (Vec::new(), Vec::new());
    for (pfile, p) in props {
        let pfile = *pfile;
        attr_origins.insert(p.kind.attribute(), origin(pfile, p.span));
        match &p.kind {
            IndicatorProp::Field(f) => {
                if model.fields.contains_key(&f.name) {
                    field = Some(f.name.clone());
                } else {
                    cx.unknown("field", f, pfile, model.fields.keys().map(String::as_str));
                }
            }
            IndicatorProp::Core(v) => core = v.unwrap_or(true),
            IndicatorProp::Purpose(t) => purpose = Some(t.value.clone()),
            IndicatorProp::Audience(list) => {
                audience = list
                    .iter()
                    .filter_map(|a| {
                        cx.keyword(
                            "audience",
                            a,
                            pfile,
                            &["verwaltung", "politik", "oeffentlichkeit"],
                            Audience::parse,
                        )
                    })
                    .collect()
            }
            IndicatorProp::Unit(u) => unit = cx.keyword("unit", u, pfile, Unit::NAMES, Unit::parse),
            IndicatorProp::Polarity(u) => {
                if let Some(v) =
                    cx.keyword("polarity", u, pfile, &["higher", "lower", "neutral"], Polarity::parse)
                {
                    polarity = v;
                }
            }
            IndicatorProp::Numerator(a) => {
                numerator = aggregate(a, pfile, model, cx);
                if let Some(n) = &numerator {
                    super::rates::numerator(n, model, cx);
                }
            }
            IndicatorProp::Denominator(a) => {
                denominator = aggregate(a, pfile, model, cx);
                if let Some(d) = &denominator {
                    super::rates::not_here(d, pfile, a.span, "a denominator", cx);
                }
            }
            IndicatorProp::By(list) => {
                for name in list {
                    if model.dimensions.contains_key(&name.name) {
                        if dims.contains(&name.name) {
                            cx.error(
                                "duplicate",
                                format!("`{}` is listed twice in `by`", name.name),
                                pfile,
                                name.span,
                                "listed again",
                            );
                        } else {
                            dims.push(name.name.clone());
                        }
                    } else if model.areas.contains_key(&name.name) {
                        if let Some(prev) = &area {
                            cx.push(
                                Diag::error("two-areas", format!("indicator `{id}` is broken down by two areas (`{prev}` and `{}`)", name.name))
                                    .at(pfile, name.span, "second area")
                                    .help("an indicator has at most one area hierarchy; declare a second indicator for the other"),
                            );
                        } else {
                            area = Some(name.name.clone());
                        }
                    } else {
                        let cands: Vec<&str> =
                            model.dimensions.keys().chain(model.areas.keys()).map(String::as_str).collect();
                        cx.unknown("dimension or area", name, pfile, cands);
                    }
                }
            }
            IndicatorProp::Compare(kind, other) => {
                compare = match (kind.name.as_str(), other) {
                    ("reference", None) => Compare::Reference,
                    ("complement", None) => Compare::Complement,
                    ("total", None) => Compare::Total,
                    ("indicator", Some(o)) => Compare::Indicator(o.name.clone()),
                    _ => {
                        cx.push(
                            Diag::error("invalid-value", format!("`compare {}` is not understood", kind.name))
                                .at(pfile, p.span, "invalid comparison")
                                .help("write `compare reference`, `compare complement`, `compare total` or `compare indicator <id>`"),
                        );
                        Compare::Reference
                    }
                }
            }
            IndicatorProp::Note(t) => notes.push(t.value.clone()),
            IndicatorProp::Definition(t) => definition = Some(t.value.clone()),
            IndicatorProp::Adopted(from, pin) => {
                adopted = Some(Provenance {
                    from: from.value.clone(),
                    version: pin.version.as_ref().map(|v| v.value.clone()),
                    sha256: pin.sha256.value.clone(),
                })
            }
            IndicatorProp::Privacy(settings) => {
                apply_privacy(&mut ind_privacy, settings.iter().map(|s| (pfile, s)), cx);
                if let Some(span) = cell_key_site(settings) {
                    check_cell_key(&ind_privacy, pfile, span, cx);
                }
            }
            IndicatorProp::Target(_) | IndicatorProp::Thresholds(_) => {}
        }
    }
    let unit = unit.unwrap_or(if denominator.is_some() { Unit::Percent } else { Unit::Count });
    let Some(numerator) = numerator else {
        if attr_origins.contains_key("numerator") {
            // The numerator was written but is invalid; that error is reported.
            return None;
        }
        cx.push(
            Diag::error("missing-attribute", format!("indicator `{id}` has no numerator"))
                .at(file, decl.id.span, "no `numerator`")
                .help("add e.g. `numerator count(register where unemployed == 1)`"),
        );
        return None;
    };
    // Published rates without their base are shown as published.
    let rate = numerator.function == AggregateFn::Rate;
    if denominator.is_none() && unit != Unit::Count && !rate {
        cx.push(
            Diag::error(
                "missing-attribute",
                format!("indicator `{id}` with unit `{}` needs a denominator", unit_name(unit)),
            )
            .at(file, decl.id.span, "no `denominator`")
            .help("add `denominator count(…)` or use `unit count`"),
        );
    }
    if field.is_none() && !attr_origins.contains_key("field") {
        cx.push(
            Diag::error("missing-attribute", format!("indicator `{id}` belongs to no field of action"))
                .at(file, decl.id.span, "no `field`")
                .help("add `field <id>` naming one of the rulebook's fields of action"),
        );
    }
    let field = field?;
    let mut ind = Indicator {
        id: id.to_string(),
        title: title.map_or_else(|| id.to_string(), |t| t.value),
        title_en: title_en.map(|t| t.value),
        field,
        core,
        purpose,
        audience,
        unit,
        polarity,
        numerator,
        denominator,
        dimensions: dims,
        area,
        compare,
        targets: Vec::new(),
        thresholds: Vec::new(),
        notes,
        definition,
        privacy: ind_privacy,
        adopted,
        origin: origin(file, decl.id.span),
        attr_origins,
    };
    for (pfile, p) in props {
        match &p.kind {
            IndicatorProp::Target(t) => {
                if let Some(target) = target(t, *pfile, &ind, model, cx) {
                    ind.targets.push(target);
                }
            }
            IndicatorProp::Thresholds(t) => {
                if let Some(th) = thresholds(t, *pfile, &ind, cx) {
                    ind.thresholds.push(th);
                }
            }
            _ => {}
        }
    }
    Some(ind)
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "percent",
        Unit::Per1000 => "per_1000",
        Unit::Count => "count",
        Unit::Mean => "mean",
        Unit::Ratio => "ratio",
    }
}

/// Checks one aggregate's source and column use.
fn aggregate(a: &Aggregate, file: FileId, model: &Model, cx: &mut Cx) -> Option<AggregateDef> {
    let mut ok = true;
    if !model.sources.contains_key(&a.source.name) {
        cx.unknown("source", &a.source, file, model.sources.keys().map(String::as_str));
        ok = false;
    }
    match (a.function, &a.column) {
        (AggregateFn::Count, Some(c)) => {
            cx.push(
                Diag::error("count-with-column", "`count` counts rows and takes no column")
                    .at(file, c.span, "column given to count")
                    .help(format!("use `sum({}.{} …)` to add up a column", a.source.name, c.name)),
            );
            ok = false;
        }
        (AggregateFn::Sum | AggregateFn::Rate, None) => {
            cx.push(
                Diag::error("sum-without-column", "`sum` needs a column to add up")
                    .at(file, a.span, "no column")
                    .help(format!(
                        "write `sum({}.<column> …)`, or `count({} …)` to count rows",
                        a.source.name, a.source.name
                    )),
            );
            ok = false;
        }
        _ => {}
    }
    if let Some(f) = &a.filter {
        f.walk(&mut |e| {
            if let Expr::Aggregate(inner) = e {
                cx.error(
                    "nested-aggregate",
                    "an aggregate cannot appear inside a row filter",
                    file,
                    inner.span,
                    "nested aggregate",
                );
            }
        });
    }
    ok.then(|| AggregateDef {
        function: a.function,
        source: a.source.name.clone(),
        column: a.column.as_ref().map(|c| c.name.clone()),
        filter: a.filter.clone(),
        origin: origin(file, a.span),
    })
}

/// Validates aggregates used in a plausibility check's formula.
pub fn check_aggregates_in(e: &Expr, model: &Model, file: FileId, cx: &mut Cx) {
    let mut found = Vec::new();
    e.walk(&mut |x| {
        if let Expr::Aggregate(a) = x {
            found.push(a.as_ref().clone());
        }
    });
    for a in &found {
        if let Some(def) = aggregate(a, file, model, cx) {
            super::rates::not_here(&def, file, a.span, "part of a check", cx);
        }
    }
    if found.is_empty() {
        cx.error(
            "check-without-data",
            "this check reads no data",
            file,
            e.span(),
            "no `count(…)` or `sum(…)`",
        );
    }
}

fn group_in_by<'m>(name: &Ident, ind: &Indicator, model: &'m Model) -> Option<&'m Dimension> {
    ind.dimensions.iter().filter_map(|d| model.dimensions.get(d)).find(|d| d.group(&name.name).is_some())
}

fn target(t: &TargetDecl, file: FileId, ind: &Indicator, model: &Model, cx: &mut Cx) -> Option<Target> {
    let mut ok = true;
    let mut dims_of_groups = Vec::new();
    for g in &t.groups {
        match group_in_by(g, ind, model) {
            Some(d) => dims_of_groups.push(d.id.clone()),
            None => {
                let all: Vec<&str> = ind
                    .dimensions
                    .iter()
                    .filter_map(|d| model.dimensions.get(d))
                    .flat_map(|d| d.groups.iter().map(|g| g.id.as_str()))
                    .collect();
                let elsewhere = model.dimensions.values().find(|d| d.group(&g.name).is_some());
                let help =
                    match (elsewhere, kimon_grammar::suggest::did_you_mean(&g.name, all.iter().copied())) {
                        (_, Some(h)) => format!("did you mean `{h}`?"),
                        (Some(d), None) => format!(
                            "`{}` is a group of dimension `{}`; add `{}` to the indicator's `by`",
                            g.name, d.id, d.id
                        ),
                        (None, None) if all.is_empty() => {
                            "the indicator has no `by` dimension; add one".into()
                        }
                        (None, None) => format!("groups available through `by`: {}", all.join(", ")),
                    };
                cx.push(
                    Diag::error(
                        "target-group-not-in-by",
                        format!(
                            "target group `{}` is not a group of the indicator's `by` dimensions",
                            g.name
                        ),
                    )
                    .at(file, g.span, "not broken down by this group")
                    .help(help),
                );
                ok = false;
            }
        }
    }
    if dims_of_groups.len() == 2 && dims_of_groups[0] != dims_of_groups[1] {
        cx.error(
            "invalid-value",
            "the two groups of a gap must belong to the same dimension",
            file,
            t.span,
            "groups of different dimensions",
        );
        ok = false;
    }
    if matches!(t.subject, SubjectKind::Gap | SubjectKind::Ratio)
        && ind.dimensions.is_empty()
        && !matches!(ind.compare, Compare::Indicator(_))
    {
        cx.push(
            Diag::error(
                "gap-without-dimension",
                format!("a target on a {} needs a `by` dimension", t.subject.keyword()),
            )
            .at(file, t.span, "nothing to compare")
            .help("add `by <dimension>` or target the `value`"),
        );
        ok = false;
    }
    if ok {
        if let Some(why) = not_assessable(t, ind, model) {
            cx.push(
                Diag::error("target-not-assessable", format!("this {} target can never be assessed: {why}", t.subject.keyword()))
                    .at(file, t.span, "no comparison for this target")
                    .help("name both groups, e.g. `gap(female, male)`, or declare a `reference` group in the dimension"),
            );
            ok = false;
        }
    }
    if t.subject == SubjectKind::Value && t.groups.len() > 1 {
        cx.error("invalid-value", "a value target names at most one group", file, t.span, "too many groups");
        ok = false;
    }
    check_suffix(t.subject, &t.bound, ind, file, cx);
    if let Some(y) = &t.year {
        if let Some((first, _)) = model.meta.years {
            if (y.value as i32) < first {
                cx.error(
                    "invalid-value",
                    format!("target year {} lies before the first monitored year {first}", y.value),
                    file,
                    y.span,
                    "year in the past",
                );
            }
        }
    }
    ok.then(|| Target {
        subject: t.subject,
        groups: t.groups.iter().map(|g| g.name.clone()).collect(),
        op: t.op,
        bound: t.bound.value,
        year: t.year.as_ref().map(|y| y.value as i32),
        origin: origin(file, t.span),
    })
}

/// `%` belongs to values of percent indicators, `pp` to their gaps.
fn check_suffix(subject: SubjectKind, q: &Quantity, ind: &Indicator, file: FileId, cx: &mut Cx) {
    match (q.suffix, subject) {
        (Some(Suffix::PercentagePoints), SubjectKind::Value) => cx.push(
            Diag::error("unit-mismatch", "a value is not measured in percentage points")
                .at(file, q.span, "`pp` on a value")
                .help("use `%` for the value of a percent indicator; `pp` is for gaps"),
        ),
        (Some(Suffix::PercentagePoints), SubjectKind::Gap) if ind.unit != Unit::Percent => cx.push(
            Diag::error(
                "unit-mismatch",
                format!(
                    "percentage points need a percent indicator, but the unit is `{}`",
                    unit_name(ind.unit)
                ),
            )
            .at(file, q.span, "`pp` on a non-percent indicator"),
        ),
        (Some(Suffix::Percent), SubjectKind::Gap) => cx.push(
            Diag::error("unit-mismatch", "a gap between two percentages is measured in percentage points")
                .at(file, q.span, "`%` on a gap")
                .help("write `pp` (Prozentpunkte) instead of `%`"),
        ),
        (Some(Suffix::Percent), SubjectKind::Value) if ind.unit != Unit::Percent => cx.push(
            Diag::error("unit-mismatch", format!("`%` on an indicator with unit `{}`", unit_name(ind.unit)))
                .at(file, q.span, "not a percentage"),
        ),
        (_, SubjectKind::Ratio) if q.suffix.is_some() => {
            cx.error("unit-mismatch", "a ratio has no unit", file, q.span, "drop the unit")
        }
        _ => {}
    }
    if subject == SubjectKind::Value && ind.unit == Unit::Percent && !(0.0..=100.0).contains(&q.value) {
        cx.push(
            Diag::error("unit-mismatch", format!("{} is not a possible percentage", q.literal))
                .at(file, q.span, "outside 0–100 %")
                .help("a share in percent lies between 0 and 100"),
        );
    }
}

fn thresholds(t: &ThresholdsDecl, file: FileId, ind: &Indicator, cx: &mut Cx) -> Option<Thresholds> {
    let mut bands = Vec::new();
    for b in &t.bands {
        let Some(class) = cx.keyword("threshold class", &b.class, file, BandClass::NAMES, BandClass::parse)
        else {
            continue;
        };
        check_suffix(t.subject, &b.bound, ind, file, cx);
        let upward = matches!(b.op, CmpOp::Gt | CmpOp::Ge);
        let downward = matches!(b.op, CmpOp::Lt | CmpOp::Le);
        let contradicts = match (ind.polarity, class) {
            (Polarity::Neutral, BandClass::Strength | BandClass::NeedForAction) => true,
            (Polarity::Lower, BandClass::Strength) => upward,
            (Polarity::Lower, BandClass::NeedForAction) => downward,
            (Polarity::Higher, BandClass::Strength) => downward,
            (Polarity::Higher, BandClass::NeedForAction) => upward,
            (_, BandClass::Neutral) => false,
        };
        if contradicts {
            let pol = match ind.polarity {
                Polarity::Higher => "higher values are better (`polarity higher`)",
                Polarity::Lower => "lower values are better (`polarity lower`)",
                Polarity::Neutral => "no direction is better (`polarity neutral`)",
            };
            cx.push(
                Diag::error("threshold-contradicts-polarity", format!("this `{}` band contradicts the indicator's polarity: {pol}", b.class.name))
                    .at(file, b.span, "band points the wrong way")
                    .help(match ind.polarity {
                        Polarity::Neutral => "give the indicator a polarity (`polarity higher` or `polarity lower`) or drop the band".to_string(),
                        _ => "swap the comparison or the class, or correct the polarity".to_string(),
                    }),
            );
        }
        bands.push(BandDef { class, op: b.op, bound: b.bound.value });
    }
    overlapping_bands(&bands, t, file, cx);
    Some(Thresholds { subject: t.subject, bands, origin: origin(file, t.span) })
}

/// A value that is both a strength and a need for action is a contradiction.
fn overlapping_bands(bands: &[BandDef], t: &ThresholdsDecl, file: FileId, cx: &mut Cx) {
    let probes: Vec<f64> = bands.iter().flat_map(|b| [b.bound - 1e-9, b.bound, b.bound + 1e-9]).collect();
    for v in probes {
        let s = bands.iter().any(|b| b.class == BandClass::Strength && b.op.holds(v, b.bound));
        let n = bands.iter().any(|b| b.class == BandClass::NeedForAction && b.op.holds(v, b.bound));
        if s && n {
            cx.push(
                Diag::error(
                    "overlapping-thresholds",
                    format!(
                        "the bands overlap: a {} of {v:.2} would be both a strength and a need for action",
                        t.subject.keyword()
                    ),
                )
                .at(file, t.span, "overlapping bands")
                .help("make the strength and need-for-action ranges disjoint"),
            );
            return;
        }
    }
}

/// Why a gap or ratio target has nothing to be compared with (every
/// declared target must appear in the findings, or `check` says why not).
fn not_assessable(t: &TargetDecl, ind: &Indicator, model: &Model) -> Option<String> {
    if t.subject == SubjectKind::Value || t.groups.len() > 1 || matches!(ind.compare, Compare::Indicator(_)) {
        return None;
    }
    if ind.compare != Compare::Reference {
        return None;
    }
    let dims: Vec<&crate::model::Dimension> = match t.groups.first() {
        Some(g) => ind
            .dimensions
            .iter()
            .filter_map(|d| model.dimensions.get(d))
            .filter(|d| d.group(&g.name).is_some())
            .collect(),
        None => ind.dimensions.iter().filter_map(|d| model.dimensions.get(d)).collect(),
    };
    if dims.iter().any(|d| d.reference.is_some()) {
        return None;
    }
    let names: Vec<String> = dims.iter().map(|d| format!("`{}`", d.id)).collect();
    Some(format!("dimension {} has no reference group to compare with", names.join(", ")))
}
