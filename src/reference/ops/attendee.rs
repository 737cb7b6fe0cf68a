//! CreateMeetingAttendee, RegisterMeetingAttendee, DelMeetingAttendee,
//! LstMeetingAttendee: one meeting's attendee list (a series', an exception's
//! or a single meeting's, whichever key is given).

use super::dispatch::Ctx;
use super::fields::Fields;
use super::meeting::identity;
use super::meeting_spec::AttendeeSpec;
use super::notify::{event_for, notices};
use crate::reference::auth::Actor;
use crate::reference::codes::{Code, Fault};
use crate::reference::mailer::{Method, NoticeKind};
use crate::reference::model::{Attendee, Meeting, Site, State};
use crate::reference::switches::Switch;
use crate::reference::xmlin::Node;
use crate::reference::xmlout::Out;

fn meeting_key(f: &mut Fields<'_>, node_path: &str) -> Option<u64> {
    let m = f.u64(&format!("{node_path}meetingKey"));
    m.or_else(|| f.u64(&format!("{node_path}sessionKey")))
}

fn may_modify(site: &Site, caller: &str, m: &Meeting) -> bool {
    let (w, e, admin) = identity(site, caller);
    admin || m.may_modify(&w, &e)
}

/// Adds attendees to a meeting (skipping addresses already there) and mails
/// the new ones when the meeting sends mail. Returns their ids.
fn add(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    site_ix: usize,
    key: u64,
    specs: &[AttendeeSpec],
    join_status: &str,
) -> Result<Vec<u64>, Fault> {
    let mut fresh = Vec::new();
    let mut ids = Vec::new();
    for s in specs {
        let existing = state.sites[site_ix]
            .meetings
            .get(&key)
            .and_then(|m| {
                m.attendees
                    .iter()
                    .find(|a| !s.email.is_empty() && a.email.eq_ignore_ascii_case(&s.email))
            })
            .map(|a| a.id);
        match existing {
            Some(id) => ids.push(id),
            None => {
                let mut a = s.build(state.next_number());
                a.join_status = join_status.to_string();
                ids.push(a.id);
                fresh.push(a);
            }
        }
    }
    let site = &mut state.sites[site_ix];
    let m = site
        .meetings
        .get_mut(&key)
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    m.attendees.extend(fresh.iter().cloned());
    let m = m.clone();
    if ctx.on(Switch::SeriesAttendeeJoinsExceptions) {
        for k in m
            .series()
            .map(|s| s.exceptions.values().copied().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if let Some(exc) = site.meetings.get_mut(&k) {
                exc.attendees.extend(fresh.iter().cloned());
            }
        }
    }
    if m.send_mail && !fresh.is_empty() {
        let (lane, event) = event_for(site, &m, Method::Request, ctx.now);
        let to = super::notify::recipients(&fresh);
        ctx.notices
            .extend(notices(lane, NoticeKind::Invitation, &to, &event));
    }
    Ok(ids)
}

pub(crate) fn create(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let caller = caller.to_string();
    let mut f = Fields::new(node);
    let key = meeting_key(&mut f, "");
    let key = f.require("meetingKey", key);
    let mut specs = Vec::new();
    if node.child("person").is_some() {
        specs.push(AttendeeSpec::read(&mut f, node, "person"));
    }
    for (i, a) in node.children_named("attendees").enumerate() {
        specs.push(AttendeeSpec::read(
            &mut f,
            a,
            &format!("attendees[{}]", i + 1),
        ));
    }
    f.finish()?;
    let key = key.ok_or(Fault::new(Code::MeetingNotFound))?;
    let site = &state.sites[site_ix];
    let m = site
        .meetings
        .get(&key)
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    if !may_modify(site, &caller, m) {
        return Err(Fault::new(Code::AccessDenied));
    }
    let ids = add(state, ctx, site_ix, key, &specs, "INVITE")?;
    let mut o = Out::new();
    for id in ids {
        o.leaf("att:attendeeId", id);
    }
    Ok(o.finish())
}

pub(crate) fn register(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let (site_ix, _) = actor.site_user()?;
    let mut f = Fields::new(node);
    let mut wanted = Vec::new();
    for (i, a) in node.children_named("attendees").enumerate() {
        let mut sub = Fields::new(a);
        let key = sub.u64("sessionKey");
        if sub.finish().is_err() || key.is_none() {
            f.problem(&format!("attendees[{}]/sessionKey", i + 1), "is required");
        }
        wanted.push((
            key,
            AttendeeSpec::read(&mut f, a, &format!("attendees[{}]", i + 1)),
        ));
    }
    if wanted.is_empty() {
        f.problem("attendees", "is required");
    }
    f.finish()?;
    if wanted
        .iter()
        .any(|(k, _)| k.is_none_or(|k| !state.sites[site_ix].meetings.contains_key(&k)))
    {
        return Err(Fault::new(Code::MeetingNotFound));
    }
    let mut o = Out::new();
    for (key, spec) in wanted {
        let key = key.ok_or(Fault::new(Code::MeetingNotFound))?;
        for id in add(
            state,
            ctx,
            site_ix,
            key,
            std::slice::from_ref(&spec),
            "REGISTER",
        )? {
            o.open("att:register")
                .leaf("att:attendeeID", id)
                .leaf("att:registerID", id)
                .close("att:register");
        }
    }
    Ok(o.finish())
}

pub(crate) fn delete(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let caller = caller.to_string();
    let mut f = Fields::new(node);
    let ids: Vec<u64> = node
        .children_named("attendeeID")
        .filter_map(|n| n.text.trim().parse().ok())
        .collect();
    let mut by_email = Vec::new();
    for (i, n) in node.children_named("attendeeEmail").enumerate() {
        let mut sub = Fields::new(n);
        let key = sub.u64("sessionKey");
        match (n.text_at("email"), key) {
            (Some(e), Some(k)) if !e.is_empty() => by_email.push((e.to_string(), k)),
            _ => f.problem(
                &format!("attendeeEmail[{}]", i + 1),
                "needs email and sessionKey",
            ),
        }
    }
    let send = f.bool("sendEmail").unwrap_or(true);
    if ids.is_empty() && by_email.is_empty() {
        f.problem("attendeeID", "is required (or attendeeEmail)");
    }
    f.finish()?;
    let site = &mut state.sites[site_ix];
    // (meeting key, attendee id) pairs to remove; all must exist before anything changes.
    let mut targets: Vec<(u64, u64)> = Vec::new();
    for id in &ids {
        let found = site.meetings.values().find_map(|m| {
            m.attendees
                .iter()
                .find(|a| a.id == *id)
                .map(|_| (m.key, *id))
        });
        targets.push(found.ok_or_else(|| {
            Fault::with_reason(
                Code::NoRecord,
                format!("Sorry, no record found: attendeeID {id}"),
            )
        })?);
    }
    for (email, key) in &by_email {
        let m = site
            .meetings
            .get(key)
            .ok_or(Fault::new(Code::MeetingNotFound))?;
        let a = m
            .attendees
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(email))
            .ok_or_else(|| {
                Fault::with_reason(Code::NoRecord, format!("Sorry, no record found: {email}"))
            })?;
        targets.push((*key, a.id));
    }
    for (key, _) in &targets {
        let m = site
            .meetings
            .get(key)
            .ok_or(Fault::new(Code::MeetingNotFound))?;
        if !may_modify(site, &caller, m) {
            return Err(Fault::new(Code::AccessDenied));
        }
    }
    for (key, id) in targets {
        let Some(m) = site.meetings.get_mut(&key) else {
            continue;
        };
        let gone: Vec<Attendee> = m.attendees.iter().filter(|a| a.id == id).cloned().collect();
        m.attendees.retain(|a| a.id != id);
        let m = m.clone();
        if m.send_mail && send {
            let (lane, event) = event_for(site, &m, Method::Cancel, ctx.now);
            ctx.notices.extend(notices(
                lane,
                NoticeKind::Cancellation,
                &super::notify::recipients(&gone),
                &event,
            ));
        }
    }
    Ok(String::new())
}

pub(crate) fn list(state: &mut State, actor: &Actor, node: &Node) -> Result<String, Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let mut f = Fields::new(node);
    let key = meeting_key(&mut f, "");
    let key = f.require("meetingKey", key);
    f.finish()?;
    let site = &state.sites[site_ix];
    let m = key
        .and_then(|k| site.meetings.get(&k))
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    let (w, e, admin) = identity(site, caller);
    if !(admin || m.may_modify(&w, &e) || m.is_invited(&w, &e)) {
        return Err(Fault::new(Code::AccessDenied));
    }
    if m.attendees.is_empty() {
        return Err(Fault::new(Code::NoRecord));
    }
    let mut o = Out::new();
    o.open("att:matchingRecords")
        .leaf("serv:total", m.attendees.len())
        .leaf("serv:returned", m.attendees.len())
        .leaf("serv:startFrom", 1)
        .close("att:matchingRecords");
    for a in &m.attendees {
        o.open("att:attendee")
            .open("att:person")
            .leaf("com:name", &a.name);
        o.leaf_opt("com:webExId", a.webex_id.as_deref());
        o.leaf("com:email", &a.email)
            .leaf("com:type", "VISITOR")
            .close("att:person");
        o.leaf("att:contactID", a.id)
            .leaf("att:joinStatus", &a.join_status)
            .leaf("att:meetingKey", m.key)
            .leaf("att:sessionKey", m.key)
            .leaf("att:role", a.role.as_api_str())
            .leaf("att:emailInvitations", a.email_invitations)
            .leaf("att:attendeeId", a.id)
            .leaf("att:confID", m.conf_id);
        o.open("att:status")
            .leaf("att:invited", a.join_status == "INVITE")
            .leaf("att:registered", a.join_status == "REGISTER")
            .leaf("att:rejected", false)
            .leaf("att:accepted", false)
            .close("att:status");
        o.close("att:attendee");
    }
    Ok(o.finish())
}
