//! Scale: a generated suite of 10,000 scenarios against the embedded reference, as
//! `wbxconf run` runs it, at 1, 2 and 4 test threads: scenarios per second and peak
//! memory (one process per thread count). Each scenario provisions its host, schedules
//! a meeting, reads it back, lists a date range, deletes the meeting and removes the
//! host: seven requests, every answer judged. `cargo bench --bench scale`
//! (`WBXCONF_BENCH_SCENARIOS=1000` for a shorter run).

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use support::memory::{child, mib, resident};
use wbxconf::runner::session::SessionOptions;
use wbxconf::runner::{self, RunOptions};

const CHILD: &str = "WBXCONF_BENCH_SCALE_CHILD";
const THREADS: [usize; 3] = [1, 2, 4];

fn main() {
    if let Ok(spec) = std::env::var(CHILD) {
        measure(&spec);
        return;
    }
    let count: usize = std::env::var("WBXCONF_BENCH_SCENARIOS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate(dir.path(), count).expect("the generated suite is written");
    println!("scale: {count} generated scenarios, one process per thread count");
    for threads in THREADS {
        let spec = format!("{threads}:{}", dir.path().display());
        match child(&[], &[(CHILD, spec)]) {
            // Only the figures: the trial engine's own progress lines are left out.
            Ok(out) => out
                .lines()
                .filter(|l| l.starts_with("  "))
                .for_each(|l| println!("{l}")),
            Err(e) => eprintln!("{e}"),
        }
    }
}

const SCENARIO: &str = r#"id: base/gen-NUMBER
title: Generated scenario NUMBER
covers: [BASE-EMPTY]
actors:
  host: { role: host }
steps:
  - name: the host schedules a meeting
    as: host
    call: CreateMeeting
    body: |
      <metaData><confName>Generated ${scenario.id}</confName></metaData>
      <schedule><startDate>${date(today + 2d at 09:00, 4)}</startDate><timeZoneID>4</timeZoneID><duration>30</duration></schedule>
    capture: { meeting: //meetingkey }
  - name: the host reads it back
    as: host
    call: GetMeeting
    body: <meetingKey>${meeting}</meetingKey>
    expect:
      checks:
        - path: //metaData/confName
          equals: Generated ${scenario.id}
        - path: //schedule/duration
          equals: 30
  - name: the host lists the day
    as: host
    call: LstsummarySession
    body: |
      <dateScope><startDateStart>${date(today + 2d at 00:00, 4)}</startDateStart><startDateEnd>${date(today + 3d at 00:00, 4)}</startDateEnd><timeZoneID>4</timeZoneID></dateScope>
    expect:
      checks:
        - count: //session
          equals: 1
        - path: //session/sessionKey
          equals: ${meeting}
  - name: the host deletes it
    as: host
    call: DelMeeting
    body: <meetingKey>${meeting}</meetingKey>
"#;

/// A suite folder: the real clause and API catalogues, `count` generated scenarios.
fn generate(root: &Path, count: usize) -> std::io::Result<()> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cases = root.join("cases");
    std::fs::create_dir_all(cases.join("base"))?;
    std::fs::create_dir_all(root.join("golden"))?;
    for f in ["clauses.yaml", "apis.yaml"] {
        std::fs::copy(repo.join("cases").join(f), cases.join(f))?;
    }
    for i in 0..count {
        let text = SCENARIO.replace("NUMBER", &format!("{i:05}"));
        std::fs::write(cases.join("base").join(format!("gen-{i:05}.yaml")), text)?;
    }
    Ok(())
}

fn measure(spec: &str) {
    let (threads, root) = spec.split_once(':').unwrap_or(("1", spec));
    let threads: usize = threads.parse().unwrap_or(1);
    let root = PathBuf::from(root);
    let (base, _) = resident().unwrap_or((0, 0));
    let loading = Instant::now();
    let suite = match wbxconf::scenario::load(&root) {
        Ok(s) => Arc::new(s),
        Err(problems) => {
            for p in problems.iter().take(5) {
                eprintln!("{p}");
            }
            std::process::exit(1);
        }
    };
    let load_time = loading.elapsed();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = wbxconf::target::resolve("reference", &repo).expect("targets/reference.yaml");
    let mut args = libtest_mimic::Arguments::from_iter(["scale", "--quiet"]);
    args.test_threads = Some(threads);
    let opts = RunOptions {
        target,
        session: SessionOptions::default(),
        args,
    };
    let started = Instant::now();
    let report = runner::run(suite.clone(), opts)
        .ok()
        .and_then(|r| r.report)
        .expect("the generated suite runs");
    let elapsed = started.elapsed();
    let (peak, _) = resident().unwrap_or((0, 0));
    let t = report.totals;
    println!(
        "  {threads} test thread(s): {} scenarios in {:.1}s = {:.0} scenarios/s ({} passed, {} failed/errors); loading {:.1}s; peak memory {:.0} MiB (baseline {:.0} MiB)",
        t.scenarios,
        elapsed.as_secs_f64(),
        t.scenarios as f64 / elapsed.as_secs_f64(),
        t.passed + t.warned,
        t.failed + t.errors + t.unreachable,
        load_time.as_secs_f64(),
        mib(peak),
        mib(base)
    );
}
