//! Resolution of the simple declarations: rulebook metadata, sources,
//! fields, `let` definitions and plausibility checks.

use super::collect::Collected;
use super::cx::{origin, Cx};
use crate::model::*;
use indexmap::IndexMap;
use kimon_grammar::ast::*;

pub fn meta(c: &Collected, cx: &mut Cx) -> Meta {
    let mut meta = Meta {
        name: String::new(),
        municipality: None,
        kind: None,
        state: None,
        version: None,
        language: "de".into(),
        years: None,
        description: None,
        publisher: None,
        contact: None,
        as_of: None,
        terminology: Terminology::default(),
        terminology_declared: false,
        extends: c.extends.iter().map(|f| cx.sources.display(*f).to_string()).collect(),
    };
    // Rulebooks are ordered local first; the first value of each attribute wins.
    let mut seen_name = false;
    for (file, rb) in &c.rulebooks {
        if !seen_name {
            meta.name = rb.name.value.clone();
            seen_name = true;
        }
        for p in &rb.props {
            match &p.kind {
                RulebookProp::Municipality(t) => {
                    meta.municipality.get_or_insert_with(|| t.value.clone());
                }
                RulebookProp::Kind(k) => {
                    if meta.kind.is_none() {
                        meta.kind = cx.keyword(
                            "municipality kind",
                            k,
                            *file,
                            &["city", "county", "town", "state"],
                            |s| match s {
                                "city" => Some(MunicipalityKind::City),
                                "county" => Some(MunicipalityKind::County),
                                "town" => Some(MunicipalityKind::Town),
                                "state" => Some(MunicipalityKind::State),
                                _ => None,
                            },
                        );
                    }
                }
                RulebookProp::State(t) => {
                    meta.state.get_or_insert_with(|| t.value.clone());
                }
                RulebookProp::Version(t) => {
                    meta.version.get_or_insert_with(|| t.value.clone());
                }
                RulebookProp::Language(l) => {
                    if cx
                        .keyword("language", l, *file, &["de", "en"], |s| {
                            matches!(s, "de" | "en").then_some(())
                        })
                        .is_some()
                    {
                        meta.language = l.name.clone();
                    }
                }
                RulebookProp::Years(a, b) => {
                    if a.value > b.value {
                        cx.error(
                            "invalid-value",
                            "the year range runs backwards",
                            *file,
                            p.span,
                            "first year after last year",
                        );
                    } else if meta.years.is_none() {
                        meta.years = Some((a.value as i32, b.value as i32));
                    }
                }
                RulebookProp::Extends(..) => {}
                RulebookProp::Description(t) => {
                    meta.description.get_or_insert_with(|| t.value.clone());
                }
                RulebookProp::Publisher(t) => {
                    meta.publisher.get_or_insert_with(|| t.value.clone());
                }
                RulebookProp::Contact(t) => {
                    meta.contact.get_or_insert_with(|| t.value.clone());
                }
                RulebookProp::AsOf(t) => {
                    meta.as_of.get_or_insert_with(|| t.value.clone());
                }
                RulebookProp::Terminology(t) => {
                    let chosen = cx.keyword(
                        "terminology",
                        t,
                        *file,
                        &Terminology::KEYWORDS,
                        Terminology::from_keyword,
                    );
                    if let (Some(chosen), false) = (chosen, meta.terminology_declared) {
                        meta.terminology = chosen;
                        meta.terminology_declared = true;
                    }
                }
            }
        }
    }
    meta
}

pub fn sources(c: &Collected, cx: &mut Cx) -> IndexMap<String, Source> {
    let mut out = IndexMap::new();
    for (id, (file, d)) in &c.sources {
        let mut s = Source {
            id: id.clone(),
            title: d.title.as_ref().map_or_else(|| id.clone(), |t| t.value.clone()),
            title_en: d.title_en.as_ref().map(|t| t.value.clone()),
            kind: SourceKind::Microdata,
            file: String::new(),
            database: None,
            base_dir: cx
                .sources
                .get(*file)
                .and_then(|f| f.path.parent().map(|p| p.to_path_buf()))
                .unwrap_or_default(),
            mh_definition: None,
            year_column: "year".into(),
            weight: None,
            columns: IndexMap::new(),
            series_breaks: Vec::new(),
            description: None,
            confidential: true,
            format: Default::default(),
            origin: origin(*file, d.id.span),
        };
        let mut member_exports = None;
        let mut place =
            super::database::Where { file: None, database: None, table: None, id_span: d.id.span };
        for p in &d.props {
            match &p.kind {
                SourceProp::Kind(k) => {
                    if let Some(kind) = cx.keyword(
                        "source kind",
                        k,
                        *file,
                        &["microdata", "aggregate", "survey", "member_exports"],
                        |s| match s {
                            "microdata" => Some((SourceKind::Microdata, false)),
                            "aggregate" => Some((SourceKind::Aggregate, false)),
                            "survey" => Some((SourceKind::Survey, false)),
                            // The member towns' exports are read as one
                            // aggregate table (see `data::members`).
                            "member_exports" => Some((SourceKind::Aggregate, true)),
                            _ => None,
                        },
                    ) {
                        s.kind = kind.0;
                        if kind.1 {
                            member_exports = Some(k.span);
                        }
                    }
                }
                SourceProp::File(t) => {
                    s.file = t.value.clone();
                    place.file = Some(t);
                }
                SourceProp::Database(t) => place.database = Some(t),
                SourceProp::Table(t) => place.table = Some(t),
                SourceProp::MigrationBackground(m) => {
                    s.mh_definition = cx.keyword(
                        "migration-background definition",
                        m,
                        *file,
                        MhDefinition::all(),
                        MhDefinition::parse,
                    );
                }
                SourceProp::YearColumn(i) => s.year_column = i.name.clone(),
                SourceProp::Weight(i) => s.weight = Some(i.name.clone()),
                SourceProp::Column(logical, header) => {
                    s.columns.insert(logical.name.clone(), header.value.clone());
                }
                SourceProp::SeriesBreak(y, reason) => s.series_breaks.push(SeriesBreak {
                    year: y.value as i32,
                    reason: reason.as_ref().map(|r| r.value.clone()),
                }),
                SourceProp::Confidential(c) => {
                    if let Some(v) = cx.keyword("confidentiality", c, *file, &["yes", "no"], |s| match s {
                        "yes" => Some(true),
                        "no" => Some(false),
                        _ => None,
                    }) {
                        s.confidential = v;
                    }
                }
                SourceProp::Description(t) => s.description = Some(t.value.clone()),
                SourceProp::Measure(column, kinds) => {
                    super::source_settings::measure(&mut s.format, column, kinds, *file, cx)
                }
                SourceProp::YearsInColumns(name) => s.format.years_in_columns = Some(name.name.clone()),
                SourceProp::Setting(key, values) => {
                    super::source_settings::apply(&mut s.format, key, values, *file, p.span, cx)
                }
            }
        }
        super::source_settings::apply_layout(&mut s);
        if super::members::resolve(&mut s, member_exports, &place, *file, cx) {
            super::database::resolve(&mut s, &place, *file, cx);
        }
        if s.kind == SourceKind::Survey && s.weight.is_none() {
            cx.push(
                crate::diag::Diag::warning(
                    "survey-without-weight",
                    format!("survey source `{id}` has no weight column"),
                )
                .at(*file, d.id.span, "unweighted survey")
                .help("add `weight <column>` so shares are computed from weighted sums"),
            );
        }
        out.insert(id.clone(), s);
    }
    out
}

pub fn fields(c: &Collected, cx: &mut Cx) -> IndexMap<String, Field> {
    let mut out = IndexMap::new();
    for (id, (file, d)) in &c.fields {
        let mut f = Field {
            id: id.clone(),
            title: d.title.as_ref().map_or_else(|| id.clone(), |t| t.value.clone()),
            title_en: d.title_en.as_ref().map(|t| t.value.clone()),
            steerable: Steerability::Yes,
            description: None,
            origin: origin(*file, d.id.span),
        };
        for p in d.props.iter().flatten() {
            match &p.kind {
                FieldProp::Steerable(s) => {
                    if let Some(v) =
                        cx.keyword("steerability", s, *file, &["yes", "partly", "no"], |s| match s {
                            "yes" => Some(Steerability::Yes),
                            "partly" => Some(Steerability::Partly),
                            "no" => Some(Steerability::No),
                            _ => None,
                        })
                    {
                        f.steerable = v;
                    }
                }
                FieldProp::Description(t) => f.description = Some(t.value.clone()),
            }
        }
        out.insert(id.clone(), f);
    }
    out
}

/// `let` definitions. rhai scripts are compiled here (with the names they
/// mention as variables) so syntax errors show up in `kimon check`; the
/// evaluation compiles them again against the real columns.
pub fn lets(c: &Collected, cx: &mut Cx) -> IndexMap<String, LetDef> {
    let sandbox = crate::sandbox::Sandbox::new(crate::sandbox::SandboxLimits::default());
    c.lets
        .iter()
        .map(|(name, (file, d))| {
            let body = match &d.value {
                LetValue::Native(e) => LetBody::Native(e.clone()),
                LetValue::Rhai(t) => {
                    let names = crate::eval::referenced_rhai_names(&t.value);
                    let vars: Vec<&str> = names.iter().map(String::as_str).collect();
                    if let Err(e) = sandbox.compile(&t.value, &vars) {
                        cx.push(crate::eval::script_compile_diag(&e, *file, t.span, name));
                    }
                    LetBody::Rhai { code: t.value.clone(), code_span: t.span }
                }
            };
            (name.clone(), LetDef { name: name.clone(), body, origin: origin(*file, d.name.span) })
        })
        .collect()
}

pub fn checks(c: &Collected, model: &Model, cx: &mut Cx) -> IndexMap<String, Check> {
    let mut out = IndexMap::new();
    for (id, (file, d)) in &c.checks {
        let mut check = Check {
            id: id.clone(),
            title: d.title.as_ref().map_or_else(|| id.clone(), |t| t.value.clone()),
            title_en: d.title_en.as_ref().map(|t| t.value.clone()),
            expect: None,
            by: Vec::new(),
            tolerance: 0.0,
            severity: CheckSeverity::Warning,
            description: None,
            origin: origin(*file, d.id.span),
        };
        for p in &d.props {
            match &p.kind {
                CheckProp::Expect(e) => {
                    super::indicators::check_aggregates_in(e, model, *file, cx);
                    check.expect = Some(e.clone());
                }
                CheckProp::By(list) => {
                    for i in list {
                        if model.areas.contains_key(&i.name) || model.dimensions.contains_key(&i.name) {
                            check.by.push(i.name.clone());
                        } else {
                            let cands: Vec<&str> = model
                                .areas
                                .keys()
                                .chain(model.dimensions.keys())
                                .map(String::as_str)
                                .collect();
                            cx.unknown("area or dimension", i, *file, cands);
                        }
                    }
                }
                CheckProp::Tolerance(q) => check.tolerance = q.value,
                CheckProp::Severity(s) => {
                    if let Some(v) =
                        cx.keyword("check severity", s, *file, &["error", "warning"], |s| match s {
                            "error" => Some(CheckSeverity::Error),
                            "warning" => Some(CheckSeverity::Warning),
                            _ => None,
                        })
                    {
                        check.severity = v;
                    }
                }
                CheckProp::Description(t) => check.description = Some(t.value.clone()),
            }
        }
        if check.expect.is_none() {
            cx.error(
                "missing-attribute",
                format!("check `{id}` has no `expect`"),
                *file,
                d.id.span,
                "nothing to check",
            );
        }
        out.insert(id.clone(), check);
    }
    out
}
