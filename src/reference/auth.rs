//! Who is calling: the securityContext resolved against the state.
//!
//! Rules: webExID (or email) + password, or sessionTicket. Unknown account and
//! wrong password both answer 030002 (never say which); a deactivated account
//! with the right password answers 990008. A partner logs in on its CPAC site
//! with webExID + password + partnerID; a site-admin ticket from
//! GetSiteAdminSessionTicket is valid only with its own site and the partner's
//! webExID, and only for user provisioning (checked by the operations).

use super::codes::{Code, Fault};
use super::envelope::Security;
use super::model::{State, TicketScope, User};
use super::switches::{Switch, Switches};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Actor {
    /// A user of a site (`user` is the lower-cased webExId).
    User { site: usize, user: String },
    /// A partner logged in on its CPAC site with its credentials.
    PartnerHub { partner: usize },
    /// A partner holding a site-admin ticket for one micro site.
    PartnerSite { partner: usize, site: usize },
}

impl Actor {
    /// The site and user, for calls only a site user may make.
    pub fn site_user(&self) -> Result<(usize, &str), Fault> {
        match self {
            Actor::User { site, user } => Ok((*site, user)),
            _ => Err(Fault::new(Code::AccessDenied)),
        }
    }

    /// The site this caller may provision users on: its own as a site
    /// administrator, or the one its partner ticket names.
    pub fn provisioning_site(&self, state: &State) -> Result<usize, Fault> {
        match self {
            Actor::User { site, user } => {
                let admin = state.sites[*site].user(user).is_some_and(|u| u.site_admin);
                if admin {
                    Ok(*site)
                } else {
                    Err(Fault::new(Code::AccessDenied))
                }
            }
            Actor::PartnerSite { site, .. } => Ok(*site),
            Actor::PartnerHub { .. } => Err(Fault::new(Code::AccessDenied)),
        }
    }
}

pub(crate) fn authenticate(
    state: &State,
    sec: &Security,
    now: DateTime<Utc>,
    switches: &Switches,
) -> Result<Actor, Fault> {
    let bad = || Fault::new(Code::BadCredentials);
    if let Some(ticket) = &sec.session_ticket {
        return by_ticket(state, sec, ticket, now, switches);
    }
    let site = match (&sec.site_name, &sec.site_id) {
        (Some(n), _) => state.site_by_name(n),
        (None, Some(id)) => state.site_by_id(id),
        (None, None) => None,
    }
    .ok_or_else(bad)?;
    let password = sec.password.as_deref().ok_or_else(bad)?;
    let webex_id = sec.webex_id.as_deref();

    if let Some(pi) = state.partners.iter().position(|p| {
        p.hub == site && webex_id.is_some_and(|w| w.eq_ignore_ascii_case(&p.webex_id))
    }) {
        let p = &state.partners[pi];
        let id_ok = sec.partner_id.as_deref() == Some(p.partner_id.as_str())
            || switches.is_on(Switch::PartnerIdNotChecked);
        return if p.password == password && id_ok {
            Ok(Actor::PartnerHub { partner: pi })
        } else {
            Err(bad())
        };
    }

    let s = &state.sites[site];
    let user: &User = match (webex_id, &sec.email) {
        (Some(w), _) => s.user(w),
        (None, Some(e)) => s.user_by_email(e),
        (None, None) => None,
    }
    .ok_or_else(bad)?;
    if user.password != password {
        return Err(if switches.is_on(Switch::WrongPasswordUnknownUser) {
            Fault::new(Code::UnknownUser)
        } else {
            bad()
        });
    }
    if !user.is_active() {
        return Err(Fault::new(Code::Deactivated));
    }
    Ok(Actor::User {
        site,
        user: user.webex_id.to_ascii_lowercase(),
    })
}

fn by_ticket(
    state: &State,
    sec: &Security,
    token: &str,
    now: DateTime<Utc>,
    switches: &Switches,
) -> Result<Actor, Fault> {
    let on = |s| switches.is_on(s);
    let invalid = || {
        Fault::new(if on(Switch::InvalidTicketBadPassword) {
            Code::BadCredentials
        } else {
            Code::InvalidTicket
        })
    };
    let ticket = state.tickets.get(token.trim()).ok_or_else(invalid)?;
    let site_ticket = matches!(ticket.scope, TicketScope::PartnerSite { .. });
    if ticket.expired(now) && !(site_ticket && on(Switch::SiteTicketNeverExpires)) {
        return Err(invalid());
    }
    let site_matches = |site: usize| {
        let s = &state.sites[site];
        match (&sec.site_name, &sec.site_id) {
            (Some(n), _) => s.name.eq_ignore_ascii_case(n),
            (None, Some(id)) => id.trim() == s.id.to_string(),
            (None, None) => false,
        }
    };
    let same_id = |w: &str| {
        sec.webex_id
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
    };
    match &ticket.scope {
        TicketScope::User { site, user } => {
            if !site_matches(*site) || !same_id(user) {
                return Err(invalid());
            }
            let u = state.sites[*site].user(user).ok_or_else(invalid)?;
            if !u.is_active() {
                return Err(Fault::new(Code::Deactivated));
            }
            Ok(Actor::User {
                site: *site,
                user: user.clone(),
            })
        }
        TicketScope::PartnerSite { partner, site } => {
            let p = &state.partners[*partner];
            let named = sec.site_name.as_deref().and_then(|n| state.site_by_name(n));
            let site = match named {
                Some(other) if on(Switch::SiteTicketValidOnAnySite) => other,
                _ => *site,
            };
            if !site_matches(site) || !same_id(&p.webex_id) {
                return Err(invalid());
            }
            Ok(Actor::PartnerSite {
                partner: *partner,
                site,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::seed::Seed;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap()
    }

    fn sec(site: &str, id: &str) -> Security {
        Security {
            site_name: Some(site.into()),
            webex_id: Some(id.into()),
            ..Security::default()
        }
    }

    fn auth(state: &State, sec: &Security, now: DateTime<Utc>) -> Result<Actor, Fault> {
        authenticate(state, sec, now, &Switches::none())
    }

    fn code(r: Result<Actor, Fault>) -> Option<&'static str> {
        r.err().map(|f| f.code.id())
    }

    #[test]
    fn passwords_partners_and_deactivation() {
        let mut state = State::from_seed(&Seed::builtin(), now());
        let ok = Security {
            password: Some("Adm1n-cmr!".into()),
            ..sec("cmr", "ADMIN")
        };
        assert!(matches!(auth(&state, &ok, now()), Ok(Actor::User { .. })));
        let wrong = Security {
            password: Some("nope".into()),
            ..sec("cmr", "admin")
        };
        let unknown = Security {
            password: Some("Adm1n-cmr!".into()),
            ..sec("cmr", "ghost")
        };
        assert_eq!(code(auth(&state, &wrong, now())), Some("030002"));
        assert_eq!(code(auth(&state, &unknown, now())), Some("030002"));
        let partner = Security {
            password: Some("Cp4c-partner!".into()),
            partner_id: Some("PID-CPAC-0001".into()),
            ..sec("cpachub", "cpacpartner")
        };
        assert_eq!(
            auth(&state, &partner, now()),
            Ok(Actor::PartnerHub { partner: 0 })
        );
        let no_id = Security {
            partner_id: None,
            ..partner.clone()
        };
        assert_eq!(code(auth(&state, &no_id, now())), Some("030002"));
        let site = state.site_by_name("cmr").unwrap();
        state.sites[site].user_mut("admin").unwrap().active =
            crate::reference::model::Active::Deactivated;
        assert_eq!(code(auth(&state, &ok, now())), Some("990008"));
        assert_eq!(
            code(auth(&state, &wrong, now())),
            Some("030002"),
            "a wrong password still says nothing more"
        );
    }

    #[test]
    fn a_site_admin_ticket_is_valid_for_its_site_and_partner_until_it_expires() {
        let mut state = State::from_seed(&Seed::builtin(), now());
        let site = state.site_by_name("micro-a").unwrap();
        let (token, _) =
            state.issue_ticket(TicketScope::PartnerSite { partner: 1, site }, now(), 2);
        let with = |s: &str, id: &str| Security {
            session_ticket: Some(token.clone()),
            ..sec(s, id)
        };
        assert_eq!(
            auth(&state, &with("micro-a", "cpacshort"), now()),
            Ok(Actor::PartnerSite { partner: 1, site })
        );
        assert_eq!(
            code(auth(&state, &with("micro-b", "cpacshort"), now())),
            Some("030047")
        );
        assert_eq!(
            code(auth(&state, &with("micro-a", "admin"), now())),
            Some("030047")
        );
        assert_eq!(
            code(auth(
                &state,
                &with("micro-a", "cpacshort"),
                now() + Duration::seconds(2)
            )),
            Some("030047")
        );
        let actor = auth(&state, &with("micro-a", "cpacshort"), now()).unwrap();
        assert_eq!(actor.provisioning_site(&state), Ok(site));
        assert_eq!(actor.site_user().err().map(|f| f.code.id()), Some("000001"));
    }
}
