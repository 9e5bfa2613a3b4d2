//! The `chuanhoa` binary: parse the command line, run, exit with the outcome's code.

use std::process::ExitCode;

use clap::Parser;

/// An audit allocates a few small strings per cell and frees them a batch later, on several
/// threads: mimalloc does that about a third faster than the system allocator (benches/run.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = chuanhoa::cli::Cli::parse();
    chuanhoa::cli::run(cli).into()
}
