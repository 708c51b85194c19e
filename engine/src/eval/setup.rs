//! Orchestrates an evaluation: resolve data paths under the access policy,
//! read headers, plan, stream, build cubes, assemble indicator tables.

use super::cube::{self, Cube};
use super::pass::{self, Control};
use super::plan::SourcePlan;
use super::scan::referenced_names;
use super::{issues, Evaluation, IndicatorTable, RawCell, SourceStats};
use crate::data::reader::read_header;
use crate::diag::{Diag, Diags};
use crate::model::*;
use crate::sandbox::{Sandbox, SandboxLimits};
use crate::session::Options;
use indexmap::IndexMap;
use kimon_grammar::ast::Expr;
use std::time::Instant;

/// (source id, table index in that source's plan)
type TableRef = (String, usize);

/// An aggregate in a check: (check id, position in the rulebook, the
/// aggregate, the check's dimensions, the check's area).
type CheckAggregate = (String, usize, AggregateDef, Vec<String>, Option<String>);

struct Planned {
    plans: IndexMap<String, SourcePlan>,
    /// indicator → (numerator table, denominator table)
    indicator_tables: IndexMap<String, (TableRef, Option<TableRef>)>,
    /// check id → aggregate span start → table
    check_tables: IndexMap<String, Vec<(usize, TableRef)>>,
}

pub fn evaluate(
    model: &Model,
    opts: &Options,
    control: &Control,
    ledger: Option<&crate::ledger::Ledger>,
) -> Result<Evaluation, Diags> {
    let sandbox = Sandbox::new(SandboxLimits::default());
    let mut errors: Vec<Diag> = Vec::new();
    let mut planned = plan_all(model, opts, &sandbox, &mut errors, false);
    if !errors.is_empty() {
        return Err(Diags { items: errors });
    }
    let mut ledger_views = IndexMap::new();
    if let Some(ledger) = ledger {
        for (id, plan) in planned.plans.iter_mut() {
            let view = std::sync::Arc::new(ledger.view_for(id, &plan.display));
            plan.ledger = Some(std::sync::Arc::clone(&view));
            ledger_views.insert(id.clone(), view);
        }
    }
    let mut results = IndexMap::new();
    let mut stats = Vec::new();
    let mut notes = SourceNotes::default();
    let mut atoms = IndexMap::new();
    for (id, plan) in &planned.plans {
        let started = Instant::now();
        if model.sources.get(id).is_some_and(|s| s.database.is_some()) {
            // Counted in the database: only the atom table comes back.
            let (mut result, warns) = super::pushdown::run::evaluate_source(model, plan, control)?;
            let notices = super::notices::undeclared_codes(plan, &result, model);
            notes.route(plan, warns, notices);
            stats.push(SourceStats {
                source: id.clone(),
                file: plan.display.clone(),
                rows: result.rows,
                bytes: 0,
                seconds: started.elapsed().as_secs_f64(),
            });
            let (source_atoms, _) = std::mem::take(&mut result.atoms).finish(plan, &result.dicts);
            atoms.insert(id.clone(), source_atoms);
            results.insert(id.clone(), result);
            continue;
        }
        let parquet = plan.prepared.as_ref().is_some_and(|p| p.parquet);
        let header = match stream_header(&plan.path, parquet) {
            Ok(h) => h,
            Err(e) => return Err(data_error(model, id, &plan.display, e, parquet)),
        };
        let run = if parquet {
            super::parquet_pass::run(plan, model.meta.years, &sandbox, control)
        } else {
            pass::run(plan, &header, model.meta.years, &sandbox, control)
        };
        let mut result = match run {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                return Err(Diags { items: vec![Diag::error("cancelled", "evaluation cancelled")] })
            }
            Err(e) => return Err(data_error(model, id, &plan.display, e, parquet)),
        };
        if let Some(prepared) = &plan.prepared {
            if let Some((before, now)) = prepared.changed() {
                return Err(Diags {
                    items: vec![super::data_diags::changed(model, id, &plan.display, &before, &now)],
                });
            }
            notes.warnings.extend(prepared.notes.iter().cloned());
            if prepared.guessed {
                notes.warnings.extend(super::data_diags::encoding_guessed(model, id, &plan.display));
            }
        }
        let (mut errs, warns) = issues::to_diags(plan, &result, &header);
        if !errs.is_empty() {
            errs.extend(notes.warnings);
            errs.extend(warns);
            return Err(Diags { items: errs });
        }
        let notices = super::notices::unmatched_literals(plan, &result)
            .into_iter()
            .chain(super::notices::undeclared_codes(plan, &result, model));
        notes.route(plan, warns, notices);
        stats.push(SourceStats {
            source: id.clone(),
            file: plan.display.clone(),
            rows: result.rows,
            bytes: result.bytes,
            seconds: started.elapsed().as_secs_f64(),
        });
        let acc = std::mem::take(&mut result.atoms);
        let (mut source_atoms, perm) = acc.finish(plan, &result.dicts);
        if let Some(mut track) = result.track.take() {
            track.renumber(&perm);
            source_atoms.track = Some(track);
        }
        atoms.insert(id.clone(), source_atoms);
        results.insert(id.clone(), result);
    }
    let mut cubes: IndexMap<TableRef, Cube> = IndexMap::new();
    let mut cube_of = |r: &TableRef, dims: &[String], area: &Option<String>| -> Option<Cube> {
        if let Some(c) = cubes.get(r) {
            return Some(c.clone());
        }
        let plan = planned.plans.get(&r.0)?;
        let result = results.get(&r.0)?;
        let dim_models: Vec<&Dimension> = dims.iter().filter_map(|d| model.dimensions.get(d)).collect();
        let area_model = area.as_ref().and_then(|a| model.areas.get(a));
        let c = cube::build(plan, r.1, result, &dim_models, area_model);
        cubes.insert(r.clone(), c.clone());
        Some(c)
    };
    let mut tables = IndexMap::new();
    for (ind_id, (num_ref, den_ref)) in &planned.indicator_tables {
        let Some(ind) = model.indicators.get(ind_id) else { continue };
        let Some(num) = cube_of(num_ref, &ind.dimensions, &ind.area) else { continue };
        let den = den_ref.as_ref().and_then(|r| cube_of(r, &ind.dimensions, &ind.area));
        let mut table = assemble(ind, &num, den.as_ref(), &mut notes.warnings);
        table.num_def = table_def(model, &planned, num_ref, ind);
        table.den_def = den_ref.as_ref().and_then(|r| table_def(model, &planned, r, ind));
        super::rates::apply(ind, &mut table, &mut notes.warnings);
        tables.insert(ind_id.clone(), table);
    }
    let mut check_cubes: IndexMap<String, Vec<(usize, Cube)>> = IndexMap::new();
    for (check_id, refs) in &planned.check_tables {
        let Some(check) = model.checks.get(check_id) else { continue };
        let (dims, area) = split_by(model, &check.by);
        let list = refs.iter().filter_map(|(pos, r)| cube_of(r, &dims, &area).map(|c| (*pos, c))).collect();
        check_cubes.insert(check_id.clone(), list);
    }
    for (id, plan) in &planned.plans {
        if let Some(source_atoms) = atoms.get_mut(id) {
            super::empty_atoms::add(plan, source_atoms, &tables);
        }
    }
    let checks = super::checks::evaluate(model, &check_cubes);
    notes.warnings.extend(super::share_data::lint(model, &planned.plans, Some(&tables)));
    Ok(Evaluation {
        tables,
        atoms,
        checks,
        stats,
        warnings: notes.warnings,
        operator_warnings: notes.operator_warnings,
        published_notes: notes.published_notes,
        ledger_views,
    })
}

/// Describes which atoms the cells of a planned table sum (mirrors the
/// cube builder, which computes the same cells from the accumulators).
/// Warnings of the data pass, split by who may read them.
#[derive(Default)]
struct SourceNotes {
    warnings: Vec<Diag>,
    operator_warnings: Vec<Diag>,
    published_notes: Vec<Diag>,
}

impl SourceNotes {
    /// Row counts and offending values of person data stay with the
    /// operator; findings and reports get what happened, not to whom.
    fn route(&mut self, plan: &SourcePlan, warns: Vec<Diag>, notices: impl IntoIterator<Item = Diag>) {
        if plan.confidential {
            self.published_notes
                .extend(warns.iter().map(|w| super::data_diags::without_rows(w, &plan.display)));
            self.operator_warnings.extend(warns);
            self.operator_warnings.extend(notices);
        } else {
            self.warnings.extend(warns);
            self.warnings.extend(notices);
        }
    }
}

fn table_def(model: &Model, planned: &Planned, r: &TableRef, ind: &Indicator) -> Option<super::TableDef> {
    let plan = planned.plans.get(&r.0)?;
    let table = plan.tables.get(r.1)?;
    let dims = table
        .dims
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let dp = plan.dims.get(*d)?;
            let dim_model = ind.dimensions.get(k).and_then(|id| model.dimensions.get(id));
            let sels = cube::selections(dim_model, dp.n_base, &dp.base_ids)
                .into_iter()
                .map(|s| (s.key, s.slots))
                .collect();
            Some((*d, sels))
        })
        .collect::<Option<Vec<_>>>()?;
    let area_model = ind.area.as_ref().and_then(|a| model.areas.get(a));
    let total_units =
        area_model.filter(|a| !a.units.is_empty()).map(|a| a.units.iter().map(|(c, _)| c.clone()).collect());
    Some(super::TableDef { source: r.0.clone(), measure: table.measure, dims, area: table.area, total_units })
}

/// The columns of a file to be streamed: a CSV header line, or a Parquet
/// file's schema.
fn stream_header(path: &std::path::Path, parquet: bool) -> std::io::Result<crate::data::reader::Header> {
    if parquet {
        crate::data::parquet::read_header(path)
    } else {
        read_header(path)
    }
}

/// A data file that cannot be read; for a Parquet file whose content is
/// refused (not the file system), with what kimon reads from Parquet.
fn data_error(model: &Model, source: &str, display: &str, e: std::io::Error, parquet: bool) -> Diags {
    let mut d = if parquet && e.kind() == std::io::ErrorKind::InvalidData {
        Diag::error("data-parquet", format!("cannot read `{display}`: {e}"))
            .help("kimon reads flat Parquet tables (as written by pyarrow, pandas, polars, DuckDB or Spark) with text, whole-number, floating-point and boolean columns; convert other columns to one of these, or export the table as \"CSV UTF-8\"")
    } else {
        Diag::error("data-io", format!("cannot read `{display}`: {e}"))
    };
    if let Some(s) = model.sources.get(source) {
        d = d.at(s.origin.file, s.origin.span, "source declared here");
    }
    Diags { items: vec![d] }
}

pub fn split_by(model: &Model, by: &[String]) -> (Vec<String>, Option<String>) {
    let dims = by.iter().filter(|b| model.dimensions.contains_key(*b)).cloned().collect();
    let area = by.iter().find(|b| model.areas.contains_key(*b)).cloned();
    (dims, area)
}

/// Describes a measure so identical counts can be recognised across tables.
fn measure_identity(agg: &AggregateDef) -> String {
    let filter = agg.filter.as_ref().map(kimon_grammar::format::expr_to_string).unwrap_or_default();
    format!("{}|{:?}|{}|{}", agg.source, agg.function, agg.column.as_deref().unwrap_or(""), filter)
}

/// What `kimon check` learns from the data files' headers without reading
/// any data: missing columns, unusable area columns, unknown names in
/// filters, encoding and header problems. Sources whose file does not
/// exist yet are skipped (a rulebook is often checked before its data).
pub fn check_headers(model: &Model, opts: &Options) -> Vec<Diag> {
    let sandbox = Sandbox::new(SandboxLimits::default());
    let mut errors = Vec::new();
    let planned = plan_all(model, opts, &sandbox, &mut errors, true);
    // What a database cannot compute is known without connecting.
    for (id, plan) in &planned.plans {
        if model.sources.get(id).is_some_and(|s| s.database.is_some()) {
            if let Err(e) = super::pushdown::query::build(model, plan, super::pushdown::Dialect::Postgres) {
                errors.extend(e);
            }
        }
    }
    if !errors.iter().any(Diag::is_error) {
        errors.extend(super::share_data::lint(model, &planned.plans, None));
    }
    errors
}

fn plan_all(
    model: &Model,
    opts: &Options,
    sandbox: &Sandbox,
    errors: &mut Vec<Diag>,
    skip_missing_files: bool,
) -> Planned {
    // Which filters each source must evaluate, to know which lets it needs.
    let mut uses: IndexMap<String, Vec<Expr>> = IndexMap::new();
    let mut dims_of: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut columns_of: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut note = |agg: &AggregateDef, dims: &[String]| {
        if let Some(c) = &agg.column {
            let list = columns_of.entry(agg.source.clone()).or_default();
            if !list.contains(c) {
                list.push(c.clone());
            }
        }
        let e = uses.entry(agg.source.clone()).or_default();
        if let Some(f) = &agg.filter {
            e.push(f.clone());
        }
        let d = dims_of.entry(agg.source.clone()).or_default();
        for dim in dims {
            if !d.contains(dim) {
                d.push(dim.clone());
            }
        }
    };
    let mut areas_of: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut note_area = |agg: &AggregateDef, area: &Option<String>| {
        if let Some(a) = area {
            let list = areas_of.entry(agg.source.clone()).or_default();
            if !list.contains(a) {
                list.push(a.clone());
            }
        }
    };
    for ind in model.indicators.values() {
        note(&ind.numerator, &ind.dimensions);
        note_area(&ind.numerator, &ind.area);
        if let Some(d) = &ind.denominator {
            note(d, &ind.dimensions);
            note_area(d, &ind.area);
        }
    }
    let mut check_aggs: Vec<CheckAggregate> = Vec::new();
    for check in model.checks.values() {
        let (dims, area) = split_by(model, &check.by);
        if let Some(e) = &check.expect {
            e.walk(&mut |x| {
                if let Expr::Aggregate(a) = x {
                    let def = AggregateDef {
                        function: a.function,
                        source: a.source.name.clone(),
                        column: a.column.as_ref().map(|c| c.name.clone()),
                        filter: a.filter.clone(),
                        origin: Origin { file: check.origin.file, span: a.span },
                    };
                    check_aggs.push((check.id.clone(), a.span.start, def, dims.clone(), area.clone()));
                }
            });
        }
    }
    for (_, _, def, dims, area) in &check_aggs {
        note(def, dims);
        note_area(def, area);
    }
    let mut plans: IndexMap<String, SourcePlan> = IndexMap::new();
    for (source_id, filters) in &uses {
        let Some(source) = model.sources.get(source_id) else { continue };
        if let Some(db) = &source.database {
            let uses = super::pushdown::plan::Uses {
                filters,
                dims: dims_of.get(source_id).map_or(&[], Vec::as_slice),
                areas: areas_of.get(source_id).map_or(&[], Vec::as_slice),
                columns: columns_of.get(source_id).map_or(&[], Vec::as_slice),
            };
            if let Some(mut plan) = super::pushdown::plan::plan_source(model, source, db, &uses, errors) {
                let used_names = lets_used(model, source_id, filters, &dims_of, &areas_of);
                plan.plan_lets(model, source, &used_names, sandbox, errors);
                plans.insert(source_id.clone(), plan);
            }
            continue;
        }
        let base = opts.data_dir.clone().unwrap_or_else(|| source.base_dir.clone());
        let path = base.join(&source.file);
        let display = crate::load::normalize(&path);
        let policy = opts.policy(&source.base_dir.join("_"));
        let canonical = match policy.check(&path) {
            Ok(c) => c,
            Err(crate::load::AccessError::NotFound(..)) if skip_missing_files => continue,
            Err(e) => {
                let d = e.into_data_diag(&display);
                let label = "data file named here".to_string();
                errors.push(d.at(source.origin.file, source.origin.span, label));
                continue;
            }
        };
        let prepared = if source.format.members.is_empty() {
            match crate::data::prepare::prepare(&canonical, &source.format) {
                Ok(p) => p,
                Err(e) => {
                    errors.push(super::data_diags::prepare_error(source, &display, e));
                    continue;
                }
            }
        } else {
            match super::members::prepare(source, &base, &canonical, opts, skip_missing_files) {
                Ok(Some(p)) => p,
                Ok(None) => continue,
                Err(d) => {
                    errors.push(*d);
                    continue;
                }
            }
        };
        let header = match stream_header(&prepared.stream_path, prepared.parquet) {
            Ok(h) => h,
            Err(e) => {
                errors.extend(data_error(model, source_id, &display, e, prepared.parquet).items);
                continue;
            }
        };
        if let Some(d) = super::data_diags::duplicate_header(
            &prepared.stream_path,
            &display,
            &header,
            prepared.sheet.as_deref(),
        ) {
            errors.push(d);
            continue;
        }
        let codes = super::totals::total_codes(model, source, &header.columns);
        let mut plan = SourcePlan::new(source, prepared.stream_path.clone(), display, header.columns);
        plan.total_codes = codes;
        plan.prepared = Some(prepared);
        let dims_used = dims_of.get(source_id).cloned().unwrap_or_default();
        let columns_used = columns_of.get(source_id).cloned().unwrap_or_default();
        if !super::wide::plan_wide(&mut plan, model, source, &dims_used, &columns_used, errors) {
            continue;
        }
        if plan.year_const.is_none() {
            match plan.field(source, &source.year_column.clone(), source.origin, errors) {
                Some(f) => plan.year_field = f,
                None => continue,
            }
        }
        let used_names = lets_used(model, source_id, filters, &dims_of, &areas_of);
        plan.plan_lets(model, source, &used_names, sandbox, errors);
        plans.insert(source_id.clone(), plan);
    }
    let keys = super::keys::load(model, opts, errors);
    let mut table_for = |agg: &AggregateDef,
                         dims: &[String],
                         area: &Option<String>,
                         errors: &mut Vec<Diag>|
     -> Option<TableRef> {
        let source = model.sources.get(&agg.source)?;
        let plan = plans.get_mut(&agg.source)?;
        let measure = plan.measure_index(source, agg, errors)?;
        let dim_idx: Vec<usize> = dims.iter().map(|d| plan.dim_index(model, source, d, errors)).collect();
        if !plan.check_wide_table(measure, &dim_idx, agg, errors) {
            return None;
        }
        let area_idx = match area.as_ref().and_then(|a| model.areas.get(a)) {
            Some(a) => {
                let i = plan.area_index(source, a, errors)?;
                if let (Some(key), Some(ap)) = (keys.get(&a.id), plan.areas.get_mut(i)) {
                    ap.parents = Some(key.clone());
                }
                Some(i)
            }
            None => None,
        };
        Some((agg.source.clone(), plan.table_index(measure, dim_idx, area_idx)))
    };
    let mut indicator_tables = IndexMap::new();
    for ind in model.indicators.values() {
        let num = table_for(&ind.numerator, &ind.dimensions, &ind.area, errors);
        let den = ind.denominator.as_ref().map(|d| table_for(d, &ind.dimensions, &ind.area, errors));
        match (num, den) {
            (Some(num), None) => {
                indicator_tables.insert(ind.id.clone(), (num, None));
            }
            (Some(num), Some(Some(den))) => {
                indicator_tables.insert(ind.id.clone(), (num, Some(den)));
            }
            _ => {}
        }
    }
    let mut check_tables: IndexMap<String, Vec<(usize, TableRef)>> = IndexMap::new();
    for (check_id, pos, def, dims, area) in &check_aggs {
        if let Some(t) = table_for(def, dims, area, errors) {
            check_tables.entry(check_id.clone()).or_default().push((*pos, t));
        }
    }
    super::record_keys::attach(model, opts, &mut plans, errors);
    Planned { plans, indicator_tables, check_tables }
}

/// The `let`s a source's filters, group conditions and derived areas use.
fn lets_used(
    model: &Model,
    source_id: &str,
    filters: &[Expr],
    dims_of: &IndexMap<String, Vec<String>>,
    areas_of: &IndexMap<String, Vec<String>>,
) -> Vec<String> {
    let mut used_names: Vec<String> = Vec::new();
    let dim_exprs: Vec<&Expr> = dims_of
        .get(source_id)
        .into_iter()
        .flatten()
        .filter_map(|d| model.dimensions.get(d))
        .flat_map(|d| d.groups.iter())
        .filter_map(|g| match &g.rule {
            GroupRuleDef::When(e) => Some(e),
            _ => None,
        })
        .collect();
    for e in filters.iter().chain(dim_exprs) {
        for n in referenced_names(e) {
            if model.lets.contains_key(&n) && !used_names.contains(&n) {
                used_names.push(n);
            }
        }
    }
    // Areas of this source whose column is a `let` (a derived level).
    for area in areas_of.get(source_id).into_iter().flatten().filter_map(|a| model.areas.get(a)) {
        if model.lets.contains_key(&area.column) && !used_names.contains(&area.column) {
            used_names.push(area.column.clone());
        }
    }
    used_names
}

/// Pairs numerator and denominator cells and flags implausible ones.
fn assemble(ind: &Indicator, num: &Cube, den: Option<&Cube>, warnings: &mut Vec<Diag>) -> IndicatorTable {
    let mut cells = IndexMap::new();
    let mut implausible = 0usize;
    let mut example = None;
    for (key, n) in &num.cells {
        let d = den.map(|c| c.cells.get(key).copied().unwrap_or_default());
        let bad = match (n.value(), d.and_then(|d| d.value())) {
            (Some(a), Some(b)) => ind.unit.is_rate() && a > b,
            _ => false,
        };
        if bad {
            implausible += 1;
            example.get_or_insert_with(|| key.clone());
        }
        cells.insert(key.clone(), RawCell { num: *n, den: d, implausible: bad });
    }
    if let Some(k) = example {
        warnings.push(
            Diag::warning(
                "numerator-above-denominator",
                format!(
                    "indicator `{}`: numerator larger than denominator in {implausible} cell(s), e.g. year {} {}",
                    ind.id,
                    k.year,
                    match &k.area {
                        super::AreaKey::Unit(c) => format!("area `{c}`"),
                        super::AreaKey::Total => "total".into(),
                    }
                ),
            )
            .at(ind.origin.file, ind.origin.span, "implausible shares")
            .help("these cells are marked implausible and not assessed; check the filters and the data"),
        );
    }
    let mut years = num.years.clone();
    if let Some(d) = den {
        years.extend(d.years.iter().copied());
        years.sort_unstable();
        years.dedup();
    }
    IndicatorTable {
        indicator: ind.id.clone(),
        dims: ind.dimensions.clone(),
        area: ind.area.clone(),
        years,
        cells,
        num_measure: measure_identity(&ind.numerator),
        den_measure: ind.denominator.as_ref().map(measure_identity),
        num_def: None,
        den_def: None,
    }
}

/// The atom query of every database source, in `dialect`, without
/// connecting (`kimon explain --sql`): (source id, SQL text).
pub fn atom_queries(
    model: &Model,
    opts: &Options,
    dialect: super::pushdown::Dialect,
) -> Result<Vec<(String, String)>, Diags> {
    let sandbox = Sandbox::new(SandboxLimits::default());
    let mut errors = Vec::new();
    let planned = plan_all(model, opts, &sandbox, &mut errors, true);
    errors.retain(Diag::is_error);
    let mut out = Vec::new();
    for (id, plan) in &planned.plans {
        if model.sources.get(id).is_none_or(|s| s.database.is_none()) {
            continue;
        }
        match super::pushdown::query::build(model, plan, dialect) {
            Ok(q) => out.push((id.clone(), q.sql)),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(Diags { items: errors });
    }
    Ok(out)
}
