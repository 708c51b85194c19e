//! Privacy enforced in one place. The evaluated tables go through primary
//! and complementary suppression and the audit; what comes out is the only
//! input any renderer sees. A suppressed cell carries its reason, never its
//! value: the [`Shown`] type has no field that could hold it.

mod build;
mod shown;

pub use shown::*;

use crate::diag::{Diag, Diags};
use crate::eval::Evaluation;
use crate::model::Model;
use crate::privacy::{protect, AuditReport, PrivacyRules, Protection, SuppressionCounts};
use indexmap::IndexMap;
use serde::Serialize;

/// One protection run (indicators sharing the same privacy rules).
#[derive(Debug, Clone, Serialize)]
pub struct ProtectionRun {
    pub indicators: Vec<String>,
    pub counts: SuppressionCounts,
    pub audit_passed: bool,
    /// Audit intervals; the true values of suppressed cells are not kept.
    pub audit: Vec<AuditLine>,
    pub components: usize,
    pub lp_solves: usize,
}

/// What the audit says about one suppressed cell, without its value.
#[derive(Debug, Clone, Serialize)]
pub struct AuditLine {
    pub label: String,
    pub reason: String,
    pub lo: f64,
    /// `None` when the public cannot bound the cell from above.
    pub hi: Option<f64>,
    pub sensitive: bool,
    pub protected: bool,
}

/// The protected publication: tables plus what was suppressed and why.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub tables: IndexMap<String, PublishedTable>,
    pub runs: Vec<ProtectionRun>,
    pub audit_passed: bool,
}

impl Published {
    pub fn counts(&self) -> SuppressionCounts {
        let mut c = SuppressionCounts::default();
        for r in &self.runs {
            c.cells += r.counts.cells;
            c.published += r.counts.published;
            c.primary += r.counts.primary;
            c.forced += r.counts.forced;
            c.complementary += r.counts.complementary;
            c.audit_added += r.counts.audit_added;
        }
        c
    }
}

pub fn rules_of(p: &crate::model::PrivacySettings) -> PrivacyRules {
    PrivacyRules {
        min_count: p.min_count,
        zero_publishable: p.zero_publishable,
        min_denominator: p.min_denominator,
        min_contributors: p.min_contributors,
        round_to: p.round_to,
        protection: Protection { relative: p.protection_relative, absolute: p.protection_absolute },
        complementary: p.complementary,
    }
}

/// Protects every table of an evaluation. Fails closed: if the audit does
/// not pass, an error is returned and nothing may be written.
pub fn publish(model: &Model, eval: &Evaluation) -> Result<Published, Diags> {
    // Indicators with equal privacy rules share one constraint system, so a
    // count published by two indicators is one cell.
    let mut groups: Vec<(crate::model::PrivacySettings, Vec<String>)> = Vec::new();
    for id in eval.tables.keys() {
        let Some(ind) = model.indicators.get(id) else { continue };
        match groups.iter_mut().find(|(p, _)| *p == ind.privacy) {
            Some((_, list)) => list.push(id.clone()),
            None => groups.push((ind.privacy.clone(), vec![id.clone()])),
        }
    }
    let mut statuses_by_key: IndexMap<String, crate::privacy::Status> = IndexMap::new();
    let mut runs = Vec::new();
    let mut all_passed = true;
    for (settings, ids) in &groups {
        let built = build::problem(model, eval, ids, rules_of(settings));
        let outcome = protect(&built.problem).map_err(|e| Diags {
            items: vec![Diag::error("privacy", format!("cell suppression failed: {e}"))
                .help("this is a bug in kimon or inconsistent input tables; nothing was written")],
        })?;
        all_passed &= outcome.audit_passed;
        for (key, id) in &built.keys {
            let s = outcome.status(*id);
            let entry = statuses_by_key.entry(key.clone()).or_insert(s);
            if entry.is_published() && s.is_suppressed() {
                *entry = s;
            }
        }
        runs.push(ProtectionRun {
            indicators: ids.clone(),
            counts: outcome.counts,
            audit_passed: outcome.audit_passed,
            audit: audit_lines(&outcome.audit),
            components: outcome.audit.components,
            lp_solves: outcome.audit.lp_solves,
        });
    }
    let mut tables = IndexMap::new();
    for (id, table) in &eval.tables {
        let Some(ind) = model.indicators.get(id) else { continue };
        tables.insert(id.clone(), build::published_table(model, ind, table, &statuses_by_key));
    }
    Ok(Published { tables, runs, audit_passed: all_passed })
}

fn audit_lines(report: &AuditReport) -> Vec<AuditLine> {
    report
        .rows
        .iter()
        .map(|r| AuditLine {
            label: r.label.clone(),
            reason: shown::reason_code(r.reason).to_string(),
            lo: r.lo,
            hi: r.hi.is_finite().then_some(r.hi),
            sensitive: r.sensitive,
            protected: r.protected,
        })
        .collect()
}
