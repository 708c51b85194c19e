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
    /// Generate example data.
    #[command(subcommand)]
    Gen(GenCommand),
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
    /// Language of texts in the findings.
    #[arg(long, value_enum, default_value = "de")]
    pub lang: Language,
    /// No warnings and no progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
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
        }
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
