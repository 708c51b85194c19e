//! CSV row formatting into a reused byte buffer.
//!
//! Only integers and fixed code strings are written, so the bytes cannot
//! depend on locale or float formatting. The buffer is cleared, not
//! reallocated, for every row.

use super::codes::{district_code, Labour, Mh, COUNTRIES};
use super::person::Person;

/// Reusable buffer holding one formatted row.
pub struct RowBuf {
    buf: Vec<u8>,
}

impl RowBuf {
    pub fn new() -> RowBuf {
        RowBuf { buf: Vec::with_capacity(128) }
    }

    /// Formats one row (with trailing `\n`) and returns its bytes.
    /// `year_text` is `year` already formatted (shared by all rows of a
    /// year); `year` itself is needed for years in Germany.
    pub fn format(&mut self, p: &Person, year: i32, year_text: &[u8]) -> &[u8] {
        let b = &mut self.buf;
        b.clear();
        push_u64(b, p.id);
        b.push(b',');
        b.extend_from_slice(year_text);
        b.push(b',');
        b.extend_from_slice(&district_code(p.district));
        b.push(b',');
        push_u64(b, u64::from(p.age));
        b.push(b',');
        b.extend_from_slice(p.sex.code());
        b.push(b',');
        b.extend_from_slice(COUNTRIES[usize::from(p.citizenship)].code);
        b.push(b',');
        b.extend_from_slice(p.mh.code());
        b.push(b',');
        push_flag(b, p.naturalised);
        b.extend_from_slice(p.residence.code());
        b.push(b',');
        push_flag(b, p.labour == Labour::Employed);
        push_flag(b, p.labour == Labour::Unemployed);
        push_flag(b, p.sgb2);
        push_flag(b, p.school_entry);
        if p.school_entry {
            b.push(if p.language_support { b'1' } else { b'0' });
        }
        b.push(b',');
        if p.mh == Mh::Own {
            push_u64(b, u64::from(p.years_here(year)));
        }
        b.push(b'\n');
        &self.buf
    }
}

impl Default for RowBuf {
    fn default() -> Self {
        RowBuf::new()
    }
}

/// `0,` or `1,`.
#[inline]
fn push_flag(b: &mut Vec<u8>, v: bool) {
    b.extend_from_slice(if v { b"1," } else { b"0," });
}

/// Decimal digits of `n` without allocation (itoa-style, backwards into a
/// stack buffer).
#[inline]
pub fn push_u64(b: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    b.extend_from_slice(&tmp[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        let mut b = Vec::new();
        for n in [0u64, 7, 10, 99, 100, 1_500_000, u64::MAX] {
            b.clear();
            push_u64(&mut b, n);
            assert_eq!(b, n.to_string().as_bytes());
        }
    }
}
