//! Session lists: which meetings and occurrences a caller sees in a date range.
//!
//! The project's reading of the release notes (the contract the cases assert):
//! - with `recurrence` true, one item per occurrence whose start lies in the
//!   range, leaving out occurrences that ended before now and removed ones; an
//!   occurrence with an exception appears only as that exception. Every item
//!   carries isException / isNextUpcomingInstance / seriesMeetingKey /
//!   recurrenceId; the next upcoming instance of a series is its earliest slot
//!   (by recurrenceId) that has not ended, whether regular or exception.
//!   Without an end date the range is one year from its start (or from now).
//! - without it, a series is one item (its exceptions folded in), listed when
//!   its span or one of its exceptions touches the range, with its first start.
//! - meetings whose host is deactivated are never listed, for any caller.
//! - a Personal Room is a standing room, not a scheduled session: never listed.
//!
//! The defect switches that bend these rules are consulted here, where each rule is applied.

use super::meeting::{Kind, Meeting};
use super::state::Site;
use super::user::User;
use crate::reference::calendar::dates;
use crate::reference::switches::{Switch, Switches};
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeSet, HashMap};

/// The caller, as far as visibility is concerned.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub webex_id: String,
    pub email: String,
    pub admin: bool,
    /// `invited` true: also meetings the caller is an attendee of.
    pub invited: bool,
}

impl Viewer {
    pub fn sees(&self, m: &Meeting) -> bool {
        self.admin
            || m.is_host_or_alternate(&self.webex_id, &self.email)
            || (self.invited && m.is_invited(&self.webex_id, &self.email))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ListQuery {
    pub viewer: Viewer,
    pub now: DateTime<Utc>,
    pub start_from: Option<DateTime<Utc>>,
    pub start_to: Option<DateTime<Utc>>,
    pub end_from: Option<DateTime<Utc>>,
    pub end_to: Option<DateTime<Utc>>,
    pub recurrence: bool,
    pub host: Option<String>,
    pub session_key: Option<u64>,
    pub conf_id: Option<u64>,
    pub conf_name: Option<String>,
    /// Defect switches in force (none: the rules above).
    pub switches: Switches,
}

impl ListQuery {
    fn on(&self, switch: Switch) -> bool {
        self.switches.is_on(switch)
    }
}

/// The SP11 elements of one listed occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RecurrenceInfo {
    pub is_exception: bool,
    pub next_upcoming: bool,
    pub series_key: u64,
    pub recurrence_id: i64,
}

/// One listed session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// The meeting whose details describe the item (series, exception or single).
    pub meeting: u64,
    pub start_utc: DateTime<Utc>,
    pub recurrence: Option<RecurrenceInfo>,
}

/// Without an end date, a recurrence list covers this much.
fn default_span() -> Duration {
    Duration::days(366)
}

pub(crate) fn list(site: &Site, q: &ListQuery) -> Vec<Item> {
    let mut items = if q.recurrence {
        occurrence_items(site, q)
    } else {
        meeting_items(site, q)
    };
    items.sort_by_key(|i| (i.start_utc, i.meeting));
    items
}

fn passes(site: &Site, q: &ListQuery, m: &Meeting) -> bool {
    if matches!(m.kind, Kind::PersonalRoom) || !q.viewer.sees(m) {
        return false;
    }
    if hidden_as_deactivated(site, q, m) {
        return false;
    }
    q.host
        .as_ref()
        .is_none_or(|h| m.host.eq_ignore_ascii_case(h))
        && q.conf_id.is_none_or(|c| c == m.conf_id)
        && q.conf_name
            .as_ref()
            .is_none_or(|n| m.name.eq_ignore_ascii_case(n))
}

/// Whether the deactivation rule leaves this meeting out for this caller.
fn hidden_as_deactivated(site: &Site, q: &ListQuery, m: &Meeting) -> bool {
    if q.on(Switch::DeactivatedHostsListed)
        || (q.on(Switch::DeactivatedListedForAdmins) && q.viewer.admin)
    {
        return false;
    }
    if q.on(Switch::DeactivatedListedForAlternateHosts)
        && !m.host.eq_ignore_ascii_case(&q.viewer.webex_id)
        && m.is_host_or_alternate(&q.viewer.webex_id, &q.viewer.email)
    {
        return false;
    }
    let scheduler_active = || site.user(&m.scheduler).is_some_and(User::is_active);
    if q.on(Switch::DeactivationFollowsScheduler) {
        return !scheduler_active();
    }
    if q.on(Switch::DeactivationHidesScheduledMeetings) {
        return !site.host_active(m) || !scheduler_active();
    }
    !site.host_active(m)
}

fn in_range(q: &ListQuery, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    q.start_from.is_none_or(|f| start >= f)
        && q.start_to.is_none_or(|t| start <= t)
        && q.end_from.is_none_or(|f| end >= f)
        && q.end_to.is_none_or(|t| end <= t)
}

fn occurrence_items(site: &Site, q: &ListQuery) -> Vec<Item> {
    let keep_expired = q.on(Switch::ListKeepsExpiredOccurrences);
    let running_since = if keep_expired {
        q.now - default_span()
    } else {
        q.now - Duration::milliseconds(site.max_duration_ms)
    };
    let ended = |end: DateTime<Utc>| end <= q.now && !keep_expired;
    let lo = q.start_from.map_or(running_since, |f| f.max(running_since));
    let hi = q
        .start_to
        .unwrap_or_else(|| q.start_from.unwrap_or(q.now).max(q.now) + default_span());
    let (lo_ms, hi_ms) = (dates::epoch_millis(lo), dates::epoch_millis(hi));
    let mut next_cache: HashMap<u64, Option<i64>> = HashMap::new();
    let mut next_of = |series: &Meeting| {
        *next_cache
            .entry(series.key)
            .or_insert_with(|| next_upcoming_slot(site, series, q.now))
    };
    let mut out = Vec::new();

    for key in site.index.starting_in(lo_ms, hi_ms) {
        let Some(m) = site.meetings.get(&key) else {
            continue;
        };
        if ended(m.end_utc()) || !in_range(q, m.start_utc(), m.end_utc()) || !passes(site, q, m) {
            continue;
        }
        if q.on(Switch::ListOmitsExceptions) && m.exception_of().is_some() {
            continue;
        }
        let info = match m.exception_of() {
            Some((series_key, rid)) => {
                let next = site.meetings.get(&series_key).and_then(&mut next_of);
                RecurrenceInfo {
                    is_exception: true,
                    next_upcoming: next == Some(rid),
                    series_key,
                    recurrence_id: rid,
                }
            }
            None => RecurrenceInfo {
                is_exception: false,
                next_upcoming: true,
                series_key: 0,
                recurrence_id: dates::epoch_millis(m.start_utc()),
            },
        };
        if q.session_key.is_none_or(|k| k == m.key) {
            out.push(Item {
                meeting: key,
                start_utc: m.start_utc(),
                recurrence: Some(info),
            });
        }
    }

    for key in site.index.series_touching(lo_ms, hi_ms) {
        let Some(m) = site.meetings.get(&key) else {
            continue;
        };
        let Some(series) = m.series() else { continue };
        if !passes(site, q, m) || q.session_key.is_some_and(|k| k != m.key) {
            continue;
        }
        let next = next_of(m);
        let from = if keep_expired {
            lo
        } else {
            lo.max(q.now - m.duration())
        };
        for o in m.occurrences().starting_from(from) {
            if o.start_utc > hi {
                break;
            }
            let end = o.start_utc + m.duration();
            let rid = o.recurrence_id;
            let removed =
                series.removed.contains(&rid) && !q.on(Switch::ListShowsRemovedOccurrences);
            let replaced = series.exceptions.contains_key(&rid)
                && !q.on(Switch::ExceptionListedBesideOccurrence);
            if ended(end) || removed || replaced || !in_range(q, o.start_utc, end) {
                continue;
            }
            let info = RecurrenceInfo {
                is_exception: false,
                next_upcoming: next == Some(rid),
                series_key: 0,
                recurrence_id: rid,
            };
            out.push(Item {
                meeting: key,
                start_utc: o.start_utc,
                recurrence: Some(info),
            });
            if q.on(Switch::ListOneItemPerSeries) {
                break;
            }
        }
    }
    out
}

fn meeting_items(site: &Site, q: &ListQuery) -> Vec<Item> {
    let ranged = q.start_from.is_some() || q.start_to.is_some();
    let mut keys: BTreeSet<u64> = BTreeSet::new();
    if ranged {
        let lo = q.start_from.map_or(i64::MIN, dates::epoch_millis);
        let hi = q.start_to.map_or(i64::MAX, dates::epoch_millis);
        for key in site.index.starting_in(lo, hi) {
            match site.meetings.get(&key).and_then(Meeting::exception_of) {
                Some((series, _)) => keys.insert(series),
                None => keys.insert(key),
            };
        }
        keys.extend(site.index.series_touching(lo, hi));
    } else {
        keys.extend(
            site.meetings
                .values()
                .filter(|m| m.exception_of().is_none())
                .map(|m| m.key),
        );
    }
    let mut out = Vec::new();
    for key in keys {
        let Some(m) = site.meetings.get(&key) else {
            continue;
        };
        if !passes(site, q, m) || q.session_key.is_some_and(|k| k != m.key) {
            continue;
        }
        if ranged && !series_touches(site, q, m) {
            continue;
        }
        out.push(Item {
            meeting: key,
            start_utc: m.start_utc(),
            recurrence: None,
        });
    }
    out
}

/// Whether a meeting (or, for a series, one of its slots or exceptions) starts in the range.
fn series_touches(site: &Site, q: &ListQuery, m: &Meeting) -> bool {
    let Some(series) = m.series() else {
        return in_range(q, m.start_utc(), m.end_utc());
    };
    let exception_in_range = series
        .exceptions
        .values()
        .filter_map(|k| site.meetings.get(k))
        .any(|e| in_range(q, e.start_utc(), e.end_utc()));
    if exception_in_range {
        return true;
    }
    let from = q.start_from.unwrap_or(m.start_utc());
    for o in m.occurrences().starting_from(from) {
        if q.start_to.is_some_and(|t| o.start_utc > t) {
            return false;
        }
        if !series.removed.contains(&o.recurrence_id)
            && !series.exceptions.contains_key(&o.recurrence_id)
            && in_range(q, o.start_utc, o.start_utc + m.duration())
        {
            return true;
        }
    }
    false
}

/// The recurrenceId of a series' next upcoming instance: its earliest slot (by
/// recurrenceId) whose meeting, regular or exception, has not ended by `now`.
pub(crate) fn next_upcoming_slot(
    site: &Site,
    series_meeting: &Meeting,
    now: DateTime<Utc>,
) -> Option<i64> {
    let series = series_meeting.series()?;
    let dur = series_meeting.duration();
    let regular = series_meeting
        .occurrences()
        .starting_from(now - dur)
        .find(|o| {
            o.start_utc + dur > now
                && !series.removed.contains(&o.recurrence_id)
                && !series.exceptions.contains_key(&o.recurrence_id)
        })
        .map(|o| o.recurrence_id);
    let exception = series
        .exceptions
        .iter()
        .filter(|(_, k)| site.meetings.get(k).is_some_and(|e| e.end_utc() > now))
        .map(|(rid, _)| *rid)
        .min();
    match (regular, exception) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
