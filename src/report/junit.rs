//! `junit.xml`: the run in the JUnit XML shape Jenkins, GitLab and GitHub test
//! reporters read.
//!
//! One `<testsuite name="wbxconf">` holds one `<testcase>` per scenario, its
//! `classname` being the release-note section (the id before the first `/`).
//! Fail, Unreachable and Error are all `<failure>`s told apart by `type`: the
//! scenario did not hold up, whoever is to blame; a Warn passes and carries its
//! warnings in `<system-out>`.

use std::fmt::Write as _;

use super::escape::{attr, text};
use super::terminal::{write_scenario_detail, Style};
use super::view;
use crate::runner::outcome::{Level, RunReport, ScenarioOutcome, Verdict};

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(r).as_bytes())
}

fn render(r: &RunReport) -> String {
    // Counted from the scenarios written, so the attributes always agree with
    // the test cases a reader finds.
    let tests = r.scenarios.len();
    let failures = r
        .scenarios
        .iter()
        .filter(|s| s.verdict.is_failure())
        .count();
    let skipped = r
        .scenarios
        .iter()
        .filter(|s| s.verdict == Verdict::Skip)
        .count();
    let time = view::secs(r.duration_ms);
    let counts = format!(
        r#"tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}" time="{time}""#
    );

    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // `writeln!` into a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(x, r#"<testsuites name="wbxconf" {counts}>"#);
    let _ = writeln!(
        x,
        r#"  <testsuite name="wbxconf" {counts} timestamp="{}">"#,
        attr(&r.started_at)
    );
    write_properties(r, &mut x);
    for s in &r.scenarios {
        write_testcase(s, &mut x);
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

fn write_properties(r: &RunReport, x: &mut String) {
    let t = &r.target;
    let mut props: Vec<(&str, String)> = vec![
        ("run_id", r.run_id.clone()),
        ("target", t.name.clone()),
        ("endpoint", t.endpoint.clone()),
        ("embedded", t.embedded.to_string()),
    ];
    if let Some(release) = &t.release {
        props.push(("release", release.clone()));
    }
    if !t.switches.is_empty() {
        props.push(("switches", t.switches.join(",")));
    }
    props.push(("harness_version", r.harness_version.clone()));
    props.push(("suite_digest", r.suite_digest.clone()));
    props.push(("started_at", r.started_at.clone()));
    props.push(("finished_at", r.finished_at.clone()));
    if r.incomplete {
        props.push(("incomplete", "true".to_string()));
    }
    x.push_str("    <properties>\n");
    for (name, value) in props {
        let _ = writeln!(
            x,
            r#"      <property name="{name}" value="{}"/>"#,
            attr(&value)
        );
    }
    x.push_str("    </properties>\n");
}

fn write_testcase(s: &ScenarioOutcome, x: &mut String) {
    let _ = write!(
        x,
        r#"    <testcase classname="{}" name="{}" file="{}" line="{}" time="{}""#,
        attr(view::section(&s.id)),
        attr(&s.id),
        attr(&s.file),
        s.line,
        view::secs(s.duration_ms)
    );
    let mut detail = String::new();
    let _ = write_scenario_detail(s, &mut detail, Style { color: false });
    match s.verdict {
        Verdict::Pass => x.push_str("/>\n"),
        Verdict::Skip => {
            let reason = s.reason.as_deref().unwrap_or("skipped");
            let _ = writeln!(
                x,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                attr(reason)
            );
        }
        Verdict::Warn => {
            let _ = writeln!(
                x,
                ">\n      <system-out>{}</system-out>\n    </testcase>",
                text(&detail)
            );
        }
        Verdict::Fail | Verdict::Unreachable | Verdict::Error => {
            let _ = writeln!(
                x,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                attr(&headline(s)),
                failure_type(s.verdict),
                text(&detail)
            );
        }
    }
}

fn failure_type(v: Verdict) -> &'static str {
    match v {
        Verdict::Unreachable => "unreachable",
        Verdict::Error => "error",
        _ => "fail",
    }
}

/// One line for the `message` attribute, which most CI pages show collapsed:
/// the first failing step and its first broken `must` check (or its reason).
fn headline(s: &ScenarioOutcome) -> String {
    let label = view::verdict_label(s.verdict);
    let Some(step) = s.steps.iter().find(|st| st.verdict.is_failure()) else {
        return match &s.reason {
            Some(reason) => format!("{label}: {reason}"),
            None => label.to_string(),
        };
    };
    let broken: Vec<_> = view::failed_checks(step).collect();
    let what = broken
        .iter()
        .find(|c| c.level == Level::Must)
        .or(broken.first())
        .map(|c| match c.actual.as_deref() {
            // A short actual value says more than the description alone
            // (`connection refused`); documents stay in the body.
            Some(actual) if !actual.contains('\n') && actual.len() <= 80 => {
                format!("{}: actual {actual}", c.description)
            }
            _ => c.description.clone(),
        })
        .or_else(|| step.reason.clone())
        .or_else(|| s.reason.clone())
        .unwrap_or_default();
    let more = match broken.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more failed checks)", n - 1),
    };
    format!(
        "{label} at {} {}: {what}{more}",
        view::step_location(s, step),
        view::step_title(step)
    )
}
