//! Loading a suite from disk: the clause catalogue, the API catalogue, every scenario,
//! and every check that can be made without a target. All problems are collected, so
//! one `wbxconf check` shows every broken file at once.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::clauses::Catalogue;
use super::error::Diagnostic;
use super::model::{ActorRole, Check, ScenarioFile, Step};
use super::template::{Expr, Template};
use super::yaml;
use crate::api::ApiCatalogue;
use crate::xml::XPath;

pub use super::files::{APIS_FILE, CLAUSES_FILE};

/// A loaded, validated suite.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The folder holding `cases/` and `golden/`.
    pub root: PathBuf,
    pub catalogue: Catalogue,
    pub apis: ApiCatalogue,
    pub scenarios: Vec<Scenario>,
    /// Golden files, relative to `golden/`.
    pub golden_files: Vec<String>,
    /// SHA-256 over the clause catalogue, the API catalogue, every case and every golden file.
    pub digest: String,
}

/// One scenario and where it came from.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub spec: ScenarioFile,
    /// Relative to the suite root (`cases/recurring/list.yaml`).
    pub file: PathBuf,
    /// Line of `id:`.
    pub line: u32,
    /// Where each step of `steps`, then of `finally`, is written.
    pub step_lines: Vec<StepLines>,
    pub finally_lines: Vec<StepLines>,
    /// Environment variables its templates read (`${env:NAME}`), so a run can refuse
    /// to start without them instead of failing half-way.
    pub env: Vec<String>,
}

/// Where a step and its expectations are written, so a failure points at the check
/// that failed rather than at the top of its step (0 = unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepLines {
    pub step: u32,
    /// Each item of `expect.checks`, in order.
    pub checks: Vec<u32>,
    /// The `golden:` or `xml:` key.
    pub document: u32,
}

impl Scenario {
    /// Golden files this scenario's steps name.
    pub fn golden_files(&self) -> impl Iterator<Item = &str> {
        self.spec
            .steps
            .iter()
            .chain(&self.spec.finally)
            .filter_map(|s| s.expect.golden.as_deref())
    }
}

impl Suite {
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.spec.id == id)
    }
}

/// Loads and validates the suite under `root`.
pub fn load(root: &Path) -> Result<Suite, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let catalogue = read_yaml::<Catalogue>(root, CLAUSES_FILE, &mut problems);
    let apis = read_yaml::<ApiCatalogue>(root, APIS_FILE, &mut problems);
    if let Some(c) = &catalogue {
        for p in c.problems() {
            problems.push(Diagnostic::new(Path::new(CLAUSES_FILE), 0, 0, p));
        }
    }

    let files = super::files::suite_files(root);
    let case_files: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.starts_with("cases"))
        .skip(2)
        .collect();

    let mut scenarios = Vec::new();
    for rel in case_files {
        let rel = rel.clone();
        let text = match std::fs::read(root.join(&rel)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(not_utf8(&rel, e.as_bytes(), e.utf8_error().valid_up_to()));
                    continue;
                }
            },
            Err(e) => {
                problems.push(Diagnostic::new(&rel, 0, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        match read_scenario(&rel, &text) {
            Ok(mut scenario) => {
                if let (Some(c), Some(a)) = (&catalogue, &apis) {
                    problems.extend(check_scenario(&scenario, &text, c, a, root));
                    levels_from_clauses(&mut scenario, c);
                }
                scenarios.push(scenario);
            }
            Err(d) => problems.push(d),
        }
    }
    let golden_files: Vec<String> = files
        .iter()
        .filter_map(|p| p.strip_prefix("golden").ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();

    let mut seen = HashMap::new();
    for s in &scenarios {
        if let Some(first) = seen.insert(s.spec.id.clone(), s.file.clone()) {
            problems.push(Diagnostic::new(
                &s.file,
                s.line,
                1,
                format!(
                    "scenario id `{}` is also used by {}",
                    s.spec.id,
                    first.display()
                ),
            ));
        }
    }

    if !problems.is_empty() {
        // A golden file shared by several steps would repeat its problems once per step.
        let mut shown = std::collections::HashSet::new();
        problems.retain(|p| shown.insert(p.to_string()));
        return Err(problems);
    }
    scenarios.sort_by(|a, b| a.spec.id.cmp(&b.spec.id));
    Ok(Suite {
        root: root.to_path_buf(),
        catalogue: catalogue.expect("no problems means the catalogue loaded"),
        apis: apis.expect("no problems means the API catalogue loaded"),
        scenarios,
        golden_files,
        digest: super::files::digest(root, &files),
    })
}

/// Reads one scenario file's text (`rel` is its path relative to the suite root, used
/// in diagnostics); [`check_scenario`] then validates it against the catalogues.
pub fn read_scenario(rel: &Path, text: &str) -> Result<Scenario, Diagnostic> {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Err(Diagnostic::new(
            rel,
            1,
            1,
            "the file holds no scenario: it needs at least `id`, `title` and `steps`",
        ));
    }
    let spec = yaml::from_str::<ScenarioFile>(rel, text).map_err(|d| d.with_source(text))?;
    Ok(Scenario {
        line: key_line(text, "id").unwrap_or(1),
        step_lines: step_lines(text, "steps"),
        finally_lines: step_lines(text, "finally"),
        env: env_names(text),
        spec,
        file: rel.to_path_buf(),
    })
}

/// A file that is not UTF-8, pointed at its first bad byte.
fn not_utf8(rel: &Path, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
    let line = valid.matches('\n').count() as u32 + 1;
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let column = valid[line_start..].chars().count() as u32 + 1;
    let bad = bytes.get(valid_up_to).copied().unwrap_or(0);
    let mut d = Diagnostic::new(
        rel,
        line,
        column,
        format!("byte 0x{bad:02X} is not UTF-8: save the file as UTF-8"),
    );
    d.source_line = Some(valid[line_start..].to_string());
    d
}

/// The known name closest to `name`, when it is close enough to be a slip of the keys.
pub(crate) fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`, ignoring case.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// ` (did you mean `x`?)`, or nothing.
fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// Whether a golden file name stays inside `golden/`: relative, no `..`.
fn inside_golden(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && !name.contains('\\')
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// The regex crate's syntax errors draw their own caret over several lines; the
/// diagnostic has one already, so only the last line (what is wrong) is kept.
fn regex_problem(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("error: ").to_string())
        .unwrap_or(text)
}

fn read_yaml<T: serde::de::DeserializeOwned>(
    root: &Path,
    rel: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let path = root.join(rel);
    match std::fs::read_to_string(&path) {
        Ok(text) => match yaml::from_str::<T>(Path::new(rel), &text) {
            Ok(v) => Some(v),
            Err(d) => {
                problems.push(d.with_source(&text));
                None
            }
        },
        Err(e) => {
            problems.push(Diagnostic::new(
                Path::new(rel),
                0,
                0,
                format!("cannot read {}: {e}", path.display()),
            ));
            None
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Line (1-based) of a top-level `key:`.
fn key_line(text: &str, key: &str) -> Option<u32> {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i as u32 + 1)
}

/// A check is never stricter than the clause it serves: one that names no level takes
/// `should` from a SHOULD clause, so its failure is the warning `explain` promises,
/// whatever the step's default. Levels written out are kept.
fn levels_from_clauses(s: &mut Scenario, catalogue: &Catalogue) {
    use crate::scenario::clauses::ClauseLevel;
    use crate::scenario::model::Level;
    let should = |clause: Option<&String>| {
        clause
            .and_then(|c| catalogue.clause(c))
            .is_some_and(|c| c.level == ClauseLevel::Should)
    };
    for step in s.spec.steps.iter_mut().chain(s.spec.finally.iter_mut()) {
        let e = &mut step.expect;
        let step_level = e.level;
        for c in &mut e.checks {
            if c.level.is_none() {
                c.level = Some(if should(c.clause.as_ref().or(e.clause.as_ref())) {
                    Level::Should
                } else {
                    step_level.unwrap_or(Level::Must)
                });
            }
        }
        for m in &mut e.mail {
            if m.level.is_none() {
                m.level = Some(if should(m.clause.as_ref().or(e.clause.as_ref())) {
                    Level::Should
                } else {
                    step_level.unwrap_or(Level::Must)
                });
            }
        }
        if e.level.is_none() && should(e.clause.as_ref()) {
            e.level = Some(Level::Should);
        }
    }
}

/// The names of every `${env:NAME}` in a scenario's text, each once.
fn env_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let code = text.lines().filter(|l| !l.trim_start().starts_with('#'));
    for line in code {
        for (i, _) in line.match_indices("${env:") {
            let rest = &line[i + "${env:".len()..];
            let name = rest.split('}').next().unwrap_or_default().trim();
            if !name.is_empty() && !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// `(scenario id, variable)` for every environment variable a selected scenario reads
/// that is not set.
pub fn unset_env(suite: &Suite, selected: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    suite
        .scenarios
        .iter()
        .filter(|s| selected(&s.spec.id))
        .flat_map(|s| {
            s.env
                .iter()
                .filter(|n| std::env::var_os(n.as_str()).is_none())
                .map(|n| (s.spec.id.clone(), n.clone()))
        })
        .collect()
}

/// Lines (1-based) where the items of the top-level sequence `key:` start.
fn item_lines(text: &str, key: &str) -> Vec<u32> {
    let lines: Vec<&str> = text.lines().collect();
    match key_line(text, key) {
        Some(start) => items_after(&lines, start as usize, 0),
        None => Vec::new(),
    }
}

/// Each step's lines: found textually (the YAML reader keeps no positions), which is
/// exact for the block style the suite is written in; flow-style steps get the step's
/// line only.
fn step_lines(text: &str, key: &str) -> Vec<StepLines> {
    let lines: Vec<&str> = text.lines().collect();
    let starts = item_lines(text, key);
    let ends = starts.iter().skip(1).map(|&n| n as usize - 1);
    let after_last = items_end(&lines, starts.last().copied());
    starts
        .iter()
        .zip(ends.chain(std::iter::once(after_last)))
        .map(|(&start, end)| {
            let body = &lines[start as usize - 1..end.max(start as usize)];
            let key_at = |key: &str| {
                body.iter().position(|l| {
                    let t = l.trim_start().trim_start_matches("- ");
                    t.strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                })
            };
            let offset = |i: usize| start + i as u32;
            let document = key_at("golden").or_else(|| key_at("xml")).map_or(0, offset);
            let checks = key_at("checks").map_or_else(Vec::new, |i| {
                let indent = body[i].len() - body[i].trim_start().len();
                items_after(body, i + 1, indent)
                    .into_iter()
                    .map(|n| start - 1 + n)
                    .collect()
            });
            StepLines {
                step: start,
                checks,
                document,
            }
        })
        .collect()
}

/// The line after the last line of the top-level sequence whose last item starts at
/// `last` (1-based), as a 0-based exclusive end.
fn items_end(lines: &[&str], last: Option<u32>) -> usize {
    let Some(last) = last else { return 0 };
    lines
        .iter()
        .enumerate()
        .skip(last as usize)
        .find(|(_, l)| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && l.len() == t.len() && !t.starts_with('-')
        })
        .map_or(lines.len(), |(i, _)| i)
}

/// 1-based lines of the items of the sequence starting after line `from` (1-based),
/// whose key sits at `key_indent`: items may sit at that indent or deeper.
fn items_after(lines: &[&str], from: usize, key_indent: usize) -> Vec<u32> {
    let mut out = Vec::new();
    let mut item_indent = None;
    for (i, line) in lines.iter().enumerate().skip(from) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent < key_indent || (indent == key_indent && !trimmed.starts_with('-')) {
            break;
        }
        let is_item = trimmed == "-" || trimmed.starts_with("- ");
        match item_indent {
            None if is_item => {
                item_indent = Some(indent);
                out.push(i as u32 + 1);
            }
            Some(ind) if is_item && indent == ind => out.push(i as u32 + 1),
            Some(ind) if indent < ind => break,
            _ => {}
        }
    }
    out
}

/// Names every template may use besides captures: actor and account fields, sites, the run.
const ROOT_NAMES: [&str; 3] = ["site", "run", "scenario"];
pub const ACTOR_FIELDS: [&str; 8] = [
    "id", "email", "name", "first", "last", "password", "site", "site_id",
];
pub const ACCOUNT_FIELDS: [&str; 6] = ["id", "password", "site", "site_id", "partner_id", "email"];

/// Whether `name` is a profile account: `admin`, `admin@ROLE`, `partner`, `partner@NAME`.
pub fn is_account(name: &str) -> bool {
    let base = name.split('@').next().unwrap_or("");
    matches!(base, "admin" | "partner")
}

/// Checks a parsed scenario against the catalogues and itself (`text` is its file's
/// text, to place each problem; `root` holds the golden files it names).
pub fn check_scenario(
    s: &Scenario,
    text: &str,
    catalogue: &Catalogue,
    apis: &ApiCatalogue,
    root: &Path,
) -> Vec<Diagnostic> {
    let file = s.file.as_path();
    let mut out = Vec::new();
    let spec = &s.spec;
    for c in &spec.covers {
        if catalogue.clause(c).is_none() {
            out.push(Diagnostic::at_text(
                file,
                text,
                1,
                c,
                format!(
                    "`covers` names unknown clause `{c}` (see {CLAUSES_FILE}){}",
                    did_you_mean(closest(c, catalogue.clauses.iter().map(|k| k.id.as_str())))
                ),
            ));
        }
    }
    for (name, actor) in &spec.actors {
        if is_account(name) || ROOT_NAMES.contains(&name.as_str()) {
            out.push(Diagnostic::at_text(
                file,
                text,
                1,
                name,
                format!("actor name `{name}` is reserved"),
            ));
        }
        if actor.role == ActorRole::Guest && actor.create.is_some() {
            out.push(Diagnostic::at_text(
                file,
                text,
                1,
                "create",
                format!("actor `{name}` is a guest (no account): `create` does not apply"),
            ));
        }
    }
    let mut captured: BTreeSet<String> = BTreeSet::new();
    let phases = [
        (&spec.steps, &s.step_lines),
        (&spec.finally, &s.finally_lines),
    ];
    for (steps, lines) in phases {
        for (i, step) in steps.iter().enumerate() {
            let line = lines.get(i).map_or(1, |l| l.step);
            out.extend(validate_step(
                s, step, line, text, catalogue, apis, &captured, root,
            ));
            captured.extend(step.capture.keys().cloned());
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn validate_step(
    s: &Scenario,
    step: &Step,
    line: u32,
    text: &str,
    catalogue: &Catalogue,
    apis: &ApiCatalogue,
    captured: &BTreeSet<String>,
    root: &Path,
) -> Vec<Diagnostic> {
    let file = s.file.as_path();
    let mut out = Vec::new();
    let mut err =
        |needle: &str, msg: String| out.push(Diagnostic::at_text(file, text, line, needle, msg));
    let actors = &s.spec.actors;

    match (&step.call, &step.raw) {
        (Some(_), Some(_)) => err(
            "raw",
            format!(
                "step `{}` has both `call` and `raw`: a raw document is sent as is",
                step.name
            ),
        ),
        (None, None) => err(
            "name",
            format!(
                "step `{}` needs `call` (an API) or `raw` (a whole document)",
                step.name
            ),
        ),
        (Some(call), None) if apis.get(call).is_none() => err(
            call,
            format!(
                "`call: {call}` is not in the API catalogue ({APIS_FILE}){}",
                did_you_mean(closest(call, apis.apis.keys().map(String::as_str)))
            ),
        ),
        _ => {}
    }
    if step.raw.is_some() && step.body.is_some() {
        err(
            "body",
            format!("step `{}` has `raw`: `body` would be ignored", step.name),
        );
    }
    match &step.actor {
        Some(a) if !actors.contains_key(a) && !is_account(a) => err(
            &format!("as: {a}"),
            format!(
                "`as: {a}` is neither an actor of this scenario nor a profile account (admin, admin@SITE, partner, partner@NAME){}",
                did_you_mean(closest(
                    a,
                    actors.keys().map(String::as_str).chain(["admin", "partner"])
                ))
            ),
        ),
        Some(a) if actors.get(a).is_some_and(|x| x.role == ActorRole::Guest) => {
            err(&format!("as: {a}"), format!("`as: {a}`: a guest has no account to send requests with"))
        }
        None if step.call.is_some() => err("name", format!("step `{}` needs `as` (who sends it)", step.name)),
        _ => {}
    }
    if let Some(w) = &step.wait {
        if parse_duration(w).is_none() {
            err(
                w,
                format!("`wait: {w}` is not a duration (use 500ms, 3s, 1m)"),
            );
        }
    }

    // Every template in the step: parse it and check the names it uses.
    let mut templates: Vec<(&str, &str)> = Vec::new();
    if let Some(b) = &step.body {
        templates.push(("body", b));
    }
    if let Some(r) = &step.raw {
        templates.push(("raw", r));
    }
    for v in step.security.values() {
        templates.push(("security", v));
    }
    let e = &step.expect;
    if let Some(x) = &e.exception {
        templates.push(("exception", x));
    }
    if let Some(x) = &e.xml {
        templates.push(("xml", x));
    }
    for c in &e.checks {
        for t in [
            &c.path, &c.count, &c.exists, &c.absent, &c.equals, &c.matches,
        ]
        .into_iter()
        .flatten()
        {
            templates.push(("check", t));
        }
    }
    for m in &e.mail {
        if let Some(o) = &m.occurrence {
            templates.push(("occurrence", o));
        }
    }
    for (name, t) in &templates {
        match Template::parse(t) {
            Ok(tpl) => {
                for expr in tpl.exprs() {
                    if let Expr::Var(path) = expr {
                        if let Some(problem) = unknown_name(path, actors, captured) {
                            let shown = format!("${{{}", path.join("."));
                            err(&shown, problem);
                        }
                    }
                }
            }
            Err(m) => err(failing_expression(t), format!("in `{name}`: {m}")),
        }
    }
    for (var, xpath) in &step.capture {
        if let Err(m) = compile_xpath(xpath) {
            err(xpath, format!("`capture.{var}`: {m}"));
        }
        if actors.contains_key(var) || is_account(var) || ROOT_NAMES.contains(&var.as_str()) {
            err(
                var,
                format!("capture name `{var}` hides an actor, account or built-in name"),
            );
        }
    }
    for c in &e.checks {
        if let Some(problem) = check_shape(c) {
            let needle = c
                .path
                .as_deref()
                .or(c.count.as_deref())
                .or(c.exists.as_deref())
                .or(c.absent.as_deref())
                .unwrap_or("checks");
            err(needle, problem);
        }
        for x in [&c.path, &c.count, &c.exists, &c.absent]
            .into_iter()
            .flatten()
        {
            if let Err(m) = compile_xpath(x) {
                err(x, m);
            }
        }
        if let Some(r) = &c.matches {
            if Template::parse(r).is_ok_and(|t| t.is_literal()) {
                if let Err(m) = regex::Regex::new(r) {
                    err(
                        r,
                        format!(
                            "`matches` is not a regular expression: {}",
                            regex_problem(&m)
                        ),
                    );
                }
            }
        }
        if let Some(cl) = &c.clause {
            if catalogue.clause(cl).is_none() {
                err(cl, format!("check names unknown clause `{cl}`"));
            }
        }
    }
    if let Some(cl) = &e.clause {
        if catalogue.clause(cl).is_none() {
            err(cl, format!("`expect.clause` names unknown clause `{cl}`"));
        }
    }
    if let Some(x) = &e.xml {
        for (offset, message) in placeholder_problems(x, &s.spec.id, actors, captured) {
            err(
                placeholder_text(&x[offset..]),
                format!("in `xml`: {message}"),
            );
        }
    }
    if e.golden.is_some() && e.xml.is_some() {
        err(
            "golden",
            "a step expects either a `golden` file or inline `xml`, not both".to_string(),
        );
    }
    if let Some(g) = e.golden.as_ref().filter(|g| !inside_golden(g)) {
        err(
            g,
            format!("`golden: {g}` must name a file inside golden/: a relative path without `..`"),
        );
    }
    if let Some(g) = e.golden.as_ref().filter(|g| inside_golden(g)) {
        let path = root.join("golden").join(g);
        // A missing file is not a load error: `wbxconf bless` creates it, `wbxconf check`
        // reports it, and a run fails that step with the bless command as the hint.
        if let Ok(doc) = std::fs::read_to_string(&path) {
            let golden_rel = Path::new("golden").join(g);
            for (offset, message) in
                placeholder_problems(&doc, &s.spec.id, &s.spec.actors, captured)
            {
                let (l, c) = line_column(&doc, offset);
                out.push(
                    Diagnostic::new(
                        &golden_rel,
                        l,
                        c,
                        format!(
                            "{message} (golden file expected by {}:{line})",
                            file.display()
                        ),
                    )
                    .with_source(&doc),
                );
            }
            if let Err(pe) = crate::xml::parse(&doc, &crate::xml::Limits::default()) {
                out.push(
                    Diagnostic::new(
                        &Path::new("golden").join(g),
                        pe.line,
                        pe.column,
                        format!(
                            "golden file is not well-formed XML: {} (expected by {}:{line})",
                            pe.message,
                            file.display()
                        ),
                    )
                    .with_source(&doc),
                );
            }
        }
    }
    let mut err =
        |needle: &str, msg: String| out.push(Diagnostic::at_text(file, text, line, needle, msg));
    for m in &e.mail {
        if !actors.contains_key(&m.to) {
            err(
                &m.to,
                format!("mail `to: {}` is not an actor of this scenario", m.to),
            );
        }
        if m.kind.parse::<crate::mail::MailKind>().is_err() {
            err(
                &m.kind,
                format!(
                    "mail `kind: {}` is not one of invitation, update, cancellation",
                    m.kind
                ),
            );
        }
        if let Some(cl) = &m.clause {
            if catalogue.clause(cl).is_none() {
                err(cl, format!("mail expectation names unknown clause `{cl}`"));
            }
        }
    }
    for r in &e.no_mail {
        if !actors.contains_key(r) {
            err(
                r,
                format!("`no_mail: {r}` is not an actor of this scenario"),
            );
        }
    }
    if !e.no_mail.is_empty() && e.mail.is_empty() {
        err(
            "no_mail",
            "`no_mail` needs a `mail` expectation in the same step: otherwise a target that sends no mail at all passes it".to_string(),
        );
    }
    out
}

/// Every broken `{{…}}` of an expected document, with the byte offset of its `{{`: a
/// mistyped kind, a bad regex, an unclosed one, or a `{{var NAME}}` naming nothing
/// known when the scenario `id` reaches this step. XML comments are notes, not checked.
fn placeholder_problems(
    document: &str,
    id: &str,
    actors: &std::collections::BTreeMap<String, super::model::ActorSpec>,
    captured: &BTreeSet<String>,
) -> Vec<(usize, String)> {
    let checked = blank_comments(document);
    let (problems, vars) = crate::xml::placeholder::lint(&checked);
    let mut out: Vec<(usize, String)> = problems
        .into_iter()
        .map(|p| (p.offset, p.item.to_string()))
        .collect();
    for var in vars {
        let path: Vec<String> = var.item.split('.').map(str::to_owned).collect();
        if let Some(problem) = unknown_name(&path, actors, captured) {
            out.push((
                var.offset,
                format!("`{{{{var {}}}}}` in scenario `{id}`: {problem}", var.item),
            ));
        }
    }
    out.sort_by_key(|(offset, _)| *offset);
    out
}

/// `text` with each `<!-- … -->` replaced by spaces (newlines kept), so offsets stay put.
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let comment_end = rest[start..]
            .find("-->")
            .map_or(rest.len(), |e| start + e + 3);
        // One space per byte, so every offset after the comment stays put.
        for c in rest[start..comment_end].chars() {
            match c {
                '\n' => out.push('\n'),
                _ => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            }
        }
        rest = &rest[comment_end..];
    }
    out.push_str(rest);
    out
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// The placeholder starting `text` (up to its `}}`, else its first line), to point at.
fn placeholder_text(text: &str) -> &str {
    let line = text.lines().next().unwrap_or(text);
    match line.find("}}") {
        Some(close) => &line[..close + 2],
        None => line,
    }
}

/// Why `path` names nothing a template can resolve, if so.
fn unknown_name(
    path: &[String],
    actors: &std::collections::BTreeMap<String, super::model::ActorSpec>,
    captured: &BTreeSet<String>,
) -> Option<String> {
    let first = path[0].as_str();
    if path.len() == 1 {
        if captured.contains(first) {
            return None;
        }
        return Some(format!(
            "unknown variable `{first}`: no earlier step captures it{}",
            did_you_mean(closest(first, captured.iter().map(String::as_str)))
        ));
    }
    if actors.contains_key(first) {
        let field = path[1].as_str();
        return (!ACTOR_FIELDS.contains(&field) || path.len() > 2).then(|| {
            format!(
                "actor `{first}` has no field `{}` (fields: {})",
                path[1..].join("."),
                ACTOR_FIELDS.join(", ")
            )
        });
    }
    if is_account(first) {
        return (!ACCOUNT_FIELDS.contains(&path[1].as_str()) || path.len() > 2).then(|| {
            format!(
                "account `{first}` has no field `{}` (fields: {})",
                path[1..].join("."),
                ACCOUNT_FIELDS.join(", ")
            )
        });
    }
    match first {
        "site" if path.len() == 3 && matches!(path[2].as_str(), "name" | "id" | "url") => None,
        "site" => Some(
            "sites are written `${site.ROLE.name}`, `${site.ROLE.id}` or `${site.ROLE.url}`"
                .to_string(),
        ),
        "run" | "scenario" if path.len() == 2 && path[1] == "id" => None,
        "run" | "scenario" => Some(format!("`{first}` has only the field `id`")),
        _ => Some(format!(
            "unknown variable `{}`: `{first}` is not an actor, account or capture",
            path.join(".")
        )),
    }
}

/// The `${…}` of a template that does not parse, for pointing at it (the whole text
/// when no single expression is to blame).
fn failing_expression(t: &str) -> &str {
    let mut rest = t;
    while let Some(i) = rest.find("${") {
        let Some(len) = rest[i..].find('}') else {
            return &rest[i..];
        };
        let expr = &rest[i..i + len + 1];
        if Template::parse(expr).is_err() {
            return expr;
        }
        rest = &rest[i + len + 1..];
    }
    t.lines().next().unwrap_or(t)
}

/// XPath with templates in it is checked with every `${…}` replaced by a plain name.
fn compile_xpath(expr: &str) -> Result<XPath, String> {
    let mut probe = String::new();
    let mut rest = expr;
    while let Some(i) = rest.find("${") {
        probe.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => {
                probe.push('x');
                rest = &rest[i + j + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    probe.push_str(rest);
    XPath::compile(&probe).map_err(|e| format!("`{expr}` is not a valid XPath: {e}"))
}

fn check_shape(c: &Check) -> Option<String> {
    let kinds = [
        c.path.is_some(),
        c.count.is_some(),
        c.exists.is_some(),
        c.absent.is_some(),
    ];
    match kinds.iter().filter(|k| **k).count() {
        1 => {}
        0 => return Some("a check needs one of `path`, `count`, `exists`, `absent`".to_string()),
        _ => {
            return Some(
                "a check has exactly one of `path`, `count`, `exists`, `absent`".to_string(),
            )
        }
    }
    if c.path.is_some() && c.equals.is_some() == c.matches.is_some() {
        return Some("a `path` check needs exactly one of `equals` or `matches`".to_string());
    }
    if c.count.is_some() && (c.equals.is_none() || c.matches.is_some()) {
        return Some("a `count` check needs `equals` (a number)".to_string());
    }
    if (c.exists.is_some() || c.absent.is_some()) && (c.equals.is_some() || c.matches.is_some()) {
        return Some("`exists` and `absent` checks take no `equals` or `matches`".to_string());
    }
    None
}

/// `500ms`, `3s`, `1m`.
pub fn parse_duration(s: &str) -> Option<std::time::Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let n: u64 = s[..split].parse().ok()?;
    match &s[split..] {
        "ms" => Some(std::time::Duration::from_millis(n)),
        "s" => Some(std::time::Duration::from_secs(n)),
        "m" => Some(std::time::Duration::from_secs(n.checked_mul(60)?)),
        _ => None,
    }
}

/// Golden files scenarios name that do not exist: (scenario id, file).
pub fn missing_golden(suite: &Suite) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in &suite.scenarios {
        for g in s.golden_files() {
            if !suite.root.join("golden").join(g).is_file() {
                out.push((s.spec.id.clone(), g.to_string()));
            }
        }
    }
    out
}

/// Golden files no scenario uses (reported by `wbxconf check`).
pub fn unused_golden(suite: &Suite) -> Vec<String> {
    let used: HashSet<&str> = suite
        .scenarios
        .iter()
        .flat_map(|s| s.golden_files())
        .collect();
    suite
        .golden_files
        .iter()
        .filter(|g| !used.contains(g.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_lines_find_each_step() {
        let text = "id: x\nsteps:\n  - name: a\n    as: h\n  - name: b\nfinally:\n- name: c\n";
        assert_eq!(item_lines(text, "steps"), vec![3, 5]);
        assert_eq!(item_lines(text, "finally"), vec![7]);
        assert_eq!(key_line(text, "id"), Some(1));
    }

    #[test]
    fn step_lines_find_each_check_and_the_expected_document() {
        let text = "id: x\nsteps:\n  - name: a\n    expect:\n      golden: a.xml\n      checks:\n        - path: //a\n          equals: 1\n        # a comment\n        - exists: //b\n      clause: C-1\n  - name: b\n    expect:\n      checks:\n      - absent: //c\n  - name: c\n    expect: { checks: [ { exists: //d } ] }\nfinally:\n  - name: d\n    xml: <a/>\n";
        let steps = step_lines(text, "steps");
        let lines: Vec<(u32, Vec<u32>, u32)> = steps
            .into_iter()
            .map(|s| (s.step, s.checks, s.document))
            .collect();
        assert_eq!(
            lines,
            vec![(3, vec![7, 10], 5), (12, vec![15], 0), (16, vec![], 0)]
        );
        let finally = step_lines(text, "finally");
        assert_eq!(finally[0].step, 19);
        assert_eq!(finally[0].document, 20);
    }

    #[test]
    fn near_names_are_suggested_and_far_ones_are_not() {
        assert_eq!(closest("hots", ["host", "admin"]), Some("host"));
        assert_eq!(closest("meting", ["meeting", "series"]), Some("meeting"));
        assert_eq!(
            closest("GetAPIVersoin", ["GetAPIVersion", "GetUser"]),
            Some("GetAPIVersion")
        );
        assert_eq!(closest("zz", ["host", "admin"]), None);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn comments_are_blanked_in_place_and_offsets_map_to_lines() {
        let text = "<a><!-- é {{rgx}}\n -->{{x}}</a>";
        let blanked = blank_comments(text);
        assert_eq!(blanked.len(), text.len());
        assert!(!blanked.contains("rgx"));
        let offset = blanked.find("{{x}}").expect("kept");
        assert_eq!(&text[offset..offset + 5], "{{x}}");
        assert_eq!(line_column(text, offset), (2, 5));
    }

    #[test]
    fn golden_names_stay_inside_golden() {
        assert!(inside_golden("base/envelope.api-version.xml"));
        for bad in ["../x.xml", "/etc/passwd", "a/../../b.xml", "", "a\\..\\b"] {
            assert!(!inside_golden(bad), "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("3s"),
            Some(std::time::Duration::from_secs(3))
        );
        assert_eq!(
            parse_duration("250ms"),
            Some(std::time::Duration::from_millis(250))
        );
        assert_eq!(parse_duration("3 parsecs"), None);
        assert_eq!(
            parse_duration("18446744073709551615m"),
            None,
            "too long, not a panic"
        );
        assert_eq!(parse_duration("99999999999999999999s"), None);
    }
}
