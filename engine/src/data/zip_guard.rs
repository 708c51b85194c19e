//! An `.xlsx` is a zip archive, and a zip archive of a few KiB can unpack
//! to gigabytes. Before the spreadsheet reader (which keeps the shared
//! strings in memory) opens one, every part is unpacked once into nothing
//! and counted, so a zip bomb is a clear error in bounded memory and time —
//! the sizes an archive declares are not trusted.

use super::sheet::SheetError;
use crate::limits::{MAX_SPREADSHEET_BYTES, MAX_SPREADSHEET_UNPACKED_BYTES};
use std::io::Read;
use std::path::Path;

/// Most parts an `.xlsx` may have (a workbook has a few dozen).
const MAX_PARTS: usize = 10_000;

pub fn check(path: &Path) -> Result<(), SheetError> {
    let len = std::fs::metadata(path).map_err(|e| SheetError::Read(e.to_string()))?.len();
    if len > MAX_SPREADSHEET_BYTES {
        return Err(SheetError::TooLarge(format!(
            "the file is {} MiB; spreadsheets are read up to {} MiB",
            len >> 20,
            MAX_SPREADSHEET_BYTES >> 20
        )));
    }
    let file = std::fs::File::open(path).map_err(|e| SheetError::Read(e.to_string()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| SheetError::Read(format!("not an .xlsx file (not a zip archive: {e})")))?;
    if zip.len() > MAX_PARTS {
        return Err(SheetError::TooLarge(format!("the archive has {} parts", zip.len())));
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| SheetError::Read(e.to_string()))?;
        loop {
            let n = part.read(&mut buf).map_err(|e| SheetError::Read(e.to_string()))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_SPREADSHEET_UNPACKED_BYTES {
                return Err(SheetError::TooLarge(format!(
                    "it unpacks to more than {} MiB (a zip bomb, or far more than a published table)",
                    MAX_SPREADSHEET_UNPACKED_BYTES >> 20
                )));
            }
        }
    }
    Ok(())
}
