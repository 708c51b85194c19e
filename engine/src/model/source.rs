use super::Origin;
use indexmap::IndexMap;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// One row per person (and year): counts over rows.
    Microdata,
    /// A table from a statistics office: one row per cell.
    Aggregate,
    /// Weighted survey responses: sums of a weight column.
    Survey,
}

/// The definition of Migrationshintergrund a source uses; comparing
/// figures across definitions is "apples and pears" (source report §3.5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MhDefinition {
    /// Mikrozensus: the person or at least one parent not born German.
    Mikrozensus,
    /// Derived from the register (Melderegister, MigraPro-style).
    Register,
    /// School statistics (KMK/Land definitions, e.g. family language).
    School,
    /// Fachkommission: immigrants and their direct descendants.
    Eingewanderte,
    /// Self-report in a survey.
    Survey,
    /// The source does not record migration background (e.g. BA statistics).
    None,
}

impl MhDefinition {
    pub fn all() -> &'static [&'static str] {
        &["mikrozensus", "register", "school", "eingewanderte", "survey", "none"]
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "mikrozensus" => MhDefinition::Mikrozensus,
            "register" => MhDefinition::Register,
            "school" => MhDefinition::School,
            "eingewanderte" => MhDefinition::Eingewanderte,
            "survey" => MhDefinition::Survey,
            "none" => MhDefinition::None,
            _ => return None,
        })
    }

    pub fn german(self) -> &'static str {
        match self {
            MhDefinition::Mikrozensus => "Mikrozensus-Definition (Person oder mindestens ein Elternteil nicht mit deutscher Staatsangehörigkeit geboren)",
            MhDefinition::Register => "aus dem Melderegister abgeleitet",
            MhDefinition::School => "Definition der Schulstatistik",
            MhDefinition::Eingewanderte => "Eingewanderte und ihre direkten Nachkommen (Fachkommission)",
            MhDefinition::Survey => "Selbstauskunft in der Befragung",
            MhDefinition::None => "nicht erhoben",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            MhDefinition::Mikrozensus => {
                "microcensus definition (the person or at least one parent not born with German citizenship)"
            }
            MhDefinition::Register => "derived from the population register",
            MhDefinition::School => "definition of the school statistics",
            MhDefinition::Eingewanderte => "immigrants and their direct descendants (expert commission)",
            MhDefinition::Survey => "self-report in the survey",
            MhDefinition::None => "not collected",
        }
    }

    /// The definition in the language of the output.
    pub fn in_lang(self, lang: crate::report::numfmt::Lang) -> &'static str {
        match lang {
            crate::report::numfmt::Lang::De => self.german(),
            crate::report::numfmt::Lang::En => self.english(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesBreak {
    pub year: i32,
    pub reason: Option<String>,
}

/// A table in a database server. The URL carries no credentials: they
/// come from the environment (`PGUSER`, `PGPASSWORD`, …) or `~/.pgpass`,
/// so a rulebook can be shared without leaking them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatabaseTable {
    /// `postgres://host[:port]/dbname` (user name allowed, password not).
    pub url: String,
    /// `table` or `schema.table`, as written.
    pub table: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// English title (`en "…"`), used instead of `title` for English output.
    pub title_en: Option<String>,
    pub kind: SourceKind,
    /// The file as written in the rulebook (empty for a database source).
    pub file: String,
    /// `database "postgres://…" table "…"`: microdata counted where they
    /// live; only the atom table leaves the server (see `eval/pushdown/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseTable>,
    /// Directory of the rulebook that declared the source; `file` is
    /// relative to it unless a data directory is given.
    #[serde(skip)]
    pub base_dir: PathBuf,
    pub mh_definition: Option<MhDefinition>,
    pub year_column: String,
    pub weight: Option<String>,
    /// Logical column name → header in the file.
    pub columns: IndexMap<String, String>,
    pub series_breaks: Vec<SeriesBreak>,
    pub description: Option<String>,
    /// False for a table that is already public (`confidential no`): its
    /// cells are not primary-suppressed, and check results over it may show
    /// their numbers. Cells combining it with confidential sources stay
    /// protected.
    pub confidential: bool,
    /// How the file is written (encoding, numbers, total rows, …).
    #[serde(skip_serializing_if = "super::DataFormat::is_default")]
    pub format: super::DataFormat,
    pub origin: Origin,
}

impl Source {
    /// The CSV header that holds a logical column.
    pub fn header_for<'a>(&'a self, logical: &'a str) -> &'a str {
        self.columns.get(logical).map_or(logical, String::as_str)
    }
}
