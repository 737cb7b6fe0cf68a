//! The embedded reference implementation: an in-memory Webex XML API server
//! behaving as the 8.0 SP11 release notes say (as this project reads them),
//! served over real HTTP on loopback. It is the yardstick the conformance
//! suite is proven on, so it shares no response-reading or comparison code
//! with the harness.
//!
//! - `server`: the HTTP edge (`start`, `Running`).
//! - `envelope`, `xmlin`, `xmlout`: reading requests, writing responses.
//! - `auth`: who is calling. `ops`: one function per API call.
//! - `model`: sites, users, meetings, series, exceptions, the time index.
//! - `mailer`: invitations, updates, cancellations (iTIP over SMTP).
//! - `calendar`: time zones, API dates, recurrence expansion.
//! - `switches`, `config`, `seed`, `codes`: what it is started with and answers.

pub mod calendar;

mod auth;
mod codes;
mod config;
mod envelope;
mod mailer;
mod model;
mod ops;
mod seed;
mod server;
mod switches;
mod xmlin;
mod xmlout;

pub use codes::{Code, TABLE as CODES};
pub use config::{Config, Release};
pub use seed::{AccountSeed, ClockSeed, Credentials, MailSeed, PartnerSeed, Seed, SiteSeed};
pub use server::{start, Running};
pub use switches::{Switch, SwitchKind, SwitchRow, Switches, SWITCHES};
