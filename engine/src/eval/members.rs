//! Prepares a county source over its member towns' exports: every member
//! file under the same path rules as any data file, then the composed
//! table (see [`crate::data::members`]) streamed like a data file.

use crate::data::members::{compose, MemberFile};
use crate::data::prepare::Prepared;
use crate::diag::Diag;
use crate::model::Source;
use crate::session::Options;
use std::path::Path;

/// `Ok(None)`: a member's file does not exist and `skip_missing` is set
/// (`kimon check` before the towns have delivered).
pub fn prepare(
    source: &Source,
    base: &Path,
    first: &Path,
    opts: &Options,
    skip_missing: bool,
) -> Result<Option<Prepared>, Box<Diag>> {
    let policy = opts.policy(&source.base_dir.join("_"));
    let mut files = Vec::new();
    for m in &source.format.members {
        let path = base.join(&m.file);
        let display = crate::load::normalize(&path);
        let canonical = match policy.check(&path) {
            Ok(c) => c,
            Err(crate::load::AccessError::NotFound(..)) if skip_missing => return Ok(None),
            Err(e) => {
                return Err(Box::new(e.into_data_diag(&display).at(
                    source.origin.file,
                    source.origin.span,
                    format!("export of member {} named here", m.code),
                )))
            }
        };
        files.push(MemberFile { member: m, path: canonical, display });
    }
    let composed = compose(&files)?;
    let prepared = crate::data::prepare::from_text(first, &composed.csv, composed.notes)
        .map_err(|e| Diag::error("data-io", format!("cannot compose the members' table: {e}")))?;
    Ok(Some(prepared))
}
