//! `kimon init`: scaffolds a rulebook that extends the core set.
//!
//! A rulebook may only read inside its own directory tree, so the core is
//! copied into the new directory as the pinned core (`kern.kimon`) instead
//! of being referenced from elsewhere. Every source of the core is
//! redeclared to point at a data template in `daten/` (XLSX with drop-down
//! lists of the codes, or CSV), holding three example rows marked as such,
//! beside `daten/LIESMICH.md` that names every column, its meaning and its
//! codes. `check` warns while example rows are left in, so a scaffold can
//! never be published by mistake.
//!
//! The Land is asked for and written (`state`), never inherited from the
//! core, whose example city lies in Hessen.

use crate::diag::Diag;
use crate::model::{GroupRuleDef, LetBody, Model, MunicipalityKind, Source, SourceKind};
use std::path::{Path, PathBuf};

/// The core set shipped with this build of kimon.
pub const CORE_RULEBOOK: &str = include_str!("../../../rulebooks/kern.kimon");
/// File name of the pinned core inside a scaffolded directory.
pub const CORE_FILE: &str = "kern.kimon";
/// Folder of the data templates inside a scaffolded directory.
pub const DATA_DIR: &str = "daten";

/// Which kind of data template `kimon init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TemplateFormat {
    /// `.xlsx` with drop-down lists of the codes (the default: offices work in Excel).
    #[default]
    Xlsx,
    Csv,
}

impl TemplateFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TemplateFormat::Xlsx => "xlsx",
            TemplateFormat::Csv => "csv",
        }
    }
}

/// What `kimon init` is asked to create.
#[derive(Debug, Clone)]
pub struct InitRequest {
    pub kind: MunicipalityKind,
    /// The municipality's name, e.g. "Landkreis Musterkreis".
    pub name: String,
    /// The Land as the user wrote it (name or abbreviation); checked
    /// against the sixteen and written with its official name.
    pub land: String,
    /// Reporting years; `None`: the core's.
    pub years: Option<(i32, i32)>,
    pub format: TemplateFormat,
    pub dir: PathBuf,
}

impl InitRequest {
    /// A request with the core's years and XLSX templates.
    pub fn new(kind: MunicipalityKind, name: &str, land: &str, dir: PathBuf) -> Self {
        InitRequest {
            kind,
            name: name.into(),
            land: land.into(),
            years: None,
            format: TemplateFormat::Xlsx,
            dir,
        }
    }
}

/// Checks the Land against the sixteen and returns its official name.
pub fn land(input: &str) -> Result<&'static str, Box<Diag>> {
    super::laender::canonical(input).ok_or_else(|| {
        let list: Vec<&str> = super::laender::LAENDER.iter().map(|(n, _)| *n).collect();
        let help = match super::laender::suggest(input) {
            Some(s) => format!("did you mean `{s}`? The Länder: {}", list.join(", ")),
            None => format!("one of: {}", list.join(", ")),
        };
        Box::new(Diag::error("init-usage", format!("`{input}` is not one of the sixteen Länder")).help(help))
    })
}

/// The files written, in the order they were written.
#[derive(Debug, Clone, Default)]
pub struct InitReport {
    pub rulebook: PathBuf,
    pub files: Vec<PathBuf>,
}

/// A file name from a municipality's name: lower case, umlauts spelled out,
/// everything else that is not a letter or digit turned into `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
        }
    }
    let s = out.trim_matches('-').to_string();
    if s.is_empty() {
        "monitoring".into()
    } else {
        s
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> Box<Diag> {
    Box::new(Diag::error("init-io", format!("cannot write `{}`: {e}", path.display())))
}

/// Scaffolds the rulebook. Refuses (before writing anything) if any of the
/// files it would create already exists.
/// Errors are boxed: a `Diag` is large and the error path is rare.
pub fn init(req: &InitRequest) -> Result<InitReport, Box<Diag>> {
    if req.name.trim().is_empty() {
        let d = Diag::error("init-usage", "the municipality name is empty").help("pass `--name \"Stadt …\"`");
        return Err(Box::new(d));
    }
    let state = land(&req.land)?;
    if let Some((a, b)) = req.years {
        if a > b || !(1900..=2200).contains(&a) || !(1900..=2200).contains(&b) {
            let d = Diag::error("init-usage", format!("the years {a}..{b} are not a range of years"))
                .help("pass `--years 2019..2024` (first..last)");
            return Err(Box::new(d));
        }
    }
    let mut core_model = core_model()?;
    if req.years.is_some() {
        core_model.meta.years = req.years;
    }
    let ext = req.format.extension();
    let rulebook = req.dir.join(format!("{}.kimon", slug(&req.name)));
    let core_path = req.dir.join(CORE_FILE);
    let data_dir = req.dir.join(DATA_DIR);
    let mut templates: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for s in core_model.sources.values() {
        let bytes = match req.format {
            TemplateFormat::Csv => super::templates::csv_template(&core_model, s).into_bytes(),
            TemplateFormat::Xlsx => super::templates::xlsx_template(&core_model, s).map_err(|e| {
                Box::new(Diag::error("init-io", format!("cannot build the XLSX template of `{}`: {e}", s.id)))
            })?,
        };
        templates.push((data_dir.join(format!("{}.{ext}", s.id)), bytes));
    }
    let readme = super::templates::liesmich(&core_model, &req.name, ext);
    templates.push((data_dir.join("LIESMICH.md"), readme.into_bytes()));
    let mut planned: Vec<&Path> = vec![core_path.as_path(), rulebook.as_path()];
    planned.extend(templates.iter().map(|(p, _)| p.as_path()));
    if let Some(existing) = planned.iter().find(|p| p.exists()) {
        return Err(Box::new(
            Diag::error(
                "init-exists",
                format!("`{}` already exists; kimon init never overwrites files", existing.display()),
            )
            .help("choose an empty or new directory"),
        ));
    }
    std::fs::create_dir_all(&data_dir).map_err(|e| io_error(&data_dir, &e))?;
    let mut report = InitReport { rulebook: rulebook.clone(), files: Vec::new() };
    let mut write = |path: &Path, bytes: &[u8]| -> Result<(), Box<Diag>> {
        crate::output::write_atomic(path, bytes).map_err(|e| io_error(path, &e))?;
        report.files.push(path.to_path_buf());
        Ok(())
    };
    write(&core_path, CORE_RULEBOOK.as_bytes())?;
    let text = rulebook_text(req, state, &core_model);
    // In the one canonical layout, so `kimon fmt --check` passes at once.
    let text = kimon_grammar::format::format_source(&text).unwrap_or(text);
    write(&rulebook, text.as_bytes())?;
    for (path, bytes) in &templates {
        write(path, bytes)?;
    }
    Ok(report)
}

/// Resolves the shipped core from its text (no file is read), so that the
/// templates follow whatever the core's sources need.
fn core_model() -> Result<Model, Box<Diag>> {
    let dir = std::env::temp_dir();
    let policy = crate::load::AccessPolicy::with_roots(Vec::new());
    let loaded = crate::load::load_text(CORE_FILE, CORE_RULEBOOK.to_string(), &dir, &policy);
    let (model, diags) = crate::resolve::resolve(loaded);
    model.filter(|_| !diags.has_errors()).ok_or_else(|| {
        Box::new(Diag::error(
            "init-core",
            "the shipped core rulebook does not resolve; this is a bug in kimon",
        ))
    })
}

/// The CSV header a source of the core needs: year, area, weight, summed
/// columns and every column a filter or group rule reads (`let`s expanded to
/// the columns they read; rhai `let`s cannot be seen into and are skipped).
pub fn source_columns(model: &Model, source: &Source) -> Vec<String> {
    let mut names = vec![source.year_column.clone()];
    if let Some(w) = &source.weight {
        names.push(w.clone());
    }
    let add_agg = |a: &crate::model::AggregateDef, names: &mut Vec<String>| {
        if a.source != source.id {
            return false;
        }
        if let Some(c) = &a.column {
            if !names.contains(c) {
                names.push(c.clone());
            }
        }
        if let Some(f) = &a.filter {
            super::names_in(f, names);
        }
        true
    };
    for ind in model.indicators.values() {
        let mut uses = add_agg(&ind.numerator, &mut names);
        if let Some(d) = &ind.denominator {
            uses |= add_agg(d, &mut names);
        }
        if !uses {
            continue;
        }
        if let Some(area) = ind.area.as_ref().and_then(|a| model.areas.get(a)) {
            if !names.contains(&area.column) {
                names.push(area.column.clone());
            }
        }
        for dim in ind.dimensions.iter().filter_map(|d| model.dimensions.get(d)) {
            for g in &dim.groups {
                if let GroupRuleDef::When(e) = &g.rule {
                    super::names_in(e, &mut names);
                }
            }
        }
    }
    for check in model.checks.values() {
        if let Some(e) = &check.expect {
            e.walk(&mut |x| {
                if let kimon_grammar::ast::Expr::Aggregate(a) = x {
                    if a.source.name == source.id {
                        if let Some(c) = &a.column {
                            if !names.contains(&c.name) {
                                names.push(c.name.clone());
                            }
                        }
                        if let Some(f) = &a.filter {
                            super::names_in(f, &mut names);
                        }
                    }
                }
            });
        }
    }
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let expanded = match model.lets.get(&n).map(|l| &l.body) {
            Some(LetBody::Native(e)) => {
                let mut v = Vec::new();
                super::names_in(e, &mut v);
                v
            }
            Some(LetBody::Rhai { .. }) => Vec::new(),
            None => vec![n],
        };
        for n in expanded {
            let header = source.header_for(&n).to_string();
            if !out.contains(&header) {
                out.push(header);
            }
        }
    }
    out
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn rulebook_text(req: &InitRequest, state: &str, core: &Model) -> String {
    let (kind, area_title) = match req.kind {
        MunicipalityKind::City => ("city", "Stadtbezirk"),
        MunicipalityKind::County => ("county", "Gemeinde"),
        MunicipalityKind::Town => ("town", "Ortsteil"),
        MunicipalityKind::State => ("state", "Kreis"),
    };
    let mut t = String::new();
    t.push_str(&format!("// Integrationsmonitoring {}\n//\n", req.name));
    t.push_str("// Erzeugt mit `kimon init`. Das Regelwerk erweitert das Kernset, das als\n");
    t.push_str(&format!("// `{CORE_FILE}` neben dieser Datei liegt (festgeschriebene Fassung).\n"));
    t.push_str(&format!(
        "// Die Datenvorlagen in `{DATA_DIR}/` enthalten Beispielzeilen (Spalte `beispiel`);\n"
    ));
    t.push_str(&format!(
        "// `{DATA_DIR}/LIESMICH.md` erklärt jede Spalte und ihre Codes. Beispiele löschen,\n"
    ));
    t.push_str("// eigene Daten eintragen, dann `kimon check` und `kimon report`.\n\n");
    t.push_str(&format!("rulebook {} {{\n", quote(&format!("Integrationsmonitoring {}", req.name))));
    t.push_str(&format!("  municipality {}\n  kind {kind}\n", quote(&req.name)));
    t.push_str(&format!("  state {}\n", quote(state)));
    t.push_str("  version \"0.1\"\n  language de\n");
    if let Some((a, b)) = core.meta.years {
        t.push_str(&format!("  years {a}..{b}\n"));
    }
    t.push_str(&format!("  extends {}\n}}\n", quote(CORE_FILE)));
    t.push_str("\n// ------------------------------------------------------------------ Quellen\n");
    t.push_str("// Die Quellen des Kernsets, umgelenkt auf die eigenen Daten.\n");
    for s in core.sources.values() {
        t.push_str(&format!("\nsource {} {} {{\n", s.id, quote(&s.title)));
        let kind = match s.kind {
            SourceKind::Microdata => "microdata",
            SourceKind::Aggregate => "aggregate",
            SourceKind::Survey => "survey",
        };
        let file = format!("{DATA_DIR}/{}.{}", s.id, req.format.extension());
        t.push_str(&format!("  kind {kind}\n  file {}\n", quote(&file)));
        if s.year_column != "year" {
            t.push_str(&format!("  year_column {}\n", s.year_column));
        }
        for (logical, header) in &s.columns {
            t.push_str(&format!("  column {logical} = {}\n", quote(header)));
        }
        if let Some(w) = &s.weight {
            t.push_str(&format!("  weight {w}\n"));
        }
        if let Some(mh) = s.mh_definition {
            let word = serde_json::to_value(mh).ok().and_then(|v| v.as_str().map(str::to_string));
            if let Some(word) = word {
                t.push_str(&format!("  migration_background {word}\n"));
            }
        }
        t.push_str("}\n");
    }
    if let Some(area) = core.areas.values().next() {
        t.push_str("\n// ------------------------------------------------------------------ Gebiete\n");
        t.push_str("// Einheiten werden aus den Daten übernommen; mit `unit \"01\" \"Name\"` benennen.\n");
        t.push_str(&format!(
            "\narea {} {} {{\n  column {}\n  total {}\n}}\n",
            area.id,
            quote(area_title),
            area.column,
            quote(&req.name)
        ));
    }
    t.push_str(
        "\n// ------------------------------------------------------------------ Eigene Indikatoren\n",
    );
    t.push_str("// Beispiel für eine lokale Anpassung eines Kernindikators:\n");
    t.push_str("// override indicator einbuergerung {\n//   target value >= 3 % by 2030\n// }\n");
    t
}
