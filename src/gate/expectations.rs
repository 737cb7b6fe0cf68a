//! The expectations file: a target's known failures, each with a reason and an
//! optional expiry date, at the level of a scenario or of one check in it.
//!
//! ```yaml
//! target: acme-staging
//! known_failures:
//!   - scenario: cpac/ticket-expiry          # every failure of the scenario
//!     reason: tickets never expire on staging (ACME-1234)
//!     expires: 2026-06-30                   # after this day the entry fails the run
//!   - scenario: recurring/series-list       # one failing check
//!     step: the host lists the series      # optional: only in this step
//!     check: count(//session) = 5           # the check's key, or a clause id (REC-4)
//!     reason: exceptions listed twice (ACME-1301)
//! ```
//!
//! A check's key is its description with run-specific values put back as names
//! (`${meeting}`, `${host.id}`, `{{date}}`), as `wbxconf expectations update` writes it.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::scenario::{yaml, Diagnostic};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectationsFile {
    /// The target profile these failures belong to (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default)]
    pub known_failures: Vec<Expectation>,
}

/// One known failure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The scenario id.
    pub scenario: String,
    /// Only failures in the step of this name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Only this failing check: its key, or a clause id for every failing check of
    /// that clause. Without it, every failure of the scenario (or step) is expected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// Why the failure is accepted: a ticket, a vendor statement.
    pub reason: String,
    /// `YYYY-MM-DD`: from the day after, the entry itself fails the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Expectation {
    /// The expiry day, when given and valid.
    pub fn expiry(&self) -> Option<NaiveDate> {
        self.expires
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
    }

    /// How the entry reads in a summary.
    pub fn describe(&self) -> String {
        let mut s = format!("`{}`", self.scenario);
        if let Some(step) = &self.step {
            s.push_str(&format!(" step `{step}`"));
        }
        if let Some(c) = &self.check {
            s.push_str(&format!(" check `{c}`"));
        }
        s
    }
}

impl ExpectationsFile {
    /// Reads and validates a file; every problem is reported at once.
    pub fn read(path: &Path) -> Result<ExpectationsFile, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::new(
                path,
                0,
                0,
                format!("cannot read the expectations file: {e}"),
            )]
        })?;
        ExpectationsFile::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<ExpectationsFile, Vec<Diagnostic>> {
        let file: ExpectationsFile =
            yaml::from_str(path, text).map_err(|d| vec![d.with_source(text)])?;
        let mut problems = Vec::new();
        for (i, e) in file.known_failures.iter().enumerate() {
            if e.reason.trim().is_empty() {
                problems.push(Diagnostic::new(
                    path,
                    0,
                    0,
                    format!(
                        "known_failures[{i}] ({}): `reason` is empty; say why the failure is accepted",
                        e.describe()
                    ),
                ));
            }
            if e.expires.is_some() && e.expiry().is_none() {
                problems.push(Diagnostic::new(
                    path,
                    0,
                    0,
                    format!(
                        "known_failures[{i}] ({}): `expires: {}` is not a date (YYYY-MM-DD)",
                        e.describe(),
                        e.expires.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(file)
        } else {
            Err(problems)
        }
    }

    /// The file as YAML, with a header saying what it is.
    pub fn to_yaml(&self) -> Result<String, String> {
        let body = yaml::to_string(self)?;
        Ok(format!(
            "# Known failures for regression gating (`wbxconf run --expectations FILE`).\n\
             # A run passes the gate when its failures are exactly these: an unlisted failure\n\
             # is a regression, a listed failure that passes is a stale entry, and an entry\n\
             # past its `expires` day fails the run. Review every `reason` before committing.\n\
             {body}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_reports_every_problem() {
        let ok = ExpectationsFile::parse(
            Path::new("x.yaml"),
            "known_failures:\n  - scenario: a/b\n    reason: r\n    expires: 2026-01-31\n",
        )
        .unwrap();
        assert_eq!(
            ok.known_failures[0].expiry(),
            NaiveDate::from_ymd_opt(2026, 1, 31)
        );
        let bad = ExpectationsFile::parse(
            Path::new("x.yaml"),
            "known_failures:\n  - scenario: a/b\n    reason: ''\n    expires: soon\n",
        )
        .unwrap_err();
        assert_eq!(bad.len(), 2);
        let unknown = ExpectationsFile::parse(
            Path::new("x.yaml"),
            "known_failures:\n  - scenario: a/b\n    reason: r\n    cheque: x\n",
        )
        .unwrap_err();
        assert!(unknown[0].to_string().contains("cheque"), "{}", unknown[0]);
    }

    #[test]
    fn round_trips_through_yaml() {
        let f = ExpectationsFile {
            target: Some("acme".into()),
            known_failures: vec![Expectation {
                scenario: "a/b".into(),
                step: Some("the host: lists \"it\"".into()),
                check: Some("count(//x[y='${meeting}']) = 3".into()),
                reason: "ACME-1".into(),
                expires: None,
            }],
        };
        let text = f.to_yaml().unwrap();
        assert!(text.starts_with("# Known failures"));
        assert_eq!(ExpectationsFile::parse(Path::new("x"), &text).unwrap(), f);
    }
}
