//! The values that cross the boundary between the engine and a script.
//!
//! Scripts only ever see and return these five kinds of value. Keeping the
//! boundary this narrow means rhai's own types (arrays, maps, function
//! pointers, shared cells) never leak into the engine's data model.

use rhai::{Dynamic, ImmutableString};
use serde::{Deserialize, Serialize};

/// One input or output value of a script.
///
/// Serialised untagged, so in JSON it reads naturally: `null`, `true`, `42`,
/// `4.5`, `"text"`. An integer-looking number deserialises as [`Int`], any
/// other number as [`Float`].
///
/// [`Int`]: ScriptValue::Int
/// [`Float`]: ScriptValue::Float
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScriptValue {
    /// An empty or absent cell. Scripts see it as rhai's unit value `()`, so
    /// a rulebook can test for it with `x == ()`.
    Missing,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Float(f64),
    /// Text.
    Str(String),
}

impl ScriptValue {
    /// Converts into the rhai value the script sees.
    pub(crate) fn to_dynamic(&self) -> Dynamic {
        match self {
            Self::Missing => Dynamic::UNIT,
            Self::Bool(b) => Dynamic::from_bool(*b),
            Self::Int(i) => Dynamic::from_int(*i),
            Self::Float(f) => Dynamic::from_float(*f),
            Self::Str(s) => Dynamic::from(ImmutableString::from(s.as_str())),
        }
    }

    /// Converts a script's result back, or returns the rhai type name of a
    /// value that has no [`ScriptValue`] counterpart (array, map, …).
    pub(crate) fn from_dynamic(value: Dynamic) -> Result<Self, &'static str> {
        // Values captured by closures are wrapped in a shared cell; unwrap
        // it so the check below sees the real type.
        let value = value.flatten();
        if value.is_unit() {
            return Ok(Self::Missing);
        }
        if let Ok(b) = value.as_bool() {
            return Ok(Self::Bool(b));
        }
        if let Ok(i) = value.as_int() {
            return Ok(Self::Int(i));
        }
        if let Ok(f) = value.as_float() {
            return Ok(Self::Float(f));
        }
        if let Ok(c) = value.as_char() {
            return Ok(Self::Str(c.to_string()));
        }
        if value.is_string() {
            return value.into_immutable_string().map(|s| Self::Str(s.into_owned()));
        }
        Err(value.type_name())
    }
}

impl From<bool> for ScriptValue {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<i64> for ScriptValue {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<f64> for ScriptValue {
    fn from(value: f64) -> Self {
        Self::Float(value)
    }
}

impl From<&str> for ScriptValue {
    fn from(value: &str) -> Self {
        Self::Str(value.to_string())
    }
}

impl From<String> for ScriptValue {
    fn from(value: String) -> Self {
        Self::Str(value)
    }
}

impl<T: Into<ScriptValue>> From<Option<T>> for ScriptValue {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Missing, Into::into)
    }
}
