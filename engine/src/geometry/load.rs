//! Reads and checks the geometry files of a model's areas.
//!
//! Every problem is a diagnostic with a hint, never a panic: a file that
//! cannot be opened (same access rules as data files), is too large, is
//! not UTF-8 or not GeoJSON (with line and column), a feature without the
//! key property or for an unknown unit (pointing at the feature), a shape
//! that is not a polygon or not in longitude/latitude, too many positions,
//! and declared units the file has no outline for.

use super::locate::{key_value, line_of, nth_feature};
use super::{AreaGeometry, Geometries, Ring};
use crate::diag::{Diag, Location};
use crate::limits::{MAX_GEOMETRY_BYTES, MAX_GEOMETRY_POSITIONS};
use crate::model::{Area, GeometryDef, Model};
use crate::session::Options;
use geojson::{GeoJson, GeometryValue};
use std::sync::Arc;

const HELP_FORMAT: &str = "a geometry file is GeoJSON (RFC 7946): a FeatureCollection with one Polygon or MultiPolygon feature per unit, the unit code in a property, coordinates in WGS 84 longitude/latitude";

/// Loads the geometry of every area that names one. Areas whose file has
/// a problem are left out and the problem is returned.
pub fn load_all(model: &Model, opts: &Options) -> (Geometries, Vec<Diag>) {
    let mut out = Geometries::new();
    let mut errors = Vec::new();
    for area in model.areas.values() {
        let Some(def) = &area.geometry else { continue };
        match load(area, def, opts) {
            Ok(g) => {
                out.insert(area.id.clone(), Arc::new(g));
            }
            Err(d) => errors.extend(d),
        }
    }
    (out, errors)
}

/// What is being read: for messages and locations.
struct File<'a> {
    display: String,
    area: &'a Area,
    def: &'a GeometryDef,
}

impl File<'_> {
    /// A diagnostic at the geometry's declaration in the rulebook.
    fn at_rulebook(&self, d: Diag) -> Diag {
        d.at(self.def.origin.file, self.def.origin.span, "geometry file named here")
    }

    /// A diagnostic at a byte offset of the file (its line shown).
    fn at_offset(&self, d: Diag, text: &str, offset: usize, len: usize) -> Diag {
        let (line, column, line_text) = line_of(text, offset);
        let excerpt = crate::data::reader::excerpt(line_text.as_bytes());
        let start = line_text
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(0, |(i, _)| i)
            .min(excerpt.len().saturating_sub(1));
        let field_len = len.min(excerpt.len().saturating_sub(start)).max(1);
        d.at_data(
            Location::Data {
                path: self.display.clone(),
                line,
                column,
                text: excerpt,
                field_start: start,
                field_len,
            },
            "here",
        )
    }

    fn error(&self, what: String) -> Diag {
        Diag::error(
            "geometry-file",
            format!("geometry file `{}` of area `{}`: {what}", self.display, self.area.id),
        )
    }
}

fn load(area: &Area, def: &GeometryDef, opts: &Options) -> Result<AreaGeometry, Vec<Diag>> {
    let path = def.base_dir.join(&def.file);
    let f = File { display: crate::load::normalize(&path), area, def };
    let policy = opts.policy(&def.base_dir.join("_"));
    let canonical = policy.check(&path).map_err(|e| vec![f.at_rulebook(e.into_data_diag(&f.display))])?;
    let len = std::fs::metadata(&canonical).map(|m| m.len()).unwrap_or(0);
    if len > MAX_GEOMETRY_BYTES {
        return Err(vec![f.at_rulebook(f.error(format!(
            "the file has {len} bytes, more than the limit of {} MiB",
            MAX_GEOMETRY_BYTES >> 20
        )))
        .help("a map needs only a few hundred metres of precision: simplify the outlines (e.g. `mapshaper -simplify 10% -o precision=0.0001`)")]);
    }
    let bytes = std::fs::read(&canonical)
        .map_err(|e| vec![f.at_rulebook(f.error(format!("cannot read it: {e}")))])?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let lossy = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            return Err(vec![f
                .at_offset(f.error("a byte sequence that is not UTF-8".into()), &lossy, lossy.len(), 1)
                .help("GeoJSON is UTF-8 (RFC 7946); save the file as UTF-8")]);
        }
    };
    // A BOM is not JSON, but common from Windows tools; skipped, so lines
    // and columns still match the file.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: GeoJson = serde_json::from_str(body).map_err(|e| {
        let offset = offset_of(body, e.line(), e.column());
        vec![f.at_offset(f.error(format!("not valid GeoJSON: {e}")), body, offset, 1).help(HELP_FORMAT)]
    })?;
    let GeoJson::FeatureCollection(fc) = doc else {
        return Err(vec![f
            .at_rulebook(f.error("the file is not a FeatureCollection".into()))
            .help(HELP_FORMAT)]);
    };
    features(&f, body, fc)
}

/// Byte offset of a 1-based line and column as serde_json reports them.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// The unit code of a property value: a string as is, an integer as its
/// digits (codes such as `1` for unit `1`).
fn code_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

fn features(f: &File<'_>, text: &str, fc: geojson::FeatureCollection) -> Result<AreaGeometry, Vec<Diag>> {
    let key = &f.def.key;
    let units = &f.area.units;
    let mut errors = Vec::new();
    let mut shapes: indexmap::IndexMap<String, Vec<Ring>> = indexmap::IndexMap::new();
    let mut positions = 0usize;
    for (i, feature) in fc.features.iter().enumerate() {
        let feature_at = nth_feature(text, i);
        let at_feature = |d: Diag| match feature_at {
            Some(o) => f.at_offset(d, text, o, "\"Feature\"".len()),
            None => f.at_rulebook(d),
        };
        let Some(code) = feature.properties.as_ref().and_then(|p| p.get(key.as_str())).and_then(code_of)
        else {
            errors.push(
                at_feature(f.error(format!("feature {} has no property `{key}` with a unit code", i + 1)))
                    .help(format!(
                        "every feature needs the unit code in the property named by `key` (here `{key}`); name another property with `geometry \"{}\" key \"…\"`",
                        f.def.file
                    )),
            );
            continue;
        };
        let at_code = |d: Diag| match key_value(text, feature_at.unwrap_or(0), key, &code) {
            Some(o) => f.at_offset(d, text, o, key.len() + 2),
            None => at_feature(d),
        };
        if !units.iter().any(|(c, _)| *c == code) {
            let hint = kimon_grammar::suggest::did_you_mean(&code, units.iter().map(|(c, _)| c.as_str()));
            let codes: Vec<&str> = units.iter().map(|(c, _)| c.as_str()).collect();
            errors.push(
                at_code(f.error(format!(
                    "feature {} is for unit `{code}`, which area `{}` does not declare",
                    i + 1,
                    f.area.id
                )))
                .help(match hint {
                    Some(h) => format!("did you mean `{h}`? the area's units are: {}", codes.join(", ")),
                    None => format!(
                        "the area's units are: {}; remove the feature or declare the unit",
                        codes.join(", ")
                    ),
                }),
            );
            continue;
        }
        let polygons = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Polygon { coordinates }) => vec![coordinates],
            Some(GeometryValue::MultiPolygon { coordinates }) => coordinates.iter().collect(),
            other => {
                let kind = other.map_or("no geometry", |g| g.type_name());
                errors.push(
                    at_code(f.error(format!(
                        "feature {} (unit `{code}`) has {kind}, not a Polygon or MultiPolygon",
                        i + 1
                    )))
                    .help(HELP_FORMAT),
                );
                continue;
            }
        };
        let rings = shapes.entry(code.clone()).or_default();
        for polygon in polygons {
            for ring in polygon {
                positions += ring.len();
                if positions > MAX_GEOMETRY_POSITIONS {
                    return Err(vec![f
                        .at_rulebook(f.error(format!("more than {MAX_GEOMETRY_POSITIONS} coordinate pairs")))
                        .help("a map needs only a few hundred metres of precision: simplify the outlines (e.g. `mapshaper -simplify 10%`)")]);
                }
                let mut out: Ring = Vec::with_capacity(ring.len());
                for p in ring {
                    let (lon, lat) = (p.as_slice().first().copied(), p.as_slice().get(1).copied());
                    match (lon, lat) {
                        (Some(x), Some(y)) if x.abs() <= 180.0 && y.abs() <= 90.0 => out.push([x, y]),
                        _ => {
                            errors.push(at_code(f.error(format!(
                                "feature {} (unit `{code}`) has a position outside longitude/latitude ({})",
                                i + 1,
                                p.as_slice().iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
                            )))
                            .help("GeoJSON coordinates are WGS 84 longitude/latitude in degrees (RFC 7946); reproject the file, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"));
                            return Err(errors);
                        }
                    }
                }
                if out.len() >= 3 {
                    rings.push(out);
                }
            }
        }
    }
    let missing: Vec<String> =
        units.iter().filter(|(c, _)| !shapes.contains_key(c)).map(|(c, n)| format!("`{c}` ({n})")).collect();
    if !missing.is_empty() && errors.is_empty() {
        errors.push(
            f.at_rulebook(f.error(format!("no feature for unit(s) {}", missing.join(", "))))
                .help(format!("add a feature with the property `{key}` for each declared unit, or check the codes (`01`, not `1`)")),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // In the area's order, so maps and tables list units alike.
    let units = units.iter().filter_map(|(c, _)| shapes.swap_remove(c).map(|r| (c.clone(), r))).collect();
    Ok(AreaGeometry { file: f.def.file.clone(), units })
}
