//! A reader that stops a single CSV record from growing without bound.
//!
//! The csv crate collects a quoted field until its closing quote: a file
//! with one stray `"` (or a hostile one) would otherwise be read into one
//! record as a whole — gigabytes of memory before any limit could look at
//! it. [`RecordBound`] sits under the csv reader and fails the read once
//! more than a fixed number of bytes were read since the end of the last
//! complete record; the caller moves that mark after every record.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

/// The shared mark: bytes read so far and the byte count at which reading
/// fails until the next record completes.
#[derive(Clone, Default)]
pub struct Mark {
    read: Rc<Cell<u64>>,
    fail_at: Rc<Cell<u64>>,
}

impl Mark {
    /// A record ended at `end` bytes into the stream: allow `limit` more.
    pub fn record_ended(&self, end: u64, limit: u64) {
        self.fail_at.set(end.saturating_add(limit));
    }
}

/// Wraps the file under the csv reader; see the module comment.
pub struct RecordBound<R> {
    inner: R,
    mark: Mark,
}

impl<R: Read> RecordBound<R> {
    /// Starts with `limit` bytes allowed for the first record.
    pub fn new(inner: R, limit: u64) -> (Self, Mark) {
        let mark = Mark::default();
        mark.record_ended(0, limit);
        (RecordBound { inner, mark: mark.clone() }, mark)
    }
}

/// The message of the error a too-long record ends with (the caller
/// recognises it to word its diagnostic).
pub const TOO_LONG: &str = "a CSV record is longer than the limit";

impl<R: Read> Read for RecordBound<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.mark.read.get();
        let room = self.mark.fail_at.get().saturating_sub(read);
        if room == 0 {
            return Err(std::io::Error::other(TOO_LONG));
        }
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.mark.read.set(read + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_stops_at_the_limit() {
        // Header, one good record, then a quote that never closes.
        let mut text = b"a,b\n1,2\n\"".to_vec();
        text.extend(std::iter::repeat_n(b'x', 10_000));
        let (bounded, mark) = RecordBound::new(&text[..], 1_000);
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).buffer_capacity(64).from_reader(bounded);
        let mut rec = csv::ByteRecord::new();
        let mut records = 0;
        let err = loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {
                    records += 1;
                    mark.record_ended(rdr.position().byte(), 1_000);
                }
                Ok(false) => panic!("the unclosed record must not be accepted"),
                Err(e) => break e,
            }
        };
        assert_eq!(records, 2);
        assert!(err.to_string().contains(TOO_LONG), "{err}");
        assert!(rec.as_slice().len() <= 1_100, "record grew to {}", rec.as_slice().len());
    }

    #[test]
    fn records_below_the_limit_read_through() {
        let text = b"a,b\n\"x\ny\",2\n3,4\n".repeat(100);
        let (bounded, mark) = RecordBound::new(&text[..], 20);
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).buffer_capacity(8).from_reader(bounded);
        let mut rec = csv::ByteRecord::new();
        let mut n = 0;
        while rdr.read_byte_record(&mut rec).unwrap() {
            n += 1;
            mark.record_ended(rdr.position().byte(), 20);
        }
        assert_eq!(n, 300);
    }
}
