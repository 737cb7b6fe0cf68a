//! Running one scenario against a session: provision its actors, run its steps in
//! order, always run its `finally` steps and remove its actors, and judge every answer.

use std::sync::Arc;
use std::time::Instant;

use crate::api::envelope;
use crate::client::TransportError;
use crate::mail::{classify, occurrence_millis, MailKind, ReceivedMail};
use crate::runner::context::{Actor, ScenarioState};
use crate::runner::judge::{self, check, Judging};
use crate::runner::outcome::{
    CheckOutcome, Level, MailRecord, Phase, ScenarioOutcome, StepOutcome, Verdict,
};
use crate::runner::session::Session;
use crate::scenario::load::{parse_duration, StepLines};
use crate::scenario::model::{ActorRole, Step};
use crate::scenario::template::Escape;
use crate::scenario::Scenario;

/// Why a scenario does not run on this target, if so.
pub fn skip_reason(session: &Session, scenario: &Scenario) -> Option<String> {
    let missing: Vec<&String> = scenario
        .spec
        .requires
        .iter()
        .filter(|c| !session.profile.has(c))
        .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        return Some(format!(
            "target `{}` lacks capability {} (add it to `capabilities` in its profile if the target offers it)",
            session.profile.name,
            names.join(", ")
        ));
    }
    let has_mail = scenario
        .spec
        .steps
        .iter()
        .any(|s| !s.expect.mail.is_empty());
    if has_mail && session.mail.is_none() {
        return Some(format!(
            "target `{}` lacks capability mail: its e-mail cannot be observed (add `mail` to its capabilities and point its SMTP relay at --smtp-listen)",
            session.profile.name
        ));
    }
    for step in scenario.spec.steps.iter().chain(&scenario.spec.finally) {
        if let Some(who) = &step.actor {
            if crate::scenario::load::is_account(who) && session.account(who).is_none() {
                let key = match who.split_once('@') {
                    Some(("admin", role)) => format!("sites.{role}.admin"),
                    Some((_, name)) => format!("partners.{name}"),
                    None if who == "admin" => "sites.main.admin".to_string(),
                    None => "partners.default".to_string(),
                };
                return Some(format!(
                    "step `{}` is sent as `{who}`, an account target `{}` does not define (add `{key}` to its profile)",
                    step.name, session.profile.name
                ));
            }
        }
    }
    for (name, actor) in &scenario.spec.actors {
        if actor.role != ActorRole::Guest && session.admin_of(&actor.site).is_none() {
            return Some(format!(
                "actor `{name}` needs site role `{}` with an admin in target `{}` (add `sites.{}.admin` to its profile)",
                actor.site, session.profile.name, actor.site
            ));
        }
    }
    None
}

/// Runs a scenario to its end; never panics on anything the target does.
pub async fn run(session: &Session, scenario: &Scenario) -> ScenarioOutcome {
    let started = Instant::now();
    let mut outcome = ScenarioOutcome {
        id: scenario.spec.id.clone(),
        title: scenario.spec.title.clone(),
        file: scenario.file.to_string_lossy().replace('\\', "/"),
        line: scenario.line,
        covers: scenario.spec.covers.clone(),
        verdict: Verdict::Pass,
        reason: None,
        duration_ms: 0,
        steps: Vec::new(),
        mails: Vec::new(),
        replay: None,
    };
    if let Some(reason) = skip_reason(session, scenario) {
        outcome.verdict = Verdict::Skip;
        outcome.reason = Some(reason);
        return outcome;
    }
    let lock = scenario
        .spec
        .exclusive
        .as_ref()
        .map(|name| session.exclusive(name));
    let _guard = match &lock {
        Some(l) => tokio::select! {
            g = l.lock() => Some(g),
            _ = session.interrupt.triggered() => None,
        },
        None => None,
    };
    if session.interrupt.is_triggered() {
        outcome.verdict = Verdict::Skip;
        outcome.reason = Some(NOT_STARTED.to_string());
        return outcome;
    }

    let mut state = ScenarioState::new(session, scenario);
    outcome.replay = Some(state.replay());
    let mail_mark = session.mail.as_ref().map(|m| m.mark());
    for actor in state.actors.values() {
        session.masker.register(&actor.password);
    }

    // Setup: provision actors. A failure here is the target's failure, but says so.
    let mut stopped: Option<String> = None;
    let names: Vec<String> = state.actors.keys().cloned().collect();
    for (i, name) in names.iter().enumerate() {
        let actor = state.actors[name].clone();
        if actor.role == ActorRole::Guest {
            continue;
        }
        // Provisioning is not cut short (a CreateUser that lands after being abandoned
        // would leave an account behind), but none starts after an interruption.
        if session.interrupt.is_triggered() {
            stopped.get_or_insert_with(|| INTERRUPTED.to_string());
            continue;
        }
        let extra = scenario
            .spec
            .actors
            .get(name)
            .and_then(|a| a.create.as_deref());
        let extra = match extra.map(|x| state.render(x, Escape::None)) {
            Some(Ok(x)) => Some(x),
            Some(Err(m)) => Some(format!("<!-- {m} -->")),
            None => None,
        };
        let step = provision(session, &actor, extra.as_deref(), i + 1).await;
        if step.verdict == Verdict::Pass {
            if let Some(a) = state.actors.get_mut(name) {
                a.provisioned = true;
            }
        } else if stopped.is_none() {
            stopped = Some(format!("provisioning actor `{name}` failed"));
        }
        outcome.steps.push(step);
    }

    for (i, step) in scenario.spec.steps.iter().enumerate() {
        let lines = scenario.step_lines.get(i).cloned().unwrap_or_default();
        let line = lines.step;
        if session.interrupt.is_triggered() {
            stopped.get_or_insert_with(|| INTERRUPTED.to_string());
        }
        if let Some(reason) = &stopped {
            outcome
                .steps
                .push(skipped_step(step, i + 1, Phase::Steps, line, reason));
            continue;
        }
        // The step in flight (a `wait:`, a request, a mail wait) is abandoned when the
        // run is interrupted; the clean-up below still runs.
        let result = tokio::select! {
            r = run_step(&mut state, step, i + 1, Phase::Steps, &lines) => Some(r),
            _ = session.interrupt.triggered() => None,
        };
        let Some(result) = result else {
            let mut s = skipped_step(step, i + 1, Phase::Steps, line, INTERRUPTED);
            s.reason = Some(format!("{INTERRUPTED} while this step was in flight"));
            outcome.steps.push(s);
            stopped = Some(INTERRUPTED.to_string());
            continue;
        };
        // A step that failed only its golden comparison was read and captured in full:
        // later steps still run, so `wbxconf bless` sees every answer of a scenario.
        let only_golden = result
            .checks
            .iter()
            .filter(|c| !c.passed && c.level == Level::Must)
            .all(|c| c.kind == "golden");
        if result.verdict.is_failure() && !(result.verdict == Verdict::Fail && only_golden) {
            stopped = Some(format!("step {} `{}` failed", i + 1, step.name));
        }
        outcome.steps.push(result);
    }
    let first_problem = stopped.clone();

    // Clean-up always runs; a step whose variables were never captured is skipped.
    for (i, step) in scenario.spec.finally.iter().enumerate() {
        let lines = scenario.finally_lines.get(i).cloned().unwrap_or_default();
        let result = run_step(&mut state, step, i + 1, Phase::Cleanup, &lines).await;
        outcome.steps.push(result);
    }
    let provisioned: Vec<Actor> = state
        .actors
        .values()
        .filter(|a| a.provisioned)
        .cloned()
        .collect();
    for (i, actor) in provisioned.iter().enumerate() {
        outcome
            .steps
            .push(remove_step(session, actor, scenario.spec.finally.len() + i + 1).await);
    }

    if let (Some(store), Some(mark)) = (&session.mail, mail_mark) {
        outcome.mails = mail_records(session, store, &state, mark);
    }

    outcome.verdict = outcome
        .steps
        .iter()
        .filter(|s| s.phase != Phase::Cleanup || s.verdict != Verdict::Skip)
        .map(|s| match (s.phase, s.verdict) {
            // A clean-up that fails does not make a conformant answer non-conformant, but it
            // is reported as a warning so leftovers are noticed.
            (Phase::Cleanup, v) if v.is_failure() => Verdict::Warn,
            (_, v) => v,
        })
        .fold(Verdict::Pass, Verdict::worst);
    if outcome.verdict == Verdict::Skip {
        outcome.verdict = Verdict::Pass;
    }
    // An interrupted scenario proved nothing unless it had already failed.
    if first_problem.as_deref() == Some(INTERRUPTED)
        && matches!(outcome.verdict, Verdict::Pass | Verdict::Warn)
    {
        outcome.verdict = Verdict::Skip;
    }
    outcome.reason = first_problem;
    outcome.duration_ms = started.elapsed().as_millis() as u64;
    outcome
}

/// Why steps did not run after Ctrl-C.
const INTERRUPTED: &str = "the run was interrupted";
const NOT_STARTED: &str = "not run: the run was interrupted before this scenario started";

fn skipped_step(step: &Step, index: usize, phase: Phase, line: u32, reason: &str) -> StepOutcome {
    StepOutcome {
        index,
        phase,
        name: step.name.clone(),
        line,
        actor: step.actor.clone().unwrap_or_default(),
        call: step.call.clone().unwrap_or_else(|| "raw".to_string()),
        verdict: Verdict::Skip,
        reason: Some(format!("not run: {reason}")),
        duration_ms: 0,
        request: None,
        http_status: None,
        response: None,
        checks: Vec::new(),
        captured: Vec::new(),
    }
}

/// The securityContext for sending as `who`, with the step's overrides applied.
fn security_for(
    state: &ScenarioState,
    who: &str,
    step: &Step,
) -> Result<Vec<(String, String)>, String> {
    let mut fields: Vec<(String, String)> = if let Some(a) = state.actors.get(who) {
        vec![
            ("webExID".into(), a.web_ex_id.clone()),
            ("password".into(), a.password.clone()),
            ("siteName".into(), a.site_name.clone()),
        ]
    } else if let Some(acc) = state.session.account(who) {
        let mut f = vec![
            ("webExID".into(), acc.web_ex_id.clone()),
            ("password".into(), acc.password.clone()),
            ("siteName".into(), acc.site_name.clone()),
        ];
        if let Some(p) = &acc.partner_id {
            f.push(("partnerID".into(), p.clone()));
        }
        f
    } else {
        return Err(format!(
            "`{who}` is not an actor of this scenario nor an account of target `{}`",
            state.session.profile.name
        ));
    };
    for (key, value) in &step.security {
        let value = state.render(value, Escape::None)?;
        // Whatever goes into a credential field is a credential, even a deliberately wrong one.
        if crate::runner::secrets::SECRET_ELEMENTS.contains(&key.as_str()) {
            state.session.masker.register(&value);
        }
        fields.retain(|(k, _)| k != key);
        if !value.is_empty() {
            fields.push((key.clone(), value));
        }
    }
    Ok(fields)
}

async fn run_step(
    state: &mut ScenarioState<'_>,
    step: &Step,
    index: usize,
    phase: Phase,
    lines: &StepLines,
) -> StepOutcome {
    let session = state.session;
    let started = Instant::now();
    let mut out = skipped_step(step, index, phase, lines.step, "");
    out.reason = None;
    out.verdict = Verdict::Pass;

    if let Some(w) = step.wait.as_deref().and_then(parse_duration) {
        tracing::debug!(
            "{} step {index} `{}`: waiting {w:?} before sending",
            state.scenario.spec.id,
            step.name
        );
        tokio::time::sleep(w).await;
    }
    // Build the request; a template that cannot render (an uncaptured variable after an
    // earlier failure) skips the step rather than sending half a request.
    let request = match build_request(state, step) {
        Ok(r) => r,
        Err(m) => {
            out.verdict = if phase == Phase::Cleanup {
                Verdict::Skip
            } else {
                Verdict::Error
            };
            out.reason = Some(m);
            return out;
        }
    };
    // A scenario may write a credential literally (a new user's password, a wrong one
    // for a negative case): every secret element of the request is a secret too.
    session.masker.register_from_xml(&request);
    let masked_request = session.masker.mask(&request);
    tracing::debug!(scenario = %state.scenario.spec.id, step = index, "request as {}:\n{masked_request}", out.actor);
    out.request = Some(masked_request);
    let mail_mark = session.mail.as_ref().map(|m| m.mark());
    let label = format!("{index}: {}", step.name);
    tracing::debug!("{} step {label}: sending", state.scenario.spec.id);
    let answer = session
        .client
        .post(&session.url, request, &state.scenario.spec.id, &label)
        .await;
    match &answer {
        Ok(a) => tracing::debug!(
            "{} step {label}: HTTP {} in {} ms",
            state.scenario.spec.id,
            a.status,
            a.elapsed.as_millis()
        ),
        Err(e) => tracing::debug!("{} step {label}: {e}", state.scenario.spec.id),
    }
    let answer = match answer {
        Ok(a) => a,
        Err(e) => {
            tracing::debug!(scenario = %state.scenario.spec.id, step = index, "no answer: {e}");
            out.verdict = match e {
                TransportError::TooLarge(_) => Verdict::Fail,
                _ => Verdict::Unreachable,
            };
            out.checks.push(
                check("transport", "the target answers", Level::Must, None, false)
                    .expected("a complete HTTP answer")
                    .actual(e.to_string()),
            );
            out.reason = Some(e.to_string());
            out.duration_ms = started.elapsed().as_millis() as u64;
            return out;
        }
    };
    out.http_status = Some(answer.status);
    let body_text = String::from_utf8_lossy(&answer.body);
    session.masker.register_from_xml(&body_text);
    out.response = Some(session.masker.mask(&cut(&body_text, 512 * 1024)));
    tracing::debug!(
        scenario = %state.scenario.spec.id,
        step = index,
        "response HTTP {} in {} ms:\n{}",
        answer.status,
        answer.elapsed.as_millis(),
        // A terminal shows a screenful or so; the reports keep what was recorded.
        cut(out.response.as_deref().unwrap_or(""), 16 * 1024)
    );

    let golden_text = step.expect.golden.as_ref().map(|g| {
        let path = state.scenario_root().join("golden").join(g);
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read golden/{g}: {e}"))
    });
    // Judging borrows the scenario state through closures that are not Send: keep
    // them inside this block so nothing of them lives across the mail wait below.
    let known_vars: Vec<(String, String)> = state
        .vars
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let judgement = {
        let render = |t: &str| state.render(t, Escape::None);
        // `{{var host.id}}` names what `${host.id}` would: captures, actors, run, scenario.
        let var = |name: &str| {
            let path: Vec<String> = name.split('.').map(str::to_owned).collect();
            crate::scenario::template::Context::lookup(&*state, &path).map(|resolved| resolved.text)
        };
        let captures: Vec<(String, String)> = step
            .capture
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let rendered_captures: Vec<(String, String)> = captures
            .iter()
            .map(|(k, v)| (k.clone(), render(v).unwrap_or_else(|_| v.clone())))
            .collect();
        let judging = Judging {
            expect: &step.expect,
            api: step.call.as_deref().and_then(|c| session.apis.get(c)),
            render: &render,
            var: &var,
            golden_text,
            known_vars: &known_vars,
            scenario_id: &state.scenario.spec.id,
            lines,
            limits: &session.limits,
        };

        judge::judge(&answer, &judging, &rendered_captures)
    };
    let mut checks = judgement.checks;
    for (k, v) in &judgement.captured {
        state.vars.insert(k.clone(), v.clone());
    }
    out.captured = judgement
        .captured
        .iter()
        .map(|(k, v)| (k.clone(), session.masker.mask(v)))
        .collect();

    if let (Some(store), Some(mark)) = (&session.mail, mail_mark) {
        checks.extend(judge_mail(state, step, store, mark).await);
    }
    for c in &mut checks {
        if matches!(c.kind.as_str(), "golden" | "xml") && c.line == 0 {
            c.line = lines.document;
        }
        mask_check(session, c);
    }
    out.verdict = verdict_of(&checks);
    out.checks = checks;
    out.duration_ms = started.elapsed().as_millis() as u64;
    out
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

fn mask_check(session: &Session, c: &mut CheckOutcome) {
    let m = &session.masker;
    for s in [&mut c.expected, &mut c.actual, &mut c.diff, &mut c.hint]
        .into_iter()
        .flatten()
    {
        *s = m.mask(s);
    }
    c.description = m.mask(&c.description);
    for d in &mut c.differences {
        for s in [&mut d.expected, &mut d.actual].into_iter().flatten() {
            *s = m.mask(s);
        }
    }
}

fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n… ({} more bytes not shown)", &s[..end], s.len() - end)
}

fn build_request(state: &ScenarioState, step: &Step) -> Result<String, String> {
    if let Some(raw) = &step.raw {
        return state.render(raw, Escape::Xml);
    }
    let call = step
        .call
        .as_deref()
        .ok_or("step has neither `call` nor `raw`")?;
    let api = state
        .session
        .apis
        .get(call)
        .ok_or_else(|| format!("`{call}` is not in the API catalogue"))?;
    let who = step.actor.as_deref().ok_or("step has no `as`")?;
    let security = security_for(state, who, step)?;
    let body = match &step.body {
        Some(b) => state.render(b, Escape::Xml)?,
        None => String::new(),
    };
    Ok(envelope::request(&security, &api.request_type, &body))
}

impl ScenarioState<'_> {
    fn scenario_root(&self) -> std::path::PathBuf {
        self.session.suite_root.clone()
    }
}

/// CreateUser for one actor, as the admin of its site.
fn provision_body(session: &Session, actor: &Actor, extra: Option<&str>) -> String {
    let tz = session.profile.actor_time_zone_id.unwrap_or(4);
    let host = actor.role == ActorRole::Host;
    let extra = extra.unwrap_or("");
    // An actor's `create` that carries its own privilege block replaces the default one.
    let privilege = if extra.contains("<privilege") {
        String::new()
    } else {
        format!("<privilege><host>{host}</host></privilege>")
    };
    format!(
        "<firstName>{}</firstName><lastName>{}</lastName><webExId>{}</webExId><email>{}</email><password>{}</password>{privilege}{extra}<active>ACTIVATED</active><timeZoneID>{tz}</timeZoneID>",
        actor.first, actor.last, actor.web_ex_id, actor.email, crate::scenario::template::xml_escape(&actor.password)
    )
}

async fn remove_step(session: &Session, actor: &Actor, index: usize) -> StepOutcome {
    let body = format!("<webExId>{}</webExId>", actor.web_ex_id);
    admin_call(
        session,
        actor,
        "DelUser",
        &body,
        index,
        Phase::Cleanup,
        format!("remove actor `{}`", actor.name),
    )
    .await
}

async fn admin_call(
    session: &Session,
    actor: &Actor,
    api: &str,
    body: &str,
    index: usize,
    phase: Phase,
    name: String,
) -> StepOutcome {
    let started = Instant::now();
    let mut out = StepOutcome {
        index,
        phase,
        name,
        line: 0,
        actor: format!("admin@{}", actor.site_role),
        call: api.to_string(),
        verdict: Verdict::Pass,
        reason: None,
        duration_ms: 0,
        request: None,
        http_status: None,
        response: None,
        checks: Vec::new(),
        captured: Vec::new(),
    };
    let (Some(admin), Some(entry)) = (session.admin_of(&actor.site_role), session.apis.get(api))
    else {
        out.verdict = Verdict::Error;
        out.reason = Some(format!(
            "no admin for site role `{}` or no `{api}` in the catalogue",
            actor.site_role
        ));
        return out;
    };
    let security = vec![
        ("webExID".to_string(), admin.web_ex_id.clone()),
        ("password".to_string(), admin.password.clone()),
        ("siteName".to_string(), admin.site_name.clone()),
    ];
    let request = envelope::request(&security, &entry.request_type, body);
    session.masker.register_from_xml(&request);
    out.request = Some(session.masker.mask(&request));
    match session
        .client
        .post(&session.url, request, "setup", &out.name)
        .await
    {
        Ok(answer) => {
            out.http_status = Some(answer.status);
            let text = String::from_utf8_lossy(&answer.body).to_string();
            out.response = Some(session.masker.mask(&cut(&text, 64 * 1024)));
            let expect = crate::scenario::model::Expect::default();
            let render = |t: &str| Ok(t.to_string());
            let var = |_: &str| None;
            let j = Judging {
                expect: &expect,
                api: Some(entry),
                render: &render,
                var: &var,
                golden_text: None,
                known_vars: &[],
                scenario_id: "",
                lines: &StepLines::default(),
                limits: &session.limits,
            };
            out.checks = judge::judge(&answer, &j, &[]).checks;
            for c in &mut out.checks {
                mask_check(session, c);
            }
            out.verdict = verdict_of(&out.checks);
        }
        Err(e) => {
            out.verdict = Verdict::Unreachable;
            out.reason = Some(e.to_string());
        }
    }
    out.duration_ms = started.elapsed().as_millis() as u64;
    out
}

/// Judges a step's mail expectations: expected messages must arrive (waited for up to
/// the mail timeout, woken by arrival), then `no_mail` recipients are checked after a
/// settle window.
async fn judge_mail(
    state: &ScenarioState<'_>,
    step: &Step,
    store: &Arc<crate::mail::MailStore>,
    mark: u64,
) -> Vec<CheckOutcome> {
    let e = &step.expect;
    let session = state.session;
    let mut out = Vec::new();
    if e.mail.is_empty() && e.no_mail.is_empty() {
        return out;
    }
    let level = e.level.unwrap_or_default();
    let mut all_arrived = true;
    for m in &e.mail {
        let Some(actor) = state.actors.get(&m.to) else {
            continue;
        };
        let want_kind: MailKind = m.kind.parse().unwrap_or(MailKind::Unknown);
        let occurrence = m
            .occurrence
            .as_ref()
            .map(|o| state.render(o, Escape::None).unwrap_or_else(|x| x));
        let subject_re = m.subject.as_ref().and_then(|s| regex::Regex::new(s).ok());
        let rules = &session.subject_rules;
        let matches = |history: &[Arc<ReceivedMail>]| -> bool {
            history.iter().enumerate().any(|(i, mail)| {
                mail.seq > mark
                    && classify(&history[..i], mail, rules) == want_kind
                    && subject_re
                        .as_ref()
                        .is_none_or(|re| re.is_match(&mail.subject))
                    && occurrence.as_ref().is_none_or(|o| {
                        let prev = history[..i].iter().rev().find(|p| {
                            p.calendar.as_ref().and_then(|c| c.uid.as_ref())
                                == mail.calendar.as_ref().and_then(|c| c.uid.as_ref())
                        });
                        occurrence_millis(mail, prev.map(|p| p.as_ref()))
                            .iter()
                            .any(|ms| ms.to_string() == *o)
                    })
            })
        };
        let history = store
            .wait_for(&actor.email, 0, |h| matches(h), session.mail_timeout)
            .await;
        let ok = matches(&history);
        all_arrived &= ok;
        let kind = want_kind.as_str();
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let mut description = format!("{} receives {article} {kind}", m.to);
        if let Some(o) = &occurrence {
            description.push_str(&format!(" for occurrence {o}"));
        }
        let arrived: Vec<String> = history
            .iter()
            .enumerate()
            .filter(|(_, x)| x.seq > mark)
            .map(|(i, x)| describe_mail(&history[..i], x, rules))
            .collect();
        out.push(
            check(
                "mail",
                description,
                m.level.unwrap_or(level),
                m.clause.clone().or_else(|| e.clause.clone()),
                ok,
            )
            .expected(format!(
                "{}{}",
                want_kind.as_str(),
                occurrence
                    .as_deref()
                    .map(|o| format!(" (occurrence {o})"))
                    .unwrap_or_default()
            ))
            .actual(if arrived.is_empty() {
                format!(
                    "nothing arrived for {} within {:.1}s",
                    m.to,
                    session.mail_timeout.as_secs_f64()
                )
            } else {
                arrived.join("; ")
            }),
        );
    }
    if !e.no_mail.is_empty() {
        // Let stray messages of this step arrive before judging their absence.
        if all_arrived {
            tokio::time::sleep(session.mail_settle).await;
        }
        for r in &e.no_mail {
            let Some(actor) = state.actors.get(r) else {
                continue;
            };
            let history = store.received_for(&actor.email);
            let after: Vec<String> = history
                .iter()
                .enumerate()
                .filter(|(_, x)| x.seq > mark)
                .map(|(i, x)| describe_mail(&history[..i], x, &session.subject_rules))
                .collect();
            out.push(
                check(
                    "no_mail",
                    format!("{r} receives nothing from this step"),
                    level,
                    e.clause.clone(),
                    after.is_empty(),
                )
                .expected("no message")
                .actual(if after.is_empty() {
                    "no message".to_string()
                } else {
                    after.join("; ")
                }),
            );
        }
    }
    out
}

fn describe_mail(
    history: &[Arc<ReceivedMail>],
    m: &ReceivedMail,
    rules: &[crate::mail::SubjectRule],
) -> String {
    let kind = classify(history, m, rules);
    match &m.calendar {
        Some(c) => format!(
            "{} \"{}\" (METHOD {} SEQUENCE {}{})",
            kind.as_str(),
            m.subject,
            c.method.as_deref().unwrap_or("?"),
            c.sequence
                .map(|s| s.to_string())
                .unwrap_or_else(|| "?".into()),
            c.recurrence_id
                .as_deref()
                .map(|r| format!(" RECURRENCE-ID {r}"))
                .unwrap_or_default()
        ),
        None => format!("{} \"{}\" (no calendar part)", kind.as_str(), m.subject),
    }
}

fn mail_records(
    session: &Session,
    store: &Arc<crate::mail::MailStore>,
    state: &ScenarioState,
    mark: u64,
) -> Vec<MailRecord> {
    let mut out = Vec::new();
    for actor in state.actors.values() {
        let history = store.received_for(&actor.email);
        for (i, m) in history.iter().enumerate() {
            if m.seq <= mark {
                continue;
            }
            let kind = classify(&history[..i], m, &session.subject_rules);
            out.push(MailRecord {
                to: actor.name.clone(),
                kind: kind.as_str().to_string(),
                subject: session.masker.mask(&m.subject),
                method: m.calendar.as_ref().and_then(|c| c.method.clone()),
                uid: m.calendar.as_ref().and_then(|c| c.uid.clone()),
                sequence: m.calendar.as_ref().and_then(|c| c.sequence),
                recurrence_id: m.calendar.as_ref().and_then(|c| c.recurrence_id.clone()),
                step: None,
            });
        }
    }
    out
}

/// Provisions one actor: CreateUser as the admin of its site.
pub async fn provision(
    session: &Session,
    actor: &Actor,
    extra: Option<&str>,
    index: usize,
) -> StepOutcome {
    let body = provision_body(session, actor, extra);
    admin_call(
        session,
        actor,
        "CreateUser",
        &body,
        index,
        Phase::Setup,
        format!("provision actor `{}`", actor.name),
    )
    .await
}
