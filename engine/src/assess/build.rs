//! Builds the findings of every indicator from the published tables.

use super::cell::{group_title, is_survey};
use super::finding::{finding, At, Ctx};
use super::text;
use crate::eval::{AreaKey, CheckOutcome, Evaluation};
use crate::findings::*;
use crate::model::*;
use crate::publish::{Published, PublishedTable};
use crate::report::numfmt::Lang;

pub fn build_findings(model: &Model, eval: &Evaluation, published: &Published, lang: Lang) -> Findings {
    let cx = Ctx { model, published, lang };
    let mut indicators = Vec::new();
    for ind in model.indicators.values() {
        if let Some(table) = published.tables.get(&ind.id) {
            indicators.push(indicator_findings(&cx, ind, table));
        }
    }
    let summary = summarise(model, &indicators);
    let checks = check_findings(model, eval);
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
        data_notes: eval.warnings.iter().chain(&eval.published_notes).map(|d| d.message.clone()).collect(),
    }
}

fn privacy_text(model: &Model, c: &crate::privacy::SuppressionCounts, passed: bool, lang: Lang) -> String {
    let p = &model.privacy;
    match lang {
        Lang::De => format!(
            "Geheimhaltung: Zählwerte unter {} Personen {} werden nicht veröffentlicht{}{}. Von {} Zellen sind {} gesperrt („.“), auch solche, aus denen sich andere gesperrte Zahlen errechnen ließen; die Prüfung der Sperrungen (Intervall-Audit) ist {}.",
            p.min_count,
            // What the settings do with a zero, not what they usually do.
            if p.zero_publishable { "(außer 0)" } else { "(auch 0)" },
            p.min_denominator.map(|d| format!("; Anteile und Quoten erst ab einer Basis von {d} Personen")).unwrap_or_default(),
            p.round_to.map(|r| format!("; Zählwerte werden auf ein Vielfaches von {r} gerundet")).unwrap_or_default(),
            c.cells,
            c.primary + c.complementary + c.audit_added,
            if passed { "bestanden" } else { "nicht bestanden" },
        ) + public_note(model, lang).as_str()
            + cell_key_note(model, lang).as_str(),
        Lang::En => format!(
            "Confidentiality: counts below {} persons {} are not published{}{}. Of {} cells, {} are withheld („.“), including cells from which other withheld numbers could be recovered; the interval audit {}.",
            p.min_count,
            if p.zero_publishable { "(other than 0)" } else { "(0 included)" },
            p.min_denominator.map(|d| format!("; shares and rates need a base of at least {d} persons")).unwrap_or_default(),
            p.round_to.map(|r| format!("; counts are rounded to multiples of {r}")).unwrap_or_default(),
            c.cells,
            c.primary + c.complementary + c.audit_added,
            if passed { "passed" } else { "failed" },
        ) + public_note(model, lang).as_str()
            + cell_key_note(model, lang).as_str(),
    }
}

/// Says how the cell key method changed the numbers, as the census tables
/// do: the deviation, the values that never occur, and that totals are not
/// the sums of their perturbed parts.
fn cell_key_note(model: &Model, lang: Lang) -> String {
    let users: Vec<&Indicator> = model
        .indicators
        .values()
        .filter(|i| i.privacy.cell_key_params().is_some() && !crate::publish::is_public(model, i))
        .collect();
    let Some(first) = users.first() else { return String::new() };
    let ck = &first.privacy.cell_key;
    let which = if users.len() == model.indicators.len() {
        String::new()
    } else {
        format!(" ({})", users.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", "))
    };
    match lang {
        Lang::De => format!(
            " Fallzahlen{which} sind nach dem Zellschlüsselverfahren (wie im Zensus 2022) verändert: um höchstens ±{} (Varianz {}), die Werte 1 bis {} kommen nicht vor, 0 bleibt 0, und dieselbe Zelle erhält in jeder Tabelle dieselbe Abweichung. Anteile sind aus den veränderten Zahlen berechnet; Summen sind nicht an ihre Teile angepasst und können von deren Summe abweichen.",
            ck.max_deviation,
            crate::report::numfmt::format_number(ck.variance, 2, lang),
            ck.forbidden_small,
        ),
        Lang::En => format!(
            " Counts{which} are perturbed by the cell key method (as in the 2022 census): by at most ±{} (variance {}), the values 1 to {} never occur, 0 stays 0, and the same cell gets the same deviation in every table. Shares are computed from the perturbed counts; totals are not adjusted to their parts and may differ from their sum.",
            ck.max_deviation,
            crate::report::numfmt::format_number(ck.variance, 2, lang),
            ck.forbidden_small,
        ),
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

/// Verdicts of checks on public data per cell; checks reading confidential
/// data once each, withheld (see `CheckFinding::withheld`).
fn check_findings(model: &Model, eval: &Evaluation) -> Vec<CheckFinding> {
    let mut out: Vec<CheckFinding> = Vec::new();
    for c in &eval.checks {
        if check_reads_public_only(model, &c.check) {
            out.push(check_finding(model, c));
        } else if !out.iter().any(|f| f.withheld && f.check == c.check) {
            out.push(CheckFinding {
                check: c.check.clone(),
                title: c.title.clone(),
                severity: c.severity,
                year: c.key.year,
                cell: String::new(),
                difference: None,
                passed: None,
                withheld: true,
            });
        }
    }
    out
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
        withheld: false,
    }
}

/// Whether every aggregate of a check reads a source declared `confidential no`.
pub(crate) fn check_reads_public_only(model: &Model, check: &str) -> bool {
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

fn source_infos(model: &Model, ind: &Indicator, lang: crate::report::numfmt::Lang) -> Vec<SourceInfo> {
    ind.sources()
        .iter()
        .filter_map(|s| model.sources.get(*s))
        .map(|s| SourceInfo {
            id: s.id.clone(),
            title: s.title.clone(),
            kind: format!("{:?}", s.kind).to_lowercase(),
            file: s.file.clone(),
            migration_background: s.mh_definition.map(|d| d.in_lang(lang).to_string()),
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
        let names: Vec<&str> = defs.iter().map(|d| d.in_lang(cx.lang)).collect();
        out.push(Annotation {
            kind: AnnotationKind::DefinitionMismatch,
            text: text::definition_mismatch(&names.join(" / "), cx.model.meta.terminology, cx.lang),
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
    let findings: Vec<Finding> = combos
        .iter()
        .filter_map(|(area, groups)| {
            latest.map(|latest| finding(cx, &At { ind, table, area, groups, latest, breaks: &breaks }))
        })
        .collect();
    if is_survey(model, ind) {
        // The method when the published tables carry the sampling error,
        // else the note that gaps are not tested.
        let tested = findings.iter().any(|f: &Finding| f.respondents.is_some());
        let text = if tested {
            super::reason::sampling_method(model.assessment.confidence, cx.lang)
        } else {
            super::reason::sampling(None, None, ind.unit, cx.lang)
        };
        let at = annotations.iter().position(|a| a.kind == AnnotationKind::Note).unwrap_or(annotations.len());
        annotations.insert(at, Annotation { kind: AnnotationKind::Sampling, text });
    }
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
        sources: source_infos(model, ind, cx.lang),
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
        kimon_grammar::ast::AggregateFn::Rate => "rate",
    };
    let col = a.column.as_ref().map(|c| format!(".{c}")).unwrap_or_default();
    let filter = a
        .filter
        .as_ref()
        .map(|f| format!(" where {}", kimon_grammar::format::expr_to_string(f)))
        .unwrap_or_default();
    format!("{func}({}{col}{filter})", a.source)
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
            context: 0,
            not_defined: 0,
        })
        .collect();
    for ind in indicators {
        let Some(fs) = out.iter_mut().find(|f| f.field == ind.field) else { continue };
        for f in &ind.findings {
            let reason = f.reason.clone();
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
                Classification::Context => fs.context += 1,
                Classification::NotDefined => fs.not_defined += 1,
            }
        }
    }
    out.retain(|f| indicators.iter().any(|i| i.field == f.field));
    out
}
