//! The SMTP sink over real loopback sockets: messages sent with lettre (as the
//! embedded reference sends them) and with a raw socket for protocol edge cases.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;

use wbxconf::mail::{
    classify, occurrence_millis, previous_for_uid, MailKind, MailSink, ReceivedMail, SinkLimits,
};

/// Guards against a hung test only; nothing below depends on how long anything takes.
const NEVER: Duration = Duration::from_secs(3600);
const SAFETY: Duration = Duration::from_secs(60);

async fn sink() -> MailSink {
    MailSink::start(loopback()).await.expect("sink starts")
}

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

fn transport(sink: &MailSink) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(sink.addr().port())
        .build()
}

fn mailbox(address: &str) -> Mailbox {
    address.parse().expect("test address")
}

/// A VCALENDAR with one VEVENT; `lines` are extra VEVENT properties.
fn ics(method: &str, uid: &str, sequence: u32, lines: &[&str]) -> String {
    let mut text = format!(
        "BEGIN:VCALENDAR\r\nPRODID:-//wbxconf test//EN\r\nVERSION:2.0\r\nMETHOD:{method}\r\n\
         BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:{sequence}\r\nDTSTAMP:20261201T120000Z\r\n\
         SUMMARY:Weekly review\r\nDTSTART;TZID=Europe/Berlin:20270105T100000\r\n"
    );
    for line in lines {
        text.push_str(line);
        text.push_str("\r\n");
    }
    text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    text
}

/// An invitation-style message: multipart/alternative, text then calendar.
fn calendar_message(to: &[&str], subject: &str, method: &str, calendar: String) -> Message {
    let mut builder = Message::builder()
        .from(mailbox("host@sink.test"))
        .subject(subject);
    for address in to {
        builder = builder.to(mailbox(address));
    }
    let calendar_type = format!("text/calendar; charset=utf-8; method={method}");
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::plain(format!("{subject}\nJoin from the link.")))
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::parse(&calendar_type).expect("content type"))
                        .body(calendar),
                ),
        )
        .expect("message builds")
}

async fn wait_one(sink: &MailSink, to: &str, after: u64) -> Arc<ReceivedMail> {
    let got = sink
        .store()
        .wait_for(to, after, |m| !m.is_empty(), NEVER)
        .await;
    got.first().cloned().expect("a message arrived")
}

/// A minimal SMTP client speaking raw lines, for what lettre would never send.
struct Raw {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Raw {
    async fn connect(sink: &MailSink) -> Raw {
        let stream = TcpStream::connect(sink.addr()).await.expect("connects");
        let (reader, writer) = stream.into_split();
        let mut raw = Raw {
            reader: BufReader::new(reader),
            writer,
        };
        let greeting = raw.reply().await;
        assert!(greeting.starts_with("220 "), "{greeting}");
        raw
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("writes");
    }

    /// One complete (possibly multi-line) reply; empty when the server closed.
    async fn reply(&mut self) -> String {
        let mut reply = String::new();
        loop {
            let mut line = String::new();
            let read = tokio::time::timeout(SAFETY, self.reader.read_line(&mut line))
                .await
                .expect("server answers");
            if read.unwrap_or(0) == 0 {
                return reply;
            }
            reply.push_str(&line);
            // "250-..." continues a reply, "250 ..." ends it.
            if line.as_bytes().get(3) != Some(&b'-') {
                return reply;
            }
        }
    }

    async fn command(&mut self, line: &str) -> String {
        self.send(format!("{line}\r\n").as_bytes()).await;
        self.reply().await
    }

    async fn expect(&mut self, line: &str, code: &str) {
        let reply = self.command(line).await;
        assert!(reply.starts_with(code), "{line:?} got {reply:?}");
    }

    /// A whole transaction; `data` is sent as-is (already dot-stuffed), then ".".
    async fn transaction(&mut self, from: &str, to: &[&str], data: &str) -> String {
        self.expect(&format!("MAIL FROM:<{from}>"), "250").await;
        for address in to {
            self.expect(&format!("RCPT TO:<{address}>"), "250").await;
        }
        self.expect("DATA", "354").await;
        self.send(data.as_bytes()).await;
        self.command(".").await
    }
}

#[tokio::test]
async fn invitation_update_and_cancellation_sent_with_lettre() {
    let sink = sink().await;
    let smtp = transport(&sink);
    let store = sink.store();
    let to = "attendee@sink.test";
    let uid = "series-42@wbxconf.test";

    let kinds = [("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2)];
    for (method, sequence) in kinds {
        let mark = store.mark();
        let message = calendar_message(
            &[to],
            "Weekly review",
            method,
            ics(method, uid, sequence, &[]),
        );
        smtp.send(message).await.expect("sink accepts");
        wait_one(&sink, to, mark).await;
    }

    let history = store.received_for(to);
    assert_eq!(history.len(), 3);
    let classified: Vec<MailKind> = history.iter().map(|m| classify(&history, m, &[])).collect();
    assert_eq!(
        classified,
        [
            MailKind::Invitation,
            MailKind::Update,
            MailKind::Cancellation
        ]
    );
    let first = &history[0];
    let calendar = first.calendar.as_ref().expect("calendar part found");
    assert_eq!(calendar.uid.as_deref(), Some(uid));
    assert_eq!(calendar.sequence, Some(0));
    assert_eq!(calendar.summary.as_deref(), Some("Weekly review"));
    assert_eq!(first.envelope_from, "host@sink.test");
    assert!(first.text.starts_with("Weekly review"), "{:?}", first.text);
    assert_eq!(first.problem, None);
    sink.shutdown().await;
}

#[tokio::test]
async fn encoded_subject_and_eight_bit_body() {
    let sink = sink().await;
    let mut raw = Raw::connect(&sink).await;
    raw.expect("EHLO client.test", "250").await;
    let mark = sink.store().mark();
    raw.expect("MAIL FROM:<host@sink.test> BODY=8BITMIME", "250")
        .await;
    raw.expect("RCPT TO:<reader@sink.test>", "250").await;
    raw.expect("DATA", "354").await;
    raw.send(
        "Subject: =?UTF-8?B?w5xiZXJzaWNodA==?= =?UTF-8?Q?f=C3=BCr_Caf=C3=A9?=\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n\
         Grüße aus Köln – 東京\r\n"
            .as_bytes(),
    )
    .await;
    let reply = raw.command(".").await;
    assert!(reply.starts_with("250"), "{reply}");
    raw.expect("QUIT", "221").await;

    let mail = wait_one(&sink, "Reader@Sink.Test", mark).await;
    assert_eq!(mail.subject, "Übersichtfür Café");
    assert_eq!(mail.text, "Grüße aus Köln – 東京\r\n");
    assert!(sink.store().received_for("host@sink.test").is_empty());
    sink.shutdown().await;
}

#[tokio::test]
async fn lettre_encodes_a_utf8_subject_and_the_sink_decodes_it() {
    let sink = sink().await;
    let message = Message::builder()
        .from(mailbox("host@sink.test"))
        .to(mailbox("reader@sink.test"))
        .subject("Einladung: Überprüfung ✓")
        .body("Grüße".to_string())
        .expect("message builds");
    transport(&sink).send(message).await.expect("sink accepts");
    let mail = wait_one(&sink, "reader@sink.test", 0).await;
    assert_eq!(mail.subject, "Einladung: Überprüfung ✓");
    assert_eq!(mail.text.trim_end(), "Grüße");
    sink.shutdown().await;
}

#[tokio::test]
async fn dot_stuffed_lines_are_stored_unstuffed() {
    let sink = sink().await;
    let mut raw = Raw::connect(&sink).await;
    raw.expect("HELO client.test", "250").await;
    let reply = raw
        .transaction(
            "host@sink.test",
            &["dots@sink.test"],
            "Subject: dots\r\n\r\n..hidden line\r\n...\r\nlast\r\n",
        )
        .await;
    assert!(reply.starts_with("250"), "{reply}");
    let mail = wait_one(&sink, "dots@sink.test", 0).await;
    assert_eq!(mail.text, ".hidden line\r\n..\r\nlast\r\n");
    sink.shutdown().await;
}

#[tokio::test]
async fn two_recipients_in_one_transaction_both_see_it_and_rset_forgets() {
    let sink = sink().await;
    let mut raw = Raw::connect(&sink).await;
    raw.expect("EHLO client.test", "250").await;
    // A transaction abandoned with RSET stores nothing and names nobody.
    raw.expect("MAIL FROM:<host@sink.test>", "250").await;
    raw.expect("RCPT TO:<ghost@sink.test>", "250").await;
    raw.expect("RSET", "250").await;
    let reply = raw
        .transaction(
            "host@sink.test",
            &["one@sink.test", "TWO@sink.test"],
            "Subject: both\r\n\r\nhello\r\n",
        )
        .await;
    assert!(reply.starts_with("250"), "{reply}");
    // A second message on the same connection, from the null reverse path.
    let reply = raw
        .transaction("", &["two@sink.test"], "Subject: again\r\n\r\nhi\r\n")
        .await;
    assert!(reply.starts_with("250"), "{reply}");
    raw.expect("QUIT", "221").await;

    let store = sink.store();
    let one = store.received_for("one@sink.test");
    let two = store.received_for("two@sink.test");
    assert_eq!(one.len(), 1);
    assert_eq!(
        two.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
        ["both", "again"]
    );
    assert!(Arc::ptr_eq(&one[0], &two[0]));
    assert_eq!(one[0].envelope_to, ["one@sink.test", "TWO@sink.test"]);
    assert_eq!(two[1].envelope_from, "");
    assert!(store.received_for("ghost@sink.test").is_empty());
    assert_eq!(store.all().len(), 2);
    sink.shutdown().await;
}

#[tokio::test]
async fn a_message_over_the_size_cap_gets_552_and_is_not_stored() {
    let limits = SinkLimits {
        max_message_bytes: 4 * 1024,
        ..SinkLimits::default()
    };
    let sink = MailSink::start_with(loopback(), limits)
        .await
        .expect("sink starts");
    let mut raw = Raw::connect(&sink).await;
    raw.expect("EHLO client.test", "250").await;
    let big = format!("Subject: big\r\n\r\n{}", "0123456789abcdef\r\n".repeat(400));
    let reply = raw
        .transaction("host@sink.test", &["big@sink.test"], &big)
        .await;
    assert!(reply.starts_with("552"), "{reply}");
    // The connection is usable afterwards: the refusal ended the transaction only.
    let reply = raw
        .transaction(
            "host@sink.test",
            &["big@sink.test"],
            "Subject: small\r\n\r\nok\r\n",
        )
        .await;
    assert!(reply.starts_with("250"), "{reply}");
    let got = sink.store().received_for("big@sink.test");
    assert_eq!(
        got.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
        ["small"]
    );
    sink.shutdown().await;
}

#[tokio::test]
async fn an_overlong_line_is_refused_and_the_connection_closed() {
    let limits = SinkLimits {
        max_line_bytes: 1000,
        ..SinkLimits::default()
    };
    let sink = MailSink::start_with(loopback(), limits)
        .await
        .expect("sink starts");
    let mut raw = Raw::connect(&sink).await;
    let reply = raw.command(&format!("EHLO {}", "x".repeat(5000))).await;
    assert!(reply.starts_with("500"), "{reply}");
    assert_eq!(raw.reply().await, "", "connection closed");
    sink.shutdown().await;
}

#[tokio::test]
async fn an_idle_connection_is_closed() {
    let limits = SinkLimits {
        idle_timeout: Duration::from_millis(50),
        ..SinkLimits::default()
    };
    let sink = MailSink::start_with(loopback(), limits)
        .await
        .expect("sink starts");
    let mut raw = Raw::connect(&sink).await;
    // Say nothing; the next thing the server says is its goodbye.
    let reply = raw.reply().await;
    assert!(reply.starts_with("421"), "{reply}");
    assert_eq!(raw.reply().await, "", "connection closed");
    sink.shutdown().await;
}

#[tokio::test]
async fn garbage_gets_errors_not_a_crash() {
    let sink = sink().await;
    let mut raw = Raw::connect(&sink).await;
    for line in [
        "",
        "HELLO?",
        "DATA",
        "RCPT TO:<x@y>",
        "MAIL FROM:<broken",
        "\u{0}\u{ff}",
    ] {
        let reply = raw.command(line).await;
        assert!(reply.starts_with('5'), "{line:?} got {reply:?}");
    }
    raw.send(b"\xff\xfe\r\n").await;
    assert!(raw.reply().await.starts_with('5'));
    raw.expect("EHLO client.test", "250").await;
    sink.shutdown().await;
}

#[tokio::test]
async fn many_connections_at_once() {
    let sink = sink().await;
    let smtp = transport(&sink);
    let sends = (0..20).map(|i| {
        let smtp = smtp.clone();
        async move {
            let message = Message::builder()
                .from(mailbox("host@sink.test"))
                .to(mailbox(&format!("p{i}@sink.test")))
                .subject(format!("n{i}"))
                .body("x".to_string())
                .expect("message builds");
            smtp.send(message).await
        }
    });
    // Start every send before awaiting any, so the connections overlap.
    let handles: Vec<_> = sends.map(tokio::spawn).collect();
    for handle in handles {
        handle.await.expect("task").expect("sink accepts");
    }
    let store = sink.store();
    let all = store
        .wait_for("p19@sink.test", 0, |m| m.len() == 1, NEVER)
        .await;
    assert_eq!(all.len(), 1);
    assert_eq!(store.all().len(), 20);
    for i in 0..20 {
        let got = store.received_for(&format!("p{i}@sink.test"));
        assert_eq!(got.len(), 1, "p{i}");
        assert_eq!(got[0].subject, format!("n{i}"));
    }
    sink.shutdown().await;
}

#[tokio::test]
async fn recurrence_id_and_exdate_become_epoch_millis() {
    let sink = sink().await;
    let smtp = transport(&sink);
    let to = "series@sink.test";
    let uid = "series-7@wbxconf.test";
    // 2027-01-05 10:00 Berlin = 09:00 UTC; the series repeats weekly.
    let first = 1_799_139_600_000_i64;
    let week = 7 * 24 * 3_600_000_i64;
    let messages = [
        ics("REQUEST", uid, 0, &["RRULE:FREQ=WEEKLY;COUNT=6"]),
        // The series loses its second occurrence.
        ics(
            "REQUEST",
            uid,
            1,
            &[
                "RRULE:FREQ=WEEKLY;COUNT=6",
                "EXDATE;TZID=Europe/Berlin:20270112T100000",
            ],
        ),
        // ... then its fourth, written in UTC on a line of its own.
        ics(
            "REQUEST",
            uid,
            2,
            &[
                "RRULE:FREQ=WEEKLY;COUNT=6",
                "EXDATE;TZID=Europe/Berlin:20270112T100000",
                "EXDATE:20270126T090000Z",
            ],
        ),
        // One occurrence is cancelled on its own.
        ics(
            "CANCEL",
            uid,
            3,
            &["RECURRENCE-ID;TZID=Europe/Berlin:20270202T100000"],
        ),
    ];
    for calendar in messages {
        let method = if calendar.contains("METHOD:CANCEL") {
            "CANCEL"
        } else {
            "REQUEST"
        };
        let mark = sink.store().mark();
        smtp.send(calendar_message(&[to], "Series", method, calendar))
            .await
            .expect("sink accepts");
        wait_one(&sink, to, mark).await;
    }
    let history = sink.store().received_for(to);
    let occurrences: Vec<Vec<i64>> = history
        .iter()
        .map(|m| occurrence_millis(m, previous_for_uid(&history, m)))
        .collect();
    assert_eq!(
        occurrences,
        [
            vec![],
            vec![first + week],
            vec![first + 3 * week],
            vec![first + 4 * week]
        ]
    );
    let kinds: Vec<MailKind> = history.iter().map(|m| classify(&history, m, &[])).collect();
    assert_eq!(
        kinds,
        [
            MailKind::Invitation,
            MailKind::Update,
            MailKind::Update,
            MailKind::Cancellation
        ]
    );
    sink.shutdown().await;
}

#[tokio::test]
async fn wait_for_returns_when_the_message_arrives() {
    let sink = sink().await;
    let store = sink.store();
    let mark = store.mark();
    let waiter = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .wait_for(
                    "late@sink.test",
                    mark,
                    |m| m.iter().any(|m| m.subject == "awaited"),
                    NEVER,
                )
                .await
        })
    };
    let message = Message::builder()
        .from(mailbox("host@sink.test"))
        .to(mailbox("late@sink.test"))
        .subject("awaited")
        .body("x".to_string())
        .expect("message builds");
    transport(&sink).send(message).await.expect("sink accepts");
    // The timeout is an hour: the waiter can only be done because the arrival woke it.
    let got = waiter.await.expect("waiter task");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject, "awaited");
    assert!(got[0].seq > mark);
    sink.shutdown().await;
}

#[tokio::test]
async fn shutdown_says_goodbye_to_open_connections() {
    let sink = sink().await;
    let store = sink.store();
    let mut raw = Raw::connect(&sink).await;
    raw.expect("EHLO client.test", "250").await;
    let shutdown = tokio::spawn(sink.shutdown());
    let reply = raw.reply().await;
    assert!(reply.starts_with("421"), "{reply}");
    shutdown.await.expect("shutdown completes");
    // What was received stays readable.
    assert!(store.all().is_empty());
}
