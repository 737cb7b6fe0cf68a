//! `wbxconf bless`: run the selected scenarios, write each answer that a step expects as a
//! golden file into `golden/….xml.new` for review, and `--accept` the reviewed ones.
//!
//! What the file says is decided in `xml::bless_golden`; here are the runs that feed it
//! (each scenario twice, side by side) and the rules about the files on disk: an
//! unchanged answer writes nothing, a hand-edited `.new` is never overwritten silently.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::args::BlessArgs;
use crate::cli::commands::{
    load_suite, resolve_target, session_options, Selection, EXIT_FAILURES, EXIT_INTERRUPTED,
    EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE,
};
use crate::report;
use crate::runner::outcome::{Phase, Verdict};
use crate::runner::RunError;
use crate::scenario;

pub(crate) fn bless(root: &Path, a: BlessArgs) -> u8 {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        eprintln!("error: `wbxconf bless` refuses to write golden files when CI is set: bless on a workstation and commit the result.");
        return EXIT_USAGE;
    }
    if a.accept {
        return accept_pending(&root.join("golden"));
    }
    let suite = match load_suite(root) {
        Ok(s) => Arc::new(s),
        Err(code) => return code,
    };
    let profile = match resolve_target(root, &a.target) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let selection = Selection {
        filter: a.filter.clone(),
        ..Selection::default()
    };
    if let Err(code) = selection.check(&suite) {
        return code;
    }
    // Blessing records answers; it prints its own lines, not the trial console's.
    let select = selection.selector();
    let runtime = match crate::cli::commands::runtime() {
        Ok(r) => r,
        Err(code) => return code,
    };
    // Each scenario twice, side by side in one session: a value the target generates
    // afresh (a key, a counter, a time) differs between the two answers, and one answer
    // alone cannot tell it from a constant.
    let mut doubled = (*suite).clone();
    let again: Vec<scenario::Scenario> = suite
        .scenarios
        .iter()
        .filter(|s| select(&s.spec.id))
        .map(|s| {
            let mut copy = s.clone();
            copy.spec.id = format!("{}{AGAIN}", s.spec.id);
            copy
        })
        .collect();
    doubled.scenarios.extend(again);
    let select_both: crate::runner::batch::Selector =
        Arc::new(move |id: &str| select(id.strip_suffix(AGAIN).unwrap_or(id)));
    let report = match runtime.block_on(crate::runner::batch::run_batch(
        Arc::new(doubled),
        profile,
        &session_options(&a.target),
        Some(select_both),
        8,
    )) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return match e {
                RunError::Usage(_) => EXIT_USAGE,
                RunError::Unreachable(_) => EXIT_UNREACHABLE,
                RunError::Harness(_) => EXIT_FAILURES,
                RunError::Interrupted => EXIT_INTERRUPTED,
            };
        }
    };
    let (second, first): (Vec<_>, Vec<_>) =
        report.scenarios.iter().partition(|o| o.id.ends_with(AGAIN));
    let mut tally = Tally::default();
    for outcome in first {
        let Some(scenario) = suite.scenario(&outcome.id) else {
            continue;
        };
        let again = second
            .iter()
            .find(|o| o.id.strip_suffix(AGAIN) == Some(outcome.id.as_str()))
            .map(|o| golden_answers(o, scenario))
            .unwrap_or_default();
        for answer in golden_answers(outcome, scenario) {
            let limits = crate::xml::Limits::default();
            let Ok(actual) = crate::xml::parse(&answer.response, &limits) else {
                eprintln!(
                    "{}: step `{}`: the answer is not XML; nothing blessed",
                    outcome.id, answer.step
                );
                continue;
            };
            let other = again
                .iter()
                .find(|o| o.step == answer.step && o.golden == answer.golden)
                .and_then(|o| Some((crate::xml::parse(&o.response, &limits).ok()?, &o.vars)));
            let path = root.join("golden").join(&answer.golden);
            let previous_text = std::fs::read_to_string(&path).ok();
            let previous = previous_text
                .as_deref()
                .and_then(|t| crate::xml::parse(t, &limits).ok());
            let input = crate::xml::BlessInput {
                previous: previous.as_ref(),
                vars: &answer.vars,
                second: other.as_ref().map(|(doc, vars)| (doc, vars.as_slice())),
            };
            let text = crate::runner::secrets::tokens_to_placeholders(&crate::xml::bless_golden(
                &actual, &input,
            ));
            let text = keep_leading_comments(previous_text.as_deref(), text);
            // A file shared by several steps is written once, from the first answer.
            if let Some(first_text) = tally.seen.get(&path) {
                if *first_text != text {
                    eprintln!(
                        "warning: {}: step `{}` answers differently from an earlier step that also expects golden/{}; the file holds the earlier answer",
                        outcome.id, answer.step, answer.golden
                    );
                }
                continue;
            }
            tally.seen.insert(path.clone(), text.clone());
            match write_pending(&path, previous_text.as_deref(), &text, a.force) {
                Ok(written) => tally.note(written, &path),
                Err(e) => {
                    eprintln!("error: {e}");
                    return EXIT_FAILURES;
                }
            }
        }
    }
    tally.finish()
}

/// Marks the second copy of a scenario in a bless run.
const AGAIN: &str = " (bless: second run)";

/// One answer `bless` writes a golden file from, with the variables known at its step.
struct GoldenAnswer {
    golden: String,
    step: String,
    response: String,
    vars: Vec<(String, String)>,
}

/// The answers of `outcome` to steps that expect a golden file. A step's variables are
/// what `{{var NAME}}` resolves to when it is judged: the scenario's names (actors,
/// `scenario.id`, `run.id`) and what earlier steps captured (a step's answer is judged
/// before its own captures exist). A captured secret stays masked, as in the answer.
fn golden_answers(
    outcome: &crate::runner::outcome::ScenarioOutcome,
    scenario: &scenario::Scenario,
) -> Vec<GoldenAnswer> {
    let mut vars = scenario_vars(outcome.replay.as_ref());
    let mut answers = Vec::new();
    let steps = outcome.steps.iter().filter(|s| s.phase == Phase::Steps);
    for (step_out, step) in steps.zip(&scenario.spec.steps) {
        if let (Some(golden), Some(response), false) = (
            &step.expect.golden,
            &step_out.response,
            step_out.verdict == Verdict::Skip,
        ) {
            answers.push(GoldenAnswer {
                golden: golden.clone(),
                step: step.name.clone(),
                response: response.clone(),
                vars: vars.clone(),
            });
        }
        vars.extend(step_out.captured.iter().cloned());
    }
    answers
}

/// The names a template can use that stand for something different in every run.
/// Account fields and site names are the same each run, so they stay literal.
fn scenario_vars(replay: Option<&crate::runner::outcome::Replay>) -> Vec<(String, String)> {
    let Some(replay) = replay else {
        return Vec::new();
    };
    let mut vars = vec![
        ("scenario.id".to_string(), replay.scenario_uid.clone()),
        ("run.id".to_string(), replay.run_id.clone()),
    ];
    for actor in &replay.actors {
        let name = &actor.name;
        vars.push((format!("{name}.id"), actor.web_ex_id.clone()));
        vars.push((format!("{name}.email"), actor.email.clone()));
        vars.push((
            format!("{name}.name"),
            format!("{} {}", actor.first, actor.last),
        ));
        vars.push((format!("{name}.last"), actor.last.clone()));
    }
    vars
}

/// `text` with the comments that opened the previous golden file (`<!-- REVIEWED … -->`)
/// put back: the tree keeps no comments, and a review note must outlive a re-bless.
fn keep_leading_comments(previous: Option<&str>, text: String) -> String {
    let mut comments = String::new();
    let mut rest = previous.unwrap_or_default().trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            let Some(end) = after.find("?>") else { break };
            rest = after[end + 2..].trim_start();
        } else if rest.starts_with("<!--") {
            let Some(end) = rest.find("-->") else { break };
            comments.push_str(&rest[..end + 3]);
            comments.push('\n');
            rest = rest[end + 3..].trim_start();
        } else {
            break;
        }
    }
    if comments.is_empty() {
        return text;
    }
    match text
        .strip_prefix("<?")
        .and_then(|t| t.find("?>\n").map(|e| e + 5))
    {
        Some(declaration) => format!("{}{comments}{}", &text[..declaration], &text[declaration..]),
        None => format!("{comments}{text}"),
    }
}

/// What became of one golden file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// The golden file already says exactly this: no `.new`.
    Unchanged,
    /// A `.new` was written (or replaced with `--force`).
    Pending,
    /// The `.new` from an earlier bless already says exactly this.
    StillPending,
    /// A `.new` that differs (edited by hand?) was left alone: `--force` replaces it.
    Kept,
}

/// Writes `golden.xml.new` unless that would change nothing or lose an edited `.new`.
fn write_pending(
    path: &Path,
    current: Option<&str>,
    text: &str,
    force: bool,
) -> Result<Written, String> {
    let pending = PathBuf::from(format!("{}.new", path.display()));
    let existing = std::fs::read_to_string(&pending).ok();
    if current == Some(text) {
        // A `.new` identical to the golden file is a leftover nobody needs.
        if existing.as_deref() == Some(text) {
            let _ = std::fs::remove_file(&pending);
        }
        if existing.is_none() || existing.as_deref() == Some(text) {
            return Ok(Written::Unchanged);
        }
    }
    match existing.as_deref() {
        Some(e) if e == text => return Ok(Written::StillPending),
        Some(_) if !force => return Ok(Written::Kept),
        _ => {}
    }
    if let Some(parent) = pending.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    report::files::write_atomic(&pending, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", pending.display()))?;
    Ok(Written::Pending)
}

/// What `bless` did to each golden file, said as it goes and summed up at the end.
#[derive(Debug, Default)]
struct Tally {
    /// What this bless wrote (or would have) for each golden file.
    seen: std::collections::HashMap<PathBuf, String>,
    pending: usize,
    unchanged: usize,
    kept: usize,
}

impl Tally {
    fn note(&mut self, written: Written, path: &Path) {
        let pending = format!("{}.new", path.display());
        match written {
            Written::Unchanged => {
                self.unchanged += 1;
                println!("unchanged {}", path.display());
            }
            Written::Pending => {
                self.pending += 1;
                println!("wrote {pending}");
            }
            Written::StillPending => {
                self.pending += 1;
                println!("still pending {pending} (unchanged since the last bless)");
            }
            Written::Kept => {
                self.kept += 1;
                eprintln!(
                    "error: {pending} differs from what bless writes now (edited by hand?): left as it is; accept it with `wbxconf bless --accept`, delete it, or bless again with --force to replace it"
                );
            }
        }
    }

    fn finish(&self) -> u8 {
        println!(
            "{} pending golden file(s), {} unchanged{}",
            self.pending,
            self.unchanged,
            if self.kept > 0 {
                format!(", {} left as they were", self.kept)
            } else {
                String::new()
            }
        );
        if self.pending > 0 {
            println!("review them (diff each with its .xml), then run `wbxconf bless --accept`.");
        }
        if self.kept > 0 {
            EXIT_USAGE
        } else {
            EXIT_OK
        }
    }
}

fn accept_pending(dir: &Path) -> u8 {
    let mut pending = Vec::new();
    collect_pending(dir, &mut pending);
    for p in &pending {
        let target = p.with_extension("");
        if let Err(e) = std::fs::rename(p, &target) {
            eprintln!("error: cannot accept {}: {e}", p.display());
            return EXIT_FAILURES;
        }
        println!("accepted {}", target.display());
    }
    if pending.is_empty() {
        println!("no pending golden files (run `wbxconf bless FILTER` first)");
    }
    EXIT_OK
}

fn collect_pending(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            collect_pending(&p, out);
        } else if p.to_string_lossy().ends_with(".xml.new") {
            out.push(p);
        }
    }
}
