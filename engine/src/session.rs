//! The high-level entry points the CLI calls: each is one library function
//! with plain data in and out.

use crate::diag::{Diags, SourceMap};
use crate::load::{load, AccessPolicy};
use crate::model::Model;
use std::path::{Path, PathBuf};

/// Options shared by all commands that read a rulebook.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Data files are looked up here instead of next to the rulebook.
    pub data_dir: Option<PathBuf>,
    /// Further directories a rulebook may read from.
    pub allow_paths: Vec<PathBuf>,
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
}

/// Loads, resolves and lints a rulebook.
pub fn check(rulebook: &Path, opts: &Options) -> Checked {
    let loaded = load(rulebook, &opts.policy(rulebook));
    let sources = loaded.sources.clone();
    let mut spoofing = Diags::default();
    crate::lint::unicode::lint(&loaded, &mut spoofing);
    let (model, mut diags) = crate::resolve::resolve(loaded);
    diags.extend(spoofing.items);
    if let Some(m) = &model {
        crate::lint::lint(m, &mut diags);
        // The data files' headers (not their rows), once the rulebook
        // itself is sound: missing columns are found before any evaluation.
        if !diags.has_errors() {
            diags.extend(crate::eval::check_headers(m, opts));
        }
    }
    diags.sort();
    Checked { model, diags, sources }
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
}

fn protect(
    rulebook: &Path,
    opts: &Options,
    control: &crate::eval::Control,
) -> Result<Protected, Box<Failed>> {
    let checked = check(rulebook, opts);
    let sources = checked.sources.clone();
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
    let eval = crate::eval::evaluate(&model, opts, control).map_err(|d| {
        let io = unreadable(&d);
        fail(d, io)
    })?;
    let published = crate::publish::publish(&model, &eval).map_err(|d| fail(d, false))?;
    let mut warnings = checked.diags;
    warnings.extend(eval.warnings.iter().cloned());
    for note in &published.notes {
        warnings.items.push(crate::diag::Diag::warning("privacy-limit", note.clone()).help(
            "split the rulebook or reduce dimensions per source; see README „Privacy“ for what is audited",
        ));
    }
    Ok(Protected { model, eval, published, warnings, sources })
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
        let d = crate::diag::Diag::error("audit-failed", "the privacy audit did not pass; no output is written")
            .help("run `kimon audit` to see which cells are not protected; check `complementary` in the privacy block");
        return Err(Box::new(Failed { diags: Diags { items: vec![d] }, sources: p.sources, io: false }));
    }
    let findings = crate::assess::build_findings(&p.model, &p.eval, &p.published, lang);
    Ok(Evaluated {
        model: p.model,
        eval: p.eval,
        published: p.published,
        findings,
        warnings: p.warnings,
        sources: p.sources,
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
/// as the evaluation does, `--data-dir` included). `--out` may not be any of
/// them.
pub fn input_files(model: &Model, sources: &SourceMap, opts: &Options) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = sources.files().map(|(_, f)| f.path.clone()).collect();
    for source in model.sources.values() {
        let base = opts.data_dir.clone().unwrap_or_else(|| source.base_dir.clone());
        files.push(base.join(&source.file));
    }
    files
}

impl Evaluated {
    /// The files this evaluation read (see [`input_files`]).
    pub fn input_files(&self, opts: &Options) -> Vec<PathBuf> {
        input_files(&self.model, &self.sources, opts)
    }
}
