//! Builds the findings of every indicator from the published tables.

use super::bands::{band_of, trend};
use super::series::{annual_change, break_between, window, Point};
use super::target::{assess, TargetStatus};
use super::text;
use crate::eval::{AreaKey, CheckOutcome, Evaluation};
use crate::findings::*;
use crate::model::*;
use crate::publish::{PubCell, Published, PublishedTable, Shown};
use crate::report::numfmt::{format_count_f64, Lang};
use kimon_grammar::ast::SubjectKind;

struct Ctx<'a> {
    model: &'a Model,
    published: &'a Published,
    lang: Lang,
}

pub fn build_findings(model: &Model, eval: &Evaluation, published: &Published, lang: Lang) -> Findings {
    let cx = Ctx { model, published, lang };
    let mut indicators = Vec::new();
    for ind in model.indicators.values() {
        if let Some(table) = published.tables.get(&ind.id) {
            indicators.push(indicator_findings(&cx, ind, table));
        }
    }
    let summary = summarise(model, &indicators);
    let checks = eval.checks.iter().map(|c| check_finding(model, c)).collect();
    let counts = published.counts();
    let privacy = PrivacySummary {
        min_count: model.privacy.min_count,
        min_denominator: model.privacy.min_denominator,
        round_to: model.privacy.round_to,
        cells: counts.cells,
        published: counts.published,
        protected: counts.primary + counts.complementary + counts.audit_added,
        missing_at_source: counts.forced,
        audit_passed: published.audit_passed,
        text: privacy_text(model, &counts, published.audit_passed, lang),
    };
    Findings {
        schema: SCHEMA,
        language: match lang {
            Lang::De => "de".into(),
            Lang::En => "en".into(),
        },
        rulebook: model.meta.clone(),
        summary,
        indicators,
        checks,
        privacy,
        data_notes: eval.warnings.iter().map(|d| d.message.clone()).collect(),
    }
}

fn privacy_text(model: &Model, c: &crate::privacy::SuppressionCounts, passed: bool, lang: Lang) -> String {
    let p = &model.privacy;
    match lang {
        Lang::De => format!(
            "Geheimhaltung: Zählwerte unter {} Personen (außer 0) werden nicht veröffentlicht{}{}. Von {} Zellen sind {} gesperrt („.“), auch solche, aus denen sich andere gesperrte Zahlen errechnen ließen; die Prüfung der Sperrungen (Intervall-Audit) ist {}.",
            p.min_count,
            p.min_denominator.map(|d| format!("; Anteile und Quoten erst ab einer Basis von {d} Personen")).unwrap_or_default(),
            p.round_to.map(|r| format!("; Zählwerte werden auf ein Vielfaches von {r} gerundet")).unwrap_or_default(),
            c.cells,
            c.primary + c.complementary + c.audit_added,
            if passed { "bestanden" } else { "nicht bestanden" },
        ) + public_note(model, lang).as_str(),
        Lang::En => format!(
            "Confidentiality: counts below {} persons (other than 0) are not published{}{}. Of {} cells, {} are withheld („.“), including cells from which other withheld numbers could be recovered; the interval audit {}.",
            p.min_count,
            p.min_denominator.map(|d| format!("; shares and rates need a base of at least {d} persons")).unwrap_or_default(),
            p.round_to.map(|r| format!("; counts are rounded to multiples of {r}")).unwrap_or_default(),
            c.cells,
            c.primary + c.complementary + c.audit_added,
            if passed { "passed" } else { "failed" },
        ) + public_note(model, lang).as_str(),
    }
}

/// Names the sources treated as already public (`confidential no`).
fn public_note(model: &Model, lang: Lang) -> String {
    let public = crate::publish::public_sources(model);
    if public.is_empty() {
        return String::new();
    }
    match lang {
        Lang::De => format!(" Als bereits veröffentlicht behandelt (keine Sperrung): {}.", public.join(", ")),
        Lang::En => format!(" Treated as already public (no suppression): {}.", public.join(", ")),
    }
}

fn check_finding(model: &Model, c: &CheckOutcome) -> CheckFinding {
    let mut parts = Vec::new();
    if let AreaKey::Unit(code) = &c.key.area {
        let name = model
            .checks
            .get(&c.check)
            .and_then(|ch| ch.by.iter().find_map(|b| model.areas.get(b)))
            .map_or_else(|| code.clone(), |a| a.unit_name(code));
        parts.push(name);
    }
    for g in c.key.groups.iter().flatten() {
        parts.push(g.clone());
    }
    CheckFinding {
        check: c.check.clone(),
        title: c.title.clone(),
        severity: c.severity,
        year: c.key.year,
        cell: if parts.is_empty() { "gesamt".into() } else { parts.join(", ") },
        difference: c
            .difference
            .filter(|_| c.passed == Some(false) && check_reads_public_only(model, &c.check)),
        passed: c.passed,
    }
}

/// Whether every aggregate of a check reads a source declared `confidential no`.
fn check_reads_public_only(model: &Model, check: &str) -> bool {
    let Some(expect) = model.checks.get(check).and_then(|c| c.expect.as_ref()) else { return false };
    let mut all_public = true;
    let mut any = false;
    expect.walk(&mut |x| {
        if let kimon_grammar::ast::Expr::Aggregate(a) = x {
            any = true;
            all_public &= model.sources.get(&a.source.name).is_some_and(|s| !s.confidential);
        }
    });
    any && all_public
}

fn group_title(model: &Model, dims: &[String], g: &str) -> String {
    dims.iter()
        .filter_map(|d| model.dimensions.get(d))
        .find_map(|d| d.group(g).map(|x| x.title.clone()))
        .unwrap_or_else(|| g.to_string())
}

fn source_infos(model: &Model, ind: &Indicator) -> Vec<SourceInfo> {
    ind.sources()
        .iter()
        .filter_map(|s| model.sources.get(*s))
        .map(|s| SourceInfo {
            id: s.id.clone(),
            title: s.title.clone(),
            kind: format!("{:?}", s.kind).to_lowercase(),
            file: s.file.clone(),
            migration_background: s.mh_definition.map(|d| d.german().to_string()),
            series_breaks: s.series_breaks.iter().map(|b| b.year).collect(),
        })
        .collect()
}

/// Indicator-level annotations: definition mismatch between sources, notes.
fn indicator_annotations(cx: &Ctx, ind: &Indicator) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut defs: Vec<MhDefinition> = Vec::new();
    let mut sources: Vec<&str> = ind.sources();
    if let Compare::Indicator(other) = &ind.compare {
        if let Some(o) = cx.model.indicators.get(other) {
            sources.extend(o.sources());
        }
    }
    for s in sources.iter().filter_map(|s| cx.model.sources.get(*s)) {
        if let Some(d) = s.mh_definition {
            if d != MhDefinition::None && !defs.contains(&d) {
                defs.push(d);
            }
        }
    }
    if defs.len() > 1 {
        let names: Vec<&str> = defs.iter().map(|d| d.german()).collect();
        out.push(Annotation {
            kind: AnnotationKind::DefinitionMismatch,
            text: text::definition_mismatch(&names.join(" / "), cx.lang),
        });
    }
    for s in sources.iter().filter_map(|s| cx.model.sources.get(*s)) {
        for b in &s.series_breaks {
            out.push(Annotation {
                kind: AnnotationKind::SeriesBreak,
                text: text::series_break(b.year, b.reason.as_deref(), cx.lang),
            });
        }
    }
    if cx.model.fields.get(&ind.field).is_some_and(|f| f.steerable == Steerability::No) {
        out.push(Annotation { kind: AnnotationKind::NotSteerable, text: text::not_steerable(cx.lang) });
    }
    for n in &ind.notes {
        out.push(Annotation { kind: AnnotationKind::Note, text: n.clone() });
    }
    out.dedup();
    out
}

fn breaks_of(model: &Model, ind: &Indicator) -> Vec<i32> {
    let mut b: Vec<i32> = ind
        .sources()
        .iter()
        .filter_map(|s| model.sources.get(*s))
        .flat_map(|s| s.series_breaks.iter().map(|x| x.year))
        .collect();
    b.sort_unstable();
    b.dedup();
    b
}

fn indicator_findings(cx: &Ctx, ind: &Indicator, table: &PublishedTable) -> IndicatorFindings {
    let model = cx.model;
    let field = model.fields.get(&ind.field);
    let mut annotations = indicator_annotations(cx, ind);
    let latest = table.years.iter().copied().max();
    let breaks = breaks_of(model, ind);
    let gt = |g: &str| group_title(model, &ind.dimensions, g);
    // Stale: the overall value never moves more than the tolerance.
    let overall: Vec<f64> = table
        .years
        .iter()
        .filter_map(|y| {
            table.get(*y, &AreaKey::Total, &vec![None; table.dims.len()]).and_then(|c| c.value.value())
        })
        .collect();
    let stale = overall.len() >= 3 && {
        let (lo, hi) = overall.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        hi - lo <= model.assessment.stale_tolerance
    };
    if stale {
        annotations.push(Annotation { kind: AnnotationKind::Stale, text: text::stale(cx.lang) });
    }
    let mut combos: Vec<(AreaKey, Vec<Option<String>>)> = Vec::new();
    for key in table.cells.keys() {
        let c = (key.area.clone(), key.groups.clone());
        if !combos.contains(&c) {
            combos.push(c);
        }
    }
    // The whole area first, then the units; within each, groups as declared.
    combos.sort_by_key(|(a, _)| matches!(a, AreaKey::Unit(_)));
    let findings = combos
        .iter()
        .filter_map(|(area, groups)| latest.map(|y| finding(cx, ind, table, area, groups, y, &breaks)))
        .collect();
    IndicatorFindings {
        id: ind.id.clone(),
        title: ind.title.clone(),
        field: ind.field.clone(),
        field_title: field.map_or_else(|| ind.field.clone(), |f| f.title.clone()),
        steerable: field.map_or(Steerability::Yes, |f| f.steerable),
        core: ind.core,
        unit: ind.unit,
        polarity: ind.polarity,
        purpose: ind.purpose.clone(),
        definition: ind.definition.clone(),
        numerator: aggregate_text(&ind.numerator),
        denominator: ind.denominator.as_ref().map(aggregate_text),
        sources: source_infos(model, ind),
        dimensions: ind.dimensions.clone(),
        area: ind.area.clone(),
        years: table.years.clone(),
        latest_year: latest,
        targets: ind.targets.iter().map(|t| super::describe_target(t, ind, &gt, cx.lang)).collect(),
        thresholds: ind.thresholds.iter().map(|t| super::describe_thresholds(t, ind, cx.lang)).collect(),
        notes: ind.notes.clone(),
        stale,
        annotations,
        findings,
    }
}

fn aggregate_text(a: &AggregateDef) -> String {
    let func = match a.function {
        kimon_grammar::ast::AggregateFn::Count => "count",
        kimon_grammar::ast::AggregateFn::Sum => "sum",
    };
    let col = a.column.as_ref().map(|c| format!(".{c}")).unwrap_or_default();
    let filter = a
        .filter
        .as_ref()
        .map(|f| format!(" where {}", kimon_grammar::format::expr_to_string(f)))
        .unwrap_or_default();
    format!("{func}({}{col}{filter})", a.source)
}

fn area_name(model: &Model, ind: &Indicator, area: &AreaKey, lang: Lang) -> String {
    let a = ind.area.as_ref().and_then(|a| model.areas.get(a));
    match (area, a) {
        (AreaKey::Total, Some(a)) => a.total.clone().unwrap_or_else(|| text::total_label(lang).into()),
        (AreaKey::Total, None) => {
            model.meta.municipality.clone().unwrap_or_else(|| text::total_label(lang).into())
        }
        (AreaKey::Unit(code), Some(a)) => a.unit_name(code),
        (AreaKey::Unit(code), None) => code.clone(),
    }
}

/// The comparison a finding makes: which cells, with what label.
enum Ref {
    Cell(Vec<Option<String>>, String),
    Complement(String),
    Indicator(String, String),
}

fn reference_of(cx: &Ctx, ind: &Indicator, groups: &[Option<String>]) -> Option<Ref> {
    if let Compare::Indicator(other) = &ind.compare {
        let title = cx.model.indicators.get(other).map_or_else(|| other.clone(), |o| o.title.clone());
        return Some(Ref::Indicator(other.clone(), title));
    }
    let k = groups.iter().position(Option::is_some)?;
    // Cross-classified cells are compared within their first dimension.
    let dim = cx.model.dimensions.get(ind.dimensions.get(k)?)?;
    let g = groups[k].as_ref()?;
    let mut other = groups.to_vec();
    match &ind.compare {
        Compare::Reference => {
            let r = dim.reference.as_ref()?;
            if r == g {
                return None;
            }
            other[k] = Some(r.clone());
            Some(Ref::Cell(other, dim.title_of(r)))
        }
        Compare::Total => {
            other[k] = None;
            Some(Ref::Cell(other, text::total_label(cx.lang).to_string()))
        }
        Compare::Complement => Some(Ref::Complement(match cx.lang {
            Lang::De => format!("alle außer {}", dim.title_of(g)),
            Lang::En => format!("everyone but {}", dim.title_of(g)),
        })),
        Compare::Indicator(_) => None,
    }
}

/// The reference value of a cell at a year (published values only).
fn reference_value(
    cx: &Ctx,
    ind: &Indicator,
    table: &PublishedTable,
    r: &Ref,
    area: &AreaKey,
    groups: &[Option<String>],
    year: i32,
) -> Shown {
    match r {
        Ref::Cell(other, _) => {
            table.get(year, area, other).map_or(Shown::Missing(Default::default()), |c| c.value)
        }
        Ref::Indicator(other, _) => cx
            .published
            .tables
            .get(other)
            .and_then(|t| t.get(year, area, &vec![None; t.dims.len()]))
            .map_or(Shown::Missing(Default::default()), |c| c.value),
        Ref::Complement(_) => {
            let k = groups.iter().position(Option::is_some).unwrap_or(0);
            let mut total_key = groups.to_vec();
            if let Some(slot) = total_key.get_mut(k) {
                *slot = None;
            }
            let (Some(t), Some(g)) = (table.get(year, area, &total_key), table.get(year, area, groups))
            else {
                return Shown::Missing(Default::default());
            };
            complement(t, g, ind.unit)
        }
    }
}

/// Everyone but the group: (total − group) of numerator and denominator,
/// both published, so the complement is public knowledge already.
fn complement(total: &PubCell, group: &PubCell, unit: Unit) -> Shown {
    let n = match (total.numerator, group.numerator) {
        (Shown::Value(a), Shown::Value(b)) => a - b,
        (Shown::Suppressed(s), _) | (_, Shown::Suppressed(s)) => return Shown::Suppressed(s),
        _ => return Shown::Missing(Default::default()),
    };
    match (total.denominator, group.denominator) {
        (Some(Shown::Value(a)), Some(Shown::Value(b))) if a - b > 0.0 => {
            Shown::Value(n / (a - b) * unit.scale())
        }
        (Some(Shown::Suppressed(s)), _) | (_, Some(Shown::Suppressed(s))) => Shown::Suppressed(s),
        (None, None) => Shown::Value(n),
        _ => Shown::Missing(Default::default()),
    }
}

fn gap_of(value: Shown, reference: Shown, kind: GapKind) -> Option<f64> {
    let (v, r) = (value.value()?, reference.value()?);
    match kind {
        GapKind::Ratio => (r != 0.0).then(|| v / r),
        _ => Some(v - r),
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    cx: &Ctx,
    ind: &Indicator,
    table: &PublishedTable,
    area: &AreaKey,
    groups: &[Option<String>],
    latest: i32,
    breaks: &[i32],
) -> Finding {
    let model = cx.model;
    let lang = cx.lang;
    let cell = table.get(latest, area, groups);
    let value = cell.map_or(Shown::Missing(Default::default()), |c| c.value);
    let series: Vec<SeriesPoint> = table
        .years
        .iter()
        .map(|y| SeriesPoint {
            year: *y,
            value: table.get(*y, area, groups).map_or(Shown::Missing(Default::default()), |c| c.value),
        })
        .collect();
    // Implausible cells (numerator above denominator) are shown but never assessed.
    let plausible = |y: i32| table.get(y, area, groups).is_none_or(|c| !c.implausible);
    let points: Vec<Point> = series
        .iter()
        .filter(|p| plausible(p.year))
        .filter_map(|p| p.value.value().map(|v| Point { year: p.year, value: v }))
        .collect();
    let group_refs: Vec<GroupRef> = ind
        .dimensions
        .iter()
        .zip(groups)
        .map(|(d, g)| GroupRef {
            dimension: d.clone(),
            group: g.clone(),
            title: match g {
                Some(g) => group_title(model, &ind.dimensions, g),
                None => text::total_label(lang).to_string(),
            },
        })
        .collect();
    let name = area_name(model, ind, area, lang);
    let mut label_parts: Vec<String> =
        group_refs.iter().filter(|g| g.group.is_some()).map(|g| g.title.clone()).collect();
    if label_parts.is_empty() {
        label_parts.push(match lang {
            Lang::De => "alle Personen".into(),
            Lang::En => "all persons".into(),
        });
    }
    label_parts.push(name.clone());
    let mut annotations = Vec::new();
    // Comparison with the reference.
    let gap_kind = if matches!(ind.compare, Compare::Indicator(_)) || ind.unit == Unit::Ratio {
        GapKind::Ratio
    } else if ind.unit == Unit::Percent {
        GapKind::PercentagePoints
    } else {
        GapKind::Difference
    };
    let reference = reference_of(cx, ind, groups);
    let comparison = reference.as_ref().map(|r| {
        let ref_value = reference_value(cx, ind, table, r, area, groups, latest);
        let prev_year = points.iter().rev().map(|p| p.year).find(|y| *y < latest);
        let gap_previous = prev_year.and_then(|py| {
            let rv = reference_value(cx, ind, table, r, area, groups, py);
            let v = table.get(py, area, groups).map(|c| c.value)?;
            gap_of(v, rv, gap_kind)
        });
        let label = match r {
            Ref::Cell(_, l) | Ref::Complement(l) | Ref::Indicator(_, l) => l.clone(),
        };
        Comparison {
            label,
            value: ref_value,
            gap_kind,
            gap: gap_of(value, ref_value, gap_kind),
            gap_previous,
        }
    });
    // Changes and trend.
    let implausible = cell.is_some_and(|c| c.implausible);
    let current = value.value().filter(|_| !implausible);
    let change_previous = current.and_then(|v| {
        let prev = points.iter().rev().find(|p| p.year < latest)?;
        (!break_between(breaks, prev.year, latest))
            .then_some(Change { from_year: prev.year, change: v - prev.value })
    });
    let change_first = current.and_then(|v| {
        let first = points.iter().find(|p| p.year < latest)?;
        (!break_between(breaks, first.year, latest))
            .then_some(Change { from_year: first.year, change: v - first.value })
    });
    let win = window(&points, latest, model.assessment.periods, breaks);
    let change = if current.is_some() { annual_change(&win) } else { None };
    let trend_dir = change.map(|c| trend(c, ind.polarity, model.assessment.trend_tolerance));
    // Targets applicable to this finding.
    let mut targets = Vec::new();
    let gt = |g: &str| group_title(model, &ind.dimensions, g);
    for t in &ind.targets {
        let Some(subject_value) = target_subject(cx, ind, table, t, area, groups, latest) else { continue };
        let target_text = super::describe_target(t, ind, &gt, lang);
        let result = match subject_value {
            Some((v, pts)) => {
                let w = window(&pts, latest, model.assessment.periods, breaks);
                assess(t.op, t.bound, v, annual_change(&w), latest, t.year, &model.assessment)
            }
            None => super::target::TargetResult {
                status: TargetStatus::NotAssessable,
                projected: None,
                open_share: None,
            },
        };
        annotations.push(Annotation {
            kind: AnnotationKind::Target,
            text: text::target_status(result.status, &target_text, lang),
        });
        targets.push(TargetFinding {
            text: target_text,
            status: result.status,
            projected: result.projected,
            open_share: result.open_share,
        });
    }
    // Threshold band.
    let mut band = None;
    for th in &ind.thresholds {
        let (subject, v) = match th.subject {
            SubjectKind::Value => (text::subject_value(lang), current),
            SubjectKind::Gap | SubjectKind::Ratio => {
                (text::subject_gap(lang), comparison.as_ref().and_then(|c| c.gap))
            }
        };
        if let Some(v) = v {
            let b = band_of(&th.bands, v);
            annotations
                .push(Annotation { kind: AnnotationKind::Threshold, text: text::band(b, subject, lang) });
            band = Some(match (band, b) {
                (Some(BandClass::NeedForAction), _) | (_, BandClass::NeedForAction) => {
                    BandClass::NeedForAction
                }
                (Some(BandClass::Strength), _) | (_, BandClass::Strength) => BandClass::Strength,
                _ => BandClass::Neutral,
            });
        }
    }
    if let Some(t) = trend_dir {
        let per_year = change.map(|c| text::change(c, ind.unit, lang)).unwrap_or_default();
        annotations.push(Annotation { kind: AnnotationKind::Trend, text: text::trend(t, &per_year, lang) });
    }
    // Data state.
    match value {
        Shown::Suppressed(s) => annotations
            .insert(0, Annotation { kind: AnnotationKind::Suppression, text: text::suppressed(s, lang) }),
        Shown::Missing(m) => annotations.insert(
            0,
            Annotation {
                kind: AnnotationKind::MissingData,
                text: text::missing(if lang == Lang::De { m.german() } else { m.english() }, lang),
            },
        ),
        Shown::Incomplete => annotations
            .insert(0, Annotation { kind: AnnotationKind::MissingData, text: text::incomplete(lang) }),
        Shown::Value(_) => {}
    }
    if comparison.as_ref().is_some_and(|c| c.value.is_suppressed()) && !value.is_suppressed() {
        annotations.push(Annotation {
            kind: AnnotationKind::Suppression,
            text: text::not_comparable_suppressed(lang),
        });
    }
    if implausible {
        annotations.push(Annotation { kind: AnnotationKind::Implausible, text: text::implausible(lang) });
    }
    if let Some(c) = cell.filter(|c| c.small_base) {
        if let Some(Shown::Value(d)) = c.denominator {
            annotations.push(Annotation {
                kind: AnnotationKind::SmallBase,
                text: text::small_base(format_count_f64(d, lang), lang),
            });
        }
    }
    let classification = match value {
        Shown::Suppressed(_) => Classification::Suppressed,
        _ if current.is_none() || implausible => Classification::InsufficientData,
        _ => match band {
            Some(BandClass::Strength) => Classification::Strength,
            Some(BandClass::NeedForAction) => Classification::NeedForAction,
            Some(BandClass::Neutral) => Classification::Neutral,
            None => {
                let statuses: Vec<TargetStatus> = targets.iter().map(|t| t.status).collect();
                if statuses.iter().any(|s| matches!(s, TargetStatus::MovingAway | TargetStatus::OffTrack)) {
                    Classification::NeedForAction
                } else if !statuses.is_empty()
                    && statuses.iter().all(|s| matches!(s, TargetStatus::Met | TargetStatus::OnTrack))
                {
                    Classification::Strength
                } else {
                    Classification::Neutral
                }
            }
        },
    };
    Finding {
        area: area.clone(),
        area_name: name,
        groups: group_refs,
        label: label_parts.join(", "),
        year: Some(latest),
        value,
        numerator: cell.map(|c| c.numerator),
        denominator: cell.and_then(|c| c.denominator),
        comparison,
        change_previous,
        change_first,
        trend: trend_dir,
        targets,
        band,
        classification,
        annotations,
        series,
    }
}

type Subject = Option<(f64, Vec<Point>)>;

/// The series a target is judged on for this finding, or `None` if the
/// target does not apply here. `Some(None)`: applies but not assessable.
fn target_subject(
    cx: &Ctx,
    ind: &Indicator,
    table: &PublishedTable,
    t: &Target,
    area: &AreaKey,
    groups: &[Option<String>],
    latest: i32,
) -> Option<Subject> {
    let dims = &ind.dimensions;
    let position = |g: &str| {
        dims.iter().position(|d| cx.model.dimensions.get(d).is_some_and(|dim| dim.group(g).is_some()))
    };
    let only = |k: usize, g: &str| {
        groups.iter().enumerate().all(|(i, x)| if i == k { x.as_deref() == Some(g) } else { x.is_none() })
    };
    let series_of = |key_groups: &[Option<String>], other: Option<&[Option<String>]>| -> Vec<Point> {
        table
            .years
            .iter()
            .filter_map(|y| {
                let v = table.get(*y, area, key_groups)?.value.value()?;
                match other {
                    None => Some(Point { year: *y, value: v }),
                    Some(o) => {
                        let r = table.get(*y, area, o)?.value.value()?;
                        let value = if t.subject == SubjectKind::Ratio {
                            if r == 0.0 {
                                return None;
                            } else {
                                v / r
                            }
                        } else {
                            v - r
                        };
                        Some(Point { year: *y, value })
                    }
                }
            })
            .collect()
    };
    let current = |pts: &[Point]| pts.iter().find(|p| p.year == latest).map(|p| p.value);
    match t.subject {
        SubjectKind::Value => {
            let applies = match t.groups.first() {
                None => groups.iter().all(Option::is_none),
                Some(g) => position(g).is_some_and(|k| only(k, g)),
            };
            if !applies {
                return None;
            }
            let pts = series_of(groups, None);
            Some(current(&pts).map(|v| (v, pts)))
        }
        SubjectKind::Gap | SubjectKind::Ratio => {
            let a = t.groups.first()?;
            let k = position(a)?;
            if !only(k, a) {
                return None;
            }
            let b = match t.groups.get(1) {
                Some(b) => b.clone(),
                None => cx.model.dimensions.get(dims.get(k)?)?.reference.clone()?,
            };
            let mut other = groups.to_vec();
            other[k] = Some(b);
            let pts = series_of(groups, Some(&other));
            Some(current(&pts).map(|v| (v, pts)))
        }
    }
}

fn summarise(model: &Model, indicators: &[IndicatorFindings]) -> Vec<FieldSummary> {
    let mut out: Vec<FieldSummary> = model
        .fields
        .values()
        .map(|f| FieldSummary {
            field: f.id.clone(),
            title: f.title.clone(),
            steerable: f.steerable,
            strengths: Vec::new(),
            needs_for_action: Vec::new(),
            neutral: 0,
            insufficient_data: 0,
            suppressed: 0,
        })
        .collect();
    for ind in indicators {
        let Some(fs) = out.iter_mut().find(|f| f.field == ind.field) else { continue };
        for f in &ind.findings {
            let reason = f
                .annotations
                .iter()
                .find(|a| matches!(a.kind, AnnotationKind::Threshold | AnnotationKind::Target))
                .map(|a| a.text.clone())
                .unwrap_or_default();
            let item = || SummaryItem {
                indicator: ind.id.clone(),
                title: ind.title.clone(),
                label: f.label.clone(),
                reason: reason.clone(),
            };
            match f.classification {
                Classification::Strength => fs.strengths.push(item()),
                Classification::NeedForAction => fs.needs_for_action.push(item()),
                Classification::Neutral => fs.neutral += 1,
                Classification::InsufficientData => fs.insufficient_data += 1,
                Classification::Suppressed => fs.suppressed += 1,
            }
        }
    }
    out.retain(|f| indicators.iter().any(|i| i.field == f.field));
    out
}
