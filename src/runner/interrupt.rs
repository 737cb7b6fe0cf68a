//! Stopping a run early (Ctrl-C): a flag every scenario looks at between steps and
//! races its step in flight against, so a run stops promptly yet still runs the
//! `finally` steps of the scenarios it started and writes a report marked incomplete.

use std::sync::Arc;

use tokio::sync::watch;

/// Shared by everything one run does; cloning gives another handle on the same flag.
#[derive(Debug, Clone)]
pub struct Interrupt {
    flag: Arc<watch::Sender<bool>>,
}

impl Default for Interrupt {
    fn default() -> Self {
        Interrupt {
            flag: Arc::new(watch::channel(false).0),
        }
    }
}

impl Interrupt {
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Asks everything that runs to stop; idempotent.
    pub fn trigger(&self) {
        self.flag.send_replace(true);
    }

    pub fn is_triggered(&self) -> bool {
        *self.flag.borrow()
    }

    /// Completes once [`Interrupt::trigger`] has been called (at once if it has been).
    pub async fn triggered(&self) {
        let mut rx = self.flag.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail.
        let _ = rx.wait_for(|stop| *stop).await;
    }

    /// Triggers on the first Ctrl-C; a second one ends the process at once (exit 130),
    /// for a user who will not wait for clean-up. Runs on `runtime` until it shuts down.
    pub fn on_ctrl_c(&self, runtime: &tokio::runtime::Runtime) {
        let me = self.clone();
        runtime.spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            eprintln!("interrupted: stopping after the clean-up (finally steps) of the scenarios in flight; press Ctrl-C again to stop at once");
            me.trigger();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiters_wake_when_triggered_and_late_waiters_return_at_once() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let i = Interrupt::new();
        assert!(!i.is_triggered());
        let waiter = {
            let i = i.clone();
            rt.spawn(async move { i.triggered().await })
        };
        i.trigger();
        rt.block_on(waiter).expect("waiter ends");
        assert!(i.is_triggered());
        rt.block_on(i.triggered());
    }
}
