//! The export rows, built from the published (protected) tables.

use crate::eval::AreaKey;
use crate::model::{Model, Unit};
use crate::publish::Shown;
use crate::session::Evaluated;

/// Column names of the export, in order.
/// The last six columns were added for the county built from its member
/// towns' exports (`kind member_exports`): codes instead of display names,
/// whether a row is a derived sum of other rows, and the definition
/// fingerprint and rulebook it was computed by. Readers that select
/// columns by name read older and newer exports alike.
pub const HEADER: [&str; 17] = [
    "indikator",
    "titel",
    "einheit",
    "jahr",
    "gebiet",
    "gruppe",
    "wert",
    "zaehler",
    "nenner",
    "status",
    "grund",
    "ebene",
    "gebiet_code",
    "gruppen_code",
    "abgeleitet",
    "definition",
    "regelwerk",
];

/// One exported number: published, or the word and reason instead.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportCell {
    Number(f64),
    /// "gesperrt".
    Suppressed,
    /// Left empty.
    Empty,
    /// „x“: empty by the rulebook's definitions (not meaningful).
    NotDefined,
}

#[derive(Debug, Clone)]
pub struct ExportRow {
    pub indicator: String,
    pub title: String,
    pub unit: &'static str,
    pub year: i32,
    pub area: String,
    pub group: String,
    pub value: ExportCell,
    pub numerator: ExportCell,
    pub denominator: ExportCell,
    pub status: &'static str,
    pub reason: String,
    /// The area level's id; empty for the whole municipality.
    pub level: String,
    /// The area unit's code; empty for the whole municipality.
    pub area_code: String,
    /// `dimension=group` per dimension, joined by `;`; empty for all persons.
    pub group_code: String,
    /// A derived group (`any = own + parents`): a sum of other rows.
    pub derived: bool,
    /// [`super::definition::fingerprint`] of the indicator.
    pub definition: String,
    /// The rulebook's name and version.
    pub rulebook: String,
}

fn cell(v: Shown) -> ExportCell {
    match v {
        Shown::Value(x) => ExportCell::Number(x),
        Shown::Suppressed(_) => ExportCell::Suppressed,
        Shown::Missing(_) | Shown::Incomplete => ExportCell::Empty,
        Shown::NotDefined => ExportCell::NotDefined,
    }
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "prozent",
        Unit::Per1000 => "promille",
        Unit::Count => "anzahl",
        Unit::Mean => "mittelwert",
        Unit::Ratio => "verhaeltnis",
    }
}

/// Why a cell is „x“, in the export's reason column.
pub const NOT_DEFINED_REASON: &str =
    "x: Aussage nicht sinnvoll – nach den Definitionen des Indikators kann es hier keine Fälle geben";

/// The worst status among a cell's parts and its reason in words.
fn status(parts: &[Shown]) -> (&'static str, String) {
    if parts.iter().any(|s| s.is_suppressed()) {
        return ("gesperrt", "gesperrt (Geheimhaltung)".into());
    }
    if parts.contains(&Shown::NotDefined) {
        return ("nicht definiert", NOT_DEFINED_REASON.into());
    }
    for s in parts {
        match s {
            Shown::Missing(kind) => return ("fehlt", kind.german().into()),
            Shown::Incomplete => return ("fehlt", "unvollständig: nicht alle Teilwerte verfügbar".into()),
            _ => {}
        }
    }
    ("veröffentlicht", String::new())
}

fn area_name(model: &Model, area: Option<&str>, key: &AreaKey) -> String {
    let def = area.and_then(|a| model.areas.get(a));
    match key {
        AreaKey::Total => def
            .and_then(|a| a.total.clone())
            .or_else(|| model.meta.municipality.clone())
            .unwrap_or_else(|| "insgesamt".into()),
        AreaKey::Unit(code) => def
            .and_then(|a| a.units.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()))
            .unwrap_or_else(|| code.clone()),
    }
}

fn group_name(model: &Model, dims: &[String], groups: &[Option<String>]) -> String {
    let names: Vec<String> = dims
        .iter()
        .zip(groups)
        .filter_map(|(d, g)| {
            let g = g.as_ref()?;
            let title = model
                .dimensions
                .get(d)
                .and_then(|dim| dim.groups.iter().find(|x| &x.id == g))
                .map_or_else(|| g.clone(), |x| x.title.clone());
            Some(title)
        })
        .collect();
    if names.is_empty() {
        "alle Personen".into()
    } else {
        names.join(", ")
    }
}

fn group_code(model: &Model, dims: &[String], groups: &[Option<String>]) -> (String, bool) {
    let mut derived = false;
    let parts: Vec<String> = dims
        .iter()
        .zip(groups)
        .filter_map(|(d, g)| {
            let g = g.as_ref()?;
            let rule = model.dimensions.get(d).and_then(|dim| dim.groups.iter().find(|x| &x.id == g));
            derived |= rule.is_some_and(|r| matches!(r.rule, crate::model::GroupRuleDef::Sum(_)));
            Some(format!("{d}={g}"))
        })
        .collect();
    (parts.join(";"), derived)
}

/// Every published cell of every indicator, in table order.
pub fn rows(ev: &Evaluated) -> Vec<ExportRow> {
    let mut out = Vec::new();
    let meta = &ev.model.meta;
    let rulebook = match &meta.version {
        Some(v) => format!("{} {v}", meta.name),
        None => meta.name.clone(),
    };
    for (id, table) in &ev.published.tables {
        let Some(ind) = ev.model.indicators.get(id) else { continue };
        let definition = super::definition::fingerprint(&ev.model, ind);
        for (key, c) in &table.cells {
            let mut parts = vec![c.value, c.numerator];
            parts.extend(c.denominator);
            let (status, reason) = status(&parts);
            let (group_code, derived) = group_code(&ev.model, &table.dims, &key.groups);
            let (level, area_code) = match &key.area {
                AreaKey::Total => (String::new(), String::new()),
                AreaKey::Unit(code) => (table.area.clone().unwrap_or_default(), code.clone()),
            };
            out.push(ExportRow {
                indicator: id.clone(),
                title: ind.title.clone(),
                unit: unit_name(ind.unit),
                year: key.year,
                area: area_name(&ev.model, table.area.as_deref(), &key.area),
                group: group_name(&ev.model, &table.dims, &key.groups),
                value: cell(c.value),
                numerator: cell(c.numerator),
                denominator: c.denominator.map_or(ExportCell::Empty, cell),
                status,
                reason,
                level,
                area_code,
                group_code,
                derived,
                definition: definition.clone(),
                rulebook: rulebook.clone(),
            });
        }
    }
    out
}
