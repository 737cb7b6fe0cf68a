//! A target made ready for a run: the endpoint (the embedded reference started if the
//! profile says so), the SMTP sink, resolved credentials, and what every scenario shares.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::api::ApiCatalogue;
use crate::client::{Client, ClientOptions};
use crate::mail::{MailKind, MailSink, MailStore, SubjectRule};
use crate::reference;
use crate::runner::outcome::TargetInfo;
use crate::runner::secrets::Masker;
use crate::scenario::load::parse_duration;
use crate::scenario::Suite;
use crate::target::{Profile, Secret};
use crate::xml::Limits;

/// How a run reaches its target, decided before any scenario starts.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// Where the SMTP sink listens (default: a free loopback port).
    pub smtp_listen: Option<SocketAddr>,
    /// Allow credentials over plain HTTP to a host other than loopback.
    pub allow_insecure: bool,
    /// Extra switches for the embedded reference (defects, variations), on top of the profile's.
    pub extra_switches: Vec<String>,
    /// Overrides the profile's release for the embedded reference.
    pub release: Option<String>,
    /// The embedded reference sends no mail (to prove mail expectations can fail).
    pub reference_mail_off: bool,
    /// Shared by every session of one command, so one Ctrl-C stops them all.
    pub interrupt: crate::runner::interrupt::Interrupt,
}

/// A credential set the harness can send requests as.
#[derive(Debug, Clone)]
pub struct Account {
    pub web_ex_id: String,
    pub password: String,
    pub site_name: String,
    pub site_id: Option<u64>,
    pub partner_id: Option<String>,
    pub email: Option<String>,
}

/// Why a session could not start.
#[derive(Debug)]
pub enum StartError {
    /// Bad profile or options: a usage error (exit 2).
    Config(String),
    /// The target cannot be reached (exit 3).
    Unreachable(String),
    /// The harness itself failed (sockets, runtime).
    Harness(String),
}

pub struct Session {
    pub profile: Profile,
    pub url: String,
    pub client: Client,
    pub apis: ApiCatalogue,
    pub masker: Arc<Masker>,
    /// Accounts by name: `admin` (= `admin@main`), `admin@ROLE`, `partner` (= `partner@default`), `partner@NAME`.
    pub accounts: HashMap<String, Account>,
    pub mail: Option<Arc<MailStore>>,
    pub subject_rules: Vec<SubjectRule>,
    pub mail_timeout: Duration,
    pub mail_settle: Duration,
    pub run_id: String,
    /// A short form of the run id used in provisioned names.
    pub run_tag: String,
    pub limits: Limits,
    pub info: TargetInfo,
    /// The folder holding `cases/` and `golden/`.
    pub suite_root: std::path::PathBuf,
    /// Set when the run is asked to stop (Ctrl-C).
    pub interrupt: crate::runner::interrupt::Interrupt,
    counter: AtomicU64,
    exclusive: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    reference: Option<reference::Running>,
    sink: Option<MailSink>,
}

impl Session {
    /// Starts what the profile needs (embedded reference, SMTP sink) and resolves credentials.
    pub async fn start(
        profile: Profile,
        suite: &Suite,
        run_id: &str,
        opts: &SessionOptions,
    ) -> Result<Session, StartError> {
        let masker = Arc::new(Masker::new());
        // A password in the endpoint's URL is masked before the URL is shown anywhere.
        for password in crate::target::url_password(&profile.endpoint)
            .into_iter()
            .chain(crate::target::url_basic_credentials(&profile.endpoint))
        {
            masker.register(&password);
        }
        let problems = profile.problems();
        if !problems.is_empty() {
            return Err(StartError::Config(masker.mask(&format!(
                "target profile `{}`: {}",
                profile.name,
                problems.join("; ")
            ))));
        }
        let embedded = profile.is_embedded();
        if !embedded && (!opts.extra_switches.is_empty() || opts.release.is_some()) {
            return Err(StartError::Config(format!(
                "--defect and --release start the embedded reference with a fault or at a release; target `{}` is {}, which they cannot change",
                profile.name, profile.endpoint
            )));
        }
        let listen = opts.smtp_listen.or(profile.mail.listen);
        let wants_sink = embedded || profile.has("mail") || listen.is_some();
        let sink = if wants_sink {
            let addr = listen.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
            Some(MailSink::start(addr).await.map_err(|e| {
                let m = format!("cannot start the SMTP sink on {addr}: {e}");
                // An address the user chose (busy, not ours) is theirs to change.
                if listen.is_some() {
                    StartError::Config(m)
                } else {
                    StartError::Harness(m)
                }
            })?)
        } else {
            None
        };

        let mut switches: Vec<String> = profile.switches.clone();
        switches.extend(opts.extra_switches.iter().cloned());
        let release_name = opts.release.clone().or_else(|| profile.release.clone());
        let (reference, url, seed) = if embedded {
            let seed = reference::Seed::builtin();
            let release: reference::Release = match &release_name {
                Some(r) => r
                    .parse()
                    .map_err(|e| StartError::Config(format!("release `{r}`: {e}")))?,
                None => reference::Release::Sp11,
            };
            let parsed =
                reference::Switches::parse(&switches.join(",")).map_err(StartError::Config)?;
            let config = reference::Config {
                seed: seed.clone(),
                release,
                switches: parsed,
                mail_relay: if opts.reference_mail_off {
                    None
                } else {
                    sink.as_ref().map(|s| s.addr())
                },
            };
            let running = reference::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .map_err(|e| {
                    StartError::Harness(format!("cannot start the embedded reference: {e}"))
                })?;
            let url = running.url();
            (Some(running), url, Some(seed))
        } else {
            (None, profile.endpoint.clone(), None)
        };

        if !embedded
            && !opts.allow_insecure
            && url.starts_with("http://")
            && !crate::client::is_loopback(&url)
        {
            return Err(StartError::Config(masker.mask(&format!(
                "{url} is plain HTTP to another host: credentials would cross the network unencrypted. Use https, or pass --allow-insecure if you accept that."
            ))));
        }

        // A `wbxconf serve` on loopback runs the built-in seed: its credentials are known too.
        let seed = seed.or_else(|| crate::client::is_loopback(&url).then(reference::Seed::builtin));
        let accounts = resolve_accounts(&profile, seed.as_ref(), &masker)?;

        let request_timeout = duration(&profile.timeouts.request, Duration::from_secs(30));
        let client = Client::new(ClientOptions {
            timeout: request_timeout,
            connect_timeout: duration(&profile.timeouts.connect, Duration::from_secs(5)),
            max_response_bytes: profile.max_response_bytes.unwrap_or(16 * 1024 * 1024),
            ca_file: profile.tls.ca_file.clone(),
        })
        .map_err(StartError::Config)?;

        let mut subject_rules = Vec::new();
        for r in &profile.mail.subject_rules {
            let pattern = regex::Regex::new(&r.pattern).map_err(|e| {
                StartError::Config(format!("mail.subject_rules: `{}`: {e}", r.pattern))
            })?;
            let kind: MailKind = r.kind.parse().map_err(|_| {
                StartError::Config(format!("mail.subject_rules: unknown kind `{}`", r.kind))
            })?;
            subject_rules.push(SubjectRule { pattern, kind });
        }
        let observes_mail = embedded || profile.has("mail");
        let info = TargetInfo {
            name: profile.name.clone(),
            endpoint: if embedded {
                format!("embedded ({url})")
            } else {
                crate::target::hide_url_password(&url, &url)
            },
            embedded,
            release: embedded.then(|| release_name.clone().unwrap_or_else(|| "sp11".to_string())),
            switches,
        };
        Ok(Session {
            apis: suite.apis.with_overrides(&profile.apis),
            url,
            client,
            masker,
            accounts,
            mail: if observes_mail {
                sink.as_ref().map(|s| s.store())
            } else {
                None
            },
            subject_rules,
            mail_timeout: duration(&profile.timeouts.mail, Duration::from_secs(5)),
            mail_settle: duration(&profile.timeouts.mail_settle, Duration::from_millis(300)),
            run_id: run_id.to_string(),
            run_tag: run_id
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .rev()
                .take(6)
                .collect::<String>(),
            limits: Limits::default(),
            info,
            counter: AtomicU64::new(0),
            exclusive: Mutex::new(HashMap::new()),
            reference,
            sink,
            suite_root: suite.root.clone(),
            interrupt: opts.interrupt.clone(),
            profile,
        })
    }

    /// A number unique within the run, for provisioned names.
    pub fn next_id(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The lock for an `exclusive` resource name.
    pub fn exclusive(&self, name: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.exclusive.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(name.to_string()).or_default().clone()
    }

    pub fn account(&self, name: &str) -> Option<&Account> {
        let key = match name {
            "admin" => "admin@main",
            "partner" => "partner@default",
            other => other,
        };
        self.accounts.get(key)
    }

    /// The admin of a site role (provisions that site's actors).
    pub fn admin_of(&self, site_role: &str) -> Option<&Account> {
        self.accounts.get(&format!("admin@{site_role}"))
    }

    /// Stops the embedded reference and the SMTP sink.
    pub async fn shutdown(mut self) {
        if let Some(r) = self.reference.take() {
            r.shutdown().await;
        }
        if let Some(s) = self.sink.take() {
            s.shutdown().await;
        }
    }
}

fn duration(v: &Option<String>, default: Duration) -> Duration {
    v.as_deref().and_then(parse_duration).unwrap_or(default)
}

fn resolve_accounts(
    profile: &Profile,
    seed: Option<&reference::Seed>,
    masker: &Masker,
) -> Result<HashMap<String, Account>, StartError> {
    let secret =
        |what: &str, s: &Secret, seed_value: Option<String>| -> Result<String, StartError> {
            let value = if let Some(var) = &s.env {
                std::env::var(var).map_err(|_| {
                    StartError::Config(format!("{what}: environment variable `{var}` is not set"))
                })?
            } else {
                seed_value.ok_or_else(|| {
                    StartError::Config(format!(
                        "{what}: the embedded reference's seed has no such account"
                    ))
                })?
            };
            match &s.env {
                Some(var) => masker.register_named(&format!("{what} (`{var}`)"), &value),
                None => masker.register(&value),
            };
            Ok(value)
        };
    let mut out = HashMap::new();
    let by_role: BTreeMap<&String, &crate::target::SiteRole> = profile.sites.iter().collect();
    for (role, site) in &by_role {
        let Some(admin) = &site.admin else { continue };
        let seed_pw = seed
            .and_then(|s| s.admin(&site.name))
            .filter(|c| c.webex_id == admin.web_ex_id)
            .map(|c| c.password);
        let password = secret(
            &format!("sites.{role}.admin.password"),
            &admin.password,
            seed_pw,
        )?;
        out.insert(
            format!("admin@{role}"),
            Account {
                web_ex_id: admin.web_ex_id.clone(),
                password,
                site_name: site.name.clone(),
                site_id: site.id,
                partner_id: None,
                email: admin.email.clone(),
            },
        );
    }
    for (name, p) in &profile.partners {
        let site = profile.sites.get(&p.site).ok_or_else(|| {
            StartError::Config(format!("partners.{name}: unknown site role `{}`", p.site))
        })?;
        let seeded = seed
            .and_then(|s| s.partners.iter().find(|x| x.webex_id == p.web_ex_id))
            .map(|x| (x.password.clone(), x.partner_id.clone()));
        let password = secret(
            &format!("partners.{name}.password"),
            &p.password,
            seeded.as_ref().map(|c| c.0.clone()),
        )?;
        let partner_id = secret(
            &format!("partners.{name}.partnerID"),
            &p.partner_id,
            seeded.map(|c| c.1),
        )?;
        out.insert(
            format!("partner@{name}"),
            Account {
                web_ex_id: p.web_ex_id.clone(),
                password,
                site_name: site.name.clone(),
                site_id: site.id,
                partner_id: Some(partner_id),
                email: None,
            },
        );
    }
    Ok(out)
}
