//! Before a data file is streamed: its size and modification time are
//! noted (and compared again after the pass, so a file that changes while
//! being read is an error, never a partial result), its encoding is
//! detected or checked against the declaration, and a file that is not
//! UTF-8 is decoded once into a private UTF-8 copy with the same lines, so
//! the streaming pass and its line numbers stay as they are. A spreadsheet
//! (`.xlsx`) is converted into such a copy too (see [`super::sheet`]); its
//! [`SheetMap`] says which sheet row each line of the copy came from.

use super::encoding::{decode, detect, line_column, Detected};
use super::sheet::{SheetError, SheetMap};
use crate::model::{DataFormat, Encoding};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

/// Bytes looked at to detect the encoding (a UTF-8 file is checked further
/// during the pass).
const SAMPLE_BYTES: usize = 1 << 20;
/// Largest file decoded into a UTF-8 copy.
pub const MAX_DECODED_BYTES: u64 = 512 << 20;

/// Size and modification time of a file when it was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        let m = std::fs::metadata(path)?;
        Ok(Stamp { len: m.len(), modified: m.modified().ok() })
    }
}

/// A private UTF-8 copy of a data file, removed when dropped.
#[derive(Debug)]
pub struct TempCopy {
    path: PathBuf,
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A data file ready to be streamed.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The file the user named (canonical path).
    pub original: PathBuf,
    /// What the pass reads: the original or its UTF-8 copy.
    pub stream_path: PathBuf,
    pub stamp: Stamp,
    pub encoding: Encoding,
    /// The encoding was detected, not declared, and is not UTF-8.
    pub guessed: bool,
    /// For a spreadsheet: the sheet and rows the copy's lines came from.
    pub sheet: Option<Arc<SheetMap>>,
    /// Warnings found while preparing (a county source's members'
    /// suppressed cells); public, since they come from published exports.
    pub notes: Vec<crate::diag::Diag>,
    /// An Apache Parquet file (see [`super::parquet`]): streamed column by
    /// column from the original, never copied.
    pub parquet: bool,
    _copy: Option<Arc<TempCopy>>,
}

impl Prepared {
    /// Whether the original changed since it was prepared.
    pub fn changed(&self) -> Option<(Stamp, Stamp)> {
        match Stamp::of(&self.original) {
            Ok(now) if now == self.stamp => None,
            Ok(now) => Some((self.stamp.clone(), now)),
            Err(_) => Some((self.stamp.clone(), Stamp { len: 0, modified: None })),
        }
    }
}

#[derive(Debug)]
pub enum PrepareError {
    Io(std::io::Error),
    /// A byte that the encoding cannot decode, or a declaration the file
    /// contradicts: (line, column, line text, what).
    Decode {
        line: u64,
        column: u64,
        text: String,
        what: String,
        encoding: Encoding,
    },
    Contradicts {
        declared: Encoding,
        found: &'static str,
    },
    TooLarge {
        len: u64,
        encoding: Encoding,
    },
    Sheet(SheetError),
}

/// Prepares `path` for streaming under the source's declared format
/// (encoding; for a spreadsheet the sheet, rows and number format).
pub fn prepare(path: &Path, format: &DataFormat) -> Result<Prepared, PrepareError> {
    let stamp = Stamp::of(path).map_err(PrepareError::Io)?;
    if super::parquet::is_parquet(path) {
        return Ok(Prepared {
            original: path.to_path_buf(),
            stream_path: path.to_path_buf(),
            stamp,
            encoding: Encoding::Utf8,
            guessed: false,
            sheet: None,
            notes: Vec::new(),
            parquet: true,
            _copy: None,
        });
    }
    if super::sheet::kind(path).is_some() {
        let (text, map) = super::sheet::convert(path, format).map_err(PrepareError::Sheet)?;
        let copy = write_copy(path, &text).map_err(PrepareError::Io)?;
        return Ok(Prepared {
            original: path.to_path_buf(),
            stream_path: copy.path.clone(),
            stamp,
            encoding: Encoding::Utf8,
            guessed: false,
            sheet: Some(Arc::new(map)),
            notes: Vec::new(),
            parquet: false,
            _copy: Some(Arc::new(copy)),
        });
    }
    let declared = format.encoding;
    let mut sample = Vec::with_capacity(SAMPLE_BYTES.min(stamp.len as usize + 1));
    std::fs::File::open(path)
        .and_then(|f| f.take(SAMPLE_BYTES as u64).read_to_end(&mut sample))
        .map_err(PrepareError::Io)?;
    let complete = (sample.len() as u64) >= stamp.len;
    let detected = detect(&sample, complete);
    let (encoding, guessed) = match (declared, detected) {
        (None, Detected::Utf8) => (Encoding::Utf8, false),
        (None, Detected::Utf16Le) => (Encoding::Utf16Le, false),
        (None, Detected::Utf16Be) => (Encoding::Utf16Be, false),
        (None, Detected::NotUtf8 { .. }) => (Encoding::Windows1252, true),
        (Some(Encoding::Utf8), Detected::NotUtf8 { offset }) => {
            return Err(decode_error(&sample, offset, "a byte sequence that is not UTF-8", Encoding::Utf8))
        }
        (Some(d @ (Encoding::Utf8 | Encoding::Windows1252)), Detected::Utf16Le | Detected::Utf16Be) => {
            return Err(PrepareError::Contradicts { declared: d, found: "UTF-16" })
        }
        (Some(d @ (Encoding::Utf16Le | Encoding::Utf16Be)), Detected::Utf8 | Detected::NotUtf8 { .. }) => {
            return Err(PrepareError::Contradicts { declared: d, found: "not UTF-16" })
        }
        // Declared Windows-1252 but valid UTF-8 with umlauts: decoding it
        // as Windows-1252 would turn „ü“ into „Ã¼“.
        (Some(Encoding::Windows1252), Detected::Utf8) if !sample.is_ascii() => {
            return Err(PrepareError::Contradicts {
                declared: Encoding::Windows1252,
                found: "valid UTF-8 with non-ASCII characters",
            })
        }
        (Some(d), _) => (d, false),
    };
    if encoding == Encoding::Utf8 {
        return Ok(Prepared {
            original: path.to_path_buf(),
            stream_path: path.to_path_buf(),
            stamp,
            encoding,
            guessed,
            sheet: None,
            notes: Vec::new(),
            parquet: false,
            _copy: None,
        });
    }
    if stamp.len > MAX_DECODED_BYTES {
        return Err(PrepareError::TooLarge { len: stamp.len, encoding });
    }
    let bytes = std::fs::read(path).map_err(PrepareError::Io)?;
    let text = decode(&bytes, encoding).map_err(|e| decode_error(&bytes, e.offset, &e.what, encoding))?;
    let copy = write_copy(path, &text).map_err(PrepareError::Io)?;
    Ok(Prepared {
        original: path.to_path_buf(),
        stream_path: copy.path.clone(),
        stamp,
        encoding,
        guessed,
        sheet: None,
        notes: Vec::new(),
        parquet: false,
        _copy: Some(Arc::new(copy)),
    })
}

/// A table kimon composed in memory (the members' exports of a county
/// source), streamed like a data file; `original` is the file whose size
/// and time are watched during the pass.
pub fn from_text(original: &Path, text: &str, notes: Vec<crate::diag::Diag>) -> std::io::Result<Prepared> {
    let copy = write_copy(original, text)?;
    Ok(Prepared {
        original: original.to_path_buf(),
        stream_path: copy.path.clone(),
        stamp: Stamp::of(original)?,
        encoding: Encoding::Utf8,
        guessed: false,
        sheet: None,
        notes,
        parquet: false,
        _copy: Some(Arc::new(copy)),
    })
}

fn decode_error(bytes: &[u8], offset: usize, what: &str, encoding: Encoding) -> PrepareError {
    let (line, column) = line_column(bytes, offset);
    let start = bytes[..offset.min(bytes.len())].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let end = bytes[start..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |p| start + p);
    let text =
        String::from_utf8_lossy(&bytes[start..end.min(start + 400)]).trim_end_matches('\r').to_string();
    PrepareError::Decode { line, column, text, what: what.to_string(), encoding }
}

static COPIES: AtomicU64 = AtomicU64::new(0);

/// Writes the decoded text to a new file in the temporary directory
/// (`create_new`, so an existing file or link there is never followed).
fn write_copy(original: &Path, text: &str) -> std::io::Result<TempCopy> {
    let stem = original.file_stem().map_or_else(|| "data".into(), |s| s.to_string_lossy().into_owned());
    let stem: String =
        stem.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').take(40).collect();
    for _ in 0..16 {
        let n = COPIES.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("kimon-{}-{n}-{nanos:x}-{stem}.utf8.csv", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                let copy = TempCopy { path };
                f.write_all(text.as_bytes())?;
                f.flush()?;
                return Ok(copy);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("could not create a temporary copy of the data file"))
}
