//! The Webex time zone table (`timeZoneID` = position in `com:timeZoneType`).

use chrono_tz::Tz;

/// One Webex time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    pub id: u16,
    pub name: &'static str,
    pub tz: Tz,
}

/// The id clients send for GMT.
pub const GMT: u16 = 20;

macro_rules! zones {
    ($($id:literal $name:literal $tz:ident;)*) => {
        static ZONES: &[Zone] = &[$(Zone { id: $id, name: $name, tz: Tz::$tz },)*];
    };
}

zones! {
    0 "GMT-12:00, Dateline (Eniwetok)" Etc__GMTPlus12;
    1 "GMT-11:00, Samoa (Samoa)" Pacific__Pago_Pago;
    2 "GMT-10:00, Hawaii (Honolulu)" Pacific__Honolulu;
    3 "GMT-09:00, Alaska (Ancorage)" America__Anchorage;
    4 "GMT-08:00, Pacific (San Jose)" America__Los_Angeles;
    5 "GMT-07:00, Mountain (Arizona)" America__Phoenix;
    6 "GMT-07:00, Mountain (Denver)" America__Denver;
    7 "GMT-06:00, Central (Chicago)" America__Chicago;
    8 "GMT-06:00, Mexico (Mexico City,Tegucigalpa)" America__Mexico_City;
    9 "GMT-06:00, Central (Regina)" America__Regina;
    10 "GMT-05:00, S. America Pacific (Bogota)" America__Bogota;
    11 "GMT-05:00, Eastern (New York)" America__New_York;
    12 "GMT-05:00, Eastern (Indiana)" America__Indiana__Indianapolis;
    13 "GMT-04:00, Atlantic (Halifax)" America__Halifax;
    14 "GMT-04:00, S. America Western (Caracas)" America__Caracas;
    15 "GMT-03:30, Newfoundland (Newfoundland)" America__St_Johns;
    16 "GMT-03:00, S. America Eastern (Brasilia)" America__Sao_Paulo;
    17 "GMT-03:00, S. America Eastern (Buenos Aires)" America__Argentina__Buenos_Aires;
    18 "GMT-02:00, Mid-Atlantic (Mid-Atlantic)" Atlantic__South_Georgia;
    19 "GMT-01:00, Azores (Azores)" Atlantic__Azores;
    20 "GMT+00:00, Greenwich (Casablanca)" Africa__Casablanca;
    21 "GMT+00:00, GMT (London)" Europe__London;
    22 "GMT+01:00, Europe (Amsterdam)" Europe__Amsterdam;
    23 "GMT+01:00, Europe (Paris)" Europe__Paris;
    24 "GMT+01:00, Europe (Prague)" Europe__Prague;
    25 "GMT+01:00, Europe (Berlin)" Europe__Berlin;
    26 "GMT+02:00, Greece (Athens)" Europe__Athens;
    27 "GMT+02:00, Eastern Europe (Bucharest)" Europe__Bucharest;
    28 "GMT+02:00, Egypt (Cairo)" Africa__Cairo;
    29 "GMT+02:00, South Africa (Pretoria)" Africa__Johannesburg;
    30 "GMT+02:00, Northern Europe (Helsinki)" Europe__Helsinki;
    31 "GMT+02:00, Israel (Tel Aviv)" Asia__Jerusalem;
    32 "GMT+03:00, Saudi Arabia (Baghdad)" Asia__Baghdad;
    33 "GMT+03:00, Russian (Moscow)" Europe__Moscow;
    34 "GMT+03:00, Nairobi (Nairobi)" Africa__Nairobi;
    35 "GMT+03:00, Iran (Tehran)" Asia__Tehran;
    36 "GMT+04:00, Arabian (Abu Dhabi, Muscat)" Asia__Dubai;
    37 "GMT+04:00, Baku (Baku)" Asia__Baku;
    38 "GMT+04:00, Afghanistan (Kabul)" Asia__Kabul;
    39 "GMT+05:00, West Asia (Ekaterinburg)" Asia__Yekaterinburg;
    40 "GMT+05:00, West Asia (Islamabad)" Asia__Karachi;
    41 "GMT+05:30, India (Bombay)" Asia__Kolkata;
    42 "GMT+06:00, Columbo (Columbo)" Asia__Colombo;
    43 "GMT+06:00, Central Asia (Almaty)" Asia__Almaty;
    44 "GMT+07:00, Bangkok (Bangkok)" Asia__Bangkok;
    45 "GMT+08:00, China (Beijing)" Asia__Shanghai;
    46 "GMT+08:00, Australia Western (Perth)" Australia__Perth;
    47 "GMT+08:00, Singapore (Singapore)" Asia__Singapore;
    48 "GMT+08:00, Taipei (Hong Kong)" Asia__Hong_Kong;
    49 "GMT+09:00, Tokyo (Tokyo)" Asia__Tokyo;
    50 "GMT+09:00, Korea (Seoul)" Asia__Seoul;
    51 "GMT+09:30, Yakutsk (Yakutsk)" Asia__Yakutsk;
    52 "GMT+09:30, Australia Central (Adelaide)" Australia__Adelaide;
    53 "GMT+09:30, Australia Central (Darwin)" Australia__Darwin;
    54 "GMT+10:00, Australia Eastern (Brisbane)" Australia__Brisbane;
    55 "GMT+10:00, Australia Eastern (Sydney)" Australia__Sydney;
    56 "GMT+10:00, West Pacific (Guam)" Pacific__Guam;
    57 "GMT+10:00, Tasmania (Hobart)" Australia__Hobart;
    58 "GMT+10:00, Vladivostok (Vladivostok)" Asia__Vladivostok;
    59 "GMT+11:00, Central Pacific (Solomon Is)" Pacific__Guadalcanal;
    60 "GMT+12:00, New Zealand (Wellington)" Pacific__Auckland;
    61 "GMT+12:00, Fiji (Fiji)" Pacific__Fiji;
}

pub fn by_id(id: i64) -> Option<&'static Zone> {
    usize::try_from(id).ok().and_then(|i| ZONES.get(i))
}

pub fn by_name(name: &str) -> Option<&'static Zone> {
    let name = name.trim();
    ZONES.iter().find(|z| z.name.eq_ignore_ascii_case(name))
}

pub fn all() -> &'static [Zone] {
    ZONES
}
