//! `file://` URIs to paths and back, percent-encoding included (rulebook
//! folders are often named „Integrationsbericht 2025“ or „Übersicht“).

use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The local path of a `file:` URI; `None` for other schemes (`untitled:`).
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://localhost/x` and `file:///x` name the same file.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = decode(rest)?;
    let text = String::from_utf8(bytes).ok()?;
    // Windows: `/C:/Users/…`.
    let text = match text.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => text[1..].to_string(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

fn decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of a path (made absolute first).
pub fn from_path(path: &Path) -> Option<Uri> {
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().ok()?.join(path) };
    let text = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_umlauts_and_spaces() {
        let p = Path::new("/tmp/Übersicht 2025/kern.kimon");
        let uri = from_path(p).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/%C3%9Cbersicht%202025/kern.kimon");
        assert_eq!(to_path(&uri).unwrap(), p);
        assert_eq!(to_path(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
    }
}
