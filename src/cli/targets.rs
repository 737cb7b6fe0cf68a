//! `wbxconf targets check NAME…`: each profile against its endpoint.

use std::path::Path;

use clap::{Args, Subcommand};

use crate::cli::commands::{load_suite, EXIT_FAILURES, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE};
use crate::runner::session::SessionOptions;
use crate::target_check::{self, Status};

#[derive(Debug, Args)]
pub struct TargetsArgs {
    #[command(subcommand)]
    pub command: TargetsCommand,
}

#[derive(Debug, Subcommand)]
pub enum TargetsCommand {
    /// Verify profiles against their endpoints: reachable, credentials accepted,
    /// declared capabilities plausible. Nothing is created on the target.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Profile names (targets/NAME.yaml), profile files or URLs.
    #[arg(required = true, value_name = "TARGET")]
    pub targets: Vec<String>,
    /// Where the SMTP sink listens during the check (say where a target's relay points).
    #[arg(long, value_name = "ADDR")]
    pub smtp_listen: Option<std::net::SocketAddr>,
    /// Allow credentials over plain HTTP to a host other than loopback.
    #[arg(long)]
    pub allow_insecure: bool,
}

pub fn targets(root: &Path, a: TargetsArgs) -> u8 {
    match a.command {
        TargetsCommand::Check(c) => check(root, c),
    }
}

fn check(root: &Path, a: CheckArgs) -> u8 {
    let suite = match load_suite(root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let runtime = match crate::cli::commands::runtime() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let opts = SessionOptions {
        smtp_listen: a.smtp_listen,
        allow_insecure: a.allow_insecure,
        ..SessionOptions::default()
    };
    let mut code = EXIT_OK;
    for name in &a.targets {
        let profile = match crate::target::resolve(name, root) {
            Ok(p) => p,
            Err(d) => {
                eprintln!("{d}");
                code = code.max(EXIT_USAGE);
                continue;
            }
        };
        let report = runtime.block_on(target_check::check(&profile, &suite, &opts));
        println!(
            "target `{}` ({})",
            crate::target::hide_url_password(&profile.name, &profile.endpoint),
            crate::target::hide_url_password(&profile.endpoint, &profile.endpoint)
        );
        for f in &report.findings {
            let mark = match f.status {
                Status::Ok => "ok  ",
                Status::Fail => "FAIL",
                Status::Note => "note",
            };
            println!(
                "  {mark} {}: {}",
                crate::report::escape::controls(&f.what),
                crate::report::escape::controls(&f.detail)
            );
        }
        let verdict = if report.unreachable {
            EXIT_UNREACHABLE
        } else if report.failed() {
            EXIT_FAILURES
        } else {
            EXIT_OK
        };
        println!(
            "  => {}",
            match verdict {
                EXIT_OK => "usable",
                EXIT_UNREACHABLE => "unreachable",
                _ => "not usable as written",
            }
        );
        code = code.max(verdict);
    }
    code
}
