//! `wbxconf compare --target A --target B [--target …]`: the suite against every target
//! at once, then `compare.md`, `compare.html` and `compare.json` (and each target's
//! `results.json`) in `reports/compare-<id>/`.
//!
//! Like `diff`, it exits 1 when the targets are judged differently on any clause, so a
//! pipeline can hold a vendor to the reference; 0 when every clause is judged alike.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use crate::cli::commands::{load_suite, Selection, EXIT_FAILURES, EXIT_OK, EXIT_USAGE};
use crate::runner::session::SessionOptions;
use crate::{compare as cmp, report, target};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// A target: URL, profile name or profile file. Give two or more; the first is the
    /// baseline every other answer is compared with (put the reference first).
    #[arg(long = "target", short = 't', value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    /// Compare only scenarios whose id contains FILTER.
    pub filter: Option<String>,
    /// FILTER must equal the scenario id.
    #[arg(long)]
    pub exact: bool,
    /// Skip scenarios whose id contains this (repeatable).
    #[arg(long, value_name = "FILTER")]
    pub skip: Vec<String>,
    /// Allow credentials over plain HTTP to a host other than loopback.
    #[arg(long)]
    pub allow_insecure: bool,
    /// Folder the comparison folder is written into.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
}

pub fn compare(root: &Path, a: CompareArgs) -> u8 {
    if a.targets.len() < 2 {
        eprintln!("error: compare needs at least two targets (--target A --target B)");
        return EXIT_USAGE;
    }
    let suite = match load_suite(root) {
        Ok(s) => Arc::new(s),
        Err(code) => return code,
    };
    let selection = Selection {
        filter: a.filter.clone(),
        exact: a.exact,
        skip: a.skip.clone(),
    };
    if let Err(code) = selection.check(&suite) {
        return code;
    }
    let mut profiles = Vec::new();
    let mut bad = false;
    for t in &a.targets {
        match target::resolve(t, root) {
            Ok(p) => profiles.push(p),
            Err(d) => {
                eprintln!("{d}");
                bad = true;
            }
        }
    }
    if bad {
        return EXIT_USAGE;
    }
    // Two runs against one implementation share its accounts and licences: their
    // scenarios would contend (a site's only licence) and read as behaviour differences.
    for (i, p) in profiles.iter().enumerate() {
        if p.is_embedded() {
            continue;
        }
        if let Some(q) = profiles[..i].iter().find(|q| q.endpoint == p.endpoint) {
            eprintln!(
                "warning: targets `{}` and `{}` are the same endpoint {}: their runs share its accounts and licences, so differences may come from the runs contending, not from behaviour",
                q.name, p.name, p.endpoint
            );
        }
    }
    let opts = SessionOptions {
        allow_insecure: a.allow_insecure,
        ..SessionOptions::default()
    };
    let runs = match crate::cli::batch::run_many(suite.clone(), profiles, &opts, selection) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let id = format!("compare-{}", crate::runner::run::new_run_id());
    let comparison = cmp::build(&suite.catalogue, &runs, id.clone());
    let dir = a.reports.join(&id);
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            PathBuf::from("compare.md"),
            cmp::markdown::render(&comparison).into_bytes(),
        ),
        (
            PathBuf::from("compare.html"),
            cmp::html::render(&comparison).into_bytes(),
        ),
        (
            PathBuf::from("compare.json"),
            comparison.to_json().into_bytes(),
        ),
    ];
    for (run, folder) in runs.iter().zip(folder_names(&comparison)) {
        let mut buf = Vec::new();
        if report::json::write(run, &mut buf).is_ok() {
            files.push((Path::new(&folder).join("results.json"), buf));
        }
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| report::files::write_atomic(&path, bytes));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_FAILURES;
        }
    }
    for (t, run) in comparison.targets.iter().zip(&runs) {
        println!("{:20} {}", t.name, report::totals_line(run));
    }
    let differing = comparison.clauses.iter().filter(|c| c.differs).count();
    println!(
        "{differing} clause(s) judged differently, {} step(s) answered differently",
        comparison.differences.len()
    );
    println!("comparison: {}", dir.join("compare.html").display());
    if differing == 0 {
        EXIT_OK
    } else {
        EXIT_FAILURES
    }
}

/// A folder name per target, unique even when a target is given twice.
fn folder_names(c: &cmp::Comparison) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in &c.targets {
        let base: String = t
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
        let mut name = format!("target-{base}");
        let mut n = 2;
        while out.contains(&name) {
            name = format!("target-{base}-{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}
