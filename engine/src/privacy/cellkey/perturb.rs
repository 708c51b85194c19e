//! Perturbing a count with its cell key.
//!
//! Lookup as in the cellKey package and τ-ARGUS: take the row of the
//! original count (the last, symmetric row for all counts at or above it),
//! and add the deviation `v` of the first entry whose `p_int_ub` exceeds the
//! cell key. Cell keys and bounds are both integers in units of 1e-8, so the
//! comparison is exact and a key can never fall between entries. Zero stays
//! zero: an empty cell has no records and row 0 has only `v = 0`.

use super::error::CellKeyError;
use super::ptable::PTable;
use super::record_key::KeySum;

/// The perturbed value of `count` for a cell with key sum `cell_key`.
///
/// Never negative and never in `1…js` (by construction of the table);
/// saturates at `i64::MAX` for counts beyond it.
pub fn perturb(count: u64, cell_key: KeySum, table: &PTable) -> i64 {
    perturb_with_deviation(count, cell_key, table).0
}

/// The perturbed value and the deviation that was added.
pub fn perturb_with_deviation(count: u64, cell_key: KeySum, table: &PTable) -> (i64, i32) {
    let v = if count == 0 { 0 } else { table.row_for(count).map_or(0, |row| row.lookup(cell_key.units())) };
    let base = i64::try_from(count).unwrap_or(i64::MAX);
    (base.saturating_add(i64::from(v)), v)
}

/// Largest count an `f64` holds exactly (2^53): beyond it whole numbers are
/// no longer all representable and a deviation of ±1 could be lost.
pub const MAX_EXACT_F64_COUNT: f64 = 9_007_199_254_740_992.0;

/// Perturb a count held as `f64` (the engine's cell values). The value must
/// be finite, non-negative, whole and at most 2^53; weighted or fractional
/// values are an error rather than being rounded silently, because the
/// count table's guarantees (no value in `1…js`) are about whole counts.
pub fn perturb_f64(count: f64, cell_key: KeySum, table: &PTable) -> Result<f64, CellKeyError> {
    if !(count.is_finite() && count >= 0.0 && count.fract() == 0.0 && count <= MAX_EXACT_F64_COUNT) {
        return Err(CellKeyError::NotACount { value: count });
    }
    // Exact: a whole f64 in [0, 2^53] converts to u64 without loss.
    let whole = count as u64;
    let perturbed = perturb(whole, cell_key, table);
    // |perturbed| ≤ 2^53 + D is exact enough: within one ulp of 2^53 only.
    Ok(perturbed as f64)
}
