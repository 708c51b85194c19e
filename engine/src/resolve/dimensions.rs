//! Dimensions (groups, derived groups, reference) and area hierarchies.

use super::collect::Collected;
use super::cx::{origin, Cx};
use crate::diag::Diag;
use crate::model::*;
use indexmap::IndexMap;
use kimon_grammar::ast::*;

pub fn dimensions(c: &Collected, cx: &mut Cx) -> IndexMap<String, Dimension> {
    let mut out = IndexMap::new();
    for (id, (file, d)) in &c.dimensions {
        let file = *file;
        let mut dim = Dimension {
            id: id.clone(),
            title: d.title.as_ref().map_or_else(|| id.clone(), |t| t.value.clone()),
            title_en: d.title_en.as_ref().map(|t| t.value.clone()),
            groups: Vec::new(),
            reference: None,
            description: None,
            origin: origin(file, d.id.span),
        };
        let mut reference: Option<&Ident> = None;
        let mut otherwise: Option<&Ident> = None;
        for p in &d.props {
            match &p.kind {
                DimensionProp::Group(g) => {
                    if let Some(prev) = dim.groups.iter().find(|x| x.id == g.id.name) {
                        cx.push(
                            Diag::error(
                                "duplicate",
                                format!("group `{}` is declared twice in dimension `{id}`", g.id.name),
                            )
                            .at(file, g.id.span, "second declaration")
                            .related(prev.origin.span, "first declared here"),
                        );
                        continue;
                    }
                    let rule = match &g.rule {
                        GroupRule::When(e) => GroupRuleDef::When(e.clone()),
                        GroupRule::Otherwise => {
                            if let Some(prev) = otherwise {
                                cx.push(
                                    Diag::error(
                                        "duplicate",
                                        format!("dimension `{id}` has two `otherwise` groups"),
                                    )
                                    .at(file, g.id.span, "second `otherwise`")
                                    .related(prev.span, "first `otherwise`"),
                                );
                            }
                            otherwise = Some(&g.id);
                            GroupRuleDef::Otherwise
                        }
                        GroupRule::Sum(parts) => {
                            GroupRuleDef::Sum(parts.iter().map(|p| p.name.clone()).collect())
                        }
                        GroupRule::Columns(cols) => {
                            let mut map = IndexMap::new();
                            for (name, col) in cols {
                                let key = name.as_ref().map_or_else(|| id.clone(), |n| n.name.clone());
                                if map.insert(key.clone(), col.value.clone()).is_some() {
                                    cx.error(
                                        "duplicate",
                                        format!("group `{}` names two columns for `{key}`", g.id.name),
                                        file,
                                        col.span,
                                        "second column",
                                    );
                                }
                            }
                            GroupRuleDef::Columns(map)
                        }
                    };
                    dim.groups.push(Group {
                        id: g.id.name.clone(),
                        title: g.title.as_ref().map_or_else(|| g.id.name.clone(), |t| t.value.clone()),
                        title_en: g.title_en.as_ref().map(|t| t.value.clone()),
                        rule,
                        origin: origin(file, g.id.span),
                    });
                }
                DimensionProp::Reference(r) => reference = Some(r),
                DimensionProp::Description(t) => dim.description = Some(t.value.clone()),
            }
        }
        // Derived groups may only sum base groups of the same dimension.
        for p in &d.props {
            let DimensionProp::Group(GroupDecl { rule: GroupRule::Sum(parts), id: gid, .. }) = &p.kind else {
                continue;
            };
            for part in parts {
                match dim.group(&part.name) {
                    None => {
                        let cands: Vec<&str> = dim.base_groups().map(|g| g.id.as_str()).collect();
                        cx.unknown(&format!("group of dimension `{id}`"), part, file, cands);
                    }
                    Some(g) if matches!(g.rule, GroupRuleDef::Sum(_)) => cx.push(
                        Diag::error(
                            "derived-of-derived",
                            format!("derived group `{}` sums the derived group `{}`", gid.name, part.name),
                        )
                        .at(file, part.span, "a derived group")
                        .help("list the base groups instead, so that no person is counted twice"),
                    ),
                    Some(_) => {}
                }
                if part.name == gid.name {
                    cx.error(
                        "invalid-value",
                        format!("group `{}` sums itself", gid.name),
                        file,
                        part.span,
                        "self reference",
                    );
                }
            }
        }
        super::wide::check_dimension(&dim, cx);
        if dim.base_groups().next().is_none() {
            cx.push(
                Diag::error("empty-dimension", format!("dimension `{id}` has no groups"))
                    .at(file, d.id.span, "no `group … when …`")
                    .help("add groups such as `group german \"Deutsche\" when citizenship == \"DE\"`"),
            );
        }
        if let Some(r) = reference {
            if dim.group(&r.name).is_some() {
                dim.reference = Some(r.name.clone());
            } else {
                let cands: Vec<&str> = dim.groups.iter().map(|g| g.id.as_str()).collect();
                let hint = kimon_grammar::suggest::did_you_mean(&r.name, cands.iter().copied());
                cx.push(
                    Diag::error(
                        "reference-not-a-group",
                        format!("reference group `{}` is not a group of dimension `{id}`", r.name),
                    )
                    .at(file, r.span, "not a group of this dimension")
                    .help(match hint {
                        Some(h) => format!("did you mean `{h}`?"),
                        None => format!("the groups are: {}", cands.join(", ")),
                    }),
                );
            }
        }
        out.insert(id.clone(), dim);
    }
    out
}

pub fn areas(c: &Collected, cx: &mut Cx) -> IndexMap<String, Area> {
    let mut out = IndexMap::new();
    for (id, (file, d)) in &c.areas {
        let mut area = Area {
            id: id.clone(),
            title: d.title.as_ref().map_or_else(|| id.clone(), |t| t.value.clone()),
            title_en: d.title_en.as_ref().map(|t| t.value.clone()),
            column: id.clone(),
            units: Vec::new(),
            total: None,
            total_code: None,
            total_code_origin: None,
            parents: None,
            geometry: None,
            description: None,
            origin: origin(*file, d.id.span),
        };
        for p in &d.props {
            match &p.kind {
                AreaProp::Column(c) => area.column = c.name.clone(),
                AreaProp::Unit(code, name) => {
                    if area.units.iter().any(|(c, _)| *c == code.value) {
                        cx.error(
                            "duplicate",
                            format!("unit `{}` is listed twice in area `{id}`", code.value),
                            *file,
                            code.span,
                            "second listing",
                        );
                        continue;
                    }
                    let name = name.as_ref().map_or_else(|| code.value.clone(), |n| n.value.clone());
                    area.units.push((code.value.clone(), name));
                }
                AreaProp::Total(t) => area.total = Some(t.value.clone()),
                AreaProp::TotalFrom(t) if t.value.trim().is_empty() => cx.error(
                    "invalid-value",
                    "`total from` needs the code of the total's rows".to_string(),
                    *file,
                    t.span,
                    "empty code",
                ),
                AreaProp::TotalFrom(t) => {
                    area.total_code = Some(t.value.trim().to_string());
                    area.total_code_origin = Some(crate::model::Origin { file: *file, span: t.span });
                }
                AreaProp::Parents(t) => {
                    let Some(base_dir) = relative_file(cx, *file, t, "key file") else { continue };
                    area.parents = Some(crate::model::KeyFileDef {
                        file: t.value.clone(),
                        base_dir,
                        origin: origin(*file, t.span),
                    });
                }
                AreaProp::Geometry(t, key) => {
                    if area.geometry.is_some() {
                        cx.error(
                            "duplicate",
                            format!("area `{id}` names a geometry file twice"),
                            *file,
                            t.span,
                            "second `geometry`",
                        );
                        continue;
                    }
                    if let Some(k) = key.as_ref().filter(|k| k.value.trim().is_empty()) {
                        cx.push(
                            Diag::error("geometry-key", "the `key` of a geometry file may not be empty")
                                .at(*file, k.span, "empty")
                                .help(
                                    "name the feature property holding the unit codes, e.g. `key \"code\"`",
                                ),
                        );
                        continue;
                    }
                    let Some(base_dir) = relative_file(cx, *file, t, "geometry file") else { continue };
                    area.geometry = Some(crate::model::GeometryDef {
                        file: t.value.clone(),
                        base_dir,
                        key: key.as_ref().map_or_else(|| "code".to_string(), |k| k.value.clone()),
                        origin: origin(*file, t.span),
                    });
                }
                AreaProp::Description(t) => area.description = Some(t.value.clone()),
            }
        }
        if let (Some(g), true) = (&area.geometry, area.units.is_empty()) {
            cx.push(
                Diag::error(
                    "geometry-without-units",
                    format!("area `{id}` has a geometry file but no declared units"),
                )
                .at(g.origin.file, g.origin.span, "geometry named here")
                .help("a map is checked against the declared units: list them with `unit \"01\" \"Name\"`"),
            );
        }
        out.insert(id.clone(), area);
    }
    out
}

/// A file named in an area (key file, geometry): a relative path below the
/// rulebook's directory, as data files. Returns the directory it is looked
/// up in, or reports the path and returns `None`.
fn relative_file(
    cx: &mut Cx,
    file: crate::diag::FileId,
    t: &kimon_grammar::ast::Text,
    what: &str,
) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(&t.value);
    let escapes =
        path.is_absolute() || path.components().any(|c| !matches!(c, std::path::Component::Normal(_)));
    if escapes || t.value.is_empty() {
        let code = if what == "key file" { "key-file-path" } else { "geometry-path" };
        cx.error(
            code,
            format!("the {what} `{}` must be a relative path below the rulebook's directory", t.value),
            file,
            t.span,
            "absolute, empty or with `..`",
        );
        return None;
    }
    Some(cx.sources.get(file).and_then(|f| f.path.parent().map(|p| p.to_path_buf())).unwrap_or_default())
}

/// `total from` marks rows of a column read from the file. A computed
/// (`let`) column is only known inside the pass, after the rows have been
/// summed, so its total rows would be counted silently: refuse it.
pub fn total_from_needs_a_file_column(
    areas: &IndexMap<String, Area>,
    lets: &IndexMap<String, crate::model::LetDef>,
    cx: &mut Cx,
) {
    for area in areas.values() {
        let (Some(code), Some(origin)) = (&area.total_code, &area.total_code_origin) else {
            continue;
        };
        if lets.contains_key(&area.column) {
            cx.push(
                crate::diag::Diag::error(
                    "total-from-computed-column",
                    format!(
                        "`total from \"{code}\"` in area `{}` needs a column read from the file, but `{}` is computed by `let`",
                        area.id, area.column
                    ),
                )
                .at(origin.file, origin.span, "on a computed column")
                .help("declare the total's rows with `total_rows` on the source, or give the area a column of the file (`column …`)"),
            );
        }
    }
}
