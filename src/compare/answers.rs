//! Two targets' answers to the same step, compared by path: run-specific values (actor
//! ids, captured keys) are first put back as names from each run's own record, so only
//! behaviour differs; times a few seconds apart (each run has its own `now`) agree.

use crate::replay::Normalizer;
use crate::runner::outcome::{DifferenceRecord, StepOutcome};
use crate::xml::{self, CompareOptions, Document, Limits};

/// Timestamps this close are the same instant taken by two runs started apart.
const TIME_TOLERANCE_SECS: i64 = 120;

/// One target's answer, ready to compare.
pub enum Answer {
    /// No answer: why.
    Missing(String),
    /// The answer with run-specific values named; the parsed document when it is XML.
    Text(String, Option<Document>),
}

impl Answer {
    pub fn of(step: Option<&StepOutcome>, norm: &Normalizer) -> Answer {
        let Some(step) = step else {
            return Answer::Missing("the step is not in this target's run".to_string());
        };
        let Some(body) = &step.response else {
            return Answer::Missing(
                step.reason
                    .clone()
                    .unwrap_or_else(|| "no answer recorded".to_string()),
            );
        };
        // A literal `{{…}}` in an answer must not act as a placeholder when that answer
        // is the baseline side of a comparison.
        let text = norm.apply_names(body).replace("{{", "{\u{2060}{");
        let doc = xml::parse(&text, &Limits::default()).ok();
        Answer::Text(text, doc)
    }

    fn describe(&self) -> String {
        match self {
            Answer::Missing(why) => format!("no answer ({why})"),
            Answer::Text(_, None) => "an answer that is not XML".to_string(),
            Answer::Text(_, Some(_)) => "an XML answer".to_string(),
        }
    }
}

/// The differences between two answers; empty when they agree. `Err` carries a note
/// when at least one side cannot be compared by path.
pub fn differences(baseline: &Answer, other: &Answer) -> Result<Vec<DifferenceRecord>, String> {
    match (baseline, other) {
        (Answer::Missing(_), Answer::Missing(_)) => Ok(Vec::new()),
        (Answer::Text(a, _), Answer::Text(b, _)) if a == b => Ok(Vec::new()),
        (Answer::Text(_, Some(a)), Answer::Text(_, Some(b))) => {
            let opts = CompareOptions {
                extra_elements: false,
                unordered: Vec::new(),
            };
            Ok(xml::compare(a, b, &opts, &|_| None)
                .into_iter()
                .filter(|d| !same_instant(d.expected.as_deref(), d.actual.as_deref()))
                .map(|d| DifferenceRecord {
                    kind: d.kind.as_str().to_string(),
                    expected_path: d.expected_path,
                    actual_path: d.actual_path,
                    expected: d.expected,
                    actual: d.actual,
                })
                .collect())
        }
        (a, b) => Err(format!(
            "the baseline gave {}, the other {}",
            a.describe(),
            b.describe()
        )),
    }
}

/// Two API dates (`MM/dd/yyyy HH:mm:ss`) or millisecond epochs within the tolerance.
fn same_instant(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let (a, b) = (a.trim(), b.trim());
    let date = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%m/%d/%Y %H:%M:%S").ok();
    if let (Some(x), Some(y)) = (date(a), date(b)) {
        return (x - y).num_seconds().abs() <= TIME_TOLERANCE_SECS;
    }
    let epoch = |s: &str| {
        (s.len() >= 12 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    if let (Some(x), Some(y)) = (epoch(a), epoch(b)) {
        return (x - y).abs() <= TIME_TOLERANCE_SECS * 1000;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Answer {
        Answer::Text(s.to_string(), xml::parse(s, &Limits::default()).ok())
    }

    #[test]
    fn differences_have_paths_and_close_times_agree() {
        let a = text("<m><d>05/01/2026 10:00:00</d><k>1777000000000</k><v>true</v></m>");
        let b = text("<m><d>05/01/2026 10:00:31</d><k>1777000030000</k><v>false</v></m>");
        let d = differences(&a, &b).unwrap();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].expected_path, "/m/v");
        assert_eq!(d[0].expected.as_deref(), Some("true"));
        assert!(differences(&a, &a).unwrap().is_empty());
    }

    #[test]
    fn a_missing_answer_is_a_note_and_placeholders_in_answers_are_literal() {
        let missing = Answer::Missing("skipped".into());
        assert!(differences(&missing, &text("<m/>"))
            .unwrap_err()
            .contains("no answer (skipped)"));
        assert!(differences(&missing, &Answer::Missing("x".into()))
            .unwrap()
            .is_empty());
        let n = Normalizer::default();
        let step = |body: &str| StepOutcome {
            index: 1,
            phase: crate::runner::outcome::Phase::Steps,
            name: "s".into(),
            line: 1,
            actor: "a".into(),
            call: "c".into(),
            verdict: crate::runner::outcome::Verdict::Pass,
            reason: None,
            duration_ms: 0,
            request: None,
            http_status: Some(200),
            response: Some(body.into()),
            checks: Vec::new(),
            captured: Vec::new(),
        };
        let any = Answer::of(Some(&step("<m>{{any}}</m>")), &n);
        let other = Answer::of(Some(&step("<m>something</m>")), &n);
        assert_eq!(differences(&any, &other).unwrap().len(), 1);
    }
}
