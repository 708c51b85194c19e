//! Builds the report document: selection and order by audience, content
//! from the findings (and, for definitions, from the model).

use super::words::{audience_keyword, audience_label, intro, profile, words};
use super::{indicator, methods, overview, Audience, Block, Fact, ReportDoc, Section};
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
    let mut sections = Vec::new();
    let targets = overview::targets_trends(&inds, lang);
    let over = overview::overview(f, &inds, p, lang);
    if p.targets_first {
        sections.extend([targets, over]);
    } else {
        sections.extend([over, targets]);
    }
    for (field_id, field) in &ev.model.fields {
        let in_field: Vec<&&IndicatorFindings> = inds.iter().filter(|i| &i.field == field_id).collect();
        if in_field.is_empty() {
            continue;
        }
        let mut blocks = Vec::new();
        if let Some(d) = &field.description {
            blocks.push(Block::Paragraph { text: d.clone() });
        }
        sections.push(Section {
            id: format!("feld-{field_id}"),
            level: 2,
            title: field.title.clone(),
            in_contents: true,
            blocks,
        });
        for ind in in_field {
            if let Some(def) = ev.model.indicators.get(&ind.id) {
                sections.push(indicator::section(ind, def, &ev.model, p, lang));
            }
        }
    }
    sections.push(methods::section(&ev.model, f, &ev.published, &inds, p, lang));

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
    };
    doc.chart_count = doc.charts().count();
    for t in doc.tables_mut() {
        t.footnote = crate::report::sign::footnote(t.rows.iter().flatten().map(String::as_str), lang);
    }
    doc
}
