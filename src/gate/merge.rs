//! Combining the `results.json` of several partitions (or any disjoint runs of the same
//! suite against the same target) into one run report.

use std::path::Path;

use crate::runner::outcome::{RunReport, Totals};

/// Why slices cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    Nothing,
    /// Slices of different suites: their verdicts do not add up.
    SuiteDiffers {
        first: String,
        other: String,
        run: String,
    },
    TargetDiffers {
        first: String,
        other: String,
        run: String,
    },
    /// The same scenario in two slices.
    Duplicate {
        scenario: String,
        runs: (String, String),
    },
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Nothing => write!(f, "no results to merge"),
            MergeError::SuiteDiffers { first, other, run } => write!(
                f,
                "run {run} ran another suite (digest {other}, the first slice's is {first})"
            ),
            MergeError::TargetDiffers { first, other, run } => write!(
                f,
                "run {run} tested target `{other}`, the first slice tested `{first}`"
            ),
            MergeError::Duplicate { scenario, runs } => write!(
                f,
                "scenario `{scenario}` is in both run {} and run {}: were the slices cut with the same N?",
                runs.0, runs.1
            ),
        }
    }
}

/// One report holding every slice's scenarios in id order (the suite's order), timed
/// from the first start to the last end, under `run_id`.
pub fn merge(slices: &[RunReport], run_id: String) -> Result<RunReport, Vec<MergeError>> {
    let Some(first) = slices.first() else {
        return Err(vec![MergeError::Nothing]);
    };
    let mut problems = Vec::new();
    let mut owner: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for r in slices {
        if r.suite_digest != first.suite_digest {
            problems.push(MergeError::SuiteDiffers {
                first: first.suite_digest.clone(),
                other: r.suite_digest.clone(),
                run: r.run_id.clone(),
            });
        }
        if r.target.name != first.target.name {
            problems.push(MergeError::TargetDiffers {
                first: first.target.name.clone(),
                other: r.target.name.clone(),
                run: r.run_id.clone(),
            });
        }
        for s in &r.scenarios {
            if let Some(prev) = owner.insert(s.id.as_str(), r.run_id.as_str()) {
                problems.push(MergeError::Duplicate {
                    scenario: s.id.clone(),
                    runs: (prev.to_string(), r.run_id.clone()),
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut scenarios: Vec<_> = slices.iter().flat_map(|r| r.scenarios.clone()).collect();
    scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    // RFC 3339 UTC strings of one format order as text.
    let started_at = slices
        .iter()
        .map(|r| r.started_at.clone())
        .min()
        .unwrap_or_default();
    let finished_at = slices
        .iter()
        .map(|r| r.finished_at.clone())
        .max()
        .unwrap_or_default();
    let duration_ms = match (
        chrono::DateTime::parse_from_rfc3339(&started_at),
        chrono::DateTime::parse_from_rfc3339(&finished_at),
    ) {
        (Ok(a), Ok(b)) => (b - a).num_milliseconds().max(0) as u64,
        _ => slices.iter().map(|r| r.duration_ms).max().unwrap_or(0),
    };
    Ok(RunReport {
        run_id,
        started_at,
        finished_at,
        duration_ms,
        harness_version: first.harness_version.clone(),
        suite_digest: first.suite_digest.clone(),
        target: first.target.clone(),
        incomplete: slices.iter().any(|r| r.incomplete),
        totals: Totals::count(&scenarios),
        scenarios,
    })
}

/// Reads `results.json` from a report folder or the file itself.
pub fn read_results(path: &Path) -> Result<RunReport, String> {
    let file = if path.is_dir() {
        path.join("results.json")
    } else {
        path.to_path_buf()
    };
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    crate::report::json::read(&text).map_err(|e| format!("{}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{ScenarioOutcome, TargetInfo, Verdict};

    fn slice(run_id: &str, digest: &str, ids: &[&str], started: &str, finished: &str) -> RunReport {
        let scenarios: Vec<ScenarioOutcome> = ids
            .iter()
            .map(|id| ScenarioOutcome {
                id: id.to_string(),
                title: String::new(),
                file: String::new(),
                line: 1,
                covers: Vec::new(),
                verdict: Verdict::Pass,
                reason: None,
                duration_ms: 1,
                steps: Vec::new(),
                mails: Vec::new(),
                replay: None,
            })
            .collect();
        RunReport {
            run_id: run_id.into(),
            started_at: started.into(),
            finished_at: finished.into(),
            duration_ms: 1,
            harness_version: "0".into(),
            suite_digest: digest.into(),
            target: TargetInfo {
                name: "t".into(),
                ..TargetInfo::default()
            },
            incomplete: false,
            totals: Totals::count(&scenarios),
            scenarios,
        }
    }

    #[test]
    fn slices_merge_in_id_order_over_their_whole_time() {
        let a = slice(
            "a",
            "d",
            &["x/2"],
            "2026-01-01T00:00:10.000Z",
            "2026-01-01T00:00:20.000Z",
        );
        let b = slice(
            "b",
            "d",
            &["x/1", "x/3"],
            "2026-01-01T00:00:05.000Z",
            "2026-01-01T00:00:15.000Z",
        );
        let m = merge(&[a, b], "m".into()).unwrap();
        let ids: Vec<&str> = m.scenarios.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["x/1", "x/2", "x/3"]);
        assert_eq!(m.totals.passed, 3);
        assert_eq!(m.duration_ms, 15_000);
        assert_eq!(m.started_at, "2026-01-01T00:00:05.000Z");
    }

    #[test]
    fn slices_that_do_not_fit_are_refused_with_every_reason() {
        let a = slice("a", "d", &["x/1"], "", "");
        let b = slice("b", "other", &["x/1"], "", "");
        let errors = merge(&[a, b], "m".into()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(matches!(errors[0], MergeError::SuiteDiffers { .. }));
        assert!(matches!(errors[1], MergeError::Duplicate { .. }));
        assert_eq!(
            merge(&[], "m".into()).unwrap_err(),
            vec![MergeError::Nothing]
        );
    }
}
