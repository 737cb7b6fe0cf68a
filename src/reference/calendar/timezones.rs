//! The Webex time zone table: `timeZoneID` ↔ `com:timeZoneType` name ↔ IANA zone.
//!
//! The ids are the 0-based positions of the `com:timeZoneType` enumeration in the
//! 2011 `common.xsd`; every id/name pair observed in real traffic agrees with that
//! (4 San Jose, 11 New York, 25 Berlin, 45 Beijing). The names are copied verbatim,
//! typos included ("Ancorage", "Columbo"), because clients send them back as-is.
//!
//! Each id maps to the IANA zone whose real offset and daylight saving rules the
//! meeting's participants live by, so the UTC instant of an occurrence shifts when
//! that place changes its clocks. Where a label is ambiguous or its "GMT±hh:mm"
//! prefix disagrees with the place, **the city in parentheses wins**, because that
//! is what a person picks in the scheduler:
//!
//! | id | label | IANA zone | why |
//! |----|-------|-----------|-----|
//! | 0  | Dateline (Eniwetok) | `Etc/GMT+12` | Eniwetok is UTC+12 today; the label promises UTC−12, and no inhabited place keeps it |
//! | 1  | Samoa (Samoa) | `Pacific/Pago_Pago` | American Samoa keeps UTC−11; independent Samoa (`Pacific/Apia`) jumped to UTC+13 in 2011 |
//! | 8  | Mexico (Mexico City,Tegucigalpa) | `America/Mexico_City` | the first city; Tegucigalpa has no DST, Mexico City had it until 2022 |
//! | 12 | Eastern (Indiana) | `America/Indiana/Indianapolis` | Indiana has observed US DST since 2006 |
//! | 14 | S. America Western (Caracas) | `America/Caracas` | the city (UTC−4:30 from 2007 to 2016) |
//! | 16 | S. America Eastern (Brasilia) | `America/Sao_Paulo` | the IANA zone for Brasília time (DST until 2019) |
//! | 18 | Mid-Atlantic (Mid-Atlantic) | `Atlantic/South_Georgia` | a real place at a fixed UTC−2 |
//! | 20 | Greenwich (Casablanca) | `Africa/Casablanca` | the city: UTC+1 with Ramadan shifts since 2018, so *not* UTC (see [`GMT`]) |
//! | 32 | Saudi Arabia (Baghdad) | `Asia/Baghdad` | the city (Baghdad had DST until 2007; Riyadh never had it) |
//! | 35 | Iran (Tehran) | `Asia/Tehran` | real offset UTC+3:30 (label says +03:00) |
//! | 38 | Afghanistan (Kabul) | `Asia/Kabul` | real offset UTC+4:30 (label says +04:00) |
//! | 40 | West Asia (Islamabad) | `Asia/Karachi` | Pakistan's IANA zone |
//! | 41 | India (Bombay) | `Asia/Kolkata` | India's IANA zone |
//! | 42 | Columbo (Columbo) | `Asia/Colombo` | real offset UTC+5:30 (label says +06:00) |
//! | 45 | China (Beijing) | `Asia/Shanghai` | China's IANA zone |
//! | 48 | Taipei (Hong Kong) | `Asia/Hong_Kong` | the city (same offset as Taipei, neither has DST) |
//! | 51 | Yakutsk (Yakutsk) | `Asia/Yakutsk` | real offset UTC+9 (label says +09:30) |
//! | 59 | Central Pacific (Solomon Is) | `Pacific/Guadalcanal` | the Solomon Islands' IANA zone |
//! | 60 | New Zealand (Wellington) | `Pacific/Auckland` | New Zealand's IANA zone |
//!
//! Every other label names its IANA city directly (Honolulu, Anchorage, San Jose →
//! Los Angeles, Arizona → Phoenix, …, Pretoria → Johannesburg, Abu Dhabi → Dubai).

use chrono_tz::Tz;

/// One Webex time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    /// The `timeZoneID`: position in the `com:timeZoneType` enumeration.
    pub id: u16,
    /// The `timeZone` string, exactly as the schema spells it.
    pub name: &'static str,
    /// The IANA zone whose rules the place follows.
    pub tz: Tz,
}

/// The id clients use for "GMT": 20 (`GMT+00:00, Greenwich (Casablanca)`).
///
/// Integrations written against real sites send 20 when they mean GMT, so the
/// reference treats 20 as the GMT id. Its conversions still follow Casablanca's
/// real rules (the city in the label), which have not been UTC+0 all year since
/// 2018; code that needs plain UTC should use `chrono::Utc`, not this zone.
pub const GMT: u16 = 20;

const fn zone(id: u16, name: &'static str, tz: Tz) -> Zone {
    Zone { id, name, tz }
}

static ZONES: [Zone; 62] = [
    zone(
        0,
        "GMT-12:00, Dateline (Eniwetok)",
        chrono_tz::Etc::GMTPlus12,
    ),
    zone(1, "GMT-11:00, Samoa (Samoa)", chrono_tz::Pacific::Pago_Pago),
    zone(
        2,
        "GMT-10:00, Hawaii (Honolulu)",
        chrono_tz::Pacific::Honolulu,
    ),
    zone(
        3,
        "GMT-09:00, Alaska (Ancorage)",
        chrono_tz::America::Anchorage,
    ),
    zone(
        4,
        "GMT-08:00, Pacific (San Jose)",
        chrono_tz::America::Los_Angeles,
    ),
    zone(
        5,
        "GMT-07:00, Mountain (Arizona)",
        chrono_tz::America::Phoenix,
    ),
    zone(
        6,
        "GMT-07:00, Mountain (Denver)",
        chrono_tz::America::Denver,
    ),
    zone(
        7,
        "GMT-06:00, Central (Chicago)",
        chrono_tz::America::Chicago,
    ),
    zone(
        8,
        "GMT-06:00, Mexico (Mexico City,Tegucigalpa)",
        chrono_tz::America::Mexico_City,
    ),
    zone(9, "GMT-06:00, Central (Regina)", chrono_tz::America::Regina),
    zone(
        10,
        "GMT-05:00, S. America Pacific (Bogota)",
        chrono_tz::America::Bogota,
    ),
    zone(
        11,
        "GMT-05:00, Eastern (New York)",
        chrono_tz::America::New_York,
    ),
    zone(
        12,
        "GMT-05:00, Eastern (Indiana)",
        chrono_tz::America::Indiana::Indianapolis,
    ),
    zone(
        13,
        "GMT-04:00, Atlantic (Halifax)",
        chrono_tz::America::Halifax,
    ),
    zone(
        14,
        "GMT-04:00, S. America Western (Caracas)",
        chrono_tz::America::Caracas,
    ),
    zone(
        15,
        "GMT-03:30, Newfoundland (Newfoundland)",
        chrono_tz::America::St_Johns,
    ),
    zone(
        16,
        "GMT-03:00, S. America Eastern (Brasilia)",
        chrono_tz::America::Sao_Paulo,
    ),
    zone(
        17,
        "GMT-03:00, S. America Eastern (Buenos Aires)",
        chrono_tz::America::Argentina::Buenos_Aires,
    ),
    zone(
        18,
        "GMT-02:00, Mid-Atlantic (Mid-Atlantic)",
        chrono_tz::Atlantic::South_Georgia,
    ),
    zone(
        19,
        "GMT-01:00, Azores (Azores)",
        chrono_tz::Atlantic::Azores,
    ),
    zone(
        20,
        "GMT+00:00, Greenwich (Casablanca)",
        chrono_tz::Africa::Casablanca,
    ),
    zone(21, "GMT+00:00, GMT (London)", chrono_tz::Europe::London),
    zone(
        22,
        "GMT+01:00, Europe (Amsterdam)",
        chrono_tz::Europe::Amsterdam,
    ),
    zone(23, "GMT+01:00, Europe (Paris)", chrono_tz::Europe::Paris),
    zone(24, "GMT+01:00, Europe (Prague)", chrono_tz::Europe::Prague),
    zone(25, "GMT+01:00, Europe (Berlin)", chrono_tz::Europe::Berlin),
    zone(26, "GMT+02:00, Greece (Athens)", chrono_tz::Europe::Athens),
    zone(
        27,
        "GMT+02:00, Eastern Europe (Bucharest)",
        chrono_tz::Europe::Bucharest,
    ),
    zone(28, "GMT+02:00, Egypt (Cairo)", chrono_tz::Africa::Cairo),
    zone(
        29,
        "GMT+02:00, South Africa (Pretoria)",
        chrono_tz::Africa::Johannesburg,
    ),
    zone(
        30,
        "GMT+02:00, Northern Europe (Helsinki)",
        chrono_tz::Europe::Helsinki,
    ),
    zone(
        31,
        "GMT+02:00, Israel (Tel Aviv)",
        chrono_tz::Asia::Jerusalem,
    ),
    zone(
        32,
        "GMT+03:00, Saudi Arabia (Baghdad)",
        chrono_tz::Asia::Baghdad,
    ),
    zone(33, "GMT+03:00, Russian (Moscow)", chrono_tz::Europe::Moscow),
    zone(
        34,
        "GMT+03:00, Nairobi (Nairobi)",
        chrono_tz::Africa::Nairobi,
    ),
    zone(35, "GMT+03:00, Iran (Tehran)", chrono_tz::Asia::Tehran),
    zone(
        36,
        "GMT+04:00, Arabian (Abu Dhabi, Muscat)",
        chrono_tz::Asia::Dubai,
    ),
    zone(37, "GMT+04:00, Baku (Baku)", chrono_tz::Asia::Baku),
    zone(38, "GMT+04:00, Afghanistan (Kabul)", chrono_tz::Asia::Kabul),
    zone(
        39,
        "GMT+05:00, West Asia (Ekaterinburg)",
        chrono_tz::Asia::Yekaterinburg,
    ),
    zone(
        40,
        "GMT+05:00, West Asia (Islamabad)",
        chrono_tz::Asia::Karachi,
    ),
    zone(41, "GMT+05:30, India (Bombay)", chrono_tz::Asia::Kolkata),
    zone(42, "GMT+06:00, Columbo (Columbo)", chrono_tz::Asia::Colombo),
    zone(
        43,
        "GMT+06:00, Central Asia (Almaty)",
        chrono_tz::Asia::Almaty,
    ),
    zone(44, "GMT+07:00, Bangkok (Bangkok)", chrono_tz::Asia::Bangkok),
    zone(45, "GMT+08:00, China (Beijing)", chrono_tz::Asia::Shanghai),
    zone(
        46,
        "GMT+08:00, Australia Western (Perth)",
        chrono_tz::Australia::Perth,
    ),
    zone(
        47,
        "GMT+08:00, Singapore (Singapore)",
        chrono_tz::Asia::Singapore,
    ),
    zone(
        48,
        "GMT+08:00, Taipei (Hong Kong)",
        chrono_tz::Asia::Hong_Kong,
    ),
    zone(49, "GMT+09:00, Tokyo (Tokyo)", chrono_tz::Asia::Tokyo),
    zone(50, "GMT+09:00, Korea (Seoul)", chrono_tz::Asia::Seoul),
    zone(51, "GMT+09:30, Yakutsk (Yakutsk)", chrono_tz::Asia::Yakutsk),
    zone(
        52,
        "GMT+09:30, Australia Central (Adelaide)",
        chrono_tz::Australia::Adelaide,
    ),
    zone(
        53,
        "GMT+09:30, Australia Central (Darwin)",
        chrono_tz::Australia::Darwin,
    ),
    zone(
        54,
        "GMT+10:00, Australia Eastern (Brisbane)",
        chrono_tz::Australia::Brisbane,
    ),
    zone(
        55,
        "GMT+10:00, Australia Eastern (Sydney)",
        chrono_tz::Australia::Sydney,
    ),
    zone(
        56,
        "GMT+10:00, West Pacific (Guam)",
        chrono_tz::Pacific::Guam,
    ),
    zone(
        57,
        "GMT+10:00, Tasmania (Hobart)",
        chrono_tz::Australia::Hobart,
    ),
    zone(
        58,
        "GMT+10:00, Vladivostok (Vladivostok)",
        chrono_tz::Asia::Vladivostok,
    ),
    zone(
        59,
        "GMT+11:00, Central Pacific (Solomon Is)",
        chrono_tz::Pacific::Guadalcanal,
    ),
    zone(
        60,
        "GMT+12:00, New Zealand (Wellington)",
        chrono_tz::Pacific::Auckland,
    ),
    zone(61, "GMT+12:00, Fiji (Fiji)", chrono_tz::Pacific::Fiji),
];

/// The zone with this `timeZoneID`, if it is one of the 62 (0..=61).
pub fn by_id(id: i64) -> Option<&'static Zone> {
    usize::try_from(id).ok().and_then(|i| ZONES.get(i))
}

/// The zone whose `timeZone` string is `name` (exact match after trimming).
pub fn by_name(name: &str) -> Option<&'static Zone> {
    let name = name.trim();
    ZONES.iter().find(|z| z.name == name)
}

/// All 62 zones, ordered by id.
pub fn all() -> &'static [Zone] {
    &ZONES
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Offset, TimeZone};

    /// The `com:timeZoneType` enumeration of `common/common.xsd`, in order.
    const XSD_NAMES: [&str; 62] = [
        "GMT-12:00, Dateline (Eniwetok)",
        "GMT-11:00, Samoa (Samoa)",
        "GMT-10:00, Hawaii (Honolulu)",
        "GMT-09:00, Alaska (Ancorage)",
        "GMT-08:00, Pacific (San Jose)",
        "GMT-07:00, Mountain (Arizona)",
        "GMT-07:00, Mountain (Denver)",
        "GMT-06:00, Central (Chicago)",
        "GMT-06:00, Mexico (Mexico City,Tegucigalpa)",
        "GMT-06:00, Central (Regina)",
        "GMT-05:00, S. America Pacific (Bogota)",
        "GMT-05:00, Eastern (New York)",
        "GMT-05:00, Eastern (Indiana)",
        "GMT-04:00, Atlantic (Halifax)",
        "GMT-04:00, S. America Western (Caracas)",
        "GMT-03:30, Newfoundland (Newfoundland)",
        "GMT-03:00, S. America Eastern (Brasilia)",
        "GMT-03:00, S. America Eastern (Buenos Aires)",
        "GMT-02:00, Mid-Atlantic (Mid-Atlantic)",
        "GMT-01:00, Azores (Azores)",
        "GMT+00:00, Greenwich (Casablanca)",
        "GMT+00:00, GMT (London)",
        "GMT+01:00, Europe (Amsterdam)",
        "GMT+01:00, Europe (Paris)",
        "GMT+01:00, Europe (Prague)",
        "GMT+01:00, Europe (Berlin)",
        "GMT+02:00, Greece (Athens)",
        "GMT+02:00, Eastern Europe (Bucharest)",
        "GMT+02:00, Egypt (Cairo)",
        "GMT+02:00, South Africa (Pretoria)",
        "GMT+02:00, Northern Europe (Helsinki)",
        "GMT+02:00, Israel (Tel Aviv)",
        "GMT+03:00, Saudi Arabia (Baghdad)",
        "GMT+03:00, Russian (Moscow)",
        "GMT+03:00, Nairobi (Nairobi)",
        "GMT+03:00, Iran (Tehran)",
        "GMT+04:00, Arabian (Abu Dhabi, Muscat)",
        "GMT+04:00, Baku (Baku)",
        "GMT+04:00, Afghanistan (Kabul)",
        "GMT+05:00, West Asia (Ekaterinburg)",
        "GMT+05:00, West Asia (Islamabad)",
        "GMT+05:30, India (Bombay)",
        "GMT+06:00, Columbo (Columbo)",
        "GMT+06:00, Central Asia (Almaty)",
        "GMT+07:00, Bangkok (Bangkok)",
        "GMT+08:00, China (Beijing)",
        "GMT+08:00, Australia Western (Perth)",
        "GMT+08:00, Singapore (Singapore)",
        "GMT+08:00, Taipei (Hong Kong)",
        "GMT+09:00, Tokyo (Tokyo)",
        "GMT+09:00, Korea (Seoul)",
        "GMT+09:30, Yakutsk (Yakutsk)",
        "GMT+09:30, Australia Central (Adelaide)",
        "GMT+09:30, Australia Central (Darwin)",
        "GMT+10:00, Australia Eastern (Brisbane)",
        "GMT+10:00, Australia Eastern (Sydney)",
        "GMT+10:00, West Pacific (Guam)",
        "GMT+10:00, Tasmania (Hobart)",
        "GMT+10:00, Vladivostok (Vladivostok)",
        "GMT+11:00, Central Pacific (Solomon Is)",
        "GMT+12:00, New Zealand (Wellington)",
        "GMT+12:00, Fiji (Fiji)",
    ];

    #[test]
    fn table_has_the_62_schema_names_in_order() {
        assert_eq!(all().len(), 62);
        for (i, zone) in all().iter().enumerate() {
            assert_eq!(usize::from(zone.id), i);
            assert_eq!(zone.name, XSD_NAMES[i], "id {i}");
        }
    }

    /// When the shared schemas sit beside the checkout, check the embedded list
    /// against the file itself too.
    #[test]
    fn table_matches_the_schema_file_when_present() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/xsd/common/common.xsd");
        let Ok(xsd) = std::fs::read_to_string(path) else {
            return;
        };
        let start = xsd
            .find("name=\"timeZoneType\"")
            .expect("timeZoneType in common.xsd");
        let rest = &xsd[start..];
        let end = rest.find("</xsd:simpleType>").expect("end of timeZoneType");
        let names: Vec<&str> = rest[..end]
            .split("value=\"")
            .skip(1)
            .filter_map(|chunk| chunk.split('"').next())
            .collect();
        let ours: Vec<&str> = all().iter().map(|z| z.name).collect();
        assert_eq!(names, ours);
    }

    #[test]
    fn looks_up_by_id_and_name() {
        assert_eq!(
            by_id(4).map(|z| z.tz),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            by_id(11).map(|z| z.name),
            Some("GMT-05:00, Eastern (New York)")
        );
        assert_eq!(by_id(25).map(|z| z.tz), Some(chrono_tz::Europe::Berlin));
        assert_eq!(
            by_id(45).map(|z| z.name),
            Some("GMT+08:00, China (Beijing)")
        );
        assert_eq!(
            by_id(i64::from(GMT)).map(|z| z.tz),
            Some(chrono_tz::Africa::Casablanca)
        );
        assert!(by_id(-1).is_none());
        assert!(by_id(62).is_none());
        assert!(by_id(i64::MAX).is_none());
        assert_eq!(
            by_name(" GMT+01:00, Europe (Berlin) ").map(|z| z.id),
            Some(25)
        );
        assert!(by_name("Berlin").is_none());
    }

    /// Most labels' "GMT±hh:mm" is the place's standard (January or July, whichever
    /// is smaller) offset; the exceptions are the ones the table above explains.
    #[test]
    fn label_offsets_match_standard_time_except_documented_cases() {
        let documented = [14u16, 35, 38, 42, 51];
        for zone in all() {
            let label = &zone.name[3..9];
            let sign = if label.starts_with('-') { -1 } else { 1 };
            let hours: i32 = label[1..3].parse().expect("hours in label");
            let minutes: i32 = label[4..6].parse().expect("minutes in label");
            let labelled = sign * (hours * 3600 + minutes * 60);
            let offset_on = |month| {
                let date =
                    NaiveDate::from_ymd_opt(2010, month, 1).and_then(|d| d.and_hms_opt(12, 0, 0));
                let date = date.expect("valid date");
                zone.tz
                    .offset_from_utc_datetime(&date)
                    .fix()
                    .local_minus_utc()
            };
            let standard = offset_on(1).min(offset_on(7));
            if !documented.contains(&zone.id) {
                assert_eq!(standard, labelled, "{} in 2010", zone.name);
            }
        }
    }
}
