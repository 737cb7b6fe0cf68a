//! The certificate as data: the form of `certificate.json`, which `certificate.md` and
//! `certificate.html` render.

use serde::{Deserialize, Serialize};

use crate::rollup::{ClauseResult, SectionResult};
use crate::runner::outcome::Totals;

/// Bumped when a field changes meaning; fields are otherwise only added.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub format: u32,
    pub suite: SuiteIdentity,
    pub harness_version: String,
    pub target: TargetIdentity,
    /// When the run ended, RFC 3339 UTC.
    pub date: String,
    pub run_id: String,
    /// True only when every `must` check passed and no clause was left untested.
    pub certifiable: bool,
    /// Why it is not certifiable: failed `must` checks, untested clauses, failed scenarios.
    #[serde(default)]
    pub blocking: Vec<String>,
    /// Failed `should` checks and failed clean-ups: listed, not blocking.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Per section: its clauses counted by verdict.
    pub sections: Vec<SectionResult>,
    /// Every clause of the catalogue with its level and verdict.
    pub clauses: Vec<ClauseResult>,
    pub scenarios: Totals,
    /// The run's record kept beside the certificate.
    pub transcripts: FilesIdentity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuiteIdentity {
    pub name: String,
    /// The version of the suite (it ships with the harness).
    pub version: String,
    /// SHA-256 over the clause catalogue, the API catalogue, every case and every
    /// golden file (the run's `suite_digest`).
    pub digest: String,
    /// Each of those files with its own SHA-256, so a changed file can be named.
    pub files: Vec<FileDigest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetIdentity {
    pub name: String,
    pub endpoint: String,
    pub embedded: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub switches: Vec<String>,
    /// What the target's `GetAPIVersion` reported (`apiVersion`), if it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Its `release` element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_release: Option<String>,
}

/// A set of files and the digest over all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilesIdentity {
    /// SHA-256 over every file, each prefixed by its path and length.
    pub digest: String,
    pub files: Vec<FileDigest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Relative, with `/`.
    pub path: String,
    pub sha256: String,
}
