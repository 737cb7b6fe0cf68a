//! A user account of one site.

use crate::reference::calendar::Zone;
use chrono::{DateTime, Utc};

/// `use:activeType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Active {
    Activated,
    RequestToActivate,
    Deactivated,
}

impl Active {
    pub fn parse(s: &str) -> Option<Active> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ACTIVATED" => Some(Active::Activated),
            "REQUEST_TO_ACTIVATE" => Some(Active::RequestToActivate),
            "DEACTIVATED" => Some(Active::Deactivated),
            _ => None,
        }
    }

    pub fn as_api_str(self) -> &'static str {
        match self {
            Active::Activated => "ACTIVATED",
            Active::RequestToActivate => "REQUEST_TO_ACTIVATE",
            Active::Deactivated => "DEACTIVATED",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub user_id: u64,
    pub webex_id: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub title: Option<String>,
    pub company: Option<String>,
    pub zone: Option<&'static Zone>,
    pub host: bool,
    pub site_admin: bool,
    pub active: Active,
    /// webExIds allowed to schedule on this user's behalf.
    pub scheduling_permission: Vec<String>,
    /// `privilege/isEnableCET`: holds one CMR licence while true (SP11 rules).
    pub cet: bool,
    /// `privilege/isEnablePMR` as requested.
    pub pmr: bool,
    pub personal_url: Option<String>,
    pub pmr_access_code: Option<String>,
    pub pmr_host_pin: Option<String>,
    /// The user's own choice for `applyPMRForInstantMeeting`.
    pub apply_pmr_instant: bool,
    /// The static Personal Room meeting, while the user has one.
    pub pmr_meeting: Option<u64>,
    pub registered: DateTime<Utc>,
}

impl User {
    pub fn is_active(&self) -> bool {
        self.active == Active::Activated
    }

    pub fn display_name(&self) -> String {
        let n = format!("{} {}", self.first_name, self.last_name);
        if n.trim().is_empty() {
            self.webex_id.clone()
        } else {
            n.trim().to_string()
        }
    }
}
