//! Reasons with their numbers: the band a value or gap falls in with the
//! values compared and the threshold that applies, developments naming the
//! quantity they are about, and the sentence that says which rule decided.
//! German by default, English as a variant.

use super::bands::TrendDirection;
use super::target::TargetStatus;
use super::text;
use crate::findings::{Classification, Quantity};
use crate::model::{BandClass, BandDef, DecidingRule, Unit};
use crate::report::numfmt::{format_count, format_number, format_ratio, Lang};
use kimon_grammar::ast::{CmpOp, SubjectKind};

/// The quantity as the subject of a sentence, capitalised or not.
pub fn subject(q: Quantity, against: Option<&str>, capital: bool, lang: Lang) -> String {
    let s = match (q, against, lang) {
        (Quantity::Value, _, Lang::De) => "der Wert".to_string(),
        (Quantity::Value, _, Lang::En) => "the value".to_string(),
        (Quantity::Gap, Some(a), Lang::De) => format!("der Abstand zu „{a}“"),
        (Quantity::Gap, None, Lang::De) => "der Abstand".to_string(),
        (Quantity::Gap, Some(a), Lang::En) => format!("the gap to \"{a}\""),
        (Quantity::Gap, None, Lang::En) => "the gap".to_string(),
        (Quantity::Ratio, Some(a), Lang::De) => format!("das Verhältnis zu „{a}“"),
        (Quantity::Ratio, None, Lang::De) => "das Verhältnis".to_string(),
        (Quantity::Ratio, Some(a), Lang::En) => format!("the ratio to \"{a}\""),
        (Quantity::Ratio, None, Lang::En) => "the ratio".to_string(),
    };
    if capital {
        let mut c = s.chars();
        c.next().map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
    } else {
        s
    }
}

/// A quantity's number: value in its unit, gap in points, ratio plain.
pub fn number(q: Quantity, v: f64, unit: Unit, lang: Lang) -> String {
    match q {
        Quantity::Value => text::value(v, unit, lang),
        Quantity::Gap => text::gap(v, unit, false, lang),
        Quantity::Ratio => format_ratio(v, lang),
    }
}

/// A bound of a threshold or target in words, as the rulebook wrote it.
fn bound(v: f64, subject: SubjectKind, unit: Unit, lang: Lang) -> String {
    let n = format_number(v, if v.fract() == 0.0 { 0 } else { 1 }, lang);
    let one = v.abs() == 1.0;
    match (subject, unit, lang) {
        (SubjectKind::Ratio, _, _) => n,
        (SubjectKind::Gap, Unit::Percent, Lang::De) if one => format!("{n} Prozentpunkt"),
        (SubjectKind::Gap, Unit::Percent, Lang::De) => format!("{n} Prozentpunkte"),
        (SubjectKind::Gap, Unit::Percent, Lang::En) if one => format!("{n} percentage point"),
        (SubjectKind::Gap, Unit::Percent, Lang::En) => format!("{n} percentage points"),
        (_, Unit::Percent, _) => text::value_symbol(n, '%', lang),
        (_, Unit::Per1000, _) => text::value_symbol(n, '‰', lang),
        _ => n,
    }
}

fn op_words(op: CmpOp, lang: Lang) -> &'static str {
    match (op, lang) {
        (CmpOp::Lt, Lang::De) => "unter",
        (CmpOp::Le, Lang::De) => "höchstens",
        (CmpOp::Gt, Lang::De) => "mehr als",
        (CmpOp::Ge, Lang::De) => "mindestens",
        (CmpOp::Eq, Lang::De) => "genau",
        (CmpOp::Ne, Lang::De) => "nicht",
        (CmpOp::Lt, Lang::En) => "below",
        (CmpOp::Le, Lang::En) => "at most",
        (CmpOp::Gt, Lang::En) => "more than",
        (CmpOp::Ge, Lang::En) => "at least",
        (CmpOp::Eq, Lang::En) => "exactly",
        (CmpOp::Ne, Lang::En) => "not",
    }
}

fn band_name(c: BandClass, lang: Lang) -> &'static str {
    match (c, lang) {
        (BandClass::Strength, Lang::De) => "Stärke",
        (BandClass::NeedForAction, Lang::De) => "Handlungsbedarf",
        (BandClass::Neutral, Lang::De) => "neutral",
        (BandClass::Strength, Lang::En) => "strength",
        (BandClass::NeedForAction, Lang::En) => "need for action",
        (BandClass::Neutral, Lang::En) => "neutral",
    }
}

/// „Schwelle für Handlungsbedarf: mehr als 5 Prozentpunkte“ for the band
/// that holds; between the bands, every threshold.
pub fn thresholds(hit: BandClass, bands: &[BandDef], subject: SubjectKind, unit: Unit, lang: Lang) -> String {
    let one = |b: &BandDef| {
        let head = match lang {
            Lang::De => format!("Schwelle für {}", band_name(b.class, lang)),
            Lang::En => format!("threshold for {}", band_name(b.class, lang)),
        };
        format!("{head}: {} {}", op_words(b.op, lang), bound(b.bound, subject, unit, lang))
    };
    match bands.iter().find(|b| b.class == hit) {
        Some(b) if hit != BandClass::Neutral => one(b),
        _ => {
            let all: Vec<String> = bands.iter().map(one).collect();
            match lang {
                Lang::De => format!("zwischen den Schwellen ({})", all.join("; ")),
                Lang::En => format!("between the thresholds ({})", all.join("; ")),
            }
        }
    }
}

/// „12,3 % gegenüber 5,7 % in der Vergleichsgruppe „Deutsche“: +6,7
/// Prozentpunkte“ (for ratios the ratio instead of the points).
pub fn compared(
    value: f64,
    reference: f64,
    gap: f64,
    ratio: bool,
    label: &str,
    unit: Unit,
    lang: Lang,
) -> String {
    let (v, r) = (text::value(value, unit, lang), text::value(reference, unit, lang));
    let g = text::gap(gap, unit, ratio, lang);
    match (lang, ratio) {
        (Lang::De, false) => format!("{v} gegenüber {r} in der Vergleichsgruppe „{label}“: {g}"),
        (Lang::De, true) => format!("{v} gegenüber {r} bei „{label}“: Verhältnis {g}"),
        (Lang::En, false) => format!("{v} compared with {r} in the comparison group \"{label}\": {g}"),
        (Lang::En, true) => format!("{v} compared with {r} for \"{label}\": ratio {g}"),
    }
}

/// The value alone, for value thresholds.
pub fn value_only(value: f64, unit: Unit, lang: Lang) -> String {
    match lang {
        Lang::De => format!("Wert {}", text::value(value, unit, lang)),
        Lang::En => format!("value {}", text::value(value, unit, lang)),
    }
}

/// A gap within its sampling error.
pub fn not_significant(label: &str, lang: Lang) -> String {
    match lang {
        Lang::De => format!("der Abstand zu „{label}“ ist nicht signifikant: er liegt innerhalb des Stichprobenfehlers und wird nicht bewertet."),
        Lang::En => format!("the gap to \"{label}\" is not significant: it lies within the sampling error and is not rated."),
    }
}

/// Interval and respondents of a survey value.
pub fn sampling(n: Option<u64>, interval: Option<(f64, f64, f64)>, unit: Unit, lang: Lang) -> String {
    let n = n.map(|n| format_count(n, lang));
    let ci = interval.map(|(lo, hi, level)| {
        let l = format_number(level, 0, lang);
        match lang {
            Lang::De => format!(
                "{l}-%-Konfidenzintervall {} bis {}",
                text::value(lo, unit, lang),
                text::value(hi, unit, lang)
            ),
            Lang::En => format!(
                "{l}% confidence interval {} to {}",
                text::value(lo, unit, lang),
                text::value(hi, unit, lang)
            ),
        }
    });
    match (lang, n, ci) {
        (Lang::De, Some(n), Some(ci)) => format!("Befragung: {n} Befragte, {ci}."),
        (Lang::En, Some(n), Some(ci)) => format!("Survey: {n} respondents, {ci}."),
        (Lang::De, Some(n), None) => format!("Befragung: {n} Befragte; der Stichprobenfehler ist nicht ausgewiesen."),
        (Lang::En, Some(n), None) => format!("Survey: {n} respondents; the sampling error is not available."),
        (Lang::De, None, _) => "Gewichtete Befragung: Befragtenzahl und Stichprobenfehler werden mit den veröffentlichten Tabellen nicht geliefert; Abstände sind nicht auf Signifikanz geprüft.".into(),
        (Lang::En, None, _) => "Weighted survey: respondents and sampling error are not delivered with the published tables; gaps are not tested for significance.".into(),
    }
}

/// How survey values are qualified, once per indicator.
pub fn sampling_method(level: f64, lang: Lang) -> String {
    let l = format_number(level, 0, lang);
    match lang {
        Lang::De => format!("Befragung: Konfidenzintervalle ({l} %) der gewichteten Anteile mit der effektiven Fallzahl nach Kish aus den Gewichten; ein Abstand innerhalb des Stichprobenfehlers ist „nicht signifikant“ und wird nicht bewertet. n = ungewichtete Zahl der Befragten."),
        Lang::En => format!("Survey: {l}% confidence intervals of the weighted shares, with Kish's effective sample size from the weights; a gap within the sampling error is \"not significant\" and is not rated. n = unweighted number of respondents."),
    }
}

/// A development of a quantity („Der Abstand zu „Deutsche“ entwickelt sich
/// günstig (−0,4 Prozentpunkte pro Jahr).“).
pub fn development(subject: &str, d: TrendDirection, per_year: &str, lang: Lang) -> String {
    match (lang, d) {
        (Lang::De, TrendDirection::Improving) => {
            format!("{subject} entwickelt sich günstig ({per_year} pro Jahr).")
        }
        (Lang::De, TrendDirection::Worsening) => {
            format!("{subject} entwickelt sich ungünstig ({per_year} pro Jahr).")
        }
        (Lang::De, TrendDirection::Stable) => {
            format!("{subject} ist weitgehend stabil ({per_year} pro Jahr).")
        }
        (Lang::De, TrendDirection::Rising) => format!("{subject} steigt ({per_year} pro Jahr)."),
        (Lang::De, TrendDirection::Falling) => format!("{subject} sinkt ({per_year} pro Jahr)."),
        (Lang::En, TrendDirection::Improving) => {
            format!("{subject} is developing favourably ({per_year} per year).")
        }
        (Lang::En, TrendDirection::Worsening) => {
            format!("{subject} is developing unfavourably ({per_year} per year).")
        }
        (Lang::En, TrendDirection::Stable) => format!("{subject} is largely stable ({per_year} per year)."),
        (Lang::En, TrendDirection::Rising) => format!("{subject} is rising ({per_year} per year)."),
        (Lang::En, TrendDirection::Falling) => format!("{subject} is falling ({per_year} per year)."),
    }
}

/// „zu wenige Werte für eine Aussage“, with what there is and what is needed.
pub fn too_few(subject: &str, points: usize, min_points: usize, min_years: i32, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{subject}: zu wenige Werte für eine Aussage über die Entwicklung ({points} veröffentlichte Werte; nötig sind {min_points} über mindestens {min_years} Jahre)."),
        Lang::En => format!("{subject}: too few values for a statement about the development ({points} published values; {min_points} over at least {min_years} years are needed)."),
    }
}

/// A target with its status and numbers; names the quantity.
#[allow(clippy::too_many_arguments)]
pub fn target(
    target: &str,
    status: TargetStatus,
    direction: Option<TrendDirection>,
    subject: &str,
    current: Option<&str>,
    per_year: Option<&str>,
    projected: Option<(&str, i32)>,
    too_few: Option<&str>,
    lang: Lang,
) -> String {
    let now = current.map(|c| match lang {
        Lang::De => format!("{subject} beträgt {c}"),
        Lang::En => format!("{subject} is {c}"),
    });
    let now = now.unwrap_or_else(|| match lang {
        Lang::De => format!("{subject} ist nicht veröffentlicht"),
        Lang::En => format!("{subject} is not published"),
    });
    let py = per_year.unwrap_or("–");
    let proj = projected.map_or_else(String::new, |(p, y)| match lang {
        Lang::De => format!(" (Projektion {y}: {p})"),
        Lang::En => format!(" (projection {y}: {p})"),
    });
    let head = match lang {
        Lang::De => format!("Ziel „{target}“"),
        Lang::En => format!("Target \"{target}\""),
    };
    let body = match (lang, status, direction) {
        (Lang::De, TargetStatus::Met, _) => format!("erreicht: {now}."),
        (Lang::En, TargetStatus::Met, _) => format!("met: {now}."),
        (Lang::De, TargetStatus::OnTrack, _) => format!("{now} und nähert sich dem Ziel ({py} pro Jahr); bei gleichbleibender Entwicklung wird es voraussichtlich erreicht{proj}."),
        (Lang::En, TargetStatus::OnTrack, _) => format!("{now} and approaches the target ({py} per year); on track if the development continues{proj}."),
        (Lang::De, TargetStatus::Nearly, _) => format!("{now} und nähert sich dem Ziel ({py} pro Jahr), verfehlt es aber voraussichtlich knapp{proj}."),
        (Lang::En, TargetStatus::Nearly, _) => format!("{now} and approaches the target ({py} per year), but is likely to narrowly miss it{proj}."),
        (Lang::De, TargetStatus::OffTrack, Some(TrendDirection::Improving)) => format!("{now} und nähert sich dem Ziel ({py} pro Jahr), aber zu langsam{proj}."),
        (Lang::En, TargetStatus::OffTrack, Some(TrendDirection::Improving)) => format!("{now} and approaches the target ({py} per year), but too slowly{proj}."),
        (Lang::De, TargetStatus::OffTrack, _) => format!("{now} und ist weitgehend stabil ({py} pro Jahr); so wird das Ziel nicht erreicht{proj}."),
        (Lang::En, TargetStatus::OffTrack, _) => format!("{now} and is largely stable ({py} per year); the target will not be reached this way{proj}."),
        (Lang::De, TargetStatus::MovingAway, _) => format!("{now} und entfernt sich vom Ziel ({py} pro Jahr){proj}."),
        (Lang::En, TargetStatus::MovingAway, _) => format!("{now} and moves away from the target ({py} per year){proj}."),
        (_, TargetStatus::NotAssessable, _) => match (lang, too_few) {
            (Lang::De, Some(t)) => format!("{now}; {t}"),
            (Lang::En, Some(t)) => format!("{now}; {t}"),
            (Lang::De, None) => format!("{now}; derzeit nicht bewertbar."),
            (Lang::En, None) => format!("{now}; not assessable at present."),
        },
    };
    format!("{head}: {body}")
}

/// The class word as it appears in reasons.
pub fn class_name(c: Classification, lang: Lang) -> &'static str {
    crate::findings::class_word(c, lang)
}

/// The decision sentence: class, deciding rule, and the rule's reason.
pub fn decision(c: Classification, rule: DecidingRule, why: &str, lang: Lang) -> String {
    let class = {
        let mut ch = class_name(c, lang).chars();
        ch.next().map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + ch.as_str())
    };
    let by = match (rule, lang) {
        (DecidingRule::Target, Lang::De) => "nach dem Ziel",
        (DecidingRule::Band, Lang::De) => "nach den vereinbarten Schwellenwerten",
        (DecidingRule::Trend, Lang::De) => "nach der Entwicklung",
        (DecidingRule::Target, Lang::En) => "by the target",
        (DecidingRule::Band, Lang::En) => "by the agreed thresholds",
        (DecidingRule::Trend, Lang::En) => "by the development",
    };
    format!("{class} {by}: {why}")
}

pub fn no_rule(lang: Lang) -> String {
    match lang {
        Lang::De => "Neutral: keine Bewertungsregel ist anwendbar (kein bewertbares Ziel, keine Schwellenwerte, keine ausreichende Zeitreihe).".into(),
        Lang::En => "Neutral: no rule applies (no assessable target, no thresholds, no sufficient time series).".into(),
    }
}

pub fn context(all_persons: bool, lang: Lang) -> String {
    match (lang, all_persons) {
        (Lang::De, true) => {
            "Kontext: alle Personen zusammen werden nicht bewertet, sie ordnen die Werte der Gruppen ein."
                .into()
        }
        (Lang::De, false) => {
            "Kontext: die Vergleichsgruppe wird nicht bewertet, sie ist der Maßstab für die anderen Gruppen."
                .into()
        }
        (Lang::En, true) => {
            "Context: all persons together are not rated; they put the groups' values in context.".into()
        }
        (Lang::En, false) => {
            "Context: the reference group is not rated; it is the yardstick for the other groups.".into()
        }
    }
}

pub fn not_defined(lang: Lang) -> String {
    match lang {
        Lang::De => "Nicht definiert: die Bezugsgröße (Nenner) ist 0, eine Quote gibt es hier nicht.".into(),
        Lang::En => "Not defined: the base (denominator) is 0, so there is no rate here.".into(),
    }
}

/// A cell that is empty by the indicator's own definitions (its filter,
/// area and groups cannot hold together): known to every reader of the
/// rulebook, so saying it reveals nothing.
pub fn not_defined_by_definition(lang: Lang) -> String {
    match lang {
        Lang::De => "Nicht definiert („x“, Aussage nicht sinnvoll): nach den Definitionen des Indikators kann es in dieser Zelle keine Fälle geben.".into(),
        Lang::En => "Not defined („x“, not meaningful): by the indicator's definitions this cell cannot contain anyone.".into(),
    }
}

pub fn volatile(subject: &str, last: &str, typical: &str, factor: f64, lang: Lang) -> String {
    let f = format_number(factor, if factor.fract() == 0.0 { 0 } else { 1 }, lang);
    match lang {
        Lang::De => format!("{subject} schwankt: die letzte Veränderung ({last} pro Jahr) ist mehr als {f}-mal so groß wie die übliche jährliche Veränderung ({typical}); vorsichtig interpretieren."),
        Lang::En => format!("{subject} is volatile: the last change ({last} per year) is more than {f} times the typical yearly change ({typical}); interpret with care."),
    }
}

pub fn incomplete_members(year: i32, members: &[String], lang: Lang) -> String {
    let m = members.join(", ");
    match lang {
        Lang::De => format!("Gesamtwert {year} unvollständig: es fehlen Angaben für {m}."),
        Lang::En => format!("Total {year} incomplete: data are missing for {m}."),
    }
}
