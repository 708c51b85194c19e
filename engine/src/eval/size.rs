//! The size of an evaluation's input, measured before it starts, so that a
//! front end can show progress against [`Control::bytes_done`](super::Control).

use crate::model::Model;
use crate::session::Options;
use std::io::Read;

/// Total data bytes of a model's sources and a rough row count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InputSize {
    /// Sum of the data files' sizes (what `bytes_done` counts up to, give or
    /// take the header lines).
    pub bytes: u64,
    /// Estimated rows, from the line length in each file's first 64 KiB: a
    /// progress bar can show rows/s without the pass having to count them.
    pub rows_estimate: u64,
    /// Sources counted by a database (no bytes to show; see `queries_running`).
    pub databases: u64,
}

/// Measures the data files the sources name, looked up the way the
/// evaluation does (`--data-dir` first). Files that cannot be read count as
/// empty here; the evaluation reports them properly.
pub fn input_size(model: &Model, opts: &Options) -> InputSize {
    let mut size = InputSize::default();
    for source in model.sources.values() {
        if source.database.is_some() {
            size.databases += 1;
            continue;
        }
        let base = opts.data_dir.clone().unwrap_or_else(|| source.base_dir.clone());
        let path = base.join(&source.file);
        // Only regular files: opening a FIFO would block before the
        // evaluation could refuse it.
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else { continue };
        let len = file.metadata().map_or(0, |m| m.len());
        let mut head = Vec::with_capacity(64 * 1024);
        if file.take(64 * 1024).read_to_end(&mut head).is_err() {
            continue;
        }
        let lines = head.iter().filter(|b| **b == b'\n').count().max(1) as u64;
        let sampled = head.len().max(1) as u64;
        size.bytes += len;
        size.rows_estimate += len.saturating_mul(lines) / sampled;
    }
    size
}
