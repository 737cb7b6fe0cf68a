//! `summary.md`: the run for a pull request comment or a CI job summary.
//!
//! Totals and provenance first, a table of every scenario, then the details of
//! each failing or warning scenario. Text from the report is escaped so that it
//! renders as written: a response holding `<script>` or a `|` cannot break the
//! page or a table.

use std::fmt::Write as _;

use super::escape::controls;
use super::view;
use crate::runner::outcome::{CheckOutcome, RunReport, ScenarioOutcome, StepOutcome};

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Control characters (an ESC, a NUL) would reach whoever `cat`s the file;
    // they are shown as `\u{..}` instead. The rendering itself writes none.
    out.write_all(controls(&render(r)).as_bytes())
}

// `write!` into a String cannot fail; the results below are ignored for that reason.
fn render(r: &RunReport) -> String {
    let mut m = String::new();
    write_header(r, &mut m);
    write_table(r, &mut m);
    let detailed: Vec<&ScenarioOutcome> = r
        .scenarios
        .iter()
        .filter(|s| view::needs_detail(s))
        .collect();
    if !detailed.is_empty() {
        m.push_str("\n## Failures and warnings\n");
        for s in detailed {
            write_scenario(s, &mut m);
        }
    }
    m
}

fn write_header(r: &RunReport, m: &mut String) {
    let t = &r.target;
    let _ = writeln!(m, "# wbxconf run {}\n", code(&r.run_id));
    let mut target = plain(&t.name);
    if !t.endpoint.is_empty() && t.endpoint != t.name {
        let _ = write!(target, " at {}", code(&t.endpoint));
    }
    if t.embedded {
        target.push_str(" (embedded reference");
        if let Some(release) = &t.release {
            let _ = write!(target, ", release {}", code(release));
        }
        if !t.switches.is_empty() {
            let switches: Vec<String> = t.switches.iter().map(|s| code(s)).collect();
            let _ = write!(target, ", switches {}", switches.join(", "));
        }
        target.push(')');
    }
    let _ = writeln!(m, "- **Target:** {target}");
    let _ = writeln!(m, "- **Result:** {}", view::totals_line(&r.totals));
    let _ = writeln!(m, "- **Totals:** {}", view::totals_breakdown(&r.totals));
    let _ = writeln!(m, "- **Suite digest:** {}", code(&r.suite_digest));
    let _ = writeln!(m, "- **Harness:** wbxconf {}", plain(&r.harness_version));
    let _ = writeln!(
        m,
        "- **Run:** {} to {} ({} s)",
        plain(&r.started_at),
        plain(&r.finished_at),
        view::secs(r.duration_ms)
    );
    if r.incomplete {
        m.push_str("\n> **Incomplete:** the run was interrupted before every scenario ended.\n");
    }
}

fn write_table(r: &RunReport, m: &mut String) {
    m.push_str("\n## Scenarios\n\n");
    if r.scenarios.is_empty() {
        m.push_str("No scenario ran.\n");
        return;
    }
    m.push_str("| Verdict | Scenario | Title | Location | Time (s) | Note |\n");
    m.push_str("|---|---|---|---|---:|---|\n");
    for s in &r.scenarios {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            view::verdict_label(s.verdict),
            code_cell(&s.id),
            plain(&s.title),
            code_cell(&format!("{}:{}", s.file, s.line)),
            view::secs(s.duration_ms),
            plain(s.reason.as_deref().unwrap_or(""))
        );
    }
}

fn write_scenario(s: &ScenarioOutcome, m: &mut String) {
    let _ = writeln!(
        m,
        "\n### {} {}: {}\n",
        view::verdict_label(s.verdict),
        code(&s.id),
        plain(&s.title)
    );
    let _ = write!(m, "Defined at {}", code(&format!("{}:{}", s.file, s.line)));
    if !s.covers.is_empty() {
        let covers: Vec<String> = s.covers.iter().map(|c| code(c)).collect();
        let _ = write!(m, "; covers {}", covers.join(", "));
    }
    m.push_str(".\n");
    if let Some(reason) = &s.reason {
        let _ = writeln!(m, "\n**Reason:** {}", plain(reason));
    }
    for step in view::notable_steps(s) {
        write_step(s, step, m);
    }
}

fn write_step(s: &ScenarioOutcome, step: &StepOutcome, m: &mut String) {
    let _ = writeln!(
        m,
        "\n#### {}: {}\n",
        plain(&view::step_title(step)),
        view::verdict_label(step.verdict)
    );
    let _ = write!(
        m,
        "At {}, as {}, call {}",
        code(&view::step_location(s, step)),
        code(&step.actor),
        code(&step.call)
    );
    if let Some(status) = step.http_status {
        let _ = write!(m, ", HTTP {status}");
    }
    let _ = writeln!(m, ", {} s.", view::secs(step.duration_ms));
    if let Some(reason) = &step.reason {
        let _ = writeln!(m, "\n**Reason:** {}", plain(reason));
    }
    for check in view::failed_checks(step) {
        write_check(check, m);
    }
}

fn write_check(c: &CheckOutcome, m: &mut String) {
    let _ = write!(
        m,
        "\n##### Failed {} check ({}",
        code(&c.kind),
        view::level_label(c.level)
    );
    if let Some(clause) = &c.clause {
        let _ = write!(m, ", clause {}", code(clause));
    }
    m.push_str(&view::check_line(c));
    let _ = writeln!(m, ")\n\n{}", plain(&c.description));
    if let Some(e) = &c.expected {
        write_value("Expected", e, m);
    }
    if let Some(a) = &c.actual {
        write_value("Actual", a, m);
    }
    if !c.differences.is_empty() {
        m.push_str("\n| Difference | Expected path | Actual path | Expected | Actual |\n");
        m.push_str("|---|---|---|---|---|\n");
        for d in &c.differences {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} |",
                plain(&d.kind),
                code_cell(&d.expected_path),
                code_cell(&d.actual_path),
                optional_code_cell(d.expected.as_deref()),
                optional_code_cell(d.actual.as_deref())
            );
        }
    }
    if let Some(diff) = &c.diff {
        m.push('\n');
        m.push_str(&fenced("diff", diff));
    }
    if let Some(hint) = &c.hint {
        let _ = writeln!(m, "\n**Hint:** {}", plain(hint));
    }
}

/// A one-line value inline, a document in its own block.
fn write_value(label: &str, value: &str, m: &mut String) {
    if value.contains('\n') {
        let _ = writeln!(m, "\n**{label}:**\n");
        m.push_str(&fenced("xml", value));
    } else {
        let _ = writeln!(m, "\n**{label}:** {}", code(value));
    }
}

fn optional_code_cell(v: Option<&str>) -> String {
    match v {
        Some(v) => code_cell(v),
        None => "*(none)*".to_string(),
    }
}

/// An inline code span that survives any content: the fence is one backtick
/// longer than the longest run inside, and line breaks become spaces (a code
/// span would fold them anyway, and a table row must stay on one line).
fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced block whose fence no line of the content can close early.
fn fenced(lang: &str, s: &str) -> String {
    let fence = "`".repeat((longest_run(s, '`') + 1).max(3));
    let body = s.trim_end_matches(['\n', '\r']);
    format!("{fence}{lang}\n{body}\n{fence}\n")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Prose from the report: markup characters are escaped so nothing in it is
/// read as Markdown or HTML, and line breaks are folded.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

/// A code span inside a table cell. GitHub's table parser turns every `\|`
/// back into `|` before reading the cell's spans, so escaping each pipe keeps
/// the span intact and shows the content unchanged.
fn code_cell(s: &str) -> String {
    code(s).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks_and_line_breaks() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn fences_outgrow_the_content() {
        assert_eq!(fenced("diff", "-a\n+b\n"), "```diff\n-a\n+b\n```\n");
        assert_eq!(fenced("", "````\n"), "`````\n````\n`````\n");
    }

    #[test]
    fn prose_cannot_inject_markup() {
        assert_eq!(
            plain("<b>*x*</b> | [l](u)"),
            "&lt;b&gt;\\*x\\*&lt;/b&gt; \\| \\[l\\](u)"
        );
    }

    #[test]
    fn code_cells_escape_every_pipe() {
        assert_eq!(code_cell("a|b\\|c"), "`a\\|b\\\\|c`");
    }
}
