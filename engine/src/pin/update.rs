//! `kimon update`: for every pinned `extends`/`import` whose file changed,
//! what changed (semantic diff) and the new hash. It only reports; the pins
//! are rewritten by [`super::pin`] with `pinned_only` (`--write`).

use super::changes::{semantic_change, SemanticChange};
use super::rewrite::{pin, PinOutcome};
use crate::load::AccessPolicy;
use std::path::Path;

/// One pinned reference whose file no longer matches its pin.
#[derive(Debug)]
pub struct UpdateEntry {
    pub path: String,
    pub pinned_sha256: String,
    pub sha256: String,
    pub version: Option<String>,
    pub change: SemanticChange,
}

/// Everything `kimon update` prints.
#[derive(Debug)]
pub struct UpdateReport {
    /// The pins as they would be written; its diagnostics are the reasons
    /// nothing can be compared.
    pub outcome: PinOutcome,
    pub changed: Vec<UpdateEntry>,
    /// Pinned references whose file still matches.
    pub current: Vec<String>,
    /// References without a pin (`kimon pin` adds them).
    pub unpinned: Vec<String>,
}

/// Compares every pinned reference of `rulebook` with its file now.
pub fn update(rulebook: &Path, policy: &AccessPolicy) -> UpdateReport {
    let outcome = pin(rulebook, policy, true);
    let dir = rulebook.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut changed = Vec::new();
    let mut current = Vec::new();
    for p in &outcome.pins {
        let pinned = p.before.clone().unwrap_or_default();
        if pinned == p.sha256 {
            current.push(p.path.clone());
            continue;
        }
        let target = dir.join(&p.path).canonicalize().unwrap_or_else(|_| dir.join(&p.path));
        let change = semantic_change(rulebook, policy, &target, &pinned, dir);
        changed.push(UpdateEntry {
            path: p.path.clone(),
            pinned_sha256: pinned,
            sha256: p.sha256.clone(),
            version: p.version.clone(),
            change,
        });
    }
    let unpinned = kimon_grammar::parse(&outcome.original)
        .map(|parsed| {
            super::references(&parsed.file)
                .into_iter()
                .filter(|r| r.pin.is_none())
                .map(|r| r.path.value)
                .collect()
        })
        .unwrap_or_default();
    UpdateReport { outcome, changed, current, unpinned }
}

/// The report as text (English, like the diagnostics).
pub fn render(report: &UpdateReport, written: bool) -> String {
    let mut out = String::new();
    for e in &report.changed {
        out.push_str(&format!(
            "{} changed\n  pinned sha256: {}\n  new sha256:    {}\n",
            e.path, e.pinned_sha256, e.sha256
        ));
        if let Some(v) = &e.version {
            out.push_str(&format!("  new version:   {v}\n"));
        }
        match &e.change {
            SemanticChange::Diff(d) if d.is_empty() => {
                out.push_str("  the resolved rulebook does not change (comments or layout only)\n")
            }
            SemanticChange::Diff(d) => {
                out.push_str("  what changed (A = pinned, B = now):\n");
                let text = crate::tooling::diff::render_text(d, crate::report::numfmt::Lang::En);
                for line in text.lines().skip(2) {
                    out.push_str(&format!("  {line}\n"));
                }
            }
            SemanticChange::NoCopy => out.push_str(&format!(
                "  no copy of the pinned text is kept in `{}/`; only the hashes can be compared\n",
                super::STORE_DIR
            )),
            SemanticChange::Unresolvable(why) => {
                out.push_str(&format!("  what changed cannot be shown: {why}\n"))
            }
        }
    }
    for p in &report.current {
        out.push_str(&format!("{p}: pin is current\n"));
    }
    for p in &report.unpinned {
        out.push_str(&format!("{p}: not pinned (`kimon pin` adds a pin)\n"));
    }
    if !report.changed.is_empty() {
        if written {
            out.push_str(&format!("pins rewritten in {}\n", report.outcome.rulebook.display()));
        } else {
            out.push_str(&format!(
                "nothing written; accept the change with `kimon update --write {}`\n",
                report.outcome.rulebook.display()
            ));
        }
    }
    out
}
