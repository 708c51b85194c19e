//! One indicator of one rulebook as the catalogue shows it: its definition
//! in words (with `explain`'s wording), sources with their definition of
//! Migrationshintergrund, groups, targets and steerability. Built from the
//! resolved model only — never from data.

use crate::model::{AggregateDef, GroupRuleDef, Indicator, Model, Provenance, SourceKind};
use crate::report::numfmt::Lang;
use crate::tooling::explain::{bound, group_title, polarity_word, steer_word, subject_word, unit_word};
use kimon_grammar::ast::{AggregateFn, BinOp, Expr, SubjectKind};
use kimon_grammar::format::expr_to_string;
use serde::Serialize;

/// One indicator in one rulebook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The rulebook file it was found in.
    pub rulebook: String,
    pub municipality: Option<String>,
    pub publisher: Option<String>,
    pub version: Option<String>,
    pub id: String,
    pub title: String,
    pub field: String,
    pub field_title: String,
    pub steerability: String,
    pub core: bool,
    pub purpose: Option<String>,
    pub definition: Option<String>,
    /// The numerator as the rulebook writes it, and in words.
    pub numerator: String,
    pub numerator_words: String,
    pub denominator: Option<String>,
    pub denominator_words: Option<String>,
    pub unit: String,
    pub polarity: String,
    /// The ages counted (`15–64`, `< 65`), read from the filters; empty when
    /// the filters set no age limit.
    pub age_range: String,
    pub sources: Vec<SourceEntry>,
    pub groups: Vec<GroupBy>,
    pub area: Option<String>,
    pub targets: Vec<String>,
    pub thresholds: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Provenance>,
}

/// A source an indicator reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceEntry {
    pub id: String,
    pub title: String,
    pub kind: String,
    /// The declared definition (`register`, `survey`, …) or `None`.
    pub mh_definition: Option<String>,
    /// That definition in words.
    pub mh_words: String,
    /// The reference date („Stichtag …“) as the source describes it.
    pub reference_date: Option<String>,
}

/// A dimension an indicator is broken down by, with its groups in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupBy {
    pub id: String,
    pub title: String,
    pub groups: Vec<String>,
}

fn t(lang: Lang, de: &str, en: &str) -> String {
    if lang == Lang::De { de } else { en }.to_string()
}

/// The entry of `ind` in the rulebook `file`.
pub fn entry(file: &str, model: &Model, ind: &Indicator, lang: Lang) -> Entry {
    let field = model.fields.get(&ind.field);
    let mut ages = Vec::new();
    age_limits(&ind.numerator, &mut ages);
    if let Some(d) = &ind.denominator {
        age_limits(d, &mut ages);
    }
    Entry {
        rulebook: file.to_string(),
        municipality: model.meta.municipality.clone(),
        publisher: model.meta.publisher.clone(),
        version: model.meta.version.clone(),
        id: ind.id.clone(),
        title: ind.title.clone(),
        field: ind.field.clone(),
        field_title: field.map_or_else(|| ind.field.clone(), |f| f.title.clone()),
        steerability: field.map(|f| steer_word(f.steerable, lang)).unwrap_or_default(),
        core: ind.core,
        purpose: ind.purpose.clone(),
        definition: ind.definition.clone(),
        numerator: crate::tooling::aggregate_text(&ind.numerator),
        numerator_words: aggregate_words(model, &ind.numerator, lang),
        denominator: ind.denominator.as_ref().map(crate::tooling::aggregate_text),
        denominator_words: ind.denominator.as_ref().map(|d| aggregate_words(model, d, lang)),
        unit: unit_word(ind.unit, lang).to_string(),
        polarity: polarity_word(ind.polarity, lang).to_string(),
        age_range: ages.join("; "),
        sources: ind
            .sources()
            .iter()
            .filter_map(|s| model.sources.get(*s))
            .map(|s| source(s, lang))
            .collect(),
        groups: ind
            .dimensions
            .iter()
            .filter_map(|d| model.dimensions.get(d))
            .map(|d| group_by(d, lang))
            .collect(),
        area: ind.area.as_ref().map(|a| model.areas.get(a).map_or_else(|| a.clone(), |x| x.title.clone())),
        targets: targets(model, ind, lang),
        thresholds: crate::tooling::explain::threshold_lines(ind, lang),
        adopted: ind.adopted.clone(),
    }
}

fn source(s: &crate::model::Source, lang: Lang) -> SourceEntry {
    let kind = match (s.kind, lang) {
        (SourceKind::Microdata, Lang::De) => "Einzeldaten",
        (SourceKind::Aggregate, Lang::De) => "Tabelle (aggregiert)",
        (SourceKind::Survey, Lang::De) => "gewichtete Befragung",
        (SourceKind::Microdata, _) => "microdata",
        (SourceKind::Aggregate, _) => "aggregate table",
        (SourceKind::Survey, _) => "weighted survey",
    };
    let mh_words = match (s.mh_definition, lang) {
        (Some(m), Lang::De) => m.german().to_string(),
        (Some(m), _) => crate::tooling::diff::word(&m),
        (None, _) => t(lang, "nicht angegeben", "not declared"),
    };
    SourceEntry {
        id: s.id.clone(),
        title: s.title.clone(),
        kind: kind.to_string(),
        mh_definition: s.mh_definition.map(|m| crate::tooling::diff::word(&m)),
        mh_words,
        reference_date: s.description.as_deref().and_then(reference_date),
    }
}

/// „Stichtag 31.12.“ out of a source description, up to the next `;` or `,`.
fn reference_date(description: &str) -> Option<String> {
    let at = description.find("Stichtag").or_else(|| description.find("reference date"))?;
    let rest = &description[at..];
    let end = rest.find([';', ',', '(']).unwrap_or(rest.len());
    Some(rest[..end].trim().to_string())
}

fn group_by(d: &crate::model::Dimension, lang: Lang) -> GroupBy {
    let groups = d
        .groups
        .iter()
        .map(|g| {
            let rule = match &g.rule {
                GroupRuleDef::When(e) => format!("{} {}", t(lang, "wenn", "when"), expr_words(e, lang)),
                GroupRuleDef::Otherwise => t(lang, "alle übrigen", "everyone else"),
                GroupRuleDef::Sum(parts) => {
                    let titles: Vec<String> = parts.iter().map(|p| d.title_of(p)).collect();
                    format!("= {}", titles.join(" + "))
                }
                GroupRuleDef::Columns(cols) => {
                    let cols: Vec<String> = cols.values().map(|c| format!("„{c}“")).collect();
                    format!("{} {}", t(lang, "Spalte", "column"), cols.join(", "))
                }
            };
            let reference = if d.reference.as_deref() == Some(g.id.as_str()) {
                t(lang, " [Vergleichsgruppe]", " [reference group]")
            } else {
                String::new()
            };
            format!("{}: {rule}{reference}", g.title)
        })
        .collect();
    GroupBy { id: d.id.clone(), title: d.title.clone(), groups }
}

fn targets(model: &Model, ind: &Indicator, lang: Lang) -> Vec<String> {
    ind.targets
        .iter()
        .map(|tg| {
            let who = match (tg.subject, tg.groups.as_slice()) {
                (SubjectKind::Value, [g]) => format!(" ({})", group_title(model, ind, g)),
                (_, [a, b]) => format!(" ({} – {})", group_title(model, ind, a), group_title(model, ind, b)),
                _ => String::new(),
            };
            let by = tg.year.map_or_else(String::new, |y| format!(" {} {y}", t(lang, "bis", "by")));
            format!(
                "{}{who} {} {}{by}",
                subject_word(tg.subject, lang),
                tg.op.symbol(),
                bound(tg.bound, tg.subject, ind.unit, lang)
            )
        })
        .collect()
}

/// `count(register where unemployed == 1)` in words: „Anzahl der Datensätze
/// in „Melderegister“, für die gilt: unemployed == 1“.
pub fn aggregate_words(model: &Model, a: &AggregateDef, lang: Lang) -> String {
    let title = model.sources.get(&a.source).map_or(a.source.as_str(), |s| s.title.as_str());
    let col = a.column.as_deref().unwrap_or("");
    let what = match (a.function, lang) {
        (AggregateFn::Count, Lang::De) => format!("Anzahl der Datensätze in „{title}“"),
        (AggregateFn::Sum, Lang::De) => format!("Summe von „{col}“ in „{title}“"),
        (AggregateFn::Rate, Lang::De) => format!("veröffentlichte Quote „{col}“ aus „{title}“"),
        (AggregateFn::Count, _) => format!("number of records in “{title}”"),
        (AggregateFn::Sum, _) => format!("sum of “{col}” in “{title}”"),
        (AggregateFn::Rate, _) => format!("published rate “{col}” from “{title}”"),
    };
    match &a.filter {
        Some(f) => format!("{what}, {}: {}", t(lang, "für die gilt", "where"), expr_words(f, lang)),
        None => what,
    }
}

/// A filter with `and`/`or`/`not` and ranges in words; comparisons stay
/// as written (column names are the rulebook's own vocabulary).
fn expr_words(e: &Expr, lang: Lang) -> String {
    match e {
        Expr::Binary { op: op @ (BinOp::And | BinOp::Or), left, right, .. } => {
            let word = match (op, lang) {
                (BinOp::And, Lang::De) => "und",
                (BinOp::Or, Lang::De) => "oder",
                (BinOp::And, _) => "and",
                _ => "or",
            };
            format!("{} {word} {}", expr_words(left, lang), expr_words(right, lang))
        }
        Expr::Not { inner, .. } => format!("{} {}", t(lang, "nicht", "not"), expr_words(inner, lang)),
        Expr::Paren { inner, .. } => format!("({})", expr_words(inner, lang)),
        Expr::InRange { subject, low_lit, high_lit, .. } => format!(
            "{} {} {low_lit} {} {high_lit}",
            expr_to_string(subject),
            t(lang, "von", "from"),
            t(lang, "bis", "to")
        ),
        other => expr_to_string(other),
    }
}

/// Whether a column or `let` name stands for an age.
fn is_age(name: &str) -> bool {
    let n = name.to_lowercase();
    n == "age" || n == "alter" || n.starts_with("age_") || n.starts_with("alter_") || n.ends_with("_age")
}

/// The age limits a filter sets: `15–64` for `age in 15..64`, `< 65` for
/// `age < 65`.
fn age_limits(a: &AggregateDef, out: &mut Vec<String>) {
    let Some(f) = &a.filter else { return };
    f.walk(&mut |x| {
        let limit = match x {
            Expr::InRange { subject, low_lit, high_lit, .. } if matches!(&**subject, Expr::Name(n) if is_age(&n.name)) => {
                Some(format!("{low_lit}–{high_lit}"))
            }
            Expr::Binary { op, left, right, .. } if op.is_comparison() => match (&**left, &**right) {
                (Expr::Name(n), Expr::Number { literal, .. }) if is_age(&n.name) => {
                    Some(format!("{} {literal}", op.symbol()))
                }
                _ => None,
            },
            _ => None,
        };
        if let Some(l) = limit {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    });
}
