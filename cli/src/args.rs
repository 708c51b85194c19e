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
