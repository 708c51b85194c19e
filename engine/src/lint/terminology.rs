//! The rulebook's `terminology` against its own titles: kimon's text
//! speaks the chosen term, so a dimension or group titled with the other
//! one would put both words into one report.

use crate::diag::{Diag, Diags};
use crate::model::{Model, Terminology};

/// Warns once per dimension or group whose title uses the term the
/// rulebook did not choose.
pub(super) fn mixed_terms(model: &Model, diags: &mut Diags) {
    let chosen = model.meta.terminology;
    let other = match chosen {
        Terminology::Migrationshintergrund => Terminology::Einwanderungsgeschichte,
        Terminology::Einwanderungsgeschichte => Terminology::Migrationshintergrund,
    };
    let word = other.noun(true);
    let keyword = |t: Terminology| match t {
        Terminology::Migrationshintergrund => "migrationshintergrund",
        Terminology::Einwanderungsgeschichte => "einwanderungsgeschichte",
    };
    // Only an explicit choice is checked: a rulebook that never chose keeps
    // its words as they always were.
    if !model.meta.terminology_declared {
        return;
    }
    for d in model.dimensions.values() {
        let titled =
            std::iter::once((&d.title, d.origin)).chain(d.groups.iter().map(|g| (&g.title, g.origin)));
        for (title, origin) in titled {
            if title.contains(word) {
                diags.push(
                    Diag::warning(
                        "lint::mixed-terms",
                        format!(
                            "`{title}` says „{word}“, but the rulebook chose `terminology {}`",
                            keyword(chosen)
                        ),
                    )
                    .at(origin.file, origin.span, format!("„{word}“"))
                    .help(format!(
                        "say „{}“ here too, or choose `terminology {}`",
                        chosen.noun(true),
                        keyword(other)
                    )),
                );
            }
        }
    }
}
