use crate::args::{EvalArgs, EvalFormat};
use crate::exit::Exit;
use kimon_engine::findings::{render_table, to_json};
use kimon_engine::session;

pub fn run(args: &EvalArgs) -> Exit {
    let control = crate::signals::control();
    let evaluated =
        match session::evaluate(&args.rulebook, &args.access.options(), args.lang.into(), &control) {
            Ok(e) => e,
            Err(f) => return crate::print::failure(&f),
        };
    if !args.quiet {
        crate::print::diags(&evaluated.warnings.items, &evaluated.sources);
    }
    let text = match args.format {
        EvalFormat::Json => to_json(&evaluated.findings),
        EvalFormat::Table => render_table(&evaluated.findings, args.lang.into()),
    };
    crate::print::output(args.out.as_deref(), &text)
}
