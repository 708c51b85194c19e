//! The units' outlines for the report's district maps: read once per run
//! from the GeoJSON file an area names (`geometry "bezirke.geojson" key
//! "code"`), checked against the area's declared units, and handed to the
//! report as longitude/latitude rings.
//!
//! Why here and not in the report: the file is input like a data file. It
//! is read under the same access rules, its problems are diagnostics of
//! `kimon check` (with file, line and column), and a report never fails
//! half-way because a map file is broken.

mod load;
mod locate;

pub use load::load_all;

use indexmap::IndexMap;
use std::sync::Arc;

/// A closed ring of `[longitude, latitude]` positions (WGS 84). Outer
/// rings and holes alike: the map fills with the even-odd rule.
pub type Ring = Vec<[f64; 2]>;

/// The outlines of one area's units, in the order the area declares them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaGeometry {
    /// The file as written in the rulebook (for captions and messages).
    pub file: String,
    /// Unit code → its rings (a multi-part unit has several outer rings).
    pub units: IndexMap<String, Vec<Ring>>,
}

/// Per area id: its outlines. Areas without `geometry` are absent.
pub type Geometries = IndexMap<String, Arc<AreaGeometry>>;
