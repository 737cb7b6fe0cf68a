//! Repeat rules (`meet:repeat`) and the expansion of a series into occurrences.
//!
//! The semantics follow the Webex web scheduler as faithfully as RFC 5545 allows;
//! every interpretation the reference makes is recorded here.
//!
//! - **NO_REPEAT**: the meeting is its only occurrence. **CONSTANT** (a schema value
//!   with no documented meaning) is read as NO_REPEAT.
//! - **DAILY**: every `interval` days from the first start. With `dayInWeek` days,
//!   only the days of that stride falling on those weekdays (Webex's "every weekday"
//!   is DAILY + MONDAY..FRIDAY), like RFC 5545 `FREQ=DAILY;BYDAY=…`.
//! - **WEEKLY**: every `interval` weeks on the `dayInWeek` days (default: the first
//!   start's weekday). Weeks start on **Sunday**, as in the Webex scheduler
//!   (`WKST=SU`); this decides which weeks an `interval` of 2 or more selects.
//! - **MONTHLY**: every `interval` months, on day `dayInMonth` (default: the first
//!   start's day of month), or, when `weekInMonth` is given, on the
//!   `weekInMonth`-th `dayInWeek[0]` (default: the first start's weekday), where
//!   week 5 means the *last* such weekday. `weekInMonth` wins over `dayInMonth`
//!   when both are present. A month without the day (the 31st in April) has no
//!   occurrence, as in RFC 5545; the series is not shifted to the month's end.
//! - **YEARLY**: every `interval` years, in `monthInYear` (default: the first
//!   start's month), on `dayInMonth` or the `weekInMonth`-th weekday as for
//!   MONTHLY. February 29 therefore occurs in leap years only.
//! - **Time of day**: every occurrence starts at the first start's *local* time in
//!   the series' zone, so its UTC instant moves by an hour across DST changes. A
//!   local time that falls in a DST gap or overlap is resolved as
//!   [`dates::to_utc`] says (gap: shifted forward by the gap; overlap: the earlier
//!   instant). [`Occurrence::start_local`] is the wall clock at the resolved
//!   instant.
//! - **The first start is always occurrence 0**, even when it does not fit the
//!   pattern (a WEEKLY MONDAY series first scheduled on a Tuesday), because Webex
//!   keeps the meeting the host scheduled. Pattern dates before it never occur.
//!   RFC 5545 leaves an unsynchronised DTSTART undefined (and common libraries drop
//!   it), so this is where the reference deliberately departs from them.
//! - **`afterMeetingNumber`** is the total number of occurrences, the first start
//!   included; 0 or absent means no count.
//! - **`expirationDate`** is compared by local *date*: an occurrence whose local
//!   date is on or before it occurs, whatever its time. It never removes the first
//!   start. With both a count and an expiration date, the series ends at whichever
//!   comes first (RFC 5545 forbids COUNT with UNTIL; Webex's form shows both).
//! - **`recurrenceId`** is the epoch milliseconds of the occurrence's UTC start.
//! - Occurrences are strictly ascending in UTC; should a zone ever map two
//!   occurrences to the same instant (a country skipping a calendar day), the
//!   later duplicate is dropped and does not take an index.
//! - [`occurrences`] never fails and never loops forever: an interval of 0 is read
//!   as 1, and a pattern that can never match (April 31, week 7) yields only the
//!   first start. [`validate`] is where such rules are reported.

use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

use super::dates;
use super::timezones::Zone;

/// `meet:repeat/repeatType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RepeatType {
    #[default]
    NoRepeat,
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl RepeatType {
    /// The API spelling (`NO_REPEAT`, `DAILY`, …).
    pub fn as_api_str(self) -> &'static str {
        match self {
            RepeatType::NoRepeat => "NO_REPEAT",
            RepeatType::Daily => "DAILY",
            RepeatType::Weekly => "WEEKLY",
            RepeatType::Monthly => "MONTHLY",
            RepeatType::Yearly => "YEARLY",
        }
    }
}

impl FromStr for RepeatType {
    type Err = String;

    /// Reads the API spelling, ignoring case and surrounding white space.
    /// `CONSTANT` has no documented meaning and is read as `NO_REPEAT`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "NO_REPEAT" | "CONSTANT" => Ok(RepeatType::NoRepeat),
            "DAILY" => Ok(RepeatType::Daily),
            "WEEKLY" => Ok(RepeatType::Weekly),
            "MONTHLY" => Ok(RepeatType::Monthly),
            "YEARLY" => Ok(RepeatType::Yearly),
            _ => Err(format!(
                "repeatType {s:?} is not one of NO_REPEAT, DAILY, WEEKLY, MONTHLY, YEARLY, CONSTANT"
            )),
        }
    }
}

/// Reads a `com:dayOfWeekType` (`SUNDAY` … `SATURDAY`), ignoring case and white space.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let day = match s.trim().to_ascii_uppercase().as_str() {
        "SUNDAY" => Weekday::Sun,
        "MONDAY" => Weekday::Mon,
        "TUESDAY" => Weekday::Tue,
        "WEDNESDAY" => Weekday::Wed,
        "THURSDAY" => Weekday::Thu,
        "FRIDAY" => Weekday::Fri,
        "SATURDAY" => Weekday::Sat,
        _ => return None,
    };
    Some(day)
}

/// The `com:dayOfWeekType` spelling of a weekday.
pub fn weekday_api_str(day: Weekday) -> &'static str {
    match day {
        Weekday::Sun => "SUNDAY",
        Weekday::Mon => "MONDAY",
        Weekday::Tue => "TUESDAY",
        Weekday::Wed => "WEDNESDAY",
        Weekday::Thu => "THURSDAY",
        Weekday::Fri => "FRIDAY",
        Weekday::Sat => "SATURDAY",
    }
}

/// A series' repeat rule, as `meet:repeat` carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub repeat_type: RepeatType,
    /// ≥ 1; 0 is reported by [`validate`] and read as 1 by [`occurrences`].
    pub interval: u32,
    /// `dayInWeek/day*`.
    pub days_in_week: Vec<Weekday>,
    /// 1..=31.
    pub day_in_month: Option<u32>,
    /// 1..=5, 5 = last.
    pub week_in_month: Option<u32>,
    /// 1..=12.
    pub month_in_year: Option<u32>,
    /// Total number of occurrences, the first start included; 0 or `None`: no count.
    pub after_meeting_number: Option<u32>,
    /// Local; the last possible start, compared by local date, inclusive.
    pub expiration_date: Option<NaiveDateTime>,
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            repeat_type: RepeatType::NoRepeat,
            interval: 1,
            days_in_week: Vec::new(),
            day_in_month: None,
            week_in_month: None,
            month_in_year: None,
            after_meeting_number: None,
            expiration_date: None,
        }
    }
}

/// One occurrence of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// 0-based position in the series (0 is the first start).
    pub index: u32,
    /// Wall-clock start in the series' zone.
    pub start_local: NaiveDateTime,
    pub start_utc: DateTime<Utc>,
    /// Epoch milliseconds of `start_utc`.
    pub recurrence_id: i64,
}

/// Reports every nonsensical part of a rule, joined by "; ".
pub fn validate(rule: &Rule) -> Result<(), String> {
    let mut problems = Vec::new();
    if rule.interval == 0 {
        problems.push("interval must be at least 1, got 0".to_owned());
    }
    if let Some(day) = rule.day_in_month.filter(|d| !(1..=31).contains(d)) {
        problems.push(format!("dayInMonth must be between 1 and 31, got {day}"));
    }
    if let Some(week) = rule.week_in_month.filter(|w| !(1..=5).contains(w)) {
        problems.push(format!(
            "weekInMonth must be between 1 and 5 (5 = last), got {week}"
        ));
    }
    if let Some(month) = rule.month_in_year.filter(|m| !(1..=12).contains(m)) {
        problems.push(format!("monthInYear must be between 1 and 12, got {month}"));
    }
    if let Some(count) = rule.after_meeting_number.filter(|n| *n > 999) {
        problems.push(format!(
            "afterMeetingNumber must be between 0 and 999, got {count}"
        ));
    }
    let by_weekday = rule.week_in_month.is_some();
    if let (RepeatType::Yearly, Some(month), Some(day), false) = (
        rule.repeat_type,
        rule.month_in_year,
        rule.day_in_month,
        by_weekday,
    ) {
        // 2000 is a leap year, so only dates that never exist are refused.
        let exists = NaiveDate::from_ymd_opt(2000, month, day).is_some();
        if (1..=12).contains(&month) && (1..=31).contains(&day) && !exists {
            problems.push(format!("month {month} never has a day {day}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The occurrences of a series whose first occurrence starts at
/// `first_start_local` in `zone`: lazy, ascending, infinite when the rule has
/// neither a count nor an expiration date.
pub fn occurrences(
    first_start_local: NaiveDateTime,
    zone: &'static Zone,
    rule: &Rule,
) -> Occurrences {
    let anchor = first_start_local.date();
    let count = match rule.repeat_type {
        RepeatType::NoRepeat => Some(1),
        _ => rule.after_meeting_number.filter(|n| *n > 0),
    };
    Occurrences {
        first: first_start_local,
        time: first_start_local.time(),
        anchor,
        zone,
        pattern: Pattern::from_rule(anchor, rule),
        count,
        until: rule.expiration_date.map(|d| d.date()),
        next_index: 0,
        first_pending: true,
        next_period: 0,
        pending: Vec::new(),
        empty_run: 0,
        last_utc: None,
        done: false,
    }
}

/// The occurrence whose `recurrenceId` is `recurrence_id`, if the series has one.
/// The search stops at that instant, so it is bounded even for endless series.
pub fn find(
    first_start_local: NaiveDateTime,
    zone: &'static Zone,
    rule: &Rule,
    recurrence_id: i64,
) -> Option<Occurrence> {
    let target = DateTime::<Utc>::from_timestamp_millis(recurrence_id)?;
    occurrences(first_start_local, zone, rule)
        .starting_from(target)
        .take_while(|o| o.start_utc <= target)
        .find(|o| o.recurrence_id == recurrence_id)
}

/// Lazy iterator over a series' occurrences; see [`occurrences`].
#[derive(Debug, Clone)]
pub struct Occurrences {
    first: NaiveDateTime,
    time: NaiveTime,
    /// The first start's local date: pattern dates on or before it never occur.
    anchor: NaiveDate,
    zone: &'static Zone,
    pattern: Pattern,
    count: Option<u32>,
    until: Option<NaiveDate>,
    next_index: u32,
    first_pending: bool,
    /// The next pattern period to expand into `pending`.
    next_period: u64,
    /// The current period's remaining dates, last date first (popped from the end).
    pending: Vec<NaiveDate>,
    /// Consecutive periods without a date after the anchor; past the pattern's
    /// limit, it can never match again.
    empty_run: u32,
    last_utc: Option<DateTime<Utc>>,
    done: bool,
}

impl Occurrences {
    /// The occurrences starting at or after `from_utc`, with their series indexes.
    ///
    /// Jumps straight to the pattern period around `from_utc` and computes the
    /// index there arithmetically (DAILY, WEEKLY, and MONTHLY/YEARLY on days every
    /// period has) or by counting dates without time zone work (other
    /// MONTHLY/YEARLY rules), instead of producing every earlier occurrence.
    pub fn starting_from(mut self, from_utc: DateTime<Utc>) -> impl Iterator<Item = Occurrence> {
        self.skip_to(from_utc);
        self.skip_while(move |o| o.start_utc < from_utc)
    }

    fn skip_to(&mut self, from_utc: DateTime<Utc>) {
        if self.done || from_utc <= dates::to_utc(self.first, self.zone) {
            return;
        }
        // A day's margin: an occurrence at or after `from_utc` may show an earlier
        // local date only through a DST overlap, never by a whole day.
        let from_local = dates::to_local(from_utc, self.zone).date();
        let from_date = from_local
            .checked_sub_days(Days::new(1))
            .unwrap_or(from_local);
        let period = self.pattern.period_of(self.anchor, from_date);
        if period <= self.next_period {
            return;
        }
        let before = self.pattern.dates_before_period(self.anchor, period);
        match u32::try_from(before.saturating_add(1)) {
            Ok(index) => self.next_index = index,
            Err(_) => self.done = true,
        }
        self.first_pending = false;
        self.next_period = period;
        self.pending.clear();
        self.empty_run = 0;
        self.last_utc = None;
    }

    fn occurrence_on(&mut self, date: NaiveDate) -> Option<Occurrence> {
        let start_utc = dates::to_utc(date.and_time(self.time), self.zone);
        if self.last_utc.is_some_and(|last| start_utc <= last) {
            return None;
        }
        self.last_utc = Some(start_utc);
        let index = self.next_index;
        let Some(next_index) = index.checked_add(1) else {
            self.done = true;
            return None;
        };
        self.next_index = next_index;
        Some(Occurrence {
            index,
            start_local: dates::to_local(start_utc, self.zone),
            start_utc,
            recurrence_id: dates::epoch_millis(start_utc),
        })
    }

    /// Expands the next period into `pending`; false when there are no more.
    fn refill(&mut self) -> bool {
        if self.empty_run > self.pattern.max_empty_run() {
            return false;
        }
        let Some(mut dates) = self.pattern.dates_in_period(self.anchor, self.next_period) else {
            return false;
        };
        let Some(next) = self.next_period.checked_add(1) else {
            return false;
        };
        self.next_period = next;
        dates.retain(|d| *d > self.anchor);
        if dates.is_empty() {
            self.empty_run += 1;
        } else {
            self.empty_run = 0;
        }
        dates.reverse();
        self.pending = dates;
        true
    }
}

impl Iterator for Occurrences {
    type Item = Occurrence;

    fn next(&mut self) -> Option<Occurrence> {
        if self.done || self.count.is_some_and(|n| self.next_index >= n) {
            self.done = true;
            return None;
        }
        if self.first_pending {
            self.first_pending = false;
            if let Some(first) = self.occurrence_on(self.anchor) {
                return Some(first);
            }
        }
        loop {
            let Some(date) = self.pending.pop() else {
                if !self.refill() {
                    self.done = true;
                    return None;
                }
                continue;
            };
            if self.until.is_some_and(|until| date > until) {
                self.done = true;
                return None;
            }
            if let Some(occurrence) = self.occurrence_on(date) {
                return Some(occurrence);
            }
            if self.done {
                return None;
            }
        }
    }
}

/// Seven weekdays as bits, bit 0 = Sunday (the week's first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WeekdaySet(u8);

impl WeekdaySet {
    fn of(days: &[Weekday]) -> Self {
        WeekdaySet(
            days.iter()
                .fold(0, |bits, d| bits | 1 << d.num_days_from_sunday()),
        )
    }

    fn contains_offset(self, days_from_sunday: u32) -> bool {
        self.0 & (1 << (days_from_sunday % 7)) != 0
    }

    fn len(self) -> u64 {
        u64::from(self.0.count_ones())
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Days from Sunday of each member, ascending.
    fn offsets(self) -> impl Iterator<Item = u32> {
        (0..7).filter(move |i| self.contains_offset(*i))
    }
}

/// Which day of a month a MONTHLY or YEARLY rule picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOfMonth {
    Date(u32),
    /// `week` 1..=4, or 5 for the last such weekday.
    Nth {
        week: u32,
        weekday: Weekday,
    },
}

impl DayOfMonth {
    fn resolve(self, year: i32, month: u32) -> Option<NaiveDate> {
        match self {
            DayOfMonth::Date(day) => NaiveDate::from_ymd_opt(year, month, day),
            DayOfMonth::Nth {
                week: week @ 1..=4,
                weekday,
            } => {
                NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(week).ok()?)
            }
            DayOfMonth::Nth { week: 5, weekday } => {
                let last = last_day_of_month(year, month)?;
                let back = (7 + last.weekday().num_days_from_sunday()
                    - weekday.num_days_from_sunday())
                    % 7;
                last.checked_sub_days(Days::new(u64::from(back)))
            }
            DayOfMonth::Nth { .. } => None,
        }
    }

    /// True when every month of every year has this day.
    fn in_every_month(self) -> bool {
        match self {
            DayOfMonth::Date(day) => (1..=28).contains(&day),
            DayOfMonth::Nth { week, .. } => (1..=5).contains(&week),
        }
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

/// A rule reduced to its date pattern, defaults filled in from the first start.
///
/// The pattern is cut into numbered *periods* of `interval` units (days, weeks
/// starting on Sunday, months, years) counted from the first start's; each period
/// holds at most seven dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Once,
    /// An empty set means every day of the stride.
    Daily {
        interval: u32,
        days: WeekdaySet,
    },
    Weekly {
        interval: u32,
        days: WeekdaySet,
    },
    Monthly {
        interval: u32,
        day: DayOfMonth,
    },
    Yearly {
        interval: u32,
        month: u32,
        day: DayOfMonth,
    },
}

impl Pattern {
    fn from_rule(first: NaiveDate, rule: &Rule) -> Self {
        let interval = rule.interval.max(1);
        let days = WeekdaySet::of(&rule.days_in_week);
        let day = match rule.week_in_month {
            Some(week) => DayOfMonth::Nth {
                week,
                weekday: rule
                    .days_in_week
                    .first()
                    .copied()
                    .unwrap_or(first.weekday()),
            },
            None => DayOfMonth::Date(rule.day_in_month.unwrap_or(first.day())),
        };
        match rule.repeat_type {
            RepeatType::NoRepeat => Pattern::Once,
            RepeatType::Daily => Pattern::Daily { interval, days },
            RepeatType::Weekly => Pattern::Weekly {
                interval,
                days: if days.is_empty() {
                    WeekdaySet::of(&[first.weekday()])
                } else {
                    days
                },
            },
            RepeatType::Monthly => Pattern::Monthly { interval, day },
            RepeatType::Yearly => Pattern::Yearly {
                interval,
                month: rule.month_in_year.unwrap_or(first.month()),
                day,
            },
        }
    }

    /// How many consecutive periods without a date prove the pattern empty for
    /// good: one full cycle of what the periods visit (7 weekday strides, the
    /// 400-year Gregorian cycle), plus the first, partial, period.
    fn max_empty_run(&self) -> u32 {
        match self {
            Pattern::Once => 0,
            Pattern::Daily { .. } => 8,
            Pattern::Weekly { .. } => 2,
            Pattern::Monthly { .. } => 4801,
            Pattern::Yearly { .. } => 401,
        }
    }

    /// The dates of period `k`, ascending (before the anchor filter); `None` when
    /// the period is beyond the representable calendar.
    fn dates_in_period(&self, anchor: NaiveDate, k: u64) -> Option<Vec<NaiveDate>> {
        match *self {
            Pattern::Once => None,
            Pattern::Daily { interval, days } => {
                let date = add_days(anchor, k.checked_mul(u64::from(interval))?)?;
                let fits =
                    days.is_empty() || days.contains_offset(date.weekday().num_days_from_sunday());
                Some(if fits { vec![date] } else { Vec::new() })
            }
            Pattern::Weekly { interval, days } => {
                let week = add_days(
                    week_start(anchor),
                    k.checked_mul(u64::from(interval))?.checked_mul(7)?,
                )?;
                days.offsets()
                    .map(|offset| add_days(week, u64::from(offset)))
                    .collect()
            }
            Pattern::Monthly { interval, day } => {
                let months = i64::try_from(k.checked_mul(u64::from(interval))?).ok()?;
                let index = month_index(anchor).checked_add(months)?;
                let year = i32::try_from(index.div_euclid(12)).ok()?;
                let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
                Some(day.resolve(year, month).into_iter().collect())
            }
            Pattern::Yearly {
                interval,
                month,
                day,
            } => {
                let years = i32::try_from(k.checked_mul(u64::from(interval))?).ok()?;
                let year = anchor.year().checked_add(years)?;
                NaiveDate::from_ymd_opt(year, 1, 1)?;
                Some(day.resolve(year, month).into_iter().collect())
            }
        }
    }

    /// The period holding `date` (0 for dates before the first start's).
    fn period_of(&self, anchor: NaiveDate, date: NaiveDate) -> u64 {
        let (units, interval) = match *self {
            Pattern::Once => return 0,
            Pattern::Daily { interval, .. } => ((date - anchor).num_days(), interval),
            Pattern::Weekly { interval, .. } => (
                (week_start(date) - week_start(anchor)).num_days() / 7,
                interval,
            ),
            Pattern::Monthly { interval, .. } => {
                (month_index(date) - month_index(anchor), interval)
            }
            Pattern::Yearly { interval, .. } => {
                (i64::from(date.year()) - i64::from(anchor.year()), interval)
            }
        };
        u64::try_from(units).map_or(0, |u| u / u64::from(interval.max(1)))
    }

    /// How many pattern dates after the anchor periods `0..k` hold, without
    /// building them where arithmetic can tell.
    fn dates_before_period(&self, anchor: NaiveDate, k: u64) -> u64 {
        if k == 0 {
            return 0;
        }
        let after_anchor = |period: u64| {
            self.dates_in_period(anchor, period).map_or(0, |dates| {
                dates.iter().filter(|d| **d > anchor).count() as u64
            })
        };
        match *self {
            Pattern::Once => 0,
            // Period 0 is the anchor itself; each later period holds one date
            // when its weekday fits, and weekdays repeat every 7 periods.
            Pattern::Daily { interval, days } => {
                let strides = k - 1;
                if days.is_empty() {
                    return strides;
                }
                let first = anchor.weekday().num_days_from_sunday();
                let fits =
                    |j: u64| days.contains_offset(first + ((j * u64::from(interval)) % 7) as u32);
                let per_cycle = (1..=7).filter(|j| fits(*j)).count() as u64;
                (strides / 7) * per_cycle + (1..=strides % 7).filter(|j| fits(*j)).count() as u64
            }
            Pattern::Weekly { days, .. } => after_anchor(0) + (k - 1) * days.len(),
            Pattern::Monthly { day, .. } | Pattern::Yearly { day, .. } => {
                let every_period = match *self {
                    Pattern::Yearly { month, .. } => {
                        (1..=12).contains(&month) && day.in_every_month()
                    }
                    _ => day.in_every_month(),
                };
                if every_period {
                    after_anchor(0) + (k - 1)
                } else {
                    (0..k).map(after_anchor).sum()
                }
            }
        }
    }
}

fn add_days(date: NaiveDate, days: u64) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(days))
}

/// The Sunday starting `date`'s week.
fn week_start(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_sunday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// Months since year 0, January.
fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}
