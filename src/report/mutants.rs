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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::mutants::{
        Broken, Catch, DefectResult, PlainResult, ScenarioSummary, VariationResult,
    };
    use crate::runner::outcome::Verdict;

    fn matrix() -> Matrix {
        let defect = |name: &str, caught: bool| DefectResult {
            name: name.into(),
            clauses: vec!["REC-17".into()],
            description: "a | b".into(),
            duration_ms: 2500,
            caught_by: if caught {
                vec![Catch {
                    scenario: "recurring/expired-occurrences".into(),
                    clause: "REC-17".into(),
                    level: Level::Should,
                    step: "s".into(),
                    check: "c".into(),
                }]
            } else {
                Vec::new()
            },
            broke: vec![Broken {
                scenario: "recurring/expired-occurrences".into(),
                verdict: Verdict::Warn,
            }],
            base_broken: Vec::new(),
            error: None,
        };
        Matrix {
            run_id: "20260105-100000-abcd".into(),
            started_at: "2026-01-05T10:00:00Z".into(),
            duration_ms: 90_000,
            suite_digest: "d".into(),
            subset: false,
            plain: PlainResult {
                duration_ms: 3000,
                not_passing: Vec::new(),
            },
            defects: vec![defect("kept", true), defect("lost", false)],
            variations: vec![VariationResult {
                name: "pretty-printed".into(),
                description: "indented".into(),
                duration_ms: 3000,
                broke: Vec::new(),
                error: None,
            }],
            scenarios: vec![
                ScenarioSummary {
                    id: "recurring/expired-occurrences".into(),
                    caught: vec!["kept".into()],
                    smoke: None,
                },
                ScenarioSummary {
                    id: "base/ping".into(),
                    caught: Vec::new(),
                    smoke: Some("the ground".into()),
                },
                ScenarioSummary {
                    id: "base/idle".into(),
                    caught: Vec::new(),
                    smoke: None,
                },
            ],
            clauses_without_defect: Vec::new(),
            unknown_clauses: Vec::new(),
        }
    }

    #[test]
    fn markdown_names_survivors_dead_cases_and_smoke_reasons() {
        let mut out = Vec::new();
        write_markdown(&matrix(), &mut out).unwrap();
        let md = String::from_utf8(out).unwrap();
        assert!(md.contains("**Not proven**: 2 problem(s)"), "{md}");
        assert!(
            md.contains("| `lost` | REC-17 | **survives** | 1 | 2.5s |"),
            "{md}"
        );
        assert!(
            md.contains("recurring/expired-occurrences (REC-17, warning)"),
            "{md}"
        );
        assert!(md.contains("| base/ping | — (smoke: the ground) |"), "{md}");
        assert!(md.contains("| base/idle | **none: dead case** |"), "{md}");
        assert!(md.contains("- `kept`: a \\| b"), "{md}");
        let text = summary(&matrix());
        assert!(text.starts_with("mutants: 1/2 defects caught, 0/1 variations broke something, 1 dead case(s), 90.0s in all"), "{text}");
        assert!(text.ends_with("not proven\n"), "{text}");
    }

    #[test]
    fn json_carries_the_verdict_and_files_land_in_both_folders() {
        let mut out = Vec::new();
        write_json(&matrix(), &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["proven"], false);
        assert_eq!(v["problems"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["defects"][0]["caught_by"][0]["level"], "should");
        let dir = tempfile::tempdir().unwrap();
        let run = write_files(&matrix(), dir.path()).unwrap();
        assert!(run.ends_with("mutants-20260105-100000-abcd"));
        for folder in [run, dir.path().join(LATEST)] {
            assert!(folder.join("matrix.md").is_file() && folder.join("matrix.json").is_file());
        }
        let mut bad = matrix();
        bad.run_id = "../x".into();
        assert!(write_files(&bad, dir.path()).is_err());
    }
}
