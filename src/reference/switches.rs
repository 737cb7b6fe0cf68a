//! Named behaviour switches, consulted exactly where a behaviour is produced.
//!
//! A *defect* is a realistic vendor mistake tied to the release-note clauses it
//! violates (`cases/clauses.yaml`); a *variation* is a benign difference a client
//! must tolerate. The older release (`Release::Sp10`) is the set of defects that
//! switch the SP11 additions off. `wbxconf mutants` runs the suite once per switch
//! and proves each defect is caught by a case of its clauses and no variation
//! breaks anything.
//!
//! Adding a switch: one row in [`SWITCHES`] (and its enum variant), then one `if`
//! at the place the behaviour is produced (see `docs/mutants.md`).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// One switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Switch {
    // ── SP10: the SP11 additions switched off ──
    ListOmitsRecurrenceElements,
    CalendarListUnknown,
    RecurrenceKeyIgnored,
    SessionInfoOmitsRecurrenceElements,
    MeetingOmitsExceptionElements,
    CpacApisUnknown,
    CmrRulesOff,
    DeactivatedHostsListed,
    // ── Recurring meetings ──
    ListOneItemPerSeries,
    ExceptionFlagFalse,
    NextUpcomingEveryFuture,
    SeriesKeyOnRegularOccurrences,
    RecurrenceIdSeconds,
    RecurrenceIdLocalTime,
    RecurrenceElementsWithoutRecurrence,
    CalendarListOmitsRecurrenceElements,
    RecurrenceKeyMissesExceptions,
    HasExceptionAlwaysFalse,
    ExceptionMailedAsNewMeeting,
    ExceptionNoCancellationForRemoved,
    ExceptionNoInvitationForAdded,
    ExceptionChangeNoCancellation,
    SeriesDeleteKeepsExceptions,
    OccurrenceDeleteMailsExceptionAttendees,
    ListOmitsExceptions,
    ListKeepsExpiredOccurrences,
    ListShowsRemovedOccurrences,
    ExceptionListedBesideOccurrence,
    ExceptionSharesSeriesConfId,
    SeriesAttendeeJoinsExceptions,
    GetMeetingSeriesKeyZero,
    SeriesChangeOverwritesExceptions,
    SeriesDeleteForgetsExceptionAttendees,
    SecondExceptionReplacesFirst,
    // ── CPAC partners ──
    MicroSitesListsEverySite,
    SiteTicketForHubSite,
    SiteTicketReadOnly,
    SiteTicketForAnySite,
    SiteTicketValidOnAnySite,
    SiteTicketNeverExpires,
    SiteTicketOpensMeetingApis,
    PartnerIdNotChecked,
    // ── CMR and Personal Room ──
    CetWithoutSiteCmr,
    ApplyPmrIgnoresCreateValue,
    CetLicencesUnlimited,
    ApplyPmrShownWithoutRoom,
    PmrFlagIgnoresSiteCmr,
    PersonalUrlMissing,
    PersonalUrlAcceptedWithoutCmr,
    HostPinChangeIgnored,
    DelUserKeepsLicence,
    DelUserKeepsPersonalRoom,
    PersonalRoomHiddenWhenInstantOff,
    // ── Deactivated hosts ──
    DeactivatedListedForAdmins,
    DeactivationFollowsScheduler,
    DeactivatedListedForAlternateHosts,
    DeactivationDeletesMeetings,
    DelDeactivatedUserIsNoOp,
    DeactivationHidesScheduledMeetings,
    // ── Backward compatibility and protocol ──
    EpNamespaceWrong,
    BodyTypeMissing,
    Http500OnFailure,
    ExceptionIdMissing,
    EmptyListSuccess,
    UnknownMeetingAccessDenied,
    UnknownUserNoRecord,
    WrongPasswordUnknownUser,
    InvalidTicketBadPassword,
    HostsMayCreateUsers,
    UnpaddedDatesRefused,
    OnlyFirstBodyAnswered,
    ListTimesIgnoreDst,
    TextNotEscaped,
    NonAsciiReplaced,
    UnreadableHttp400,
    // ── Benign variations ──
    HeaderTimingElements,
    OtherPrefixes,
    InnerNamespaceDeclarations,
    AttributeOrderReversed,
    PrettyPrinted,
    CrlfLineEnds,
    NoXmlDeclaration,
    ExtraSchemaElements,
}

/// Whether a switch breaks the contract or only varies within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchKind {
    Defect,
    Variation,
}

/// One row of the switch table.
#[derive(Debug, Clone, Copy)]
pub struct SwitchRow {
    pub switch: Switch,
    /// The `--defect NAME` spelling.
    pub name: &'static str,
    pub kind: SwitchKind,
    /// Part of the SP10 release (the SP11 additions switched off).
    pub sp10: bool,
    /// The clauses a defect violates (empty for variations).
    pub clauses: &'static [&'static str],
    pub description: &'static str,
}

const fn defect(
    switch: Switch,
    name: &'static str,
    clauses: &'static [&'static str],
    description: &'static str,
) -> SwitchRow {
    SwitchRow {
        switch,
        name,
        kind: SwitchKind::Defect,
        sp10: false,
        clauses,
        description,
    }
}

const fn sp10(
    switch: Switch,
    name: &'static str,
    clauses: &'static [&'static str],
    description: &'static str,
) -> SwitchRow {
    SwitchRow {
        sp10: true,
        ..defect(switch, name, clauses, description)
    }
}

const fn variation(switch: Switch, name: &'static str, description: &'static str) -> SwitchRow {
    SwitchRow {
        switch,
        name,
        kind: SwitchKind::Variation,
        sp10: false,
        clauses: &[],
        description,
    }
}

use Switch as S;

/// Every switch, grouped as `cases/clauses.yaml` is.
#[rustfmt::skip]
pub const SWITCHES: &[SwitchRow] = &[
    sp10(S::ListOmitsRecurrenceElements, "list-omits-recurrence-elements",
        &["REC-2", "REC-3", "REC-4", "REC-5", "REC-7"],
        "session lists carry no isException/isNextUpcomingInstance/seriesMeetingKey/recurrenceId"),
    sp10(S::CalendarListUnknown, "calendar-list-unknown", &["REC-7"],
        "LstCalendarSession is answered like an unknown API"),
    sp10(S::RecurrenceKeyIgnored, "recurrence-key-ignored", &["REC-8", "REC-15", "REC-18"],
        "recurrenceKey is ignored by GetSessionInfo, DelMeeting and DelSession: they act on the whole series (exceptions themselves predate SP11)"),
    sp10(S::SessionInfoOmitsRecurrenceElements, "session-info-omits-recurrence-elements", &["REC-9"],
        "GetSessionInfo metaData carries no isException/seriesMeetingKey/hasException"),
    sp10(S::MeetingOmitsExceptionElements, "meeting-omits-exception-elements", &["REC-22"],
        "GetMeeting repeat carries no isException/seriesMeetingKey/hasException"),
    sp10(S::CpacApisUnknown, "cpac-apis-unknown", &["CPAC-1", "CPAC-2", "CPAC-3", "CPAC-4", "CPAC-5"],
        "LstMicroSites and GetSiteAdminSessionTicket are answered like unknown APIs"),
    sp10(S::CmrRulesOff, "cmr-rules-off", &["CMR-1", "CMR-3", "CMR-5", "CMR-7", "CMR-9", "CMR-10"],
        "isEnableCET/isEnablePMR/personalUrl are plain stored flags: no licence accounting, no Personal Room"),
    sp10(S::DeactivatedHostsListed, "deactivated-hosts-listed", &["DEACT-1", "DEACT-2", "DEACT-3", "DEACT-5"],
        "LstsummarySession still lists meetings whose host is deactivated"),

    defect(S::ListOneItemPerSeries, "list-one-item-per-series", &["REC-1"],
        "with recurrence true a series is still one session (its next occurrence), as without it"),
    defect(S::ExceptionFlagFalse, "exception-flag-false", &["REC-2"],
        "listed exceptions carry isException false: the flag is read from the series"),
    defect(S::NextUpcomingEveryFuture, "next-upcoming-every-future", &["REC-3"],
        "isNextUpcomingInstance is true for every occurrence not yet ended"),
    defect(S::SeriesKeyOnRegularOccurrences, "series-key-on-regular-occurrences", &["REC-4"],
        "regular occurrences carry their series' key in seriesMeetingKey instead of 0"),
    defect(S::RecurrenceIdSeconds, "recurrence-id-seconds", &["REC-5"],
        "recurrenceId counts seconds since the epoch, not milliseconds"),
    defect(S::RecurrenceIdLocalTime, "recurrence-id-local-time", &["REC-5"],
        "recurrenceId is the occurrence's wall-clock start in the series' zone read as if it were GMT"),
    defect(S::RecurrenceElementsWithoutRecurrence, "recurrence-elements-without-recurrence", &["REC-6"],
        "the four recurrence elements are also written without recurrence true"),
    defect(S::CalendarListOmitsRecurrenceElements, "calendar-list-omits-recurrence-elements", &["REC-7"],
        "LstCalendarSession sessions carry none of the four elements (only LstsummarySession got them)"),
    defect(S::RecurrenceKeyMissesExceptions, "recurrence-key-misses-exceptions", &["REC-8"],
        "GetSessionInfo with recurrenceKey answers for the regular occurrence even where an exception replaces it"),
    defect(S::HasExceptionAlwaysFalse, "has-exception-always-false", &["REC-9"],
        "GetSessionInfo metaData says hasException false whatever the series has"),
    defect(S::ExceptionMailedAsNewMeeting, "exception-mailed-as-new-meeting", &["REC-10"],
        "a new exception is mailed under its own UID, so attendees kept on it get an invitation instead of an update"),
    defect(S::ExceptionNoCancellationForRemoved, "exception-no-cancellation-for-removed", &["REC-11"],
        "creating an exception sends no cancellation to the series attendees it leaves out"),
    defect(S::ExceptionNoInvitationForAdded, "exception-no-invitation-for-added", &["REC-12"],
        "creating an exception sends no invitation to the attendees it adds"),
    defect(S::ExceptionChangeNoCancellation, "exception-change-no-cancellation", &["REC-13"],
        "SetMeeting on an exception sends no cancellation to the attendees it removes"),
    defect(S::SeriesDeleteKeepsExceptions, "series-delete-keeps-exceptions", &["REC-14"],
        "deleting a series leaves its exceptions standing"),
    defect(S::OccurrenceDeleteMailsExceptionAttendees, "occurrence-delete-mails-exception-attendees", &["REC-15"],
        "deleting one regular occurrence also mails the attendees of the series' exceptions"),
    defect(S::ListOmitsExceptions, "list-omits-exceptions", &["REC-16"],
        "with recurrence true only the rule's regular occurrences are listed, never the exceptions"),
    defect(S::ListKeepsExpiredOccurrences, "list-keeps-expired-occurrences", &["REC-17"],
        "occurrences that ended before now are still listed"),
    defect(S::ListShowsRemovedOccurrences, "list-shows-removed-occurrences", &["REC-18"],
        "occurrences deleted one by one are still listed"),
    defect(S::ExceptionListedBesideOccurrence, "exception-listed-beside-occurrence", &["REC-19"],
        "an exception is listed beside the regular occurrence it replaces"),
    defect(S::ExceptionSharesSeriesConfId, "exception-shares-series-conf-id", &["REC-20"],
        "an exception gets its series' confID instead of its own"),
    defect(S::SeriesAttendeeJoinsExceptions, "series-attendee-joins-exceptions", &["REC-21"],
        "CreateMeetingAttendee on a series also adds the attendee to every exception"),
    defect(S::GetMeetingSeriesKeyZero, "get-meeting-series-key-zero", &["REC-22"],
        "GetMeeting's repeat block says seriesMeetingKey 0 on an exception too"),
    defect(S::SeriesChangeOverwritesExceptions, "series-change-overwrites-exceptions", &["REC-23"],
        "SetMeeting on a series applies the same change to its exceptions"),
    defect(S::SeriesDeleteForgetsExceptionAttendees, "series-delete-forgets-exception-attendees", &["REC-24"],
        "deleting a series cancels only for the series' own attendees, not for those of its exceptions"),
    defect(S::SecondExceptionReplacesFirst, "second-exception-replaces-first", &["REC-25"],
        "a second exception for the same occurrence is accepted and replaces the first"),

    defect(S::MicroSitesListsEverySite, "micro-sites-lists-every-site", &["CPAC-1"],
        "LstMicroSites lists every site of the server, not only the partner's"),
    defect(S::SiteTicketForHubSite, "site-ticket-for-hub-site", &["CPAC-2"],
        "GetSiteAdminSessionTicket issues the ticket for the partner's own CPAC site, not the named one"),
    defect(S::SiteTicketReadOnly, "site-ticket-read-only", &["CPAC-3"],
        "a site ticket authorises GetUser only; CreateUser, SetUser and DelUser are refused"),
    defect(S::SiteTicketForAnySite, "site-ticket-for-any-site", &["CPAC-4"],
        "GetSiteAdminSessionTicket grants a ticket for any site, associated with the partner or not"),
    defect(S::SiteTicketValidOnAnySite, "site-ticket-valid-on-any-site", &["CPAC-5"],
        "a site ticket is accepted whatever siteName comes with it"),
    defect(S::SiteTicketNeverExpires, "site-ticket-never-expires", &["CPAC-5"],
        "site tickets are accepted after their timeToLive"),
    defect(S::SiteTicketOpensMeetingApis, "site-ticket-opens-meeting-apis", &["CPAC-5"],
        "a site ticket also opens the meeting and session APIs, as the site's administrator"),
    defect(S::PartnerIdNotChecked, "partner-id-not-checked", &["CPAC-5"],
        "partner credentials are accepted whatever partnerID comes with them"),

    defect(S::CetWithoutSiteCmr, "cet-without-site-cmr", &["CMR-1"],
        "isEnableCET is accepted on a site without CMR"),
    defect(S::ApplyPmrIgnoresCreateValue, "apply-pmr-ignores-create-value", &["CMR-2"],
        "CreateUser ignores applyPMRForInstantMeeting and always takes the site's default"),
    defect(S::CetLicencesUnlimited, "cet-licences-unlimited", &["CMR-3"],
        "enabling CET never runs out of licences"),
    defect(S::ApplyPmrShownWithoutRoom, "apply-pmr-shown-without-room", &["CMR-4"],
        "GetUser shows the stored applyPMRForInstantMeeting even when the user has no Personal Room"),
    defect(S::PmrFlagIgnoresSiteCmr, "pmr-flag-ignores-site-cmr", &["CMR-5"],
        "GetUser shows the stored isEnablePMR even on a site without CMR"),
    defect(S::PersonalUrlMissing, "personal-url-missing", &["CMR-6"],
        "GetUser gives the Personal Room URL only in personalMeetingRoomURL, not in personalUrl"),
    defect(S::PersonalUrlAcceptedWithoutCmr, "personal-url-accepted-without-cmr", &["CMR-7"],
        "SetUser of personalUrl checks the user's PMR but not the site's CMR"),
    defect(S::HostPinChangeIgnored, "host-pin-change-ignored", &["CMR-8"],
        "SetUser accepts personalMeetingRoom/hostPIN but keeps the old PIN"),
    defect(S::DelUserKeepsLicence, "del-user-keeps-licence", &["CMR-9"],
        "DelUser leaves isEnableCET on, so the licence is never returned"),
    defect(S::DelUserKeepsPersonalRoom, "del-user-keeps-personal-room", &["CMR-10"],
        "DelUser leaves the user's static Personal Room meeting in place"),
    defect(S::PersonalRoomHiddenWhenInstantOff, "personal-room-hidden-when-instant-off", &["CMR-11"],
        "GetUser hides the Personal Room when the user's instant-meeting choice is off"),

    defect(S::DeactivatedListedForAdmins, "deactivated-listed-for-admins", &["DEACT-1"],
        "site administrators still list the meetings of deactivated hosts"),
    defect(S::DeactivationFollowsScheduler, "deactivation-follows-scheduler", &["DEACT-2", "DEACT-6"],
        "lists leave out meetings whose scheduler is deactivated, not those whose host is"),
    defect(S::DeactivatedListedForAlternateHosts, "deactivated-listed-for-alternate-hosts", &["DEACT-3"],
        "a deactivated host's meetings are still listed for their alternate hosts"),
    defect(S::DeactivationDeletesMeetings, "deactivation-deletes-meetings", &["DEACT-4"],
        "deactivating a host deletes its meetings, so reactivation cannot bring them back"),
    defect(S::DelDeactivatedUserIsNoOp, "del-deactivated-user-is-no-op", &["DEACT-5"],
        "DelUser of an already deactivated user does nothing: its licence and Personal Room stay taken"),
    defect(S::DeactivationHidesScheduledMeetings, "deactivation-hides-scheduled-meetings", &["DEACT-6"],
        "lists leave out meetings whose host or scheduler is deactivated"),

    defect(S::EpNamespaceWrong, "ep-namespace-wrong", &["BASE-ENVELOPE"],
        "the ep prefix is bound to a misspelt namespace URI (…/2002/06/ep, without /service)"),
    defect(S::BodyTypeMissing, "body-type-missing", &["BASE-ENVELOPE"],
        "successful bodyContent elements carry no xsi:type"),
    defect(S::Http500OnFailure, "http-500-on-failure", &["BASE-FAILURE"],
        "answers holding a FAILURE come with HTTP status 500"),
    defect(S::ExceptionIdMissing, "exception-id-missing", &["BASE-FAILURE"],
        "FAILURE answers carry no exceptionID"),
    defect(S::EmptyListSuccess, "empty-list-success", &["BASE-EMPTY"],
        "an empty LstsummarySession is a SUCCESS with total 0 instead of the FAILURE 000015"),
    defect(S::UnknownMeetingAccessDenied, "unknown-meeting-access-denied", &["BASE-NOMEETING"],
        "GetMeeting of an unknown key answers 000001 (access denied) instead of 060001"),
    defect(S::UnknownUserNoRecord, "unknown-user-no-record", &["BASE-NOUSER"],
        "GetUser of an unknown user answers 000015 instead of 030001"),
    defect(S::WrongPasswordUnknownUser, "wrong-password-unknown-user", &["BASE-PASSWORD"],
        "a wrong password answers 030001, as if the user did not exist, instead of 030002"),
    defect(S::InvalidTicketBadPassword, "invalid-ticket-bad-password", &["BASE-TICKET"],
        "an invalid session ticket answers 030002 instead of 030047"),
    defect(S::HostsMayCreateUsers, "hosts-may-create-users", &["BASE-PRIVILEGE"],
        "CreateUser does not check that the caller is a site administrator"),
    defect(S::UnpaddedDatesRefused, "unpadded-dates-refused", &["BASE-LENIENT"],
        "CreateMeeting refuses a startDate that is not zero-padded (990010)"),
    defect(S::OnlyFirstBodyAnswered, "only-first-body-answered", &["BASE-MULTIBODY"],
        "of several bodyContent elements only the first is answered"),
    defect(S::ListTimesIgnoreDst, "list-times-ignore-dst", &["BASE-TIMEZONE"],
        "session lists convert start times with the zone's standard offset, ignoring daylight saving time"),
    defect(S::TextNotEscaped, "text-not-escaped", &["BASE-TEXT"],
        "GetMeeting writes confName and agenda without escaping & and <"),
    defect(S::NonAsciiReplaced, "non-ascii-replaced", &["BASE-TEXT"],
        "GetMeeting writes every non-ASCII character of confName and agenda as '?'"),
    defect(S::UnreadableHttp400, "unreadable-http-400", &["BASE-UNREADABLE"],
        "a request that is not XML gets HTTP 400 with a plain-text body"),

    variation(S::HeaderTimingElements, "header-timing-elements",
        "every serv:response also carries serv:respTime and serv:caseID after gsbStatus, as newer servers do"),
    variation(S::OtherPrefixes, "other-prefixes",
        "every namespace prefix is another one (serv → s, use → u, xsi → xi …), xsi:type values included"),
    variation(S::InnerNamespaceDeclarations, "inner-namespace-declarations",
        "namespaces are declared on the first element that uses them, not on the root"),
    variation(S::AttributeOrderReversed, "attribute-order-reversed",
        "every element's attributes, namespace declarations included, in reverse order"),
    variation(S::PrettyPrinted, "pretty-printed",
        "the answer is indented, one element per line"),
    variation(S::CrlfLineEnds, "crlf-line-ends",
        "the answer is indented with CRLF line ends"),
    variation(S::NoXmlDeclaration, "no-xml-declaration",
        "the answer has no <?xml …?> declaration"),
    variation(S::ExtraSchemaElements, "extra-schema-elements",
        "optional elements the schema allows are added: ep:trainReleaseVersion in GetAPIVersion, ep:isAudioOnly in session lists"),
];

fn row(switch: Switch) -> &'static SwitchRow {
    SWITCHES
        .iter()
        .find(|r| r.switch == switch)
        .expect("every switch has a row in SWITCHES")
}

impl Switch {
    pub fn name(self) -> &'static str {
        row(self).name
    }

    pub fn kind(self) -> SwitchKind {
        row(self).kind
    }

    pub fn description(self) -> &'static str {
        row(self).description
    }

    /// The clauses a defect violates (empty for a variation).
    pub fn clauses(self) -> &'static [&'static str] {
        row(self).clauses
    }
}

impl fmt::Display for Switch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Switch {
    type Err = String;

    fn from_str(s: &str) -> Result<Switch, String> {
        let s = s.trim();
        SWITCHES
            .iter()
            .find(|r| r.name == s)
            .map(|r| r.switch)
            .ok_or_else(|| format!("unknown switch {s:?}"))
    }
}

/// A set of switches; empty means the exact SP11 behaviour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Switches {
    on: BTreeSet<Switch>,
}

impl Switches {
    pub fn none() -> Switches {
        Switches::default()
    }

    /// Parses a comma-separated list of switch names; every unknown name is reported.
    pub fn parse(list: &str) -> Result<Switches, String> {
        let mut on = BTreeSet::new();
        let mut unknown = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.parse::<Switch>() {
                Ok(s) => {
                    on.insert(s);
                }
                Err(_) => unknown.push(name.to_string()),
            }
        }
        if unknown.is_empty() {
            Ok(Switches { on })
        } else {
            Err(format!(
                "unknown switch(es): {} (`wbxconf serve --defect list` lists them)",
                unknown.join(", ")
            ))
        }
    }

    /// Every switch name with its one-line description.
    pub fn all_names() -> Vec<(&'static str, &'static str)> {
        SWITCHES.iter().map(|r| (r.name, r.description)).collect()
    }

    /// The defects that together make up the SP10 release.
    pub fn sp10() -> Switches {
        Switches {
            on: SWITCHES
                .iter()
                .filter(|r| r.sp10)
                .map(|r| r.switch)
                .collect(),
        }
    }

    pub fn with(mut self, switch: Switch) -> Switches {
        self.on.insert(switch);
        self
    }

    pub fn union(&self, other: &Switches) -> Switches {
        Switches {
            on: self.on.union(&other.on).copied().collect(),
        }
    }

    pub fn is_on(&self, switch: Switch) -> bool {
        self.on.contains(&switch)
    }

    pub fn iter(&self) -> impl Iterator<Item = Switch> + '_ {
        self.on.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_collects_every_unknown_name() {
        let err = Switches::parse("cmr-rules-off, nope, also-nope").unwrap_err();
        assert!(err.contains("nope") && err.contains("also-nope"), "{err}");
        let ok = Switches::parse("cmr-rules-off,deactivated-hosts-listed").unwrap();
        assert!(ok.is_on(Switch::CmrRulesOff) && ok.is_on(Switch::DeactivatedHostsListed));
        assert!(!ok.is_on(Switch::CpacApisUnknown));
    }

    #[test]
    fn names_are_kebab_case_unique_and_round_trip() {
        let mut seen = BTreeSet::new();
        for (name, description) in Switches::all_names() {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
            assert!(seen.insert(name), "{name} twice");
            assert!(!description.is_empty());
            assert_eq!(name.parse::<Switch>().unwrap().name(), name);
        }
    }

    #[test]
    fn defects_name_clauses_and_variations_none() {
        for r in SWITCHES {
            match r.kind {
                SwitchKind::Defect => assert!(!r.clauses.is_empty(), "{}", r.name),
                SwitchKind::Variation => assert!(r.clauses.is_empty() && !r.sp10, "{}", r.name),
            }
        }
    }

    #[test]
    fn sp10_holds_only_defects() {
        let sp10 = Switches::sp10();
        assert!(sp10.is_on(Switch::CpacApisUnknown));
        assert!(sp10.iter().all(|s| s.kind() == SwitchKind::Defect));
        assert_eq!(sp10.iter().count(), 8);
        assert!(!sp10.is_on(Switch::HeaderTimingElements));
    }
}
