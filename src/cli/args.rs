//! The command line as typed: clap types only. `commands.rs` turns them into the
//! runner's own options, so nothing below the CLI knows clap exists.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// wbxconf — conformance harness for the Webex XML API (8.0 SP11 behaviours).
///
/// Runs the scenarios in cases/ against an endpoint (by default the embedded reference
/// implementation, started on a loopback port) and writes reports to reports/.
#[derive(Debug, Parser)]
#[command(name = "wbxconf", version = crate::cli::version::LONG, about, long_about)]
pub struct Cli {
    /// Folder holding cases/, golden/ and targets/ (default: the current folder, else
    /// the suite built into this binary).
    #[arg(long, global = true, value_name = "DIR", env = "WBXCONF_SUITE")]
    pub suite: Option<PathBuf>,
    /// Show each exchange as it happens (secrets masked).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the suite (or the scenarios FILTER selects) against a target.
    Run(RunArgs),
    /// List the scenarios (as `run --list` does).
    List(ListArgs),
    /// Validate every case and golden file without contacting a target.
    Check,
    /// Serve the reference implementation alone, for your own clients.
    Serve(ServeArgs),
    /// The clause × scenario matrix; fails when a clause is uncovered or was not evaluated in the last run.
    Coverage(CoverageArgs),
    /// Print a clause, the interpretation it rests on, and the scenarios that cover it.
    Explain {
        /// A clause id from cases/clauses.yaml, e.g. REC-5 (any case).
        clause: String,
    },
    /// Write a commented scenario skeleton to cases/<SECTION>/<NAME>.yaml.
    New {
        /// <section>/<name>, e.g. recurring/my-case.
        name: String,
    },
    /// Write what the target answered as pending golden files (`….xml.new`), or accept them.
    Bless(BlessArgs),
    /// Known failures for regression gating (`update` writes the current ones).
    Expectations(crate::cli::gate::ExpectationsArgs),
    /// Combine the results.json of several partitions into one report (all formats).
    Merge(crate::cli::gate::MergeArgs),
    /// Run the suite against several targets at once and compare them side by side.
    Compare(crate::cli::compare::CompareArgs),
    /// Run the whole suite and write a certificate (default target: the embedded reference), verify one (`--verify DIR`), or make a signing key.
    Certify(crate::cli::certify::CertifyArgs),
    /// Check target profiles against their endpoints.
    Targets(crate::cli::targets::TargetsArgs),
    /// Prove the suite: run it against the reference once per defect and per benign variation.
    Mutants(crate::cli::mutants::MutantsArgs),
}

#[derive(Debug, Args, Clone)]
pub struct TargetArgs {
    /// A URL, a profile name from targets/ or a profile file (default: the embedded reference).
    #[arg(long, short = 't', value_name = "TARGET")]
    pub target: Option<String>,
    /// Where the SMTP sink listens (default: a free loopback port), so an external
    /// implementation's mail relay can be pointed at it.
    #[arg(long, value_name = "ADDR")]
    pub smtp_listen: Option<SocketAddr>,
    /// Allow credentials over plain HTTP to a host other than loopback.
    #[arg(long)]
    pub allow_insecure: bool,
    /// Start the embedded reference with this defect or variation switch (repeatable).
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<String>,
    /// Start the embedded reference at this release level (sp11, sp10).
    #[arg(long, value_name = "RELEASE")]
    pub release: Option<String>,
    /// The embedded reference sends no e-mail (proves mail expectations can fail).
    #[arg(long)]
    pub no_reference_mail: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Run only scenarios whose id contains FILTER.
    pub filter: Option<String>,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Run scenarios on N threads (default 8: scenarios mostly wait on the endpoint).
    #[arg(long, value_name = "N")]
    pub test_threads: Option<usize>,
    /// FILTER must equal the scenario id.
    #[arg(long)]
    pub exact: bool,
    /// Run only scenarios the target's profile cannot run (they report why).
    #[arg(long)]
    pub ignored: bool,
    /// List the scenarios instead of running them.
    #[arg(long)]
    pub list: bool,
    /// Skip scenarios whose id contains this (repeatable).
    #[arg(long, value_name = "FILTER")]
    pub skip: Vec<String>,
    /// Folder the reports are written to.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
    /// Extra output: `github` adds workflow annotations pointing at each failing step
    /// (automatic when GITHUB_ACTIONS=true).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
    /// Hold the results against this known-failures file (default: the profile's
    /// `expectations`): exit 0 when they match, 1 on a regression, a stale or an expired entry.
    #[arg(long, value_name = "FILE")]
    pub expectations: Option<PathBuf>,
    /// Run only slice K of N of the scenarios (sorted ids dealt out in turn), e.g. 2/4.
    #[arg(long, value_name = "K/N")]
    pub partition: Option<crate::gate::Partition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Github,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// List only scenarios whose id contains FILTER.
    pub filter: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Release level to behave as (sp11, sp10).
    #[arg(long, default_value = "sp11")]
    pub release: String,
    /// A defect or variation switch (repeatable); `--defect list` lists them.
    #[arg(long = "defect", value_name = "NAME")]
    pub defects: Vec<String>,
    /// A seed file (YAML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// SMTP relay for the reference's outgoing mail (default: none, mail is not sent).
    #[arg(long, value_name = "ADDR")]
    pub smtp_relay: Option<SocketAddr>,
}

#[derive(Debug, Args)]
pub struct BlessArgs {
    /// Bless only scenarios whose id contains FILTER.
    pub filter: Option<String>,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Promote the pending `.xml.new` files to accepted golden files.
    #[arg(long)]
    pub accept: bool,
    /// Replace pending `.xml.new` files that differ from what bless writes now (edited
    /// by hand); without it they are left as they are.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Folder of the reports whose `latest/results.json` tells what was evaluated.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
    /// Judge coverage from the catalogue alone, ignoring any previous run.
    #[arg(long)]
    pub static_only: bool,
}
