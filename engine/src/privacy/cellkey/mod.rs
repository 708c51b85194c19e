//! The cell key method (CKM): consistent random noise for count tables, as
//! the statistical offices use it for the 2022 census.
//!
//! Instead of hiding cells, every published count gets a small deviation:
//!
//! 1. each record has a **record key** in [0, 1), derived from its id and
//!    the office's secret ([`RecordKeySecret`], `record_key.rs`);
//! 2. a cell's **cell key** is the fractional part of the sum of its
//!    records' keys ([`KeySum`]), so the same records get the same noise in
//!    every table and every run, however the cell was assembled;
//! 3. the deviation is looked up in a **perturbation table** ([`PTable`],
//!    `ptable.rs`) built by maximum entropy (`maxent.rs`) for maximum
//!    deviation D, variance V and forbidden small values 1…js: unbiased,
//!    variance V, never a perturbed value in 1…js, zero stays zero
//!    ([`perturb`], `perturb.rs`).
//!
//! Derived values (rates, gaps) must be computed from perturbed counts;
//! totals are perturbed as cells of their own and so need not equal the sum
//! of their perturbed parts (the census says so in every table).
//! [`Accuracy`] states a table's accuracy in the terms offices publish;
//! [`CellKeyParams`] is the rulebook's `privacy { method cell_key … }` block.

mod accuracy;
mod error;
mod maxent;
mod params;
mod perturb;
mod ptable;
mod record_key;

#[cfg(test)]
mod tests;

pub use accuracy::Accuracy;
pub use error::CellKeyError;
pub use params::CellKeyParams;
pub use perturb::{perturb, perturb_f64, perturb_with_deviation, MAX_EXACT_F64_COUNT};
pub use ptable::{max_variance, PTable, PTableEntry, PTableParams, PTableRow, MAX_DEVIATION_LIMIT};
pub use record_key::{KeySum, RecordKey, RecordKeySecret, KEY_MODULUS, MIN_SECRET_LEN};
