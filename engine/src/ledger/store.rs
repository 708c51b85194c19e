//! The ledger file: JSON, read whole and replaced atomically.

use crate::diag::Diag;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const SCHEMA: &str = "kimon-ledger/1";

/// First field of every ledger: what the file is and who may see it.
pub const NOTICE: &str = "VERTRAULICH – kimon-Veröffentlichungsbuch: enthält Zeilen-Prüfsummen der Daten; nicht weitergeben. CONFIDENTIAL – kimon publication ledger: holds hashes of data rows; do not share.";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    pub notice: String,
    pub schema: String,
    pub runs: Vec<RunRecord>,
    pub years: Vec<YearEntry>,
}

/// One run that published output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRecord {
    pub run: u32,
    /// The rulebook as the user named it.
    pub rulebook: String,
    /// Seconds since 1970 (UTC).
    pub at: u64,
}

/// Everything published from one year of one source's rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    /// Source id and data file at the time of publication.
    pub source: String,
    pub file: String,
    pub year: i32,
    /// Rows and content fingerprint of the year (see `rows.rs`).
    pub fingerprint: String,
    pub rows: u64,
    /// Number of ledger classes.
    pub classes: u32,
    /// Rows (hash, class), sorted by hash, little-endian u64 + u32, base64.
    pub row_classes: String,
    pub cells: Vec<LedgerCell>,
}

/// A published number: which classes it summed and what was shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerCell {
    pub run: u32,
    pub label: String,
    /// `count`, or `sum:<column>` for a summed column or survey weight.
    pub quantity: String,
    pub classes: Vec<u32>,
    pub value: f64,
}

impl YearEntry {
    pub fn encode_rows(rows: &[(u64, u32)]) -> String {
        let mut bytes = Vec::with_capacity(rows.len() * 12);
        for (h, c) in rows {
            bytes.extend_from_slice(&h.to_le_bytes());
            bytes.extend_from_slice(&c.to_le_bytes());
        }
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    pub fn decode_rows(&self) -> Result<Vec<(u64, u32)>, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(self.row_classes.as_bytes())
            .map_err(|e| format!("row classes of {} {}: {e}", self.source, self.year))?;
        if bytes.len() % 12 != 0 {
            return Err(format!("row classes of {} {} are cut off", self.source, self.year));
        }
        let rows: Vec<(u64, u32)> = bytes
            .chunks_exact(12)
            .map(|c| {
                let mut h = [0u8; 8];
                let mut k = [0u8; 4];
                h.copy_from_slice(&c[..8]);
                k.copy_from_slice(&c[8..]);
                (u64::from_le_bytes(h), u32::from_le_bytes(k))
            })
            .collect();
        if rows.windows(2).any(|w| w[0].0 >= w[1].0) || rows.iter().any(|(_, c)| *c >= self.classes) {
            return Err(format!("row classes of {} {} are not a valid map", self.source, self.year));
        }
        Ok(rows)
    }
}

/// The ledger a rulebook uses unless `--ledger` names another: beside it,
/// `kern.kimon` → `kern.kimon-ledger`.
pub fn default_path(rulebook: &Path) -> PathBuf {
    let mut name = rulebook.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push("-ledger");
    rulebook.with_file_name(name)
}

impl Ledger {
    pub fn empty() -> Ledger {
        Ledger { notice: NOTICE.into(), schema: SCHEMA.into(), runs: Vec::new(), years: Vec::new() }
    }

    /// Reads a ledger; a missing file is an empty ledger. A damaged one is an
    /// error: ignoring it would silently forget earlier publications.
    pub fn load(path: &Path) -> Result<Ledger, Box<Diag>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::empty()),
            Err(e) => {
                return Err(Box::new(
                    Diag::error("ledger-unreadable", format!("cannot read the ledger `{}`: {e}", path.display()))
                        .help("the ledger records earlier publications; without it this run could undo their protection"),
                ))
            }
        };
        let ledger: Ledger = serde_json::from_str(&text).map_err(|e| {
            Box::new(
                Diag::error("ledger-damaged", format!("the ledger `{}` is damaged: {e}", path.display()))
                    .help("restore it from a backup; deleting it forgets every earlier publication, so later reports could be combined with them"),
            )
        })?;
        if ledger.schema != SCHEMA {
            return Err(Box::new(
                Diag::error(
                    "ledger-damaged",
                    format!(
                        "the ledger `{}` has schema `{}`, expected `{SCHEMA}`",
                        path.display(),
                        ledger.schema
                    ),
                )
                .help("written by another kimon version; use that version or restore a matching ledger"),
            ));
        }
        for e in &ledger.years {
            e.decode_rows().map_err(|m| {
                Box::new(Diag::error(
                    "ledger-damaged",
                    format!("the ledger `{}` is damaged: {m}", path.display()),
                ))
            })?;
        }
        Ok(ledger)
    }

    /// Writes the ledger atomically (a crash leaves the old or the new one).
    pub fn save(&self, path: &Path) -> Result<(), Box<Diag>> {
        let text = serde_json::to_string(self).map_err(|e| {
            Box::new(Diag::error("ledger-write", format!("cannot serialise the ledger: {e}")))
        })?;
        crate::output::write_atomic(path, text.as_bytes()).map_err(|e| {
            Box::new(
                Diag::error("ledger-write", format!("cannot write the ledger `{}`: {e}", path.display())).help(
                    "nothing was published; make the directory writable or name another file with `--ledger PATH`",
                ),
            )
        })
    }

    pub fn next_run(&self) -> u32 {
        self.runs.iter().map(|r| r.run).max().map_or(1, |r| r + 1)
    }
}
