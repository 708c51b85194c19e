//! The streaming pass over a Parquet file: the same per-row work as for a
//! CSV file (`pass::Worker`), fed from column batches instead of lines, so
//! atoms, accumulators, issues and the ledger's row hashes come out as for
//! the same table written as CSV.
//!
//! Two shortcuts, neither of which changes a result:
//! - **projection**: only the columns the plan reads are decoded; the
//!   others are empty fields the pass never looks at. All columns are read
//!   when the ledger is used (a row's identity hashes all its fields), for
//!   wide tables and for aggregate sources (total rows are looked for in
//!   every field that identifies a cell);
//! - **row groups outside the years**: when the statistics of a whole-number
//!   year column prove that every row of a row group lies outside the
//!   rulebook's `years`, only the year column and the columns whose
//!   literals are looked for are decoded there: a row outside the years
//!   reads nothing else (it is reported and skipped), so the warnings and
//!   notices stay exactly as in the CSV pass.
//!
//! Row groups are split between threads in file order; a row's "offset"
//! in the issues is its 0-based row number in the file.

use super::pass::{combine, SourceResult, Worker};
use super::plan::{MeasureValue, SourcePlan};
use crate::data::parquet::column::{Decoder, TextColumn, BATCH};
use crate::data::parquet::{ParquetError, ParquetFile};
use crate::eval::expr::Slot;
use crate::eval::pass::Control;
use crate::sandbox::Sandbox;
use ::parquet::file::reader::FileReader;
use std::sync::atomic::Ordering;

/// Files below this size are read by one thread (as CSV files are).
const PARALLEL_BYTES: u64 = 8 << 20;

/// Runs the pass over one Parquet source.
pub fn run(
    plan: &SourcePlan,
    years: Option<(i32, i32)>,
    sandbox: &Sandbox,
    control: &Control,
) -> std::io::Result<SourceResult> {
    let file = ParquetFile::open(&plan.path).map_err(ParquetError::into_io)?;
    let file_len = std::fs::metadata(&plan.path)?.len();
    let rows = file.row_group_rows();
    let needed = needed_fields(plan, file.columns.len());
    // A column the plan reads must be readable before any row is counted.
    for (c, col) in file.columns.iter().enumerate() {
        if needed.get(c).copied().unwrap_or(false) {
            if let crate::data::parquet::Kind::Unsupported(what) = &col.kind {
                let e = ParquetError::Unsupported { column: col.name.clone(), what: what.clone() };
                return Err(e.into_io());
            }
        }
    }
    let threads = if file_len < PARALLEL_BYTES || rows.len() < 2 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(4).min(rows.len())
    };
    let parts = split_groups(&rows, threads);
    let file = &file;
    let needed = &needed;
    let results: Vec<std::io::Result<SourceResult>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|groups| s.spawn(move || run_groups(plan, file, groups, needed, years, sandbox, control)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("worker thread panicked"))))
            .collect()
    });
    let group_bytes: u64 = file.row_group_bytes().iter().sum();
    control.bytes_done.fetch_add(file_len.saturating_sub(group_bytes), Ordering::Relaxed);
    let mut result = combine(plan, results)?;
    result.bytes = file_len;
    Ok(result)
}

/// Contiguous runs of row groups with about equal rows, one per thread.
fn split_groups(rows: &[u64], threads: usize) -> Vec<Vec<usize>> {
    let total: u64 = rows.iter().sum();
    let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
    let mut acc = 0u64;
    for (g, n) in rows.iter().enumerate() {
        let part = parts.len() as u64;
        // A group goes to the next part once its middle lies past the
        // part's share of the rows.
        let middle = acc + n / 2;
        if part < threads as u64
            && middle >= total * part / threads as u64
            && !parts[parts.len() - 1].is_empty()
        {
            parts.push(Vec::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push(g);
        }
        acc += n;
    }
    parts
}

/// The physical columns the pass reads (see the module notes for when all
/// of them are).
pub(crate) fn needed_fields(plan: &SourcePlan, columns: usize) -> Vec<bool> {
    let all =
        plan.ledger.is_some() || !plan.virts.is_empty() || plan.kind != crate::model::SourceKind::Microdata;
    if all {
        return vec![true; columns];
    }
    let mut need = vec![false; columns];
    let mut add = |f: usize| {
        if let Some(n) = need.get_mut(f) {
            *n = true;
        }
    };
    if plan.year_const.is_none() {
        add(plan.year_field);
    }
    let mut slots = Vec::new();
    for d in &plan.dims {
        for (_, node) in &d.when {
            node.slots(&mut slots);
        }
    }
    for m in &plan.measures {
        if let Some(f) = &m.filter {
            f.slots(&mut slots);
        }
        if let MeasureValue::Field(f) = m.value {
            add(f);
        }
    }
    for s in slots {
        match s {
            Slot::Field(f) => add(f),
            Slot::Let(l) => plan.let_fields(l).into_iter().for_each(&mut add),
        }
    }
    // Every `let` of the plan is computed for every row.
    for l in 0..plan.lets.len() {
        plan.let_fields(l).into_iter().for_each(&mut add);
    }
    for a in &plan.areas {
        if a.field != usize::MAX {
            add(a.field);
        }
        if let Some(l) = a.let_slot {
            plan.let_fields(l).into_iter().for_each(&mut add);
        }
    }
    if let Some(rk) = &plan.record_key {
        add(rk.field);
    }
    plan.probes.iter().for_each(|p| add(p.field));
    plan.total_codes.iter().for_each(|t| add(t.field));
    plan.first_field_of_dim.iter().flatten().for_each(|f| add(*f));
    need
}

/// The columns read in a row group whose rows all lie outside the years:
/// the year and the literal probes (what the pass reads of such a row).
fn outside_fields(plan: &SourcePlan, columns: usize) -> Vec<bool> {
    let mut need = vec![false; columns];
    for f in std::iter::once(plan.year_field).chain(plan.probes.iter().map(|p| p.field)) {
        if let Some(n) = need.get_mut(f) {
            *n = true;
        }
    }
    need
}

/// Whether the statistics prove every row of group `g` outside the years.
fn outside_years(plan: &SourcePlan, file: &ParquetFile, g: usize, years: Option<(i32, i32)>) -> bool {
    let Some((lo, hi)) = years else { return false };
    if plan.year_const.is_some() || !plan.virts.is_empty() {
        return false;
    }
    match file.int_range(g, plan.year_field) {
        Some((min, max)) => max < i64::from(lo) || min > i64::from(hi),
        None => false,
    }
}

fn run_groups(
    plan: &SourcePlan,
    file: &ParquetFile,
    groups: &[usize],
    needed: &[bool],
    years: Option<(i32, i32)>,
    sandbox: &Sandbox,
    control: &Control,
) -> std::io::Result<SourceResult> {
    let mut w = Worker::new(plan, sandbox, years);
    let n_cols = file.columns.len();
    // The pass indexes fields by the plan's header (the file's columns).
    let width = n_cols;
    let rows = file.row_group_rows();
    let bytes = file.row_group_bytes();
    let outside = outside_fields(plan, n_cols);
    let mut cols: Vec<TextColumn> = vec![TextColumn::default(); n_cols];
    let mut part_bytes = 0u64;
    for &g in groups {
        let first_row: u64 = rows[..g].iter().sum();
        let proj: &[bool] = if outside_years(plan, file, g, years) { &outside } else { needed };
        let group = file.reader.get_row_group(g).map_err(|e| {
            ParquetError::Corrupt { column: String::new(), row_group: g, what: e.to_string() }.into_io()
        })?;
        let mut decoders: Vec<(usize, Decoder)> = Vec::new();
        for (c, col) in file.columns.iter().enumerate() {
            if proj.get(c).copied().unwrap_or(false) {
                let d = Decoder::at(group.as_ref(), col, g, first_row, &plan.format)
                    .map_err(ParquetError::into_io)?;
                decoders.push((c, d));
            }
        }
        let mut remaining = rows[g];
        let mut offset = first_row;
        while remaining > 0 {
            if control.cancel.load(Ordering::Relaxed) {
                return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled"));
            }
            let n = remaining.min(BATCH as u64) as usize;
            for (c, d) in decoders.iter_mut() {
                let col = &mut cols[*c];
                col.clear();
                let got = d.read(col, n).map_err(ParquetError::into_io)?;
                if got != n {
                    let e = ParquetError::Corrupt {
                        column: file.columns[*c].name.clone(),
                        row_group: g,
                        what: format!(
                            "the column ends after {} of {} rows",
                            rows[g] - remaining + got as u64,
                            rows[g]
                        ),
                    };
                    return Err(e.into_io());
                }
            }
            let mut fields: Vec<&str> = vec![""; width];
            for r in 0..n {
                for (c, _) in &decoders {
                    fields[*c] = cols[*c].get(r);
                }
                if !w.feed(&fields, offset) {
                    return Ok(w.finish(part_bytes));
                }
                offset += 1;
            }
            remaining -= n as u64;
        }
        control.bytes_done.fetch_add(bytes[g], Ordering::Relaxed);
        part_bytes += bytes[g];
    }
    Ok(w.finish(part_bytes))
}

#[cfg(test)]
mod tests {
    use super::split_groups;

    #[test]
    fn groups_are_split_in_file_order() {
        assert_eq!(split_groups(&[10, 10, 10, 10], 2), vec![vec![0, 1], vec![2, 3]]);
        assert_eq!(split_groups(&[10, 10, 10], 1), vec![vec![0, 1, 2]]);
        assert_eq!(split_groups(&[100, 1, 1], 2), vec![vec![0], vec![1, 2]]);
        assert_eq!(split_groups(&[], 2), vec![Vec::<usize>::new()]);
    }
}
