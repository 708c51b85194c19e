//! The map end to end: a small three-unit map as a reviewed snapshot, and
//! the guarantees that do not depend on the picture.

use super::{alt_text_map, data_table_map, render_map, MapChart, MapUnit};
use crate::report::chart::{PointValue, Unit};
use crate::report::numfmt::Lang;

fn square(lon: f64, lat: f64) -> Vec<[f64; 2]> {
    let d = 0.02;
    vec![[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
}

fn sample(lang: Lang) -> MapChart {
    MapChart {
        title: "Arbeitslosenquote nach Stadtbezirk".into(),
        subtitle: "Ausländer*innen, 2024".into(),
        lang,
        unit: Unit::Percent,
        units: vec![
            MapUnit {
                name: "Altstadt".into(),
                rings: vec![square(8.60, 50.10)],
                value: PointValue::Value(12.34),
            },
            MapUnit {
                name: "Nord <&>".into(),
                rings: vec![square(8.62, 50.10)],
                value: PointValue::Suppressed,
            },
            MapUnit { name: "Hafen".into(), rings: vec![square(8.64, 50.10)], value: PointValue::Value(7.0) },
            MapUnit { name: "Süd".into(), rings: vec![square(8.60, 50.08)], value: PointValue::Missing },
        ],
    }
}

#[test]
fn small_map_snapshot() {
    let svg = render_map(&sample(Lang::De));
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("map_sample", svg);
    });
}

#[test]
fn protected_and_missing_units_look_alike_and_carry_no_number() {
    let chart = sample(Lang::De);
    let svg = render_map(&chart);
    // Both units without a value are hatched with the same fill and tooltip wording.
    let hatched = svg.matches("-hatch-nodata)\" fill-rule").count();
    assert_eq!(hatched, 2, "{svg}");
    assert!(svg.contains("<title>Nord &lt;&amp;&gt;: . (gesperrt oder nicht verfügbar)</title>"));
    assert!(svg.contains("<title>Süd: . (gesperrt oder nicht verfügbar)</title>"));
    assert!(svg.contains("„.“ gesperrt oder nicht"), "the sign is explained in the legend");
    let table = data_table_map(&chart);
    assert_eq!(table.header, ["Gebiet", "Wert", "Klasse"]);
    assert_eq!(table.rows[1], ["Nord <&>", ".", "."]);
    assert_eq!(table.rows[3], ["Süd", ".", "."]);
    assert_eq!(table.rows[0][1], "12,3\u{a0}%");
    let alt = alt_text_map(&chart, Lang::De);
    assert!(alt.contains("2 von 4 mit Wert"), "{alt}");
    assert!(alt.contains("Nord <&> und Süd"), "{alt}");
}

#[test]
fn colours_follow_the_table_classes() {
    let chart = sample(Lang::De);
    let svg = render_map(&chart);
    // Two values → one class per two values → one class: both in the mid blue.
    assert_eq!(svg.matches("fill=\"#6baed6\" fill-rule").count(), 2, "{svg}");
    let table = data_table_map(&chart);
    assert_eq!(table.rows[0][2], table.rows[2][2]);
}

#[test]
fn english_and_deterministic() {
    let en = render_map(&sample(Lang::En));
    assert!(en.contains("Equal-interval classes") && en.contains("withheld or not available"));
    assert_eq!(render_map(&sample(Lang::De)), render_map(&sample(Lang::De)));
}

#[test]
fn empty_and_degenerate_maps_do_not_panic() {
    let mut chart = sample(Lang::De);
    chart.units.clear();
    assert!(render_map(&chart).starts_with("<svg"));
    let mut chart = sample(Lang::De);
    for u in &mut chart.units {
        u.rings = vec![vec![[f64::NAN, 1.0]]];
        u.value = PointValue::Value(f64::INFINITY);
    }
    let svg = render_map(&chart);
    assert!(svg.ends_with("</svg>\n") && !svg.contains("NaN") && !svg.contains("inf"));
}
