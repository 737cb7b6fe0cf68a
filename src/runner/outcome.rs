//! The plain data every reporter is fed: what happened in one run.
//!
//! Everything here is already masked: request and response texts, values and
//! messages have had every secret replaced by a stable token (`«secret-3»`) before
//! they reach this type, so reporters never need to think about secrets.
//! The JSON form of [`RunReport`] is `results.json`; its schema is documented in
//! `reports/README.md` and only grows (fields are added, never renamed).

use serde::{Deserialize, Serialize};

/// How a scenario, a step or a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every `must` and `should` expectation held.
    Pass,
    /// Every `must` expectation held, at least one `should` did not.
    Warn,
    /// At least one `must` expectation did not hold.
    Fail,
    /// The target could not be reached or answered in a way that could not be judged
    /// (connection refused, timeout, reset, body over the size cap).
    Unreachable,
    /// The harness itself failed (a bug or an environment problem), not the target.
    Error,
    /// Not run: the reason says why (a capability the target lacks, an earlier step failed…).
    Skip,
}

impl Verdict {
    /// The worse of two verdicts, for rolling steps up into a scenario.
    pub fn worst(self, other: Verdict) -> Verdict {
        fn rank(v: Verdict) -> u8 {
            match v {
                Verdict::Skip => 0,
                Verdict::Pass => 1,
                Verdict::Warn => 2,
                Verdict::Fail => 3,
                Verdict::Unreachable => 4,
                Verdict::Error => 5,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }

    pub fn is_failure(self) -> bool {
        matches!(self, Verdict::Fail | Verdict::Unreachable | Verdict::Error)
    }
}

/// `must` (a failure fails the scenario) or `should` (a failure is a warning).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Must,
    Should,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunReport {
    /// Unique per run, also the name of the report folder: `reports/<run_id>/`.
    pub run_id: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub finished_at: String,
    pub duration_ms: u64,
    pub harness_version: String,
    /// SHA-256 over the clause catalogue, every case and every golden file.
    pub suite_digest: String,
    pub target: TargetInfo,
    /// True when the run was interrupted (Ctrl-C) before every scenario ended.
    pub incomplete: bool,
    pub totals: Totals,
    pub scenarios: Vec<ScenarioOutcome>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TargetInfo {
    /// Profile name (`reference`, `acme-staging`) or the URL when none was used.
    pub name: String,
    pub endpoint: String,
    /// Whether the target is the reference started in-process.
    pub embedded: bool,
    /// Release level the embedded reference was started at (`sp11`, `sp10`), if embedded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// Defect or variation switches the embedded reference ran with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub switches: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub scenarios: usize,
    pub passed: usize,
    pub warned: usize,
    pub failed: usize,
    pub unreachable: usize,
    pub errors: usize,
    pub skipped: usize,
}

impl Totals {
    pub fn count(scenarios: &[ScenarioOutcome]) -> Totals {
        let mut t = Totals {
            scenarios: scenarios.len(),
            ..Totals::default()
        };
        for s in scenarios {
            match s.verdict {
                Verdict::Pass => t.passed += 1,
                Verdict::Warn => t.warned += 1,
                Verdict::Fail => t.failed += 1,
                Verdict::Unreachable => t.unreachable += 1,
                Verdict::Error => t.errors += 1,
                Verdict::Skip => t.skipped += 1,
            }
        }
        t
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioOutcome {
    pub id: String,
    pub title: String,
    /// Path of the scenario file relative to the suite root (`cases/recurring/list.yaml`).
    pub file: String,
    /// Line of the scenario's `id:` in that file (1-based).
    pub line: u32,
    /// Clause ids from `cases/clauses.yaml`.
    pub covers: Vec<String>,
    pub verdict: Verdict,
    /// Why the scenario was skipped, or why it stopped early.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub duration_ms: u64,
    pub steps: Vec<StepOutcome>,
    /// Every e-mail the target sent to this scenario's actors during the run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mails: Vec<MailRecord>,
    /// What the scenario's templates stood for in this run, so its answers can be
    /// judged again from this record alone (`wbxconf certify --verify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay: Option<Replay>,
}

/// The values a scenario's templates resolved to during its run. Secrets (passwords,
/// environment values) are never recorded here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    /// The instant `now` and `today` stood for, RFC 3339 with nanoseconds.
    pub now: String,
    /// What `${scenario.id}` stood for.
    pub scenario_uid: String,
    /// What `${run.id}` stood for.
    pub run_id: String,
    /// The scenario's actors as provisioned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ReplayActor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayActor {
    /// The actor's name in the scenario (`host`).
    pub name: String,
    /// Its webExId (`${host.id}`).
    #[serde(rename = "webExID")]
    pub web_ex_id: String,
    pub email: String,
    pub first: String,
    pub last: String,
    /// The siteName it lives on.
    pub site: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_id: Option<u64>,
}

/// Where a step sits in its scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Provisioning the scenario's actors before its steps.
    Setup,
    Steps,
    /// `finally` steps and removal of provisioned actors.
    Cleanup,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepOutcome {
    /// 1-based within its phase.
    pub index: usize,
    pub phase: Phase,
    pub name: String,
    /// Line of the step in the scenario file (0 when generated, e.g. provisioning).
    pub line: u32,
    /// The actor the request was sent as.
    pub actor: String,
    /// The API called (`CreateMeeting`), or `raw` for a raw document.
    pub call: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub duration_ms: u64,
    /// The request document as sent (masked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// The response body as received (masked; cut at the report size limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    pub checks: Vec<CheckOutcome>,
    /// Values captured by this step (masked where secret).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captured: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// `result`, `exception`, `golden`, `xml`, `path`, `count`, `exists`, `absent`, `mail`, `no_mail`, `capture`, `transport`.
    pub kind: String,
    /// What was checked, in words (`//session[1]/isException equals "true"`).
    pub description: String,
    pub level: Level,
    /// The clause this check serves, when the scenario says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    pub passed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// For document comparisons: every difference found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<DifferenceRecord>,
    /// For document comparisons: a unified diff of both documents in canonical form (plain text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// A hint on how to fix it (`wbxconf bless …`, the profile key for a capability).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Line of the check in the scenario file, where it has its own (an item of
    /// `expect.checks`, the `golden:` key); 0 otherwise: the step's line applies.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub line: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl CheckOutcome {
    /// Where to point a reader at this check: its own line, else its step's.
    pub fn line_or(&self, step_line: u32) -> u32 {
        if self.line > 0 {
            self.line
        } else {
            step_line
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DifferenceRecord {
    /// e.g. `text`, `element-name`, `namespace`, `missing-element`, `extra-element`, `attribute`.
    pub kind: String,
    /// Path in the expected document, `/message/body/bodyContent/session[3]/isException`.
    pub expected_path: String,
    /// Path in the actual document.
    pub actual_path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MailRecord {
    pub to: String,
    /// `invitation`, `update`, `cancellation` or `unknown`.
    pub kind: String,
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<String>,
    /// The step during which it arrived (1-based), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
}
