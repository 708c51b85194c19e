//! How a source's file is written, as declared in the rulebook: encoding,
//! number format, total rows inside the data, extra missing codes, a
//! constant year and the school-year rule. Everything defaults to
//! "detect or refuse": nothing here is guessed silently.

use serde::Serialize;

/// A text encoding a data file may be declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    /// The Excel default on German Windows; ISO-8859-1 files read the same
    /// for every printable character.
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// Parses the names users write (`"windows-1252"`, `"cp1252"`, …).
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" | "iso-8859-15" | "ansi" => {
                Encoding::Windows1252
            }
            "utf-16" | "utf-16le" | "utf16" | "utf16le" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }
}

/// Which calendar year a school year such as `2020/21` is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchoolYear {
    /// `2020/21` → 2020 (the year the school year starts).
    Start,
    /// `2020/21` → 2021 (the year it ends, as in many Land publications).
    End,
}

/// The declared number format; `None` everywhere means "read plain numbers
/// and refuse ambiguous ones such as `1.234`".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NumberFormat {
    pub decimal: Option<char>,
    /// `Some('\0')` would be odd; an empty `thousands ""` is stored as
    /// `None` with `decimal` set, which forbids grouping.
    pub thousands: Option<char>,
}

impl NumberFormat {
    pub fn is_declared(&self) -> bool {
        self.decimal.is_some() || self.thousands.is_some()
    }
}

/// Everything a `source` declares about its file besides its columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DataFormat {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    pub number: NumberFormat,
    /// Labels or code patterns (`*SUM`) of total rows inside the data.
    /// Empty: the usual German total words are still recognised, and a
    /// counted total row is an error instead of a doubled sum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub total_rows: Vec<String>,
    /// Extra codes read as "no value" (sentinels such as `-88888888`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// The year of every row, for files without a year column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_year: Option<SchoolYear>,
    /// A long table's measure column (counts and published rates in one
    /// value column).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<MeasureColumn>,
    /// A named file layout whose conventions are applied as defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    /// `years in columns as <name>`: a wide table with one column per year;
    /// the values of those columns are read as the column `<name>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years_in_columns: Option<String>,
    /// Spreadsheets (`.xlsx`): the sheet to read (`sheet "Tabelle1"`);
    /// `None` reads the first sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Spreadsheets: the 1-based sheet row holding the column names
    /// (`header_row 3` below a title); `None` takes the first non-empty row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    /// Spreadsheets: the last sheet row of the table (`last_row 40`), so
    /// notes and sources below it are not read as rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_row: Option<u32>,
    /// `kind member_exports`: the member towns and their published exports
    /// (`member "001", "gemeinden/adorf.csv"`), read by `data::members`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberExport>,
}

/// One member town of a county source: the code its rows get in the
/// column `mitglied` (a unit of the county's area) and its export file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberExport {
    pub code: String,
    pub file: String,
}

/// Named layouts of published exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// The flat-file CSV („ffcsv“) of GENESIS-Online and the
    /// Regionalstatistik: `;`, decimal comma, the year in `time`, dimension
    /// n in `n_variable_attribute_code`, the value in `value`.
    Genesis,
}

/// `measure column Einheit { count "Anzahl"; percent "Prozent" }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureColumn {
    /// Logical column name (mapped through `column … = "…"` like any other).
    pub column: String,
    /// Labels of the rows that hold counts: the only rows `sum(…)` adds.
    pub count: Vec<String>,
    /// Labels of rows holding published rates (percent, per mille, mean):
    /// never summed, never averaged.
    pub rates: Vec<String>,
}

impl DataFormat {
    pub fn is_default(&self) -> bool {
        *self == DataFormat::default()
    }
}
