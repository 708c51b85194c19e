//! Record keys for the cell key method: which sources need them, from which
//! column, with which secret.
//!
//! The pass adds every row's record key to its atom (`atoms.rs`), so a
//! published count's cell key is the sum over its atoms — the same records
//! give the same key in every table, rulebook and run. Only person-level
//! counts can be perturbed this way: an aggregate table has no records, a
//! sum or a weighted count is not a number of persons. Those are refused
//! here with a diagnostic rather than published unprotected.

use super::plan::{MeasureValue, RecordKeyPlan, SourcePlan};
use crate::diag::Diag;
use crate::model::{AggregateDef, Model, SourceKind};
use crate::privacy::cellkey::RecordKeySecret;
use crate::session::Options;
use indexmap::IndexMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Attaches record keys to the plans of every source a cell-key indicator
/// reads; reports what cannot be perturbed.
pub fn attach(
    model: &Model,
    opts: &Options,
    plans: &mut IndexMap<String, SourcePlan>,
    errors: &mut Vec<Diag>,
) {
    let mut secrets: IndexMap<PathBuf, Option<Arc<RecordKeySecret>>> = IndexMap::new();
    let root = model.files.files().next().map(|(_, f)| f.path.clone()).unwrap_or_default();
    for ind in model.indicators.values() {
        let Some(params) = ind.privacy.cell_key_params() else { continue };
        let parts = std::iter::once(&ind.numerator).chain(ind.denominator.as_ref());
        for agg in parts {
            let Some(source) = model.sources.get(&agg.source) else { continue };
            let Some(plan) = plans.get_mut(&agg.source) else { continue };
            if source.kind != SourceKind::Microdata {
                errors.push(not_a_count(
                    agg,
                    &ind.id,
                    format!("`{}` is not person-level data, so its cells have no records to key", source.id),
                ));
                continue;
            }
            if !counts_rows(plan, agg) {
                errors.push(not_a_count(
                    agg,
                    &ind.id,
                    "only counts of persons can be perturbed, not sums".into(),
                ));
                continue;
            }
            let secret = secrets
                .entry(params.key_file.clone())
                .or_insert_with(|| load_secret(&params.key_file, opts, &root, &ind.origin, errors))
                .clone();
            let Some(secret) = secret else { continue };
            let Some(field) = plan.field(source, &params.record_id, ind.origin, errors) else { continue };
            if let Some(existing) = &plan.record_key {
                if existing.field != field || !Arc::ptr_eq(&existing.secret, &secret) {
                    errors.push(
                        Diag::error(
                            "cell-key-conflict",
                            format!("source `{}` would need two different record keys", source.id),
                        )
                        .at(ind.origin.file, ind.origin.span, "this indicator's cell key settings differ")
                        .help("use one `key_file` and one `record_id` for every indicator of a source"),
                    );
                }
                continue;
            }
            plan.record_key = Some(RecordKeyPlan { field, secret });
        }
    }
}

/// Whether the aggregate counts rows (one per person), which is what the
/// perturbation table is made for.
fn counts_rows(plan: &SourcePlan, agg: &AggregateDef) -> bool {
    plan.measures
        .iter()
        .find(|m| m.function == agg.function && m.column == agg.column && m.filter_expr == agg.filter)
        .is_some_and(|m| m.value == MeasureValue::One)
}

fn not_a_count(agg: &AggregateDef, indicator: &str, why: String) -> Diag {
    Diag::error(
        "cell-key-not-a-count",
        format!("indicator `{indicator}` cannot use the cell key method: {why}"),
    )
    .at(agg.origin.file, agg.origin.span, "read here")
    .help("give this indicator its own `privacy { method suppression }` block")
}

fn load_secret(
    path: &std::path::Path,
    opts: &Options,
    root: &std::path::Path,
    origin: &crate::model::Origin,
    errors: &mut Vec<Diag>,
) -> Option<Arc<RecordKeySecret>> {
    let display = crate::load::normalize(path);
    let canonical = match opts.policy(root).check(path) {
        Ok(c) => c,
        Err(e) => {
            errors.push(e.into_data_diag(&display).at(origin.file, origin.span, "cell key method used here"));
            return None;
        }
    };
    match RecordKeySecret::from_file(&canonical) {
        Ok(s) => Some(Arc::new(s)),
        Err(e) => {
            errors.push(
                Diag::error("cell-key-secret", format!("cannot use the key file `{display}`: {e}"))
                    .at(origin.file, origin.span, "cell key method used here")
                    .help("the statistics office keeps the secret in a file of its own (at least 16 random bytes, better 32, e.g. `head -c 32 /dev/urandom > zellschluessel.key`); never put it in the rulebook"),
            );
            None
        }
    }
}
