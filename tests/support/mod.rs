//! Helpers shared by the CLI tests: a private copy of the suite to break on purpose,
//! and running the real `wbxconf` binary against it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where cases/, golden/ and targets/ live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of the suite (cases, golden, targets) that a test may modify.
pub fn suite_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["cases", "golden", "targets"] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = entry.path();
        let dest = to.join(entry.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy file");
        }
    }
}

/// Runs `wbxconf ARGS` with the suite at `suite`, colour off, CI unset.
pub fn wbxconf(suite: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .arg("--suite")
        .arg(suite)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run wbxconf")
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
pub mod hostile;
