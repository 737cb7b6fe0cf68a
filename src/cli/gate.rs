//! CI gating on the command line: `run --expectations FILE` (held after the run),
//! `wbxconf expectations update` and `wbxconf merge DIR…`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};

use crate::cli::args::TargetArgs;
use crate::cli::commands::{exit_code, print_summary, EXIT_FAILURES, EXIT_OK, EXIT_USAGE};
use crate::gate::{self, ExpectationsFile};
use crate::report;
use crate::runner::outcome::RunReport;
use crate::scenario::Suite;
use crate::target::Profile;

#[derive(Debug, Args)]
pub struct ExpectationsArgs {
    #[command(subcommand)]
    pub command: ExpectationsCommand,
}

#[derive(Debug, Subcommand)]
pub enum ExpectationsCommand {
    /// Write the target's current failures into its expectations file, for review:
    /// entries that still match keep their reason, new failures get one to fill in.
    Update(UpdateArgs),
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// The file to write (default: the profile's `expectations`, else
    /// targets/NAME.expectations.yaml).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Take the failures from a finished run (a report folder or its results.json)
    /// instead of running the suite.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Report folders (or their results.json) of the slices, e.g. from `run --partition K/N`.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder the merged reports are written to.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
    /// Hold the merged run against this expectations file.
    #[arg(long, value_name = "FILE")]
    pub expectations: Option<PathBuf>,
}

/// The expectations file a run is held against: `--expectations`, else the profile's
/// `expectations` (relative to the suite root).
pub fn expectations_path(root: &Path, given: Option<&Path>, profile: &Profile) -> Option<PathBuf> {
    given
        .map(Path::to_path_buf)
        .or_else(|| profile.expectations.as_ref().map(|p| root.join(p)))
}

fn default_file(root: &Path, profile: &Profile) -> PathBuf {
    expectations_path(root, None, profile).unwrap_or_else(|| {
        let name: String = profile
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        root.join("targets")
            .join(format!("{name}.expectations.yaml"))
    })
}

/// Holds a finished run against `path`, prints what the gate found, writes `gate.md`
/// into the run's folder, and returns the exit code: 0 when the run matches.
/// Reads the expectations file a run will be held against; read before the run, so a
/// missing or malformed file is a usage error before anything is sent.
pub fn read_for_gate(path: &Path) -> Result<ExpectationsFile, u8> {
    if !path.exists() {
        eprintln!(
            "error: the expectations file {} does not exist; write one from a run with `wbxconf expectations update --file {}`",
            path.display(),
            path.display()
        );
        return Err(EXIT_USAGE);
    }
    ExpectationsFile::read(path).map_err(|problems| {
        for p in &problems {
            eprintln!("{p}\n");
        }
        EXIT_USAGE
    })
}

/// What can be judged of an expectations file before the run: an entry naming a clause
/// the catalogue lacks would only ever read as stale.
pub fn validate(path: &Path, file: &ExpectationsFile, suite: &Suite) -> Result<(), u8> {
    let unknown: Vec<&str> = file
        .known_failures
        .iter()
        .filter_map(|e| e.check.as_deref())
        .filter(|c| looks_like_clause(c) && suite.catalogue.clause(c).is_none())
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    eprintln!(
        "error: {} names clause(s) the catalogue does not have: {}",
        path.display(),
        unknown.join(", ")
    );
    Err(EXIT_USAGE)
}

pub fn hold(
    path: &Path,
    file: &ExpectationsFile,
    run: &RunReport,
    suite: &Suite,
    run_dir: Option<&Path>,
) -> u8 {
    if let Some(t) = file.target.as_deref().filter(|t| *t != run.target.name) {
        eprintln!(
            "warning: {} was written for target `{t}`, this run is of `{}`",
            path.display(),
            run.target.name
        );
    }
    let ids: BTreeSet<String> = suite.scenarios.iter().map(|s| s.spec.id.clone()).collect();
    let today = chrono::Utc::now().date_naive();
    let g = gate::evaluate(run, file, today, Some(&ids));
    let mut text = String::new();
    gate::evaluate::write_markdown(&g, &path.display().to_string(), &mut text);
    print!("\n{text}");
    // Beside the run's reports, and in `latest/`, which already holds a copy of them.
    let latest = run_dir
        .and_then(Path::parent)
        .map(|p| p.join(report::files::LATEST));
    for dir in run_dir.map(Path::to_path_buf).into_iter().chain(latest) {
        if !dir.is_dir() {
            continue;
        }
        if let Err(e) = report::files::write_atomic(&dir.join("gate.md"), text.as_bytes()) {
            eprintln!("error: cannot write gate.md into {}: {e}", dir.display());
        }
    }
    println!(
        "gate: {} regression(s), {} stale, {} expired, {} unknown, {} expected failure(s)",
        g.regressions.len(),
        g.stale.len(),
        g.expired.len(),
        g.unknown.len(),
        g.expected.len()
    );
    if g.passed() {
        EXIT_OK
    } else {
        EXIT_FAILURES
    }
}

pub fn expectations(root: &Path, a: ExpectationsArgs) -> u8 {
    match a.command {
        ExpectationsCommand::Update(u) => update(root, u),
    }
}

fn update(root: &Path, a: UpdateArgs) -> u8 {
    let profile = match crate::cli::commands::resolve_target(root, &a.target) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let file_path = a
        .file
        .clone()
        .unwrap_or_else(|| default_file(root, &profile));
    let run = match &a.from {
        Some(dir) => match gate::read_results(dir) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        },
        None => {
            let suite = match crate::cli::commands::load_suite(root) {
                Ok(s) => Arc::new(s),
                Err(code) => return code,
            };
            let opts = crate::cli::commands::session_options(&a.target);
            match crate::cli::batch::run_one(suite, profile.clone(), &opts) {
                Ok(r) => r,
                Err(code) => return code,
            }
        }
    };
    let previous = if file_path.exists() {
        match ExpectationsFile::read(&file_path) {
            Ok(f) => f,
            Err(problems) => {
                for p in &problems {
                    eprintln!("{p}\n");
                }
                return EXIT_USAGE;
            }
        }
    } else {
        ExpectationsFile::default()
    };
    let next = gate::update(&run, &previous);
    let text = match next.to_yaml() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot write the expectations as YAML: {e}");
            return EXIT_FAILURES;
        }
    };
    if let Some(parent) = file_path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = report::files::write_atomic(&file_path, text.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", file_path.display());
        return EXIT_FAILURES;
    }
    let todo = next
        .known_failures
        .iter()
        .filter(|e| e.reason.starts_with("TODO"))
        .count();
    println!(
        "wrote {} known failure(s) to {} ({todo} new, whose reason needs writing); review the file before committing it.",
        next.known_failures.len(),
        file_path.display()
    );
    EXIT_OK
}

pub fn merge(root: &Path, a: MergeArgs) -> u8 {
    let mut slices = Vec::new();
    for d in &a.dirs {
        match gate::read_results(d) {
            Ok(r) => slices.push(r),
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_USAGE;
            }
        }
    }
    let mut merged = match gate::merge(&slices, crate::runner::run::new_run_id()) {
        Ok(r) => r,
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            return EXIT_USAGE;
        }
    };
    // Against the checkout of the same suite, a missing slice is visible: say so.
    let suite = crate::scenario::load(root).ok();
    if let Some(s) = suite.as_ref().filter(|s| s.digest == merged.suite_digest) {
        let have: BTreeSet<&str> = merged.scenarios.iter().map(|x| x.id.as_str()).collect();
        let missing: Vec<&str> = s
            .scenarios
            .iter()
            .map(|x| x.spec.id.as_str())
            .filter(|id| !have.contains(id))
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "warning: {} scenario(s) of the suite are in no slice ({}); the merged run is marked incomplete",
                missing.len(),
                missing.join(", ")
            );
            merged.incomplete = true;
        }
    }
    let run_dir = match report::files::write_run(&merged, &a.reports) {
        Ok(d) => Some(d),
        Err(e) => {
            eprintln!(
                "error: cannot write reports under {}: {e}",
                a.reports.display()
            );
            None
        }
    };
    print_summary(&merged);
    if let Some(dir) = &run_dir {
        println!(
            "merged {} slice(s) into {} (and {})",
            slices.len(),
            dir.display(),
            a.reports.join("latest").display()
        );
    }
    if let Some(path) = &a.expectations {
        let Some(suite) = &suite else {
            eprintln!("error: the suite under {} does not load", root.display());
            return EXIT_USAGE;
        };
        let file = match read_for_gate(path).and_then(|f| validate(path, &f, suite).map(|()| f)) {
            Ok(f) => f,
            Err(code) => return code,
        };
        let code = hold(path, &file, &merged, suite, run_dir.as_deref());
        return if merged.incomplete {
            code.max(EXIT_FAILURES)
        } else {
            code
        };
    }
    if merged.incomplete {
        return EXIT_FAILURES;
    }
    exit_code(&merged)
}

/// `REC-4`, `BASE-ENVELOPE`: the shape of a clause id, as opposed to a check's key.
fn looks_like_clause(check: &str) -> bool {
    let mut parts = check.split('-');
    parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase()))
        && check.contains('-')
        && parts.all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}
