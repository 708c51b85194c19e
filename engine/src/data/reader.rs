//! Opening data files: delimiter detection (German tables often use `;`),
//! the header, and splitting the body into byte ranges at line boundaries so
//! that two threads can parse one file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

pub struct Header {
    pub columns: Vec<String>,
    pub delimiter: u8,
    /// Byte offset where the first data row starts.
    pub body_start: u64,
    pub file_len: u64,
    /// Whether quoted fields occur (then the file is not split).
    pub has_quotes: bool,
}

/// At most this many characters of a data line are quoted in a message.
pub const EXCERPT_CHARS: usize = 80;

/// A short, printable excerpt of `bytes` for error messages: at most
/// [`EXCERPT_CHARS`] characters, control characters (NUL included) shown as
/// `\u{..}` escapes, `…` when cut.
pub fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(EXCERPT_CHARS * 4)]);
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == EXCERPT_CHARS {
            out.push('…');
            return out;
        }
        if c.is_control() || crate::text::is_bidi_control(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    if bytes.len() > EXCERPT_CHARS * 4 {
        out.push('…');
    }
    out
}

fn invalid(msg: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg)
}

/// Reads the header line in bounded memory: at most
/// [`MAX_HEADER_BYTES`](crate::limits::MAX_HEADER_BYTES) are read, so a
/// file without any newline fails at once instead of being buffered whole.
/// UTF-16 files (which look like text with a NUL after every letter) are
/// named as such.
pub fn read_header(path: &Path) -> std::io::Result<Header> {
    use crate::limits::MAX_HEADER_BYTES;
    let mut f = BufReader::new(File::open(path)?);
    let file_len = f.get_ref().metadata()?.len();
    let mut line = Vec::new();
    let n = (&mut f).take(MAX_HEADER_BYTES as u64 + 1).read_until(b'\n', &mut line)?;
    if line.starts_with(&[0xFF, 0xFE]) || line.starts_with(&[0xFE, 0xFF]) {
        return Err(invalid(
            "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8 (CSV UTF-8)"
                .into(),
        ));
    }
    if line.contains(&0) {
        let utf16 = line.len() >= 4 && (line[1] == 0 && line[3] == 0 || line[0] == 0 && line[2] == 0);
        return Err(invalid(if utf16 {
            "the file looks like UTF-16 (NUL bytes between the letters); save it as UTF-8 (CSV UTF-8)".into()
        } else {
            format!(
                "the header line contains NUL bytes, so this is not a CSV text file: `{}`",
                excerpt(&line)
            )
        }));
    }
    if !line.ends_with(b"\n") && line.len() > MAX_HEADER_BYTES {
        return Err(invalid(format!(
            "the header line is longer than {} KiB (no line break found); it starts with `{}`",
            MAX_HEADER_BYTES >> 10,
            excerpt(&line)
        )));
    }
    let text = String::from_utf8_lossy(&line);
    let text = text.trim_start_matches('\u{feff}').trim_end_matches(['\n', '\r']);
    let delimiter = if text.matches(';').count() > text.matches(',').count() { b';' } else { b',' };
    let columns = text.split(delimiter as char).map(|c| c.trim().trim_matches('"').to_string()).collect();
    let mut sample = vec![0u8; 1 << 16];
    let got = f.read(&mut sample)?;
    let has_quotes = text.contains('"') || sample[..got].contains(&b'"');
    Ok(Header { columns, delimiter, body_start: n as u64, file_len, has_quotes })
}

/// Splits `[start, end)` into up to `parts` ranges that begin at line starts.
pub fn split_ranges(path: &Path, start: u64, end: u64, parts: usize) -> std::io::Result<Vec<(u64, u64)>> {
    let mut f = File::open(path)?;
    let mut cuts = vec![start];
    for i in 1..parts {
        let guess = start + (end - start) * i as u64 / parts as u64;
        if guess <= *cuts.last().unwrap_or(&start) {
            continue;
        }
        f.seek(SeekFrom::Start(guess))?;
        let mut r = BufReader::new(&mut f);
        // Skips to the next line start without keeping the bytes: a file
        // with one huge line must not be buffered here.
        let n = r.skip_until(b'\n')? as u64;
        let cut = guess + n;
        if cut < end && cut > *cuts.last().unwrap_or(&start) {
            cuts.push(cut);
        }
    }
    cuts.push(end);
    Ok(cuts.windows(2).map(|w| (w[0], w[1])).collect())
}

/// The 1-based line number of a byte offset (only computed for diagnostics).
pub fn line_of_offset(path: &Path, offset: u64) -> u64 {
    let Ok(f) = File::open(path) else { return 0 };
    let mut r = BufReader::new(f).take(offset);
    let mut buf = [0u8; 1 << 16];
    let mut lines = 1;
    while let Ok(n) = r.read(&mut buf) {
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    lines
}

/// The text of the line starting at `offset`, for diagnostics.
pub fn line_text(path: &Path, offset: u64) -> String {
    let Ok(mut f) = File::open(path) else { return String::new() };
    if f.seek(SeekFrom::Start(offset)).is_err() {
        return String::new();
    }
    let mut line = Vec::new();
    let _ = BufReader::new(f).take(4096).read_until(b'\n', &mut line);
    String::from_utf8_lossy(&line).trim_end_matches(['\n', '\r']).to_string()
}
