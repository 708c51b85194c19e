//! Checks of a county source over its member towns' exports
//! (`kind member_exports` with one `member "code", "file"` per town).
//!
//! Such a source names its files only through `member` lines, so that every
//! number in it can be traced to the town that published it.

use super::cx::Cx;
use super::database::Where;
use crate::diag::{Diag, FileId};
use crate::model::Source;
use kimon_grammar::ast::Span;

/// Checks the member lines against the kind; `true` when the source is an
/// ordinary one whose `file`/`database` still need checking.
pub fn resolve(s: &mut Source, kind: Option<Span>, place: &Where<'_>, file: FileId, cx: &mut Cx) -> bool {
    let id = s.id.clone();
    let Some(kind_span) = kind else {
        if !s.format.members.is_empty() {
            cx.push(
                Diag::error(
                    "member-without-kind",
                    format!("source `{id}` lists members but is not `kind member_exports`"),
                )
                .at(file, place.id_span, "source with `member` lines")
                .help("write `kind member_exports` to sum the members' published exports"),
            );
        }
        return true;
    };
    if let Some(f) = place.file.or(place.database).or(place.table) {
        cx.push(
            Diag::error(
                "member-exports-file",
                format!("source `{id}` reads its members' exports, not a file or table"),
            )
            .at(file, f.span, "not read")
            .help("name each town's export with `member \"001\", \"gemeinden/adorf.csv\"` instead"),
        );
        return false;
    }
    // The composed table writes numbers as the export does: decimal point,
    // no grouping (`1.234` is one and a quarter, never a thousand).
    s.format.number.decimal = Some('.');
    match s.format.members.first() {
        Some(m) => s.file = m.file.clone(),
        None => cx.push(
            Diag::error("member-exports-empty", format!("source `{id}` names no member"))
                .at(file, kind_span, "members' exports of which towns?")
                .help("add one line per town: `member \"001\", \"gemeinden/adorf.csv\"` (the code of its unit in the county's area, and the CSV it wrote with `kimon export --format csv`)"),
        ),
    }
    false
}
