//! Every resource limit of the script sandbox, in one place.
//!
//! Rulebooks are shared between municipalities, so a script may have been
//! written by anyone. The limits below bound what a single evaluation (one
//! data row) can cost in CPU time, memory and stack, so that a broken or
//! malicious script fails one row with a clear error instead of hanging or
//! crashing the whole run.

use std::time::Duration;

/// How many rhai operations run between two wall-clock checks.
///
/// Reading the clock costs roughly as much as a handful of operations, so it
/// is only done every this many operations; the time limit can therefore be
/// overrun by at most this many operations, each of which is itself bounded
/// by the size limits below.
pub const DEADLINE_CHECK_INTERVAL: u64 = 256;

/// Resource limits for one [`Sandbox`](super::Sandbox).
///
/// All limits are always enforced. rhai reads `0` as "unlimited" for several
/// of them, so [`Sandbox::new`](super::Sandbox::new) raises every zero that
/// would mean "unlimited" to `1` instead; a zero can never switch a limit off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxLimits {
    /// Maximum rhai operations (roughly: expression nodes evaluated) per
    /// evaluation. Default `100_000`: an age-band script needs about 10, so
    /// this leaves room for real logic while stopping `loop {}` within
    /// milliseconds.
    pub max_operations: u64,
    /// Maximum nesting of function and closure calls. Default `16`: bounds
    /// recursion (`fn f(x) { f(x + 1) }`) long before the native stack of a
    /// 2 MiB worker thread is at risk, even in debug builds.
    pub max_call_levels: usize,
    /// Maximum nesting depth of expressions at the top level of a script.
    /// Default `64`: the parser and evaluator recurse once per level, so this
    /// is what stops `((((…))))` from overflowing the stack.
    pub max_expr_depth: usize,
    /// Maximum nesting depth of expressions inside function and closure
    /// bodies. Default `32`: function bodies nest on top of the call stack,
    /// so they get a smaller budget than top-level code.
    pub max_function_expr_depth: usize,
    /// Maximum length of any string value, in bytes. Also caps the total of
    /// all strings held inside one array or map. Default `10_000`: far more
    /// than any cell text, small enough that doubling a string in a loop
    /// stops after a few steps.
    pub max_string_size: usize,
    /// Maximum number of elements in an array (nested arrays count in full).
    /// Default `1_000`.
    pub max_array_size: usize,
    /// Maximum number of properties in an object map (nested maps count in
    /// full). Default `1_000`.
    pub max_map_size: usize,
    /// Maximum number of variables alive at once, *including* the row
    /// variables handed in by the engine. Default `256`.
    pub max_variables: usize,
    /// Maximum number of functions a script may define (only possible in
    /// [program mode](super::Sandbox::compile_program)). Default `64`.
    pub max_functions: usize,
    /// Maximum script source size in bytes, checked before parsing so that a
    /// huge source never reaches the parser. Default `64 KiB`. rhai stores
    /// line and column as 16-bit numbers, so error positions stay exact only
    /// while a line is shorter than 65,535 characters; keep this limit at or
    /// below 64 KiB to guarantee it.
    pub max_source_size: usize,
    /// Wall-clock budget for one evaluation. Default `1 s`. This is the
    /// backstop for operations that are individually expensive (e.g. string
    /// functions on long texts), which the operation count alone does not
    /// see. Checked every [`DEADLINE_CHECK_INTERVAL`] operations; the clock
    /// starts at the first check, so a row that finishes in fewer operations
    /// never reads the clock at all (those first operations are bounded by
    /// the size limits, i.e. microseconds).
    pub deadline: Duration,
}

impl SandboxLimits {
    /// Default value of [`SandboxLimits::max_operations`].
    pub const DEFAULT_MAX_OPERATIONS: u64 = 100_000;
    /// Default value of [`SandboxLimits::max_call_levels`].
    pub const DEFAULT_MAX_CALL_LEVELS: usize = 16;
    /// Default value of [`SandboxLimits::max_expr_depth`].
    pub const DEFAULT_MAX_EXPR_DEPTH: usize = 64;
    /// Default value of [`SandboxLimits::max_function_expr_depth`].
    pub const DEFAULT_MAX_FUNCTION_EXPR_DEPTH: usize = 32;
    /// Default value of [`SandboxLimits::max_string_size`].
    pub const DEFAULT_MAX_STRING_SIZE: usize = 10_000;
    /// Default value of [`SandboxLimits::max_array_size`].
    pub const DEFAULT_MAX_ARRAY_SIZE: usize = 1_000;
    /// Default value of [`SandboxLimits::max_map_size`].
    pub const DEFAULT_MAX_MAP_SIZE: usize = 1_000;
    /// Default value of [`SandboxLimits::max_variables`].
    pub const DEFAULT_MAX_VARIABLES: usize = 256;
    /// Default value of [`SandboxLimits::max_functions`].
    pub const DEFAULT_MAX_FUNCTIONS: usize = 64;
    /// Default value of [`SandboxLimits::max_source_size`].
    pub const DEFAULT_MAX_SOURCE_SIZE: usize = 64 * 1024;
    /// Default value of [`SandboxLimits::deadline`].
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(1);

    /// The limits with every zero that rhai would read as "unlimited" raised
    /// to `1`, so that no configuration can switch a limit off.
    pub(crate) fn enforced(&self) -> Self {
        Self {
            max_operations: self.max_operations.max(1),
            max_expr_depth: self.max_expr_depth.max(1),
            max_function_expr_depth: self.max_function_expr_depth.max(1),
            max_string_size: self.max_string_size.max(1),
            max_array_size: self.max_array_size.max(1),
            max_map_size: self.max_map_size.max(1),
            // For these rhai reads 0 as "none allowed", which is safe.
            max_call_levels: self.max_call_levels,
            max_variables: self.max_variables,
            max_functions: self.max_functions,
            max_source_size: self.max_source_size,
            deadline: self.deadline,
        }
    }
}

impl Default for SandboxLimits {
    fn default() -> Self {
        Self {
            max_operations: Self::DEFAULT_MAX_OPERATIONS,
            max_call_levels: Self::DEFAULT_MAX_CALL_LEVELS,
            max_expr_depth: Self::DEFAULT_MAX_EXPR_DEPTH,
            max_function_expr_depth: Self::DEFAULT_MAX_FUNCTION_EXPR_DEPTH,
            max_string_size: Self::DEFAULT_MAX_STRING_SIZE,
            max_array_size: Self::DEFAULT_MAX_ARRAY_SIZE,
            max_map_size: Self::DEFAULT_MAX_MAP_SIZE,
            max_variables: Self::DEFAULT_MAX_VARIABLES,
            max_functions: Self::DEFAULT_MAX_FUNCTIONS,
            max_source_size: Self::DEFAULT_MAX_SOURCE_SIZE,
            deadline: Self::DEFAULT_DEADLINE,
        }
    }
}
