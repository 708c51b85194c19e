//! `kimon pin`: computes the pin of every `extends`/`import` of one
//! rulebook file and rewrites only the pins in its text, so comments and
//! layout stay exactly as the author wrote them.

use super::hash::sha256_hex;
use crate::diag::{Diag, Diags, FileId, SourceMap};
use crate::load::AccessPolicy;
use kimon_grammar::ast::{File, Item, Pin, RulebookProp, Span, Text};
use std::path::{Path, PathBuf};

/// One `extends`/`import` as written in a rulebook file.
#[derive(Debug, Clone)]
pub struct Reference {
    pub path: Text,
    pub pin: Option<Pin>,
}

/// The `extends` and `import`s of one parsed file, in source order.
pub fn references(file: &File) -> Vec<Reference> {
    let mut refs = Vec::new();
    for item in &file.items {
        match item {
            Item::Rulebook(r) => {
                for p in &r.props {
                    if let RulebookProp::Extends(path, pin) = &p.kind {
                        refs.push(Reference { path: path.clone(), pin: pin.clone() });
                    }
                }
            }
            Item::Import(i) => refs.push(Reference { path: i.path.clone(), pin: i.pin.clone() }),
            _ => {}
        }
    }
    refs
}

/// The pin written for one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedRef {
    /// The path as the rulebook writes it.
    pub path: String,
    pub version: Option<String>,
    pub sha256: String,
    /// The hash pinned before (`None`: was not pinned).
    pub before: Option<String>,
}

/// What `kimon pin` would write: the new text and the pins in it. Nothing is
/// written until [`PinOutcome::write`].
#[derive(Debug)]
pub struct PinOutcome {
    pub rulebook: PathBuf,
    pub sources: SourceMap,
    pub diags: Diags,
    /// The rewritten text (`None` when there are errors).
    pub text: Option<String>,
    pub original: String,
    pub pins: Vec<PinnedRef>,
    /// The bytes of every pinned file, kept as copies on write.
    copies: Vec<Vec<u8>>,
}

impl PinOutcome {
    /// Whether the text would change.
    pub fn changes_text(&self) -> bool {
        self.text.as_ref().is_some_and(|t| *t != self.original)
    }

    /// Writes the rewritten rulebook atomically and keeps a copy of every
    /// pinned file in `.kimon-pins/` beside it (see the module docs of
    /// [`crate::pin`]). Copies first: a pin never points at a text kimon
    /// could not keep.
    pub fn write(&self) -> std::io::Result<()> {
        let Some(text) = &self.text else { return Ok(()) };
        let dir = self.rulebook.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        for bytes in &self.copies {
            super::store::store_copy(dir, bytes)?;
        }
        if *text != self.original {
            crate::output::write_atomic(&self.rulebook, text.as_bytes())?;
        }
        Ok(())
    }
}

/// Computes the pins of `rulebook`'s references: every reference, or with
/// `pinned_only` only those already pinned (`kimon update --write`).
pub fn pin(rulebook: &Path, policy: &AccessPolicy, pinned_only: bool) -> PinOutcome {
    let display = rulebook.display().to_string();
    let mut out = PinOutcome {
        rulebook: rulebook.to_path_buf(),
        sources: SourceMap::default(),
        diags: Diags::default(),
        text: None,
        original: String::new(),
        pins: Vec::new(),
        copies: Vec::new(),
    };
    let text = match policy.check(rulebook) {
        Ok(canonical) => match crate::load::read_text(&canonical) {
            Ok(t) => t,
            Err(d) => {
                out.diags.push(d.into_diag(&display));
                return out;
            }
        },
        Err(e) => {
            out.diags.push(e.into_diag(&display));
            return out;
        }
    };
    out.original = text.clone();
    let id = out.sources.add(display.clone(), rulebook.to_path_buf(), text.clone());
    let parsed = match kimon_grammar::parse(&text) {
        Ok(p) => p,
        Err(errors) => {
            for e in errors {
                out.diags.push(Diag::error("syntax", e.message).at(id, e.span, e.label).help_opt(e.help));
            }
            return out;
        }
    };
    let dir = rulebook.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut edits: Vec<(Span, String)> = Vec::new();
    for r in references(&parsed.file) {
        if pinned_only && r.pin.is_none() {
            continue;
        }
        let Some((bytes, version)) =
            read_target(&dir.join(&r.path.value), &r.path, policy, id, &mut out.diags)
        else {
            continue;
        };
        let sha256 = sha256_hex(&bytes);
        let new_pin = format!(
            "{}sha256 {}",
            version
                .as_ref()
                .map_or_else(String::new, |v| format!("version {} ", kimon_grammar::format::quote(v))),
            kimon_grammar::format::quote(&sha256)
        );
        match &r.pin {
            Some(p) => edits.push((p.span, new_pin)),
            None => edits.push((Span::new(r.path.span.end, r.path.span.end), format!(" {new_pin}"))),
        }
        out.pins.push(PinnedRef {
            path: r.path.value.clone(),
            version,
            sha256,
            before: r.pin.map(|p| p.sha256.value.to_ascii_lowercase()),
        });
        out.copies.push(bytes);
    }
    if out.diags.has_errors() {
        return out;
    }
    let mut new_text = text;
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    for (span, replacement) in edits {
        new_text.replace_range(span.start..span.end, &replacement);
    }
    // The rewrite only touches pins; it must still parse to the same items.
    match kimon_grammar::parse(&new_text) {
        Ok(p) if p.file.items.len() == parsed.file.items.len() => out.text = Some(new_text),
        _ => out.diags.push(
            Diag::error(
                "pin-rewrite",
                format!("rewriting the pins of `{display}` would break it; nothing written"),
            )
            .help("please report this as a bug in kimon, with the rulebook"),
        ),
    }
    out
}

/// Reads a referenced file under the access rules; its bytes and the
/// `version` it declares. Problems become diagnostics at the path.
fn read_target(
    path: &Path,
    written: &Text,
    policy: &AccessPolicy,
    id: FileId,
    diags: &mut Diags,
) -> Option<(Vec<u8>, Option<String>)> {
    let shown = crate::load::normalize(path);
    let canonical = match policy.check(path) {
        Ok(c) => c,
        Err(e) => {
            diags.push(e.into_diag(&shown).at(id, written.span, "referenced here"));
            return None;
        }
    };
    let text = match crate::load::read_text(&canonical) {
        Ok(t) => t,
        Err(e) => {
            diags.push(e.into_diag(&shown).at(id, written.span, "referenced here"));
            return None;
        }
    };
    let Ok(parsed) = kimon_grammar::parse(&text) else {
        diags.push(
            Diag::error(
                "pin-unparsable",
                format!("`{shown}` has syntax errors; kimon pins only files it can read"),
            )
            .at(id, written.span, "referenced here")
            .help(format!("run `kimon check {shown}` and fix the file first")),
        );
        return None;
    };
    let version = parsed.file.items.iter().find_map(|item| match item {
        Item::Rulebook(r) => r.props.iter().find_map(|p| match &p.kind {
            RulebookProp::Version(v) => Some(v.value.clone()),
            _ => None,
        }),
        _ => None,
    });
    Some((text.into_bytes(), version))
}
