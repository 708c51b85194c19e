//! Source settings that say how a file is written (`encoding`, `decimal`,
//! `thousands`, `total_rows`, `missing`, `year`, `school_year`, `sheet`,
//! `header_row`, `last_row`). The grammar
//! accepts any value list for them; the checks live here so that a wrong
//! value points at itself with the allowed choices.

use super::cx::Cx;
use crate::diag::{Diag, FileId};
use crate::model::{DataFormat, Encoding, Layout, SchoolYear, Source};
use kimon_grammar::ast::{FileSettingValue, Ident, Span, Text};

pub fn apply(
    format: &mut DataFormat,
    key: &Ident,
    values: &[FileSettingValue],
    file: FileId,
    span: Span,
    cx: &mut Cx,
) {
    let one = |cx: &mut Cx| -> Option<&FileSettingValue> {
        match values {
            [v] => Some(v),
            _ => {
                cx.push(Diag::error("invalid-value", format!("`{}` takes exactly one value", key.name)).at(
                    file,
                    span,
                    "one value expected",
                ));
                None
            }
        }
    };
    match key.name.as_str() {
        "encoding" => {
            let Some(v) = one(cx) else { return };
            match Encoding::parse(&v.value) {
                Some(e) => format.encoding = Some(e),
                None => cx.push(
                    Diag::error("invalid-value", format!("`{}` is not an encoding kimon reads", v.value))
                        .at(file, v.span, "unknown encoding")
                        .help("write `encoding \"utf-8\"`, `\"windows-1252\"` (the Excel default in German offices) or `\"utf-16\"`"),
                ),
            }
        }
        "decimal" => {
            let Some(v) = one(cx) else { return };
            match v.value.as_str() {
                "," => format.number.decimal = Some(','),
                "." => format.number.decimal = Some('.'),
                _ => cx.push(
                    Diag::error("invalid-value", format!("`{}` is not a decimal separator", v.value))
                        .at(file, v.span, "expected `\",\"` or `\".\"`")
                        .help("German tables write `decimal \",\"`, English ones `decimal \".\"`"),
                ),
            }
        }
        "thousands" => {
            let Some(v) = one(cx) else { return };
            let mut chars = v.value.chars();
            match (chars.next(), chars.next()) {
                (None, _) => {
                    format.number.thousands = None;
                    format.number.decimal.get_or_insert('.');
                }
                (Some(c @ ('.' | ',' | ' ' | '\'' | '\u{a0}' | '\u{202f}')), None) => {
                    format.number.thousands = Some(c)
                }
                _ => cx.push(
                    Diag::error("invalid-value", format!("`{}` is not a thousands separator", v.value))
                        .at(file, v.span, "expected `\".\"`, `\",\"`, `\" \"`, `\"'\"` or `\"\"`")
                        .help("German tables write `thousands \".\"`; write `thousands \"\"` for numbers without grouping"),
                ),
            }
        }
        "total_rows" => {
            for v in values {
                if v.value.trim().is_empty() || v.value.trim() == "*" {
                    cx.push(
                        Diag::error("invalid-value", "a total-row label must not be empty or only `*`")
                            .at(file, v.span, "matches every row")
                            .help("give the label as written in the file (`\"Insgesamt\"`) or a code pattern (`\"*SUM\"`)"),
                    );
                } else {
                    format.total_rows.push(v.value.trim().to_string());
                }
            }
        }
        "missing" => format.missing.extend(values.iter().map(|v| v.value.trim().to_string())),
        "year" => {
            let Some(v) = one(cx) else { return };
            match v.value.parse::<i32>() {
                Ok(y) if (1000..=9999).contains(&y) => format.year = Some(y),
                _ => cx.push(
                    Diag::error("invalid-value", format!("`{}` is not a year", v.value))
                        .at(file, v.span, "expected a year such as 2021")
                        .help("`year 2021` gives every row of a file without a year column the year 2021"),
                ),
            }
        }
        "layout" => {
            let Some(v) = one(cx) else { return };
            match v.value.as_str() {
                "genesis" | "genesis-ffcsv" | "regionalstatistik" => format.layout = Some(Layout::Genesis),
                _ => cx.push(
                    Diag::error("invalid-value", format!("`{}` is not a layout kimon knows", v.value))
                        .at(file, v.span, "unknown layout")
                        .help("`layout \"genesis\"` reads the flat-file CSV export of GENESIS-Online and the Regionalstatistik"),
                ),
            }
        }
        "school_year" => {
            let Some(v) = one(cx) else { return };
            match v.value.as_str() {
                "start" => format.school_year = Some(SchoolYear::Start),
                "end" => format.school_year = Some(SchoolYear::End),
                _ => cx.push(
                    Diag::error("invalid-value", format!("`{}` is not a school-year rule", v.value))
                        .at(file, v.span, "expected `start` or `end`")
                        .help("`school_year end` counts `2020/21` as 2021, `school_year start` as 2020"),
                ),
            }
        }
        "sheet" => {
            let Some(v) = one(cx) else { return };
            format.sheet = Some(v.value.clone());
        }
        "header_row" | "last_row" => {
            let Some(v) = one(cx) else { return };
            match v.value.parse::<u32>() {
                Ok(r) if (1..=1_048_576).contains(&r) && key.name == "header_row" => format.header_row = Some(r),
                Ok(r) if (1..=1_048_576).contains(&r) => format.last_row = Some(r),
                _ => cx.push(
                    Diag::error("invalid-value", format!("`{}` is not a sheet row", v.value))
                        .at(file, v.span, "expected a row number such as 3")
                        .help("`header_row 3` reads the column names from row 3 of the sheet, `last_row 40` ends the table at row 40 (rows count from 1, as Excel shows them)"),
                ),
            }
        }
        "member" => match values {
            [code, path] if !code.value.trim().is_empty() => {
                if format.members.iter().any(|m| m.code == code.value) {
                    cx.push(
                        Diag::error("duplicate-member", format!("member `{}` is named twice", code.value))
                            .at(file, code.span, "second time")
                            .help("each member town is listed once, with the code of its unit in the county's area"),
                    );
                    return;
                }
                format.members.push(crate::model::MemberExport { code: code.value.clone(), file: path.value.clone() })
            }
            _ => cx.push(
                Diag::error("invalid-value", "`member` takes a code and an export file")
                    .at(file, span, "expected `member \"001\", \"gemeinden/adorf.csv\"`")
                    .help("the code is the member's unit in the county's area; the file is the CSV the town wrote with `kimon export --format csv`"),
            ),
        },
        // The grammar admits only the keys above.
        other => cx.push(
            Diag::error("invalid-value", format!("unknown source setting `{other}`")).at(file, key.span, ""),
        ),
    }
    if let (Some(d), Some(t)) = (format.number.decimal, format.number.thousands) {
        if d == t {
            cx.push(
                Diag::error("invalid-value", format!("decimal and thousands separator are both `{d}`"))
                    .at(file, span, "conflicting number format")
                    .help("German tables write `decimal \",\"` and `thousands \".\"`"),
            );
        }
    }
}

/// `measure column Einheit { count "Anzahl"; percent "Prozent" }`.
pub fn measure(
    format: &mut DataFormat,
    column: &Ident,
    kinds: &[(Ident, Vec<Text>)],
    file: FileId,
    cx: &mut Cx,
) {
    let mut m =
        crate::model::MeasureColumn { column: column.name.clone(), count: Vec::new(), rates: Vec::new() };
    for (kind, labels) in kinds {
        let labels = labels.iter().map(|l| l.value.clone());
        match kind.name.as_str() {
            "count" => m.count.extend(labels),
            "percent" | "per_mille" | "rate" | "mean" => m.rates.extend(labels),
            _ => cx.push(
                Diag::error("invalid-value", format!("`{}` is not a kind of value", kind.name))
                    .at(file, kind.span, "expected `count`, `percent`, `per_mille`, `rate` or `mean`")
                    .help("`count` rows are summed; rate rows are published rates that kimon never adds or averages"),
            ),
        }
    }
    if m.count.is_empty() {
        cx.push(
            Diag::error("invalid-value", format!("measure column `{}` names no `count` rows", column.name))
                .at(file, column.span, "nothing to sum")
                .help("add the label of the rows holding counts, e.g. `count \"Anzahl\"`"),
        );
    }
    format.measure = Some(m);
}

/// Applies a named layout's conventions where the source did not say
/// otherwise (called after the whole source block is read).
pub fn apply_layout(s: &mut Source) {
    if s.format.layout != Some(Layout::Genesis) {
        return;
    }
    if s.format.number.decimal.is_none() && s.format.number.thousands.is_none() {
        s.format.number.decimal = Some(',');
    }
    if s.year_column == "year" && s.format.year.is_none() {
        s.year_column = "time".into();
    }
    // `dim1` … `dim9`: the attribute codes of the table's dimensions, and
    // their labels, variables and the value's quality flag, under names a
    // rulebook can write (the headers start with a digit).
    for n in 1..=9 {
        for (logical, header) in [
            (format!("dim{n}"), format!("{n}_variable_attribute_code")),
            (format!("dim{n}_label"), format!("{n}_variable_attribute_label")),
            (format!("var{n}"), format!("{n}_variable_code")),
        ] {
            s.columns.entry(logical).or_insert(header);
        }
    }
}
