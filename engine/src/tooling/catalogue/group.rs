//! Grouping the entries: by field of action, and within a field the
//! indicators that measure the same thing (same id, or the same numerator,
//! denominator and unit under another id). For each group the aspects in
//! which its members differ are spelled out, and whether their figures may
//! be set side by side at all (`kimon diff`'s „Äpfel mit Birnen“ test).

use super::entry::{entry, Entry};
use crate::model::Model;
use crate::report::numfmt::Lang;
use crate::tooling::diff::measure_mismatch;
use serde::Serialize;

/// A field of action with the measures filed under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldGroup {
    pub id: String,
    pub title: String,
    pub measures: Vec<Measure>,
}

/// Indicators of several rulebooks that measure the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// The id of the first member.
    pub id: String,
    pub title: String,
    pub entries: Vec<Entry>,
    /// False when two members measure different things (numerator,
    /// denominator, unit or definition of Migrationshintergrund differ):
    /// their figures must not be compared.
    pub comparable: bool,
    /// The `kimon diff` aspects that make them incomparable.
    pub mismatch: Vec<String>,
    pub differences: Vec<Difference>,
}

/// One aspect in which the members of a measure differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// `base_population`, `age_range`, `definition`, `source`,
    /// `mh_definition`, `reference_date`, `unit`, `groups`, `targets`.
    pub aspect: String,
    pub values: Vec<DifferenceValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DifferenceValue {
    pub rulebook: String,
    pub indicator: String,
    pub value: String,
}

/// The aspects compared, in the order they are shown.
pub const ASPECTS: &[&str] = &[
    "definition",
    "base_population",
    "age_range",
    "source",
    "mh_definition",
    "reference_date",
    "unit",
    "groups",
    "targets",
];

/// The label of an aspect in the catalogue's language.
pub fn aspect_label(aspect: &str, lang: Lang) -> &'static str {
    let de = lang == Lang::De;
    match aspect {
        "definition" if de => "Definition (Zähler)",
        "definition" => "definition (numerator)",
        "base_population" if de => "Bezugsgröße (Nenner)",
        "base_population" => "base population (denominator)",
        "age_range" if de => "Altersabgrenzung",
        "age_range" => "age range",
        "source" if de => "Quelle",
        "source" => "source",
        "mh_definition" if de => "Definition Migrationshintergrund",
        "mh_definition" => "definition of migration background",
        "reference_date" if de => "Stichtag",
        "reference_date" => "reference date",
        "unit" if de => "Einheit",
        "unit" => "unit",
        "groups" if de => "Gruppen",
        "groups" => "groups",
        "targets" if de => "Ziele",
        _ => "targets",
    }
}

fn aspect_value(e: &Entry, aspect: &str, lang: Lang) -> String {
    let none = || "–".to_string();
    let join = |v: Vec<String>| if v.is_empty() { none() } else { v.join("; ") };
    match aspect {
        "definition" => match &e.definition {
            Some(d) => format!("{} ({d})", e.numerator),
            None => e.numerator.clone(),
        },
        "base_population" => e.denominator.clone().unwrap_or_else(none),
        "age_range" if e.age_range.is_empty() => {
            if lang == Lang::De { "keine Altersgrenze" } else { "no age limit" }.to_string()
        }
        "age_range" => e.age_range.clone(),
        "source" => join(e.sources.iter().map(|s| format!("{} ({})", s.title, s.kind)).collect()),
        "mh_definition" => join(e.sources.iter().map(|s| s.mh_words.clone()).collect()),
        "reference_date" => join(e.sources.iter().filter_map(|s| s.reference_date.clone()).collect()),
        "unit" => e.unit.clone(),
        "groups" => join(e.groups.iter().map(|g| g.title.clone()).chain(e.area.clone()).collect()),
        _ => join(e.targets.clone()),
    }
}

/// The semantic signature of an indicator: what it counts, over what, in
/// which unit. Two ids with the same signature measure the same thing.
fn signature(e: &Entry) -> (String, Option<String>, String) {
    (e.numerator.clone(), e.denominator.clone(), e.unit.clone())
}

/// Groups the indicators of `rulebooks` (display name, model).
pub fn group(rulebooks: &[(String, Model)], lang: Lang) -> Vec<FieldGroup> {
    // Members of each measure as (rulebook index, indicator id, entry).
    let mut measures: Vec<Vec<(usize, String, Entry)>> = Vec::new();
    for (r, (file, model)) in rulebooks.iter().enumerate() {
        for ind in model.indicators.values() {
            let e = entry(file, model, ind, lang);
            let found = measures.iter().position(|m| {
                m.iter().any(|(_, id, other)| *id == ind.id || signature(other) == signature(&e))
            });
            match found {
                Some(i) => measures[i].push((r, ind.id.clone(), e)),
                None => measures.push(vec![(r, ind.id.clone(), e)]),
            }
        }
    }
    let mut fields: Vec<FieldGroup> = Vec::new();
    for members in measures {
        let Some((r0, id0, first)) = members.first() else { continue };
        let (field, field_title) = (first.field.clone(), first.field_title.clone());
        let mut mismatch: Vec<String> = Vec::new();
        let (_, m0) = &rulebooks[*r0];
        for (r, id, _) in members.iter().skip(1) {
            let (_, m) = &rulebooks[*r];
            if let (Some(a), Some(b)) = (m0.indicators.get(id0), m.indicators.get(id)) {
                for aspect in measure_mismatch(m0, a, m, b) {
                    if !mismatch.contains(&aspect) {
                        mismatch.push(aspect);
                    }
                }
            }
        }
        let differences = ASPECTS
            .iter()
            .filter_map(|aspect| {
                let values: Vec<DifferenceValue> = members
                    .iter()
                    .map(|(_, _, e)| DifferenceValue {
                        rulebook: e.rulebook.clone(),
                        indicator: e.id.clone(),
                        value: aspect_value(e, aspect, lang),
                    })
                    .collect();
                let differ = values.iter().any(|v| v.value != values[0].value);
                differ.then(|| Difference { aspect: (*aspect).to_string(), values })
            })
            .collect();
        let measure = Measure {
            id: id0.clone(),
            title: first.title.clone(),
            comparable: mismatch.is_empty(),
            mismatch,
            differences,
            entries: members.into_iter().map(|(_, _, e)| e).collect(),
        };
        match fields.iter_mut().find(|f| f.id == field) {
            Some(f) => f.measures.push(measure),
            None => fields.push(FieldGroup { id: field, title: field_title, measures: vec![measure] }),
        }
    }
    fields
}
