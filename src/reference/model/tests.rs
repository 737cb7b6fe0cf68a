//! Model rules: exceptions replace their slot, removed slots stay removed,
//! the next upcoming instance, visibility, deactivated hosts.

use super::*;
use crate::reference::calendar::{dates, timezones, RepeatType, Rule};
use crate::reference::seed::Seed;
use crate::reference::switches::{Switch, Switches};
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use std::collections::{BTreeMap, BTreeSet};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap()
}

fn local(s: &str) -> NaiveDateTime {
    dates::parse(s).unwrap()
}

fn meeting(key: u64, host: &str, start: &str, kind: Kind) -> Meeting {
    Meeting {
        key,
        conf_id: key + 1,
        kind,
        host: host.into(),
        scheduler: host.into(),
        name: format!("m{key}"),
        agenda: None,
        meeting_type: 1,
        password: None,
        list_to_public: false,
        is_public: false,
        max_users: 4,
        start_local: local(start),
        zone: timezones::by_id(25).unwrap(),
        duration_min: 30,
        open_time: 0,
        attendees: Vec::new(),
        send_mail: false,
        join_requires_account: false,
        sequence: 0,
        enable_options: BTreeMap::new(),
        telephony_support: "NONE".into(),
        host_key: "123456".into(),
        guest_token: "t".into(),
    }
}

fn weekly(count: u32) -> Kind {
    Kind::Series(Series {
        rule: Rule {
            repeat_type: RepeatType::Weekly,
            after_meeting_number: Some(count),
            ..Rule::default()
        },
        removed: BTreeSet::new(),
        exceptions: BTreeMap::new(),
    })
}

fn attendee(email: &str, role: Role) -> Attendee {
    Attendee {
        id: 1,
        name: email.into(),
        email: email.into(),
        webex_id: None,
        role,
        email_invitations: false,
        join_status: "INVITE".into(),
    }
}

/// A state with site `cmr` holding users `host` and `other` (plus the admin).
fn state() -> State {
    let mut s = State::from_seed(&Seed::builtin(), now());
    let site = &mut s.sites[0];
    let admin = site.user("admin").unwrap().clone();
    for id in ["host", "other"] {
        let mut u = admin.clone();
        u.webex_id = id.into();
        u.email = format!("{id}@x.test");
        u.site_admin = false;
        site.users.insert(id.into(), u);
    }
    s
}

fn query(viewer: &str, admin: bool, recurrence: bool) -> ListQuery {
    ListQuery {
        viewer: Viewer {
            webex_id: viewer.into(),
            email: format!("{viewer}@x.test"),
            admin,
            invited: false,
        },
        now: now(),
        start_from: Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()),
        start_to: Some(Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()),
        end_from: None,
        end_to: None,
        recurrence,
        host: None,
        session_key: None,
        conf_id: None,
        conf_name: None,
        switches: Switches::none(),
    }
}

fn rids(items: &[Item]) -> Vec<i64> {
    items
        .iter()
        .map(|i| i.recurrence.unwrap().recurrence_id)
        .collect()
}

#[test]
fn an_exception_replaces_its_slot_and_a_removed_slot_stays_removed() {
    let mut s = state();
    let site = &mut s.sites[0];
    site.insert_meeting(meeting(10, "host", "01/12/2026 09:00:00", weekly(4)));
    let slots = rids(&list(site, &query("host", false, true)));
    assert_eq!(slots.len(), 4);

    let mut exc = meeting(
        11,
        "host",
        "01/20/2026 15:00:00",
        Kind::Exception {
            series: 10,
            recurrence_id: slots[1],
        },
    );
    exc.name = "moved".into();
    site.insert_meeting(exc);
    let series = site.meetings.get_mut(&10).unwrap().series_mut().unwrap();
    series.exceptions.insert(slots[1], 11);
    series.removed.insert(slots[2]);

    let items = list(site, &query("host", false, true));
    assert_eq!(items.len(), 3, "{items:?}");
    let exc_item = items
        .iter()
        .find(|i| i.meeting == 11)
        .expect("the exception is listed");
    let info = exc_item.recurrence.unwrap();
    assert!(info.is_exception);
    assert_eq!((info.series_key, info.recurrence_id), (10, slots[1]));
    assert!(!rids(&items).contains(&slots[2]), "removed slot listed");
    assert_eq!(items.iter().filter(|i| i.meeting == 10).count(), 2);

    // Without recurrence the series is one item, its exception folded in.
    let folded = list(site, &query("host", false, false));
    assert_eq!(
        folded.iter().map(|i| i.meeting).collect::<Vec<_>>(),
        vec![10]
    );
    assert!(folded[0].recurrence.is_none());
}

#[test]
fn next_upcoming_is_the_earliest_slot_not_yet_ended() {
    let mut s = state();
    let site = &mut s.sites[0];
    // Started a week ago: slot 0 has ended, slot 1 (01/05 09:00 Berlin = 08:00Z) ended at 08:30Z.
    site.insert_meeting(meeting(20, "host", "12/29/2025 09:00:00", weekly(5)));
    let items = list(site, &query("host", false, true));
    let flagged: Vec<&Item> = items
        .iter()
        .filter(|i| i.recurrence.unwrap().next_upcoming)
        .collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(
        flagged[0].start_utc,
        Utc.with_ymd_and_hms(2026, 1, 12, 8, 0, 0).unwrap()
    );
    assert!(
        items.iter().all(|i| i.start_utc > now()),
        "expired occurrences are left out: {items:?}"
    );
    let m = site.meetings.get(&20).unwrap();
    assert_eq!(
        next_upcoming(site, m),
        Some(dates::epoch_millis(flagged[0].start_utc))
    );

    // A single meeting not yet ended is its own next upcoming instance.
    site.insert_meeting(meeting(21, "host", "01/06/2026 09:00:00", Kind::Single));
    let single = list(site, &query("host", false, true))
        .into_iter()
        .find(|i| i.meeting == 21)
        .unwrap();
    assert!(single.recurrence.unwrap().next_upcoming);
}

fn next_upcoming(site: &Site, m: &Meeting) -> Option<i64> {
    super::listing::next_upcoming_slot(site, m, now())
}

#[test]
fn visibility_follows_host_alternate_host_invitation_and_admin() {
    let mut s = state();
    let site = &mut s.sites[0];
    let mut m = meeting(30, "host", "01/07/2026 09:00:00", Kind::Single);
    m.attendees = vec![
        attendee("alt@x.test", Role::Host),
        attendee("other@x.test", Role::Attendee),
    ];
    site.insert_meeting(m);
    let sees = |site: &Site, who: &str, admin: bool, invited: bool| {
        let mut q = query(who, admin, false);
        q.viewer.invited = invited;
        !list(site, &q).is_empty()
    };
    assert!(sees(site, "host", false, false));
    assert!(sees(site, "alt", false, false), "alternate host");
    assert!(
        !sees(site, "other", false, false),
        "attendee without invited"
    );
    assert!(sees(site, "other", false, true), "attendee with invited");
    assert!(!sees(site, "stranger", false, true));
    assert!(sees(site, "admin", true, false));
}

#[test]
fn a_deactivated_host_hides_its_meetings_from_everyone_until_reactivated() {
    let mut s = state();
    let site = &mut s.sites[0];
    let mut m = meeting(40, "host", "01/07/2026 09:00:00", Kind::Single);
    m.attendees = vec![attendee("alt@x.test", Role::Host)];
    m.scheduler = "other".into();
    site.insert_meeting(m);
    // Deactivating the scheduler (not the host) changes nothing.
    site.user_mut("other").unwrap().active = Active::Deactivated;
    assert_eq!(list(site, &query("admin", true, false)).len(), 1);
    site.user_mut("host").unwrap().active = Active::Deactivated;
    for (who, admin) in [("host", false), ("alt", false), ("admin", true)] {
        assert!(list(site, &query(who, admin, true)).is_empty(), "{who}");
    }
    let mut shown = query("admin", true, false);
    shown.switches = Switches::none().with(Switch::DeactivatedHostsListed);
    assert_eq!(list(site, &shown).len(), 1, "the switch keeps them listed");
    site.user_mut("host").unwrap().active = Active::Activated;
    assert_eq!(list(site, &query("alt", false, false)).len(), 1);
}

#[test]
fn tickets_expire_and_keep_their_scope() {
    let mut s = state();
    let (token, ticket) = s.issue_ticket(
        TicketScope::PartnerSite {
            partner: 1,
            site: 3,
        },
        now(),
        2,
    );
    assert!(!ticket.expired(now() + Duration::seconds(1)));
    assert!(ticket.expired(now() + Duration::seconds(2)));
    assert_eq!(
        s.tickets.get(&token).unwrap().scope,
        TicketScope::PartnerSite {
            partner: 1,
            site: 3
        }
    );
    let (other, _) = s.issue_ticket(
        TicketScope::User {
            site: 0,
            user: "host".into(),
        },
        now(),
        60,
    );
    assert_ne!(token, other);
}

#[test]
fn licences_count_enabled_users() {
    let mut s = state();
    let site = &mut s.sites[0];
    assert_eq!(site.licences_used(), 0);
    site.user_mut("host").unwrap().cet = true;
    site.user_mut("other").unwrap().cet = true;
    assert_eq!(site.licences_used(), 2);
    site.user_mut("host").unwrap().cet = false;
    assert_eq!(site.licences_used(), 1);
}
