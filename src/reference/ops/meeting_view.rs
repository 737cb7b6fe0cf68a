//! GetMeeting's body, in the order captured servers send it.

use super::dispatch::Ctx;
use crate::reference::calendar::{dates, recurrence};
use crate::reference::model::{Kind, Meeting, Site};
use crate::reference::switches::Switch;
use crate::reference::xmlout::Out;

/// `enableOptions` in schema order with the values a new meeting has.
const ENABLE_OPTIONS: &[(&str, bool)] = &[
    ("chat", true),
    ("poll", true),
    ("audioVideo", true),
    ("attendeeList", false),
    ("fileShare", false),
    ("presentation", true),
    ("applicationShare", true),
    ("desktopShare", true),
    ("webTour", true),
    ("meetingRecord", false),
    ("annotation", false),
    ("importDocument", false),
    ("saveDocument", false),
    ("printDocument", false),
    ("pointer", false),
    ("switchPage", false),
    ("fullScreen", false),
    ("thumbnail", false),
    ("zoom", false),
    ("copyPage", false),
    ("rcAppShare", true),
    ("rcDesktopShare", true),
    ("rcWebTour", false),
    ("javaClient", false),
    ("nativeClient", false),
    ("attendeeRecordMeeting", false),
    ("voip", false),
    ("faxIntoMeeting", false),
    ("enableReg", false),
    ("supportQandA", true),
    ("supportFeedback", true),
    ("supportBreakoutSessions", false),
    ("supportPanelists", false),
    ("supportRemoteComputer", false),
    ("supportShareWebContent", true),
    ("supportUCFWebPages", false),
    ("supportUCFRichMedia", false),
    ("autoDeleteAfterMeetingEnd", false),
    ("viewAnyDoc", false),
    ("viewAnyPage", false),
    ("allowContactPrivate", false),
    ("chatHost", false),
    ("chatPresenter", false),
    ("chatAllAttendees", false),
    ("multiVideo", false),
    ("notes", true),
    ("closedCaptions", false),
    ("singleNote", false),
    ("sendFeedback", false),
    ("displayQuickStartHost", false),
    ("displayQuickStartAttendees", false),
    ("supportE2E", false),
    ("supportPKI", false),
    ("HQvideo", false),
    ("HDvideo", false),
    ("viewVideoThumbs", true),
];

/// `(isException, seriesMeetingKey, hasException)` of a meeting: an exception
/// names its series; `hasException` tells whether the (parent) series has one.
pub(crate) fn exception_facts(site: &Site, m: &Meeting) -> (bool, u64, bool) {
    match &m.kind {
        Kind::Series(s) => (false, 0, !s.exceptions.is_empty()),
        Kind::Exception { series, .. } => {
            let has = site
                .meetings
                .get(series)
                .and_then(Meeting::series)
                .is_some_and(|s| !s.exceptions.is_empty());
            (true, *series, has)
        }
        _ => (false, 0, false),
    }
}

/// Free text the host typed, with the defects that mangle it.
fn write_text(o: &mut Out, ctx: &Ctx<'_>, name: &str, text: &str) {
    if ctx.on(Switch::TextNotEscaped) {
        o.leaf_unescaped(name, text);
    } else if ctx.on(Switch::NonAsciiReplaced) {
        let ascii: String = text
            .chars()
            .map(|c| if c.is_ascii() { c } else { '?' })
            .collect();
        o.leaf(name, ascii);
    } else {
        o.leaf(name, text);
    }
}

pub(crate) fn get_meeting(site: &Site, m: &Meeting, ctx: &Ctx<'_>) -> String {
    let mut o = Out::new();
    o.open("meet:accessControl")
        .leaf("meet:listToPublic", m.list_to_public)
        .leaf("meet:isPublic", m.is_public)
        .leaf_opt("meet:meetingPassword", m.password.as_deref())
        .close("meet:accessControl");
    o.open("meet:metaData");
    write_text(&mut o, ctx, "meet:confName", &m.name);
    o.leaf("meet:meetingType", m.meeting_type);
    if let Some(agenda) = &m.agenda {
        write_text(&mut o, ctx, "meet:agenda", agenda);
    }
    o.leaf("meet:isInternal", false).close("meet:metaData");
    o.open("meet:participants")
        .leaf("meet:maxUserNumber", m.max_users);
    if m.attendees.is_empty() {
        o.empty("meet:attendees");
    } else {
        o.open("meet:attendees");
        for a in &m.attendees {
            o.open("meet:attendee")
                .open("att:person")
                .leaf("com:name", &a.name);
            o.leaf_opt("com:webExId", a.webex_id.as_deref());
            o.leaf("com:email", &a.email)
                .leaf("com:type", "VISITOR")
                .close("att:person");
            o.leaf("att:contactID", a.id)
                .leaf("att:joinStatus", &a.join_status)
                .leaf("att:meetingKey", m.key)
                .leaf("att:role", a.role.as_api_str())
                .leaf("att:emailInvitations", a.email_invitations)
                .close("meet:attendee");
        }
        o.close("meet:attendees");
    }
    o.close("meet:participants");
    o.open("meet:enableOptions");
    for (name, default) in ENABLE_OPTIONS {
        o.leaf(
            &format!("meet:{name}"),
            m.enable_options.get(*name).copied().unwrap_or(*default),
        );
    }
    for (name, value) in m
        .enable_options
        .iter()
        .filter(|(n, _)| !ENABLE_OPTIONS.iter().any(|(k, _)| k == n))
    {
        o.leaf(&format!("meet:{name}"), value);
    }
    o.close("meet:enableOptions");
    o.open("meet:schedule")
        .leaf("meet:startDate", dates::format(m.start_local))
        .leaf("meet:timeZoneID", m.zone.id)
        .leaf("meet:timeZone", m.zone.name)
        .leaf("meet:duration", m.duration_min)
        .leaf("meet:openTime", m.open_time)
        .leaf("meet:hostWebExID", &m.host)
        .close("meet:schedule");
    o.open("meet:telephony")
        .leaf("meet:telephonySupport", &m.telephony_support)
        .close("meet:telephony");
    o.empty("meet:tracking");
    o.open("meet:repeat");
    match &m.kind {
        Kind::Series(s) => {
            let r = &s.rule;
            o.leaf("meet:repeatType", r.repeat_type.as_api_str())
                .leaf("meet:interval", r.interval);
            o.leaf_opt("meet:afterMeetingNumber", r.after_meeting_number);
            if !r.days_in_week.is_empty() {
                o.open("meet:dayInWeek");
                for d in &r.days_in_week {
                    o.leaf("meet:day", recurrence::weekday_api_str(*d));
                }
                o.close("meet:dayInWeek");
            }
            o.leaf_opt("meet:expirationDate", r.expiration_date.map(dates::format));
            o.leaf_opt("meet:dayInMonth", r.day_in_month);
            o.leaf_opt("meet:weekInMonth", r.week_in_month);
            o.leaf_opt("meet:monthInYear", r.month_in_year);
        }
        _ => {
            o.leaf("meet:repeatType", "NO_REPEAT");
        }
    }
    if !ctx.on(Switch::MeetingOmitsExceptionElements) {
        let (is_exception, series_key, has_exception) = exception_facts(site, m);
        let series_key = if ctx.on(Switch::GetMeetingSeriesKeyZero) {
            0
        } else {
            series_key
        };
        o.leaf("meet:isException", is_exception)
            .leaf("meet:seriesMeetingKey", series_key)
            .leaf("meet:hasException", has_exception);
    }
    o.close("meet:repeat");
    o.empty("meet:remind");
    o.open("meet:attendeeOptions")
        .leaf("meet:request", false)
        .leaf("meet:registration", false)
        .leaf("meet:auto", false)
        .leaf("meet:emailInvitations", m.send_mail)
        .leaf("meet:participantLimit", 0)
        .leaf("meet:excludePassword", false)
        .leaf("meet:joinRequiresAccount", m.join_requires_account)
        .close("meet:attendeeOptions");
    o.leaf("meet:meetingkey", m.key)
        .leaf("meet:status", "NOT_INPROGRESS")
        .leaf("meet:hostJoined", false)
        .leaf("meet:participantsJoined", false)
        .leaf("meet:telePresence", false)
        .leaf("meet:hostKey", &m.host_key)
        .leaf("meet:eventID", m.conf_id)
        .leaf("meet:guestToken", &m.guest_token)
        .leaf("meet:hostType", "1019001");
    o.finish()
}
