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
