use crate::args::{EvalArgs, EvalFormat};
use crate::exit::Exit;
use kimon_engine::findings::{render_table, to_json};
use kimon_engine::session;
use std::sync::Arc;

pub fn run(args: &EvalArgs) -> Exit {
    let control = crate::signals::control();
    let opts = args.ledger.options(&args.access, &args.rulebook);
    // The target's kind is checked before the (possibly long) evaluation;
    // whether it is an input, once the inputs are known.
    if let Some(out) = &args.out {
        if let Err(exit) = crate::print::out_target(out, &[], args.follow_symlinks) {
            return exit;
        }
    }
    let progress = crate::progress::Progress::start(Arc::clone(&control), args.quiet, || {
        session::check(&args.rulebook, &opts)
            .model
            .map(|m| kimon_engine::eval::input_size(&m, &opts))
            .unwrap_or_default()
    });
    let result = session::evaluate(
        &args.rulebook,
        &opts,
        crate::args::Language::or_german(args.lang).into(),
        &control,
    );
    progress.finish();
    // Ctrl-C at any time before this point: nothing is written (see
    // `signals`: later phases are ended by the grace timer).
    if let Err(exit) = crate::signals::begin_writing(&control) {
        return exit;
    }
    let evaluated = match result {
        Ok(e) => e,
        Err(f) => return crate::print::failure(&f),
    };
    if !args.quiet {
        crate::print::diags(&evaluated.warnings.items, &evaluated.sources);
    }
    let text = match args.format {
        EvalFormat::Json => to_json(&evaluated.findings),
        EvalFormat::Table => kimon_engine::text::show_bidi(&render_table(
            &evaluated.findings,
            crate::args::Language::or_german(args.lang).into(),
        )),
    };
    if let Err(exit) = crate::print::commit_ledger(&evaluated, &opts) {
        return exit;
    }
    let out = match &args.out {
        Some(out) => match crate::print::out_target(out, &evaluated.input_files(&opts), args.follow_symlinks)
        {
            Ok(p) => Some(p),
            Err(exit) => return exit,
        },
        None => None,
    };
    crate::print::output(out.as_deref(), &text)
}
