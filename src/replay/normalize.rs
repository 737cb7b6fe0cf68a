//! Run-specific values back to their names: an actor's generated webExId becomes
//! `${host.id}`, a captured meeting key `${meeting}`, a timestamp `{{date}}`. Two runs
//! of the same scenario then read the same wherever they behaved the same, which is
//! what gating keys and cross-target comparisons need.

use std::sync::LazyLock;

use regex::Regex;

use crate::runner::outcome::ScenarioOutcome;

/// Values shorter than this are left alone: replacing `1` or `true` everywhere would
/// shred the text, and such values are not run-specific anyway.
const MIN_LEN: usize = 4;

/// The substitutions for one scenario's record, longest value first.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    pairs: Vec<(String, String)>,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(:\d{2})?\b").expect("a valid pattern")
});
static EPOCH_MS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b1\d{12}\b").expect("a valid pattern"));

impl Normalizer {
    /// From what a scenario's record says: its replay context and every captured value.
    pub fn for_scenario(s: &ScenarioOutcome) -> Normalizer {
        let mut pairs = Vec::new();
        if let Some(r) = &s.replay {
            for a in &r.actors {
                pairs.push((a.web_ex_id.clone(), format!("${{{}.id}}", a.name)));
                pairs.push((a.email.clone(), format!("${{{}.email}}", a.name)));
                pairs.push((
                    format!("{} {}", a.first, a.last),
                    format!("${{{}.name}}", a.name),
                ));
                pairs.push((a.last.clone(), format!("${{{}.last}}", a.name)));
            }
            pairs.push((r.scenario_uid.clone(), "${scenario.id}".to_string()));
            pairs.push((r.run_id.clone(), "${run.id}".to_string()));
        }
        for step in &s.steps {
            for (name, value) in &step.captured {
                pairs.push((value.clone(), format!("${{{name}}}")));
            }
        }
        pairs.retain(|(v, _)| v.trim().len() >= MIN_LEN);
        // Longest first, so a value containing another is replaced whole; the first
        // name given for a value wins.
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
        let mut seen = std::collections::HashSet::new();
        pairs.retain(|(v, _)| seen.insert(v.clone()));
        Normalizer { pairs }
    }

    /// `text` with run-specific values replaced by their names, timestamps by
    /// `{{date}}` and millisecond epochs by `{{epoch_ms}}`.
    pub fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (value, name) in &self.pairs {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), name);
            }
        }
        let out = DATE.replace_all(&out, "{{date}}");
        EPOCH_MS.replace_all(&out, "{{epoch_ms}}").into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{Replay, ReplayActor, Verdict};

    #[test]
    fn actors_captures_and_times_become_names() {
        let mut s = ScenarioOutcome {
            id: "a/b".into(),
            title: String::new(),
            file: String::new(),
            line: 1,
            covers: Vec::new(),
            verdict: Verdict::Pass,
            reason: None,
            duration_ms: 0,
            steps: Vec::new(),
            mails: Vec::new(),
            replay: Some(Replay {
                now: "2026-01-01T00:00:00Z".into(),
                scenario_uid: "ab12c3".into(),
                run_id: "20260101-000000-0001".into(),
                actors: vec![ReplayActor {
                    name: "host".into(),
                    web_ex_id: "hostab12c3".into(),
                    email: "hostab12c3@wbxconf.test".into(),
                    first: "host".into(),
                    last: "Wbxconf ab12c3".into(),
                    site: "cmr".into(),
                    site_id: None,
                }],
            }),
        };
        s.steps.push(crate::runner::outcome::StepOutcome {
            index: 1,
            phase: crate::runner::outcome::Phase::Steps,
            name: "x".into(),
            line: 1,
            actor: "host".into(),
            call: "CreateMeeting".into(),
            verdict: Verdict::Pass,
            reason: None,
            duration_ms: 0,
            request: None,
            http_status: None,
            response: None,
            checks: Vec::new(),
            captured: vec![
                ("meeting".into(), "123456789".into()),
                ("n".into(), "1".into()),
            ],
        });
        let n = Normalizer::for_scenario(&s);
        assert_eq!(
            n.apply("//session[meetingKey='123456789' and host='hostab12c3'] at 03/04/2026 10:00:00 (1772618400000) x1"),
            "//session[meetingKey='${meeting}' and host='${host.id}'] at {{date}} ({{epoch_ms}}) x1"
        );
        assert_eq!(n.apply("hostab12c3@wbxconf.test"), "${host.email}");
    }
}
