//! The clause catalogue (`cases/clauses.yaml`): the release notes broken into numbered,
//! checkable clauses, and the project's interpretations where the notes leave gaps.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub sections: Vec<Section>,
    /// Where the release notes are silent or ambiguous, what this suite asserts and why.
    #[serde(default)]
    pub interpretations: Vec<Interpretation>,
    pub clauses: Vec<Clause>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Also the folder under `cases/` holding the section's scenarios.
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Interpretation {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub section: String,
    pub level: ClauseLevel,
    #[serde(default)]
    pub apis: Vec<String>,
    /// The clause in the project's own words.
    pub text: String,
    /// Interpretation ids this clause rests on (a `SHOULD` clause names the one it rests on).
    #[serde(default)]
    pub interpretations: Vec<String>,
    /// Whether what this clause observes was added by SP11 (older implementations must fail it).
    #[serde(default)]
    pub sp11: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ClauseLevel {
    #[serde(rename = "MUST")]
    Must,
    #[serde(rename = "SHOULD")]
    Should,
}

impl Catalogue {
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    pub fn interpretation(&self, id: &str) -> Option<&Interpretation> {
        self.interpretations.iter().find(|i| i.id == id)
    }

    /// Problems inside the catalogue itself: duplicate ids, unknown sections or interpretations.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for c in &self.clauses {
            if !seen.insert(c.id.as_str()) {
                out.push(format!("clause `{}` is defined twice", c.id));
            }
            if !self.sections.iter().any(|s| s.id == c.section) {
                out.push(format!(
                    "clause `{}` names unknown section `{}`",
                    c.id, c.section
                ));
            }
            for i in &c.interpretations {
                if self.interpretation(i).is_none() {
                    out.push(format!(
                        "clause `{}` names unknown interpretation `{i}`",
                        c.id
                    ));
                }
            }
            if c.level == ClauseLevel::Should && c.interpretations.is_empty() {
                out.push(format!(
                    "SHOULD clause `{}` must name the interpretation it rests on",
                    c.id
                ));
            }
        }
        out
    }
}
