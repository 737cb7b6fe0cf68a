//! Every message the sink received in this run, shared by all scenarios running
//! in parallel. Each scenario takes a [`MailStore::mark`] before a step and
//! looks only at what arrived after it, for its own (unique) recipients.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::watch;

use super::message::{read_message, ReceivedMail};

/// Thread-safe; share it as `Arc<MailStore>`.
#[derive(Debug)]
pub struct MailStore {
    messages: Mutex<Vec<Arc<ReceivedMail>>>,
    /// Carries the last `seq` stored, so waiters wake on every arrival.
    arrived: watch::Sender<u64>,
}

impl Default for MailStore {
    fn default() -> Self {
        MailStore::new()
    }
}

impl MailStore {
    pub fn new() -> MailStore {
        MailStore {
            messages: Mutex::new(Vec::new()),
            arrived: watch::Sender::new(0),
        }
    }

    /// Reads and stores a message delivered to the sink (or, in tests, injected
    /// without SMTP); assigns its `seq` and wakes every waiter.
    pub fn record(
        &self,
        envelope_from: &str,
        envelope_to: &[String],
        raw: &[u8],
    ) -> Arc<ReceivedMail> {
        let mut messages = self.lock();
        let seq = messages.last().map_or(1, |m| m.seq + 1);
        // Parsing under the lock keeps `seq` equal to arrival order; it is fast
        // next to the network transfer that preceded it.
        let mail = Arc::new(read_message(seq, envelope_from, envelope_to, raw));
        messages.push(mail.clone());
        drop(messages);
        self.arrived.send_replace(seq);
        mail
    }

    /// The current position: every message stored later has a larger `seq`.
    pub fn mark(&self) -> u64 {
        self.lock().last().map_or(0, |m| m.seq)
    }

    /// The messages whose envelope names `recipient` (case-insensitive), in arrival order.
    pub fn received_for(&self, recipient: &str) -> Vec<Arc<ReceivedMail>> {
        self.lock()
            .iter()
            .filter(|m| m.is_for(recipient))
            .cloned()
            .collect()
    }

    /// Every message that arrived after `mark`, in arrival order.
    pub fn since(&self, mark: u64) -> Vec<Arc<ReceivedMail>> {
        self.lock()
            .iter()
            .filter(|m| m.seq > mark)
            .cloned()
            .collect()
    }

    /// Every message, in arrival order.
    pub fn all(&self) -> Vec<Arc<ReceivedMail>> {
        self.lock().clone()
    }

    /// Waits until the messages for `recipient` that arrived after `after`
    /// satisfy `want`, or until `timeout`; returns those messages either way.
    /// Wakes on each arrival rather than polling.
    pub async fn wait_for(
        &self,
        recipient: &str,
        after: u64,
        want: impl Fn(&[Arc<ReceivedMail>]) -> bool,
        timeout: Duration,
    ) -> Vec<Arc<ReceivedMail>> {
        let deadline = tokio::time::Instant::now() + timeout;
        // Subscribing before looking means no arrival between the look and the wait is missed.
        let mut arrivals = self.arrived.subscribe();
        loop {
            arrivals.borrow_and_update();
            let got: Vec<Arc<ReceivedMail>> = self
                .lock()
                .iter()
                .filter(|m| m.seq > after && m.is_for(recipient))
                .cloned()
                .collect();
            if want(&got) {
                return got;
            }
            match tokio::time::timeout_at(deadline, arrivals.changed()).await {
                Ok(Ok(())) => continue,
                // Timed out; the sender cannot be gone while `self` is borrowed.
                _ => return got,
            }
        }
    }

    /// A poisoned lock only means another thread panicked while holding it; the
    /// list itself is always consistent (one push at a time), so keep using it.
    fn lock(&self) -> MutexGuard<'_, Vec<Arc<ReceivedMail>>> {
        self.messages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(addresses: &[&str]) -> Vec<String> {
        addresses.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn marks_and_filters_by_recipient_in_arrival_order() {
        let store = MailStore::new();
        assert_eq!(store.mark(), 0);
        store.record("s@x", &to(&["a@x"]), b"Subject: 1\r\n\r\n");
        let mark = store.mark();
        store.record("s@x", &to(&["A@X", "b@x"]), b"Subject: 2\r\n\r\n");
        store.record("s@x", &to(&["b@x"]), b"Subject: 3\r\n\r\n");
        assert_eq!(mark, 1);
        let subjects =
            |v: Vec<Arc<ReceivedMail>>| v.iter().map(|m| m.subject.clone()).collect::<Vec<_>>();
        assert_eq!(subjects(store.received_for("a@x")), ["1", "2"]);
        assert_eq!(subjects(store.received_for("B@x")), ["2", "3"]);
        assert_eq!(subjects(store.since(mark)), ["2", "3"]);
        assert_eq!(store.all().len(), 3);
        assert_eq!(store.mark(), 3);
    }

    #[tokio::test]
    async fn wait_for_returns_what_arrived_at_the_timeout() {
        let store = MailStore::new();
        store.record("s@x", &to(&["a@x"]), b"Subject: old\r\n\r\n");
        let got = store
            .wait_for("a@x", store.mark(), |m| !m.is_empty(), Duration::ZERO)
            .await;
        assert!(got.is_empty());
        let got = store
            .wait_for("a@x", 0, |m| !m.is_empty(), Duration::ZERO)
            .await;
        assert_eq!(got.len(), 1);
    }

    #[tokio::test]
    async fn wait_for_wakes_on_arrival() {
        let store = Arc::new(MailStore::new());
        let waiter = {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .wait_for("b@x", 0, |m| m.len() == 2, Duration::from_secs(3600))
                    .await
            })
        };
        store.record("s@x", &to(&["b@x"]), b"Subject: 1\r\n\r\n");
        store.record("s@x", &to(&["c@x"]), b"Subject: other\r\n\r\n");
        store.record("s@x", &to(&["b@x"]), b"Subject: 2\r\n\r\n");
        // With an hour-long timeout, finishing at all shows the waiter was woken.
        let got = waiter.await.expect("waiter task");
        assert_eq!(got.iter().map(|m| m.seq).collect::<Vec<_>>(), [1, 3]);
    }
}
