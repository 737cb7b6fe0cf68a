//! Plan and execute scenarios against a target, and the outcome data reporters read.

pub mod batch;
pub mod context;
pub mod execute;
pub mod interrupt;
pub mod judge;
pub mod mutants;
pub mod outcome;
pub mod run;
pub mod secrets;
pub mod session;

pub use run::{run, RunError, RunOptions, RunResult};
