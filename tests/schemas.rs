//! The committed JSON Schemas (`schemas/`) match the types the loader reads.
//! After changing a format: `WBXCONF_UPDATE_SCHEMAS=1 cargo test --test schemas`.

use std::path::PathBuf;

#[test]
fn committed_schemas_match_the_code() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let update = std::env::var_os("WBXCONF_UPDATE_SCHEMAS").is_some();
    for (name, text) in wbxconf::scenario::schema::all() {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "schemas/{name} is out of date: run `WBXCONF_UPDATE_SCHEMAS=1 cargo test --test schemas` and commit it"
        );
    }
}

#[test]
fn the_scenario_schema_knows_the_keys_and_refuses_others() {
    let all = wbxconf::scenario::schema::all();
    let scenario = &all
        .iter()
        .find(|(n, _)| *n == "scenario.schema.json")
        .unwrap()
        .1;
    let v: serde_json::Value = serde_json::from_str(scenario).unwrap();
    let props = v["properties"].as_object().unwrap();
    for key in [
        "id",
        "title",
        "covers",
        "requires",
        "actors",
        "steps",
        "finally",
        "exclusive",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false));
}
