//! Each subcommand: turn its arguments into the library's options, call it, and map
//! the result to an exit code. Exit codes: 0 all passed, 1 conformance failures,
//! 2 usage or scenario errors, 3 target unreachable, 130 interrupted.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::args::{Cli, Command, CoverageArgs, RunArgs, ServeArgs, TargetArgs};
use crate::report;
use crate::runner::outcome::RunReport;
use crate::runner::session::SessionOptions;
use crate::runner::{self, RunError, RunOptions};
use crate::scenario::{self, Suite};
use crate::target::{self, Profile};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILURES: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_UNREACHABLE: u8 = 3;
/// The run was interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn main(cli: Cli) -> ExitCode {
    init_logging(cli.verbose);
    let writes_suite = matches!(cli.command, Command::Bless(_) | Command::New { .. });
    let root = match suite_root(cli.suite.clone(), writes_suite) {
        Ok(r) => r,
        Err(m) => {
            eprintln!("error: {m}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let code = match cli.command {
        Command::Run(args) => run(&root, args),
        Command::List(args) => list(&root, args.filter),
        Command::Check => check(&root),
        Command::Serve(args) => serve(args),
        Command::Bless(args) => crate::cli::bless::bless(&root, args),
        Command::Coverage(args) => coverage(&root, args),
        Command::Explain { clause } => with_suite(&root, |suite| {
            crate::cli::explain::explain(suite, &clause).map(|t| print!("{t}"))
        }),
        Command::New { name } => with_suite(&root, |suite| {
            crate::cli::explain::new_scenario(&root, suite, &name).map(|p| {
                println!(
                    "wrote {} — edit it, then `wbxconf run {name} --exact`",
                    p.display()
                )
            })
        }),
        Command::Expectations(args) => crate::cli::gate::expectations(&root, args),
        Command::Merge(args) => crate::cli::gate::merge(&root, args),
        Command::Compare(args) => crate::cli::compare::compare(&root, args),
        Command::Certify(args) => crate::cli::certify::certify(&root, args),
        Command::Targets(args) => crate::cli::targets::targets(&root, args),
        Command::Mutants(args) => crate::cli::mutants::run(&root, args),
    };
    ExitCode::from(code)
}

/// The suite to use: `--suite`, else the current folder when it holds one, else the
/// suite built into this binary (written once to the temporary folder).
fn suite_root(given: Option<PathBuf>, writes_suite: bool) -> Result<PathBuf, String> {
    if let Some(p) = given {
        return Ok(p);
    }
    let here = PathBuf::from(".");
    if here.join(scenario::load::CLAUSES_FILE).is_file() {
        return Ok(here);
    }
    if writes_suite {
        return Err("this command writes into a suite: run it inside a checkout of the suite or pass --suite DIR".to_string());
    }
    let root = scenario::embedded::materialise(&std::env::temp_dir()).map_err(|e| {
        format!(
            "no suite here (no {}), and the built-in suite cannot be written out: {e}",
            scenario::load::CLAUSES_FILE
        )
    })?;
    eprintln!(
        "note: no suite in the current folder; using the suite built into this binary ({})",
        root.display()
    );
    Ok(root)
}

fn init_logging(verbose: bool) {
    let default = if verbose {
        "wbxconf=debug"
    } else {
        "wbxconf=warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color_wanted())
        .try_init();
}

/// Colour only on a terminal, never when `NO_COLOR` is set.
pub fn color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// The runtime a command's sessions run on: two workers, as the machines have two cores
/// and the work is mostly waiting on the endpoint. A failure to start is said once here.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, u8> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("error: cannot start the async runtime: {e}");
            EXIT_FAILURES
        })
}

/// Loads the suite or prints every problem (exit 2).
pub(crate) fn load_suite(root: &Path) -> Result<Suite, u8> {
    scenario::load(root).map_err(|problems| {
        for p in &problems {
            eprintln!("{p}\n");
        }
        eprintln!(
            "{} problem(s) in the suite under {}; nothing was sent.",
            problems.len(),
            root.display()
        );
        EXIT_USAGE
    })
}

/// `--target` resolved; with none, the embedded reference (`targets/reference.yaml`).
pub(crate) fn resolve_target(root: &Path, t: &TargetArgs) -> Result<Profile, u8> {
    let spec = t.target.clone().unwrap_or_else(|| "reference".to_string());
    let profile = target::resolve(&spec, root).map_err(|d| {
        eprintln!("{d}");
        EXIT_USAGE
    })?;
    if !target::url_password(&profile.endpoint).is_empty() {
        eprintln!("warning: {}", target::URL_CREDENTIALS_WARNING);
    }
    Ok(profile)
}

pub(crate) fn session_options(t: &TargetArgs) -> SessionOptions {
    SessionOptions {
        smtp_listen: t.smtp_listen,
        allow_insecure: t.allow_insecure,
        extra_switches: t.defects.clone(),
        release: t.release.clone(),
        reference_mail_off: t.no_reference_mail,
        ..SessionOptions::default()
    }
}

fn libtest_args(filter: Option<String>, a: &RunArgs) -> libtest_mimic::Arguments {
    libtest_mimic::Arguments {
        filter,
        exact: a.exact,
        ignored: a.ignored,
        list: a.list,
        skip: a.skip.clone(),
        test_threads: Some(a.test_threads.unwrap_or(8).max(1)),
        color: Some(if color_wanted() {
            libtest_mimic::ColorSetting::Always
        } else {
            libtest_mimic::ColorSetting::Never
        }),
        ..libtest_mimic::Arguments::default()
    }
}

fn run(root: &Path, a: RunArgs) -> u8 {
    let whole = match load_suite(root) {
        Ok(s) => Arc::new(s),
        Err(code) => return code,
    };
    let suite = match a.partition {
        Some(p) => Arc::new(p.apply(&whole)),
        None => whole.clone(),
    };
    if !a.list {
        let selection = Selection {
            filter: a.filter.clone(),
            exact: a.exact,
            skip: a.skip.clone(),
        };
        if let Err(code) = selection
            .check(&suite)
            .and_then(|()| selection.check_env(&suite))
        {
            return code;
        }
    }
    let profile = match resolve_target(root, &a.target) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let expectations =
        match crate::cli::gate::expectations_path(root, a.expectations.as_deref(), &profile)
            .map(|path| {
                let file = crate::cli::gate::read_for_gate(&path)?;
                crate::cli::gate::validate(&path, &file, &whole)?;
                Ok((path, file))
            })
            .transpose()
        {
            Ok(e) => e,
            Err(code) => return code,
        };
    let opts = RunOptions {
        target: profile,
        session: session_options(&a.target),
        args: libtest_args(a.filter.clone(), &a),
    };
    let report = match execute(suite, opts) {
        Ok(Some(r)) => r,
        Ok(None) => return EXIT_OK,
        Err(code) => return code,
    };
    let run_dir = match report::files::write_run(&report, &a.reports) {
        Ok(dir) => Some(dir),
        Err(e) => {
            eprintln!(
                "error: cannot write reports under {}: {e}",
                a.reports.display()
            );
            None
        }
    };
    print_summary(&report);
    let github = match a.format {
        Some(crate::cli::args::OutputFormat::Github) => true,
        Some(crate::cli::args::OutputFormat::Human) => false,
        None => report::github::detected(),
    };
    if github {
        let mut annotations = String::new();
        let _ = report::github::write(&report, &mut annotations);
        print!("{annotations}");
    }
    if let Some(dir) = &run_dir {
        println!(
            "reports: {} (and {})",
            dir.display(),
            a.reports.join("latest").display()
        );
    }
    if let Some((path, file)) = expectations {
        return crate::cli::gate::hold(&path, &file, &report, &whole, run_dir.as_deref());
    }
    if nothing_tested(&report) && !a.ignored && !report.incomplete {
        eprintln!(
            "error: nothing was tested: all {} selected scenario(s) were skipped (see the reasons above); a run that proves nothing does not pass",
            report.totals.scenarios
        );
        return EXIT_USAGE;
    }
    exit_code(&report)
}

/// Runs and maps run errors to exit codes with a message.
fn execute(suite: Arc<Suite>, opts: RunOptions) -> Result<Option<RunReport>, u8> {
    match runner::run(suite, opts) {
        Ok(r) => Ok(r.report),
        Err(e) => {
            eprintln!("error: {e}");
            Err(match e {
                RunError::Usage(_) => EXIT_USAGE,
                RunError::Unreachable(_) => EXIT_UNREACHABLE,
                RunError::Harness(_) => EXIT_FAILURES,
                RunError::Interrupted => EXIT_INTERRUPTED,
            })
        }
    }
}

pub(crate) fn print_summary(report: &RunReport) {
    let mut text = String::new();
    let _ = report::terminal::write_summary(
        report,
        &mut text,
        report::terminal::Style {
            color: color_wanted(),
        },
    );
    print!("{text}");
}

/// Every scenario skipped: the profile lacks what the suite needs (a bare URL has no
/// accounts), so the run proved nothing.
fn nothing_tested(report: &RunReport) -> bool {
    let t = &report.totals;
    t.scenarios > 0 && t.skipped == t.scenarios
}

pub fn exit_code(report: &RunReport) -> u8 {
    let t = &report.totals;
    if report.incomplete {
        EXIT_INTERRUPTED
    } else if t.failed > 0 || t.errors > 0 {
        EXIT_FAILURES
    } else if t.unreachable > 0 {
        EXIT_UNREACHABLE
    } else {
        EXIT_OK
    }
}

fn list(root: &Path, filter: Option<String>) -> u8 {
    let suite = match load_suite(root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    for s in &suite.scenarios {
        if filter.as_deref().is_none_or(|f| s.spec.id.contains(f)) {
            println!(
                "{}  {}  [{}]",
                s.spec.id,
                s.spec.title,
                s.spec.covers.join(", ")
            );
        }
    }
    EXIT_OK
}

fn check(root: &Path) -> u8 {
    let suite = match load_suite(root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let missing = scenario::load::missing_golden(&suite);
    for (id, g) in &missing {
        eprintln!("error: scenario `{id}` expects golden/{g}, which does not exist (create it with `wbxconf bless {id}`)");
    }
    if !missing.is_empty() {
        return EXIT_USAGE;
    }
    let unused = scenario::load::unused_golden(&suite);
    for g in &unused {
        eprintln!("warning: golden/{g} is used by no scenario");
    }
    // Legal while a case is being written, but such a scenario counts towards no
    // clause: coverage, mutants and certificates never see what it proves.
    for s in suite.scenarios.iter().filter(|s| s.spec.covers.is_empty()) {
        eprintln!(
            "warning: {}:{}: scenario `{}` covers no clause: list the clauses it proves in `covers`",
            s.file.display(),
            s.line,
            s.spec.id
        );
    }
    let steps: usize = suite
        .scenarios
        .iter()
        .map(|s| s.spec.steps.len() + s.spec.finally.len())
        .sum();
    println!(
        "{} scenarios, {} steps, {} clauses, {} golden files: all valid (suite digest {})",
        suite.scenarios.len(),
        steps,
        suite.catalogue.clauses.len(),
        suite.golden_files.len(),
        suite.digest
    );
    EXIT_OK
}

fn serve(a: ServeArgs) -> u8 {
    use crate::reference;
    if a.defects.iter().any(|d| d == "list") {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        for r in reference::SWITCHES {
            let what = match r.kind {
                reference::SwitchKind::Defect => r.clauses.join(","),
                reference::SwitchKind::Variation => "variation".to_string(),
            };
            // A closed pipe (`| head`) ends the listing, nothing more.
            if writeln!(out, "{:44} {what:28} {}", r.name, r.description).is_err() {
                break;
            }
        }
        return EXIT_OK;
    }
    let seed = match &a.seed {
        Some(path) => match reference::Seed::from_file(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: seed {}: {e}", path.display());
                return EXIT_USAGE;
            }
        },
        None => reference::Seed::builtin(),
    };
    let release: reference::Release = match a.release.parse() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: --release {}: {e}", a.release);
            return EXIT_USAGE;
        }
    };
    let switches = match reference::Switches::parse(&a.defects.join(",")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: --defect: {e}");
            return EXIT_USAGE;
        }
    };
    let config = reference::Config {
        seed,
        release,
        switches,
        mail_relay: a.smtp_relay,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return EXIT_FAILURES;
        }
    };
    runtime.block_on(async {
        match reference::start(config, a.listen).await {
            Ok(running) => {
                println!("reference ({}) listening on {}", a.release, running.url());
                println!("press Ctrl-C to stop");
                let _ = tokio::signal::ctrl_c().await;
                running.shutdown().await;
                EXIT_OK
            }
            Err(e) => {
                eprintln!("error: cannot listen on {}: {e}", a.listen);
                EXIT_USAGE
            }
        }
    })
}

fn coverage(root: &Path, a: CoverageArgs) -> u8 {
    let suite = match load_suite(root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let latest = a.reports.join("latest");
    let run = if a.static_only {
        None
    } else {
        std::fs::read_to_string(latest.join("results.json"))
            .ok()
            .and_then(|t| report::json::read(&t).ok())
    };
    if run.is_none() && !a.static_only {
        eprintln!("note: no {} — coverage from the catalogue alone (run the suite first to see what was evaluated)", latest.join("results.json").display());
    }
    let cov = report::coverage::compute(&suite, run.as_ref());
    let mut text = String::new();
    report::coverage::write_markdown(&cov, &mut text);
    print!("{text}");
    if let Some(r) = &run {
        for dir in [a.reports.join(&r.run_id), latest] {
            if dir.is_dir() {
                if let Err(e) =
                    report::files::write_atomic(&dir.join("coverage.md"), text.as_bytes())
                {
                    eprintln!(
                        "error: cannot write coverage.md into {}: {e}",
                        dir.display()
                    );
                }
            }
        }
    }
    let uncovered = cov.uncovered();
    let unevaluated = cov.unevaluated();
    if !uncovered.is_empty() {
        eprintln!("error: no scenario covers {}", uncovered.join(", "));
    }
    if !unevaluated.is_empty() {
        eprintln!(
            "error: no check of {} was evaluated in the last run",
            unevaluated.join(", ")
        );
    }
    if uncovered.is_empty() && unevaluated.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILURES
    }
}

/// Loads the suite and runs `f`, printing its error (exit 2).
fn with_suite(root: &Path, f: impl FnOnce(&Suite) -> Result<(), String>) -> u8 {
    match load_suite(root) {
        Ok(suite) => match f(&suite) {
            Ok(()) => EXIT_OK,
            Err(m) => {
                eprintln!("error: {m}");
                EXIT_USAGE
            }
        },
        Err(code) => code,
    }
}

/// Which scenarios a command runs, as `run`'s FILTER, `--exact` and `--skip` say.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub filter: Option<String>,
    pub exact: bool,
    pub skip: Vec<String>,
}

impl Selection {
    pub fn selector(self) -> crate::runner::batch::Selector {
        Arc::new(move |id: &str| self.selects(id))
    }

    /// Refuses to start a run whose scenarios read an environment variable that is not
    /// set: it would fail half-way, after sending requests, as a harness error.
    pub fn check_env(&self, suite: &Suite) -> Result<(), u8> {
        let unset = scenario::load::unset_env(suite, |id| self.selects(id));
        for (id, name) in &unset {
            eprintln!("error: scenario `{id}` reads ${{env:{name}}}, which is not set");
        }
        if unset.is_empty() {
            Ok(())
        } else {
            Err(EXIT_USAGE)
        }
    }

    pub fn selects(&self, id: &str) -> bool {
        let matches = |f: &str| if self.exact { id == f } else { id.contains(f) };
        self.filter.as_deref().is_none_or(matches) && !self.skip.iter().any(|k| matches(k))
    }

    /// A filter that selects no scenario is a mistake (a typo in a CI job would
    /// otherwise pass as "0 failed"): say so and exit 2 before anything runs or
    /// `latest` is replaced.
    pub fn check(&self, suite: &Suite) -> Result<(), u8> {
        if suite.scenarios.iter().any(|s| self.selects(&s.spec.id)) {
            return Ok(());
        }
        let Some(f) = &self.filter else {
            eprintln!(
                "error: --skip {} leaves no scenario to run",
                self.skip
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", --skip ")
            );
            return Err(EXIT_USAGE);
        };
        eprintln!(
            "error: no scenario id {} `{f}`{} (see `wbxconf list`)",
            if self.exact { "equals" } else { "contains" },
            if self.skip.is_empty() {
                ""
            } else {
                " that --skip leaves"
            }
        );
        Err(EXIT_USAGE)
    }
}
