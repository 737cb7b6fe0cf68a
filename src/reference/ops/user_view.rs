//! GetUser's body, in schema order, with the SP11 CMR/PR view rules:
//! `isEnablePMR` shows true and the Personal Room details appear only while
//! site CMR and the user's PMR are both on; `applyPMRForInstantMeeting` is true
//! only when the user's own choice is on as well.

use super::dispatch::Ctx;
use crate::reference::model::{Site, User};
use crate::reference::switches::Switch;
use crate::reference::xmlout::Out;

const PRIVILEGES: &[&str] = &[
    "teleConfCallOut",
    "teleConfCallOutInternational",
    "teleConfCallIn",
    "teleConfTollFreeCallIn",
];

pub(crate) fn get_user(site: &Site, u: &User, ctx: &Ctx<'_>) -> String {
    let plain_flags = ctx.on(Switch::CmrRulesOff);
    let hidden_by_choice = ctx.on(Switch::PersonalRoomHiddenWhenInstantOff) && !u.apply_pmr_instant;
    let room_on = !plain_flags && site.cmr && u.pmr && !hidden_by_choice;
    let pmr_shown = if plain_flags || (ctx.on(Switch::PmrFlagIgnoresSiteCmr) && !site.cmr) {
        u.pmr
    } else {
        room_on
    };
    let mut o = Out::new();
    o.leaf("use:firstName", &u.first_name)
        .leaf("use:lastName", &u.last_name);
    o.leaf_opt("use:title", u.title.as_deref())
        .leaf_opt("use:company", u.company.as_deref());
    o.leaf("use:webExId", &u.webex_id)
        .leaf("use:email", &u.email)
        .leaf("use:password", "******");
    if (room_on || plain_flags) && !ctx.on(Switch::PersonalUrlMissing) {
        o.leaf_opt("use:personalUrl", u.personal_url.as_deref());
    }
    o.leaf("use:expirationDate", "none");
    if let Some(z) = u.zone {
        o.leaf("use:timeZoneID", z.id).leaf("use:timeZone", z.name);
    }
    o.empty("use:tracking").leaf("use:service", "FREE_OFFICE");
    o.open("use:privilege").leaf("use:host", u.host);
    for p in PRIVILEGES {
        o.leaf(&format!("use:{p}"), false);
    }
    o.leaf("use:siteAdmin", u.site_admin)
        .leaf("use:voiceOverIp", false)
        .leaf("use:roSiteAdmin", false)
        .leaf("use:labAdmin", false)
        .leaf("use:otherTelephony", false)
        .leaf("use:teleConfCallInInternational", false)
        .leaf("use:attendeeOnly", false)
        .leaf("use:recordingEditor", false)
        .leaf("use:meetingAssist", false)
        .leaf("use:allowExtAttendees", true)
        .leaf("use:isEnableCET", u.cet)
        .leaf("use:isEnablePMR", pmr_shown)
        .close("use:privilege");
    o.leaf("use:language", "ENGLISH").leaf("use:locale", "U.S.");
    if !u.scheduling_permission.is_empty() {
        o.leaf(
            "use:schedulingPermission",
            u.scheduling_permission.join(";"),
        );
    }
    o.leaf("use:active", u.active.as_api_str());
    o.open("use:supportedServices")
        .leaf("use:meetingCenter", true)
        .leaf("use:trainingCenter", false)
        .leaf("use:supportCenter", false)
        .leaf("use:eventCenter", false)
        .leaf("use:salesCenter", false)
        .close("use:supportedServices");
    if room_on {
        let url = u.personal_url.as_deref().unwrap_or_default();
        o.open("use:personalMeetingRoom")
            .leaf("use:title", format!("{}'s Personal Room", u.display_name()))
            .leaf(
                "use:personalMeetingRoomURL",
                format!("{}/meet/{url}", site.url),
            )
            .leaf(
                "use:sipURL",
                format!("{url}@{}", site.url.trim_start_matches("https://")),
            )
            .leaf_opt("use:accessCode", u.pmr_access_code.as_deref())
            .leaf_opt("use:hostPIN", u.pmr_host_pin.as_deref())
            .leaf("use:applyPMRForInstantMeeting", u.apply_pmr_instant)
            .leaf_opt("use:meetingKey", u.pmr_meeting)
            .close("use:personalMeetingRoom");
    } else if ctx.on(Switch::ApplyPmrShownWithoutRoom) {
        o.open("use:personalMeetingRoom")
            .leaf("use:applyPMRForInstantMeeting", u.apply_pmr_instant)
            .close("use:personalMeetingRoom");
    }
    o.leaf(
        "use:registrationDate",
        u.registered.format("%m/%d/%Y %H:%M:%S"),
    )
    .leaf("use:visitCount", 0)
    .leaf("use:userId", u.user_id)
    .leaf("use:passwordExpires", false)
    .leaf("use:passwordDaysLeft", 0);
    o.finish()
}
