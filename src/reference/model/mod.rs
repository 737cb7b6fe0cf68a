//! The in-memory world: sites, users, meetings (singles, series, exceptions,
//! Personal Rooms), tickets, and the time index lists are answered from.
//!
//! Everything here is synchronous and takes `now` as a parameter, so it is
//! unit-testable without a server or a clock.

mod index;
mod listing;
mod meeting;
mod state;
mod user;

pub(crate) use listing::{list, Item, ListQuery, RecurrenceInfo, Viewer};
pub(crate) use meeting::{Attendee, Kind, Meeting, Role, Series, GMT_ZONE};
pub(crate) use state::{Site, State, TicketScope};
pub(crate) use user::{Active, User};

#[cfg(test)]
mod tests;
