//! JSON Schemas of the file formats people write by hand, generated from the types the
//! loader reads them into, so editors complete and check exactly what wbxconf accepts.
//! `schemas/*.schema.json` are committed; `tests/schemas.rs` keeps them in step.

use schemars::schema_for;

/// (file name under `schemas/`, schema text).
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        (
            "scenario.schema.json",
            pretty(schema_for!(super::model::ScenarioFile)),
        ),
        (
            "target.schema.json",
            pretty(schema_for!(crate::target::Profile)),
        ),
    ]
}

fn pretty(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
