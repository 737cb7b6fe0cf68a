//! Repeat rules and occurrence expansion (day-by-day stand-in).
//!
//! Occurrence 0 is always the first start; every later occurrence is a day that
//! fits the rule, at the first start's local time in the series' zone.

use super::dates::{epoch_millis, to_utc};
use super::Zone;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use std::str::FromStr;

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
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "NO_REPEAT" | "CONSTANT" => Ok(RepeatType::NoRepeat),
            "DAILY" => Ok(RepeatType::Daily),
            "WEEKLY" => Ok(RepeatType::Weekly),
            "MONTHLY" => Ok(RepeatType::Monthly),
            "YEARLY" => Ok(RepeatType::Yearly),
            _ => Err(format!("repeatType {s:?} is not a known repeat type")),
        }
    }
}

pub fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_ascii_uppercase().as_str() {
        "SUNDAY" => Weekday::Sun,
        "MONDAY" => Weekday::Mon,
        "TUESDAY" => Weekday::Tue,
        "WEDNESDAY" => Weekday::Wed,
        "THURSDAY" => Weekday::Thu,
        "FRIDAY" => Weekday::Fri,
        "SATURDAY" => Weekday::Sat,
        _ => return None,
    })
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub repeat_type: RepeatType,
    pub interval: u32,
    pub days_in_week: Vec<Weekday>,
    pub day_in_month: Option<u32>,
    pub week_in_month: Option<u32>,
    pub month_in_year: Option<u32>,
    pub after_meeting_number: Option<u32>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub index: u32,
    pub start_local: NaiveDateTime,
    pub start_utc: DateTime<Utc>,
    pub recurrence_id: i64,
}

pub fn validate(rule: &Rule) -> Result<(), String> {
    let mut problems = Vec::new();
    if rule.interval == 0 {
        problems.push("interval must be at least 1".to_string());
    }
    if rule.day_in_month.is_some_and(|d| !(1..=31).contains(&d)) {
        problems.push("dayInMonth must be 1..31".to_string());
    }
    if rule.week_in_month.is_some_and(|w| !(1..=5).contains(&w)) {
        problems.push("weekInMonth must be 1..5".to_string());
    }
    if rule.month_in_year.is_some_and(|m| !(1..=12).contains(&m)) {
        problems.push("monthInYear must be 1..12".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

pub fn occurrences(
    first_start_local: NaiveDateTime,
    zone: &'static Zone,
    rule: &Rule,
) -> Occurrences {
    let count = match rule.repeat_type {
        RepeatType::NoRepeat => Some(1),
        _ => rule.after_meeting_number.filter(|n| *n > 0),
    };
    Occurrences {
        first: first_start_local,
        zone,
        rule: rule.clone(),
        count,
        next_day: first_start_local.date(),
        index: 0,
    }
}

pub fn find(
    first_start_local: NaiveDateTime,
    zone: &'static Zone,
    rule: &Rule,
    recurrence_id: i64,
) -> Option<Occurrence> {
    occurrences(first_start_local, zone, rule)
        .take_while(|o| o.recurrence_id <= recurrence_id)
        .find(|o| o.recurrence_id == recurrence_id)
}

#[derive(Debug, Clone)]
pub struct Occurrences {
    first: NaiveDateTime,
    zone: &'static Zone,
    rule: Rule,
    count: Option<u32>,
    next_day: NaiveDate,
    index: u32,
}

impl Occurrences {
    pub fn starting_from(self, from_utc: DateTime<Utc>) -> impl Iterator<Item = Occurrence> {
        self.skip_while(move |o| o.start_utc < from_utc)
    }

    fn fits(&self, day: NaiveDate) -> bool {
        let r = &self.rule;
        let d0 = self.first.date();
        let interval = i64::from(r.interval.max(1));
        let weekday_ok = |default: Weekday| {
            if r.days_in_week.is_empty() {
                day.weekday() == default
            } else {
                r.days_in_week.contains(&day.weekday())
            }
        };
        let day_ok = |default_day: u32| match (r.week_in_month, r.day_in_month) {
            (Some(w), _) => {
                let wd = r.days_in_week.first().copied().unwrap_or(d0.weekday());
                if day.weekday() != wd {
                    return false;
                }
                if w >= 5 {
                    (day + Duration::days(7)).month() != day.month()
                } else {
                    (day.day() - 1) / 7 + 1 == w
                }
            }
            (None, Some(d)) => day.day() == d,
            (None, None) => day.day() == default_day,
        };
        let months = |a: NaiveDate, b: NaiveDate| {
            i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month())
        };
        match r.repeat_type {
            RepeatType::NoRepeat => false,
            RepeatType::Daily => {
                (day - d0).num_days() % interval == 0
                    && (r.days_in_week.is_empty() || r.days_in_week.contains(&day.weekday()))
            }
            RepeatType::Weekly => {
                let week = |d: NaiveDate| {
                    (i64::from(d.num_days_from_ce())
                        - i64::from(d.weekday().num_days_from_sunday()))
                    .div_euclid(7)
                };
                (week(day) - week(d0)) % interval == 0 && weekday_ok(d0.weekday())
            }
            RepeatType::Monthly => months(d0, day) % interval == 0 && day_ok(d0.day()),
            RepeatType::Yearly => {
                i64::from(day.year() - d0.year()) % interval == 0
                    && day.month() == r.month_in_year.unwrap_or(d0.month())
                    && day_ok(d0.day())
            }
        }
    }
}

impl Iterator for Occurrences {
    type Item = Occurrence;
    fn next(&mut self) -> Option<Occurrence> {
        if self.count.is_some_and(|c| self.index >= c) {
            return None;
        }
        // Bounded search: a rule that fits no day within 20 years ends the series.
        for _ in 0..(366 * 20) {
            let day = self.next_day;
            self.next_day = day.succ_opt()?;
            if self.rule.expiration_date.is_some_and(|e| day > e.date()) {
                return None;
            }
            if (self.index == 0 && day == self.first.date())
                || (day > self.first.date() && self.fits(day))
            {
                let start_local = day.and_time(self.first.time());
                let start_utc = to_utc(start_local, self.zone);
                let o = Occurrence {
                    index: self.index,
                    start_local,
                    start_utc,
                    recurrence_id: epoch_millis(start_utc),
                };
                self.index += 1;
                return Some(o);
            }
        }
        None
    }
}
