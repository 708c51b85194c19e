//! Making "is a missing value less than 18?" an error instead of `false`.
//!
//! rhai answers every ordering comparison between different non-numeric
//! types with `false`, so with a missing age (`()`) the age-band script
//! `if age < 18 { … } else if age < 65 { … } else { "65+" }` silently puts
//! the person into "65+". For a monitoring engine that is wrong data
//! without a trace. This registers `<`, `<=`, `>`, `>=` for `()` against
//! `()`, a bool, a number, a text or a char, in either order, as errors that
//! tell the rulebook author to test for missing values first. `==` and `!=` keep rhai's meaning (`x == ()` is how a
//! script asks whether a value is missing).
//!
//! Cost: rhai only consults registered operator functions with its "fast
//! operators" mode off, which makes every operator call look its function
//! up first. On the age-band script (release build, one thread) that
//! measured about 2.0 M instead of 2.8–3.1 M rows per second. Removing the
//! call in `engine.rs` restores the speed, and rhai's silent `false`.

use rhai::{Engine, EvalAltResult, ImmutableString, Position, FLOAT, INT};

/// Registers `op` for `(A, B)` as a function that always fails.
macro_rules! refuse_pair {
    ($engine:expr, $op:expr, $a:ty, $b:ty) => {{
        let op: &'static str = $op;
        $engine.register_fn(op, move |_: $a, _: $b| -> Result<bool, Box<EvalAltResult>> { Err(refuse(op)) });
    }};
}

/// Registers the failing comparisons. Needs fast operators switched off,
/// otherwise rhai answers built-in type pairs before looking at registered
/// functions.
pub(crate) fn register_strict_missing_comparisons(engine: &mut Engine) {
    engine.set_fast_operators(false);
    for op in ["<", "<=", ">", ">="] {
        // Concrete types rather than one `Dynamic` wildcard: wildcards make
        // rhai try argument permutations for every `<` in every script.
        refuse_pair!(engine, op, (), ());
        refuse_pair!(engine, op, (), bool);
        refuse_pair!(engine, op, bool, ());
        refuse_pair!(engine, op, (), INT);
        refuse_pair!(engine, op, INT, ());
        refuse_pair!(engine, op, (), FLOAT);
        refuse_pair!(engine, op, FLOAT, ());
        refuse_pair!(engine, op, (), ImmutableString);
        refuse_pair!(engine, op, ImmutableString, ());
        refuse_pair!(engine, op, (), char);
        refuse_pair!(engine, op, char, ());
    }
}

fn refuse(op: &str) -> Box<EvalAltResult> {
    // `ErrorArithmetic` displays just its message; rhai fills in the
    // position of the operator.
    Box::new(EvalAltResult::ErrorArithmetic(
        format!("a missing value (`()`) cannot be compared with `{op}`; check for it first with `x == ()`"),
        Position::NONE,
    ))
}
