//! Findings a statistician and a council would sign (issue 18): the
//! reference group is context, cross-classified cells are compared within
//! their slice, every target is assessed, texts never contradict their
//! class, too little evidence is said so, reasons carry their numbers.
//!
//! The tests read the findings as JSON where they look at fields, so each
//! of them states the rule independent of the Rust types.

use kimon_engine::eval::Control;
use kimon_engine::findings::{to_json, Findings};
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Options};
use kimon_tests::repo;
use serde_json::Value;

fn findings(name: &str, lang: Lang) -> Findings {
    let path = repo().join("rulebooks").join(name);
    match evaluate(&path, &Options::default(), lang, &Control::default()) {
        Ok(e) => e.findings,
        Err(f) => panic!("{name} failed: {:?}", f.diags.items),
    }
}

fn json(name: &str, lang: Lang) -> Value {
    serde_json::from_str(&to_json(&findings(name, lang))).expect("findings JSON")
}

const SHIPPED: [&str; 4] = ["kern.kimon", "grossstadt.kimon", "landkreis.kimon", "zehn-kommunen.kimon"];

fn indicators(v: &Value) -> impl Iterator<Item = &Value> {
    v["indicators"].as_array().into_iter().flatten()
}

fn cells(ind: &Value) -> impl Iterator<Item = &Value> {
    ind["findings"].as_array().into_iter().flatten()
}

fn indicator<'a>(v: &'a Value, id: &str) -> &'a Value {
    indicators(v).find(|i| i["id"] == id).unwrap_or_else(|| panic!("no indicator {id}"))
}

/// Group ids of a finding, `None` for "all".
fn groups(f: &Value) -> Vec<Option<String>> {
    f["groups"].as_array().into_iter().flatten().map(|g| g["group"].as_str().map(str::to_string)).collect()
}

fn finding<'a>(ind: &'a Value, area_total: bool, want: &[Option<&str>]) -> &'a Value {
    cells(ind)
        .find(|f| {
            (f["area"]["kind"] == "total") == area_total
                && groups(f).iter().map(Option::as_deref).collect::<Vec<_>>() == want
        })
        .unwrap_or_else(|| panic!("no finding {want:?} in {}", ind["id"]))
}

fn rated(f: &Value) -> bool {
    matches!(f["classification"].as_str(), Some("strength" | "need_for_action"))
}

/// Reference data of the dimensions, read from the rulebook model.
fn references(name: &str) -> std::collections::BTreeMap<String, Option<String>> {
    let path = repo().join("rulebooks").join(name);
    let Ok(e) = evaluate(&path, &Options::default(), Lang::De, &Control::default()) else { panic!("{name}") };
    e.model.dimensions.values().map(|d| (d.id.clone(), d.reference.clone())).collect()
}

/// Bullet „The reference group is rated“: in an indicator with groups, the
/// reference group and „alle Personen“ are context, never a strength or a
/// need for action.
#[test]
fn reference_group_and_all_persons_are_never_rated() {
    for name in SHIPPED {
        let refs = references(name);
        let v = json(name, Lang::De);
        for ind in indicators(&v) {
            let dims: Vec<String> = ind["dimensions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_str().map(String::from))
                .collect();
            if dims.is_empty() {
                continue;
            }
            for f in cells(ind) {
                let context = dims.iter().zip(groups(f)).all(|(d, g)| match g {
                    None => true,
                    Some(g) => refs.get(d).cloned().flatten().as_deref() == Some(g.as_str()),
                });
                if context {
                    assert!(
                        !rated(f),
                        "{name} {}: {} is context but rated {}",
                        ind["id"],
                        f["label"],
                        f["classification"]
                    );
                    if f["value"]["status"] == "value" {
                        assert_eq!(f["classification"], "context", "{name} {} {}", ind["id"], f["label"]);
                    }
                }
            }
        }
    }
}

/// The discrimination example of the issue: people without migration
/// background are no „Stärke“.
#[test]
fn without_migration_background_is_no_strength() {
    let v = json("kern.kimon", Lang::De);
    let ind = indicator(&v, "diskriminierung");
    let none = finding(ind, true, &[Some("none")]);
    assert_eq!(none["classification"], "context", "{none:#}");
}

/// Bullet „Only the first dimension is compared“: foreign 30–49-year-olds
/// are compared with Germans of the same age; foreign under-18s with
/// German under-18s, not only with foreign 30–49-year-olds.
#[test]
fn cross_classified_cells_are_compared_within_their_slice() {
    let v = json("grossstadt.kimon", Lang::De);
    let ind = indicator(&v, "sgb2_alter");
    let f = finding(ind, true, &[Some("a30_49"), Some("foreign")]);
    let cmps = f["comparisons"].as_array().expect("comparisons");
    assert_eq!(cmps.len(), 1, "{f:#}");
    assert_eq!(cmps[0]["dimension"], "staatsangehoerigkeit");
    assert_eq!(cmps[0]["against"], serde_json::json!(["a30_49", "german"]));
    assert!(cmps[0]["label"].as_str().unwrap().contains("Deutsche"), "{}", cmps[0]["label"]);
    assert!(cmps[0]["label"].as_str().unwrap().contains("30 bis 49"), "{}", cmps[0]["label"]);
    let kid = finding(ind, true, &[Some("a0_17"), Some("foreign")]);
    let dims: Vec<&str> =
        kid["comparisons"].as_array().unwrap().iter().filter_map(|c| c["dimension"].as_str()).collect();
    assert_eq!(dims, ["altersgruppe", "staatsangehoerigkeit"], "{kid:#}");
    // A gap of several points to German children of the same age is no strength.
    let vs_german = &kid["comparisons"][1];
    if vs_german["gap"].as_f64().is_some_and(|g| g > 2.0) {
        assert_ne!(kid["classification"], "strength", "{kid:#}");
    }
    // Every comparison says what it compares with; ratio gaps for representation.
    let rep = indicator(&v, "repraesentation_personal");
    let total = finding(rep, true, &[]);
    assert_eq!(total["comparisons"][0]["gap_kind"], "ratio");
}

/// Bullet „A declared target is silently not assessed“.
#[test]
fn every_declared_target_appears_in_the_findings() {
    for name in SHIPPED {
        let v = json(name, Lang::De);
        for ind in indicators(&v) {
            let declared = ind["targets"].as_array().map_or(0, Vec::len);
            for k in 0..declared {
                let text = ind["targets"][k].as_str().unwrap();
                let found = cells(ind).any(|f| {
                    f["targets"].as_array().into_iter().flatten().any(|t| t["text"].as_str() == Some(text))
                });
                assert!(found, "{name} {}: target „{text}“ is in no finding", ind["id"]);
            }
        }
    }
    let v = json("grossstadt.kimon", Lang::De);
    let total = finding(indicator(&v, "repraesentation_personal"), true, &[]);
    assert_eq!(total["targets"].as_array().map(Vec::len), Some(1), "{total:#}");
}

/// A target that cannot be assessed fails `check` with a reason.
#[test]
fn unassessable_target_fails_check() {
    let out = kimon_tests::check_output("broken/target_unassessable.kimon");
    assert!(out.contains("target-not-assessable"), "{out}");
    assert!(out.contains("no reference group"), "{out}");
    assert!(out.contains("lint::target-on-reference"), "{out}");
    assert!(out.contains("lint::field-deficits-only") && out.contains("`wohnen`"), "{out}");
    assert!(!out.contains("errors: 0,"), "{out}");
}

const CLASS_WORDS_DE: [(&str, &str); 2] = [("strength", "Stärke"), ("need_for_action", "Handlungsbedarf")];

/// Bullet „Reasons contradict each other“: walks every finding of every
/// shipped rulebook; the deciding rule is named, its status agrees with
/// the class, and no text claims the opposite class.
#[test]
fn no_finding_text_contradicts_its_class() {
    for name in SHIPPED {
        let v = json(name, Lang::De);
        for ind in indicators(&v) {
            for f in cells(ind) {
                let class = f["classification"].as_str().unwrap_or_default();
                let ctx = format!("{name} {} {}: {f:#}", ind["id"], f["label"]);
                let rule = f["decided_by"].as_str().unwrap_or("none");
                if rated(f) {
                    assert!(matches!(rule, "target" | "band" | "trend"), "{ctx}");
                    let reason = f["reason"].as_str().unwrap_or_default();
                    let word = CLASS_WORDS_DE.iter().find(|(c, _)| *c == class).unwrap().1;
                    assert!(reason.contains(word), "reason must name the class: {ctx}");
                }
                match rule {
                    "band" => {
                        assert_eq!(f["band"].as_str(), Some(class).filter(|c| *c != "context"), "{ctx}")
                    }
                    "target" => {
                        for t in
                            f["targets"].as_array().into_iter().flatten().filter(|t| t["decides"] == true)
                        {
                            let st = t["status"].as_str().unwrap();
                            let expect = match st {
                                "met" => "strength",
                                "off_track" | "moving_away" => "need_for_action",
                                _ => "neutral",
                            };
                            assert_eq!(class, expect, "{ctx}");
                        }
                    }
                    "trend" => {
                        let dir = if f["decision_quantity"] == "value" {
                            f["trend"].as_str()
                        } else {
                            f["comparisons"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .find(|c| !c["gap"].is_null())
                                .and_then(|c| c["gap_trend"].as_str())
                        };
                        let expect = match dir {
                            Some("improving") => "strength",
                            Some("worsening") => "need_for_action",
                            _ => "neutral",
                        };
                        assert_eq!(class, expect, "{ctx}");
                    }
                    _ => assert!(!rated(f), "{ctx}"),
                }
                // No annotation states the opposite class.
                for (c, word) in CLASS_WORDS_DE {
                    if rated(f) && c != class {
                        for a in f["annotations"].as_array().into_iter().flatten() {
                            let t = a["text"].as_str().unwrap_or_default();
                            assert!(!t.contains(&format!("„{word}“")), "opposite class in „{t}“: {ctx}");
                        }
                    }
                }
                // Trend and target texts name the quantity they are about.
                for a in f["annotations"].as_array().into_iter().flatten() {
                    if matches!(a["kind"].as_str(), Some("trend" | "target")) {
                        let t = a["text"].as_str().unwrap_or_default();
                        assert!(
                            t.contains("der Wert")
                                || t.contains("Der Wert")
                                || t.contains("der Abstand")
                                || t.contains("Der Abstand")
                                || t.contains("das Verhältnis")
                                || t.contains("Das Verhältnis"),
                            "quantity not named in „{t}“: {ctx}"
                        );
                    }
                }
                // One tolerance: a stable trend never sits next to a target moving away
                // from the same quantity.
                let value_trend = f["trend"].as_str();
                for t in f["targets"].as_array().into_iter().flatten() {
                    if t["quantity"] == "value" && t["status"] == "moving_away" {
                        assert_ne!(value_trend, Some("stable"), "{ctx}");
                    }
                }
            }
        }
    }
}

fn published_points(f: &Value) -> Vec<i64> {
    f["series"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["value"]["status"] == "value")
        .filter_map(|p| p["year"].as_i64())
        .collect()
}

/// Bullet „Too little evidence is enough“: a trend needs three published
/// points, a target projection three points spanning three years.
#[test]
fn trends_and_projections_need_enough_points() {
    for name in SHIPPED {
        let v = json(name, Lang::De);
        for ind in indicators(&v) {
            for f in cells(ind) {
                let pts = published_points(f);
                let ctx = format!("{name} {} {}", ind["id"], f["label"]);
                if !f["trend"].is_null() {
                    assert!(pts.len() >= 3, "trend from {} points: {ctx}", pts.len());
                }
                for t in f["targets"].as_array().into_iter().flatten() {
                    if !t["projected"].is_null() {
                        assert!(pts.len() >= 3, "projection from {} points: {ctx}", pts.len());
                        let span = pts.last().unwrap() - pts.first().unwrap();
                        assert!(span >= 3, "projection over {span} years: {ctx}");
                    }
                }
            }
        }
    }
}

/// Bullet „Too little evidence is enough“, the jump: kern's naturalisation
/// rate met its target (2,5 %) only with the last change (1,0 % → 2,8 %).
/// The target is shown as met but does not decide the class; the jump
/// carries the volatility note.
#[test]
fn a_target_met_by_one_jump_does_not_decide() {
    let v = json("kern.kimon", Lang::De);
    let f = finding(indicator(&v, "einbuergerung"), true, &[]);
    let t = &f["targets"][0];
    assert_eq!(t["status"], "met", "{f:#}");
    assert_eq!(t["decides"], false, "{f:#}");
    assert_ne!(f["decided_by"], "target", "{f:#}");
    let kinds: Vec<&str> =
        f["annotations"].as_array().unwrap().iter().filter_map(|a| a["kind"].as_str()).collect();
    assert!(kinds.contains(&"volatility"), "{kinds:?}");
}

/// Bullet „Reasons carry no numbers“.
#[test]
fn reasons_carry_their_numbers() {
    let v = json("kern.kimon", Lang::De);
    let ind = indicator(&v, "arbeitslosigkeit");
    let f = finding(ind, true, &[Some("foreign")]);
    let band = f["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "threshold")
        .and_then(|a| a["text"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(band.contains("\u{a0}% gegenüber "), "{band}");
    assert!(band.contains("Vergleichsgruppe „Deutsche“"), "{band}");
    assert!(band.contains("Prozentpunkte"), "{band}");
    assert!(band.contains("Schwelle für Handlungsbedarf: mehr als 5 Prozentpunkte"), "{band}");
    let v = json("kern.kimon", Lang::En);
    let f = finding(indicator(&v, "arbeitslosigkeit"), true, &[Some("foreign")]);
    let en = f["annotations"].as_array().unwrap().iter().find(|a| a["kind"] == "threshold").unwrap();
    assert!(en["text"].as_str().unwrap().contains("percentage points"), "{en}");
    assert!(en["text"].as_str().unwrap().contains("% compared with "), "{en}");
}

/// Bullet „Structural zeros“: a rate whose denominator is 0 is „nicht
/// definiert“, not „gesperrt“.
#[test]
fn structurally_empty_cells_are_not_defined() {
    let v = json("grossstadt.kimon", Lang::De);
    let ind = indicator(&v, "sgb2_alter");
    let f = finding(ind, true, &[Some("a65"), Some("german")]);
    assert_eq!(f["classification"], "not_defined", "{f:#}");
    let texts: Vec<&str> =
        f["annotations"].as_array().unwrap().iter().filter_map(|a| a["text"].as_str()).collect();
    assert!(texts.iter().any(|t| t.to_lowercase().contains("nicht definiert")), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("gesperrt")), "{texts:?}");
}

/// Bullet „one missing municipality wipes out a county total“: the
/// incomplete total names the member that is missing.
#[test]
fn incomplete_totals_name_missing_members() {
    let v = json("landkreis.kimon", Lang::De);
    let ind = indicator(&v, "auslaenderanteil");
    let total = finding(ind, true, &[]);
    let texts: Vec<&str> =
        total["annotations"].as_array().unwrap().iter().filter_map(|a| a["text"].as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("2022") && t.contains("Seedorf")), "{texts:?}");
}

/// The findings schema is version 2.
#[test]
fn schema_is_version_two() {
    let v = json("kern.kimon", Lang::De);
    assert_eq!(v["schema"], "kimon-findings/2");
}

/// Bullet „Survey results carry no uncertainty“: every published value of
/// a weighted survey share carries its unweighted respondents and a
/// confidence interval around it; a protected or missing one neither (n
/// of a protected cell is never at hand).
#[test]
fn survey_values_carry_interval_and_respondents() {
    for name in ["kern.kimon", "grossstadt.kimon"] {
        let v = json(name, Lang::De);
        let mut with_n = 0;
        for ind in indicators(&v).filter(|i| i["annotations"].to_string().contains("\"sampling\"")) {
            for f in cells(ind) {
                let ctx = format!("{name} {} {}", ind["id"], f["label"]);
                match f["value"]["detail"].as_f64().filter(|_| f["value"]["status"] == "value") {
                    Some(x) => {
                        let n = f["respondents"].as_u64().unwrap_or_else(|| panic!("no respondents: {ctx}"));
                        let (lo, hi) =
                            (f["interval"]["lo"].as_f64().unwrap(), f["interval"]["hi"].as_f64().unwrap());
                        assert!(n > 0 && lo < x && x < hi, "{lo} {x} {hi} n={n}: {ctx}");
                        assert_eq!(f["interval"]["level"], 95.0, "{ctx}");
                        let texts = f["annotations"].to_string();
                        let n_de = kimon_engine::report::numfmt::format_count(n, Lang::De);
                        assert!(texts.contains(&format!("{n_de} Befragte")), "{ctx}: {texts}");
                        with_n += 1;
                    }
                    None => assert!(f["respondents"].is_null() && f["interval"].is_null(), "{ctx}"),
                }
            }
        }
        assert!(with_n >= 20, "{name}: {with_n} survey values with n");
    }
}

/// A survey gap within its sampling error is „nicht signifikant“: its band
/// is neutral and it decides the class (the development of a gap that is
/// not there must not make a strength). grossstadt's satisfaction of
/// descendants of immigrants is 3.6 points below the reference with
/// n = 210: within the sampling error.
#[test]
fn gap_within_sampling_error_is_not_rated() {
    let v = json("grossstadt.kimon", Lang::De);
    let mut seen = 0;
    for ind in indicators(&v) {
        for f in cells(ind) {
            for c in f["comparisons"].as_array().into_iter().flatten().filter(|c| c["significant"] == false) {
                let ctx = format!("{} {}: {f:#}", ind["id"], f["label"]);
                if c["band"].is_null() {
                    continue;
                }
                seen += 1;
                assert_eq!(c["band"], "neutral", "{ctx}");
                assert_ne!(f["classification"], "strength", "{ctx}");
                assert_eq!(f["decided_by"], "band", "{ctx}");
                assert!(f["reason"].as_str().unwrap().contains("nicht signifikant"), "{ctx}");
            }
        }
    }
    assert!(seen >= 1, "grossstadt has a banded gap within its sampling error");
    let f = finding(indicator(&v, "zufriedenheit_verwaltung"), true, &[Some("parents")]);
    assert_eq!(f["classification"], "neutral", "{f:#}");
}
