//! SQL dialects: how identifiers, literals and types are written.
//!
//! Rulebooks are untrusted input, so every column and table name and every
//! string literal reaches the query only through [`Dialect::ident`] and
//! [`Dialect::string`]; no rulebook text is ever pasted into SQL unquoted.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// PostgreSQL (the dialect kimon runs itself).
    Postgres,
    /// DuckDB (embedded; for Parquet/CSV where it is installed).
    DuckDb,
    /// Trino (Presto); the same text serves Spark SQL with ANSI quoting.
    Trino,
}

impl Dialect {
    pub fn all() -> &'static [&'static str] {
        &["postgres", "duckdb", "trino"]
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "duckdb" => Some(Dialect::DuckDb),
            "trino" | "spark" => Some(Dialect::Trino),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::DuckDb => "DuckDB",
            Dialect::Trino => "Trino",
        }
    }

    /// A quoted identifier: `"name"` with every `"` doubled (all three
    /// dialects follow the SQL standard here). NUL cannot be quoted and
    /// is refused by the resolver and the planner before.
    pub fn ident(self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// `schema.table` → `"schema"."table"`.
    pub fn table(self, name: &str) -> String {
        name.split('.').map(|p| self.ident(p)).collect::<Vec<_>>().join(".")
    }

    /// A string literal: `'text'` with every `'` doubled. In PostgreSQL
    /// (with `standard_conforming_strings`, the default since 9.1), DuckDB
    /// and Trino a backslash in `'…'` is an ordinary character.
    pub fn string(self, s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    /// The text type for casts.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Postgres => "TEXT",
            Dialect::DuckDb | Dialect::Trino => "VARCHAR",
        }
    }

    /// The floating-point type for casts.
    pub fn double_type(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::DuckDb | Dialect::Trino => "DOUBLE",
        }
    }

    /// The `LARGEST` largest absolute values of `v` in the group, largest
    /// first (for the magnitude rules; `NULL` when no value is known).
    pub fn top_abs(self, v: &str, n: usize) -> String {
        let agg = format!("ABS({v}) ORDER BY ABS({v}) DESC) FILTER (WHERE {v} IS NOT NULL)");
        match self {
            Dialect::Postgres => format!("(ARRAY_AGG({agg})[1:{n}]"),
            Dialect::DuckDb => format!("LIST_SLICE(LIST({agg}, 1, {n})"),
            Dialect::Trino => format!("SLICE(ARRAY_AGG({agg}, 1, {n})"),
        }
    }

    /// `ROUND(x, digits)`; PostgreSQL rounds to digits only on `NUMERIC`.
    pub fn round(self, x: &str, digits: i64) -> String {
        match self {
            Dialect::Postgres => {
                format!("CAST(ROUND(CAST({x} AS NUMERIC), {digits}) AS DOUBLE PRECISION)")
            }
            _ => format!("ROUND({x}, {digits})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_literals_cannot_break_out_of_their_quotes() {
        for d in [Dialect::Postgres, Dialect::DuckDb, Dialect::Trino] {
            assert_eq!(d.ident(r#"a"; DROP TABLE x; --"#), r#""a""; DROP TABLE x; --""#);
            assert_eq!(d.string("x' OR '1'='1"), "'x'' OR ''1''=''1'");
            assert_eq!(d.string(r"back\'slash"), r"'back\''slash'");
            assert_eq!(d.table("s.t\"x"), "\"s\".\"t\"\"x\"");
        }
    }
}
