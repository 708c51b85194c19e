//! `kimon adopt PEER.kimon INDICATOR --into RULEBOOK`: takes over one
//! indicator of a peer's rulebook with everything it needs that the target
//! lacks (fields, sources, dimensions, areas, `let`s; renamed where the
//! target means something else by the same id), records where it came from
//! (`adopted from "…" version "…" sha256 "…"`), writes the rulebook
//! atomically in canonical layout and checks it, reporting which local data
//! files and columns are still missing.
//!
//! Only the peer's rulebook text is read, never its data.

mod plan;
mod text;

pub use plan::{Action, Kind, Need};

use crate::diag::{Diag, Diags, SourceMap};
use crate::load::AccessPolicy;
use crate::model::Model;
use crate::session::Options;
use std::path::{Path, PathBuf};

/// What to adopt from where into which rulebook.
#[derive(Debug, Clone)]
pub struct AdoptRequest {
    pub peer: PathBuf,
    pub indicator: String,
    pub into: PathBuf,
    pub opts: Options,
    /// Compute and check, but write nothing.
    pub dry_run: bool,
}

/// A data file the adopted indicator reads, and the header it needs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DataNeed {
    pub source: String,
    pub file: String,
    pub exists: bool,
    /// Every column the source must hold (year, groups, filters, sums).
    pub header: Vec<String>,
    /// Those of them the local file lacks (all when it does not exist;
    /// none when its header cannot be read as text, e.g. a spreadsheet).
    pub missing: Vec<String>,
}

/// The outcome of an adoption.
#[derive(Debug)]
pub struct Adopted {
    /// The indicator's id in the target.
    pub indicator: String,
    /// True when it had been adopted before; nothing was written.
    pub already: bool,
    pub needs: Vec<Need>,
    /// The new rulebook text (the old one when `already`).
    pub text: String,
    pub written: bool,
    /// `kimon check` of the result (data headers included).
    pub check: Diags,
    pub check_sources: SourceMap,
    pub data: Vec<DataNeed>,
}

/// Why nothing was adopted.
#[derive(Debug)]
pub struct Refused {
    pub diags: Diags,
    pub sources: SourceMap,
}

fn refuse(d: Diag, sources: SourceMap) -> Refused {
    Refused { diags: Diags { items: vec![d] }, sources }
}

/// Loads and resolves a rulebook without reading data; the loaded files
/// come back too, for their declarations' text.
fn load(path: &Path, opts: &Options) -> Result<(Model, Vec<crate::load::LoadedFile>, SourceMap), Refused> {
    let policy: AccessPolicy = opts.policy(path);
    let loaded = crate::load::load(path, &policy);
    let (files, sources) = (loaded.files.clone(), loaded.sources.clone());
    if loaded.diags.has_errors() {
        return Err(Refused { diags: loaded.diags, sources });
    }
    let (model, diags) = crate::resolve::resolve(loaded);
    match model {
        Some(m) if !diags.has_errors() => Ok((m, files, sources)),
        _ => Err(Refused { diags, sources }),
    }
}

/// The suffix of renamed ids: the peer's municipality (or file name) as an
/// identifier, `nordstadt` for „Nordstadt“.
fn suffix(peer: &Model, path: &Path) -> String {
    let name =
        peer.meta.municipality.clone().unwrap_or_else(|| {
            path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        });
    let s = crate::tooling::init::slug(&name).replace('-', "_");
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("peer_{s}")
    } else {
        s
    }
}

/// Adopts `req.indicator` from `req.peer` into `req.into`.
pub fn adopt(req: &AdoptRequest) -> Result<Adopted, Refused> {
    let (peer, peer_files, peer_sources) = load(&req.peer, &req.opts)?;
    let Some(ind) = peer.indicators.get(&req.indicator) else {
        let ids = crate::tooling::indicator_ids(&peer);
        let d = Diag::error(
            "unknown-indicator",
            format!("no indicator `{}` in the peer rulebook `{}`", req.indicator, req.peer.display()),
        );
        let d = match kimon_grammar::suggest::did_you_mean(&req.indicator, ids) {
            Some(h) => d.help(format!("did you mean `{h}`?")),
            None => d.help(format!(
                "its indicators: {}",
                crate::tooling::indicator_ids(&peer).collect::<Vec<_>>().join(", ")
            )),
        };
        return Err(refuse(d, peer_sources));
    };
    let (target, _, target_sources) = load(&req.into, &req.opts)?;
    let bytes = std::fs::read(&req.peer).map_err(|e| {
        refuse(
            Diag::error("adopt-io", format!("cannot read `{}`: {e}", req.peer.display())),
            SourceMap::default(),
        )
    })?;
    let sha256 = crate::pin::sha256_hex(&bytes);
    let from = req.peer.display().to_string();
    let suffix = suffix(&peer, &req.peer);
    // Adopted before: the same peer bytes recorded on the same id, or on the
    // id a rename would give.
    let renamed = format!("{}_{suffix}", ind.id);
    if let Some(done) = [ind.id.as_str(), renamed.as_str()].into_iter().find_map(|id| {
        target.indicators.get(id).filter(|t| t.adopted.as_ref().is_some_and(|p| p.sha256 == sha256))
    }) {
        let text = crate::load::read_text(&req.into).unwrap_or_default();
        return Ok(Adopted {
            indicator: done.id.clone(),
            already: true,
            needs: Vec::new(),
            text,
            written: false,
            check: Diags::default(),
            check_sources: target_sources,
            data: Vec::new(),
        });
    }
    if let crate::model::Compare::Indicator(other) = &ind.compare {
        if !target.indicators.contains_key(other) {
            let d = Diag::error(
                "adopt-needs-indicator",
                format!(
                    "`{}` is compared with indicator `{other}`, which `{}` lacks",
                    ind.id,
                    req.into.display()
                ),
            )
            .help(format!(
                "adopt `{other}` first: kimon adopt {} {other} --into {}",
                from,
                req.into.display()
            ));
            return Err(refuse(d, target_sources));
        }
    }
    let needs = plan::plan(&peer, &target, &plan::needs(&peer, ind), &suffix);
    let renames = text::Renames::from_needs(&needs);
    let peer_view = text::Peer { files: &peer_files, sources: &peer_sources };
    let prov = text::Provenance { from: &from, version: peer.meta.version.as_deref(), sha256: &sha256 };
    let mut added = Vec::new();
    for need in needs.iter().filter(|n| n.action != Action::Reuse) {
        let snippet = text::snippet(&peer_view, need, &prov).and_then(|s| text::rename(&s, &renames));
        let Some(snippet) = snippet else {
            let d = Diag::error(
                "adopt-internal",
                format!("the {} `{}` of the peer could not be copied", need.kind.keyword(), need.id),
            )
            .help("this is a bug in kimon; copy the declaration by hand");
            return Err(refuse(d, peer_sources));
        };
        added.push(snippet);
    }
    let original = crate::load::read_text(&req.into)
        .map_err(|e| refuse(e.into_diag(&req.into.display().to_string()), SourceMap::default()))?;
    let new_id = needs.last().map_or_else(|| ind.id.clone(), |n| n.target_id().to_string());
    let mut text = original.trim_end().to_string();
    text.push_str(&format!(
        "\n\n// Übernommen mit `kimon adopt` aus „{from}“: Indikator `{}`{}\n",
        ind.id,
        if new_id != ind.id { format!(" als `{new_id}`") } else { String::new() }
    ));
    text.push_str(&added.join("\n\n"));
    text.push('\n');
    let text = kimon_grammar::format::format_source(&text).map_err(|_| {
        refuse(
            Diag::error("adopt-internal", "the adopted text does not parse").help("this is a bug in kimon"),
            SourceMap::default(),
        )
    })?;
    if !req.dry_run {
        crate::output::write_atomic(&req.into, text.as_bytes()).map_err(|e| {
            refuse(
                Diag::error("adopt-io", format!("cannot write `{}`: {e}", req.into.display())),
                SourceMap::default(),
            )
        })?;
    }
    let checked = if req.dry_run {
        let policy = req.opts.policy(&req.into);
        let dir = req.into.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = req
            .into
            .file_name()
            .map_or_else(|| "rulebook.kimon".into(), |n| n.to_string_lossy().into_owned());
        let loaded = crate::load::load_text(&name, text.clone(), dir, &policy);
        let sources = loaded.sources.clone();
        let (model, mut diags) = crate::resolve::resolve(loaded);
        if let Some(m) = &model {
            if !diags.has_errors() {
                diags.extend(crate::eval::check_headers(m, &req.opts));
            }
        }
        crate::session::Checked { model, diags, sources, geometry: Default::default() }
    } else {
        crate::session::check(&req.into, &req.opts)
    };
    let data = checked.model.as_ref().map(|m| data_needs(m, &new_id, &req.opts)).unwrap_or_default();
    Ok(Adopted {
        indicator: new_id,
        already: false,
        needs,
        text,
        written: !req.dry_run,
        check: checked.diags,
        check_sources: checked.sources,
        data,
    })
}

/// The data files the adopted indicator reads, whether they exist, and the
/// header each must have (the same header `kimon init` writes as template).
fn data_needs(model: &Model, indicator: &str, opts: &Options) -> Vec<DataNeed> {
    let Some(ind) = model.indicators.get(indicator) else { return Vec::new() };
    ind.sources()
        .iter()
        .filter_map(|s| model.sources.get(*s))
        .filter(|s| s.database.is_none())
        .map(|s| {
            let base = opts.data_dir.clone().unwrap_or_else(|| s.base_dir.clone());
            let path = base.join(&s.file);
            let header = crate::tooling::init::source_columns(model, s);
            let exists = path.is_file();
            let missing = if exists {
                header_line(&path, &s.format)
                    .map(|have| header.iter().filter(|c| !have.contains(c)).cloned().collect())
                    .unwrap_or_default()
            } else {
                header.clone()
            };
            DataNeed { source: s.id.clone(), file: s.file.clone(), exists, header, missing }
        })
        .collect()
}

/// The column names in the first line of a text data file (`;`, `,` or
/// tab separated, whichever occurs most); only that line is read.
fn header_line(path: &Path, format: &crate::model::DataFormat) -> Option<Vec<String>> {
    use std::io::Read;
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xls" | "xlsm" | "ods") {
        // The sheet's header row, as the reader sees it (`;`-separated).
        let (text, _) = crate::data::sheet::convert(path, format).ok()?;
        let line = text.lines().next().unwrap_or("");
        return Some(line.split(';').map(|c| c.trim().trim_matches('"').to_string()).collect());
    }
    let mut buf = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(crate::limits::MAX_HEADER_BYTES as u64)
        .read_to_end(&mut buf)
        .ok()?;
    let text = String::from_utf8_lossy(&buf);
    let line = text.trim_start_matches('\u{feff}').lines().next().unwrap_or("");
    let sep = [';', ',', '\t'].into_iter().max_by_key(|c| line.matches(*c).count()).unwrap_or(',');
    Some(line.split(sep).map(|c| c.trim().trim_matches('"').to_string()).collect())
}

/// The outcome in words, German or English: what was added, renamed and
/// reused, the check result and the data still missing.
pub fn render_text(a: &Adopted, into: &Path, lang: crate::report::numfmt::Lang) -> String {
    let de = lang == crate::report::numfmt::Lang::De;
    let mut out = String::new();
    if a.already {
        out.push_str(&if de {
            format!(
                "`{}` ist bereits aus dieser Fassung übernommen; {} bleibt unverändert\n",
                a.indicator,
                into.display()
            )
        } else {
            format!(
                "`{}` was already adopted from this version; {} is unchanged\n",
                a.indicator,
                into.display()
            )
        });
        return out;
    }
    for n in &a.needs {
        let line = match (&n.action, de) {
            (Action::Reuse, true) => {
                format!("= {} {} (im Regelwerk vorhanden, wird genutzt)", n.kind.keyword(), n.id)
            }
            (Action::Reuse, false) => {
                format!("= {} {} (already in the rulebook, reused)", n.kind.keyword(), n.id)
            }
            (Action::Add, true) => format!("+ {} {}", n.kind.keyword(), n.id),
            (Action::Add, false) => format!("+ {} {}", n.kind.keyword(), n.id),
            (Action::Rename { to }, true) => format!(
                "+ {} {to} (umbenannt: `{}` bedeutet im Regelwerk schon etwas anderes)",
                n.kind.keyword(),
                n.id
            ),
            (Action::Rename { to }, false) => format!(
                "+ {} {to} (renamed: the rulebook already means something else by `{}`)",
                n.kind.keyword(),
                n.id
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    let errors = a.check.items.iter().filter(|d| d.is_error()).count();
    out.push_str(&match (a.written, de) {
        (true, true) => format!("{} geschrieben; kimon check: {errors} Fehler\n", into.display()),
        (true, false) => format!("{} written; kimon check: {errors} error(s)\n", into.display()),
        (false, true) => format!("nichts geschrieben (--dry-run); kimon check: {errors} Fehler\n"),
        (false, false) => format!("nothing written (--dry-run); kimon check: {errors} error(s)\n"),
    });
    for d in &a.data {
        let header = d.header.join(",");
        let missing = d.missing.join(", ");
        let (file, src) = (&d.file, &d.source);
        out.push_str(&match (d.exists, d.missing.is_empty(), de) {
            (true, true, true) => format!("Daten: {file} ({src}) hat alle benötigten Spalten\n"),
            (true, true, false) => format!("data: {file} ({src}) has every column needed\n"),
            (true, false, true) => {
                format!(
                    "Daten: in {file} ({src}) fehlen die Spalten {missing}; benötigte Kopfzeile: {header}\n"
                )
            }
            (true, false, false) => {
                format!("data: {file} ({src}) lacks the columns {missing}; header needed: {header}\n")
            }
            (false, _, true) => format!("Daten fehlen: {file} ({src}) anlegen mit der Kopfzeile: {header}\n"),
            (false, _, false) => format!("data missing: create {file} ({src}) with the header: {header}\n"),
        });
    }
    out
}
