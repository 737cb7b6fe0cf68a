//! The command line: clap types (`args`), what each subcommand does (`commands`), and
//! the version text.

pub mod args;
pub mod commands;
pub mod mutants;
pub mod version;

pub use args::Cli;
pub use commands::main;
