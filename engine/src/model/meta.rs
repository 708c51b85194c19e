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
    /// The chain of rulebooks this one extends, nearest first (display paths).
    pub extends: Vec<String>,
}
