//! The `privacy { method cell_key … }` block as data.
//!
//! ```text
//! privacy {
//!   method cell_key
//!   max_deviation 2
//!   variance 1.08
//!   forbidden_small 1
//!   key_file "geheim/zellschluessel.key"
//!   record_id person_id
//! }
//! ```
//!
//! The rulebook says *how much* noise and *which column* identifies a
//! record; the secret itself stays in the key file, outside the rulebook,
//! because a published rulebook must not let anyone recompute the keys.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::CellKeyError;
use super::ptable::{PTable, PTableParams};
use super::record_key::RecordKeySecret;

/// Parameters of the cell key method as a rulebook states them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellKeyParams {
    /// D: largest absolute deviation.
    pub max_deviation: u32,
    /// V: noise variance.
    pub variance: f64,
    /// js: perturbed counts never take the values 1…js. Default 0.
    #[serde(default)]
    pub forbidden_small: u32,
    /// Monotone probabilities up to v = 0 (the R package's `mono`). Default
    /// off, which reproduces the published census table for D = 2, V = 1.08,
    /// js = 1.
    #[serde(default)]
    pub monotone: bool,
    /// The office's secret key file; a relative path is resolved against
    /// the directory the caller passes to [`CellKeyParams::load_secret`].
    pub key_file: PathBuf,
    /// Column holding the record id the keys are derived from.
    pub record_id: String,
}

impl CellKeyParams {
    /// The table parameters.
    pub fn ptable_params(&self) -> PTableParams {
        PTableParams {
            max_deviation: self.max_deviation,
            variance: self.variance,
            forbidden_small: self.forbidden_small,
            monotone: self.monotone,
        }
    }

    /// Check everything that can be checked without reading the key file
    /// or solving the table.
    pub fn validate(&self) -> Result<(), CellKeyError> {
        self.ptable_params().validate()?;
        if self.record_id.trim().is_empty() {
            return Err(CellKeyError::MissingRecordId);
        }
        if self.key_file.as_os_str().is_empty() {
            return Err(CellKeyError::MissingKeyFile);
        }
        Ok(())
    }

    /// Validate and build the perturbation table.
    pub fn build_table(&self) -> Result<PTable, CellKeyError> {
        self.validate()?;
        PTable::build(self.ptable_params())
    }

    /// Read the secret; `base_dir` is where a relative `key_file` starts
    /// (normally the rulebook's directory).
    pub fn load_secret(&self, base_dir: &Path) -> Result<RecordKeySecret, CellKeyError> {
        if self.key_file.as_os_str().is_empty() {
            return Err(CellKeyError::MissingKeyFile);
        }
        RecordKeySecret::from_file(&base_dir.join(&self.key_file))
    }
}
