//! The year of a row, from the forms German tables write it in: `2021`,
//! `31.12.2021`, `2021-12-31`, `Juni 2007`, `Dez. 2020` and school years
//! such as `2020/21` (which need a declared rule: the start or the end year).

use crate::model::SchoolYear;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearProblem {
    NotAYear,
    /// A school year without a declared `school_year` rule.
    SchoolYearRule,
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"];

fn four_digit_year(t: &str) -> Option<i32> {
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
        .filter(|y| *y > 0)
}

/// Parses the year of a row.
pub fn parse_year(text: &str, rule: Option<SchoolYear>) -> Result<i32, YearProblem> {
    let t = text.trim();
    if let Some(y) = four_digit_year(t) {
        return Ok(y);
    }
    // `2021.0` from spreadsheets.
    if let Some(y) = t.strip_suffix(".0").and_then(four_digit_year) {
        return Ok(y);
    }
    // 31.12.2021
    let parts: Vec<&str> = t.split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        if is_day_month(d, m) {
            return four_digit_year(y).ok_or(YearProblem::NotAYear);
        }
    }
    // 2021-12-31 or 2021-12
    let parts: Vec<&str> = t.split('-').collect();
    if let [y, m, rest @ ..] = parts.as_slice() {
        if rest.len() <= 1 && m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) {
            return four_digit_year(y).ok_or(YearProblem::NotAYear);
        }
    }
    // 2020/21 or 2020/2021
    if let Some((a, b)) = t.split_once('/') {
        let start = four_digit_year(a.trim()).ok_or(YearProblem::NotAYear)?;
        let b = b.trim();
        let end_ok = match b.len() {
            2 => b.parse::<i32>().ok() == Some((start + 1) % 100),
            4 => four_digit_year(b) == Some(start + 1),
            _ => false,
        };
        if !end_ok {
            return Err(YearProblem::NotAYear);
        }
        return match rule {
            Some(SchoolYear::Start) => Ok(start),
            Some(SchoolYear::End) => Ok(start + 1),
            None => Err(YearProblem::SchoolYearRule),
        };
    }
    // Juni 2007, Dez. 2020
    if let Some((month, year)) = t.rsplit_once(' ') {
        let month = month.trim().trim_end_matches('.').to_lowercase();
        let known = MONTHS.iter().any(|m| month.starts_with(m)) || month.starts_with("maer");
        if known {
            return four_digit_year(year.trim()).ok_or(YearProblem::NotAYear);
        }
    }
    Err(YearProblem::NotAYear)
}

fn is_day_month(d: &str, m: &str) -> bool {
    let num = |s: &str, hi: u32| {
        (1..=2).contains(&s.len()) && s.parse::<u32>().is_ok_and(|v| (1..=hi).contains(&v))
    };
    num(d, 31) && num(m, 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_year() {
        assert_eq!(parse_year("2021", None), Ok(2021));
        assert_eq!(parse_year("31.12.2021", None), Ok(2021));
        assert_eq!(parse_year("2021-12-31", None), Ok(2021));
        assert_eq!(parse_year("Juni 2007", None), Ok(2007));
        assert_eq!(parse_year("Dez. 2020", None), Ok(2020));
        assert_eq!(parse_year("März 2019", None), Ok(2019));
        assert_eq!(parse_year("2020/21", None), Err(YearProblem::SchoolYearRule));
        assert_eq!(parse_year("2020/21", Some(SchoolYear::End)), Ok(2021));
        assert_eq!(parse_year("2020/2021", Some(SchoolYear::Start)), Ok(2020));
        assert_eq!(parse_year("2020/23", Some(SchoolYear::Start)), Err(YearProblem::NotAYear));
        assert_eq!(parse_year("21", None), Err(YearProblem::NotAYear));
        assert_eq!(parse_year("Sommer 2020", None), Err(YearProblem::NotAYear));
        assert_eq!(parse_year("32.01.2020", None), Err(YearProblem::NotAYear));
    }
}
