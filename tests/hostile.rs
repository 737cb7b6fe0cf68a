//! wbxconf against an endpoint that misbehaves in every way (tests/support/hostile.rs):
//! each misbehaviour ends in a failed or unreachable verdict that says what happened,
//! within the configured timeout, without a panic, with memory bounded, and the rest
//! of the run goes on.
//!
//! One run of the real binary holds one scenario per misbehaviour plus a well-behaved
//! one, all against the same endpoint at once; each test below reads its part of that
//! run's report.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::Ordering;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::hostile::Hostile;
use support::text;
use wbxconf::runner::outcome::{Phase, RunReport, StepOutcome, Verdict};

/// The profile's request timeout: every misbehaviour must be judged within it.
const TIMEOUT: Duration = Duration::from_secs(2);
/// The profile's size cap.
const CAP: usize = 1024 * 1024;
const PASSWORD: &str = "Hostile-Pa55word!";
const PASSWORD_VAR: &str = "WBXCONF_HOSTILE_PASSWORD";

struct Run {
    report: RunReport,
    output: String,
    code: Option<i32>,
    endpoint: Hostile,
    /// Every file the run wrote, as text.
    files: Vec<(String, String)>,
    _suite: tempfile::TempDir,
}

/// Writes a suite with one scenario per misbehaviour and a profile pointing at `url`.
fn hostile_suite(url: &str, names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("cases/hostile")).expect("cases dir");
    std::fs::create_dir_all(root.join("targets")).expect("targets dir");
    for f in ["cases/clauses.yaml", "cases/apis.yaml"] {
        std::fs::copy(support::repo().join(f), root.join(f)).expect("copy catalogue");
    }
    std::fs::write(
        root.join("targets/hostile.yaml"),
        format!(
            "name: hostile\nendpoint: {url}\ncapabilities: [admin]\n\
             sites:\n  main: {{ name: hostile, id: 1, admin: {{ webExID: hostadmin, password: {{ env: {PASSWORD_VAR} }} }} }}\n\
             timeouts: {{ request: {}s, connect: 2s }}\nmax_response_bytes: {CAP}\n",
            TIMEOUT.as_secs()
        ),
    )
    .expect("profile");
    for name in names {
        let (call, body) = if *name == "wrong-operation" {
            ("GetUser", "<webExId>hostadmin</webExId>")
        } else {
            ("GetAPIVersion", "")
        };
        std::fs::write(
            root.join(format!("cases/hostile/{name}.yaml")),
            format!(
                "id: hostile/{name}\ntitle: the endpoint misbehaves ({name})\nsteps:\n  \
                 - name: the admin asks\n    as: admin\n    call: {call}\n    body: \"{body}\"\n"
            ),
        )
        .expect("scenario");
    }
    dir
}

/// Runs `wbxconf run` on `suite` against the hostile profile, its address space capped
/// so that buffering a 1 GiB answer would fail the run.
fn run_wbxconf(suite: &Path, reports: &Path) -> Output {
    let binary = env!("CARGO_BIN_EXE_wbxconf");
    // 1.5 GiB of address space: ample for the harness (threads, runtime, allocator
    // arenas kept small), far too little to hold a 1 GiB body while it grows.
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1572864 && exec \"$@\"")
        .arg("sh")
        .arg(binary)
        .arg("--suite")
        .arg(suite)
        .args(["run", "--target", "hostile", "--test-threads", "32"])
        .arg("--reports")
        .arg(reports)
        .env(PASSWORD_VAR, PASSWORD)
        .env("MALLOC_ARENA_MAX", "2")
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run wbxconf")
}

fn read_tree(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            read_tree(&p, out);
        } else {
            let bytes = std::fs::read(&p).expect("read report file");
            out.push((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).to_string(),
            ));
        }
    }
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let endpoint = Hostile::start();
        let names: Vec<&str> = support::hostile::Behaviour::ALL
            .iter()
            .map(|(n, _)| *n)
            .collect();
        let suite = hostile_suite(&endpoint.url(), &names);
        let reports = suite.path().join("reports");
        let out = run_wbxconf(suite.path(), &reports);
        let output = text(&out);
        let json = std::fs::read_to_string(reports.join("latest/results.json"))
            .unwrap_or_else(|e| panic!("no results.json ({e}):\n{output}"));
        let report = wbxconf::report::json::read(&json).expect("results.json reads back");
        let mut files = Vec::new();
        read_tree(&reports, &mut files);
        Run {
            report,
            code: out.status.code(),
            output,
            endpoint,
            files,
            _suite: suite,
        }
    })
}

/// The step that met the misbehaviour (the scenario's only step).
fn step(name: &str) -> &'static StepOutcome {
    let r = run();
    let id = format!("hostile/{name}");
    let scenario = r
        .report
        .scenarios
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no outcome for {id}:\n{}", r.output));
    scenario
        .steps
        .iter()
        .find(|s| s.phase == Phase::Steps)
        .unwrap_or_else(|| panic!("{id} has no step"))
}

/// Everything the report says about a step's failure, in one text.
fn story(s: &StepOutcome) -> String {
    let mut t = s.reason.clone().unwrap_or_default();
    for c in s.checks.iter().filter(|c| !c.passed) {
        t.push_str(&format!(
            "\n{} | {} | expected {} | actual {} | hint {}",
            c.kind,
            c.description,
            c.expected.as_deref().unwrap_or("-"),
            c.actual.as_deref().unwrap_or("-"),
            c.hint.as_deref().unwrap_or("-")
        ));
    }
    t
}

/// The step ended with `verdict`, its story contains every `needle`, and it took no
/// longer than the timeout (plus a margin for a loaded machine).
fn assert_verdict(name: &str, verdict: Verdict, needles: &[&str]) {
    let s = step(name);
    let story = story(s);
    assert_eq!(s.verdict, verdict, "{name}: {story}");
    for n in needles {
        assert!(story.contains(n), "{name}: `{n}` not in:\n{story}");
    }
    let limit = TIMEOUT + Duration::from_secs(3);
    assert!(
        Duration::from_millis(s.duration_ms) <= limit,
        "{name} took {} ms, more than the {TIMEOUT:?} timeout allows",
        s.duration_ms
    );
}

#[test]
fn the_run_completes_without_a_panic_and_the_good_scenario_passes() {
    let r = run();
    assert!(!r.output.contains("panicked"), "{}", r.output);
    assert_eq!(
        r.code,
        Some(1),
        "failures are conformance failures:\n{}",
        r.output
    );
    assert_eq!(
        r.report.scenarios.len(),
        support::hostile::Behaviour::ALL.len(),
        "every scenario has its outcome"
    );
    assert!(!r.report.incomplete);
    assert_eq!(
        step("good").verdict,
        Verdict::Pass,
        "{}",
        story(step("good"))
    );
    let received = r.endpoint.stats.requests.lock().expect("stats").clone();
    for (name, _) in support::hostile::Behaviour::ALL {
        let id = format!("hostile/{name}");
        assert_eq!(
            received.iter().filter(|s| **s == id).count(),
            1,
            "{id} was sent exactly once: {received:?}"
        );
    }
}

#[test]
fn an_endpoint_that_never_answers_times_out() {
    assert_verdict(
        "silent",
        Verdict::Unreachable,
        &["no complete answer within 2.0s"],
    );
}

#[test]
fn one_byte_per_second_times_out() {
    assert_verdict(
        "drip",
        Verdict::Unreachable,
        &["no complete answer within 2.0s"],
    );
}

#[test]
fn a_reset_mid_body_is_a_broken_connection() {
    assert_verdict(
        "reset",
        Verdict::Unreachable,
        &["the connection broke before the answer was complete"],
    );
}

#[test]
fn a_gigabyte_answer_is_cut_at_the_size_cap_without_being_buffered() {
    assert_verdict(
        "huge",
        Verdict::Fail,
        &["larger than 1048576 bytes (the size cap)"],
    );
    assert_verdict(
        "huge-declared",
        Verdict::Fail,
        &["larger than 1048576 bytes (the size cap)"],
    );
    let stats = &run().endpoint.stats;
    // What the endpoint managed to write before the harness hung up: the cap plus what
    // socket buffers hold, nowhere near the gigabyte.
    for sent in [
        stats.huge_bytes_sent.load(Ordering::SeqCst),
        stats.huge_declared_bytes_sent.load(Ordering::SeqCst),
    ] {
        assert!(sent < 64 * 1024 * 1024, "{sent} bytes were sent");
    }
}

#[test]
fn html_json_and_empty_bodies_are_not_xml() {
    assert_verdict(
        "html",
        Verdict::Fail,
        &["the answer is a well-formed XML document", "text/html"],
    );
    assert_verdict(
        "json",
        Verdict::Fail,
        &[
            "the answer is a well-formed XML document",
            "application/json",
        ],
    );
    assert_verdict("empty", Verdict::Fail, &["an empty body"]);
}

#[test]
fn invalid_utf8_is_named() {
    assert_verdict("invalid-utf8", Verdict::Fail, &["UTF-8"]);
}

#[test]
fn a_500_fails_the_http_check() {
    assert_verdict(
        "server-error",
        Verdict::Fail,
        &["the answer is HTTP 200", "actual 500"],
    );
}

#[test]
fn a_redirect_to_another_host_is_not_followed() {
    let r = run();
    let elsewhere = r.endpoint.elsewhere.to_string();
    assert_verdict(
        "redirect",
        Verdict::Fail,
        &["actual 302", "not followed", &elsewhere],
    );
    assert_eq!(
        r.endpoint
            .stats
            .elsewhere_connections
            .load(Ordering::SeqCst),
        0,
        "nothing, and so no credential, went to the redirect's host"
    );
    let request = step("redirect").request.as_deref().unwrap_or_default();
    assert!(!request.contains(PASSWORD), "{request}");
    assert!(request.contains("«secret-"), "{request}");
}

#[test]
fn a_100000_deep_document_is_refused_at_the_depth_limit() {
    assert_verdict(
        "deep",
        Verdict::Fail,
        &[
            "the answer is a well-formed XML document",
            "nesting depth 257 exceeds the limit of 256",
        ],
    );
}

#[test]
fn entity_expansion_and_external_entities_are_refused_and_never_fetched() {
    assert_verdict("laughs", Verdict::Fail, &["DOCTYPE"]);
    assert_verdict("external-entity", Verdict::Fail, &["DOCTYPE"]);
    assert_eq!(
        run()
            .endpoint
            .stats
            .elsewhere_connections
            .load(Ordering::SeqCst),
        0,
        "the external entity's host was never contacted"
    );
}

#[test]
fn another_operations_answer_fails_the_type_check() {
    assert_verdict(
        "wrong-operation",
        Verdict::Fail,
        &[
            "bodyContent xsi:type is use:getUserResponse",
            "getAPIVersionResponse",
        ],
    );
}

#[test]
fn the_password_appears_in_no_output() {
    let r = run();
    assert!(!r.output.contains(PASSWORD), "{}", r.output);
    assert!(!r.files.is_empty());
    for (path, text) in &r.files {
        assert!(!text.contains(PASSWORD), "{path} holds the password");
    }
}

#[test]
fn refused_connections_make_every_scenario_unreachable_and_the_report_is_written() {
    let endpoint = Hostile::start_refusing_after_preflight();
    let suite = hostile_suite(&endpoint.url(), &["good", "html"]);
    let reports = suite.path().join("reports");
    let started = Instant::now();
    let out = run_wbxconf(suite.path(), &reports);
    let all = text(&out);
    assert!(!all.contains("panicked"), "{all}");
    assert_eq!(out.status.code(), Some(3), "{all}");
    assert!(started.elapsed() < Duration::from_secs(60), "{all}");
    let json = std::fs::read_to_string(reports.join("latest/results.json")).expect("results.json");
    let report = wbxconf::report::json::read(&json).expect("report");
    assert_eq!(report.scenarios.len(), 2);
    for s in &report.scenarios {
        assert_eq!(s.verdict, Verdict::Unreachable, "{}", s.id);
        let step = s
            .steps
            .iter()
            .find(|x| x.phase == Phase::Steps)
            .expect("step");
        let why = story(step);
        assert!(why.contains("cannot connect"), "{why}");
    }
}

#[test]
fn credentials_never_go_over_plain_http_to_another_host_without_allow_insecure() {
    let suite = hostile_suite(
        "http://wbxconf-elsewhere.invalid/WBXService/XMLService",
        &["good"],
    );
    let out = run_wbxconf(suite.path(), &suite.path().join("reports"));
    let all = text(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a usage error, nothing sent:\n{all}"
    );
    assert!(all.contains("plain HTTP to another host"), "{all}");
    assert!(all.contains("--allow-insecure"), "{all}");
}
