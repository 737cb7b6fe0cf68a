//! A certificate from a finished run of the whole suite: pure, the digests of the
//! files are computed by the caller.

use super::model::*;
use crate::rollup::{self, ClauseVerdict};
use crate::runner::outcome::{Level, Phase, RunReport};
use crate::scenario::Catalogue;
use crate::xml::{self, Limits, XPath};

/// Name of the suite in certificates.
pub const SUITE_NAME: &str =
    "wbxconf conformance suite for the Webex XML API 8.0 SP11 release notes";

/// Builds the certificate of `run`, a run of the suite whose clause catalogue is
/// `catalogue`; `suite_files` and `transcripts` identify the suite's files and the
/// record kept beside the certificate.
pub fn build(
    run: &RunReport,
    catalogue: &Catalogue,
    suite_files: Vec<FileDigest>,
    transcripts: FilesIdentity,
) -> Certificate {
    let clauses = rollup::clauses(catalogue, run);
    let sections = rollup::sections(catalogue, &clauses);
    let (blocking, warnings) = findings(run, &clauses);
    let (api_version, api_release) = api_version(run);
    Certificate {
        format: FORMAT,
        suite: SuiteIdentity {
            name: SUITE_NAME.to_string(),
            version: run.harness_version.clone(),
            digest: run.suite_digest.clone(),
            files: suite_files,
        },
        harness_version: run.harness_version.clone(),
        target: TargetIdentity {
            name: run.target.name.clone(),
            endpoint: run.target.endpoint.clone(),
            embedded: run.target.embedded,
            release: run.target.release.clone(),
            switches: run.target.switches.clone(),
            api_version,
            api_release,
        },
        date: run.finished_at.clone(),
        run_id: run.run_id.clone(),
        certifiable: blocking.is_empty(),
        blocking,
        warnings,
        sections,
        clauses,
        scenarios: run.totals,
        transcripts,
    }
}

/// What blocks certification and what is only a warning.
fn findings(run: &RunReport, clauses: &[rollup::ClauseResult]) -> (Vec<String>, Vec<String>) {
    let mut blocking = Vec::new();
    let mut warnings = Vec::new();
    if run.incomplete {
        blocking.push("the run was interrupted before every scenario ended".to_string());
    }
    for c in clauses {
        match c.verdict {
            ClauseVerdict::Fail => blocking.push(format!(
                "{} ({}) FAIL: {}",
                c.clause,
                c.level,
                c.reasons.join("; ")
            )),
            ClauseVerdict::NotTested => blocking.push(format!(
                "{} ({}) NOT TESTED: {}",
                c.clause,
                c.level,
                c.reasons.join("; ")
            )),
            ClauseVerdict::Warning => warnings.push(format!(
                "{} ({}) WARNING: {}",
                c.clause,
                c.level,
                c.reasons.join("; ")
            )),
            ClauseVerdict::Pass => {}
        }
    }
    // Failures no clause accounts for (a setup step, an unreachable answer) still
    // mean a `must` expectation did not hold.
    for s in &run.scenarios {
        for step in &s.steps {
            let failed_here = step.checks.iter().any(|c| {
                !c.passed && c.level == Level::Must && rollup::clause_of(s, &c.clause).is_none()
            });
            let unexplained = step.verdict.is_failure() && step.checks.iter().all(|c| c.passed);
            let what = format!(
                "`{}` {} {} `{}`",
                s.id,
                phase(step.phase),
                step.index,
                step.name
            );
            if step.phase == Phase::Cleanup {
                if step.verdict.is_failure() {
                    warnings.push(format!(
                        "{what}: clean-up failed ({})",
                        step.reason.as_deref().unwrap_or("a check failed")
                    ));
                }
            } else if failed_here || unexplained {
                blocking.push(format!(
                    "{what}: {}",
                    step.reason.clone().unwrap_or_else(|| step
                        .checks
                        .iter()
                        .filter(|c| !c.passed)
                        .map(|c| c.description.clone())
                        .collect::<Vec<_>>()
                        .join("; "))
                ));
            }
        }
    }
    (blocking, warnings)
}

fn phase(p: Phase) -> &'static str {
    crate::compare::build::phase_label(p)
}

/// `apiVersion` and `release` from the first successful `GetAPIVersion` of the run.
fn api_version(run: &RunReport) -> (Option<String>, Option<String>) {
    let limits = Limits::default();
    for s in &run.scenarios {
        for step in s.steps.iter().filter(|x| x.call == "GetAPIVersion") {
            let Some(doc) = step
                .response
                .as_deref()
                .and_then(|r| xml::parse(r, &limits).ok())
            else {
                continue;
            };
            let get = |path: &str| {
                XPath::compile(path)
                    .ok()
                    .and_then(|x| x.evaluate(&doc, &|_| None).ok())
                    .and_then(|v| match v {
                        xml::Value::Nodes(n) => {
                            n.first().map(|n| n.string_value().trim().to_string())
                        }
                        _ => None,
                    })
                    .filter(|s| !s.is_empty())
            };
            if let Some(v) = get("//apiVersion") {
                return (Some(v), get("//release"));
            }
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{
        CheckOutcome, ScenarioOutcome, StepOutcome, TargetInfo, Totals, Verdict,
    };
    use crate::scenario::clauses::{Clause, ClauseLevel, Section};

    fn catalogue() -> Catalogue {
        let clause = |id: &str| Clause {
            id: id.into(),
            section: "s".into(),
            level: ClauseLevel::Must,
            apis: Vec::new(),
            text: String::new(),
            interpretations: Vec::new(),
            sp11: false,
        };
        Catalogue {
            sections: vec![Section {
                id: "s".into(),
                title: "S".into(),
            }],
            interpretations: Vec::new(),
            clauses: vec![clause("A"), clause("B")],
        }
    }

    fn run(checks: Vec<(&str, Level, bool)>, phase: Phase) -> RunReport {
        let checks: Vec<CheckOutcome> = checks
            .into_iter()
            .map(|(clause, level, passed)| CheckOutcome {
                kind: "path".into(),
                description: format!("{clause} holds"),
                level,
                clause: Some(clause.into()),
                passed,
                expected: None,
                actual: None,
                differences: Vec::new(),
                diff: None,
                hint: None,
                line: 0,
            })
            .collect();
        let verdict = if checks.iter().any(|c| !c.passed && c.level == Level::Must) {
            Verdict::Fail
        } else if checks.iter().any(|c| !c.passed) {
            Verdict::Warn
        } else {
            Verdict::Pass
        };
        let scenarios = vec![ScenarioOutcome {
            id: "s/one".into(),
            title: String::new(),
            file: String::new(),
            line: 1,
            covers: vec!["A".into(), "B".into()],
            verdict,
            reason: None,
            duration_ms: 0,
            steps: vec![StepOutcome {
                index: 1,
                phase,
                name: "it".into(),
                line: 1,
                actor: "host".into(),
                call: "GetUser".into(),
                verdict,
                reason: None,
                duration_ms: 0,
                request: None,
                http_status: Some(200),
                response: None,
                checks,
                captured: Vec::new(),
            }],
            mails: Vec::new(),
            replay: None,
        }];
        RunReport {
            run_id: "r".into(),
            started_at: String::new(),
            finished_at: "2026-01-01T00:00:00Z".into(),
            duration_ms: 0,
            harness_version: "0".into(),
            suite_digest: "d".into(),
            target: TargetInfo::default(),
            incomplete: false,
            totals: Totals::count(&scenarios),
            scenarios,
        }
    }

    fn cert(r: &RunReport) -> Certificate {
        let files = FilesIdentity {
            digest: String::new(),
            files: Vec::new(),
        };
        build(r, &catalogue(), Vec::new(), files)
    }

    #[test]
    fn every_must_check_passed_and_every_clause_tested_is_certifiable() {
        let c = cert(&run(
            vec![("A", Level::Must, true), ("B", Level::Must, true)],
            Phase::Steps,
        ));
        assert!(c.certifiable, "{:?}", c.blocking);
        let c = cert(&run(
            vec![("A", Level::Must, true), ("B", Level::Should, false)],
            Phase::Steps,
        ));
        assert!(c.certifiable, "a should failure is a warning");
        assert_eq!(c.warnings.len(), 1);
    }

    #[test]
    fn a_failed_must_check_or_an_untested_clause_blocks() {
        let c = cert(&run(
            vec![("A", Level::Must, false), ("B", Level::Must, true)],
            Phase::Steps,
        ));
        assert!(!c.certifiable);
        assert!(
            c.blocking[0].starts_with("A (MUST) FAIL"),
            "{:?}",
            c.blocking
        );
        let c = cert(&run(vec![("A", Level::Must, true)], Phase::Steps));
        assert!(!c.certifiable);
        assert!(
            c.blocking[0].starts_with("B (MUST) NOT TESTED"),
            "{:?}",
            c.blocking
        );
        let mut r = run(
            vec![("A", Level::Must, true), ("B", Level::Must, true)],
            Phase::Steps,
        );
        r.incomplete = true;
        assert!(!cert(&r).certifiable);
    }
}
