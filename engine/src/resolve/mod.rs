//! Resolution: merges the loaded files (local declarations override those of
//! an `extends`ed core; `import`ed files merge, conflicts are errors), checks
//! every name and attribute, and builds the [`Model`]. All problems are
//! collected, not only the first.

mod collect;
mod cx;
mod database;
mod dimensions;
mod indicators;
mod members;
mod rates;
mod settings;
mod simple;
mod source_settings;
mod wide;

use crate::diag::Diags;
use crate::load::Loaded;
use crate::model::Model;
use collect::Collected;
use cx::Cx;

/// Resolves loaded files into a model. Returns the model even when there
/// are errors (as far as it could be built) so that lints and `explain` can
/// still run; callers decide by `diags.has_errors()`.
pub fn resolve(loaded: Loaded) -> (Option<Model>, Diags) {
    let Loaded { sources, files, mut diags, .. } = loaded;
    if files.is_empty() {
        return (None, diags);
    }
    let collected = Collected::from_files(&files, &mut diags);
    let mut cx = Cx { diags: &mut diags, sources: &sources };
    let meta = simple::meta(&collected, &mut cx);
    let privacy = settings::privacy(collected.privacy.iter().map(|(f, p)| (*f, *p)), &mut cx);
    let assessment = settings::assessment(&collected, &mut cx);
    let source_map = simple::sources(&collected, &mut cx);
    let fields = simple::fields(&collected, &mut cx);
    let dims = dimensions::dimensions(&collected, &mut cx);
    let areas = dimensions::areas(&collected, &mut cx);
    let lets = simple::lets(&collected, &mut cx);
    dimensions::total_from_needs_a_file_column(&areas, &lets, &mut cx);
    let mut model = Model {
        meta,
        sources: source_map,
        dimensions: dims,
        areas,
        fields,
        indicators: Default::default(),
        checks: Default::default(),
        lets,
        privacy,
        assessment,
        files: sources.clone(),
        english: files
            .iter()
            .flat_map(|f| f.ast.english.iter())
            .map(|(de, en)| (de.value.clone(), en.value.clone()))
            .collect(),
    };
    model.indicators = indicators::indicators(&collected, &model, &mut cx);
    model.checks = simple::checks(&collected, &model, &mut cx);
    diags.sort();
    (Some(model), diags)
}
