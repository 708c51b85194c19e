//! The export rows, built from the published (protected) tables.

use crate::eval::AreaKey;
use crate::model::{Model, Unit};
use crate::publish::Shown;
use crate::session::Evaluated;

/// Column names of the export, in order.
pub const HEADER: [&str; 11] = [
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
];

/// One exported number: published, or the word and reason instead.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportCell {
    Number(f64),
    /// "gesperrt".
    Suppressed,
    /// Left empty.
    Empty,
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
}

fn cell(v: Shown) -> ExportCell {
    match v {
        Shown::Value(x) => ExportCell::Number(x),
        Shown::Suppressed(_) => ExportCell::Suppressed,
        Shown::Missing(_) | Shown::Incomplete => ExportCell::Empty,
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

/// The worst status among a cell's parts and its reason in words.
fn status(parts: &[Shown]) -> (&'static str, String) {
    if parts.iter().any(|s| s.is_suppressed()) {
        return ("gesperrt", "gesperrt (Geheimhaltung)".into());
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

/// Every published cell of every indicator, in table order.
pub fn rows(ev: &Evaluated) -> Vec<ExportRow> {
    let mut out = Vec::new();
    for (id, table) in &ev.published.tables {
        let Some(ind) = ev.model.indicators.get(id) else { continue };
        for (key, c) in &table.cells {
            let mut parts = vec![c.value, c.numerator];
            parts.extend(c.denominator);
            let (status, reason) = status(&parts);
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
            });
        }
    }
    out
}
