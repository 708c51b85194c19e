//! The streaming pass: every row of a source is read once, classified into
//! groups and areas, and added to the accumulators of every table at once.
//! Memory grows with the number of cells, not rows. Large files are split
//! into byte ranges at line boundaries and parsed by two threads whose
//! accumulators are merged by key.

use super::acc::Acc;
use super::atoms::AtomAcc;
use super::expr::{Fast, FieldVal, Row};
use super::plan::{LetPlan, MeasureValue, SourcePlan};
use super::totals::{find_marker, Marker, PartRow, TotalRow, TotalRows};
use super::value::{Owned, V};
use crate::data::number::{parse_number, Evidence};
use crate::data::reader::{split_ranges, Header};
use crate::data::value_field::{read_value, ValueRead};
use crate::data::years::{parse_year, YearProblem};
use crate::data::MissingKind;
use crate::sandbox::{Sandbox, ScriptValue};
use rustc_hash::FxHashMap;
use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Cancellation and progress, shared with the CLI (Ctrl-C, progress bar).
#[derive(Default)]
pub struct Control {
    pub cancel: AtomicBool,
    pub bytes_done: AtomicU64,
    /// Number of database queries running (pushdown): they report no
    /// bytes, so a front end shows that it waits for the server instead.
    pub queries_running: AtomicU64,
}

/// A problem with one data row, turned into a diagnostic after the pass.
#[derive(Debug, Clone)]
pub struct RowIssue {
    pub kind: IssueKind,
    pub offset: u64,
    pub field: Option<usize>,
    pub detail: String,
    /// For a failing `let … = rhai` script: where it is and what went wrong.
    pub script: Option<(crate::model::Origin, String, crate::sandbox::ScriptError)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IssueKind {
    BadYear,
    YearOutOfRange,
    NotNumeric,
    Negative,
    UnknownGroupCode,
    Script,
    /// An area column with more distinct codes than `limits::MAX_DISTINCT_CODES`.
    TooManyCodes,
    /// A value above `limits::MAX_DATA_VALUE`: sums could overflow.
    TooLarge,
    /// An empty record id where the cell key method needs one.
    MissingRecordId,
    /// Bytes that are not UTF-8 in a file read as UTF-8.
    NotUtf8,
    /// A row with fewer or more fields than the header.
    RowLength,
    /// A school year (`2020/21`) without a declared `school_year` rule.
    SchoolYear,
    /// A total row („Insgesamt“, `…SUM`) that would be counted with its
    /// parts, in a source that declares no `total_rows`.
    CountedTotalRow,
    /// A published total row that differs from the sum of its parts.
    TotalMismatch,
    /// `1.234` without a declared number format, not settled by the file.
    AmbiguousNumber,
    /// An area code the area's key file of parents does not list.
    UnmappedCode,
}

impl IssueKind {
    pub fn is_error(self) -> bool {
        matches!(
            self,
            IssueKind::BadYear
                | IssueKind::NotNumeric
                | IssueKind::Negative
                | IssueKind::Script
                | IssueKind::TooManyCodes
                | IssueKind::TooLarge
                | IssueKind::MissingRecordId
                | IssueKind::NotUtf8
                | IssueKind::RowLength
                | IssueKind::SchoolYear
                | IssueKind::CountedTotalRow
                | IssueKind::AmbiguousNumber
                | IssueKind::UnmappedCode
        )
    }
}

/// Rows are assigned, per area column, to dense (year, code) ids.
///
/// `codes`/`ya` are the authoritative maps (read by the cube builder and
/// the merge); `small` and `last_ya` are caches for the hot loop: codes of
/// up to two bytes (district numbers) are found by direct indexing, and a
/// code's id for the year it was last seen with is remembered, since
/// register files are usually ordered by year.
#[derive(Default, Clone)]
pub struct YaDict {
    pub codes: FxHashMap<Box<[u8]>, u32>,
    pub code_names: Vec<String>,
    pub ya: FxHashMap<u64, u32>,
    pub ya_keys: Vec<(i32, u32)>,
    small: Vec<u32>,
    last_ya: Vec<(i32, u32)>,
}

/// Slots of the direct code table: the empty code, 256 one-byte codes and
/// 65,536 two-byte codes.
const SMALL_CODES: usize = 1 + 256 + 65_536;

#[inline]
fn small_index(code: &[u8]) -> Option<usize> {
    match *code {
        [] => Some(0),
        [a] => Some(1 + a as usize),
        [a, b] => Some(257 + ((a as usize) << 8 | b as usize)),
        _ => None,
    }
}

impl YaDict {
    #[inline]
    fn code_id(&mut self, code: &[u8]) -> u32 {
        let small = small_index(code);
        if let Some(i) = small {
            if let Some(&c) = self.small.get(i) {
                if c != u32::MAX {
                    return c;
                }
            }
        }
        let c = match self.codes.get(code) {
            Some(c) => *c,
            None => {
                let c = self.code_names.len() as u32;
                self.codes.insert(code.into(), c);
                self.code_names.push(String::from_utf8_lossy(code).into_owned());
                c
            }
        };
        if let Some(i) = small {
            if self.small.is_empty() {
                self.small = vec![u32::MAX; SMALL_CODES];
            }
            self.small[i] = c;
        }
        c
    }

    #[inline]
    pub(crate) fn id(&mut self, year: i32, code: &[u8]) -> u32 {
        let code_id = self.code_id(code);
        if let Some(&(y, i)) = self.last_ya.get(code_id as usize) {
            if y == year && i != u32::MAX {
                return i;
            }
        }
        let key = ((year as u32 as u64) << 32) | u64::from(code_id);
        let i = match self.ya.get(&key) {
            Some(i) => *i,
            None => {
                let i = self.ya_keys.len() as u32;
                self.ya.insert(key, i);
                self.ya_keys.push((year, code_id));
                i
            }
        };
        if self.last_ya.len() <= code_id as usize {
            self.last_ya.resize(code_id as usize + 1, (0, u32::MAX));
        }
        self.last_ya[code_id as usize] = (year, i);
        i
    }
}

/// Accumulated result of one source.
pub struct SourceResult {
    /// One dictionary per area plan, plus one last for "no area".
    pub dicts: Vec<YaDict>,
    /// Per table: `block` accumulators per (year, area) id.
    pub tables: Vec<Vec<Acc>>,
    pub issues: Vec<RowIssue>,
    pub issue_counts: FxHashMap<IssueKind, u64>,
    pub rows: u64,
    pub bytes: u64,
    /// The atoms of the source (see `atoms.rs`), keyed by dense ids.
    pub atoms: AtomAcc,
    /// Row hashes and year fingerprints for the ledger (when it is used).
    pub track: Option<crate::ledger::RowTrack>,
    /// Number formats seen in value fields (ambiguous `1.234` is checked
    /// against them after the pass).
    pub evidence: Evidence,
    /// Published total rows and the rows they sum (aggregate sources that
    /// declare `total_rows`).
    pub totals: TotalRows,
    /// The fields that identify a cell (areas, groups, filters): where total
    /// markers are looked for and what parts must share with their total.
    pub total_key_fields: Vec<usize>,
    /// Which filter literals some row holds (see `notices.rs`).
    pub probes: super::notices::ProbeSeen,
}

const MAX_ISSUES_KEPT: usize = 20;

/// Runs the pass over one source file.
pub fn run(
    plan: &SourcePlan,
    header: &Header,
    years: Option<(i32, i32)>,
    sandbox: &Sandbox,
    control: &Control,
) -> std::io::Result<SourceResult> {
    let threads = if header.has_quotes || header.file_len < (8 << 20) {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
    };
    let ranges = split_ranges(&plan.path, header.body_start, header.file_len, threads)?;
    let results: Vec<std::io::Result<SourceResult>> = std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|&(start, end)| {
                s.spawn(move || run_range(plan, header, start, end, years, sandbox, control))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("worker thread panicked"))))
            .collect()
    });
    combine(plan, results)
}

/// Merges the results of the workers (in their order) and checks the
/// published total rows against their parts.
pub(crate) fn combine(
    plan: &SourcePlan,
    results: Vec<std::io::Result<SourceResult>>,
) -> std::io::Result<SourceResult> {
    let mut merged: Option<SourceResult> = None;
    for r in results {
        let r = r?;
        merged = Some(match merged {
            None => r,
            Some(m) => merge(plan, m, r),
        });
    }
    let mut merged = merged.ok_or_else(|| std::io::Error::other("no data range"))?;
    let (found, mismatches) = merged.totals.check(&merged.total_key_fields, &plan.header);
    if mismatches > 0 {
        merged.issue_counts.insert(IssueKind::TotalMismatch, mismatches);
    }
    merged.issues.extend(found);
    Ok(merged)
}

pub(crate) fn empty_result(plan: &SourcePlan) -> SourceResult {
    SourceResult {
        dicts: vec![YaDict::default(); plan.areas.len() + 1],
        tables: vec![Vec::new(); plan.tables.len()],
        issues: Vec::new(),
        issue_counts: FxHashMap::default(),
        rows: 0,
        bytes: 0,
        atoms: AtomAcc::new(
            super::atoms::quantities(plan).0.len(),
            plan.kind == crate::model::SourceKind::Microdata,
        ),
        track: plan.ledger.as_ref().map(|_| crate::ledger::RowTrack::default()),
        evidence: Evidence::default(),
        totals: TotalRows::default(),
        total_key_fields: Vec::new(),
        probes: super::notices::ProbeSeen::new(plan),
    }
}

/// Reuses a vector's allocation for borrows of a new lifetime.
fn recycle<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

/// Per-thread buffers reused for every row, so the hot loop does not allocate.
pub(crate) struct Worker<'p> {
    plan: &'p SourcePlan,
    sandbox: &'p Sandbox,
    years: Option<(i32, i32)>,
    out: SourceResult,
    lets: Vec<Owned>,
    evaluators: Vec<Option<crate::sandbox::Evaluator>>,
    script_inputs: Vec<ScriptValue>,
    /// The plan's group conditions and measure filters, specialised.
    dim_conds: Vec<Vec<(usize, Fast)>>,
    filters: Vec<Option<Fast>>,
    /// Fields the specialised filters read, classified once per row.
    cached_fields: Vec<usize>,
    vals: Vec<FieldVal>,
    dim_slots: Vec<usize>,
    ya_ids: Vec<u32>,
    matched: Vec<Option<f64>>,
    missing_of: Vec<Option<MissingKind>>,
    issues: Vec<RowIssue>,
    counts: FxHashMap<IssueKind, u64>,
    /// The row's atom key (see `AtomAcc::finish` for the layout), reused.
    atom_key: Vec<u32>,
    measure_quantity: Vec<usize>,
    quantity_seen: Vec<bool>,
    /// Flags (`p`, `r`, …) of each measure's value in the current row.
    flags_of: Vec<u8>,
    /// Whether total rows are looked for (aggregate tables) and whether
    /// they are declared (then kept out and checked).
    find_totals: bool,
    declared_totals: bool,
    /// Rows are kept for the sum-of-parts check (declared `total_rows` or
    /// an area's `total from`).
    collect_parts: bool,
    /// The virtual row of a wide table being processed (index into
    /// `plan.virts`), `None` for an ordinary table.
    cur: Option<usize>,
}

/// Rows between two looks at the cancel flag and progress updates.
const CONTROL_EVERY: u64 = 1 << 16;
/// Bytes read from the file at a time by the plain reader.
const CHUNK: usize = 4 << 20;
/// Longest line the plain reader accepts (the buffer grows up to this).
const MAX_LINE: usize = 64 << 20;

fn run_range(
    plan: &SourcePlan,
    header: &Header,
    start: u64,
    end: u64,
    years: Option<(i32, i32)>,
    sandbox: &Sandbox,
    control: &Control,
) -> std::io::Result<SourceResult> {
    let mut w = Worker::new(plan, sandbox, years);
    let mut progress = Progress { control, start, reported: 0 };
    if header.has_quotes {
        read_quoted(&mut w, header, start, end, &mut progress)?;
    } else {
        read_plain(&mut w, header.delimiter, start, end, &mut progress)?;
    }
    control.bytes_done.fetch_add((end - start).saturating_sub(progress.reported), Ordering::Relaxed);
    Ok(w.finish(end - start))
}

impl<'p> Worker<'p> {
    /// A worker for one part of a source (a byte range of a CSV file, or
    /// row groups of a Parquet file).
    pub(crate) fn new(plan: &'p SourcePlan, sandbox: &'p Sandbox, years: Option<(i32, i32)>) -> Worker<'p> {
        let mut w = Worker {
            plan,
            sandbox,
            years,
            out: empty_result(plan),
            lets: Vec::with_capacity(plan.lets.len()),
            evaluators: plan
                .lets
                .iter()
                .map(|l| match l {
                    LetPlan::Rhai { script, .. } => Some(script.evaluator()),
                    LetPlan::Native(_) => None,
                })
                .collect(),
            script_inputs: Vec::new(),
            dim_conds: plan
                .dims
                .iter()
                .map(|d| d.when.iter().map(|(g, n)| (*g, Fast::from_node(n))).collect())
                .collect(),
            filters: plan.measures.iter().map(|m| m.filter.as_ref().map(Fast::from_node)).collect(),
            cached_fields: Vec::new(),
            vals: Vec::new(),
            dim_slots: vec![0usize; plan.dims.len()],
            ya_ids: vec![0u32; plan.areas.len() + 1],
            matched: vec![None; plan.measures.len()],
            missing_of: vec![None; plan.measures.len()],
            issues: Vec::new(),
            counts: FxHashMap::default(),
            atom_key: vec![
                0;
                plan.areas.len()
                    + 1
                    + plan.dims.len()
                    + plan.measures.len().div_ceil(32)
                    + usize::from(plan.ledger.is_some())
            ],
            measure_quantity: super::atoms::quantities(plan).1,
            quantity_seen: vec![false; super::atoms::quantities(plan).0.len()],
            flags_of: vec![0; plan.measures.len()],
            find_totals: plan.kind == crate::model::SourceKind::Aggregate,
            declared_totals: plan.kind == crate::model::SourceKind::Aggregate
                && !plan.format.total_rows.is_empty(),
            collect_parts: plan.kind == crate::model::SourceKind::Aggregate
                && (!plan.format.total_rows.is_empty() || !plan.total_codes.is_empty()),
            cur: None,
        };
        for f in w.dim_conds.iter().flatten().map(|(_, f)| f).chain(w.filters.iter().flatten()) {
            f.fields(&mut w.cached_fields);
        }
        let mut key_fields = w.cached_fields.clone();
        key_fields.extend(plan.areas.iter().filter(|a| a.let_slot.is_none()).map(|a| a.field));
        // A derived area (`let bezirk = prefix(code, 6)`) is identified by the
        // columns it is computed from: `123456SUM` there must be seen as a total.
        for l in plan.areas.iter().filter_map(|a| a.let_slot) {
            key_fields.extend(plan.let_fields(l));
        }
        key_fields.extend(plan.first_field_of_dim.iter().flatten().copied());
        key_fields.extend(plan.total_codes.iter().map(|t| t.field));
        // The group label of a wide table's virtual rows: a group's total row
        // is compared with the parts of that group only.
        if plan.virts.iter().any(|v| v.label.is_some()) {
            key_fields.push(plan.header.len() - 1);
        }
        key_fields.sort_unstable();
        key_fields.dedup();
        w.out.total_key_fields = key_fields;
        w.vals = vec![FieldVal::default(); w.cached_fields.iter().max().map_or(0, |m| m + 1)];
        w
    }

    /// Counts and processes one row read from the file; `false` stops
    /// the pass (the reason is among the issues).
    #[inline]
    pub(crate) fn feed(&mut self, fields: &[&str], offset: u64) -> bool {
        self.out.rows += 1;
        self.row(fields, offset)
    }

    /// The worker's result; `bytes` is the size of its part of the file.
    pub(crate) fn finish(self, bytes: u64) -> SourceResult {
        let mut out = self.out;
        out.bytes = bytes;
        out.issues = self.issues;
        out.issue_counts = self.counts;
        out
    }
}

/// Progress reporting and cancellation, looked at every [`CONTROL_EVERY`] rows.
struct Progress<'c> {
    control: &'c Control,
    start: u64,
    reported: u64,
}

impl Progress<'_> {
    #[inline]
    fn tick(&mut self, rows: u64, offset: u64) -> std::io::Result<()> {
        if rows.is_multiple_of(CONTROL_EVERY) {
            let done = offset - self.start;
            self.control.bytes_done.fetch_add(done.saturating_sub(self.reported), Ordering::Relaxed);
            self.reported = self.reported.max(done);
            if self.control.cancel.load(Ordering::Relaxed) {
                return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled"));
            }
        }
        Ok(())
    }
}

/// Files with quoted fields go through the csv crate (quotes, escaped
/// quotes, delimiters and line breaks inside fields).
fn read_quoted(
    w: &mut Worker<'_>,
    header: &Header,
    start: u64,
    end: u64,
    progress: &mut Progress<'_>,
) -> std::io::Result<()> {
    let mut file = std::fs::File::open(&w.plan.path)?;
    file.seek(SeekFrom::Start(start))?;
    let (bounded, mark) = super::record_bound::RecordBound::new(file.take(end - start), MAX_LINE as u64);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(header.delimiter)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(bounded);
    let mut record = csv::ByteRecord::new();
    let mut spare: Vec<&str> = Vec::with_capacity(w.plan.header.len());
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let offset = start + e.position().map_or(rdr.position().byte(), |p| p.byte());
                let too_long = e.to_string().contains(super::record_bound::TOO_LONG);
                w.issue(IssueKind::NotNumeric, offset, None, || {
                    if too_long {
                        format!(
                            "unreadable CSV row: a record is longer than {} MiB (a quote that is never closed?)",
                            MAX_LINE >> 20
                        )
                    } else {
                        format!("unreadable CSV row: {e}")
                    }
                });
                break;
            }
        }
        mark.record_ended(rdr.position().byte(), MAX_LINE as u64);
        let offset = start + record.position().map_or(0, |p| p.byte());
        w.out.rows += 1;
        progress.tick(w.out.rows, offset)?;
        let mut fields = recycle(std::mem::take(&mut spare));
        let mut bad_utf8 = None;
        for (i, f) in record.iter().enumerate() {
            match std::str::from_utf8(f) {
                Ok(t) => fields.push(t.trim()),
                Err(_) => {
                    bad_utf8.get_or_insert(i);
                    fields.push("");
                }
            }
        }
        if let Some(i) = bad_utf8 {
            w.issue(IssueKind::NotUtf8, offset, Some(i), not_utf8_detail);
            return Ok(());
        }
        let keep_going = w.row(&fields, offset);
        spare = recycle(fields);
        if !keep_going {
            break;
        }
    }
    Ok(())
}

/// Files without quotes (the usual register export) are split by hand:
/// large reads, `memchr` for line ends and delimiters, one UTF-8 check per
/// chunk instead of one per field, and no copy of the row. Rows are the
/// same as the csv crate's: `\n` or `\r\n` line ends, empty lines skipped.
fn read_plain(
    w: &mut Worker<'_>,
    delimiter: u8,
    start: u64,
    end: u64,
    progress: &mut Progress<'_>,
) -> std::io::Result<()> {
    let mut file = std::fs::File::open(&w.plan.path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut remaining = end - start;
    let mut buf = vec![0u8; CHUNK];
    let mut filled = 0usize;
    // File offset of buf[0].
    let mut buf_start = start;
    let mut spare: Vec<&str> = Vec::with_capacity(w.plan.header.len());
    loop {
        while filled < buf.len() && remaining > 0 {
            let want = (buf.len() - filled).min(usize::try_from(remaining).unwrap_or(usize::MAX));
            let n = file.read(&mut buf[filled..filled + want])?;
            if n == 0 {
                remaining = 0;
                break;
            }
            filled += n;
            remaining -= n as u64;
        }
        if filled == 0 {
            return Ok(());
        }
        let at_end = remaining == 0;
        let cut = match memchr::memrchr(b'\n', &buf[..filled]) {
            Some(p) if !at_end => p + 1,
            _ if at_end => filled,
            _ => {
                // One line is longer than the buffer: grow it (bounded).
                if buf.len() >= MAX_LINE {
                    w.issue(IssueKind::NotNumeric, buf_start, None, || {
                        format!("unreadable CSV row: a line is longer than {} MiB", MAX_LINE >> 20)
                    });
                    return Ok(());
                }
                buf.resize(buf.len() * 2, 0);
                continue;
            }
        };
        let (keep_going, fields) =
            plain_lines(w, &buf[..cut], buf_start, delimiter, recycle(std::mem::take(&mut spare)), progress)?;
        spare = recycle(fields);
        if !keep_going {
            return Ok(());
        }
        buf.copy_within(cut..filled, 0);
        filled -= cut;
        buf_start += cut as u64;
        if at_end && filled == 0 {
            return Ok(());
        }
    }
}

/// Runs every complete line of `chunk` through the worker; returns whether
/// to go on and the field buffer for reuse.
fn plain_lines<'b>(
    w: &mut Worker<'_>,
    chunk: &'b [u8],
    chunk_start: u64,
    delimiter: u8,
    mut fields: Vec<&'b str>,
    progress: &mut Progress<'_>,
) -> std::io::Result<(bool, Vec<&'b str>)> {
    // Valid UTF-8 as a whole means every field between ASCII delimiters is.
    // Invalid bytes are never replaced: they stop the pass with an error at
    // their line (the encoding was checked on the file's first megabyte).
    let text = match std::str::from_utf8(chunk) {
        Ok(t) => Some(t),
        Err(e) => {
            let bad = e.valid_up_to();
            let line_start = memchr::memrchr(b'\n', &chunk[..bad]).map_or(0, |p| p + 1);
            let field = chunk[line_start..bad].iter().filter(|b| **b == delimiter).count();
            w.issue(IssueKind::NotUtf8, chunk_start + line_start as u64, Some(field), not_utf8_detail);
            return Ok((false, fields));
        }
    };
    let mut line_start = 0usize;
    while line_start < chunk.len() {
        let line_end = memchr::memchr(b'\n', &chunk[line_start..]).map_or(chunk.len(), |p| line_start + p);
        let mut content_end = line_end;
        if content_end > line_start && chunk[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let this = line_start;
        line_start = line_end + 1;
        if content_end == this {
            continue;
        }
        fields.clear();
        // Register fields are a few bytes long: a plain scan beats a
        // `memchr` call per field.
        let mut field_start = this;
        for (p, &c) in chunk[this..content_end].iter().enumerate() {
            if c == delimiter {
                fields.push(field_text(chunk, text, field_start, this + p));
                field_start = this + p + 1;
            }
        }
        fields.push(field_text(chunk, text, field_start, content_end));
        let offset = chunk_start + this as u64;
        w.out.rows += 1;
        progress.tick(w.out.rows, offset)?;
        if !w.row(&fields, offset) {
            return Ok((false, fields));
        }
    }
    Ok((true, fields))
}

fn not_utf8_detail() -> String {
    "this line is not valid UTF-8, but the start of the file was".into()
}

/// One field, trimmed like the csv path (only when it starts or ends with
/// a space or a non-ASCII byte, which is rare in register data).
#[inline]
fn field_text<'b>(chunk: &'b [u8], text: Option<&'b str>, from: usize, to: usize) -> &'b str {
    let raw = match text {
        Some(t) => t.get(from..to).unwrap_or("\u{fffd}"),
        None => std::str::from_utf8(&chunk[from..to]).unwrap_or("\u{fffd}"),
    };
    let b = raw.as_bytes();
    let needs_trim = |c: u8| c.is_ascii_whitespace() || c >= 0x80;
    if b.first().is_some_and(|c| needs_trim(*c)) || b.last().is_some_and(|c| needs_trim(*c)) {
        raw.trim()
    } else {
        raw
    }
}

impl Worker<'_> {
    fn issue(&mut self, kind: IssueKind, offset: u64, field: Option<usize>, detail: impl FnOnce() -> String) {
        // A virtual field of a wide table points at the file's column.
        let field = field.map(|f| self.physical_field(f));
        let n = self.counts.entry(kind).or_insert(0);
        *n += 1;
        if *n <= 3 && self.issues.len() < MAX_ISSUES_KEPT {
            self.issues.push(RowIssue { kind, offset, field, detail: detail(), script: None });
        }
    }

    /// The file column behind a (possibly virtual) field.
    fn physical_field(&self, f: usize) -> usize {
        let plan = self.plan;
        if f < plan.physical_len {
            return f;
        }
        let virt = self.cur.and_then(|v| plan.virts.get(v));
        virt.and_then(|v| v.from.get(f - plan.physical_len))
            .copied()
            .filter(|p| *p != usize::MAX)
            .unwrap_or(0)
    }

    /// Processes one physical row; `false` stops the pass (a failing
    /// script). A wide table's row is split into its virtual rows here.
    #[inline]
    fn row(&mut self, fields: &[&str], offset: u64) -> bool {
        let plan = self.plan;
        if plan.virts.is_empty() {
            return self.row_one(fields, offset);
        }
        if fields.len() == 1 && fields[0].is_empty() {
            return true;
        }
        let physical = &plan.header[..plan.physical_len.min(plan.header.len())];
        if !row_fits(fields, physical) {
            let (got, want) = (fields.len(), physical.len());
            self.issue(IssueKind::RowLength, offset, None, || {
                format!("this row has {got} fields, the header has {want}")
            });
            return true;
        }
        let mut buf: Vec<&str> = Vec::with_capacity(plan.header.len());
        for (v, virt) in plan.virts.iter().enumerate() {
            buf.clear();
            buf.extend((0..plan.physical_len).map(|f| fields.get(f).copied().unwrap_or("")));
            buf.extend(virt.from.iter().map(|f| fields.get(*f).copied().unwrap_or("")));
            if let Some(label) = &virt.label {
                buf.push(label);
            }
            self.cur = Some(v);
            let go_on = self.row_one(&buf, offset);
            self.cur = None;
            if !go_on {
                return false;
            }
        }
        true
    }

    /// Processes one (possibly virtual) row.
    #[inline]
    fn row_one(&mut self, fields: &[&str], offset: u64) -> bool {
        let plan = self.plan;
        let virt = self.cur.and_then(|v| plan.virts.get(v));
        if fields.len() == 1 && fields[0].is_empty() {
            return true;
        }
        if !row_fits(fields, &plan.header) {
            let (got, want) = (fields.len(), plan.header.len());
            self.issue(IssueKind::RowLength, offset, None, || {
                format!("this row has {got} fields, the header has {want}")
            });
            return true;
        }
        self.out.probes.row(plan, fields);
        let year = match virt.and_then(|v| v.year).or(plan.year_const) {
            Some(y) => y,
            None => {
                let year_text = fields.get(plan.year_field).copied().unwrap_or("");
                match parse_year(year_text, plan.format.school_year) {
                    Ok(y) => y,
                    Err(YearProblem::NotAYear) => {
                        self.issue(IssueKind::BadYear, offset, Some(plan.year_field), || {
                            format!("`{year_text}` is not a year")
                        });
                        return true;
                    }
                    Err(YearProblem::SchoolYearRule) => {
                        self.issue(IssueKind::SchoolYear, offset, Some(plan.year_field), || {
                            format!("`{year_text}` is a school year, and the source does not say which calendar year it counts in")
                        });
                        return true;
                    }
                }
            }
        };
        if let Some((lo, hi)) = self.years {
            if year < lo || year > hi {
                self.issue(IssueKind::YearOutOfRange, offset, Some(plan.year_field), || {
                    format!("year {year} lies outside the rulebook's years {lo}..{hi}")
                });
                return true;
            }
        }
        // Derived columns, in dependency order.
        self.lets.clear();
        for (i, l) in plan.lets.iter().enumerate() {
            let value = match l {
                LetPlan::Native(node) => {
                    let row = Row { fields, lets: &self.lets };
                    Owned::from_view(node.eval(&row))
                }
                LetPlan::Rhai { inputs, origin, name, .. } => {
                    self.script_inputs.clear();
                    for slot in inputs {
                        let row = Row { fields, lets: &self.lets };
                        self.script_inputs.push(to_script(super::expr::Node::Slot(*slot).eval(&row)));
                    }
                    let Some(Some(ev)) = self.evaluators.get_mut(i) else { return false };
                    match ev.eval(self.sandbox, &self.script_inputs) {
                        Ok(v) => from_script(v),
                        Err(e) => {
                            // A failing script aborts the run: it must not fail silently.
                            self.counts.insert(IssueKind::Script, 1);
                            self.issues.push(RowIssue {
                                kind: IssueKind::Script,
                                offset,
                                field: None,
                                detail: e.to_string(),
                                script: Some((*origin, name.clone(), e)),
                            });
                            return false;
                        }
                    }
                }
            };
            self.lets.push(value);
        }
        let lets = std::mem::take(&mut self.lets);
        let row = Row { fields, lets: &lets };
        for &f in &self.cached_fields {
            self.vals[f] = FieldVal::of(fields.get(f).copied());
        }
        let vals = std::mem::take(&mut self.vals);
        let marker = if self.find_totals {
            super::totals::code_marker(fields, &plan.total_codes)
                .or_else(|| find_marker(fields, &self.out.total_key_fields, &plan.format.total_rows))
        } else {
            None
        };
        // A declared total row is not classified: its `Insgesamt` is no group code.
        let skip_unknown = marker.as_ref().is_some_and(|m| self.declared_totals || m.declared);
        for (d, dim) in plan.dims.iter().enumerate() {
            if dim.wide {
                self.dim_slots[d] = virt.and_then(|v| v.slot).unwrap_or(dim.n_base);
                continue;
            }
            let mut slot = dim.otherwise.unwrap_or(dim.n_base);
            for (g, cond) in &self.dim_conds[d] {
                if cond.test(&row, &vals) {
                    slot = *g;
                    break;
                }
            }
            if slot == dim.n_base
                && dim.otherwise.is_none()
                && !skip_unknown
                && plan.kind == crate::model::SourceKind::Aggregate
            {
                let field = plan.first_field_of_dim.get(d).copied().flatten();
                let code = field.and_then(|f| fields.get(f)).copied().unwrap_or("");
                let dim_id = &dim.id;
                let n = self.counts.entry(IssueKind::UnknownGroupCode).or_insert(0);
                *n += 1;
                if *n <= 3 && self.issues.len() < MAX_ISSUES_KEPT {
                    self.issues.push(RowIssue {
                        kind: IssueKind::UnknownGroupCode,
                        offset,
                        field,
                        detail: format!("`{code}` matches no group of dimension `{dim_id}`"),
                        script: None,
                    });
                }
            }
            self.dim_slots[d] = slot;
        }
        let n_dicts = plan.areas.len() + 1;
        let bits_at = n_dicts + plan.dims.len();
        for w in self.atom_key.iter_mut().skip(bits_at) {
            *w = 0;
        }
        for (m, measure) in plan.measures.iter().enumerate() {
            self.matched[m] = None;
            self.missing_of[m] = None;
            self.flags_of[m] = 0;
            // Groups over columns: value columns are read in the group
            // rows, ordinary columns and row counts in the plain row only.
            if virt.and_then(|v| v.plain).is_some_and(|plain| plain == measure.wide) {
                continue;
            }
            if let Some(f) = &self.filters[m] {
                if !f.test(&row, &vals) {
                    continue;
                }
            }
            if let Some(w) = self.atom_key.get_mut(bits_at + m / 32) {
                *w |= 1 << (m % 32);
            }
            match measure.value {
                MeasureValue::One => self.matched[m] = Some(1.0),
                MeasureValue::Field(fi) => {
                    let text = fields.get(fi).copied().unwrap_or("");
                    match read_value(text, &plan.format) {
                        ValueRead::Missing(k) => self.missing_of[m] = Some(k),
                        ValueRead::Num { value: x, class, flags } => {
                            self.out.evidence.note(class, offset, fi, text);
                            if x < 0.0 && plan.kind != crate::model::SourceKind::Microdata {
                                self.issue(IssueKind::Negative, offset, Some(fi), || {
                                    format!("negative count `{text}`")
                                });
                            } else if x.abs() > crate::limits::MAX_DATA_VALUE {
                                self.issue(IssueKind::TooLarge, offset, Some(fi), || {
                                    format!("`{text}` is too large")
                                });
                            } else {
                                self.matched[m] = Some(x);
                                self.flags_of[m] = flags;
                            }
                        }
                        ValueRead::NotNumber => self.issue(IssueKind::NotNumeric, offset, Some(fi), || {
                            format!("`{text}` is not a number")
                        }),
                    }
                }
            }
        }
        if self.find_totals && self.total_row(fields, offset, year, marker) {
            self.lets = lets;
            self.vals = vals;
            return true;
        }
        // Area codes are registered only now: a declared total row must not
        // become an (empty) unit of the area.
        let none_dict = plan.areas.len();
        self.ya_ids[none_dict] = self.out.dicts[none_dict].id(year, b"");
        let mut too_many_codes = None;
        let mut too_many_cells = false;
        for (a, area) in plan.areas.iter().enumerate() {
            let derived;
            let code = match area.let_slot.and_then(|i| lets.get(i)) {
                Some(value) => {
                    derived = let_code(value);
                    derived.as_str()
                }
                None => fields.get(area.field).copied().unwrap_or(""),
            };
            let code = match &area.parents {
                None => code,
                Some((key, display)) => match key.parents.get(code) {
                    Some(parent) => parent.as_str(),
                    None => {
                        let field = (area.field != usize::MAX).then_some(area.field);
                        self.issue(IssueKind::UnmappedCode, offset, field, || {
                            format!(
                                "`{code}` is not listed in the key file `{display}` of area `{}`",
                                area.id
                            )
                        });
                        continue;
                    }
                },
            };
            self.ya_ids[a] = self.out.dicts[a].id(year, code.as_bytes());
            if self.out.dicts[a].code_names.len() > crate::limits::MAX_DISTINCT_CODES {
                too_many_codes = Some(area.field);
            }
        }
        // The ledger class goes last in the atom key (after the filter bits).
        let ledger_row = match (&plan.ledger, &mut self.out.track) {
            (Some(view), Some(track)) => {
                let h = crate::ledger::row_hash(fields, &mut track.buf);
                track.years.entry(year).or_default().add(h);
                if let Some(k) = self.atom_key.last_mut() {
                    *k = view.class_of(year, h as u64);
                }
                Some(h as u64)
            }
            _ => None,
        };
        let atom = self.add_atom(fields);
        if let (Some(h), Some(track)) = (ledger_row, &mut self.out.track) {
            track.row_atom.insert(h, atom as u32);
        }
        if let Some(rk) = &plan.record_key {
            let id = fields.get(rk.field).copied().unwrap_or("").trim();
            if id.is_empty() {
                // Every empty id would share one key: the noise would no
                // longer be independent between persons.
                self.issue(IssueKind::MissingRecordId, offset, Some(rk.field), || {
                    "empty record id".to_string()
                });
                return false;
            }
            self.out.atoms.add_key(atom, rk.secret.record_key(id));
        }
        for (t, table) in plan.tables.iter().enumerate() {
            let m = table.measure;
            if self.matched[m].is_none() && self.missing_of[m].is_none() {
                continue;
            }
            let ya = self.ya_ids[table.area.unwrap_or(none_dict)] as usize;
            let mut idx = ya * table.block;
            for (k, d) in table.dims.iter().enumerate() {
                idx += self.dim_slots[*d] * table.strides[k];
            }
            let cells = &mut self.out.tables[t];
            if cells.len() <= idx {
                if (ya + 1) * table.block > crate::limits::MAX_CELLS {
                    too_many_cells = true;
                    continue;
                }
                cells.resize((ya + 1) * table.block, Acc::default());
            }
            if let Some(v) = self.matched[m] {
                cells[idx].add(v);
                cells[idx].flags |= self.flags_of[m];
            } else if let Some(k) = self.missing_of[m] {
                cells[idx].add_missing(k);
            }
        }
        self.lets = lets;
        self.vals = vals;
        if too_many_cells {
            self.issue(IssueKind::TooManyCodes, offset, None, || {
                format!("a table would need more than {} cells", crate::limits::MAX_CELLS)
            });
            return false;
        }
        if let Some(field) = too_many_codes {
            // Memory grows with the number of cells: stop before a wrong
            // column (e.g. a person id used as area) exhausts it.
            self.issue(IssueKind::TooManyCodes, offset, Some(field), || {
                format!("more than {} distinct area codes", crate::limits::MAX_DISTINCT_CODES)
            });
            return false;
        }
        true
    }
}

/// Whether a row has as many fields as the header. Extra empty fields
/// (a trailing `;`) and missing fields under empty header names are fine:
/// neither shifts a value into another column.
fn row_fits(fields: &[&str], header: &[String]) -> bool {
    match fields.len().cmp(&header.len()) {
        std::cmp::Ordering::Equal => true,
        std::cmp::Ordering::Greater => fields[header.len()..].iter().all(|f| f.is_empty()),
        std::cmp::Ordering::Less => header[fields.len()..].iter().all(|h| h.is_empty()),
    }
}

impl Worker<'_> {
    /// Handles total rows; `true` if the row is a declared total and must
    /// not be counted. Called after the measures were read.
    fn total_row(&mut self, fields: &[&str], offset: u64, year: i32, marker: Option<Marker>) -> bool {
        let key_fields = self.out.total_key_fields.clone();
        let counted = self.matched.iter().any(Option::is_some) || self.missing_of.iter().any(Option::is_some);
        let key = || key_fields.iter().map(|f| fields.get(*f).copied().unwrap_or("").to_string()).collect();
        match marker {
            // A declared total row is never a unit, even where no measure
            // reads it (its code must not appear as an empty area).
            Some(marker) if self.declared_totals || marker.declared => {
                if counted {
                    let values = self.matched.clone();
                    let key = key();
                    let value_fields = self
                        .plan
                        .measures
                        .iter()
                        .map(|m| match m.value {
                            MeasureValue::Field(f) => Some(self.physical_field(f)),
                            MeasureValue::One => None,
                        })
                        .collect();
                    self.out.totals.totals.push(TotalRow { offset, year, marker, key, values, value_fields });
                }
                true
            }
            _ if !counted => false,
            Some(marker) => {
                // An area column with declared units keeps undeclared codes
                // out of every cell, so a total row there is harmless.
                let harmless = self.plan.areas.iter().any(|a| {
                    a.field == marker.field && !a.units.is_empty() && !a.units.contains(&marker.text)
                });
                if !harmless {
                    let column = self.plan.header.get(marker.field).cloned().unwrap_or_default();
                    self.issue(IssueKind::CountedTotalRow, offset, Some(marker.field), || {
                        format!(
                            "this looks like a total row (`{}` in column `{column}`) and would be counted a second time with its parts",
                            marker.text
                        )
                    });
                }
                false
            }
            None => {
                if self.collect_parts {
                    if self.out.totals.parts.len() >= super::totals::MAX_PART_ROWS {
                        self.out.totals.overflow = true;
                    } else {
                        let values = self
                            .matched
                            .iter()
                            .zip(&self.missing_of)
                            .map(|(v, miss)| match (v, miss) {
                                (Some(v), _) => Some(Some(*v)),
                                (None, Some(_)) => Some(None),
                                _ => None,
                            })
                            .collect();
                        let key = key();
                        self.out.totals.parts.push(PartRow { year, key, values });
                    }
                }
                false
            }
        }
    }

    /// Adds the current row to its atom: dictionary ids and slots were set
    /// by `row`, the filter bits too; the value of each quantity is taken
    /// from the first measure of that quantity that matched (a row whose
    /// filters all fail never reaches a cell of that quantity).
    #[inline]
    fn add_atom(&mut self, fields: &[&str]) -> usize {
        let n_dicts = self.plan.areas.len() + 1;
        for (d, id) in self.ya_ids.iter().enumerate() {
            if let Some(k) = self.atom_key.get_mut(d) {
                *k = *id;
            }
        }
        for (k, slot) in self.dim_slots.iter().enumerate() {
            if let Some(x) = self.atom_key.get_mut(n_dicts + k) {
                *x = *slot as u32;
            }
        }
        let atom = self.out.atoms.slot(&self.atom_key);
        self.out.atoms.add_row(atom);
        self.quantity_seen.iter_mut().for_each(|s| *s = false);
        for (m, v) in self.matched.iter().enumerate() {
            let (Some(v), Some(&q)) = (v, self.measure_quantity.get(m)) else { continue };
            if let Some(seen) = self.quantity_seen.get_mut(q) {
                if !*seen {
                    *seen = true;
                    self.out.atoms.add_value(atom, q, *v);
                }
            }
        }
        if self.plan.ledger.is_some() {
            // Earlier publications may have counted rows that no filter of
            // this run matches: their atoms need the true values too, or an
            // earlier cell would look smaller than it was (a person isolated
            // by differencing would pass for an empty cell).
            for (m, measure) in self.plan.measures.iter().enumerate() {
                let Some(&q) = self.measure_quantity.get(m) else { continue };
                if self.quantity_seen.get(q).copied().unwrap_or(true) {
                    continue;
                }
                if let Some(seen) = self.quantity_seen.get_mut(q) {
                    *seen = true;
                }
                let v = match measure.value {
                    MeasureValue::One => Some(1.0),
                    MeasureValue::Field(fi) => V::field(fields.get(fi).copied().unwrap_or("")).num(),
                };
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    self.out.atoms.add_value(atom, q, v);
                }
            }
        }
        atom
    }
}

/// The area code a `let` computed (text as is, whole numbers without `.0`).
fn let_code(v: &Owned) -> String {
    match v {
        Owned::Str(s) => s.clone(),
        Owned::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Owned::Num(n) => n.to_string(),
        Owned::Bool(b) => b.to_string(),
        Owned::Missing(_) => String::new(),
    }
}

fn to_script(v: V) -> ScriptValue {
    match v {
        V::Missing(_) => ScriptValue::Missing,
        V::Bool(b) => ScriptValue::Bool(b),
        V::Num(n) => num_to_script(n),
        V::Str(s) => match parse_number(s) {
            Some(n) if !s.starts_with('0') || s == "0" || s.contains('.') => num_to_script(n),
            _ => ScriptValue::Str(s.to_string()),
        },
    }
}

fn num_to_script(n: f64) -> ScriptValue {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        ScriptValue::Int(n as i64)
    } else {
        ScriptValue::Float(n)
    }
}

fn from_script(v: ScriptValue) -> Owned {
    match v {
        ScriptValue::Missing => Owned::Missing(MissingKind::NotAvailable),
        ScriptValue::Bool(b) => Owned::Bool(b),
        ScriptValue::Int(i) => Owned::Num(i as f64),
        ScriptValue::Float(f) => Owned::Num(f),
        ScriptValue::Str(s) => Owned::Str(s),
    }
}

/// Merges the second thread's result into the first, re-keying (year, code)
/// ids through the first thread's dictionaries.
fn merge(plan: &SourcePlan, mut a: SourceResult, b: SourceResult) -> SourceResult {
    let mut remap: Vec<Vec<u32>> = Vec::with_capacity(b.dicts.len());
    for (d, bd) in b.dicts.iter().enumerate() {
        let ad = &mut a.dicts[d];
        remap
            .push(bd.ya_keys.iter().map(|(y, c)| ad.id(*y, bd.code_names[*c as usize].as_bytes())).collect());
    }
    for (t, table) in plan.tables.iter().enumerate() {
        let dict = table.area.unwrap_or(plan.areas.len());
        let src = &b.tables[t];
        for (old_ya, new_ya) in remap[dict].iter().enumerate() {
            let from = old_ya * table.block;
            if from >= src.len() {
                continue;
            }
            let to = *new_ya as usize * table.block;
            let dst = &mut a.tables[t];
            if dst.len() < to + table.block {
                dst.resize(to + table.block, Acc::default());
            }
            for k in 0..table.block {
                if let Some(s) = src.get(from + k) {
                    dst[to + k].merge(s);
                }
            }
        }
    }
    let atom_remap = a.atoms.merge(&b.atoms, &remap);
    match (&mut a.track, b.track) {
        (Some(t), Some(bt)) => t.merge(bt, &atom_remap),
        (None, Some(bt)) => a.track = Some(bt),
        _ => {}
    }
    a.evidence.merge(&b.evidence);
    a.totals.merge(b.totals);
    a.probes.merge(&b.probes);
    a.rows += b.rows;
    a.bytes += b.bytes;
    for (k, n) in b.issue_counts {
        *a.issue_counts.entry(k).or_insert(0) += n;
    }
    a.issues.extend(b.issues);
    a.issues.sort_by_key(|i| i.offset);
    a.issues.truncate(MAX_ISSUES_KEPT);
    a
}
