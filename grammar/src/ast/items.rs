use super::{Aggregate, Expr, Ident, Int, Literal, Quantity, Span, Text};
use serde::Serialize;

/// One parsed rulebook file. Items and their properties stay in source order
/// so the formatter can print them back, comments included, without moving
/// anything the author placed deliberately.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct File {
    pub items: Vec<Item>,
    /// Every `"…" en "…"` pair of the file (titles and texts): the German
    /// text and its English version, in file order. English output swaps
    /// them; the declarations themselves keep one language.
    pub english: Vec<(Text, Text)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    Rulebook(RulebookDecl),
    Import(ImportDecl),
    Source(SourceDecl),
    Dimension(DimensionDecl),
    Area(AreaDecl),
    Field(FieldDecl),
    Indicator(IndicatorDecl),
    Check(CheckDecl),
    Privacy(SettingsDecl),
    Assessment(SettingsDecl),
    Let(LetDecl),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Rulebook(d) => d.span,
            Item::Import(d) => d.span,
            Item::Source(d) => d.span,
            Item::Dimension(d) => d.span,
            Item::Area(d) => d.span,
            Item::Field(d) => d.span,
            Item::Indicator(d) => d.span,
            Item::Check(d) => d.span,
            Item::Privacy(d) | Item::Assessment(d) => d.span,
            Item::Let(d) => d.span,
        }
    }
}

/// A property together with its span, so diagnostics and comments can be
/// attached to the exact line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prop<T> {
    pub kind: T,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulebookDecl {
    pub name: Text,
    pub props: Vec<Prop<RulebookProp>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RulebookProp {
    Municipality(Text),
    Kind(Ident),
    State(Text),
    Version(Text),
    Language(Ident),
    Years(Int, Int),
    /// `extends "core.kimon"`, optionally pinned to the exact bytes read.
    Extends(Text, Option<Pin>),
    Description(Text),
    /// Who publishes the report (imprint).
    Publisher(Text),
    /// Contact for questions and accessibility barriers (imprint).
    Contact(Text),
    /// The „Stand“ of the report as written, e.g. "31. März 2025".
    AsOf(Text),
    /// `terminology einwanderungsgeschichte`: the term the report uses.
    Terminology(Ident),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportDecl {
    pub path: Text,
    pub pin: Option<Pin>,
    pub span: Span,
}

/// `version "2025.1" sha256 "…"` after an `extends` or `import`: the file
/// read must have exactly this SHA-256 (checked on its bytes before it is
/// parsed) and, if a version is given, declare this `version`. A pin holds
/// only the hash, never the pinned text; `kimon pin` keeps a copy of the
/// pinned text so a later mismatch can be shown as a semantic diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pin {
    pub version: Option<Text>,
    pub sha256: Text,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceDecl {
    pub id: Ident,
    pub title: Option<Text>,
    /// The English title (`en "…"` after the title), for English reports.
    pub title_en: Option<Text>,
    pub props: Vec<Prop<SourceProp>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SourceProp {
    Kind(Ident),
    File(Text),
    /// `database "postgres://host/db"`: the server holding the microdata
    /// (credentials come from the environment, never from the rulebook).
    Database(Text),
    /// `table "melderegister"`: the table (or `schema.table`) to count in.
    Table(Text),
    MigrationBackground(Ident),
    YearColumn(Ident),
    Weight(Ident),
    Column(Ident, Text),
    SeriesBreak(Int, Option<Text>),
    /// `confidential yes|no`: `no` for tables the statistics office has
    /// already published (validated in the resolver).
    Confidential(Ident),
    Description(Text),
    /// How the file is written (`encoding`, `decimal`, `thousands`,
    /// `total_rows`, `missing`, `year`, `school_year`): the key and its
    /// values as written (strings unescaped, numbers and words verbatim).
    Setting(Ident, Vec<FileSettingValue>),
    /// `measure column <column> { <kind> "label", …; … }`: which rows of a
    /// long table hold counts and which published rates.
    Measure(Ident, Vec<(Ident, Vec<Text>)>),
    /// `years in columns as <name>`: one column per year, read as `<name>`.
    YearsInColumns(Ident),
}

/// One value of a source setting; `quoted` tells `"2021"` from `2021` so the
/// formatter prints it back as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSettingValue {
    pub value: String,
    pub quoted: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionDecl {
    pub id: Ident,
    pub title: Option<Text>,
    /// The English title (`en "…"` after the title), for English reports.
    pub title_en: Option<Text>,
    pub props: Vec<Prop<DimensionProp>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DimensionProp {
    Group(GroupDecl),
    Reference(Ident),
    Description(Text),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDecl {
    pub id: Ident,
    pub title: Option<Text>,
    /// The English title (`en "…"` after the title), for English reports.
    pub title_en: Option<Text>,
    pub rule: GroupRule,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum GroupRule {
    When(Expr),
    Otherwise,
    Sum(Vec<Ident>),
    /// Groups over columns of a wide table: per value name (`None` for the
    /// short form `column "X"`, whose value is named like the dimension)
    /// the column holding this group's value.
    Columns(Vec<(Option<Ident>, Text)>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaDecl {
    pub id: Ident,
    pub title: Option<Text>,
    /// The English title (`en "…"` after the title), for English reports.
    pub title_en: Option<Text>,
    pub props: Vec<Prop<AreaProp>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum AreaProp {
    Column(Ident),
    Unit(Text, Option<Text>),
    Total(Text),
    /// `total from "K030"`: the code of the rows holding the published
    /// total of the area.
    TotalFrom(Text),
    /// `parents "key.csv"`: the area's units are the parents of the codes
    /// in `column`, looked up in a key file with the columns `code,parent`.
    Parents(Text),
    /// `geometry "bezirke.geojson" key "code"`: a GeoJSON file of the
    /// units for the report's maps and the feature property holding the
    /// unit code (`None`: `code`).
    Geometry(Text, Option<Text>),
    Description(Text),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldDecl {
    pub id: Ident,
    pub title: Option<Text>,
    /// The English title (`en "…"` after the title), for English reports.
    pub title_en: Option<Text>,
    /// `None` when the field was written without braces.
    pub props: Option<Vec<Prop<FieldProp>>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum FieldProp {
    Steerable(Ident),
    Description(Text),
}

/// An indicator, or with `is_override` a local override of an imported one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorDecl {
    pub is_override: bool,
    pub id: Ident,
    pub title: Option<Text>,
    /// The English title (`en "…"` after the title), for English reports.
    pub title_en: Option<Text>,
    pub props: Vec<Prop<IndicatorProp>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum IndicatorProp {
    Field(Ident),
    Core(Option<bool>),
    Purpose(Text),
    Audience(Vec<Ident>),
    Unit(Ident),
    Polarity(Ident),
    Numerator(Aggregate),
    Denominator(Aggregate),
    By(Vec<Ident>),
    Compare(Ident, Option<Ident>),
    Target(TargetDecl),
    Thresholds(ThresholdsDecl),
    Note(Text),
    Definition(Text),
    Privacy(Vec<Prop<Setting>>),
    /// `adopted from "peer.kimon" version "…" sha256 "…"`: where the
    /// indicator was taken over from (`kimon adopt`); a record, not a
    /// reference — the peer file is never read again.
    Adopted(Text, Pin),
}

impl IndicatorProp {
    /// The attribute name, used to apply overrides attribute by attribute.
    pub fn attribute(&self) -> &'static str {
        match self {
            IndicatorProp::Field(_) => "field",
            IndicatorProp::Core(_) => "core",
            IndicatorProp::Purpose(_) => "purpose",
            IndicatorProp::Audience(_) => "audience",
            IndicatorProp::Unit(_) => "unit",
            IndicatorProp::Polarity(_) => "polarity",
            IndicatorProp::Numerator(_) => "numerator",
            IndicatorProp::Denominator(_) => "denominator",
            IndicatorProp::By(_) => "by",
            IndicatorProp::Compare(..) => "compare",
            IndicatorProp::Target(_) => "target",
            IndicatorProp::Thresholds(_) => "thresholds",
            IndicatorProp::Note(_) => "note",
            IndicatorProp::Definition(_) => "definition",
            IndicatorProp::Privacy(_) => "privacy",
            IndicatorProp::Adopted(..) => "adopted",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SubjectKind {
    Value,
    Gap,
    Ratio,
}

impl SubjectKind {
    pub fn keyword(self) -> &'static str {
        match self {
            SubjectKind::Value => "value",
            SubjectKind::Gap => "gap",
            SubjectKind::Ratio => "ratio",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            CmpOp::Lt => left < right,
            CmpOp::Le => left <= right,
            CmpOp::Gt => left > right,
            CmpOp::Ge => left >= right,
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
        }
    }
}

/// `target gap(foreign, german) <= 2 pp by 2027`
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetDecl {
    pub subject: SubjectKind,
    pub groups: Vec<Ident>,
    pub op: CmpOp,
    pub bound: Quantity,
    pub year: Option<Int>,
    pub span: Span,
}

/// `thresholds gap { strength <= 0.5 pp; need_for_action > 3 pp }`
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdsDecl {
    pub subject: SubjectKind,
    pub bands: Vec<Band>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub class: Ident,
    pub op: CmpOp,
    pub bound: Quantity,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckDecl {
    pub id: Ident,
    pub title: Option<Text>,
    /// The English title (`en "…"` after the title), for English reports.
    pub title_en: Option<Text>,
    pub props: Vec<Prop<CheckProp>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CheckProp {
    Expect(Expr),
    By(Vec<Ident>),
    Tolerance(Quantity),
    Severity(Ident),
    Description(Text),
}

/// A `privacy { … }` or `assessment { … }` block: key–value settings whose
/// keys the resolver checks, so a misspelt key gets a did-you-mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingsDecl {
    pub settings: Vec<Prop<Setting>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    pub key: Ident,
    pub value: SettingValue,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SettingValue {
    Quantity(Quantity),
    Literal(Literal),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetDecl {
    pub name: Ident,
    pub value: LetValue,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum LetValue {
    Native(Expr),
    Rhai(Text),
}
