//! Which declared targets apply to a cell, and the series each is judged
//! on. Every target applies somewhere: a target on the value without a
//! group applies to every cell; with a group, to that group's cells; a gap
//! or ratio target to the cells of its group (or, without a group, to every
//! cell with a comparison) against the group it names or the indicator's
//! comparison — for representation indicators the other indicator.

use super::compare::{value_at, Against, Cmp};
use super::series::Point;
use crate::eval::AreaKey;
use crate::findings::Quantity;
use crate::model::{Indicator, Model, Target};
use crate::publish::{Published, PublishedTable};
use kimon_grammar::ast::SubjectKind;

/// A target as it applies to one cell.
pub struct Applied<'a> {
    pub target: &'a Target,
    pub quantity: Quantity,
    /// Label of the comparison for gap and ratio targets.
    pub against: Option<String>,
    /// The quantity's published points (plausible years only).
    pub points: Vec<Point>,
}

pub struct CellRef<'a> {
    pub model: &'a Model,
    pub published: &'a Published,
    pub ind: &'a Indicator,
    pub table: &'a PublishedTable,
    pub area: &'a AreaKey,
    pub groups: &'a [Option<String>],
}

fn dim_of(cx: &CellRef, g: &str) -> Option<usize> {
    cx.ind
        .dimensions
        .iter()
        .position(|d| cx.model.dimensions.get(d).is_some_and(|dim| dim.group(g).is_some()))
}

/// The cell is exactly group `g` in dimension `k` and "all" elsewhere.
fn only(groups: &[Option<String>], k: usize, g: &str) -> bool {
    groups.iter().enumerate().all(|(i, x)| if i == k { x.as_deref() == Some(g) } else { x.is_none() })
}

fn quantity(t: &Target) -> Quantity {
    match t.subject {
        SubjectKind::Value => Quantity::Value,
        SubjectKind::Gap => Quantity::Gap,
        SubjectKind::Ratio => Quantity::Ratio,
    }
}

/// The targets of `ind` that apply to the cell, with their series.
pub fn for_cell<'t>(
    cx: &CellRef,
    targets: &'t [Target],
    cmps: &[Cmp],
    plausible: &dyn Fn(i32) -> bool,
) -> Vec<Applied<'t>> {
    let mut out = Vec::new();
    for t in targets {
        let q = quantity(t);
        match t.subject {
            SubjectKind::Value => {
                let applies = match t.groups.first() {
                    None => true,
                    Some(g) => dim_of(cx, g).is_some_and(|k| only(cx.groups, k, g)),
                };
                if applies {
                    out.push(Applied {
                        target: t,
                        quantity: q,
                        against: None,
                        points: series(cx, None, t, plausible),
                    });
                }
            }
            SubjectKind::Gap | SubjectKind::Ratio => {
                let cmp = match t.groups.first() {
                    Some(a) => {
                        let Some(k) = dim_of(cx, a) else { continue };
                        if !only(cx.groups, k, a) {
                            continue;
                        }
                        match t.groups.get(1) {
                            Some(b) => {
                                let mut other = cx.groups.to_vec();
                                other[k] = Some(b.clone());
                                let title = cx
                                    .model
                                    .dimensions
                                    .get(&cx.ind.dimensions[k])
                                    .map_or_else(|| b.clone(), |d| d.title_of(b));
                                Some(Cmp {
                                    dimension: Some(cx.ind.dimensions[k].clone()),
                                    against: Against::Cell(other.clone()),
                                    groups: other,
                                    label: title,
                                })
                            }
                            None => cmps
                                .iter()
                                .find(|c| c.dimension.as_deref() == Some(&cx.ind.dimensions[k]))
                                .cloned(),
                        }
                    }
                    None => cmps.first().cloned(),
                };
                let Some(cmp) = cmp else { continue };
                let points = series(cx, Some(&cmp), t, plausible);
                out.push(Applied { target: t, quantity: q, against: Some(cmp.label.clone()), points });
            }
        }
    }
    out
}

/// The published series of the target's quantity in this cell.
fn series(cx: &CellRef, cmp: Option<&Cmp>, t: &Target, plausible: &dyn Fn(i32) -> bool) -> Vec<Point> {
    cx.table
        .years
        .iter()
        .filter(|y| plausible(**y))
        .filter_map(|y| {
            let v = cx.table.get(*y, cx.area, cx.groups)?.value.value()?;
            let value = match cmp {
                None => v,
                Some(c) => {
                    let r = value_at(cx.published, cx.ind, cx.table, c, cx.area, cx.groups, *y).value()?;
                    if t.subject == SubjectKind::Ratio {
                        if r == 0.0 {
                            return None;
                        }
                        v / r
                    } else {
                        v - r
                    }
                }
            };
            Some(Point { year: *y, value })
        })
        .collect()
}
