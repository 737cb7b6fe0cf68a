//! The suite built into the binary, for running outside a checkout
//! (`cargo install --path .` and then `wbxconf run` anywhere).

use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/embedded_suite.rs"));

/// The digest of the embedded suite (the same as `Suite::digest` of the checkout it was built from).
pub const DIGEST: &str = env!("WBXCONF_SUITE_DIGEST");

/// Writes the embedded suite under `dir` (once per digest) and returns the folder.
pub fn materialise(dir: &Path) -> std::io::Result<PathBuf> {
    let root = dir.join(format!("wbxconf-suite-{}", &DIGEST[..16]));
    if root.join("cases/clauses.yaml").is_file() {
        return Ok(root);
    }
    let staging = dir.join(format!(
        ".wbxconf-suite-{}-{}",
        &DIGEST[..16],
        std::process::id()
    ));
    for (rel, bytes) in FILES {
        let path = staging.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
    }
    // Another process may have finished first: then its copy is as good as ours.
    match std::fs::rename(&staging, &root) {
        Ok(()) => Ok(root),
        Err(_) if root.join("cases/clauses.yaml").is_file() => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(root)
        }
        Err(e) => Err(e),
    }
}
