//! `transcript/<scenario>.txt`: everything a scenario sent and received, in
//! order, as plain text: the file to open when a verdict needs explaining.
//!
//! Control characters are shown as `\u{..}` so that printing a transcript
//! cannot drive the terminal; `results.json` keeps the exact text.

use std::collections::HashSet;
use std::fmt::{self, Write};

use super::escape::controls;
use super::view;
use crate::runner::outcome::{ScenarioOutcome, StepOutcome};

pub fn write(s: &ScenarioOutcome, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = render(s, &mut text);
    out.write_all(controls(&text).as_bytes())
}

fn render(s: &ScenarioOutcome, out: &mut String) -> fmt::Result {
    writeln!(out, "scenario: {}", s.id)?;
    writeln!(out, "title:    {}", s.title)?;
    writeln!(out, "file:     {}:{}", s.file, s.line)?;
    if !s.covers.is_empty() {
        writeln!(out, "covers:   {}", s.covers.join(", "))?;
    }
    writeln!(out, "verdict:  {}", view::verdict_label(s.verdict))?;
    if let Some(reason) = &s.reason {
        writeln!(out, "reason:   {reason}")?;
    }
    writeln!(out, "time:     {} s", view::secs(s.duration_ms))?;
    for step in &s.steps {
        writeln!(out)?;
        write_step(s, step, out)?;
    }
    if !s.mails.is_empty() {
        writeln!(out, "\n=== mails received")?;
        for m in &s.mails {
            write!(out, "to {} [{}] {:?}", m.to, m.kind, m.subject)?;
            if let Some(method) = &m.method {
                write!(out, " method={method}")?;
            }
            if let Some(uid) = &m.uid {
                write!(out, " uid={uid}")?;
            }
            if let Some(seq) = m.sequence {
                write!(out, " sequence={seq}")?;
            }
            if let Some(rid) = &m.recurrence_id {
                write!(out, " recurrence-id={rid}")?;
            }
            if let Some(step) = m.step {
                write!(out, " during step {step}")?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_step(s: &ScenarioOutcome, step: &StepOutcome, out: &mut String) -> fmt::Result {
    writeln!(
        out,
        "=== {}: {} in {} s",
        view::step_title(step),
        view::verdict_label(step.verdict),
        view::secs(step.duration_ms)
    )?;
    writeln!(
        out,
        "at {}, as {}, call {}",
        view::step_location(s, step),
        step.actor,
        step.call
    )?;
    if let Some(reason) = &step.reason {
        writeln!(out, "reason: {reason}")?;
    }
    match &step.request {
        Some(req) => write_document(out, "--- request", req)?,
        None => writeln!(out, "--- no request sent")?,
    }
    let status = step
        .http_status
        .map(|c| format!("HTTP {c}"))
        .unwrap_or_else(|| "no HTTP status".to_string());
    match &step.response {
        Some(resp) => write_document(out, &format!("--- response ({status})"), resp)?,
        None => writeln!(out, "--- no response ({status})")?,
    }
    if !step.checks.is_empty() {
        writeln!(out, "--- checks")?;
        for c in &step.checks {
            let mark = if c.passed { "ok  " } else { "FAIL" };
            write!(
                out,
                "{mark} {} ({}): {}",
                c.kind,
                view::level_label(c.level),
                c.description
            )?;
            if !c.passed {
                if let Some(e) = &c.expected {
                    write!(out, "\n       expected: {e}")?;
                }
                if let Some(a) = &c.actual {
                    write!(out, "\n       actual:   {a}")?;
                }
            }
            writeln!(out)?;
        }
    }
    if !step.captured.is_empty() {
        writeln!(out, "--- captured")?;
        for (name, value) in &step.captured {
            writeln!(out, "{name} = {value}")?;
        }
    }
    Ok(())
}

fn write_document(out: &mut String, heading: &str, doc: &str) -> fmt::Result {
    writeln!(out, "{heading}")?;
    out.push_str(doc);
    if !doc.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

/// File names for the transcripts of a run, in scenario order: `/` in an id
/// becomes `__`, anything a file system might refuse becomes `_`, and a name
/// that would collide with an earlier one gets `-2`, `-3`… so no transcript
/// overwrites another.
pub fn file_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = HashSet::new();
    let mut names = Vec::new();
    for id in ids {
        let stem = file_stem(id);
        let mut name = format!("{stem}.txt");
        let mut n = 2;
        while !taken.insert(name.to_ascii_lowercase()) {
            name = format!("{stem}-{n}.txt");
            n += 1;
        }
        names.push(name);
    }
    names
}

fn file_stem(id: &str) -> String {
    let mut stem: String = id
        .replace('/', "__")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    // A leading dot would hide the file, and `..` must never be a name.
    if stem.is_empty() || stem.starts_with('.') {
        stem.insert(0, '_');
    }
    stem.truncate(180);
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_safe_unique_file_names() {
        let names = file_names([
            "recurring/list/weekly",
            "a b:c",
            "..",
            "",
            "Recurring/List/Weekly",
        ]);
        assert_eq!(
            names,
            [
                "recurring__list__weekly.txt",
                "a_b_c.txt",
                "_...txt",
                "_.txt",
                "Recurring__List__Weekly-2.txt",
            ]
        );
    }
}
