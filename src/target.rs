//! Target profiles (`targets/NAME.yaml`): which endpoint to test, which sites play which
//! role, where each credential comes from, what the target can do.
//!
//! `--target` takes a URL, a profile name (`reference` → `targets/reference.yaml`) or a
//! profile file. Credentials never live in a profile: they come from environment
//! variables, or, for the embedded reference only, from its seed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::api::ApiEntry;
use crate::scenario::{yaml, Diagnostic};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// A URL (`https://acme.example/WBXService/XMLService`) or `embedded` for the
    /// reference started in-process.
    pub endpoint: String,
    /// Embedded only: the release level to start the reference at (`sp11`, `sp10`).
    #[serde(default)]
    pub release: Option<String>,
    /// Embedded only: defect and variation switches to start the reference with.
    #[serde(default)]
    pub switches: Vec<String>,
    /// What the target offers: `mail`, `partner`, `cmr`, `past-start`, `admin`…
    #[serde(default)]
    pub capabilities: Vec<String>,
    /// Sites by role: `main`, `cmr`, `nocmr`, `onelicence`, `micro-a`, `micro-b`, `outsider`, `cpac`.
    #[serde(default)]
    pub sites: BTreeMap<String, SiteRole>,
    /// CPAC partner accounts by name (`default` is the one `partner` means).
    #[serde(default)]
    pub partners: BTreeMap<String, Partner>,
    /// Webex timeZoneID given to provisioned actors (default 4, Pacific).
    #[serde(default)]
    pub actor_time_zone_id: Option<u16>,
    /// Domain of provisioned actors' e-mail addresses.
    #[serde(default)]
    pub mail_domain: Option<String>,
    #[serde(default)]
    pub mail: MailSettings,
    #[serde(default)]
    pub timeouts: Timeouts,
    #[serde(default)]
    pub tls: Tls,
    /// Largest response body read, in bytes (default 16 MiB).
    #[serde(default)]
    pub max_response_bytes: Option<usize>,
    /// Catalogue entries that differ on this target.
    #[serde(default)]
    pub apis: BTreeMap<String, ApiEntry>,
    /// Known-failures file for regression gating.
    #[serde(default)]
    pub expectations: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteRole {
    /// The `siteName` sent in the securityContext.
    pub name: String,
    #[serde(default)]
    pub id: Option<u64>,
    /// The site administrator the harness provisions actors with.
    #[serde(default)]
    pub admin: Option<Account>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    #[serde(rename = "webExID")]
    pub web_ex_id: String,
    pub password: Secret,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Site role of the CPAC site whose credentials these are.
    pub site: String,
    #[serde(rename = "webExID")]
    pub web_ex_id: String,
    pub password: Secret,
    #[serde(rename = "partnerID")]
    pub partner_id: Secret,
    /// Site roles associated with this partner.
    #[serde(default)]
    pub sites: Vec<String>,
}

/// Where a credential comes from.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Secret {
    /// An environment variable.
    #[serde(default)]
    pub env: Option<String>,
    /// The reference's built-in seed: for `endpoint: embedded`, or a loopback endpoint
    /// where `wbxconf serve` runs with the built-in seed.
    #[serde(default)]
    pub seed: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// Where this target's SMTP sink listens (`0.0.0.0:2525`), so the implementation's
    /// mail relay can be pointed at a fixed address; `--smtp-listen` overrides it.
    /// Default: a free loopback port. Needed for `compare` of targets that send mail,
    /// where each target has its own sink.
    #[serde(default)]
    pub listen: Option<std::net::SocketAddr>,
    /// Fallback classification by subject for targets that send no calendar part:
    /// regular expression → kind.
    #[serde(default)]
    pub subject_rules: Vec<SubjectRuleSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectRuleSpec {
    pub pattern: String,
    pub kind: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeouts {
    /// Per request, whole exchange (default 30s).
    pub request: Option<String>,
    pub connect: Option<String>,
    /// How long expected mail is waited for (default 5s).
    pub mail: Option<String>,
    /// How long `no_mail` waits for stray mail after the expected mail arrived (default 300ms).
    pub mail_settle: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// A PEM CA certificate to trust in addition to the system's.
    pub ca_file: Option<PathBuf>,
}

impl Profile {
    pub fn is_embedded(&self) -> bool {
        self.endpoint == "embedded"
    }

    /// A profile for a bare URL: no roles, no capabilities beyond the protocol basics.
    pub fn for_url(url: &str) -> Profile {
        Profile {
            name: url.to_string(),
            description: None,
            endpoint: url.to_string(),
            release: None,
            switches: Vec::new(),
            capabilities: Vec::new(),
            sites: BTreeMap::new(),
            partners: BTreeMap::new(),
            actor_time_zone_id: None,
            mail_domain: None,
            mail: MailSettings::default(),
            timeouts: Timeouts::default(),
            tls: Tls::default(),
            max_response_bytes: None,
            apis: BTreeMap::new(),
            expectations: None,
        }
    }

    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.iter().any(|c| c == capability)
    }

    /// Problems a profile can have before any endpoint is contacted.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let embedded = self.is_embedded();
        let mut check_secret = |what: &str, s: &Secret| {
            match (&s.env, s.seed) {
            (Some(_), None) => {}
            (None, Some(true)) if embedded || crate::client::is_loopback(&self.endpoint) => {}
            (None, Some(true)) => out.push(format!(
                "{what}: `seed` credentials exist only for the reference (`endpoint: embedded`, or `wbxconf serve` on loopback); use `env: NAME`"
            )),
            _ => out.push(format!(
                "{what}: give exactly one of `env: NAME` or (embedded only) `seed: true`"
            )),
        }
        };
        for (role, site) in &self.sites {
            if let Some(a) = &site.admin {
                check_secret(&format!("sites.{role}.admin.password"), &a.password);
            }
        }
        for (name, p) in &self.partners {
            check_secret(&format!("partners.{name}.password"), &p.password);
            check_secret(&format!("partners.{name}.partnerID"), &p.partner_id);
        }
        for (name, p) in &self.partners {
            for s in std::iter::once(&p.site).chain(&p.sites) {
                if !self.sites.contains_key(s) {
                    out.push(format!(
                        "partners.{name} names site role `{s}`, which `sites` does not define"
                    ));
                }
            }
        }
        if !embedded
            && !self.endpoint.starts_with("http://")
            && !self.endpoint.starts_with("https://")
        {
            out.push(format!(
                "endpoint `{}` is neither `embedded` nor an http(s) URL",
                self.endpoint
            ));
        }
        if !embedded && (self.release.is_some() || !self.switches.is_empty()) {
            out.push("`release` and `switches` apply only to `endpoint: embedded`".to_string());
        }
        for (key, v) in [
            ("timeouts.request", &self.timeouts.request),
            ("timeouts.connect", &self.timeouts.connect),
            ("timeouts.mail", &self.timeouts.mail),
            ("timeouts.mail_settle", &self.timeouts.mail_settle),
        ] {
            if let Some(v) = v {
                if crate::scenario::load::parse_duration(v).is_none() {
                    out.push(format!("{key}: `{v}` is not a duration (500ms, 3s, 1m)"));
                }
            }
        }
        out
    }
}

/// Resolves `--target`: a URL, a profile file, or a profile name under `targets/`.
pub fn resolve(spec: &str, suite_root: &Path) -> Result<Profile, Diagnostic> {
    if spec.starts_with("http://") || spec.starts_with("https://") {
        return Ok(Profile::for_url(spec));
    }
    let as_file = PathBuf::from(spec);
    let path = if as_file
        .extension()
        .is_some_and(|e| e == "yaml" || e == "yml")
        || as_file.components().count() > 1
    {
        as_file
    } else {
        suite_root.join("targets").join(format!("{spec}.yaml"))
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::new(
            &path,
            0,
            0,
            format!("target `{spec}` is not a URL, and its profile cannot be read: {e} (profiles live in targets/NAME.yaml)"),
        )
    })?;
    let profile: Profile = yaml::from_str(&path, &text).map_err(|d| d.with_source(&text))?;
    let problems = profile.problems();
    if let Some(first) = problems.first() {
        return Err(Diagnostic::new(
            &path,
            0,
            0,
            format!(
                "{first}{}",
                problems[1..]
                    .iter()
                    .map(|p| format!("\n       {p}"))
                    .collect::<String>()
            ),
        ));
    }
    Ok(profile)
}
