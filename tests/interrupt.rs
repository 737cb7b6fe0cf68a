//! Ctrl-C during `wbxconf run`: the run stops promptly, runs the `finally` steps and
//! the actor removal of the scenario in flight, and writes a report marked incomplete.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use wbxconf::runner::outcome::{Phase, Verdict};

const IN_FLIGHT: &str = r#"id: zz-slow/interrupted
title: a scenario with a long wait in flight when the run is interrupted
actors:
  host: { role: host }
steps:
  - name: the host schedules a meeting
    as: host
    call: CreateMeeting
    body: |
      <metaData><confName>Interrupted ${scenario.id}</confName></metaData>
      <schedule><startDate>${date(today + 2d at 09:00, 4)}</startDate><timeZoneID>4</timeZoneID><duration>30</duration></schedule>
    capture: { meeting: //meetingkey }
  - name: a step that waits a minute first
    as: host
    wait: 60s
    call: GetAPIVersion
  - name: a step after it
    as: host
    call: GetAPIVersion
finally:
  - name: the meeting is deleted
    as: host
    call: DelMeeting
    body: <meetingKey>${meeting}</meetingKey>
"#;

const LATER: &str = r#"id: zz-slow/later
title: a scenario the interrupted run never starts
steps:
  - name: the admin asks for the API version
    as: admin
    call: GetAPIVersion
"#;

#[test]
fn ctrl_c_stops_the_run_runs_finally_steps_and_marks_the_report_incomplete() {
    let suite = support::suite_copy();
    let dir = suite.path().join("cases/zz-slow");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("interrupted.yaml"), IN_FLIGHT).expect("case");
    std::fs::write(dir.join("later.yaml"), LATER).expect("case");
    let reports = suite.path().join("reports");

    let (exit, stopped_after, all) = interrupt_during_the_wait(
        &suite,
        &["run", "zz-slow/", "--test-threads", "1", "--reports"],
        &reports,
        1,
    );

    assert!(!all.contains("panicked"), "{all}");
    assert_eq!(exit.code(), Some(130), "{all}");
    assert!(
        !all.contains("test result: ok"),
        "an interrupted run never reads as green: {all}"
    );
    // -v also shows the embedded reference's side of each exchange, without bodies.
    assert!(
        all.contains(": SUCCESS") && all.contains("CreateMeeting as "),
        "{all}"
    );
    // The wait had a minute to go: stopping well before proves it was cut short.
    assert!(
        stopped_after < Duration::from_secs(30),
        "took {stopped_after:?} to stop:\n{all}"
    );

    let json = std::fs::read_to_string(reports.join("latest/results.json"))
        .unwrap_or_else(|e| panic!("no report ({e}):\n{all}"));
    let report = wbxconf::report::json::read(&json).expect("report");
    assert!(report.incomplete, "{json}");
    let junit = std::fs::read_to_string(reports.join("latest/junit.xml")).expect("junit");
    assert!(
        junit.contains("name=\"incomplete\" value=\"true\""),
        "{junit}"
    );

    let s = report
        .scenarios
        .iter()
        .find(|s| s.id == "zz-slow/interrupted")
        .expect("the interrupted scenario is reported");
    assert_eq!(s.verdict, Verdict::Skip, "proved nothing: {json}");
    assert_eq!(s.reason.as_deref(), Some("the run was interrupted"));
    let steps: Vec<_> = s.steps.iter().filter(|x| x.phase == Phase::Steps).collect();
    assert_eq!(steps[0].verdict, Verdict::Pass, "the meeting was created");
    assert_eq!(steps[1].verdict, Verdict::Skip);
    assert!(
        steps[1]
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("interrupted while this step was in flight")),
        "{:?}",
        steps[1].reason
    );
    assert_eq!(steps[2].verdict, Verdict::Skip, "nothing new starts");
    let cleanup: Vec<_> = s
        .steps
        .iter()
        .filter(|x| x.phase == Phase::Cleanup)
        .collect();
    assert_eq!(cleanup.len(), 2, "the finally step and the actor removal");
    assert_eq!(cleanup[0].name, "the meeting is deleted");
    assert_eq!(cleanup[0].verdict, Verdict::Pass, "{json}");
    assert!(cleanup[1].name.contains("remove actor `host`"));
    assert_eq!(cleanup[1].verdict, Verdict::Pass, "{json}");

    let later = report
        .scenarios
        .iter()
        .find(|s| s.id == "zz-slow/later")
        .expect("the scenario never started is reported");
    assert_eq!(later.verdict, Verdict::Skip);
    assert!(
        later
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("interrupted before this scenario started")),
        "{:?}",
        later.reason
    );
    assert!(later.steps.is_empty(), "nothing of it was sent");
}

/// Starts `wbxconf -v ARGS REPORTS`, sends SIGINT once `waits` runs have begun their
/// long wait, and returns the exit status, how long it took to stop, and everything it
/// printed.
fn interrupt_during_the_wait(
    suite: &tempfile::TempDir,
    args: &[&str],
    reports: &std::path::Path,
    waits: usize,
) -> (std::process::ExitStatus, Duration, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .arg("--suite")
        .arg(suite.path())
        .arg("-v")
        .args(args)
        .arg(reports)
        .env("NO_COLOR", "1")
        .env_remove("RUST_LOG")
        .env_remove("CI")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wbxconf");

    // The verbose log says when the long wait begins: that is the moment to interrupt.
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let (mut all, mut seen) = (String::new(), 0);
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("waiting 60s before sending") {
                seen += 1;
                if seen == waits {
                    let _ = tx.send(());
                }
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let waiting = rx.recv_timeout(Duration::from_secs(120));
    if waiting.is_err() {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "the long wait never began:\n{}",
            reader.join().unwrap_or_default()
        );
    }
    let interrupted_at = Instant::now();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -INT {}", child.id()))
        .status()
        .expect("send SIGINT");
    assert!(status.success());
    let exit = child.wait().expect("wbxconf ends");
    let stopped_after = interrupted_at.elapsed();
    let log = reader.join().unwrap_or_default();
    let out = out_reader.join().unwrap_or_default();
    (exit, stopped_after, format!("{out}{log}"))
}

#[test]
fn ctrl_c_stops_every_target_of_a_comparison_and_writes_nothing_from_it() {
    let suite = support::suite_copy();
    let dir = suite.path().join("cases/zz-slow");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("interrupted.yaml"), IN_FLIGHT).expect("case");
    let reports = suite.path().join("reports");

    let (exit, stopped_after, all) = interrupt_during_the_wait(
        &suite,
        &[
            "compare",
            "zz-slow/interrupted",
            "--exact",
            "--target",
            "reference",
            "--target",
            "reference-sp10",
            "--reports",
        ],
        &reports,
        2,
    );

    assert!(!all.contains("panicked"), "{all}");
    assert_eq!(exit.code(), Some(130), "{all}");
    assert!(
        stopped_after < Duration::from_secs(30),
        "took {stopped_after:?} to stop:\n{all}"
    );
    assert!(
        all.contains("nothing was written from the partial results"),
        "{all}"
    );
    // Both targets' finally steps ran: each reference deleted its meeting.
    assert_eq!(
        all.lines()
            .filter(|l| l.contains("DelMeeting as ") && l.ends_with(": SUCCESS"))
            .count(),
        2,
        "one clean-up per target:\n{all}"
    );
    let written: Vec<_> = std::fs::read_dir(&reports)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        !written
            .iter()
            .any(|n| n.to_string_lossy().starts_with("compare-")),
        "no comparison of half a run: {written:?}"
    );
}

#[test]
fn ctrl_c_stops_mutants_and_writes_no_matrix_from_partial_runs() {
    let suite = support::suite_copy();
    let dir = suite.path().join("cases/zz-slow");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("interrupted.yaml"), IN_FLIGHT).expect("case");
    let reports = suite.path().join("reports");

    // The plain run (the yardstick every defect is judged against) is interrupted.
    let (exit, stopped_after, all) = interrupt_during_the_wait(
        &suite,
        &["mutants", "--defect", "calendar-list-unknown", "--reports"],
        &reports,
        1,
    );

    assert!(!all.contains("panicked"), "{all}");
    assert_eq!(exit.code(), Some(130), "{all}");
    assert!(
        stopped_after < Duration::from_secs(30),
        "took {stopped_after:?} to stop:\n{all}"
    );
    assert!(all.contains("no matrix was written"), "{all}");
    assert!(
        !reports.join("latest-mutants").exists(),
        "a matrix judged on an interrupted yardstick would mislead"
    );
}

#[test]
fn ctrl_c_while_probing_a_silent_target_stops_at_once() {
    use std::io::Read as _;
    // A target that reads the probe and never answers; it says when the probe arrived.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (arrived, probe) = mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let _ = arrived.send(());
            held.push(stream);
        }
    });
    let suite = support::suite_copy();
    let url = format!("http://127.0.0.1:{port}/WBXService/XMLService");
    let child = Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .arg("--suite")
        .arg(suite.path())
        .args(["run", "--target", &url, "--reports"])
        .arg(suite.path().join("reports"))
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start wbxconf");
    probe
        .recv_timeout(Duration::from_secs(120))
        .expect("the probe arrives");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -INT {}", child.id()))
        .status()
        .expect("send SIGINT");
    assert!(status.success());
    let out = child.wait_with_output().expect("wbxconf ends");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Waiting the probe out would end in "unreachable" (exit 3), never in 130.
    assert_eq!(out.status.code(), Some(130), "{all}");
    assert!(
        all.contains("interrupted before any scenario started"),
        "{all}"
    );
    assert!(!all.contains("unreachable"), "{all}");
}
