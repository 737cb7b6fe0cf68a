//! Running the suite without the trial console for the subcommands that print their
//! own summary (`compare`, `certify`, `expectations update`): one runtime, one run per
//! target, all targets at once, each with its own session (and embedded reference).
//!
//! Ctrl-C stops every run after its scenarios' clean-up; nothing is then built from the
//! partial results (a comparison, certificate or expectations file of half a suite
//! would mislead), and the command exits 130.

use std::sync::Arc;

use crate::cli::commands::{
    Selection, EXIT_FAILURES, EXIT_INTERRUPTED, EXIT_UNREACHABLE, EXIT_USAGE,
};
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
    selection: Selection,
) -> Result<Vec<RunReport>, u8> {
    selection.check_env(&suite)?;
    let select: Option<Selector> = Some(selection.selector());
    let runtime = crate::cli::commands::runtime()?;
    opts.interrupt.on_ctrl_c(&runtime);
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
                    RunError::Interrupted => EXIT_INTERRUPTED,
                };
                code = Some(code.map_or(c, |old: u8| old.min(c)));
            }
        }
    }
    if opts.interrupt.is_triggered() {
        eprintln!("interrupted: the clean-up ran; nothing was written from the partial results");
        return Err(EXIT_INTERRUPTED);
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
    let mut reports = run_many(suite, vec![profile], opts, Selection::default())?;
    reports.pop().ok_or(EXIT_FAILURES)
}
