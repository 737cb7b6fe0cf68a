//! The scenario file format, as Rust types.
//!
//! Every struct denies unknown keys, so a misspelt key is an error naming the file,
//! line and key rather than an expectation that silently never runs.
//! `docs/scenario-format.md` describes the same format for people who never read Rust.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

pub use crate::runner::outcome::Level;

/// One scenario file: a sequence of XML API requests and what each answer must contain.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Unique id, by convention `<section>/<name>` matching the file path.
    pub id: String,
    pub title: String,
    /// Clause ids from `cases/clauses.yaml` this scenario proves.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Capabilities the target profile must offer (`mail`, `partner`, `cmr`, `past-start`…);
    /// without them the scenario is skipped with the reason.
    #[serde(default)]
    pub requires: Vec<String>,
    /// A shared, limited resource of the target this scenario uses (a site's only free
    /// CMR licence): scenarios naming the same resource never run at the same time.
    #[serde(default)]
    pub exclusive: Option<String>,
    /// Marks a scenario that is a smoke check rather than a detector of one defect,
    /// with the reason; `wbxconf mutants` does not call it dead.
    #[serde(default)]
    pub smoke: Option<String>,
    /// Users the harness provisions for this run, with unique ids, and removes afterwards.
    #[serde(default)]
    pub actors: BTreeMap<String, ActorSpec>,
    pub steps: Vec<Step>,
    /// Steps that always run after `steps`, even after a failure (clean-up).
    #[serde(default)]
    pub finally: Vec<Step>,
}

/// A user the harness creates for the scenario.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorSpec {
    /// `host` (an account that may schedule), `attendee` (an account without host
    /// privilege) or `guest` (only an e-mail address, no account).
    pub role: ActorRole,
    /// The site role from the target profile (`main`, `cmr`, `nocmr`, `onelicence`…).
    #[serde(default = "default_site")]
    pub site: String,
    /// Extra CreateUser body elements (XML), e.g. a privilege block.
    #[serde(default)]
    pub create: Option<String>,
    /// IANA-free Webex time zone id for the account (default: the profile's).
    #[serde(default, rename = "timeZoneID")]
    pub time_zone_id: Option<u16>,
}

fn default_site() -> String {
    "main".to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActorRole {
    Host,
    Attendee,
    Guest,
}

/// One request and what its answer must show.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    /// The actor the request is sent as: a scenario actor or a profile account
    /// (`admin`, `admin@nocmr`, `partner`…).
    #[serde(rename = "as")]
    pub actor: Option<String>,
    /// The API from the catalogue (`CreateMeeting`); the harness wraps `body` in the
    /// envelope with the actor's securityContext and the API's `xsi:type`.
    pub call: Option<String>,
    /// securityContext fields to set or override (`sessionTicket: ${ticket}`); a field
    /// set to an empty string is removed.
    #[serde(default)]
    pub security: BTreeMap<String, String>,
    /// The bodyContent children, templated.
    pub body: Option<String>,
    /// A whole request document sent as is (templated), for malformed-request cases.
    pub raw: Option<String>,
    /// Wait this long before sending (`3s`, `500ms`): for expiry cases only.
    pub wait: Option<String>,
    #[serde(default)]
    pub expect: Expect,
    /// Variables to capture from the response: name → XPath.
    #[serde(default)]
    pub capture: BTreeMap<String, String>,
}

/// What a response must contain. Every part is optional; all that are given are judged.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `SUCCESS` or `FAILURE`.
    pub result: Option<ResultKind>,
    /// The exceptionID of a FAILURE (`"060001"`).
    #[serde(default, deserialize_with = "opt_scalar")]
    #[schemars(with = "Option<Scalar>")]
    pub exception: Option<String>,
    /// Default level of this step's checks (`must` unless said).
    #[serde(default)]
    pub level: Option<Level>,
    /// Default clause of this step's checks.
    pub clause: Option<String>,
    /// A file under `golden/` holding the whole expected response document.
    pub golden: Option<String>,
    /// The whole expected response document, inline.
    pub xml: Option<String>,
    /// How `golden`/`xml` are compared.
    #[serde(default)]
    pub compare: CompareSpec,
    /// XPath assertions.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// E-mails that must arrive because of this step.
    #[serde(default)]
    pub mail: Vec<MailExpect>,
    /// Recipients (actor names) that must receive nothing because of this step.
    #[serde(default)]
    pub no_mail: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ResultKind {
    #[serde(rename = "SUCCESS")]
    Success,
    #[serde(rename = "FAILURE")]
    Failure,
}

impl ResultKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResultKind::Success => "SUCCESS",
            ResultKind::Failure => "FAILURE",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareSpec {
    /// Allow elements in the response that the expected document lacks (the API promises
    /// backward-compatible additions). Default: true.
    pub extra_elements: Option<bool>,
    /// Repeated elements whose order does not matter, optionally matched by a child's text.
    #[serde(default)]
    pub unordered: Vec<UnorderedSpec>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnorderedSpec {
    pub element: String,
    pub key: Option<String>,
}

/// One XPath assertion: exactly one of `path` (with `equals` or `matches`), `count`
/// (with `equals`), `exists`, `absent`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub path: Option<String>,
    pub count: Option<String>,
    pub exists: Option<String>,
    pub absent: Option<String>,
    #[serde(default, deserialize_with = "opt_scalar")]
    #[schemars(with = "Option<Scalar>")]
    pub equals: Option<String>,
    pub matches: Option<String>,
    pub level: Option<Level>,
    pub clause: Option<String>,
    /// Why this check exists, shown with a failure.
    pub note: Option<String>,
}

/// An e-mail that must arrive.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MailExpect {
    /// The recipient: an actor name.
    pub to: String,
    /// `invitation`, `update` or `cancellation`.
    pub kind: String,
    /// The occurrence meant, as a recurrenceId (epoch milliseconds), templated.
    #[serde(default, deserialize_with = "opt_scalar")]
    #[schemars(with = "Option<Scalar>")]
    pub occurrence: Option<String>,
    /// A regular expression the subject must match.
    pub subject: Option<String>,
    pub level: Option<Level>,
    pub clause: Option<String>,
}

/// A YAML scalar read as text.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum Scalar {
    S(String),
    I(i64),
    F(f64),
    B(bool),
}

/// Accepts a YAML string, number or boolean as text, so `equals: 3` and
/// `exception: 000015`-style values need no quotes where YAML allows.
fn opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<Scalar> = Option::deserialize(d)?;
    Ok(v.map(|s| match s {
        Scalar::S(s) => s,
        Scalar::I(i) => i.to_string(),
        Scalar::F(f) => f.to_string(),
        Scalar::B(b) => b.to_string(),
    }))
}
