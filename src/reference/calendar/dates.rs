//! The API's date format (`MM/dd/yyyy HH:mm:ss`) and local/UTC conversion.

use super::Zone;
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};

pub fn parse(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, time) = s.split_once(' ').unwrap_or((s, "00:00:00"));
    let mut d = date.split('/').map(|p| p.trim().parse::<u32>().ok());
    let (month, day, year) = (d.next()??, d.next()??, d.next()??);
    if d.next().is_some() {
        return None;
    }
    let mut t = time.trim().split(':').map(|p| p.trim().parse::<u32>().ok());
    let (h, m) = (t.next()??, t.next()??);
    let sec = t.next().unwrap_or(Some(0))?;
    if t.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?.and_hms_opt(h, m, sec)
}

pub fn format(dt: NaiveDateTime) -> String {
    dt.format("%m/%d/%Y %H:%M:%S").to_string()
}

pub fn to_utc(local: NaiveDateTime, zone: &Zone) -> DateTime<Utc> {
    match zone.tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            let later = local + chrono::Duration::hours(1);
            match zone.tz.from_local_datetime(&later) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                LocalResult::None => Utc.from_utc_datetime(&local),
            }
        }
    }
}

pub fn to_local(utc: DateTime<Utc>, zone: &Zone) -> NaiveDateTime {
    utc.with_timezone(&zone.tz).naive_local()
}

pub fn epoch_millis(utc: DateTime<Utc>) -> i64 {
    utc.timestamp_millis()
}
