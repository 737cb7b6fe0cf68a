//! Sending: a few lanes, each a task sending its queue in order; a notice goes
//! to the lane of its meeting, so one meeting's messages keep their order while
//! different meetings do not wait for each other. The HTTP answer never waits.

use super::compose::{compose, Notice};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::net::SocketAddr;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

const LANES: usize = 4;

#[derive(Debug)]
pub(crate) struct Mailer {
    lanes: Vec<mpsc::UnboundedSender<Notice>>,
}

impl Mailer {
    /// Starts the lanes; the handles finish once the mailer is dropped and the
    /// queues are drained.
    pub fn start(from: String, relay: Option<SocketAddr>) -> (Mailer, Vec<JoinHandle<()>>) {
        let mut lanes = Vec::new();
        let mut handles = Vec::new();
        for _ in 0..LANES {
            let (tx, rx) = mpsc::unbounded_channel();
            lanes.push(tx);
            handles.push(tokio::spawn(run_lane(from.clone(), relay, rx)));
        }
        (Mailer { lanes }, handles)
    }

    pub fn send(&self, notices: Vec<Notice>) {
        for n in notices {
            let lane = usize::try_from(n.lane % LANES as u64).unwrap_or(0);
            if self.lanes[lane].send(n).is_err() {
                tracing::warn!("mail lane closed; a notice was dropped");
            }
        }
    }
}

async fn run_lane(
    from: String,
    relay: Option<SocketAddr>,
    mut rx: mpsc::UnboundedReceiver<Notice>,
) {
    let transport = relay.map(|addr| {
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(addr.ip().to_string())
            .port(addr.port())
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build()
    });
    while let Some(notice) = rx.recv().await {
        let message = match compose(&from, &notice) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(to = %notice.to_email, "mail not composed: {e}");
                continue;
            }
        };
        match &transport {
            Some(t) => {
                if let Err(e) = t.send(message).await {
                    tracing::warn!(to = %notice.to_email, "mail not sent: {e}");
                }
            }
            None => tracing::info!(
                to = %notice.to_email,
                kind = ?notice.kind,
                uid = %notice.event.uid,
                sequence = notice.event.sequence,
                "mail composed (no relay configured)"
            ),
        }
    }
}
