//! Atomic output: every file kimon writes goes to a temporary file in the
//! same directory, is flushed to disk and then renamed over the target, so a
//! crash or kill leaves either the old file or the new one, never half.

mod folder;

pub use folder::{check_folder, write_folder};

use crate::diag::Diag;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.kimon-tmp-{}-{n}", std::process::id()))
}

/// A file being written: a temporary file beside the target that replaces
/// it on [`AtomicFile::commit`]; dropped without commit, it is removed.
pub struct AtomicFile {
    tmp: PathBuf,
    target: PathBuf,
    writer: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> std::io::Result<Self> {
        let tmp = temp_path(target);
        let f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        Ok(AtomicFile {
            tmp,
            target: target.to_path_buf(),
            writer: Some(std::io::BufWriter::with_capacity(1 << 20, f)),
        })
    }

    /// Flushes, syncs and renames over the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        if let Some(w) = self.writer.take() {
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
        }
        std::fs::rename(&self.tmp, &self.target)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.writer.as_mut() {
            Some(w) => w.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.writer.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `target` atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(target);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Checks an `--out` target before anything is written and returns the path
/// to write (the target itself, or with `follow_symlinks` the file a symbolic
/// link points to). Refused, with a diagnostic:
///
/// - any input of the run (`inputs`: rulebook, imports, data files), compared
///   by identity of the file, so hard links, symbolic links and `..` paths to
///   an input are caught too — writing would replace the input;
/// - anything that exists and is not a regular file (device, FIFO, socket,
///   directory): the atomic rename would replace the node with a plain file;
/// - a symbolic link, unless `follow_symlinks`: the rename would replace the
///   link instead of writing where it points.
///
/// A path that does not exist yet is fine.
pub fn check_target(target: &Path, inputs: &[PathBuf], follow_symlinks: bool) -> Result<PathBuf, Box<Diag>> {
    check_target_inner(target, inputs, follow_symlinks).map_err(Box::new)
}

// Private and called once per run; boxed at the public boundary.
#[allow(clippy::result_large_err)]
fn check_target_inner(target: &Path, inputs: &[PathBuf], follow_symlinks: bool) -> Result<PathBuf, Diag> {
    let shown = target.display();
    let mut path = target.to_path_buf();
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path),
        Err(e) => return Err(Diag::error("output-refused", format!("cannot inspect `{shown}`: {e}"))),
    };
    let meta = if meta.file_type().is_symlink() {
        if !follow_symlinks {
            let dest = std::fs::read_link(target).map(|d| d.display().to_string()).unwrap_or_default();
            return Err(Diag::error(
                "output-refused",
                format!("`{shown}` is a symbolic link (to `{dest}`); kimon does not write through links"),
            )
            .help("name the real file with `--out`, or pass `--follow-symlinks` to write to the file the link points to"));
        }
        path = match target.canonicalize() {
            Ok(p) => p,
            // A dangling link: there is no file to write through to.
            Err(e) => {
                return Err(Diag::error(
                    "output-refused",
                    format!("`{shown}` is a symbolic link whose target cannot be resolved: {e}"),
                ))
            }
        };
        match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return Err(Diag::error("output-refused", format!("cannot inspect `{shown}`: {e}"))),
        }
    } else {
        meta
    };
    if !meta.file_type().is_file() {
        let kind = crate::load::file_kind(&meta.file_type());
        let mut d = Diag::error(
            "output-refused",
            format!("`{shown}` is {kind}, not a regular file; refusing to replace it"),
        );
        d = d.help("name a regular file or a new path with `--out` (`kimon eval` writes to standard output without `--out`)");
        return Err(d);
    }
    for input in inputs {
        if same_file(&path, &meta, input) {
            return Err(Diag::error(
                "output-is-input",
                format!(
                    "`{shown}` is an input of this run (`{}`); writing it would destroy the input",
                    input.display()
                ),
            )
            .help("choose another output file with `--out`"));
        }
    }
    Ok(path)
}

/// Whether `input` is the same file as `path` (whose metadata is `meta`).
fn same_file(path: &Path, meta: &std::fs::Metadata, input: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::metadata(input) {
            return m.dev() == meta.dev() && m.ino() == meta.ino();
        }
    }
    let _ = meta;
    match (path.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_file_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("kimon-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.json");
        write_atomic(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
