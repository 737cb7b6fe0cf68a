//! The reference's initial world (`seed.yaml`, built in, or a file of the same shape).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;

const BUILTIN: &str = include_str!("seed.yaml");

/// Sites, administrators, partners, clock and mail sender.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    pub clock: Option<ClockSeed>,
    pub mail: MailSeed,
    pub sites: Vec<SiteSeed>,
    #[serde(default)]
    pub partners: Vec<PartnerSeed>,
}

/// `fixed` freezes the clock at that instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockSeed {
    /// An RFC 3339 instant, e.g. `2026-01-05T10:00:00Z`.
    pub fixed: String,
}

impl ClockSeed {
    pub fn instant(&self) -> Result<DateTime<Utc>, String> {
        DateTime::parse_from_rfc3339(self.fixed.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| format!("clock.fixed {:?}: {e}", self.fixed))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSeed {
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSeed {
    pub name: String,
    pub id: i64,
    pub url: String,
    pub cmr: bool,
    pub cmr_licences: u32,
    pub pmr_for_instant_meetings: bool,
    #[serde(default)]
    pub admins: Vec<AccountSeed>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSeed {
    pub webex_id: String,
    pub password: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerSeed {
    pub name: String,
    pub site: String,
    pub webex_id: String,
    pub password: String,
    pub partner_id: String,
    pub sites: Vec<String>,
    pub ticket_lifetime_secs: u64,
}

/// What a client puts in the securityContext to act as a seeded account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub site_name: String,
    pub site_id: i64,
    pub webex_id: String,
    pub password: String,
    /// Set for partner accounts.
    pub partner_id: Option<String>,
}

impl Seed {
    /// The built-in seed (`src/reference/seed.yaml`).
    pub fn builtin() -> Seed {
        Seed::from_yaml(BUILTIN).expect("the built-in seed is valid (checked by a unit test)")
    }

    pub fn from_file(path: &Path) -> Result<Seed, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Seed::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses and checks a seed; every problem found is reported.
    pub fn from_yaml(text: &str) -> Result<Seed, String> {
        let seed: Seed = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        let problems = seed.problems();
        if problems.is_empty() {
            Ok(seed)
        } else {
            Err(problems.join("; "))
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(Err(e)) = self.clock.as_ref().map(ClockSeed::instant) {
            out.push(e);
        }
        for (i, s) in self.sites.iter().enumerate() {
            if self.sites[..i]
                .iter()
                .any(|o| o.name.eq_ignore_ascii_case(&s.name) || o.id == s.id)
            {
                out.push(format!("site {:?} (id {}) is declared twice", s.name, s.id));
            }
        }
        for p in &self.partners {
            if self.site(&p.site).is_none() {
                out.push(format!(
                    "partner {:?}: unknown CPAC site {:?}",
                    p.name, p.site
                ));
            }
            for s in p.sites.iter().filter(|s| self.site(s).is_none()) {
                out.push(format!("partner {:?}: unknown micro site {s:?}", p.name));
            }
        }
        out
    }

    pub fn site(&self, name: &str) -> Option<&SiteSeed> {
        self.sites
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }

    pub fn site_names(&self) -> Vec<&str> {
        self.sites.iter().map(|s| s.name.as_str()).collect()
    }

    /// The first administrator of a site.
    pub fn admin(&self, site: &str) -> Option<Credentials> {
        let s = self.site(site)?;
        let a = s.admins.first()?;
        Some(Credentials {
            site_name: s.name.clone(),
            site_id: s.id,
            webex_id: a.webex_id.clone(),
            password: a.password.clone(),
            partner_id: None,
        })
    }

    /// A partner's credentials on its CPAC site.
    pub fn partner(&self, name: &str) -> Option<Credentials> {
        let p = self.partners.iter().find(|p| p.name == name)?;
        let s = self.site(&p.site)?;
        Some(Credentials {
            site_name: s.name.clone(),
            site_id: s.id,
            webex_id: p.webex_id.clone(),
            password: p.password.clone(),
            partner_id: Some(p.partner_id.clone()),
        })
    }

    /// The micro sites a partner is associated with.
    pub fn partner_sites(&self, name: &str) -> Vec<&str> {
        self.partners
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.sites.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    pub fn fixed_clock(&self) -> Option<DateTime<Utc>> {
        self.clock.as_ref().and_then(|c| c.instant().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_seed_has_the_named_roles() {
        let seed = Seed::builtin();
        for (site, id) in [
            ("cmr", 10001),
            ("nocmr", 10002),
            ("onelicence", 10003),
            ("micro-a", 10004),
            ("micro-b", 10005),
            ("outsider", 10006),
            ("cpachub", 10000),
        ] {
            assert_eq!(seed.site(site).map(|s| s.id), Some(id), "{site}");
        }
        assert_eq!(seed.admin("nocmr").unwrap().password, "Adm1n-nocmr!");
        assert_eq!(seed.admin("micro-b").unwrap().password, "Adm1n-micro-b!");
        let p = seed.partner("cpac").unwrap();
        assert_eq!(
            (
                p.site_name.as_str(),
                p.webex_id.as_str(),
                p.partner_id.as_deref()
            ),
            ("cpachub", "cpacpartner", Some("PID-CPAC-0001"))
        );
        assert_eq!(seed.partner_sites("cpacshort"), vec!["micro-a"]);
        assert_eq!(seed.site("onelicence").unwrap().cmr_licences, 1);
        assert!(seed.fixed_clock().is_none());
    }

    #[test]
    fn problems_are_all_reported() {
        let text = "mail: {from: a@b}\nsites: [{name: x, id: 1, url: u, cmr: true, cmr_licences: 1, pmr_for_instant_meetings: true}]\npartners: [{name: p, site: nope, webex_id: w, password: p, partner_id: i, sites: [x, y], ticket_lifetime_secs: 1}]\nclock: {fixed: \"not a date\"}\n";
        let err = Seed::from_yaml(text).unwrap_err();
        assert!(
            err.contains("\"nope\"") && err.contains("\"y\"") && err.contains("clock.fixed"),
            "{err}"
        );
    }
}
