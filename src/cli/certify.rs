//! `wbxconf certify --target NAME [--sign-key FILE]` (run the whole suite, write the
//! certificate and keep the record beside it, signed if a key is given),
//! `wbxconf certify --verify DIR [--trust KEY]` and `wbxconf certify --new-key FILE`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{ArgGroup, Args};

use crate::certify::{self, seal};
use crate::cli::args::TargetArgs;
use crate::cli::commands::{
    load_suite, resolve_target, session_options, EXIT_FAILURES, EXIT_OK, EXIT_USAGE,
};

#[derive(Debug, Args)]
// One of: certify a target (the embedded reference when none is named), verify, or make a key.
#[command(group(ArgGroup::new("what").args(["target", "verify", "new_key"])))]
pub struct CertifyArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Verify the certificate in DIR against this checkout of the suite, judging every
    /// recorded answer again; the target is not contacted.
    #[arg(long, value_name = "DIR", conflicts_with = "target")]
    pub verify: Option<PathBuf>,
    /// With --verify: hold the certificate only if it is signed by this key (`ed25519:…`
    /// or a `.pub` file); repeatable, any one of them will do.
    #[arg(long, value_name = "KEY", requires = "verify")]
    pub trust: Vec<String>,
    /// Sign the certificate with this secret key (made by `--new-key`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["verify", "new_key"])]
    pub sign_key: Option<PathBuf>,
    /// Make a certifier's key pair: the secret key at FILE (readable by you only) and
    /// the public key to publish at FILE.pub.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["target", "verify"])]
    pub new_key: Option<PathBuf>,
    /// Folder the certificate's folder (`certificate-<run>`) is written into.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub reports: PathBuf,
    /// Write the certificate into exactly this folder instead.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn certify(root: &Path, a: CertifyArgs) -> u8 {
    if let Some(dir) = &a.verify {
        return verify(root, dir, &a.trust);
    }
    if let Some(path) = &a.new_key {
        return match seal::new_key(path) {
            Ok(public) => {
                println!("secret key: {} (keep it; never share it)", path.display());
                println!(
                    "public key: {public} (in {}.pub: publish it)",
                    path.display()
                );
                EXIT_OK
            }
            Err(m) => {
                eprintln!("error: {m}");
                EXIT_USAGE
            }
        };
    }
    if let Some(out) = &a.out {
        if let Err(m) = certify::folder::usable(out) {
            eprintln!("error: {m}");
            return EXIT_USAGE;
        }
    }
    // A key that cannot sign is found before the run, not after it.
    let signing = match a
        .sign_key
        .as_deref()
        .map(seal::SigningKey::read)
        .transpose()
    {
        Ok(k) => k,
        Err(m) => {
            eprintln!("error: {m}");
            return EXIT_USAGE;
        }
    };
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
    if let Some(key) = &signing {
        match seal::sign(&dir, key) {
            Ok(public) => println!("signed by {public}"),
            Err(m) => {
                eprintln!("error: {m}");
                return EXIT_FAILURES;
            }
        }
    }
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

fn verify(root: &Path, dir: &Path, trust: &[String]) -> u8 {
    if !dir.join("certificate.json").is_file() {
        eprintln!("error: {} holds no certificate.json", dir.display());
        return EXIT_USAGE;
    }
    let mut trusted = Vec::new();
    for spec in trust {
        match seal::read_trusted(spec) {
            Ok(k) => trusted.push(k),
            Err(m) => {
                eprintln!("error: {m}");
                return EXIT_USAGE;
            }
        }
    }
    let mut v = certify::verify(dir, root);
    match seal::check(dir) {
        seal::Seal::SignedBy(key) if trusted.is_empty() || trusted.contains(&key) => {
            println!("signed by {key}");
        }
        seal::Seal::SignedBy(key) => v.problems.push(format!(
            "signed by {key}, which is not a key given with --trust"
        )),
        seal::Seal::Unsigned if trusted.is_empty() => {
            v.notes
                .push("the certificate is not signed: it says nothing of who issued it".into());
        }
        seal::Seal::Unsigned => v
            .problems
            .push("the certificate is not signed, and --trust asks for a signature".into()),
        seal::Seal::Broken(m) => v.problems.push(m),
    }
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
