//! Unit tests of the recurrence semantics, one interpretation per test.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

use super::dates;
use super::recurrence::{
    find, occurrences, parse_weekday, validate, weekday_api_str, RepeatType, Rule,
};
use super::timezones::{self, Zone};

const SAN_JOSE: i64 = 4;
const NEW_YORK: i64 = 11;
const BERLIN: i64 = 25;
const BEIJING: i64 = 45;

fn zone(id: i64) -> &'static Zone {
    timezones::by_id(id).expect("zone in table")
}

fn at(text: &str) -> NaiveDateTime {
    dates::parse(text).expect("valid test date")
}

fn utc(text: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&at(text))
}

fn rule(repeat_type: RepeatType) -> Rule {
    Rule {
        repeat_type,
        ..Rule::default()
    }
}

/// The first `n` local starts, formatted the API way.
fn local_starts(first: &str, zone_id: i64, rule: &Rule, n: usize) -> Vec<String> {
    occurrences(at(first), zone(zone_id), rule)
        .take(n)
        .map(|o| dates::format(o.start_local))
        .collect()
}

fn date_of(o: &super::recurrence::Occurrence) -> NaiveDate {
    o.start_local.date()
}

#[test]
fn repeat_types_parse_from_the_api_strings() {
    let parsed: Vec<RepeatType> = [
        "NO_REPEAT",
        "DAILY",
        " weekly ",
        "MONTHLY",
        "YEARLY",
        "CONSTANT",
    ]
    .iter()
    .map(|s| s.parse().expect("known repeat type"))
    .collect();
    use RepeatType::*;
    assert_eq!(parsed, [NoRepeat, Daily, Weekly, Monthly, Yearly, NoRepeat]);
    assert!("FORTNIGHTLY".parse::<RepeatType>().is_err());
    assert_eq!(Weekly.as_api_str(), "WEEKLY");
    assert_eq!(parse_weekday("TUESDAY"), Some(Weekday::Tue));
    assert_eq!(parse_weekday("tue"), None);
    assert_eq!(weekday_api_str(Weekday::Sun), "SUNDAY");
}

#[test]
fn no_repeat_is_only_the_first_start() {
    let all: Vec<_> =
        occurrences(at("03/05/2024 10:00:00"), zone(BERLIN), &Rule::default()).collect();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].index, 0);
    assert_eq!(all[0].start_utc, utc("03/05/2024 09:00:00"));
    assert_eq!(all[0].recurrence_id, dates::epoch_millis(all[0].start_utc));
}

#[test]
fn daily_every_day_and_every_third_day() {
    let every_day = Rule {
        after_meeting_number: Some(3),
        ..rule(RepeatType::Daily)
    };
    assert_eq!(
        local_starts("01/30/2024 09:00:00", NEW_YORK, &every_day, 10),
        [
            "01/30/2024 09:00:00",
            "01/31/2024 09:00:00",
            "02/01/2024 09:00:00"
        ]
    );
    let every_third = Rule {
        interval: 3,
        ..every_day
    };
    assert_eq!(
        local_starts("01/30/2024 09:00:00", NEW_YORK, &every_third, 10),
        [
            "01/30/2024 09:00:00",
            "02/02/2024 09:00:00",
            "02/05/2024 09:00:00"
        ]
    );
}

#[test]
fn daily_on_weekdays_skips_the_weekend() {
    let weekdays = Rule {
        days_in_week: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        after_meeting_number: Some(4),
        ..rule(RepeatType::Daily)
    };
    // 2024-03-08 is a Friday.
    assert_eq!(
        local_starts("03/08/2024 08:30:00", BEIJING, &weekdays, 10),
        [
            "03/08/2024 08:30:00",
            "03/11/2024 08:30:00",
            "03/12/2024 08:30:00",
            "03/13/2024 08:30:00"
        ]
    );
}

#[test]
fn weekly_defaults_to_the_first_start_weekday() {
    let weekly = Rule {
        after_meeting_number: Some(3),
        ..rule(RepeatType::Weekly)
    };
    assert_eq!(
        local_starts("02/14/2024 15:00:00", SAN_JOSE, &weekly, 10),
        [
            "02/14/2024 15:00:00",
            "02/21/2024 15:00:00",
            "02/28/2024 15:00:00"
        ]
    );
}

#[test]
fn weekly_interval_counts_weeks_starting_on_sunday() {
    // 2024-01-01 is a Monday. Its Sunday-started week began on 2023-12-31, so with
    // an interval of 2 the next chosen week is 01/14..01/20, whose Sunday comes
    // first. Weeks starting on Monday would give 01/07 and 01/21 instead.
    let fortnightly = Rule {
        interval: 2,
        days_in_week: vec![Weekday::Mon, Weekday::Sun],
        ..rule(RepeatType::Weekly)
    };
    assert_eq!(
        local_starts("01/01/2024 10:00:00", BERLIN, &fortnightly, 5),
        [
            "01/01/2024 10:00:00",
            "01/14/2024 10:00:00",
            "01/15/2024 10:00:00",
            "01/28/2024 10:00:00",
            "01/29/2024 10:00:00"
        ]
    );
}

#[test]
fn first_start_off_pattern_is_occurrence_zero_and_counts() {
    // A Tuesday first start for a Monday series.
    let mondays = Rule {
        days_in_week: vec![Weekday::Mon],
        after_meeting_number: Some(3),
        ..rule(RepeatType::Weekly)
    };
    let all: Vec<_> = occurrences(at("01/02/2024 10:00:00"), zone(BERLIN), &mondays).collect();
    let starts: Vec<String> = all.iter().map(|o| dates::format(o.start_local)).collect();
    assert_eq!(
        starts,
        [
            "01/02/2024 10:00:00",
            "01/08/2024 10:00:00",
            "01/15/2024 10:00:00"
        ]
    );
    assert_eq!(all.iter().map(|o| o.index).collect::<Vec<_>>(), [0, 1, 2]);
}

#[test]
fn monthly_on_the_31st_skips_short_months() {
    let monthly = Rule {
        day_in_month: Some(31),
        after_meeting_number: Some(5),
        ..rule(RepeatType::Monthly)
    };
    assert_eq!(
        local_starts("01/31/2024 12:00:00", NEW_YORK, &monthly, 10),
        [
            "01/31/2024 12:00:00",
            "03/31/2024 12:00:00",
            "05/31/2024 12:00:00",
            "07/31/2024 12:00:00",
            "08/31/2024 12:00:00"
        ]
    );
}

#[test]
fn monthly_defaults_to_the_first_start_day_and_honours_interval() {
    let quarterly = Rule {
        interval: 3,
        after_meeting_number: Some(3),
        ..rule(RepeatType::Monthly)
    };
    assert_eq!(
        local_starts("11/15/2024 09:00:00", BERLIN, &quarterly, 10),
        [
            "11/15/2024 09:00:00",
            "02/15/2025 09:00:00",
            "05/15/2025 09:00:00"
        ]
    );
}

#[test]
fn monthly_nth_weekday_and_last_weekday() {
    let second_tuesday = Rule {
        week_in_month: Some(2),
        days_in_week: vec![Weekday::Tue],
        after_meeting_number: Some(3),
        ..rule(RepeatType::Monthly)
    };
    assert_eq!(
        local_starts("01/09/2024 10:00:00", BERLIN, &second_tuesday, 10),
        [
            "01/09/2024 10:00:00",
            "02/13/2024 10:00:00",
            "03/12/2024 10:00:00"
        ]
    );
    let last_friday = Rule {
        week_in_month: Some(5),
        days_in_week: vec![Weekday::Fri],
        ..second_tuesday
    };
    assert_eq!(
        local_starts("01/26/2024 10:00:00", BERLIN, &last_friday, 10),
        [
            "01/26/2024 10:00:00",
            "02/23/2024 10:00:00",
            "03/29/2024 10:00:00"
        ]
    );
    // weekInMonth wins over dayInMonth.
    let both = Rule {
        day_in_month: Some(1),
        ..last_friday
    };
    assert_eq!(
        local_starts("01/26/2024 10:00:00", BERLIN, &both, 2)[1],
        "02/23/2024 10:00:00"
    );
}

#[test]
fn yearly_feb_29_only_in_leap_years() {
    let yearly = Rule {
        after_meeting_number: Some(3),
        ..rule(RepeatType::Yearly)
    };
    assert_eq!(
        local_starts("02/29/2024 10:00:00", SAN_JOSE, &yearly, 10),
        [
            "02/29/2024 10:00:00",
            "02/29/2028 10:00:00",
            "02/29/2032 10:00:00"
        ]
    );
    // 2100 is not a leap year.
    let century = Rule {
        interval: 4,
        after_meeting_number: Some(3),
        ..rule(RepeatType::Yearly)
    };
    assert_eq!(
        local_starts("02/29/2096 10:00:00", SAN_JOSE, &century, 10),
        [
            "02/29/2096 10:00:00",
            "02/29/2104 10:00:00",
            "02/29/2108 10:00:00"
        ]
    );
}

#[test]
fn yearly_in_a_month_on_the_nth_weekday() {
    // Fourth Thursday of November.
    let thanksgiving = Rule {
        month_in_year: Some(11),
        week_in_month: Some(4),
        days_in_week: vec![Weekday::Thu],
        after_meeting_number: Some(3),
        ..rule(RepeatType::Yearly)
    };
    assert_eq!(
        local_starts("11/28/2024 12:00:00", NEW_YORK, &thanksgiving, 10),
        [
            "11/28/2024 12:00:00",
            "11/27/2025 12:00:00",
            "11/26/2026 12:00:00"
        ]
    );
}

#[test]
fn expiration_date_is_inclusive_by_local_date() {
    let daily = Rule {
        expiration_date: Some(at("01/04/2024 00:00:00")),
        ..rule(RepeatType::Daily)
    };
    let all: Vec<_> = occurrences(at("01/01/2024 23:00:00"), zone(BERLIN), &daily).collect();
    assert_eq!(all.len(), 4);
    assert_eq!(all.last().map(date_of), NaiveDate::from_ymd_opt(2024, 1, 4));
}

#[test]
fn count_and_expiration_end_at_whichever_comes_first() {
    let by_count = Rule {
        after_meeting_number: Some(2),
        expiration_date: Some(at("12/31/2049 23:59:59")),
        ..rule(RepeatType::Daily)
    };
    assert_eq!(
        occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &by_count).count(),
        2
    );
    let by_date = Rule {
        after_meeting_number: Some(100),
        expiration_date: Some(at("01/03/2024 09:00:00")),
        ..by_count
    };
    assert_eq!(
        occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &by_date).count(),
        3
    );
    // A count of 0 is no count.
    let zero = Rule {
        after_meeting_number: Some(0),
        ..by_date
    };
    assert_eq!(
        occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &zero).count(),
        3
    );
}

#[test]
fn expiration_before_the_first_start_keeps_the_first_start() {
    let daily = Rule {
        expiration_date: Some(at("12/01/2023 00:00:00")),
        ..rule(RepeatType::Daily)
    };
    assert_eq!(
        occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &daily).count(),
        1
    );
}

#[test]
fn berlin_dst_keeps_local_time_and_shifts_utc() {
    // Europe springs forward on 2024-03-31.
    let weekly = Rule {
        after_meeting_number: Some(2),
        ..rule(RepeatType::Weekly)
    };
    let all: Vec<_> = occurrences(at("03/25/2024 10:00:00"), zone(BERLIN), &weekly).collect();
    assert_eq!(all[0].start_utc, utc("03/25/2024 09:00:00"));
    assert_eq!(all[1].start_utc, utc("04/01/2024 08:00:00"));
    assert_eq!(all[1].start_local, at("04/01/2024 10:00:00"));
    let hour = 3_600_000;
    assert_eq!(
        all[1].recurrence_id - all[0].recurrence_id,
        7 * 24 * hour - hour
    );
}

#[test]
fn los_angeles_dst_keeps_local_time_and_shifts_utc() {
    // The US falls back on 2024-11-03.
    let daily = Rule {
        after_meeting_number: Some(3),
        ..rule(RepeatType::Daily)
    };
    let all: Vec<_> = occurrences(at("11/02/2024 09:00:00"), zone(SAN_JOSE), &daily).collect();
    let utcs: Vec<_> = all.iter().map(|o| o.start_utc).collect();
    assert_eq!(
        utcs,
        [
            utc("11/02/2024 16:00:00"),
            utc("11/03/2024 17:00:00"),
            utc("11/04/2024 17:00:00")
        ]
    );
    assert_eq!(
        all[1].recurrence_id,
        dates::epoch_millis(utc("11/03/2024 17:00:00"))
    );
}

#[test]
fn occurrence_in_a_gap_moves_forward_and_in_an_overlap_takes_the_earlier_instant() {
    let daily = Rule {
        after_meeting_number: Some(3),
        ..rule(RepeatType::Daily)
    };
    let spring: Vec<_> = occurrences(at("03/30/2024 02:30:00"), zone(BERLIN), &daily).collect();
    assert_eq!(spring[1].start_local, at("03/31/2024 03:30:00"));
    assert_eq!(spring[1].start_utc, utc("03/31/2024 01:30:00"));
    assert_eq!(spring[2].start_local, at("04/01/2024 02:30:00"));
    let autumn: Vec<_> = occurrences(at("10/26/2024 02:30:00"), zone(BERLIN), &daily).collect();
    assert_eq!(autumn[1].start_utc, utc("10/27/2024 00:30:00"));
    assert_eq!(autumn[1].start_local, at("10/27/2024 02:30:00"));
}

#[test]
fn interval_zero_is_read_as_one() {
    let daily = Rule {
        interval: 0,
        after_meeting_number: Some(2),
        ..rule(RepeatType::Daily)
    };
    assert_eq!(
        local_starts("01/01/2024 10:00:00", BERLIN, &daily, 5),
        ["01/01/2024 10:00:00", "01/02/2024 10:00:00"]
    );
}

#[test]
fn patterns_that_never_match_end_after_the_first_start() {
    let never = [
        // April never has a 31st, and every 12 months is always April.
        Rule {
            interval: 12,
            day_in_month: Some(31),
            ..rule(RepeatType::Monthly)
        },
        Rule {
            month_in_year: Some(2),
            day_in_month: Some(30),
            ..rule(RepeatType::Yearly)
        },
        Rule {
            month_in_year: Some(13),
            ..rule(RepeatType::Yearly)
        },
        Rule {
            week_in_month: Some(7),
            ..rule(RepeatType::Monthly)
        },
        Rule {
            day_in_month: Some(40),
            ..rule(RepeatType::Monthly)
        },
        // Every 7th day from a Monday is never a Tuesday.
        Rule {
            interval: 7,
            days_in_week: vec![Weekday::Tue],
            ..rule(RepeatType::Daily)
        },
    ];
    for rule in never {
        let all: Vec<_> = occurrences(at("04/01/2024 10:00:00"), zone(BERLIN), &rule).collect();
        assert_eq!(all.len(), 1, "{rule:?}");
    }
}

#[test]
fn endless_series_are_lazy_and_stop_at_the_end_of_the_calendar() {
    let daily = rule(RepeatType::Daily);
    assert_eq!(
        occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &daily)
            .take(1000)
            .count(),
        1000
    );
    let near_the_end = NaiveDate::MAX
        .pred_opt()
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("valid date");
    let tail: Vec<_> = occurrences(near_the_end, zone(BERLIN), &daily).collect();
    assert!(!tail.is_empty() && tail.len() <= 2, "{}", tail.len());
    let yearly = rule(RepeatType::Yearly);
    let far = NaiveDate::from_ymd_opt(NaiveDate::MAX.year() - 3, 6, 1)
        .and_then(|d| d.and_hms_opt(1, 0, 0));
    let far = far.expect("valid date");
    assert!(occurrences(far, zone(SAN_JOSE), &yearly).count() <= 4);
}

#[test]
fn occurrences_are_strictly_ascending_with_consecutive_indexes() {
    let rule = Rule {
        interval: 2,
        days_in_week: vec![Weekday::Sun, Weekday::Wed, Weekday::Sat],
        ..rule(RepeatType::Weekly)
    };
    let all: Vec<_> = occurrences(at("01/03/2024 01:30:00"), zone(BERLIN), &rule)
        .take(300)
        .collect();
    for (i, pair) in all.windows(2).enumerate() {
        assert!(pair[0].start_utc < pair[1].start_utc);
        assert_eq!(pair[0].index as usize, i);
        assert_eq!(pair[1].index as usize, i + 1);
    }
}

/// Rules for the skipping tests: every repeat type, with and without counts,
/// with patterns that skip months and years.
fn skipping_table() -> Vec<(&'static str, i64, Rule)> {
    let daily = rule(RepeatType::Daily);
    let weekly = rule(RepeatType::Weekly);
    let monthly = rule(RepeatType::Monthly);
    let yearly = rule(RepeatType::Yearly);
    use Weekday::*;
    vec![
        ("01/01/2020 10:00:00", BERLIN, daily.clone()),
        (
            "01/01/2020 02:30:00",
            BERLIN,
            Rule {
                interval: 3,
                ..daily.clone()
            },
        ),
        (
            "01/03/2020 09:00:00",
            SAN_JOSE,
            Rule {
                days_in_week: vec![Mon, Tue, Wed, Thu, Fri],
                ..daily.clone()
            },
        ),
        (
            "01/03/2020 09:00:00",
            SAN_JOSE,
            Rule {
                interval: 4,
                days_in_week: vec![Mon, Sat],
                ..daily.clone()
            },
        ),
        (
            "01/01/2020 10:00:00",
            BERLIN,
            Rule {
                after_meeting_number: Some(200),
                ..daily.clone()
            },
        ),
        ("01/01/2020 10:00:00", NEW_YORK, weekly.clone()),
        (
            "01/01/2020 10:00:00",
            NEW_YORK,
            Rule {
                interval: 3,
                days_in_week: vec![Sun, Tue, Sat],
                ..weekly.clone()
            },
        ),
        (
            "01/02/2020 18:00:00",
            BEIJING,
            Rule {
                days_in_week: vec![Mon],
                after_meeting_number: Some(40),
                ..weekly
            },
        ),
        ("01/31/2020 10:00:00", BERLIN, monthly.clone()),
        (
            "01/15/2020 10:00:00",
            BERLIN,
            Rule {
                interval: 2,
                ..monthly.clone()
            },
        ),
        (
            "01/31/2020 10:00:00",
            BERLIN,
            Rule {
                week_in_month: Some(5),
                days_in_week: vec![Fri],
                ..monthly.clone()
            },
        ),
        (
            "01/05/2020 10:00:00",
            BERLIN,
            Rule {
                day_in_month: Some(30),
                after_meeting_number: Some(30),
                ..monthly
            },
        ),
        ("02/29/2020 10:00:00", SAN_JOSE, yearly.clone()),
        (
            "03/01/2020 10:00:00",
            SAN_JOSE,
            Rule {
                month_in_year: Some(11),
                week_in_month: Some(4),
                ..yearly.clone()
            },
        ),
        (
            "03/01/2020 10:00:00",
            SAN_JOSE,
            Rule {
                interval: 2,
                month_in_year: Some(7),
                ..yearly
            },
        ),
    ]
}

#[test]
fn starting_from_equals_filtering_the_full_expansion() {
    let froms = [
        "01/01/2019 00:00:00",
        "01/01/2020 09:00:00",
        "01/01/2020 10:00:00",
        "03/31/2020 01:00:00",
    ];
    let froms = froms.iter().chain(&[
        "10/25/2020 00:30:00",
        "02/29/2024 18:00:00",
        "06/15/2031 12:00:00",
    ]);
    for (first, zone_id, rule) in skipping_table() {
        let expected: Vec<_> = occurrences(at(first), zone(zone_id), &rule)
            .take(5000)
            .collect();
        let last = expected
            .last()
            .map(|o| o.start_utc)
            .expect("at least one occurrence");
        for from in froms.clone() {
            let from = utc(from);
            let wanted: Vec<_> = expected
                .iter()
                .filter(|o| o.start_utc >= from)
                .copied()
                .collect();
            let got: Vec<_> = occurrences(at(first), zone(zone_id), &rule)
                .starting_from(from)
                .take_while(|o| o.start_utc <= last)
                .collect();
            assert_eq!(got, wanted, "{first} {rule:?} from {from}");
        }
    }
}

#[test]
fn starting_from_after_partial_consumption_continues_the_series() {
    let weekly = Rule {
        days_in_week: vec![Weekday::Mon, Weekday::Fri],
        ..rule(RepeatType::Weekly)
    };
    let all: Vec<_> = occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &weekly)
        .take(30)
        .collect();
    let mut partial = occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &weekly);
    assert_eq!(partial.next(), Some(all[0]));
    assert_eq!(partial.next(), Some(all[1]));
    let resumed: Vec<_> = partial.starting_from(all[20].start_utc).take(5).collect();
    assert_eq!(resumed, all[20..25]);
    // A point already passed changes nothing.
    let mut partial = occurrences(at("01/01/2024 10:00:00"), zone(BERLIN), &weekly);
    partial.nth(9);
    let resumed: Vec<_> = partial.starting_from(all[3].start_utc).take(3).collect();
    assert_eq!(resumed, all[10..13]);
}

#[test]
fn find_locates_every_occurrence_by_its_recurrence_id() {
    for (first, zone_id, rule) in skipping_table() {
        for occurrence in occurrences(at(first), zone(zone_id), &rule).take(60) {
            let found = find(at(first), zone(zone_id), &rule, occurrence.recurrence_id);
            assert_eq!(found, Some(occurrence), "{first} {rule:?}");
        }
    }
}

#[test]
fn starting_from_far_ahead_keeps_series_indexes() {
    let daily = rule(RepeatType::Daily);
    let from = utc("01/01/2100 00:00:00");
    let next = occurrences(at("01/01/2000 10:00:00"), zone(BERLIN), &daily)
        .starting_from(from)
        .next();
    let next = next.expect("endless series");
    assert_eq!(next.start_local, at("01/01/2100 10:00:00"));
    let days = (at("01/01/2100 00:00:00") - at("01/01/2000 00:00:00")).num_days();
    assert_eq!(i64::from(next.index), days);

    let counted = Rule {
        after_meeting_number: Some(10),
        ..daily
    };
    assert!(
        occurrences(at("01/01/2000 10:00:00"), zone(BERLIN), &counted)
            .starting_from(from)
            .next()
            .is_none()
    );
}

#[test]
fn find_returns_the_occurrence_with_that_recurrence_id() {
    let weekly = Rule {
        days_in_week: vec![Weekday::Tue, Weekday::Thu],
        ..rule(RepeatType::Weekly)
    };
    let first = at("01/02/2024 10:00:00");
    let tenth = occurrences(first, zone(BERLIN), &weekly)
        .nth(9)
        .expect("endless series");
    assert_eq!(
        find(first, zone(BERLIN), &weekly, tenth.recurrence_id),
        Some(tenth)
    );
    assert_eq!(
        find(first, zone(BERLIN), &weekly, tenth.recurrence_id + 60_000),
        None
    );
    let before = dates::epoch_millis(utc("01/01/2024 09:00:00"));
    assert_eq!(find(first, zone(BERLIN), &weekly, before), None);
    let first_id = dates::epoch_millis(dates::to_utc(first, zone(BERLIN)));
    assert_eq!(
        find(first, zone(BERLIN), &weekly, first_id).map(|o| o.index),
        Some(0)
    );
    let counted = Rule {
        after_meeting_number: Some(5),
        ..weekly
    };
    assert_eq!(
        find(first, zone(BERLIN), &counted, tenth.recurrence_id),
        None
    );
    assert_eq!(find(first, zone(BERLIN), &counted, i64::MAX), None);
}

#[test]
fn validate_accepts_sensible_rules() {
    assert_eq!(validate(&Rule::default()), Ok(()));
    let thanksgiving = Rule {
        month_in_year: Some(11),
        week_in_month: Some(5),
        days_in_week: vec![Weekday::Thu],
        after_meeting_number: Some(999),
        ..rule(RepeatType::Yearly)
    };
    assert_eq!(validate(&thanksgiving), Ok(()));
    let leap_day = Rule {
        month_in_year: Some(2),
        day_in_month: Some(29),
        ..rule(RepeatType::Yearly)
    };
    assert_eq!(validate(&leap_day), Ok(()));
}

#[test]
fn validate_reports_every_problem() {
    let nonsense = Rule {
        interval: 0,
        week_in_month: Some(7),
        day_in_month: Some(32),
        month_in_year: Some(0),
        after_meeting_number: Some(1000),
        ..rule(RepeatType::Monthly)
    };
    let message = validate(&nonsense).expect_err("nonsense rule");
    for part in [
        "interval",
        "weekInMonth",
        "dayInMonth",
        "monthInYear",
        "afterMeetingNumber",
    ] {
        assert!(message.contains(part), "{part} missing from {message:?}");
    }
    let april_31 = Rule {
        month_in_year: Some(4),
        day_in_month: Some(31),
        ..rule(RepeatType::Yearly)
    };
    assert!(validate(&april_31).is_err());
}
