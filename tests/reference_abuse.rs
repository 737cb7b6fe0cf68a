//! The reference under abuse: malformed, truncated, oversized and concurrent requests
//! get a FAILURE envelope or a clean refusal, never a 500 and never a dropped
//! connection (a handler that panics drops its connection), and the reference keeps
//! answering afterwards.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wbxconf::api::envelope;
use wbxconf::reference::{self, Config, Release, Seed, Switches};

const SECURITY: [(&str, &str); 3] = [
    ("webExID", "admin"),
    ("password", "Adm1n-cmr!"),
    ("siteName", "cmr"),
];

fn start(rt: &tokio::runtime::Runtime) -> reference::Running {
    let config = Config {
        seed: Seed::builtin(),
        release: Release::Sp11,
        switches: Switches::default(),
        mail_relay: None,
    };
    rt.block_on(reference::start(
        config,
        SocketAddr::from(([127, 0, 0, 1], 0)),
    ))
    .expect("reference starts")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
}

fn request(api: &str, body: &str) -> String {
    let security: Vec<(String, String)> = SECURITY
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    envelope::request(&security, api, body)
}

const EP: &str = "java:com.webex.service.binding.ep.";
const MEETING: &str = "java:com.webex.service.binding.meeting.";
const USER: &str = "java:com.webex.service.binding.user.";
const ATTENDEE: &str = "java:com.webex.service.binding.attendee.";

/// Valid requests of many operations, the raw material for the mutations.
fn templates(key: &str) -> Vec<String> {
    let schedule = "<schedule><startDate>05/04/2027 10:00:00</startDate><timeZoneID>4</timeZoneID><duration>60</duration></schedule>";
    vec![
        request(
            &format!("{MEETING}CreateMeeting"),
            &format!("<metaData><confName>abuse</confName></metaData>{schedule}<repeat><repeatType>WEEKLY</repeatType><interval>1</interval><afterMeetingNumber>3</afterMeetingNumber><dayInWeek><day>TUESDAY</day></dayInWeek></repeat>"),
        ),
        request(
            &format!("{MEETING}CreateMeeting"),
            &format!("<metaData><confName>exception</confName></metaData>{schedule}<repeat><repeatType>NO_REPEAT</repeatType><isException>true</isException><seriesMeetingKey>{key}</seriesMeetingKey><recurrenceKey>1809450000000</recurrenceKey></repeat>"),
        ),
        request(
            &format!("{MEETING}SetMeeting"),
            &format!("<meetingkey>{key}</meetingkey><metaData><confName>renamed</confName></metaData><schedule><startDate>06/01/2027 09:30:00</startDate><duration>45</duration></schedule><repeat><repeatType>DAILY</repeatType><interval>2</interval><expirationDate>07/01/2027 00:00:00</expirationDate></repeat>"),
        ),
        request(&format!("{MEETING}GetMeeting"), &format!("<meetingKey>{key}</meetingKey>")),
        request(
            &format!("{EP}LstsummarySession"),
            "<listControl><startFrom>1</startFrom><maximumNum>10</maximumNum></listControl><recurrence>true</recurrence><dateScope><startDateStart>01/01/2027 00:00:00</startDateStart><startDateEnd>12/31/2027 00:00:00</startDateEnd><timeZoneID>4</timeZoneID></dateScope>",
        ),
        request(
            &format!("{EP}LstCalendarSession"),
            "<dateScope><startDateStart>05/01/2027 00:00:00</startDateStart><startDateEnd>06/01/2027 00:00:00</startDateEnd><timeZoneID>4</timeZoneID></dateScope>",
        ),
        request(&format!("{EP}GetSessionInfo"), &format!("<sessionKey>{key}</sessionKey>")),
        request(
            &format!("{ATTENDEE}CreateMeetingAttendee"),
            &format!("<person><name>A</name><email>a@wbxconf.test</email></person><sessionKey>{key}</sessionKey>"),
        ),
        request(
            &format!("{ATTENDEE}LstMeetingAttendee"),
            &format!("<meetingKey>{key}</meetingKey>"),
        ),
        request(
            &format!("{USER}CreateUser"),
            "<firstName>F</firstName><lastName>L</lastName><webExId>abuser1</webExId><email>abuser1@wbxconf.test</email><password>Abuse-pw-1</password><privilege><host>true</host><isEnableCET>true</isEnableCET></privilege><personalMeetingRoom><hostPIN>1234</hostPIN></personalMeetingRoom><active>ACTIVATED</active><timeZoneID>4</timeZoneID>",
        ),
        request(
            &format!("{USER}LstsummaryUser"),
            "<listControl><startFrom>1</startFrom><maximumNum>5</maximumNum></listControl><active>ACTIVATED</active>",
        ),
        request(&format!("{USER}GetUser"), "<webExId>admin</webExId>"),
        request(&format!("{EP}GetAPIVersion"), ""),
    ]
}

/// Values a careless implementation trips on: overflow, empty, out of range, markup.
const WEIRD: [&str; 18] = [
    "",
    "-1",
    "0",
    "99999999999999999999",
    "4294967296",
    "18446744073709551615",
    "12/31/9999 23:59:59",
    "01/01/0000 00:00:00",
    "13/45/2020 25:61:61",
    "02/29/2027 10:00:00",
    "NaN",
    "1e309",
    "\u{2603}\u{1F600}",
    "<x/>",
    "&amp;&lt;",
    "   ",
    "-9223372036854775808",
    "MONDAY,FUNDAY",
];

/// A small deterministic generator: the same mutations on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn mutate(template: &str, rng: &mut Lcg) -> Vec<u8> {
    let bytes = template.as_bytes();
    match rng.next() % 10 {
        // Truncated anywhere.
        0 => bytes[..rng.next() % bytes.len()].to_vec(),
        // One byte changed.
        1 => {
            let mut b = bytes.to_vec();
            let i = rng.next() % b.len();
            b[i] = (rng.next() % 256) as u8;
            b
        }
        // An element opened twice, a stray end tag, or junk inserted.
        2 => {
            let i = rng.next() % bytes.len();
            let junk: &[u8] = match rng.next() % 3 {
                0 => b"<repeat>",
                1 => b"</bodyContent>",
                _ => b"\x00\xff<!---->",
            };
            [&bytes[..i], junk, &bytes[i..]].concat()
        }
        // Mostly: the texts of one to three elements replaced by weird values, so the
        // request stays readable and reaches the operation's handler.
        _ => {
            let mut text = template.to_string();
            for _ in 0..1 + rng.next() % 3 {
                let texts: Vec<(usize, usize)> = text
                    .match_indices('>')
                    .filter_map(|(i, _)| {
                        let end = text[i + 1..].find('<')? + i + 1;
                        (end > i + 1).then_some((i + 1, end))
                    })
                    .collect();
                if texts.is_empty() {
                    break;
                }
                let (a, b) = texts[rng.next() % texts.len()];
                let weird = WEIRD[rng.next() % WEIRD.len()];
                text = format!("{}{weird}{}", &text[..a], &text[b..]);
            }
            text.into_bytes()
        }
    }
}

/// What the reference must answer: HTTP 200 with a result, or a 4xx refusal.
fn acceptable(status: u16, body: &str) -> Result<(), String> {
    match status {
        200 if body.contains("<serv:result>") => Ok(()),
        200 => Err(format!("200 without a result: {}", cut(body))),
        400..=499 => Ok(()),
        _ => Err(format!("HTTP {status}: {}", cut(body))),
    }
}

fn cut(s: &str) -> &str {
    let mut end = s.len().min(300);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

async fn post(client: &reqwest::Client, url: &str, body: Vec<u8>) -> Result<(u16, String), String> {
    let r = client
        .post(url)
        .header("content-type", "text/xml")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("no answer: {e:?}"))?;
    let status = r.status().as_u16();
    let text = r.text().await.map_err(|e| format!("body broke: {e:?}"))?;
    Ok((status, text))
}

fn key_of(answer: &str) -> String {
    let start = answer.find("meetingkey>").expect("a meeting key") + "meetingkey>".len();
    let end = answer[start..].find('<').expect("end") + start;
    answer[start..end].to_string()
}

#[test]
fn mutated_requests_of_every_kind_get_an_envelope_never_a_500_or_a_dropped_connection() {
    let rt = runtime();
    let running = start(&rt);
    let url = running.url();
    let client = http_client();
    let problems = rt.block_on(async {
        let created = post(&client, &url, templates("0")[0].clone().into_bytes())
            .await
            .expect("create");
        assert!(created.1.contains("SUCCESS"), "{}", created.1);
        let key = key_of(&created.1);
        let templates = templates(&key);
        // More rounds or another seed for a deeper search: WBXCONF_ABUSE_ROUNDS, _SEED.
        let number = |var: &str, default: u64| {
            std::env::var(var)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let mut rng = Lcg(number("WBXCONF_ABUSE_SEED", 0x5eed));
        let mut inputs = Vec::new();
        for _ in 0..number("WBXCONF_ABUSE_ROUNDS", 60) {
            for t in &templates {
                inputs.push(mutate(t, &mut rng));
            }
        }
        // Concurrent, in bounded batches: the lock and the handlers see interleavings.
        let mut problems = Vec::new();
        for batch in inputs.chunks(64) {
            let mut tasks = tokio::task::JoinSet::new();
            for input in batch {
                let (client, url, input) = (client.clone(), url.clone(), input.clone());
                tasks.spawn(async move {
                    let shown = String::from_utf8_lossy(&input).to_string();
                    match post(&client, &url, input).await {
                        Ok((status, body)) => acceptable(status, &body)
                            .map_err(|e| format!("{e}\n  request: {}", cut(&shown))),
                        Err(e) => Err(format!("{e}\n  request: {}", cut(&shown))),
                    }
                });
            }
            while let Some(done) = tasks.join_next().await {
                if let Ok(Err(p)) = done {
                    problems.push(p);
                }
            }
        }
        problems
    });
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    still_answers(&rt, &url);
}

#[test]
fn hostile_documents_get_the_unreadable_failure() {
    let rt = runtime();
    let running = start(&rt);
    let url = running.url();
    let client = http_client();
    let deep = format!(
        "<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\">{}{}</serv:message>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\"><header/><body><bodyContent>&c;</bodyContent></body></serv:message>";
    let oversized = request(
        &format!("{EP}GetAPIVersion"),
        &format!("<pad>{}</pad>", "x".repeat(5 * 1024 * 1024)),
    );
    let many_bodies = {
        let one = format!("<bodyContent xsi:type=\"{EP}GetAPIVersion\"></bodyContent>");
        request(&format!("{EP}GetAPIVersion"), "").replacen(
            "</body>",
            &format!("{}</body>", one.repeat(2000)),
            1,
        )
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("not XML", b"hello".to_vec()),
        ("JSON", br#"{"a":1}"#.to_vec()),
        ("invalid UTF-8", b"<serv:message>\xff\xfe</serv:message>".to_vec()),
        ("UTF-16", b"\xff\xfe<\x00m\x00/\x00>\x00".to_vec()),
        ("wrong root", b"<html><body/></html>".to_vec()),
        ("no body", b"<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\"><header/></serv:message>".to_vec()),
        ("deep", deep.into_bytes()),
        ("billion laughs", laughs.as_bytes().to_vec()),
        ("oversized", oversized.into_bytes()),
        ("2000 bodies", many_bodies.into_bytes()),
    ];
    let problems = rt.block_on(async {
        let mut problems = Vec::new();
        for (name, body) in cases {
            match post(&client, &url, body).await {
                Ok((status, text)) => {
                    if let Err(e) = acceptable(status, &text) {
                        problems.push(format!("{name}: {e}"));
                    }
                    if name != "2000 bodies" && !text.contains("FAILURE") {
                        problems.push(format!("{name}: not a FAILURE: {}", cut(&text)));
                    }
                }
                Err(e) => problems.push(format!("{name}: {e}")),
            }
        }
        problems
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    still_answers(&rt, &url);
}

#[test]
fn truncated_http_requests_and_other_methods_are_refused_cleanly() {
    let rt = runtime();
    let running = start(&rt);
    let url = running.url();
    let addr = running.addr();
    rt.block_on(async {
        // A body shorter than its Content-Length, then the client stops sending.
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"POST /WBXService/XMLService HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<serv:message>")
            .await
            .expect("write");
        s.shutdown().await.expect("half close");
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(!answer.contains(" 500 "), "{answer}");

        // Garbage instead of HTTP.
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        s.write_all(b"\x16\x03\x01 not http at all\r\n\r\n").await.expect("write");
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(!answer.contains(" 500 "), "{answer}");

        let client = http_client();
        let get = client.get(&url).send().await.expect("GET answered");
        assert_eq!(get.status().as_u16(), 405);
        let elsewhere = client
            .post(url.replace("XMLService", "Other"))
            .body("<x/>")
            .send()
            .await
            .expect("answered");
        assert_eq!(elsewhere.status().as_u16(), 404);
    });
    still_answers(&rt, &url);
}

/// After the abuse, an ordinary request still gets its ordinary answer.
fn still_answers(rt: &tokio::runtime::Runtime, url: &str) {
    let client = Arc::new(http_client());
    let (status, body) = rt
        .block_on(post(
            &client,
            url,
            request(&format!("{EP}GetAPIVersion"), "").into_bytes(),
        ))
        .expect("answered");
    assert_eq!(status, 200);
    assert!(
        body.contains("<serv:result>SUCCESS</serv:result>"),
        "{body}"
    );
}
