//! `index.html`: the whole run in one self-contained page.
//!
//! No script and no outside resource at all: styles are inline, the filter
//! buttons are radio inputs driven by CSS, and scenarios and steps fold with
//! `<details>`. Without CSS every scenario is still listed in full. A
//! Content-Security-Policy forbids scripts and remote loads, so even a bug in
//! the escaping below could not run anything; every string from the report is
//! escaped all the same, since response bodies are whatever the target sent.

use std::fmt::Write as _;

use super::escape::text;
use super::view;
use crate::runner::outcome::{
    CheckOutcome, MailRecord, RunReport, ScenarioOutcome, StepOutcome, Verdict,
};

pub fn write(r: &RunReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(render(r).as_bytes())
}

// `write!` into a String cannot fail; the results below are ignored for that reason.
fn render(r: &RunReport) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>wbxconf {}: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        text(&r.run_id),
        text(&view::totals_line(&r.totals))
    );
    write_header(r, &mut h);
    write_filters(r, &mut h);
    h.push_str("<ol class=\"scenarios\">\n");
    for s in &r.scenarios {
        write_scenario(s, &mut h);
    }
    h.push_str("</ol>\n</main>\n</body>\n</html>\n");
    h
}

fn write_header(r: &RunReport, h: &mut String) {
    let t = &r.target;
    let _ = writeln!(
        h,
        "<header>\n<h1>wbxconf run <code>{}</code></h1>",
        text(&r.run_id)
    );
    let _ = writeln!(
        h,
        "<p class=\"result {}\">{}</p>",
        if r.scenarios.iter().any(|s| s.verdict.is_failure()) {
            "v-fail"
        } else {
            "v-pass"
        },
        text(&view::totals_line(&r.totals))
    );
    h.push_str("<dl class=\"facts\">\n");
    let mut target = text(&t.name).into_owned();
    if !t.endpoint.is_empty() && t.endpoint != t.name {
        let _ = write!(target, " at <code>{}</code>", text(&t.endpoint));
    }
    if t.embedded {
        target.push_str(" (embedded reference");
        if let Some(release) = &t.release {
            let _ = write!(target, ", release <code>{}</code>", text(release));
        }
        if !t.switches.is_empty() {
            let _ = write!(
                target,
                ", switches <code>{}</code>",
                text(&t.switches.join(", "))
            );
        }
        target.push(')');
    }
    fact(h, "Target", &target);
    fact(h, "Totals", &text(&view::totals_breakdown(&r.totals)));
    fact(
        h,
        "Suite digest",
        &format!("<code>{}</code>", text(&r.suite_digest)),
    );
    fact(
        h,
        "Harness",
        &format!("wbxconf {}", text(&r.harness_version)),
    );
    fact(
        h,
        "Run",
        &format!(
            "{} to {} ({} s)",
            text(&r.started_at),
            text(&r.finished_at),
            view::secs(r.duration_ms)
        ),
    );
    h.push_str("</dl>\n");
    if r.incomplete {
        h.push_str(
            "<p class=\"incomplete\">Incomplete: the run was interrupted before every scenario ended.</p>\n",
        );
    }
    h.push_str("</header>\n<main>\n");
}

/// `value` is already HTML.
fn fact(h: &mut String, name: &str, value: &str) {
    let _ = writeln!(h, "<dt>{name}</dt><dd>{value}</dd>");
}

/// Radio inputs placed right before the list, so CSS sibling selectors can
/// hide the scenarios a filter leaves out; no script needed.
fn write_filters(r: &RunReport, h: &mut String) {
    let count = |f: fn(&ScenarioOutcome) -> bool| r.scenarios.iter().filter(|s| f(s)).count();
    let filters = [
        ("all", "All", r.scenarios.len()),
        ("failing", "Failing", count(|s| s.verdict.is_failure())),
        (
            "warnings",
            "Warnings",
            count(|s| s.verdict == Verdict::Warn),
        ),
        ("skipped", "Skipped", count(|s| s.verdict == Verdict::Skip)),
    ];
    h.push_str("<h2>Scenarios</h2>\n");
    for (i, (id, label, n)) in filters.iter().enumerate() {
        let checked = if i == 0 { " checked" } else { "" };
        let _ = writeln!(
            h,
            "<input type=\"radio\" name=\"filter\" id=\"f-{id}\" class=\"filter\"{checked}>\
             <label for=\"f-{id}\">{label} ({n})</label>"
        );
    }
}

/// The class the filters select on.
fn group(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "passing",
        Verdict::Warn => "warnings",
        Verdict::Skip => "skipped",
        Verdict::Fail | Verdict::Unreachable | Verdict::Error => "failing",
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "v-pass",
        Verdict::Warn => "v-warn",
        Verdict::Fail => "v-fail",
        Verdict::Unreachable => "v-unreachable",
        Verdict::Error => "v-error",
        Verdict::Skip => "v-skip",
    }
}

fn badge(v: Verdict) -> String {
    format!(
        "<span class=\"verdict {}\">{}</span>",
        verdict_class(v),
        view::verdict_label(v)
    )
}

fn write_scenario(s: &ScenarioOutcome, h: &mut String) {
    let open = if view::needs_detail(s) { " open" } else { "" };
    let _ = writeln!(
        h,
        "<li class=\"scenario {}\">\n<details{open}>\n<summary>{} <code>{}</code> {} <span class=\"time\">{} s</span></summary>",
        group(s.verdict),
        badge(s.verdict),
        text(&s.id),
        text(&s.title),
        view::secs(s.duration_ms)
    );
    let _ = write!(
        h,
        "<p class=\"meta\">Defined at <code>{}:{}</code>",
        text(&s.file),
        s.line
    );
    if !s.covers.is_empty() {
        let _ = write!(h, "; covers <code>{}</code>", text(&s.covers.join(", ")));
    }
    h.push_str(".</p>\n");
    if let Some(reason) = &s.reason {
        let _ = writeln!(h, "<p class=\"reason\">Reason: {}</p>", text(reason));
    }
    if !s.steps.is_empty() {
        h.push_str("<ol class=\"steps\">\n");
        for step in &s.steps {
            write_step(s, step, h);
        }
        h.push_str("</ol>\n");
    }
    if !s.mails.is_empty() {
        write_mails(&s.mails, h);
    }
    h.push_str("</details>\n</li>\n");
}

fn write_step(s: &ScenarioOutcome, step: &StepOutcome, h: &mut String) {
    let notable = step.verdict == Verdict::Warn
        || step.verdict.is_failure()
        || view::failed_checks(step).next().is_some();
    let open = if notable { " open" } else { "" };
    let status = step
        .http_status
        .map(|c| format!(" · HTTP {c}"))
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<li class=\"step\">\n<details{open}>\n<summary>{} {} · as <code>{}</code> · <code>{}</code>{status} · {} s</summary>",
        badge(step.verdict),
        text(&view::step_title(step)),
        text(&step.actor),
        text(&step.call),
        view::secs(step.duration_ms)
    );
    let _ = writeln!(
        h,
        "<p class=\"meta\">At <code>{}</code>.</p>",
        text(&view::step_location(s, step))
    );
    if let Some(reason) = &step.reason {
        let _ = writeln!(h, "<p class=\"reason\">Reason: {}</p>", text(reason));
    }
    if !step.checks.is_empty() {
        h.push_str("<ul class=\"checks\">\n");
        for c in &step.checks {
            write_check(c, h);
        }
        h.push_str("</ul>\n");
    }
    if !step.captured.is_empty() {
        h.push_str("<table class=\"captured\"><caption>Captured</caption>\n");
        for (name, value) in &step.captured {
            let _ = writeln!(
                h,
                "<tr><th><code>{}</code></th><td><code>{}</code></td></tr>",
                text(name),
                text(value)
            );
        }
        h.push_str("</table>\n");
    }
    document(h, "Request", step.request.as_deref());
    let heading = match step.http_status {
        Some(c) => format!("Response (HTTP {c})"),
        None => "Response".to_string(),
    };
    document(h, &heading, step.response.as_deref());
    h.push_str("</details>\n</li>\n");
}

fn write_check(c: &CheckOutcome, h: &mut String) {
    let (class, mark) = if c.passed {
        ("ok", "ok")
    } else {
        ("broken", "FAILED")
    };
    let clause = c
        .clause
        .as_deref()
        .map(|cl| format!(", clause <code>{}</code>", text(cl)))
        .unwrap_or_default();
    let _ = write!(
        h,
        "<li class=\"check {class}\"><span class=\"mark\">{mark}</span> <b>{}</b> ({}{clause}{}): {}",
        text(&c.kind),
        view::level_label(c.level),
        view::check_line(c),
        text(&c.description)
    );
    if c.passed {
        h.push_str("</li>\n");
        return;
    }
    h.push_str("\n<dl class=\"values\">\n");
    if let Some(e) = &c.expected {
        let _ = writeln!(h, "<dt>Expected</dt><dd><pre>{}</pre></dd>", text(e));
    }
    if let Some(a) = &c.actual {
        let _ = writeln!(h, "<dt>Actual</dt><dd><pre>{}</pre></dd>", text(a));
    }
    h.push_str("</dl>\n");
    if !c.differences.is_empty() {
        h.push_str(
            "<table class=\"differences\"><caption>Differences</caption>\n\
             <tr><th>Kind</th><th>Expected path</th><th>Actual path</th><th>Expected</th><th>Actual</th></tr>\n",
        );
        for d in &c.differences {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                text(&d.kind),
                text(&d.expected_path),
                text(&d.actual_path),
                optional_code(d.expected.as_deref()),
                optional_code(d.actual.as_deref())
            );
        }
        h.push_str("</table>\n");
    }
    if let Some(diff) = &c.diff {
        h.push_str("<pre class=\"diff\">");
        for line in diff.lines() {
            // The line break stays inside the span: between block spans it
            // would draw an empty line.
            let _ = write!(
                h,
                "<span class=\"{}\">{}\n</span>",
                diff_class(line),
                text(line)
            );
        }
        h.push_str("</pre>\n");
    }
    if let Some(hint) = &c.hint {
        let _ = writeln!(h, "<p class=\"hint\">Hint: <code>{}</code></p>", text(hint));
    }
    h.push_str("</li>\n");
}

fn optional_code(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("<code>{}</code>", text(v)),
        None => "<i>none</i>".to_string(),
    }
}

fn diff_class(line: &str) -> &'static str {
    if line.starts_with("+++") || line.starts_with("---") {
        "file"
    } else if line.starts_with('+') {
        "add"
    } else if line.starts_with('-') {
        "del"
    } else if line.starts_with("@@") {
        "hunk"
    } else {
        "same"
    }
}

/// A document shown on the page is cut here: the page stays one a browser opens at
/// once even when a target answers megabytes; `results.json` and the transcripts keep
/// what was recorded.
const SHOWN_DOCUMENT_BYTES: usize = 64 * 1024;

fn document(h: &mut String, heading: &str, doc: Option<&str>) {
    match doc {
        Some(doc) if doc.len() > SHOWN_DOCUMENT_BYTES => {
            let mut end = SHOWN_DOCUMENT_BYTES;
            while !doc.is_char_boundary(end) {
                end -= 1;
            }
            let _ = writeln!(
                h,
                "<h4>{heading}</h4>\n<pre class=\"doc\">{}</pre>\n<p class=\"none\">… {} more bytes: the whole document is in results.json and the transcript</p>",
                text(&doc[..end]),
                doc.len() - end
            );
        }
        Some(doc) => {
            let _ = writeln!(
                h,
                "<h4>{heading}</h4>\n<pre class=\"doc\">{}</pre>",
                text(doc)
            );
        }
        None => {
            let _ = writeln!(h, "<h4>{heading}</h4>\n<p class=\"none\">none</p>");
        }
    }
}

fn write_mails(mails: &[MailRecord], h: &mut String) {
    h.push_str(
        "<table class=\"mails\"><caption>Mails received</caption>\n\
         <tr><th>To</th><th>Kind</th><th>Subject</th><th>Method</th><th>UID</th><th>Sequence</th><th>Recurrence-ID</th><th>Step</th></tr>\n",
    );
    for m in mails {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            text(&m.to),
            text(&m.kind),
            text(&m.subject),
            text(m.method.as_deref().unwrap_or("")),
            text(m.uid.as_deref().unwrap_or("")),
            m.sequence.map(|n| n.to_string()).unwrap_or_default(),
            text(m.recurrence_id.as_deref().unwrap_or("")),
            m.step.map(|n| n.to_string()).unwrap_or_default()
        );
    }
    h.push_str("</table>\n");
}

/// Kept small and free of `url(...)` so the page loads nothing.
const CSS: &str = "
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1f2328;background:#fff}
code,pre{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;white-space:pre-wrap;word-break:break-all;margin:.25rem 0}
header{border-bottom:1px solid #d0d7de;margin-bottom:1rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
.facts dt{font-weight:600}.facts dd{margin:0}
.result{font-size:1.2rem;font-weight:600}
.incomplete{background:#fff8c5;padding:.5rem}
.verdict{display:inline-block;min-width:7.5em;text-align:center;font-weight:700;font-size:12px;border-radius:3px;padding:0 .3em;color:#fff}
.v-pass{color:#1a7f37}.v-fail{color:#cf222e}
.verdict.v-pass{background:#1a7f37;color:#fff}.verdict.v-warn{background:#9a6700;color:#fff}
.verdict.v-fail,.verdict.v-unreachable,.verdict.v-error{background:#cf222e;color:#fff}
.verdict.v-skip{background:#6e7781;color:#fff}
.filter{position:absolute;opacity:0}
.filter+label{display:inline-block;border:1px solid #d0d7de;border-radius:4px;padding:.2rem .7rem;margin:0 .3rem .8rem 0;cursor:pointer}
.filter:checked+label{background:#0969da;color:#fff;border-color:#0969da}
.filter:focus-visible+label{outline:2px solid #0969da;outline-offset:2px}
#f-failing:checked~.scenarios>li:not(.failing),
#f-warnings:checked~.scenarios>li:not(.warnings),
#f-skipped:checked~.scenarios>li:not(.skipped){display:none}
ol.scenarios,ol.steps,ul.checks{list-style:none;padding-left:0}
li.scenario{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
ol.steps{margin-left:1rem}
li.step{border-left:3px solid #d0d7de;padding-left:.6rem;margin:.4rem 0}
summary{cursor:pointer}
.time{color:#59636e;font-size:13px}
.meta{color:#59636e;margin:.3rem 0}
.reason{font-style:italic}
.check{margin:.3rem 0}
.check .mark{font-weight:700;font-size:12px}
.check.ok .mark{color:#1a7f37}.check.broken .mark{color:#cf222e}
.values dt{font-weight:600}.values dd{margin-left:1rem}
table{border-collapse:collapse;margin:.4rem 0}
caption{text-align:left;font-weight:600}
th,td{border:1px solid #d0d7de;padding:.15rem .4rem;text-align:left;vertical-align:top}
.diff span{display:block}
.diff .add{background:#dafbe1;color:#116329}
.diff .del{background:#ffebe9;color:#82071e}
.diff .hunk{color:#0550ae}
.diff .file{font-weight:700}
.hint{background:#ddf4ff;padding:.3rem .5rem}
h4{margin:.6rem 0 .2rem}
";
