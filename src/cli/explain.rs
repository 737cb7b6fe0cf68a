//! `wbxconf explain CLAUSE` and `wbxconf new NAME`: the suite explaining itself, and a
//! commented skeleton to start a scenario from.

use std::path::Path;

use crate::scenario::clauses::ClauseLevel;
use crate::scenario::Suite;

/// The clause, the interpretations it rests on, and the scenarios that cover it.
pub fn explain(suite: &Suite, id: &str) -> Result<String, String> {
    let clause = suite
        .catalogue
        .clauses
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| {
            let ids: Vec<&str> = suite
                .catalogue
                .clauses
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            format!("no clause `{id}`; the clauses are: {}", ids.join(", "))
        })?;
    let section = suite
        .catalogue
        .sections
        .iter()
        .find(|s| s.id == clause.section)
        .map(|s| s.title.as_str())
        .unwrap_or("");
    let level = match clause.level {
        ClauseLevel::Must => "MUST",
        ClauseLevel::Should => "SHOULD (rests on an interpretation: a failure is a warning)",
    };
    let mut out = format!(
        "{} — {}\n  section: {section}\n  level:   {level}\n",
        clause.id, clause.text
    );
    if !clause.apis.is_empty() {
        out.push_str(&format!("  APIs:    {}\n", clause.apis.join(", ")));
    }
    if clause.sp11 {
        out.push_str("  added by SP11: an implementation from before SP11 fails it\n");
    }
    for i in &clause.interpretations {
        if let Some(interp) = suite.catalogue.interpretation(i) {
            out.push_str(&format!(
                "\n  interpretation {} — {}\n",
                interp.id, interp.title
            ));
            for line in wrap(&interp.text, 84) {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    let covering: Vec<_> = suite
        .scenarios
        .iter()
        .filter(|s| s.spec.covers.iter().any(|c| c == &clause.id))
        .collect();
    out.push_str(&format!("\n  scenarios ({}):\n", covering.len()));
    for s in covering {
        out.push_str(&format!(
            "    {}  {}\n      {}:{}\n",
            s.spec.id,
            s.spec.title,
            s.file.display(),
            s.line
        ));
    }
    Ok(out)
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() + 1 > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes `cases/<name>.yaml`, a commented skeleton; `name` is `<section>/<file>`.
pub fn new_scenario(root: &Path, suite: &Suite, name: &str) -> Result<std::path::PathBuf, String> {
    let name = name.trim_end_matches(".yaml");
    let (section, file) = name
        .split_once('/')
        .ok_or_else(|| format!("name the scenario as <section>/<name>, e.g. recurring/{name}"))?;
    if !suite.catalogue.sections.iter().any(|s| s.id == section) {
        let ids: Vec<&str> = suite
            .catalogue
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        return Err(format!(
            "unknown section `{section}` (sections: {})",
            ids.join(", ")
        ));
    }
    if file.is_empty()
        || !file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "`{file}`: use letters, digits, - and _ in scenario names"
        ));
    }
    let path = root
        .join("cases")
        .join(section)
        .join(format!("{file}.yaml"));
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    let text = SKELETON.replace("SECTION", section).replace("NAME", file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    crate::report::files::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(path)
}

const SKELETON: &str = r#"# yaml-language-server: $schema=../../schemas/scenario.schema.json
# A scenario: requests sent as actors, and what each answer must show.
# The format: docs/scenario-format.md. Run it alone: wbxconf run SECTION/NAME --exact
id: SECTION/NAME
title: Say in one sentence what an implementation must do
covers: []                  # clause ids from cases/clauses.yaml (wbxconf explain ID)
# requires: [mail]          # capabilities the target must offer, else the scenario is skipped
actors:
  host: { role: host }      # provisioned for this run with a unique id, removed afterwards
steps:
  - name: the host schedules a meeting
    as: host
    call: CreateMeeting     # an API from cases/apis.yaml; the body is wrapped in the envelope
    body: |
      <metaData><confName>Example ${scenario.id}</confName></metaData>
      <schedule><startDate>${date(today + 7d at 10:00, 4)}</startDate><timeZoneID>4</timeZoneID><duration>30</duration></schedule>
    capture: { meeting: //meetingkey }    # XPath: unprefixed names match any namespace
  - name: GetMeeting shows it
    as: host
    call: GetMeeting
    body: <meetingKey>${meeting}</meetingKey>
    expect:
      result: SUCCESS
      checks:
        - path: //metaData/confName
          equals: Example ${scenario.id}
finally:                    # always runs, even after a failure
  - name: delete the meeting
    as: host
    call: DelMeeting
    body: <meetingKey>${meeting}</meetingKey>
"#;
