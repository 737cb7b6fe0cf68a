//! The suite tells the releases apart: against the reference at the release before
//! SP11, every clause whose observable SP11 added fails on a check of that clause
//! itself (never only on an untagged setup step), and the BASE scenarios still pass.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use wbxconf::runner::batch::run_batch;
use wbxconf::runner::outcome::{Phase, Verdict};
use wbxconf::runner::session::SessionOptions;

#[test]
fn sp10_fails_every_sp11_clause_on_its_own_checks_and_passes_base() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let suite = Arc::new(wbxconf::scenario::load(&root).expect("suite loads"));
    let profile = wbxconf::target::resolve("reference-sp10", &root).expect("profile");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let report = rt
        .block_on(run_batch(
            suite.clone(),
            profile,
            &SessionOptions::default(),
            None,
            8,
        ))
        .expect("run");

    let mut failed_clauses = BTreeSet::new();
    let mut untagged = Vec::new();
    for s in &report.scenarios {
        for step in &s.steps {
            for c in step.checks.iter().filter(|c| !c.passed) {
                match &c.clause {
                    Some(cl) => {
                        failed_clauses.insert(cl.clone());
                    }
                    None if step.phase != Phase::Cleanup => untagged.push(format!(
                        "{} step {} `{}`: {}",
                        s.id, step.index, step.name, c.description
                    )),
                    None => {}
                }
            }
        }
        if s.id.starts_with("base/") {
            assert_eq!(
                s.verdict,
                Verdict::Pass,
                "BASE scenario {} must pass before SP11: {:?}",
                s.id,
                s.reason
            );
        }
    }
    assert!(
        untagged.is_empty(),
        "failures outside any clause's own checks:\n{}",
        untagged.join("\n")
    );
    let sp11: Vec<&str> = suite
        .catalogue
        .clauses
        .iter()
        .filter(|c| c.sp11)
        .map(|c| c.id.as_str())
        .collect();
    assert!(sp11.len() > 20, "the catalogue marks the SP11 additions");
    let missed: Vec<&&str> = sp11
        .iter()
        .filter(|c| !failed_clauses.contains(**c))
        .collect();
    assert!(
        missed.is_empty(),
        "SP11 clauses that did not fail on the older release: {missed:?}"
    );
}
