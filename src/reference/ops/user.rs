//! CreateUser, SetUser, GetUser, DelUser, LstsummaryUser, AuthenticateUser,
//! with the SP11 CMR / Personal Room rules:
//! - `privilege/isEnableCET` needs CMR on the site (990001) and a free licence
//!   (990002); each enabled user holds one, disabling or deleting returns it;
//! - `personalUrl`, `personalMeetingRoom/hostPIN` and `accessCode` can be set
//!   only while site CMR and the user's PMR are on (990003);
//! - a user with PMR on a CMR site has a Personal Room (see `personal_room`);
//! - a failing request changes nothing: everything is checked before applying.

use super::dispatch::Ctx;
use super::fields::Fields;
use super::personal_room;
use super::user_view;
use crate::reference::auth::Actor;
use crate::reference::calendar::Zone;
use crate::reference::codes::{Code, Fault};
use crate::reference::model::{Active, Kind, Site, State, TicketScope, User};
use crate::reference::switches::Switch;
use crate::reference::xmlin::Node;
use crate::reference::xmlout::Out;

/// Lifetime of tickets from AuthenticateUser, in seconds.
const USER_TICKET_TTL: u64 = 5400;

#[derive(Debug, Default)]
struct UserSpec {
    webex_id: Option<String>,
    password: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    title: Option<String>,
    company: Option<String>,
    zone: Option<&'static Zone>,
    host: Option<bool>,
    site_admin: Option<bool>,
    cet: Option<bool>,
    pmr: Option<bool>,
    personal_url: Option<String>,
    apply_pmr: Option<bool>,
    access_code: Option<String>,
    host_pin: Option<String>,
    scheduling_permission: Option<Vec<String>>,
    active: Option<Active>,
}

impl UserSpec {
    fn read(f: &mut Fields<'_>) -> UserSpec {
        let active = f.string("active").and_then(|a| {
            let v = Active::parse(&a);
            if v.is_none() {
                f.problem(
                    "active",
                    format!("{a:?} is not ACTIVATED, REQUEST_TO_ACTIVATE or DEACTIVATED"),
                );
            }
            v
        });
        let personal_url = f.string("personalUrl").or_else(|| f.string("personalURL"));
        if let Some(u) = &personal_url {
            if !personal_room::valid_url(u) {
                f.problem(
                    "personalUrl",
                    format!("{u:?} is not a valid Personal Room id (letters, digits, . _ -)"),
                );
            }
        }
        UserSpec {
            webex_id: f.string("webExId"),
            password: f.node("password").map(|n| n.text.trim().to_string()),
            first_name: f.string("firstName"),
            last_name: f.string("lastName"),
            email: f.string("email"),
            title: f.string("title"),
            company: f.string("company"),
            zone: f.zone("timeZoneID", "timeZone"),
            host: f.bool("privilege/host"),
            site_admin: f.bool("privilege/siteAdmin"),
            cet: f.bool("privilege/isEnableCET"),
            pmr: f.bool("privilege/isEnablePMR"),
            personal_url,
            apply_pmr: f.bool("personalMeetingRoom/applyPMRForInstantMeeting"),
            access_code: f.string("personalMeetingRoom/accessCode"),
            host_pin: f.string("personalMeetingRoom/hostPIN"),
            scheduling_permission: f.node("schedulingPermission").map(|n| {
                n.text
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
            active,
        }
    }

    fn touches_personal_room(&self) -> bool {
        self.personal_url.is_some() || self.access_code.is_some() || self.host_pin.is_some()
    }
}

/// The SP11 CMR checks for a create (`current` None) or a change.
fn check_cmr(
    site: &Site,
    ctx: &Ctx<'_>,
    current: Option<&User>,
    spec: &UserSpec,
) -> Result<(), Fault> {
    let was_cet = current.is_some_and(|u| u.cet);
    if spec.cet == Some(true) && !was_cet {
        if !site.cmr && !ctx.on(Switch::CetWithoutSiteCmr) {
            return Err(Fault::new(Code::CmrOff));
        }
        if site.licences_used() >= site.licences && !ctx.on(Switch::CetLicencesUnlimited) {
            return Err(Fault::new(Code::NoLicence));
        }
    }
    let pmr = spec.pmr.or(current.map(|u| u.pmr)).unwrap_or(false);
    let cmr = site.cmr || ctx.on(Switch::PersonalUrlAcceptedWithoutCmr);
    if spec.touches_personal_room() && (!cmr || !pmr) {
        return Err(Fault::new(Code::PersonalRoomOff));
    }
    let me = current.map_or_else(
        || spec.webex_id.clone().unwrap_or_default(),
        |u| u.webex_id.clone(),
    );
    if let Some(url) = &spec.personal_url {
        if personal_room::url_taken(site, url, &me) {
            return Err(Fault::with_reason(
                Code::InvalidValue,
                format!("Invalid request value: personalUrl: {url:?} is already in use"),
            ));
        }
    }
    Ok(())
}

/// Opens or closes the user's Personal Room to match site CMR and the user's PMR.
fn sync_personal_room(state: &mut State, ctx: &Ctx<'_>, site_ix: usize, user_key: &str) {
    if ctx.on(Switch::CmrRulesOff) {
        return;
    }
    let site = &mut state.sites[site_ix];
    let Some(u) = site.user(user_key) else { return };
    let wanted = site.cmr && u.pmr;
    match (wanted, u.pmr_meeting.is_some()) {
        (true, false) => personal_room::open(state, site_ix, user_key, ctx.now),
        (false, true) => personal_room::close(site, user_key),
        _ => {}
    }
}

fn apply(u: &mut User, spec: &UserSpec) {
    if let Some(p) = &spec.password {
        u.password.clone_from(p);
    }
    let set = |field: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            field.clone_from(v);
        }
    };
    set(&mut u.first_name, &spec.first_name);
    set(&mut u.last_name, &spec.last_name);
    set(&mut u.email, &spec.email);
    if spec.title.is_some() {
        u.title.clone_from(&spec.title);
    }
    if spec.company.is_some() {
        u.company.clone_from(&spec.company);
    }
    if spec.zone.is_some() {
        u.zone = spec.zone;
    }
    u.host = spec.host.unwrap_or(u.host);
    u.site_admin = spec.site_admin.unwrap_or(u.site_admin);
    u.cet = spec.cet.unwrap_or(u.cet);
    u.pmr = spec.pmr.unwrap_or(u.pmr);
    if spec.personal_url.is_some() {
        u.personal_url.clone_from(&spec.personal_url);
    }
    if spec.access_code.is_some() {
        u.pmr_access_code.clone_from(&spec.access_code);
    }
    if spec.host_pin.is_some() {
        u.pmr_host_pin.clone_from(&spec.host_pin);
    }
    u.apply_pmr_instant = spec.apply_pmr.unwrap_or(u.apply_pmr_instant);
    if let Some(p) = &spec.scheduling_permission {
        u.scheduling_permission.clone_from(p);
    }
    u.active = spec.active.unwrap_or(u.active);
}

pub(crate) fn create(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let site_ix = match actor {
        Actor::User { site, .. } if ctx.on(Switch::HostsMayCreateUsers) => *site,
        _ => actor.provisioning_site(state)?,
    };
    let mut f = Fields::new(node);
    let spec = UserSpec::read(&mut f);
    f.require("webExId", spec.webex_id.as_ref());
    f.require("password", spec.password.as_ref().filter(|p| !p.is_empty()));
    f.require("email", spec.email.as_ref());
    f.finish()?;
    let (Some(webex_id), Some(email)) = (spec.webex_id.clone(), spec.email.clone()) else {
        return Err(Fault::new(Code::InvalidValue));
    };
    let site = &state.sites[site_ix];
    if site.user(&webex_id).is_some() {
        return Err(Fault::new(Code::WebExIdExists));
    }
    if site.user_by_email(&email).is_some() {
        return Err(Fault::new(Code::EmailExists));
    }
    if !ctx.on(Switch::CmrRulesOff) {
        check_cmr(site, ctx, None, &spec)?;
    }
    let default_apply = site.pmr_instant_default;
    let user_id = state.next_number() + 500_000_000;
    let mut user = User {
        user_id,
        webex_id: webex_id.clone(),
        password: String::new(),
        first_name: String::new(),
        last_name: String::new(),
        email,
        title: None,
        company: None,
        zone: None,
        host: true,
        site_admin: false,
        active: Active::Activated,
        scheduling_permission: Vec::new(),
        cet: false,
        pmr: false,
        personal_url: None,
        pmr_access_code: None,
        pmr_host_pin: None,
        apply_pmr_instant: default_apply,
        pmr_meeting: None,
        registered: ctx.now,
    };
    apply(&mut user, &spec);
    if ctx.on(Switch::ApplyPmrIgnoresCreateValue) {
        user.apply_pmr_instant = default_apply;
    }
    state.sites[site_ix]
        .users
        .insert(webex_id.to_ascii_lowercase(), user);
    sync_personal_room(state, ctx, site_ix, &webex_id);
    let mut o = Out::new();
    o.leaf("use:userId", user_id);
    Ok(o.finish())
}

pub(crate) fn set(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let site_ix = actor.provisioning_site(state)?;
    let mut f = Fields::new(node);
    let mut spec = UserSpec::read(&mut f);
    f.require("webExId", spec.webex_id.as_ref());
    f.finish()?;
    let webex_id = spec.webex_id.clone().unwrap_or_default();
    let site = &state.sites[site_ix];
    let current = site.user(&webex_id).ok_or(Fault::new(Code::UnknownUser))?;
    if let Some(e) = &spec.email {
        if site
            .user_by_email(e)
            .is_some_and(|o| !o.webex_id.eq_ignore_ascii_case(&webex_id))
        {
            return Err(Fault::new(Code::EmailExists));
        }
    }
    if !ctx.on(Switch::CmrRulesOff) {
        check_cmr(site, ctx, Some(current), &spec)?;
    }
    if ctx.on(Switch::HostPinChangeIgnored) {
        spec.host_pin = None;
    }
    if ctx.on(Switch::DeactivationDeletesMeetings) && spec.active == Some(Active::Deactivated) {
        let host = current.webex_id.clone();
        let site = &mut state.sites[site_ix];
        let hosted: Vec<u64> = site
            .meetings
            .values()
            .filter(|m| m.host.eq_ignore_ascii_case(&host) && !matches!(m.kind, Kind::PersonalRoom))
            .map(|m| m.key)
            .collect();
        for key in hosted {
            site.remove_meeting(key);
        }
    }
    if let Some(u) = state.sites[site_ix].user_mut(&webex_id) {
        apply(u, &spec);
    }
    sync_personal_room(state, ctx, site_ix, &webex_id);
    Ok(String::new())
}

pub(crate) fn get(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let mut f = Fields::new(node);
    let target = f.string("webExId");
    f.require("webExId", target.as_ref());
    f.finish()?;
    let target = target.unwrap_or_default();
    let site_ix = match actor {
        Actor::User { site, user } if user.eq_ignore_ascii_case(&target) => *site,
        _ => actor.provisioning_site(state)?,
    };
    let site = &state.sites[site_ix];
    let unknown = if ctx.on(Switch::UnknownUserNoRecord) {
        Code::NoRecord
    } else {
        Code::UnknownUser
    };
    let u = site.user(&target).ok_or(Fault::new(unknown))?;
    Ok(user_view::get_user(site, u, ctx))
}

pub(crate) fn delete(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let site_ix = actor.provisioning_site(state)?;
    let ids: Vec<String> = node
        .children_named("webExId")
        .map(|n| n.text.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if ids.is_empty() {
        return Err(Fault::with_reason(
            Code::InvalidValue,
            "Invalid request value: webExId: is required",
        ));
    }
    let site = &mut state.sites[site_ix];
    if let Some(missing) = ids.iter().find(|id| site.user(id).is_none()) {
        return Err(Fault::with_reason(
            Code::UnknownUser,
            format!("{}: {missing}", Code::UnknownUser.reason()),
        ));
    }
    let mut o = Out::new();
    for id in &ids {
        let already_gone = site.user(id).is_some_and(|u| !u.is_active());
        let no_op = already_gone && ctx.on(Switch::DelDeactivatedUserIsNoOp);
        if let Some(u) = site.user_mut(id).filter(|_| !no_op) {
            // DelUser deactivates: the account stays, so its meetings and history remain addressable.
            u.active = Active::Deactivated;
            u.cet = u.cet && ctx.on(Switch::DelUserKeepsLicence);
            u.pmr = false;
        }
        if !ctx.on(Switch::CmrRulesOff) && !ctx.on(Switch::DelUserKeepsPersonalRoom) && !no_op {
            personal_room::close(site, id);
        }
        let shown = site.user(id).map_or(id.clone(), |u| u.webex_id.clone());
        o.open("use:user")
            .leaf("use:webExId", shown)
            .leaf("use:status", "SUCCESS")
            .close("use:user");
    }
    Ok(o.finish())
}

pub(crate) fn list(state: &mut State, actor: &Actor, node: &Node) -> Result<String, Fault> {
    let site_ix = actor.provisioning_site(state)?;
    let mut f = Fields::new(node);
    let first = f.u32("listControl/startFrom").unwrap_or(1).max(1) as usize;
    let maximum = f.u32("listControl/maximumNum").map_or(500, |m| m as usize);
    let active = f.string("active").map(|a| Active::parse(&a));
    if active == Some(None) {
        f.problem(
            "active",
            "is not ACTIVATED, REQUEST_TO_ACTIVATE or DEACTIVATED",
        );
    }
    let (webex_id, email, first_name, last_name) = (
        f.string("webExId"),
        f.string("email"),
        f.string("firstName"),
        f.string("lastName"),
    );
    f.finish()?;
    let eq = |want: &Option<String>, have: &str| {
        want.as_ref().is_none_or(|w| w.eq_ignore_ascii_case(have))
    };
    let site = &state.sites[site_ix];
    let users: Vec<&User> = site
        .users
        .values()
        .filter(|u| {
            eq(&webex_id, &u.webex_id)
                && eq(&email, &u.email)
                && eq(&first_name, &u.first_name)
                && eq(&last_name, &u.last_name)
        })
        .filter(|u| active.flatten().is_none_or(|a| a == u.active))
        .collect();
    let page: Vec<&&User> = users.iter().skip(first - 1).take(maximum).collect();
    if page.is_empty() {
        return Err(Fault::new(Code::UnknownUser));
    }
    let mut o = Out::new();
    for u in &page {
        o.open("use:user")
            .leaf("use:webExId", &u.webex_id)
            .leaf("use:firstName", &u.first_name)
            .leaf("use:lastName", &u.last_name)
            .leaf("use:email", &u.email)
            .leaf(
                "use:registrationDate",
                u.registered.format("%m/%d/%Y %H:%M:%S"),
            )
            .leaf("use:active", u.active.as_api_str())
            .leaf_opt("use:timeZoneID", u.zone.map(|z| z.id))
            .close("use:user");
    }
    o.open("use:matchingRecords")
        .leaf("serv:total", users.len())
        .leaf("serv:returned", page.len())
        .leaf("serv:startFrom", first)
        .close("use:matchingRecords");
    Ok(o.finish())
}

pub(crate) fn authenticate(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
) -> Result<String, Fault> {
    let (site, user) = actor.site_user()?;
    let scope = TicketScope::User {
        site,
        user: user.to_string(),
    };
    let (token, ticket) = state.issue_ticket(scope, ctx.now, USER_TICKET_TTL);
    let mut o = Out::new();
    o.leaf("use:sessionTicket", token)
        .leaf("use:createTime", ticket.created.timestamp_millis())
        .leaf("use:timeToLive", ticket.ttl_secs);
    Ok(o.finish())
}
