//! The CPAC partner APIs: LstMicroSites and GetSiteAdminSessionTicket.

use super::dispatch::Ctx;
use super::fields::Fields;
use crate::reference::auth::Actor;
use crate::reference::codes::{Code, Fault};
use crate::reference::model::{State, TicketScope};
use crate::reference::switches::Switch;
use crate::reference::xmlin::Node;
use crate::reference::xmlout::Out;

fn partner_of(actor: &Actor) -> Result<usize, Fault> {
    match actor {
        Actor::PartnerHub { partner } => Ok(*partner),
        _ => Err(Fault::new(Code::AccessDenied)),
    }
}

pub(crate) fn list_micro_sites(
    state: &mut State,
    ctx: &Ctx<'_>,
    actor: &Actor,
) -> Result<String, Fault> {
    let p = &state.partners[partner_of(actor)?];
    let sites: Vec<usize> = if ctx.on(Switch::MicroSitesListsEverySite) {
        (0..state.sites.len()).collect()
    } else {
        p.sites.clone()
    };
    if sites.is_empty() {
        return Err(Fault::new(Code::NoRecord));
    }
    let mut o = Out::new();
    for &s in &sites {
        let site = &state.sites[s];
        o.open("ns1:site")
            .leaf("ns1:siteName", &site.name)
            .leaf("ns1:siteID", site.id)
            .leaf("ns1:siteURL", &site.url)
            .close("ns1:site");
    }
    o.open("ns1:matchingRecords")
        .leaf("serv:total", sites.len())
        .leaf("serv:returned", sites.len())
        .leaf("serv:startFrom", 1)
        .close("ns1:matchingRecords");
    Ok(o.finish())
}

pub(crate) fn site_admin_ticket(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let partner = partner_of(actor)?;
    let mut f = Fields::new(node);
    let name = f.string("siteName");
    let id = f.string("siteID");
    if name.is_none() && id.is_none() {
        f.problem("siteName", "is required");
    }
    f.finish()?;
    let site = match (name, id) {
        (Some(n), _) => state.site_by_name(&n),
        (None, Some(i)) => state.site_by_id(&i),
        (None, None) => None,
    };
    let p = &state.partners[partner];
    let site = site
        .filter(|s| p.sites.contains(s) || ctx.on(Switch::SiteTicketForAnySite))
        .ok_or(Fault::new(Code::SiteNotAssociated))?;
    let site = if ctx.on(Switch::SiteTicketForHubSite) {
        p.hub
    } else {
        site
    };
    let ttl = p.ticket_ttl_secs;
    let (token, ticket) =
        state.issue_ticket(TicketScope::PartnerSite { partner, site }, ctx.now, ttl);
    let mut o = Out::new();
    o.leaf("use:sessionTicket", token)
        .leaf("use:createTime", ticket.created.timestamp_millis())
        .leaf("use:timeToLive", ticket.ttl_secs);
    Ok(o.finish())
}
