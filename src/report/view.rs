//! What every format says the same way: verdict labels, sections, durations,
//! where a step sits in its file, and which steps and checks deserve detail.

use crate::runner::outcome::{
    CheckOutcome, Level, Phase, ScenarioOutcome, StepOutcome, Totals, Verdict,
};

/// The upper-case word every format uses for a verdict (no symbols, so it reads
/// the same in a log, a table and a screen reader).
pub(crate) fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "PASS",
        Verdict::Warn => "WARN",
        Verdict::Fail => "FAIL",
        Verdict::Unreachable => "UNREACHABLE",
        Verdict::Error => "ERROR",
        Verdict::Skip => "SKIP",
    }
}

pub(crate) fn level_label(l: Level) -> &'static str {
    match l {
        Level::Must => "must",
        Level::Should => "should",
    }
}

pub(crate) fn phase_label(p: Phase) -> &'static str {
    match p {
        Phase::Setup => "setup",
        Phase::Steps => "step",
        Phase::Cleanup => "cleanup",
    }
}

/// The release-note section a scenario belongs to: its id up to the first `/`.
pub(crate) fn section(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// Milliseconds as seconds with three decimals (`1234` → `1.234`).
pub(crate) fn secs(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// `file:line` of a step; generated steps (line 0) point at the scenario.
pub(crate) fn step_location(s: &ScenarioOutcome, step: &StepOutcome) -> String {
    let line = if step.line == 0 { s.line } else { step.line };
    format!("{}:{}", s.file, line)
}

/// `, line 47` for a check written on its own line, nothing otherwise (its step's
/// location is shown already).
pub(crate) fn check_line(c: &CheckOutcome) -> String {
    if c.line > 0 {
        format!(", line {}", c.line)
    } else {
        String::new()
    }
}

/// `step 3 "name"` / `setup 1 "name"`.
pub(crate) fn step_title(step: &StepOutcome) -> String {
    format!(
        "{} {} \"{}\"",
        phase_label(step.phase),
        step.index,
        step.name
    )
}

/// Scenarios whose details a summary must show: failures and warnings.
pub(crate) fn needs_detail(s: &ScenarioOutcome) -> bool {
    s.verdict == Verdict::Warn || s.verdict.is_failure()
}

/// Steps of a scenario worth showing in a summary: those that warned or failed,
/// and any other step with a check that did not hold.
pub(crate) fn notable_steps(s: &ScenarioOutcome) -> impl Iterator<Item = &StepOutcome> {
    s.steps.iter().filter(|st| {
        matches!(st.verdict, Verdict::Warn)
            || st.verdict.is_failure()
            || failed_checks(st).next().is_some()
    })
}

pub(crate) fn failed_checks(step: &StepOutcome) -> impl Iterator<Item = &CheckOutcome> {
    step.checks.iter().filter(|c| !c.passed)
}

/// The totals as the plain closing line CI log readers look for:
/// warnings count as passed, unreachable and errors as failed.
pub(crate) fn totals_line(t: &Totals) -> String {
    format!(
        "{} passed, {} failed, {} skipped",
        t.passed + t.warned,
        t.failed + t.unreachable + t.errors,
        t.skipped
    )
}

/// Every count, for the headers of the richer formats.
pub(crate) fn totals_breakdown(t: &Totals) -> String {
    format!(
        "{} scenario{}: {} passed ({} with warnings), {} failed ({} on conformance, {} unreachable, {} harness errors), {} skipped",
        t.scenarios,
        if t.scenarios == 1 { "" } else { "s" },
        t.passed + t.warned,
        t.warned,
        t.failed + t.unreachable + t.errors,
        t.failed,
        t.unreachable,
        t.errors,
        t.skipped
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_is_the_id_before_the_first_slash() {
        assert_eq!(section("recurring/list/weekly"), "recurring");
        assert_eq!(section("standalone"), "standalone");
    }

    #[test]
    fn secs_keeps_three_decimals() {
        assert_eq!(secs(0), "0.000");
        assert_eq!(secs(1234), "1.234");
        assert_eq!(secs(60_005), "60.005");
    }

    #[test]
    fn totals_line_folds_warnings_and_errors() {
        let t = Totals {
            scenarios: 9,
            passed: 3,
            warned: 1,
            failed: 2,
            unreachable: 1,
            errors: 1,
            skipped: 1,
        };
        assert_eq!(totals_line(&t), "4 passed, 4 failed, 1 skipped");
    }
}
