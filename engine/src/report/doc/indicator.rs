//! One indicator's section: profile (purpose, definition, sources,
//! steerability), charts, the district map, findings table, annotations
//! and reading notes.

use super::words::{words, Profile};
use super::{cells, charts, maps};
use super::{Block, Fact, Section, Table};
use crate::assess::text;
use crate::eval::AreaKey;
use crate::findings::{class_word, AnnotationKind, Finding, IndicatorFindings};
use crate::model::{Indicator, Model, Terminology, Unit};
use crate::publish::Shown;
use crate::report::numfmt::Lang;
use crate::report::sign::{self, Sign};

/// A published value as text; protected and missing cells as their
/// official sign (explained in the table's key), never the zero dash.
pub(crate) fn shown(v: Shown, unit: Unit, lang: Lang) -> String {
    match (v, sign::of_shown(v)) {
        (Shown::Value(x), _) => text::value(x, unit, lang),
        (_, Some(s)) => s.symbol().into(),
        (_, None) => Sign::Secret.symbol().into(),
    }
}

fn count(v: Option<Shown>, lang: Lang) -> String {
    v.map_or_else(String::new, |s| shown(s, Unit::Count, lang))
}

pub(crate) fn trend_word(f: &Finding, lang: Lang) -> String {
    use crate::assess::bands::TrendDirection as T;
    let de = lang == Lang::De;
    match f.trend {
        Some(T::Improving) => {
            if de {
                "günstig"
            } else {
                "improving"
            }
        }
        Some(T::Stable) => {
            if de {
                "stabil"
            } else {
                "stable"
            }
        }
        Some(T::Worsening) => {
            if de {
                "ungünstig"
            } else {
                "worsening"
            }
        }
        Some(T::Rising) => {
            if de {
                "steigend"
            } else {
                "rising"
            }
        }
        Some(T::Falling) => {
            if de {
                "fallend"
            } else {
                "falling"
            }
        }
        None => "",
    }
    .to_string()
}

/// The section of one indicator.
pub(crate) fn section(
    ind: &IndicatorFindings,
    def: &Indicator,
    model: &Model,
    geometry: &crate::geometry::Geometries,
    p: Profile,
    lang: Lang,
) -> Section {
    let w = words(lang);
    let mut blocks = vec![Block::Facts { items: profile_facts(ind, model.meta.terminology, p, lang) }];
    blocks.extend(charts::time_series(ind, def, model, p.one_chart, lang));
    if !p.one_chart || charts::time_series(ind, def, model, true, lang).is_empty() {
        blocks.extend(charts::gap_bars(ind, def, lang));
    }
    // The map sits with the indicator's detail (the appendix), never on
    // the front page: the page budgets count the main part only.
    blocks.extend(maps::map(ind, def, model, geometry, lang));
    blocks.push(Block::Table(findings_table(ind, p, lang)));
    let annotations = annotation_sentences(ind, p);
    if !annotations.is_empty() {
        blocks.push(Block::List { title: w.annotations.into(), items: annotations });
    }
    if !ind.notes.is_empty() {
        blocks.push(Block::List { title: w.notes.into(), items: ind.notes.clone() });
    }
    Section {
        id: format!("ind-{}", ind.id),
        level: 4,
        title: ind.title.clone(),
        in_contents: false,
        appendix: true,
        blocks,
    }
}

fn profile_facts(ind: &IndicatorFindings, term: Terminology, p: Profile, lang: Lang) -> Vec<Fact> {
    let w = words(lang);
    let mut facts = Vec::new();
    let mut push = |term: &str, text: String| {
        if !text.trim().is_empty() {
            facts.push(Fact { term: term.into(), text });
        }
    };
    push(w.purpose, ind.purpose.clone().unwrap_or_default());
    push(w.definition, ind.definition.clone().unwrap_or_default());
    if p.formulas {
        push(w.numerator, ind.numerator.clone());
        push(w.denominator, ind.denominator.clone().unwrap_or_default());
    }
    let sources: Vec<String> = ind
        .sources
        .iter()
        .map(|s| if p.formulas { format!("{} ({})", s.title, s.file) } else { s.title.clone() })
        .collect();
    push(w.sources, sources.join("; "));
    let mh: Vec<String> = ind
        .sources
        .iter()
        .filter_map(|s| s.migration_background.as_ref().map(|m| format!("{}: {m}", s.title)))
        .collect();
    push(super::words::mh_label(term, lang), mh.join("; "));
    push(w.steerability, steerability(ind, lang));
    push(w.targets, ind.targets.join("; "));
    push(w.thresholds, ind.thresholds.join("; "));
    facts
}

fn steerability(ind: &IndicatorFindings, lang: Lang) -> String {
    use crate::model::Steerability as S;
    match lang {
        Lang::De => ind.steerable.german().to_string(),
        Lang::En => match ind.steerable {
            S::Yes => "steerable by the municipality",
            S::Partly => "partly steerable by the municipality",
            S::No => "not steerable by the municipality (observation only)",
        }
        .to_string(),
    }
}

fn findings_table(ind: &IndicatorFindings, p: Profile, lang: Lang) -> Table {
    let w = words(lang);
    let mut header: Vec<String> = vec![w.group_area.into(), w.year.into(), w.value.into()];
    // Survey values carry their interval and respondents next to them.
    let level = cells::survey_level(&ind.findings);
    if let Some(l) = level {
        header.push(cells::interval_header(l, lang));
        header.push(cells::respondents_header(lang));
    }
    if p.counts {
        header.push(w.numerator.into());
        header.push(w.denominator.into());
    }
    header.extend([w.comparison.into(), w.gap.into(), w.trend.into(), w.assessment.into()]);
    let rows = ind
        .findings
        .iter()
        .filter(|f| p.all_annotations || f.area == AreaKey::Total || ind.dimensions.is_empty())
        .map(|f| {
            let mut row = vec![
                f.label.clone(),
                f.year.map(|y| y.to_string()).unwrap_or_default(),
                sign::flagged(shown(f.value, ind.unit, lang), &f.flags),
            ];
            if level.is_some() {
                row.push(cells::interval(f, ind.unit, lang));
                row.push(cells::respondents(f, lang));
            }
            if p.counts {
                row.push(count(f.numerator, lang));
                row.push(count(f.denominator, lang));
            }
            // Every comparison the finding made, with whom: a cross-classified
            // cell is compared along each dimension.
            let cmp = cells::compared(f, ind.unit, lang);
            let gap = cells::gaps(f, lang, |c, g| gap_cell(g, ind.unit, c.gap_kind, lang));
            row.extend([cmp, gap, trend_word(f, lang), class_word(f.classification, lang).to_string()]);
            row
        })
        .collect();
    let numeric = header.iter().enumerate().map(|(i, _)| i >= 1 && i + 2 < header.len()).collect();
    Table {
        indicator: Some(ind.id.clone()),
        caption: format!("{}: {}", w.findings_table, ind.title),
        header,
        rows,
        numeric,
        footnote: String::new(),
        ..Default::default()
    }
}

/// A gap in a table cell: percentage points abbreviated ("+6,7 PP"), as
/// in the charts' data tables; sentences spell out "Prozentpunkte".
fn gap_cell(g: f64, unit: Unit, kind: crate::findings::GapKind, lang: Lang) -> String {
    use crate::findings::GapKind;
    match kind {
        GapKind::PercentagePoints => crate::report::numfmt::format_pp(g, 1, lang, true),
        GapKind::Ratio => text::gap(g, unit, true, lang),
        GapKind::Difference => text::gap(g, unit, false, lang),
    }
}

/// The annotations as sentences, "Label: text". The rulebook's notes are
/// shown separately as reading aid, so note annotations are left out.
fn annotation_sentences(ind: &IndicatorFindings, p: Profile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for a in ind.annotations.iter().filter(|a| a.kind != AnnotationKind::Note) {
        push(a.text.clone());
    }
    for f in ind.findings.iter().filter(|f| p.all_annotations || f.area == AreaKey::Total) {
        for a in f.annotations.iter().filter(|a| a.kind != AnnotationKind::Note) {
            push(format!("{}: {}", f.label, a.text));
        }
    }
    out
}
