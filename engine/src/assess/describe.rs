//! Targets and thresholds in words, for findings and reports.

use crate::model::{BandClass, Indicator, Target, Thresholds, Unit};
use crate::report::numfmt::{format_number, Lang};
use kimon_grammar::ast::{CmpOp, SubjectKind};

fn op_word(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "≤",
        CmpOp::Gt => ">",
        CmpOp::Ge => "≥",
        CmpOp::Eq => "=",
        CmpOp::Ne => "≠",
    }
}

fn bound(v: f64, subject: SubjectKind, unit: Unit, lang: Lang) -> String {
    let n = format_number(v, if v.fract() == 0.0 { 0 } else { 1 }, lang);
    match (subject, unit, lang) {
        (SubjectKind::Ratio, _, _) => n,
        (SubjectKind::Gap, Unit::Percent, Lang::De) => format!("{n} Prozentpunkte"),
        (SubjectKind::Gap, Unit::Percent, Lang::En) => format!("{n} percentage points"),
        (_, Unit::Percent, _) => format!("{n} %"),
        (_, Unit::Per1000, _) => format!("{n} ‰"),
        _ => n,
    }
}

pub fn describe_target(
    t: &Target,
    ind: &Indicator,
    group_title: &dyn Fn(&str) -> String,
    lang: Lang,
) -> String {
    let subject = match (t.subject, lang) {
        (SubjectKind::Value, Lang::De) => "Wert".to_string(),
        (SubjectKind::Value, Lang::En) => "value".to_string(),
        (SubjectKind::Gap, Lang::De) => "Abstand".to_string(),
        (SubjectKind::Gap, Lang::En) => "gap".to_string(),
        (SubjectKind::Ratio, Lang::De) => "Verhältnis".to_string(),
        (SubjectKind::Ratio, Lang::En) => "ratio".to_string(),
    };
    let groups = match t.groups.as_slice() {
        [] => String::new(),
        [a] => format!(" ({})", group_title(a)),
        [a, b, ..] => match lang {
            // Labels stay in the nominative, quoted after a noun: „zu
            // Deutsche“ would need a dative no program can form.
            Lang::De => format!(" zwischen „{}“ und „{}“", group_title(a), group_title(b)),
            Lang::En => format!(" {} to {}", group_title(a), group_title(b)),
        },
    };
    let year = t.year.map(|y| match lang {
        Lang::De => format!(" bis {y}"),
        Lang::En => format!(" by {y}"),
    });
    format!(
        "{subject}{groups} {} {}{}",
        op_word(t.op),
        bound(t.bound, t.subject, ind.unit, lang),
        year.unwrap_or_default()
    )
}

pub fn describe_thresholds(t: &Thresholds, ind: &Indicator, lang: Lang) -> String {
    let subject = match (t.subject, lang) {
        (SubjectKind::Value, Lang::De) => "Wert",
        (SubjectKind::Value, Lang::En) => "value",
        (SubjectKind::Gap, Lang::De) => "Abstand",
        (SubjectKind::Gap, Lang::En) => "gap",
        (SubjectKind::Ratio, Lang::De) => "Verhältnis",
        (SubjectKind::Ratio, Lang::En) => "ratio",
    };
    let bands: Vec<String> = t
        .bands
        .iter()
        .map(|b| {
            let class = match (b.class, lang) {
                (BandClass::Strength, Lang::De) => "Stärke",
                (BandClass::Strength, Lang::En) => "strength",
                (BandClass::NeedForAction, Lang::De) => "Handlungsbedarf",
                (BandClass::NeedForAction, Lang::En) => "need for action",
                (BandClass::Neutral, Lang::De) => "neutral",
                (BandClass::Neutral, Lang::En) => "neutral",
            };
            let at = if lang == Lang::De { "bei" } else { "if" };
            format!("{class} {at} {subject} {} {}", op_word(b.op), bound(b.bound, t.subject, ind.unit, lang))
        })
        .collect();
    bands.join("; ")
}
