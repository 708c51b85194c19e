//! Text encodings of data files. German offices export CSV from Excel as
//! Windows-1252 or UTF-16 as often as UTF-8; reading such a file as UTF-8
//! with replacement characters would merge „Südstadt“ and „Schöneberg“ into
//! one district. So the encoding is detected (or declared) and a file that
//! is not UTF-8 is decoded completely — a byte that is undefined in the
//! encoding is an error with its position, never replaced.

use crate::model::Encoding;

/// What the first bytes of a file say about its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// Valid UTF-8 as far as looked (with or without a byte order mark).
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Not UTF-8; the offset of the first byte that is not.
    NotUtf8 {
        offset: usize,
    },
}

/// Looks at a sample from the start of a file. `complete` says whether the
/// sample is the whole file (then a cut-off sequence at its end counts).
pub fn detect(sample: &[u8], complete: bool) -> Detected {
    if sample.starts_with(&[0xFF, 0xFE]) {
        return Detected::Utf16Le;
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return Detected::Utf16Be;
    }
    // UTF-16 without a byte order mark: every second byte is NUL in ASCII text.
    if sample.len() >= 4 {
        if sample[1] == 0 && sample[3] == 0 && sample[0] != 0 {
            return Detected::Utf16Le;
        }
        if sample[0] == 0 && sample[2] == 0 && sample[1] != 0 {
            return Detected::Utf16Be;
        }
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Detected::Utf8,
        // `error_len() == None`: the sample ends inside a character.
        Err(e) if e.error_len().is_none() && !complete => Detected::Utf8,
        Err(e) => Detected::NotUtf8 { offset: e.valid_up_to() },
    }
}

/// A byte the declared or detected encoding cannot decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub offset: usize,
    pub what: String,
}

/// Decodes a whole file to UTF-8 text (a leading byte order mark dropped).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    match encoding {
        Encoding::Utf8 => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            let skipped = bytes.len() - body.len();
            std::str::from_utf8(body).map(str::to_string).map_err(|e| DecodeError {
                offset: skipped + e.valid_up_to(),
                what: "a byte sequence that is not UTF-8".into(),
            })
        }
        Encoding::Windows1252 => decode_1252(bytes),
        Encoding::Utf16Le | Encoding::Utf16Be => decode_utf16(bytes, encoding == Encoding::Utf16Le),
    }
}

/// The characters of Windows-1252 at 0x80–0x9F; `None` where the code page
/// leaves a byte undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn decode_1252(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for (i, &b) in bytes.iter().enumerate() {
        let c = match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)].ok_or_else(|| DecodeError {
                offset: i,
                what: format!("byte 0x{b:02X}, which Windows-1252 leaves undefined"),
            })?,
            // Latin-1 and Windows-1252 agree on every other byte.
            _ => char::from(b),
        };
        out.push(c);
    }
    Ok(out)
}

fn decode_utf16(bytes: &[u8], little_endian: bool) -> Result<String, DecodeError> {
    let body = if little_endian {
        bytes.strip_prefix(&[0xFF, 0xFE]).unwrap_or(bytes)
    } else {
        bytes.strip_prefix(&[0xFE, 0xFF]).unwrap_or(bytes)
    };
    let skipped = bytes.len() - body.len();
    if body.len() % 2 != 0 {
        return Err(DecodeError {
            offset: bytes.len() - 1,
            what: "an odd number of bytes for UTF-16".into(),
        });
    }
    let units = body.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    for (k, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(DecodeError {
                    offset: skipped + 2 * k,
                    what: "an unpaired UTF-16 surrogate".into(),
                })
            }
        }
    }
    Ok(out)
}

/// 1-based line and column (in characters, read as Latin-1 where the bytes
/// are not UTF-8) of a byte offset, for messages.
pub fn line_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() as u64 + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_umlauts_stay_distinct() {
        let bytes = b"S\xfcdstadt;Sch\xf6neberg;\x80";
        assert_eq!(detect(bytes, true), Detected::NotUtf8 { offset: 1 });
        assert_eq!(decode(bytes, Encoding::Windows1252).as_deref(), Ok("Südstadt;Schöneberg;€"));
        assert!(decode(b"a\x81", Encoding::Windows1252).is_err());
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = "\u{feff}Jahr;Bezirk\nÜ".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(detect(&le, true), Detected::Utf16Le);
        assert_eq!(decode(&le, Encoding::Utf16Le).as_deref(), Ok("Jahr;Bezirk\nÜ"));
        let be: Vec<u8> = "Jahr".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(detect(&be, true), Detected::Utf16Be);
    }

    #[test]
    fn a_cut_sample_is_still_utf8() {
        let text = "Bezirk;Südstadt".as_bytes();
        let cut = &text[..9];
        assert_eq!(detect(cut, false), Detected::Utf8);
        assert_eq!(detect(cut, true), Detected::NotUtf8 { offset: 8 });
    }
}
