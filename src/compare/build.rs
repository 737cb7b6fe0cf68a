//! Building the comparison from one run per target: the clause and scenario matrix,
//! the section scores, and every step whose answers differ.

use std::collections::HashMap;

use super::answers::{self, Answer};
use super::model::*;
use crate::replay::Normalizer;
use crate::rollup;
use crate::runner::outcome::{Level, Phase, RunReport, ScenarioOutcome, StepOutcome};
use crate::scenario::Catalogue;

/// Compares `runs` (one per target, the first the baseline) of one suite.
pub fn build(catalogue: &Catalogue, runs: &[RunReport], compare_id: String) -> Comparison {
    let clause_results: Vec<Vec<rollup::ClauseResult>> =
        runs.iter().map(|r| rollup::clauses(catalogue, r)).collect();
    let section_results: Vec<Vec<rollup::SectionResult>> = clause_results
        .iter()
        .map(|c| rollup::sections(catalogue, c))
        .collect();

    let sections = catalogue
        .sections
        .iter()
        .enumerate()
        .map(|(i, sec)| {
            let results: Vec<rollup::SectionResult> =
                section_results.iter().map(|s| s[i].clone()).collect();
            SectionRow {
                section: sec.id.clone(),
                title: sec.title.clone(),
                scores: results.iter().map(|r| r.score()).collect(),
                results,
            }
        })
        .collect();

    let clauses = catalogue
        .clauses
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells: Vec<ClauseCell> = clause_results
                .iter()
                .map(|r| ClauseCell {
                    verdict: r[i].verdict,
                    reasons: r[i].reasons.clone(),
                })
                .collect();
            ClauseRow {
                clause: c.id.clone(),
                section: c.section.clone(),
                level: clause_results
                    .first()
                    .map(|r| r[i].level.clone())
                    .unwrap_or_default(),
                differs: cells.iter().any(|x| x.verdict != cells[0].verdict),
                cells,
            }
        })
        .collect();

    let indexed: Vec<HashMap<&str, &ScenarioOutcome>> = runs
        .iter()
        .map(|r| r.scenarios.iter().map(|s| (s.id.as_str(), s)).collect())
        .collect();
    let mut ids: Vec<&ScenarioOutcome> = Vec::new();
    for r in runs {
        for s in &r.scenarios {
            if !ids.iter().any(|x| x.id == s.id) {
                ids.push(s);
            }
        }
    }
    ids.sort_by(|a, b| a.id.cmp(&b.id));

    let mut scenarios = Vec::new();
    let mut differences = Vec::new();
    for first in &ids {
        let per_target: Vec<Option<&ScenarioOutcome>> = indexed
            .iter()
            .map(|m| m.get(first.id.as_str()).copied())
            .collect();
        let cells: Vec<ScenarioCell> = per_target.iter().map(|s| cell(*s)).collect();
        scenarios.push(ScenarioRow {
            id: first.id.clone(),
            title: first.title.clone(),
            covers: first.covers.clone(),
            differs: cells.iter().any(|c| c.verdict != cells[0].verdict),
            cells,
        });
        differences.extend(step_differences(runs, &per_target));
    }

    Comparison {
        compare_id,
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        harness_version: env!("CARGO_PKG_VERSION").to_string(),
        suite_digest: runs
            .first()
            .map(|r| r.suite_digest.clone())
            .unwrap_or_default(),
        targets: runs
            .iter()
            .map(|r| Column {
                name: r.target.name.clone(),
                endpoint: r.target.endpoint.clone(),
                release: r.target.release.clone(),
                run_id: r.run_id.clone(),
                totals: r.totals,
            })
            .collect(),
        sections,
        clauses,
        scenarios,
        differences,
    }
}

fn cell(s: Option<&ScenarioOutcome>) -> ScenarioCell {
    let Some(s) = s else {
        return ScenarioCell {
            verdict: None,
            reason: Some("not in this target's run".to_string()),
            failed_checks: Vec::new(),
        };
    };
    let failed_checks = s
        .steps
        .iter()
        .flat_map(|step| {
            step.checks.iter().filter(|c| !c.passed).map(move |c| {
                format!(
                    "{} {} `{}`: {}{}",
                    phase_label(step.phase),
                    step.index,
                    step.name,
                    c.description,
                    if c.level == Level::Should {
                        " (should)"
                    } else {
                        ""
                    }
                )
            })
        })
        .collect();
    ScenarioCell {
        verdict: Some(s.verdict),
        reason: s.reason.clone(),
        failed_checks,
    }
}

/// Steps of one scenario, aligned across targets by phase and index, whose answers differ.
fn step_differences(
    runs: &[RunReport],
    per_target: &[Option<&ScenarioOutcome>],
) -> Vec<StepComparison> {
    let names: Vec<&str> = runs.iter().map(|r| r.target.name.as_str()).collect();
    let norms: Vec<Normalizer> = per_target
        .iter()
        .map(|s| s.map(Normalizer::for_scenario).unwrap_or_default())
        .collect();
    let mut keys: Vec<(Phase, usize, &StepOutcome)> = Vec::new();
    for s in per_target.iter().flatten() {
        for step in &s.steps {
            if !keys
                .iter()
                .any(|(p, i, _)| *p == step.phase && *i == step.index)
            {
                keys.push((step.phase, step.index, step));
            }
        }
    }
    let mut out = Vec::new();
    for (phase, index, first) in keys {
        let steps: Vec<Option<&StepOutcome>> = per_target
            .iter()
            .map(|s| {
                s.and_then(|s| {
                    s.steps
                        .iter()
                        .find(|x| x.phase == phase && x.index == index)
                })
            })
            .collect();
        let answers: Vec<Answer> = steps
            .iter()
            .zip(&norms)
            .map(|(s, n)| Answer::of(*s, n))
            .collect();
        // Targets joined to the first group whose representative answered alike.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for t in 0..answers.len() {
            match groups
                .iter_mut()
                .find(|g| matches!(answers::differences(&answers[g[0]], &answers[t]), Ok(d) if d.is_empty()))
            {
                Some(g) => g.push(t),
                None => groups.push(vec![t]),
            }
        }
        if groups.len() < 2 {
            continue;
        }
        let pairs = groups[1..]
            .iter()
            .map(|g| {
                let (differences, note) = match answers::differences(&answers[0], &answers[g[0]]) {
                    Ok(d) => (d, None),
                    Err(note) => (Vec::new(), Some(note)),
                };
                AnswerDiff {
                    baseline: names[0].to_string(),
                    targets: g.iter().map(|t| names[*t].to_string()).collect(),
                    differences,
                    note,
                }
            })
            .collect();
        out.push(StepComparison {
            scenario: per_target
                .iter()
                .flatten()
                .next()
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            phase,
            index,
            name: first.name.clone(),
            call: first.call.clone(),
            verdicts: steps.iter().map(|s| s.map(|s| s.verdict)).collect(),
            agree_with_baseline: groups[0][1..]
                .iter()
                .map(|t| names[*t].to_string())
                .collect(),
            groups: groups
                .iter()
                .map(|g| g.iter().map(|t| names[*t].to_string()).collect())
                .collect(),
            pairs,
        });
    }
    out
}

/// How a phase reads in front of a step number (`step 3`, `setup 1`).
pub fn phase_label(p: Phase) -> &'static str {
    match p {
        Phase::Setup => "setup",
        Phase::Steps => "step",
        Phase::Cleanup => "cleanup",
    }
}
