//! The benchmark's canonical output (`bench/README.md`): the *published*
//! cells of every indicator as `tables.csv`, the unemployment gaps as
//! `gaps.csv`, in exactly the byte format of the peer scripts, so kimon's
//! numbers can be compared with DuckDB, polars and pandas byte for byte.
//!
//! Only protected tables are read, so nothing here can leak a suppressed
//! value. Cells the privacy step withheld are listed in `suppressed.csv`
//! (keys and reason only) and counted, so a comparison can tell "kimon
//! withheld this cell" from "kimon lost this cell".

use crate::eval::AreaKey;
use crate::model::Model;
use crate::publish::{PubCell, Published, Shown};

/// Header of `tables.csv` (same as the peers').
pub const TABLE_HEADER: &str = "table,year,area,group,numerator,denominator";
/// Header of `gaps.csv`.
pub const GAP_HEADER: &str = "year,area,gap_pp";
/// Header of `suppressed.csv`: cells with a (possibly) positive
/// denominator that are not published, and the status that hid them.
pub const SUPPRESSED_HEADER: &str = "table,year,area,group,status";

/// The indicator whose german/foreign cells give `gaps.csv`.
const GAP_TABLE: &str = "unemployment";

/// The three canonical files as text, plus counts for the report.
#[derive(Debug, Clone, Default)]
pub struct BenchTables {
    pub tables_csv: String,
    pub gaps_csv: String,
    pub suppressed_csv: String,
    /// Published cells (denominator > 0) written to `tables.csv`.
    pub cells: usize,
    /// Cells withheld by privacy (suppressed numerator or denominator).
    pub suppressed_cells: usize,
    pub gaps: usize,
    /// Gaps not computable because one of their two cells is withheld.
    pub suppressed_gaps: usize,
}

type Key = [String; 4];

/// Builds the canonical files from the published tables. A group's code is
/// its label (the peers' codes, e.g. `0-5`, are not identifiers); several
/// dimensions are joined by `|` in `by` order; `total` is the area total
/// and the group of a table without dimensions. Dimension totals and
/// derived groups are not part of the benchmark and are left out.
pub fn bench_tables(model: &Model, published: &Published) -> BenchTables {
    let mut rows: Vec<(Key, u64, u64)> = Vec::new();
    let mut withheld: Vec<(Key, &'static str)> = Vec::new();
    // (year, area) → [german (num, den), foreign (num, den)]; None = withheld
    type GapCell = Option<Option<(u64, u64)>>;
    let mut gap_cells: std::collections::BTreeMap<(i32, String), [GapCell; 2]> = Default::default();
    for (id, table) in &published.tables {
        'cells: for (key, cell) in &table.cells {
            let mut labels = Vec::with_capacity(key.groups.len());
            for (dim_id, g) in table.dims.iter().zip(&key.groups) {
                let Some(g) = g else { continue 'cells };
                let Some(dim) = model.dimensions.get(dim_id) else { continue 'cells };
                let Some(group) = dim.groups.iter().find(|x| &x.id == g) else { continue 'cells };
                if !matches!(
                    group.rule,
                    crate::model::GroupRuleDef::When(_) | crate::model::GroupRuleDef::Otherwise
                ) {
                    continue 'cells;
                }
                labels.push(if group.title.is_empty() { group.id.clone() } else { group.title.clone() });
            }
            let group = if labels.is_empty() { "total".to_string() } else { labels.join("|") };
            let area = match &key.area {
                AreaKey::Unit(c) => c.clone(),
                AreaKey::Total => "total".to_string(),
            };
            let k: Key = [id.clone(), key.year.to_string(), area.clone(), group.clone()];
            let value = match published_counts(cell) {
                Counts::Published(_, 0) | Counts::Absent => continue,
                Counts::Published(n, d) => {
                    rows.push((k, n, d));
                    Some((n, d))
                }
                Counts::Withheld(status) => {
                    withheld.push((k, status));
                    None
                }
            };
            if id == GAP_TABLE && table.dims.len() == 1 {
                let slot = match group.as_str() {
                    "german" => 0,
                    "foreign" => 1,
                    _ => continue,
                };
                gap_cells.entry((key.year, area)).or_insert([None, None])[slot] = Some(value);
            }
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    withheld.sort();
    let mut out = BenchTables { cells: rows.len(), suppressed_cells: withheld.len(), ..Default::default() };
    out.tables_csv = format!("{TABLE_HEADER}\n");
    for (k, n, d) in &rows {
        out.tables_csv.push_str(&format!("{},{},{},{},{n},{d}\n", k[0], k[1], k[2], k[3]));
    }
    out.suppressed_csv = format!("{SUPPRESSED_HEADER}\n");
    for (k, status) in &withheld {
        out.suppressed_csv.push_str(&format!("{},{},{},{},{status}\n", k[0], k[1], k[2], k[3]));
    }
    let mut gaps: Vec<[String; 3]> = Vec::new();
    for ((year, area), [german, foreign]) in &gap_cells {
        match (german, foreign) {
            (Some(Some((ng, dg))), Some(Some((nf, df)))) => {
                // Same operation order as the peers: 100.0*nf/df - 100.0*ng/dg.
                let gap = 100.0 * *nf as f64 / *df as f64 - 100.0 * *ng as f64 / *dg as f64;
                gaps.push([year.to_string(), area.clone(), format!("{gap:.6}")]);
            }
            (Some(None), Some(_)) | (Some(_), Some(None)) => out.suppressed_gaps += 1,
            _ => {}
        }
    }
    gaps.sort();
    out.gaps = gaps.len();
    out.gaps_csv = format!("{GAP_HEADER}\n");
    for g in &gaps {
        out.gaps_csv.push_str(&format!("{},{},{}\n", g[0], g[1], g[2]));
    }
    out
}

enum Counts {
    Published(u64, u64),
    Withheld(&'static str),
    /// No denominator, or a value the source did not deliver.
    Absent,
}

fn published_counts(cell: &PubCell) -> Counts {
    let Some(den) = cell.denominator else { return Counts::Absent };
    match (cell.numerator, den) {
        (Shown::Value(n), Shown::Value(d)) => match (as_count(n), as_count(d)) {
            (Some(n), Some(d)) => Counts::Published(n, d),
            _ => Counts::Absent,
        },
        (Shown::Value(_), Shown::Suppressed(_)) | (Shown::Suppressed(_), _) => Counts::Withheld("protected"),
        _ => Counts::Absent,
    }
}

fn as_count(v: f64) -> Option<u64> {
    (v >= 0.0 && v.fract() == 0.0 && v < 9.0e15).then_some(v as u64)
}
