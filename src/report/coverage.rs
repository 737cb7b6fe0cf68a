//! The clause × scenario matrix: which scenarios cover each clause, and — from a run's
//! results — whether at least one check of the clause was actually evaluated (not
//! skipped, not cut short by an earlier failing step).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::runner::outcome::{RunReport, Verdict};
use crate::scenario::Suite;

/// Coverage of one clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseCoverage {
    pub clause: String,
    pub section: String,
    pub level: String,
    /// Scenarios whose `covers` names the clause.
    pub scenarios: Vec<String>,
    /// Checks of the clause evaluated in the run; None without a run, or when none of the
    /// clause's scenarios was part of it (a filtered run).
    pub evaluated: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Coverage {
    pub clauses: Vec<ClauseCoverage>,
    /// Whether a run's results were used.
    pub with_run: bool,
}

impl Coverage {
    /// Clauses no scenario covers.
    pub fn uncovered(&self) -> Vec<&str> {
        self.clauses
            .iter()
            .filter(|c| c.scenarios.is_empty())
            .map(|c| c.clause.as_str())
            .collect()
    }

    /// Clauses covered by scenarios, none of whose checks was evaluated in the run:
    /// none failed to run, or none of their scenarios was in it (a filtered run proves
    /// nothing about them either).
    pub fn unevaluated(&self) -> Vec<&str> {
        self.clauses
            .iter()
            .filter(|c| {
                !c.scenarios.is_empty() && self.with_run && c.evaluated.is_none_or(|n| n == 0)
            })
            .map(|c| c.clause.as_str())
            .collect()
    }
}

/// Builds the matrix; `run` adds the evaluated counts.
pub fn compute(suite: &Suite, run: Option<&RunReport>) -> Coverage {
    let mut by_clause: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in &suite.scenarios {
        for c in &s.spec.covers {
            by_clause
                .entry(c.as_str())
                .or_default()
                .insert(s.spec.id.as_str());
        }
    }
    let mut evaluated: BTreeMap<String, usize> = BTreeMap::new();
    let ran: BTreeSet<&str> = run
        .map(|r| r.scenarios.iter().map(|s| s.id.as_str()).collect())
        .unwrap_or_default();
    if let Some(r) = run {
        for s in &r.scenarios {
            for step in &s.steps {
                if step.verdict == Verdict::Skip {
                    continue;
                }
                for c in &step.checks {
                    // A check without its own clause serves the scenario's only clause.
                    let clause = c
                        .clause
                        .clone()
                        .or_else(|| (s.covers.len() == 1).then(|| s.covers[0].clone()));
                    if let Some(cl) = clause {
                        *evaluated.entry(cl).or_default() += 1;
                    }
                }
            }
        }
    }
    let clauses = suite
        .catalogue
        .clauses
        .iter()
        .map(|c| ClauseCoverage {
            clause: c.id.clone(),
            section: c.section.clone(),
            level: format!("{:?}", c.level).to_uppercase(),
            scenarios: by_clause
                .get(c.id.as_str())
                .map(|s| s.iter().map(|x| x.to_string()).collect())
                .unwrap_or_default(),
            evaluated: by_clause
                .get(c.id.as_str())
                .is_some_and(|s| s.iter().any(|id| ran.contains(id)))
                .then(|| evaluated.get(&c.id).copied().unwrap_or(0)),
        })
        .collect();
    Coverage {
        clauses,
        with_run: run.is_some(),
    }
}

/// The matrix as Markdown (also printed by `wbxconf coverage`).
pub fn write_markdown(c: &Coverage, out: &mut String) {
    let _ = writeln!(out, "# Clause coverage\n");
    if c.with_run {
        let _ = writeln!(
            out,
            "| clause | level | scenarios | checks evaluated in the last run |\n|---|---|---|---|"
        );
    } else {
        let _ = writeln!(out, "| clause | level | scenarios |\n|---|---|---|");
    }
    for cl in &c.clauses {
        let scenarios = if cl.scenarios.is_empty() {
            "**none**".to_string()
        } else {
            cl.scenarios.join(", ")
        };
        match cl.evaluated {
            Some(n) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cl.clause,
                    cl.level,
                    scenarios,
                    if n == 0 {
                        "**0**".to_string()
                    } else {
                        n.to_string()
                    }
                );
            }
            None if c.with_run => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | not in the last run |",
                    cl.clause, cl.level, scenarios
                );
            }
            None => {
                let _ = writeln!(out, "| {} | {} | {} |", cl.clause, cl.level, scenarios);
            }
        }
    }
    let uncovered = c.uncovered();
    let _ = writeln!(
        out,
        "\n{} clauses, {} covered{}",
        c.clauses.len(),
        c.clauses.len() - uncovered.len(),
        if c.with_run {
            format!(
                ", {} with no check evaluated in the last run",
                c.unevaluated().len()
            )
        } else {
            String::new()
        }
    );
}
