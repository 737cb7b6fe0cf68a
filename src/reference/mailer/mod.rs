//! Outgoing mail: invitations, updates and cancellations as iTIP (RFC 5546)
//! messages, one per recipient, sent off the request path in per-meeting order.

mod compose;
mod send;

pub(crate) use compose::{CalEvent, Method, Notice, NoticeKind};
pub(crate) use send::Mailer;
