//! Checks of a database source (`database "postgres://…" table "…"`).
//!
//! Rulebooks are shared between offices and published with reports, so a
//! password written into one is a leak: the URL may name host, port,
//! database and user, never a password (it comes from `PGPASSWORD` or
//! `~/.pgpass`). A database source counts person-level rows where they
//! live, so it must be `kind microdata` and cannot also name a file.

use super::cx::Cx;
use crate::diag::{Diag, FileId};
use crate::model::{DatabaseTable, Source, SourceKind};
use kimon_grammar::ast::{Span, Text};

/// What the source declaration said about where its data live.
pub struct Where<'a> {
    pub file: Option<&'a Text>,
    pub database: Option<&'a Text>,
    pub table: Option<&'a Text>,
    /// The source's name, where "names no file" points.
    pub id_span: Span,
}

/// Sets `s.database` (or reports why not); reports a source naming no data.
pub fn resolve(s: &mut Source, w: &Where<'_>, file: FileId, cx: &mut Cx) {
    let id = s.id.clone();
    match (w.file, w.database, w.table) {
        (None, None, None) => cx.push(
            Diag::error("missing-attribute", format!("source `{id}` names no file"))
                .at(file, w.id_span, "no `file` given")
                .help("add `file \"data/….csv\"` to the source, or `database \"postgres://host/db\"` and `table \"…\"`"),
        ),
        (None, None, Some(t)) => cx.push(
            Diag::error("missing-attribute", format!("source `{id}` names a table but no database"))
                .at(file, t.span, "table of which database?")
                .help("add `database \"postgres://host/db\"` to the source"),
        ),
        (None, Some(d), None) => cx.push(
            Diag::error("missing-attribute", format!("source `{id}` names a database but no table"))
                .at(file, d.span, "no `table` given")
                .help("add `table \"melderegister\"` (or `table \"schema.table\"`) to the source"),
        ),
        (Some(f), Some(_), _) | (Some(f), None, Some(_)) => cx.push(
            Diag::error("file-and-database", format!("source `{id}` names both a file and a database"))
                .at(file, f.span, "a file here")
                .help("a source reads one place: keep `file` or `database`/`table`, and declare the other as a second source"),
        ),
        (Some(_), None, None) => {}
        (None, Some(d), Some(t)) => {
            let url_ok = check_url(&id, d, file, cx);
            let table_ok = check_table(&id, t, file, cx);
            if s.kind != SourceKind::Microdata {
                cx.push(
                    Diag::error("database-kind", format!("database source `{id}` must be `kind microdata`"))
                        .at(file, d.span, "counted in the database")
                        .help("kimon pushes row counts into the database; aggregate and survey tables are read from files"),
                );
            }
            if url_ok && table_ok {
                s.database = Some(DatabaseTable { url: d.value.clone(), table: t.value.clone() });
            }
        }
    }
}

/// A PostgreSQL URL without a password; `false` after reporting a problem.
fn check_url(id: &str, d: &Text, file: FileId, cx: &mut Cx) -> bool {
    let url = d.value.as_str();
    let Some(rest) = url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://")) else {
        cx.push(
            Diag::error("database-url", format!("source `{id}`: kimon reads databases by `postgres://` URLs"))
                .at(file, d.span, "not a PostgreSQL URL")
                .help("write `database \"postgres://host/dbname\"` (or `postgres:///dbname` for the local socket); DuckDB and Trino users can print the query with `kimon explain --sql --dialect duckdb|trino`"),
        );
        return false;
    };
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority = before_query.split('/').next().unwrap_or("");
    let has_password = authority.rsplit_once('@').is_some_and(|(user, _)| user.contains(':'))
        || query.split('&').any(|kv| kv.to_ascii_lowercase().trim_start().starts_with("password"));
    if has_password {
        // The message must not repeat the password; the underline shows the
        // line the author wrote anyway.
        cx.push(
            Diag::error("database-password", format!("the database URL of source `{id}` contains a password"))
                .at(file, d.span, "password written in the rulebook")
                .help("remove it from the URL and give it to kimon through `PGPASSWORD` or `~/.pgpass`; rulebooks are shared and published, passwords must not be"),
        );
        return false;
    }
    if url.chars().any(char::is_control) {
        cx.push(
            Diag::error(
                "database-url",
                format!("the database URL of source `{id}` contains a control character"),
            )
            .at(file, d.span, "control character")
            .help("write the URL on one line without tabs or line breaks"),
        );
        return false;
    }
    true
}

/// `table` or `schema.table`, each part non-empty and without NUL (which
/// no SQL identifier can hold; every other character is quoted).
fn check_table(id: &str, t: &Text, file: FileId, cx: &mut Cx) -> bool {
    let parts: Vec<&str> = t.value.split('.').collect();
    let ok = parts.len() <= 2 && parts.iter().all(|p| !p.is_empty() && !p.contains('\0'));
    if !ok {
        cx.push(
            Diag::error("database-table", format!("source `{id}`: `{}` is not a table name", t.value.escape_default()))
                .at(file, t.span, "expected `table` or `schema.table`")
                .help("name the table as the database lists it, e.g. `table \"melderegister\"` or `table \"statistik.melderegister\"`"),
        );
    }
    ok
}
