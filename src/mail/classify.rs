//! What kind of message a recipient received, read the way a calendar client
//! reads it (RFC 5546, iTIP): in the light of what the same recipient already got.
//!
//! The rule, for a message `m` to recipient `r`:
//! 1. `m` has a calendar part whose method is
//!    - `CANCEL`: a **cancellation**;
//!    - `REQUEST` (or `ADD`, which adds instances to a known event): an
//!      **invitation** if `r` received no earlier message with the same UID in
//!      this run, whatever its SEQUENCE (someone newly added to an existing series
//!      gets an invitation with a high SEQUENCE); otherwise an **update**.
//!      A REQUEST without UID cannot be related to anything: SEQUENCE 0 (or none)
//!      makes it an invitation, a higher one an update.
//! 2. Otherwise (no calendar part, or another method such as `PUBLISH` or `REPLY`),
//!    the first [`SubjectRule`] whose pattern matches the decoded subject decides;
//!    these come from a target profile, for implementations that send plain mails.
//! 3. Otherwise the kind is **unknown**.
//!
//! "Earlier" means a smaller arrival `seq`, so the history may be any list of
//! messages to `r` (including `m` itself or later ones): only earlier ones count.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::message::ReceivedMail;

/// The kinds of message a scenario can expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailKind {
    Invitation,
    Update,
    Cancellation,
    Unknown,
}

impl MailKind {
    pub const ALL: [MailKind; 4] = [
        MailKind::Invitation,
        MailKind::Update,
        MailKind::Cancellation,
        MailKind::Unknown,
    ];

    /// The name scenarios use.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::Update => "update",
            MailKind::Cancellation => "cancellation",
            MailKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for MailKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name that is none of [`MailKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMailKind(pub String);

impl fmt::Display for UnknownMailKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown mail kind {:?}: expected one of invitation, update, cancellation, unknown",
            self.0
        )
    }
}

impl std::error::Error for UnknownMailKind {}

impl FromStr for MailKind {
    type Err = UnknownMailKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        MailKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownMailKind(s.to_string()))
    }
}

/// A subject pattern that identifies a kind of message when there is no
/// calendar part to read.
#[derive(Debug, Clone)]
pub struct SubjectRule {
    pub pattern: regex::Regex,
    pub kind: MailKind,
}

impl SubjectRule {
    pub fn new(pattern: &str, kind: MailKind) -> Result<SubjectRule, regex::Error> {
        Ok(SubjectRule {
            pattern: regex::Regex::new(pattern)?,
            kind,
        })
    }
}

/// Classifies `mail` following the rule at the top of this file, as seen by one
/// recipient: `history` must hold that recipient's messages only
/// ([`MailStore::received_for`](super::MailStore::received_for)), since one
/// transaction to two people can be an update for one and an invitation for the other.
pub fn classify(
    history: &[Arc<ReceivedMail>],
    mail: &ReceivedMail,
    rules: &[SubjectRule],
) -> MailKind {
    if let Some(calendar) = &mail.calendar {
        match calendar.method.as_deref() {
            Some("CANCEL") => return MailKind::Cancellation,
            Some("REQUEST" | "ADD") => {
                let known = match &calendar.uid {
                    Some(_) => previous_for_uid(history, mail).is_some(),
                    None => calendar.sequence.unwrap_or(0) > 0,
                };
                return if known {
                    MailKind::Update
                } else {
                    MailKind::Invitation
                };
            }
            _ => {}
        }
    }
    rules
        .iter()
        .find(|rule| rule.pattern.is_match(&mail.subject))
        .map_or(MailKind::Unknown, |rule| rule.kind)
}

/// The latest message in `history` that arrived before `mail` and carries a
/// calendar part with the same UID (what [`occurrence_millis`](super::occurrence_millis)
/// wants as `previous`).
pub fn previous_for_uid<'a>(
    history: &'a [Arc<ReceivedMail>],
    mail: &ReceivedMail,
) -> Option<&'a ReceivedMail> {
    let uid = mail.calendar.as_ref()?.uid.as_ref()?;
    history
        .iter()
        .filter(|m| m.seq < mail.seq)
        .filter(|m| m.calendar.as_ref().and_then(|c| c.uid.as_ref()) == Some(uid))
        .max_by_key(|m| m.seq)
        .map(|m| m.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::calendar::CalendarPart;

    fn mail(seq: u64, method: Option<&str>, uid: Option<&str>, sequence: u32) -> Arc<ReceivedMail> {
        Arc::new(ReceivedMail {
            seq,
            subject: format!("message {seq}"),
            calendar: Some(CalendarPart {
                method: method.map(str::to_string),
                uid: uid.map(str::to_string),
                sequence: Some(sequence),
                ..CalendarPart::default()
            }),
            ..ReceivedMail::default()
        })
    }

    fn plain(seq: u64, subject: &str) -> Arc<ReceivedMail> {
        Arc::new(ReceivedMail {
            seq,
            subject: subject.to_string(),
            ..ReceivedMail::default()
        })
    }

    #[test]
    fn first_request_is_an_invitation_then_updates() {
        let first = mail(1, Some("REQUEST"), Some("u"), 0);
        let second = mail(2, Some("REQUEST"), Some("u"), 1);
        let history = vec![first.clone(), second.clone()];
        assert_eq!(classify(&history, &first, &[]), MailKind::Invitation);
        assert_eq!(classify(&history, &second, &[]), MailKind::Update);
        // Later messages do not change what an earlier one was.
        assert_eq!(classify(&history[..1], &first, &[]), MailKind::Invitation);
    }

    #[test]
    fn a_newcomer_gets_an_invitation_whatever_the_sequence() {
        let late = mail(7, Some("REQUEST"), Some("u"), 4);
        let unrelated = mail(3, Some("REQUEST"), Some("other"), 0);
        assert_eq!(
            classify(&[unrelated, late.clone()], &late, &[]),
            MailKind::Invitation
        );
    }

    #[test]
    fn cancel_is_a_cancellation_even_as_the_first_message() {
        let cancel = mail(1, Some("CANCEL"), Some("u"), 2);
        assert_eq!(classify(&[], &cancel, &[]), MailKind::Cancellation);
    }

    #[test]
    fn a_request_without_uid_falls_back_to_its_sequence() {
        assert_eq!(
            classify(&[], &mail(1, Some("REQUEST"), None, 0), &[]),
            MailKind::Invitation
        );
        assert_eq!(
            classify(&[], &mail(1, Some("REQUEST"), None, 1), &[]),
            MailKind::Update
        );
    }

    #[test]
    fn subject_rules_apply_without_a_usable_calendar_part() {
        let rules = [
            SubjectRule::new("^Cancel", MailKind::Cancellation).expect("pattern"),
            SubjectRule::new("[Uu]pdated", MailKind::Update).expect("pattern"),
            SubjectRule::new("Cancel|invit", MailKind::Invitation).expect("pattern"),
        ];
        assert_eq!(
            classify(&[], &plain(1, "Canceled: Weekly"), &rules),
            MailKind::Cancellation
        );
        assert_eq!(
            classify(&[], &plain(1, "Meeting updated"), &rules),
            MailKind::Update
        );
        assert_eq!(
            classify(&[], &plain(1, "You are invited"), &rules),
            MailKind::Invitation
        );
        assert_eq!(
            classify(&[], &plain(1, "Newsletter"), &rules),
            MailKind::Unknown
        );
        assert_eq!(
            classify(&[], &plain(1, "You are invited"), &[]),
            MailKind::Unknown
        );
        // A calendar part with a method the rule does not cover also uses the subject.
        let publish = ReceivedMail {
            subject: "You are invited".to_string(),
            ..mail(1, Some("PUBLISH"), Some("u"), 0).as_ref().clone()
        };
        assert_eq!(classify(&[], &publish, &rules), MailKind::Invitation);
    }

    #[test]
    fn previous_for_uid_is_the_latest_earlier_message_of_that_meeting() {
        let a = mail(1, Some("REQUEST"), Some("u"), 0);
        let b = mail(2, Some("REQUEST"), Some("v"), 0);
        let c = mail(3, Some("REQUEST"), Some("u"), 1);
        let d = mail(4, Some("CANCEL"), Some("u"), 2);
        let history = vec![a, b, c, d.clone()];
        assert_eq!(previous_for_uid(&history, &d).map(|m| m.seq), Some(3));
        assert_eq!(previous_for_uid(&history, &history[0]).map(|m| m.seq), None);
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in MailKind::ALL {
            assert_eq!(kind.as_str().parse::<MailKind>(), Ok(kind));
        }
        assert_eq!("Invitation".parse::<MailKind>(), Ok(MailKind::Invitation));
        let err = "invite".parse::<MailKind>().expect_err("not a kind");
        assert!(err.to_string().contains("invitation, update"));
    }
}
