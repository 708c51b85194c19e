use crate::args::{CheckArgs, DiagFormat};
use crate::exit::Exit;
use kimon_engine::diag::render_json;
use kimon_engine::session;

pub fn run(args: &CheckArgs) -> Exit {
    let opts = args.access.options();
    let mut exit = Exit::Ok;
    let mut json_parts = Vec::new();
    for file in &args.files {
        let checked = session::check(file, &opts);
        let items = &checked.diags.items;
        let io_problem = checked.model.is_none() && items.iter().any(|d| d.location.is_none());
        match args.format {
            DiagFormat::Human => {
                crate::print::diags(items, &checked.sources);
                let (e, w) = (checked.diags.errors(), checked.diags.warnings());
                let n = checked.model.as_ref().map_or(0, |m| m.indicators.len());
                let ui = crate::ui::Ui::for_rulebook(
                    None,
                    checked.model.as_ref().map(|m| m.meta.language.as_str()),
                );
                if e == 0 {
                    let (ind, warn) = (ui.t("Indikatoren", "indicators"), ui.t("Warnung(en)", "warning(s)"));
                    eprintln!("{}: ok — {n} {ind}, {w} {warn}", file.display());
                } else {
                    let (err, warn) = (ui.t("Fehler", "error(s)"), ui.t("Warnung(en)", "warning(s)"));
                    eprintln!("{}: {e} {err}, {w} {warn}", file.display());
                }
            }
            DiagFormat::Json => json_parts.push(render_json(items, &checked.sources)),
        }
        let this = if io_problem {
            Exit::Usage
        } else if checked.diags.has_errors() || (args.deny_warnings && checked.diags.warnings() > 0) {
            Exit::Findings
        } else {
            Exit::Ok
        };
        exit = exit.worst(this);
    }
    if args.format == DiagFormat::Json {
        let text = match json_parts.as_slice() {
            [one] => format!("{one}\n"),
            many => format!("[{}]\n", many.join(",")),
        };
        exit = exit.worst(crate::print::stdout(&text));
    }
    exit
}
