//! The report folder on disk: `reports/<run_id>/` with every format, and
//! `reports/latest/`, always a complete copy of the newest run.
//!
//! Every file is written to a temporary name in its own folder, flushed to
//! disk and renamed into place, so a reader (a CI artefact upload, a browser
//! left open on `latest/index.html`) never sees a half-written file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{html, json, junit, markdown, transcript};
use crate::runner::outcome::RunReport;

/// The folder every run's copy is mirrored to.
pub const LATEST: &str = "latest";

/// Writes every report of `r` into `reports_root/<run_id>/`, then refreshes
/// `reports_root/latest/`. Returns the run's folder.
pub fn write_run(r: &RunReport, reports_root: &Path) -> io::Result<PathBuf> {
    check_run_id(&r.run_id)?;
    let files = render_all(r)?;
    let run_dir = reports_root.join(&r.run_id);
    write_tree(&run_dir, &files, write_atomic)?;
    refresh_latest(reports_root, &files)?;
    Ok(run_dir)
}

/// Writes `bytes` to `path` so that `path` holds either its old content or all
/// of the new one: a temporary file in the same folder (a rename across file
/// systems would not be atomic), flushed, then renamed over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{stem}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are created private (0600); reports and golden files are meant to
    // be read by CI artifact uploaders and web servers, like any file the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    // On failure `persist` hands the file back; dropping it removes the temp file.
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// The run id names a folder next to `latest/`; anything that could escape
/// `reports_root` or replace `latest` is refused.
fn check_run_id(id: &str) -> io::Result<()> {
    let bad = id.is_empty()
        || id == "."
        || id == ".."
        || id == LATEST
        || id.starts_with('.')
        || id.contains(['/', '\\', '\0']);
    if bad {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("run id {id:?} cannot name a report folder"),
        ));
    }
    Ok(())
}

type Format = fn(&RunReport, &mut dyn Write) -> io::Result<()>;

/// The run-wide files, by name.
const FORMATS: [(&str, Format); 4] = [
    ("junit.xml", junit::write),
    ("results.json", json::write),
    ("summary.md", markdown::write),
    ("index.html", html::write),
];

/// Every file of a run's folder, relative path and content, rendered in memory
/// first so that writing the run folder and `latest/` cannot disagree.
fn render_all(r: &RunReport) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for (name, format) in FORMATS {
        let mut buf = Vec::new();
        format(r, &mut buf)?;
        files.push((PathBuf::from(name), buf));
    }
    let names = transcript::file_names(r.scenarios.iter().map(|s| s.id.as_str()));
    for (s, name) in r.scenarios.iter().zip(names) {
        let mut buf = Vec::new();
        transcript::write(s, &mut buf)?;
        files.push((Path::new("transcript").join(name), buf));
    }
    Ok(files)
}

fn write_tree(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
    write: fn(&Path, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("transcript"))?;
    for (rel, bytes) in files {
        write(&dir.join(rel), bytes)?;
    }
    Ok(())
}

/// Builds the new `latest` as a hidden sibling folder, then swaps it in: the
/// old `latest` is renamed into a temporary folder (removed afterwards) and
/// the new one renamed to `latest`. A reader sees the old complete copy, for
/// an instant no `latest`, then the new complete copy; never a mixture.
fn refresh_latest(root: &Path, files: &[(PathBuf, Vec<u8>)]) -> io::Result<()> {
    let fresh = tempfile::Builder::new()
        .prefix(".latest-new-")
        .tempdir_in(root)?;
    // No temporary names are needed inside a folder nobody reads yet.
    write_tree(fresh.path(), files, write_synced)?;
    sync_dir(&fresh.path().join("transcript"))?;
    sync_dir(fresh.path())?;

    let latest = root.join(LATEST);
    let retired = tempfile::Builder::new()
        .prefix(".latest-old-")
        .tempdir_in(root)?;
    match std::fs::symlink_metadata(&latest) {
        Ok(_) => std::fs::rename(&latest, retired.path().join(LATEST))?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let fresh_path = fresh.keep();
    if let Err(e) = std::fs::rename(&fresh_path, &latest) {
        // Best effort: put the old copy back and tidy up; the error worth
        // reporting is the failed rename.
        let _ = std::fs::rename(retired.path().join(LATEST), &latest);
        let _ = std::fs::remove_dir_all(&fresh_path);
        return Err(e);
    }
    sync_dir(root)?;
    // `retired` and the old copy inside it are removed when it goes out of scope.
    drop(retired);
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes a rename in `dir` durable. Only Unix lets a folder be opened and
/// flushed; elsewhere the rename itself is all there is.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
