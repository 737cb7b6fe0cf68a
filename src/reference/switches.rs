//! Named behaviour switches, consulted exactly where a behaviour is produced.
//!
//! A *defect* is a realistic vendor mistake tied to one release-note clause; a
//! *variation* is a benign difference a client must tolerate. The older release
//! (`Release::Sp10`) is the set of defects that switch the SP11 additions off.
//! Adding a switch: one row in [`SWITCHES`] (and its enum variant), then one `if`
//! at the place the behaviour is produced.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// One switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Switch {
    ListOmitsRecurrenceElements,
    CalendarListUnknown,
    RecurrenceKeyIgnored,
    SessionInfoOmitsRecurrenceElements,
    MeetingOmitsExceptionElements,
    CpacApisUnknown,
    CmrRulesOff,
    DeactivatedHostsListed,
    HeaderTimingElements,
}

/// Whether a switch breaks the contract or only varies within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchKind {
    Defect,
    Variation,
}

/// `(switch, name, kind, part of Sp10, one-line description)`.
pub const SWITCHES: &[(Switch, &str, SwitchKind, bool, &str)] = &[
    (
        Switch::ListOmitsRecurrenceElements,
        "list-omits-recurrence-elements",
        SwitchKind::Defect,
        true,
        "LstsummarySession sessions carry no isException/isNextUpcomingInstance/seriesMeetingKey/recurrenceId",
    ),
    (
        Switch::CalendarListUnknown,
        "calendar-list-unknown",
        SwitchKind::Defect,
        true,
        "LstCalendarSession is answered like an unknown API",
    ),
    (
        Switch::RecurrenceKeyIgnored,
        "recurrence-key-ignored",
        SwitchKind::Defect,
        true,
        "recurrenceKey is ignored by GetSessionInfo, DelMeeting and DelSession: they act on the whole series (exceptions themselves predate SP11)",
    ),
    (
        Switch::SessionInfoOmitsRecurrenceElements,
        "session-info-omits-recurrence-elements",
        SwitchKind::Defect,
        true,
        "GetSessionInfo metaData carries no isException/seriesMeetingKey/hasException",
    ),
    (
        Switch::MeetingOmitsExceptionElements,
        "meeting-omits-exception-elements",
        SwitchKind::Defect,
        true,
        "GetMeeting repeat carries no isException/seriesMeetingKey/hasException",
    ),
    (
        Switch::CpacApisUnknown,
        "cpac-apis-unknown",
        SwitchKind::Defect,
        true,
        "LstMicroSites and GetSiteAdminSessionTicket are answered like unknown APIs",
    ),
    (
        Switch::CmrRulesOff,
        "cmr-rules-off",
        SwitchKind::Defect,
        true,
        "isEnableCET/isEnablePMR/personalUrl are plain stored flags: no licence accounting, no Personal Room",
    ),
    (
        Switch::DeactivatedHostsListed,
        "deactivated-hosts-listed",
        SwitchKind::Defect,
        true,
        "LstsummarySession still lists meetings whose host is deactivated",
    ),
    (
        Switch::HeaderTimingElements,
        "header-timing-elements",
        SwitchKind::Variation,
        false,
        "every serv:response also carries serv:respTime and serv:caseID after gsbStatus, as newer servers do",
    ),
];

fn row(switch: Switch) -> &'static (Switch, &'static str, SwitchKind, bool, &'static str) {
    SWITCHES
        .iter()
        .find(|r| r.0 == switch)
        .expect("every switch has a row in SWITCHES")
}

impl Switch {
    pub fn name(self) -> &'static str {
        row(self).1
    }

    pub fn kind(self) -> SwitchKind {
        row(self).2
    }

    pub fn description(self) -> &'static str {
        row(self).4
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
            .find(|r| r.1 == s)
            .map(|r| r.0)
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
                "unknown switch(es): {} (see `Switches::all_names`)",
                unknown.join(", ")
            ))
        }
    }

    /// Every switch name with its one-line description.
    pub fn all_names() -> Vec<(&'static str, &'static str)> {
        SWITCHES.iter().map(|r| (r.1, r.4)).collect()
    }

    /// The defects that together make up the SP10 release.
    pub fn sp10() -> Switches {
        Switches {
            on: SWITCHES.iter().filter(|r| r.3).map(|r| r.0).collect(),
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
    fn names_are_kebab_case_and_round_trip() {
        for (name, description) in Switches::all_names() {
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name}"
            );
            assert!(!description.is_empty());
            assert_eq!(name.parse::<Switch>().unwrap().name(), name);
        }
    }

    #[test]
    fn sp10_holds_only_defects() {
        let sp10 = Switches::sp10();
        assert!(sp10.is_on(Switch::CpacApisUnknown));
        assert!(sp10.iter().all(|s| s.kind() == SwitchKind::Defect));
        assert!(!sp10.is_on(Switch::HeaderTimingElements));
    }
}
