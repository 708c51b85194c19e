//! Loading a rulebook and everything it `extends` or `import`s: file access
//! rules, size and depth limits, cycle detection, parsing. The result is a
//! list of parsed files with their precedence level; resolution merges them.

mod access;
mod read;

pub use access::{file_kind, AccessError, AccessPolicy};
pub use read::ReadError;

/// Reads and decodes one rulebook file (size limit, UTF-8), without parsing.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    read::read_bytes(path).and_then(read::decode)
}

use crate::diag::{Diag, Diags, FileId, SourceMap};
use crate::limits::{MAX_IMPORT_DEPTH, MAX_RULEBOOK_FILES};
use kimon_grammar::ast::{File, Item, Pin, RulebookProp, Span};
use std::path::{Path, PathBuf};

/// One parsed rulebook file. `level` 0 is the file the user named and the
/// files it imports; a file reached through `extends` gets the level of its
/// child plus one, and lower levels win on conflicts (local overrides core).
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub id: FileId,
    pub ast: File,
    pub level: usize,
    pub dir: PathBuf,
    pub canonical: PathBuf,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: SourceMap,
    pub files: Vec<LoadedFile>,
    pub diags: Diags,
    /// Pinned files refused because their hash changed (their diagnostics
    /// are in `diags`); `kimon check` adds what changed.
    pub pin_mismatches: Vec<crate::pin::Mismatch>,
}

/// How pins are treated; the default enforces them. Only the comparison of
/// a pinned file's old and new text (`kimon update`) loads otherwise.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Read pinned files without checking their hash or version.
    pub ignore_pins: bool,
    /// Texts used instead of the files at these canonical paths.
    pub substitutes: Vec<(PathBuf, String)>,
}

struct Loader<'a> {
    policy: &'a AccessPolicy,
    opts: &'a LoadOptions,
    out: Loaded,
    stack: Vec<PathBuf>,
    seen: Vec<PathBuf>,
}

/// The pin a reference carries, with the file that holds it.
struct PinSite<'p> {
    pin: &'p Pin,
    file: FileId,
    /// Display name of the file holding the pin, for hints.
    pinning: String,
    pinning_dir: PathBuf,
}

/// Loads `root` and everything it references, collecting every problem.
pub fn load(root: &Path, policy: &AccessPolicy) -> Loaded {
    load_with(root, policy, &LoadOptions::default())
}

/// [`load`] with pins ignored or files replaced by given texts.
pub fn load_with(root: &Path, policy: &AccessPolicy, opts: &LoadOptions) -> Loaded {
    let mut loader = Loader { policy, opts, out: Loaded::default(), stack: Vec::new(), seen: Vec::new() };
    loader.file(root, root.display().to_string(), 0, None, None);
    loader.out
}

/// Loads a rulebook given as text (used by tests and fuzzing): imports are
/// resolved against `dir` under the same policy.
pub fn load_text(display: &str, text: String, dir: &Path, policy: &AccessPolicy) -> Loaded {
    let opts = LoadOptions::default();
    let mut loader =
        Loader { policy, opts: &opts, out: Loaded::default(), stack: Vec::new(), seen: Vec::new() };
    let path = dir.join(display);
    loader.parsed(text, display.to_string(), path.clone(), path, dir.to_path_buf(), 0, None);
    loader.out
}

impl Loader<'_> {
    fn file(
        &mut self,
        path: &Path,
        display: String,
        level: usize,
        from: Option<(FileId, Span)>,
        pin: Option<PinSite>,
    ) {
        let canonical = match self.policy.check(path) {
            Ok(c) => c,
            Err(e) => return self.fail(e.into_diag(&display), from),
        };
        if let Some(pos) = self.stack.iter().position(|p| *p == canonical) {
            let chain: Vec<String> = self.stack[pos..]
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| p.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
                .collect();
            let diag = Diag::error("import-cycle", format!("import cycle: {}", chain.join(" → ")))
                .help("remove one of the imports so that no file imports itself, directly or indirectly");
            return self.fail(diag, from);
        }
        if self.seen.contains(&canonical) {
            return;
        }
        if self.stack.len() >= MAX_IMPORT_DEPTH {
            let diag = Diag::error(
                "import-depth",
                format!("imports nested deeper than {MAX_IMPORT_DEPTH} files"),
            )
            .help("flatten the chain of `extends`/`import`; shared rulebooks rarely need more than three levels");
            return self.fail(diag, from);
        }
        if self.out.files.len() >= MAX_RULEBOOK_FILES {
            let diag =
                Diag::error("too-many-files", format!("more than {MAX_RULEBOOK_FILES} rulebook files"));
            return self.fail(diag, from);
        }
        let substitute = self.opts.substitutes.iter().find(|(p, _)| *p == canonical);
        let bytes = match substitute {
            Some((_, text)) => text.clone().into_bytes(),
            None => match read::read_bytes(&canonical) {
                Ok(b) => b,
                Err(e) => return self.fail(e.into_diag(&display), from),
            },
        };
        // The hash is checked on the bytes as read, before decoding or parsing.
        let pin = pin.filter(|_| !self.opts.ignore_pins);
        if let Some(site) = &pin {
            if let Err(failure) = crate::pin::verify(&bytes, site.pin) {
                let actual = match &failure {
                    crate::pin::PinFailure::Mismatch { actual } => Some(actual.clone()),
                    crate::pin::PinFailure::Malformed => None,
                };
                let diag = failure.into_diag(&display, site.pin, &site.pinning).at(
                    site.file,
                    site.pin.sha256.span,
                    "pinned here",
                );
                if let Some(actual) = actual {
                    self.out.pin_mismatches.push(crate::pin::Mismatch {
                        diag: self.out.diags.items.len(),
                        pinning_dir: site.pinning_dir.clone(),
                        target: canonical.clone(),
                        pinned: site.pin.sha256.value.to_ascii_lowercase(),
                        actual,
                    });
                }
                self.out.diags.push(diag);
                return;
            }
        }
        let text = match read::decode(bytes) {
            Ok(t) => t,
            Err(e) => return self.fail(e.into_diag(&display), from),
        };
        let dir = canonical.parent().map(Path::to_path_buf).unwrap_or_default();
        self.parsed(text, display, path.to_path_buf(), canonical, dir, level, pin);
    }

    #[allow(clippy::too_many_arguments)]
    fn parsed(
        &mut self,
        text: String,
        display: String,
        path: PathBuf,
        canonical: PathBuf,
        dir: PathBuf,
        level: usize,
        pin: Option<PinSite>,
    ) {
        self.seen.push(canonical.clone());
        let parsed = kimon_grammar::parse(&text);
        let id = self.out.sources.add(display.clone(), path, text);
        let ast = match parsed {
            Ok(p) => p.file,
            Err(errors) => {
                for e in errors {
                    self.out
                        .diags
                        .push(Diag::error("syntax", e.message).at(id, e.span, e.label).help_opt(e.help));
                }
                return;
            }
        };
        if let Some(site) = &pin {
            self.check_version(&ast, &display, site);
        }
        self.stack.push(canonical.clone());
        let display_dir = Path::new(&display).parent().map(Path::to_path_buf).unwrap_or_default();
        for (target, child_level, span, child_pin) in references(&ast, level) {
            let child_display = normalize(&display_dir.join(&target));
            let site = child_pin.map(|pin| PinSite {
                pin,
                file: id,
                pinning: display.clone(),
                pinning_dir: dir.clone(),
            });
            self.file(&dir.join(&target), child_display, child_level, Some((id, span)), site);
        }
        self.stack.pop();
        self.out.files.push(LoadedFile { id, ast, level, dir, canonical });
    }

    /// A pinned `version` must be the `version` the file declares.
    fn check_version(&mut self, ast: &File, display: &str, site: &PinSite) {
        let Some(pinned) = &site.pin.version else { return };
        let declared = ast.items.iter().find_map(|item| match item {
            Item::Rulebook(r) => r.props.iter().find_map(|p| match &p.kind {
                RulebookProp::Version(v) => Some(v.value.as_str()),
                _ => None,
            }),
            _ => None,
        });
        if declared != Some(pinned.value.as_str()) {
            let diag = crate::pin::version_diag(display, &pinned.value, declared, &site.pinning).at(
                site.file,
                pinned.span,
                "pinned version",
            );
            self.out.diags.push(diag);
        }
    }

    fn fail(&mut self, diag: Diag, from: Option<(FileId, Span)>) {
        let diag = match from {
            Some((file, span)) => {
                let label = diag.label.clone();
                diag.at(file, span, if label.is_empty() { "referenced here".to_string() } else { label })
            }
            None => diag,
        };
        self.out.diags.push(diag);
    }
}

/// The files a rulebook references: `extends` (one level down) and `import`,
/// each with its pin.
fn references(ast: &File, level: usize) -> Vec<(String, usize, Span, Option<&Pin>)> {
    let mut refs = Vec::new();
    for item in &ast.items {
        match item {
            Item::Rulebook(r) => {
                for p in &r.props {
                    if let RulebookProp::Extends(t, pin) = &p.kind {
                        refs.push((t.value.clone(), level + 1, t.span, pin.as_ref()));
                    }
                }
            }
            Item::Import(i) => refs.push((i.path.value.clone(), level, i.path.span, i.pin.as_ref())),
            _ => {}
        }
    }
    refs
}

/// Lexically removes `.` and `a/..` from a display path.
pub fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else {
                    parts.push("..".into());
                }
            }
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/").replace("//", "/")
}
