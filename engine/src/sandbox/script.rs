//! Compiled scripts and their per-thread evaluators.
//!
//! A rulebook script is compiled once and then run for every data row, so
//! everything that can be done once (parsing, checking variable names,
//! allocating the variable scope) is done once here, and the per-row path
//! only swaps the row's values into a reused scope.

use std::sync::Arc;

use rhai::{Dynamic, Scope, AST};

use super::error::{from_eval_error, ScriptError};
use super::value::ScriptValue;
use super::Sandbox;

/// How a script's source is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptMode {
    /// A single expression, possibly with `if … else …` and `switch`: no
    /// statements, loops, `let` or function definitions. Most derived
    /// columns and conditions are expressions, and this mode cannot loop at
    /// all.
    Expression,
    /// A full program: statements, `let`, loops, helper functions. Same
    /// limits; the last expression is the result.
    Program,
}

/// A compiled script, ready to be evaluated for many rows.
///
/// Cheap to clone (shared), `Send + Sync`, so one compiled script can serve
/// all worker threads.
#[derive(Debug, Clone)]
pub struct Script {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    ast: AST,
    source: String,
    variables: Vec<String>,
    mode: ScriptMode,
}

impl Script {
    pub(crate) fn new(ast: AST, source: &str, variables: Vec<String>, mode: ScriptMode) -> Self {
        Self { inner: Arc::new(Inner { ast, source: source.to_string(), variables, mode }) }
    }

    /// The variable names, in the order row values must be given.
    pub fn variables(&self) -> &[String] {
        &self.inner.variables
    }

    /// The source the script was compiled from; error offsets index into it.
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// Whether this was compiled as an expression or a program.
    pub fn mode(&self) -> ScriptMode {
        self.inner.mode
    }

    /// Creates an evaluator that reuses one variable scope across rows.
    ///
    /// Create one per worker thread and script; [`Evaluator`] is `Send` but
    /// deliberately not shared, as it is mutated by every evaluation.
    pub fn evaluator(&self) -> Evaluator {
        let mut scope = Scope::with_capacity(self.inner.variables.len());
        for name in &self.inner.variables {
            scope.push_dynamic(name.as_str(), Dynamic::UNIT);
        }
        Evaluator { script: self.clone(), scope }
    }
}

/// Evaluates one [`Script`] row after row, reusing its variable scope.
///
/// Building a rhai `Scope` allocates a shared string per variable name;
/// reusing it means a row only costs converting its values.
#[derive(Debug)]
pub struct Evaluator {
    script: Script,
    scope: Scope<'static>,
}

impl Evaluator {
    /// The script this evaluator runs.
    pub fn script(&self) -> &Script {
        &self.script
    }

    /// Evaluates the script for one row; `row` holds the values in the
    /// order of [`Script::variables`].
    ///
    /// `sandbox` should be the one that compiled the script: it supplies the
    /// limits the script runs under.
    pub fn eval(&mut self, sandbox: &Sandbox, row: &[ScriptValue]) -> Result<ScriptValue, ScriptError> {
        let inner = &*self.script.inner;
        let count = inner.variables.len();
        if row.len() != count {
            return Err(ScriptError::Runtime {
                message: format!(
                    "script expects {count} values per row ({}), got {}",
                    inner.variables.join(", "),
                    row.len()
                ),
                offset: None,
            });
        }

        // A program's `let` variables are left in the scope after it runs;
        // drop them so every row starts from the same state, then replace
        // each row variable's whole slot (not write through it: a closure
        // may have turned the variable into a shared cell, which must not
        // carry a value into the next row).
        self.scope.rewind(count);
        let mut reused = self.scope.len() == count;
        if reused {
            for (name, value) in inner.variables.iter().zip(row) {
                match self.scope.get_mut(name) {
                    Some(slot) => *slot = value.to_dynamic(),
                    None => {
                        reused = false;
                        break;
                    }
                }
            }
        }
        if !reused {
            // Never expected (rhai neither removes nor freezes entries it
            // did not create), but a stale value from the previous row would
            // be silently wrong data, so rebuild rather than trust the scope.
            self.scope.clear();
            for (name, value) in inner.variables.iter().zip(row) {
                self.scope.push_dynamic(name.as_str(), value.to_dynamic());
            }
        }

        super::engine::begin_evaluation();
        let result = sandbox
            .engine()
            .eval_ast_with_scope::<Dynamic>(&mut self.scope, &inner.ast)
            .map_err(|err| from_eval_error(&err, &inner.source, sandbox.limits()))?;

        ScriptValue::from_dynamic(result).map_err(|type_name| ScriptError::BadResult {
            found: sandbox.engine().map_type_name(type_name).to_string(),
        })
    }
}
