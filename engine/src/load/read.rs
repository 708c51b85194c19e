//! Reading a rulebook file: size limit before reading, UTF-8 check with the
//! byte position of the first invalid sequence.

use crate::diag::Diag;
use crate::limits::MAX_RULEBOOK_BYTES;
use std::io::Read;
use std::path::Path;

pub enum ReadError {
    Io(std::io::Error),
    TooLarge(u64),
    NotUtf8 { offset: usize, line: usize },
}

impl ReadError {
    pub fn into_diag(self, display: &str) -> Diag {
        match self {
            ReadError::Io(e) => Diag::error("io", format!("cannot read `{display}`: {e}")),
            ReadError::TooLarge(n) => Diag::error(
                "rulebook-too-large",
                format!("`{display}` is {n} bytes; rulebooks may be at most {MAX_RULEBOOK_BYTES} bytes"),
            )
            .help("a rulebook declares indicators; data belong in CSV files named by a `source`"),
            ReadError::NotUtf8 { offset, line } => Diag::error(
                "not-utf8",
                format!(
                    "`{display}` is not valid UTF-8 (first invalid byte at offset {offset}, line {line})"
                ),
            )
            .help("save the rulebook as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)"),
        }
    }
}

/// Reads a rulebook's bytes (bounded by the size limit) without decoding
/// them: a pinned file's hash is checked on exactly these bytes, before the
/// text is decoded or parsed.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > MAX_RULEBOOK_BYTES {
        return Err(ReadError::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_RULEBOOK_BYTES + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_RULEBOOK_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Decodes rulebook bytes as UTF-8, with the position of the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        ReadError::NotUtf8 { offset, line }
    })
}
