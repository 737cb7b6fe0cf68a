//! The suite proves itself: against the embedded reference with each defect switch
//! on, a scenario covering the defect's clause fails a check of that clause; with
//! each benign variation on, nothing fails; every scenario catches some defect or
//! says why it is a smoke check. This is `wbxconf mutants` through the library.

mod support;

use std::path::PathBuf;
use std::sync::Arc;

use support::{suite_copy, text, wbxconf};
use wbxconf::runner::mutants::{run_mutants, MutantsOptions};

#[test]
fn every_defect_is_caught_no_variation_breaks_anything_and_no_case_is_dead() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let suite = Arc::new(wbxconf::scenario::load(&root).expect("suite loads"));
    let profile = wbxconf::target::resolve("reference", &root).expect("profile");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    // The runs mostly wait (mail timeouts, ticket expiry), so more at once than cores.
    let opts = MutantsOptions {
        jobs: 6,
        ..MutantsOptions::default()
    };
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

#[test]
fn the_command_exits_1_when_the_case_about_a_defect_is_gone_and_writes_the_matrix() {
    let args = [
        "mutants",
        "--defect",
        "list-keeps-expired-occurrences",
        "--defect",
        "crlf-line-ends",
        "--reports",
    ];
    let suite = suite_copy();
    let reports = suite.path().join("reports");
    let reports_arg = reports.to_string_lossy().into_owned();
    let with_reports: Vec<&str> = args.iter().copied().chain([reports_arg.as_str()]).collect();

    let out = wbxconf(suite.path(), &with_reports);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("caught by recurring/expired-occurrences"),
        "{all}"
    );
    let md = std::fs::read_to_string(reports.join("latest-mutants/matrix.md")).expect("matrix.md");
    assert!(md.contains("| `list-keeps-expired-occurrences` | REC-17 | recurring/expired-occurrences (REC-17, failure) |"), "{md}");

    // Without the one case about expired occurrences, the defect survives.
    std::fs::remove_file(
        suite
            .path()
            .join("cases/recurring/expired-occurrences.yaml"),
    )
    .unwrap();
    let out = wbxconf(suite.path(), &with_reports);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("defect list-keeps-expired-occurrences survives"),
        "{all}"
    );
    let json =
        std::fs::read_to_string(reports.join("latest-mutants/matrix.json")).expect("matrix.json");
    assert!(json.contains("\"proven\": false"), "{json}");

    let out = wbxconf(suite.path(), &["mutants", "--defect", "no-such-defect"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no-such-defect"));
}
