//! The API's date strings (`MM/dd/yyyy HH:mm:ss`, 24-hour clock) and the
//! conversions between a zone's wall clock and UTC.
//!
//! Interpretations recorded here:
//! - Parsing is lenient the way real servers are: fields may be unpadded
//!   (`6/9/2019 9:5:3`, which Cisco's own sample scripts send), seconds may be
//!   omitted (`06/09/2019 09:05`), and white space around the value or between the
//!   date and the time is ignored. The year must have four digits; anything else
//!   (a date without a time, `none`, impossible dates such as `02/30/2019`,
//!   hour 24) is not a date and yields `None`.
//! - Formatting always pads every field.
//! - A wall-clock time inside a DST gap (02:30 on the spring-forward night) is
//!   read with the offset in force *before* the gap, which lands just after it,
//!   shifted forward by the gap's length (02:30 → 03:30 when the gap is one hour).
//!   This is RFC 5545 §3.3.5's rule, so an occurrence never disappears.
//! - A wall-clock time inside a DST overlap (02:30 on the fall-back night in
//!   Europe) is the earlier of the two instants, as RFC 5545 also says.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};

use super::timezones::Zone;

/// Parses an API date such as `06/09/2019 09:05:03`, leniently (see the module docs).
pub fn parse(s: &str) -> Option<NaiveDateTime> {
    let mut halves = s.split_whitespace();
    let (date, time) = (halves.next()?, halves.next()?);
    if halves.next().is_some() {
        return None;
    }

    let mut date_fields = date.split('/');
    let month = number(date_fields.next()?, 1, 2)?;
    let day = number(date_fields.next()?, 1, 2)?;
    let year_text = date_fields.next()?;
    if date_fields.next().is_some() || year_text.len() != 4 {
        return None;
    }
    let year = i32::try_from(number(year_text, 4, 4)?).ok()?;

    let mut time_fields = time.split(':');
    let hour = number(time_fields.next()?, 1, 2)?;
    let minute = number(time_fields.next()?, 1, 2)?;
    let second = match time_fields.next() {
        Some(text) => number(text, 1, 2)?,
        None => 0,
    };
    if time_fields.next().is_some() {
        return None;
    }

    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    Some(date.and_time(time))
}

/// An unsigned decimal field of `min..=max` ASCII digits (no sign, no spaces).
fn number(text: &str, min: usize, max: usize) -> Option<u32> {
    let digits_only = text.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || text.len() < min || text.len() > max {
        return None;
    }
    text.parse().ok()
}

/// Formats a date the way the API writes it: `MM/dd/yyyy HH:mm:ss`, always padded.
pub fn format(dt: NaiveDateTime) -> String {
    dt.format("%m/%d/%Y %H:%M:%S").to_string()
}

/// The instant at which the wall clock of `zone` shows `local`.
///
/// In a DST gap: the offset before the gap applies (the result is just after the
/// gap, shifted forward by its length). In an overlap: the earlier instant.
pub fn to_utc(local: NaiveDateTime, zone: &Zone) -> DateTime<Utc> {
    let tz = zone.tz;
    if let Some(earliest) = tz.from_local_datetime(&local).earliest() {
        return earliest.with_timezone(&Utc);
    }
    // In a gap. The offset before it is the one in force a day earlier: zones do
    // not change their clocks twice within a day.
    let day_before = local.checked_sub_days(Days::new(1)).unwrap_or(local);
    let offset_before = tz
        .offset_from_local_datetime(&day_before)
        .earliest()
        .map(|o| o.fix());
    let shifted = offset_before.and_then(|o| local.checked_sub_offset(o));
    match shifted {
        Some(naive_utc) => Utc.from_utc_datetime(&naive_utc),
        // Only at the very ends of chrono's range; read the wall clock as UTC there.
        None => Utc.from_utc_datetime(&local),
    }
}

/// The wall-clock time `zone` shows at the instant `utc`.
pub fn to_local(utc: DateTime<Utc>, zone: &Zone) -> NaiveDateTime {
    utc.with_timezone(&zone.tz).naive_local()
}

/// Milliseconds since 1970-01-01T00:00:00Z: the API's `recurrenceId`.
pub fn epoch_millis(utc: DateTime<Utc>) -> i64 {
    utc.timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::super::timezones;
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_opt(h, mi, s))
            .expect("valid test date")
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.from_utc_datetime(&at(y, mo, d, h, mi, 0))
    }

    fn zone(id: i64) -> &'static Zone {
        timezones::by_id(id).expect("zone exists")
    }

    #[test]
    fn parses_padded_dates() {
        assert_eq!(parse("06/09/2019 09:05:03"), Some(at(2019, 6, 9, 9, 5, 3)));
        assert_eq!(
            parse("12/31/2049 23:59:59"),
            Some(at(2049, 12, 31, 23, 59, 59))
        );
    }

    #[test]
    fn parses_unpadded_fields_missing_seconds_and_whitespace() {
        assert_eq!(parse("6/9/2019 9:5:3"), Some(at(2019, 6, 9, 9, 5, 3)));
        assert_eq!(parse("06/09/2019 09:05"), Some(at(2019, 6, 9, 9, 5, 0)));
        assert_eq!(
            parse("  06/09/2019   09:05:03\n"),
            Some(at(2019, 6, 9, 9, 5, 3))
        );
        assert_eq!(parse("\t6/9/2019 0:0"), Some(at(2019, 6, 9, 0, 0, 0)));
    }

    #[test]
    fn rejects_rubbish() {
        for bad in [
            "",
            "none",
            "06/09/2019",
            "2019-06-09 09:05:03",
            "06/09/19 09:05:03",
            "02/30/2019 10:00:00",
            "13/01/2019 10:00:00",
            "06/09/2019 24:00:00",
            "06/09/2019 09:60:00",
            "06/09/2019 09:05:03:01",
            "06/09/2019 09:05:03 PM",
            "06/+9/2019 09:05:03",
            "006/09/2019 09:05:03",
            "06/09/2019 09:-5",
            "06/09/2019T09:05:03",
            "١٢/٠٩/٢٠١٩ ٠٩:٠٥",
        ] {
            assert_eq!(parse(bad), None, "{bad:?} should not parse");
        }
    }

    #[test]
    fn formats_padded_and_round_trips() {
        let dt = at(2019, 6, 9, 9, 5, 3);
        assert_eq!(format(dt), "06/09/2019 09:05:03");
        assert_eq!(parse(&format(dt)), Some(dt));
    }

    #[test]
    fn converts_with_daylight_saving_time() {
        let berlin = zone(25);
        assert_eq!(
            to_utc(at(2024, 1, 15, 10, 0, 0), berlin),
            utc(2024, 1, 15, 9, 0)
        );
        assert_eq!(
            to_utc(at(2024, 7, 15, 10, 0, 0), berlin),
            utc(2024, 7, 15, 8, 0)
        );
        let san_jose = zone(4);
        assert_eq!(
            to_utc(at(2024, 1, 15, 10, 0, 0), san_jose),
            utc(2024, 1, 15, 18, 0)
        );
        assert_eq!(
            to_utc(at(2024, 7, 15, 10, 0, 0), san_jose),
            utc(2024, 7, 15, 17, 0)
        );
        assert_eq!(
            to_local(utc(2024, 7, 15, 17, 0), san_jose),
            at(2024, 7, 15, 10, 0, 0)
        );
    }

    #[test]
    fn gap_shifts_forward_by_its_length() {
        // Berlin springs forward on 2024-03-31 at 02:00 CET → 03:00 CEST.
        let berlin = zone(25);
        let instant = to_utc(at(2024, 3, 31, 2, 30, 0), berlin);
        assert_eq!(instant, utc(2024, 3, 31, 1, 30));
        assert_eq!(to_local(instant, berlin), at(2024, 3, 31, 3, 30, 0));
        // Los Angeles: 2024-03-10 02:00 PST → 03:00 PDT.
        let san_jose = zone(4);
        let instant = to_utc(at(2024, 3, 10, 2, 15, 0), san_jose);
        assert_eq!(instant, utc(2024, 3, 10, 10, 15));
        assert_eq!(to_local(instant, san_jose), at(2024, 3, 10, 3, 15, 0));
        // Newfoundland (UTC−3:30) also springs forward at 02:00.
        let st_johns = zone(15);
        let instant = to_utc(at(2024, 3, 10, 2, 30, 0), st_johns);
        assert_eq!(to_local(instant, st_johns), at(2024, 3, 10, 3, 30, 0));
    }

    #[test]
    fn overlap_takes_the_earlier_instant() {
        // Berlin falls back on 2024-10-27 at 03:00 CEST → 02:00 CET.
        let berlin = zone(25);
        assert_eq!(
            to_utc(at(2024, 10, 27, 2, 30, 0), berlin),
            utc(2024, 10, 27, 0, 30)
        );
        // Los Angeles: 2024-11-03 02:00 PDT → 01:00 PST.
        let san_jose = zone(4);
        assert_eq!(
            to_utc(at(2024, 11, 3, 1, 30, 0), san_jose),
            utc(2024, 11, 3, 8, 30)
        );
    }

    #[test]
    fn epoch_millis_counts_from_1970() {
        assert_eq!(epoch_millis(utc(1970, 1, 1, 0, 0)), 0);
        assert_eq!(epoch_millis(utc(2019, 6, 9, 9, 5)), 1_560_071_100_000);
    }
}
