//! A run held against its expectations file: which failures were expected, which are
//! regressions, which entries are stale or expired. Pure: the day is a parameter.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::expectations::{Expectation, ExpectationsFile};
use crate::replay::Normalizer;
use crate::runner::outcome::{Level, Phase, RunReport, ScenarioOutcome, Verdict};

/// One failure of a run, named so that an expectations entry can match it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub scenario: String,
    /// The step's name, when the failure is in a step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The failing check's key (its description with run-specific values named), or
    /// why the step failed when no check says.
    pub check: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

impl Failure {
    pub fn describe(&self) -> String {
        let mut s = format!("`{}`", self.scenario);
        if let Some(step) = &self.step {
            s.push_str(&format!(" step `{step}`"));
        }
        s.push_str(&format!(": {}", self.check));
        s
    }
}

/// An entry and why it fails the gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryProblem {
    pub entry: Expectation,
    pub why: String,
}

/// The gate's verdict on a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Gate {
    /// Failures no entry lists.
    pub regressions: Vec<Failure>,
    /// Entries whose failure did not happen although their scenario ran.
    pub stale: Vec<EntryProblem>,
    /// Entries past their expiry day.
    pub expired: Vec<EntryProblem>,
    /// Entries naming a scenario the suite does not have.
    pub unknown: Vec<EntryProblem>,
    /// Failures an entry lists.
    pub expected: Vec<Failure>,
    /// Entries whose scenario was not run or was skipped (another partition, a filter,
    /// a missing capability): neither confirmed nor stale.
    pub not_evaluated: Vec<Expectation>,
}

impl Gate {
    /// Whether the run matches its expectations.
    pub fn passed(&self) -> bool {
        self.regressions.is_empty()
            && self.stale.is_empty()
            && self.expired.is_empty()
            && self.unknown.is_empty()
    }
}

/// Every failure of a run: each failing `must` check of a step that ran (clean-up
/// excepted: its failures are warnings), or the step's reason when no check says.
pub fn failures(run: &RunReport) -> Vec<Failure> {
    run.scenarios.iter().flat_map(scenario_failures).collect()
}

fn scenario_failures(s: &ScenarioOutcome) -> Vec<Failure> {
    let mut out = Vec::new();
    if !s.verdict.is_failure() {
        return out;
    }
    let norm = Normalizer::for_scenario(s);
    for step in &s.steps {
        if step.phase == Phase::Cleanup || !step.verdict.is_failure() {
            continue;
        }
        let before = out.len();
        for c in step
            .checks
            .iter()
            .filter(|c| !c.passed && c.level == Level::Must)
        {
            out.push(Failure {
                scenario: s.id.clone(),
                step: Some(step.name.clone()),
                check: norm.apply(&c.description),
                clause: c.clause.clone(),
            });
        }
        if out.len() == before {
            out.push(Failure {
                scenario: s.id.clone(),
                step: Some(step.name.clone()),
                check: norm.apply(step.reason.as_deref().unwrap_or("the step failed")),
                clause: None,
            });
        }
    }
    if out.is_empty() {
        out.push(Failure {
            scenario: s.id.clone(),
            step: None,
            check: s.reason.clone().unwrap_or_else(|| "failed".to_string()),
            clause: None,
        });
    }
    out
}

fn matches(e: &Expectation, f: &Failure) -> bool {
    e.scenario == f.scenario
        && e.step
            .as_ref()
            .is_none_or(|s| f.step.as_deref() == Some(s.as_str()))
        && e.check
            .as_ref()
            .is_none_or(|c| c.trim() == f.check.trim() || f.clause.as_deref() == Some(c.trim()))
}

/// Holds `run` against `file` on `today`. `suite_ids`, when known, lets entries
/// naming a scenario that no longer exists be reported.
pub fn evaluate(
    run: &RunReport,
    file: &ExpectationsFile,
    today: NaiveDate,
    suite_ids: Option<&BTreeSet<String>>,
) -> Gate {
    let mut gate = Gate::default();
    let all = failures(run);
    let mut matched = vec![false; file.known_failures.len()];
    for f in all {
        let mut hit = false;
        for (i, e) in file.known_failures.iter().enumerate() {
            if matches(e, &f) {
                matched[i] = true;
                hit = true;
            }
        }
        if hit {
            gate.expected.push(f);
        } else {
            gate.regressions.push(f);
        }
    }
    for (i, e) in file.known_failures.iter().enumerate() {
        if let Some(day) = e.expiry() {
            if day < today {
                gate.expired.push(EntryProblem {
                    entry: e.clone(),
                    why: format!(
                        "expired on {day}: fix the failure or renew the entry with a reason"
                    ),
                });
            }
        }
        if suite_ids.is_some_and(|ids| !ids.contains(&e.scenario)) {
            gate.unknown.push(EntryProblem {
                entry: e.clone(),
                why: "the suite has no such scenario: remove the entry".to_string(),
            });
            continue;
        }
        if matched[i] {
            continue;
        }
        match run.scenarios.iter().find(|s| s.id == e.scenario) {
            None => gate.not_evaluated.push(e.clone()),
            Some(s) if s.verdict == Verdict::Skip => gate.not_evaluated.push(e.clone()),
            Some(s) => gate.stale.push(EntryProblem {
                entry: e.clone(),
                why: if s.verdict.is_failure() {
                    "the scenario still fails, but not this way: tighten or remove the entry"
                        .to_string()
                } else {
                    "this failure is gone (the scenario passes): remove the entry".to_string()
                },
            }),
        }
    }
    gate
}

/// The current failures as a file for review: entries of `previous` that still match
/// keep their reason and expiry, entries for scenarios this run did not evaluate are
/// kept, and each new failure gets a reason to fill in.
pub fn update(run: &RunReport, previous: &ExpectationsFile) -> ExpectationsFile {
    let mut out = ExpectationsFile {
        target: previous
            .target
            .clone()
            .or_else(|| Some(run.target.name.clone())),
        known_failures: Vec::new(),
    };
    let evaluated: BTreeSet<&str> = run
        .scenarios
        .iter()
        .filter(|s| s.verdict != Verdict::Skip)
        .map(|s| s.id.as_str())
        .collect();
    let all = failures(run);
    let mut covered = vec![false; all.len()];
    for e in &previous.known_failures {
        let hits: Vec<usize> = (0..all.len()).filter(|i| matches(e, &all[*i])).collect();
        if !evaluated.contains(e.scenario.as_str()) || !hits.is_empty() {
            for i in hits {
                covered[i] = true;
            }
            out.known_failures.push(e.clone());
        }
    }
    for (f, done) in all.iter().zip(covered) {
        // Two failing checks that read alike (same key, different clauses) are one entry.
        let listed = out.known_failures.iter().any(|e| {
            e.scenario == f.scenario && e.step == f.step && e.check.as_deref() == Some(&f.check)
        });
        if done || listed {
            continue;
        }
        out.known_failures.push(Expectation {
            scenario: f.scenario.clone(),
            step: f.step.clone(),
            check: Some(f.check.clone()),
            reason: "TODO: say why this failure is accepted (a ticket, a vendor statement)"
                .to_string(),
            expires: None,
        });
    }
    out
}

/// The gate's findings as Markdown (`gate.md` and the terminal).
pub fn write_markdown(g: &Gate, file_name: &str, out: &mut String) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "# Regression gate: {}\n\nExpectations file: `{file_name}`\n",
        if g.passed() { "PASSED" } else { "FAILED" }
    );
    let mut section = |title: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(out, "## {title} ({})\n", lines.len());
        for l in lines {
            let _ = writeln!(out, "- {l}");
        }
        let _ = writeln!(out);
    };
    section(
        "Regressions: failures the file does not list",
        g.regressions.iter().map(Failure::describe).collect(),
    );
    section(
        "Stale entries: listed failures that did not happen",
        g.stale
            .iter()
            .map(|p| format!("{}: {}", p.entry.describe(), p.why))
            .collect(),
    );
    section(
        "Expired entries",
        g.expired
            .iter()
            .map(|p| format!("{}: {}", p.entry.describe(), p.why))
            .collect(),
    );
    section(
        "Unknown scenarios",
        g.unknown
            .iter()
            .map(|p| format!("{}: {}", p.entry.describe(), p.why))
            .collect(),
    );
    section(
        "Expected failures",
        g.expected.iter().map(Failure::describe).collect(),
    );
    section(
        "Not evaluated in this run (not run or skipped)",
        g.not_evaluated.iter().map(Expectation::describe).collect(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{CheckOutcome, StepOutcome, TargetInfo, Totals};

    fn run(failing: &[(&str, &str)], passing: &[&str]) -> RunReport {
        let mut scenarios = Vec::new();
        for (id, check) in failing {
            scenarios.push(scenario(id, Some(check)));
        }
        for id in passing {
            scenarios.push(scenario(id, None));
        }
        RunReport {
            run_id: "r".into(),
            started_at: String::new(),
            finished_at: String::new(),
            duration_ms: 0,
            harness_version: String::new(),
            suite_digest: String::new(),
            target: TargetInfo::default(),
            incomplete: false,
            totals: Totals::count(&scenarios),
            scenarios,
        }
    }

    fn scenario(id: &str, failing_check: Option<&str>) -> ScenarioOutcome {
        let verdict = if failing_check.is_some() {
            Verdict::Fail
        } else {
            Verdict::Pass
        };
        ScenarioOutcome {
            id: id.into(),
            title: String::new(),
            file: String::new(),
            line: 1,
            covers: Vec::new(),
            verdict,
            reason: None,
            duration_ms: 0,
            steps: vec![StepOutcome {
                index: 1,
                phase: Phase::Steps,
                name: "lists".into(),
                line: 1,
                actor: "host".into(),
                call: "LstsummarySession".into(),
                verdict,
                reason: None,
                duration_ms: 0,
                request: None,
                http_status: Some(200),
                response: None,
                checks: vec![CheckOutcome {
                    kind: "count".into(),
                    description: failing_check.unwrap_or("ok").into(),
                    level: Level::Must,
                    clause: Some("REC-4".into()),
                    passed: failing_check.is_none(),
                    expected: None,
                    actual: None,
                    differences: Vec::new(),
                    diff: None,
                    hint: None,
                    line: 0,
                }],
                captured: Vec::new(),
            }],
            mails: Vec::new(),
            replay: None,
        }
    }

    fn entry(scenario: &str, check: Option<&str>) -> Expectation {
        Expectation {
            scenario: scenario.into(),
            step: None,
            check: check.map(Into::into),
            reason: "known".into(),
            expires: None,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
    }

    #[test]
    fn listed_failures_pass_the_gate_and_others_are_named() {
        let r = run(&[("a/x", "count(//s) = 2"), ("a/y", "boom")], &["a/z"]);
        let file = ExpectationsFile {
            target: None,
            known_failures: vec![
                entry("a/x", Some("count(//s) = 2")),
                entry("a/z", None),
                entry("a/w", None),
            ],
        };
        let g = evaluate(&r, &file, day(), None);
        assert!(!g.passed());
        assert_eq!(g.expected.len(), 1);
        assert_eq!(g.regressions.len(), 1);
        assert_eq!(g.regressions[0].scenario, "a/y");
        assert_eq!(g.stale.len(), 1);
        assert_eq!(g.stale[0].entry.scenario, "a/z");
        assert_eq!(g.not_evaluated.len(), 1, "a/w was not in this run");
        let mut md = String::new();
        write_markdown(&g, "f.yaml", &mut md);
        assert!(md.contains("Regressions") && md.contains("`a/y`") && md.contains("Stale"));
    }

    #[test]
    fn a_clause_id_matches_its_checks_and_expiry_fails_the_run() {
        let r = run(&[("a/x", "count(//s) = 2")], &[]);
        let mut e = entry("a/x", Some("REC-4"));
        let file = ExpectationsFile {
            target: None,
            known_failures: vec![e.clone()],
        };
        assert!(evaluate(&r, &file, day(), None).passed());
        e.expires = Some("2026-04-30".into());
        let file = ExpectationsFile {
            target: None,
            known_failures: vec![e],
        };
        let g = evaluate(&r, &file, day(), None);
        assert!(!g.passed());
        assert_eq!(g.expired.len(), 1);
        let ids: BTreeSet<String> = ["a/y".to_string()].into();
        assert_eq!(evaluate(&r, &file, day(), Some(&ids)).unknown.len(), 1);
    }

    #[test]
    fn update_writes_current_failures_and_keeps_reasons() {
        let r = run(&[("a/x", "count(//s) = 2"), ("a/y", "boom")], &["a/z"]);
        let mut kept = entry("a/x", Some("count(//s) = 2"));
        kept.reason = "ACME-7".into();
        let previous = ExpectationsFile {
            target: None,
            known_failures: vec![kept.clone(), entry("a/z", None), entry("b/other", None)],
        };
        let next = update(&r, &previous);
        assert_eq!(next.known_failures[0], kept);
        assert_eq!(next.known_failures[1].scenario, "b/other", "not run: kept");
        assert_eq!(next.known_failures[2].scenario, "a/y");
        assert_eq!(next.known_failures.len(), 3, "a/z passes: dropped");
        assert!(evaluate(&r, &next, day(), None).passed());
    }
}
