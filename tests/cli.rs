//! The command line as a user meets it: exit codes and messages of the real binary.

mod support;

use std::time::Instant;
use support::{suite_copy, text, wbxconf};

#[test]
fn unreachable_target_exits_3_quickly_with_a_clear_message() {
    let suite = suite_copy();
    let started = Instant::now();
    let out = wbxconf(
        suite.path(),
        &[
            "run",
            "--target",
            "http://127.0.0.1:9/WBXService/XMLService",
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(3), "{all}");
    assert!(all.contains("unreachable"), "{all}");
    assert!(all.contains("127.0.0.1:9"), "{all}");
    // Not a timing assertion on the harness's speed: a guard that it did not wait out
    // a long timeout instead of noticing the refused connection.
    assert!(started.elapsed().as_secs() < 60, "{all}");
}

#[test]
fn misspelt_key_exits_2_naming_file_line_and_key() {
    let suite = suite_copy();
    let file = suite.path().join("cases/base/envelope.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let broken = original.replacen("    expect:\n", "    expct:\n", 1);
    assert_ne!(original, broken);
    std::fs::write(&file, &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("expct:")).unwrap() + 1;
    let out = wbxconf(suite.path(), &["run"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains(&format!("cases/base/envelope.yaml:{line}:")),
        "{all}"
    );
    assert!(all.contains("unknown field `expct`"), "{all}");
    assert!(all.contains("nothing was sent"), "{all}");
}

#[test]
fn check_validates_the_shipped_suite() {
    let out = wbxconf(&support::repo(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("all valid"));
}

#[test]
fn a_broken_golden_file_fails_the_run_and_names_the_element() {
    let suite = suite_copy();
    let golden = suite.path().join("golden/base/envelope.api-version.xml");
    let original = std::fs::read_to_string(&golden).unwrap();
    let broken = original.replacen("<serv:gsbStatus>PRIMARY<", "<serv:gsbStatus>BACKUP<", 1);
    assert_ne!(
        original, broken,
        "the golden file must hold serv:gsbStatus for this test"
    );
    std::fs::write(&golden, broken).unwrap();
    let reports = suite.path().join("reports");
    let out = wbxconf(
        suite.path(),
        &[
            "run",
            "base/envelope",
            "--exact",
            "--format",
            "github",
            "--reports",
            reports.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    let case = std::fs::read_to_string(suite.path().join("cases/base/envelope.yaml")).unwrap();
    let golden_line = line_of(&case, "golden:");
    assert!(
        all.contains(&format!(
            "::error file=cases/base/envelope.yaml,line={golden_line},"
        )),
        "a GitHub annotation points at the failing `golden:` (line {golden_line}): {all}"
    );
    let json = std::fs::read_to_string(reports.join("latest/results.json")).unwrap();
    assert!(
        json.contains("\"/message/header/response/gsbStatus\""),
        "{json}"
    );
    assert!(json.contains("\"expected\": \"BACKUP\""), "{json}");
    assert!(json.contains("\"actual\": \"PRIMARY\""), "{json}");
    let summary = std::fs::read_to_string(reports.join("latest/summary.md")).unwrap();
    assert!(
        summary.contains("/message/header/response/gsbStatus"),
        "{summary}"
    );
    assert!(all.contains("wbxconf bless base/envelope"), "{all}");
}

#[test]
fn coverage_covers_every_clause_and_every_clause_is_evaluated_in_a_run() {
    let repo = support::repo();
    let out = wbxconf(&repo, &["coverage", "--static-only"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let reports = tempfile::tempdir().unwrap();
    let r = reports.path().to_str().unwrap();
    let run = wbxconf(&repo, &["run", "--reports", r]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    let out = wbxconf(&repo, &["coverage", "--reports", r]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("| REC-1 |"), "{all}");
    assert!(reports.path().join("latest/coverage.md").is_file());

    // After a filtered run, the clauses it did not reach were not evaluated: it fails.
    let run = wbxconf(&repo, &["run", "base/", "--reports", r]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    let out = wbxconf(&repo, &["coverage", "--reports", r]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("| REC-1 |") && all.contains("not in the last run"),
        "{all}"
    );
    assert!(all.contains("error: no check of REC-1"), "{all}");
    assert!(!all.contains(", 0 with no check evaluated"), "{all}");
}

#[test]
fn explain_names_the_interpretation_and_the_covering_scenarios() {
    let out = wbxconf(&support::repo(), &["explain", "REC-5"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("I-OCCURRENCES"), "{all}");
    assert!(all.contains("recurring/series-list"), "{all}");
    let out = wbxconf(&support::repo(), &["explain", "NOPE-1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn new_writes_a_skeleton_that_passes_as_written() {
    let suite = suite_copy();
    let out = wbxconf(suite.path(), &["new", "base/skeleton"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(suite.path().join("cases/base/skeleton.yaml").is_file());
    let again = wbxconf(suite.path(), &["new", "base/skeleton"]);
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    // Valid, but `check` reminds the author that it proves no clause yet.
    let check = wbxconf(suite.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    assert!(
        text(&check).contains(
            "warning: cases/base/skeleton.yaml:4: scenario `base/skeleton` covers no clause"
        ),
        "{}",
        text(&check)
    );
    assert_eq!(
        text(&check).matches("covers no clause").count(),
        1,
        "the shipped cases all cover clauses: {}",
        text(&check)
    );
    let reports = suite.path().join("reports");
    let run = wbxconf(
        suite.path(),
        &[
            "run",
            "base/skeleton",
            "--exact",
            "--reports",
            reports.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
}

#[test]
fn version_names_the_digest_of_the_suite_it_carries_and_runs_it_outside_a_checkout() {
    let version = std::process::Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .arg("--version")
        .output()
        .unwrap();
    let version = text(&version);
    let check = text(&wbxconf(&support::repo(), &["check"]));
    let digest = check
        .rsplit("suite digest ")
        .next()
        .unwrap()
        .trim()
        .trim_end_matches(')');
    assert_eq!(digest.len(), 64, "{check}");
    assert!(
        version.contains(digest),
        "--version `{version}` names the checkout's digest {digest}"
    );
    // From an empty folder, without --suite, the built-in suite is used.
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .arg("check")
        .current_dir(empty.path())
        .env("TMPDIR", empty.path())
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains(digest), "{all}");
    assert!(all.contains("built into this binary"), "{all}");
}

#[test]
fn a_filter_that_selects_nothing_is_a_usage_error_and_replaces_no_report() {
    let suite = suite_copy();
    let reports = suite.path().join("reports");
    let out = wbxconf(
        suite.path(),
        &[
            "run",
            "no-such-scenario",
            "--reports",
            reports.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains("no scenario id contains `no-such-scenario`"),
        "{all}"
    );
    assert!(
        !reports.join("latest").exists(),
        "nothing ran, so no report"
    );
}

#[test]
fn a_profile_names_where_its_smtp_sink_listens_and_smtp_listen_overrides_it() {
    let suite = suite_copy();
    // A port this test holds: a sink told to listen there cannot start.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let profile = std::fs::read_to_string(suite.path().join("targets/reference.yaml"))
        .expect("profile")
        .replace("name: reference\n", "name: fixed-sink\n")
        + &format!("mail:\n  listen: 127.0.0.1:{port}\n");
    std::fs::write(suite.path().join("targets/fixed-sink.yaml"), profile).expect("write");

    let out = wbxconf(
        suite.path(),
        &["run", "base/envelope", "--target", "fixed-sink"],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "a usage error: {all}");
    assert!(
        all.contains(&format!("cannot start the SMTP sink on 127.0.0.1:{port}")),
        "{all}"
    );

    let out = wbxconf(
        suite.path(),
        &[
            "run",
            "base/envelope",
            "--target",
            "fixed-sink",
            "--smtp-listen",
            "127.0.0.1:0",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    drop(taken);
}

/// 1-based line of the first line that starts (after indentation) with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(start))
        .expect("the line is in the case")
        + 1
}

#[test]
fn a_failed_check_is_located_at_its_own_line_in_every_output() {
    let suite = suite_copy();
    let file = suite.path().join("cases/base/envelope.yaml");
    let case = std::fs::read_to_string(&file).unwrap();
    let broken = case.replacen("equals: PRIMARY", "equals: SECONDARY", 1);
    assert_ne!(case, broken, "the case must check gsbStatus for this test");
    std::fs::write(&file, &broken).unwrap();
    let check_line = line_of(&broken, "- path: /serv:message/serv:header");
    let reports = suite.path().join("reports");
    let out = wbxconf(
        suite.path(),
        &[
            "run",
            "base/envelope",
            "--exact",
            "--format",
            "github",
            "--reports",
            reports.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    let at = format!("cases/base/envelope.yaml:{check_line}: step 1");
    assert!(all.contains(&at), "the failure names {at}: {all}");
    assert!(
        all.contains(&format!(
            "::error file=cases/base/envelope.yaml,line={check_line},"
        )),
        "{all}"
    );
    let json = std::fs::read_to_string(reports.join("latest/results.json")).unwrap();
    assert!(json.contains(&format!("\"line\": {check_line}")), "{json}");
    let summary = std::fs::read_to_string(reports.join("latest/summary.md")).unwrap();
    assert!(
        summary.contains(&format!("line {check_line})")),
        "{summary}"
    );
}

#[test]
fn a_run_that_cannot_prove_anything_is_refused_before_or_after_sending() {
    let suite = suite_copy();
    // A variable the scenario needs is not set: refused before anything is sent.
    let case = suite.path().join("cases/base/envelope.yaml");
    let text_before = std::fs::read_to_string(&case).unwrap();
    std::fs::write(
        &case,
        text_before.replacen(
            "    call: GetAPIVersion\n",
            "    call: GetAPIVersion\n    body: <x>${env:WBXCONF_TEST_SURELY_UNSET}</x>\n",
            1,
        ),
    )
    .unwrap();
    let out = wbxconf(suite.path(), &["run", "base/envelope", "--exact"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains(
            "scenario `base/envelope` reads ${env:WBXCONF_TEST_SURELY_UNSET}, which is not set"
        ),
        "{all}"
    );
    assert!(!all.contains("test result"), "nothing ran: {all}");
    std::fs::write(&case, &text_before).unwrap();

    // --skip that leaves nothing.
    let out = wbxconf(suite.path(), &["run", "--skip", ""]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("leaves no scenario to run"),
        "{}",
        text(&out)
    );

    // A bare URL of a live reference: every scenario needs an account, so all are
    // skipped, and a run that tested nothing does not pass.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let config = wbxconf::reference::Config {
        seed: wbxconf::reference::Seed::builtin(),
        release: wbxconf::reference::Release::Sp11,
        switches: wbxconf::reference::Switches::default(),
        mail_relay: None,
    };
    let running = rt
        .block_on(wbxconf::reference::start(
            config,
            "127.0.0.1:0".parse().unwrap(),
        ))
        .expect("reference starts");
    let url = format!("http://{}/WBXService/XMLService", running.addr());
    let out = wbxconf(suite.path(), &["run", "base/", "--target", &url]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("nothing was tested"), "{all}");

    // Switches of the embedded reference cannot change an endpoint: refused, not ignored.
    let out = wbxconf(
        suite.path(),
        &["run", "base/", "--target", &url, "--release", "sp10"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("which they cannot change"),
        "{}",
        text(&out)
    );
}

/// Answers every request with `response` (a whole HTTP/1.1 response), forever.
fn fixed_http_server(response: &'static str) -> u16 {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = reader.get_mut().write_all(response.as_bytes());
        }
    });
    port
}

#[test]
fn targets_check_finds_an_error_page_unusable_not_unreachable() {
    let suite = suite_copy();
    let port = fixed_http_server(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: 40\r\nConnection: close\r\n\r\n<html><body>Internal error</body></html>",
    );
    let url = format!("http://127.0.0.1:{port}/WBXService/XMLService");
    let out = wbxconf(suite.path(), &["targets", "check", &url]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "reached, not usable: {all}");
    assert!(
        all.contains("answers, but with HTTP 500 (text/html): not an XML API endpoint"),
        "{all}"
    );
    assert!(!all.contains("  ok endpoint"), "{all}");
}

#[test]
fn an_expectations_file_is_judged_before_the_run() {
    let suite = suite_copy();
    let file = suite.path().join("known.yaml");
    std::fs::write(
        &file,
        "target: reference\nknown_failures:\n  - scenario: base/envelope\n    check: CMR-99\n    reason: a clause that does not exist\n",
    )
    .unwrap();
    let out = wbxconf(
        suite.path(),
        &[
            "run",
            "base/envelope",
            "--expectations",
            file.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains("names clause(s) the catalogue does not have: CMR-99"),
        "{all}"
    );
    assert!(!all.contains("test result"), "nothing ran: {all}");

    std::fs::write(
        &file,
        "known_failures:\n  - scenario: base/envelope\n    bogus: 1\n",
    )
    .unwrap();
    let out = wbxconf(
        suite.path(),
        &[
            "run",
            "base/envelope",
            "--expectations",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        !text(&out).contains("test result"),
        "nothing ran: {}",
        text(&out)
    );
}

#[test]
fn targets_check_probes_the_endpoint_even_when_credentials_are_missing() {
    let suite = suite_copy();
    let port = fixed_http_server(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: 40\r\nConnection: close\r\n\r\n<html><body>Internal error</body></html>",
    );
    let profile = format!(
        "name: half-set\nendpoint: http://127.0.0.1:{port}/WBXService/XMLService\ncapabilities: [admin]\nsites:\n  main: {{ name: cmr, admin: {{ webExID: admin, password: {{ env: WBXCONF_TEST_UNSET_PASSWORD }} }} }}\n"
    );
    std::fs::write(suite.path().join("targets/half-set.yaml"), profile).unwrap();
    let out = wbxconf(suite.path(), &["targets", "check", "half-set"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("`WBXCONF_TEST_UNSET_PASSWORD` is not set"),
        "{all}"
    );
    assert!(
        all.contains("answers, but with HTTP 500"),
        "both findings at once: {all}"
    );
}
