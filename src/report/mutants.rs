//! The mutants matrix (`wbxconf mutants`): Markdown for people, JSON for tools,
//! a short text for the terminal, and the folder they are written to:
//! `reports/mutants-<run_id>/` and `reports/latest-mutants/`, each file atomically.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::files::write_atomic;
use crate::runner::mutants::{Broken, Catch, Matrix};
use crate::runner::outcome::Level;

/// The folder the newest matrix is mirrored to.
pub const LATEST: &str = "latest-mutants";

/// A table cell: one line, no pipes or markup that would break the table.
fn cell(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('|', "\\|")
}

fn secs(ms: u64) -> String {
    format!("{:.1}s", ms as f64 / 1000.0)
}

fn catch_text(c: &Catch) -> String {
    let level = match c.level {
        Level::Must => "failure",
        Level::Should => "warning",
    };
    format!("{} ({}, {level})", c.scenario, c.clause)
}

fn broke_text(b: &[Broken]) -> String {
    if b.is_empty() {
        return "—".to_string();
    }
    b.iter()
        .map(|b| format!("{} ({:?})", b.scenario, b.verdict))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `matrix.md`.
pub fn write_markdown(m: &Matrix, out: &mut dyn Write) -> io::Result<()> {
    let problems = m.problems();
    writeln!(
        out,
        "# Mutants: does each case catch the fault it is about?\n"
    )?;
    writeln!(
        out,
        "Run `{}` started {}, {} in all (plain run {}). Suite digest `{}`.{}\n",
        cell(&m.run_id),
        cell(&m.started_at),
        secs(m.duration_ms),
        secs(m.plain.duration_ms),
        cell(&m.suite_digest),
        if m.subset {
            " Only some switches were run: dead cases and clauses without a defect are not judged."
        } else {
            ""
        }
    )?;
    let caught = m.defects.iter().filter(|d| d.caught()).count();
    if problems.is_empty() {
        writeln!(
            out,
            "**Proven**: {caught} of {} defects caught, none of {} benign variations broke anything{}.\n",
            m.defects.len(),
            m.variations.len(),
            if m.subset { "" } else { ", no dead case" }
        )?;
    } else {
        writeln!(out, "**Not proven**: {} problem(s).\n", problems.len())?;
        for p in &problems {
            writeln!(out, "- {}", cell(p))?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Defects ({caught} of {} caught)\n", m.defects.len())?;
    writeln!(
        out,
        "A defect counts as caught only by a scenario covering one of its clauses that fails a check of that clause.\n"
    )?;
    writeln!(
        out,
        "| defect | clauses | caught by | scenarios broken | time |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for d in &m.defects {
        let by = match (&d.error, d.caught_by.is_empty()) {
            (Some(e), _) => format!("run failed: {}", cell(e)),
            (None, true) => "**survives**".to_string(),
            (None, false) => d
                .caught_by
                .iter()
                .map(|c| cell(&catch_text(c)))
                .collect::<Vec<_>>()
                .join("<br>"),
        };
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            cell(&d.name),
            cell(&d.clauses.join(", ")),
            by,
            d.broke.len(),
            secs(d.duration_ms)
        )?;
    }
    writeln!(out, "\n## Benign variations\n")?;
    writeln!(out, "| variation | scenarios broken | time |")?;
    writeln!(out, "|---|---|---|")?;
    for v in &m.variations {
        let broke = match &v.error {
            Some(e) => format!("run failed: {}", cell(e)),
            None => cell(&broke_text(&v.broke)),
        };
        writeln!(
            out,
            "| `{}` | {} | {} |",
            cell(&v.name),
            broke,
            secs(v.duration_ms)
        )?;
    }
    writeln!(out, "\n## Scenarios: the defects each one catches\n")?;
    writeln!(out, "| scenario | defects caught |")?;
    writeln!(out, "|---|---|")?;
    for s in &m.scenarios {
        let caught = match (&s.smoke, s.caught.is_empty()) {
            (_, false) => s.caught.join(", "),
            (Some(why), true) => format!("— (smoke: {why})"),
            (None, true) if m.subset => "—".to_string(),
            (None, true) => "**none: dead case**".to_string(),
        };
        writeln!(out, "| {} | {} |", cell(&s.id), cell(&caught))?;
    }
    writeln!(out, "\n## Defect descriptions\n")?;
    for d in &m.defects {
        writeln!(out, "- `{}`: {}", cell(&d.name), cell(&d.description))?;
    }
    for v in &m.variations {
        writeln!(
            out,
            "- `{}` (variation): {}",
            cell(&v.name),
            cell(&v.description)
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonForm<'a> {
    proven: bool,
    problems: Vec<String>,
    #[serde(flatten)]
    matrix: &'a Matrix,
}

/// `matrix.json`: the matrix, with `proven` and `problems` on top.
pub fn write_json(m: &Matrix, out: &mut dyn Write) -> io::Result<()> {
    let problems = m.problems();
    let form = JsonForm {
        proven: problems.is_empty(),
        problems,
        matrix: m,
    };
    serde_json::to_writer_pretty(&mut *out, &form).map_err(io::Error::other)?;
    writeln!(out)
}

/// The end-of-run text for the terminal: the totals and every problem.
pub fn summary(m: &Matrix) -> String {
    let problems = m.problems();
    let caught = m.defects.iter().filter(|d| d.caught()).count();
    let broken = m.variations.iter().filter(|v| !v.broke.is_empty()).count();
    let dead = if m.subset {
        "dead cases not judged (a subset was run)".to_string()
    } else {
        format!(
            "{} dead case(s)",
            m.scenarios.iter().filter(|s| s.dead()).count()
        )
    };
    let mut out = format!(
        "mutants: {caught}/{} defects caught, {broken}/{} variations broke something, {dead}, {} in all\n",
        m.defects.len(),
        m.variations.len(),
        secs(m.duration_ms)
    );
    for p in &problems {
        out.push_str("  ✗ ");
        out.push_str(p);
        out.push('\n');
    }
    out.push_str(if problems.is_empty() {
        "proven\n"
    } else {
        "not proven\n"
    });
    out
}

/// Writes `matrix.md` and `matrix.json` into `reports_root/mutants-<run_id>/`
/// and `reports_root/latest-mutants/`. Returns the run's folder.
pub fn write_files(m: &Matrix, reports_root: &Path) -> io::Result<PathBuf> {
    let id = &m.run_id;
    if id.is_empty() || id.starts_with('.') || id.contains(['/', '\\', '\0']) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("run id {id:?} cannot name a report folder"),
        ));
    }
    let mut md = Vec::new();
    write_markdown(m, &mut md)?;
    let mut json = Vec::new();
    write_json(m, &mut json)?;
    let run_dir = reports_root.join(format!("mutants-{id}"));
    for dir in [run_dir.clone(), reports_root.join(LATEST)] {
        std::fs::create_dir_all(&dir)?;
        write_atomic(&dir.join("matrix.md"), &md)?;
        write_atomic(&dir.join("matrix.json"), &json)?;
    }
    Ok(run_dir)
}
