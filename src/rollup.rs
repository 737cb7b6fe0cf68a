//! Verdicts rolled up from checks to clauses and from clauses to sections: what a
//! run says about each clause of `cases/clauses.yaml`. Shared by `compare` (the
//! clause matrix) and `certify` (the certificate), so both say the same thing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::runner::outcome::{Level, RunReport, ScenarioOutcome, Verdict};
use crate::scenario::clauses::{Catalogue, ClauseLevel};

/// What a run says about one clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ClauseVerdict {
    /// Every check of the clause that was evaluated held (at least one was).
    Pass,
    /// Only `should` checks of the clause failed.
    Warning,
    /// A `must` check of the clause failed.
    Fail,
    /// No check of the clause was evaluated.
    NotTested,
}

impl ClauseVerdict {
    pub fn label(self) -> &'static str {
        match self {
            ClauseVerdict::Pass => "PASS",
            ClauseVerdict::Warning => "WARNING",
            ClauseVerdict::Fail => "FAIL",
            ClauseVerdict::NotTested => "NOT TESTED",
        }
    }

    /// Worse first: a section is as bad as its worst clause.
    fn rank(self) -> u8 {
        match self {
            ClauseVerdict::Pass => 0,
            ClauseVerdict::Warning => 1,
            ClauseVerdict::NotTested => 2,
            ClauseVerdict::Fail => 3,
        }
    }

    pub fn worst(self, other: ClauseVerdict) -> ClauseVerdict {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

/// One clause's verdict and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseResult {
    pub clause: String,
    pub section: String,
    /// `MUST` or `SHOULD`, from the catalogue.
    pub level: String,
    pub verdict: ClauseVerdict,
    /// For FAIL and WARNING: the failed checks; for NOT TESTED: why nothing was evaluated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// Checks of the clause that were evaluated.
    pub evaluated: usize,
    /// Scenarios covering the clause that took part in the run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<String>,
}

/// A section's clauses counted by verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionResult {
    pub section: String,
    pub title: String,
    /// The worst verdict of its clauses.
    pub verdict: Option<ClauseVerdict>,
    pub clauses: usize,
    pub pass: usize,
    pub warning: usize,
    pub fail: usize,
    pub not_tested: usize,
}

impl SectionResult {
    /// Share of the section's clauses that hold (PASS or WARNING), in percent.
    pub fn score(&self) -> u32 {
        if self.clauses == 0 {
            return 0;
        }
        (((self.pass + self.warning) * 100) as f64 / self.clauses as f64).round() as u32
    }
}

/// The clause a check serves: its own tag, else its scenario's only clause.
pub fn clause_of<'a>(s: &'a ScenarioOutcome, tag: &'a Option<String>) -> Option<&'a str> {
    tag.as_deref()
        .or_else(|| (s.covers.len() == 1).then(|| s.covers[0].as_str()))
}

/// Every clause of the catalogue, in catalogue order, judged from `run`.
pub fn clauses(catalogue: &Catalogue, run: &RunReport) -> Vec<ClauseResult> {
    #[derive(Default)]
    struct Acc {
        evaluated: usize,
        must_failed: Vec<String>,
        should_failed: Vec<String>,
        scenarios: Vec<String>,
        not_run: Vec<String>,
    }
    let mut acc: BTreeMap<&str, Acc> = BTreeMap::new();
    for s in &run.scenarios {
        for c in &s.covers {
            let a = acc.entry(c.as_str()).or_default();
            a.scenarios.push(s.id.clone());
            if s.verdict == Verdict::Skip {
                a.not_run.push(format!(
                    "{} skipped: {}",
                    s.id,
                    s.reason.as_deref().unwrap_or("no reason given")
                ));
            } else if let Some(r) = &s.reason {
                a.not_run.push(format!("{}: {r}", s.id));
            }
        }
        for step in &s.steps {
            if step.verdict == Verdict::Skip {
                continue;
            }
            for c in &step.checks {
                let Some(clause) = clause_of(s, &c.clause) else {
                    continue;
                };
                let a = acc.entry(clause).or_default();
                a.evaluated += 1;
                if !c.passed {
                    let what = format!(
                        "{} step {} `{}`: {}",
                        s.id, step.index, step.name, c.description
                    );
                    match c.level {
                        Level::Must => a.must_failed.push(what),
                        Level::Should => a.should_failed.push(what),
                    }
                }
            }
        }
    }
    catalogue
        .clauses
        .iter()
        .map(|c| {
            let a = acc.remove(c.id.as_str()).unwrap_or_default();
            let (verdict, reasons) = if !a.must_failed.is_empty() {
                (ClauseVerdict::Fail, a.must_failed)
            } else if a.evaluated == 0 {
                let mut why = a.not_run;
                if why.is_empty() {
                    why.push(if a.scenarios.is_empty() {
                        "no scenario of the run covers it".to_string()
                    } else {
                        "no check of it was evaluated".to_string()
                    });
                }
                (ClauseVerdict::NotTested, why)
            } else if !a.should_failed.is_empty() {
                (ClauseVerdict::Warning, a.should_failed)
            } else {
                (ClauseVerdict::Pass, Vec::new())
            };
            ClauseResult {
                clause: c.id.clone(),
                section: c.section.clone(),
                level: match c.level {
                    ClauseLevel::Must => "MUST".to_string(),
                    ClauseLevel::Should => "SHOULD".to_string(),
                },
                verdict,
                reasons,
                evaluated: a.evaluated,
                scenarios: a.scenarios,
            }
        })
        .collect()
}

/// Sections in catalogue order, each with its clauses counted by verdict.
pub fn sections(catalogue: &Catalogue, clauses: &[ClauseResult]) -> Vec<SectionResult> {
    catalogue
        .sections
        .iter()
        .map(|sec| {
            let mut r = SectionResult {
                section: sec.id.clone(),
                title: sec.title.clone(),
                ..SectionResult::default()
            };
            for c in clauses.iter().filter(|c| c.section == sec.id) {
                r.clauses += 1;
                match c.verdict {
                    ClauseVerdict::Pass => r.pass += 1,
                    ClauseVerdict::Warning => r.warning += 1,
                    ClauseVerdict::Fail => r.fail += 1,
                    ClauseVerdict::NotTested => r.not_tested += 1,
                }
                r.verdict = Some(match r.verdict {
                    Some(v) => v.worst(c.verdict),
                    None => c.verdict,
                });
            }
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{CheckOutcome, Phase, StepOutcome, TargetInfo, Totals};
    use crate::scenario::clauses::{Clause, Section};

    fn catalogue() -> Catalogue {
        let clause = |id: &str, level| Clause {
            id: id.to_string(),
            section: "s".to_string(),
            level,
            apis: Vec::new(),
            text: String::new(),
            interpretations: Vec::new(),
            sp11: false,
        };
        Catalogue {
            sections: vec![Section {
                id: "s".to_string(),
                title: "S".to_string(),
            }],
            interpretations: Vec::new(),
            clauses: vec![
                clause("A", ClauseLevel::Must),
                clause("B", ClauseLevel::Should),
                clause("C", ClauseLevel::Must),
                clause("D", ClauseLevel::Must),
            ],
        }
    }

    fn check(clause: &str, level: Level, passed: bool) -> CheckOutcome {
        CheckOutcome {
            kind: "path".to_string(),
            description: format!("{clause} check"),
            level,
            clause: Some(clause.to_string()),
            passed,
            expected: None,
            actual: None,
            differences: Vec::new(),
            diff: None,
            hint: None,
            line: 0,
        }
    }

    fn run(checks: Vec<CheckOutcome>, skipped_covers: Vec<String>) -> RunReport {
        let step = StepOutcome {
            index: 1,
            phase: Phase::Steps,
            name: "one".to_string(),
            line: 1,
            actor: "host".to_string(),
            call: "GetUser".to_string(),
            verdict: Verdict::Fail,
            reason: None,
            duration_ms: 0,
            request: None,
            http_status: Some(200),
            response: None,
            checks,
            captured: Vec::new(),
        };
        let scenario = |id: &str, covers: Vec<String>, verdict, steps| ScenarioOutcome {
            id: id.to_string(),
            title: String::new(),
            file: String::new(),
            line: 1,
            covers,
            verdict,
            reason: (verdict == Verdict::Skip).then(|| "lacks capability mail".to_string()),
            duration_ms: 0,
            steps,
            mails: Vec::new(),
            replay: None,
        };
        let scenarios = vec![
            scenario(
                "s/one",
                vec!["A".into(), "B".into()],
                Verdict::Fail,
                vec![step],
            ),
            scenario("s/two", skipped_covers, Verdict::Skip, Vec::new()),
        ];
        RunReport {
            run_id: "r".to_string(),
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

    #[test]
    fn clauses_fail_warn_pass_and_say_why_untested() {
        let r = run(
            vec![
                check("A", Level::Must, true),
                check("B", Level::Should, false),
                check("A", Level::Must, true),
            ],
            vec!["C".into()],
        );
        let c = clauses(&catalogue(), &r);
        let by = |id: &str| c.iter().find(|x| x.clause == id).unwrap();
        assert_eq!(by("A").verdict, ClauseVerdict::Pass);
        assert_eq!(by("A").evaluated, 2);
        assert_eq!(by("B").verdict, ClauseVerdict::Warning);
        assert_eq!(by("C").verdict, ClauseVerdict::NotTested);
        assert!(by("C").reasons[0].contains("lacks capability mail"));
        assert_eq!(by("D").verdict, ClauseVerdict::NotTested);
        assert!(by("D").reasons[0].contains("no scenario"));
        let s = sections(&catalogue(), &c);
        assert_eq!(s[0].verdict, Some(ClauseVerdict::NotTested));
        assert_eq!((s[0].pass, s[0].warning, s[0].not_tested), (1, 1, 2));
        assert_eq!(s[0].score(), 50);
    }

    #[test]
    fn a_failed_must_check_fails_its_clause_and_the_section() {
        let r = run(vec![check("A", Level::Must, false)], Vec::new());
        let c = clauses(&catalogue(), &r);
        assert_eq!(c[0].verdict, ClauseVerdict::Fail);
        assert!(c[0].reasons[0].contains("s/one step 1"));
        assert_eq!(
            sections(&catalogue(), &c)[0].verdict,
            Some(ClauseVerdict::Fail)
        );
    }
}
