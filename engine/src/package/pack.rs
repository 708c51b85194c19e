//! `kimon pack`: the rulebook, everything it extends or imports, a header
//! template for every data file, the README beside it and the manifest, as
//! one deterministic tar.

use super::manifest::{FileKind, Manifest, ManifestFile, MANIFEST_NAME};
use super::Refused;
use crate::diag::{Diag, Diags};
use crate::pin::sha256_hex;
use kimon_grammar::ast::{Item, RulebookProp};
use std::path::{Component, Path, PathBuf};

pub struct PackRequest {
    pub rulebook: PathBuf,
    pub out: PathBuf,
    pub licence: Option<String>,
    pub opts: crate::session::Options,
}

/// What was packed.
#[derive(Debug)]
pub struct Packed {
    pub manifest: Manifest,
    pub bytes: usize,
}

/// Builds the package and writes it atomically to `req.out`.
pub fn pack(req: &PackRequest) -> Result<Packed, Box<Refused>> {
    let (manifest, contents) = collect(req)?;
    let bytes = archive(&manifest, &contents)
        .map_err(|e| Diag::error("pack-io", format!("cannot build the package: {e}")))?;
    let inputs: Vec<PathBuf> = contents.iter().map(|(_, _, src)| src.clone()).collect();
    let target =
        crate::output::check_target(&req.out, &inputs, false).map_err(|d| Box::<Refused>::from(*d))?;
    crate::output::write_atomic(&target, &bytes)
        .map_err(|e| Diag::error("pack-io", format!("cannot write `{}`: {e}", req.out.display())))?;
    Ok(Packed { manifest, bytes: bytes.len() })
}

/// Package path → (bytes, the file they came from), sorted by path.
type Contents = Vec<(String, Vec<u8>, PathBuf)>;

fn collect(req: &PackRequest) -> Result<(Manifest, Contents), Box<Refused>> {
    let policy = req.opts.policy(&req.rulebook);
    let loaded = crate::load::load(&req.rulebook, &policy);
    let sources = loaded.sources.clone();
    let root_file = loaded.files.iter().find(|f| f.level == 0 && f.id.0 == 0).cloned();
    let files: Vec<(PathBuf, PathBuf)> =
        loaded.files.iter().map(|f| (f.canonical.clone(), sources_path(&sources, f.id))).collect();
    let (model, diags) = crate::resolve::resolve(loaded);
    let refuse = |diags: Diags| Box::new(Refused { diags, sources: sources.clone() });
    let (Some(model), false, Some(root_file)) = (model, diags.has_errors(), root_file) else {
        return Err(refuse(diags));
    };
    let root_dir = root_file.dir.clone();
    let mut problems = Diags::default();
    let mut contents: Contents = Vec::new();
    let mut kinds = Vec::new();
    for (canonical, shown) in &files {
        match inside(&root_dir, canonical) {
            Some(rel) => match std::fs::read(canonical) {
                Ok(bytes) => {
                    contents.push((rel, bytes, canonical.clone()));
                    kinds.push(FileKind::Rulebook);
                }
                Err(e) => {
                    problems.push(Diag::error("pack-io", format!("cannot read `{}`: {e}", shown.display())))
                }
            },
            None => problems.push(outside(&shown.display().to_string(), "rulebook")),
        }
    }
    // A database source has no file to template: its table stays where it is.
    for source in model.sources.values().filter(|s| s.database.is_none()) {
        let path = declared_path(&source.base_dir, &source.file);
        match inside(&root_dir, &path) {
            Some(rel) => {
                let header = crate::tooling::init::source_columns(&model, source).join(",");
                contents.push((rel, format!("{header}\n").into_bytes(), path));
                kinds.push(FileKind::Template);
            }
            None => problems.push(outside(&source.file, "data file")),
        }
    }
    // Key files and outlines: the unpacked rulebook would not check without.
    for area in model.areas.values() {
        let files = [
            area.parents.as_ref().map(|k| (&k.base_dir, &k.file, "key file")),
            area.geometry.as_ref().map(|g| (&g.base_dir, &g.file, "geometry file")),
        ];
        for (base_dir, file, what) in files.into_iter().flatten() {
            let path = declared_path(base_dir, file);
            match inside(&root_dir, &path) {
                Some(rel) => match std::fs::read(&path) {
                    Ok(bytes) => {
                        contents.push((rel, bytes, path));
                        kinds.push(FileKind::Reference);
                    }
                    Err(e) => {
                        problems.push(Diag::error("pack-io", format!("cannot read the {what} `{file}`: {e}")))
                    }
                },
                None => problems.push(outside(file, what)),
            }
        }
    }
    let readme = root_dir.join("README.md");
    if std::fs::symlink_metadata(&readme).is_ok_and(|m| m.file_type().is_file()) {
        match std::fs::read(&readme) {
            Ok(bytes) => {
                contents.push(("README.md".to_string(), bytes, readme));
                kinds.push(FileKind::Readme);
            }
            Err(e) => problems.push(Diag::error("pack-io", format!("cannot read `README.md`: {e}"))),
        }
    }
    if problems.has_errors() {
        return Err(refuse(problems));
    }
    let mut order: Vec<usize> = (0..contents.len()).collect();
    order.sort_by(|a, b| contents[*a].0.cmp(&contents[*b].0));
    let mut sorted: Contents = Vec::new();
    let mut manifest = Manifest::new(String::new(), String::new());
    for i in order {
        let (path, bytes, src) = &contents[i];
        if sorted.last().is_some_and(|(p, _, _)| p == path) {
            continue; // a source declared twice over the same file
        }
        manifest.files.push(ManifestFile {
            path: path.clone(),
            kind: kinds[i],
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        });
        sorted.push((path.clone(), bytes.clone(), src.clone()));
    }
    manifest.rulebook = inside(&root_dir, &root_file.canonical).unwrap_or_default();
    for item in &root_file.ast.items {
        if let Item::Rulebook(r) = item {
            manifest.name = r.name.value.clone();
            for p in &r.props {
                match &p.kind {
                    RulebookProp::Version(v) => manifest.version = Some(v.value.clone()),
                    RulebookProp::Publisher(v) => manifest.publisher = Some(v.value.clone()),
                    _ => {}
                }
            }
        }
    }
    manifest.licence = req.licence.clone();
    Ok((manifest, sorted))
}

/// Where a file named in the rulebook lies: `base_dir` is the declaring
/// file's directory as given ("" for a bare name), `file` as written.
fn declared_path(base_dir: &Path, file: &str) -> PathBuf {
    let dir = if base_dir.as_os_str().is_empty() { Path::new(".") } else { base_dir };
    let base = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    lexical(&base.join(file))
}

fn sources_path(sources: &crate::diag::SourceMap, id: crate::diag::FileId) -> PathBuf {
    PathBuf::from(sources.display(id))
}

fn outside(shown: &str, what: &str) -> Diag {
    Diag::error("pack-outside", format!("{what} `{shown}` lies outside the rulebook's folder; it cannot be packed"))
        .help("a package holds only files below the packed rulebook's folder (its paths must stay relative); copy the file there and refer to it from inside")
}

/// `path` relative to `root` as `/`-separated plain components, if below it.
fn inside(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Removes `.` and `a/..` without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The tar bytes: manifest first, then the files; every header with the
/// same mode, owner and time, so equal inputs give equal packages.
fn archive(manifest: &Manifest, contents: &Contents) -> std::io::Result<Vec<u8>> {
    let mut builder = tar::Builder::new(Vec::new());
    builder.mode(tar::HeaderMode::Deterministic);
    let json = manifest.to_json();
    let entries = std::iter::once((MANIFEST_NAME, json.as_bytes()))
        .chain(contents.iter().map(|(p, b, _)| (p.as_str(), b.as_slice())));
    for (path, bytes) in entries {
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_size(bytes.len() as u64);
        builder.append_data(&mut header, path, bytes)?;
    }
    builder.into_inner()
}
