//! Checks of a dimension whose groups are columns of a wide table
//! (`group foreign "Ausländer*innen" column "Auslaender"`): such a group
//! has no row condition, so it cannot be mixed with `when`/`otherwise`
//! groups, and every group must name a column for the same values — a
//! value missing for one group would make the dimension total smaller
//! than the sum it claims to be.

use super::cx::Cx;
use crate::diag::Diag;
use crate::model::{Dimension, GroupRuleDef};

pub fn check_dimension(dim: &Dimension, cx: &mut Cx) {
    if !dim.is_wide() {
        return;
    }
    let values = dim.wide_values();
    for g in &dim.groups {
        match &g.rule {
            GroupRuleDef::Columns(cols) => {
                let missing: Vec<&String> = values.iter().filter(|v| !cols.contains_key(*v)).collect();
                if !missing.is_empty() {
                    let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
                    cx.push(
                        Diag::error(
                            "wide-group-incomplete",
                            format!("group `{}` of dimension `{}` names no column for {list}", g.id, dim.id),
                        )
                        .at(g.origin.file, g.origin.span, "a column is missing")
                        .help(format!(
                            "every group of a wide dimension names a column for each value: add `{} = \"…\"`",
                            missing[0]
                        )),
                    );
                }
            }
            GroupRuleDef::When(_) | GroupRuleDef::Otherwise => cx.push(
                Diag::error(
                    "wide-group-mixed",
                    format!("dimension `{}` mixes groups over columns with groups over rows", dim.id),
                )
                .at(g.origin.file, g.origin.span, "a group over rows")
                .help("in a wide table every group is a column (`column \"…\"`); a group that adds columns up is a derived group `= a + b`"),
            ),
            GroupRuleDef::Sum(_) => {}
        }
    }
}
