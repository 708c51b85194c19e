//! Bad data files give row- and column-precise diagnostics (snapshots).

use kimon_engine::diag::{render_human, RenderStyle};
use kimon_engine::eval::Control;
use kimon_engine::report::numfmt::Lang;
use kimon_engine::session::{evaluate, Options};
use std::path::Path;

fn eval_errors(path: &str) -> String {
    match evaluate(Path::new(path), &Options::default(), Lang::De, &Control::default()) {
        Ok(_) => "evaluated without errors".into(),
        Err(f) => render_human(&f.diags.items, &f.sources, RenderStyle::Plain),
    }
}

#[test]
fn non_numeric_negative_and_unknown_codes() {
    insta::assert_snapshot!(eval_errors("bad_data/bad.kimon"));
}

#[test]
fn columns_missing_in_the_file() {
    insta::assert_snapshot!(eval_errors("bad_data/missing_column.kimon"));
}
