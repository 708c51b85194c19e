//! Sandboxed evaluation of rulebook scripts (rhai).
//!
//! Rulebooks are shared between municipalities, so their scripts are
//! untrusted input. This module is the only place that runs them, and it
//! guarantees that a script
//!
//! - can only compute with the row values it is given: no files, no clock,
//!   no sleeping, no output, no `import`, no `eval`;
//! - stops with a [`ScriptError::LimitExceeded`] instead of hanging or
//!   exhausting memory or stack (see [`SandboxLimits`]);
//! - reports every problem as a [`ScriptError`] with a byte offset into its
//!   source, never as a panic;
//! - cannot silently misfile a missing value: `()` compared with `<`, `<=`,
//!   `>`, `>=` is an error, where plain rhai would answer `false`.
//!
//! Typical use: one [`Sandbox`] for the run, [`Sandbox::compile`] each script
//! once, then per worker thread one [`Evaluator`] per script (`ignore`d as a
//! doctest only because the crate path differs between the scratch crate and
//! the engine; the same steps run in the `age_bands` unit test):
//!
//! ```ignore
//! use crate::sandbox::{Sandbox, SandboxLimits, ScriptValue};
//!
//! let sandbox = Sandbox::new(SandboxLimits::default());
//! let script = sandbox
//!     .compile(r#"if age < 18 { "0-17" } else if age < 65 { "18-64" } else { "65+" }"#, &["age"])
//!     .unwrap();
//! let mut evaluator = script.evaluator();
//! let band = evaluator.eval(&sandbox, &[ScriptValue::Int(42)]).unwrap();
//! assert_eq!(band, ScriptValue::Str("18-64".into()));
//! ```

mod engine;
mod error;
mod limits;
mod missing;
mod position;
mod script;
mod value;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use rhai::{Dynamic, Engine, Scope};

pub use error::{
    ScriptError, LIMIT_ARRAY_SIZE, LIMIT_CALL_DEPTH, LIMIT_EXPR_DEPTH, LIMIT_FUNCTIONS, LIMIT_MAP_SIZE,
    LIMIT_OPERATIONS, LIMIT_SOURCE_SIZE, LIMIT_STRING_SIZE, LIMIT_TIME, LIMIT_VARIABLES,
};
pub use limits::{SandboxLimits, DEADLINE_CHECK_INTERVAL};
pub use script::{Evaluator, Script, ScriptMode};
pub use value::ScriptValue;

/// The one locked-down script engine of a run.
///
/// `Send + Sync`: share it by reference between worker threads.
pub struct Sandbox {
    engine: Engine,
    limits: SandboxLimits,
}

// The engine evaluates on two threads; losing these (e.g. by dropping rhai's
// `sync` feature) must be a build error, not a surprise at integration time.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    const fn assert_send<T: Send>() {}
    assert_send_sync::<Sandbox>();
    assert_send_sync::<Script>();
    assert_send_sync::<ScriptError>();
    assert_send_sync::<ScriptValue>();
    assert_send::<Evaluator>();
};

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("limits", &self.limits).finish_non_exhaustive()
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new(SandboxLimits::default())
    }
}

impl Sandbox {
    /// Builds the sandboxed engine. Zero limits that rhai would read as
    /// "unlimited" are raised to 1 (see [`SandboxLimits`]).
    pub fn new(limits: SandboxLimits) -> Self {
        let limits = limits.enforced();
        let engine = engine::build_engine(&limits);
        Self { engine, limits }
    }

    /// The limits in force (after raising zeros).
    pub fn limits(&self) -> &SandboxLimits {
        &self.limits
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Compiles a single expression, e.g. a derived column
    /// `if age < 18 { "0-17" } else if age < 65 { "18-64" } else { "65+" }`.
    ///
    /// `variables` are the only names the script may read, in the order
    /// their values will be passed to [`Evaluator::eval`]; any other name is
    /// a compile error pointing at it. Expressions cannot contain loops,
    /// statements or function definitions, so prefer this over
    /// [`compile_program`](Self::compile_program) wherever it suffices.
    pub fn compile(&self, source: &str, variables: &[&str]) -> Result<Script, ScriptError> {
        self.compile_as(source, variables, ScriptMode::Expression)
    }

    /// Compiles a full program (statements, `let`, loops, helper
    /// functions), for rules that cannot be written as one expression. All
    /// limits apply exactly as for [`compile`](Self::compile); the value of
    /// the last statement is the result.
    pub fn compile_program(&self, source: &str, variables: &[&str]) -> Result<Script, ScriptError> {
        self.compile_as(source, variables, ScriptMode::Program)
    }

    /// Convenience for one-off evaluations; for many rows use
    /// [`Script::evaluator`], which reuses its variable scope.
    pub fn eval(&self, script: &Script, row: &[ScriptValue]) -> Result<ScriptValue, ScriptError> {
        script.evaluator().eval(self, row)
    }

    fn compile_as(&self, source: &str, variables: &[&str], mode: ScriptMode) -> Result<Script, ScriptError> {
        // Checked before the parser sees anything, so a huge source costs
        // nothing but this comparison.
        if source.len() > self.limits.max_source_size {
            return Err(ScriptError::limit(
                LIMIT_SOURCE_SIZE,
                format!(
                    "script is {} bytes long; the limit is {} bytes",
                    source.len(),
                    self.limits.max_source_size
                ),
                None,
            ));
        }

        let mut seen = HashSet::new();
        if let Some(duplicate) = variables.iter().find(|name| !seen.insert(**name)) {
            return Err(ScriptError::Compile {
                message: format!("variable `{duplicate}` is declared twice"),
                offset: None,
            });
        }

        // Only the names matter at compile time (strict variables); values
        // are pushed as non-constants so the optimiser cannot fold them in.
        let mut scope = Scope::with_capacity(variables.len());
        for name in variables {
            scope.push_dynamic(*name, Dynamic::UNIT);
        }

        let compiled = match mode {
            ScriptMode::Expression => self.engine.compile_expression_with_scope(&scope, source),
            ScriptMode::Program => self.engine.compile_with_scope(&scope, source),
        };
        let names: Vec<String> = variables.iter().map(|name| name.to_string()).collect();
        match compiled {
            Ok(ast) => Ok(Script::new(ast, source, names, mode)),
            Err(err) => Err(error::from_parse_error(&err, source, &names, &self.limits)),
        }
    }
}
