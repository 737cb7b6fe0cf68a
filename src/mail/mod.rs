//! The harness's e-mail observer: an SMTP sink the implementation under test
//! delivers to, and the reading of what arrives (MIME, iCalendar, iTIP kind).
//!
//! - `sink`, `connection`: the SMTP server (mailin's protocol state machine over tokio sockets).
//! - `store`: every message received in the run; scenarios mark a position and wait for arrivals.
//! - `message`: a raw message read into a [`ReceivedMail`] (mail-parser).
//! - `ical`, `calendar`: a small RFC 5545 reader and the [`CalendarPart`] taken from it.
//! - `classify`: invitation / update / cancellation per RFC 5546, read against earlier messages.
//! - `occurrence`: which occurrence a message is about, in epoch milliseconds.

mod calendar;
mod classify;
mod connection;
mod ical;
mod message;
mod occurrence;
mod sink;
mod store;

pub use calendar::CalendarPart;
pub use classify::{classify, previous_for_uid, MailKind, SubjectRule, UnknownMailKind};
pub use connection::SinkLimits;
pub use message::{read_message, ReceivedMail, TEXT_LIMIT};
pub use occurrence::{ical_time_millis, occurrence_millis};
pub use sink::MailSink;
pub use store::MailStore;
