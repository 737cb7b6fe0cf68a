//! `certificate.md` and `certificate.html`: the certificate for people.

use std::fmt::Write as _;

use super::model::Certificate;
use crate::compare::markup::{class, html, md, md_code, page_end, page_start};

fn answer(c: &Certificate) -> &'static str {
    if c.certifiable {
        "CERTIFIABLE"
    } else {
        "NOT CERTIFIABLE"
    }
}

pub fn markdown(c: &Certificate) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# Conformance certificate: {}\n", md(&c.target.name));
    let _ = writeln!(m, "**{}**\n", answer(c));
    let facts: Vec<(&str, String)> = vec![
        (
            "Suite",
            format!("{} {}", md(&c.suite.name), md(&c.suite.version)),
        ),
        ("Suite digest (SHA-256)", md_code(&c.suite.digest)),
        ("Harness", format!("wbxconf {}", md(&c.harness_version))),
        ("Endpoint", md_code(&c.target.endpoint)),
        (
            "GetAPIVersion",
            match (&c.target.api_version, &c.target.api_release) {
                (Some(v), Some(r)) => format!("{} ({})", md(v), md(r)),
                (Some(v), None) => md(v),
                _ => "not reported".to_string(),
            },
        ),
        ("Date", md(&c.date)),
        ("Run", md_code(&c.run_id)),
        (
            "Transcripts digest (SHA-256)",
            md_code(&c.transcripts.digest),
        ),
    ];
    let _ = writeln!(m, "| | |\n|---|---|");
    for (k, v) in facts {
        let _ = writeln!(m, "| {k} | {v} |");
    }
    let _ = writeln!(m, "\n## Sections\n\n| section | verdict | PASS | WARNING | FAIL | NOT TESTED |\n|---|---|---|---|---|---|");
    for s in &c.sections {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            md(&s.title),
            s.verdict.map(|v| v.label()).unwrap_or("—"),
            s.pass,
            s.warning,
            s.fail,
            s.not_tested
        );
    }
    let _ = writeln!(
        m,
        "\n## Clauses\n\n| clause | section | level | verdict | reason |\n|---|---|---|---|---|"
    );
    for cl in &c.clauses {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |",
            md(&cl.clause),
            md(&cl.section),
            md(&cl.level),
            cl.verdict.label(),
            md(&cl.reasons.join("; "))
        );
    }
    for (title, list) in [("Blocking", &c.blocking), ("Warnings", &c.warnings)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(m, "\n## {title}\n");
        for x in list {
            let _ = writeln!(m, "- {}", md(x));
        }
    }
    let _ = writeln!(
        m,
        "\nThe run's record (`results.json`, `target.yaml`, `transcript/`) is kept beside this certificate. \
         `wbxconf certify --verify DIR` checks it against a checkout of the suite and judges every recorded answer again."
    );
    m
}

pub fn html_page(c: &Certificate) -> String {
    let title = format!("Conformance certificate: {}", c.target.name);
    let mut h = page_start(&title);
    let _ = writeln!(h, "<h1>{}</h1>", html(&title));
    let _ = writeln!(
        h,
        "<p class=\"big {}\">{}</p>",
        if c.certifiable { "PASS" } else { "FAIL" },
        answer(c)
    );
    h.push_str("<table>\n");
    let api = match (&c.target.api_version, &c.target.api_release) {
        (Some(v), Some(r)) => format!("{v} ({r})"),
        (Some(v), None) => v.clone(),
        _ => "not reported".to_string(),
    };
    for (k, v) in [
        ("Suite", format!("{} {}", c.suite.name, c.suite.version)),
        ("Suite digest (SHA-256)", c.suite.digest.clone()),
        ("Harness", format!("wbxconf {}", c.harness_version)),
        ("Endpoint", c.target.endpoint.clone()),
        ("GetAPIVersion", api),
        ("Date", c.date.clone()),
        ("Run", c.run_id.clone()),
        ("Transcripts digest (SHA-256)", c.transcripts.digest.clone()),
    ] {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td><code>{}</code></td></tr>",
            html(k),
            html(&v)
        );
    }
    h.push_str("</table>\n<h2>Sections</h2>\n<table><tr><th>section</th><th>verdict</th><th>PASS</th><th>WARNING</th><th>FAIL</th><th>NOT TESTED</th></tr>\n");
    for s in &c.sections {
        let v = s.verdict.map(|v| v.label()).unwrap_or("—");
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"{}\">{v}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(&s.title),
            class(v),
            s.pass,
            s.warning,
            s.fail,
            s.not_tested
        );
    }
    h.push_str("</table>\n<h2>Clauses</h2>\n<table><tr><th>clause</th><th>section</th><th>level</th><th>verdict</th><th>reason</th></tr>\n");
    for cl in &c.clauses {
        let v = cl.verdict.label();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{v}</td><td>",
            html(&cl.clause),
            html(&cl.section),
            html(&cl.level),
            class(v)
        );
        if !cl.reasons.is_empty() {
            h.push_str("<ul>");
            for r in &cl.reasons {
                let _ = write!(h, "<li>{}</li>", html(r));
            }
            h.push_str("</ul>");
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</table>\n");
    for (title, list) in [("Blocking", &c.blocking), ("Warnings", &c.warnings)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(h, "<h2>{title}</h2>\n<ul>");
        for x in list {
            let _ = writeln!(h, "<li>{}</li>", html(x));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<p><small>The run's record (results.json, target.yaml, transcript/) is kept beside this certificate. <code>wbxconf certify --verify DIR</code> checks it against a checkout of the suite and judges every recorded answer again.</small></p>\n");
    page_end(&mut h);
    h
}
