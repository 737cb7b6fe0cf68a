//! The `wbxconf` binary: parse the command line, hand it to the library, exit.

use clap::Parser;

fn main() -> std::process::ExitCode {
    wbxconf::cli::main(wbxconf::cli::Cli::parse())
}
