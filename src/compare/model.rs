//! The comparison as data: the form of `compare.json`, and what `compare.md` and
//! `compare.html` render. Every list of per-target values is in target order.

use serde::{Deserialize, Serialize};

use crate::rollup::{ClauseVerdict, SectionResult};
use crate::runner::outcome::{DifferenceRecord, Phase, Totals, Verdict};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    /// Also the name of the comparison's report folder.
    pub compare_id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub harness_version: String,
    pub suite_digest: String,
    /// The targets in the order given; the first is the baseline answers are compared with.
    pub targets: Vec<Column>,
    pub sections: Vec<SectionRow>,
    pub clauses: Vec<ClauseRow>,
    pub scenarios: Vec<ScenarioRow>,
    /// Every step where the targets' answers differ.
    pub differences: Vec<StepComparison>,
}

impl Comparison {
    /// `compare.json`.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}

/// One target of the comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub endpoint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The run's id; its results.json is kept in the comparison folder under the target's name.
    pub run_id: String,
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionRow {
    pub section: String,
    pub title: String,
    /// Per target: its clauses counted by verdict, and the score.
    pub results: Vec<SectionResult>,
    /// Per target: share of the section's clauses that hold, in percent.
    pub scores: Vec<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClauseRow {
    pub clause: String,
    pub section: String,
    pub level: String,
    pub cells: Vec<ClauseCell>,
    /// Whether the targets' verdicts differ.
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClauseCell {
    pub verdict: ClauseVerdict,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioRow {
    pub id: String,
    pub title: String,
    pub covers: Vec<String>,
    pub cells: Vec<ScenarioCell>,
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioCell {
    /// `None` when the target's run did not hold the scenario.
    pub verdict: Option<Verdict>,
    /// Why it was skipped or stopped early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Failed `should` checks (warnings) and failed `must` checks, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_checks: Vec<String>,
}

/// One step whose answers differ between targets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepComparison {
    pub scenario: String,
    pub phase: Phase,
    pub index: usize,
    pub name: String,
    pub call: String,
    /// Per target: the step's verdict (`None` when the target has no such step).
    pub verdicts: Vec<Option<Verdict>>,
    /// Targets that answered alike, by name; the first group holds the baseline.
    pub groups: Vec<Vec<String>>,
    /// Targets (other than the baseline) whose answer matches the baseline's.
    pub agree_with_baseline: Vec<String>,
    /// Each other group's answer against the baseline's, aligned by path.
    pub pairs: Vec<AnswerDiff>,
}

/// The differences between the baseline's answer and one other group's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnswerDiff {
    pub baseline: String,
    /// The targets of the other group.
    pub targets: Vec<String>,
    /// Paths into both answers; `expected` is the baseline's value, `actual` the other's.
    pub differences: Vec<DifferenceRecord>,
    /// When a side gave no document to compare (not run, transport failure, not XML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
