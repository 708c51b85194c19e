//! Privacy enforced in one place. The evaluated tables go through primary
//! and complementary suppression and the audit; what comes out is the only
//! input any renderer sees. A suppressed cell carries its reason, never its
//! value: the [`Shown`] type has no field that could hold it.

mod atom_index;
mod atom_relations;
mod audit_text;
mod build;
mod cell_key;
mod contradiction;
mod ledger_cells;
mod shown;
mod structural;

pub use atom_index::{AtomIndex, Part};
pub use audit_text::{render_audit, CONFIDENTIAL_HEADER};
pub use shown::*;
pub use structural::Structural;

use crate::diag::{Diag, Diags};
use crate::eval::Evaluation;
use crate::model::Model;
use crate::privacy::{protect, AuditReport, PrivacyRules, Protection, Status, SuppressionCounts};
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
    /// Limits the protection ran into, in words (shown as warnings).
    pub notes: Vec<String>,
    /// Counts over distinct cells (a count shared by several indicators
    /// counts once), by the reason that decided its suppression.
    pub totals: SuppressionCounts,
    /// Verdicts of checks on confidential data, for `kimon audit` only;
    /// never serialised into a published output.
    #[serde(skip)]
    pub confidential_checks: Vec<String>,
}

impl Published {
    pub fn counts(&self) -> SuppressionCounts {
        self.totals
    }
}

/// Whether every source an indicator reads is declared `confidential no`.
pub fn is_public(model: &Model, ind: &crate::model::Indicator) -> bool {
    let public = |s: &str| model.sources.get(s).is_some_and(|s| !s.confidential);
    public(&ind.numerator.source) && ind.denominator.as_ref().is_none_or(|d| public(&d.source))
}

/// Sources declared `confidential no`, for the report's privacy text.
pub fn public_sources(model: &Model) -> Vec<String> {
    model.sources.values().filter(|s| !s.confidential).map(|s| s.title.clone()).collect()
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
        magnitude: crate::privacy::Magnitude {
            // `dominance_k` alone means the usual (1, k) rule.
            dominance: p.dominance_k.map(|k| (p.dominance_n.unwrap_or(1), k)),
            p_percent: p.p_percent,
        },
    }
}

/// Protects every table of an evaluation. Fails closed: if the audit does
/// not pass, an error is returned and nothing may be written.
pub fn publish(model: &Model, eval: &Evaluation) -> Result<Published, Diags> {
    publish_with(model, eval, None).map(|(p, _)| p)
}

/// Like [`publish`], with the cells of earlier runs from the ledger as cells
/// the public already knows; also returns the atom index the ledger record
/// of this run is built from.
pub fn publish_with(
    model: &Model,
    eval: &Evaluation,
    ledger: Option<&crate::ledger::Ledger>,
) -> Result<(Published, AtomIndex), Diags> {
    // Indicators with equal privacy rules share one constraint system, so a
    // count published by two indicators is one cell.
    let mut groups: Vec<(crate::model::PrivacySettings, Vec<String>)> = Vec::new();
    for id in eval.tables.keys() {
        let Some(ind) = model.indicators.get(id) else { continue };
        if is_public(model, ind) {
            // Already published by the statistics office: nothing to protect.
            continue;
        }
        if ind.privacy.cell_key_params().is_some() {
            // Protected by noise (`cell_key.rs`), not by suppression.
            continue;
        }
        match groups.iter_mut().find(|(p, _)| *p == ind.privacy) {
            Some((_, list)) => list.push(id.clone()),
            None => groups.push((ind.privacy.clone(), vec![id.clone()])),
        }
    }
    // Runs with different rules can share cells. A cell suppressed in one
    // run is hidden in every other run too, and those runs are protected
    // again around it, until no run changes (suppressions only grow, so
    // this ends).
    mixed_methods(model, eval)?;
    let index = atom_index::AtomIndex::build(eval, ledger);
    // Cells empty by the rulebook's definitions: known to every reader,
    // so neither protected nor counted as sensitive.
    let structural = Structural::of(model, eval);
    let mut notes: Vec<String> = Vec::new();
    let mut statuses_by_key: IndexMap<String, crate::privacy::Status> = IndexMap::new();
    let mut runs = Vec::new();
    let mut all_passed = true;
    // What each run suppressed in the previous round.
    let mut suppressed_by: Vec<std::collections::BTreeSet<String>> = vec![Default::default(); groups.len()];
    let mut converged = false;
    for _round in 0..64 {
        statuses_by_key.clear();
        runs.clear();
        all_passed = true;
        let mut now_by: Vec<std::collections::BTreeSet<String>> = Vec::with_capacity(groups.len());
        for (g, (settings, ids)) in groups.iter().enumerate() {
            let hidden: std::collections::BTreeSet<String> = suppressed_by
                .iter()
                .enumerate()
                .filter(|(h, _)| *h != g)
                .flat_map(|(_, set)| set.iter().cloned())
                .collect();
            let built =
                build::problem(model, eval, &index, &structural, ids, rules_of(settings), &hidden, ledger);
            if let Some(n) = built.atoms_skipped {
                let note = format!(
                    "privacy: the atom model of `{}` has {n} latent cells (limit {}); relations between different measures (complements, overlapping filters) were not audited for these indicators",
                    ids.join(", "),
                    build::MAX_ATOM_LATENTS
                );
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            let outcome = protect(&built.problem).map_err(|e| Diags {
                items: vec![Diag::error("privacy", format!("cell suppression failed: {e}"))
                    .help("this is a bug in kimon or inconsistent input tables; nothing was written")],
            })?;
            all_passed &= outcome.audit_passed;
            let mut mine = std::collections::BTreeSet::new();
            for (key, id) in &built.keys {
                let s = outcome.status(*id);
                let decided_here = s.is_suppressed() && !hidden.contains(key);
                if decided_here {
                    mine.insert(key.clone());
                }
                let entry = statuses_by_key.entry(key.clone()).or_insert(s);
                // Keep the reason from the run that decided the suppression,
                // not "hidden because another run hid it".
                if entry.is_published() && s.is_suppressed() || decided_here {
                    *entry = s;
                }
            }
            now_by.push(mine);
            runs.push(ProtectionRun {
                indicators: ids.clone(),
                counts: outcome.counts,
                audit_passed: outcome.audit_passed,
                audit: audit_lines(&outcome.audit),
                components: outcome.audit.components,
                lp_solves: outcome.audit.lp_solves,
            });
        }
        let grew = now_by.iter().zip(&suppressed_by).any(|(now, before)| !now.is_subset(before));
        if groups.len() < 2 || !grew {
            converged = true;
            break;
        }
        for (before, now) in suppressed_by.iter_mut().zip(now_by) {
            before.extend(now);
        }
    }
    if !converged {
        return Err(Diags {
            items: vec![Diag::error(
                "privacy",
                "cell suppression across indicators with different privacy rules did not settle",
            )
            .help("use the same privacy rules for indicators that share counts; nothing was written")],
        });
    }
    let mut tables = IndexMap::new();
    let mut ptables = cell_key::Tables::default();
    for (id, table) in &eval.tables {
        let Some(ind) = model.indicators.get(id) else { continue };
        let params = ind.privacy.cell_key_params().filter(|_| !is_public(model, ind));
        let noise = match &params {
            Some(p) => Some(cell_key::Noise {
                index: &index,
                table: ptables.get(p).map_err(|e| Diags {
                    items: vec![Diag::error("cell-key-parameters", format!("indicator `{id}`: {e}"))
                        .help("nothing was written")],
                })?,
            }),
            None => None,
        };
        let statuses = if is_public(model, ind) || noise.is_some() {
            build::all_published(&index, table)
        } else {
            statuses_by_key.clone()
        };
        tables.insert(
            id.clone(),
            build::published_table(model, &index, &structural, ind, table, &statuses, noise.as_ref()),
        );
    }
    let finals: Vec<Status> = statuses_by_key.values().copied().collect();
    let totals = SuppressionCounts::from_statuses(&finals);
    let confidential_checks = eval
        .checks
        .iter()
        .filter(|c| !crate::assess::check_reads_public_only(model, &c.check))
        .map(|c| {
            let area = match &c.key.area {
                crate::eval::AreaKey::Total => "gesamt".to_string(),
                crate::eval::AreaKey::Unit(u) => u.clone(),
            };
            let groups: Vec<&str> = c.key.groups.iter().flatten().map(String::as_str).collect();
            let verdict = match c.passed {
                Some(true) => "bestanden",
                Some(false) => "NICHT bestanden",
                None => "nicht prüfbar",
            };
            let num = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
            format!(
                "{} ({}) {} {} {}: {verdict} (links {}, rechts {})",
                c.title,
                c.check,
                c.key.year,
                area,
                groups.join(" "),
                num(c.left),
                num(c.right)
            )
        })
        .collect();
    Ok((Published { tables, runs, audit_passed: all_passed, notes, totals, confidential_checks }, index))
}

/// Refuses a source protected by the cell key method for one indicator and
/// by suppression (or another noise table) for another: the same count
/// published exactly, or with two different noises, undoes the protection.
fn mixed_methods(model: &Model, eval: &Evaluation) -> Result<(), Diags> {
    let mut method_of: IndexMap<&str, (&str, Option<crate::privacy::cellkey::PTableParams>)> =
        IndexMap::new();
    for id in eval.tables.keys() {
        let Some(ind) = model.indicators.get(id) else { continue };
        if is_public(model, ind) {
            continue;
        }
        let method = ind.privacy.cell_key_params().map(|p| p.ptable_params());
        let sources =
            std::iter::once(&ind.numerator).chain(ind.denominator.as_ref()).map(|a| a.source.as_str());
        for source in sources {
            let (other, other_method) = *method_of.entry(source).or_insert((id.as_str(), method));
            if other_method != method {
                return Err(Diags {
                    items: vec![Diag::error(
                        "privacy-mixed-methods",
                        format!(
                            "source `{source}` is protected in two different ways: by indicator `{other}` and by indicator `{id}`"
                        ),
                    )
                    .at(ind.origin.file, ind.origin.span, "this indicator's privacy rules differ")
                    .help("a count published once exactly (or with other noise) and once perturbed reveals the noise; use one method and one set of cell key parameters per source")],
                });
            }
        }
    }
    Ok(())
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
