//! Meetings: single meetings, series with their removed slots and exceptions,
//! exceptions (own key, replacing one slot), and static Personal Rooms.

use crate::reference::calendar::{self, dates, Occurrence, Rule, Zone};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Attendee,
    /// An alternate host.
    Host,
    Presenter,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ATTENDEE" | "LIMITED" => Some(Role::Attendee),
            "HOST" => Some(Role::Host),
            "PRESENTER" => Some(Role::Presenter),
            _ => None,
        }
    }

    pub fn as_api_str(self) -> &'static str {
        match self {
            Role::Attendee => "ATTENDEE",
            Role::Host => "HOST",
            Role::Presenter => "PRESENTER",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attendee {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub webex_id: Option<String>,
    pub role: Role,
    pub email_invitations: bool,
    pub join_status: String,
}

impl Attendee {
    /// Whether this entry stands for the user with that webExId / e-mail.
    pub fn is(&self, webex_id: &str, email: &str) -> bool {
        (!self.email.is_empty() && self.email.eq_ignore_ascii_case(email))
            || self
                .webex_id
                .as_deref()
                .is_some_and(|w| w.eq_ignore_ascii_case(webex_id))
    }
}

/// A series' own state besides its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Series {
    pub rule: Rule,
    /// recurrenceIds of occurrences deleted one by one; they stay removed.
    pub removed: BTreeSet<i64>,
    /// recurrenceId → key of the exception meeting replacing that slot.
    pub exceptions: BTreeMap<i64, u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Single,
    Series(Series),
    Exception { series: u64, recurrence_id: i64 },
    PersonalRoom,
}

#[derive(Debug, Clone)]
pub(crate) struct Meeting {
    pub key: u64,
    pub conf_id: u64,
    pub kind: Kind,
    /// webExId of the host (the scheduled-for user when scheduled on behalf).
    pub host: String,
    /// webExId of the user who scheduled it.
    pub scheduler: String,
    pub name: String,
    pub agenda: Option<String>,
    pub meeting_type: i64,
    pub password: Option<String>,
    pub list_to_public: bool,
    pub is_public: bool,
    pub max_users: i64,
    pub start_local: NaiveDateTime,
    pub zone: &'static Zone,
    pub duration_min: u32,
    pub open_time: u32,
    pub attendees: Vec<Attendee>,
    /// `attendeeOptions/emailInvitations`: whether this meeting sends mail at all.
    pub send_mail: bool,
    pub join_requires_account: bool,
    /// iCalendar SEQUENCE: rises with every change that is mailed.
    pub sequence: u32,
    /// `enableOptions` values the request set, by element name.
    pub enable_options: BTreeMap<String, bool>,
    pub telephony_support: String,
    pub host_key: String,
    pub guest_token: String,
}

impl Meeting {
    pub fn start_utc(&self) -> DateTime<Utc> {
        dates::to_utc(self.start_local, self.zone)
    }

    pub fn duration(&self) -> Duration {
        Duration::minutes(i64::from(self.duration_min))
    }

    pub fn end_utc(&self) -> DateTime<Utc> {
        self.start_utc() + self.duration()
    }

    pub fn series(&self) -> Option<&Series> {
        match &self.kind {
            Kind::Series(s) => Some(s),
            _ => None,
        }
    }

    pub fn series_mut(&mut self) -> Option<&mut Series> {
        match &mut self.kind {
            Kind::Series(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_recurring(&self) -> bool {
        matches!(self.kind, Kind::Series(_))
    }

    /// For an exception: (series key, recurrenceId).
    pub fn exception_of(&self) -> Option<(u64, i64)> {
        match self.kind {
            Kind::Exception {
                series,
                recurrence_id,
            } => Some((series, recurrence_id)),
            _ => None,
        }
    }

    /// The occurrences the rule generates (a single meeting has one).
    pub fn occurrences(&self) -> calendar::Occurrences {
        match &self.kind {
            Kind::Series(s) => calendar::occurrences(self.start_local, self.zone, &s.rule),
            _ => calendar::occurrences(self.start_local, self.zone, &Rule::default()),
        }
    }

    /// The generated occurrence with that recurrenceId, if the rule has one.
    pub fn find_occurrence(&self, recurrence_id: i64) -> Option<Occurrence> {
        match &self.kind {
            Kind::Series(s) => calendar::find(self.start_local, self.zone, &s.rule, recurrence_id),
            _ => None,
        }
    }

    pub fn is_host_or_alternate(&self, webex_id: &str, email: &str) -> bool {
        self.host.eq_ignore_ascii_case(webex_id)
            || self
                .attendees
                .iter()
                .any(|a| a.role == Role::Host && a.is(webex_id, email))
    }

    pub fn is_invited(&self, webex_id: &str, email: &str) -> bool {
        self.attendees.iter().any(|a| a.is(webex_id, email))
    }

    /// Host, alternate host or the user who scheduled it: may change or delete it.
    pub fn may_modify(&self, webex_id: &str, email: &str) -> bool {
        self.is_host_or_alternate(webex_id, email) || self.scheduler.eq_ignore_ascii_case(webex_id)
    }
}

/// The zone used when neither the request nor the acting user names one:
/// plain GMT (no daylight saving), reported as the GMT id.
pub(crate) static GMT_ZONE: Zone = Zone {
    id: calendar::timezones::GMT,
    name: "GMT+00:00, Greenwich (Casablanca)",
    tz: chrono_tz::UTC,
};
