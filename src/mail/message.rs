//! A received message as the harness sees it, read from the raw RFC 5322 bytes
//! with mail-parser (MIME structure, transfer encodings, RFC 2047 words, charsets).

use std::borrow::Cow;

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{MessageParser, MessagePart, MimeHeaders, PartType};
use serde::Serialize;

use super::calendar::{read_calendar, CalendarPart};

/// How much of the first text/plain part is kept: enough to show in a report.
pub const TEXT_LIMIT: usize = 4 * 1024;

/// One message as delivered in one SMTP transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReceivedMail {
    /// Arrival order within the sink, starting at 1.
    pub seq: u64,
    /// The envelope's MAIL FROM (not the From header).
    pub envelope_from: String,
    /// Every RCPT TO of the transaction, as sent.
    pub envelope_to: Vec<String>,
    /// The decoded Subject header; empty when there is none.
    pub subject: String,
    pub calendar: Option<CalendarPart>,
    /// The first text/plain part, decoded, cut at [`TEXT_LIMIT`] bytes.
    pub text: String,
    /// Size of the raw message in bytes.
    pub size: usize,
    /// What could not be read (MIME or iCalendar), all problems joined with "; ".
    pub problem: Option<String>,
}

impl ReceivedMail {
    /// Whether `recipient` is one of the envelope recipients (addresses compare
    /// case-insensitively, ignoring surrounding white space and angle brackets).
    pub fn is_for(&self, recipient: &str) -> bool {
        let wanted = normalize_address(recipient);
        self.envelope_to
            .iter()
            .any(|to| normalize_address(to) == wanted)
    }
}

/// The comparable form of an address.
pub(crate) fn normalize_address(address: &str) -> String {
    address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_lowercase()
}

/// Reads a raw message. Never fails: whatever cannot be read is listed in `problem`.
pub fn read_message(
    seq: u64,
    envelope_from: &str,
    envelope_to: &[String],
    raw: &[u8],
) -> ReceivedMail {
    let mut mail = ReceivedMail {
        seq,
        envelope_from: envelope_from.to_string(),
        envelope_to: envelope_to.to_vec(),
        size: raw.len(),
        ..ReceivedMail::default()
    };
    let mut problems = Vec::new();
    match MessageParser::default().parse(raw) {
        None => problems.push("no readable header section".to_string()),
        Some(message) => {
            mail.subject = message.subject().unwrap_or_default().to_string();
            if message.parts.iter().any(|p| p.is_encoding_problem) {
                problems.push("a MIME part's encoding could not be decoded".to_string());
            }
            mail.text = message
                .parts
                .iter()
                .find(|p| is_plain_text(p))
                .and_then(|p| p.text_contents())
                .map(|t| cut(t, TEXT_LIMIT).to_string())
                .unwrap_or_default();
            if let Some(part) = find_calendar(&message.parts) {
                let method = part.content_type().and_then(|ct| ct.attribute("method"));
                let content = calendar_content(message.raw_message(), part);
                let (calendar, calendar_problems) = read_calendar(&content, method);
                problems.extend(
                    calendar_problems
                        .into_iter()
                        .map(|p| format!("calendar: {p}")),
                );
                mail.calendar = Some(calendar);
            }
        }
    }
    if !problems.is_empty() {
        mail.problem = Some(problems.join("; "));
    }
    mail
}

/// A text/plain part that is the message's body, not an attached file. A part
/// without Content-Type is text/plain (RFC 2045 §5.2).
fn is_plain_text(part: &MessagePart<'_>) -> bool {
    let plain = match part.content_type() {
        None => true,
        Some(ct) => {
            ct.ctype().eq_ignore_ascii_case("text")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("plain"))
        }
    };
    let attached = part
        .content_disposition()
        .is_some_and(|d| d.is_attachment());
    plain && !attached && matches!(part.body, PartType::Text(_))
}

/// The calendar part: the first text/calendar part, else the first `.ics`
/// attachment or application/ics part (some senders attach the invitation only).
fn find_calendar<'a, 'x>(parts: &'a [MessagePart<'x>]) -> Option<&'a MessagePart<'x>> {
    let inline = parts.iter().find(|p| p.is_content_type("text", "calendar"));
    inline.or_else(|| {
        parts.iter().find(|p| {
            p.is_content_type("application", "ics")
                || p.attachment_name()
                    .is_some_and(|name| name.to_ascii_lowercase().ends_with(".ics"))
        })
    })
}

/// The calendar part's UTF-8 bytes, taken from the raw message and only
/// transfer-decoded: iCalendar lines must be unfolded before they are read as
/// UTF-8 (see `ical::unfold`), and mail-parser's text has already replaced the
/// halves of a character split by a fold. Parts in another charset, or whose
/// transfer encoding does not decode, use mail-parser's decoded text instead.
fn calendar_content<'a>(raw: &'a [u8], part: &'a MessagePart<'_>) -> Cow<'a, [u8]> {
    let decoded = part.contents();
    let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
    let utf8 = charset.is_none_or(|c| {
        c.eq_ignore_ascii_case("utf-8")
            || c.eq_ignore_ascii_case("utf8")
            || c.eq_ignore_ascii_case("us-ascii")
    });
    let body = raw.get(part.raw_body_offset() as usize..part.raw_end_offset() as usize);
    let (true, Some(body)) = (utf8, body) else {
        return Cow::Borrowed(decoded);
    };
    let encoding = part.content_transfer_encoding().unwrap_or("7bit");
    let transfer_decoded = if encoding.eq_ignore_ascii_case("base64") {
        base64_decode(body).map(Cow::Owned)
    } else if encoding.eq_ignore_ascii_case("quoted-printable") {
        quoted_printable_decode(body).map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(body))
    };
    transfer_decoded.unwrap_or(Cow::Borrowed(decoded))
}

/// The longest prefix of `text` of at most `limit` bytes that ends on a character boundary.
fn cut(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> ReceivedMail {
        read_message(1, "from@x", &["To@X".to_string()], raw.as_bytes())
    }

    #[test]
    fn finds_the_calendar_in_multipart_alternative_with_quoted_printable() {
        let mail = read(concat!(
            "From: a@x\r\nTo: b@x\r\nSubject: =?UTF-8?B?w5xiZXJzaWNodA==?= und =?UTF-8?Q?Caf=C3=A9?=\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n",
            "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
            "Gr=C3=BC=C3=9Fe\r\n",
            "--b1\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\nContent-Transfer-Encoding: base64\r\n\r\n",
            // BEGIN:VCALENDAR / BEGIN:VEVENT / UID:u1 / SEQUENCE:0 / END:VEVENT / END:VCALENDAR
            "QkVHSU46VkNBTEVOREFSDQpCRUdJTjpWRVZFTlQNClVJRDp1MQ0KU0VRVUVOQ0U6MA0KRU5EOlZF\r\n",
            "VkVOVA0KRU5EOlZDQUxFTkRBUg0K\r\n",
            "--b1--\r\n",
        ));
        assert_eq!(mail.subject, "Übersicht und Café");
        assert_eq!(mail.text.trim_end(), "Grüße");
        let calendar = mail.calendar.as_ref().expect("calendar part");
        assert_eq!(calendar.method.as_deref(), Some("REQUEST"));
        assert_eq!(calendar.uid.as_deref(), Some("u1"));
        assert_eq!(calendar.sequence, Some(0));
        assert_eq!(mail.problem, None);
        assert!(mail.is_for(" <to@x> "));
        assert!(!mail.is_for("from@x"));
    }

    #[test]
    fn finds_an_ics_attachment_in_multipart_mixed() {
        let mail = read(concat!(
            "Subject: s\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n",
            "--m\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n",
            "--m\r\nContent-Type: application/octet-stream\r\n",
            "Content-Disposition: attachment; filename=\"Invite.ICS\"\r\n\r\n",
            "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:u2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "--m--\r\n",
        ));
        assert_eq!(
            mail.calendar.and_then(|c| c.method).as_deref(),
            Some("CANCEL")
        );
        // An HTML body is not the text body.
        assert_eq!(mail.text, "");
    }

    #[test]
    fn a_fold_inside_a_character_survives_transfer_encoding() {
        // SUMMARY:Caf<C3><CRLF><SP><A9> in quoted-printable, then the same in base64.
        let qp = read(concat!(
            "Subject: s\r\nContent-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n",
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nSUMMARY:Caf=C3\r\n =A9 ok\r\n",
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
        ));
        let summary = qp.calendar.and_then(|c| c.summary);
        assert_eq!(summary.as_deref(), Some("Café ok"), "{:?}", qp.problem);
        let b64 = read(concat!(
            "Subject: s\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n",
            "--b\r\nContent-Type: text/calendar; charset=UTF-8\r\n",
            "Content-Transfer-Encoding: base64\r\n\r\n",
            // BEGIN:VEVENT / SUMMARY:Caf<C3> / <SP><A9> ok / END:VEVENT
            "QkVHSU46VkVWRU5UDQpTVU1NQVJZOkNhZsMNCiCpIG9rDQpFTkQ6VkVWRU5UDQo=\r\n",
            "--b--\r\n",
        ));
        let summary = b64.calendar.and_then(|c| c.summary);
        assert_eq!(summary.as_deref(), Some("Café ok"));
    }

    #[test]
    fn a_plain_message_has_text_and_no_calendar() {
        let mail = read("Subject: Hello\r\n\r\nline one\r\n.line two\r\n");
        assert_eq!(mail.calendar, None);
        assert_eq!(mail.text, "line one\r\n.line two\r\n");
        assert_eq!(mail.size, 39);
    }

    #[test]
    fn cuts_long_text_on_a_character_boundary() {
        let body = "é".repeat(TEXT_LIMIT);
        let mail = read(&format!(
            "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
        ));
        assert_eq!(mail.text.len(), TEXT_LIMIT);
        assert!(mail.text.chars().all(|c| c == 'é'));
    }

    #[test]
    fn unreadable_input_is_a_problem_not_a_failure() {
        let mail = read_message(3, "", &[], b"\x00\xff\xfe");
        assert_eq!(mail.seq, 3);
        assert!(mail.problem.is_some(), "{mail:?}");
        let broken = read(
            "Subject: s\r\nContent-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\nno colon here\r\n",
        );
        let problem = broken.problem.expect("problems are reported");
        assert!(problem.contains("calendar: line 2"), "{problem}");
        assert!(problem.contains("no VEVENT"), "{problem}");
    }
}
