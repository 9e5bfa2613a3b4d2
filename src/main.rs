//! The `chuanhoa` binary: parse the command line, run, exit with the outcome's code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = chuanhoa::cli::Cli::parse();
    chuanhoa::cli::run(cli).into()
}
