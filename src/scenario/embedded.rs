//! The suite built into the binary, for running outside a checkout
//! (`cargo install --path .` and then `wbxconf run` anywhere).
//!
//! It is written out to the temporary folder once and reused, but never trusted: the
//! folder is private to the user, and each use checks it still holds exactly the
//! built-in files. A folder edited since (by the user, or planted by someone else on a
//! shared `/tmp`) is replaced, or refused when it cannot be.

use std::path::{Path, PathBuf};

use super::files;

include!(concat!(env!("OUT_DIR"), "/embedded_suite.rs"));

/// The digest of the embedded suite (the same as `Suite::digest` of the checkout it was built from).
pub const DIGEST: &str = env!("WBXCONF_SUITE_DIGEST");

/// Writes the embedded suite under `dir` (once per digest and user) and returns the
/// folder, after checking it holds the built-in suite unchanged.
pub fn materialise(dir: &Path) -> std::io::Result<PathBuf> {
    // Written first, by this process: a private folder, and proof of who we are.
    let prefix = format!(".wbxconf-suite-{}-", &DIGEST[..16]);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    private(&mut builder);
    let staging = builder.tempdir_in(dir)?;
    let me = owner(staging.path())?;
    let root = dir.join(format!(
        "wbxconf-suite-{}{}",
        &DIGEST[..16],
        user_suffix(me)
    ));
    match std::fs::symlink_metadata(&root) {
        Ok(meta) => {
            if owner_of(&meta) != me {
                return Err(std::io::Error::other(format!(
                    "{} belongs to another user: refusing to run the suite it holds (remove it, or set TMPDIR to a private folder)",
                    root.display()
                )));
            }
            if meta.is_dir() && is_private(&meta) && holds_builtin_suite(&root) {
                return Ok(root);
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    for (rel, bytes) in FILES {
        let path = staging.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
    }
    let staging = staging.keep();
    // Whatever stands at `root` is ours and not the built-in suite: moved aside first,
    // since a folder cannot be renamed over a non-empty one.
    if std::fs::symlink_metadata(&root).is_ok() {
        let stale = tempfile::Builder::new()
            .prefix(".wbxconf-suite-stale-")
            .tempdir_in(dir)?
            .keep();
        let _ = std::fs::remove_dir(&stale);
        if std::fs::rename(&root, &stale).is_ok() {
            let _ = std::fs::remove_dir_all(&stale).or_else(|_| std::fs::remove_file(&stale));
        }
    }
    match std::fs::rename(&staging, &root) {
        Ok(()) => Ok(root),
        // Another process put its copy there first: as good as ours once checked;
        // otherwise ours stays where it was written, private to this run.
        Err(_) if holds_builtin_suite(&root) => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(root)
        }
        Err(_) => Ok(staging),
    }
}

/// Every built-in file is there with its bytes, and the suite's digest (which also
/// counts any scenario or golden file added) is the built-in one.
fn holds_builtin_suite(root: &Path) -> bool {
    FILES
        .iter()
        .all(|(rel, bytes)| std::fs::read(root.join(rel)).is_ok_and(|b| b == *bytes))
        && files::digest(root, &files::suite_files(root)) == DIGEST
}

#[cfg(unix)]
fn owner(path: &Path) -> std::io::Result<u32> {
    Ok(owner_of(&std::fs::symlink_metadata(path)?))
}

#[cfg(unix)]
fn owner_of(meta: &std::fs::Metadata) -> u32 {
    std::os::unix::fs::MetadataExt::uid(meta)
}

/// Neither group nor others may write, read or enter it.
#[cfg(unix)]
fn is_private(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o077 == 0
}

#[cfg(unix)]
fn private(builder: &mut tempfile::Builder) {
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
}

#[cfg(not(unix))]
fn private(_: &mut tempfile::Builder) {}

/// Each user has their own folder, so one user's copy never blocks another's.
#[cfg(unix)]
fn user_suffix(uid: u32) -> String {
    format!("-u{uid}")
}

#[cfg(not(unix))]
fn owner(_: &Path) -> std::io::Result<u32> {
    Ok(0)
}

#[cfg(not(unix))]
fn owner_of(_: &std::fs::Metadata) -> u32 {
    0
}

#[cfg(not(unix))]
fn is_private(_: &std::fs::Metadata) -> bool {
    true
}

#[cfg(not(unix))]
fn user_suffix(_: u32) -> String {
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_copy_is_replaced_and_an_intact_one_reused() {
        let tmp = tempfile::tempdir().expect("dir");
        let root = materialise(tmp.path()).expect("written");
        let clauses = root.join(files::CLAUSES_FILE);
        let original = std::fs::read(&clauses).expect("clauses");
        assert!(holds_builtin_suite(&root));

        std::fs::write(&clauses, b"weakened").expect("edit");
        let again = materialise(tmp.path()).expect("rewritten");
        assert_eq!(again, root);
        assert_eq!(std::fs::read(&clauses).expect("clauses"), original);

        // A scenario added to the copy changes the digest: replaced too.
        let planted = root.join("cases/planted.yaml");
        std::fs::write(&planted, b"id: planted\n").expect("plant");
        materialise(tmp.path()).expect("rewritten");
        assert!(!planted.exists());

        // Nothing is left behind: the staging folders are gone.
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .expect("list")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_copy_others_can_reach_is_replaced_by_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("dir");
        let root = materialise(tmp.path()).expect("written");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&root), 0o700);
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        let again = materialise(tmp.path()).expect("rewritten");
        assert_eq!(mode(&again), 0o700);
    }
}
