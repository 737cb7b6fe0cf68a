//! One SMTP connection: reads lines from the socket and feeds them to mailin's
//! protocol state machine, which answers and hands message data to [`Collector`].
//!
//! mailin does the protocol (commands, sequencing, dot-unstuffing). This file
//! adds what a sink facing arbitrary clients needs around it: bounded lines, a
//! bounded message size, an idle timeout, and a little tolerance for common
//! client habits mailin's strict parser rejects (ESMTP parameters other than
//! BODY=, bare LF line ends, a space after `FROM:`).

use std::borrow::Cow;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::store::MailStore;

/// Bounds that keep one misbehaving client from exhausting the harness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkLimits {
    /// A message larger than this is refused with 552 and not stored.
    pub max_message_bytes: usize,
    /// A longer line (command or data) gets 500 and the connection is closed.
    pub max_line_bytes: usize,
    /// A connection silent for this long gets 421 and is closed.
    pub idle_timeout: Duration,
    /// Connections beyond this many at once get 421 straight away.
    pub max_connections: usize,
}

impl Default for SinkLimits {
    fn default() -> Self {
        SinkLimits {
            max_message_bytes: 10 * 1024 * 1024,
            // RFC 5321 allows 1000; real senders exceed it (long HTML lines), so be generous.
            max_line_bytes: 64 * 1024,
            idle_timeout: Duration::from_secs(120),
            max_connections: 256,
        }
    }
}

const SERVER_NAME: &str = "wbxconf-mail-sink";
/// mailin's parser refuses the null reverse path `<>`, which automated senders
/// use so that nothing bounces back to them; it is swapped for this address on
/// the way in and back to "" when stored (`.invalid` cannot be a real domain).
const NULL_PATH_STANDIN: &str = "null-reverse-path@wbxconf.invalid";
const REPLY_LINE_TOO_LONG: &[u8] = b"500 5.5.2 Line too long, closing connection\r\n";
const REPLY_IDLE: &[u8] = b"421 4.4.2 Idle timeout, closing connection\r\n";
const REPLY_SHUTDOWN: &[u8] = b"421 4.3.2 Sink shutting down, closing connection\r\n";
const REPLY_TOO_BIG: &[u8] = b"552 5.3.4 Message exceeds the size limit, not stored\r\n";

/// Serves one client until it quits, misbehaves, idles out, or the sink stops.
pub(crate) async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    store: Arc<MailStore>,
    limits: SinkLimits,
    mut stop: watch::Receiver<bool>,
) {
    if let Err(error) = converse(stream, peer, store, &limits, &mut stop).await {
        tracing::debug!(%peer, %error, "smtp connection ended with an error");
    }
}

async fn converse(
    stream: TcpStream,
    peer: SocketAddr,
    store: Arc<MailStore>,
    limits: &SinkLimits,
    stop: &mut watch::Receiver<bool>,
) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let oversized = Arc::new(AtomicBool::new(false));
    let collector = Collector {
        store,
        max_bytes: limits.max_message_bytes,
        draft: None,
        oversized: oversized.clone(),
    };
    let mut session = SessionBuilder::new(SERVER_NAME).build(peer.ip(), collector);
    writer.write_all(&session.greeting().buffer()?).await?;

    let mut in_data = false;
    let mut line = Vec::new();
    loop {
        let read = tokio::select! {
            read = tokio::time::timeout(limits.idle_timeout, read_line(&mut reader, limits.max_line_bytes, &mut line)) => read,
            _ = stop.changed() => {
                writer.write_all(REPLY_SHUTDOWN).await?;
                return Ok(());
            }
        };
        match read {
            Err(_elapsed) => {
                writer.write_all(REPLY_IDLE).await?;
                return Ok(());
            }
            Ok(Err(error)) => return Err(error),
            Ok(Ok(LineRead::Eof)) => return Ok(()),
            Ok(Ok(LineRead::TooLong)) => {
                writer.write_all(REPLY_LINE_TOO_LONG).await?;
                return Ok(());
            }
            Ok(Ok(LineRead::Line)) => {}
        }
        let input = if in_data {
            with_crlf(&line)
        } else {
            normalize_command(&line)
        };
        let ends_data = in_data && input.as_ref() == b".\r\n";
        let response = session.process(&input);
        if ends_data {
            in_data = false;
            if oversized.swap(false, Ordering::Relaxed) {
                writer.write_all(REPLY_TOO_BIG).await?;
                continue;
            }
        }
        if response.code == 354 {
            in_data = true;
        }
        write_response(&mut writer, &response).await?;
        if response.action == Action::Close {
            return Ok(());
        }
    }
}

async fn write_response(
    writer: &mut (impl AsyncWriteExt + Unpin),
    response: &Response,
) -> io::Result<()> {
    if response.action == Action::NoReply {
        return Ok(());
    }
    writer.write_all(&response.buffer()?).await?;
    writer.flush().await
}

enum LineRead {
    /// `line` holds one line including its `\n`.
    Line,
    Eof,
    TooLong,
}

/// Reads one line into `line` without ever holding more than `max` bytes of it.
async fn read_line(
    reader: &mut (impl AsyncBufRead + Unpin),
    max: usize,
    line: &mut Vec<u8>,
) -> io::Result<LineRead> {
    line.clear();
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            // A last line without a line end is not a complete command or data line.
            return Ok(LineRead::Eof);
        }
        let (take, complete) = match available.iter().position(|b| *b == b'\n') {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        if line.len() + take > max {
            return Ok(LineRead::TooLong);
        }
        line.extend_from_slice(&available[..take]);
        reader.consume(take);
        if complete {
            return Ok(LineRead::Line);
        }
    }
}

/// mailin expects CRLF; some clients end lines with a bare LF.
fn with_crlf(line: &[u8]) -> Cow<'_, [u8]> {
    if line.ends_with(b"\r\n") || !line.ends_with(b"\n") {
        return Cow::Borrowed(line);
    }
    let mut fixed = line[..line.len() - 1].to_vec();
    fixed.extend_from_slice(b"\r\n");
    Cow::Owned(fixed)
}

/// Rewrites a command line into the strict form mailin parses: CRLF end, no
/// trailing blanks, and for MAIL/RCPT the path in angle brackets right after the
/// colon, keeping only the `BODY=8BITMIME` parameter (the sink has no use for
/// SIZE=, SMTPUTF8, NOTIFY=, ..., but must not refuse a relay that sends them).
fn normalize_command(line: &[u8]) -> Cow<'_, [u8]> {
    let trimmed = line.trim_ascii_end();
    let rewritten = rewrite_path_command(trimmed, b"MAIL FROM:", true)
        .or_else(|| rewrite_path_command(trimmed, b"RCPT TO:", false));
    match rewritten {
        Some(command) => Cow::Owned(command),
        None if trimmed.len() + 2 == line.len() && line.ends_with(b"\r\n") => Cow::Borrowed(line),
        None => {
            let mut fixed = trimmed.to_vec();
            fixed.extend_from_slice(b"\r\n");
            Cow::Owned(fixed)
        }
    }
}

fn rewrite_path_command(line: &[u8], verb: &[u8], keep_body: bool) -> Option<Vec<u8>> {
    let head = line.get(..verb.len())?;
    if !head.eq_ignore_ascii_case(verb) {
        return None;
    }
    let rest = line[verb.len()..].trim_ascii_start();
    let (path, params) = match rest.strip_prefix(b"<") {
        Some(inner) => {
            let close = inner.iter().position(|b| *b == b'>')?;
            (&inner[..close], &inner[close + 1..])
        }
        None => {
            let end = rest.iter().position(|b| *b == b' ').unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        }
    };
    let path = match path {
        b"" if keep_body => NULL_PATH_STANDIN.as_bytes(),
        _ => path,
    };
    let mut command = Vec::with_capacity(line.len() + NULL_PATH_STANDIN.len());
    command.extend_from_slice(verb);
    command.push(b'<');
    command.extend_from_slice(path);
    command.push(b'>');
    let eight_bit = params
        .split(|b| *b == b' ')
        .any(|p| p.eq_ignore_ascii_case(b"BODY=8BITMIME"));
    if keep_body && eight_bit {
        command.extend_from_slice(b" BODY=8BITMIME");
    }
    command.extend_from_slice(b"\r\n");
    Some(command)
}

/// mailin's callbacks for one connection: gathers a transaction's data and
/// stores the message when the data ends.
struct Collector {
    store: Arc<MailStore>,
    max_bytes: usize,
    draft: Option<Draft>,
    /// Set when the current message outgrew `max_bytes`. Shared with the
    /// connection loop, which answers 552 itself: mailin keeps its state machine
    /// in the DATA state after an error reply to the end of data, so the
    /// collector must answer 250 to mailin to bring it back to the command state.
    oversized: Arc<AtomicBool>,
}

struct Draft {
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.oversized.store(false, Ordering::Relaxed);
        let from = if from == NULL_PATH_STANDIN { "" } else { from };
        self.draft = Some(Draft {
            from: from.to_string(),
            to: to.to_vec(),
            data: Vec::new(),
        });
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        if let Some(draft) = &mut self.draft {
            if self.oversized.load(Ordering::Relaxed) {
                return Ok(());
            }
            if draft.data.len() + buf.len() > self.max_bytes {
                self.oversized.store(true, Ordering::Relaxed);
                draft.data = Vec::new();
            } else {
                draft.data.extend_from_slice(buf);
            }
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let Some(draft) = self.draft.take() else {
            return mailin::response::OK;
        };
        if self.oversized.load(Ordering::Relaxed) {
            tracing::debug!(from = %draft.from, "smtp message over the size limit refused");
            return mailin::response::OK;
        }
        let mail = self.store.record(&draft.from, &draft.to, &draft.data);
        tracing::debug!(seq = mail.seq, to = ?mail.envelope_to, subject = %mail.subject, "smtp message stored");
        Response::custom(250, format!("2.0.0 OK stored as message {}", mail.seq))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(line: &str) -> String {
        String::from_utf8_lossy(&normalize_command(line.as_bytes())).into_owned()
    }

    #[test]
    fn normalizes_mail_and_rcpt_for_mailin() {
        assert_eq!(
            normalized("MAIL FROM:<a@x> SIZE=123 BODY=8BITMIME\r\n"),
            "MAIL FROM:<a@x> BODY=8BITMIME\r\n"
        );
        assert_eq!(normalized("mail from: <a@x>\n"), "MAIL FROM:<a@x>\r\n");
        assert_eq!(
            normalized("MAIL FROM:a@x SMTPUTF8\r\n"),
            "MAIL FROM:<a@x>\r\n"
        );
        assert_eq!(
            normalized("RCPT TO:<b@x> NOTIFY=NEVER BODY=8BITMIME\r\n"),
            "RCPT TO:<b@x>\r\n"
        );
        assert_eq!(
            normalized("MAIL FROM:<>\r\n"),
            format!("MAIL FROM:<{NULL_PATH_STANDIN}>\r\n")
        );
        assert_eq!(normalized("QUIT  \r\n"), "QUIT\r\n");
        assert_eq!(normalized("EHLO host\n"), "EHLO host\r\n");
        assert!(matches!(normalize_command(b"NOOP\r\n"), Cow::Borrowed(_)));
        // Unterminated path: left for mailin to refuse.
        assert_eq!(normalized("RCPT TO:<b@x\r\n"), "RCPT TO:<b@x\r\n");
    }

    #[test]
    fn data_lines_only_get_their_line_end_fixed() {
        assert_eq!(with_crlf(b".\n").as_ref(), b".\r\n");
        assert_eq!(
            with_crlf(b"MAIL FROM: x  \r\n").as_ref(),
            b"MAIL FROM: x  \r\n"
        );
    }

    #[tokio::test]
    async fn line_reader_bounds_memory() {
        let mut input: &[u8] = b"short\r\nthis line is far too long\r\nrest";
        let mut line = Vec::new();
        assert!(matches!(
            read_line(&mut input, 10, &mut line).await,
            Ok(LineRead::Line)
        ));
        assert_eq!(line, b"short\r\n");
        assert!(matches!(
            read_line(&mut input, 10, &mut line).await,
            Ok(LineRead::TooLong)
        ));
        assert!(line.len() <= 10);
    }
}
