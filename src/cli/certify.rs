//! `wbxconf certify --target NAME` (run the whole suite, write the certificate and keep
//! the record beside it) and `wbxconf certify --verify DIR`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{ArgGroup, Args};

use crate::certify;
use crate::cli::args::TargetArgs;
use crate::cli::commands::{
    load_suite, resolve_target, session_options, EXIT_FAILURES, EXIT_OK, EXIT_USAGE,
};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).args(["target", "verify"])))]
pub struct CertifyArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Verify the certificate in DIR against this checkout of the suite, judging every
    /// recorded answer again; the target is not contacted.
    #[arg(long, value_name = "DIR", conflicts_with = "target")]
    pub verify: Option<PathBuf>,
    /// Folder the certificate's folder (`certificate-<run>`) is written into.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
    /// Write the certificate into exactly this folder instead.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn certify(root: &Path, a: CertifyArgs) -> u8 {
    if let Some(dir) = &a.verify {
        return verify(root, dir);
    }
    let suite = match load_suite(root) {
        Ok(s) => Arc::new(s),
        Err(code) => return code,
    };
    let profile = match resolve_target(root, &a.target) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let opts = session_options(&a.target);
    let run = match crate::cli::batch::run_one(suite.clone(), profile.clone(), &opts) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| a.reports.join(format!("certificate-{}", run.run_id)));
    let cert = match certify::folder::write(&dir, &run, &suite, &profile) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "error: cannot write the certificate into {}: {e}",
                dir.display()
            );
            return EXIT_FAILURES;
        }
    };
    for b in &cert.blocking {
        println!("blocking: {}", crate::report::escape::controls(b));
    }
    for w in &cert.warnings {
        println!("warning:  {}", crate::report::escape::controls(w));
    }
    println!(
        "{}: target `{}` is {}certifiable against suite {} ({} clauses); certificate in {}",
        if cert.certifiable {
            "CERTIFIABLE"
        } else {
            "NOT CERTIFIABLE"
        },
        cert.target.name,
        if cert.certifiable { "" } else { "not " },
        cert.suite.digest,
        cert.clauses.len(),
        dir.display()
    );
    if cert.certifiable {
        EXIT_OK
    } else {
        EXIT_FAILURES
    }
}

fn verify(root: &Path, dir: &Path) -> u8 {
    if !dir.join("certificate.json").is_file() {
        eprintln!("error: {} holds no certificate.json", dir.display());
        return EXIT_USAGE;
    }
    let v = certify::verify(dir, root);
    for n in &v.notes {
        println!("note: {}", crate::report::escape::controls(n));
    }
    for p in &v.problems {
        println!("does not hold: {}", crate::report::escape::controls(p));
    }
    if v.holds() {
        println!(
            "the certificate in {} holds: suite and record unchanged, {} recorded answers judged again alike",
            dir.display(),
            v.rejudged_steps
        );
        EXIT_OK
    } else {
        println!(
            "the certificate in {} does NOT hold ({} problem(s))",
            dir.display(),
            v.problems.len()
        );
        EXIT_FAILURES
    }
}
