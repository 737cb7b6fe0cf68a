//! `wbxconf targets check NAME`: a target profile held against its endpoint before
//! anyone runs a suite on it. Is every credential's environment variable set, does the
//! endpoint answer, does each site admin's password work (GetUser of itself), does each
//! partner account see its micro sites (LstMicroSites), and are the declared
//! capabilities plausible. Every finding is reported, not only the first.

use std::collections::BTreeSet;

use crate::api::{envelope, response};
use crate::runner::session::{Account, Session, SessionOptions, StartError};
use crate::scenario::Suite;
use crate::target::{Profile, Secret};
use crate::xml::{self, Limits, XPath};

/// How a finding bears on the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// The profile does not work as written.
    Fail,
    /// Worth knowing; not an error.
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub status: Status,
    /// What was checked (`credentials of admin@main`).
    pub what: String,
    pub detail: String,
}

fn finding(status: Status, what: impl Into<String>, detail: impl Into<String>) -> Finding {
    Finding {
        status,
        what: what.into(),
        detail: detail.into(),
    }
}

/// Capabilities the harness knows how to use.
pub const KNOWN_CAPABILITIES: [&str; 5] = ["admin", "mail", "partner", "cmr", "past-start"];

/// Everything found about `profile`; `unreachable` tells the endpoint did not answer.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub unreachable: bool,
}

impl Report {
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.status == Status::Fail)
    }
}

/// Checks `profile` against its endpoint.
pub async fn check(profile: &Profile, suite: &Suite, opts: &SessionOptions) -> Report {
    let mut r = Report::default();
    static_findings(profile, suite, &mut r.findings);
    if r.failed() {
        return r;
    }
    let run_id = format!("check-{}", crate::runner::run::new_run_id());
    let session = match Session::start(profile.clone(), suite, &run_id, opts).await {
        Ok(s) => s,
        Err(StartError::Unreachable(m)) => {
            r.unreachable = true;
            r.findings.push(finding(Status::Fail, "endpoint", m));
            return r;
        }
        Err(StartError::Config(m) | StartError::Harness(m)) => {
            r.findings.push(finding(Status::Fail, "session", m));
            return r;
        }
    };
    live_findings(&session, profile, opts, &mut r).await;
    session.shutdown().await;
    r
}

/// What can be told without the endpoint: credentials' variables, capabilities,
/// the site roles the suite's scenarios need.
fn static_findings(profile: &Profile, suite: &Suite, out: &mut Vec<Finding>) {
    let mut secrets: Vec<(String, &Secret)> = Vec::new();
    for (role, site) in &profile.sites {
        if let Some(a) = &site.admin {
            secrets.push((format!("sites.{role}.admin.password"), &a.password));
        }
    }
    for (name, p) in &profile.partners {
        secrets.push((format!("partners.{name}.password"), &p.password));
        secrets.push((format!("partners.{name}.partnerID"), &p.partner_id));
    }
    for (what, s) in secrets {
        if let Some(var) = &s.env {
            if std::env::var_os(var).is_none_or(|v| v.is_empty()) {
                out.push(finding(
                    Status::Fail,
                    what,
                    format!("environment variable `{var}` is not set"),
                ));
            }
        }
    }
    let required: BTreeSet<&str> = suite
        .scenarios
        .iter()
        .flat_map(|s| s.spec.requires.iter().map(String::as_str))
        .collect();
    for c in &profile.capabilities {
        if !KNOWN_CAPABILITIES.contains(&c.as_str()) && !required.contains(c.as_str()) {
            out.push(finding(
                Status::Note,
                format!("capability `{c}`"),
                "no scenario requires it and the harness does not know it (a typo?)",
            ));
        }
    }
    for c in &required {
        if !profile.has(c) {
            let n = suite
                .scenarios
                .iter()
                .filter(|s| s.spec.requires.iter().any(|r| r == c))
                .count();
            out.push(finding(
                Status::Note,
                format!("capability `{c}`"),
                format!("not declared: {n} scenario(s) requiring it will be skipped"),
            ));
        }
    }
    let mut roles: BTreeSet<&str> = BTreeSet::new();
    for s in &suite.scenarios {
        for a in s.spec.actors.values() {
            if a.role != crate::scenario::model::ActorRole::Guest {
                roles.insert(a.site.as_str());
            }
        }
    }
    for role in roles {
        let has_admin = profile.sites.get(role).is_some_and(|s| s.admin.is_some());
        if !has_admin {
            out.push(finding(
                Status::Note,
                format!("site role `{role}`"),
                format!(
                    "no `sites.{role}` with an admin: scenarios with actors there will be skipped"
                ),
            ));
        }
    }
    if profile.has("partner") && profile.partners.is_empty() {
        out.push(finding(
            Status::Fail,
            "capability `partner`",
            "declared, but `partners:` names no CPAC partner account",
        ));
    }
    if profile.has("cmr") {
        for role in ["cmr", "nocmr"] {
            if !profile.sites.contains_key(role) {
                out.push(finding(
                    Status::Fail,
                    "capability `cmr`",
                    format!("declared, but site role `{role}` is not defined"),
                ));
            }
        }
    }
    if profile.has("admin") && profile.sites.get("main").is_none_or(|s| s.admin.is_none()) {
        out.push(finding(
            Status::Fail,
            "capability `admin`",
            "declared, but `sites.main.admin` is not defined",
        ));
    }
}

/// What the endpoint says: reachability, every credential, the partners' sites, mail.
async fn live_findings(
    session: &Session,
    profile: &Profile,
    opts: &SessionOptions,
    r: &mut Report,
) {
    let version = call(session, &[], "GetAPIVersion", "").await;
    match &version {
        Err(e) => {
            r.unreachable = true;
            r.findings.push(finding(
                Status::Fail,
                "endpoint",
                session.masker.mask(&format!("{}: {e}", session.url)),
            ));
            return;
        }
        Ok(a) => {
            let v = a.text("//apiVersion");
            let rel = a.text("//release");
            r.findings.push(finding(
                Status::Ok,
                "endpoint",
                format!(
                    "{} answers; GetAPIVersion: {}{}",
                    session.info.endpoint,
                    v.as_deref().unwrap_or("(no apiVersion)"),
                    rel.map(|x| format!(" ({x})")).unwrap_or_default()
                ),
            ));
        }
    }

    let mut names: Vec<&String> = session.accounts.keys().collect();
    names.sort();
    for name in names {
        let Some(account) = session.accounts.get(name) else {
            continue;
        };
        if name.starts_with("admin@") {
            let body = format!(
                "<webExId>{}</webExId>",
                crate::scenario::template::xml_escape(&account.web_ex_id)
            );
            let what = format!(
                "credentials of {name} ({} on {})",
                account.web_ex_id, account.site_name
            );
            r.findings.push(judge(
                call(session, &security(account), "GetUser", &body).await,
                what,
                "accepted (GetUser of itself succeeds)",
            ));
        } else if name.starts_with("partner@") {
            let what = format!(
                "partner account {name} ({} on {})",
                account.web_ex_id, account.site_name
            );
            if !profile.has("partner") {
                r.findings.push(finding(
                    Status::Note,
                    what,
                    "defined, but capability `partner` is not declared: not probed",
                ));
                continue;
            }
            let answer = call(session, &security(account), "LstMicroSites", "").await;
            let listed: Vec<String> = answer
                .as_ref()
                .map(|a| a.texts("//site/siteName"))
                .unwrap_or_default();
            let mut f = judge(
                answer,
                what,
                &format!("LstMicroSites answers with {} site(s)", listed.len()),
            );
            if f.status == Status::Ok {
                let key = name.trim_start_matches("partner@");
                let missing: Vec<String> = profile
                    .partners
                    .get(key)
                    .map(|p| {
                        p.sites
                            .iter()
                            .filter_map(|role| profile.sites.get(role))
                            .map(|s| s.name.clone())
                            .filter(|n| !listed.contains(n))
                            .collect()
                    })
                    .unwrap_or_default();
                if !missing.is_empty() {
                    f.status = Status::Fail;
                    f.detail = format!(
                        "LstMicroSites does not list the profile's sites {}",
                        missing.join(", ")
                    );
                }
            }
            r.findings.push(f);
        }
    }

    if profile.has("mail") {
        r.findings.push(if profile.is_embedded() {
            finding(Status::Ok, "capability `mail`", "the embedded reference relays its mail to the harness's SMTP sink")
        } else {
            match opts.smtp_listen.or(profile.mail.listen) {
                Some(addr) => finding(
                    Status::Note,
                    "capability `mail`",
                    format!("the harness's SMTP sink listened on {addr} for this check; point the target's mail relay at it. Delivery is seen only when a scenario makes the target send mail."),
                ),
                None => finding(
                    Status::Note,
                    "capability `mail`",
                    "mail can only be observed where the harness listens: set `mail: {listen: ADDR}` in the profile (or run with --smtp-listen ADDR) and point the target's mail relay at ADDR",
                ),
            }
        });
    }
    if profile.has("past-start") {
        r.findings.push(finding(
            Status::Note,
            "capability `past-start`",
            "declared; it cannot be probed without scheduling a meeting",
        ));
    }
    // A target's FAILURE reason may echo what it was sent.
    for f in &mut r.findings {
        f.detail = session.masker.mask(&f.detail);
    }
}

fn security(a: &Account) -> Vec<(String, String)> {
    let mut s = vec![
        ("webExID".to_string(), a.web_ex_id.clone()),
        ("password".to_string(), a.password.clone()),
        ("siteName".to_string(), a.site_name.clone()),
    ];
    if let Some(p) = &a.partner_id {
        s.push(("partnerID".to_string(), p.clone()));
    }
    s
}

/// An answer read far enough to judge credentials.
struct Answer {
    doc: xml::Document,
}

impl Answer {
    fn texts(&self, path: &str) -> Vec<String> {
        XPath::compile(path)
            .ok()
            .and_then(|x| x.evaluate(&self.doc, &|_| None).ok())
            .map(|v| match v {
                xml::Value::Nodes(n) => n
                    .iter()
                    .map(|n| n.string_value().trim().to_string())
                    .collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default()
    }

    fn text(&self, path: &str) -> Option<String> {
        self.texts(path)
            .into_iter()
            .next()
            .filter(|s| !s.is_empty())
    }
}

async fn call(
    session: &Session,
    security: &[(String, String)],
    api: &str,
    body: &str,
) -> Result<Answer, String> {
    let entry = session
        .apis
        .get(api)
        .ok_or_else(|| format!("`{api}` is not in the API catalogue"))?;
    let doc = envelope::request(security, &entry.request_type, body);
    let answer = session
        .client
        .post(&session.url, doc, "targets-check", api)
        .await
        .map_err(|e| session.masker.mask(&e.to_string()))?;
    let doc = xml::parse_bytes(&answer.body, &Limits::default())
        .map_err(|e| format!("HTTP {} with a body that is not XML: {e}", answer.status))?;
    Ok(Answer { doc })
}

/// A SUCCESS is `ok`; a FAILURE names its exception; anything else says what it was.
fn judge(answer: Result<Answer, String>, what: String, ok: &str) -> Finding {
    let a = match answer {
        Ok(a) => a,
        Err(e) => return finding(Status::Fail, what, e),
    };
    let header = match response::read(&a.doc) {
        Ok(env) => env.header(),
        Err(e) => return finding(Status::Fail, what, format!("not an XML API answer: {e}")),
    };
    match header.result.as_deref() {
        Some("SUCCESS") => finding(Status::Ok, what, ok),
        other => finding(
            Status::Fail,
            what,
            format!(
                "{} {} {}",
                other.unwrap_or("no result"),
                header.exception_id.unwrap_or_default(),
                header.reason.unwrap_or_default()
            ),
        ),
    }
}
