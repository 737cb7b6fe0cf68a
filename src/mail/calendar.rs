//! What a message's iCalendar part says about the meeting: the few properties
//! iTIP classification and occurrence matching need (RFC 5545, RFC 5546).
//!
//! Date-time properties are kept as text in one documented form so they stay
//! readable in reports and lose nothing: `20270105T090000Z` (UTC),
//! `TZID=Europe/Berlin:20270105T100000` (local time in a zone),
//! `20270105T100000` (floating) or `20270105` (a date). `occurrence.rs` turns
//! them into epoch milliseconds.

use serde::Serialize;

use super::ical::{self, Component, Property};

/// The calendar part of a received message.
///
/// When the part holds several VEVENTs (a series plus its exceptions) the fields
/// describe the series' master event (the one without RECURRENCE-ID), else the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CalendarPart {
    /// Upper-cased iTIP method (`REQUEST`, `CANCEL`, ...): the VCALENDAR's METHOD,
    /// or the Content-Type's `method=` parameter when the VCALENDAR has none.
    pub method: Option<String>,
    pub uid: Option<String>,
    pub sequence: Option<u32>,
    pub recurrence_id: Option<String>,
    /// Every EXDATE value of the event, from all EXDATE lines and comma lists.
    pub exdates: Vec<String>,
    pub dtstart: Option<String>,
    pub summary: Option<String>,
}

/// Reads a calendar part's content (UTF-8 bytes). `content_type_method` is the
/// `method=` parameter of the MIME part's Content-Type, if any. Returns the part
/// and every problem met.
pub fn read_calendar(
    content: &[u8],
    content_type_method: Option<&str>,
) -> (CalendarPart, Vec<String>) {
    let doc = ical::read(content);
    let mut problems = doc.problems;
    let calendars: Vec<&Component> = doc
        .components
        .iter()
        .filter(|c| c.name == "VCALENDAR")
        .collect();
    if calendars.is_empty() {
        problems.push("no VCALENDAR in the calendar part".to_string());
    }
    // Some senders omit the VCALENDAR wrapper; their top-level VEVENTs still count.
    let scopes: Vec<&Component> = if calendars.is_empty() {
        doc.components.iter().collect()
    } else {
        calendars.clone()
    };

    let header_method = content_type_method
        .map(|m| m.trim().to_ascii_uppercase())
        .filter(|m| !m.is_empty());
    let body_method = calendars
        .iter()
        .find_map(|c| c.property("METHOD"))
        .map(|p| p.value.trim().to_ascii_uppercase());
    if let (Some(h), Some(b)) = (&header_method, &body_method) {
        if h != b {
            problems.push(format!(
                "Content-Type says method={h} but the VCALENDAR says METHOD:{b}"
            ));
        }
    }

    let events: Vec<&Component> = scopes
        .iter()
        .flat_map(|scope| {
            std::iter::once(*scope)
                .filter(|c| c.name == "VEVENT")
                .chain(scope.children.iter().filter(|c| c.name == "VEVENT"))
        })
        .collect();
    let zones: Vec<&Component> = scopes
        .iter()
        .flat_map(|scope| scope.children.iter().filter(|c| c.name == "VTIMEZONE"))
        .collect();
    let primary = events
        .iter()
        .find(|e| e.property("RECURRENCE-ID").is_none())
        .or_else(|| events.first());

    let mut part = CalendarPart {
        method: body_method.or(header_method),
        ..CalendarPart::default()
    };
    let Some(event) = primary else {
        problems.push("no VEVENT in the calendar part".to_string());
        return (part, problems);
    };
    part.uid = event
        .property("UID")
        .map(|p| ical::unescape_text(p.value.trim()));
    part.summary = event
        .property("SUMMARY")
        .map(|p| ical::unescape_text(&p.value));
    part.sequence = event.property("SEQUENCE").and_then(|p| {
        let parsed = p.value.trim().parse::<u32>();
        if parsed.is_err() {
            problems.push(format!(
                "SEQUENCE {:?} is not a non-negative integer",
                p.value
            ));
        }
        parsed.ok()
    });
    part.dtstart = event
        .property("DTSTART")
        .and_then(|p| time_forms(p, &zones).into_iter().next());
    part.recurrence_id = event
        .property("RECURRENCE-ID")
        .and_then(|p| time_forms(p, &zones).into_iter().next());
    part.exdates = event
        .properties_named("EXDATE")
        .flat_map(|p| time_forms(p, &zones))
        .filter(|v| !v.is_empty())
        .collect();
    (part, problems)
}

/// The property's comma-separated values in this module's date-time form.
fn time_forms(property: &Property, zones: &[&Component]) -> Vec<String> {
    let tzid = property.param("TZID").map(|tzid| resolve_tzid(tzid, zones));
    property
        .value
        .split(',')
        .map(|v| {
            let v = v.trim();
            match &tzid {
                // A trailing Z already fixes the instant; a TZID beside it is contradictory.
                Some(tzid) if !v.ends_with(['Z', 'z']) && !v.is_empty() => {
                    format!("TZID={tzid}:{v}")
                }
                _ => v.to_string(),
            }
        })
        .collect()
}

/// Replaces a TZID that is not an IANA name with the one its VTIMEZONE names in
/// `X-LIC-LOCATION` (a widespread convention), when it has one.
fn resolve_tzid(tzid: &str, zones: &[&Component]) -> String {
    if super::occurrence::zone(tzid).is_some() {
        return tzid.to_string();
    }
    zones
        .iter()
        .filter(|z| z.property("TZID").is_some_and(|p| p.value.trim() == tzid))
        .find_map(|z| z.property("X-LIC-LOCATION"))
        .map(|p| p.value.trim().to_string())
        .filter(|location| super::occurrence::zone(location).is_some())
        .unwrap_or_else(|| tzid.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERIES_UPDATE: &str = "BEGIN:VCALENDAR\r\n\
        PRODID:-//test//EN\r\n\
        VERSION:2.0\r\n\
        METHOD:REQUEST\r\n\
        BEGIN:VEVENT\r\n\
        UID:series-1@example.com\r\n\
        RECURRENCE-ID;TZID=Europe/Berlin:20270112T100000\r\n\
        DTSTART;TZID=Europe/Berlin:20270112T110000\r\n\
        SEQUENCE:2\r\n\
        END:VEVENT\r\n\
        BEGIN:VEVENT\r\n\
        UID:series-1@example.com\r\n\
        SEQUENCE:3\r\n\
        SUMMARY:Team\\, weekly\r\n\
        DTSTART;TZID=Europe/Berlin:20270105T100000\r\n\
        RRULE:FREQ=WEEKLY;COUNT=5\r\n\
        EXDATE;TZID=Europe/Berlin:20270119T100000,20270126T100000\r\n\
        EXDATE:20270202T090000Z\r\n\
        END:VEVENT\r\n\
        END:VCALENDAR\r\n";

    #[test]
    fn describes_the_master_event_of_a_series() {
        let (part, problems) = read_calendar(SERIES_UPDATE.as_bytes(), None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(part.method.as_deref(), Some("REQUEST"));
        assert_eq!(part.uid.as_deref(), Some("series-1@example.com"));
        assert_eq!(part.sequence, Some(3));
        assert_eq!(part.recurrence_id, None);
        assert_eq!(part.summary.as_deref(), Some("Team, weekly"));
        assert_eq!(
            part.dtstart.as_deref(),
            Some("TZID=Europe/Berlin:20270105T100000")
        );
        assert_eq!(
            part.exdates,
            [
                "TZID=Europe/Berlin:20270119T100000",
                "TZID=Europe/Berlin:20270126T100000",
                "20270202T090000Z"
            ]
        );
    }

    #[test]
    fn an_occurrence_alone_keeps_its_recurrence_id() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u\nRECURRENCE-ID:20270112T090000Z\nEND:VEVENT\nEND:VCALENDAR\n";
        let (part, _) = read_calendar(text.as_bytes(), Some("cancel"));
        assert_eq!(part.recurrence_id.as_deref(), Some("20270112T090000Z"));
        // METHOD only in the Content-Type is accepted.
        assert_eq!(part.method.as_deref(), Some("CANCEL"));
    }

    #[test]
    fn the_vcalendar_method_wins_and_a_mismatch_is_reported() {
        let text =
            "BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:u\nEND:VEVENT\nEND:VCALENDAR\n";
        let (part, problems) = read_calendar(text.as_bytes(), Some("REQUEST"));
        assert_eq!(part.method.as_deref(), Some("CANCEL"));
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn windows_zone_names_resolve_through_x_lic_location() {
        let text = "BEGIN:VCALENDAR\n\
            BEGIN:VTIMEZONE\nTZID:W. Europe Standard Time\nX-LIC-LOCATION:Europe/Berlin\nEND:VTIMEZONE\n\
            BEGIN:VEVENT\nUID:u\nDTSTART;TZID=\"W. Europe Standard Time\":20270105T100000\nEND:VEVENT\n\
            END:VCALENDAR\n";
        let (part, _) = read_calendar(text.as_bytes(), None);
        assert_eq!(
            part.dtstart.as_deref(),
            Some("TZID=Europe/Berlin:20270105T100000")
        );
    }

    #[test]
    fn bad_sequence_and_missing_event_are_problems_not_failures() {
        let (part, problems) = read_calendar(
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSEQUENCE:-1\nEND:VEVENT\nEND:VCALENDAR\n",
            None,
        );
        assert_eq!(part.sequence, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (part, problems) = read_calendar(b"not a calendar", Some("REQUEST"));
        assert_eq!(part.method.as_deref(), Some("REQUEST"));
        assert_eq!(part.uid, None);
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
