//! Snapshots of the diagnostics for broken rulebooks: every listed check
//! points at the exact span with a label and a hint.

use kimon_tests::check_output;

macro_rules! snap {
    ($name:ident, $file:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(check_output($file));
        }
    };
}

snap!(syntax_unknown_keyword, "broken/syntax_unknown_keyword.kimon");
snap!(syntax_unbalanced, "broken/syntax_unbalanced.kimon");
snap!(syntax_truncated, "broken/syntax_truncated.kimon");
snap!(names, "broken/names.kimon");
snap!(consistency, "broken/consistency.kimon");
snap!(lints, "broken/lints.kimon");
snap!(import_cycle, "broken/cycle_a.kimon");
snap!(missing_import, "broken/missing_import.kimon");
snap!(not_utf8, "broken/not_utf8.kimon");
snap!(path_escape, "broken/escape.kimon");

#[test]
fn shipped_core_rulebook_is_clean() {
    let out = check_output("../rulebooks/kern.kimon");
    assert_eq!(out, "errors: 0, warnings: 0\n");
}
