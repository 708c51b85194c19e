//! Building the one locked-down rhai [`Engine`] that runs every script.
//!
//! The engine starts from [`Engine::new_raw`], which has no functions at all,
//! and only gets the packages a data-cleaning formula needs. Everything that
//! reaches outside the evaluation (clock, sleeping, printing, loading other
//! scripts, evaluating strings as code) is left out or switched off here, so
//! a shared rulebook can compute with the row it is given and nothing else.

use std::cell::Cell;
use std::time::Instant;

use rhai::packages::{
    ArithmeticPackage, BasicArrayPackage, BasicIteratorPackage, BasicMapPackage, BasicMathPackage,
    BasicStringPackage, LogicPackage, MoreStringPackage, Package,
};
use rhai::{Dynamic, Engine, OptimizationLevel};

use super::error::{OPERATIONS_TOKEN, TIME_TOKEN};
use super::limits::{SandboxLimits, DEADLINE_CHECK_INTERVAL};

thread_local! {
    /// When the running evaluation on this thread reached its first deadline
    /// checkpoint. rhai's progress callback gets no per-evaluation context,
    /// but an evaluation never leaves its thread, so a thread-local is an
    /// exact per-evaluation slot. It is only touched every
    /// [`DEADLINE_CHECK_INTERVAL`] operations, so the common short row never
    /// pays for a clock read.
    static CHECKPOINT_START: Cell<Option<Instant>> = const { Cell::new(None) };
    /// Operations of the running evaluation on this thread, counted here
    /// rather than trusted from rhai: the count rhai passes to the progress
    /// callback restarts for every closure a native function calls back
    /// (`array.map(|v| …)`), so nested `map`s ran for minutes per row
    /// without reaching either the operation limit or the deadline.
    static OPERATIONS: Cell<u64> = const { Cell::new(0) };
}

/// Resets the per-thread operation count and clock; called before every
/// evaluation.
pub(crate) fn begin_evaluation() {
    OPERATIONS.with(|c| c.set(0));
    CHECKPOINT_START.with(|s| s.set(None));
}

/// Builds the sandboxed engine for `limits` (which must already be
/// [`SandboxLimits::enforced`]).
pub(crate) fn build_engine(limits: &SandboxLimits) -> Engine {
    let mut engine = Engine::new_raw();

    // Deliberately NOT registered:
    // - `LanguageCorePackage` (and so `CorePackage`/`StandardPackage`): its
    //   `sleep` blocks inside one operation, so the operation limit never
    //   sees it; it also brings `exit` and `parse_json`.
    // - `BasicTimePackage`: `timestamp()` would make results depend on when
    //   the run happened (also compiled out by the `no_time` feature).
    // - `BasicBlobPackage`, `BitFieldPackage`, `DebuggingPackage`: no use
    //   for data cleaning, only more surface.
    ArithmeticPackage::new().register_into_engine(&mut engine);
    LogicPackage::new().register_into_engine(&mut engine);
    BasicMathPackage::new().register_into_engine(&mut engine);
    BasicStringPackage::new().register_into_engine(&mut engine);
    MoreStringPackage::new().register_into_engine(&mut engine);
    BasicArrayPackage::new().register_into_engine(&mut engine);
    BasicMapPackage::new().register_into_engine(&mut engine);
    BasicIteratorPackage::new().register_into_engine(&mut engine);

    // A typo in a column name must be a compile error pointing at the typo,
    // not a silent `()` on every row.
    engine.set_strict_variables(true);
    // `eval` would run text built at runtime, outside the compile-time
    // checks above. Disabling the symbol makes it a compile error.
    engine.disable_symbol("eval");
    // No module loading: `import` is compiled out by the `no_module`
    // feature, so there is no resolver that could read files.

    // Output must never reach the process's stdout/stderr: the engine may
    // be writing a report there, and a script must not be able to forge it.
    engine.on_print(|_| {});
    engine.on_debug(|_, _, _| {});

    // `() < 18` must fail rather than answer `false` (see `missing.rs`).
    super::missing::register_strict_missing_comparisons(&mut engine);

    // Constant folding only; `Full` would call functions at compile time,
    // outside the operation and time limits.
    engine.set_optimization_level(OptimizationLevel::Simple);

    engine.set_max_operations(limits.max_operations);
    engine.set_max_call_levels(limits.max_call_levels);
    engine.set_max_expr_depths(limits.max_expr_depth, limits.max_function_expr_depth);
    engine.set_max_string_size(limits.max_string_size);
    engine.set_max_array_size(limits.max_array_size);
    engine.set_max_map_size(limits.max_map_size);
    engine.set_max_variables(limits.max_variables);
    engine.set_max_functions(limits.max_functions);

    let deadline = limits.deadline;
    let max_operations = limits.max_operations;
    engine.on_progress(move |_| {
        let operations = OPERATIONS.with(|c| {
            let n = c.get() + 1;
            c.set(n);
            n
        });
        if operations > max_operations {
            return Some(Dynamic::from(OPERATIONS_TOKEN));
        }
        if !operations.is_multiple_of(DEADLINE_CHECK_INTERVAL) {
            return None;
        }
        CHECKPOINT_START.with(|start| {
            if operations == DEADLINE_CHECK_INTERVAL {
                // First checkpoint of this evaluation: operation counts
                // restart at zero for every evaluation, so this is where a
                // new evaluation's clock starts.
                start.set(Some(Instant::now()));
                return None;
            }
            match start.get() {
                Some(at) if at.elapsed() > deadline => Some(Dynamic::from(TIME_TOKEN)),
                _ => None,
            }
        })
    });

    engine
}
