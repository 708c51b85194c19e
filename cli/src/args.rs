use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// kimon — Kommunales IntegrationsMONitoring: declare an integration
/// monitoring as a rulebook, evaluate it on data, publish protected findings.
#[derive(Debug, Parser)]
#[command(name = "kimon", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check rulebooks: syntax, names, consistency and lints.
    Check(CheckArgs),
    /// Rewrite rulebooks in the one canonical layout (comments are kept).
    Fmt(FmtArgs),
    /// Evaluate a rulebook on its data: protected, annotated findings.
    Eval(EvalArgs),
    /// Show the cell suppression and the interval audit of a rulebook's tables.
    Audit(AuditArgs),
    /// Generate example data.
    #[command(subcommand)]
    Gen(GenCommand),
    /// Write the integration report (HTML with charts, or Markdown) for an audience.
    Report(ReportArgs),
    /// Export the protected tables as CSV or XLSX.
    Export(ExportArgs),
    /// Write the report as a static web site: overview, a page per field and
    /// indicator, CSV downloads of every chart's table (published values only).
    Site(SiteArgs),
    /// Scaffold a rulebook that extends the core set (with data templates).
    Init(InitArgs),
    /// Explain one indicator: definition, sources, groups, targets, notes.
    Explain(ExplainArgs),
    /// Compare two rulebooks after resolution.
    Diff(DiffArgs),
    /// Pin every `extends`/`import` of a rulebook to its version and SHA-256.
    Pin(PinArgs),
    /// Show what changed in pinned files (semantic diff); rewrite pins with `--write`.
    Update(UpdateArgs),
    /// Bundle a rulebook, its imports, data templates (headers only) and README.
    Pack(PackArgs),
    /// Verify a rulebook package and extract it into a folder.
    Unpack(UnpackArgs),
    /// Sign a package with a secret key (detached ed25519 signature `PKG.sig`).
    Sign(SignArgs),
    /// Create an ed25519 key pair for signing packages.
    Keygen(KeygenArgs),
    /// List what the publication ledger records as published.
    Ledger(LedgerListArgs),
    /// Look at a data table and propose a `source` block for it.
    Sniff(SniffArgs),
    /// Catalogue every indicator of the rulebooks in some folders (definitions only, no values).
    Catalogue(CatalogueArgs),
    /// Take over one indicator of a peer's rulebook, with what it needs and its provenance.
    Adopt(AdoptArgs),
    /// Benchmark: evaluate (privacy included) and write the canonical
    /// `tables.csv`, `gaps.csv` and `suppressed.csv` of bench/README.md.
    BenchTables(BenchTablesArgs),
    /// Run the language server on stdin/stdout (for editors: diagnostics,
    /// hover, go to definition, completion, formatting).
    Lsp(LspArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Language {
    De,
    En,
}

impl From<Language> for kimon_engine::report::numfmt::Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::De => kimon_engine::report::numfmt::Lang::De,
            Language::En => kimon_engine::report::numfmt::Lang::En,
        }
    }
}

impl Language {
    /// The language of outputs: German unless `--lang en`.
    pub fn or_german(l: Option<Language>) -> Language {
        l.unwrap_or(Language::De)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Json,
    Table,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The rulebook to evaluate.
    pub rulebook: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: EvalFormat,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write through `--out` when it is a symbolic link (to the file it
    /// points to); without this flag a link is refused.
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Language of texts in the findings (default German; also the language of
    /// messages, which otherwise follow the rulebook's `language` and `LANG`).
    #[arg(long, value_enum)]
    pub lang: Option<Language>,
    /// No warnings and no progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The rulebook whose tables are audited.
    pub rulebook: PathBuf,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

#[derive(Debug, Args)]
pub struct BenchTablesArgs {
    /// The benchmark rulebook (bench/bench.kimon).
    pub rulebook: PathBuf,
    /// Output directory for tables.csv, gaps.csv and suppressed.csv.
    #[arg(long)]
    pub out: PathBuf,
    /// No warnings on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also time a second, separate privacy run (not part of `total`).
    #[arg(long)]
    pub time_privacy: bool,
    #[command(flatten)]
    pub access: AccessArgs,
}

#[derive(Debug, Subcommand)]
pub enum GenCommand {
    /// A deterministic, realistic population-register file (one row per
    /// person and year) for examples and benchmarks.
    Microdata(GenArgs),
}

#[derive(Debug, Args)]
pub struct GenArgs {
    #[arg(long, default_value_t = 1_500_000)]
    pub persons: u64,
    #[arg(long, default_value_t = 10)]
    pub years: u32,
    #[arg(long, default_value_t = 2015)]
    pub first_year: i32,
    #[arg(long, default_value_t = 25)]
    pub districts: u32,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output file (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// Write through `--out` when it is a symbolic link (to the file it
    /// points to); without this flag a link is refused.
    #[arg(long)]
    pub follow_symlinks: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    Human,
    Json,
}

/// Where a rulebook may read from.
#[derive(Debug, Args, Clone)]
pub struct AccessArgs {
    /// Directory holding the data files named by the rulebook's sources.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// A further directory the rulebook may read (imports, data). Repeatable.
    #[arg(long = "allow-path")]
    pub allow_path: Vec<PathBuf>,
}

impl AccessArgs {
    pub fn options(&self) -> kimon_engine::session::Options {
        kimon_engine::session::Options {
            data_dir: self.data_dir.clone(),
            allow_paths: self.allow_path.clone(),
            ledger: None,
        }
    }
}

#[derive(Debug, Args)]
pub struct LedgerListArgs {
    /// The ledger file, or a rulebook (then its default ledger beside it).
    pub path: PathBuf,
    /// Also list every published cell with its value.
    #[arg(long)]
    pub cells: bool,
}

/// The publication ledger of commands that publish (or audit) tables.
#[derive(Debug, Args, Clone)]
pub struct LedgerArgs {
    /// The publication ledger: earlier publications of the same data are
    /// protected together with this one, and this run is added. Default: a
    /// file beside the rulebook (`NAME.kimon-ledger`); share one file
    /// between an office's rulebooks.
    #[arg(long, value_name = "PATH")]
    pub ledger: Option<PathBuf>,
    /// Neither read nor write a ledger (earlier publications are then not
    /// taken into account).
    #[arg(long, conflicts_with = "ledger")]
    pub no_ledger: bool,
}

impl LedgerArgs {
    /// The access options plus the ledger for `rulebook`.
    pub fn options(&self, access: &AccessArgs, rulebook: &std::path::Path) -> kimon_engine::session::Options {
        let mut opts = access.options();
        if !self.no_ledger {
            opts.ledger =
                Some(self.ledger.clone().unwrap_or_else(|| kimon_engine::ledger::default_path(rulebook)));
        }
        opts
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Rulebook files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Output format for diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagFormat,
    #[command(flatten)]
    pub access: AccessArgs,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Rulebook files to format in place.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Do not write; exit 1 if a file would change.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitKind {
    City,
    County,
    Town,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormatArg {
    Xlsx,
    Csv,
}

/// Whatever is not given as a flag is asked for when stdin is a terminal;
/// otherwise a missing `--kind`, `--name` or `--land` is a usage error.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Kind of municipality.
    #[arg(long, value_enum)]
    pub kind: Option<InitKind>,
    /// Name of the municipality, e.g. "Landkreis Musterkreis".
    #[arg(long)]
    pub name: Option<String>,
    /// The Land (Bundesland), e.g. "Niedersachsen" or "NI"; one of the sixteen.
    #[arg(long)]
    pub land: Option<String>,
    /// Reporting years, e.g. `2019..2024` (default: the core set's).
    #[arg(long, value_name = "FIRST..LAST")]
    pub years: Option<String>,
    /// Data templates as Excel workbooks with drop-down lists of the codes, or CSV.
    #[arg(long, value_enum, default_value = "xlsx")]
    pub data: TemplateFormatArg,
    /// Directory to create the rulebook in (existing files are never overwritten).
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over stdin/stdout (the only transport; accepted because many
    /// editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
pub struct SniffArgs {
    /// The data file (CSV) just received.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rulebook.
    pub rulebook: PathBuf,
    /// Id of the indicator to explain; without it, the indicators are listed.
    pub indicator: Option<String>,
    /// Language of the explanation.
    #[arg(long, value_enum, default_value = "de")]
    pub lang: Language,
    /// Print the query that computes each database source's atom table.
    #[arg(long)]
    pub sql: bool,
    /// SQL dialect of `--sql`.
    #[arg(long, value_enum, default_value = "postgres", requires = "sql")]
    pub dialect: SqlDialect,
    #[command(flatten)]
    pub access: AccessArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqlDialect {
    Postgres,
    Duckdb,
    Trino,
}

impl From<SqlDialect> for kimon_engine::eval::pushdown::Dialect {
    fn from(d: SqlDialect) -> Self {
        use kimon_engine::eval::pushdown::Dialect;
        match d {
            SqlDialect::Postgres => Dialect::Postgres,
            SqlDialect::Duckdb => Dialect::DuckDb,
            SqlDialect::Trino => Dialect::Trino,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first rulebook ("A").
    pub a: PathBuf,
    /// The second rulebook ("B").
    pub b: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Language of the text output.
    #[arg(long, value_enum, default_value = "de")]
    pub lang: Language,
    /// Exit 1 if the rulebooks differ (default: exit 0 whenever they could be compared).
    #[arg(long)]
    pub fail_on_change: bool,
    #[command(flatten)]
    pub access: AccessArgs,
}

#[derive(Debug, Args)]
pub struct PinArgs {
    /// The rulebook whose `extends`/`import`s are pinned (rewritten in place;
    /// comments and layout are kept).
    pub rulebook: PathBuf,
    #[command(flatten)]
    pub access: AccessArgs,
}

/// Exit codes: 0 every pin is current (or `--write` rewrote them), 1 a
/// pinned file changed and nothing was written, 2 a file cannot be read.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The rulebook whose pins are compared with the files they name.
    pub rulebook: PathBuf,
    /// Rewrite the pins of changed files (otherwise only print).
    #[arg(long)]
    pub write: bool,
    #[command(flatten)]
    pub access: AccessArgs,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// The rulebook to pack.
    pub rulebook: PathBuf,
    /// The package to write (atomically), e.g. `grossstadt.kimonpkg`.
    #[arg(long)]
    pub out: PathBuf,
    /// Under which terms peers may reuse the rulebook (e.g. `CC-BY-4.0`).
    #[arg(long)]
    pub licence: Option<String>,
    /// Sign the package with this secret key (`kimon keygen`): writes `OUT.sig`.
    #[arg(long, value_name = "KEYFILE")]
    pub sign: Option<PathBuf>,
    #[command(flatten)]
    pub access: AccessArgs,
}

/// Exit codes: 0 unpacked, 1 the package was refused, 2 it cannot be read
/// or the target cannot be written.
#[derive(Debug, Args)]
pub struct UnpackArgs {
    /// The package (`.kimonpkg`).
    pub package: PathBuf,
    /// The folder to extract into (created if missing).
    #[arg(long)]
    pub into: PathBuf,
    /// Replace files that already exist in the folder.
    #[arg(long)]
    pub force: bool,
    /// Trusted keys file (`PUBLIC-KEY NAME` per line, `#` comments): the
    /// package must carry a valid signature `PKG.sig` by one of these keys.
    #[arg(long, value_name = "FILE")]
    pub keys: Option<PathBuf>,
}

/// Exit codes: 0 signed, 1 refused (no valid key, unreadable package).
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The package to sign; the signature is written to `PKG.sig`.
    pub package: PathBuf,
    /// The secret key (`kimon keygen`).
    #[arg(long, value_name = "KEYFILE")]
    pub key: PathBuf,
}

/// Exit codes: 0 written, 1 refused (a file exists, no name).
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Whose key it is, as receivers will see it (e.g. „Stadt Beispiel, Integrationsbüro“).
    #[arg(long)]
    pub name: String,
    /// The secret key file to create; the public key goes to `OUT.pub`.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportAudience {
    Verwaltung,
    Politik,
    Oeffentlichkeit,
}

impl From<ReportAudience> for kimon_engine::model::Audience {
    fn from(a: ReportAudience) -> Self {
        match a {
            ReportAudience::Verwaltung => kimon_engine::model::Audience::Verwaltung,
            ReportAudience::Politik => kimon_engine::model::Audience::Politik,
            ReportAudience::Oeffentlichkeit => kimon_engine::model::Audience::Oeffentlichkeit,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    Html,
    Md,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The rulebook to evaluate and report on.
    pub rulebook: PathBuf,
    /// Who the report is for: decides selection and wording.
    #[arg(long, value_enum, default_value = "verwaltung")]
    pub audience: ReportAudience,
    /// Language of the report (default German; also the language of
    /// messages, which otherwise follow the rulebook's `language` and `LANG`).
    #[arg(long, value_enum)]
    pub lang: Option<Language>,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    pub format: ReportFormatArg,
    /// The report file (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// Write through `--out` when it is a symbolic link (to the file it
    /// points to); without this flag a link is refused.
    #[arg(long)]
    pub follow_symlinks: bool,
    /// No warnings on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvDialectArg {
    /// UTF-8 with byte-order mark, `;` and decimal comma: opens in German Excel.
    Excel,
    /// UTF-8, `,` and decimal point: for statistics software.
    Plain,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The rulebook whose protected tables are exported.
    pub rulebook: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormatArg,
    /// CSV dialect; default `excel` for a rulebook with `language de`, else `plain`.
    #[arg(long, value_enum)]
    pub csv_dialect: Option<CsvDialectArg>,
    /// Shorthand for `--csv-dialect plain`.
    #[arg(long, conflicts_with = "csv_dialect")]
    pub plain_csv: bool,
    /// The output file (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// Write through `--out` when it is a symbolic link (to the file it
    /// points to); without this flag a link is refused.
    #[arg(long)]
    pub follow_symlinks: bool,
    /// No warnings on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The rulebook to evaluate and publish.
    pub rulebook: PathBuf,
    /// The folder to write the site into (created if it does not exist).
    #[arg(long)]
    pub out: PathBuf,
    /// Who the site is for: decides selection and wording, as for `report`.
    #[arg(long, value_enum, default_value = "oeffentlichkeit")]
    pub audience: ReportAudience,
    /// Language of the site (default German; also the language of
    /// messages, which otherwise follow the rulebook's `language` and `LANG`).
    #[arg(long, value_enum)]
    pub lang: Option<Language>,
    /// Replace files of an earlier site in the folder.
    #[arg(long)]
    pub force: bool,
    /// No warnings on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    Html,
    Json,
}

/// Exit codes: 0 written (rulebooks that do not resolve are warned about
/// and skipped), 2 nothing found or the output cannot be written.
#[derive(Debug, Args)]
pub struct CatalogueArgs {
    /// Folders (searched recursively for `*.kimon`) or rulebook files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The file to write (atomically); standard output without it.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    pub format: CatalogueFormat,
    /// Language of the page.
    #[arg(long, value_enum, default_value = "de")]
    pub lang: Language,
    /// Write through `--out` when it is a symbolic link.
    #[arg(long)]
    pub follow_symlinks: bool,
}

/// Exit codes: 0 adopted (or adopted before) and the result checks clean,
/// 1 adopted but `kimon check` reports errors, 2 refused (unknown
/// indicator, a rulebook that does not resolve, cannot write).
#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// The peer's rulebook.
    pub peer: PathBuf,
    /// The id of the indicator to adopt.
    pub indicator: String,
    /// The rulebook to adopt it into (rewritten atomically).
    #[arg(long)]
    pub into: PathBuf,
    /// Show what would be adopted and check it, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Language of the messages.
    #[arg(long, value_enum, default_value = "de")]
    pub lang: Language,
    #[command(flatten)]
    pub access: AccessArgs,
}
