//! Checking a pinned file before it is parsed, and the diagnostics for a
//! pin that does not hold.

use super::changes::{semantic_change, SemanticChange};
use super::hash::{is_sha256_hex, sha256_hex};
use crate::diag::Diag;
use crate::load::{AccessPolicy, Loaded};
use kimon_grammar::ast::Pin;
use std::path::{Path, PathBuf};

/// Why a pinned file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinFailure {
    /// The pin's hash is not 64 hex digits.
    Malformed,
    /// The file's bytes hash to `actual`, not to the pinned value.
    Mismatch { actual: String },
}

/// A refused pinned file, kept so `kimon check` can explain what changed.
#[derive(Debug, Clone)]
pub struct Mismatch {
    /// Index of the refusal in [`Loaded::diags`].
    pub diag: usize,
    /// Directory of the file that holds the pin (where its copies are kept).
    pub pinning_dir: PathBuf,
    /// Canonical path of the pinned file.
    pub target: PathBuf,
    pub pinned: String,
    pub actual: String,
}

/// Checks `bytes` against the pin's hash (case-insensitive).
pub fn verify(bytes: &[u8], pin: &Pin) -> Result<(), PinFailure> {
    let pinned = pin.sha256.value.to_ascii_lowercase();
    if !is_sha256_hex(&pinned) {
        return Err(PinFailure::Malformed);
    }
    let actual = sha256_hex(bytes);
    if actual == pinned {
        Ok(())
    } else {
        Err(PinFailure::Mismatch { actual })
    }
}

impl PinFailure {
    /// The diagnostic (without location; the loader places it on the pin).
    /// `display` names the pinned file, `pinning` the file holding the pin.
    pub fn into_diag(self, display: &str, pin: &Pin, pinning: &str) -> Diag {
        match self {
            PinFailure::Malformed => Diag::error(
                "pin-malformed",
                format!("the pin of `{display}` is not a SHA-256 (64 hex digits): \"{}\"", pin.sha256.value),
            )
            .help(format!("let kimon write the pin: `kimon pin {pinning}`")),
            PinFailure::Mismatch { actual } => Diag::error(
                "pin-mismatch",
                format!(
                    "`{display}` has changed since it was pinned; kimon did not read it\n  pinned sha256: {}\n  file sha256:   {actual}",
                    pin.sha256.value.to_ascii_lowercase()
                ),
            )
            .help(format!(
                "review the change with `kimon update {pinning}` and, if it is intended, accept it with `kimon update --write {pinning}`"
            )),
        }
    }
}

/// Whether a diagnostic is a pin refusal that kept a file from being read.
pub fn refuses_file(d: &Diag) -> bool {
    d.code == "kimon::pin-mismatch" || d.code == "kimon::pin-malformed"
}

/// Diagnostic for a pinned `version` the file does not declare.
pub fn version_diag(display: &str, pinned: &str, declared: Option<&str>, pinning: &str) -> Diag {
    let declared = declared.map_or_else(|| "no version".to_string(), |v| format!("version \"{v}\""));
    Diag::error(
        "pin-version",
        format!("`{display}` declares {declared}, the pin expects version \"{pinned}\""),
    )
    .help(format!("the pin does not match the file it names; rewrite it with `kimon pin {pinning}`"))
}

/// Most diff lines a refusal shows; `kimon update` shows all of them.
const SHOWN_LINES: usize = 12;

/// Adds to every pin refusal what changed: the semantic diff of the root
/// rulebook resolved with the pinned text against the file as it is now,
/// when a copy of the pinned text is kept (see the module docs).
pub fn explain_mismatches(loaded: &mut Loaded, root: &Path, policy: &AccessPolicy) {
    let mismatches = std::mem::take(&mut loaded.pin_mismatches);
    for m in &mismatches {
        let what = match semantic_change(root, policy, &m.target, &m.pinned, &m.pinning_dir) {
            SemanticChange::Diff(report) if report.is_empty() => {
                "the text changed, but the resolved rulebook does not (comments or layout only)".to_string()
            }
            SemanticChange::Diff(report) => {
                let text = crate::tooling::diff::render_text(&report, crate::report::numfmt::Lang::En);
                let lines: Vec<&str> = text.lines().skip(2).collect();
                let mut shown = lines.iter().take(SHOWN_LINES).copied().collect::<Vec<_>>().join("\n");
                if lines.len() > SHOWN_LINES {
                    shown.push_str(&format!("\n… {} more line(s)", lines.len() - SHOWN_LINES));
                }
                format!("what changed (A = pinned, B = now):\n{shown}")
            }
            SemanticChange::NoCopy => format!(
                "no copy of the pinned text is kept in `{}/`, so only the hashes can be compared",
                super::STORE_DIR
            ),
            SemanticChange::Unresolvable(why) => format!("what changed cannot be shown: {why}"),
        };
        if let Some(d) = loaded.diags.items.get_mut(m.diag) {
            let help = d.help.take().unwrap_or_default();
            d.help = Some(format!("{help}\n{what}"));
        }
    }
}
