//! `wbxconf mutants`: prove the suite against the reference's defect switches and
//! benign variations (see `runner::mutants`), print and write the matrix.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use crate::cli::commands::{
    EXIT_FAILURES, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE,
};
use crate::report;
use crate::runner::mutants::{run_mutants, MutantsOptions};
use crate::runner::RunError;

#[derive(Debug, Args)]
pub struct MutantsArgs {
    /// Run only this defect or variation (repeatable; `wbxconf serve --defect list` lists them).
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<String>,
    /// Whole-suite runs at the same time (each starts its own reference and SMTP sink).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub jobs: usize,
    /// Scenarios at the same time within one run.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub test_threads: usize,
    /// An embedded-reference profile from targets/.
    #[arg(long, short = 't', value_name = "PROFILE", default_value = "reference")]
    pub target: String,
    /// Folder the matrix is written to (`mutants-<run id>/` and `latest-mutants/`).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
}

pub fn run(root: &Path, a: MutantsArgs) -> u8 {
    let suite = match crate::scenario::load(root) {
        Ok(s) => Arc::new(s),
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}\n");
            }
            return EXIT_USAGE;
        }
    };
    let profile = match crate::target::resolve(&a.target, root) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d}");
            return EXIT_USAGE;
        }
    };
    let opts = MutantsOptions {
        jobs: a.jobs,
        scenarios_per_run: a.test_threads,
        only: a.defects.clone(),
        ..MutantsOptions::default()
    };
    let runtime = match crate::cli::commands::runtime() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let progress = |p: crate::runner::mutants::Progress| {
        eprintln!("[{:>2}/{}] {}", p.done, p.total, p.line);
    };
    opts.interrupt.on_ctrl_c(&runtime);
    let matrix = match runtime.block_on(run_mutants(suite, profile, &opts, &progress)) {
        Ok(m) => m,
        Err(RunError::Usage(m)) => {
            eprintln!("error: {m}");
            return EXIT_USAGE;
        }
        Err(RunError::Unreachable(m)) => {
            eprintln!("error: {m}");
            return EXIT_UNREACHABLE;
        }
        Err(RunError::Harness(m)) => {
            eprintln!("error: {m}");
            return EXIT_FAILURES;
        }
        Err(RunError::Interrupted) => {
            eprintln!("interrupted: no matrix was written");
            return EXIT_INTERRUPTED;
        }
    };
    if opts.interrupt.is_triggered() {
        eprintln!("interrupted: the clean-up ran; no matrix was written from the partial runs");
        return EXIT_INTERRUPTED;
    }
    print!("{}", report::mutants::summary(&matrix));
    match report::mutants::write_files(&matrix, &a.reports) {
        Ok(dir) => println!(
            "matrix: {} (and {})",
            dir.join("matrix.md").display(),
            a.reports.join(report::mutants::LATEST).display()
        ),
        Err(e) => eprintln!(
            "error: cannot write the matrix under {}: {e}",
            a.reports.display()
        ),
    }
    if matrix.proven() {
        EXIT_OK
    } else {
        EXIT_FAILURES
    }
}
