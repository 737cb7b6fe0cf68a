//! The suite proven on its yardstick: every scenario in cases/ runs against the
//! embedded reference over real loopback HTTP and real SMTP, and must pass.
//! Arguments after `--` are libtest's (`cargo test --test conformance -- recurring/`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use wbxconf::runner::outcome::Verdict;
use wbxconf::runner::session::SessionOptions;
use wbxconf::runner::{self, RunOptions};

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let suite = match wbxconf::scenario::load(&root) {
        Ok(s) => Arc::new(s),
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            return ExitCode::FAILURE;
        }
    };
    let target = wbxconf::target::resolve("reference", &root).expect("targets/reference.yaml");
    let mut args = libtest_mimic::Arguments::from_args();
    args.test_threads = args.test_threads.or(Some(8));
    let opts = RunOptions {
        target,
        session: SessionOptions::default(),
        args,
    };
    let result = match runner::run(suite, opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(report) = result.report else {
        return ExitCode::SUCCESS;
    };
    let reports = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance-reports");
    if let Ok(dir) = wbxconf::report::files::write_run(&report, &reports) {
        eprintln!("reports: {}", dir.display());
    }
    // Warnings are failures here: on its own yardstick no `should` check may miss either.
    let bad: Vec<_> = report
        .scenarios
        .iter()
        .filter(|s| !matches!(s.verdict, Verdict::Pass))
        .collect();
    for s in &bad {
        eprintln!(
            "{}: {:?} {}",
            s.id,
            s.verdict,
            s.reason.as_deref().unwrap_or("")
        );
    }
    if bad.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
