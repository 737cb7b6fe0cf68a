//! LstsummarySession, LstCalendarSession and GetSessionInfo.

use super::dispatch::Ctx;
use super::fields::Fields;
use super::meeting::identity;
use super::meeting_view::exception_facts;
use crate::reference::auth::Actor;
use crate::reference::calendar::{dates, Zone};
use crate::reference::codes::{Code, Fault};
use crate::reference::model::{
    self, Item, Kind, ListQuery, Meeting, RecurrenceInfo, Site, State, Viewer, GMT_ZONE,
};
use crate::reference::switches::{Switch, Switches};
use crate::reference::xmlin::Node;
use crate::reference::xmlout::Out;
use chrono::{DateTime, Utc};

/// Without `listControl/maximumNum`, a list returns at most this many items.
const DEFAULT_MAXIMUM: usize = 500;

fn list_status(m: &Meeting) -> &'static str {
    if m.list_to_public {
        "PUBLIC"
    } else {
        "UNLISTED"
    }
}

/// LstsummarySession (`calendar` false) and LstCalendarSession (true: a date
/// scope is required and occurrences are always listed).
pub(crate) fn list(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
    calendar: bool,
) -> Result<String, Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let site = &state.sites[site_ix];
    let caller_zone = site.user(caller).and_then(|u| u.zone);
    let (webex_id, email, admin) = identity(site, caller);
    let mut f = Fields::new(node);
    let zone: &'static Zone = f
        .zone("dateScope/timeZoneID", "dateScope/timeZone")
        .or(caller_zone)
        .unwrap_or(&GMT_ZONE);
    let mut scope = |path: &str| f.date(path).map(|d| dates::to_utc(d, zone));
    let (start_from, start_to, end_from, end_to) = (
        scope("dateScope/startDateStart"),
        scope("dateScope/startDateEnd"),
        scope("dateScope/endDateStart"),
        scope("dateScope/endDateEnd"),
    );
    if calendar && !f.has("dateScope") {
        f.problem("dateScope", "is required");
    }
    let recurrence = calendar || f.bool("recurrence") == Some(true);
    let invited = f.bool("invited").unwrap_or(false);
    let first = f.u32("listControl/startFrom").unwrap_or(1).max(1);
    let maximum = f
        .u32("listControl/maximumNum")
        .map_or(DEFAULT_MAXIMUM, |m| m as usize);
    let session_key = f.u64("sessionKey");
    let conf_id = f.u64("confID");
    let host = f.string("hostWebExID");
    let conf_name = f.string("confName");
    f.finish()?;
    let query = ListQuery {
        viewer: Viewer {
            webex_id,
            email,
            admin,
            invited,
        },
        now: ctx.now,
        start_from,
        start_to,
        end_from,
        end_to,
        recurrence,
        host,
        session_key,
        conf_id,
        conf_name,
        switches: ctx.switches.clone(),
    };
    let items = model::list(site, &query);
    let page: Vec<&Item> = items
        .iter()
        .skip(first as usize - 1)
        .take(maximum)
        .collect();
    let mut o = Out::new();
    if page.is_empty() && (calendar || !ctx.on(Switch::EmptyListSuccess)) {
        return Err(Fault::new(Code::NoRecord));
    }
    o.open("ep:matchingRecords")
        .leaf("serv:total", items.len())
        .leaf("serv:returned", page.len())
        .leaf("serv:startFrom", first)
        .close("ep:matchingRecords");
    let omitted = ctx.on(Switch::ListOmitsRecurrenceElements)
        || (calendar && ctx.on(Switch::CalendarListOmitsRecurrenceElements));
    let with_sp11 = !omitted;
    for item in page {
        if let Some(m) = site.meetings.get(&item.meeting) {
            write_session(&mut o, site, m, item, zone, with_sp11, ctx.switches);
        }
    }
    Ok(o.finish())
}

/// A zone's wall clock at an instant with its standard offset only (DST ignored).
fn standard_time(utc: DateTime<Utc>, zone: &Zone) -> chrono::NaiveDateTime {
    use chrono::{Offset, TimeZone};
    use chrono_tz::OffsetComponents;
    let offset = zone.tz.offset_from_utc_datetime(&utc.naive_utc());
    let standard = offset.fix().local_minus_utc()
        - i32::try_from(offset.dst_offset().num_seconds()).unwrap_or(0);
    utc.naive_utc() + chrono::Duration::seconds(i64::from(standard))
}

/// The four SP11 elements as written, with the defects that bend them.
fn written_recurrence(m: &Meeting, item: &Item, switches: &Switches) -> Option<RecurrenceInfo> {
    let on = |s| switches.is_on(s);
    let mut r = match item.recurrence {
        Some(r) => r,
        None if on(Switch::RecurrenceElementsWithoutRecurrence) => RecurrenceInfo {
            is_exception: false,
            next_upcoming: true,
            series_key: 0,
            recurrence_id: dates::epoch_millis(item.start_utc),
        },
        None => return None,
    };
    if on(Switch::ExceptionFlagFalse) {
        r.is_exception = false;
    }
    if on(Switch::NextUpcomingEveryFuture) {
        r.next_upcoming = true;
    }
    if on(Switch::SeriesKeyOnRegularOccurrences) && matches!(m.kind, Kind::Series(_)) {
        r.series_key = m.key;
    }
    if on(Switch::RecurrenceIdLocalTime) {
        let slot = chrono::DateTime::from_timestamp_millis(r.recurrence_id).unwrap_or_default();
        r.recurrence_id = dates::epoch_millis(dates::to_local(slot, m.zone).and_utc());
    }
    if on(Switch::RecurrenceIdSeconds) {
        r.recurrence_id /= 1000;
    }
    Some(r)
}

fn write_session(
    o: &mut Out,
    site: &Site,
    m: &Meeting,
    item: &Item,
    zone: &'static Zone,
    with_sp11: bool,
    switches: &Switches,
) {
    let host = site.user(&m.host);
    let alternate = m
        .attendees
        .iter()
        .find(|a| a.role == model::Role::Host)
        .and_then(|a| a.webex_id.clone());
    o.open("ep:session")
        .leaf("ep:sessionKey", m.key)
        .leaf("ep:confName", &m.name)
        .leaf("ep:sessionType", m.meeting_type)
        .leaf("ep:serviceType", "MeetingCenter")
        .leaf("ep:hostWebExID", &m.host)
        .leaf_opt("ep:hostFirstName", host.map(|h| h.first_name.as_str()))
        .leaf_opt("ep:hostLastName", host.map(|h| h.last_name.as_str()))
        .leaf_opt("ep:otherHostWebExID", alternate)
        .leaf("ep:timeZoneID", zone.id)
        .leaf("ep:timeZone", zone.name)
        .leaf("ep:status", "NOT_INPROGRESS")
        .leaf(
            "ep:startTime",
            dates::format(if switches.is_on(Switch::ListTimesIgnoreDst) {
                standard_time(item.start_utc, zone)
            } else {
                dates::to_local(item.start_utc, zone)
            }),
        )
        .leaf("ep:openTime", m.open_time)
        .leaf("ep:duration", m.duration_min)
        .leaf("ep:listStatus", list_status(m))
        .leaf_opt("ep:hostEmail", host.map(|h| h.email.as_str()))
        .leaf("ep:passwordReq", m.password.is_some())
        .leaf("ep:hostJoined", false)
        .leaf("ep:participantsJoined", false)
        .leaf("ep:confID", m.conf_id)
        .leaf("ep:registration", false)
        .leaf(
            "ep:isRecurring",
            matches!(m.kind, Kind::Series(_) | Kind::Exception { .. }),
        );
    if switches.is_on(Switch::ExtraSchemaElements) {
        o.leaf("ep:isAudioOnly", false);
    }
    if let Some(r) = written_recurrence(m, item, switches).filter(|_| with_sp11) {
        o.leaf("ep:isException", r.is_exception)
            .leaf("ep:isNextUpcomingInstance", r.next_upcoming)
            .leaf("ep:seriesMeetingKey", r.series_key)
            .leaf("ep:recurrenceId", r.recurrence_id);
    }
    o.close("ep:session");
}

/// GetSessionInfo, optionally for one occurrence (`recurrenceKey`).
pub(crate) fn info(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    actor: &Actor,
    node: &Node,
) -> Result<String, Fault> {
    let (site_ix, caller) = actor.site_user()?;
    let mut f = Fields::new(node);
    let key = f.u64("sessionKey");
    let key = f.require("sessionKey", key);
    let rid = f
        .int("recurrenceKey")
        .filter(|_| !ctx.on(Switch::RecurrenceKeyIgnored));
    f.finish()?;
    let site = &state.sites[site_ix];
    let m = key
        .and_then(|k| site.meetings.get(&k))
        .ok_or(Fault::new(Code::MeetingNotFound))?;
    let (target, start): (&Meeting, DateTime<Utc>) = match (&m.kind, rid) {
        (Kind::Series(s), Some(r)) => match s
            .exceptions
            .get(&r)
            .filter(|_| !ctx.on(Switch::RecurrenceKeyMissesExceptions))
            .and_then(|k| site.meetings.get(k))
        {
            Some(exc) => (exc, exc.start_utc()),
            None => {
                let occ = m
                    .find_occurrence(r)
                    .filter(|_| !s.removed.contains(&r))
                    .ok_or(Fault::new(Code::NoSuchOccurrence))?;
                (m, occ.start_utc)
            }
        },
        (Kind::Exception { recurrence_id, .. }, Some(r)) if *recurrence_id != r => {
            return Err(Fault::new(Code::NoSuchOccurrence))
        }
        (Kind::Single | Kind::PersonalRoom, Some(r)) if r != dates::epoch_millis(m.start_utc()) => {
            return Err(Fault::new(Code::NoSuchOccurrence))
        }
        _ => (m, m.start_utc()),
    };
    let (webex_id, email, admin) = identity(site, caller);
    let privileged = admin || target.may_modify(&webex_id, &email);
    let host = site.user(&target.host);
    let mut o = Out::new();
    o.leaf("ep:status", "NOT_INPROGRESS")
        .leaf("ep:sessionkey", target.key)
        .leaf("ep:confID", target.conf_id);
    o.open("ep:accessControl");
    if privileged {
        o.leaf_opt("ep:sessionPassword", target.password.as_deref());
    }
    o.leaf("ep:listStatus", list_status(target))
        .leaf("ep:registration", false)
        .leaf("ep:passwordReq", target.password.is_some())
        .close("ep:accessControl");
    o.open("ep:metaData")
        .leaf("ep:confName", &target.name)
        .leaf("ep:sessionType", target.meeting_type)
        .leaf("ep:serviceType", "MeetingCenter")
        .leaf_opt("ep:agenda", target.agenda.as_deref())
        .leaf(
            "ep:isRecurring",
            matches!(target.kind, Kind::Series(_) | Kind::Exception { .. }),
        );
    if !ctx.on(Switch::SessionInfoOmitsRecurrenceElements) {
        let (is_exception, series_key, has_exception) = exception_facts(site, target);
        let has_exception = has_exception && !ctx.on(Switch::HasExceptionAlwaysFalse);
        o.leaf("ep:isException", is_exception)
            .leaf("ep:seriesMeetingKey", series_key)
            .leaf("ep:hasException", has_exception);
    }
    o.close("ep:metaData");
    o.open("ep:telephony")
        .leaf("ep:telephonySupport", &target.telephony_support)
        .close("ep:telephony");
    o.open("ep:host")
        .leaf("ep:firstName", host.map_or("", |h| h.first_name.as_str()))
        .leaf("ep:lastName", host.map_or("", |h| h.last_name.as_str()))
        .leaf("ep:email", host.map_or("", |h| h.email.as_str()))
        .leaf("ep:webExId", &target.host);
    for a in target
        .attendees
        .iter()
        .filter(|a| a.role == model::Role::Host)
    {
        o.leaf(
            "ep:alternateHost",
            a.webex_id.as_deref().unwrap_or(&a.email),
        );
    }
    o.close("ep:host");
    o.open("ep:schedule")
        .leaf(
            "ep:startDate",
            dates::format(dates::to_local(start, target.zone)),
        )
        .leaf("ep:duration", target.duration_min)
        .leaf("ep:timeZone", target.zone.name)
        .close("ep:schedule");
    o.open("ep:attendeeOptions")
        .leaf("ep:joinRequiresAccount", target.join_requires_account)
        .close("ep:attendeeOptions");
    Ok(o.finish())
}
