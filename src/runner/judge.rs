//! Judging one answer against a step's expectations: pure, no I/O.
//!
//! Every expectation of the step is judged and reported (never only the first
//! failure); mail expectations are judged by the executor, which owns the clock.

use crate::api::response::{self, Envelope};
use crate::api::ApiEntry;
use crate::client::HttpAnswer;
use crate::runner::outcome::{CheckOutcome, DifferenceRecord, Level};
use crate::scenario::model::{Check, Expect, ResultKind};
use crate::xml::{self, CompareOptions, Document, DocumentIndex, Limits, Unordered, Value, XPath};

/// Everything a step's answer is judged with.
pub struct Judging<'a> {
    pub expect: &'a Expect,
    /// The catalogue entry of the API called (None for `raw` steps).
    pub api: Option<&'a ApiEntry>,
    /// Renders a template from the scenario file (`${…}`), without escaping.
    pub render: &'a dyn Fn(&str) -> Result<String, String>,
    /// Looks up a variable for `{{var NAME}}` placeholders.
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// Every variable known to the scenario, for rendering the actual document with the
    /// expected document's placeholders kept where they match (so diffs show only real
    /// differences).
    pub known_vars: &'a [(String, String)],
    /// The expected document of a `golden` expectation, already read from disk.
    pub golden_text: Option<Result<String, String>>,
    /// The scenario id, for the `bless` hint.
    pub scenario_id: &'a str,
    /// Where the step's checks and expected document are written (for pointing at them).
    pub lines: &'a crate::scenario::load::StepLines,
    pub limits: &'a Limits,
}

/// What judging found.
#[derive(Debug, Default)]
pub struct Judgement {
    pub checks: Vec<CheckOutcome>,
    pub captured: Vec<(String, String)>,
    /// The answer could not be read at all (not XML, not an envelope): later steps that
    /// depend on it are meaningless.
    pub unreadable: bool,
}

impl Judgement {
    fn push(&mut self, c: CheckOutcome) {
        self.checks.push(c);
    }
}

pub fn check(
    kind: &str,
    description: impl Into<String>,
    level: Level,
    clause: Option<String>,
    passed: bool,
) -> CheckOutcome {
    CheckOutcome {
        kind: kind.to_string(),
        description: description.into(),
        level,
        clause,
        passed,
        expected: None,
        actual: None,
        differences: Vec::new(),
        diff: None,
        hint: None,
        line: 0,
    }
}

impl CheckOutcome {
    pub fn expected(mut self, v: impl Into<String>) -> Self {
        self.expected = Some(v.into());
        self
    }
    pub fn actual(mut self, v: impl Into<String>) -> Self {
        self.actual = Some(v.into());
        self
    }
    pub fn hint(mut self, v: impl Into<String>) -> Self {
        self.hint = Some(v.into());
        self
    }
}

/// Judges `answer` against the step's expectations and evaluates its captures.
pub fn judge(answer: &HttpAnswer, j: &Judging, captures: &[(String, String)]) -> Judgement {
    let mut out = Judgement::default();
    let e = j.expect;
    let level = e.level.unwrap_or_default();
    let clause = e.clause.clone();
    // An answer that is not even a readable API message fails the step's own clause
    // too: the protocol checks below carry it (at `must`, whatever the step's level).

    if answer.status != 200 {
        let mut c = check(
            "http",
            "the answer is HTTP 200 (the API reports errors inside the XML)",
            Level::Must,
            clause.clone(),
            false,
        )
        .expected("200")
        .actual(answer.status.to_string());
        if (300..400).contains(&answer.status) {
            c = c.hint(format!(
                "redirect to {} — not followed (credentials are never sent on to another place); point the target at the final URL",
                answer.location.as_deref().unwrap_or("(no Location)")
            ));
        }
        out.push(c);
    }

    let doc = match xml::parse_bytes(&answer.body, j.limits) {
        Ok(d) => d,
        Err(err) => {
            let what = describe_body(answer);
            out.push(
                check(
                    "xml",
                    "the answer is a well-formed XML document",
                    Level::Must,
                    clause.clone(),
                    false,
                )
                .expected("an XML API message")
                .actual(format!("{what}: {err}")),
            );
            out.unreadable = true;
            return out;
        }
    };
    let envelope = match response::read(&doc) {
        Ok(env) => env,
        Err(msg) => {
            out.push(
                check(
                    "envelope",
                    "the answer is an XML API `serv:message`",
                    Level::Must,
                    clause.clone(),
                    false,
                )
                .expected("serv:message with header/response and body")
                .actual(msg),
            );
            out.unreadable = true;
            return out;
        }
    };
    judge_envelope(&envelope, j, level, &clause, &mut out);

    if let Some(doc_text) = expected_document(j, &mut out, level, &clause) {
        judge_document(&doc, &doc_text, j, level, &clause, &mut out);
    }
    // Indexed once for every check and capture of the step.
    let index = DocumentIndex::new(&doc);
    for (i, c) in e.checks.iter().enumerate() {
        let mut outcome = judge_check(&index, c, j, level, &clause);
        outcome.line = j.lines.checks.get(i).copied().unwrap_or(0);
        out.push(outcome);
    }
    for (name, xpath) in captures {
        match evaluate(&index, xpath, j) {
            Ok(v) => match first_string(&v) {
                Some(s) => out.captured.push((name.clone(), s)),
                None => out.push(
                    check(
                        "capture",
                        format!("capture `{name}` from {xpath}"),
                        Level::Must,
                        clause.clone(),
                        false,
                    )
                    .expected("a node to capture")
                    .actual("nothing matches"),
                ),
            },
            Err(m) => out.push(
                check(
                    "capture",
                    format!("capture `{name}` from {xpath}"),
                    Level::Must,
                    clause.clone(),
                    false,
                )
                .actual(m),
            ),
        }
    }
    out
}

fn describe_body(answer: &HttpAnswer) -> String {
    let ct = answer.content_type.as_deref().unwrap_or("no Content-Type");
    if answer.body.is_empty() {
        return format!("an empty body ({ct})");
    }
    let head: String = String::from_utf8_lossy(&answer.body[..answer.body.len().min(60)])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "{} bytes of {ct} starting `{}`",
        answer.body.len(),
        head.trim()
    )
}

fn judge_envelope(
    env: &Envelope,
    j: &Judging,
    level: Level,
    clause: &Option<String>,
    out: &mut Judgement,
) {
    let e = j.expect;
    let header = env.header();
    let result = header.result.clone().unwrap_or_default();
    // A step that says nothing about the result expects SUCCESS: a step that passes
    // whatever the endpoint answers would certify nothing.
    let want = match (e.result, &e.exception) {
        (Some(r), _) => r,
        (None, Some(_)) => ResultKind::Failure,
        (None, None) => ResultKind::Success,
    };
    let mut c = check(
        "result",
        format!("result is {}", want.as_str()),
        level,
        clause.clone(),
        result == want.as_str(),
    )
    .expected(want.as_str())
    .actual(result.clone());
    if result == "FAILURE" && want == ResultKind::Success {
        c = c.actual(format!(
            "FAILURE {} {}",
            header.exception_id.as_deref().unwrap_or("(no exceptionID)"),
            header.reason.as_deref().unwrap_or("")
        ));
    }
    out.push(c);
    if let Some(x) = &e.exception {
        let want = (j.render)(x).unwrap_or_else(|m| m);
        let got = header.exception_id.clone().unwrap_or_default();
        out.push(
            check(
                "exception",
                format!("exceptionID is {want}"),
                level,
                clause.clone(),
                got == want,
            )
            .expected(want)
            .actual(if got.is_empty() {
                "(none)".to_string()
            } else {
                format!("{got} {}", header.reason.as_deref().unwrap_or(""))
            }),
        );
    }
    if result == "SUCCESS" && want == ResultKind::Success {
        if let Some(expected) = j.api.and_then(|a| a.response.as_deref()) {
            if let Some(c) = judge_body_type(env, expected, clause) {
                out.push(c);
            }
        }
    }
}

/// The bodyContent's `xsi:type` names the catalogue's response type, by namespace URI.
fn judge_body_type(
    env: &Envelope,
    expected: &str,
    clause: &Option<String>,
) -> Option<CheckOutcome> {
    let (prefix, local) = expected.split_once(':')?;
    let uri = xml::names::uri_for(prefix)?;
    let description = format!("bodyContent xsi:type is {expected} ({uri})");
    let c = match env.body_type() {
        Some((Some(ns), l)) => {
            let ok = ns == uri && l == local;
            check("type", description, Level::Must, clause.clone(), ok)
                .expected(format!("{{{uri}}}{local}"))
                .actual(format!("{{{ns}}}{l}"))
        }
        Some((None, raw)) => check("type", description, Level::Must, clause.clone(), false)
            .expected(format!("{{{uri}}}{local}"))
            .actual(format!("`{raw}` (its prefix is not declared)")),
        None => check("type", description, Level::Must, clause.clone(), false)
            .expected(format!("{{{uri}}}{local}"))
            .actual("no bodyContent with an xsi:type"),
    };
    Some(c)
}

fn expected_document(
    j: &Judging,
    out: &mut Judgement,
    level: Level,
    clause: &Option<String>,
) -> Option<String> {
    let e = j.expect;
    if let Some(inline) = &e.xml {
        return match (j.render)(inline) {
            Ok(t) => Some(t),
            Err(m) => {
                out.push(
                    check(
                        "xml",
                        "inline expected document",
                        level,
                        clause.clone(),
                        false,
                    )
                    .actual(m),
                );
                None
            }
        };
    }
    let name = e.golden.as_deref()?;
    match &j.golden_text {
        Some(Ok(t)) => Some(t.clone()),
        Some(Err(m)) => {
            out.push(
                check(
                    "golden",
                    format!("matches golden/{name}"),
                    level,
                    clause.clone(),
                    false,
                )
                .actual(m.clone())
                .hint(format!("wbxconf bless {}", j.scenario_id)),
            );
            None
        }
        None => None,
    }
}

fn judge_document(
    actual: &Document,
    expected_text: &str,
    j: &Judging,
    level: Level,
    clause: &Option<String>,
    out: &mut Judgement,
) {
    let e = j.expect;
    let (kind, description) = match &e.golden {
        Some(g) => ("golden", format!("the answer matches golden/{g}")),
        None => (
            "xml",
            "the answer matches the inline expected document".to_string(),
        ),
    };
    let expected = match xml::parse(expected_text, j.limits) {
        Ok(d) => d,
        Err(err) => {
            out.push(
                check(kind, description, level, clause.clone(), false)
                    .actual(format!("the expected document is not XML: {err}")),
            );
            return;
        }
    };
    let opts = CompareOptions {
        extra_elements: e.compare.extra_elements.unwrap_or(true),
        unordered: e
            .compare
            .unordered
            .iter()
            .map(|u| Unordered {
                element: u.element.clone(),
                key: u.key.clone(),
            })
            .collect(),
    };
    let diffs = xml::compare(&expected, actual, &opts, j.var);
    let mut c = check(kind, description, level, clause.clone(), diffs.is_empty());
    if !diffs.is_empty() {
        c.differences = diffs
            .iter()
            .map(|d| DifferenceRecord {
                kind: d.kind.as_str().to_string(),
                expected_path: d.expected_path.clone(),
                actual_path: d.actual_path.clone(),
                expected: d.expected.clone(),
                actual: d.actual.clone(),
            })
            .collect();
        let mut diff = String::new();
        let _ = xml::write_unified_diff(
            &mut diff,
            &xml::canonical_pretty(&expected),
            &xml::write_golden(actual, Some(&expected), j.known_vars),
            xml::Style { color: false },
        );
        c.diff = Some(diff);
        if e.golden.is_some() {
            c.hint = Some(format!(
                "if the new answer is right: wbxconf bless {} (writes golden/{}.new), review it, then wbxconf bless --accept",
                j.scenario_id,
                e.golden.as_deref().unwrap_or_default()
            ));
        }
    }
    out.push(c);
}

fn judge_check(
    index: &DocumentIndex<'_>,
    c: &Check,
    j: &Judging,
    level: Level,
    clause: &Option<String>,
) -> CheckOutcome {
    let level = c.level.unwrap_or(level);
    let clause = c.clause.clone().or_else(|| clause.clone());
    let render = |t: &str| (j.render)(t);
    let (kind, expr) = if let Some(p) = &c.path {
        ("path", p)
    } else if let Some(p) = &c.count {
        ("count", p)
    } else if let Some(p) = &c.exists {
        ("exists", p)
    } else if let Some(p) = &c.absent {
        ("absent", p)
    } else {
        return check("check", "malformed check", level, clause, false);
    };
    let xpath = match render(expr) {
        Ok(x) => x,
        Err(m) => return check(kind, expr.clone(), level, clause, false).actual(m),
    };
    let value = match evaluate(index, &xpath, j) {
        Ok(v) => v,
        Err(m) => return check(kind, xpath, level, clause, false).actual(m),
    };
    let nodes = node_strings(&value);
    let mut out = match kind {
        "path" => {
            if let Some(want) = &c.equals {
                let want = render(want).unwrap_or_else(|m| m);
                let ok = !nodes.is_empty() && nodes.iter().all(|n| n == &want);
                check(
                    kind,
                    format!("{xpath} equals \"{want}\""),
                    level,
                    clause,
                    ok,
                )
                .expected(want)
                .actual(show_nodes(&nodes))
            } else {
                let pattern = c
                    .matches
                    .as_deref()
                    .map(render)
                    .transpose()
                    .unwrap_or_else(Some)
                    .unwrap_or_default();
                match regex::Regex::new(&format!("^(?:{pattern})$")) {
                    Ok(re) => {
                        let ok = !nodes.is_empty() && nodes.iter().all(|n| re.is_match(n));
                        check(
                            kind,
                            format!("{xpath} matches /{pattern}/"),
                            level,
                            clause,
                            ok,
                        )
                        .expected(format!("/{pattern}/"))
                        .actual(show_nodes(&nodes))
                    }
                    Err(e) => check(
                        kind,
                        format!("{xpath} matches /{pattern}/"),
                        level,
                        clause,
                        false,
                    )
                    .actual(format!("bad regular expression: {e}")),
                }
            }
        }
        "count" => {
            let want = c
                .equals
                .as_deref()
                .map(render)
                .transpose()
                .unwrap_or_else(Some)
                .unwrap_or_default();
            let n = count(&value);
            check(
                kind,
                format!("count({xpath}) = {want}"),
                level,
                clause,
                n.to_string() == want.trim(),
            )
            .expected(want)
            .actual(n.to_string())
        }
        "exists" => {
            let n = count(&value);
            check(kind, format!("{xpath} exists"), level, clause, n > 0)
                .expected("at least one node")
                .actual(format!("{n} nodes"))
        }
        _ => {
            let n = count(&value);
            check(kind, format!("{xpath} is absent"), level, clause, n == 0)
                .expected("no node")
                .actual(show_nodes(&nodes))
        }
    };
    if !out.passed {
        if let Some(note) = &c.note {
            out.hint = Some(note.clone());
        }
    }
    out
}

fn evaluate<'d>(index: &DocumentIndex<'d>, xpath: &str, j: &Judging) -> Result<Value<'d>, String> {
    let compiled =
        XPath::compile(xpath).map_err(|e| format!("`{xpath}` is not a valid XPath: {e}"))?;
    compiled
        .evaluate_indexed(index, j.var)
        .map_err(|e| format!("`{xpath}`: {e}"))
}

fn node_strings(v: &Value) -> Vec<String> {
    match v {
        Value::Nodes(nodes) => nodes
            .iter()
            .map(|n| n.string_value().trim().to_string())
            .collect(),
        other => vec![other.string_value()],
    }
}

fn count(v: &Value) -> usize {
    match v {
        Value::Nodes(nodes) => nodes.len(),
        Value::Boolean(false) => 0,
        _ => 1,
    }
}

fn first_string(v: &Value) -> Option<String> {
    match v {
        Value::Nodes(nodes) => nodes.first().map(|n| n.string_value().trim().to_string()),
        other => Some(other.string_value()),
    }
}

fn show_nodes(nodes: &[String]) -> String {
    match nodes.len() {
        0 => "no node matches".to_string(),
        1 => format!("\"{}\"", nodes[0]),
        n if n <= 8 => format!(
            "{n} nodes: {}",
            nodes
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        n => format!(
            "{n} nodes: {}, …",
            nodes
                .iter()
                .take(8)
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
