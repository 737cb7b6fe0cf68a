//! `results.json`: the run as pretty-printed JSON, the form other tools read.
//!
//! The shape is exactly the serde form of [`RunReport`]; `reports/README.md`
//! documents every field. Fields are only ever added, so a reader written for
//! an older harness keeps working.

use crate::runner::outcome::RunReport;

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    out.write_all(b"\n")
}

/// Reads a `results.json` back, e.g. to compare two runs. The error names the
/// line and column where the text stopped making sense.
pub fn read(text: &str) -> Result<RunReport, String> {
    serde_json::from_str(text).map_err(|e| format!("results.json is not a run report: {e}"))
}
