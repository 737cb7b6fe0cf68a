//! The message envelope: reading a request's securityContext and bodies, writing
//! the response with one `serv:response` and one `serv:bodyContent` per body.

use super::codes::{Code, Fault};
use super::ops::Op;
use super::switches::{Switch, Switches};
use super::xmlin::{self, Node};
use super::xmlout::escape;

pub(crate) const NS_SERV: &str = "http://www.webex.com/schemas/2002/06/service";
const NS_COM: &str = "http://www.webex.com/schemas/2002/06/common";
const NS_MEET: &str = "http://www.webex.com/schemas/2002/06/service/meeting";
const NS_ATT: &str = "http://www.webex.com/schemas/2002/06/service/attendee";
const NS_USE: &str = "http://www.webex.com/schemas/2002/06/service/user";
const NS_EP: &str = "http://www.webex.com/schemas/2002/06/service/ep";
/// The `ep-namespace-wrong` defect's misspelling of [`NS_EP`].
const NS_EP_MISSPELT: &str = "http://www.webex.com/schemas/2002/06/ep";
const NS_SITE: &str = "http://www.webex.com/schemas/2002/06/service/site";
const NS_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The service an operation belongs to; it decides the root's namespace declarations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Service {
    Meeting,
    Attendee,
    User,
    Ep,
    Site,
    /// An answer that belongs to no service (an unknown API, an unreadable request).
    None,
}

impl Service {
    fn prefixes(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Service::Meeting | Service::Attendee => &[("meet", NS_MEET), ("att", NS_ATT)],
            Service::User => &[("use", NS_USE)],
            Service::Ep => &[("ep", NS_EP), ("meet", NS_MEET)],
            Service::Site => &[("ns1", NS_SITE)],
            Service::None => &[],
        }
    }
}

/// The securityContext, as sent (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Security {
    pub site_name: Option<String>,
    pub site_id: Option<String>,
    pub webex_id: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub session_ticket: Option<String>,
    pub partner_id: Option<String>,
}

/// One `bodyContent`: the operation it names (if known) and its element.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub op: Result<Op, String>,
    pub node: Node,
}

#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub security: Security,
    pub bodies: Vec<Body>,
}

/// What one body is answered with.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub service: Service,
    pub outcome: Result<Answer, Fault>,
}

/// A successful body: its `xsi:type` and its already-written children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub xsi_type: String,
    pub content: String,
}

/// Extra header elements some servers add (a variation clients must tolerate).
#[derive(Debug, Clone, Default)]
pub(crate) struct HeaderExtras {
    pub timing: Option<(u64, String)>,
}

pub(crate) fn read(bytes: &[u8]) -> Result<Request, Fault> {
    let unreadable = |_| Fault::new(Code::Unreadable);
    let root = xmlin::parse(bytes).map_err(unreadable)?;
    if !root.name.eq_ignore_ascii_case("message") {
        return Err(Fault::new(Code::Unreadable));
    }
    let sec = root.at("header/securityContext");
    let get = |name: &str| {
        sec.and_then(|s| s.text_at(name))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let security = Security {
        site_name: get("siteName"),
        site_id: get("siteID"),
        webex_id: get("webExID"),
        email: get("email"),
        password: sec.and_then(|s| s.text_at("password")).map(str::to_string),
        session_ticket: get("sessionTicket"),
        partner_id: get("partnerID"),
    };
    let body = root.child("body").ok_or(Fault::new(Code::Unreadable))?;
    let bodies: Vec<Body> = body
        .children_named("bodyContent")
        .map(|b| {
            let xsi_type = b.attr("type").unwrap_or("").trim();
            Body {
                op: Op::from_xsi_type(xsi_type).ok_or_else(|| xsi_type.to_string()),
                node: b.clone(),
            }
        })
        .collect();
    if bodies.is_empty() {
        return Err(Fault::new(Code::Unreadable));
    }
    Ok(Request { security, bodies })
}

/// The response document for the replies, in order, with the defects that
/// bend the envelope (the layout variations are applied afterwards, see `xmlout::restyle`).
pub(crate) fn write(replies: &[Reply], extras: &HeaderExtras, switches: &Switches) -> String {
    let on = |s| switches.is_on(s);
    let mut out = String::with_capacity(1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    out.push_str(&format!(
        "<serv:message xmlns:serv=\"{NS_SERV}\" xmlns:com=\"{NS_COM}\""
    ));
    let mut declared: Vec<&str> = Vec::new();
    for reply in replies {
        for (prefix, uri) in reply.service.prefixes() {
            if !declared.contains(prefix) {
                declared.push(prefix);
                let uri = if *uri == NS_EP && on(Switch::EpNamespaceWrong) {
                    NS_EP_MISSPELT
                } else {
                    uri
                };
                out.push_str(&format!(" xmlns:{prefix}=\"{uri}\""));
            }
        }
    }
    out.push_str("><serv:header>");
    for reply in replies {
        out.push_str("<serv:response>");
        match &reply.outcome {
            Ok(_) => out.push_str(
                "<serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus>",
            ),
            Err(f) => {
                out.push_str(&format!(
                    "<serv:result>FAILURE</serv:result><serv:reason>{}</serv:reason><serv:gsbStatus>PRIMARY</serv:gsbStatus>",
                    escape(&f.reason),
                ));
                if !on(Switch::ExceptionIdMissing) {
                    out.push_str(&format!(
                        "<serv:exceptionID>{}</serv:exceptionID>",
                        f.code.id()
                    ));
                }
            }
        }
        if let Some((ms, case)) = &extras.timing {
            out.push_str(&format!(
                "<serv:respTime>{ms}</serv:respTime><serv:caseID>{}</serv:caseID>",
                escape(case)
            ));
        }
        out.push_str("</serv:response>");
    }
    out.push_str("</serv:header><serv:body>");
    for reply in replies {
        match &reply.outcome {
            Ok(a) => {
                if on(Switch::BodyTypeMissing) {
                    out.push_str("<serv:bodyContent>");
                } else {
                    out.push_str(&format!(
                        "<serv:bodyContent xsi:type=\"{}\" xmlns:xsi=\"{NS_XSI}\">",
                        a.xsi_type
                    ));
                }
                out.push_str(&a.content);
                out.push_str("</serv:bodyContent>");
            }
            Err(_) => out.push_str("<serv:bodyContent/>"),
        }
    }
    out.push_str("</serv:body></serv:message>");
    out
}

/// The answer to a request that could not be read at all.
pub(crate) fn unreadable(switches: &Switches) -> String {
    write(
        &[Reply {
            service: Service::None,
            outcome: Err(Fault::new(Code::Unreadable)),
        }],
        &HeaderExtras::default(),
        switches,
    )
}
