//! The definition fingerprint of an indicator, carried in every export row
//! so that a county summing its member towns' exports can prove that every
//! town measured the same thing („Äpfel mit Birnen“) before adding numbers.
//!
//! It covers what decides a published number — numerator, denominator,
//! unit, the groups of every dimension with their conditions, the `let`s
//! they read, and each source's kind and Migrationshintergrund definition —
//! and leaves out what differs between towns without changing the meaning:
//! titles, texts, targets, file names, column headers and the areas.

use crate::model::{GroupRuleDef, Indicator, LetBody, Model};
use crate::pin::sha256_hex;

/// The first 16 hex digits of the SHA-256 of the definition text.
pub fn fingerprint(model: &Model, ind: &Indicator) -> String {
    let text = definition_text(model, ind);
    sha256_hex(text.as_bytes())[..16].to_string()
}

/// The canonical text the fingerprint hashes (one aspect per line).
pub fn definition_text(model: &Model, ind: &Indicator) -> String {
    let mut lines = vec![
        format!("numerator {}", crate::tooling::aggregate_text(&ind.numerator)),
        format!(
            "denominator {}",
            ind.denominator.as_ref().map(crate::tooling::aggregate_text).unwrap_or_default()
        ),
        format!("unit {:?}", ind.unit),
    ];
    for d in &ind.dimensions {
        let Some(dim) = model.dimensions.get(d) else { continue };
        let groups: Vec<String> = dim
            .groups
            .iter()
            .map(|g| match &g.rule {
                GroupRuleDef::When(e) => {
                    format!("{} when {}", g.id, kimon_grammar::format::expr_to_string(e))
                }
                GroupRuleDef::Otherwise => format!("{} otherwise", g.id),
                GroupRuleDef::Sum(p) => format!("{} = {}", g.id, p.join(" + ")),
                GroupRuleDef::Columns(c) => {
                    let cols: Vec<String> = c.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    format!("{} columns {}", g.id, cols.join(","))
                }
            })
            .collect();
        lines.push(format!("by {d}: {}", groups.join("; ")));
    }
    for s in ind.sources() {
        if let Some(src) = model.sources.get(s) {
            lines.push(format!("source {s} {:?} {:?}", src.kind, src.mh_definition));
        }
    }
    // A `let` the definition reads can move an age limit without a visible
    // change in the numerator's text.
    let joined = lines.join("\n");
    for (name, l) in &model.lets {
        if !mentions(&joined, name) {
            continue;
        }
        let body = match &l.body {
            LetBody::Native(e) => kimon_grammar::format::expr_to_string(e),
            LetBody::Rhai { code, .. } => format!("rhai {code}"),
        };
        lines.push(format!("let {name} = {body}"));
    }
    lines.join("\n")
}

/// Whether `text` holds `name` as a whole word.
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_matched_whole() {
        assert!(super::mentions("count(r where alter in 1..2)", "alter"));
        assert!(!super::mentions("count(r where altersgruppe == 1)", "alter"));
    }
}
