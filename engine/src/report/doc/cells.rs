//! Table cells shared by the findings tables and the key-figure rows: every
//! comparison a finding made (which reference, gap with its unit, „nicht
//! signifikant“ where a survey gap lies within its sampling error) and the
//! confidence interval and respondents of a survey value.
//!
//! Why here and not in each table: the findings compare a cross-classified
//! cell along every dimension (foreign 30–49-year-olds with Germans aged
//! 30–49, and with foreign 18–29-year-olds); a table that printed only
//! the first comparison would hide the gap that may have decided the class.
//! Both tables must say the same, so they share one writer.

use super::indicator::shown;
use crate::assess::text;
use crate::findings::{Comparison, Finding};
use crate::model::Unit;
use crate::report::numfmt::{format_count, format_number, Lang};
use crate::report::sign::Sign;

/// Separates several comparisons within one table cell.
pub(crate) const SEP: &str = "; ";

/// „nicht signifikant“ / "not significant".
pub(crate) fn not_significant(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "nicht signifikant",
        Lang::En => "not significant",
    }
}

/// The compared values, each with whom it belongs to: „Deutsche, 30 bis
/// 49 Jahre: 5,4 %“.
pub(crate) fn compared(f: &Finding, unit: Unit, lang: Lang) -> String {
    let parts: Vec<String> =
        f.comparisons.iter().map(|c| format!("{}: {}", c.label, shown(c.value, unit, lang))).collect();
    parts.join(SEP)
}

/// The gaps in the order of [`compared`], each written by `fmt`, with
/// „nicht signifikant“ where the survey test says so; a gap that cannot be
/// computed (a protected compared value) is the secret sign.
pub(crate) fn gaps(f: &Finding, lang: Lang, fmt: impl Fn(&Comparison, f64) -> String) -> String {
    let parts: Vec<String> = f
        .comparisons
        .iter()
        .map(|c| match c.gap {
            None => Sign::Secret.symbol().to_string(),
            Some(g) if c.significant == Some(false) => format!("{} ({})", fmt(c, g), not_significant(lang)),
            Some(g) => fmt(c, g),
        })
        .collect();
    parts.join(SEP)
}

/// The confidence interval of a survey value: „9,8 % bis 14,8 %“.
pub(crate) fn interval(f: &Finding, unit: Unit, lang: Lang) -> String {
    let Some(i) = &f.interval else { return String::new() };
    let to = if lang == Lang::De { "bis" } else { "to" };
    format!("{} {to} {}", text::value(i.lo, unit, lang), text::value(i.hi, unit, lang))
}

/// Unweighted respondents behind a survey value.
pub(crate) fn respondents(f: &Finding, lang: Lang) -> String {
    f.respondents.map_or_else(String::new, |n| format_count(n, lang))
}

/// Header of the interval column: „Konfidenzintervall (95 %)“.
pub(crate) fn interval_header(level: f64, lang: Lang) -> String {
    let l = format_number(level, 0, lang);
    match lang {
        Lang::De => format!("Konfidenzintervall ({l}\u{a0}%)"),
        Lang::En => format!("Confidence interval ({l}%)"),
    }
}

/// Header of the respondents column.
pub(crate) fn respondents_header(lang: Lang) -> String {
    match lang {
        Lang::De => "Befragte (n)".into(),
        Lang::En => "Respondents (n)".into(),
    }
}

/// The level of an indicator's intervals, if any finding carries one: a
/// survey indicator whose tables deliver no sampling error gets no columns.
pub(crate) fn survey_level(findings: &[Finding]) -> Option<f64> {
    findings.iter().find_map(|f| f.interval.as_ref().map(|i| i.level))
}

/// The value's qualification in one short phrase, for rows with one value
/// column: „95-%-KI 9,8 % bis 14,8 %, n = 412“.
pub(crate) fn value_note(f: &Finding, unit: Unit, lang: Lang) -> Option<String> {
    let i = f.interval.as_ref()?;
    let l = format_number(i.level, 0, lang);
    let n = respondents(f, lang);
    Some(match lang {
        Lang::De => format!("{l}-%-KI {}, n\u{a0}=\u{a0}{n}", interval(f, unit, lang)),
        Lang::En => format!("{l}% CI {}, n\u{a0}=\u{a0}{n}", interval(f, unit, lang)),
    })
}
