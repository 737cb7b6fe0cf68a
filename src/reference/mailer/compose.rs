//! Turning a notice into a MIME message with a text part and a calendar part.

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Request,
    Cancel,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// What the recipient is told; decides the subject. (The iCalendar part is
/// what clients classify on; the subject only mirrors it for people.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoticeKind {
    Invitation,
    Update,
    Cancellation,
}

/// The one VEVENT of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CalEvent {
    pub method: Method,
    pub uid: String,
    pub sequence: u32,
    pub summary: String,
    pub organizer: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub rrule: Option<String>,
    pub exdates: Vec<DateTime<Utc>>,
    pub recurrence_id: Option<DateTime<Utc>>,
    pub stamp: DateTime<Utc>,
}

/// One message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    /// Messages with the same lane (the series' or meeting's key) are sent in order.
    pub lane: u64,
    pub kind: NoticeKind,
    pub to_email: String,
    pub to_name: String,
    pub event: CalEvent,
}

fn ical_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn ical_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
        .replace('\r', "")
}

/// Folds lines longer than 75 octets (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in line.chars() {
        let w = ch.len_utf8();
        if width + w > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += w;
    }
    out.push_str("\r\n");
    out
}

/// The iCalendar document for one notice.
pub(crate) fn ics(n: &Notice) -> String {
    let e = &n.event;
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "PRODID:-//wbxconf//reference//EN".to_string(),
        "VERSION:2.0".to_string(),
        format!("METHOD:{}", e.method.as_str()),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", e.uid),
        format!("SEQUENCE:{}", e.sequence),
        format!("DTSTAMP:{}", ical_time(e.stamp)),
        format!("DTSTART:{}", ical_time(e.start)),
        format!("DTEND:{}", ical_time(e.end)),
        format!("SUMMARY:{}", ical_text(&e.summary)),
        format!("ORGANIZER:mailto:{}", e.organizer),
        format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT:mailto:{}",
            ical_text(&n.to_name).replace(':', " "),
            n.to_email
        ),
    ];
    if let Some(r) = &e.rrule {
        lines.push(format!("RRULE:{r}"));
    }
    for x in &e.exdates {
        lines.push(format!("EXDATE:{}", ical_time(*x)));
    }
    if let Some(r) = e.recurrence_id {
        lines.push(format!("RECURRENCE-ID:{}", ical_time(r)));
    }
    if e.method == Method::Cancel {
        lines.push("STATUS:CANCELLED".to_string());
    }
    lines.push("END:VEVENT".to_string());
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

fn subject(n: &Notice) -> String {
    let prefix = match n.kind {
        NoticeKind::Invitation => "Invitation",
        NoticeKind::Update => "Updated",
        NoticeKind::Cancellation => "Cancelled",
    };
    format!("{prefix}: {}", n.event.summary)
}

fn text_body(n: &Notice) -> String {
    let e = &n.event;
    let what = match n.kind {
        NoticeKind::Invitation => "You are invited to",
        NoticeKind::Update => "This meeting has changed:",
        NoticeKind::Cancellation => "This meeting has been cancelled:",
    };
    let mut s = format!(
        "{what} {}\r\nStarts: {} (UTC)\r\nEnds: {} (UTC)\r\n",
        e.summary,
        e.start.format("%Y-%m-%d %H:%M"),
        e.end.format("%Y-%m-%d %H:%M")
    );
    if let Some(r) = e.recurrence_id {
        s.push_str(&format!(
            "Occurrence: {} (UTC)\r\n",
            r.format("%Y-%m-%d %H:%M")
        ));
    }
    s
}

/// The MIME message for one notice.
pub(crate) fn compose(from: &str, n: &Notice) -> Result<Message, String> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| format!("from address {from:?}: {e}"))?;
    let to: Mailbox = n
        .to_email
        .parse()
        .map_err(|e| format!("recipient {:?}: {e}", n.to_email))?;
    let calendar_type = ContentType::parse(&format!(
        "text/calendar; method={}; charset=UTF-8",
        n.event.method.as_str()
    ))
    .map_err(|e| e.to_string())?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(subject(n))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text_body(n)),
                )
                .singlepart(SinglePart::builder().header(calendar_type).body(ics(n))),
        )
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn notice() -> Notice {
        let t = Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap();
        Notice {
            lane: 1,
            kind: NoticeKind::Update,
            to_email: "a@example.test".into(),
            to_name: "A, B".into(),
            event: CalEvent {
                method: Method::Request,
                uid: "123@reference.wbxconf.test".into(),
                sequence: 2,
                summary: "Weekly; sync".into(),
                organizer: "host@example.test".into(),
                start: t,
                end: t + chrono::Duration::minutes(30),
                rrule: Some("FREQ=WEEKLY;INTERVAL=1".into()),
                exdates: vec![t],
                recurrence_id: None,
                stamp: t,
            },
        }
    }

    #[test]
    fn calendar_part_has_the_itip_fields() {
        let text = ics(&notice());
        for want in [
            "METHOD:REQUEST\r\n",
            "SEQUENCE:2\r\n",
            "UID:123@reference.wbxconf.test\r\n",
            "DTSTART:20260105T100000Z\r\n",
            "EXDATE:20260105T100000Z\r\n",
            "SUMMARY:Weekly\\; sync\r\n",
            "RRULE:FREQ=WEEKLY;INTERVAL=1\r\n",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
        assert!(text.lines().all(|l| l.len() <= 75));
    }

    #[test]
    fn message_is_multipart_alternative_with_method() {
        let raw = String::from_utf8(
            compose("noreply@reference.wbxconf.test", &notice())
                .unwrap()
                .formatted(),
        )
        .unwrap();
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("text/calendar; method=REQUEST"), "{raw}");
        assert!(raw.contains("Subject: Updated: Weekly; sync"), "{raw}");
    }
}
