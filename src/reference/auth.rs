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
) -> Result<Actor, Fault> {
    let bad = || Fault::new(Code::BadCredentials);
    if let Some(ticket) = &sec.session_ticket {
        return by_ticket(state, sec, ticket, now);
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
        let id_ok = sec.partner_id.as_deref() == Some(p.partner_id.as_str());
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
        return Err(bad());
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
) -> Result<Actor, Fault> {
    let invalid = || Fault::new(Code::InvalidTicket);
    let ticket = state.tickets.get(token.trim()).ok_or_else(invalid)?;
    if ticket.expired(now) {
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
            if !site_matches(*site) || !same_id(&p.webex_id) {
                return Err(invalid());
            }
            Ok(Actor::PartnerSite {
                partner: *partner,
                site: *site,
            })
        }
    }
}
