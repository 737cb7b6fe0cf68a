//! The end-of-run summary printed after the per-scenario lines: the details of
//! every failing or warning scenario, then the totals.
//!
//! The same plain-text details are the body of a JUnit `<failure>`, so CI
//! readers see exactly what a person at the terminal sees.

use std::fmt::{self, Write};

use super::escape::controls as c;
use super::view;
use crate::runner::outcome::{
    CheckOutcome, DifferenceRecord, RunReport, ScenarioOutcome, StepOutcome, Verdict,
};

/// How the summary is drawn. The caller decides colour (a TTY, `NO_COLOR`,
/// `--color`); nothing in here looks at the environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

/// `12 passed, 1 failed, 2 skipped`: warnings count as passed, unreachable
/// targets and harness errors as failed. Kept to exactly this shape because CI
/// log readers look for `N passed, N failed` alone on a line.
pub fn totals_line(r: &RunReport) -> String {
    view::totals_line(&r.totals)
}

/// The line printed as each scenario ends (`FAIL  deactivated-host/… (1.234 s)`),
/// so the live lines and the summary name verdicts the same way.
pub fn write_scenario_line(s: &ScenarioOutcome, out: &mut dyn Write, style: Style) -> fmt::Result {
    let p = Palette::new(style);
    write!(
        out,
        "{}{:<11}{} {} ({} s)",
        p.verdict(s.verdict),
        view::verdict_label(s.verdict),
        p.reset,
        c(&s.id),
        view::secs(s.duration_ms)
    )?;
    match (&s.reason, s.verdict) {
        (Some(reason), Verdict::Skip | Verdict::Error | Verdict::Unreachable) => {
            writeln!(out, ": {}", c(reason))
        }
        _ => writeln!(out),
    }
}

pub fn write_summary(r: &RunReport, out: &mut dyn Write, style: Style) -> fmt::Result {
    let detailed: Vec<&ScenarioOutcome> = r
        .scenarios
        .iter()
        .filter(|s| view::needs_detail(s))
        .collect();
    if !detailed.is_empty() {
        let p = Palette::new(style);
        writeln!(out, "{}Failures and warnings:{}", p.bold, p.reset)?;
        for s in detailed {
            writeln!(out)?;
            write_scenario_detail(s, out, style)?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "run {} against {}: {} in {} s",
        c(&r.run_id),
        c(&target_words(r)),
        view::totals_breakdown(&r.totals),
        view::secs(r.duration_ms)
    )?;
    if r.incomplete {
        writeln!(
            out,
            "the run is incomplete: not every scenario ran to its end (interrupted, or a slice missing from a merge)"
        )?;
    }
    writeln!(out, "{}", totals_line(r))
}

fn target_words(r: &RunReport) -> String {
    let t = &r.target;
    if t.name == t.endpoint || t.endpoint.is_empty() {
        t.name.clone()
    } else {
        format!("{} ({})", t.name, t.endpoint)
    }
}

/// One scenario's failures and warnings as indented plain text: where the
/// failing step is, every check that did not hold, its differences, the diff
/// and the hint.
pub(crate) fn write_scenario_detail(
    s: &ScenarioOutcome,
    out: &mut dyn Write,
    style: Style,
) -> fmt::Result {
    let p = Palette::new(style);
    writeln!(
        out,
        "{}{}{} {}: {}",
        p.verdict(s.verdict),
        view::verdict_label(s.verdict),
        p.reset,
        c(&s.id),
        c(&s.title)
    )?;
    if let Some(reason) = &s.reason {
        write_labelled(out, 2, "reason", reason)?;
    }
    let mut any_step = false;
    for step in view::notable_steps(s) {
        any_step = true;
        write_step(s, step, out, &p)?;
    }
    if !any_step {
        writeln!(out, "  {}--> {}:{}{}", p.bold, c(&s.file), s.line, p.reset)?;
    }
    Ok(())
}

fn write_step(
    s: &ScenarioOutcome,
    step: &StepOutcome,
    out: &mut dyn Write,
    p: &Palette,
) -> fmt::Result {
    let status = step
        .http_status
        .map(|c| format!(", HTTP {c}"))
        .unwrap_or_default();
    writeln!(
        out,
        "  {}--> {}{}  {} (as {}, {}{}, {} s) {}{}{}",
        p.bold,
        c(&view::step_location(s, step)),
        p.reset,
        c(&view::step_title(step)),
        c(&step.actor),
        c(&step.call),
        status,
        view::secs(step.duration_ms),
        p.verdict(step.verdict),
        view::verdict_label(step.verdict),
        p.reset
    )?;
    if let Some(reason) = &step.reason {
        write_labelled(out, 4, "reason", reason)?;
    }
    for check in view::failed_checks(step) {
        write_check(check, out, p)?;
    }
    Ok(())
}

fn write_check(check: &CheckOutcome, out: &mut dyn Write, p: &Palette) -> fmt::Result {
    let clause = check
        .clause
        .as_deref()
        .map(|cl| format!(", clause {cl}"))
        .unwrap_or_default();
    writeln!(
        out,
        "    - {} ({}{}{}): {}",
        c(&check.kind),
        view::level_label(check.level),
        c(&clause),
        view::check_line(check),
        c(&check.description)
    )?;
    if let Some(e) = &check.expected {
        write_labelled(out, 8, "expected", e)?;
    }
    if let Some(a) = &check.actual {
        write_labelled(out, 8, "actual  ", a)?;
    }
    if !check.differences.is_empty() {
        writeln!(out, "        differences:")?;
        for d in &check.differences {
            writeln!(out, "          {}", c(&difference_line(d)))?;
        }
    }
    if let Some(diff) = &check.diff {
        writeln!(out, "        diff:")?;
        for line in diff.lines() {
            let colour = p.diff_line(line);
            let reset = if colour.is_empty() { "" } else { p.reset };
            writeln!(out, "          {colour}{}{reset}", c(line))?;
        }
    }
    if let Some(h) = &check.hint {
        write_labelled(out, 8, "hint", h)?;
    }
    Ok(())
}

/// `text at /a/b[2]: expected "x", actual "y"`, naming the actual path only
/// when it differs from the expected one.
pub(crate) fn difference_line(d: &DifferenceRecord) -> String {
    let mut line = format!("{} at {}", d.kind, d.expected_path);
    if d.actual_path != d.expected_path {
        line.push_str(&format!(" (actual {})", d.actual_path));
    }
    line.push_str(&format!(
        ": expected {}, actual {}",
        quoted(d.expected.as_deref()),
        quoted(d.actual.as_deref())
    ));
    line
}

fn quoted(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("{v:?}"),
        None => "nothing".to_string(),
    }
}

/// `label: value`, with the continuation lines of a multi-line value indented
/// under the first so a pasted document stays readable.
fn write_labelled(out: &mut dyn Write, indent: usize, label: &str, value: &str) -> fmt::Result {
    let mut lines = value.lines();
    let first = lines.next().unwrap_or("");
    writeln!(out, "{:indent$}{label}: {}", "", c(first))?;
    let inner = indent + label.len() + 2;
    for line in lines {
        writeln!(out, "{:inner$}{}", "", c(line))?;
    }
    Ok(())
}

/// ANSI escapes, or empty strings when colour is off, so the writing code is
/// the same either way.
struct Palette {
    bold: &'static str,
    red: &'static str,
    green: &'static str,
    yellow: &'static str,
    cyan: &'static str,
    reset: &'static str,
}

impl Palette {
    fn new(style: Style) -> Palette {
        if style.color {
            Palette {
                bold: "\x1b[1m",
                red: "\x1b[31m",
                green: "\x1b[32m",
                yellow: "\x1b[33m",
                cyan: "\x1b[36m",
                reset: "\x1b[0m",
            }
        } else {
            Palette {
                bold: "",
                red: "",
                green: "",
                yellow: "",
                cyan: "",
                reset: "",
            }
        }
    }

    fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::Pass => self.green,
            Verdict::Warn => self.yellow,
            Verdict::Fail | Verdict::Unreachable | Verdict::Error => self.red,
            Verdict::Skip => "",
        }
    }

    fn diff_line(&self, line: &str) -> &'static str {
        if line.starts_with("+++") || line.starts_with("---") {
            self.bold
        } else if line.starts_with('+') {
            self.green
        } else if line.starts_with('-') {
            self.red
        } else if line.starts_with("@@") {
            self.cyan
        } else {
            ""
        }
    }
}
