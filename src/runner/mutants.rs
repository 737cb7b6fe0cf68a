//! Proving the suite (`wbxconf mutants`): the whole suite against the embedded
//! reference once plain, once per defect switch and once per benign variation,
//! several runs at a time, each with its own reference and SMTP sink.
//!
//! The judgement, pure over the run reports ([`judge_defect`], [`judge_variation`],
//! [`Matrix::problems`]):
//! - the plain run passes every scenario (it is the yardstick);
//! - a defect is **caught** only by a scenario that covers one of the defect's
//!   clauses and reports a failed check tagged with one of them (`must` → a
//!   failure, `should` → a warning), outside the clean-up phase; a scenario that
//!   merely fell over elsewhere catches nothing;
//! - under a defect none of whose clauses is a BASE clause, every BASE scenario
//!   still passes (the defect is narrow, not a broken server);
//! - a variation breaks nothing (no scenario ends other than on the plain run);
//! - every scenario catches at least one defect, unless it says `smoke:` why not
//!   (a dead case certifies nothing); every clause has a defect.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::reference::{SwitchKind, SwitchRow, SWITCHES};
use crate::runner::batch::run_batch;
use crate::runner::outcome::{Level, Phase, RunReport, ScenarioOutcome, Verdict};
use crate::runner::session::SessionOptions;
use crate::runner::RunError;
use crate::scenario::Suite;
use crate::target::Profile;

/// The section whose scenarios every non-BASE defect must leave passing.
const BASE_SECTION: &str = "base";

/// What to run and how much at once.
#[derive(Debug, Clone)]
pub struct MutantsOptions {
    /// Whole-suite runs at the same time (each has its own reference and sink).
    pub jobs: usize,
    /// Scenarios at the same time within one run.
    pub scenarios_per_run: usize,
    /// Only these switches (by name); empty: every defect and variation. A subset
    /// cannot tell dead cases or clauses without a defect, so those are not judged.
    pub only: Vec<String>,
    /// Once triggered, no further run starts and the runs in flight stop after their
    /// clean-up; the matrix is then incomplete and must not be judged.
    pub interrupt: crate::runner::interrupt::Interrupt,
}

impl Default for MutantsOptions {
    fn default() -> MutantsOptions {
        MutantsOptions {
            jobs: 4,
            scenarios_per_run: 8,
            only: Vec::new(),
            interrupt: crate::runner::interrupt::Interrupt::new(),
        }
    }
}

/// One finished run, as the progress callback sees it.
#[derive(Debug, Clone)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// `plain`, or the switch name.
    pub name: String,
    pub line: String,
}

/// The whole result: what `wbxconf mutants` prints and writes.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub run_id: String,
    pub started_at: String,
    pub duration_ms: u64,
    pub suite_digest: String,
    /// Whether only some switches were run (`--defect`): dead cases are then not judged.
    pub subset: bool,
    pub plain: PlainResult,
    pub defects: Vec<DefectResult>,
    pub variations: Vec<VariationResult>,
    pub scenarios: Vec<ScenarioSummary>,
    /// Clauses of the catalogue no defect names (judged on full runs only).
    pub clauses_without_defect: Vec<String>,
    /// Clause ids a defect names that the catalogue does not know.
    pub unknown_clauses: Vec<String>,
}

/// A scenario that did not pass, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Broken {
    pub scenario: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlainResult {
    pub duration_ms: u64,
    /// Scenarios that did not pass on the plain reference, with their verdict.
    pub not_passing: Vec<Broken>,
}

/// A scenario that caught a defect, and on which check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catch {
    pub scenario: String,
    pub clause: String,
    pub level: Level,
    pub step: String,
    pub check: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DefectResult {
    pub name: String,
    pub clauses: Vec<String>,
    pub description: String,
    pub duration_ms: u64,
    /// One entry per catching scenario (its first catching check).
    pub caught_by: Vec<Catch>,
    /// Every scenario that ended other than on the plain run, with its verdict.
    pub broke: Vec<Broken>,
    /// BASE scenarios this defect broke although none of its clauses is a BASE clause.
    pub base_broken: Vec<String>,
    /// The run could not be made at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl DefectResult {
    pub fn caught(&self) -> bool {
        !self.caught_by.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VariationResult {
    pub name: String,
    pub description: String,
    pub duration_ms: u64,
    pub broke: Vec<Broken>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Per scenario: the defects it caught and whether it may catch none.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioSummary {
    pub id: String,
    pub caught: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smoke: Option<String>,
}

impl ScenarioSummary {
    /// Catches nothing and does not say why.
    pub fn dead(&self) -> bool {
        self.caught.is_empty() && self.smoke.is_none()
    }
}

impl Matrix {
    /// Everything that makes the proof fail, one line each; empty means proven.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.plain.not_passing {
            out.push(format!(
                "plain reference: {} is {:?}, not Pass (the yardstick must pass)",
                b.scenario, b.verdict
            ));
        }
        for d in &self.defects {
            if let Some(e) = &d.error {
                out.push(format!("defect {}: the run failed: {e}", d.name));
            } else if !d.caught() {
                out.push(format!(
                    "defect {} survives: no scenario covering {} failed a check of it",
                    d.name,
                    d.clauses.join("/")
                ));
            }
            for id in &d.base_broken {
                out.push(format!(
                    "defect {} (not a BASE defect) breaks the BASE scenario {id}",
                    d.name
                ));
            }
        }
        for v in &self.variations {
            if let Some(e) = &v.error {
                out.push(format!("variation {}: the run failed: {e}", v.name));
            }
            for b in &v.broke {
                out.push(format!(
                    "variation {} breaks {} ({:?}): a benign difference must not fail anything",
                    v.name, b.scenario, b.verdict
                ));
            }
        }
        if !self.subset {
            for s in self.scenarios.iter().filter(|s| s.dead()) {
                out.push(format!(
                    "dead case: {} catches no defect (add the defect it is about, or mark it `smoke:` with the reason)",
                    s.id
                ));
            }
            for c in &self.clauses_without_defect {
                out.push(format!("clause {c} has no defect switch"));
            }
        }
        for c in &self.unknown_clauses {
            out.push(format!(
                "a defect names {c}, which cases/clauses.yaml does not know"
            ));
        }
        out
    }

    pub fn proven(&self) -> bool {
        self.problems().is_empty()
    }
}

/// Whether a scenario covers only BASE clauses.
fn is_base_scenario(suite: &Suite, covers: &[String]) -> bool {
    !covers.is_empty()
        && covers.iter().all(|c| {
            suite
                .catalogue
                .clauses
                .iter()
                .any(|k| k.id == *c && k.section == BASE_SECTION)
        })
}

fn is_base_clause(suite: &Suite, id: &str) -> bool {
    suite
        .catalogue
        .clauses
        .iter()
        .any(|k| k.id == id && k.section == BASE_SECTION)
}

/// The first failed check of one of `clauses` in a scenario covering one of them.
pub fn catch_in(s: &ScenarioOutcome, clauses: &[&str]) -> Option<Catch> {
    if !s.covers.iter().any(|c| clauses.contains(&c.as_str())) {
        return None;
    }
    s.steps
        .iter()
        .filter(|step| step.phase != Phase::Cleanup)
        .find_map(|step| {
            step.checks.iter().find_map(|c| {
                let clause = c.clause.as_deref()?;
                (!c.passed && clauses.contains(&clause)).then(|| Catch {
                    scenario: s.id.clone(),
                    clause: clause.to_string(),
                    level: c.level,
                    step: step.name.clone(),
                    check: c.description.clone(),
                })
            })
        })
}

/// Scenarios that ended differently from the plain run (and not as a pass).
fn broken(plain: &RunReport, run: &RunReport) -> Vec<Broken> {
    let before: BTreeMap<&str, Verdict> = plain
        .scenarios
        .iter()
        .map(|s| (s.id.as_str(), s.verdict))
        .collect();
    run.scenarios
        .iter()
        .filter(|s| s.verdict != Verdict::Pass && before.get(s.id.as_str()) != Some(&s.verdict))
        .map(|s| Broken {
            scenario: s.id.clone(),
            verdict: s.verdict,
        })
        .collect()
}

/// Judges one defect's run against the plain one.
pub fn judge_defect(
    row: &SwitchRow,
    suite: &Suite,
    plain: &RunReport,
    run: &RunReport,
) -> DefectResult {
    let caught_by = run
        .scenarios
        .iter()
        .filter_map(|s| catch_in(s, row.clauses))
        .collect();
    let broke = broken(plain, run);
    let base_defect = row.clauses.iter().any(|c| is_base_clause(suite, c));
    let base_broken = if base_defect {
        Vec::new()
    } else {
        broke
            .iter()
            .filter(|b| {
                run.scenarios
                    .iter()
                    .any(|s| s.id == b.scenario && is_base_scenario(suite, &s.covers))
            })
            .map(|b| b.scenario.clone())
            .collect()
    };
    DefectResult {
        name: row.name.to_string(),
        clauses: row.clauses.iter().map(|c| c.to_string()).collect(),
        description: row.description.to_string(),
        duration_ms: run.duration_ms,
        caught_by,
        broke,
        base_broken,
        error: None,
    }
}

/// Judges one variation's run against the plain one.
pub fn judge_variation(row: &SwitchRow, plain: &RunReport, run: &RunReport) -> VariationResult {
    VariationResult {
        name: row.name.to_string(),
        description: row.description.to_string(),
        duration_ms: run.duration_ms,
        broke: broken(plain, run),
        error: None,
    }
}

/// The switches a run covers: all, or those named (every unknown name reported).
pub fn select_switches(only: &[String]) -> Result<Vec<&'static SwitchRow>, String> {
    if only.is_empty() {
        return Ok(SWITCHES.iter().collect());
    }
    let unknown: Vec<&str> = only
        .iter()
        .map(String::as_str)
        .filter(|n| !SWITCHES.iter().any(|r| r.name == *n))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown switch(es): {} (`wbxconf serve --defect list` lists them)",
            unknown.join(", ")
        ));
    }
    Ok(SWITCHES
        .iter()
        .filter(|r| only.iter().any(|n| n == r.name))
        .collect())
}

/// Puts the judged runs together with what the suite and the switch table say.
pub fn assemble(
    suite: &Suite,
    selected: &[&SwitchRow],
    plain: &RunReport,
    results: Vec<Result<RunReport, String>>,
    header: (String, String, u64),
) -> Matrix {
    let mut defects = Vec::new();
    let mut variations = Vec::new();
    for (row, result) in selected.iter().zip(results) {
        match (row.kind, result) {
            (SwitchKind::Defect, Ok(run)) => defects.push(judge_defect(row, suite, plain, &run)),
            (SwitchKind::Variation, Ok(run)) => variations.push(judge_variation(row, plain, &run)),
            (SwitchKind::Defect, Err(e)) => defects.push(DefectResult {
                name: row.name.to_string(),
                clauses: row.clauses.iter().map(|c| c.to_string()).collect(),
                description: row.description.to_string(),
                duration_ms: 0,
                caught_by: Vec::new(),
                broke: Vec::new(),
                base_broken: Vec::new(),
                error: Some(e),
            }),
            (SwitchKind::Variation, Err(e)) => variations.push(VariationResult {
                name: row.name.to_string(),
                description: row.description.to_string(),
                duration_ms: 0,
                broke: Vec::new(),
                error: Some(e),
            }),
        }
    }
    let mut caught: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for d in &defects {
        for c in &d.caught_by {
            caught
                .entry(c.scenario.as_str())
                .or_default()
                .push(d.name.clone());
        }
    }
    let scenarios = suite
        .scenarios
        .iter()
        .map(|s| ScenarioSummary {
            id: s.spec.id.clone(),
            caught: caught.remove(s.spec.id.as_str()).unwrap_or_default(),
            smoke: s.spec.smoke.clone(),
        })
        .collect();
    let named: BTreeSet<&str> = SWITCHES
        .iter()
        .flat_map(|r| r.clauses.iter().copied())
        .collect();
    let known: BTreeSet<&str> = suite
        .catalogue
        .clauses
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let (run_id, started_at, duration_ms) = header;
    Matrix {
        run_id,
        started_at,
        duration_ms,
        suite_digest: suite.digest.clone(),
        subset: selected.len() < SWITCHES.len(),
        plain: PlainResult {
            duration_ms: plain.duration_ms,
            not_passing: plain
                .scenarios
                .iter()
                .filter(|s| !matches!(s.verdict, Verdict::Pass | Verdict::Skip))
                .map(|s| Broken {
                    scenario: s.id.clone(),
                    verdict: s.verdict,
                })
                .collect(),
        },
        defects,
        variations,
        scenarios,
        clauses_without_defect: known.difference(&named).map(|c| c.to_string()).collect(),
        unknown_clauses: named.difference(&known).map(|c| c.to_string()).collect(),
    }
}

/// Runs the suite plain, then once per selected switch (`opts.jobs` at a time),
/// and judges the runs. `progress` hears of each finished run.
pub async fn run_mutants(
    suite: Arc<Suite>,
    profile: Profile,
    opts: &MutantsOptions,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Matrix, RunError> {
    if !profile.is_embedded() {
        return Err(RunError::Usage(format!(
            "target profile `{}` is not the embedded reference: defect switches exist only there",
            profile.name
        )));
    }
    let selected = select_switches(&opts.only).map_err(RunError::Usage)?;
    let run_id = crate::runner::run::new_run_id();
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let clock = Instant::now();
    let total = selected.len() + 1;
    let per_run = opts.scenarios_per_run.max(1);

    let plain = run_batch(
        suite.clone(),
        profile.clone(),
        &SessionOptions {
            interrupt: opts.interrupt.clone(),
            ..SessionOptions::default()
        },
        None,
        per_run,
    )
    .await?;
    progress(Progress {
        done: 1,
        total,
        name: "plain".to_string(),
        line: format!(
            "plain: {} of {} scenarios pass ({:.1}s)",
            plain.totals.passed,
            plain.totals.scenarios,
            plain.duration_ms as f64 / 1000.0
        ),
    });
    let header = |clock: Instant| {
        (
            run_id.clone(),
            started_at.clone(),
            u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
        )
    };
    if plain
        .scenarios
        .iter()
        .any(|s| !matches!(s.verdict, Verdict::Pass | Verdict::Skip))
    {
        // Nothing can be judged against a yardstick that does not hold.
        return Ok(assemble(&suite, &[], &plain, Vec::new(), header(clock)));
    }

    let permits = Arc::new(Semaphore::new(opts.jobs.max(1)));
    let mut tasks = JoinSet::new();
    for (i, row) in selected.iter().enumerate() {
        let (suite, profile, permits) = (suite.clone(), profile.clone(), permits.clone());
        let name = row.name.to_string();
        let interrupt = opts.interrupt.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            if interrupt.is_triggered() {
                return (i, Err("not run: interrupted".to_string()));
            }
            let session = SessionOptions {
                extra_switches: vec![name],
                interrupt,
                ..SessionOptions::default()
            };
            let result = run_batch(suite, profile, &session, None, per_run)
                .await
                .map_err(|e| e.to_string());
            (i, result)
        });
    }
    let mut results: Vec<Option<Result<RunReport, String>>> = vec![None; selected.len()];
    let mut done = 1;
    while let Some(joined) = tasks.join_next().await {
        let (i, result) =
            joined.map_err(|e| RunError::Harness(format!("a mutant run failed: {e}")))?;
        done += 1;
        let row = selected[i];
        progress(Progress {
            done,
            total,
            name: row.name.to_string(),
            line: progress_line(row, &suite, &plain, &result),
        });
        results[i] = Some(result);
    }
    let results = results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not run".to_string())))
        .collect();
    Ok(assemble(&suite, &selected, &plain, results, header(clock)))
}

fn progress_line(
    row: &SwitchRow,
    suite: &Suite,
    plain: &RunReport,
    result: &Result<RunReport, String>,
) -> String {
    let run = match result {
        Ok(r) => r,
        Err(e) => return format!("{}: run failed: {e}", row.name),
    };
    let secs = run.duration_ms as f64 / 1000.0;
    match row.kind {
        SwitchKind::Defect => {
            let d = judge_defect(row, suite, plain, run);
            let by: Vec<&str> = d.caught_by.iter().map(|c| c.scenario.as_str()).collect();
            if by.is_empty() {
                format!("defect {}: SURVIVES ({secs:.1}s)", row.name)
            } else {
                format!(
                    "defect {}: caught by {} ({} broken, {secs:.1}s)",
                    row.name,
                    by.join(", "),
                    d.broke.len()
                )
            }
        }
        SwitchKind::Variation => {
            let v = judge_variation(row, plain, run);
            if v.broke.is_empty() {
                format!("variation {}: nothing broken ({secs:.1}s)", row.name)
            } else {
                let ids: Vec<&str> = v.broke.iter().map(|b| b.scenario.as_str()).collect();
                format!(
                    "variation {}: BREAKS {} ({secs:.1}s)",
                    row.name,
                    ids.join(", ")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{CheckOutcome, StepOutcome, TargetInfo, Totals};

    fn suite() -> Suite {
        crate::scenario::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the repository's suite loads")
    }

    /// `(phase, clause, level, passed)` of each check, one step each.
    type Spec<'a> = (Phase, Option<&'a str>, Level, bool);

    fn outcome(id: &str, covers: &[&str], verdict: Verdict, checks: &[Spec]) -> ScenarioOutcome {
        let steps = checks
            .iter()
            .enumerate()
            .map(|(i, (phase, clause, level, passed))| StepOutcome {
                index: i + 1,
                phase: *phase,
                name: format!("step {}", i + 1),
                line: 0,
                actor: "host".into(),
                call: "GetUser".into(),
                verdict: if *passed {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                },
                reason: None,
                duration_ms: 0,
                request: None,
                http_status: None,
                response: None,
                checks: vec![CheckOutcome {
                    kind: "path".into(),
                    description: format!("check {}", i + 1),
                    level: *level,
                    clause: clause.map(str::to_string),
                    passed: *passed,
                    expected: None,
                    actual: None,
                    differences: Vec::new(),
                    diff: None,
                    hint: None,
                    line: 0,
                }],
                captured: Vec::new(),
            })
            .collect();
        ScenarioOutcome {
            id: id.into(),
            title: id.into(),
            file: format!("cases/{id}.yaml"),
            line: 1,
            covers: covers.iter().map(|c| c.to_string()).collect(),
            verdict,
            reason: None,
            duration_ms: 0,
            steps,
            mails: Vec::new(),
            replay: None,
        }
    }

    fn report(scenarios: Vec<ScenarioOutcome>) -> RunReport {
        RunReport {
            run_id: "r".into(),
            started_at: String::new(),
            finished_at: String::new(),
            duration_ms: 1500,
            harness_version: String::new(),
            suite_digest: String::new(),
            target: TargetInfo::default(),
            incomplete: false,
            totals: Totals::count(&scenarios),
            scenarios,
        }
    }

    fn row(name: &str) -> &'static SwitchRow {
        SWITCHES
            .iter()
            .find(|r| r.name == name)
            .expect("a known switch")
    }

    const MUST: Level = Level::Must;

    #[test]
    fn only_a_failed_check_of_the_clause_in_a_covering_scenario_catches() {
        let expired = ["REC-17"];
        let tagged = outcome(
            "recurring/expired-occurrences",
            &["REC-17", "REC-3"],
            Verdict::Fail,
            &[(Phase::Steps, Some("REC-17"), MUST, false)],
        );
        let c = catch_in(&tagged, &expired).expect("caught");
        assert_eq!(
            (c.scenario.as_str(), c.clause.as_str()),
            ("recurring/expired-occurrences", "REC-17")
        );

        let other_clause = outcome(
            "x",
            &["REC-17", "REC-3"],
            Verdict::Fail,
            &[(Phase::Steps, Some("REC-3"), MUST, false)],
        );
        let untagged = outcome(
            "x",
            &["REC-17"],
            Verdict::Fail,
            &[(Phase::Steps, None, MUST, false)],
        );
        let not_covering = outcome(
            "x",
            &["REC-3"],
            Verdict::Fail,
            &[(Phase::Steps, Some("REC-17"), MUST, false)],
        );
        let in_cleanup = outcome(
            "x",
            &["REC-17"],
            Verdict::Fail,
            &[(Phase::Cleanup, Some("REC-17"), MUST, false)],
        );
        let passed = outcome(
            "x",
            &["REC-17"],
            Verdict::Pass,
            &[(Phase::Steps, Some("REC-17"), MUST, true)],
        );
        for s in [other_clause, untagged, not_covering, in_cleanup, passed] {
            assert_eq!(catch_in(&s, &expired), None, "{:?}", s.steps[0].checks[0]);
        }
        let warning = outcome(
            "x",
            &["REC-5"],
            Verdict::Warn,
            &[(Phase::Steps, Some("REC-5"), Level::Should, false)],
        );
        assert_eq!(
            catch_in(&warning, &["REC-5"]).map(|c| c.level),
            Some(Level::Should)
        );
    }

    #[test]
    fn a_narrow_defect_must_leave_base_scenarios_passing() {
        let suite = suite();
        let pass = |id: &str, covers: &[&str]| outcome(id, covers, Verdict::Pass, &[]);
        let plain = report(vec![
            pass("base/empty-list", &["BASE-EMPTY"]),
            pass("recurring/expired-occurrences", &["REC-17"]),
        ]);
        let run = report(vec![
            outcome(
                "base/empty-list",
                &["BASE-EMPTY"],
                Verdict::Fail,
                &[(Phase::Steps, None, MUST, false)],
            ),
            outcome(
                "recurring/expired-occurrences",
                &["REC-17"],
                Verdict::Fail,
                &[(Phase::Steps, Some("REC-17"), MUST, false)],
            ),
        ]);
        let narrow = judge_defect(row("list-keeps-expired-occurrences"), &suite, &plain, &run);
        assert!(narrow.caught());
        assert_eq!(narrow.base_broken, vec!["base/empty-list".to_string()]);
        assert_eq!(narrow.broke.len(), 2);
        let base = judge_defect(row("empty-list-success"), &suite, &plain, &run);
        assert!(
            base.base_broken.is_empty(),
            "a BASE defect may break BASE scenarios"
        );
        assert!(!base.caught(), "the failure is not tagged BASE-EMPTY");
    }

    #[test]
    fn a_variation_breaks_on_any_verdict_but_pass_and_dead_cases_are_named() {
        let suite = suite();
        let all_pass: Vec<ScenarioOutcome> = suite
            .scenarios
            .iter()
            .map(|s| {
                let covers: Vec<&str> = s.spec.covers.iter().map(String::as_str).collect();
                outcome(&s.spec.id, &covers, Verdict::Pass, &[])
            })
            .collect();
        let plain = report(all_pass.clone());
        let mut warned = all_pass.clone();
        warned[0].verdict = Verdict::Warn;
        let variation = judge_variation(row("pretty-printed"), &plain, &report(warned));
        assert_eq!(variation.broke.len(), 1);

        // Every switch run, none catching: every scenario without `smoke:` is dead.
        let results = SWITCHES.iter().map(|_| Ok(plain.clone())).collect();
        let selected: Vec<&SwitchRow> = SWITCHES.iter().collect();
        let m = assemble(
            &suite,
            &selected,
            &plain,
            results,
            ("id".into(), String::new(), 0),
        );
        assert!(!m.subset);
        let problems = m.problems();
        assert!(problems.iter().any(|p| p.contains("survives")));
        assert_eq!(
            problems
                .iter()
                .filter(|p| p.starts_with("dead case"))
                .count(),
            suite
                .scenarios
                .iter()
                .filter(|s| s.spec.smoke.is_none())
                .count()
        );
        assert!(
            m.clauses_without_defect.is_empty(),
            "{:?}",
            m.clauses_without_defect
        );
        assert!(m.unknown_clauses.is_empty(), "{:?}", m.unknown_clauses);

        // A subset run judges what it ran, not dead cases.
        let one = vec![row("pretty-printed")];
        let m = assemble(
            &suite,
            &one,
            &plain,
            vec![Ok(plain.clone())],
            ("id".into(), String::new(), 0),
        );
        assert!(m.subset && m.proven(), "{:?}", m.problems());
    }

    #[test]
    fn a_failing_yardstick_and_unknown_names_are_reported() {
        let suite = suite();
        let plain = report(vec![outcome(
            "base/empty-list",
            &["BASE-EMPTY"],
            Verdict::Fail,
            &[],
        )]);
        let m = assemble(
            &suite,
            &[],
            &plain,
            Vec::new(),
            ("id".into(), String::new(), 0),
        );
        assert!(m
            .problems()
            .iter()
            .any(|p| p.starts_with("plain reference: base/empty-list")));
        let err = select_switches(&["pretty-printed".into(), "nope".into()]).unwrap_err();
        assert!(err.contains("nope") && !err.contains("pretty"), "{err}");
        assert_eq!(select_switches(&[]).map(|s| s.len()), Ok(SWITCHES.len()));
    }
}
