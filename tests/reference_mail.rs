//! The reference's mail, received by a minimal SMTP listener of this test's
//! own: invitations for a new series, then the exception's update / cancel /
//! invitation split, the exception's removal, and the series' deletion.

#[path = "reference_support/mod.rs"]
mod support;

use mail_parser::{MessageParser, MimeHeaders};
use std::time::Duration;
use support::*;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use wbxconf::reference::Release;

#[derive(Debug, Clone)]
struct Got {
    to: String,
    subject: String,
    calendar: String,
}

impl Got {
    fn prop(&self, name: &str) -> Option<String> {
        self.calendar.lines().find_map(|l| {
            l.strip_prefix(&format!("{name}:"))
                .map(|v| v.trim().to_string())
        })
    }
}

/// Speaks just enough SMTP (220, 250, 354, 221) to receive messages.
async fn smtp_listener() -> (std::net::SocketAddr, mpsc::UnboundedReceiver<Got>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut rcpt = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_ascii_uppercase();
                    if cmd.starts_with("RCPT TO:") {
                        rcpt.push(
                            line.trim_end()[8..]
                                .trim()
                                .trim_matches(['<', '>'])
                                .to_string(),
                        );
                        let _ = write.write_all(b"250 ok\r\n").await;
                    } else if cmd == "DATA" {
                        let _ = write.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if line == ".\r\n" {
                                break;
                            }
                            data.push_str(
                                line.strip_prefix('.')
                                    .filter(|_| line.starts_with(".."))
                                    .unwrap_or(&line),
                            );
                        }
                        let parsed = MessageParser::default()
                            .parse(data.as_bytes())
                            .expect("parsable mail");
                        let calendar = parsed
                            .parts
                            .iter()
                            .find(|p| {
                                p.content_type().is_some_and(|c| {
                                    c.ctype() == "text" && c.subtype() == Some("calendar")
                                })
                            })
                            .and_then(|p| p.text_contents())
                            .unwrap_or_default()
                            .to_string();
                        let subject = parsed.subject().unwrap_or_default().to_string();
                        for to in rcpt.drain(..) {
                            let _ = tx.send(Got {
                                to,
                                subject: subject.clone(),
                                calendar: calendar.clone(),
                            });
                        }
                        let _ = write.write_all(b"250 queued\r\n").await;
                    } else if cmd.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        let _ = write.write_all(b"250 ok\r\n").await;
                    }
                }
            });
        }
    });
    (addr, rx)
}

/// The next `n` messages, by recipient (the bound only guards a hung run).
async fn take(rx: &mut mpsc::UnboundedReceiver<Got>, n: usize) -> Vec<Got> {
    let mut out = Vec::new();
    while out.len() < n {
        let got = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("mail arrives")
            .expect("listener alive");
        out.push(got);
    }
    out.sort_by(|a, b| a.to.cmp(&b.to));
    out
}

fn attendee(name: &str) -> String {
    format!(
        "<attendee><person><name>{name}</name><email>{name}@mail.test</email></person></attendee>"
    )
}

#[tokio::test]
async fn exception_mail_has_the_right_methods_and_sequences() {
    let (relay, mut rx) = smtp_listener().await;
    let s = start(config(Release::Sp11, Some(relay))).await;
    s.create_user("cmr", "mailer", "").await;
    let a = user_sec("cmr", "mailer");

    let created = s
        .expect(
            &a,
            "CreateMeeting",
            &format!(
                "<metaData><confName>Sync</confName></metaData><participants><attendees>{}{}</attendees></participants><schedule><startDate>01/12/2026 09:00:00</startDate><timeZoneID>25</timeZoneID><duration>30</duration></schedule><repeat><repeatType>WEEKLY</repeatType><afterMeetingNumber>4</afterMeetingNumber></repeat><attendeeOptions><emailInvitations>TRUE</emailInvitations></attendeeOptions>",
                attendee("carol"),
                attendee("dave")
            ),
            "SUCCESS",
        )
        .await;
    let series = created.first("meet:meetingkey").unwrap();
    let invites = take(&mut rx, 2).await;
    for m in &invites {
        assert_eq!(m.prop("METHOD").as_deref(), Some("REQUEST"));
        assert_eq!(m.prop("SEQUENCE").as_deref(), Some("0"));
        assert!(m
            .prop("RRULE")
            .is_some_and(|r| r.contains("FREQ=WEEKLY") && r.contains("COUNT=4")));
        assert_eq!(
            m.prop("UID"),
            Some(format!("{series}@reference.wbxconf.test"))
        );
        assert!(m.subject.starts_with("Invitation: Sync"), "{}", m.subject);
    }
    assert_eq!(
        invites.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        vec!["carol@mail.test", "dave@mail.test"]
    );

    // Second occurrence: 01/19/2026 09:00 Berlin = 08:00Z.
    let rid = "1768809600000";
    let exc = s
        .expect(
            &a,
            "CreateMeeting",
            &format!(
                "<participants><attendees>{}{}</attendees></participants><schedule><startDate>01/19/2026 11:00:00</startDate><timeZoneID>25</timeZoneID></schedule><repeat><isException>true</isException><seriesMeetingKey>{series}</seriesMeetingKey><recurrenceKey>{rid}</recurrenceKey></repeat>",
                attendee("carol"),
                attendee("erin")
            ),
            "SUCCESS",
        )
        .await;
    let exc_key = exc.first("meet:meetingkey").unwrap();
    let split = take(&mut rx, 3).await;
    let by = |to: &str| {
        split
            .iter()
            .find(|m| m.to == to)
            .unwrap_or_else(|| panic!("no mail for {to}: {split:?}"))
            .clone()
    };
    let (carol, dave, erin) = (
        by("carol@mail.test"),
        by("dave@mail.test"),
        by("erin@mail.test"),
    );
    assert_eq!(
        (
            carol.prop("METHOD").as_deref(),
            carol.prop("SEQUENCE").as_deref()
        ),
        (Some("REQUEST"), Some("1"))
    );
    assert_eq!(dave.prop("METHOD").as_deref(), Some("CANCEL"));
    assert_eq!(erin.prop("METHOD").as_deref(), Some("REQUEST"));
    for m in [&carol, &dave, &erin] {
        assert_eq!(
            m.prop("RECURRENCE-ID").as_deref(),
            Some("20260119T080000Z"),
            "{}",
            m.calendar
        );
        assert_eq!(
            m.prop("UID"),
            Some(format!("{series}@reference.wbxconf.test"))
        );
    }
    assert_eq!(carol.prop("DTSTART").as_deref(), Some("20260119T100000Z"));
    assert!(
        carol.subject.starts_with("Updated:")
            && dave.subject.starts_with("Cancelled:")
            && erin.subject.starts_with("Invitation:")
    );

    // Changing the series' attendees: kept ones updated, removed cancelled, added invited.
    s.expect(
        &a,
        "SetMeeting",
        &format!("<meetingkey>{series}</meetingkey><participants><attendees>{}{}</attendees></participants>", attendee("carol"), attendee("frank")),
        "SUCCESS",
    )
    .await;
    let changed = take(&mut rx, 3).await;
    let methods: Vec<(String, String, String)> = changed
        .iter()
        .map(|m| {
            (
                m.to.clone(),
                m.prop("METHOD").unwrap_or_default(),
                m.prop("SEQUENCE").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        methods,
        vec![
            (
                "carol@mail.test".to_string(),
                "REQUEST".to_string(),
                "1".to_string()
            ),
            (
                "dave@mail.test".to_string(),
                "CANCEL".to_string(),
                "1".to_string()
            ),
            (
                "frank@mail.test".to_string(),
                "REQUEST".to_string(),
                "1".to_string()
            ),
        ]
    );
    assert!(changed
        .iter()
        .all(|m| m.prop("RECURRENCE-ID").is_none() && m.prop("RRULE").is_some()));

    // Removing the exception: its attendees (carol, erin) get the series again with an EXDATE.
    s.expect(
        &a,
        "DelMeeting",
        &format!("<meetingKey>{exc_key}</meetingKey>"),
        "SUCCESS",
    )
    .await;
    let removal = take(&mut rx, 2).await;
    assert_eq!(
        removal.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        vec!["carol@mail.test", "erin@mail.test"]
    );
    for m in &removal {
        assert_eq!(m.prop("METHOD").as_deref(), Some("REQUEST"));
        assert_eq!(m.prop("EXDATE").as_deref(), Some("20260119T080000Z"));
        assert_eq!(m.prop("SEQUENCE").as_deref(), Some("2"));
        assert!(m.prop("RECURRENCE-ID").is_none());
    }

    // Deleting the series cancels it for its attendees; mail of one meeting
    // keeps its order, so nothing else was sent before these.
    s.expect(
        &a,
        "DelMeeting",
        &format!("<meetingKey>{series}</meetingKey>"),
        "SUCCESS",
    )
    .await;
    let cancel = take(&mut rx, 2).await;
    assert_eq!(
        cancel.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        vec!["carol@mail.test", "frank@mail.test"]
    );
    assert!(cancel
        .iter()
        .all(|m| m.prop("METHOD").as_deref() == Some("CANCEL")
            && m.prop("SEQUENCE").as_deref() == Some("3")));
    s.running.shutdown().await;
    assert!(rx.try_recv().is_err(), "no further mail");
}
