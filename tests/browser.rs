//! The HTML report in a real browser (headless Chromium, installed by `.ci/run`): a
//! failing step's request, response and diff are on the rendered page, and the page
//! raises no script or policy errors. Screenshots are kept in the test output folder.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{suite_copy, text, wbxconf};

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            }
        }
    }
    panic!("headless Chromium is needed for this test: `apt-get install chromium poppler-utils` (bash .ci/run installs both)");
}

/// Runs Chromium headless on `page` with `extra` arguments; returns (stdout, stderr).
fn headless(page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn output_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_html_report_shows_the_failing_step_in_a_real_browser() {
    let suite = suite_copy();
    let golden = suite.path().join("golden/base/envelope.api-version.xml");
    let original = std::fs::read_to_string(&golden).unwrap();
    std::fs::write(
        &golden,
        original.replacen("<serv:gsbStatus>PRIMARY<", "<serv:gsbStatus>BACKUP<", 1),
    )
    .unwrap();
    let reports = suite.path().join("reports");
    let run = wbxconf(
        suite.path(),
        &["run", "base/", "--reports", reports.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    let page = reports.join("latest/index.html");

    // What a person sees: print the rendered page (closed sections do not print) and read its text.
    let pdf = output_dir().join("report.pdf");
    let (_, stderr) = headless(
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    assert!(pdf.is_file(), "chromium printed nothing: {stderr}");
    let pdftext = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let shown = String::from_utf8_lossy(&pdftext.stdout);
    assert!(
        shown.contains("base/envelope"),
        "the failing scenario is shown:\n{shown}"
    );
    assert!(
        shown.contains("GetAPIVersion"),
        "the failing step's request is shown:\n{shown}"
    );
    assert!(
        shown.contains("getAPIVersionResponse"),
        "the failing step's response is shown:\n{shown}"
    );
    assert!(
        shown.contains("/message/header/response/gsbStatus"),
        "the difference is shown:\n{shown}"
    );
    assert!(
        shown.contains("BACKUP") && shown.contains("PRIMARY"),
        "expected and actual values are shown:\n{shown}"
    );
    assert!(
        shown.contains("--- expected") || shown.contains("-      <serv:gsbStatus>BACKUP"),
        "the diff is shown:\n{shown}"
    );

    let (dom, stderr) = headless(&page, &["--dump-dom".into()]);
    assert!(dom.contains("gsbStatus"), "{dom}");
    for bad in ["Uncaught", "Refused to", "SyntaxError", "TypeError"] {
        assert!(!stderr.contains(bad), "the page raised `{bad}`:\n{stderr}");
    }
    let shot = output_dir().join("report.png");
    headless(
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".into(),
        ],
    );
    assert!(
        shot.metadata().map(|m| m.len() > 1000).unwrap_or(false),
        "a screenshot is kept at {}",
        shot.display()
    );
}
