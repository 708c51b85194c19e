//! Builds the report document: selection and order by audience, content
//! from the findings (and, for definitions, from the model).

use super::words::{audience_keyword, audience_label, intro, profile, words};
use super::{
    checks_report, front, glossary, imprint, indicator, key_rows, methods, overview, Audience, Block, Fact,
    ReportDoc, Section,
};
use crate::eval::AreaKey;
use crate::findings::IndicatorFindings;
use crate::model::Model;
use crate::report::numfmt::Lang;
use crate::session::Evaluated;

/// Whether an indicator is meant for the audience. The administration
/// sees every indicator; an empty `audience` list means everyone.
fn included(model: &Model, ind: &IndicatorFindings, a: Audience) -> bool {
    if a == Audience::Verwaltung {
        return true;
    }
    model.indicators.get(&ind.id).is_none_or(|d| d.audience.is_empty() || d.audience.contains(&a))
}

/// A field in the body: its description and one row of key figures per
/// whole-area finding (the indicator's details are in the appendix).
fn field_summary(
    field_id: &str,
    field: &crate::model::Field,
    inds: &[&IndicatorFindings],
    lang: Lang,
) -> Option<Section> {
    if inds.is_empty() {
        return None;
    }
    let mut blocks = Vec::new();
    if let Some(d) = &field.description {
        blocks.push(Block::Paragraph { text: d.clone() });
    }
    let rows: Vec<Vec<String>> = inds
        .iter()
        .flat_map(|i| {
            i.findings
                .iter()
                .filter(|f| f.area == AreaKey::Total && (f.comparison.is_some() || i.dimensions.is_empty()))
                .map(move |f| key_rows::row(i, f, lang))
        })
        .collect();
    let caption = match lang {
        Lang::De => format!("Kennzahlen {}: ganzes Gebiet", field.title),
        Lang::En => format!("Key figures {}: whole area", field.title),
    };
    if !rows.is_empty() {
        blocks.push(Block::KeyFigures(key_rows::table(caption, rows, lang)));
    }
    blocks.push(Block::Paragraph { text: see_appendix(lang).into() });
    Some(Section {
        id: format!("feld-{field_id}"),
        level: 2,
        title: field.title.clone(),
        in_contents: true,
        appendix: false,
        blocks,
    })
}

/// The pointer from a field's key figures to the appendix (the web site,
/// where the details are a link away, leaves it out).
pub(crate) fn see_appendix(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Werte der Teilgebiete, Zeitreihen und Definitionen: siehe Anhang.",
        Lang::En => "Values of the sub-areas, time series and definitions: see the appendix.",
    }
}

/// The heading that opens the appendix (the page budgets stop here).
fn appendix_start(lang: Lang) -> Section {
    let (title, text) = match lang {
        Lang::De => (
            "Anhang: Indikatoren im Einzelnen",
            "Für jeden Indikator: Definition, Quellen, Diagramme und alle Befunde, auch für die Teilgebiete.",
        ),
        Lang::En => (
            "Appendix: indicators in detail",
            "For every indicator: definition, sources, charts and every finding, including the sub-areas.",
        ),
    };
    Section {
        id: "anhang".into(),
        level: 2,
        title: title.into(),
        in_contents: true,
        appendix: true,
        blocks: vec![Block::Paragraph { text: text.into() }],
    }
}

/// Builds the document once; the HTML and Markdown renderers only lay it out.
pub fn build(ev: &Evaluated, audience: Audience, lang: Lang) -> ReportDoc {
    let w = words(lang);
    let p = profile(audience);
    let f = &ev.findings;
    let meta = &f.rulebook;
    let inds: Vec<&IndicatorFindings> =
        f.indicators.iter().filter(|i| included(&ev.model, i, audience)).collect();

    let mut facts = Vec::new();
    let mut fact = |term: &str, text: Option<String>| {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            facts.push(Fact { term: term.into(), text });
        }
    };
    fact(w.municipality, meta.municipality.clone());
    fact(w.state, meta.state.clone());
    fact(w.version, meta.version.clone());
    fact(w.years, meta.years.map(|(a, b)| format!("{a}\u{2013}{b}")));
    fact(w.audience, Some(audience_label(audience, lang).to_string()));

    let municipality = meta.municipality.clone().unwrap_or_else(|| meta.name.clone());
    if inds.is_empty() && !f.checks.is_empty() {
        // Only plausibility checks: a report about the data, not about integration.
        return checks_report::build(ev, audience, lang, facts);
    }
    let mut sections = vec![front::section(&inds, lang)];
    let targets = overview::targets(&inds, lang);
    let over = overview::overview(f, &inds, p, lang);
    if p.targets_first {
        sections.extend([targets, over]);
    } else {
        sections.extend([over, targets]);
    }
    // The body: one short section per field with its key figures.
    for (field_id, field) in &ev.model.fields {
        let in_field: Vec<&IndicatorFindings> =
            inds.iter().filter(|i| &i.field == field_id).copied().collect();
        if let Some(s) = field_summary(field_id, field, &in_field, lang) {
            sections.push(s);
        }
    }
    // The appendix: every indicator in detail, methods, glossary, imprint.
    sections.push(appendix_start(lang));
    for (field_id, field) in &ev.model.fields {
        let in_field: Vec<&&IndicatorFindings> = inds.iter().filter(|i| &i.field == field_id).collect();
        if in_field.is_empty() {
            continue;
        }
        sections.push(Section {
            id: format!("anhang-{field_id}"),
            level: 3,
            title: field.title.clone(),
            in_contents: false,
            appendix: true,
            blocks: Vec::new(),
        });
        for ind in in_field {
            if let Some(def) = ev.model.indicators.get(&ind.id) {
                sections.push(indicator::section(ind, def, &ev.model, &ev.geometry, p, lang));
            }
        }
    }
    sections.push(methods::section(&ev.model, f, &ev.published, &inds, p, lang));
    sections.push(glossary::section(&ev.model, &inds, lang));
    sections.push(imprint::section(ev, lang));

    let mut doc = ReportDoc {
        lang: lang.tag().into(),
        audience: audience_keyword(audience).into(),
        audience_label: audience_label(audience, lang).into(),
        title: format!("{} {municipality}", w.report),
        subtitle: meta.name.clone(),
        lead: intro(audience, meta.municipality.as_deref(), lang),
        facts,
        sections,
        chart_count: 0,
        contents_label: w.contents.into(),
        running_head: format!("{} {municipality} – {}", w.report, audience_label(audience, lang)),
    };
    doc.chart_count = doc.charts().count();
    for t in doc.tables_mut() {
        t.footnote = crate::report::sign::footnote(t.rows.iter().flatten().map(String::as_str), lang);
    }
    doc
}
