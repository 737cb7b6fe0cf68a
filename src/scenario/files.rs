//! Which files make up a suite, in a fixed order, and the suite's digest over them.
//!
//! Also compiled into the build script (`build.rs` includes this file), so the digest a
//! binary carries is computed exactly as `wbxconf check` computes it: keep this file
//! free of crate-internal imports.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub const CLAUSES_FILE: &str = "cases/clauses.yaml";
pub const APIS_FILE: &str = "cases/apis.yaml";

/// Every file of the suite under `root`, relative to it, in digest order: the clause
/// catalogue, the API catalogue, the scenarios (`cases/**/*.yaml`), the golden files
/// (`golden/**/*.xml`), each group in sorted path order.
pub fn suite_files(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(CLAUSES_FILE), PathBuf::from(APIS_FILE)];
    let mut cases = Vec::new();
    collect_files(root, &root.join("cases"), "yaml", &mut cases);
    cases.retain(|p| p != Path::new(CLAUSES_FILE) && p != Path::new(APIS_FILE));
    out.extend(cases);
    collect_files(root, &root.join("golden"), "xml", &mut out);
    out
}

/// Files with extension `ext` under `dir`, recursively, sorted, relative to `root`.
pub fn collect_files(root: &Path, dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_files(root, &p, ext, out);
        } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
        }
    }
}

/// SHA-256 over the files (relative to `root`), each prefixed by its path and length so
/// that moving bytes between files changes the digest. Missing files count as empty.
pub fn digest(root: &Path, files: &[PathBuf]) -> String {
    let mut h = Sha256::new();
    for rel in files {
        let bytes = std::fs::read(root.join(rel)).unwrap_or_default();
        let name = rel.to_string_lossy().replace('\\', "/");
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
