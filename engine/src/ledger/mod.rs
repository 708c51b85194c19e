//! The publication ledger: what kimon has published before, so the next run
//! cannot be combined with it to recover a protected value.
//!
//! Two reports on the same data can each be safe and together disclose a
//! cell (`age in 15..64` in March, `age in 15..65` in June: their difference
//! is the 65-year-olds of a district). The ledger remembers, per source year,
//! which rows every earlier published cell summed and the value it showed:
//!
//! - rows are identified by the hash of their content, not their position,
//!   so a file that gained a year, or was re-sorted, still matches;
//! - a source year is identified by a fingerprint over all its rows, so a
//!   revised delivery is recognised as different data;
//! - the cells are stored as sums of *ledger classes* — the coarsest
//!   partition of the year's rows that all publications so far induce.
//!
//! The next run reads the ledger class of every row in its pass (atoms are
//! split by it, `eval/atoms.rs`), so every earlier cell is again an exact sum
//! of atoms. Privacy adds them as cells the public already knows and cannot
//! be hidden (`publish/ledger_cells.rs`): the audit then bounds this run's
//! sensitive cells with everything published before, suppresses more, or
//! refuses. After the run the ledger is rewritten with the refined partition
//! and the new cells (`record.rs`).
//!
//! The file is confidential like the data: row hashes of low-entropy rows
//! can be matched against guessed rows. Only `kimon ledger` output (run list,
//! labels and values that were published anyway) is meant to be shown.

mod list;
mod record;
mod rows;
mod store;

pub use list::render_list;
pub use record::{record, Recorded};
pub use rows::{row_hash, RowTrack, YearPrint};
pub use store::{default_path, Ledger, LedgerCell, RunRecord, YearEntry, NOTICE, SCHEMA};

/// What the pass needs from the ledger for one source: the ledger class of
/// each known row, per year. Classes of all entries share one id space
/// (`global = base of entry + local`).
#[derive(Debug, Default, Clone)]
pub struct SourceView {
    /// Year → rows sorted by hash, with their global class.
    pub years: rustc_hash::FxHashMap<i32, Vec<(u64, u32)>>,
    /// Entry (index in `Ledger::years`) and its first global class id,
    /// for every entry offered to this source.
    pub entries: Vec<(usize, u32)>,
}

impl SourceView {
    /// The global ledger class of a row, or `u32::MAX` when no earlier
    /// publication summed it.
    #[inline]
    pub fn class_of(&self, year: i32, hash: u64) -> u32 {
        match self.years.get(&year) {
            Some(rows) => match rows.binary_search_by_key(&hash, |(h, _)| *h) {
                Ok(i) => rows.get(i).map_or(u32::MAX, |(_, c)| *c),
                Err(_) => u32::MAX,
            },
            None => u32::MAX,
        }
    }

    /// The entry and local class of a global class id.
    pub fn local(&self, global: u32) -> Option<(usize, u32)> {
        self.entries.iter().rev().find(|(_, base)| global >= *base).map(|(e, base)| (*e, global - base))
    }
}

impl Ledger {
    /// The view of the ledger for a source file: the most recent entry per
    /// year that was published from a file of the same name or a source of
    /// the same id. Whether the rows really are the same is decided after
    /// the pass, by the fingerprint.
    pub fn view_for(&self, source_id: &str, file: &str) -> SourceView {
        let mut view = SourceView::default();
        let mut latest: std::collections::BTreeMap<i32, usize> = Default::default();
        for (i, e) in self.years.iter().enumerate() {
            if e.source == source_id || e.file == file {
                latest.insert(e.year, i);
            }
        }
        let mut base = 0u32;
        for (&year, &i) in &latest {
            let Some(e) = self.years.get(i) else { continue };
            let Ok(rows) = e.decode_rows() else { continue };
            view.entries.push((i, base));
            view.years.insert(year, rows.into_iter().map(|(h, c)| (h, base.saturating_add(c))).collect());
            base = base.saturating_add(e.classes);
        }
        view
    }
}
