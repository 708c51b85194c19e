//! The one findings model every renderer uses (JSON, terminal table,
//! Markdown, HTML, CSV). It is built from the protected tables only.
//!
//! JSON schema `kimon-findings/2` (documented in `docs/findings-schema.md`,
//! the rating rules in `docs/assessment.md`):
//! deterministic field order, no timestamps, byte-identical on re-run.

mod model;
mod table;

pub use model::*;
pub use table::{checks_section, class_word, render_table};

/// Serialises findings as pretty JSON with a trailing newline.
pub fn to_json(f: &Findings) -> String {
    let mut s = serde_json::to_string_pretty(f).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
