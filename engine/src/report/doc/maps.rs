//! The district map of one indicator, from its findings and the area's
//! outlines.
//!
//! What is mapped, and why: the value of the reference year per unit, as
//! a city atlas shows it. For a rated indicator compared between groups
//! the map shows the *monitored* group (the first group compared with the
//! reference, e.g. the unemployment rate of „Ausländer*innen“), because
//! that is what the report is about. A context indicator (polarity
//! `neutral`: population shares) and an indicator without groups show all
//! persons — where in the city people live is the question there, and the
//! share within a group that the numerator already selects would be
//! 100 % everywhere. The values are
//! the findings' published values (`Shown`), the same as in the tables and
//! charts; a protected or missing unit is hatched with „.“.

use super::charts::{chart_or_note, chart_unit, data_block, point_value, total_findings};
use super::titles;
use super::words::words;
use super::Block;
use crate::eval::AreaKey;
use crate::findings::{Finding, IndicatorFindings};
use crate::geometry::Geometries;
use crate::model::{Indicator, Model};
use crate::report::chart::{self, MapChart, MapUnit, PointValue};
use crate::report::numfmt::Lang;

/// The findings to map: the monitored group's (first dimension, others
/// at their total), or all persons'; with the group's title.
fn mapped<'a>(ind: &'a IndicatorFindings, def: &Indicator, lang: Lang) -> (Vec<&'a Finding>, String) {
    let w = words(lang);
    let context = def.polarity == crate::model::Polarity::Neutral;
    let monitored = total_findings(ind, Some(0))
        .into_iter()
        .find(|f| f.comparison.is_some() && !context)
        .and_then(|f| f.groups.first().filter(|g| g.group.is_some()).cloned());
    let (group, title) = match &monitored {
        Some(g) => (g.group.clone(), g.title.clone()),
        None => (None, w.all_persons.to_string()),
    };
    let rows = ind
        .findings
        .iter()
        .filter(|f| matches!(f.area, AreaKey::Unit(_)))
        .filter(|f| match &group {
            Some(g) => {
                f.groups.first().and_then(|x| x.group.as_ref()) == Some(g)
                    && f.groups.iter().skip(1).all(|x| x.group.is_none())
            }
            None => f.groups.iter().all(|x| x.group.is_none()),
        })
        .collect();
    (rows, title)
}

/// The map block of an indicator broken down by an area with outlines (a
/// sentence and the table instead when most units have no value); nothing
/// otherwise.
pub(crate) fn map(
    ind: &IndicatorFindings,
    def: &Indicator,
    model: &Model,
    geometry: &Geometries,
    lang: Lang,
) -> Vec<Block> {
    let Some(area_id) = ind.area.as_deref() else { return Vec::new() };
    let (Some(area), Some(shapes)) = (model.areas.get(area_id), geometry.get(area_id)) else {
        return Vec::new();
    };
    let (rows, group_title) = mapped(ind, def, lang);
    if rows.is_empty() {
        return Vec::new();
    }
    let year = rows.iter().filter_map(|f| f.year).max();
    let units = shapes
        .units
        .iter()
        .map(|(code, rings)| {
            let value = rows
                .iter()
                .find(|f| f.area == AreaKey::Unit(code.clone()) && f.year == year)
                .map_or(PointValue::Missing, |f| point_value(f.value));
            MapUnit { name: area.unit_name(code), rings: rings.clone(), value }
        })
        .collect();
    let title = titles::by_dimension(&ind.title, &area.title, lang);
    let subtitle = match year {
        Some(y) => format!("{group_title}, {y}"),
        None => group_title,
    };
    let chart = MapChart { title: title.clone(), subtitle, lang, unit: chart_unit(def.unit), units };
    let alt = chart::alt_text_map(&chart, lang);
    let table = data_block(ind, chart::data_table_map(&chart), vec![false, true, false]);
    chart_or_note(ind, "map", &title, || chart::render_map(&chart), alt, table, lang)
}
