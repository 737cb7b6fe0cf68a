//! One scenario's state while it runs: its actors' identities, captured variables and
//! the clock, and the template context built from them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::runner::session::Session;
use crate::scenario::model::{ActorRole, ActorSpec};
use crate::scenario::template::{self, Context, Escape, Resolved};
use crate::scenario::Scenario;

/// A provisioned (or to-be-provisioned) actor.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub role: ActorRole,
    pub web_ex_id: String,
    pub email: String,
    pub first: String,
    pub last: String,
    pub password: String,
    pub site_role: String,
    pub site_name: String,
    pub site_id: Option<u64>,
    /// Whether CreateUser succeeded (so DelUser is owed at the end).
    pub provisioned: bool,
}

pub struct ScenarioState<'s> {
    pub session: &'s Session,
    pub scenario: &'s Scenario,
    pub actors: BTreeMap<String, Actor>,
    pub vars: BTreeMap<String, String>,
    pub now: DateTime<Utc>,
    /// Unique per scenario per run (`run.id` in templates is the run's).
    pub uid: String,
}

impl<'s> ScenarioState<'s> {
    pub fn new(session: &'s Session, scenario: &'s Scenario) -> ScenarioState<'s> {
        let n = session.next_id();
        let uid = format!("{}{n}", session.run_tag);
        let domain = session
            .profile
            .mail_domain
            .clone()
            .unwrap_or_else(|| "wbxconf.test".to_string());
        let mut actors = BTreeMap::new();
        for (name, spec) in &scenario.spec.actors {
            actors.insert(name.clone(), make_actor(session, name, spec, &uid, &domain));
        }
        ScenarioState {
            session,
            scenario,
            actors,
            vars: BTreeMap::new(),
            now: Utc::now(),
            uid,
        }
    }

    /// What this scenario's templates stand for, as recorded for re-judging.
    pub fn replay(&self) -> crate::runner::outcome::Replay {
        crate::runner::outcome::Replay {
            now: self.now.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            scenario_uid: self.uid.clone(),
            run_id: self.session.run_id.clone(),
            actors: self
                .actors
                .values()
                .map(|a| crate::runner::outcome::ReplayActor {
                    name: a.name.clone(),
                    web_ex_id: a.web_ex_id.clone(),
                    email: a.email.clone(),
                    first: a.first.clone(),
                    last: a.last.clone(),
                    site: a.site_name.clone(),
                    site_id: a.site_id,
                })
                .collect(),
        }
    }

    /// Renders a scenario template with XML escaping (bodies) or none (XPath, values).
    pub fn render(&self, text: &str, escape: Escape) -> Result<String, String> {
        template::render_str(text, self, escape)
    }
}

fn make_actor(session: &Session, name: &str, spec: &ActorSpec, uid: &str, domain: &str) -> Actor {
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(12)
        .collect();
    let web_ex_id = format!("{clean}{uid}").to_lowercase();
    let site = session.profile.sites.get(&spec.site);
    Actor {
        name: name.to_string(),
        role: spec.role,
        email: format!("{web_ex_id}@{domain}"),
        first: name.to_string(),
        last: format!("Wbxconf {uid}"),
        password: generated_password(),
        site_role: spec.site.clone(),
        site_name: site.map(|s| s.name.clone()).unwrap_or_default(),
        site_id: site.and_then(|s| s.id),
        provisioned: false,
        web_ex_id,
    }
}

/// A fresh password per actor per run: random enough that no two runs share one, and
/// always registered with the masker before use.
fn generated_password() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    let a = h.finish();
    let mut h2 = std::collections::hash_map::RandomState::new().build_hasher();
    h2.write_u64(a);
    format!("Wx{:x}{:x}!", a, h2.finish() & 0xffff_ffff)
}

impl Context for ScenarioState<'_> {
    fn lookup(&self, path: &[String]) -> Option<Resolved> {
        let plain = |text: String| {
            Some(Resolved {
                text,
                secret: false,
            })
        };
        let first = path.first()?.as_str();
        if path.len() == 1 {
            return self.vars.get(first).map(|v| Resolved {
                text: v.clone(),
                secret: self.session.masker.is_secret(v),
            });
        }
        let field = path[1].as_str();
        if let Some(a) = self.actors.get(first) {
            return match field {
                "id" => plain(a.web_ex_id.clone()),
                "email" => plain(a.email.clone()),
                "name" => plain(format!("{} {}", a.first, a.last)),
                "first" => plain(a.first.clone()),
                "last" => plain(a.last.clone()),
                "password" => Some(Resolved {
                    text: a.password.clone(),
                    secret: true,
                }),
                "site" => plain(a.site_name.clone()),
                "site_id" => a.site_id.map(|i| i.to_string()).and_then(plain),
                _ => None,
            };
        }
        if let Some(acc) = self.session.account(first) {
            return match field {
                "id" => plain(acc.web_ex_id.clone()),
                "password" => Some(Resolved {
                    text: acc.password.clone(),
                    secret: true,
                }),
                "partner_id" => acc
                    .partner_id
                    .clone()
                    .map(|text| Resolved { text, secret: true }),
                "site" => plain(acc.site_name.clone()),
                "site_id" => acc.site_id.map(|i| i.to_string()).and_then(plain),
                "email" => acc.email.clone().and_then(plain),
                _ => None,
            };
        }
        match (first, path.len()) {
            ("site", 3) => {
                let site = self.session.profile.sites.get(&path[1])?;
                match path[2].as_str() {
                    "name" => plain(site.name.clone()),
                    "id" => site.id.map(|i| i.to_string()).and_then(plain),
                    "url" => plain(format!("https://{}.webex.com", site.name)),
                    _ => None,
                }
            }
            ("run", 2) if field == "id" => plain(self.session.run_id.clone()),
            ("scenario", 2) if field == "id" => plain(self.uid.clone()),
            _ => None,
        }
    }

    fn env(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn zone(&self, id: u16) -> Option<chrono_tz::Tz> {
        crate::reference::calendar::timezones::by_id(i64::from(id)).map(|z| z.tz)
    }

    fn secret_used(&self, value: &str) {
        self.session.masker.register(value);
    }

    fn env_used(&self, name: &str, value: &str) {
        self.session
            .masker
            .register_named(&format!("${{env:{name}}}"), value);
    }
}
