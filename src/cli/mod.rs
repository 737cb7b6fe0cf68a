//! The command line: clap types (`args`), what each subcommand does (`commands`), and
//! the version text. `gate`, `compare`, `certify` and `targets` hold the subcommands
//! around a run; `batch` runs the suite for them without the trial console; `bless`
//! writes golden files from a target's answers.

pub mod args;
pub mod batch;
mod bless;
pub mod certify;
pub mod commands;
pub mod compare;
pub mod explain;
pub mod gate;
pub mod mutants;
pub mod targets;
pub mod version;

pub use args::Cli;
pub use commands::main;
