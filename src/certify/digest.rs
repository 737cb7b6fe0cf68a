//! Digests: of the suite's files one by one (to name a changed file), and of the
//! record kept beside a certificate.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::model::{FileDigest, FilesIdentity};
use crate::scenario::load::{hex, APIS_FILE, CLAUSES_FILE};

/// The suite's files in the order its digest covers them: the clause catalogue, the
/// API catalogue, every case, every golden file.
pub fn suite_files(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(CLAUSES_FILE), PathBuf::from(APIS_FILE)];
    let mut cases = Vec::new();
    collect(root, &root.join("cases"), "yaml", &mut cases);
    cases.retain(|p| p != Path::new(CLAUSES_FILE) && p != Path::new(APIS_FILE));
    out.extend(cases);
    collect(root, &root.join("golden"), "xml", &mut out);
    out
}

/// Every file under `dir` with extension `ext`, relative to `root`, sorted.
fn collect(root: &Path, dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(root, &p, ext, out);
        } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
            out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
        }
    }
}

/// Each file's SHA-256 and one digest over all (path and length prefixed, so bytes
/// moved from one file to another change it). Unreadable files are left out, which
/// changes the digest.
pub fn files_identity(root: &Path, files: &[PathBuf]) -> FilesIdentity {
    let mut all = Sha256::new();
    let mut list = Vec::new();
    for rel in files {
        let Ok(bytes) = std::fs::read(root.join(rel)) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        all.update((name.len() as u64).to_le_bytes());
        all.update(name.as_bytes());
        all.update((bytes.len() as u64).to_le_bytes());
        all.update(&bytes);
        list.push(FileDigest {
            path: name,
            sha256: hex(&Sha256::digest(&bytes)),
        });
    }
    FilesIdentity {
        digest: hex(&all.finalize()),
        files: list,
    }
}

/// The record kept beside a certificate: `results.json`, `target.yaml` and every
/// transcript, sorted.
pub fn record_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("results.json"), PathBuf::from("target.yaml")];
    collect(dir, &dir.join("transcript"), "txt", &mut out);
    out
}

/// Files in `recorded` and `now` that differ, are missing or were added, in words.
pub fn changed(recorded: &[FileDigest], now: &[FileDigest]) -> Vec<String> {
    let mut out = Vec::new();
    for r in recorded {
        match now.iter().find(|n| n.path == r.path) {
            None => out.push(format!("{} is missing", r.path)),
            Some(n) if n.sha256 != r.sha256 => out.push(format!("{} was changed", r.path)),
            Some(_) => {}
        }
    }
    for n in now {
        if !recorded.iter().any(|r| r.path == n.path) {
            out.push(format!("{} was added", n.path));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_per_file_digest_is_the_suite_digest() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let suite = crate::scenario::load(root).expect("the suite loads");
        let id = files_identity(root, &suite_files(root));
        assert_eq!(id.digest, suite.digest);
        assert!(id
            .files
            .iter()
            .any(|f| f.path == "golden/base/envelope.api-version.xml"));
    }

    #[test]
    fn changes_are_named() {
        let f = |p: &str, h: &str| FileDigest {
            path: p.into(),
            sha256: h.into(),
        };
        let was = [f("a", "1"), f("b", "2")];
        let now = [f("a", "9"), f("c", "3")];
        assert_eq!(
            changed(&was, &now),
            ["a was changed", "b is missing", "c was added"]
        );
    }
}
