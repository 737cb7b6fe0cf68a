//! The certificate's folder on disk: the certificate in three forms and, beside it,
//! the run's record it was made from.
//!
//! ```text
//! certificate.json  certificate.md  certificate.html
//! certificate.sig   with --sign-key: the certifier's signature (see `seal`)
//! results.json      every request and answer, checks and replay context (masked)
//! target.yaml       the target profile as used (credentials are only variable names)
//! transcript/       one text file per scenario
//! ```

use std::io;
use std::path::Path;

use super::digest::{files_identity, record_files, suite_files};
use super::model::Certificate;
use super::{build, render};
use crate::report::{self, files::write_atomic};
use crate::runner::outcome::RunReport;
use crate::scenario::{yaml, Suite};
use crate::target::Profile;

/// Whether a certificate may be written into `dir`: a new or empty folder, or one that
/// holds an earlier certificate (which is replaced whole). Anything else is refused: its
/// files would be taken into the certified record, or lost.
pub fn usable(dir: &Path) -> Result<(), String> {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    if entries.next().is_none() || dir.join("certificate.json").is_file() {
        return Ok(());
    }
    Err(format!(
        "{} is neither empty nor a certificate's folder: choose a new or empty folder",
        dir.display()
    ))
}

/// Removes an earlier certificate's files from `dir`, so nothing of it is taken into
/// the new record (a transcript of a scenario since removed, say).
fn clear_earlier(dir: &Path) -> io::Result<()> {
    if !dir.join("certificate.json").is_file() {
        return Ok(());
    }
    let transcripts = dir.join("transcript");
    if let Ok(entries) = std::fs::read_dir(&transcripts) {
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                std::fs::remove_file(e.path())?;
            }
        }
    }
    for name in [
        "results.json",
        "target.yaml",
        "certificate.json",
        "certificate.md",
        "certificate.html",
        super::seal::SIGNATURE_FILE,
    ] {
        match std::fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Writes the record and the certificate of `run` into `dir`.
pub fn write(
    dir: &Path,
    run: &RunReport,
    suite: &Suite,
    profile: &Profile,
) -> io::Result<Certificate> {
    usable(dir).map_err(io::Error::other)?;
    clear_earlier(dir)?;
    std::fs::create_dir_all(dir.join("transcript"))?;
    let mut results = Vec::new();
    report::json::write(run, &mut results)?;
    write_atomic(&dir.join("results.json"), &results)?;
    let profile_text =
        yaml::to_string(&profile.without_url_password()).map_err(io::Error::other)?;
    write_atomic(
        &dir.join("target.yaml"),
        format!("# The target profile this certificate's run used.\n{profile_text}").as_bytes(),
    )?;
    let names = report::transcript::file_names(run.scenarios.iter().map(|s| s.id.as_str()));
    for (s, name) in run.scenarios.iter().zip(names) {
        let mut buf = Vec::new();
        report::transcript::write(s, &mut buf)?;
        write_atomic(&dir.join("transcript").join(name), &buf)?;
    }
    let transcripts = files_identity(dir, &record_files(dir));
    let files = files_identity(&suite.root, &suite_files(&suite.root)).files;
    let cert = build::build(run, &suite.catalogue, files, transcripts);
    let json = serde_json::to_string_pretty(&cert).map_err(io::Error::other)?;
    write_atomic(
        &dir.join("certificate.json"),
        format!("{json}\n").as_bytes(),
    )?;
    write_atomic(
        &dir.join("certificate.md"),
        render::markdown(&cert).as_bytes(),
    )?;
    write_atomic(
        &dir.join("certificate.html"),
        render::html_page(&cert).as_bytes(),
    )?;
    Ok(cert)
}

/// Reads `certificate.json` from a certificate folder.
pub fn read(dir: &Path) -> Result<Certificate, String> {
    let path = dir.join("certificate.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not a certificate: {e}", path.display()))
}
