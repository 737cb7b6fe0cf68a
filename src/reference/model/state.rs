//! The whole world and the bookkeeping every operation shares: lookups, ids,
//! tokens, and keeping the time index in step with the meetings.

use super::index::{Indexed, TimeIndex};
use super::meeting::{Kind, Meeting};
use super::user::{Active, User};
use crate::reference::calendar::dates;
use crate::reference::seed::Seed;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// Series with more occurrences than this are indexed as open-ended.
const MAX_SPAN_WALK: usize = 20_000;

#[derive(Debug)]
pub(crate) struct Site {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub cmr: bool,
    pub licences: u32,
    pub pmr_instant_default: bool,
    /// Users by lower-cased webExId.
    pub users: BTreeMap<String, User>,
    pub meetings: HashMap<u64, Meeting>,
    pub index: TimeIndex,
    placed: HashMap<u64, Indexed>,
    /// The longest duration any meeting on the site ever had, so a list can
    /// look back just far enough for meetings still running.
    pub max_duration_ms: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Partner {
    pub webex_id: String,
    pub password: String,
    pub partner_id: String,
    /// Index of the CPAC site the partner logs in to.
    pub hub: usize,
    /// Indexes of the associated micro sites.
    pub sites: Vec<usize>,
    pub ticket_ttl_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TicketScope {
    /// From AuthenticateUser: acts as that user.
    User { site: usize, user: String },
    /// From GetSiteAdminSessionTicket: user provisioning on one site only.
    PartnerSite { partner: usize, site: usize },
}

#[derive(Debug, Clone)]
pub(crate) struct Ticket {
    pub scope: TicketScope,
    pub created: DateTime<Utc>,
    pub ttl_secs: u64,
}

impl Ticket {
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        let ttl = i64::try_from(self.ttl_secs).unwrap_or(i64::MAX / 2_000);
        now >= self.created + chrono::Duration::seconds(ttl)
    }
}

#[derive(Debug)]
pub(crate) struct State {
    pub sites: Vec<Site>,
    pub partners: Vec<Partner>,
    pub tickets: HashMap<String, Ticket>,
    next_id: u64,
    secret: u64,
}

impl State {
    pub fn from_seed(seed: &Seed, now: DateTime<Utc>) -> State {
        let mut state = State {
            sites: Vec::new(),
            partners: Vec::new(),
            tickets: HashMap::new(),
            next_id: 0,
            secret: std::collections::hash_map::RandomState::new()
                .hash_one(now.timestamp_nanos_opt()),
        };
        for s in &seed.sites {
            let mut site = Site {
                id: s.id,
                name: s.name.clone(),
                url: s.url.clone(),
                cmr: s.cmr,
                licences: s.cmr_licences,
                pmr_instant_default: s.pmr_for_instant_meetings,
                users: BTreeMap::new(),
                meetings: HashMap::new(),
                index: TimeIndex::default(),
                placed: HashMap::new(),
                max_duration_ms: 0,
            };
            for a in &s.admins {
                let user_id = state.next_number();
                site.users.insert(
                    a.webex_id.to_ascii_lowercase(),
                    User {
                        user_id,
                        webex_id: a.webex_id.clone(),
                        password: a.password.clone(),
                        first_name: a.first_name.clone(),
                        last_name: a.last_name.clone(),
                        email: a.email.clone(),
                        title: None,
                        company: None,
                        zone: None,
                        host: true,
                        site_admin: true,
                        active: Active::Activated,
                        scheduling_permission: Vec::new(),
                        cet: false,
                        pmr: false,
                        personal_url: None,
                        pmr_access_code: None,
                        pmr_host_pin: None,
                        apply_pmr_instant: s.pmr_for_instant_meetings,
                        pmr_meeting: None,
                        registered: now,
                    },
                );
            }
            state.sites.push(site);
        }
        for p in &seed.partners {
            let Some(hub) = state.site_by_name(&p.site) else {
                continue;
            };
            let sites = p
                .sites
                .iter()
                .filter_map(|s| state.site_by_name(s))
                .collect();
            state.partners.push(Partner {
                webex_id: p.webex_id.clone(),
                password: p.password.clone(),
                partner_id: p.partner_id.clone(),
                hub,
                sites,
                ticket_ttl_secs: p.ticket_lifetime_secs,
            });
        }
        state
    }

    pub fn site_by_name(&self, name: &str) -> Option<usize> {
        self.sites
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(name.trim()))
    }

    pub fn site_by_id(&self, id: &str) -> Option<usize> {
        let id: i64 = id.trim().parse().ok()?;
        self.sites.iter().position(|s| s.id == id)
    }

    /// A fresh number, unique across the whole server (keys, ids, codes).
    pub fn next_number(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A meeting key: nine digits, unique across all sites.
    pub fn next_meeting_key(&mut self) -> u64 {
        200_000_000 + self.next_number() * 7
    }

    /// A conference id: ten digits, unique.
    pub fn next_conf_id(&mut self) -> u64 {
        1_000_000_000 + self.next_number() * 13
    }

    /// An unguessable token (hex), for tickets and guest tokens.
    pub fn new_token(&mut self, len: usize) -> String {
        let n = self.next_number();
        let digest = Sha256::new()
            .chain_update(self.secret.to_le_bytes())
            .chain_update(n.to_le_bytes())
            .finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        hex.chars().take(len.min(64)).collect()
    }

    pub fn issue_ticket(
        &mut self,
        scope: TicketScope,
        now: DateTime<Utc>,
        ttl_secs: u64,
    ) -> (String, Ticket) {
        let token = self.new_token(48);
        let ticket = Ticket {
            scope,
            created: now,
            ttl_secs,
        };
        self.tickets.insert(token.clone(), ticket.clone());
        (token, ticket)
    }
}

impl Site {
    pub fn user(&self, webex_id: &str) -> Option<&User> {
        self.users.get(&webex_id.trim().to_ascii_lowercase())
    }

    pub fn user_mut(&mut self, webex_id: &str) -> Option<&mut User> {
        self.users.get_mut(&webex_id.trim().to_ascii_lowercase())
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users
            .values()
            .find(|u| u.email.eq_ignore_ascii_case(email.trim()))
    }

    pub fn licences_used(&self) -> u32 {
        u32::try_from(self.users.values().filter(|u| u.cet).count()).unwrap_or(u32::MAX)
    }

    /// Whether the host of this meeting is an active account.
    pub fn host_active(&self, m: &Meeting) -> bool {
        self.user(&m.host).is_some_and(User::is_active)
    }

    pub fn insert_meeting(&mut self, m: Meeting) {
        let key = m.key;
        let at = placement(&m);
        self.max_duration_ms = self.max_duration_ms.max(m.duration().num_milliseconds());
        self.index.insert(key, at);
        self.placed.insert(key, at);
        self.meetings.insert(key, m);
    }

    pub fn remove_meeting(&mut self, key: u64) -> Option<Meeting> {
        if let Some(at) = self.placed.remove(&key) {
            self.index.remove(key, at);
        }
        self.meetings.remove(&key)
    }

    /// Re-enters a meeting whose start, duration or rule changed.
    pub fn reindex(&mut self, key: u64) {
        if let Some(at) = self.placed.remove(&key) {
            self.index.remove(key, at);
        }
        if let Some(m) = self.meetings.get(&key) {
            let at = placement(m);
            self.max_duration_ms = self.max_duration_ms.max(m.duration().num_milliseconds());
            self.index.insert(key, at);
            self.placed.insert(key, at);
        }
    }
}

fn placement(m: &Meeting) -> Indexed {
    match &m.kind {
        Kind::PersonalRoom => Indexed::Nowhere,
        Kind::Single | Kind::Exception { .. } => Indexed::Start(dates::epoch_millis(m.start_utc())),
        Kind::Series(series) => {
            let start_ms = dates::epoch_millis(m.start_utc());
            let rule = &series.rule;
            let bounded =
                rule.after_meeting_number.is_some_and(|n| n > 0) || rule.expiration_date.is_some();
            let mut end_ms = None;
            if bounded {
                let mut walked = 0;
                let mut last = None;
                for o in m.occurrences().take(MAX_SPAN_WALK) {
                    walked += 1;
                    last = Some(o.start_utc);
                }
                // A walk that reaches the cap is treated as open-ended.
                if walked < MAX_SPAN_WALK {
                    end_ms = last.map(|l| dates::epoch_millis(l + m.duration()));
                }
            }
            Indexed::Span { start_ms, end_ms }
        }
    }
}
