//! Script errors, translated from rhai's errors into something a clerk can
//! act on.
//!
//! rhai's messages are written for programmers and embed "(line 1, position
//! 5)". The engine shows script errors as miette diagnostics that already
//! point at the rulebook line and the data row, so here every error carries a
//! byte offset instead, and the message is plain lowercase text without a
//! position.

use rhai::{EvalAltResult, LexError, ParseError, ParseErrorType, Position};

use super::limits::SandboxLimits;
use super::position::byte_offset;

/// `which` of [`ScriptError::LimitExceeded`] for the operation count.
pub const LIMIT_OPERATIONS: &str = "operations";
/// `which` of [`ScriptError::LimitExceeded`] for nested function calls.
pub const LIMIT_CALL_DEPTH: &str = "call depth";
/// `which` of [`ScriptError::LimitExceeded`] for nested expressions.
pub const LIMIT_EXPR_DEPTH: &str = "expression depth";
/// `which` of [`ScriptError::LimitExceeded`] for string length.
pub const LIMIT_STRING_SIZE: &str = "string size";
/// `which` of [`ScriptError::LimitExceeded`] for array length.
pub const LIMIT_ARRAY_SIZE: &str = "array size";
/// `which` of [`ScriptError::LimitExceeded`] for map size.
pub const LIMIT_MAP_SIZE: &str = "map size";
/// `which` of [`ScriptError::LimitExceeded`] for live variables.
pub const LIMIT_VARIABLES: &str = "variables";
/// `which` of [`ScriptError::LimitExceeded`] for defined functions.
pub const LIMIT_FUNCTIONS: &str = "functions";
/// `which` of [`ScriptError::LimitExceeded`] for the source size.
pub const LIMIT_SOURCE_SIZE: &str = "script size";
/// `which` of [`ScriptError::LimitExceeded`] for the wall-clock deadline.
pub const LIMIT_TIME: &str = "time";

/// The value our `on_progress` callback stops a script with when the
/// deadline has passed; recognised again in [`from_eval_error`].
pub(crate) const TIME_TOKEN: &str = "kimon-sandbox-deadline";
/// Termination token of the operation limit as counted by the sandbox
/// itself (see `engine.rs`).
pub(crate) const OPERATIONS_TOKEN: &str = "kimon-sandbox-operations";

/// Why a script could not be compiled or evaluated.
///
/// Every `offset` is a byte offset into the script source given to
/// [`Sandbox::compile`](super::Sandbox::compile) (not into the whole
/// rulebook: the engine adds the script's start within the rulebook).
/// `None` means rhai could not say where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    /// The script is not valid (syntax error, unknown variable, forbidden
    /// keyword such as `eval` or `import`).
    #[error("{message}")]
    Compile {
        /// What is wrong, lowercase, without position.
        message: String,
        /// Where in the script source.
        offset: Option<usize>,
    },
    /// The script hit one of the [`SandboxLimits`], while compiling or
    /// while running.
    #[error("{message}")]
    LimitExceeded {
        /// Which limit: one of the `LIMIT_*` constants of this module,
        /// e.g. `"operations"`, `"call depth"`, `"string size"`, `"time"`.
        which: String,
        /// What happened, lowercase, without position.
        message: String,
        /// Where in the script source the limit was hit, if known.
        offset: Option<usize>,
    },
    /// The script failed while running on a row (type mismatch, division by
    /// zero, unknown function, `throw`, …).
    #[error("{message}")]
    Runtime {
        /// What went wrong, lowercase, without position.
        message: String,
        /// Where in the script source, if known.
        offset: Option<usize>,
    },
    /// The script finished but returned something that is not a
    /// [`ScriptValue`](super::ScriptValue), e.g. an array or a map.
    #[error("script must return a number, text or true/false, not {found}")]
    BadResult {
        /// rhai's name of the returned type, e.g. `"array"`.
        found: String,
    },
}

impl ScriptError {
    /// The byte offset into the script source, if the error has one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Self::Compile { offset, .. }
            | Self::LimitExceeded { offset, .. }
            | Self::Runtime { offset, .. } => *offset,
            Self::BadResult { .. } => None,
        }
    }

    pub(crate) fn limit(which: &str, message: String, offset: Option<usize>) -> Self {
        Self::LimitExceeded { which: which.to_string(), message, offset }
    }
}

/// rhai messages start with a capital letter; ours are lowercase so they
/// read well after the engine's "row 17: …" prefix.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which limit a rhai "too large" description refers to.
fn size_limit(description: &str, limits: &SandboxLimits) -> (&'static str, String) {
    let lower = description.to_lowercase();
    if lower.contains("string") {
        (
            LIMIT_STRING_SIZE,
            format!("text would be longer than the limit of {} bytes", limits.max_string_size),
        )
    } else if lower.contains("map") {
        (LIMIT_MAP_SIZE, format!("map would have more than the limit of {} entries", limits.max_map_size))
    } else {
        (
            LIMIT_ARRAY_SIZE,
            format!("list would have more than the limit of {} elements", limits.max_array_size),
        )
    }
}

/// Translates a rhai compile error.
pub(crate) fn from_parse_error(
    err: &ParseError,
    source: &str,
    variables: &[String],
    limits: &SandboxLimits,
) -> ScriptError {
    let offset = byte_offset(source, err.1);
    match err.0.as_ref() {
        ParseErrorType::ExprTooDeep => ScriptError::limit(
            LIMIT_EXPR_DEPTH,
            format!(
                "expressions are nested too deeply (limit {} levels, {} inside functions)",
                limits.max_expr_depth, limits.max_function_expr_depth
            ),
            offset,
        ),
        ParseErrorType::TooManyFunctions => ScriptError::limit(
            LIMIT_FUNCTIONS,
            format!("script defines more than the limit of {} functions", limits.max_functions),
            offset,
        ),
        ParseErrorType::LiteralTooLarge(description, _) => {
            let (which, message) = size_limit(description, limits);
            ScriptError::limit(which, message, offset)
        }
        ParseErrorType::VariableUndefined(name) => {
            let known = if variables.is_empty() {
                "no variables are available".to_string()
            } else {
                format!("available are: {}", variables.join(", "))
            };
            ScriptError::Compile { message: format!("unknown variable `{name}`; {known}"), offset }
        }
        // Disabled symbols (`eval`) and reserved words (`import` without
        // modules) both mean "not available here".
        ParseErrorType::Reserved(word) => {
            ScriptError::Compile { message: format!("`{word}` is not available in rulebook scripts"), offset }
        }
        ParseErrorType::BadInput(LexError::ImproperSymbol(word, why)) if why.ends_with("disabled") => {
            ScriptError::Compile { message: format!("`{word}` is not available in rulebook scripts"), offset }
        }
        other => ScriptError::Compile { message: lowercase_first(&other.to_string()), offset },
    }
}

/// Translates a rhai evaluation error.
///
/// Errors inside function and closure calls arrive wrapped once per call
/// level; the innermost error says what happened and where, so that is the
/// one reported.
pub(crate) fn from_eval_error(err: &EvalAltResult, source: &str, limits: &SandboxLimits) -> ScriptError {
    let inner = err.unwrap_inner();
    let offset = byte_offset(source, innermost_position(err));
    match inner {
        EvalAltResult::ErrorTerminated(token, ..)
            if token.clone().into_immutable_string().ok().as_deref() == Some(OPERATIONS_TOKEN) =>
        {
            ScriptError::limit(
                LIMIT_OPERATIONS,
                format!(
                    "script needs more than the limit of {} steps for one row (endless loop?)",
                    limits.max_operations
                ),
                offset,
            )
        }
        EvalAltResult::ErrorTooManyOperations(..) => ScriptError::limit(
            LIMIT_OPERATIONS,
            format!(
                "script needs more than the limit of {} steps for one row (endless loop?)",
                limits.max_operations
            ),
            offset,
        ),
        EvalAltResult::ErrorStackOverflow(..) => ScriptError::limit(
            LIMIT_CALL_DEPTH,
            format!(
                "functions call each other more than the limit of {} levels deep (endless recursion?)",
                limits.max_call_levels
            ),
            offset,
        ),
        EvalAltResult::ErrorDataTooLarge(description, ..) => {
            let (which, message) = size_limit(description, limits);
            ScriptError::limit(which, message, offset)
        }
        EvalAltResult::ErrorTooManyVariables(..) => ScriptError::limit(
            LIMIT_VARIABLES,
            format!(
                "script uses more than the limit of {} variables (row values included)",
                limits.max_variables
            ),
            offset,
        ),
        EvalAltResult::ErrorTerminated(token, ..)
            if token.clone().into_immutable_string().ok().as_deref() == Some(TIME_TOKEN) =>
        {
            ScriptError::limit(
                LIMIT_TIME,
                format!("script ran longer than the limit of {} ms for one row", limits.deadline.as_millis()),
                offset,
            )
        }
        EvalAltResult::ErrorParsing(parse, ..) => {
            ScriptError::Compile { message: lowercase_first(&parse.to_string()), offset }
        }
        EvalAltResult::ErrorFunctionNotFound(signature, ..) => {
            ScriptError::Runtime { message: function_not_found(signature), offset }
        }
        EvalAltResult::ErrorRuntime(value, ..) => ScriptError::Runtime {
            message: if value.is_unit() {
                "script raised an error".to_string()
            } else {
                format!("script raised an error: {value}")
            },
            offset,
        },
        other => {
            // rhai appends " (line 1, position 5)"; the offset replaces it.
            let text = other.to_string();
            let position = other.position();
            let suffix = format!(" ({position})");
            let text =
                if position.is_none() { text.as_str() } else { text.strip_suffix(&suffix).unwrap_or(&text) };
            ScriptError::Runtime { message: lowercase_first(text), offset }
        }
    }
}

/// The position of the innermost error that has one: inside a function that
/// is the offending expression in the body, not the call site.
fn innermost_position(err: &EvalAltResult) -> Position {
    let mut best = err.position();
    let mut current = err;
    while let EvalAltResult::ErrorInFunctionCall(.., inner, _) = current {
        let pos = inner.position();
        if !pos.is_none() {
            best = pos;
        }
        current = inner;
    }
    best
}

/// rhai reports a missing function as `name (type1, type2)`. Operators on
/// the wrong types land here too (`() * 2` is `* ((), i64)`), which is the
/// most common mistake with missing cells, so say so.
fn function_not_found(signature: &str) -> String {
    // rhai spells a string parameter as all the Rust types it accepts.
    let signature = signature.replace("&str | ImmutableString | String", "string");
    let (name, args) = match signature.split_once(" (") {
        Some((name, rest)) => (name, rest.strip_suffix(')').unwrap_or(rest)),
        None => (signature.as_str(), ""),
    };
    let mut message = if args.is_empty() {
        format!("there is no function or operator `{name}` without arguments")
    } else {
        format!("there is no function or operator `{name}` for ({args})")
    };
    if args.split(", ").any(|arg| arg == "()") {
        message.push_str("; `()` is a missing value, check for it first with `x == ()`");
    }
    message
}
