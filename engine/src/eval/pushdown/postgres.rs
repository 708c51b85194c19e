//! Runs an atom query on a PostgreSQL server (the sync `postgres` client).
//!
//! Credentials never come from the rulebook (the resolver refuses a URL
//! with a password): what the URL leaves open is taken from the usual
//! libpq environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`,
//! `PGPASSWORD`) and the password file (`PGPASSFILE` or `~/.pgpass`), so
//! an office configures kimon like `psql`. Ctrl-C cancels the running
//! query on the server through the client's cancel token.

use super::fill::AtomRow;
use super::query::AtomQuery;
use crate::eval::atoms::Quantity;
use crate::eval::pass::Control;
use postgres::{Client, Config, NoTls};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Why the query gave no atoms.
#[derive(Debug)]
pub enum PgError {
    /// No connection (server down, wrong host, authentication failed).
    Connect(String),
    /// The server refused or failed the query (e.g. an unknown column).
    Query(String),
    /// Ctrl-C: the query was cancelled on the server.
    Cancelled,
}

/// The connection settings: the URL, completed from the environment.
pub fn config(url: &str) -> Result<Config, PgError> {
    let mut c: Config = url.parse().map_err(|e| PgError::Connect(format!("bad URL: {e}")))?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if c.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(h) if h.starts_with('/') => c.host_path(h),
            Some(h) => c.host(&h),
            None if std::path::Path::new("/var/run/postgresql").is_dir() => {
                c.host_path("/var/run/postgresql")
            }
            None => c.host("localhost"),
        };
    }
    if c.get_ports().is_empty() {
        if let Some(p) = env("PGPORT").and_then(|p| p.parse::<u16>().ok()) {
            c.port(p);
        }
    }
    if c.get_user().is_none() {
        if let Some(u) = env("PGUSER").or_else(|| env("USER")).or_else(|| env("LOGNAME")) {
            c.user(&u);
        }
    }
    if c.get_dbname().is_none() {
        if let Some(d) = env("PGDATABASE") {
            c.dbname(&d);
        }
    }
    if c.get_password().is_none() {
        if let Some(p) = env("PGPASSWORD").or_else(|| pgpass_password(&c)) {
            c.password(p);
        }
    }
    Ok(c)
}

/// The password `~/.pgpass` (or `PGPASSFILE`) gives for this connection,
/// as libpq finds it: first matching `host:port:database:user:password`
/// line, `*` matching anything; ignored when others may read the file.
fn pgpass_password(c: &Config) -> Option<String> {
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(&path).ok()?.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(path).ok()?;
    let host = match c.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432).to_string();
    let db = c.get_dbname().or(c.get_user()).unwrap_or("").to_string();
    let user = c.get_user().unwrap_or("").to_string();
    pgpass_lookup(&text, [&host, &port, &db, &user])
}

/// The password of the first line of a `.pgpass` text matching `want`.
pub fn pgpass_lookup(text: &str, want: [&str; 4]) -> Option<String> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        if fields.iter().zip(want).all(|(f, w)| f == "*" || f == w) {
            return fields.get(4).cloned();
        }
    }
    None
}

/// Splits a `.pgpass` line at unescaped `:` (`\:` and `\\` are escapes).
fn split_pgpass(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                if let (Some(n), Some(last)) = (chars.next(), out.last_mut()) {
                    last.push(n);
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            other => {
                if let Some(last) = out.last_mut() {
                    last.push(other)
                }
            }
        }
    }
    out
}

/// Connects, runs the query (cancellable from `control`) and converts
/// the result rows.
pub fn run(url: &str, q: &AtomQuery, control: &Control) -> Result<Vec<AtomRow>, PgError> {
    let config = config(url)?;
    let mut client: Client = config.connect(NoTls).map_err(|e| PgError::Connect(error_text(&e)))?;
    if control.cancel.load(Ordering::Relaxed) {
        return Err(PgError::Cancelled);
    }
    let token = client.cancel_token();
    let done = AtomicBool::new(false);
    control.queries_running.fetch_add(1, Ordering::Relaxed);
    let rows = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if control.cancel.load(Ordering::Relaxed) {
                    let _ = token.cancel_query(NoTls);
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let r = client.query(q.sql.as_str(), &[]);
        done.store(true, Ordering::Relaxed);
        r
    });
    control.queries_running.fetch_sub(1, Ordering::Relaxed);
    // A cancel that reached the server after the query finished is still
    // a cancel: the user asked to stop.
    if control.cancel.load(Ordering::Relaxed) {
        return Err(PgError::Cancelled);
    }
    let rows = match rows {
        Ok(r) => r,
        Err(e) if is_cancel(&e) => return Err(PgError::Cancelled),
        Err(e) => return Err(PgError::Query(error_text(&e))),
    };
    rows.iter().map(|r| convert(q, r)).collect::<Result<_, _>>().map_err(|e| PgError::Query(error_text(&e)))
}

fn is_cancel(e: &postgres::Error) -> bool {
    e.code() == Some(&postgres::error::SqlState::QUERY_CANCELED)
}

/// The server's message (with its detail and hint) or the client's.
fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = db.message().to_string();
            if let Some(h) = db.hint() {
                s.push_str(&format!(" (hint: {h})"));
            }
            s
        }
        // "error connecting to server" alone does not say why: add the cause
        // ("No such file or directory", "password authentication failed", …).
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}

fn convert(q: &AtomQuery, r: &postgres::Row) -> Result<AtomRow, postgres::Error> {
    let mut c = 0usize;
    let mut next = || {
        c += 1;
        c - 1
    };
    let year: Option<String> = r.try_get(next())?;
    let mut row = AtomRow { year, ..AtomRow::default() };
    for _ in 0..q.areas {
        row.codes.push(r.try_get::<_, Option<String>>(next())?.unwrap_or_default());
    }
    for _ in 0..q.dims {
        row.slots.push(i64::from(r.try_get::<_, i32>(next())?));
    }
    for _ in 0..q.passes() {
        row.passes.push(r.try_get::<_, i32>(next())? != 0);
    }
    row.n = r.try_get(next())?;
    for quantity in &q.quantities {
        match quantity {
            Quantity::One => {
                row.sums.push(None);
                row.known.push(row.n);
                row.top.push(Vec::new());
            }
            Quantity::Field(_) => {
                row.sums.push(r.try_get(next())?);
                row.known.push(r.try_get(next())?);
                if q.top {
                    let top: Option<Vec<Option<f64>>> = r.try_get(next())?;
                    row.top.push(top.unwrap_or_default().into_iter().flatten().collect());
                } else {
                    row.top.push(Vec::new());
                }
            }
        }
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_match_like_libpq() {
        let text = "# comment\nother:5432:*:kimon:wrong\nlocalhost:5432:reg:kimon:se\\:cret\\\\x\n*:*:*:*:fallback\n";
        assert_eq!(pgpass_lookup(text, ["localhost", "5432", "reg", "kimon"]).as_deref(), Some("se:cret\\x"));
        assert_eq!(pgpass_lookup(text, ["db", "5433", "reg", "ana"]).as_deref(), Some("fallback"));
        assert_eq!(pgpass_lookup("h:1:d:u\n", ["h", "1", "d", "u"]), None);
    }
}
