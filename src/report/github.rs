//! GitHub Actions workflow commands: one `::error` (or `::warning` for a `should`
//! check) per failed check, pointing at the scenario file and the step's line, so the
//! failure shows on the pull request's diff.

use std::fmt::Write;

use crate::runner::outcome::{Level, RunReport, Verdict};

pub fn write(r: &RunReport, out: &mut dyn Write) -> std::fmt::Result {
    for s in &r.scenarios {
        if !(s.verdict.is_failure() || s.verdict == Verdict::Warn) {
            continue;
        }
        let mut any = false;
        for step in &s.steps {
            for c in step.checks.iter().filter(|c| !c.passed) {
                any = true;
                let command = if c.level == Level::Should {
                    "warning"
                } else {
                    "error"
                };
                let line = c.line_or(if step.line > 0 { step.line } else { s.line });
                let mut message = format!("step {} `{}`: {}", step.index, step.name, c.description);
                if let Some(e) = &c.expected {
                    message.push_str(&format!(" — expected {e}"));
                }
                if let Some(a) = &c.actual {
                    message.push_str(&format!(", got {a}"));
                }
                for d in c.differences.iter().take(5) {
                    message.push_str(&format!(
                        "\n{} at {}: expected {}, got {}",
                        d.kind,
                        d.actual_path,
                        d.expected.as_deref().unwrap_or("-"),
                        d.actual.as_deref().unwrap_or("-")
                    ));
                }
                if let Some(h) = &c.hint {
                    message.push_str(&format!("\nhint: {h}"));
                }
                writeln!(
                    out,
                    "::{command} file={},line={line},title={}::{}",
                    escape_property(&s.file),
                    escape_property(&format!(
                        "{} ({})",
                        s.id,
                        c.clause.as_deref().unwrap_or(&c.kind)
                    )),
                    escape_data(&message)
                )?;
            }
        }
        if !any {
            let reason = s.reason.as_deref().unwrap_or("failed");
            writeln!(
                out,
                "::error file={},line={},title={}::{}",
                escape_property(&s.file),
                s.line,
                escape_property(&s.id),
                escape_data(reason)
            )?;
        }
    }
    Ok(())
}

/// Whether the process runs under GitHub Actions.
pub fn detected() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

// The escapes GitHub's toolkit applies to workflow command data and properties.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_follow_the_toolkit() {
        assert_eq!(super::escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(super::escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
