//! Every failure the reference answers with: one table, stable ids.
//!
//! Ids marked "observed" come from captured traffic of real servers; the `99xxxx`
//! ids are assigned by this project because no public source names them. Cases
//! assert on ids, never on reason texts.

/// A failure kind; its id and default reason come from [`TABLE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// 000000 (observed): the request could not be read at all.
    Unreadable,
    /// 000001 (observed): the caller lacks the privilege for this call.
    AccessDenied,
    /// 000015 (observed): a list found nothing.
    NoRecord,
    /// 030001 (observed): the named user does not exist.
    UnknownUser,
    /// 030002 (observed): wrong password or unknown account (never says which).
    BadCredentials,
    /// 030004: a user with that webExId already exists on the site.
    WebExIdExists,
    /// 030005: a user with that e-mail already exists on the site.
    EmailExists,
    /// 030047 (observed): the session ticket is unknown, expired or not for this site/user.
    InvalidTicket,
    /// 060001 (observed): no meeting with that key on the site.
    MeetingNotFound,
    /// 060019: `schedule/hostWebExID` names no user of the site.
    HostNotFound,
    /// 060021: the caller may not schedule for that host.
    CannotScheduleFor,
    /// 990001: CMR is not enabled on the site.
    CmrOff,
    /// 990002: no free CMR licence is left on the site.
    NoLicence,
    /// 990003: Personal Room settings changed while site CMR or the user's PMR is off.
    PersonalRoomOff,
    /// 990004: the site is not associated with the partner.
    SiteNotAssociated,
    /// 990006: that occurrence of the series already has an exception.
    ExceptionExists,
    /// 990007: `recurrenceKey` names no (remaining) occurrence of the series.
    NoSuchOccurrence,
    /// 990008: the account is deactivated.
    Deactivated,
    /// 990009: the `xsi:type` names no API this server supports.
    UnsupportedApi,
    /// 990010: a request value cannot be read (bad date, number, enum...).
    InvalidValue,
}

/// `(code, exceptionID, default reason)`.
pub const TABLE: &[(Code, &str, &str)] = &[
    (Code::Unreadable, "000000", "Fail to forward request:null"),
    (
        Code::AccessDenied,
        "000001",
        "Access denied, additional privileges are required",
    ),
    (Code::NoRecord, "000015", "Sorry, no record found"),
    (Code::UnknownUser, "030001", "Corresponding User not found"),
    (Code::BadCredentials, "030002", "Incorrect user or password"),
    (
        Code::WebExIdExists,
        "030004",
        "User WebEx ID already exists",
    ),
    (Code::EmailExists, "030005", "E-mail address already exists"),
    (Code::InvalidTicket, "030047", "Not a valid session ticket"),
    (
        Code::MeetingNotFound,
        "060001",
        "Corresponding Meeting not found",
    ),
    (
        Code::HostNotFound,
        "060019",
        "The WebEx Host ID doesn't exist",
    ),
    (
        Code::CannotScheduleFor,
        "060021",
        "The passed user cannot schedule meetings for the WebEx Host ID passed",
    ),
    (Code::CmrOff, "990001", "CMR is not enabled on this site"),
    (
        Code::NoLicence,
        "990002",
        "No CMR licence is available on this site",
    ),
    (
        Code::PersonalRoomOff,
        "990003",
        "Personal Room is not enabled for this user",
    ),
    (
        Code::SiteNotAssociated,
        "990004",
        "The site is not associated with the partner",
    ),
    (
        Code::ExceptionExists,
        "990006",
        "An exception already exists for this occurrence",
    ),
    (
        Code::NoSuchOccurrence,
        "990007",
        "The recurrenceKey does not name an occurrence of the meeting series",
    ),
    (Code::Deactivated, "990008", "The account is deactivated"),
    (Code::UnsupportedApi, "990009", "Unsupported API"),
    (Code::InvalidValue, "990010", "Invalid request value"),
];

impl Code {
    fn row(self) -> &'static (Code, &'static str, &'static str) {
        TABLE
            .iter()
            .find(|(c, _, _)| *c == self)
            .expect("every code has a row in TABLE")
    }

    /// The `exceptionID` text.
    pub fn id(self) -> &'static str {
        self.row().1
    }

    /// The default `reason` text.
    pub fn reason(self) -> &'static str {
        self.row().2
    }
}

/// A failure answer: a code and, where it helps the caller, a more precise reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub code: Code,
    pub reason: String,
}

impl Fault {
    pub fn new(code: Code) -> Fault {
        Fault {
            code,
            reason: code.reason().to_string(),
        }
    }

    pub fn with_reason(code: Code, reason: impl Into<String>) -> Fault {
        Fault {
            code,
            reason: reason.into(),
        }
    }
}

impl From<Code> for Fault {
    fn from(code: Code) -> Fault {
        Fault::new(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_six_digits() {
        let mut ids: Vec<&str> = TABLE.iter().map(|r| r.1).collect();
        assert!(ids
            .iter()
            .all(|i| i.len() == 6 && i.bytes().all(|b| b.is_ascii_digit())));
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), TABLE.len());
        assert_eq!(Code::InvalidTicket.id(), "030047");
        assert_eq!(Code::NoSuchOccurrence.id(), "990007");
    }
}
