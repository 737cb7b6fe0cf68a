//! What a CreateMeeting / SetMeeting body asks for, read once (all optional).

use super::fields::Fields;
use crate::reference::calendar::{recurrence, RepeatType, Rule, Zone};
use crate::reference::model::{Attendee, Role};
use crate::reference::xmlin::Node;
use chrono::{NaiveDateTime, Weekday};

#[derive(Debug, Clone, Default)]
pub(crate) struct AttendeeSpec {
    pub name: String,
    pub email: String,
    pub webex_id: Option<String>,
    pub role: Option<Role>,
    pub email_invitations: Option<bool>,
}

impl AttendeeSpec {
    /// Reads one `attendee` (att:attendeeType); `at` names it in problems.
    pub fn read(f: &mut Fields<'_>, node: &Node, at: &str) -> AttendeeSpec {
        let mut sub = Fields::new(node);
        let role = node
            .text_at("role")
            .filter(|t| !t.is_empty())
            .and_then(|t| {
                let r = Role::parse(t);
                if r.is_none() {
                    f.problem(
                        &format!("{at}/role"),
                        format!("{t:?} is not ATTENDEE, PRESENTER, HOST or LIMITED"),
                    );
                }
                r
            });
        let email_invitations = sub.bool("emailInvitations");
        if sub.finish().is_err() {
            f.problem(&format!("{at}/emailInvitations"), "is not a boolean");
        }
        AttendeeSpec {
            name: node.text_at("person/name").unwrap_or("").to_string(),
            email: node.text_at("person/email").unwrap_or("").to_string(),
            webex_id: node
                .text_at("person/webExId")
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            role,
            email_invitations,
        }
    }

    pub fn build(&self, id: u64) -> Attendee {
        Attendee {
            id,
            name: if self.name.is_empty() {
                self.email.clone()
            } else {
                self.name.clone()
            },
            email: self.email.clone(),
            webex_id: self.webex_id.clone(),
            role: self.role.unwrap_or(Role::Attendee),
            email_invitations: self.email_invitations.unwrap_or(false),
            join_status: "INVITE".to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RepeatSpec {
    pub repeat_type: Option<RepeatType>,
    pub interval: Option<u32>,
    pub days: Option<Vec<Weekday>>,
    pub day_in_month: Option<u32>,
    pub week_in_month: Option<u32>,
    pub month_in_year: Option<u32>,
    pub after_meeting_number: Option<u32>,
    pub expiration: Option<NaiveDateTime>,
    pub is_exception: Option<bool>,
    pub series_key: Option<u64>,
    pub recurrence_key: Option<i64>,
}

impl RepeatSpec {
    fn read(f: &mut Fields<'_>) -> RepeatSpec {
        let repeat_type =
            f.string("repeat/repeatType")
                .and_then(|t| match t.parse::<RepeatType>() {
                    Ok(r) => Some(r),
                    Err(e) => {
                        f.problem("repeat/repeatType", e);
                        None
                    }
                });
        let days = f.node("repeat/dayInWeek").map(|n| {
            n.children_named("day")
                .filter_map(|d| {
                    let t = d.text.trim();
                    let day = recurrence::parse_weekday(t);
                    if day.is_none() {
                        f.problem(
                            "repeat/dayInWeek/day",
                            format!("{t:?} is not a day of the week"),
                        );
                    }
                    day
                })
                .collect()
        });
        RepeatSpec {
            repeat_type,
            interval: f.u32("repeat/interval"),
            days,
            day_in_month: f.u32("repeat/dayInMonth"),
            week_in_month: f.u32("repeat/weekInMonth"),
            month_in_year: f.u32("repeat/monthInYear"),
            after_meeting_number: f.u32("repeat/afterMeetingNumber"),
            expiration: f.date("repeat/expirationDate"),
            is_exception: f.bool("repeat/isException"),
            series_key: f.u64("repeat/seriesMeetingKey"),
            recurrence_key: f.int("repeat/recurrenceKey"),
        }
    }

    /// Whether the body says anything about the rule itself.
    pub fn touches_rule(&self) -> bool {
        self.repeat_type.is_some()
            || self.interval.is_some()
            || self.days.is_some()
            || self.day_in_month.is_some()
            || self.week_in_month.is_some()
            || self.month_in_year.is_some()
            || self.after_meeting_number.is_some()
            || self.expiration.is_some()
    }

    /// The rule after applying what was given over `base`.
    pub fn apply(&self, base: &Rule) -> Rule {
        let mut r = base.clone();
        if let Some(t) = self.repeat_type {
            r.repeat_type = t;
        }
        if let Some(i) = self.interval {
            r.interval = i;
        }
        if let Some(d) = &self.days {
            r.days_in_week.clone_from(d);
        }
        r.day_in_month = self.day_in_month.or(r.day_in_month);
        r.week_in_month = self.week_in_month.or(r.week_in_month);
        r.month_in_year = self.month_in_year.or(r.month_in_year);
        r.after_meeting_number = self.after_meeting_number.or(r.after_meeting_number);
        r.expiration_date = self.expiration.or(r.expiration_date);
        r
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct MeetingSpec {
    pub conf_name: Option<String>,
    pub agenda: Option<String>,
    pub meeting_type: Option<i64>,
    pub password: Option<String>,
    pub list_to_public: Option<bool>,
    pub is_public: Option<bool>,
    pub max_users: Option<i64>,
    /// Some when `participants/attendees` is present (even empty): the new list.
    pub attendees: Option<Vec<AttendeeSpec>>,
    pub enable_options: Vec<(String, bool)>,
    pub start: Option<NaiveDateTime>,
    pub zone: Option<&'static Zone>,
    pub duration: Option<u32>,
    pub open_time: Option<u32>,
    pub host_webex_id: Option<String>,
    pub telephony_support: Option<String>,
    pub repeat: RepeatSpec,
    pub send_mail: Option<bool>,
    pub join_requires_account: Option<bool>,
}

impl MeetingSpec {
    pub fn read(f: &mut Fields<'_>) -> MeetingSpec {
        let attendees = f.node("participants/attendees").map(|list| {
            list.children_named("attendee")
                .enumerate()
                .map(|(i, a)| {
                    AttendeeSpec::read(f, a, &format!("participants/attendees/attendee[{}]", i + 1))
                })
                .collect()
        });
        let enable_options = f
            .node("enableOptions")
            .map(|n| {
                n.children
                    .iter()
                    .filter_map(|c| {
                        let v = super::fields::parse_bool(&c.text);
                        if v.is_none() && !c.text.trim().is_empty() {
                            f.problem(&format!("enableOptions/{}", c.name), "is not a boolean");
                        }
                        v.map(|v| (c.name.clone(), v))
                    })
                    .collect()
            })
            .unwrap_or_default();
        MeetingSpec {
            conf_name: f.string("metaData/confName"),
            agenda: f.string("metaData/agenda"),
            meeting_type: f.int("metaData/meetingType"),
            password: f.string("accessControl/meetingPassword"),
            list_to_public: f.bool("accessControl/listToPublic"),
            is_public: f.bool("accessControl/isPublic"),
            max_users: f.int("participants/maxUserNumber"),
            attendees,
            enable_options,
            start: f.date("schedule/startDate"),
            zone: f.zone("schedule/timeZoneID", "schedule/timeZone"),
            duration: f.u32("schedule/duration"),
            open_time: f.u32("schedule/openTime"),
            host_webex_id: f.string("schedule/hostWebExID"),
            telephony_support: f.string("telephony/telephonySupport"),
            repeat: RepeatSpec::read(f),
            send_mail: f.bool("attendeeOptions/emailInvitations"),
            join_requires_account: f.bool("attendeeOptions/joinRequiresAccount"),
        }
    }
}
