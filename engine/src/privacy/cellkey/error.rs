//! Errors of the cell key method.
//!
//! Bad parameters and a bad key file must stop a publication with a message
//! an office can act on; they must never panic, because the parameters come
//! from a rulebook and the key from a file outside kimon's control.

use std::path::PathBuf;

use thiserror::Error;

/// Why a perturbation table, a record key or a perturbation could not be made.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CellKeyError {
    /// D = 0 would mean no noise at all, which is no protection.
    #[error("cell key method: max_deviation must be at least 1 (got 0)")]
    ZeroMaxDeviation,
    /// The solver works on 2·D + 1 deviations per row; beyond this the table
    /// is no longer a small-noise method and the solver is not tested there.
    #[error("cell key method: max_deviation {got} is too large (at most {max})")]
    MaxDeviationTooLarge { got: u32, max: u32 },
    /// The variance must be a positive, finite number.
    #[error("cell key method: variance must be a finite number greater than 0 (got {got})")]
    InvalidVariance { got: f64 },
    /// No distribution on −D…D with mean 0 reaches a larger variance under
    /// maximum entropy than the uniform one, D·(D+1)/3: the table for large
    /// cells would silently have less noise than asked for.
    #[error(
        "cell key method: variance {variance} is too large for max_deviation {max_deviation}: \
         at most {max} (uniform noise over −{max_deviation}…{max_deviation}); \
         raise max_deviation or lower the variance"
    )]
    VarianceTooLarge { variance: f64, max_deviation: u32, max: f64 },
    /// Values 1…js must never appear; with js ≥ D a small count has no
    /// allowed target below it and the noise cannot be unbiased.
    #[error(
        "cell key method: forbidden_small {forbidden_small} must be smaller than \
         max_deviation {max_deviation}"
    )]
    ForbiddenSmallTooLarge { forbidden_small: u32, max_deviation: u32 },
    /// A count i in 1…js must jump to 0 or above js; the least variance an
    /// unbiased jump can have is i·(js+1−i), so V must exceed the largest of
    /// these.
    #[error(
        "cell key method: variance {variance} is too small for forbidden_small {forbidden_small}: \
         a count of {count} must move to 0 or above {forbidden_small}, which needs a variance \
         greater than {min}"
    )]
    VarianceTooSmall { variance: f64, forbidden_small: u32, count: u32, min: f64 },
    /// The maximum-entropy problem for one row has no solution the solver
    /// could find (constraints contradict each other, e.g. monotone
    /// probabilities together with the variance).
    #[error(
        "cell key method: no perturbation table for max_deviation {max_deviation}, variance \
         {variance}, forbidden_small {forbidden_small}{mono}: row {row} {reason}; try another \
         variance (or turn `monotone` off)",
        mono = if *monotone { ", monotone" } else { "" }
    )]
    NoSolution {
        max_deviation: u32,
        variance: f64,
        forbidden_small: u32,
        monotone: bool,
        row: u32,
        reason: String,
    },
    /// The office's key file does not exist.
    #[error("cell key method: key file {} not found", path.display())]
    KeyFileMissing { path: PathBuf },
    /// The key file exists but could not be read.
    #[error("cell key method: cannot read key file {}: {message}", path.display())]
    KeyFileUnreadable { path: PathBuf, message: String },
    /// An empty key file gives every office the same keys.
    #[error("cell key method: key file {} is empty", path.display())]
    KeyFileEmpty { path: PathBuf },
    /// A short secret can be guessed, and with it every record key.
    #[error(
        "cell key method: key file {} holds {len} bytes, at least {min} are required \
         (e.g. 32 random bytes)",
        path.display()
    )]
    KeyFileTooShort { path: PathBuf, len: usize, min: usize },
    /// A secret given in memory (not from a file) is too short.
    #[error("cell key method: secret holds {len} bytes, at least {min} are required")]
    SecretTooShort { len: usize, min: usize },
    /// Only whole, non-negative counts can be perturbed with a count table.
    #[error("cell key method: {value} is not a whole non-negative count that can be perturbed")]
    NotACount { value: f64 },
    /// The `privacy` block names no record-id column.
    #[error("cell key method: record_id must name a column")]
    MissingRecordId,
    /// The `privacy` block names no key file.
    #[error("cell key method: key_file must name the office's secret key file")]
    MissingKeyFile,
}
