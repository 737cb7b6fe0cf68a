//! The reference implementation's calendar engine: pure functions, no I/O.
//!
//! It answers one question for the meeting store: when, in UTC, does each
//! occurrence of a (possibly recurring) meeting start, given the series' rule and
//! its own Webex time zone, daylight saving time included?
//!
//! - [`timezones`]: the 62 Webex time zones (`timeZoneID` 0..=61) mapped to IANA zones.
//! - [`dates`]: the API's `MM/dd/yyyy HH:mm:ss` strings and local ↔ UTC conversion.
//! - [`recurrence`]: repeat rules and lazy, skippable occurrence expansion.

pub mod dates;
pub mod recurrence;
pub mod timezones;

#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
mod recurrence_tests;

pub use recurrence::{
    find, occurrences, parse_weekday, validate, weekday_api_str, Occurrence, Occurrences,
    RepeatType, Rule,
};
pub use timezones::Zone;
