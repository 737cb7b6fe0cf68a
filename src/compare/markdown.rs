//! `compare.md`: the comparison for a pull request or a wiki page.

use std::fmt::Write as _;

use super::build::phase_label;
use super::markup::{md, md_code};
use super::model::*;
use crate::runner::outcome::Verdict;

pub fn render(c: &Comparison) -> String {
    let mut m = String::new();
    let names: Vec<&str> = c.targets.iter().map(|t| t.name.as_str()).collect();
    let _ = writeln!(
        m,
        "# Comparison: {}\n",
        names.iter().map(|n| md(n)).collect::<Vec<_>>().join(" vs ")
    );
    let _ = writeln!(
        m,
        "Suite digest `{}`, wbxconf {}, {}. The first target is the baseline answers are compared with.\n",
        md(&c.suite_digest),
        md(&c.harness_version),
        md(&c.created_at)
    );
    let _ = writeln!(m, "| target | endpoint | passed | warned | failed | skipped | run |\n|---|---|---|---|---|---|---|");
    for t in &c.targets {
        let failed = t.totals.failed + t.totals.unreachable + t.totals.errors;
        let _ = writeln!(
            m,
            "| {}{} | {} | {} | {} | {} | {} | `{}` |",
            md(&t.name),
            t.release
                .as_deref()
                .map(|r| format!(" ({})", md(r)))
                .unwrap_or_default(),
            md_code(&t.endpoint),
            t.totals.passed,
            t.totals.warned,
            failed,
            t.totals.skipped,
            md(&t.run_id)
        );
    }

    let _ = writeln!(
        m,
        "\n## Score per section\n\nShare of the section's clauses that hold (PASS or WARNING).\n"
    );
    header(&mut m, "section", &names);
    for s in &c.sections {
        let cells: Vec<String> = s
            .results
            .iter()
            .map(|r| {
                format!(
                    "{}% ({}/{}{}{}{})",
                    r.score(),
                    r.pass + r.warning,
                    r.clauses,
                    if r.fail > 0 {
                        format!(", {} FAIL", r.fail)
                    } else {
                        String::new()
                    },
                    if r.warning > 0 {
                        format!(", {} WARNING", r.warning)
                    } else {
                        String::new()
                    },
                    if r.not_tested > 0 {
                        format!(", {} NOT TESTED", r.not_tested)
                    } else {
                        String::new()
                    },
                )
            })
            .collect();
        let _ = writeln!(m, "| {} | {} |", md(&s.title), cells.join(" | "));
    }

    let _ = writeln!(m, "\n## Clauses\n");
    let _ = write!(m, "| clause | level |");
    for n in &names {
        let _ = write!(m, " {} |", md(n));
    }
    let _ = writeln!(m, "\n|---|---|{}", "---|".repeat(names.len()));
    for cl in &c.clauses {
        let cells: Vec<String> = cl
            .cells
            .iter()
            .map(|x| {
                let label = x.verdict.label();
                if cl.differs {
                    format!("**{label}**")
                } else {
                    label.to_string()
                }
            })
            .collect();
        let _ = writeln!(
            m,
            "| {} | {} | {} |",
            md(&cl.clause),
            md(&cl.level),
            cells.join(" | ")
        );
    }
    let why: Vec<&ClauseRow> = c
        .clauses
        .iter()
        .filter(|cl| cl.cells.iter().any(|x| !x.reasons.is_empty()))
        .collect();
    if !why.is_empty() {
        let _ = writeln!(
            m,
            "\n<details><summary>Why clauses did not pass</summary>\n"
        );
        for cl in why {
            for (t, x) in cl.cells.iter().enumerate() {
                for r in &x.reasons {
                    let _ = writeln!(
                        m,
                        "- {} on {}: {} — {}",
                        md(&cl.clause),
                        md(names[t]),
                        x.verdict.label(),
                        md(r)
                    );
                }
            }
        }
        let _ = writeln!(m, "\n</details>");
    }

    let _ = writeln!(m, "\n## Scenarios\n");
    header(&mut m, "scenario", &names);
    for s in &c.scenarios {
        let cells: Vec<String> = s
            .cells
            .iter()
            .map(|x| {
                let mut v = verdict_label(x.verdict).to_string();
                if s.differs {
                    v = format!("**{v}**");
                }
                if x.verdict == Some(Verdict::Skip) {
                    if let Some(r) = &x.reason {
                        v.push_str(&format!(" ({})", md(r)));
                    }
                }
                v
            })
            .collect();
        let _ = writeln!(m, "| {} | {} |", md_code(&s.id), cells.join(" | "));
    }

    let _ = writeln!(
        m,
        "\n## Where the answers differ ({} steps)\n",
        c.differences.len()
    );
    if c.differences.is_empty() {
        let _ = writeln!(m, "Every target answered every step alike.");
    }
    for d in &c.differences {
        let _ = writeln!(
            m,
            "### {} {} {} {} ({})\n",
            md_code(&d.scenario),
            phase_label(d.phase),
            d.index,
            md_code(&d.name),
            md(&d.call)
        );
        let verdicts: Vec<String> = d
            .verdicts
            .iter()
            .zip(&names)
            .map(|(v, n)| format!("{} {}", md(n), verdict_label(*v)))
            .collect();
        let _ = writeln!(m, "- verdicts: {}", verdicts.join(", "));
        let _ = writeln!(
            m,
            "- agree with the baseline {}: {}",
            md(names[0]),
            if d.agree_with_baseline.is_empty() {
                "none".to_string()
            } else {
                d.agree_with_baseline
                    .iter()
                    .map(|n| md(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        for g in d.groups.iter().skip(1).filter(|g| g.len() > 1) {
            let _ = writeln!(
                m,
                "- agree with each other: {}",
                g.iter().map(|n| md(n)).collect::<Vec<_>>().join(", ")
            );
        }
        for p in &d.pairs {
            let _ = writeln!(
                m,
                "\n{} → {}:\n",
                md(&p.baseline),
                p.targets
                    .iter()
                    .map(|n| md(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(note) = &p.note {
                let _ = writeln!(m, "{}\n", md(note));
            }
            if !p.differences.is_empty() {
                let _ = writeln!(
                    m,
                    "| difference | path ({}) | path (other) | {} | other |\n|---|---|---|---|---|",
                    md(&p.baseline),
                    md(&p.baseline)
                );
                for x in &p.differences {
                    let _ = writeln!(
                        m,
                        "| {} | {} | {} | {} | {} |",
                        md(&x.kind),
                        md_code(&x.expected_path),
                        md_code(&x.actual_path),
                        x.expected
                            .as_deref()
                            .map(md_code)
                            .unwrap_or_else(|| "—".into()),
                        x.actual
                            .as_deref()
                            .map(md_code)
                            .unwrap_or_else(|| "—".into())
                    );
                }
            }
        }
        let _ = writeln!(m);
    }
    m
}

fn header(m: &mut String, first: &str, names: &[&str]) {
    let _ = write!(m, "| {first} |");
    for n in names {
        let _ = write!(m, " {} |", md(n));
    }
    let _ = writeln!(m, "\n|---|{}", "---|".repeat(names.len()));
}

pub fn verdict_label(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Pass) => "PASS",
        Some(Verdict::Warn) => "WARN",
        Some(Verdict::Fail) => "FAIL",
        Some(Verdict::Unreachable) => "UNREACHABLE",
        Some(Verdict::Error) => "ERROR",
        Some(Verdict::Skip) => "SKIP",
        None => "—",
    }
}
