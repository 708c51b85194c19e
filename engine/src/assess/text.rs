//! Wording of annotations and summaries, German by default and English as
//! a variant. Findings describe gaps and developments; they never blame a
//! group (source report §4: avoid "Othering").

use super::bands::TrendDirection;
use super::target::TargetStatus;
use crate::model::{BandClass, Terminology, Unit};
use crate::report::numfmt::{format_number, format_pp, format_ratio, format_signed, Lang};

pub fn value(v: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent => crate::report::numfmt::format_percent(v, 1, lang),
        Unit::Per1000 => crate::report::numfmt::format_per_mille(v, 1, lang),
        Unit::Count => crate::report::numfmt::format_count_f64(v, lang),
        Unit::Mean => format_number(v, 1, lang),
        Unit::Ratio => format_ratio(v, lang),
    }
}

pub fn gap(v: f64, unit: Unit, ratio: bool, lang: Lang) -> String {
    if ratio {
        return format_ratio(v, lang);
    }
    match unit {
        Unit::Percent => format_pp(v, 1, lang, false),
        _ => format_signed(v, 1, lang),
    }
}

pub fn change(v: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent => format_pp(v, 1, lang, false),
        _ => format_signed(v, 1, lang),
    }
}

pub fn band(b: BandClass, subject: &str, lang: Lang) -> String {
    match (lang, b) {
        (Lang::De, BandClass::Strength) => {
            format!("{subject} liegt im Bereich „Stärke“ der vereinbarten Schwellenwerte.")
        }
        (Lang::De, BandClass::NeedForAction) => {
            format!("{subject} liegt im Bereich „Handlungsbedarf“ der vereinbarten Schwellenwerte.")
        }
        (Lang::De, BandClass::Neutral) => {
            format!("{subject} liegt zwischen den vereinbarten Schwellenwerten.")
        }
        (Lang::En, BandClass::Strength) => format!("{subject} lies in the agreed \"strength\" band."),
        (Lang::En, BandClass::NeedForAction) => {
            format!("{subject} lies in the agreed \"need for action\" band.")
        }
        (Lang::En, BandClass::Neutral) => format!("{subject} lies between the agreed thresholds."),
    }
}

pub fn subject_value(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Der Wert",
        Lang::En => "The value",
    }
}

pub fn subject_gap(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "Der Abstand zur Vergleichsgruppe",
        Lang::En => "The gap to the comparison group",
    }
}

pub fn target_status(s: TargetStatus, target: &str, lang: Lang) -> String {
    match lang {
        Lang::De => match s {
            TargetStatus::Met => format!("Ziel „{target}“ ist erreicht."),
            TargetStatus::OnTrack => format!("Ziel „{target}“: bei gleichbleibender Entwicklung wird es voraussichtlich erreicht."),
            TargetStatus::Nearly => format!("Ziel „{target}“: die Entwicklung geht in die richtige Richtung, das Ziel wird voraussichtlich knapp verfehlt."),
            TargetStatus::OffTrack => format!("Ziel „{target}“: die Entwicklung geht in die richtige Richtung, reicht aber nicht aus."),
            TargetStatus::MovingAway => format!("Ziel „{target}“: die Entwicklung entfernt sich vom Ziel."),
            TargetStatus::NotAssessable => format!("Ziel „{target}“: derzeit nicht bewertbar (zu wenige veröffentlichte Werte)."),
        },
        Lang::En => match s {
            TargetStatus::Met => format!("Target \"{target}\" is met."),
            TargetStatus::OnTrack => format!("Target \"{target}\": on track if the development continues."),
            TargetStatus::Nearly => format!("Target \"{target}\": right direction, likely to be narrowly missed."),
            TargetStatus::OffTrack => format!("Target \"{target}\": right direction, but not fast enough."),
            TargetStatus::MovingAway => format!("Target \"{target}\": the development moves away from the target."),
            TargetStatus::NotAssessable => format!("Target \"{target}\": not assessable at present (too few published values)."),
        },
    }
}

pub fn trend(t: TrendDirection, per_year: &str, lang: Lang) -> String {
    match lang {
        Lang::De => match t {
            TrendDirection::Improving => {
                format!("Die Entwicklung der letzten Jahre ist positiv ({per_year} pro Jahr).")
            }
            TrendDirection::Worsening => {
                format!("Die Entwicklung der letzten Jahre ist ungünstig ({per_year} pro Jahr).")
            }
            TrendDirection::Stable => "Der Wert ist in den letzten Jahren weitgehend stabil.".to_string(),
            TrendDirection::Rising => format!("Der Wert steigt ({per_year} pro Jahr)."),
            TrendDirection::Falling => format!("Der Wert sinkt ({per_year} pro Jahr)."),
        },
        Lang::En => match t {
            TrendDirection::Improving => {
                format!("The development of recent years is favourable ({per_year} per year).")
            }
            TrendDirection::Worsening => {
                format!("The development of recent years is unfavourable ({per_year} per year).")
            }
            TrendDirection::Stable => "The value has been largely stable in recent years.".to_string(),
            TrendDirection::Rising => format!("The value is rising ({per_year} per year)."),
            TrendDirection::Falling => format!("The value is falling ({per_year} per year)."),
        },
    }
}

/// One text for every protected cell: the reason would narrow the value.
pub fn suppressed(_: crate::publish::Suppression, lang: Lang) -> String {
    match lang {
        Lang::De => "Wert aus Gründen der Geheimhaltung gesperrt („.“).".into(),
        Lang::En => "Value withheld for statistical confidentiality („.“).".into(),
    }
}

pub fn not_comparable_suppressed(lang: Lang) -> String {
    match lang {
        Lang::De => "Vergleich und Entwicklung nicht bewertbar: benötigte Werte sind gesperrt.".into(),
        Lang::En => "Comparison and development not assessable: values needed are suppressed.".into(),
    }
}

pub fn small_base(n: String, lang: Lang) -> String {
    match lang {
        Lang::De => format!("Kleine Basis ({n} Personen): Schwankungen sind vorsichtig zu interpretieren."),
        Lang::En => format!("Small base ({n} persons): interpret fluctuations with care."),
    }
}

/// The source's flags on a value, with their symbols as printed in the
/// report („Angabe der Quelle: vorläufig (p).“).
pub fn value_flags(flags: u8, lang: Lang) -> String {
    let de = lang == Lang::De;
    let words = crate::data::value_field::flag_names(flags, de);
    let symbols = crate::data::value_field::flag_symbols(flags);
    let parts: Vec<String> = words.iter().zip(&symbols).map(|(w, s)| format!("{w} ({s})")).collect();
    match lang {
        Lang::De => format!("Angabe der Quelle: {}.", parts.join(", ")),
        Lang::En => format!("As published by the source: {}.", parts.join(", ")),
    }
}

pub fn not_steerable(lang: Lang) -> String {
    match lang {
        Lang::De => {
            "Das Handlungsfeld ist kommunal nicht steuerbar: der Befund dient der Beobachtung.".into()
        }
        Lang::En => "The field cannot be steered by the municipality: the finding is for observation.".into(),
    }
}

pub fn stale(lang: Lang) -> String {
    match lang {
        Lang::De => "Der Indikator hat sich über alle Zeitpunkte kaum verändert: Kandidat für die Überprüfung des Indikatorensets.".into(),
        Lang::En => "The indicator has barely changed over all periods: a candidate for review of the indicator set.".into(),
    }
}

/// `term` is the rulebook's `terminology`: the reason speaks the report's word.
pub fn definition_mismatch(defs: &str, term: Terminology, lang: Lang) -> String {
    match lang {
        Lang::De => format!("Achtung: Die Quellen verwenden unterschiedliche Definitionen {} ({defs}); Werte sind nur eingeschränkt vergleichbar.", term.genitive()),
        Lang::En => format!("Caution: the sources use different definitions of {} ({defs}); values are only partly comparable.", term.noun(false)),
    }
}

pub fn series_break(year: i32, reason: Option<&str>, lang: Lang) -> String {
    let why = reason.map(|r| format!(" ({r})")).unwrap_or_default();
    match lang {
        Lang::De => format!("Zeitreihenbruch {year}{why}: Entwicklungen werden nur ab {year} berechnet."),
        Lang::En => format!("Series break in {year}{why}: developments are computed from {year} only."),
    }
}

pub fn missing(kind: &str, lang: Lang) -> String {
    match lang {
        Lang::De => format!("Kein Wert: {kind}."),
        Lang::En => format!("No value: {kind}."),
    }
}

pub fn incomplete(lang: Lang) -> String {
    match lang {
        Lang::De => {
            "Gesamtwert unvollständig: für mindestens einen Teilraum oder eine Gruppe fehlen Daten.".into()
        }
        Lang::En => "Total incomplete: data are missing for at least one part.".into(),
    }
}

pub fn implausible(lang: Lang) -> String {
    match lang {
        Lang::De => "Unplausibel: der Zähler ist größer als der Nenner; der Wert wird nicht bewertet.".into(),
        Lang::En => "Implausible: numerator above denominator; the value is not assessed.".into(),
    }
}

pub fn total_label(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "insgesamt",
        Lang::En => "all",
    }
}

/// A number with its unit symbol as the language writes it ("5 %" with a
/// space in German, "5%" in English), for bounds written in the rulebook.
pub fn value_symbol(n: String, symbol: char, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{n} {symbol}"),
        Lang::En => format!("{n}{symbol}"),
    }
}
