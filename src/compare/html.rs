//! `compare.html`: the comparison as one self-contained page.

use std::fmt::Write as _;

use super::build::phase_label;
use super::markdown::verdict_label;
use super::markup::{class, html, page_end, page_start};
use super::model::*;

pub fn render(c: &Comparison) -> String {
    let names: Vec<&str> = c.targets.iter().map(|t| t.name.as_str()).collect();
    let title = format!("wbxconf comparison: {}", names.join(" vs "));
    let mut h = page_start(&title);
    let _ = writeln!(h, "<h1>{}</h1>", html(&title));
    let _ = writeln!(
        h,
        "<p>Suite digest <code>{}</code>, wbxconf {}, {}. The first target is the baseline answers are compared with.</p>",
        html(&c.suite_digest),
        html(&c.harness_version),
        html(&c.created_at)
    );
    h.push_str("<table><tr><th>target</th><th>endpoint</th><th>passed</th><th>warned</th><th>failed</th><th>skipped</th><th>run</th></tr>\n");
    for t in &c.targets {
        let _ = writeln!(
            h,
            "<tr><td>{}{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            html(&t.name),
            t.release.as_deref().map(|r| format!(" ({})", html(r))).unwrap_or_default(),
            html(&t.endpoint),
            t.totals.passed,
            t.totals.warned,
            t.totals.failed + t.totals.unreachable + t.totals.errors,
            t.totals.skipped,
            html(&t.run_id)
        );
    }
    h.push_str("</table>\n<h2>Score per section</h2>\n<table><tr><th>section</th>");
    head(&mut h, &names);
    for s in &c.sections {
        let _ = write!(h, "<tr><td>{}</td>", html(&s.title));
        for r in &s.results {
            let v = r.verdict.map(|v| v.label()).unwrap_or("NOT TESTED");
            let _ = write!(
                h,
                "<td class=\"{}\">{}% <small>({} of {} hold; {} FAIL, {} WARNING, {} NOT TESTED)</small></td>",
                class(v),
                r.score(),
                r.pass + r.warning,
                r.clauses,
                r.fail,
                r.warning,
                r.not_tested
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n<h2>Clauses</h2>\n<table><tr><th>clause</th><th>level</th>");
    head(&mut h, &names);
    for cl in &c.clauses {
        let _ = write!(
            h,
            "<tr><td>{}{}</td><td>{}</td>",
            html(&cl.clause),
            if cl.differs { " ≠" } else { "" },
            html(&cl.level)
        );
        for x in &cl.cells {
            let label = x.verdict.label();
            let _ = write!(h, "<td class=\"{}\">{label}", class(label));
            if !x.reasons.is_empty() {
                let _ = write!(h, "<details><summary>why</summary><ul>");
                for r in &x.reasons {
                    let _ = write!(h, "<li>{}</li>", html(r));
                }
                h.push_str("</ul></details>");
            }
            h.push_str("</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n<h2>Scenarios</h2>\n<table><tr><th>scenario</th>");
    head(&mut h, &names);
    for s in &c.scenarios {
        let _ = write!(
            h,
            "<tr><td><code>{}</code>{}<br><small>{}</small></td>",
            html(&s.id),
            if s.differs { " ≠" } else { "" },
            html(&s.title)
        );
        for x in &s.cells {
            let label = verdict_label(x.verdict);
            let _ = write!(h, "<td class=\"{}\">{label}", class(label));
            if let Some(r) = &x.reason {
                let _ = write!(h, "<br><small>{}</small>", html(r));
            }
            if !x.failed_checks.is_empty() {
                h.push_str("<details><summary>failed checks</summary><ul>");
                for f in &x.failed_checks {
                    let _ = write!(h, "<li>{}</li>", html(f));
                }
                h.push_str("</ul></details>");
            }
            h.push_str("</td>");
        }
        h.push_str("</tr>\n");
    }
    let _ = writeln!(
        h,
        "</table>\n<h2>Where the answers differ ({} steps)</h2>",
        c.differences.len()
    );
    if c.differences.is_empty() {
        h.push_str("<p>Every target answered every step alike.</p>\n");
    }
    for d in &c.differences {
        let _ = writeln!(
            h,
            "<section><h3><code>{}</code> {} {} “{}” ({})</h3>",
            html(&d.scenario),
            phase_label(d.phase),
            d.index,
            html(&d.name),
            html(&d.call)
        );
        h.push_str("<ul><li>verdicts: ");
        let verdicts: Vec<String> = d
            .verdicts
            .iter()
            .zip(&names)
            .map(|(v, n)| {
                let label = verdict_label(*v);
                format!(
                    "{} <span class=\"{}\">{label}</span>",
                    html(n),
                    class(label)
                )
            })
            .collect();
        h.push_str(&verdicts.join(", "));
        let _ = write!(
            h,
            "</li><li>agree with the baseline {}: {}</li>",
            html(names[0]),
            if d.agree_with_baseline.is_empty() {
                "none".to_string()
            } else {
                html(&d.agree_with_baseline.join(", "))
            }
        );
        for g in d.groups.iter().skip(1).filter(|g| g.len() > 1) {
            let _ = write!(h, "<li>agree with each other: {}</li>", html(&g.join(", ")));
        }
        h.push_str("</ul>\n");
        for p in &d.pairs {
            let _ = writeln!(
                h,
                "<p>{} → {}</p>",
                html(&p.baseline),
                html(&p.targets.join(", "))
            );
            if let Some(note) = &p.note {
                let _ = writeln!(h, "<p><small>{}</small></p>", html(note));
            }
            if !p.differences.is_empty() {
                let _ = write!(
                    h,
                    "<table><tr><th>difference</th><th>path ({b})</th><th>path (other)</th><th>{b}</th><th>other</th></tr>",
                    b = html(&p.baseline)
                );
                for x in &p.differences {
                    let _ = write!(
                        h,
                        "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td></tr>",
                        html(&x.kind),
                        html(&x.expected_path),
                        html(&x.actual_path),
                        html(x.expected.as_deref().unwrap_or("—")),
                        html(x.actual.as_deref().unwrap_or("—"))
                    );
                }
                h.push_str("</table>\n");
            }
        }
        h.push_str("</section>\n");
    }
    page_end(&mut h);
    h
}

fn head(h: &mut String, names: &[&str]) {
    for n in names {
        let _ = write!(h, "<th>{}</th>", html(n));
    }
    h.push_str("</tr>\n");
}
