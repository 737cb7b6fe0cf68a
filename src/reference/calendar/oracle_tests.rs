//! Property-style tests against an independent implementation: the `rrule` crate
//! (RFC 5545), fed the RRULE each [`Rule`] stands for, with `DTSTART;TZID=…` in
//! the series' IANA zone and `WKST=SU`. For a table of rules × zones, the UTC
//! instants of the first occurrences must be identical.
//!
//! Two documented departures from plain RFC 5545 are bridged in the RRULE text,
//! not in the engine: the first start is always an occurrence (added as an RDATE
//! when it is off the pattern), and the expiration date is inclusive by local date
//! (UNTIL is the end of that local day, in UTC).

use chrono::{DateTime, Datelike, NaiveDateTime, NaiveTime, Utc, Weekday};
use rrule::RRuleSet;

use super::dates;
use super::recurrence::{occurrences, RepeatType, Rule};
use super::timezones::{self, Zone};

/// Berlin, San Jose, New York, Sydney, Auckland (southern DST), Brasilia (DST
/// changes at midnight until 2019), Tehran, Casablanca (Ramadan shifts),
/// Newfoundland (half-hour offset), London, Beijing.
const ZONES: [i64; 11] = [25, 4, 11, 55, 60, 16, 35, 20, 15, 21, 45];

/// How many occurrences of an endless series are compared.
const ENDLESS_TAKE: usize = 150;

fn ical_day(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn ical_local(dt: NaiveDateTime) -> String {
    dt.format("%Y%m%dT%H%M%S").to_string()
}

/// The day-of-month part of a MONTHLY or YEARLY rule, defaults made explicit.
fn by_day_of_month(rule: &Rule, first: NaiveDateTime) -> String {
    match rule.week_in_month {
        Some(week) => {
            let day = rule
                .days_in_week
                .first()
                .copied()
                .unwrap_or(first.weekday());
            let nth = if week == 5 { -1 } else { i64::from(week) };
            format!("BYDAY={nth}{}", ical_day(day))
        }
        None => format!("BYMONTHDAY={}", rule.day_in_month.unwrap_or(first.day())),
    }
}

/// The iCalendar text (DTSTART, RRULE, RDATE) that `rule` means.
fn ical(rule: &Rule, first: NaiveDateTime, zone: &Zone, first_on_pattern: bool) -> String {
    let tz = zone.tz.name();
    let mut parts = vec![format!("INTERVAL={}", rule.interval), "WKST=SU".to_owned()];
    let days = || {
        rule.days_in_week
            .iter()
            .map(|d| ical_day(*d))
            .collect::<Vec<_>>()
            .join(",")
    };
    match rule.repeat_type {
        RepeatType::NoRepeat => parts.insert(0, "FREQ=DAILY;COUNT=1".to_owned()),
        RepeatType::Daily => {
            parts.insert(0, "FREQ=DAILY".to_owned());
            if !rule.days_in_week.is_empty() {
                parts.push(format!("BYDAY={}", days()));
            }
        }
        RepeatType::Weekly => {
            parts.insert(0, "FREQ=WEEKLY".to_owned());
            if rule.days_in_week.is_empty() {
                parts.push(format!("BYDAY={}", ical_day(first.weekday())));
            } else {
                parts.push(format!("BYDAY={}", days()));
            }
        }
        RepeatType::Monthly => {
            parts.insert(0, "FREQ=MONTHLY".to_owned());
            parts.push(by_day_of_month(rule, first));
        }
        RepeatType::Yearly => {
            parts.insert(0, "FREQ=YEARLY".to_owned());
            parts.push(format!(
                "BYMONTH={}",
                rule.month_in_year.unwrap_or(first.month())
            ));
            parts.push(by_day_of_month(rule, first));
        }
    }
    if let Some(count) = rule.after_meeting_number.filter(|n| *n > 0) {
        assert!(
            first_on_pattern,
            "COUNT counts DTSTART only when it is on the pattern"
        );
        parts.push(format!("COUNT={count}"));
    }
    if let Some(expiration) = rule.expiration_date {
        let end_of_day = expiration
            .date()
            .and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"));
        let until = dates::to_utc(end_of_day, zone);
        parts.push(format!("UNTIL={}", until.format("%Y%m%dT%H%M%SZ")));
    }
    let mut text = format!(
        "DTSTART;TZID={tz}:{}\nRRULE:{}",
        ical_local(first),
        parts.join(";")
    );
    if !first_on_pattern {
        text.push_str(&format!("\nRDATE;TZID={tz}:{}", ical_local(first)));
    }
    text
}

fn oracle(text: &str, take: usize) -> Vec<DateTime<Utc>> {
    let set: RRuleSet = text
        .parse()
        .unwrap_or_else(|e| panic!("oracle rejects {text:?}: {e}"));
    set.into_iter()
        .take(take)
        .map(|dt| dt.with_timezone(&Utc))
        .collect()
}

struct Case {
    first: &'static str,
    rule: Rule,
    /// False when the first start does not fit the pattern.
    on_pattern: bool,
}

fn case(first: &'static str, rule: Rule) -> Case {
    Case {
        first,
        rule,
        on_pattern: true,
    }
}

fn cases() -> Vec<Case> {
    use RepeatType::*;
    use Weekday::*;
    let r = |repeat_type| Rule {
        repeat_type,
        ..Rule::default()
    };
    let until = |text: &str| Some(dates::parse(text).expect("valid date"));
    vec![
        case("01/15/2024 10:00:00", r(NoRepeat)),
        case("01/15/2024 10:00:00", r(Daily)),
        case(
            "01/15/2024 02:30:00",
            Rule {
                interval: 3,
                ..r(Daily)
            },
        ),
        case(
            "01/15/2024 01:30:00",
            Rule {
                days_in_week: vec![Mon, Tue, Wed, Thu, Fri],
                ..r(Daily)
            },
        ),
        case(
            "01/16/2024 09:00:00",
            Rule {
                interval: 2,
                days_in_week: vec![Tue, Sun],
                ..r(Daily)
            },
        ),
        case(
            "01/15/2024 10:00:00",
            Rule {
                after_meeting_number: Some(40),
                ..r(Daily)
            },
        ),
        case(
            "03/01/2024 23:30:00",
            Rule {
                expiration_date: until("11/30/2024 00:00:00"),
                ..r(Daily)
            },
        ),
        // Local times inside gaps and overlaps: March (US, Europe) and April
        // (Sydney, Auckland), then October/November the other way round.
        case(
            "03/05/2024 02:30:00",
            Rule {
                after_meeting_number: Some(40),
                ..r(Daily)
            },
        ),
        case(
            "09/25/2024 02:30:00",
            Rule {
                after_meeting_number: Some(45),
                ..r(Daily)
            },
        ),
        case(
            "09/25/2024 01:30:00",
            Rule {
                after_meeting_number: Some(45),
                ..r(Daily)
            },
        ),
        case("01/03/2024 10:00:00", r(Weekly)),
        case(
            "01/01/2024 12:00:00",
            Rule {
                interval: 2,
                days_in_week: vec![Mon, Sun],
                ..r(Weekly)
            },
        ),
        case(
            "01/03/2024 08:00:00",
            Rule {
                interval: 3,
                days_in_week: vec![Wed, Fri, Sat],
                after_meeting_number: Some(50),
                ..r(Weekly)
            },
        ),
        case(
            "02/04/2024 00:30:00",
            Rule {
                days_in_week: vec![Sun],
                expiration_date: until("02/01/2026 00:00:00"),
                ..r(Weekly)
            },
        ),
        case("01/31/2024 10:00:00", r(Monthly)),
        case(
            "01/30/2024 10:00:00",
            Rule {
                interval: 2,
                day_in_month: Some(30),
                ..r(Monthly)
            },
        ),
        case(
            "01/09/2024 10:00:00",
            Rule {
                week_in_month: Some(2),
                days_in_week: vec![Tue],
                ..r(Monthly)
            },
        ),
        case(
            "01/26/2024 16:00:00",
            Rule {
                week_in_month: Some(5),
                days_in_week: vec![Fri],
                ..r(Monthly)
            },
        ),
        case(
            "01/01/2024 07:00:00",
            Rule {
                interval: 5,
                week_in_month: Some(1),
                days_in_week: vec![Mon],
                ..r(Monthly)
            },
        ),
        case("02/29/2024 10:00:00", r(Yearly)),
        case(
            "03/15/2024 10:00:00",
            Rule {
                interval: 2,
                month_in_year: Some(3),
                ..r(Yearly)
            },
        ),
        case(
            "11/28/2024 12:00:00",
            Rule {
                month_in_year: Some(11),
                week_in_month: Some(4),
                days_in_week: vec![Thu],
                ..r(Yearly)
            },
        ),
        case(
            "10/27/2024 10:00:00",
            Rule {
                month_in_year: Some(10),
                week_in_month: Some(5),
                days_in_week: vec![Sun],
                ..r(Yearly)
            },
        ),
        Case {
            first: "01/02/2024 10:00:00",
            rule: Rule {
                days_in_week: vec![Mon, Thu],
                ..r(Weekly)
            },
            on_pattern: false,
        },
        Case {
            first: "01/02/2024 10:00:00",
            rule: Rule {
                day_in_month: Some(20),
                ..r(Monthly)
            },
            on_pattern: false,
        },
    ]
}

#[test]
fn first_occurrences_match_rrule_in_every_zone() {
    let mut mismatches = Vec::new();
    for zone_id in ZONES {
        let zone = timezones::by_id(zone_id).expect("zone in table");
        for case in cases() {
            let first = dates::parse(case.first).expect("valid date");
            let text = ical(&case.rule, first, zone, case.on_pattern);
            let expected = oracle(&text, ENDLESS_TAKE);
            let ours: Vec<_> = occurrences(first, zone, &case.rule)
                .take(ENDLESS_TAKE)
                .map(|o| o.start_utc)
                .collect();
            if ours != expected {
                let at = ours.iter().zip(&expected).position(|(a, b)| a != b);
                mismatches.push(format!(
                    "{}:\n{text}\n  lengths {} vs {}, first difference at {at:?}: {:?} vs {:?}",
                    zone.name,
                    ours.len(),
                    expected.len(),
                    at.and_then(|i| ours.get(i)),
                    at.and_then(|i| expected.get(i)),
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn recurrence_ids_are_the_oracle_instants_in_epoch_millis() {
    let zone = timezones::by_id(4).expect("San Jose");
    let first = dates::parse("10/28/2024 09:00:00").expect("valid date");
    let rule = Rule {
        repeat_type: RepeatType::Daily,
        after_meeting_number: Some(10),
        ..Rule::default()
    };
    let expected: Vec<i64> = oracle(&ical(&rule, first, zone, true), 20)
        .iter()
        .map(|dt| dt.timestamp_millis())
        .collect();
    let ours: Vec<i64> = occurrences(first, zone, &rule)
        .map(|o| o.recurrence_id)
        .collect();
    assert_eq!(ours, expected);
}
