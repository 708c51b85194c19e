//! Every resource limit kimon enforces, in one place, so that a shared
//! (untrusted) rulebook cannot exhaust memory, time or the stack. The README's
//! "Security" section lists the same numbers.

/// Largest rulebook file read, in bytes. Real rulebooks are a few KiB; a
/// 50 MB file is refused before parsing.
pub const MAX_RULEBOOK_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest `extends`/`import` chain followed.
pub const MAX_IMPORT_DEPTH: usize = 32;

/// Most rulebook files one evaluation may load in total.
pub const MAX_RULEBOOK_FILES: usize = 256;

/// Deepest bracket nesting in a rulebook expression (checked before parsing).
pub const MAX_NESTING: usize = kimon_grammar::MAX_NESTING;

/// Deepest rulebook expression tree: every operator of a chain (`and`, `or`,
/// `+`, …), every `not`/unary `-`, call, aggregate and bracket is one level.
/// Checked while parsing, without recursion over the chain.
pub const MAX_EXPR_DEPTH: usize = kimon_grammar::MAX_EXPR_DEPTH;

/// Most accumulator cells (year × area × groups) one table may hold during
/// the streaming pass; beyond that the rulebook's `by` lists or area column
/// are almost certainly wrong, and memory would grow without bound.
pub const MAX_CELLS: usize = 5_000_000;

/// Most distinct values a discovered area or group column may take.
pub const MAX_DISTINCT_CODES: usize = 100_000;

/// Longest header line of a data file, in bytes. Read with this bound, so a
/// file without a newline fails at once in bounded memory.
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// Largest absolute value accepted in a summed data column. Counts and
/// amounts in monitoring data are far below it; with at most
/// `MAX_CELLS` cells and realistic row counts no sum or total of values
/// this size can overflow to infinity (1e308 twice would).
pub const MAX_DATA_VALUE: f64 = 1e15;

/// Largest rulebook package (`.kimonpkg`) unpacked, in bytes. A package
/// holds rulebooks, header-only data templates and a README: a few hundred
/// KiB. Checked on the file before reading and on the sum of the sizes the
/// entries declare, before their contents are read.
pub const MAX_PACKAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Most entries in a rulebook package.
pub const MAX_PACKAGE_FILES: usize = 512;

/// Largest single file in a rulebook package (a rulebook's own limit);
/// the size an entry declares is checked before it is read.
pub const MAX_PACKAGE_FILE_BYTES: u64 = MAX_RULEBOOK_BYTES;

/// Largest GeoJSON file read for a district map, in bytes. Twelve
/// districts at survey precision are a few hundred KiB; a larger file is
/// refused before it is read (simplify it, e.g. with mapshaper).
pub const MAX_GEOMETRY_BYTES: u64 = 16 * 1024 * 1024;

/// Most positions (coordinate pairs) of one geometry file. Every position
/// becomes SVG path data in each map of the report, so the limit keeps a
/// report with a map per indicator small and quick to render.
pub const MAX_GEOMETRY_POSITIONS: usize = 200_000;

/// Largest spreadsheet file (`.xlsx`) read, in bytes. Published tables are
/// a few MiB; the file is checked before it is opened.
pub const MAX_SPREADSHEET_BYTES: u64 = 64 * 1024 * 1024;

/// Most bytes all parts of a spreadsheet may unpack to together. An
/// `.xlsx` is a zip archive: a few KiB can claim gigabytes (a zip bomb), so
/// the parts are unpacked once into nothing, counting, before the
/// spreadsheet reader sees them.
pub const MAX_SPREADSHEET_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// Most non-empty cells read from one sheet.
pub const MAX_SHEET_CELLS: usize = 5_000_000;
