//! One finding: the latest value of an indicator × area × group cell with
//! its comparisons, development, targets, bands, class and reasons.

use super::bands::{band_of, direction, TrendDirection};
use super::cell::{
    area_name, comparison, group_title, missing, missing_members, per_year, tolerance, trend_change, upper,
};
use super::classify::{combine, decide, is_context, Evidence};
use super::compare::comparisons;
use super::series::{annual_change, break_between, enough, volatile, window, Point};
use super::target::{assess, TargetResult, TargetStatus};
use super::targets::{for_cell, CellRef};
use super::{reason, text};
use crate::eval::AreaKey;
use crate::findings::*;
use crate::model::{BandClass, Indicator, Model, Unit};
use crate::publish::{Published, PublishedTable, Shown};
use crate::report::numfmt::{format_count_f64, Lang};
use kimon_grammar::ast::SubjectKind;

pub(super) struct Ctx<'a> {
    pub model: &'a Model,
    pub published: &'a Published,
    pub lang: Lang,
}

/// Where one cell sits: indicator, table, area, groups, latest year.
pub(super) struct At<'a> {
    pub ind: &'a Indicator,
    pub table: &'a PublishedTable,
    pub area: &'a AreaKey,
    pub groups: &'a [Option<String>],
    pub latest: i32,
    pub breaks: &'a [i32],
}

pub(super) fn finding(cx: &Ctx, at: &At) -> Finding {
    let (model, lang, ind, s) = (cx.model, cx.lang, at.ind, &cx.model.assessment);
    let cell = at.table.get(at.latest, at.area, at.groups);
    let value = cell.map_or(missing(), |c| c.value);
    let series: Vec<SeriesPoint> = at
        .table
        .years
        .iter()
        .map(|y| SeriesPoint {
            year: *y,
            value: at.table.get(*y, at.area, at.groups).map_or(missing(), |c| c.value),
        })
        .collect();
    // Implausible cells (numerator above denominator) are shown but never assessed.
    let plausible = |y: i32| at.table.get(y, at.area, at.groups).is_none_or(|c| !c.implausible);
    let points: Vec<Point> = series
        .iter()
        .filter(|p| plausible(p.year))
        .filter_map(|p| p.value.value().map(|v| Point { year: p.year, value: v }))
        .collect();
    let group_refs: Vec<GroupRef> = ind
        .dimensions
        .iter()
        .zip(at.groups)
        .map(|(d, g)| GroupRef {
            dimension: d.clone(),
            group: g.clone(),
            title: match g {
                Some(g) => group_title(model, &ind.dimensions, g),
                None => text::total_label(lang).to_string(),
            },
        })
        .collect();
    let name = area_name(model, ind, at.area, lang);
    let mut label_parts: Vec<String> =
        group_refs.iter().filter(|g| g.group.is_some()).map(|g| g.title.clone()).collect();
    let all_persons = label_parts.is_empty();
    if all_persons {
        label_parts.push(match lang {
            Lang::De => "alle Personen".into(),
            Lang::En => "all persons".into(),
        });
    }
    label_parts.push(name.clone());
    let context = is_context(model, ind, at.groups);
    let implausible = cell.is_some_and(|c| c.implausible);
    let current = value.value().filter(|_| !implausible);
    // Empty by the rulebook's definitions, or a published base of 0.
    let structural = value == Shown::NotDefined;
    let not_defined =
        structural || matches!(cell.and_then(|c| c.denominator), Some(Shown::Value(d)) if d == 0.0);
    let mut annotations = Vec::new();

    // Comparisons, one per dimension in which the cell is not the reference.
    let cmps = comparisons(model, ind, at.groups, lang);
    let mut comps: Vec<Comparison> = cmps.iter().map(|c| comparison(cx, at, c, value, &points)).collect();

    // Changes and the value's trend.
    let change_previous = current.and_then(|v| {
        let prev = points.iter().rev().find(|p| p.year < at.latest)?;
        (!break_between(at.breaks, prev.year, at.latest))
            .then_some(Change { from_year: prev.year, change: v - prev.value })
    });
    let change_first = current.and_then(|v| {
        let first = points.iter().find(|p| p.year < at.latest)?;
        (!break_between(at.breaks, first.year, at.latest))
            .then_some(Change { from_year: first.year, change: v - first.value })
    });
    let win = window(&points, at.latest, s.periods, at.breaks);
    let value_ratio = ind.unit == Unit::Ratio;
    let change = current.and_then(|_| trend_change(model, &win));
    let trend_dir = change.map(|c| direction(c, ind.polarity.sign(), tolerance(model, value_ratio)));
    let value_subject = reason::subject(Quantity::Value, None, true, lang);
    if current.is_some() {
        match change {
            Some(c) => annotations.push(Annotation {
                kind: AnnotationKind::Trend,
                text: reason::development(
                    &value_subject,
                    trend_dir.unwrap_or(TrendDirection::Stable),
                    &text::change(c, ind.unit, lang),
                    lang,
                ),
            }),
            None => annotations.push(Annotation {
                kind: AnnotationKind::Trend,
                text: reason::too_few(&value_subject, win.len(), s.trend_min_points, 2, lang),
            }),
        }
        if let Some((last, typical)) = volatile(&win, s.volatility_factor, tolerance(model, value_ratio)) {
            annotations.push(Annotation {
                kind: AnnotationKind::Volatility,
                text: reason::volatile(
                    &value_subject,
                    &text::change(last, ind.unit, lang),
                    text::change(typical, ind.unit, lang).trim_start_matches('+'),
                    s.volatility_factor,
                    lang,
                ),
            });
        }
    }
    // Targets.
    let cref =
        CellRef { model, published: cx.published, ind, table: at.table, area: at.area, groups: at.groups };
    let gt = |g: &str| group_title(model, &ind.dimensions, g);
    let mut targets = Vec::new();
    let mut deciding_targets = Vec::new();
    let mut target_texts = Vec::new();
    for ap in for_cell(&cref, &ind.targets, &cmps, &plausible) {
        let t = ap.target;
        let target_text = super::describe_target(t, ind, &gt, lang);
        let ratio = ap.quantity == Quantity::Ratio;
        let w = window(&ap.points, at.latest, s.periods, at.breaks);
        let evidence = enough(&w, s.target_min_points, s.target_min_years);
        let ch = if evidence { annual_change(&w) } else { None };
        let now =
            ap.points.iter().find(|p| p.year == at.latest).map(|p| p.value).filter(|_| current.is_some());
        let result = match now {
            Some(v) => assess(t.op, t.bound, v, ch, at.latest, t.year, tolerance(model, ratio), s),
            None => TargetResult {
                status: TargetStatus::NotAssessable,
                projected: None,
                open_share: None,
                direction: None,
            },
        };
        // A target met only after an unusually large last jump is not yet
        // evidence of a strength (1,0 % → 2,8 %): shown, but not deciding.
        let jumped = result.status == TargetStatus::Met
            && volatile(&w, s.volatility_factor, tolerance(model, ratio)).is_some()
            && w.iter().rev().nth(1).is_some_and(|p| !t.op.holds(p.value, t.bound));
        let decides =
            !context && evidence && !jumped && now.is_some() && result.status != TargetStatus::NotAssessable;
        let subj = reason::subject(ap.quantity, ap.against.as_deref(), false, lang);
        let num = |v: f64| reason::number(ap.quantity, v, ind.unit, lang);
        let too_few = (!evidence).then(|| {
            reason::too_few(
                &reason::subject(ap.quantity, None, true, lang),
                w.len(),
                s.target_min_points,
                s.target_min_years,
                lang,
            )
        });
        let proj_text = result.projected.map(num);
        let text = reason::target(
            &target_text,
            result.status,
            result.direction,
            &subj,
            now.map(num).as_deref(),
            ch.map(|c| per_year(ap.quantity, c, ind.unit, lang)).as_deref(),
            proj_text.as_deref().zip(t.year),
            too_few.as_deref(),
            lang,
        );
        annotations.push(Annotation { kind: AnnotationKind::Target, text: text.clone() });
        if decides {
            deciding_targets.push((result.status, ap.quantity));
            target_texts.push(text);
        }
        targets.push(TargetFinding {
            text: target_text,
            quantity: ap.quantity,
            current: now,
            status: result.status,
            direction: result.direction,
            decides,
            projected: result.projected,
            open_share: result.open_share,
        });
    }

    // Survey sampling error: what the published tables deliver.
    let sample = super::cell::sampling(cx, at, cell, current, &mut comps);
    if let Some((n, ci)) = sample {
        annotations.push(Annotation {
            kind: AnnotationKind::Sampling,
            text: reason::sampling(Some(n), ci.map(|i| (i.lo, i.hi, i.level)), ind.unit, lang),
        });
    }

    // Threshold bands (rated cells only; the reference is the yardstick).
    let mut bands: Vec<BandClass> = Vec::new();
    let mut band_quantity = None;
    let mut band_texts = Vec::new();
    if !context {
        for th in &ind.thresholds {
            match th.subject {
                SubjectKind::Value => {
                    let Some(v) = current else { continue };
                    let b = band_of(&th.bands, v);
                    let t = format!(
                        "{}; {}.",
                        reason::value_only(v, ind.unit, lang),
                        reason::thresholds(b, &th.bands, th.subject, ind.unit, lang)
                    );
                    let t = upper(&t);
                    annotations.push(Annotation { kind: AnnotationKind::Threshold, text: t.clone() });
                    band_texts.push((b, t));
                    bands.push(b);
                    band_quantity.get_or_insert(Quantity::Value);
                }
                SubjectKind::Gap | SubjectKind::Ratio => {
                    for c in comps.iter_mut() {
                        let (Some(g), Some(v), Some(r)) = (c.gap, current, c.value.value()) else { continue };
                        let ratio = c.gap_kind == GapKind::Ratio;
                        if c.significant == Some(false) {
                            // Within its sampling error the gap says nothing
                            // about the groups: the band is neutral and it
                            // decides (a trend of that gap must not).
                            let t = format!(
                                "{}; {}",
                                reason::compared(v, r, g, ratio, &c.label, ind.unit, lang),
                                reason::not_significant(&c.label, lang)
                            );
                            annotations.push(Annotation { kind: AnnotationKind::Sampling, text: t.clone() });
                            band_texts.push((BandClass::Neutral, t));
                            c.band = Some(BandClass::Neutral);
                            bands.push(BandClass::Neutral);
                            band_quantity.get_or_insert(if ratio { Quantity::Ratio } else { Quantity::Gap });
                            continue;
                        }
                        let b = band_of(&th.bands, g);
                        let t = format!(
                            "{}; {}.",
                            reason::compared(v, r, g, ratio, &c.label, ind.unit, lang),
                            reason::thresholds(b, &th.bands, th.subject, ind.unit, lang)
                        );
                        annotations.push(Annotation { kind: AnnotationKind::Threshold, text: t.clone() });
                        band_texts.push((b, t));
                        c.band = combine(&[c.band, Some(b)].into_iter().flatten().collect::<Vec<_>>());
                        bands.push(b);
                        band_quantity.get_or_insert(if ratio { Quantity::Ratio } else { Quantity::Gap });
                    }
                }
            }
        }
    }
    let band = combine(&bands);

    // The development that may decide: in an indicator with groups (or a
    // comparison with another indicator) the gap's, since the groups'
    // position is what is monitored; otherwise the value's.
    let mut trend_text = None;
    let decisive_trend = match comps.iter().find(|c| c.gap.is_some()) {
        Some(c) if !context => c.gap_trend.map(|d| {
            let q = if c.gap_kind == GapKind::Ratio { Quantity::Ratio } else { Quantity::Gap };
            let subj = reason::subject(q, Some(&c.label), true, lang);
            let per = per_year(q, c.gap_change.unwrap_or(0.0), ind.unit, lang);
            let t = reason::development(&subj, d, &per, lang);
            annotations.push(Annotation { kind: AnnotationKind::Trend, text: t.clone() });
            trend_text = Some(t);
            (d, q)
        }),
        _ if context || !comps.is_empty() || !ind.dimensions.is_empty() => None,
        _ => trend_dir.map(|d| {
            trend_text = annotations.iter().find(|a| a.kind == AnnotationKind::Trend).map(|a| a.text.clone());
            (d, Quantity::Value)
        }),
    };

    // Data state first.
    match value {
        Shown::Suppressed(sup) => annotations
            .insert(0, Annotation { kind: AnnotationKind::Suppression, text: text::suppressed(sup, lang) }),
        Shown::Missing(m) => annotations.insert(
            0,
            Annotation {
                kind: AnnotationKind::MissingData,
                text: text::missing(if lang == Lang::De { m.german() } else { m.english() }, lang),
            },
        ),
        Shown::Incomplete => annotations
            .insert(0, Annotation { kind: AnnotationKind::MissingData, text: text::incomplete(lang) }),
        // Said once below, as the class's reason.
        Shown::Value(_) | Shown::NotDefined => {}
    }
    if *at.area == AreaKey::Total && ind.area.is_some() {
        for p in series.iter().filter(|p| p.value == Shown::Incomplete) {
            let members = missing_members(cx, at, p.year);
            if !members.is_empty() {
                annotations.push(Annotation {
                    kind: AnnotationKind::MissingData,
                    text: reason::incomplete_members(p.year, &members, lang),
                });
            }
        }
    }
    if comps.iter().any(|c| c.value.is_suppressed()) && !value.is_suppressed() {
        annotations.push(Annotation {
            kind: AnnotationKind::Suppression,
            text: text::not_comparable_suppressed(lang),
        });
    }
    if implausible {
        annotations.push(Annotation { kind: AnnotationKind::Implausible, text: text::implausible(lang) });
    }
    let flags = cell.map_or(0, |c| c.flags);
    if flags != 0 {
        annotations
            .push(Annotation { kind: AnnotationKind::ValueFlag, text: text::value_flags(flags, lang) });
    }
    if let Some(c) = cell.filter(|c| c.small_base) {
        if let Some(Shown::Value(d)) = c.denominator {
            annotations.push(Annotation {
                kind: AnnotationKind::SmallBase,
                text: text::small_base(format_count_f64(d, lang), lang),
            });
        }
    }

    // The class and the rule that decided it.
    let (classification, decided_by, decision_quantity, why) = match value {
        // A published base of 0: the rate does not exist. The base is
        // public, so saying so reveals nothing the table does not.
        _ if structural => (Classification::NotDefined, None, None, reason::not_defined_by_definition(lang)),
        _ if not_defined => (Classification::NotDefined, None, None, reason::not_defined(lang)),
        Shown::Suppressed(sup) => (Classification::Suppressed, None, None, text::suppressed(sup, lang)),
        _ if current.is_none() || implausible => {
            let why = annotations.first().map(|a| a.text.clone()).unwrap_or_default();
            (Classification::InsufficientData, None, None, why)
        }
        _ if context => (Classification::Context, None, None, reason::context(all_persons, lang)),
        _ => {
            let ev = Evidence {
                targets: deciding_targets.iter().map(|(st, _)| *st).collect(),
                band: band.zip(band_quantity),
                trend: decisive_trend,
            };
            let d = decide(&s.decide, &ev, deciding_targets.first().map(|(_, q)| *q));
            let why = match d.rule {
                Some(crate::model::DecidingRule::Target) => target_texts.join(" "),
                // The bands that made the class; all of them when neutral.
                Some(crate::model::DecidingRule::Band) => {
                    let hit = band.unwrap_or(BandClass::Neutral);
                    let texts: Vec<&str> = band_texts
                        .iter()
                        .filter(|(b, _)| hit == BandClass::Neutral || *b == hit)
                        .map(|(_, t)| t.as_str())
                        .collect();
                    texts.join(" ")
                }
                Some(crate::model::DecidingRule::Trend) => trend_text.clone().unwrap_or_default(),
                None => String::new(),
            };
            let reason = match d.rule {
                Some(rule) => reason::decision(d.class, rule, &why, lang),
                None => reason::no_rule(lang),
            };
            (d.class, d.rule, d.quantity, reason)
        }
    };
    if not_defined {
        annotations.retain(|a| a.kind != AnnotationKind::Suppression);
        annotations.insert(0, Annotation { kind: AnnotationKind::MissingData, text: why.clone() });
    } else if decided_by.is_some() || classification == Classification::Context {
        // The deciding texts live on in the decision sentence; no repeats.
        annotations.retain(|a| {
            !matches!(a.kind, AnnotationKind::Target | AnnotationKind::Threshold | AnnotationKind::Trend)
                || !why.contains(a.text.as_str())
        });
        annotations.insert(0, Annotation { kind: AnnotationKind::Decision, text: why.clone() });
    }
    if decided_by != Some(crate::model::DecidingRule::Target) {
        for t in &mut targets {
            t.decides = false;
        }
    }
    Finding {
        area: at.area.clone(),
        area_name: name,
        groups: group_refs,
        label: label_parts.join(", "),
        year: Some(at.latest),
        value,
        numerator: cell.map(|c| c.numerator),
        denominator: cell.and_then(|c| c.denominator),
        comparison: comps.first().cloned(),
        comparisons: comps,
        change_previous,
        change_first,
        trend: trend_dir,
        targets,
        band,
        classification,
        decided_by,
        decision_quantity,
        reason: why,
        respondents: sample.map(|(n, _)| n),
        interval: sample.and_then(|(_, ci)| ci),
        flags: crate::data::value_field::flag_symbols(flags),
        annotations,
        series,
    }
}
