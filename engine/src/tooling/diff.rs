//! `kimon diff`: compares two rulebooks after resolution (imports, `extends`
//! and overrides applied), so that what is compared is what each rulebook
//! actually evaluates. Peer networks share and adapt rulebooks (source
//! report §3.5.7); the diff shows what a municipality changed, and warns
//! where two indicators share an id but measure different things
//! ("Äpfel mit Birnen", §3.5.1) — their figures must not be compared.

use crate::model::{Area, Compare, Dimension, GroupRuleDef, Indicator, Model, Source};
use indexmap::IndexMap;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the second rulebook.
    Added,
    /// Only in the first rulebook.
    Removed,
    /// In both, with a different value of `aspect`.
    Changed,
}

/// One difference between the rulebooks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// `indicator`, `dimension`, `area`, `source`, `field`, `check`, `privacy`.
    pub item: &'static str,
    pub id: String,
    /// What differs (`numerator`, `targets`, `groups`, …); empty for added/removed.
    pub aspect: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// Same id, different measurement: figures of A and B are not comparable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub indicator: String,
    /// The aspects that differ (numerator, denominator, unit, mh_definition).
    pub aspects: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffReport {
    pub a: String,
    pub b: String,
    pub changes: Vec<Change>,
    pub apples_and_pears: Vec<Mismatch>,
}

impl DiffReport {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.apples_and_pears.is_empty()
    }
}

/// Compares two resolved rulebooks; `a_name`/`b_name` label them in output.
pub fn diff(a: &Model, b: &Model, a_name: &str, b_name: &str) -> DiffReport {
    let mut changes = Vec::new();
    compare_maps(&mut changes, "source", &a.sources, &b.sources, source_aspects);
    compare_maps(&mut changes, "dimension", &a.dimensions, &b.dimensions, dimension_aspects);
    compare_maps(&mut changes, "area", &a.areas, &b.areas, area_aspects);
    compare_maps(&mut changes, "field", &a.fields, &b.fields, |f| {
        vec![("title", f.title.clone()), ("steerable", format!("{:?}", f.steerable).to_lowercase())]
    });
    let ind_a = |i: &Indicator| indicator_aspects(a, i);
    let ind_b = |i: &Indicator| indicator_aspects(b, i);
    compare_maps_with(&mut changes, "indicator", &a.indicators, &b.indicators, ind_a, ind_b);
    compare_maps(&mut changes, "check", &a.checks, &b.checks, |c| {
        vec![
            ("expect", c.expect.as_ref().map(kimon_grammar::format::expr_to_string).unwrap_or_default()),
            ("by", c.by.join(", ")),
            ("tolerance", c.tolerance.to_string()),
        ]
    });
    let pa = settings(&a.privacy);
    let pb = settings(&b.privacy);
    for (k, va) in &pa {
        let vb = pb.get(k);
        if vb != Some(va) {
            changes.push(Change {
                kind: ChangeKind::Changed,
                item: "privacy",
                id: "privacy".into(),
                aspect: k.clone(),
                a: Some(va.clone()),
                b: vb.cloned(),
            });
        }
    }
    let mut apples_and_pears = Vec::new();
    for (id, ia) in &a.indicators {
        let Some(ib) = b.indicators.get(id) else { continue };
        let aspects = measure_mismatch(a, ia, b, ib);
        if !aspects.is_empty() {
            apples_and_pears.push(Mismatch { indicator: id.clone(), aspects });
        }
    }
    DiffReport { a: a_name.to_string(), b: b_name.to_string(), changes, apples_and_pears }
}

/// What makes two indicators measure different things („Äpfel mit
/// Birnen“): `numerator`, `denominator`, `unit`, `mh_definition`. Empty:
/// their figures may be set side by side. Also used by the catalogue.
pub fn measure_mismatch(a: &Model, ia: &Indicator, b: &Model, ib: &Indicator) -> Vec<String> {
    let mut aspects = Vec::new();
    if super::aggregate_text(&ia.numerator) != super::aggregate_text(&ib.numerator) {
        aspects.push("numerator".to_string());
    }
    if ia.denominator.as_ref().map(super::aggregate_text)
        != ib.denominator.as_ref().map(super::aggregate_text)
    {
        aspects.push("denominator".to_string());
    }
    if ia.unit != ib.unit {
        aspects.push("unit".to_string());
    }
    if mh_of(a, ia) != mh_of(b, ib) {
        aspects.push("mh_definition".to_string());
    }
    aspects
}

fn compare_maps<T>(
    out: &mut Vec<Change>,
    item: &'static str,
    a: &IndexMap<String, T>,
    b: &IndexMap<String, T>,
    aspects: impl Fn(&T) -> Vec<(&'static str, String)>,
) {
    compare_maps_with(out, item, a, b, &aspects, &aspects)
}

/// Removed and changed in A's order, then added in B's order.
fn compare_maps_with<T>(
    out: &mut Vec<Change>,
    item: &'static str,
    a: &IndexMap<String, T>,
    b: &IndexMap<String, T>,
    aspects_a: impl Fn(&T) -> Vec<(&'static str, String)>,
    aspects_b: impl Fn(&T) -> Vec<(&'static str, String)>,
) {
    for (id, xa) in a {
        let Some(xb) = b.get(id) else {
            out.push(Change {
                kind: ChangeKind::Removed,
                item,
                id: id.clone(),
                aspect: String::new(),
                a: None,
                b: None,
            });
            continue;
        };
        let (va, vb) = (aspects_a(xa), aspects_b(xb));
        for (name, x) in &va {
            let y = vb.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
            if *x != y {
                out.push(Change {
                    kind: ChangeKind::Changed,
                    item,
                    id: id.clone(),
                    aspect: (*name).to_string(),
                    a: Some(x.clone()),
                    b: Some(y),
                });
            }
        }
    }
    for id in b.keys().filter(|id| !a.contains_key(*id)) {
        out.push(Change {
            kind: ChangeKind::Added,
            item,
            id: id.clone(),
            aspect: String::new(),
            a: None,
            b: None,
        });
    }
}

pub(crate) fn word<T: Serialize>(x: &T) -> String {
    match serde_json::to_value(x) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v.to_string(),
        Err(_) => String::new(),
    }
}

fn source_aspects(s: &Source) -> Vec<(&'static str, String)> {
    vec![
        ("kind", word(&s.kind)),
        ("file", s.file.clone()),
        ("mh_definition", s.mh_definition.map(|m| word(&m)).unwrap_or_default()),
        ("weight", s.weight.clone().unwrap_or_default()),
    ]
}

pub(crate) fn dimension_aspects(d: &Dimension) -> Vec<(&'static str, String)> {
    let groups: Vec<String> = d
        .groups
        .iter()
        .map(|g| {
            let rule = match &g.rule {
                GroupRuleDef::When(e) => format!("when {}", kimon_grammar::format::expr_to_string(e)),
                GroupRuleDef::Otherwise => "otherwise".into(),
                GroupRuleDef::Sum(p) => format!("= {}", p.join(" + ")),
                GroupRuleDef::Columns(c) => format!("column {}", columns_text(c)),
            };
            format!("{} {rule}", g.id)
        })
        .collect();
    vec![
        ("title", d.title.clone()),
        ("groups", groups.join("; ")),
        ("reference", d.reference.clone().unwrap_or_default()),
    ]
}

fn area_aspects(a: &Area) -> Vec<(&'static str, String)> {
    let units: Vec<String> = a.units.iter().map(|(c, n)| format!("{c} {n}")).collect();
    vec![
        ("title", a.title.clone()),
        ("column", a.column.clone()),
        ("units", units.join("; ")),
        ("total", a.total.clone().unwrap_or_default()),
        // Another key file or other outlines change which parts add up to
        // a unit, or what the map shows.
        ("parents", a.parents.as_ref().map(|k| k.file.clone()).unwrap_or_default()),
        ("geometry", a.geometry.as_ref().map(|g| format!("{} key {}", g.file, g.key)).unwrap_or_default()),
    ]
}

fn indicator_aspects(m: &Model, i: &Indicator) -> Vec<(&'static str, String)> {
    let mut by = i.dimensions.clone();
    by.extend(i.area.iter().cloned());
    let targets: Vec<String> = i
        .targets
        .iter()
        .map(|t| {
            let groups =
                if t.groups.is_empty() { String::new() } else { format!("({})", t.groups.join(", ")) };
            let year = t.year.map_or_else(String::new, |y| format!(" by {y}"));
            format!(
                "{}{groups} {} {}{year}",
                t.subject.keyword(),
                t.op.symbol(),
                quantity(t.bound, t.subject, i.unit)
            )
        })
        .collect();
    let thresholds: Vec<String> = i
        .thresholds
        .iter()
        .map(|t| {
            let bands: Vec<String> = t
                .bands
                .iter()
                .map(|b| {
                    format!("{} {} {}", word(&b.class), b.op.symbol(), quantity(b.bound, t.subject, i.unit))
                })
                .collect();
            format!("{}: {}", t.subject.keyword(), bands.join(", "))
        })
        .collect();
    let compare = match &i.compare {
        Compare::Indicator(o) => format!("indicator {o}"),
        other => word(other),
    };
    vec![
        ("field", i.field.clone()),
        ("core", i.core.to_string()),
        ("numerator", super::aggregate_text(&i.numerator)),
        ("denominator", i.denominator.as_ref().map(super::aggregate_text).unwrap_or_default()),
        ("unit", word(&i.unit)),
        ("polarity", word(&i.polarity)),
        ("by", by.join(", ")),
        ("compare", compare),
        ("targets", targets.join("; ")),
        ("thresholds", thresholds.join("; ")),
        (
            "privacy",
            settings(&i.privacy).iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", "),
        ),
        ("mh_definition", mh_of(m, i)),
    ]
}

/// A bound as the rulebook writes it: `4 pp` for gaps of percentages,
/// `25 %` for percentage values, a plain number otherwise.
fn quantity(x: f64, subject: kimon_grammar::ast::SubjectKind, unit: crate::model::Unit) -> String {
    use kimon_grammar::ast::SubjectKind;
    match (subject, unit) {
        (SubjectKind::Gap, crate::model::Unit::Percent) => format!("{x} pp"),
        (SubjectKind::Value, crate::model::Unit::Percent) => format!("{x} %"),
        _ => x.to_string(),
    }
}

/// The Migrationshintergrund definitions of the sources an indicator reads.
pub(crate) fn mh_of(m: &Model, i: &Indicator) -> String {
    let defs: Vec<String> = i
        .sources()
        .iter()
        .map(|s| {
            m.sources.get(*s).and_then(|s| s.mh_definition).map(|d| word(&d)).unwrap_or_else(|| "-".into())
        })
        .collect();
    defs.join(", ")
}

fn settings<T: Serialize>(p: &T) -> IndexMap<String, String> {
    let mut out = IndexMap::new();
    if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(p) {
        for (k, v) in map {
            out.insert(k, if v.is_null() { "-".into() } else { v.to_string() });
        }
    }
    out
}

/// Readable text, German or English labels; one line per difference.
pub fn render_text(r: &DiffReport, lang: crate::report::numfmt::Lang) -> String {
    let de = lang == crate::report::numfmt::Lang::De;
    let mut out = format!("--- {}\n+++ {}\n", r.a, r.b);
    for c in &r.changes {
        match c.kind {
            ChangeKind::Added => out.push_str(&format!(
                "+ {} {}{}\n",
                c.item,
                c.id,
                if de { " (nur in B)" } else { " (only in B)" }
            )),
            ChangeKind::Removed => out.push_str(&format!(
                "- {} {}{}\n",
                c.item,
                c.id,
                if de { " (nur in A)" } else { " (only in A)" }
            )),
            ChangeKind::Changed => {
                let show = |v: &Option<String>| match v.as_deref() {
                    None | Some("") => "–".to_string(),
                    Some(s) => s.to_string(),
                };
                out.push_str(&format!(
                    "~ {} {} {}:\n    A: {}\n    B: {}\n",
                    c.item,
                    c.id,
                    c.aspect,
                    show(&c.a),
                    show(&c.b)
                ));
            }
        }
    }
    for m in &r.apples_and_pears {
        let what = m.aspects.join(", ");
        if de {
            out.push_str(&format!("⚠ Äpfel mit Birnen: Indikator `{}` misst in A und B Unterschiedliches ({what}); die Werte sind nicht vergleichbar\n", m.indicator));
        } else {
            out.push_str(&format!("⚠ apples and pears: indicator `{}` measures different things in A and B ({what}); its figures are not comparable\n", m.indicator));
        }
    }
    let n = r.changes.len();
    out.push_str(&if de {
        format!("{n} Unterschied(e), {} Warnung(en) zur Vergleichbarkeit\n", r.apples_and_pears.len())
    } else {
        format!("{n} difference(s), {} comparability warning(s)\n", r.apples_and_pears.len())
    });
    out
}

/// The report as pretty-printed JSON (stable field order).
pub fn render_json(r: &DiffReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// `einwohner = "EW_aus", sgb2 = "SGB2_aus"` of a group over columns.
fn columns_text(c: &indexmap::IndexMap<String, String>) -> String {
    c.iter().map(|(k, v)| format!("{k} = \"{v}\"")).collect::<Vec<_>>().join(", ")
}
