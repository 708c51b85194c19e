//! Lints drawn from the source report (Difu 2022, §5.2): warnings about
//! rulebooks that are valid but work against good monitoring practice.

pub mod unicode;

use crate::diag::{Diag, Diags};
use crate::model::{Dimension, GroupRuleDef, Model, Steerability};
use kimon_grammar::ast::Expr;

mod fairness;
pub(crate) mod shares;
mod terminology;

/// The report recommends a core set of at most 15–20 indicators.
pub const MAX_CORE_INDICATORS: usize = 20;

pub fn lint(model: &Model, diags: &mut Diags) {
    too_many_core(model, diags);
    deficits_only(model, diags);
    missing_purpose(model, diags);
    target_in_unsteerable_field(model, diags);
    only_migration_background(model, diags);
    fairness::field_deficits_only(model, diags);
    fairness::target_on_reference(model, diags);
    shares::mean_of_shares(model, diags);
    terminology::mixed_terms(model, diags);
}

fn too_many_core(model: &Model, diags: &mut Diags) {
    let core: Vec<_> = model.indicators.values().filter(|i| i.core).collect();
    if core.len() > MAX_CORE_INDICATORS {
        if let Some(last) = core.last() {
            diags.push(
                Diag::warning(
                    "lint::too-many-core",
                    format!("{} core indicators; the source report recommends at most 15–20", core.len()),
                )
                .at(last.origin.file, last.origin.span, format!("core indicator no. {}", core.len()))
                .help("\"weniger ist mehr\": keep the core small and mark the rest as non-core"),
            );
        }
    }
}

/// Strengths need a strength band or a target that can be met.
fn deficits_only(model: &Model, diags: &mut Diags) {
    if model.indicators.is_empty() {
        return;
    }
    let can_show_strength = model.indicators.values().any(|i| {
        !i.targets.is_empty()
            || i.thresholds
                .iter()
                .any(|t| t.bands.iter().any(|b| b.class == crate::model::BandClass::Strength))
    });
    if !can_show_strength {
        let first = model.indicators.values().next();
        let mut d = Diag::warning("lint::deficits-only", "no indicator can show a strength: the rulebook can only report deficits")
            .help("add `strength` threshold bands or targets so strengths and needs for action are shown side by side (source report §4, §5.2)");
        if let Some(i) = first {
            d = d.at(i.origin.file, i.origin.span, "first indicator");
        }
        diags.push(d);
    }
}

fn missing_purpose(model: &Model, diags: &mut Diags) {
    for i in model.indicators.values().filter(|i| i.purpose.is_none()) {
        diags.push(
            Diag::warning("lint::no-purpose", format!("indicator `{}` states no purpose", i.id))
                .at(i.origin.file, i.origin.span, "why is this measured?")
                .help("add `purpose \"…\"`: ask why before what (source report §5.2)"),
        );
    }
}

fn target_in_unsteerable_field(model: &Model, diags: &mut Diags) {
    for i in model.indicators.values() {
        let Some(field) = model.fields.get(&i.field) else { continue };
        if field.steerable != Steerability::No {
            continue;
        }
        for t in &i.targets {
            diags.push(
                Diag::warning("lint::target-not-steerable", format!("target in field `{}`, which is marked not steerable", field.id))
                    .at(t.origin.file, t.origin.span, "target the municipality cannot steer")
                    .help("findings in non-steerable fields are for observation; drop the target or mark the field `steerable partly`"),
            );
        }
    }
}

/// Whether a dimension is about migration background (by id, title or the
/// column its groups test).
pub fn is_migration_background(d: &Dimension) -> bool {
    let id = d.id.to_lowercase();
    if id == "mh" || id.contains("migration") || d.title.to_lowercase().contains("migrationshintergrund") {
        return true;
    }
    d.groups.iter().any(|g| {
        let GroupRuleDef::When(e) = &g.rule else { return false };
        let mut hit = false;
        e.walk(&mut |x| {
            if let Expr::Name(n) = x {
                hit |= n.name.to_lowercase().contains("migration");
            }
        });
        hit
    })
}

fn only_migration_background(model: &Model, diags: &mut Diags) {
    let used: Vec<&Dimension> = model
        .indicators
        .values()
        .flat_map(|i| i.dimensions.iter())
        .filter_map(|d| model.dimensions.get(d))
        .collect();
    if used.is_empty() || !used.iter().all(|d| is_migration_background(d)) {
        return;
    }
    for i in model.indicators.values().filter(|i| !i.dimensions.is_empty()) {
        let span = i.attr_origins.get("by").copied().unwrap_or(i.origin);
        diags.push(
            Diag::warning("lint::only-migration-background", format!("indicator `{}` is broken down only by migration background, and no other dimension is used anywhere", i.id))
                .at(span.file, span.span, "only Migrationshintergrund")
                .help("add other dimensions (citizenship, own migration experience, sex, age band, district) — source report §5.2"),
        );
    }
}
