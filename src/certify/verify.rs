//! `wbxconf certify --verify DIR`: whether a certificate still holds, without
//! contacting the target. The suite's files are digested again and compared (naming
//! each changed case or golden file), the record beside the certificate is digested
//! again (and its text transcripts rendered again from `results.json`), every recorded answer is judged again against the checkout's cases and golden
//! files, and the certificate is made again from that judgement and compared with the
//! one on disk; `certificate.md` and `certificate.html` must be its renderings.

use std::path::Path;

use super::digest::{changed, files_identity, record_files, suite_files};
use super::{build, folder};
use crate::replay;
use crate::scenario::yaml;
use crate::target::Profile;

/// The outcome of a verification.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// Every reason the certificate does not hold; empty when it holds.
    pub problems: Vec<String>,
    /// What could not be checked and why (an answer cut at the size limit).
    pub notes: Vec<String>,
    /// Steps judged again.
    pub rejudged_steps: usize,
}

impl Verification {
    pub fn holds(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the certificate in `dir` against the suite checked out at `suite_root`.
pub fn verify(dir: &Path, suite_root: &Path) -> Verification {
    let mut v = Verification::default();
    let cert = match folder::read(dir) {
        Ok(c) => c,
        Err(e) => {
            v.problems.push(e);
            return v;
        }
    };

    // The suite: the same files, byte for byte.
    let now = files_identity(suite_root, &suite_files(suite_root));
    for c in changed(&cert.suite.files, &now.files) {
        v.problems.push(format!("suite: {c} since certification"));
    }
    if now.digest != cert.suite.digest && v.problems.is_empty() {
        v.problems.push(format!(
            "suite: digest {} differs from the certified {}",
            now.digest, cert.suite.digest
        ));
    }
    let suite = match crate::scenario::load(suite_root) {
        Ok(s) => s,
        Err(problems) => {
            v.problems.push(format!(
                "suite: {} problem(s) loading {}; first: {}",
                problems.len(),
                suite_root.display(),
                problems.first().map(|p| p.to_string()).unwrap_or_default()
            ));
            return v;
        }
    };

    // The record: the same files, byte for byte.
    let record = files_identity(dir, &record_files(dir));
    for c in changed(&cert.transcripts.files, &record.files) {
        v.problems.push(format!("record: {c} since certification"));
    }
    if record.digest != cert.transcripts.digest {
        v.problems.push(format!(
            "record: digest {} differs from the certified {}",
            record.digest, cert.transcripts.digest
        ));
    }
    let run = match crate::gate::read_results(dir) {
        Ok(r) => r,
        Err(e) => {
            v.problems.push(format!("record: {e}"));
            return v;
        }
    };
    let profile: Profile = match std::fs::read_to_string(dir.join("target.yaml"))
        .map_err(|e| e.to_string())
        .and_then(|t| yaml::from_str(&dir.join("target.yaml"), &t).map_err(|d| d.to_string()))
    {
        Ok(p) => p,
        Err(e) => {
            v.problems.push(format!("record: target.yaml: {e}"));
            return v;
        }
    };
    if run.suite_digest != cert.suite.digest {
        v.problems.push(format!(
            "record: the run was of suite {}, the certificate names {}",
            run.suite_digest, cert.suite.digest
        ));
    }
    if run.run_id != cert.run_id {
        v.problems.push(format!(
            "record: run {} is not the certified run {}",
            run.run_id, cert.run_id
        ));
    }

    // The text transcripts are renderings of results.json: each must be exactly that.
    let names = crate::report::transcript::file_names(run.scenarios.iter().map(|s| s.id.as_str()));
    for (s, name) in run.scenarios.iter().zip(names) {
        let mut expected = Vec::new();
        let kept = std::fs::read(dir.join("transcript").join(&name));
        if crate::report::transcript::write(s, &mut expected).is_err()
            || kept.ok() != Some(expected)
        {
            v.problems.push(format!(
                "record: transcript/{name} is not the transcript of results.json"
            ));
        }
    }

    // Every answer judged again, and the certificate made again from that.
    let again = replay::rejudge(&run, &suite, &profile);
    v.rejudged_steps = again.steps;
    v.notes.extend(again.notes);
    for m in again.mismatches {
        v.problems.push(format!("re-judged: {m}"));
    }
    let remade = build::build(
        &again.run,
        &suite.catalogue,
        cert.suite.files.clone(),
        cert.transcripts.clone(),
    );
    if remade.certifiable != cert.certifiable {
        v.problems.push(format!(
            "the record makes the target {}certifiable, the certificate says {}certifiable",
            if remade.certifiable { "" } else { "not " },
            if cert.certifiable { "" } else { "not " }
        ));
    }
    for (a, b) in remade.clauses.iter().zip(&cert.clauses) {
        if a.clause != b.clause || a.verdict != b.verdict {
            v.problems.push(format!(
                "clause {}: the record gives {}, the certificate says {} {}",
                a.clause,
                a.verdict.label(),
                b.clause,
                b.verdict.label()
            ));
        }
    }
    if remade.clauses.len() != cert.clauses.len() {
        v.problems.push(format!(
            "the catalogue has {} clauses, the certificate {}",
            remade.clauses.len(),
            cert.clauses.len()
        ));
    }
    if remade.sections != cert.sections {
        v.problems
            .push("the section roll-up differs from the certificate's".to_string());
    }
    if remade.target != cert.target || remade.suite.digest != cert.suite.digest {
        v.problems.push(
            "the target or suite named by the record differ from the certificate's".to_string(),
        );
    }

    // The pages people read are renderings of certificate.json: each must be exactly
    // that, or a page could claim what the data does not.
    for (name, expected) in [
        ("certificate.md", super::render::markdown(&cert)),
        ("certificate.html", super::render::html_page(&cert)),
    ] {
        if std::fs::read(dir.join(name)).ok().as_deref() != Some(expected.as_bytes()) {
            v.problems.push(format!(
                "{name} is not the rendering of certificate.json (changed, or missing)"
            ));
        }
    }
    v
}
