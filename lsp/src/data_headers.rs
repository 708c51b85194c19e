//! Column names and codes of the data files a rulebook's sources name, for
//! completion and hover: a newcomer learns that the register writes `DE`
//! and `w` from the editor instead of from the core rulebook. Only the
//! header and the first rows are read, and a column's values are offered
//! only when there are few of them (codes, not counts or ages).

use kimon_engine::diag::SourceMap;
use kimon_engine::load::LoadedFile;
use kimon_grammar::ast::{Item, SourceProp};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// Rows read per file: enough to see every code of a typical table.
const MAX_ROWS: usize = 5000;
/// More distinct values than this and a column holds data, not codes
/// (country codes of a register reach about 60).
const MAX_CODES: usize = 80;
/// A column of numbers with more distinct values than this holds counts,
/// ages or ids, not codes (district numbers `01`…`12` are codes).
const MAX_NUMERIC_CODES: usize = 12;
/// Longer values are texts or numbers, not codes.
const MAX_CODE_CHARS: usize = 32;

#[derive(Debug, Clone, Default)]
pub struct Column {
    pub name: String,
    /// Distinct values in first-seen order (empty when there are too many).
    pub codes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub source: String,
    pub file: String,
    pub columns: Vec<Column>,
    /// `column logical = "header"` mappings of the source.
    pub mapped: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct DataTables {
    pub tables: Vec<Table>,
}

type Cache = BTreeMap<PathBuf, (SystemTime, u64, Vec<Column>)>;
static CACHE: Mutex<Cache> = Mutex::new(BTreeMap::new());

impl DataTables {
    /// The tables of every source with a `file` in the loaded rulebooks.
    pub fn read(files: &[LoadedFile], _sources: &SourceMap) -> DataTables {
        let mut tables = Vec::new();
        for lf in files {
            for item in &lf.ast.items {
                let Item::Source(s) = item else { continue };
                let mut file = None;
                let mut mapped = Vec::new();
                for p in &s.props {
                    match &p.kind {
                        SourceProp::File(t) => file = Some(t.value.clone()),
                        SourceProp::Column(l, h) => mapped.push((l.name.clone(), h.value.clone())),
                        _ => {}
                    }
                }
                let Some(file) = file else { continue };
                let columns = columns_cached(&lf.dir.join(&file)).unwrap_or_default();
                tables.push(Table { source: s.id.name.clone(), file, columns, mapped });
            }
        }
        DataTables { tables }
    }

    /// The codes of a column (by header or logical name) over all tables,
    /// with the source they come from.
    pub fn codes_of(&self, column: &str) -> Vec<(&str, &Column)> {
        let mut out = Vec::new();
        for t in &self.tables {
            let header = t.mapped.iter().find(|(l, _)| l == column).map_or(column, |(_, h)| h.as_str());
            if let Some(c) = t.columns.iter().find(|c| c.name == header) {
                out.push((t.source.as_str(), c));
            }
        }
        out
    }
}

fn columns_cached(path: &Path) -> Option<Vec<Column>> {
    let meta = std::fs::metadata(path).ok()?;
    let stamp = (meta.modified().ok()?, meta.len());
    if let Ok(cache) = CACHE.lock() {
        if let Some((m, l, cols)) = cache.get(path) {
            if (*m, *l) == stamp {
                return Some(cols.clone());
            }
        }
    }
    let cols = columns(path)?;
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert(path.to_path_buf(), (stamp.0, stamp.1, cols.clone()));
    }
    Some(cols)
}

/// Header and codes of a CSV file (other formats: nothing).
pub fn columns(path: &Path) -> Option<Vec<Column>> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if ext != "csv" && ext != "txt" {
        return None;
    }
    let mut first = String::new();
    {
        use std::io::{BufRead, BufReader, Read};
        let file = std::fs::File::open(path).ok()?;
        BufReader::new(file.take(64 * 1024)).read_line(&mut first).ok()?;
    }
    let file = std::fs::File::open(path).ok()?;
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(file);
    let headers = reader.byte_headers().ok()?.clone();
    let mut columns: Vec<Column> = headers
        .iter()
        .map(|h| Column {
            name: String::from_utf8_lossy(h).trim_start_matches('\u{feff}').trim().to_string(),
            codes: Vec::new(),
        })
        .collect();
    let mut too_many = vec![false; columns.len()];
    for record in reader.byte_records().take(MAX_ROWS) {
        let Ok(record) = record else { break };
        for (i, field) in record.iter().enumerate().take(columns.len()) {
            if too_many[i] {
                continue;
            }
            let v = String::from_utf8_lossy(field).trim().to_string();
            if v.is_empty() || columns[i].codes.contains(&v) {
                continue;
            }
            if columns[i].codes.len() >= MAX_CODES || v.chars().count() > MAX_CODE_CHARS {
                too_many[i] = true;
                columns[i].codes.clear();
            } else {
                columns[i].codes.push(v);
            }
        }
    }
    for c in &mut columns {
        let numeric = c.codes.iter().all(|v| v.parse::<f64>().is_ok());
        if numeric && c.codes.len() > MAX_NUMERIC_CODES {
            c.codes.clear();
        }
    }
    Some(columns)
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_but_not_counts() {
        let dir = std::env::temp_dir().join(format!("kimon-lsp-codes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let mut text = String::from("\u{feff}id;sex;district\n");
        for i in 0..40 {
            text.push_str(&format!("{i};{};0{}\n", if i % 2 == 0 { "w" } else { "m" }, i % 3 + 1));
        }
        std::fs::write(&path, text).unwrap();
        let cols = super::columns(&path).unwrap();
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "sex", "district"]);
        assert!(cols[0].codes.is_empty());
        assert_eq!(cols[1].codes, ["w", "m"]);
        assert_eq!(cols[2].codes, ["01", "02", "03"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
