//! Which cells a finding is compared with. A cross-classified cell is
//! compared with the reference group of *each* dimension in which it is
//! not the reference, within the same slice of the other dimensions
//! (foreign 30–49-year-olds with Germans aged 30–49), so no gap is hidden
//! because the first dimension happens to be the reference.

use super::text;
use crate::eval::AreaKey;
use crate::findings::GapKind;
use crate::model::{Compare, Indicator, Model, Unit};
use crate::publish::{PubCell, Published, PublishedTable, Shown};
use crate::report::numfmt::Lang;

/// What a cell is compared with.
#[derive(Debug, Clone)]
pub enum Against {
    /// Another cell of the same table (same area and year).
    Cell(Vec<Option<String>>),
    /// Everyone in the slice but the group in dimension `k`.
    Complement(usize),
    /// The total of another indicator in the same area.
    Indicator(String),
}

/// One comparison of a cell.
#[derive(Debug, Clone)]
pub struct Cmp {
    /// Dimension compared along (`None`: another indicator).
    pub dimension: Option<String>,
    pub against: Against,
    /// Groups of the compared cell, in `by` order.
    pub groups: Vec<Option<String>>,
    /// "Deutsche, 30 bis 49 Jahre".
    pub label: String,
}

pub fn gap_kind(ind: &Indicator) -> GapKind {
    if matches!(ind.compare, Compare::Indicator(_)) || ind.unit == Unit::Ratio {
        GapKind::Ratio
    } else if ind.unit == Unit::Percent {
        GapKind::PercentagePoints
    } else {
        GapKind::Difference
    }
}

fn title(model: &Model, dim: &str, g: &str) -> String {
    model.dimensions.get(dim).map_or_else(|| g.to_string(), |d| d.title_of(g))
}

/// The label of a compared cell: the compared dimension's group first,
/// then the slice it shares with the cell.
fn label(model: &Model, ind: &Indicator, other: &[Option<String>], k: usize, head: String) -> String {
    let slice: Vec<String> = ind
        .dimensions
        .iter()
        .zip(other)
        .enumerate()
        .filter(|(i, _)| *i != k)
        .filter_map(|(_, (d, g))| g.as_ref().map(|g| title(model, d, g)))
        .collect();
    if slice.is_empty() {
        head
    } else {
        format!("{head}, {}", slice.join(", "))
    }
}

/// Every comparison of the cell with `groups`, in dimension order.
pub fn comparisons(model: &Model, ind: &Indicator, groups: &[Option<String>], lang: Lang) -> Vec<Cmp> {
    if let Compare::Indicator(other) = &ind.compare {
        let title = model.indicators.get(other).map_or_else(|| other.clone(), |o| o.title.clone());
        return vec![Cmp {
            dimension: None,
            against: Against::Indicator(other.clone()),
            groups: vec![None; groups.len()],
            label: title,
        }];
    }
    let mut out = Vec::new();
    for (k, (dim_id, g)) in ind.dimensions.iter().zip(groups).enumerate() {
        let (Some(g), Some(dim)) = (g, model.dimensions.get(dim_id)) else { continue };
        let mut other = groups.to_vec();
        let (against, head) = match &ind.compare {
            Compare::Reference => {
                let Some(r) = dim.reference.as_ref().filter(|r| *r != g) else { continue };
                other[k] = Some(r.clone());
                (Against::Cell(other.clone()), dim.title_of(r))
            }
            Compare::Total => {
                other[k] = None;
                (Against::Cell(other.clone()), text::total_label(lang).to_string())
            }
            Compare::Complement => {
                other[k] = None;
                let head = match lang {
                    Lang::De => format!("alle außer {}", dim.title_of(g)),
                    Lang::En => format!("everyone but {}", dim.title_of(g)),
                };
                (Against::Complement(k), head)
            }
            Compare::Indicator(_) => continue,
        };
        let label = label(model, ind, &other, k, head);
        out.push(Cmp { dimension: Some(dim_id.clone()), against, groups: other, label });
    }
    out
}

/// The compared value at a year (published values only).
pub fn value_at(
    published: &Published,
    ind: &Indicator,
    table: &PublishedTable,
    c: &Cmp,
    area: &AreaKey,
    groups: &[Option<String>],
    year: i32,
) -> Shown {
    let missing = Shown::Missing(Default::default());
    match &c.against {
        Against::Cell(other) => table.get(year, area, other).map_or(missing, |c| c.value),
        Against::Indicator(other) => published
            .tables
            .get(other)
            .and_then(|t| t.get(year, area, &vec![None; t.dims.len()]))
            .map_or(missing, |c| c.value),
        Against::Complement(k) => {
            let mut total_key = groups.to_vec();
            if let Some(slot) = total_key.get_mut(*k) {
                *slot = None;
            }
            match (table.get(year, area, &total_key), table.get(year, area, groups)) {
                (Some(t), Some(g)) => complement(t, g, ind.unit),
                _ => missing,
            }
        }
    }
}

/// Everyone but the group: (total − group) of numerator and denominator,
/// both published, so the complement is public knowledge already.
fn complement(total: &PubCell, group: &PubCell, unit: Unit) -> Shown {
    let n = match (total.numerator, group.numerator) {
        (Shown::Value(a), Shown::Value(b)) => a - b,
        (Shown::Suppressed(s), _) | (_, Shown::Suppressed(s)) => return Shown::Suppressed(s),
        _ => return Shown::Missing(Default::default()),
    };
    match (total.denominator, group.denominator) {
        (Some(Shown::Value(a)), Some(Shown::Value(b))) if a - b > 0.0 => {
            Shown::Value(n / (a - b) * unit.scale())
        }
        (Some(Shown::Suppressed(s)), _) | (_, Some(Shown::Suppressed(s))) => Shown::Suppressed(s),
        (None, None) => Shown::Value(n),
        _ => Shown::Missing(Default::default()),
    }
}

/// Gap of a value to its comparison: a difference, or a quotient for ratios.
pub fn gap_of(value: Shown, reference: Shown, kind: GapKind) -> Option<f64> {
    let (v, r) = (value.value()?, reference.value()?);
    match kind {
        GapKind::Ratio => (r != 0.0).then(|| v / r),
        _ => Some(v - r),
    }
}
