//! The scenario loader on arbitrary text: YAML → scenario → validation against the
//! shipped clause and API catalogues, every diagnostic rendered with its caret.
//!
//! Shared by the fuzz target (fuzz/fuzz_targets/) and the regression test that replays
//! the committed corpus in `cargo test` (tests/fuzz_corpus.rs).

use std::path::Path;
use std::sync::OnceLock;
use wbxconf::api::ApiCatalogue;
use wbxconf::scenario::{load, yaml, Catalogue};
fn catalogues() -> &'static (Catalogue, ApiCatalogue) {
    static CATALOGUES: OnceLock<(Catalogue, ApiCatalogue)> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        let clauses = include_str!("../../cases/clauses.yaml");
        let apis = include_str!("../../cases/apis.yaml");
        (
            yaml::from_str(Path::new("cases/clauses.yaml"), clauses).expect("shipped clauses"),
            yaml::from_str(Path::new("cases/apis.yaml"), apis).expect("shipped API catalogue"),
        )
    })
}

/// Runs one input; panics on a finding.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (clauses, apis) = catalogues();
    let rel = Path::new("cases/fuzz/input.yaml");
    // Golden files are looked up under a folder that does not exist: loading must not
    // depend on them being there.
    let root = Path::new("/nonexistent-wbxconf-fuzz-root");
    match load::read_scenario(rel, text) {
        Ok(scenario) => {
            for d in load::check_scenario(&scenario, text, clauses, apis, root) {
                let _ = d.to_string();
            }
        }
        Err(d) => {
            let _ = d.to_string();
        }
    }
    // Templates and durations are parsed on their own too, as the runner does.
    let _ = wbxconf::scenario::template::Template::parse(text);
    let _ = load::parse_duration(text);
}
