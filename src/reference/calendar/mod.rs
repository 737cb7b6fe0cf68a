//! Calendar engine stand-in: time zones, API dates and recurrence expansion.
//!
//! A deliberately small version of the engine's agreed API, so the rest of the
//! reference compiles and runs; the full engine replaces this folder.

pub mod dates;
pub mod recurrence;
pub mod timezones;

pub use recurrence::{find, occurrences, validate, Occurrence, Occurrences, RepeatType, Rule};
pub use timezones::Zone;
