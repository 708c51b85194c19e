use super::Origin;
use kimon_grammar::ast::Expr;
use serde::Serialize;

/// A differentiation characteristic (Differenzierungsmerkmal) with its
/// groups and reference group.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub id: String,
    pub title: String,
    /// English title (`en "…"`), used instead of `title` for English output.
    pub title_en: Option<String>,
    pub groups: Vec<Group>,
    pub reference: Option<String>,
    pub description: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub title: String,
    /// English title (`en "…"`), used instead of `title` for English output.
    pub title_en: Option<String>,
    pub rule: GroupRuleDef,
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub enum GroupRuleDef {
    When(Expr),
    Otherwise,
    /// A derived group: the sum of other groups (any = own + parents).
    Sum(Vec<String>),
    /// A group over columns of a wide table: value name → the column
    /// holding this group's value (the short form `column "X"` names its
    /// value like the dimension).
    Columns(indexmap::IndexMap<String, String>),
}

impl Dimension {
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Groups a row can fall into directly (not derived).
    pub fn base_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|g| !matches!(g.rule, GroupRuleDef::Sum(_)))
    }

    /// Whether the base groups cover every row, so that they sum to the
    /// total (an `otherwise` group guarantees it).
    pub fn is_exhaustive(&self) -> bool {
        self.groups.iter().any(|g| matches!(g.rule, GroupRuleDef::Otherwise))
    }

    /// Whether the groups are columns of a wide table (`column "…"`).
    pub fn is_wide(&self) -> bool {
        self.groups.iter().any(|g| matches!(g.rule, GroupRuleDef::Columns(_)))
    }

    /// The value names of a wide dimension (`einwohner`, `sgb2`, or the
    /// dimension's own name for the short form), in declaration order.
    pub fn wide_values(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for g in &self.groups {
            if let GroupRuleDef::Columns(cols) = &g.rule {
                for k in cols.keys() {
                    if !out.contains(k) {
                        out.push(k.clone());
                    }
                }
            }
        }
        out
    }

    pub fn title_of(&self, group: &str) -> String {
        self.group(group).map_or_else(|| group.to_string(), |g| g.title.clone())
    }
}

/// An area hierarchy: units (districts, member towns) summing to a total.
#[derive(Debug, Clone, Serialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    /// English title (`en "…"`), used instead of `title` for English output.
    pub title_en: Option<String>,
    pub column: String,
    /// Declared units (code, name). Empty: units are discovered in the data.
    pub units: Vec<(String, String)>,
    /// Name of the total (city, county); `None` if no total is published.
    pub total: Option<String>,
    /// `total from "K030"`: the code of the published total's rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_code: Option<String>,
    /// Where `total from` was written (for diagnostics about it).
    #[serde(skip)]
    pub total_code_origin: Option<Origin>,
    /// A key file mapping the codes of `column` to this area's units.
    pub parents: Option<KeyFileDef>,
    /// A GeoJSON file of the units, for the report's maps.
    pub geometry: Option<GeometryDef>,
    pub description: Option<String>,
    pub origin: Origin,
}

/// `geometry "bezirke.geojson" key "code"` in an area: the file as
/// written, where it is looked up (the directory of the rulebook that names
/// it), the feature property holding the unit code, and where it was
/// declared (for diagnostics about the file's content).
#[derive(Debug, Clone, Serialize)]
pub struct GeometryDef {
    pub file: String,
    #[serde(skip)]
    pub base_dir: std::path::PathBuf,
    pub key: String,
    pub origin: Origin,
}

/// `parents "key.csv"` in an area: the file as written, where it is looked
/// up (the rulebook's directory) and where it was declared.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFileDef {
    pub file: String,
    #[serde(skip)]
    pub base_dir: std::path::PathBuf,
    pub origin: Origin,
}

impl Area {
    pub fn unit_name(&self, code: &str) -> String {
        self.units.iter().find(|(c, _)| c == code).map_or_else(|| code.to_string(), |(_, n)| n.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Steerability {
    Yes,
    Partly,
    No,
}

impl Steerability {
    pub fn german(self) -> &'static str {
        match self {
            Steerability::Yes => "kommunal steuerbar",
            Steerability::Partly => "teilweise kommunal steuerbar",
            Steerability::No => "kommunal nicht steuerbar (nur Beobachtung)",
        }
    }
}

/// A field of action (Handlungsfeld).
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub id: String,
    pub title: String,
    /// English title (`en "…"`), used instead of `title` for English output.
    pub title_en: Option<String>,
    pub steerable: Steerability,
    pub description: Option<String>,
    pub origin: Origin,
}
