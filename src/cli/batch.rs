//! Running the suite without the trial console for the subcommands that print their
//! own summary (`compare`, `certify`, `expectations update`): one runtime, one run per
//! target, all targets at once, each with its own session (and embedded reference).

use std::sync::Arc;

use crate::cli::commands::{EXIT_FAILURES, EXIT_UNREACHABLE, EXIT_USAGE};
use crate::runner::batch::{run_batch, Selector};
use crate::runner::outcome::RunReport;
use crate::runner::session::SessionOptions;
use crate::runner::RunError;
use crate::scenario::Suite;
use crate::target::Profile;

/// Scenarios running at once per target: they mostly wait on the endpoint.
const CONCURRENCY: usize = 8;

/// Runs the whole suite against every profile concurrently; reports in profile order.
pub fn run_many(
    suite: Arc<Suite>,
    profiles: Vec<Profile>,
    opts: &SessionOptions,
    filter: Option<&str>,
) -> Result<Vec<RunReport>, u8> {
    let select: Option<Selector> = filter.map(|f| {
        let f = f.to_string();
        Arc::new(move |id: &str| id.contains(&f)) as Selector
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("error: cannot start the async runtime: {e}");
            EXIT_FAILURES
        })?;
    let results = runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for (i, p) in profiles.into_iter().enumerate() {
            let (suite, opts, select) = (suite.clone(), opts.clone(), select.clone());
            tasks.spawn(async move {
                let name = p.name.clone();
                (
                    i,
                    name,
                    run_batch(suite, p, &opts, select, CONCURRENCY).await,
                )
            });
        }
        let mut out = Vec::new();
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(r) => out.push(r),
                Err(e) => {
                    eprintln!("error: a run failed: {e}");
                }
            }
        }
        out.sort_by_key(|(i, _, _)| *i);
        out
    });
    let mut reports = Vec::new();
    let mut code = None;
    for (_, name, r) in results {
        match r {
            Ok(report) => reports.push(report),
            Err(e) => {
                eprintln!("error: target `{name}`: {e}");
                let c = match e {
                    RunError::Usage(_) => EXIT_USAGE,
                    RunError::Unreachable(_) => EXIT_UNREACHABLE,
                    RunError::Harness(_) => EXIT_FAILURES,
                };
                code = Some(code.map_or(c, |old: u8| old.min(c)));
            }
        }
    }
    match code {
        Some(c) => Err(c),
        None => Ok(reports),
    }
}

/// Runs the whole suite against one profile.
pub fn run_one(
    suite: Arc<Suite>,
    profile: Profile,
    opts: &SessionOptions,
) -> Result<RunReport, u8> {
    let mut reports = run_many(suite, vec![profile], opts, None)?;
    reports.pop().ok_or(EXIT_FAILURES)
}
