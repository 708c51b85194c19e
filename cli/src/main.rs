//! The `kimon` binary: parses arguments and calls the engine. Every command
//! lives in its own file and is a thin wrapper around a library call.

mod args;
mod cmd_adopt;
mod cmd_audit;
mod cmd_bench;
mod cmd_catalogue;
mod cmd_check;
mod cmd_diff;
mod cmd_eval;
mod cmd_explain;
mod cmd_export;
mod cmd_fmt;
mod cmd_gen;
mod cmd_init;
mod cmd_ledger;
mod cmd_lsp;
mod cmd_pack;
mod cmd_pin;
mod cmd_report;
mod cmd_site;
mod cmd_sniff;
mod exit;
mod print;
mod progress;
mod publish;
mod signals;
mod ui;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    let exit = match cli.command {
        args::Command::Check(a) => cmd_check::run(&a),
        args::Command::Fmt(a) => cmd_fmt::run(&a),
        args::Command::Eval(a) => cmd_eval::run(&a),
        args::Command::Audit(a) => cmd_audit::run(&a),
        args::Command::Gen(args::GenCommand::Microdata(a)) => cmd_gen::run(&a),
        args::Command::Report(a) => cmd_report::run(&a),
        args::Command::Export(a) => cmd_export::run(&a),
        args::Command::Site(a) => cmd_site::run(&a),
        args::Command::Init(a) => cmd_init::run(&a),
        args::Command::Explain(a) => cmd_explain::run(&a),
        args::Command::Diff(a) => cmd_diff::run(&a),
        args::Command::Sniff(a) => cmd_sniff::run(&a),
        args::Command::Catalogue(a) => cmd_catalogue::run(&a),
        args::Command::Adopt(a) => cmd_adopt::run(&a),
        args::Command::BenchTables(a) => cmd_bench::run(&a),
        args::Command::Ledger(a) => cmd_ledger::run(&a),
        args::Command::Pack(a) => cmd_pack::pack(&a),
        args::Command::Unpack(a) => cmd_pack::unpack(&a),
        args::Command::Sign(a) => cmd_pack::sign(&a),
        args::Command::Keygen(a) => cmd_pack::keygen(&a),
        args::Command::Pin(a) => cmd_pin::pin(&a),
        args::Command::Update(a) => cmd_pin::update(&a),
        args::Command::Lsp(_) => cmd_lsp::run(),
    };
    exit.code()
}
