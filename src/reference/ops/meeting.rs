//! CreateMeeting, SetMeeting, GetMeeting, DelMeeting / DelSession, including
//! series exceptions (create, change) and the removal of single occurrences.

use super::dispatch::Ctx;
use super::fields::Fields;
use super::meeting_spec::MeetingSpec;
use super::meeting_view;
use super::notify::{diff, exception_event, notices, recipients, whole_event};
use crate::reference::auth::Actor;
use crate::reference::calendar::{self, dates, RepeatType, Rule};
use crate::reference::codes::{Code, Fault};
use crate::reference::mailer::{Method, NoticeKind};
use crate::reference::model::{Attendee, Kind, Meeting, Series, Site, State, GMT_ZONE};
use crate::reference::switches::Switch;
use crate::reference::xmlin::Node;
use crate::reference::xmlout::Out;
use chrono::Timelike;
use std::collections::{BTreeMap, BTreeSet};

/// The caller as a site user: (webExId, e-mail, site admin).
pub(crate) fn identity(site: &Site, caller: &str) -> (String, String, bool) {
    site.user(caller)
        .map(|u| (u.webex_id.clone(), u.email.clone(), u.site_admin))
        .unwrap_or_else(|| (caller.to_string(), String::new(), false))
}

fn may_modify(site: &Site, caller: &str, m: &Meeting) -> bool {
    let (w, e, admin) = identity(site, caller);
    admin || m.may_modify(&w, &e)
}

fn build_attendees(
    state: &mut State,
    specs: &[super::meeting_spec::AttendeeSpec],
    keep: &[Attendee],
) -> Vec<Attendee> {
    specs
        .iter()
        .map(|s| {
            let id = keep
                .iter()
                .find(|a| !s.email.is_empty() && a.email.eq_ignore_ascii_case(&s.email))
                .map(|a| a.id)
                .unwrap_or_else(|| state.next_number());
            s.build(id)
        })
        .collect()
}

fn copy_attendees(state: &mut State, from: &[Attendee]) -> Vec<Attendee> {
    from.iter()
        .map(|a| Attendee {
            id: state.next_number(),
            ..a.clone()
        })
        .collect()
}

/// `serv:host` / `serv:attendee` links of a meeting.
pub(crate) fn ical_urls(site: &Site, key: u64) -> (String, String) {
    (
        format!("{}/j.php?MTID=h{key}&ICS=MC", site.url),
        format!("{}/j.php?MTID=a{key}&ICS=MI", site.url),
    )
}

fn write_ical_urls(o: &mut Out, prefix: &str, urls: &(String, String)) {
    let tag = format!("{prefix}:iCalendarURL");
    o.open(&tag)
        .leaf("serv:host", &urls.0)
        .leaf("serv:attendee", &urls.1)
        .close(&tag);
}

pub(crate) fn del_response(prefix: &str, urls: &(String, String)) -> String {
    let mut o = Out::new();
    write_ical_urls(&mut o, prefix, urls);
    o.finish()
}

fn digits(state: &mut State, n: usize) -> String {
    state
        .new_token(n * 2)
        .bytes()
        .take(n)
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

/// A new meeting with defaults for what the spec leaves out.
pub(crate) fn new_meeting(
    state: &mut State,
    kind: Kind,
    (host, scheduler): (&str, &str),
    spec: &MeetingSpec,
    base: Option<&Meeting>,
    (start, zone): (chrono::NaiveDateTime, &'static calendar::Zone),
) -> Meeting {
    let key = state.next_meeting_key();
    let conf_id = state.next_conf_id();
    let attendees = match (&spec.attendees, base) {
        (Some(list), _) => build_attendees(state, list, &[]),
        (None, Some(b)) => copy_attendees(state, &b.attendees),
        (None, None) => Vec::new(),
    };
    let host_key = digits(state, 6);
    let guest_token = state.new_token(32);
    let mut enable_options: BTreeMap<String, bool> =
        base.map(|b| b.enable_options.clone()).unwrap_or_default();
    enable_options.extend(spec.enable_options.iter().cloned());
    Meeting {
        key,
        conf_id,
        kind,
        host: host.to_string(),
        scheduler: scheduler.to_string(),
        name: spec
            .conf_name
            .clone()
            .or_else(|| base.map(|b| b.name.clone()))
            .unwrap_or_else(|| "Meeting".to_string()),
        agenda: spec
            .agenda
            .clone()
            .or_else(|| base.and_then(|b| b.agenda.clone())),
        meeting_type: spec
            .meeting_type
            .or(base.map(|b| b.meeting_type))
            .unwrap_or(1),
        password: spec
            .password
            .clone()
            .or_else(|| base.and_then(|b| b.password.clone())),
        list_to_public: spec
            .list_to_public
            .or(base.map(|b| b.list_to_public))
            .unwrap_or(false),
        is_public: spec
            .is_public
            .or(base.map(|b| b.is_public))
            .unwrap_or(false),
        max_users: spec.max_users.or(base.map(|b| b.max_users)).unwrap_or(4),
        start_local: start,
        zone,
        duration_min: spec.duration.or(base.map(|b| b.duration_min)).unwrap_or(60),
        open_time: spec.open_time.or(base.map(|b| b.open_time)).unwrap_or(0),
        attendees,
        send_mail: spec
            .send_mail
            .or(base.map(|b| b.send_mail))
            .unwrap_or(false),
        join_requires_account: spec
            .join_requires_account
            .or(base.map(|b| b.join_requires_account))
            .unwrap_or(false),
        sequence: base.map_or(0, |b| b.sequence + 1),
        enable_options,
        telephony_support: spec
            .telephony_support
            .clone()
            .or_else(|| base.map(|b| b.telephony_support.clone()))
            .unwrap_or_else(|| "NONE".to_string()),
        host_key,
        guest_token,
    }
}

fn create_response(site: &Site, m: &Meeting) -> String {
    let mut o = Out::new();
    o.leaf("meet:meetingkey", m.key);
    write_ical_urls(&mut o, "meet", &ical_urls(site, m.key));
    o.leaf("meet:guestToken", &m.guest_token);
    o.finish()
}

fn invalid(field: &str, what: impl std::fmt::Display) -> Fault {
    Fault::with_reason(
        Code::InvalidValue,
        format!("Invalid request value: {field}: {what}"),
    )
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
    if ctx.on(Switch::UnpaddedDatesRefused) {
        if let Some(d) = f
            .string("schedule/startDate")
            .filter(|d| !strictly_padded(d))
        {
            f.problem(
                "schedule/startDate",
                format!("{d:?} is not MM/dd/yyyy HH:mm:ss"),
            );
        }
    }
    let spec = MeetingSpec::read(&mut f);
    f.finish()?;
    if spec.repeat.is_exception == Some(true) {
        return create_exception(state, ctx, site_ix, &caller, &spec);
    }
    let site = &state.sites[site_ix];
    let caller_user = site.user(&caller).ok_or(Fault::new(Code::BadCredentials))?;
    let host = match &spec.host_webex_id {
        Some(h) if !h.eq_ignore_ascii_case(&caller_user.webex_id) => {
            let host = site.user(h).ok_or(Fault::new(Code::HostNotFound))?;
            let allowed = caller_user.site_admin
                || host
                    .scheduling_permission
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(&caller_user.webex_id));
            if !allowed {
                return Err(Fault::new(Code::CannotScheduleFor));
            }
            if !host.is_active() {
                return Err(Fault::new(Code::Deactivated));
            }
            host
        }
        _ => caller_user,
    };
    let zone = spec.zone.or(caller_user.zone).unwrap_or(&GMT_ZONE);
    let start = spec.start.unwrap_or_else(|| {
        dates::to_local(ctx.now, zone)
            .with_nanosecond(0)
            .unwrap_or_default()
    });
    let rule = spec.repeat.apply(&Rule::default());
    let kind = if rule.repeat_type == RepeatType::NoRepeat {
        Kind::Single
    } else {
        calendar::validate(&rule).map_err(|e| invalid("repeat", e))?;
        Kind::Series(Series {
            rule,
            removed: BTreeSet::new(),
            exceptions: BTreeMap::new(),
        })
    };
    let (host_id, scheduler) = (host.webex_id.clone(), caller_user.webex_id.clone());
    let m = new_meeting(
        state,
        kind,
        (&host_id, &scheduler),
        &spec,
        None,
        (start, zone),
    );
    let site = &mut state.sites[site_ix];
    if m.send_mail {
        let event = whole_event(site, &m, Method::Request, ctx.now);
        ctx.notices.extend(notices(
            m.key,
            NoticeKind::Invitation,
            &recipients(&m.attendees),
            &event,
        ));
    }
    let out = create_response(site, &m);
    site.insert_meeting(m);
    Ok(out)
}

/// `MM/dd/yyyy HH:mm:ss` with every field zero-padded.
fn strictly_padded(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            2 | 5 => *c == b'/',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

fn create_exception(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    site_ix: usize,
    caller: &str,
    spec: &MeetingSpec,
) -> Result<String, Fault> {
    let mut problems = Vec::new();
    if spec.repeat.series_key.is_none() {
        problems.push("repeat/seriesMeetingKey: is required for an exception");
    }
    if spec.repeat.recurrence_key.is_none() {
        problems.push("repeat/recurrenceKey: is required for an exception");
    }
    let (Some(series_key), Some(rid)) = (spec.repeat.series_key, spec.repeat.recurrence_key) else {
        return Err(Fault::with_reason(
            Code::InvalidValue,
            format!("Invalid request value: {}", problems.join("; ")),
        ));
    };
    let site = &state.sites[site_ix];
    let series_m = site
        .meetings
        .get(&series_key)
        .filter(|m| m.is_recurring())
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    if !may_modify(site, caller, series_m) {
        return Err(Fault::new(Code::AccessDenied));
    }
    let series = series_m.series().ok_or(Fault::new(Code::MeetingNotFound))?;
    let replaced = series.exceptions.get(&rid).copied();
    if replaced.is_some() && !ctx.on(Switch::SecondExceptionReplacesFirst) {
        return Err(Fault::new(Code::ExceptionExists));
    }
    let occ = series_m
        .find_occurrence(rid)
        .filter(|_| !series.removed.contains(&rid))
        .ok_or(Fault::new(Code::NoSuchOccurrence))?;
    let zone = spec.zone.unwrap_or(series_m.zone);
    let start = spec
        .start
        .unwrap_or_else(|| dates::to_local(occ.start_utc, zone));
    let base = series_m.clone();
    let host = base.host.clone();
    let mut exc = new_meeting(
        state,
        Kind::Exception {
            series: series_key,
            recurrence_id: rid,
        },
        (&host, caller),
        spec,
        Some(&base),
        (start, zone),
    );
    exc.sequence = base.sequence + 1;
    if ctx.on(Switch::ExceptionSharesSeriesConfId) {
        exc.conf_id = base.conf_id;
    }
    let site = &mut state.sites[site_ix];
    if let Some(old) = replaced {
        site.remove_meeting(old);
    }
    if exc.send_mail {
        let (as_new, now) = (ctx.on(Switch::ExceptionMailedAsNewMeeting), ctx.now);
        let event = |method| {
            if as_new {
                whole_event(site, &exc, method, now)
            } else {
                exception_event(site, &base, &exc, rid, method, now)
            }
        };
        let change = diff(&base.attendees, &exc.attendees);
        ctx.notices.extend(notices(
            series_key,
            NoticeKind::Update,
            &change.kept,
            &event(Method::Request),
        ));
        if !ctx.on(Switch::ExceptionNoCancellationForRemoved) {
            ctx.notices.extend(notices(
                series_key,
                NoticeKind::Cancellation,
                &change.removed,
                &event(Method::Cancel),
            ));
        }
        if !ctx.on(Switch::ExceptionNoInvitationForAdded) {
            ctx.notices.extend(notices(
                series_key,
                NoticeKind::Invitation,
                &change.added,
                &event(Method::Request),
            ));
        }
    }
    let out = create_response(site, &exc);
    if let Some(s) = site
        .meetings
        .get_mut(&series_key)
        .and_then(Meeting::series_mut)
    {
        s.exceptions.insert(rid, exc.key);
    }
    site.insert_meeting(exc);
    Ok(out)
}

fn key_of(f: &mut Fields<'_>, names: &[&str]) -> Option<u64> {
    names.iter().find_map(|n| f.u64(n))
}

pub(crate) fn set(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let caller = caller.to_string();
    let mut f = Fields::new(node);
    let key = key_of(&mut f, &["meetingkey", "meetingKey"]);
    let key = f.require("meetingkey", key);
    let spec = MeetingSpec::read(&mut f);
    f.finish()?;
    let key = key.ok_or(Fault::new(Code::MeetingNotFound))?;
    let site = &state.sites[site_ix];
    let before = site
        .meetings
        .get(&key)
        .cloned()
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    if !may_modify(site, &caller, &before) {
        return Err(Fault::new(Code::AccessDenied));
    }
    let mut m = before.clone();
    if let Some(list) = &spec.attendees {
        m.attendees = build_attendees(state, list, &before.attendees);
    }
    apply(&mut m, &spec);
    let mut dropped_exceptions = Vec::new();
    if spec.repeat.touches_rule() && matches!(m.kind, Kind::Single | Kind::Series(_)) {
        let rule = spec
            .repeat
            .apply(m.series().map(|s| &s.rule).unwrap_or(&Rule::default()));
        if rule.repeat_type == RepeatType::NoRepeat {
            if let Kind::Series(s) = &m.kind {
                dropped_exceptions.extend(s.exceptions.values().copied());
            }
            m.kind = Kind::Single;
        } else {
            calendar::validate(&rule).map_err(|e| invalid("repeat", e))?;
            match &mut m.kind {
                Kind::Series(s) => s.rule = rule,
                _ => {
                    m.kind = Kind::Series(Series {
                        rule,
                        removed: BTreeSet::new(),
                        exceptions: BTreeMap::new(),
                    })
                }
            }
        }
    }
    m.sequence += 1;
    let site = &mut state.sites[site_ix];
    for k in dropped_exceptions {
        site.remove_meeting(k);
    }
    if ctx.on(Switch::SeriesChangeOverwritesExceptions) {
        let exceptions: Vec<u64> = m
            .series()
            .map(|s| s.exceptions.values().copied().collect())
            .unwrap_or_default();
        for k in exceptions {
            if let Some(exc) = site.meetings.get_mut(&k) {
                apply(exc, &spec);
            }
            site.reindex(k);
        }
    }
    if m.send_mail {
        let change = diff(&before.attendees, &m.attendees);
        let (lane, request, cancel) = match m.exception_of() {
            Some((series_key, rid)) => {
                let series = site
                    .meetings
                    .get(&series_key)
                    .cloned()
                    .ok_or(Fault::new(Code::MeetingNotFound))?;
                (
                    series_key,
                    exception_event(site, &series, &m, rid, Method::Request, ctx.now),
                    exception_event(site, &series, &m, rid, Method::Cancel, ctx.now),
                )
            }
            None => (
                key,
                whole_event(site, &m, Method::Request, ctx.now),
                whole_event(site, &m, Method::Cancel, ctx.now),
            ),
        };
        ctx.notices
            .extend(notices(lane, NoticeKind::Update, &change.kept, &request));
        if !(ctx.on(Switch::ExceptionChangeNoCancellation) && m.exception_of().is_some()) {
            ctx.notices.extend(notices(
                lane,
                NoticeKind::Cancellation,
                &change.removed,
                &cancel,
            ));
        }
        ctx.notices.extend(notices(
            lane,
            NoticeKind::Invitation,
            &change.added,
            &request,
        ));
    }
    site.meetings.insert(key, m);
    site.reindex(key);
    let mut o = Out::new();
    write_ical_urls(&mut o, "meet", &ical_urls(site, key));
    Ok(o.finish())
}

fn apply(m: &mut Meeting, spec: &MeetingSpec) {
    if let Some(v) = &spec.conf_name {
        m.name.clone_from(v);
    }
    if spec.agenda.is_some() {
        m.agenda.clone_from(&spec.agenda);
    }
    if let Some(v) = spec.meeting_type {
        m.meeting_type = v;
    }
    if spec.password.is_some() {
        m.password.clone_from(&spec.password);
    }
    m.list_to_public = spec.list_to_public.unwrap_or(m.list_to_public);
    m.is_public = spec.is_public.unwrap_or(m.is_public);
    m.max_users = spec.max_users.unwrap_or(m.max_users);
    m.enable_options.extend(spec.enable_options.iter().cloned());
    if let Some(z) = spec.zone {
        m.zone = z;
    }
    if let Some(s) = spec.start {
        m.start_local = s;
    }
    m.duration_min = spec.duration.unwrap_or(m.duration_min);
    m.open_time = spec.open_time.unwrap_or(m.open_time);
    if let Some(t) = &spec.telephony_support {
        m.telephony_support.clone_from(t);
    }
    m.send_mail = spec.send_mail.unwrap_or(m.send_mail);
    m.join_requires_account = spec
        .join_requires_account
        .unwrap_or(m.join_requires_account);
}

pub(crate) fn get(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let mut f = Fields::new(node);
    let key = key_of(&mut f, &["meetingKey", "meetingkey"]);
    let key = f.require("meetingKey", key);
    f.finish()?;
    let site = &state.sites[site_ix];
    let unknown = if ctx.on(Switch::UnknownMeetingAccessDenied) {
        Code::AccessDenied
    } else {
        Code::MeetingNotFound
    };
    let m = key
        .and_then(|k| site.meetings.get(&k))
        .ok_or(Fault::new(unknown))?;
    let (w, e, admin) = identity(site, caller);
    if !(admin || m.may_modify(&w, &e) || m.is_invited(&w, &e)) {
        return Err(Fault::new(Code::AccessDenied));
    }
    Ok(meeting_view::get_meeting(site, m, ctx))
}

/// DelMeeting (key in `meetingKey`) and DelSession (`sessionKey`), with an
/// optional `recurrenceKey`. Returns the iCalendar links of the deleted meeting.
pub(crate) fn delete(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
    key_field: &str,
) -> Result<(String, String), Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let caller = caller.to_string();
    let mut f = Fields::new(node);
    let key = key_of(&mut f, &[key_field, "meetingKey", "sessionKey"]);
    let key = f.require(key_field, key);
    let rid = f
        .int("recurrenceKey")
        .filter(|_| !ctx.on(Switch::RecurrenceKeyIgnored));
    f.finish()?;
    let key = key.ok_or(Fault::new(Code::MeetingNotFound))?;
    let site = &mut state.sites[site_ix];
    let m = site
        .meetings
        .get(&key)
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    if !may_modify(site, &caller, m) || matches!(m.kind, Kind::PersonalRoom) {
        return Err(Fault::new(Code::AccessDenied));
    }
    let urls = ical_urls(site, key);
    match (&m.kind, rid) {
        (Kind::Series(s), Some(r)) => match s.exceptions.get(&r) {
            Some(exc) => {
                let exc = *exc;
                delete_exception(site, ctx, exc)?;
            }
            None => {
                if s.removed.contains(&r) || m.find_occurrence(r).is_none() {
                    return Err(Fault::new(Code::NoSuchOccurrence));
                }
                remove_occurrence(site, ctx, key, r);
            }
        },
        (Kind::Series(_), None) => delete_series(site, ctx, key),
        (Kind::Exception { recurrence_id, .. }, Some(r)) if *recurrence_id != r => {
            return Err(Fault::new(Code::NoSuchOccurrence))
        }
        (Kind::Exception { .. }, _) => delete_exception(site, ctx, key)?,
        (_, Some(r)) if r != dates::epoch_millis(m.start_utc()) => {
            return Err(Fault::new(Code::NoSuchOccurrence))
        }
        _ => delete_single(site, ctx, key),
    }
    Ok(urls)
}

/// One regular occurrence removed: the series' attendees get the series again
/// with that slot as EXDATE and a higher SEQUENCE.
fn remove_occurrence(site: &mut Site, ctx: &mut Ctx<'_>, key: u64, rid: i64) {
    let Some(m) = site.meetings.get_mut(&key) else {
        return;
    };
    if let Some(s) = m.series_mut() {
        s.removed.insert(rid);
    }
    m.sequence += 1;
    let m = m.clone();
    if m.send_mail {
        let mut people = Vec::new();
        if ctx.on(Switch::OccurrenceDeleteMailsExceptionAttendees) {
            // Mailed first: one lane sends in order, so the wrong mail is in before
            // the expected one and no settling delay can hide it.
            let exceptions = m
                .series()
                .map(|s| s.exceptions.values().copied().collect::<Vec<_>>());
            for k in exceptions.unwrap_or_default() {
                if let Some(exc) = site.meetings.get(&k) {
                    people.extend(exc.attendees.iter().cloned());
                }
            }
        }
        people.extend(m.attendees.iter().cloned());
        let event = whole_event(site, &m, Method::Request, ctx.now);
        ctx.notices.extend(notices(
            key,
            NoticeKind::Update,
            &recipients(&people),
            &event,
        ));
    }
}

/// An exception removed: its slot stays removed; the exception's attendees get
/// the series again with that slot as EXDATE.
fn delete_exception(site: &mut Site, ctx: &mut Ctx<'_>, exc_key: u64) -> Result<(), Fault> {
    let exc = site
        .remove_meeting(exc_key)
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    let Some((series_key, rid)) = exc.exception_of() else {
        return Ok(());
    };
    let Some(series) = site.meetings.get_mut(&series_key) else {
        return Ok(());
    };
    if let Some(s) = series.series_mut() {
        s.exceptions.remove(&rid);
        s.removed.insert(rid);
    }
    series.sequence += 1;
    let series = series.clone();
    if exc.send_mail {
        let event = whole_event(site, &series, Method::Request, ctx.now);
        ctx.notices.extend(notices(
            series_key,
            NoticeKind::Update,
            &recipients(&exc.attendees),
            &event,
        ));
    }
    Ok(())
}

/// A whole series removed with its exceptions: everyone involved gets a cancellation.
fn delete_series(site: &mut Site, ctx: &mut Ctx<'_>, key: u64) {
    let Some(mut m) = site.remove_meeting(key) else {
        return;
    };
    m.sequence += 1;
    let exceptions: Vec<Meeting> = m
        .series()
        .map(|s| s.exceptions.values().copied().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|_| !ctx.on(Switch::SeriesDeleteKeepsExceptions))
        .filter_map(|k| site.remove_meeting(k))
        .collect();
    if !m.send_mail && exceptions.iter().all(|e| !e.send_mail) {
        return;
    }
    let series_people = recipients(&m.attendees);
    if m.send_mail {
        let event = whole_event(site, &m, Method::Cancel, ctx.now);
        ctx.notices.extend(notices(
            key,
            NoticeKind::Cancellation,
            &series_people,
            &event,
        ));
    }
    let mut told: Vec<String> = series_people
        .iter()
        .map(|(e, _)| e.to_ascii_lowercase())
        .collect();
    let forget = ctx.on(Switch::SeriesDeleteForgetsExceptionAttendees);
    for mut exc in exceptions.into_iter().filter(|e| e.send_mail && !forget) {
        let Some((_, rid)) = exc.exception_of() else {
            continue;
        };
        exc.sequence += 1;
        let others: Vec<(String, String)> = recipients(&exc.attendees)
            .into_iter()
            .filter(|(e, _)| !told.contains(&e.to_ascii_lowercase()))
            .collect();
        told.extend(others.iter().map(|(e, _)| e.to_ascii_lowercase()));
        let event = exception_event(site, &m, &exc, rid, Method::Cancel, ctx.now);
        ctx.notices
            .extend(notices(key, NoticeKind::Cancellation, &others, &event));
    }
}

fn delete_single(site: &mut Site, ctx: &mut Ctx<'_>, key: u64) {
    let Some(mut m) = site.remove_meeting(key) else {
        return;
    };
    m.sequence += 1;
    if m.send_mail {
        let event = whole_event(site, &m, Method::Cancel, ctx.now);
        ctx.notices.extend(notices(
            key,
            NoticeKind::Cancellation,
            &recipients(&m.attendees),
            &event,
        ));
    }
}
