use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MunicipalityKind {
    City,
    County,
    Town,
    /// A Land-level rulebook (statistics office of a Land: counties and
    /// regions as units).
    State,
}

/// Title-page data of the rulebook.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub name: String,
    pub municipality: Option<String>,
    pub kind: Option<MunicipalityKind>,
    pub state: Option<String>,
    pub version: Option<String>,
    pub language: String,
    pub years: Option<(i32, i32)>,
    pub description: Option<String>,
    /// Imprint: who publishes, whom to contact, the „Stand“ as written.
    pub publisher: Option<String>,
    pub contact: Option<String>,
    pub as_of: Option<String>,
    /// The term the report's own text uses (`terminology …`).
    pub terminology: Terminology,
    /// Whether the rulebook chose it (the lint checks titles only then).
    pub terminology_declared: bool,
    /// The chain of rulebooks this one extends, nearest first (display paths).
    pub extends: Vec<String>,
}

/// The German term for the population concept that the report's own text
/// uses (glossary, labels, assessment reasons); chosen per rulebook with
/// `terminology …`.
///
/// Why a choice and not one fixed word: the Federal Statistical Office
/// moved to „Einwanderungsgeschichte“ in 2023, but most municipal
/// sources (Melderegister, school statistics) still define
/// „Migrationshintergrund“, and a report should speak like its sources.
/// The default keeps the older term, which every shipped source uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Terminology {
    #[default]
    Migrationshintergrund,
    Einwanderungsgeschichte,
}

impl Terminology {
    /// The keywords `terminology` accepts, in the order the resolver
    /// suggests them.
    pub const KEYWORDS: [&'static str; 2] = ["einwanderungsgeschichte", "migrationshintergrund"];

    pub fn from_keyword(s: &str) -> Option<Terminology> {
        match s {
            "einwanderungsgeschichte" => Some(Terminology::Einwanderungsgeschichte),
            "migrationshintergrund" => Some(Terminology::Migrationshintergrund),
            _ => None,
        }
    }

    /// The term as a noun („Migrationshintergrund“, „migration background“).
    pub fn noun(self, german: bool) -> &'static str {
        match (self, german) {
            (Terminology::Migrationshintergrund, true) => "Migrationshintergrund",
            (Terminology::Einwanderungsgeschichte, true) => "Einwanderungsgeschichte",
            (Terminology::Migrationshintergrund, false) => "migration background",
            (Terminology::Einwanderungsgeschichte, false) => "immigration history",
        }
    }

    /// „Definitionen des Migrationshintergrunds“ / „der
    /// Einwanderungsgeschichte“: the genitive with its article.
    pub fn genitive(self) -> &'static str {
        match self {
            Terminology::Migrationshintergrund => "des Migrationshintergrunds",
            Terminology::Einwanderungsgeschichte => "der Einwanderungsgeschichte",
        }
    }
}
