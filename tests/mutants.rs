//! The suite proves itself: against the embedded reference with each defect switch
//! on, a scenario covering the defect's clause fails a check of that clause; with
//! each benign variation on, nothing fails; every scenario catches some defect or
//! says why it is a smoke check. This is `wbxconf mutants` through the library.

use std::path::PathBuf;
use std::sync::Arc;

use wbxconf::runner::mutants::{run_mutants, MutantsOptions};

#[test]
fn every_defect_is_caught_no_variation_breaks_anything_and_no_case_is_dead() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let suite = Arc::new(wbxconf::scenario::load(&root).expect("suite loads"));
    let profile = wbxconf::target::resolve("reference", &root).expect("profile");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let opts = MutantsOptions::default();
    let matrix = rt
        .block_on(run_mutants(suite, profile, &opts, &|p| {
            eprintln!("[{}/{}] {}", p.done, p.total, p.line)
        }))
        .expect("mutants run");
    eprintln!(
        "{} defects, {} variations in {:.1}s",
        matrix.defects.len(),
        matrix.variations.len(),
        matrix.duration_ms as f64 / 1000.0
    );
    assert!(!matrix.subset);
    assert!(matrix.defects.len() >= 60, "about one defect per clause");
    assert!(matrix.variations.len() >= 7);
    let problems = matrix.problems();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
