//! Fairness lints (source report §4, §5.2): strengths and needs for action
//! on equal footing. A field whose indicators can only ever show deficits,
//! or whose strengths could only come from the reference group (which is
//! context and never rated), is named.

use crate::diag::{Diag, Diags};
use crate::model::{BandClass, DecidingRule, Indicator, Model, Polarity};
use kimon_grammar::ast::SubjectKind;

/// Whether a target is about the reference group of its dimension (and so
/// can never rate a finding).
fn on_reference(model: &Model, ind: &Indicator, groups: &[String]) -> Option<String> {
    let g = groups.first()?;
    ind.dimensions
        .iter()
        .filter_map(|d| model.dimensions.get(d))
        .find(|d| d.group(g).is_some())
        .filter(|d| d.reference.as_deref() == Some(g.as_str()))
        .map(|_| g.clone())
}

/// Whether the trend can decide for this indicator: it is in the rulebook's
/// order, points somewhere, and no band always decides before it.
fn trend_reachable(model: &Model, ind: &Indicator) -> bool {
    let order = &model.assessment.decide;
    let Some(t) = order.iter().position(|r| *r == DecidingRule::Trend) else { return false };
    let band_first = order.iter().position(|r| *r == DecidingRule::Band).is_some_and(|b| b < t);
    ind.polarity != Polarity::Neutral && (ind.thresholds.is_empty() || !band_first)
}

fn can_show(model: &Model, ind: &Indicator, class: BandClass) -> bool {
    let rated_target = ind.targets.iter().any(|t| on_reference(model, ind, &t.groups).is_none());
    let band = ind.thresholds.iter().any(|th| th.bands.iter().any(|b| b.class == class));
    rated_target || band || trend_reachable(model, ind)
}

pub fn field_deficits_only(model: &Model, diags: &mut Diags) {
    for field in model.fields.values() {
        let inds: Vec<&Indicator> = model.indicators.values().filter(|i| i.field == field.id).collect();
        let needs = inds.iter().any(|i| can_show(model, i, BandClass::NeedForAction));
        let strengths = inds.iter().any(|i| can_show(model, i, BandClass::Strength));
        if !needs || strengths {
            continue;
        }
        let Some(first) = inds.first() else { continue };
        diags.push(
            Diag::warning(
                "lint::field-deficits-only",
                format!("field `{}` can only show needs for action, never a strength", field.id),
            )
            .at(first.origin.file, first.origin.span, "no strength band or target on a monitored group in this field")
            .help("add a `strength` band or a target so strengths and needs for action are shown side by side (source report §4, §5.2)"),
        );
    }
}

pub fn target_on_reference(model: &Model, diags: &mut Diags) {
    for ind in model.indicators.values() {
        for t in &ind.targets {
            let Some(g) = on_reference(model, ind, &t.groups) else { continue };
            let what = match t.subject {
                SubjectKind::Value => "value",
                SubjectKind::Gap => "gap",
                SubjectKind::Ratio => "ratio",
            };
            diags.push(
                Diag::warning(
                    "lint::target-on-reference",
                    format!("{what} target on the reference group `{g}` of indicator `{}` in field `{}`: it is shown but never rates a finding", ind.id, ind.field),
                )
                .at(t.origin.file, t.origin.span, "the reference group is context")
                .help("set targets for the monitored groups (or the gap to the reference); the reference group is the yardstick"),
            );
        }
    }
}
