//! Personal Rooms (SP11 CMR/PR rules): a user with PMR on a CMR site has a
//! personal URL, an access code, a host PIN and a static meeting in the store.

use crate::reference::calendar::dates;
use crate::reference::model::{Kind, Meeting, Site, State, GMT_ZONE};
use chrono::{DateTime, Timelike, Utc};
use std::collections::BTreeMap;

pub(crate) fn url_taken(site: &Site, url: &str, except_user: &str) -> bool {
    site.users.values().any(|u| {
        !u.webex_id.eq_ignore_ascii_case(except_user)
            && u.personal_url
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(url))
    })
}

pub(crate) fn valid_url(url: &str) -> bool {
    !url.is_empty()
        && url.len() <= 64
        && url
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

fn digits(state: &mut State, n: usize) -> String {
    state
        .new_token(n * 2)
        .bytes()
        .take(n)
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

/// Gives the user a Personal Room if it has none.
pub(crate) fn open(state: &mut State, site_ix: usize, user_key: &str, now: DateTime<Utc>) {
    let Some(user) = state.sites[site_ix].user(user_key).cloned() else {
        return;
    };
    if user.pmr_meeting.is_some() {
        return;
    }
    let url = match user.personal_url.clone() {
        Some(u) => u,
        None => {
            let mut candidate = format!("pr{}", 1_000_000_000 + user.user_id);
            while url_taken(&state.sites[site_ix], &candidate, &user.webex_id) {
                candidate = format!("pr{}", 1_000_000_000 + state.next_number());
            }
            candidate
        }
    };
    let access_code = user
        .pmr_access_code
        .clone()
        .unwrap_or_else(|| digits(state, 9));
    let host_pin = user
        .pmr_host_pin
        .clone()
        .unwrap_or_else(|| digits(state, 4));
    let zone = user.zone.unwrap_or(&GMT_ZONE);
    let key = state.next_meeting_key();
    let conf_id = state.next_conf_id();
    let guest_token = state.new_token(32);
    let room = Meeting {
        key,
        conf_id,
        kind: Kind::PersonalRoom,
        host: user.webex_id.clone(),
        scheduler: user.webex_id.clone(),
        name: format!("{}'s Personal Room", user.display_name()),
        agenda: None,
        meeting_type: 1,
        password: None,
        list_to_public: false,
        is_public: false,
        max_users: 200,
        start_local: dates::to_local(now, zone)
            .with_nanosecond(0)
            .unwrap_or_default(),
        zone,
        duration_min: 60,
        open_time: 0,
        attendees: Vec::new(),
        send_mail: false,
        join_requires_account: false,
        sequence: 0,
        enable_options: BTreeMap::new(),
        telephony_support: "CALLIN".to_string(),
        host_key: host_pin.clone(),
        guest_token,
    };
    let site = &mut state.sites[site_ix];
    site.insert_meeting(room);
    if let Some(u) = site.user_mut(user_key) {
        u.personal_url = Some(url);
        u.pmr_access_code = Some(access_code);
        u.pmr_host_pin = Some(host_pin);
        u.pmr_meeting = Some(key);
    }
}

/// Removes the user's static Personal Room meeting, if any.
pub(crate) fn close(site: &mut Site, user_key: &str) {
    let Some(key) = site.user_mut(user_key).and_then(|u| u.pmr_meeting.take()) else {
        return;
    };
    site.remove_meeting(key);
}
