//! Loads the key files of parents (`parents "key.csv"` in an area) once per
//! evaluation, under the same access rules as data files: inside the
//! rulebook's directory (or an allowed one), regular files only.

use crate::data::keyfile::{self, ParentKey};
use crate::diag::{Diag, Location};
use crate::model::Model;
use crate::session::Options;
use indexmap::IndexMap;
use std::sync::Arc;

/// Per area id: the key and its display name.
pub type Keys = IndexMap<String, (Arc<ParentKey>, String)>;

pub fn load(model: &Model, opts: &Options, errors: &mut Vec<Diag>) -> Keys {
    let mut out = Keys::new();
    for area in model.areas.values() {
        let Some(def) = &area.parents else { continue };
        let path = def.base_dir.join(&def.file);
        let display = crate::load::normalize(&path);
        let policy = opts.policy(&def.base_dir.join("_"));
        let canonical = match policy.check(&path) {
            Ok(c) => c,
            Err(e) => {
                let d = e.into_data_diag(&display);
                errors.push(d.at(def.origin.file, def.origin.span, "key file named here"));
                continue;
            }
        };
        match keyfile::read(&canonical) {
            Ok(key) => {
                out.insert(area.id.clone(), (Arc::new(key), display));
            }
            Err(p) if p.text.is_empty() => errors.push(
                Diag::error("key-file", format!("key file `{display}` of area `{}`: {}", area.id, p.what))
                    .at(def.origin.file, def.origin.span, "key file named here"),
            ),
            Err(p) => {
                let start =
                    p.text.char_indices().nth(p.column.saturating_sub(1) as usize).map_or(0, |(i, _)| i);
                let len = p.text[start..].split([',', ';']).next().map_or(1, |f| f.len().max(1));
                errors.push(
                    Diag::error("key-file", format!("key file `{display}` of area `{}`: {}", area.id, p.what))
                        .at_data(
                            Location::Data {
                                path: display.clone(),
                                line: p.line,
                                column: p.column,
                                text: p.text.clone(),
                                field_start: start,
                                field_len: len.min(p.text.len().saturating_sub(start)).max(1),
                            },
                            "here",
                        )
                        .help("a key file has a header `code,parent` (or `;`) and one line per unit: its code and the code of the unit it belongs to, each code once"),
                );
            }
        }
    }
    out
}
