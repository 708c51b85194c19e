//! The high-level entry points the CLI calls: each is one library function
//! with plain data in and out.

use crate::diag::{Diags, SourceMap};
use crate::load::AccessPolicy;
use crate::model::Model;
use std::path::{Path, PathBuf};

/// Options shared by all commands that read a rulebook.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Data files are looked up here instead of next to the rulebook.
    pub data_dir: Option<PathBuf>,
    /// Further directories a rulebook may read from.
    pub allow_paths: Vec<PathBuf>,
    /// The publication ledger (`ledger/`): earlier publications are part of
    /// this run's protection, and [`Evaluated::commit_ledger`] records this
    /// one. `None`: no ledger (library calls and tests).
    pub ledger: Option<PathBuf>,
}

impl Options {
    pub fn policy(&self, rulebook: &Path) -> AccessPolicy {
        let mut extra = self.allow_paths.clone();
        extra.extend(self.data_dir.iter().cloned());
        AccessPolicy::for_rulebook(rulebook, &extra)
    }
}

/// Result of `kimon check`: the model (if it could be built), all
/// diagnostics, and the sources to render them against.
pub struct Checked {
    pub model: Option<Model>,
    pub diags: Diags,
    pub sources: SourceMap,
    /// The areas' outlines for maps (read once the rulebook is sound).
    pub geometry: crate::geometry::Geometries,
}

/// Loads, resolves and lints a rulebook.
pub fn check(rulebook: &Path, opts: &Options) -> Checked {
    check_with(rulebook, opts, &crate::load::LoadOptions::default()).0
}

/// [`check`] with the texts of `load_opts.substitutes` read instead of the
/// files on disk (an editor's unsaved buffers), also returning the parsed
/// files: the language server checks exactly what `kimon check` checks and
/// indexes the same syntax trees for its definitions and references.
pub fn check_with(
    rulebook: &Path,
    opts: &Options,
    load_opts: &crate::load::LoadOptions,
) -> (Checked, Vec<crate::load::LoadedFile>) {
    let policy = opts.policy(rulebook);
    let mut loaded = crate::load::load_with(rulebook, &policy, load_opts);
    crate::pin::explain_mismatches(&mut loaded, rulebook, &policy);
    let sources = loaded.sources.clone();
    let files = loaded.files.clone();
    // A refused pinned file was not read: resolving without it would only
    // add a name error for everything it declares.
    if loaded.diags.items.iter().any(crate::pin::refuses_file) {
        let mut diags = loaded.diags;
        diags.sort();
        let checked = Checked { model: None, diags, sources, geometry: crate::geometry::Geometries::new() };
        return (checked, files);
    }
    let mut spoofing = Diags::default();
    crate::lint::unicode::lint(&loaded, &mut spoofing);
    let (model, mut diags) = crate::resolve::resolve(loaded);
    diags.extend(spoofing.items);
    let mut geometry = crate::geometry::Geometries::new();
    if let Some(m) = &model {
        crate::lint::lint(m, &mut diags);
        // The data files' headers (not their rows), once the rulebook
        // itself is sound: missing columns are found before any evaluation.
        if !diags.has_errors() {
            diags.extend(crate::eval::check_headers(m, opts));
            // Empty sources, example rows and fields without data: warned,
            // never silent.
            if !diags.has_errors() {
                diags.extend(crate::eval::presence::lint(m, opts));
            }
            // The map files, like the data files, are checked before any
            // evaluation.
            let (g, problems) = crate::geometry::load_all(m, opts);
            geometry = g;
            diags.extend(problems);
        }
    }
    diags.sort();
    (Checked { model, diags, sources, geometry }, files)
}

/// Everything an evaluation produces, from the model to the findings.
pub struct Evaluated {
    pub model: Model,
    pub eval: crate::eval::Evaluation,
    pub published: crate::publish::Published,
    pub findings: crate::findings::Findings,
    /// Warnings from checking the rulebook and reading the data.
    pub warnings: Diags,
    pub sources: SourceMap,
    /// The ledger including this run, to be written before any output.
    pub ledger_update: Option<LedgerUpdate>,
    /// The areas' outlines, for the report's maps.
    pub geometry: crate::geometry::Geometries,
}

/// A ledger ready to be written, and what this run adds to it.
pub struct LedgerUpdate {
    pub path: PathBuf,
    pub ledger: crate::ledger::Ledger,
    pub new_cells: usize,
}

/// Why an evaluation produced no output.
pub struct Failed {
    pub diags: Diags,
    pub sources: SourceMap,
    /// The input could not be read at all (exit code 2) rather than being
    /// wrong (exit code 1).
    pub io: bool,
}

/// A checked, error-free model evaluated and protected: the common first
/// steps of `eval`, `report`, `export` and `audit`.
struct Protected {
    model: Model,
    eval: crate::eval::Evaluation,
    published: crate::publish::Published,
    warnings: Diags,
    sources: SourceMap,
    ledger_update: Option<LedgerUpdate>,
    /// Cells of earlier runs that took part in the protection.
    earlier_cells: usize,
    geometry: crate::geometry::Geometries,
}

fn protect(
    rulebook: &Path,
    opts: &Options,
    control: &crate::eval::Control,
) -> Result<Protected, Box<Failed>> {
    let checked = check(rulebook, opts);
    let sources = checked.sources.clone();
    let geometry = checked.geometry;
    let fail = |diags: Diags, io: bool| Box::new(Failed { diags, sources: sources.clone(), io });
    // A data file that cannot be read at all is an I/O problem (exit 2),
    // whether `check` (which reads the headers) or the evaluation finds it.
    let unreadable = |d: &Diags| {
        d.items.iter().any(|x| {
            matches!(
                x.code.as_str(),
                "kimon::data-io" | "kimon::file-not-found" | "kimon::not-a-regular-file"
            )
        })
    };
    let Some(model) = checked.model.filter(|_| !checked.diags.has_errors()) else {
        let io = checked.diags.items.iter().all(|d| d.location.is_none()) || unreadable(&checked.diags);
        return Err(fail(checked.diags, io));
    };
    let ledger = match &opts.ledger {
        Some(path) => {
            Some(crate::ledger::Ledger::load(path).map_err(|d| fail(Diags { items: vec![*d] }, true))?)
        }
        None => None,
    };
    let eval = crate::eval::evaluate_with_ledger(&model, opts, control, ledger.as_ref()).map_err(|d| {
        let io = unreadable(&d);
        fail(d, io)
    })?;
    let (published, index) =
        crate::publish::publish_with(&model, &eval, ledger.as_ref()).map_err(|d| fail(d, false))?;
    let earlier_cells = index.ledger_cells.iter().filter(|r| r.identity.is_some()).count();
    let ledger_update = match (&opts.ledger, &ledger) {
        (Some(path), Some(old)) => {
            let at =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let shown = crate::load::normalize(rulebook);
            let rec = crate::ledger::record(old, &model, &eval, &index, &published, &shown, at);
            Some(LedgerUpdate { path: path.clone(), ledger: rec.ledger, new_cells: rec.new_cells })
        }
        _ => None,
    };
    let mut warnings = checked.diags;
    // The data-based share lint runs in `check` (on a sample) and in the
    // evaluation (on the filtered cells): one warning per indicator.
    let already = |w: &crate::diag::Diag, ws: &Diags| {
        w.code == "kimon::lint::mean-of-shares"
            && ws.items.iter().any(|d| d.code == w.code && d.location == w.location)
    };
    for w in &eval.warnings {
        if !already(w, &warnings) {
            warnings.items.push(w.clone());
        }
    }
    warnings.extend(eval.operator_warnings.iter().cloned());
    for note in &published.notes {
        warnings.items.push(crate::diag::Diag::warning("privacy-limit", note.clone()).help(
            "split the rulebook or reduce dimensions per source; see README „Privacy“ for what is audited",
        ));
    }
    Ok(Protected { model, eval, published, warnings, sources, ledger_update, earlier_cells, geometry })
}

/// Checks a rulebook, evaluates it on its data, protects the tables and
/// builds the findings. Privacy is not optional: if the audit does not
/// pass, the evaluation fails and nothing can be written.
pub fn evaluate(
    rulebook: &Path,
    opts: &Options,
    lang: crate::report::numfmt::Lang,
    control: &crate::eval::Control,
) -> Result<Evaluated, Box<Failed>> {
    let p = protect(rulebook, opts, control)?;
    if !p.published.audit_passed {
        let mut d =
            crate::diag::Diag::error("audit-failed", "the privacy audit did not pass; no output is written")
                .help("run `kimon audit` to see which cells are not protected; check `complementary` in the privacy block");
        if let (Some(u), true) = (&p.ledger_update, p.earlier_cells > 0) {
            let earlier: Vec<&str> =
                u.ledger.runs.iter().rev().skip(1).map(|r| r.rulebook.as_str()).collect();
            d = crate::diag::Diag::error(
                "ledger-conflict",
                format!(
                    "together with {} cell(s) published earlier (ledger `{}`: {}), this publication would reveal protected values; no output is written",
                    p.earlier_cells,
                    u.path.display(),
                    earlier.join(", ")
                ),
            )
            .help("the earlier cells cannot be taken back: publish this table with the same definitions (filters, groups, areas) as before, or coarser ones; `kimon ledger` lists what was published");
        }
        return Err(Box::new(Failed { diags: Diags { items: vec![d] }, sources: p.sources, io: false }));
    }
    let (mut model, mut eval) = (p.model, p.eval);
    if lang == crate::report::numfmt::Lang::En {
        model.use_english_titles();
        // Check outcomes carry their check's title from the evaluation.
        for c in &mut eval.checks {
            if let Some(check) = model.checks.get(&c.check) {
                c.title.clone_from(&check.title);
            }
        }
    }
    let findings = crate::assess::build_findings(&model, &eval, &p.published, lang);
    Ok(Evaluated {
        model,
        eval,
        published: p.published,
        findings,
        warnings: p.warnings,
        sources: p.sources,
        ledger_update: p.ledger_update,
        geometry: p.geometry,
    })
}

/// Evaluates and protects, without requiring the audit to pass, for
/// `kimon audit`.
pub fn audit(
    rulebook: &Path,
    opts: &Options,
    control: &crate::eval::Control,
) -> Result<crate::publish::Published, Box<Failed>> {
    protect(rulebook, opts, control).map(|p| p.published)
}

/// Every file a run reads: the rulebook files loaded (the one named and its
/// `extends`/`import`s) and the data files of the model's sources (looked up
/// as the evaluation does, `--data-dir` included), the geometry files and
/// the ledger. `--out`
/// may not be any of them.
pub fn input_files(model: &Model, sources: &SourceMap, opts: &Options) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = sources.files().map(|(_, f)| f.path.clone()).collect();
    for source in model.sources.values().filter(|s| s.database.is_none()) {
        let base = opts.data_dir.clone().unwrap_or_else(|| source.base_dir.clone());
        files.push(base.join(&source.file));
        files.extend(source.format.members.iter().map(|m| base.join(&m.file)));
    }
    for g in model.areas.values().filter_map(|a| a.geometry.as_ref()) {
        files.push(g.base_dir.join(&g.file));
    }
    files.extend(opts.ledger.iter().cloned());
    files
}

impl Evaluated {
    /// Writes the ledger including this run. Call it before writing any
    /// output: a publication the ledger does not know could later be
    /// combined with another one unnoticed.
    pub fn commit_ledger(&self) -> Result<(), Box<crate::diag::Diag>> {
        match &self.ledger_update {
            Some(u) => u.ledger.save(&u.path),
            None => Ok(()),
        }
    }

    /// The files this evaluation read (see [`input_files`]).
    pub fn input_files(&self, opts: &Options) -> Vec<PathBuf> {
        input_files(&self.model, &self.sources, opts)
    }
}
