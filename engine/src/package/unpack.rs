//! `kimon unpack`: verifies a package completely, then writes it — into a
//! staging folder beside the target first, so a refused or interrupted
//! unpack leaves the target as it was.

use super::entry::{check_path, refusal, refused, refused_target, refused_type};
use super::manifest::{FileKind, Manifest, FORMAT, MANIFEST_NAME};
use super::Refused;
use crate::limits::{MAX_PACKAGE_BYTES, MAX_PACKAGE_FILES, MAX_PACKAGE_FILE_BYTES};
use crate::pin::sha256_hex;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct UnpackRequest {
    pub package: PathBuf,
    pub into: PathBuf,
    /// Replace files that already exist in `into`.
    pub force: bool,
    /// The trusted keys file: when given, the package must carry a valid
    /// detached signature (`PKG.sig`) by one of its keys.
    pub keys: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Unpacked {
    pub manifest: Manifest,
    /// The files written, below `into`.
    pub written: Vec<PathBuf>,
    /// The name of the trusted key that signed the package (with `keys`).
    pub signed_by: Option<String>,
}

const HELP_ALTERED: &str =
    "the package was altered or damaged after it was packed; ask the sender for a fresh one";

/// Verifies `req.package` and extracts it into `req.into`.
pub fn unpack(req: &UnpackRequest) -> Result<Unpacked, Box<Refused>> {
    let shown = req.package.display().to_string();
    let (manifest, files, signed_by) = read_package(&req.package, &shown, req.keys.as_deref())?;
    verify(&manifest, &files, &shown)?;
    let plan = plan(req, &files)?;
    write(req, &files)?;
    Ok(Unpacked { manifest, written: plan, signed_by })
}

/// The entries of a package: path → bytes, in path order.
type Files = BTreeMap<String, Vec<u8>>;

/// Every entry (path → bytes) after the per-entry checks, the manifest,
/// and the signer when `keys` asks for a signature. The package is read
/// into memory once, so the bytes verified are the bytes unpacked.
fn read_package(
    path: &Path,
    shown: &str,
    keys: Option<&Path>,
) -> Result<(Manifest, Files, Option<String>), Box<Refused>> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| refused(shown, format!("cannot open it: {e}"), "check the path"))?;
    if !meta.file_type().is_file() {
        let kind = crate::load::file_kind(&meta.file_type());
        return Err(refused(
            shown,
            format!("it is {kind}, not a regular file"),
            "name the `.kimonpkg` file itself",
        )
        .into());
    }
    if meta.len() > MAX_PACKAGE_BYTES {
        let why = format!("it is {} bytes; packages may be at most {MAX_PACKAGE_BYTES} bytes", meta.len());
        return Err(
            refused(shown, why, "a package holds rulebooks and header-only templates, never data").into()
        );
    }
    let file = std::fs::File::open(path)
        .map_err(|e| refused(shown, format!("cannot open it: {e}"), "check the path"))?;
    let mut whole = Vec::new();
    file.take(MAX_PACKAGE_BYTES + 1)
        .read_to_end(&mut whole)
        .map_err(|e| refused(shown, format!("cannot read it: {e}"), "check the path"))?;
    let signed_by = match keys {
        Some(keys) => Some(super::signature::verify(path, &whole, keys)?),
        None => None,
    };
    let mut archive = tar::Archive::new(std::io::Cursor::new(&whole));
    let not_tar = |e: std::io::Error| refused(shown, format!("not a readable package: {e}"), HELP_ALTERED);
    let mut files = BTreeMap::new();
    let mut folded = std::collections::HashSet::new();
    let mut total = 0u64;
    for (n, entry) in archive.entries().map_err(not_tar)?.enumerate() {
        let index = n + 1;
        let mut entry = entry.map_err(not_tar)?;
        let offset = entry.raw_header_position();
        let raw = entry.path_bytes().into_owned();
        let path_shown = String::from_utf8_lossy(&raw).into_owned();
        let fail = |why: &str| Box::<Refused>::from(refusal(shown, index, offset, &path_shown, why));
        if index > MAX_PACKAGE_FILES {
            return Err(fail(&format!("more than {MAX_PACKAGE_FILES} entries")));
        }
        let link = entry.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned());
        if let Some(kind) = refused_type(entry.header().entry_type(), link) {
            return Err(fail(&format!("it is {kind}; a package holds only regular files")));
        }
        let path = check_path(&raw).map_err(|why| fail(&why))?;
        let size = entry.header().size().map_err(|e| fail(&format!("unreadable size: {e}")))?;
        if size > MAX_PACKAGE_FILE_BYTES {
            return Err(fail(&format!(
                "it declares {size} bytes; a packaged file may be at most {MAX_PACKAGE_FILE_BYTES}"
            )));
        }
        total += size;
        if total > MAX_PACKAGE_BYTES {
            return Err(fail(&format!("the entries declare more than {MAX_PACKAGE_BYTES} bytes in all")));
        }
        // Also case-insensitively: on Windows and macOS two such names are one file.
        if files.contains_key(&path) || !folded.insert(path.to_lowercase()) {
            return Err(fail("a second entry with this name"));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        entry.read_to_end(&mut bytes).map_err(|e| fail(&format!("cannot read it: {e}")))?;
        if bytes.len() as u64 != size {
            return Err(fail("the archive ends inside this entry"));
        }
        files.insert(path, bytes);
    }
    let Some(json) = files.get(MANIFEST_NAME) else {
        return Err(refused(
            shown,
            format!("it has no `{MANIFEST_NAME}`"),
            "packages are made with `kimon pack`",
        )
        .into());
    };
    let manifest: Manifest = serde_json::from_slice(json)
        .map_err(|e| refused(shown, format!("its manifest cannot be read: {e}"), HELP_ALTERED))?;
    if manifest.format != FORMAT {
        let why = format!("its format is \"{}\"; this kimon reads \"{FORMAT}\"", manifest.format);
        return Err(
            refused(shown, why, "update kimon, or ask the sender for a package of this format").into()
        );
    }
    Ok((manifest, files, signed_by))
}

/// Every file listed with its size and hash, nothing unlisted, templates
/// without data rows.
fn verify(manifest: &Manifest, files: &Files, shown: &str) -> Result<(), Box<Refused>> {
    for listed in &manifest.files {
        let Some(bytes) = files.get(&listed.path) else {
            return Err(refused(
                shown,
                format!("`{}` is listed in the manifest but missing", listed.path),
                HELP_ALTERED,
            )
            .into());
        };
        let actual = sha256_hex(bytes);
        if actual != listed.sha256.to_ascii_lowercase() || bytes.len() as u64 != listed.size {
            let why = format!(
                "`{}` does not match the manifest\n  manifest sha256: {}\n  file sha256:     {actual}",
                listed.path, listed.sha256
            );
            return Err(refused(shown, why, HELP_ALTERED).into());
        }
        if listed.kind == FileKind::Template && has_rows(bytes) {
            let why = format!("the data template `{}` holds rows after its header", listed.path);
            return Err(refused(shown, why, "a package never carries data: a template is one header line; the sender must not pass on data this way").into());
        }
    }
    for path in files.keys().filter(|p| *p != MANIFEST_NAME) {
        if !manifest.files.iter().any(|f| f.path == *path) {
            return Err(
                refused(shown, format!("`{path}` is not listed in the manifest"), HELP_ALTERED).into()
            );
        }
    }
    if !manifest.files.iter().any(|f| f.path == manifest.rulebook && f.kind == FileKind::Rulebook) {
        let why =
            format!("the manifest names `{}` as its rulebook, but lists no such rulebook", manifest.rulebook);
        return Err(refused(shown, why, HELP_ALTERED).into());
    }
    Ok(())
}

/// Anything but blank lines after the first line.
fn has_rows(bytes: &[u8]) -> bool {
    match bytes.iter().position(|b| *b == b'\n') {
        Some(end) => bytes[end + 1..].iter().any(|b| !b.is_ascii_whitespace()),
        None => false,
    }
}

/// The paths to write (the manifest included), after checking the target: nothing existing is
/// replaced without `force`, and nothing is written through a link.
fn plan(req: &UnpackRequest, files: &Files) -> Result<Vec<PathBuf>, Box<Refused>> {
    let into_shown = req.into.display().to_string();
    let target_refused = |why: String| {
        Box::<Refused>::from(refused_target(&into_shown, why, "choose another `--into` folder"))
    };
    if let Ok(meta) = std::fs::symlink_metadata(&req.into) {
        if !meta.file_type().is_dir() {
            let kind = crate::load::file_kind(&meta.file_type());
            return Err(target_refused(format!("the target is {kind}, not a folder")));
        }
    }
    let mut existing = Vec::new();
    let mut planned = Vec::new();
    for path in files.keys() {
        let mut at = req.into.clone();
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let Ok(meta) = std::fs::symlink_metadata(&at) else { break };
            let last = i + 1 == parts.len();
            if meta.file_type().is_symlink() {
                return Err(target_refused(format!(
                    "`{}` is a symbolic link; kimon does not unpack through links",
                    at.display()
                )));
            }
            if !last && !meta.is_dir() {
                return Err(target_refused(format!("`{}` is in the way (not a folder)", at.display())));
            }
            if last {
                if !meta.is_file() {
                    return Err(target_refused(format!(
                        "`{}` exists and is not a regular file",
                        at.display()
                    )));
                }
                existing.push(at.display().to_string());
            }
        }
        planned.push(req.into.join(path));
    }
    if !existing.is_empty() && !req.force {
        let why = format!("these files exist already: {}", existing.join(", "));
        return Err(Box::<Refused>::from(refused_target(
            &into_shown,
            why,
            "pass `--force` to replace them, or unpack into an empty folder",
        )));
    }
    Ok(planned)
}

/// Writes into a staging folder beside the target, then moves it in place.
fn write(req: &UnpackRequest, files: &Files) -> Result<(), Box<Refused>> {
    let into_shown = req.into.display().to_string();
    let io = |e: std::io::Error| {
        Box::<Refused>::from(refused_target(
            &into_shown,
            format!("cannot write: {e}"),
            "check the folder's permissions and free space",
        ))
    };
    let name = req.into.file_name().map_or_else(|| "unpack".into(), |n| n.to_string_lossy().into_owned());
    let parent = match req.into.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from("."),
    };
    let staging = parent.join(format!(".{name}.kimon-unpack-{}", std::process::id()));
    std::fs::create_dir(&staging).map_err(io)?;
    let result = (|| -> std::io::Result<()> {
        for (path, bytes) in files {
            let dest = staging.join(path);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&dest)?;
            std::io::Write::write_all(&mut f, bytes)?;
            f.sync_all()?;
        }
        if std::fs::symlink_metadata(&req.into).is_err() {
            return std::fs::rename(&staging, &req.into);
        }
        for path in files.keys() {
            let dest = req.into.join(path);
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::rename(staging.join(path), dest)?;
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result.map_err(io)
}
