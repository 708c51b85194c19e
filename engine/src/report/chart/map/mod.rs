//! District maps: a choropleth of one indicator's published values per
//! unit, drawn from the outlines an area names (`geometry "…geojson"`).
//!
//! Why these choices:
//!
//! - **Published values only.** A unit carries a [`PointValue`], so a
//!   protected value cannot reach the colour, the class breaks, the
//!   tooltip, the alt text or the table. Protected and missing units look
//!   the same — hatched, with the official sign „.“ — so a reader cannot
//!   tell which of them is protected either.
//! - **Equal-interval classes**, at most five, about one class per two
//!   units (three for six districts, five for twelve), on the values as
//!   printed: breaks are round numbers of the table and a value on a
//!   break lies in the upper class, as the legend says („bis unter“).
//! - **One-hue sequential palette** (ColorBrewer „Blues“): light = low,
//!   dark = high, readable for the common colour-vision deficiencies and
//!   in greyscale; hatching is never a colour.
//! - **Projection**: longitude scaled by cos(latitude) of the map's
//!   centre (equirectangular), exact enough for a city; outlines rounded
//!   to 0.1 units with repeated points dropped (the simplification a
//!   printed map at this size needs).
//! - Same frame as the other charts (`role="img"`, title, description,
//!   680 units wide, deterministic ids) and a data table with every value.

mod classes;
mod describe;
mod project;
mod render;

#[cfg(test)]
mod tests;

pub use describe::{alt_text_map, data_table_map};
pub use render::render_map;

use super::model::{PointValue, Unit};
use super::numfmt::Lang;
use crate::geometry::Ring;

/// A choropleth of one indicator by unit.
#[derive(Debug, Clone, PartialEq)]
pub struct MapChart {
    pub title: String,
    /// Whose value and which year („Ausländer*innen, 2024“).
    pub subtitle: String,
    pub lang: Lang,
    pub unit: Unit,
    /// The area's units in its order.
    pub units: Vec<MapUnit>,
}

/// One unit: its name, outline and published value.
#[derive(Debug, Clone, PartialEq)]
pub struct MapUnit {
    pub name: String,
    /// `[longitude, latitude]` rings (outer rings and holes).
    pub rings: Vec<Ring>,
    pub value: PointValue,
}

impl MapChart {
    /// The published values (finite numbers only), in unit order.
    pub(crate) fn values(&self) -> Vec<f64> {
        self.units.iter().filter_map(|u| u.value.finite()).collect()
    }

    /// The class breaks of this map.
    pub(crate) fn classes(&self) -> classes::Classes {
        classes::Classes::equal_interval(&self.values(), super::unit_fmt::value_decimals(self.unit))
    }
}
