//! Cross-cutting tests of the rendered charts: snapshots, escaping,
//! privacy, robustness. Unit tests of the parts live next to them.

use super::*;

fn value(year: i32, v: f64) -> Point {
    Point { year, value: PointValue::Value(v) }
}

fn gap(year: i32, value: PointValue) -> Point {
    Point { year, value }
}

/// Two groups over ten years with a target, two bands, a series break,
/// two suppressed values and one missing value.
fn sample_time_series() -> TimeSeriesChart {
    let german = [6.1, 5.8, 5.5, 5.2, 5.0, 5.9, 5.6, 5.3, 5.2, 5.1];
    let mut foreign: Vec<Point> = [14.2, 13.8, 13.1, 12.5, 0.0, 13.9, 12.9, 0.0, 12.1, 11.8]
        .iter()
        .zip(2015..)
        .map(|(&v, y)| value(y, v))
        .collect();
    foreign[4] = gap(2019, PointValue::Suppressed);
    foreign[7] = gap(2022, PointValue::Missing);
    let mut germans: Vec<Point> = german.iter().zip(2015..).map(|(&v, y)| value(y, v)).collect();
    germans[6] = gap(2021, PointValue::Suppressed);
    TimeSeriesChart {
        title: "Arbeitslosenquote".into(),
        y_label: "Anteil an der Bevölkerung von 15 bis 64 Jahren in %".into(),
        unit: Unit::Percent,
        lang: Lang::De,
        series: vec![
            Series { label: "Deutsche".into(), is_reference: true, points: germans },
            Series { label: "Ausländer*innen".into(), is_reference: false, points: foreign },
        ],
        target: Some(TargetLine { year: 2030, value: 8.0, label: "Ziel 2030".into() }),
        bands: vec![
            Band {
                from: f64::NEG_INFINITY,
                to: 6.0,
                kind: BandKind::Strength,
                label: "Stärke (bis 6 %)".into(),
            },
            Band {
                from: 12.0,
                to: f64::INFINITY,
                kind: BandKind::NeedForAction,
                label: "Handlungsbedarf (ab 12 %)".into(),
            },
        ],
        break_years: vec![2020],
    }
}

fn bar(label: &str, value: PointValue) -> Bar {
    Bar { label: label.into(), value, is_total: false }
}

/// Six districts and the whole city, one suppressed and one missing.
fn sample_gap_bars() -> GapBarChart {
    use PointValue::*;
    GapBarChart {
        title: "Abstand der Arbeitslosenquote: Ausländer*innen zu Deutschen, 2024".into(),
        lang: Lang::De,
        unit: Unit::Percent,
        bars: vec![
            Bar { label: "Gesamtstadt".into(), value: Value(1.94), is_total: true },
            bar("Mitte", Value(4.31)),
            bar("Nord", Value(2.05)),
            bar("Ost", Suppressed),
            bar("Süd", Value(-0.84)),
            bar("West-Hafenviertel", Value(1.25)),
            bar("Neustadt", Missing),
        ],
        zero_line: true,
        threshold_lines: vec![(0.5, BandKind::Strength), (3.0, BandKind::NeedForAction)],
    }
}

fn snapshot(name: &str, svg: &str) {
    // Without the module prefix the snapshot file names survive the move
    // of this module into the engine crate.
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, svg);
    });
}

#[test]
fn time_series_snapshot() {
    let svg = render_time_series(&sample_time_series());
    assert_well_formed(&svg);
    snapshot("time_series_sample", &svg);
}

#[test]
fn gap_bars_snapshot() {
    let svg = render_gap_bars(&sample_gap_bars());
    assert_well_formed(&svg);
    snapshot("gap_bars_sample", &svg);
}

#[test]
fn time_series_alt_text() {
    let chart = sample_time_series();
    assert_eq!(
        alt_text(&chart, Lang::De),
        "Liniendiagramm: Arbeitslosenquote 2015\u{2013}2024 für Deutsche (Referenz) und Ausländer*innen; \
         Zielwert 8,0\u{a0}% bis 2030; Stand 2024: Deutsche 5,1\u{a0}%, Ausländer*innen 11,8\u{a0}%; \
         2 Werte gesperrt; 1 Wert fehlt; Zeitreihenbruch 2020."
    );
    assert_eq!(
        alt_text(&chart, Lang::En),
        "Line chart: Arbeitslosenquote 2015\u{2013}2024 for Deutsche (reference) and Ausländer*innen; \
         target 8.0% by 2030; latest 2024: Deutsche 5.1%, Ausländer*innen 11.8%; \
         2 values suppressed; 1 value missing; series break in 2020."
    );
    let svg = render_time_series(&chart);
    assert!(svg.contains(&format!("<desc id=\"{}", "kimon-ts-")));
    assert!(svg.contains("2 Werte gesperrt; 1 Wert fehlt"));
}

#[test]
fn gap_alt_text() {
    assert_eq!(
        alt_text_gap(&sample_gap_bars(), Lang::De),
        "Balkendiagramm: Abstand der Arbeitslosenquote: Ausländer*innen zu Deutschen, 2024; \
         Abstand in Prozentpunkten für 6 Gebiete von \u{2212}0,8\u{a0}%-Punkte (Süd) bis +4,3\u{a0}%-Punkte (Mitte); \
         Gesamtstadt +1,9\u{a0}%-Punkte; Schwellen: Stärke +0,5\u{a0}%-Punkte, Handlungsbedarf +3,0\u{a0}%-Punkte; \
         1 Wert gesperrt; 1 Wert fehlt."
    );
}

#[test]
fn data_tables() {
    let t = data_table(&sample_time_series());
    assert_eq!(t.caption, "Arbeitslosenquote");
    assert_eq!(t.header, ["Jahr", "Deutsche (Referenz)", "Ausländer*innen"]);
    assert_eq!(t.len(), 10);
    assert_eq!(t.rows[0], ["2015", "6,1\u{a0}%", "14,2\u{a0}%"]);
    assert_eq!(t.rows[4], ["2019", "5,0\u{a0}%", "."]);
    assert_eq!(t.rows[6], ["2021", ".", "12,9\u{a0}%"]);
    assert_eq!(t.rows[7], ["2022", "5,3\u{a0}%", NO_DATA_CELL]);
    let g = data_table_gap(&sample_gap_bars());
    assert_eq!(g.header, ["Gebiet", "Abstand"]);
    assert_eq!(g.rows[0], ["Gesamtstadt", "+1,9\u{a0}%-Punkte"]);
    assert_eq!(g.rows[3], ["Ost", "."]);
    assert_eq!(g.rows[4], ["Süd", "\u{2212}0,8\u{a0}%-Punkte"]);
    assert_eq!(g.rows[6], ["Neustadt", NO_DATA_CELL]);
    let mut en = sample_gap_bars();
    en.lang = Lang::En;
    assert_eq!(data_table_gap(&en).rows[3], ["Ost", "."]);
}

#[test]
fn table_covers_years_a_series_lacks() {
    let chart = TimeSeriesChart {
        series: vec![
            Series { label: "A".into(), is_reference: false, points: vec![value(2020, 1.0)] },
            Series { label: "B".into(), is_reference: false, points: vec![value(2021, 2.0)] },
        ],
        ..TimeSeriesChart::default()
    };
    let t = data_table(&chart);
    assert_eq!(
        t.rows,
        vec![vec!["2020", "1,0\u{a0}%", NO_DATA_CELL], vec!["2021", NO_DATA_CELL, "2,0\u{a0}%"]]
    );
}

const HOSTILE: &str = "<script>alert(\"x\")</script> \"&' ]]> <!-- \u{0}";

#[test]
fn hostile_labels_are_escaped_everywhere() {
    let mut ts = sample_time_series();
    ts.title = HOSTILE.into();
    ts.y_label = HOSTILE.into();
    for s in &mut ts.series {
        s.label = HOSTILE.into();
    }
    for b in &mut ts.bands {
        b.label = HOSTILE.into();
    }
    if let Some(t) = ts.target.as_mut() {
        t.label = HOSTILE.into();
    }
    let mut gb = sample_gap_bars();
    gb.title = HOSTILE.into();
    for b in &mut gb.bars {
        b.label = HOSTILE.into();
    }
    for svg in [render_time_series(&ts), render_gap_bars(&gb)] {
        assert_well_formed(&svg);
        assert!(!svg.contains("<script"), "raw markup leaked");
        assert!(!svg.contains("<!--"));
        assert!(!svg.contains('\u{0}'));
        assert!(
            svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;&amp;&#39; ]]&gt; &lt;!--")
        );
    }
}

/// The suppressed value of "Ausländer*innen" in 2019 was 987.654 before the
/// privacy stage. The type cannot carry it, so the test asserts what the
/// reader sees: no trace of it, and no number at that point except the
/// year, only ticks, years and published values anywhere.
#[test]
fn a_suppressed_value_leaves_no_number_behind() {
    let mut chart = sample_time_series();
    chart.series[1].points[4] = gap(2019, PointValue::Suppressed); // was 987.654
    let svg = render_time_series(&chart);
    let outputs = [
        svg.clone(),
        alt_text(&chart, Lang::De),
        alt_text(&chart, Lang::En),
        format!("{:?}", data_table(&chart)),
    ];
    for out in &outputs {
        assert!(!out.contains("987"), "suppressed digits in output");
    }
    assert!(svg.contains("<title>Ausländer*innen 2019: gesperrt</title>"));
    let texts = text_nodes(&svg);
    let about_2019: Vec<&String> = texts.iter().filter(|t| t.contains("Ausländer*innen 2019")).collect();
    assert_eq!(about_2019, ["Ausländer*innen 2019: gesperrt"]);
    let mut allowed: Vec<String> = (2015..=2030).map(|y| y.to_string()).collect();
    // Axis ticks: whole numbers at this scale.
    allowed.extend((0..=20).map(|v| v.to_string()));
    for s in &chart.series {
        for p in &s.points {
            if let Some(v) = p.value.finite() {
                allowed.push(numfmt::format_number(v, 1, Lang::De));
            }
        }
    }
    // Target, band and y-label text, and the counts in the description.
    allowed.extend(["8,0", "6", "12", "15", "64", "1", "2"].map(String::from));
    for text in &texts {
        for token in numbers_in(text) {
            assert!(allowed.contains(&token), "unexpected number {token:?} in {text:?}");
        }
    }
}

#[test]
fn suppressed_gap_bar_shows_the_word_not_a_bar() {
    let svg = render_gap_bars(&sample_gap_bars());
    assert!(svg.contains("<title>Ost: gesperrt</title>"));
    assert!(svg.contains("font-style=\"italic\" fill=\"#505050\" text-anchor=\"start\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">gesperrt</text>"));
    assert!(!text_nodes(&svg).iter().any(|t| t.starts_with("Ost: ") && t != "Ost: gesperrt"));
}

#[test]
fn styles_are_colour_blind_safe_and_greyscale_distinct() {
    let svg = render_time_series(&sample_time_series());
    assert!(svg.contains("stroke=\"#000000\" stroke-width=\"2.2\" stroke-linejoin=\"round\" stroke-linecap=\"round\" stroke-dasharray=\"7 4\""));
    assert!(svg.contains("stroke=\"#0072B2\""));
    assert!(svg.contains("fill=\"url(#kimon-ts-"), "need-for-action band is hatched");
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("font-family=\"sans-serif\""));
    assert!(svg.contains("viewBox=\"0 0 680 "));
}

#[test]
fn charts_in_one_page_get_distinct_ids() {
    let a = render_time_series(&sample_time_series());
    let mut other = sample_time_series();
    other.title = "Beschäftigungsquote".into();
    let b = render_time_series(&other);
    let id = |svg: &str| svg.split("<title id=\"").nth(1).and_then(|s| s.split('"').next()).map(String::from);
    assert!(id(&a).is_some());
    assert_ne!(id(&a), id(&b));
    assert_eq!(a, render_time_series(&sample_time_series()), "deterministic");
}

#[test]
fn degenerate_time_series_never_panic() {
    let one = |v: PointValue| Series { label: "A".into(), is_reference: false, points: vec![gap(2024, v)] };
    let cases = vec![
        TimeSeriesChart::default(),
        TimeSeriesChart { series: vec![Series::default()], ..TimeSeriesChart::default() },
        TimeSeriesChart { series: vec![one(PointValue::Value(5.0))], ..TimeSeriesChart::default() },
        TimeSeriesChart { series: vec![one(PointValue::Suppressed)], ..TimeSeriesChart::default() },
        TimeSeriesChart {
            series: vec![one(PointValue::Value(f64::NAN))],
            unit: Unit::Mean,
            ..TimeSeriesChart::default()
        },
        TimeSeriesChart {
            series: vec![Series {
                label: "flat".into(),
                is_reference: true,
                points: (2010..2020).map(|y| value(y, 3.0)).collect(),
            }],
            unit: Unit::Mean,
            ..TimeSeriesChart::default()
        },
        TimeSeriesChart {
            series: vec![Series {
                label: "wild".into(),
                is_reference: false,
                points: vec![
                    value(i32::MIN, f64::MAX),
                    value(i32::MAX, -f64::MAX),
                    value(0, f64::INFINITY),
                    value(0, 1.0),
                ],
            }],
            target: Some(TargetLine { year: 2030, value: f64::NAN, label: String::new() }),
            bands: vec![Band { from: f64::NAN, to: 1.0, kind: BandKind::Neutral, label: String::new() }],
            break_years: vec![i32::MIN, 0, i32::MAX],
            ..TimeSeriesChart::default()
        },
        TimeSeriesChart {
            target: Some(TargetLine { year: 2030, value: 5.0, label: "nur Ziel".into() }),
            ..TimeSeriesChart::default()
        },
        TimeSeriesChart {
            series: (0..12)
                .map(|i| Series {
                    label: format!("Gruppe {i} mit langem Namen"),
                    is_reference: i == 0,
                    points: vec![value(2020, i as f64)],
                })
                .collect(),
            lang: Lang::En,
            unit: Unit::Count,
            ..TimeSeriesChart::default()
        },
    ];
    for chart in &cases {
        let svg = render_time_series(chart);
        assert_well_formed(&svg);
        assert_clean_numbers(&svg);
        let _ = (alt_text(chart, Lang::De), alt_text(chart, Lang::En), data_table(chart));
    }
    let all_suppressed = render_time_series(&cases[3]);
    assert!(all_suppressed.contains("keine darstellbaren Werte"));
    assert!(all_suppressed.contains("gesperrt (Datenschutz)"));
}

#[test]
fn degenerate_gap_bars_never_panic() {
    use PointValue::*;
    let cases = vec![
        GapBarChart::default(),
        GapBarChart {
            bars: vec![bar("A", Suppressed), bar("B", Missing)],
            zero_line: true,
            ..GapBarChart::default()
        },
        GapBarChart { bars: vec![bar("A", Value(2.0)), bar("B", Value(2.0))], ..GapBarChart::default() },
        GapBarChart {
            bars: vec![bar("A", Value(0.0))],
            threshold_lines: vec![(f64::NAN, BandKind::Neutral)],
            ..GapBarChart::default()
        },
        GapBarChart {
            bars: vec![bar("A", Value(f64::INFINITY)), bar("B", Value(-3.0))],
            lang: Lang::En,
            ..GapBarChart::default()
        },
        GapBarChart {
            bars: vec![bar("A", Value(1.3)), bar("B", Value(0.8))],
            unit: Unit::Ratio,
            zero_line: true,
            ..GapBarChart::default()
        },
        GapBarChart {
            bars: vec![bar(&"Sehr langer Stadtbezirksname ".repeat(8), Value(-f64::MAX))],
            ..GapBarChart::default()
        },
    ];
    for chart in &cases {
        let svg = render_gap_bars(chart);
        assert_well_formed(&svg);
        assert_clean_numbers(&svg);
        let _ = (alt_text_gap(chart, Lang::De), alt_text_gap(chart, Lang::En), data_table_gap(chart));
    }
}

#[test]
fn ratio_gaps_start_at_one() {
    let chart = GapBarChart {
        unit: Unit::Ratio,
        bars: vec![bar("A", PointValue::Value(1.3)), bar("B", PointValue::Value(0.8))],
        ..GapBarChart::default()
    };
    let texts = text_nodes(&render_gap_bars(&chart));
    assert!(texts.iter().any(|t| t == "Verhältnis (1 = kein Unterschied)"));
    assert!(texts.iter().any(|t| t == "1,30") && texts.iter().any(|t| t == "0,80"));
    assert_eq!(data_table_gap(&chart).header, ["Gebiet", "Verhältnis"]);
}

// ---- helpers -------------------------------------------------------------

/// The text content of every `<text>`, `<title>` and `<desc>` element, unescaped.
fn text_nodes(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in svg.split('<').skip(1) {
        let is_text =
            ["text ", "text>", "title>", "title ", "desc ", "desc>"].iter().any(|p| chunk.starts_with(p));
        if let (true, Some((_, content))) = (is_text, chunk.split_once('>')) {
            if !content.trim().is_empty() {
                out.push(unescape(content.trim_end()));
            }
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Numbers as written (digits with `.`/`,` inside), e.g. `12,5`, `2019`, `1.234`.
fn numbers_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() || (!current.is_empty() && (c == ',' || c == '.')) {
            current.push(c);
        } else if !current.is_empty() {
            out.push(current.trim_end_matches([',', '.']).to_string());
            current.clear();
        }
    }
    out
}

/// A small well-formedness check: balanced, properly nested tags, quoted
/// attributes, no raw `<`/`&` in text, no `NaN`/`inf`.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert_entities_ok(text);
        let after = &rest[start + 1..];
        let end = after.find('>').expect("unterminated tag");
        let tag = &after[..end];
        assert!(!tag.contains('<'), "raw < inside tag: {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        assert_entities_ok(tag);
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched close {name}");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap_or(""));
        }
        rest = &after[end + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert!(svg.starts_with("<svg "));
}

fn assert_entities_ok(s: &str) {
    for (i, _) in s.match_indices('&') {
        let tail = &s[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| tail.starts_with(e)),
            "raw & in {s}"
        );
    }
    assert!(!s.contains('>') || !s.contains("]]>"));
}

fn assert_clean_numbers(svg: &str) {
    for bad in ["NaN", "inf", "=\"-0\""] {
        assert!(!svg.contains(bad), "{bad} in output");
    }
}

/// Deterministic pseudo-random charts with NaN, infinities, extreme years,
/// control characters and markup in labels: every one must render as
/// well-formed SVG without panicking.
#[test]
fn random_charts_never_panic() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let specials = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 1e300, -1e-300, f64::MAX];
    let labels = ["", "Nord", "<b>&amp;</b>", "\u{0}\u{1f}\u{FFFF}", "ä\"'", "   "];
    for round in 0..300i32 {
        let mut pick_value = || {
            let r = next();
            match r % 6 {
                0 => PointValue::Suppressed,
                1 => PointValue::Missing,
                2 => PointValue::Value(specials[(r >> 8) as usize % specials.len()]),
                _ => PointValue::Value((r >> 16) as f64 / 1e4 - 100.0),
            }
        };
        let n = round % 7;
        let points: Vec<Point> =
            (0..n).map(|i| Point { year: 2000 + i * (round % 3), value: pick_value() }).collect();
        let bars: Vec<Bar> = (0..n)
            .map(|i| Bar {
                label: labels[i as usize % labels.len()].into(),
                value: pick_value(),
                is_total: i == 0,
            })
            .collect();
        let x = specials[round as usize % specials.len()];
        let lang = if round % 2 == 0 { Lang::De } else { Lang::En };
        let unit = [Unit::Percent, Unit::Per1000, Unit::Count, Unit::Mean, Unit::Ratio][round as usize % 5];
        let ts = TimeSeriesChart {
            title: labels[round as usize % labels.len()].into(),
            unit,
            lang,
            series: vec![
                Series { label: "a".into(), is_reference: round % 2 == 0, points: points.clone() },
                Series { label: "b".into(), is_reference: false, points },
            ],
            target: (round % 4 == 0).then(|| TargetLine { year: 2000 + n * 7, value: x, label: "t".into() }),
            bands: vec![Band { from: x, to: 3.0, kind: BandKind::NeedForAction, label: String::new() }],
            break_years: vec![2001, 2003],
            y_label: String::new(),
        };
        let gb = GapBarChart {
            title: "g".into(),
            lang,
            unit,
            bars,
            zero_line: round % 2 == 1,
            threshold_lines: vec![(x, BandKind::Strength), (1.0, BandKind::NeedForAction)],
        };
        for svg in [render_time_series(&ts), render_gap_bars(&gb)] {
            assert_well_formed(&svg);
            assert_clean_numbers(&svg);
        }
        let _ = (data_table(&ts), data_table_gap(&gb), alt_text(&ts, lang), alt_text_gap(&gb, lang));
    }
}

/// The `y` attribute of the tag that contains byte `at`.
fn tag_y(svg: &str, at: usize) -> f64 {
    let start = svg[..at].rfind('<').unwrap_or(0);
    let end = svg[at..].find('>').map_or(svg.len(), |e| at + e);
    let tag = &svg[start..end];
    let y = tag.split(" y=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("nan");
    y.parse().unwrap_or(f64::NAN)
}

/// Issue 13: a protected value was a diamond right under the 0 % line and
/// read as a negative value. Now every sign sits below the year labels.
#[test]
fn gap_signs_sit_below_the_year_labels_never_in_the_value_range() {
    let mut chart = sample_time_series();
    chart.series[1].points[4] = gap(2019, PointValue::Suppressed);
    let svg = render_time_series(&chart);
    let signs: Vec<f64> = svg
        .match_indices("<g class=\"sign\">")
        .filter_map(|(i, _)| svg[i..].find("<rect").map(|r| tag_y(&svg, i + r + 1)))
        .collect();
    assert!(signs.len() >= 2, "the sample has protected and missing values: {}", signs.len());
    let year_label_y = (2010..=2030)
        .flat_map(|y| {
            svg.match_indices(&format!(">{y}</text>")).map(|(i, _)| tag_y(&svg, i)).collect::<Vec<_>>()
        })
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(year_label_y.is_finite());
    // The legend also shows the sign; it is below everything anyway.
    for y in signs {
        assert!(y > year_label_y, "sign at y={y} is above the year labels at {year_label_y}");
    }
    assert!(!svg.contains("stroke-width=\"1.5\"/>\n<title>"), "no diamond");
}
