//! Building the notices a meeting change sends (who gets what), from meetings.
//!
//! UIDs are stable per series (`<key>@reference.wbxconf.test`); an exception
//! uses its series' UID plus RECURRENCE-ID. A whole-meeting event carries the
//! RRULE and every removed slot as EXDATE.

use crate::reference::calendar::{dates, recurrence, RepeatType, Rule};
use crate::reference::mailer::{CalEvent, Method, Notice, NoticeKind};
use crate::reference::model::{Attendee, Meeting, Site};
use chrono::{DateTime, TimeZone, Utc};
use std::collections::BTreeSet;

pub(crate) fn uid(key: u64) -> String {
    format!("{key}@reference.wbxconf.test")
}

fn organizer(site: &Site, m: &Meeting) -> String {
    site.user(&m.host)
        .map(|u| u.email.clone())
        .unwrap_or_else(|| format!("{}@reference.wbxconf.test", m.host))
}

fn millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// The event for a whole single meeting or series.
pub(crate) fn whole_event(
    site: &Site,
    m: &Meeting,
    method: Method,
    now: DateTime<Utc>,
) -> CalEvent {
    let series = m.series();
    CalEvent {
        method,
        uid: uid(m.key),
        sequence: m.sequence,
        summary: m.name.clone(),
        organizer: organizer(site, m),
        start: m.start_utc(),
        end: m.end_utc(),
        rrule: series.map(|s| rrule(&s.rule, m)),
        exdates: series
            .map(|s| s.removed.iter().map(|r| millis(*r)).collect())
            .unwrap_or_default(),
        recurrence_id: None,
        stamp: now,
    }
}

/// The event for one exception of a series.
pub(crate) fn exception_event(
    site: &Site,
    series: &Meeting,
    exc: &Meeting,
    recurrence_id: i64,
    method: Method,
    now: DateTime<Utc>,
) -> CalEvent {
    CalEvent {
        method,
        uid: uid(series.key),
        sequence: exc.sequence,
        summary: exc.name.clone(),
        organizer: organizer(site, series),
        start: exc.start_utc(),
        end: exc.end_utc(),
        rrule: None,
        exdates: Vec::new(),
        recurrence_id: Some(millis(recurrence_id)),
        stamp: now,
    }
}

fn rrule(rule: &Rule, m: &Meeting) -> String {
    let freq = match rule.repeat_type {
        RepeatType::Daily => "DAILY",
        RepeatType::Weekly => "WEEKLY",
        RepeatType::Monthly => "MONTHLY",
        RepeatType::Yearly => "YEARLY",
        RepeatType::NoRepeat => "DAILY;COUNT=1",
    };
    let mut parts = vec![
        format!("FREQ={freq}"),
        format!("INTERVAL={}", rule.interval.max(1)),
    ];
    let days: Vec<&str> = rule
        .days_in_week
        .iter()
        .map(|d| &recurrence::weekday_api_str(*d)[..2])
        .collect();
    match (rule.repeat_type, rule.week_in_month) {
        (RepeatType::Monthly | RepeatType::Yearly, Some(w)) => {
            let nth = if w >= 5 {
                "-1".to_string()
            } else {
                w.to_string()
            };
            let day = days.first().copied().unwrap_or(
                &recurrence::weekday_api_str(chrono::Datelike::weekday(&m.start_local))[..2],
            );
            parts.push(format!("BYDAY={nth}{day}"));
        }
        _ if !days.is_empty() => parts.push(format!("BYDAY={}", days.join(","))),
        _ => {}
    }
    if let (RepeatType::Monthly | RepeatType::Yearly, None, Some(d)) =
        (rule.repeat_type, rule.week_in_month, rule.day_in_month)
    {
        parts.push(format!("BYMONTHDAY={d}"));
    }
    if let (RepeatType::Yearly, Some(mo)) = (rule.repeat_type, rule.month_in_year) {
        parts.push(format!("BYMONTH={mo}"));
    }
    if let Some(n) = rule.after_meeting_number.filter(|n| *n > 0) {
        parts.push(format!("COUNT={n}"));
    } else if let Some(exp) = rule.expiration_date {
        let last = exp.date().and_hms_opt(23, 59, 59).unwrap_or(exp);
        parts.push(format!(
            "UNTIL={}",
            dates::to_utc(last, m.zone).format("%Y%m%dT%H%M%SZ")
        ));
    }
    parts.push("WKST=SU".to_string());
    parts.join(";")
}

/// Who is mailed about a meeting: every attendee with an address, once.
pub(crate) fn recipients(attendees: &[Attendee]) -> Recipients {
    let mut seen = BTreeSet::new();
    attendees
        .iter()
        .filter(|a| !a.email.trim().is_empty())
        .filter(|a| seen.insert(a.email.to_ascii_lowercase()))
        .map(|a| (a.email.clone(), a.name.clone()))
        .collect()
}

/// Recipients as `(e-mail, name)`.
pub(crate) type Recipients = Vec<(String, String)>;

/// How an attendee list changed, by e-mail.
pub(crate) struct Change {
    pub kept: Recipients,
    pub removed: Recipients,
    pub added: Recipients,
}

pub(crate) fn diff(old: &[Attendee], new: &[Attendee]) -> Change {
    let old_r = recipients(old);
    let new_r = recipients(new);
    let has =
        |list: &[(String, String)], e: &str| list.iter().any(|(x, _)| x.eq_ignore_ascii_case(e));
    Change {
        kept: new_r
            .iter()
            .filter(|(e, _)| has(&old_r, e))
            .cloned()
            .collect(),
        removed: old_r
            .iter()
            .filter(|(e, _)| !has(&new_r, e))
            .cloned()
            .collect(),
        added: new_r
            .iter()
            .filter(|(e, _)| !has(&old_r, e))
            .cloned()
            .collect(),
    }
}

pub(crate) fn notices(
    lane: u64,
    kind: NoticeKind,
    to: &[(String, String)],
    event: &CalEvent,
) -> Vec<Notice> {
    to.iter()
        .map(|(email, name)| Notice {
            lane,
            kind,
            to_email: email.clone(),
            to_name: name.clone(),
            event: event.clone(),
        })
        .collect()
}

/// `(lane, event)` for any meeting: a whole meeting, or an exception within its series.
pub(crate) fn event_for(
    site: &Site,
    m: &Meeting,
    method: Method,
    now: DateTime<Utc>,
) -> (u64, CalEvent) {
    match m
        .exception_of()
        .and_then(|(s, rid)| site.meetings.get(&s).map(|series| (series, rid)))
    {
        Some((series, rid)) => (
            series.key,
            exception_event(site, series, m, rid, method, now),
        ),
        None => (m.key, whole_event(site, m, method, now)),
    }
}
