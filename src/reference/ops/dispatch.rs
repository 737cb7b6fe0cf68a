//! The table of operations and the routing of one body to its handler.

use super::{attendee, meeting, partner, session, user};
use crate::reference::auth::{self, Actor};
use crate::reference::codes::{Code, Fault};
use crate::reference::config::Release;
use crate::reference::envelope::{Answer, Body, Reply, Security, Service};
use crate::reference::mailer::Notice;
use crate::reference::model::State;
use crate::reference::switches::{Switch, Switches};
use crate::reference::xmlin::Node;
use crate::reference::xmlout::Out;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    CreateMeeting,
    SetMeeting,
    GetMeeting,
    DelMeeting,
    CreateMeetingAttendee,
    RegisterMeetingAttendee,
    DelMeetingAttendee,
    LstMeetingAttendee,
    DelSession,
    LstsummarySession,
    LstCalendarSession,
    GetSessionInfo,
    CreateUser,
    SetUser,
    GetUser,
    DelUser,
    LstsummaryUser,
    AuthenticateUser,
    LstMicroSites,
    GetSiteAdminSessionTicket,
    GetAPIVersion,
}

/// `(operation, name in xsi:type, service, response xsi:type)`.
const OPS: &[(Op, &str, Service, &str)] = &[
    (
        Op::CreateMeeting,
        "CreateMeeting",
        Service::Meeting,
        "meet:createMeetingResponse",
    ),
    (
        Op::SetMeeting,
        "SetMeeting",
        Service::Meeting,
        "meet:setMeetingResponse",
    ),
    (
        Op::GetMeeting,
        "GetMeeting",
        Service::Meeting,
        "meet:getMeetingResponse",
    ),
    (
        Op::DelMeeting,
        "DelMeeting",
        Service::Meeting,
        "meet:delMeetingResponse",
    ),
    (
        Op::CreateMeetingAttendee,
        "CreateMeetingAttendee",
        Service::Attendee,
        "att:createMeetingAttendeeResponse",
    ),
    (
        Op::RegisterMeetingAttendee,
        "RegisterMeetingAttendee",
        Service::Attendee,
        "att:registerMeetingAttendeeResponse",
    ),
    (
        Op::DelMeetingAttendee,
        "DelMeetingAttendee",
        Service::Attendee,
        "att:delMeetingAttendeeResponse",
    ),
    (
        Op::LstMeetingAttendee,
        "LstMeetingAttendee",
        Service::Attendee,
        "att:lstMeetingAttendeeResponse",
    ),
    (
        Op::DelSession,
        "DelSession",
        Service::Ep,
        "ep:delSessionResponse",
    ),
    (
        Op::LstsummarySession,
        "LstsummarySession",
        Service::Ep,
        "ep:lstsummarySessionResponse",
    ),
    (
        Op::LstCalendarSession,
        "LstCalendarSession",
        Service::Ep,
        "ep:lstCalendarSessionsResponse",
    ),
    (
        Op::GetSessionInfo,
        "GetSessionInfo",
        Service::Ep,
        "ep:getSessionInfoResponse",
    ),
    (
        Op::CreateUser,
        "CreateUser",
        Service::User,
        "use:createUserResponse",
    ),
    (Op::SetUser, "SetUser", Service::User, "use:setUserResponse"),
    (Op::GetUser, "GetUser", Service::User, "use:getUserResponse"),
    (Op::DelUser, "DelUser", Service::User, "use:delUserResponse"),
    (
        Op::LstsummaryUser,
        "LstsummaryUser",
        Service::User,
        "use:lstsummaryUserResponse",
    ),
    (
        Op::AuthenticateUser,
        "AuthenticateUser",
        Service::User,
        "use:authenticateUserResponse",
    ),
    (
        Op::LstMicroSites,
        "LstMicroSites",
        Service::Site,
        "ns1:lstMicroSitesResponse",
    ),
    (
        Op::GetSiteAdminSessionTicket,
        "GetSiteAdminSessionTicket",
        Service::User,
        "use:getSiteAdminSessionTicketResponse",
    ),
    (
        Op::GetAPIVersion,
        "GetAPIVersion",
        Service::Ep,
        "ep:getAPIVersionResponse",
    ),
];

impl Op {
    /// Reads `java:com.webex.service.binding.meeting.CreateMeeting`,
    /// `meet:createMeeting` or a bare name; the name matches case-insensitively.
    pub fn from_xsi_type(xsi_type: &str) -> Option<Op> {
        let name = xsi_type.rsplit(['.', ':']).next()?.trim();
        OPS.iter()
            .find(|r| r.1.eq_ignore_ascii_case(name))
            .map(|r| r.0)
    }

    fn row(self) -> &'static (Op, &'static str, Service, &'static str) {
        OPS.iter()
            .find(|r| r.0 == self)
            .expect("every operation has a row in OPS")
    }

    pub fn name(self) -> &'static str {
        self.row().1
    }

    pub fn service(self) -> Service {
        self.row().2
    }

    pub fn response_type(self) -> &'static str {
        self.row().3
    }
}

/// What every handler may consult or produce besides the state.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub switches: &'a Switches,
    pub release: Release,
    /// Mail produced by the bodies answered so far (only successful ones).
    pub notices: Vec<Notice>,
}

impl Ctx<'_> {
    pub fn on(&self, switch: Switch) -> bool {
        self.switches.is_on(switch)
    }

    /// Whether this release/switch set knows the operation at all.
    fn knows(&self, op: Op) -> bool {
        match op {
            Op::LstCalendarSession => !self.on(Switch::CalendarListUnknown),
            Op::LstMicroSites | Op::GetSiteAdminSessionTicket => !self.on(Switch::CpacApisUnknown),
            _ => true,
        }
    }
}

fn unsupported(name: &str) -> Reply {
    let shown = if name.is_empty() {
        "(no xsi:type)"
    } else {
        name
    };
    Reply {
        service: Service::None,
        outcome: Err(Fault::with_reason(
            Code::UnsupportedApi,
            format!("Unsupported API: {shown}"),
        )),
    }
}

/// Answers one body. Mail produced by a failing body is discarded.
pub(crate) fn answer(state: &mut State, ctx: &mut Ctx<'_>, sec: &Security, body: &Body) -> Reply {
    let op = match &body.op {
        Ok(op) if ctx.knows(*op) => *op,
        Ok(op) => return unsupported(op.name()),
        Err(raw) => return unsupported(raw),
    };
    let mark = ctx.notices.len();
    let outcome = run(state, ctx, sec, op, &body.node).map(|content| Answer {
        xsi_type: op.response_type().to_string(),
        content,
    });
    if outcome.is_err() {
        ctx.notices.truncate(mark);
    }
    Reply {
        service: op.service(),
        outcome,
    }
}

fn run(
    state: &mut State,
    ctx: &mut Ctx<'_>,
    sec: &Security,
    op: Op,
    node: &Node,
) -> Result<String, Fault> {
    if op == Op::GetAPIVersion {
        return Ok(api_version(ctx));
    }
    let actor = ticket_scope(
        state,
        ctx,
        op,
        auth::authenticate(state, sec, ctx.now, ctx.switches)?,
    )?;
    match op {
        Op::CreateMeeting => meeting::create(state, ctx, &actor, node),
        Op::SetMeeting => meeting::set(state, ctx, &actor, node),
        Op::GetMeeting => meeting::get(state, ctx, &actor, node),
        Op::DelMeeting => meeting::delete(state, ctx, &actor, node, "meetingKey")
            .map(|url| meeting::del_response("meet", &url)),
        Op::DelSession => meeting::delete(state, ctx, &actor, node, "sessionKey")
            .map(|url| meeting::del_response("ep", &url)),
        Op::CreateMeetingAttendee => attendee::create(state, ctx, &actor, node),
        Op::RegisterMeetingAttendee => attendee::register(state, ctx, &actor, node),
        Op::DelMeetingAttendee => attendee::delete(state, ctx, &actor, node),
        Op::LstMeetingAttendee => attendee::list(state, &actor, node),
        Op::LstsummarySession => session::list(state, ctx, &actor, node, false),
        Op::LstCalendarSession => session::list(state, ctx, &actor, node, true),
        Op::GetSessionInfo => session::info(state, ctx, &actor, node),
        Op::CreateUser => user::create(state, ctx, &actor, node),
        Op::SetUser => user::set(state, ctx, &actor, node),
        Op::GetUser => user::get(state, ctx, &actor, node),
        Op::DelUser => user::delete(state, ctx, &actor, node),
        Op::LstsummaryUser => user::list(state, &actor, node),
        Op::AuthenticateUser => user::authenticate(state, ctx, &actor),
        Op::LstMicroSites => partner::list_micro_sites(state, ctx, &actor),
        Op::GetSiteAdminSessionTicket => partner::site_admin_ticket(state, ctx, &actor, node),
        Op::GetAPIVersion => Ok(api_version(ctx)),
    }
}

/// What a partner's site ticket may do, as the CPAC defects bend it (without
/// them, the operations themselves refuse everything but user provisioning).
fn ticket_scope(state: &State, ctx: &Ctx<'_>, op: Op, actor: Actor) -> Result<Actor, Fault> {
    let Actor::PartnerSite { site, .. } = actor else {
        return Ok(actor);
    };
    let changes_users = matches!(op, Op::CreateUser | Op::SetUser | Op::DelUser);
    if changes_users && ctx.on(Switch::SiteTicketReadOnly) {
        return Err(Fault::new(Code::AccessDenied));
    }
    let provisioning = changes_users || matches!(op, Op::GetUser | Op::LstsummaryUser);
    if !provisioning && ctx.on(Switch::SiteTicketOpensMeetingApis) {
        if let Some(admin) = state.sites[site].users.values().find(|u| u.site_admin) {
            return Ok(Actor::User {
                site,
                user: admin.webex_id.to_ascii_lowercase(),
            });
        }
    }
    Ok(actor)
}

fn api_version(ctx: &Ctx<'_>) -> String {
    let mut o = Out::new();
    o.leaf("ep:apiVersion", "WebEx XML API V8.0.0")
        .leaf("ep:release", ctx.release.api_release());
    if ctx.on(Switch::ExtraSchemaElements) {
        o.leaf("ep:trainReleaseVersion", "WBS31");
    }
    o.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xsi_type_forms_are_all_understood() {
        for t in [
            "java:com.webex.service.binding.meeting.CreateMeeting",
            "meet:createMeeting",
            "createMeeting",
            "java:com.webex.service.binding.meeting.createmeeting",
        ] {
            assert_eq!(Op::from_xsi_type(t), Some(Op::CreateMeeting), "{t}");
        }
        assert_eq!(
            Op::from_xsi_type("java:com.webex.service.binding.ep.LstCalendarSession"),
            Some(Op::LstCalendarSession)
        );
        assert_eq!(
            Op::from_xsi_type("java:com.webex.service.binding.meeting.Frobnicate"),
            None
        );
        assert_eq!(Op::from_xsi_type(""), None);
    }
}
