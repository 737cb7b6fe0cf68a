//! A run without the trial engine's console: every selected scenario on one session,
//! a bounded number at a time. Used where wbxconf runs the suite several times in one
//! process and prints its own summary (mutants, compare, certify).

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::runner::execute;
use crate::runner::outcome::RunReport;
use crate::runner::run::{build_report, new_run_id, preflight, skipped};
use crate::runner::session::{Session, SessionOptions, StartError};
use crate::runner::RunError;
use crate::scenario::Suite;
use crate::target::Profile;

/// Picks scenarios by id.
pub type Selector = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// Runs the scenarios `select` picks (all when None) with at most `concurrency` at once.
pub async fn run_batch(
    suite: Arc<Suite>,
    profile: Profile,
    opts: &SessionOptions,
    select: Option<Selector>,
    concurrency: usize,
) -> Result<RunReport, RunError> {
    let run_id = new_run_id();
    let started_at = chrono::Utc::now();
    let clock = Instant::now();
    let session = Session::start(profile, &suite, &run_id, opts)
        .await
        .map_err(|e| match e {
            StartError::Config(m) => RunError::Usage(m),
            StartError::Unreachable(m) => RunError::Unreachable(m),
            StartError::Harness(m) => RunError::Harness(m),
        })?;
    let probed = tokio::select! {
        r = preflight(&session) => r.map_err(RunError::Unreachable),
        _ = session.interrupt.triggered() => Err(RunError::Interrupted),
    };
    if let Err(e) = probed {
        session.shutdown().await;
        return Err(e);
    }
    let session = Arc::new(session);
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let mut order = Vec::new();
    for (i, scenario) in suite.scenarios.iter().enumerate() {
        if select.as_ref().is_some_and(|f| !f(&scenario.spec.id)) {
            continue;
        }
        order.push(scenario.spec.id.clone());
        let (suite, session, permits) = (suite.clone(), session.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let scenario = &suite.scenarios[i];
            execute::run(&session, scenario).await
        });
    }
    let mut outcomes = std::collections::HashMap::new();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(o) => {
                outcomes.insert(o.id.clone(), o);
            }
            Err(e) => return Err(RunError::Harness(format!("a scenario task failed: {e}"))),
        }
    }
    let scenarios = order
        .iter()
        .map(|id| {
            outcomes.remove(id).unwrap_or_else(|| {
                let s = suite.scenario(id).expect("selected from the suite");
                skipped(s, "not run".to_string())
            })
        })
        .collect();
    let info = session.info.clone();
    let incomplete = session.interrupt.is_triggered();
    if let Ok(s) = Arc::try_unwrap(session) {
        s.shutdown().await;
    }
    let mut report = build_report(run_id, started_at, clock, &suite, info, scenarios);
    report.incomplete = incomplete;
    Ok(report)
}
