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
#[derive(Debug, Clone, Serialize, JsonSchema)]
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

/// What a profile says about a credential when it is a mapping; anything else (a
/// password typed in as text) is refused by [`Secret`]'s own reading.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretFields {
    #[serde(default)]
    env: Option<String>,
    #[serde(default)]
    seed: Option<bool>,
}

/// Said when a credential is written into a profile as a value. The value is never
/// repeated: the message reaches terminals and CI logs.
pub const SECRET_AS_VALUE: &str = "a credential is never written into a profile: give `{ env: NAME }` (the value is read from that environment variable) or, for the embedded reference or `wbxconf serve` on loopback, `{ seed: true }`";

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        d.deserialize_any(SecretVisitor)
    }
}

struct SecretVisitor;

impl SecretVisitor {
    fn refuse<E: serde::de::Error>(self) -> Result<Secret, E> {
        Err(E::custom(SECRET_AS_VALUE))
    }
}

/// Every scalar is refused without being quoted back (serde's default messages would
/// repeat it, and name Rust types).
impl<'de> serde::de::Visitor<'de> for SecretVisitor {
    type Value = Secret;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("`{ env: NAME }` or `{ seed: true }`")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Secret, A::Error> {
        let fields = SecretFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Secret {
            env: fields.env,
            seed: fields.seed,
        })
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Secret, E> {
        self.refuse()
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Secret, E> {
        self.refuse()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Secret, E> {
        self.refuse()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Secret, E> {
        self.refuse()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Secret, E> {
        self.refuse()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Secret, E> {
        self.refuse()
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Secret, A::Error> {
        self.refuse()
    }
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
    /// Named after the URL, without its password: the name is shown everywhere.
    pub fn for_url(url: &str) -> Profile {
        Profile {
            name: hide_url_password(url, url),
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
            // Not repeated: what stands there may be the credential itself.
            (Some(var), None) if var.is_empty() || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => out.push(format!(
                "{what}: `env` takes the name of an environment variable (letters, digits and _), and what is given is not one; {SECRET_AS_VALUE}"
            )),
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

/// The password of a URL's userinfo (`http://admin:PASSWORD@host/…`), as written and
/// percent-decoded: a secret to mask, though it belongs in a profile.
pub fn url_password(url: &str) -> Vec<String> {
    // As the user typed it, and as the URL parser normalises it (it percent-encodes
    // some characters), so that every form shown or sent is found.
    let typed = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split(['/', '?', '#']).next())
        .and_then(|authority| authority.rfind('@').map(|at| &authority[..at]))
        .and_then(|userinfo| userinfo.split_once(':'))
        .map(|(_, password)| password.to_string());
    let parsed = reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(str::to_string));
    let mut out: Vec<String> = Vec::new();
    for p in typed.into_iter().chain(parsed) {
        let decoded = percent_decode(&p);
        for form in [p, decoded] {
            if !form.is_empty() && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// The `Authorization: Basic` credentials the HTTP client derives from a URL's
/// userinfo (base64 of `user:password`): masked too, for a target that echoes headers.
pub fn url_basic_credentials(url: &str) -> Option<String> {
    let u = reqwest::Url::parse(url).ok()?;
    let password = percent_decode(u.password()?);
    let user = percent_decode(u.username());
    Some(base64(format!("{user}:{password}").as_bytes()))
}

/// Standard base64 with padding (RFC 4648), as HTTP basic authentication writes it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Profile {
    /// This profile as it may be written into a record: the password of its endpoint's
    /// URL hidden (the rest holds only variable names).
    pub fn without_url_password(&self) -> Profile {
        let mut p = self.clone();
        p.name = hide_url_password(&self.name, &self.endpoint);
        p.endpoint = hide_url_password(&self.endpoint, &self.endpoint);
        p
    }
}

/// `text` (a URL, or a profile name that is one) with the endpoint's password hidden,
/// for messages printed before a run's masker exists.
pub fn hide_url_password(text: &str, endpoint: &str) -> String {
    url_password(endpoint)
        .iter()
        .fold(text.to_string(), |t, p| {
            t.replace(&format!(":{p}@"), ":******@")
        })
}

/// Said when a target URL carries credentials.
pub const URL_CREDENTIALS_WARNING: &str = "the target URL carries a password: it is masked in every report, but credentials belong in a profile (`password: { env: NAME }` in targets/NAME.yaml)";

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    let profile: Profile = yaml::from_str(&path, &text).map_err(|d| with_safe_source(d, &text))?;
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

/// The offending line is shown unless it may hold a credential typed in by mistake
/// (`password: "…"` in a flow mapping, on the line of another error): profile errors
/// reach CI logs.
fn with_safe_source(d: Diagnostic, text: &str) -> Diagnostic {
    let line = text
        .lines()
        .nth(d.line.saturating_sub(1) as usize)
        .unwrap_or_default();
    let credential_keys = ["password", "partnerID"];
    if d.message.contains(SECRET_AS_VALUE) || credential_keys.iter().any(|k| line.contains(k)) {
        d
    } else {
        d.with_source(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_password_is_found_as_written_and_decoded() {
        assert_eq!(
            url_password("http://admin:S3c%21ret@127.0.0.1:8080/WBXService/XMLService"),
            vec!["S3c%21ret".to_string(), "S3c!ret".to_string()]
        );
        assert!(url_password("http://admin@127.0.0.1/x").is_empty());
        let odd = "http://admin:p\"w d@h/x";
        assert!(
            url_password(odd).contains(&"p\"w d".to_string()),
            "{:?}",
            url_password(odd)
        );
        assert_eq!(hide_url_password(odd, odd), "http://admin:******@h/x");
        let url = "http://admin:S3cretPw@127.0.0.1:8080/x";
        assert_eq!(
            hide_url_password(&format!("target `{url}`"), url),
            "target `http://admin:******@127.0.0.1:8080/x`"
        );
        assert!(url_password("not a url").is_empty());
        assert_eq!(
            url_basic_credentials("http://Aladdin:open%20sesame@h/x").as_deref(),
            Some("QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
        assert_eq!(base64(b"ab"), "YWI=");
        let p = Profile::for_url("http://admin:S3cretPw@h/x").without_url_password();
        assert_eq!(
            (p.name.as_str(), p.endpoint.as_str()),
            ("http://admin:******@h/x", "http://admin:******@h/x")
        );
    }

    #[test]
    fn a_password_typed_into_a_profile_is_refused_without_being_repeated() {
        let text = "name: p\nendpoint: embedded\nsites:\n  main:\n    name: cmr\n    admin: { webExID: admin, password: \"Adm1n-cmr!\" }\n";
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("p.yaml");
        std::fs::write(&path, text).expect("write");
        let shown = resolve(path.to_str().expect("utf-8"), dir.path())
            .expect_err("refused")
            .to_string();
        assert!(!shown.contains("Adm1n"), "{shown}");
        assert!(
            !shown.contains("Secret") && !shown.contains("invalid type"),
            "{shown}"
        );
        assert!(shown.contains("sites.main.admin.password"), "{shown}");
        assert!(
            shown.contains("{ env: NAME }") && shown.contains("{ seed: true }"),
            "{shown}"
        );
        assert!(shown.contains("p.yaml:6:"), "{shown}");

        let as_name = text.replace("\"Adm1n-cmr!\"", "{ env: \"Adm1n-cmr!\" }");
        std::fs::write(&path, as_name).expect("write");
        let shown = resolve(path.to_str().expect("utf-8"), dir.path())
            .expect_err("refused")
            .to_string();
        assert!(!shown.contains("Adm1n"), "{shown}");
        assert!(
            shown.contains("sites.main.admin.password: `env` takes the name"),
            "{shown}"
        );
    }
}
