//! Fuzz targets for kimon; see `targets.rs`.

mod targets;

pub use targets::{data, deep, rhai, rulebook};
