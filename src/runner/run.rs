//! A whole run: start the target session, turn every scenario into a libtest-mimic
//! trial (so `--list`, filters, `--exact`, `--ignored` and `--test-threads` behave as in
//! `cargo test`), collect every outcome, and hand the report to the reporters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use libtest_mimic::{Arguments, Failed, Trial};

use crate::runner::execute;
use crate::runner::outcome::{RunReport, ScenarioOutcome, Totals, Verdict};
use crate::runner::session::{Session, SessionOptions, StartError};
use crate::scenario::Suite;
use crate::target::Profile;

pub struct RunOptions {
    pub target: Profile,
    pub session: SessionOptions,
    /// Filters, `--list`, `--exact`, `--ignored`, `--test-threads`, as libtest parses them.
    pub args: Arguments,
}

/// Why a run could not happen at all.
#[derive(Debug)]
pub enum RunError {
    /// Bad profile or options (exit 2).
    Usage(String),
    /// The target cannot be reached (exit 3).
    Unreachable(String),
    /// The harness failed.
    Harness(String),
    /// Ctrl-C before any scenario started (exit 130); nothing was sent but the probe.
    Interrupted,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Usage(m) | RunError::Harness(m) => f.write_str(m),
            RunError::Unreachable(m) => write!(f, "target unreachable: {m}"),
            RunError::Interrupted => f.write_str("interrupted before any scenario started"),
        }
    }
}

/// A finished run. `report` is None for `--list`.
pub struct RunResult {
    pub report: Option<RunReport>,
}

pub fn new_run_id() -> String {
    let now = chrono::Utc::now();
    let nanos = now.timestamp_subsec_nanos();
    format!(
        "{}-{:04x}",
        now.format("%Y%m%d-%H%M%S"),
        (nanos ^ std::process::id()) & 0xffff
    )
}

/// Runs the suite (or the scenarios the filters select) against `opts.target`.
pub fn run(suite: Arc<Suite>, opts: RunOptions) -> Result<RunResult, RunError> {
    let args = opts.args;
    if args.list {
        let trials = suite
            .scenarios
            .iter()
            .map(|s| Trial::test(s.spec.id.clone(), || Ok(())).with_kind(section_of(&s.spec.id)))
            .collect();
        let _ = libtest_mimic::run(&args, trials);
        return Ok(RunResult { report: None });
    }
    let runtime = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| RunError::Harness(format!("cannot start the async runtime: {e}")))?,
    );
    let run_id = new_run_id();
    let started_at = chrono::Utc::now();
    let clock = Instant::now();
    // Listening from the start: a probe of a silent target can take its whole timeout.
    let interrupt = opts.session.interrupt.clone();
    interrupt.on_ctrl_c(&runtime);
    let session = runtime
        .block_on(Session::start(opts.target, &suite, &run_id, &opts.session))
        .map_err(|e| match e {
            StartError::Config(m) => RunError::Usage(m),
            StartError::Unreachable(m) => RunError::Unreachable(m),
            StartError::Harness(m) => RunError::Harness(m),
        })?;
    let probed = runtime.block_on(async {
        tokio::select! {
            r = preflight(&session) => r.map_err(RunError::Unreachable),
            _ = interrupt.triggered() => Err(RunError::Interrupted),
        }
    });
    if let Err(e) = probed {
        runtime.block_on(session.shutdown());
        return Err(e);
    }
    let session = Arc::new(session);
    let outcomes: Arc<Mutex<HashMap<String, ScenarioOutcome>>> = Arc::default();

    let mut trials = Vec::new();
    let mut skipped_upfront = Vec::new();
    for (i, scenario) in suite.scenarios.iter().enumerate() {
        let id = scenario.spec.id.clone();
        if let Some(reason) = execute::skip_reason(&session, scenario) {
            // Known before running: shown as ignored by the trial engine, reported as skipped.
            skipped_upfront.push((id.clone(), reason));
            trials.push(
                Trial::test(id, || Ok(()))
                    .with_kind(section_of(&scenario.spec.id))
                    .with_ignored_flag(true),
            );
            continue;
        }
        let (suite, session, runtime, outcomes, interrupt) = (
            suite.clone(),
            session.clone(),
            runtime.clone(),
            outcomes.clone(),
            interrupt.clone(),
        );
        trials.push(
            Trial::test(id.clone(), move || {
                let scenario = &suite.scenarios[i];
                let outcome = runtime.block_on(execute::run(&session, scenario));
                let verdict = outcome.verdict;
                let message = failure_message(&outcome);
                let reason = outcome.reason.clone();
                outcomes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(id, outcome);
                match verdict {
                    // The console must not call a scenario that never ran "ok": after
                    // Ctrl-C its summary line would read as a green run.
                    Verdict::Skip if interrupt.is_triggered() => {
                        Err(Failed::from(reason.unwrap_or_else(|| {
                            "not run: the run was interrupted".into()
                        })))
                    }
                    Verdict::Pass | Verdict::Warn | Verdict::Skip => Ok(()),
                    _ => Err(Failed::from(message)),
                }
            })
            .with_kind(section_of(&scenario.spec.id)),
        );
    }
    let _conclusion = libtest_mimic::run(&args, trials);

    let mut collected = std::mem::take(&mut *outcomes.lock().unwrap_or_else(|e| e.into_inner()));
    let mut scenarios = Vec::new();
    for s in &suite.scenarios {
        if let Some(o) = collected.remove(&s.spec.id) {
            scenarios.push(o);
        } else if let Some((_, reason)) = skipped_upfront.iter().find(|(id, _)| id == &s.spec.id) {
            if selected(&args, &s.spec.id) {
                scenarios.push(skipped(s, reason.clone()));
            }
        }
    }
    let session = Arc::try_unwrap(session).ok();
    let info = session.as_ref().map(|s| s.info.clone()).unwrap_or_default();
    if let Some(s) = session {
        runtime.block_on(s.shutdown());
    }
    let mut report = build_report(run_id, started_at, clock, &suite, info, scenarios);
    report.incomplete = interrupt.is_triggered();
    Ok(RunResult {
        report: Some(report),
    })
}

/// The report of a finished run.
pub(crate) fn build_report(
    run_id: String,
    started_at: chrono::DateTime<chrono::Utc>,
    clock: Instant,
    suite: &Suite,
    target: crate::runner::outcome::TargetInfo,
    scenarios: Vec<ScenarioOutcome>,
) -> RunReport {
    let finished_at = chrono::Utc::now();
    RunReport {
        run_id,
        started_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        finished_at: finished_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        duration_ms: clock.elapsed().as_millis() as u64,
        harness_version: env!("CARGO_PKG_VERSION").to_string(),
        suite_digest: suite.digest.clone(),
        target,
        incomplete: false,
        totals: Totals::count(&scenarios),
        scenarios,
    }
}

/// Whether libtest's filter selects `name` (substring, or exact with `--exact`; `--skip` excludes).
fn selected(args: &Arguments, name: &str) -> bool {
    let matches = |f: &str| {
        if args.exact {
            name == f
        } else {
            name.contains(f)
        }
    };
    let included = args.filter.as_deref().is_none_or(matches);
    let skipped = args.skip.iter().any(|s| matches(s));
    included && !skipped
}

fn section_of(id: &str) -> String {
    id.split('/').next().unwrap_or("").to_string()
}

pub(crate) fn skipped(s: &crate::scenario::Scenario, reason: String) -> ScenarioOutcome {
    ScenarioOutcome {
        id: s.spec.id.clone(),
        title: s.spec.title.clone(),
        file: s.file.to_string_lossy().replace('\\', "/"),
        line: s.line,
        covers: s.spec.covers.clone(),
        verdict: Verdict::Skip,
        reason: Some(reason),
        duration_ms: 0,
        steps: Vec::new(),
        mails: Vec::new(),
        replay: None,
    }
}

/// The short failure text libtest prints under the trial; the full story is in the reports.
fn failure_message(o: &ScenarioOutcome) -> String {
    let mut lines = Vec::new();
    for step in &o.steps {
        for c in step.checks.iter().filter(|c| !c.passed) {
            let what = match (&c.expected, &c.actual) {
                (Some(e), Some(a)) => format!(" — expected {e}, got {a}"),
                (None, Some(a)) => format!(" — {a}"),
                _ if !c.differences.is_empty() => {
                    format!(" — {} difference(s):", c.differences.len())
                }
                _ => String::new(),
            };
            lines.push(format!(
                "{}:{}: step {} `{}`: {}{what}",
                o.file,
                c.line_or(if step.line > 0 { step.line } else { o.line }),
                step.index,
                step.name,
                c.description
            ));
            for d in c.differences.iter().take(10) {
                lines.push(format!(
                    "    {} at {}: expected {}, got {}",
                    d.kind,
                    d.actual_path,
                    d.expected.as_deref().unwrap_or("-"),
                    d.actual.as_deref().unwrap_or("-")
                ));
            }
        }
        // A transport failure is both the step's reason and its failed check: say it once.
        let said = |r: &String| step.checks.iter().any(|c| c.actual.as_ref() == Some(r));
        if let (Some(reason), true) = (&step.reason, step.verdict.is_failure()) {
            if said(reason) {
                continue;
            }
            lines.push(format!(
                "{}:{}: step {} `{}`: {reason}",
                o.file,
                if step.line > 0 { step.line } else { o.line },
                step.index,
                step.name
            ));
        }
    }
    if lines.is_empty() {
        lines.push(o.reason.clone().unwrap_or_else(|| "failed".to_string()));
    }
    lines.join("\n")
}

/// Whether the endpoint answers at all, before any scenario runs (exit 3 otherwise).
pub(crate) async fn preflight(session: &Session) -> Result<(), String> {
    let doc =
        crate::api::envelope::request(&[], "java:com.webex.service.binding.ep.GetAPIVersion", "");
    match session
        .client
        .post(&session.url, doc, "preflight", "GetAPIVersion")
        .await
    {
        Ok(_) => Ok(()),
        Err(e @ crate::client::TransportError::Connect(_))
        | Err(e @ crate::client::TransportError::Timeout(_)) => {
            Err(session.masker.mask(&format!("{}: {e}", session.url)))
        }
        // It answered something: judging what is the scenarios' job.
        Err(_) => Ok(()),
    }
}
