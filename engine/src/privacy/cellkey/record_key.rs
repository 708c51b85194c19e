//! Record keys and cell keys.
//!
//! Every record carries a record key, uniform in [0, 1) and rounded to 8
//! digits as τ-ARGUS does. The cell key is the fractional part of the sum of
//! the record keys in the cell, so the same records give the same cell key —
//! and the same noise — in every table and every run.
//!
//! * **Derived, not stored.** kimon does not keep a key column: the key of a
//!   record is `HMAC-SHA256(secret, record id)` mapped to an integer in
//!   `[0, 10^8)`. The secret comes from a key file the office keeps (never
//!   from the rulebook, which is published): whoever knows it can recompute
//!   every key and strip the noise. Stable secret and ids → stable keys.
//! * **Integers modulo 10^8.** Keys and their sums are kept as integers in
//!   units of 1e-8 modulo 10^8 ([`KeySum`]). Adding floats would make the
//!   cell key depend on the order of summation in the last bits and could
//!   flip a lookup at an interval bound; integer sums are exact, so summing
//!   per atom and then over a cell's atoms gives exactly the cell key of
//!   summing all its records, in any order.

use std::fmt;
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::error::CellKeyError;

/// Keys are integers in `[0, KEY_MODULUS)`, i.e. 8 decimal digits.
pub const KEY_MODULUS: u32 = 100_000_000;

/// Shortest accepted secret. 16 bytes = 128 bits cannot be guessed.
pub const MIN_SECRET_LEN: usize = 16;

/// Domain separation: the same secret used for another purpose yields
/// unrelated values, and a later derivation scheme can use another label.
const DERIVATION_LABEL: &[u8] = b"kimon cell key record key v1\0";

/// The office's secret from which all record keys are derived.
///
/// `Debug` does not show the bytes, so the secret cannot end up in a log.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordKeySecret {
    bytes: Vec<u8>,
}

impl fmt::Debug for RecordKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecordKeySecret(<{} bytes, redacted>)", self.bytes.len())
    }
}

impl RecordKeySecret {
    /// Read the secret from the office's key file.
    ///
    /// The bytes are used as they are, except that trailing whitespace
    /// (a final newline, `\r\n`) is dropped: re-saving the file in an editor
    /// must not change every key. Errors if the file is missing, unreadable,
    /// empty, or shorter than [`MIN_SECRET_LEN`] bytes.
    pub fn from_file(path: &Path) -> Result<RecordKeySecret, CellKeyError> {
        let raw = std::fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                CellKeyError::KeyFileMissing { path: path.to_path_buf() }
            } else {
                CellKeyError::KeyFileUnreadable { path: path.to_path_buf(), message: e.to_string() }
            }
        })?;
        let len = raw.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |last| last + 1);
        let bytes = raw.get(..len).unwrap_or_default().to_vec();
        if bytes.is_empty() {
            return Err(CellKeyError::KeyFileEmpty { path: path.to_path_buf() });
        }
        if bytes.len() < MIN_SECRET_LEN {
            return Err(CellKeyError::KeyFileTooShort {
                path: path.to_path_buf(),
                len: bytes.len(),
                min: MIN_SECRET_LEN,
            });
        }
        Ok(RecordKeySecret { bytes })
    }

    /// A secret given in memory (tests, or a caller that reads it elsewhere).
    pub fn from_bytes(bytes: &[u8]) -> Result<RecordKeySecret, CellKeyError> {
        if bytes.len() < MIN_SECRET_LEN {
            return Err(CellKeyError::SecretTooShort { len: bytes.len(), min: MIN_SECRET_LEN });
        }
        Ok(RecordKeySecret { bytes: bytes.to_vec() })
    }

    /// The record key of the record with this id.
    ///
    /// The first 8 bytes of `HMAC-SHA256(secret, label ‖ id)` as a big-endian
    /// integer, reduced modulo 10^8. The bias of the reduction is below
    /// 10^8 / 2^64 ≈ 5e-12 per value, far below anything measurable.
    pub fn record_key(&self, record_id: &str) -> RecordKey {
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.bytes) else {
            // HMAC accepts keys of any length; this branch is unreachable.
            return RecordKey(0);
        };
        mac.update(DERIVATION_LABEL);
        mac.update(record_id.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        for (dst, src) in first.iter_mut().zip(digest.iter()) {
            *dst = *src;
        }
        let value = u64::from_be_bytes(first) % u64::from(KEY_MODULUS);
        RecordKey(u32::try_from(value).unwrap_or(0))
    }
}

/// One record's key: an integer in `[0, 10^8)`, i.e. the key `k / 10^8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey(u32);

impl RecordKey {
    /// A key from its units, reduced modulo 10^8 (e.g. keys an office
    /// already has, multiplied by 10^8).
    pub fn from_units(units: u32) -> RecordKey {
        RecordKey(units % KEY_MODULUS)
    }
    pub fn units(self) -> u32 {
        self.0
    }
    /// The key as a number in [0, 1).
    pub fn value(self) -> f64 {
        f64::from(self.0) / f64::from(KEY_MODULUS)
    }
}

/// A sum of record keys modulo 10^8 — the key of an atom or a cell.
///
/// Sums are exact and independent of order: store one per atom, and a
/// cell's key is the [`KeySum::merge`] of its atoms' sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySum(u32);

impl KeySum {
    /// The sum of no records (key 0).
    pub const ZERO: KeySum = KeySum(0);

    /// A key sum from its units, reduced modulo 10^8.
    pub fn from_units(units: u32) -> KeySum {
        KeySum(units % KEY_MODULUS)
    }

    /// Add one record's key.
    pub fn add(&mut self, key: RecordKey) {
        self.0 = add_mod(self.0, key.0);
    }

    /// Add another sum (e.g. an atom's into its cell's).
    pub fn merge(&mut self, other: KeySum) {
        self.0 = add_mod(self.0, other.0);
    }

    /// The sum of these keys.
    pub fn of_keys<I: IntoIterator<Item = RecordKey>>(keys: I) -> KeySum {
        let mut sum = KeySum::ZERO;
        for key in keys {
            sum.add(key);
        }
        sum
    }

    /// The cell key in units of 1e-8: what the ptable lookup compares.
    pub fn units(self) -> u32 {
        self.0
    }

    /// The cell key as a number in [0, 1).
    pub fn cell_key(self) -> f64 {
        f64::from(self.0) / f64::from(KEY_MODULUS)
    }
}

impl From<RecordKey> for KeySum {
    fn from(key: RecordKey) -> KeySum {
        KeySum(key.0)
    }
}

impl std::iter::Sum<RecordKey> for KeySum {
    fn sum<I: Iterator<Item = RecordKey>>(iter: I) -> KeySum {
        KeySum::of_keys(iter)
    }
}

impl std::iter::Sum<KeySum> for KeySum {
    fn sum<I: Iterator<Item = KeySum>>(iter: I) -> KeySum {
        let mut sum = KeySum::ZERO;
        for part in iter {
            sum.merge(part);
        }
        sum
    }
}

/// `(a + b) mod 10^8` for `a, b < 10^8`; the sum fits in `u32` (< 2·10^8).
fn add_mod(a: u32, b: u32) -> u32 {
    let s = (a % KEY_MODULUS) + (b % KEY_MODULUS);
    if s >= KEY_MODULUS {
        s - KEY_MODULUS
    } else {
        s
    }
}
