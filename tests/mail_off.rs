//! Mail expectations can fail: with the reference's mail sending turned off, the
//! exception-mail scenario fails, naming the message that did not arrive.

use std::path::PathBuf;
use std::sync::Arc;

use wbxconf::runner::batch::run_batch;
use wbxconf::runner::outcome::Verdict;
use wbxconf::runner::session::SessionOptions;

#[test]
fn without_reference_mail_the_mail_scenarios_fail_naming_the_missing_message() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let suite = Arc::new(wbxconf::scenario::load(&root).expect("suite loads"));
    let profile = wbxconf::target::resolve("reference", &root).expect("profile");
    let opts = SessionOptions {
        reference_mail_off: true,
        ..SessionOptions::default()
    };
    let mail_scenarios: Vec<String> = suite
        .scenarios
        .iter()
        .filter(|s| s.spec.steps.iter().any(|st| !st.expect.mail.is_empty()))
        .map(|s| s.spec.id.clone())
        .collect();
    assert!(mail_scenarios
        .iter()
        .any(|s| s == "recurring/exception-mail"));
    let wanted = mail_scenarios.clone();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let report = rt
        .block_on(run_batch(
            suite,
            profile,
            &opts,
            Some(Arc::new(move |id: &str| wanted.iter().any(|w| w == id))),
            4,
        ))
        .expect("run");
    assert_eq!(report.scenarios.len(), mail_scenarios.len());
    for s in &report.scenarios {
        assert_eq!(s.verdict, Verdict::Fail, "{} must fail without mail", s.id);
        let missing: Vec<_> = s
            .steps
            .iter()
            .flat_map(|st| &st.checks)
            .filter(|c| c.kind == "mail" && !c.passed)
            .collect();
        assert!(
            !missing.is_empty(),
            "{}: a mail check must be what failed",
            s.id
        );
        let first = missing[0];
        assert!(
            first.description.contains("receives an"),
            "{}",
            first.description
        );
        assert!(
            first
                .actual
                .as_deref()
                .unwrap_or("")
                .contains("nothing arrived"),
            "{:?}",
            first.actual
        );
    }
}
