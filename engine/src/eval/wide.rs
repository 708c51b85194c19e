//! Wide tables, read as the long tables they stand for. A physical row of
//! a wide table becomes several *virtual rows*, each with extra virtual
//! columns appended to the row's fields:
//!
//! - groups over columns (`group foreign column "Auslaender"`): one row per
//!   group, whose value columns (`einwohner`, `sgb2`, …) read that group's
//!   file column and whose slot in the wide dimension is fixed, plus one
//!   *plain* row for the measures over ordinary columns (`Einwohner`,
//!   `count(…)`), so no value is counted once per group;
//! - years over columns (`years in columns as Einwohner`): one row per
//!   year column, with that column's year and its value as `Einwohner`.
//!
//! Everything after the pass (cubes, atoms, privacy, total rows) sees
//! ordinary rows. Diagnostics point at the physical line and column.

use super::plan::SourcePlan;
use crate::data::years::{parse_year, YearProblem};
use crate::diag::Diag;
use crate::model::{Dimension, GroupRuleDef, Model, Source};

/// How a wide source's rows are split.
#[derive(Debug, Clone)]
pub enum WidePlan {
    Groups {
        /// The wide dimension.
        dim: String,
        /// Index of the first virtual field (the value names follow in
        /// order, then the group label).
        first: usize,
        /// Per base group of the dimension: the physical field of each value.
        cols: Vec<Vec<usize>>,
    },
    Years {
        /// The virtual field holding the value.
        value: usize,
        /// (physical field, year) of every column headed by a year.
        cols: Vec<(usize, i32)>,
    },
}

/// One virtual row: what it fixes and where its virtual fields come from.
#[derive(Debug, Clone, Default)]
pub struct Virt {
    /// The wide dimension's slot (a group, or `n_base` for the plain row).
    pub slot: Option<usize>,
    /// The year of a year column.
    pub year: Option<i32>,
    /// `Some(true)` for the plain row of a table with groups over columns,
    /// `Some(false)` for its group rows, `None` for year columns.
    pub plain: Option<bool>,
    /// Physical field of each virtual value field (`usize::MAX`: empty).
    pub from: Vec<usize>,
    /// The group label field that follows the values (groups only), so
    /// that total rows are matched with the parts of the same group.
    pub label: Option<String>,
}

impl WidePlan {
    /// The virtual rows of every physical row, in order.
    fn virtual_rows(&self, labels: &[String]) -> Vec<Virt> {
        match self {
            WidePlan::Groups { cols, .. } => {
                let n_values = cols.first().map_or(0, Vec::len);
                let mut out: Vec<Virt> = cols
                    .iter()
                    .enumerate()
                    .map(|(g, fields)| Virt {
                        slot: Some(g),
                        year: None,
                        plain: Some(false),
                        from: fields.clone(),
                        label: Some(labels.get(g).cloned().unwrap_or_default()),
                    })
                    .collect();
                out.push(Virt {
                    slot: Some(cols.len()),
                    year: None,
                    plain: Some(true),
                    from: vec![usize::MAX; n_values],
                    label: Some(String::new()),
                });
                out
            }
            WidePlan::Years { cols, .. } => cols
                .iter()
                .map(|(f, y)| Virt { slot: None, year: Some(*y), plain: None, from: vec![*f], label: None })
                .collect(),
        }
    }
}

/// Decides whether `source` is wide and appends its virtual columns to the
/// plan's header. `dims_used` are the dimensions the source's tables split
/// by, `columns_used` the columns its aggregates sum.
pub fn plan_wide(
    plan: &mut SourcePlan,
    model: &Model,
    source: &Source,
    dims_used: &[String],
    columns_used: &[String],
    errors: &mut Vec<Diag>,
) -> bool {
    if let Some(value) = &source.format.years_in_columns {
        return plan_years(plan, source, value, errors);
    }
    let wide: Vec<&Dimension> = model
        .dimensions
        .values()
        .filter(|d| d.is_wide())
        .filter(|d| dims_used.contains(&d.id) || d.wide_values().iter().any(|v| columns_used.contains(v)))
        .collect();
    let Some(dim) = wide.first() else { return true };
    if let Some(other) = wide.get(1) {
        errors.push(
            Diag::error(
                "wide-two-dimensions",
                format!("source `{}` would be split by two wide dimensions, `{}` and `{}`", source.id, dim.id, other.id),
            )
            .at(other.origin.file, other.origin.span, "second wide dimension")
            .help("a table with one column per combination of two groups is not supported yet; split the table or use a measure column"),
        );
        return false;
    }
    let values = dim.wide_values();
    let mut cols = Vec::new();
    let mut ok = true;
    for g in dim.base_groups() {
        let GroupRuleDef::Columns(map) = &g.rule else { continue };
        let mut fields = Vec::new();
        for v in &values {
            let header = map.get(v).map_or("", String::as_str);
            match plan.header.iter().position(|h| h == header) {
                Some(f) => fields.push(f),
                None => {
                    ok = false;
                    let hint =
                        kimon_grammar::suggest::did_you_mean(header, plan.header.iter().map(String::as_str));
                    errors.push(
                        Diag::error(
                            "missing-column",
                            format!("column `{header}` is not in `{}`", plan.display),
                        )
                        .at(g.origin.file, g.origin.span, format!("group `{}` reads column `{header}`", g.id))
                        .help(match hint {
                            Some(h) => format!("did you mean `{h}`?"),
                            None => format!("the file has: {}", plan.header.join(", ")),
                        }),
                    );
                }
            }
        }
        cols.push(fields);
    }
    if !ok {
        return false;
    }
    if source.kind != crate::model::SourceKind::Aggregate {
        errors.push(
            Diag::error(
                "wide-not-aggregate",
                format!("source `{}` has groups over columns but is not `kind aggregate`", source.id),
            )
            .at(source.origin.file, source.origin.span, "declared here")
            .help("a table with one column per group holds counts per cell: declare `kind aggregate`"),
        );
        return false;
    }
    let first = plan.header.len();
    plan.header.extend(values.iter().cloned());
    plan.header.push(format!("#{}", dim.id));
    // `#` keeps a group id such as `gesamt` from looking like a total row.
    let labels: Vec<String> = dim.base_groups().map(|g| format!("#{}", g.id)).collect();
    let wide = WidePlan::Groups { dim: dim.id.clone(), first, cols };
    plan.virts = wide.virtual_rows(&labels);
    plan.wide = Some(wide);
    true
}

fn plan_years(plan: &mut SourcePlan, source: &Source, value: &str, errors: &mut Vec<Diag>) -> bool {
    let mut cols = Vec::new();
    for (f, h) in plan.header.iter().enumerate() {
        match parse_year(h, source.format.school_year) {
            Ok(y) if (1800..=2200).contains(&y) => cols.push((f, y)),
            Ok(_) | Err(YearProblem::NotAYear) => {}
            Err(YearProblem::SchoolYearRule) => {
                errors.push(
                    Diag::error("data-school-year", format!("column `{h}` of `{}` is a school year", plan.display))
                        .at(source.origin.file, source.origin.span, "years in columns")
                        .help("declare `school_year end` (2020/21 counts as 2021) or `school_year start` (as 2020) in the source"),
                );
                return false;
            }
        }
    }
    if cols.is_empty() {
        errors.push(
            Diag::error(
                "wide-no-year-columns",
                format!("no column of `{}` is headed by a year", plan.display),
            )
            .at(source.origin.file, source.origin.span, "declares `years in columns`")
            .help(format!("the file has: {}", plan.header.join(", "))),
        );
        return false;
    }
    let mut seen = std::collections::BTreeMap::new();
    for (f, y) in &cols {
        if let Some(prev) = seen.insert(*y, *f) {
            errors.push(
                Diag::error(
                    "wide-duplicate-year",
                    format!(
                        "columns `{}` and `{}` of `{}` are both year {y}",
                        plan.header[prev], plan.header[*f], plan.display
                    ),
                )
                .at(source.origin.file, source.origin.span, "years in columns")
                .help("each year may head one column only"),
            );
            return false;
        }
    }
    if source.format.year.is_some() {
        errors.push(
            Diag::error(
                "wide-year-twice",
                format!("source `{}` declares both `year` and `years in columns`", source.id),
            )
            .at(source.origin.file, source.origin.span, "two sources of the year")
            .help("the year of each value comes from its column header; remove `year`"),
        );
        return false;
    }
    if plan.header.iter().any(|h| h == value) {
        errors.push(
            Diag::error("wide-name-taken", format!("`{value}` is already a column of `{}`", plan.display))
                .at(source.origin.file, source.origin.span, "years in columns")
                .help("name the values of the year columns with a name the file does not use"),
        );
        return false;
    }
    let at = plan.header.len();
    plan.header.push(value.to_string());
    // Each virtual row brings its year; no year column is looked up.
    plan.year_const = Some(cols[0].1);
    let wide = WidePlan::Years { value: at, cols };
    plan.virts = wide.virtual_rows(&[]);
    plan.wide = Some(wide);
    true
}
