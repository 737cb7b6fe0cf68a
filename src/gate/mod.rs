//! CI gating: a target's known failures (`expectations`), a run held against them
//! (`evaluate`), deterministic slices of the suite (`partition`) and combining the
//! slices' results into one report (`merge`).

pub mod evaluate;
pub mod expectations;
pub mod merge;
pub mod partition;

pub use evaluate::{evaluate, failures, update, Failure, Gate};
pub use expectations::{Expectation, ExpectationsFile};
pub use merge::{merge, read_results, MergeError};
pub use partition::Partition;
