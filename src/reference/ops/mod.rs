//! The operations: one function per API call, over the state, returning the
//! body content or a fault. `dispatch` authenticates and routes one body.

mod attendee;
mod dispatch;
mod fields;
mod meeting;
mod meeting_spec;
mod meeting_view;
mod notify;
mod partner;
mod personal_room;
mod session;
mod user;
mod user_view;

pub(crate) use dispatch::{answer, Ctx, Op};
