//! Turns the rows of an atom query into what the file pass produces: the
//! per-table accumulators the cubes are built from and the atom table
//! privacy reads. Each result row is one atom; it is added to every table
//! whose measure it passes, exactly as its rows would have been one by one.

use super::query::AtomQuery;
use crate::data::years::parse_year;
use crate::data::MissingKind;
use crate::eval::acc::Acc;
use crate::eval::atoms::Quantity;
use crate::eval::pass::{empty_result, SourceResult};
use crate::eval::plan::{MeasureValue, SourcePlan};

/// One result row of an atom query, independent of the database client.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AtomRow {
    /// The year as text (`NULL` → `None`).
    pub year: Option<String>,
    /// Code per area of the plan (`''` for a missing code).
    pub codes: Vec<String>,
    /// Base-group slot per dimension of the plan.
    pub slots: Vec<i64>,
    /// Truth value per pass column of the query.
    pub passes: Vec<bool>,
    /// Rows in the atom.
    pub n: i64,
    /// Per quantity of the query: sum of the known values, number of known
    /// values and the largest absolute values (`None` for row counts).
    pub sums: Vec<Option<f64>>,
    pub known: Vec<i64>,
    pub top: Vec<Vec<f64>>,
}

/// Why the rows cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum FillError {
    NotAYear(String),
    UnmappedCode { code: String, area: String, key: String },
    TooManyCells,
    BadShape(String),
}

impl std::fmt::Display for FillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FillError::NotAYear(y) => write!(f, "the year column holds `{y}`, which is not a year"),
            FillError::UnmappedCode { code, area, key } => {
                write!(f, "`{code}` is not listed in the key file `{key}` of area `{area}`")
            }
            FillError::TooManyCells => {
                write!(f, "a table would need more than {} cells", crate::limits::MAX_CELLS)
            }
            FillError::BadShape(s) => write!(f, "unexpected query result: {s}"),
        }
    }
}

/// Accumulates atom rows; rows outside the rulebook's `years` are left out
/// and counted in the second value (the file pass warns about them too).
pub fn fill(
    plan: &SourcePlan,
    q: &AtomQuery,
    rows: &[AtomRow],
    years: Option<(i32, i32)>,
) -> Result<(SourceResult, u64), FillError> {
    let mut out = empty_result(plan);
    let none_dict = plan.areas.len();
    let n_dims = plan.dims.len();
    let words = plan.measures.len().div_ceil(32);
    let (_, measure_quantity) = crate::eval::atoms::quantities(plan);
    let mut key = vec![0u32; none_dict + 1 + n_dims + words];
    let mut ya = vec![0u32; none_dict + 1];
    let mut outside = 0u64;
    for row in rows {
        if row.codes.len() != plan.areas.len() || row.slots.len() != n_dims || row.passes.len() != q.passes()
        {
            return Err(FillError::BadShape("wrong number of columns".into()));
        }
        let text = row.year.as_deref().unwrap_or("");
        let year =
            parse_year(text, plan.format.school_year).map_err(|_| FillError::NotAYear(text.to_string()))?;
        let n = u64::try_from(row.n).map_err(|_| FillError::BadShape("negative count".into()))?;
        if let Some((lo, hi)) = years {
            if year < lo || year > hi {
                outside += n;
                continue;
            }
        }
        out.rows += n;
        ya[none_dict] = out.dicts[none_dict].id(year, b"");
        for (a, area) in plan.areas.iter().enumerate() {
            let code = row.codes.get(a).map_or("", String::as_str);
            let code = match &area.parents {
                None => code,
                Some((keyfile, display)) => match keyfile.parents.get(code) {
                    Some(parent) => parent.as_str(),
                    None => {
                        return Err(FillError::UnmappedCode {
                            code: code.to_string(),
                            area: area.id.clone(),
                            key: display.clone(),
                        })
                    }
                },
            };
            ya[a] = out.dicts[a].id(year, code.as_bytes());
        }
        key.iter_mut().for_each(|k| *k = 0);
        key[..=none_dict].copy_from_slice(&ya);
        let mut slots = Vec::with_capacity(n_dims);
        for (d, dim) in plan.dims.iter().enumerate() {
            let s = row.slots.get(d).copied().unwrap_or(0);
            let s = usize::try_from(s)
                .ok()
                .filter(|s| *s <= dim.n_base)
                .ok_or_else(|| FillError::BadShape(format!("group slot {s}")))?;
            key[none_dict + 1 + d] = s as u32;
            slots.push(s);
        }
        let passes: Vec<bool> = q
            .pass_cols
            .iter()
            .map(|c| c.is_none_or(|c| row.passes.get(c).copied().unwrap_or(false)))
            .collect();
        for (m, pass) in passes.iter().enumerate() {
            if *pass {
                key[none_dict + 1 + n_dims + m / 32] |= 1 << (m % 32);
            }
        }
        let atom = out.atoms.slot(&key);
        out.atoms.add_rows(atom, n);
        let mut seen = vec![false; q.quantities.len()];
        for (m, pass) in passes.iter().enumerate() {
            let Some(&qi) = measure_quantity.get(m) else { continue };
            if !*pass || seen.get(qi).copied().unwrap_or(true) {
                continue;
            }
            seen[qi] = true;
            match q.quantities.get(qi) {
                Some(Quantity::One) => {
                    out.atoms.add_sum(atom, qi, n as f64);
                    // Each row adds 1, as in the file pass's top list.
                    let ones = [1.0; crate::eval::atoms::LARGEST];
                    out.atoms.add_largest(atom, qi, &ones[..ones.len().min(n as usize)]);
                }
                Some(Quantity::Field(_)) => {
                    out.atoms.add_sum(atom, qi, row.sums.get(qi).copied().flatten().unwrap_or(0.0));
                    if let Some(top) = row.top.get(qi) {
                        out.atoms.add_largest(atom, qi, top);
                    }
                }
                None => {}
            }
        }
        for (t, table) in plan.tables.iter().enumerate() {
            let m = table.measure;
            if !passes.get(m).copied().unwrap_or(false) {
                continue;
            }
            let y = ya[table.area.unwrap_or(none_dict)] as usize;
            let mut idx = y * table.block;
            for (k, d) in table.dims.iter().enumerate() {
                idx += slots.get(*d).copied().unwrap_or(0) * table.strides.get(k).copied().unwrap_or(0);
            }
            let cells = &mut out.tables[t];
            if cells.len() <= idx {
                if (y + 1) * table.block > crate::limits::MAX_CELLS {
                    return Err(FillError::TooManyCells);
                }
                cells.resize((y + 1) * table.block, Acc::default());
            }
            let cell = &mut cells[idx];
            cell.rows += n;
            let qi = measure_quantity.get(m).copied().unwrap_or(0);
            match plan.measures.get(m).map(|x| x.value) {
                Some(MeasureValue::Field(_)) => {
                    cell.sum += row.sums.get(qi).copied().flatten().unwrap_or(0.0);
                    let known = u64::try_from(row.known.get(qi).copied().unwrap_or(0)).unwrap_or(0);
                    if known < n {
                        // A NULL value is missing: the cell's value is unknown, not smaller.
                        let k = MissingKind::NotAvailable;
                        cell.missing = Some(cell.missing.map_or(k, |old| old.max(k)));
                    }
                }
                _ => cell.sum += n as f64,
            }
        }
    }
    Ok((out, outside))
}
