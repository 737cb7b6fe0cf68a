//! The API catalogue: for each API name, the request `xsi:type` and the response's
//! `xsi:type`. It is data (`cases/apis.yaml`), because implementations differ in details
//! no public schema fixes; a target profile may override single entries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ApiCatalogue {
    pub apis: BTreeMap<String, ApiEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiEntry {
    /// The request bodyContent `xsi:type`, e.g. `java:com.webex.service.binding.meeting.CreateMeeting`.
    #[serde(rename = "type")]
    pub request_type: String,
    /// The response bodyContent `xsi:type` as `prefix:localName` with a well-known prefix
    /// (`meet:createMeetingResponse`); compared by namespace URI, not by prefix.
    pub response: Option<String>,
    /// Where the catalogue entry comes from (a public source, or `project` for an interpretation).
    #[serde(default)]
    pub source: Option<String>,
}

impl ApiCatalogue {
    pub fn get(&self, api: &str) -> Option<&ApiEntry> {
        self.apis.get(api)
    }

    /// This catalogue with `overrides` (from a target profile) replacing single entries.
    pub fn with_overrides(&self, overrides: &BTreeMap<String, ApiEntry>) -> ApiCatalogue {
        let mut apis = self.apis.clone();
        for (name, entry) in overrides {
            apis.insert(name.clone(), entry.clone());
        }
        ApiCatalogue { apis }
    }
}
