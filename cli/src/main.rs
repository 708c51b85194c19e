//! The `kimon` binary: parses arguments and calls the engine. Every command
//! lives in its own file and is a thin wrapper around a library call.

mod args;
mod cmd_check;
mod cmd_eval;
mod cmd_fmt;
mod cmd_gen;
mod exit;
mod print;
mod signals;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    let exit = match cli.command {
        args::Command::Check(a) => cmd_check::run(&a),
        args::Command::Fmt(a) => cmd_fmt::run(&a),
        args::Command::Eval(a) => cmd_eval::run(&a),
        args::Command::Gen(args::GenCommand::Microdata(a)) => cmd_gen::run(&a),
    };
    exit.code()
}
