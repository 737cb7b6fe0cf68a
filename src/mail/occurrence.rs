//! Which occurrence of a series a message is about, as epoch milliseconds: the
//! unit of the XML API's `recurrenceId` ("the long value of the time stamp of
//! the occurrence's start date (in GMT)"), so scenarios can compare the two.

use chrono::{Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::message::ReceivedMail;

/// The occurrences `mail` is about, sorted and without duplicates:
/// its RECURRENCE-ID when it has one (a message about one occurrence); otherwise,
/// for a message about a whole series, the EXDATEs it has that `previous` (the
/// last message for the same UID to the same recipient) did not have. With no
/// usable `previous` every EXDATE counts as new. Values that cannot be converted
/// are left out.
pub fn occurrence_millis(mail: &ReceivedMail, previous: Option<&ReceivedMail>) -> Vec<i64> {
    let Some(calendar) = &mail.calendar else {
        return Vec::new();
    };
    if let Some(recurrence_id) = &calendar.recurrence_id {
        return ical_time_millis(recurrence_id).into_iter().collect();
    }
    let earlier: Vec<i64> = previous
        .and_then(|p| p.calendar.as_ref())
        .filter(|p| p.uid == calendar.uid)
        .map(|p| {
            p.exdates
                .iter()
                .filter_map(|e| ical_time_millis(e))
                .collect()
        })
        .unwrap_or_default();
    let mut added: Vec<i64> = calendar
        .exdates
        .iter()
        .filter_map(|e| ical_time_millis(e))
        .filter(|ms| !earlier.contains(ms))
        .collect();
    added.sort_unstable();
    added.dedup();
    added
}

/// Converts a date-time in `calendar.rs`'s form to epoch milliseconds.
///
/// UTC (`...Z`) is exact; a TZID is resolved with the IANA database (for a local
/// time that occurs twice the first is used, for one skipped by a clock change
/// the offset before the change, as RFC 5545 §3.3.5 says); floating times and
/// dates are taken as UTC, since the harness has no attendee time zone to apply.
pub fn ical_time_millis(form: &str) -> Option<i64> {
    let (tzid, value) = match form.strip_prefix("TZID=") {
        Some(rest) => {
            // A TZID may itself contain ':' only in exotic names; the value never does.
            let at = rest.rfind(':')?;
            (Some(&rest[..at]), &rest[at + 1..])
        }
        None => (None, form),
    };
    let value = value.trim();
    let (value, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(v) => (v, true),
        None => (value, false),
    };
    let naive = parse_naive(value)?;
    let millis = match (utc, tzid) {
        (false, Some(tzid)) => local_to_utc(&zone(tzid)?, naive)?
            .and_utc()
            .timestamp_millis(),
        _ => naive.and_utc().timestamp_millis(),
    };
    Some(millis)
}

/// An IANA zone for a TZID, also accepting the path-prefixed names some
/// calendar programs emit (`/mozilla.org/20050126_1/Europe/Berlin`).
pub fn zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    let segments: Vec<&str> = tzid.split('/').filter(|s| !s.is_empty()).collect();
    (2..=3)
        .filter(|n| segments.len() >= *n)
        .find_map(|n| segments[segments.len() - n..].join("/").parse::<Tz>().ok())
}

fn parse_naive(value: &str) -> Option<NaiveDateTime> {
    if value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()?
            .and_hms_opt(0, 0, 0);
    }
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()
}

/// The UTC time of a local time in `tz`, per RFC 5545 §3.3.5.
fn local_to_utc(tz: &Tz, local: NaiveDateTime) -> Option<NaiveDateTime> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.naive_utc()),
        LocalResult::Ambiguous(first, _) => Some(first.naive_utc()),
        LocalResult::None => {
            // In a gap: use the offset in force a day earlier, i.e. before the change.
            let before = local.checked_sub_signed(Duration::days(1))?;
            let offset = tz.offset_from_utc_datetime(&before).fix();
            local.checked_sub_signed(Duration::seconds(i64::from(offset.local_minus_utc())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::calendar::CalendarPart;

    fn mail_with(calendar: CalendarPart) -> ReceivedMail {
        ReceivedMail {
            calendar: Some(calendar),
            ..ReceivedMail::default()
        }
    }

    #[test]
    fn converts_utc_zoned_floating_and_date_forms() {
        // 2027-01-05 09:00:00 UTC
        let expected = 1_799_139_600_000;
        assert_eq!(ical_time_millis("20270105T090000Z"), Some(expected));
        // Berlin is UTC+1 in January.
        assert_eq!(
            ical_time_millis("TZID=Europe/Berlin:20270105T100000"),
            Some(expected)
        );
        assert_eq!(
            ical_time_millis("TZID=America/New_York:20270105T040000"),
            Some(expected)
        );
        assert_eq!(
            ical_time_millis("TZID=/mozilla.org/20050126_1/Europe/Berlin:20270105T100000"),
            Some(expected)
        );
        assert_eq!(ical_time_millis("20270105T090000"), Some(expected));
        assert_eq!(ical_time_millis("20270105"), Some(expected - 9 * 3_600_000));
        // Summer time: Berlin is UTC+2.
        assert_eq!(
            ical_time_millis("TZID=Europe/Berlin:20270705T100000"),
            ical_time_millis("20270705T080000Z")
        );
    }

    #[test]
    fn clock_changes_follow_rfc_5545() {
        // 2027-03-28 02:30 does not exist in Berlin: the pre-change offset (+1) applies.
        assert_eq!(
            ical_time_millis("TZID=Europe/Berlin:20270328T023000"),
            ical_time_millis("20270328T013000Z")
        );
        // 2027-10-31 02:30 happens twice: the first (still +2) is meant.
        assert_eq!(
            ical_time_millis("TZID=Europe/Berlin:20271031T023000"),
            ical_time_millis("20271031T003000Z")
        );
    }

    #[test]
    fn rejects_what_is_not_a_date_time() {
        for bad in [
            "",
            "tomorrow",
            "TZID=Nowhere/Special:20270105T100000",
            "20271305T100000Z",
            "TZID=Europe/Berlin",
        ] {
            assert_eq!(ical_time_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_recurrence_id_names_the_occurrence() {
        let mail = mail_with(CalendarPart {
            uid: Some("u".into()),
            recurrence_id: Some("TZID=Europe/Berlin:20270105T100000".into()),
            exdates: vec!["20270112T090000Z".into()],
            ..CalendarPart::default()
        });
        assert_eq!(occurrence_millis(&mail, None), [1_799_139_600_000]);
    }

    #[test]
    fn a_series_update_names_the_exdates_it_added() {
        let before = mail_with(CalendarPart {
            uid: Some("u".into()),
            exdates: vec!["20270105T090000Z".into()],
            ..CalendarPart::default()
        });
        let after = mail_with(CalendarPart {
            uid: Some("u".into()),
            // The same instant written in another zone is not new.
            exdates: vec![
                "20270119T090000Z".into(),
                "TZID=Europe/Berlin:20270105T100000".into(),
                "TZID=Europe/Berlin:20270112T100000".into(),
            ],
            ..CalendarPart::default()
        });
        let week = 7 * 24 * 3_600_000;
        let first = 1_799_139_600_000;
        assert_eq!(
            occurrence_millis(&after, Some(&before)),
            [first + week, first + 2 * week]
        );
        assert_eq!(occurrence_millis(&after, None).len(), 3);
        // A previous message about another meeting is ignored.
        let other = mail_with(CalendarPart {
            uid: Some("other".into()),
            exdates: vec!["20270119T090000Z".into()],
            ..CalendarPart::default()
        });
        assert_eq!(occurrence_millis(&after, Some(&other)).len(), 3);
        assert!(occurrence_millis(&ReceivedMail::default(), None).is_empty());
    }
}
