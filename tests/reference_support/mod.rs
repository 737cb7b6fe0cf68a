//! Shared helpers for the reference integration tests: start a server, build
//! envelopes, send them over real HTTP, pick values out of answers.
#![allow(dead_code)]

use regex::Regex;
use std::net::SocketAddr;
use wbxconf::reference::{self, ClockSeed, Config, Release, Running, Seed};

pub const FIXED_NOW: &str = "2026-01-05T10:00:00Z";

pub fn config(release: Release, mail_relay: Option<SocketAddr>) -> Config {
    let mut seed = Seed::builtin();
    seed.clock = Some(ClockSeed {
        fixed: FIXED_NOW.to_string(),
    });
    Config {
        seed,
        release,
        switches: reference::Switches::none(),
        mail_relay,
    }
}

pub struct Server {
    pub running: Running,
    pub http: reqwest::Client,
}

pub async fn start(config: Config) -> Server {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let running = reference::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("reference starts");
    Server {
        running,
        http: reqwest::Client::new(),
    }
}

/// A securityContext.
pub fn sec(site: &str, user: &str, password: &str) -> String {
    format!("<siteName>{site}</siteName><webExID>{user}</webExID><password>{password}</password>")
}

pub fn ticket_sec(site: &str, user: &str, ticket: &str) -> String {
    format!("<siteName>{site}</siteName><webExID>{user}</webExID><sessionTicket>{ticket}</sessionTicket>")
}

pub fn admin(site: &str) -> String {
    let c = Seed::builtin().admin(site).expect("seeded site");
    sec(&c.site_name, &c.webex_id, &c.password)
}

pub fn envelope(security: &str, bodies: &[(&str, &str)]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><header><securityContext>{security}</securityContext></header><body>"
    );
    for (op, body) in bodies {
        let package = match *op {
            "CreateMeeting" | "SetMeeting" | "GetMeeting" | "DelMeeting" => "meeting",
            "CreateMeetingAttendee"
            | "RegisterMeetingAttendee"
            | "DelMeetingAttendee"
            | "LstMeetingAttendee" => "attendee",
            "LstMicroSites" => "site",
            o if o.ends_with("User") || o == "GetSiteAdminSessionTicket" => "user",
            _ => "ep",
        };
        s.push_str(&format!("<bodyContent xsi:type=\"java:com.webex.service.binding.{package}.{op}\">{body}</bodyContent>"));
    }
    s.push_str("</body></serv:message>");
    s
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub text: String,
}

impl Answer {
    pub fn result(&self) -> String {
        self.first("serv:result").unwrap_or_default()
    }

    pub fn exception_id(&self) -> Option<String> {
        self.first("serv:exceptionID")
    }

    /// "SUCCESS", or "FAILURE 060001".
    pub fn outcome(&self) -> String {
        match self.exception_id() {
            Some(id) => format!("{} {id}", self.result()),
            None => self.result(),
        }
    }

    pub fn all(&self, tag: &str) -> Vec<String> {
        let re = Regex::new(&format!("<{0}>([^<]*)</{0}>", regex::escape(tag))).unwrap();
        re.captures_iter(&self.text)
            .map(|c| c[1].to_string())
            .collect()
    }

    pub fn first(&self, tag: &str) -> Option<String> {
        self.all(tag).into_iter().next()
    }

    pub fn has(&self, tag: &str) -> bool {
        self.text.contains(&format!("<{tag}>")) || self.text.contains(&format!("<{tag}/>"))
    }

    /// The text of each `<ep:session>` element.
    pub fn sessions(&self) -> Vec<Answer> {
        let re = Regex::new("(?s)<ep:session>.*?</ep:session>").unwrap();
        re.find_iter(&self.text)
            .map(|m| Answer {
                status: self.status,
                content_type: self.content_type.clone(),
                text: m.as_str().to_string(),
            })
            .collect()
    }
}

impl Server {
    pub async fn post_raw(&self, body: impl Into<reqwest::Body>) -> Answer {
        let resp = self
            .http
            .post(self.running.url())
            .header("content-type", "application/xml")
            .body(body)
            .send()
            .await
            .expect("request sent");
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = resp.text().await.expect("answer read");
        Answer {
            status,
            content_type,
            text,
        }
    }

    pub async fn call(&self, security: &str, op: &str, body: &str) -> Answer {
        self.post_raw(envelope(security, &[(op, body)])).await
    }

    /// Calls and asserts the outcome ("SUCCESS" or "FAILURE <id>").
    pub async fn expect(&self, security: &str, op: &str, body: &str, outcome: &str) -> Answer {
        let a = self.call(security, op, body).await;
        assert_eq!(a.outcome(), outcome, "{op} {body}\n→ {}", a.text);
        a
    }

    pub async fn create_user(&self, site: &str, id: &str, extra: &str) -> String {
        let email = format!("{id}@example.test");
        self.expect(
            &admin(site),
            "CreateUser",
            &format!("<firstName>F{id}</firstName><lastName>L{id}</lastName><webExId>{id}</webExId><email>{email}</email><password>Pw-{id}!</password><active>ACTIVATED</active>{extra}"),
            "SUCCESS",
        )
        .await;
        email
    }
}

pub fn user_sec(site: &str, id: &str) -> String {
    sec(site, id, &format!("Pw-{id}!"))
}
