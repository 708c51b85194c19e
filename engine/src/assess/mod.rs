//! Assessment: from protected tables to annotated findings — value,
//! comparison with the reference, changes, trend, targets, threshold band,
//! classification and the reasons behind it. Only published values are
//! used, so nothing here can be derived from a suppressed cell.

pub mod bands;
mod build;
mod cell;
pub mod classify;
pub mod compare;
mod describe;
mod finding;
pub mod privacy_rules;
pub mod reason;
pub mod series;
pub mod survey;
pub mod target;
mod targets;
pub mod text;

pub use build::build_findings;
pub(crate) use build::check_reads_public_only;
pub use describe::{describe_target, describe_thresholds};
