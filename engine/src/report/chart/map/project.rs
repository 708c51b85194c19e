//! From longitude/latitude to SVG user units, and outlines as path data.
//!
//! An equirectangular projection with the longitude scaled by the cosine
//! of the centre's latitude: over a city or a county (tens of kilometres)
//! its distortion is far below what a printed map shows, and it needs no
//! projection library. North is up; the map is fitted into a box keeping
//! its aspect ratio.

use crate::geometry::Ring;

/// A point in SVG user units.
pub(crate) type Xy = (f64, f64);

/// The fitted projection: scale and offsets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Projection {
    lon0: f64,
    lat1: f64,
    k: f64,
    scale: f64,
    x0: f64,
    y0: f64,
    /// Size of the drawn map in user units.
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// Fits the rings into a `max_w` × `max_h` box whose top-left corner is
    /// `(x0, y0)`; the map is centred horizontally. `None` without any
    /// finite position.
    pub(crate) fn fit<'a>(
        rings: impl Iterator<Item = &'a Ring>,
        x0: f64,
        y0: f64,
        max_w: f64,
        max_h: f64,
    ) -> Option<Self> {
        let (mut lon_min, mut lon_max, mut lat_min, mut lat_max) =
            (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
        for p in rings.flatten().filter(|p| p[0].is_finite() && p[1].is_finite()) {
            lon_min = lon_min.min(p[0]);
            lon_max = lon_max.max(p[0]);
            lat_min = lat_min.min(p[1]);
            lat_max = lat_max.max(p[1]);
        }
        if !lon_min.is_finite() {
            return None;
        }
        let k = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.01);
        let dx = ((lon_max - lon_min) * k).max(1e-9);
        let dy = (lat_max - lat_min).max(1e-9);
        let scale = (max_w / dx).min(max_h / dy);
        let (width, height) = (dx * scale, dy * scale);
        Some(Projection {
            lon0: lon_min,
            lat1: lat_max,
            k,
            scale,
            x0: x0 + (max_w - width) / 2.0,
            y0,
            width,
            height,
        })
    }

    /// A position in user units.
    pub(crate) fn xy(&self, p: [f64; 2]) -> Xy {
        (self.x0 + (p[0] - self.lon0) * self.k * self.scale, self.y0 + (self.lat1 - p[1]) * self.scale)
    }
}

/// A coordinate to one decimal (0.025 mm in print), `-0` as `0`.
fn coord(v: f64) -> String {
    super::super::svg::num((v * 10.0).round() / 10.0)
}

/// SVG path data of a unit's rings: `M x,y L … Z` per ring, points that
/// round to the previous one dropped. Filled with `fill-rule="evenodd"`,
/// holes stay open.
pub(crate) fn path_data(p: &Projection, rings: &[Ring]) -> String {
    let mut out = String::new();
    for ring in rings {
        let mut pts: Vec<String> = Vec::with_capacity(ring.len());
        for pos in ring {
            let (x, y) = p.xy(*pos);
            let here = format!("{},{}", coord(x), coord(y));
            if pts.last() != Some(&here) {
                pts.push(here);
            }
        }
        // The closing position repeats the first: `Z` draws that edge.
        if pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        for (n, pt) in pts.iter().enumerate() {
            out.push(if n == 0 { 'M' } else { 'L' });
            out.push_str(pt);
        }
        if !pts.is_empty() {
            out.push('Z');
        }
    }
    out
}

/// Where a unit's label goes: the centroid of its largest ring (by area),
/// in user units.
pub(crate) fn label_point(p: &Projection, rings: &[Ring]) -> Option<Xy> {
    let mut best: Option<(f64, Xy)> = None;
    for ring in rings {
        let pts: Vec<Xy> = ring.iter().map(|q| p.xy(*q)).collect();
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for w in pts.windows(2) {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            let cross = x1 * y2 - x2 * y1;
            a += cross;
            cx += (x1 + x2) * cross;
            cy += (y1 + y2) * cross;
        }
        if a.abs() < 1e-9 {
            continue;
        }
        let c = (cx / (3.0 * a), cy / (3.0 * a));
        if best.is_none_or(|(b, _)| a.abs() > b) {
            best = Some((a.abs(), c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lon: f64, lat: f64, d: f64) -> Ring {
        vec![[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    }

    #[test]
    fn north_up_and_longitude_shrunk_by_latitude() {
        let rings = [square(8.0, 50.0, 0.1)];
        let p = Projection::fit(rings.iter(), 0.0, 0.0, 1000.0, 100.0).unwrap();
        // At 50° a degree of longitude is cos(50°) ≈ 0.64 of a degree of latitude.
        assert!((p.width / p.height - 50.05f64.to_radians().cos()).abs() < 1e-3, "{p:?}");
        assert_eq!(p.height, 100.0);
        let (_, y_south) = p.xy([8.0, 50.0]);
        let (_, y_north) = p.xy([8.0, 50.1]);
        assert!(y_north < y_south, "north is up");
        let (x_left, _) = p.xy([8.0, 50.0]);
        assert!((x_left - (1000.0 - p.width) / 2.0).abs() < 1e-9, "centred horizontally");
    }

    #[test]
    fn paths_are_short_closed_and_stable() {
        let rings = [square(0.0, 0.0, 1.0)];
        let p = Projection::fit(rings.iter(), 10.0, 20.0, 100.0, 100.0).unwrap();
        assert_eq!(path_data(&p, &rings), "M10,120L110,120L110,20L10,20Z");
        // Points closer than 0.1 units collapse; the ring stays closed.
        let dense = vec![[0.0, 0.0], [0.0001, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
        assert_eq!(path_data(&p, &[dense]), "M10,120L110,120L110,20Z");
        assert_eq!(path_data(&p, &[]), "");
        let c = label_point(&p, &rings).unwrap();
        assert!((c.0 - 60.0).abs() < 1e-9 && (c.1 - 70.0).abs() < 1e-9, "{c:?}");
    }

    #[test]
    fn degenerate_input_does_not_panic() {
        assert!(Projection::fit([].iter(), 0.0, 0.0, 10.0, 10.0).is_none());
        let point = [vec![[5.0, 5.0]]];
        let p = Projection::fit(point.iter(), 0.0, 0.0, 10.0, 10.0).unwrap();
        assert!(p.xy([5.0, 5.0]).0.is_finite());
        assert!(label_point(&p, &point).is_none());
    }
}
