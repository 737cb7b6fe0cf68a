//! Every recorded answer judged again, from the record alone: no target is contacted.
//!
//! A run's `results.json` holds each step's answer as received (masked) and each
//! scenario's replay context (what `now`, the actors and `${scenario.id}` stood for).
//! With the suite's scenarios and golden files and the target profile, every step's
//! expectations are rendered as they were and [`judge`] runs on the recorded answer.
//! The checks it produces must be the recorded ones, the captured values must be the
//! recorded ones, and the verdicts must follow: an answer altered after the run, or a
//! case or golden file changed since, shows up as a mismatch.
//!
//! Mail is not in the answers: a passed mail check is held against the messages the
//! record says arrived; it cannot be judged again.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::api::ApiEntry;
use crate::client::HttpAnswer;
use crate::runner::judge::{judge, Judging};
use crate::runner::outcome::{
    CheckOutcome, Level, Phase, Replay, RunReport, ScenarioOutcome, StepOutcome, Verdict,
};
use crate::scenario::model::{Expect, Step};
use crate::scenario::template::{self, Context, Escape, Resolved};
use crate::scenario::Suite;
use crate::target::Profile;
use crate::xml::Limits;

/// What re-judging found.
#[derive(Debug, Clone)]
pub struct Rejudged {
    /// The run with every check and verdict as judged again.
    pub run: RunReport,
    /// Where the record and the new judgement disagree: each breaks a certificate.
    pub mismatches: Vec<String>,
    /// Steps that could not be judged again and why (no answer recorded, an answer cut
    /// at the report size limit), with their recorded checks kept.
    pub notes: Vec<String>,
    /// Steps judged again.
    pub steps: usize,
}

/// Judges every step of `run` again against `suite` and `profile`.
pub fn rejudge(run: &RunReport, suite: &Suite, profile: &Profile) -> Rejudged {
    let mut out = Rejudged {
        run: run.clone(),
        mismatches: Vec::new(),
        notes: Vec::new(),
        steps: 0,
    };
    let apis = suite.apis.with_overrides(&profile.apis);
    for s in &mut out.run.scenarios {
        let mut found = Found {
            mismatches: &mut out.mismatches,
            notes: &mut out.notes,
            steps: &mut out.steps,
        };
        rejudge_scenario(s, suite, profile, &apis, &mut found);
    }
    out.run.totals = crate::runner::outcome::Totals::count(&out.run.scenarios);
    if out.run.totals != run.totals {
        out.mismatches
            .push("the recorded totals do not add up to the scenarios' verdicts".to_string());
    }
    out
}

struct Found<'a> {
    mismatches: &'a mut Vec<String>,
    notes: &'a mut Vec<String>,
    steps: &'a mut usize,
}

fn rejudge_scenario(
    s: &mut ScenarioOutcome,
    suite: &Suite,
    profile: &Profile,
    apis: &crate::api::ApiCatalogue,
    found: &mut Found,
) {
    let Some(scenario) = suite.scenario(&s.id) else {
        found
            .mismatches
            .push(format!("`{}`: the suite has no such scenario", s.id));
        return;
    };
    let missing: Vec<&str> = scenario
        .spec
        .requires
        .iter()
        .filter(|c| !profile.has(c))
        .map(String::as_str)
        .collect();
    if s.verdict == Verdict::Skip {
        if !s.steps.is_empty() {
            found
                .mismatches
                .push(format!("`{}`: skipped, yet steps are recorded", s.id));
        }
        return;
    }
    if !missing.is_empty() {
        found.mismatches.push(format!(
            "`{}` ran although the profile lacks {}",
            s.id,
            missing.join(", ")
        ));
    }
    let Some(replay) = s.replay.clone() else {
        found.mismatches.push(format!(
            "`{}`: the record has no replay context, so its answers cannot be judged again",
            s.id
        ));
        return;
    };
    let Ok(now) = DateTime::parse_from_rfc3339(&replay.now) else {
        found.mismatches.push(format!(
            "`{}`: replay time `{}` is not RFC 3339",
            s.id, replay.now
        ));
        return;
    };
    let mut ctx = ReplayContext {
        replay: &replay,
        profile,
        vars: BTreeMap::new(),
        now: now.with_timezone(&Utc),
    };
    let spec = &scenario.spec;
    let mails = s.mails.clone();
    for step in &mut s.steps {
        let (expect, api, captures, golden): (Expect, Option<&ApiEntry>, Vec<(String, String)>, _) =
            match step.phase {
                Phase::Setup => (Expect::default(), apis.get("CreateUser"), Vec::new(), None),
                Phase::Steps | Phase::Cleanup => {
                    let list: &[Step] = if step.phase == Phase::Steps {
                        &spec.steps
                    } else {
                        &spec.finally
                    };
                    match list.get(step.index.wrapping_sub(1)) {
                        Some(def) => (
                            def.expect.clone(),
                            def.call.as_deref().and_then(|c| apis.get(c)),
                            def.capture
                                .iter()
                                .map(|(k, v)| {
                                    (k.clone(), ctx.render(v).unwrap_or_else(|_| v.clone()))
                                })
                                .collect(),
                            def.expect.golden.clone(),
                        ),
                        None if step.phase == Phase::Cleanup => {
                            (Expect::default(), apis.get("DelUser"), Vec::new(), None)
                        }
                        None => {
                            found.mismatches.push(format!(
                                "`{}` step {}: the scenario has no such step",
                                s.id, step.index
                            ));
                            continue;
                        }
                    }
                }
            };
        let here = format!(
            "`{}` {} {} `{}`",
            s.id,
            phase_word(step.phase),
            step.index,
            step.name
        );
        let Some(body) = step.response.clone() else {
            if step.verdict != Verdict::Skip {
                found
                    .notes
                    .push(format!("{here}: no answer recorded; its verdict is kept"));
            }
            continue;
        };
        if body.contains("\n… (") && body.ends_with("more bytes not shown)") {
            found.notes.push(format!(
                "{here}: the answer was cut at the report size limit; its checks are kept"
            ));
            continue;
        }
        let Some(status) = step.http_status else {
            found
                .mismatches
                .push(format!("{here}: an answer without an HTTP status"));
            continue;
        };
        let answer = HttpAnswer {
            status,
            content_type: None,
            location: None,
            body: body.into_bytes(),
            elapsed: std::time::Duration::ZERO,
        };
        let golden_text = golden.as_ref().map(|g| {
            std::fs::read_to_string(suite.root.join("golden").join(g))
                .map_err(|e| format!("cannot read golden/{g}: {e}"))
        });
        let limits = Limits::default();
        let known_vars: Vec<(String, String)> = ctx
            .vars
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let judgement = {
            let render = |t: &str| ctx.render(t);
            // `{{var host.id}}` names what `${host.id}` would: captures, actors, run, scenario.
            let var = |name: &str| {
                let path: Vec<String> = name.split('.').map(str::to_owned).collect();
                ctx.lookup(&path).map(|resolved| resolved.text)
            };
            let judging = Judging {
                expect: &expect,
                api,
                render: &render,
                var: &var,
                golden_text,
                known_vars: &known_vars,
                scenario_id: &s.id,
                // Lines only point readers at checks; verifying compares verdicts.
                lines: &crate::scenario::load::StepLines::default(),
                limits: &limits,
            };
            judge(&answer, &judging, &captures)
        };
        *found.steps += 1;
        let (recorded_mail, recorded_rest): (Vec<CheckOutcome>, Vec<CheckOutcome>) = step
            .checks
            .iter()
            .cloned()
            .partition(|c| c.kind == "mail" || c.kind == "no_mail");
        if let Some(why) = first_difference(&recorded_rest, &judgement.checks) {
            found.mismatches.push(format!("{here}: {why}"));
        }
        for c in recorded_mail
            .iter()
            .filter(|c| c.kind == "mail" && c.passed)
        {
            if !mail_recorded(c, &mails) {
                found.mismatches.push(format!(
                    "{here}: the passed mail check `{}` has no such message in the record",
                    c.description
                ));
            }
        }
        if judgement.captured != step.captured {
            found.mismatches.push(format!(
                "{here}: captured {:?} from the recorded answer, the record says {:?}",
                judgement.captured, step.captured
            ));
        }
        for (k, v) in &judgement.captured {
            ctx.vars.insert(k.clone(), v.clone());
        }
        let mut checks = judgement.checks;
        checks.extend(recorded_mail);
        let verdict = verdict_of(&checks);
        if verdict != step.verdict {
            found.mismatches.push(format!(
                "{here}: judged {:?} again, the record says {:?}",
                verdict, step.verdict
            ));
        }
        step.checks = checks;
        step.verdict = verdict;
    }
    let verdict = scenario_verdict(&s.steps);
    if verdict != s.verdict {
        found.mismatches.push(format!(
            "`{}`: its steps make it {:?}, the record says {:?}",
            s.id, verdict, s.verdict
        ));
    }
    s.verdict = verdict;
}

fn phase_word(p: Phase) -> &'static str {
    match p {
        Phase::Setup => "setup",
        Phase::Steps => "step",
        Phase::Cleanup => "cleanup",
    }
}

/// The first way two lists of checks differ, in words.
fn first_difference(recorded: &[CheckOutcome], again: &[CheckOutcome]) -> Option<String> {
    for (i, (a, b)) in recorded.iter().zip(again).enumerate() {
        let same = a.kind == b.kind
            && a.description == b.description
            && a.passed == b.passed
            && a.level == b.level
            && a.clause == b.clause;
        if !same {
            return Some(format!(
                "check {} was `{}` {} in the record, judged again it is `{}` {} (actual: {})",
                i + 1,
                a.description,
                if a.passed { "passed" } else { "failed" },
                b.description,
                if b.passed { "passed" } else { "failed" },
                b.actual.as_deref().unwrap_or("-")
            ));
        }
    }
    (recorded.len() != again.len()).then(|| {
        format!(
            "{} checks in the record, {} judged again",
            recorded.len(),
            again.len()
        )
    })
}

/// A passed `mail` check ("host receives an invitation …") matches a recorded message
/// to that actor of that kind.
fn mail_recorded(c: &CheckOutcome, mails: &[crate::runner::outcome::MailRecord]) -> bool {
    let to = c.description.split(" receives ").next().unwrap_or_default();
    let kind = c
        .expected
        .as_deref()
        .and_then(|e| e.split_whitespace().next())
        .unwrap_or_default();
    mails.iter().any(|m| m.to == to && m.kind == kind)
}

fn verdict_of(checks: &[CheckOutcome]) -> Verdict {
    checks
        .iter()
        .fold(Verdict::Pass, |v, c| match (c.passed, c.level) {
            (true, _) => v,
            (false, Level::Must) => v.worst(Verdict::Fail),
            (false, Level::Should) => v.worst(Verdict::Warn),
        })
}

/// As the runner rolls steps up: a failing clean-up is a warning, skipped clean-up
/// does not count, and a scenario of skipped steps passed.
fn scenario_verdict(steps: &[StepOutcome]) -> Verdict {
    let v = steps
        .iter()
        .filter(|s| s.phase != Phase::Cleanup || s.verdict != Verdict::Skip)
        .map(|s| match (s.phase, s.verdict) {
            (Phase::Cleanup, v) if v.is_failure() => Verdict::Warn,
            (_, v) => v,
        })
        .fold(Verdict::Pass, Verdict::worst);
    if v == Verdict::Skip {
        Verdict::Pass
    } else {
        v
    }
}

/// Templates rendered with what the record says they stood for.
struct ReplayContext<'a> {
    replay: &'a Replay,
    profile: &'a Profile,
    vars: BTreeMap<String, String>,
    now: DateTime<Utc>,
}

impl ReplayContext<'_> {
    fn render(&self, text: &str) -> Result<String, String> {
        template::render_str(text, self, Escape::None)
    }
}

impl Context for ReplayContext<'_> {
    fn lookup(&self, path: &[String]) -> Option<Resolved> {
        let plain = |text: String| {
            Some(Resolved {
                text,
                secret: false,
            })
        };
        let first = path.first()?.as_str();
        if path.len() == 1 {
            return self.vars.get(first).cloned().and_then(plain);
        }
        let field = path[1].as_str();
        if let Some(a) = self.replay.actors.iter().find(|a| a.name == first) {
            return match field {
                "id" => plain(a.web_ex_id.clone()),
                "email" => plain(a.email.clone()),
                "name" => plain(format!("{} {}", a.first, a.last)),
                "first" => plain(a.first.clone()),
                "last" => plain(a.last.clone()),
                "site" => plain(a.site.clone()),
                "site_id" => a.site_id.map(|i| i.to_string()).and_then(plain),
                // Passwords are never recorded.
                _ => None,
            };
        }
        let account = match first {
            "admin" => "admin@main",
            "partner" => "partner@default",
            other => other,
        };
        if let Some((kind, name)) = account.split_once('@') {
            let (id, site_role, email) = match kind {
                "admin" => {
                    let site = self.profile.sites.get(name)?;
                    let admin = site.admin.as_ref()?;
                    (
                        admin.web_ex_id.clone(),
                        name.to_string(),
                        admin.email.clone(),
                    )
                }
                "partner" => {
                    let p = self.profile.partners.get(name)?;
                    (p.web_ex_id.clone(), p.site.clone(), None)
                }
                _ => return None,
            };
            let site = self.profile.sites.get(&site_role)?;
            return match field {
                "id" => plain(id),
                "site" => plain(site.name.clone()),
                "site_id" => site.id.map(|i| i.to_string()).and_then(plain),
                "email" => email.and_then(plain),
                _ => None,
            };
        }
        match (first, path.len()) {
            ("site", 3) => {
                let site = self.profile.sites.get(&path[1])?;
                match path[2].as_str() {
                    "name" => plain(site.name.clone()),
                    "id" => site.id.map(|i| i.to_string()).and_then(plain),
                    "url" => plain(format!("https://{}.webex.com", site.name)),
                    _ => None,
                }
            }
            ("run", 2) if field == "id" => plain(self.replay.run_id.clone()),
            ("scenario", 2) if field == "id" => plain(self.replay.scenario_uid.clone()),
            _ => None,
        }
    }

    fn env(&self, _name: &str) -> Option<String> {
        // Environment values are secrets: never recorded, never read back.
        None
    }

    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn zone(&self, id: u16) -> Option<chrono_tz::Tz> {
        crate::reference::calendar::timezones::by_id(i64::from(id)).map(|z| z.tz)
    }

    fn secret_used(&self, _value: &str) {}
}
