//! The SMTP server the implementation under test delivers to: accepts
//! connections on a socket and serves each in its own task.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use super::connection::{serve, SinkLimits};
use super::store::MailStore;

/// A running SMTP sink. Dropping it stops it too; [`MailSink::shutdown`] also
/// waits until every connection is closed.
#[derive(Debug)]
pub struct MailSink {
    addr: SocketAddr,
    store: Arc<MailStore>,
    stop: watch::Sender<bool>,
    accept_task: Option<JoinHandle<()>>,
}

impl MailSink {
    /// Listens on `listen` (port 0 picks a free port) with [`SinkLimits::default`].
    pub async fn start(listen: SocketAddr) -> std::io::Result<MailSink> {
        MailSink::start_with(listen, SinkLimits::default()).await
    }

    pub async fn start_with(listen: SocketAddr, limits: SinkLimits) -> std::io::Result<MailSink> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let store = Arc::new(MailStore::new());
        let (stop, stopped) = watch::channel(false);
        let accept_task = tokio::spawn(accept_loop(listener, store.clone(), limits, stopped));
        tracing::debug!(%addr, "smtp sink listening");
        Ok(MailSink {
            addr,
            store,
            stop,
            accept_task: Some(accept_task),
        })
    }

    /// The address actually bound (with the chosen port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn store(&self) -> Arc<MailStore> {
        self.store.clone()
    }

    /// Stops accepting, tells open connections 421 and waits for them to close.
    /// The store stays readable through any `Arc` taken from [`MailSink::store`].
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.accept_task.take() {
            if let Err(error) = task.await {
                tracing::warn!(%error, "smtp sink accept task failed");
            }
        }
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        if let Some(task) = self.accept_task.take() {
            // Aborting drops the JoinSet of connections, which aborts them too.
            task.abort();
        }
    }
}

/// How long shutdown waits for open connections to close by themselves.
const GOODBYE_GRACE: Duration = Duration::from_secs(5);

async fn accept_loop(
    listener: TcpListener,
    store: Arc<MailStore>,
    limits: SinkLimits,
    mut stopped: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) if connections.len() >= limits.max_connections => {
                    // Best effort: the client may not be reading yet, and waiting would let it stall the loop.
                    let _ = stream.try_write(b"421 4.3.2 Too many connections, try again later\r\n");
                    tracing::warn!(%peer, "smtp sink refused a connection: too many open");
                }
                Ok((stream, peer)) => {
                    connections.spawn(serve(stream, peer, store.clone(), limits.clone(), stopped.clone()));
                }
                Err(error) => {
                    // Typically out of file descriptors; pausing lets connections finish and free some.
                    tracing::warn!(%error, "smtp sink accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    // Connections saw the same stop signal and are saying goodbye; give them a
    // moment (a client that does not read could block a goodbye forever), then cut.
    let goodbyes = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(GOODBYE_GRACE, goodbyes).await.is_err() {
        connections.shutdown().await;
    }
}
