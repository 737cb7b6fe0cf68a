//! No secret reaches an output: the whole suite runs against the embedded reference
//! through a profile whose every credential comes from an environment variable, plus a
//! scenario that uses a `${env:…}` value and captures tickets, then `wbxconf bless`
//! writes golden files from it. Every file written and everything printed is searched
//! for the known values, and every secret-bearing element for anything but a token.

mod support;

use std::path::Path;
use std::process::Command;

use support::text;

/// The reference's seeded credentials (src/reference/seed.yaml), given to the profile
/// through environment variables as a user would give theirs.
const CREDENTIALS: [(&str, &str); 10] = [
    ("WBXCONF_T_CMR", "Adm1n-cmr!"),
    ("WBXCONF_T_NOCMR", "Adm1n-nocmr!"),
    ("WBXCONF_T_ONE", "Adm1n-one!"),
    ("WBXCONF_T_MICRO_A", "Adm1n-micro-a!"),
    ("WBXCONF_T_MICRO_B", "Adm1n-micro-b!"),
    ("WBXCONF_T_OUTSIDER", "Adm1n-outsider!"),
    ("WBXCONF_T_PARTNER_PW", "Cp4c-partner!"),
    ("WBXCONF_T_PARTNER_ID", "PID-CPAC-0001"),
    ("WBXCONF_T_SHORT_PW", "Cp4c-short!"),
    ("WBXCONF_T_SHORT_ID", "PID-CPAC-0002"),
];
const EXTRA_VAR: &str = "WBXCONF_T_EXTRA";
const EXTRA: &str = "Env-Secret-7f3a9";

const PROFILE: &str = r#"name: secret-reference
description: the embedded reference, every credential from the environment
endpoint: embedded
capabilities: [admin, mail, partner, cmr, past-start]
actor_time_zone_id: 4
mail_domain: wbxconf.test
sites:
  main:       { name: cmr, id: 10001, admin: { webExID: admin, password: { env: WBXCONF_T_CMR } } }
  cmr:        { name: cmr, id: 10001, admin: { webExID: admin, password: { env: WBXCONF_T_CMR } } }
  nocmr:      { name: nocmr, id: 10002, admin: { webExID: admin, password: { env: WBXCONF_T_NOCMR } } }
  onelicence: { name: onelicence, id: 10003, admin: { webExID: admin, password: { env: WBXCONF_T_ONE } } }
  micro-a:    { name: micro-a, id: 10004, admin: { webExID: admin, password: { env: WBXCONF_T_MICRO_A } } }
  micro-b:    { name: micro-b, id: 10005, admin: { webExID: admin, password: { env: WBXCONF_T_MICRO_B } } }
  outsider:   { name: outsider, id: 10006, admin: { webExID: admin, password: { env: WBXCONF_T_OUTSIDER } } }
  cpac:       { name: cpachub, id: 10000 }
partners:
  default: { site: cpac, webExID: cpacpartner, password: { env: WBXCONF_T_PARTNER_PW }, partnerID: { env: WBXCONF_T_PARTNER_ID }, sites: [micro-a, micro-b] }
  short:   { site: cpac, webExID: cpacshort, password: { env: WBXCONF_T_SHORT_PW }, partnerID: { env: WBXCONF_T_SHORT_ID }, sites: [micro-a] }
timeouts: { request: 10s, mail: 5s, mail_settle: 300ms }
"#;

/// Uses an `${env:…}` value where the answer echoes it, and blesses answers that carry
/// a user's session ticket and a partner's site-admin ticket.
const SCENARIO: &str = r#"id: zz-secrets/echo
title: secrets travel through requests, answers, captures and golden files
requires: [partner]
actors:
  host: { role: host }
steps:
  - name: the host schedules a meeting named after a secret
    as: host
    call: CreateMeeting
    body: |
      <metaData><confName>${env:WBXCONF_T_EXTRA}</confName></metaData>
      <schedule><startDate>${date(today + 2d at 09:00, 4)}</startDate><timeZoneID>4</timeZoneID><duration>30</duration></schedule>
    capture: { meeting: //meetingkey }
  - name: the meeting's name comes back
    as: host
    call: GetMeeting
    body: <meetingKey>${meeting}</meetingKey>
    expect:
      golden: zz-secrets/get-meeting.xml
      checks:
        - path: //confName
          equals: ${env:WBXCONF_T_EXTRA}
  - name: the host authenticates
    as: host
    call: AuthenticateUser
    capture: { ticket: //sessionTicket }
    expect:
      golden: zz-secrets/authenticate.xml
  - name: the ticket works
    as: host
    call: GetUser
    security: { password: "", sessionTicket: "${ticket}" }
    body: <webExId>${host.id}</webExId>
  - name: the partner gets a site-admin ticket
    as: partner
    call: GetSiteAdminSessionTicket
    body: <siteName>${site.micro-a.name}</siteName>
    expect:
      golden: zz-secrets/site-ticket.xml
finally:
  - name: the meeting is deleted
    as: host
    call: DelMeeting
    body: <meetingKey>${meeting}</meetingKey>
"#;

fn wbxconf(suite: &Path, args: &[&str]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wbxconf"));
    c.arg("--suite")
        .arg(suite)
        .args(args)
        .env("NO_COLOR", "1")
        .env(EXTRA_VAR, EXTRA)
        .env_remove("CI")
        .env_remove("RUST_LOG");
    for (var, value) in CREDENTIALS {
        c.env(var, value);
    }
    c.output().expect("run wbxconf")
}

fn files_under(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).to_string(),
            ));
        }
    }
}

/// The texts of every secret-bearing element in `text`, after undoing the escaping of
/// the HTML and JUnit reports.
fn secret_element_texts(text: &str) -> Vec<String> {
    let plain = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let re = regex::Regex::new(
        r"<(?:[A-Za-z0-9_]+:)?(password|sessionTicket|ticket|partnerID)>([^<]*)</",
    )
    .expect("regex");
    re.captures_iter(&plain).map(|c| c[2].to_string()).collect()
}

#[test]
fn no_secret_reaches_any_output_of_run_or_bless() {
    let suite = support::suite_copy();
    let root = suite.path();
    std::fs::write(root.join("targets/secret-reference.yaml"), PROFILE).expect("profile");
    std::fs::create_dir_all(root.join("cases/zz-secrets")).expect("dir");
    std::fs::write(root.join("cases/zz-secrets/echo.yaml"), SCENARIO).expect("case");
    let reports = root.join("reports");
    let reports_arg = reports.to_str().expect("utf-8 path");

    let run = wbxconf(
        root,
        &[
            "-v",
            "run",
            "--target",
            "secret-reference",
            "--reports",
            reports_arg,
        ],
    );
    let run_text = text(&run);
    // Golden files of the new scenario do not exist yet: those steps fail, the rest passes.
    let json = std::fs::read_to_string(reports.join("latest/results.json"))
        .unwrap_or_else(|e| panic!("no report ({e}):\n{run_text}"));
    let report = wbxconf::report::json::read(&json).expect("report");
    let failing: Vec<_> = report
        .scenarios
        .iter()
        .filter(|s| s.verdict.is_failure() && s.id != "zz-secrets/echo")
        .map(|s| s.id.clone())
        .collect();
    assert!(failing.is_empty(), "{failing:?}\n{run_text}");

    let bless = wbxconf(
        root,
        &["bless", "zz-secrets/", "--target", "secret-reference"],
    );
    let bless_text = text(&bless);
    assert_eq!(bless.status.code(), Some(0), "{bless_text}");
    let pending = root.join("golden/zz-secrets");
    for name in ["get-meeting", "authenticate", "site-ticket"] {
        assert!(
            pending.join(format!("{name}.xml.new")).is_file(),
            "{name} was blessed:\n{bless_text}"
        );
    }

    let mut files = Vec::new();
    files_under(&reports, &mut files);
    files_under(&root.join("golden"), &mut files);
    files.push(("(run output)".into(), run_text));
    files.push(("(bless output)".into(), bless_text));
    let kinds = [
        "junit.xml",
        "results.json",
        "summary.md",
        "index.html",
        ".txt",
        ".xml.new",
    ];
    for k in kinds {
        assert!(
            files.iter().any(|(p, _)| p.ends_with(k)),
            "the run wrote a {k} file"
        );
    }

    let mut leaks = Vec::new();
    let mut tokens_seen = 0;
    for (path, text) in &files {
        for (_, value) in CREDENTIALS.iter().chain([&(EXTRA_VAR, EXTRA)]) {
            if text.contains(value) {
                leaks.push(format!("{path}: holds {value}"));
            }
        }
        for v in secret_element_texts(text) {
            let v = v.trim();
            if v.is_empty() || v == "******" || v == "{{any}}" || v.starts_with("{{var ") {
                continue;
            }
            // A token, possibly inside a value a step built around it (`X«secret-3»X`).
            if v.contains("«secret-") {
                tokens_seen += 1;
                continue;
            }
            leaks.push(format!("{path}: a secret element holds `{v}`"));
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    assert!(tokens_seen > 0, "secret elements were found and masked");

    // Blessed golden files hold placeholders where secrets were, never tokens (a token
    // would never match the real value on the next run).
    let auth = std::fs::read_to_string(pending.join("authenticate.xml.new")).expect("golden");
    assert!(!auth.contains("«secret-"), "{auth}");
    assert!(auth.contains("sessionTicket>{{"), "{auth}");
    let meeting = std::fs::read_to_string(pending.join("get-meeting.xml.new")).expect("golden");
    assert!(meeting.contains("confName>{{any}}<"), "{meeting}");

    // Judged again with the accepted files, nothing about a secret differs: the
    // placeholders written in their place match the real values.
    let accept = wbxconf(root, &["bless", "--accept"]);
    assert_eq!(accept.status.code(), Some(0), "{}", text(&accept));
    let again = wbxconf(
        root,
        &[
            "run",
            "zz-secrets/",
            "--target",
            "secret-reference",
            "--reports",
            reports_arg,
        ],
    );
    let json = std::fs::read_to_string(reports.join("latest/results.json")).expect("report");
    let report = wbxconf::report::json::read(&json).expect("report");
    let differences: Vec<_> = report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.checks)
        .flat_map(|c| &c.differences)
        .collect();
    for d in &differences {
        assert!(
            !d.expected_path.ends_with("sessionTicket")
                && !d.expected_path.ends_with("confName")
                && d.kind != "unknown-variable",
            "{d:?}\n{}",
            text(&again)
        );
    }
}

/// A password typed into a profile instead of `{ env: NAME }` is refused with its place
/// and the fix, and without being repeated: the message reaches CI logs.
#[test]
fn a_password_typed_into_a_profile_is_refused_without_being_shown() {
    let suite = support::suite_copy();
    let root = suite.path();
    let profile = std::fs::read_to_string(root.join("targets/reference.yaml"))
        .expect("profile")
        .replace("name: reference\n", "name: typed\n")
        .replacen("password: { seed: true }", "password: \"Adm1n-cmr!\"", 1);
    let line = profile
        .lines()
        .position(|l| l.contains("Adm1n-cmr!"))
        .expect("the password is in the profile")
        + 1;
    std::fs::write(root.join("targets/typed.yaml"), &profile).expect("profile");
    let out = wbxconf(root, &["run", "base/envelope", "--target", "typed"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(!all.contains("Adm1n"), "{all}");
    assert!(
        !all.contains("struct") && !all.contains("invalid type"),
        "{all}"
    );
    assert!(all.contains(&format!("typed.yaml:{line}:")), "{all}");
    assert!(all.contains("sites.main.admin.password"), "{all}");
    assert!(
        all.contains("{ env: NAME }") && all.contains("{ seed: true }"),
        "{all}"
    );
}

const ECHO_PW_VAR: &str = "WBXCONF_T_ECHO_PW";
const ECHO_PW: &str = "Adm1n-cmr!";
const TINY_VAR: &str = "WBXCONF_T_TINY";
const URL_PASSWORD: &str = "S3cretPw";

/// Two raw requests carrying a password and a value too short to mask, both from the
/// environment.
const ECHO_SCENARIO: &str = r#"id: zz-echo/leak
title: an endpoint that echoes requests URL-encoded
steps:
  - name: the first request
    raw: |
      <?xml version="1.0" encoding="UTF-8"?>
      <serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext><webExID>admin</webExID><password>${env:WBXCONF_T_ECHO_PW}</password><siteName>${env:WBXCONF_T_TINY}</siteName></securityContext></header><body><bodyContent xsi:type="java:com.webex.service.binding.user.GetUser"><webExId>someone</webExId></bodyContent></body></serv:message>
    expect: { result: SUCCESS }
  - name: the second request
    raw: |
      <?xml version="1.0" encoding="UTF-8"?>
      <serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><header><securityContext><webExID>admin</webExID><password>${env:WBXCONF_T_ECHO_PW}</password><siteName>${env:WBXCONF_T_TINY}</siteName></securityContext></header><body><bodyContent xsi:type="java:com.webex.service.binding.user.GetUser"><webExId>someone-else</webExId></bodyContent></body></serv:message>
    expect: { result: SUCCESS }
"#;

/// RFC 3986 percent-encoding, `/` kept, as a gateway's error page might echo a request.
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An endpoint on loopback that answers every request with a failure whose reason is
/// the request, URL-encoded. Serves until the test process ends.
fn echo_endpoint() -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut socket in listener.incoming().flatten() {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            let body = loop {
                let Ok(n) = socket.read(&mut chunk) else {
                    break None;
                };
                if n == 0 {
                    break None;
                }
                buf.extend_from_slice(&chunk[..n]);
                let head = String::from_utf8_lossy(&buf).to_string();
                let Some(end) = head.find("\r\n\r\n") else {
                    continue;
                };
                let length = head[..end]
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                if buf.len() >= end + 4 + length {
                    break Some(
                        String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).to_string(),
                    );
                }
            };
            let Some(body) = body else { continue };
            // The whole request, headers included, as a gateway's error page would show it.
            let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0);
            let body = format!("{}{body}", String::from_utf8_lossy(&buf[..head_end]));
            let answer = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service"><serv:header><serv:response><serv:result>FAILURE</serv:result><serv:reason>cannot route {}</serv:reason><serv:gsbStatus>PRIMARY</serv:gsbStatus><serv:exceptionID>999999</serv:exceptionID></serv:response></serv:header><serv:body><serv:bodyContent/></serv:body></serv:message>"#,
                url_encode(&body)
            );
            let _ = write!(
                socket,
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    addr
}

/// A target that echoes requests URL-encoded, reached through a URL that carries a
/// password, sent a value too short to mask: the password and its encoded forms reach
/// no output, the URL is shown masked, and the short value is announced once.
#[test]
fn url_encoded_echoes_url_passwords_and_short_values_are_handled() {
    let suite = support::suite_copy();
    let root = suite.path();
    std::fs::create_dir_all(root.join("cases/zz-echo")).expect("dir");
    std::fs::write(root.join("cases/zz-echo/leak.yaml"), ECHO_SCENARIO).expect("case");
    let reports = root.join("reports");
    let addr = echo_endpoint();
    let url = format!("http://admin:{URL_PASSWORD}@{addr}/WBXService/XMLService");
    let out = Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .arg("--suite")
        .arg(root)
        .args(["-v", "run", "zz-echo/", "--target", &url, "--reports"])
        .arg(&reports)
        .env("NO_COLOR", "1")
        .env(ECHO_PW_VAR, ECHO_PW)
        .env(TINY_VAR, "ab1")
        .env_remove("CI")
        .env_remove("RUST_LOG")
        .output()
        .expect("run wbxconf");
    let all = text(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the echo fails the steps:\n{all}"
    );

    let mut files = Vec::new();
    files_under(&reports, &mut files);
    for k in [
        "junit.xml",
        "results.json",
        "summary.md",
        "index.html",
        ".txt",
    ] {
        assert!(
            files.iter().any(|(p, _)| p.ends_with(k)),
            "a {k} file:\n{all}"
        );
    }
    files.push(("(run output)".into(), all.clone()));
    // `admin:S3cretPw` in base64, as the client sends it in `Authorization: Basic`.
    let forbidden = [ECHO_PW, "Adm1n-cmr%21", URL_PASSWORD, "YWRtaW46UzNjcmV0UHc"];
    let mut leaks = Vec::new();
    for (path, text) in &files {
        for value in forbidden {
            if text.contains(value) {
                leaks.push(format!("{path}: holds {value}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));

    // The echo did come back, masked where the values were.
    for echoed in ["%3Cpassword%3E«secret-", "Basic%20«secret-"] {
        assert!(
            files.iter().any(|(_, t)| t.contains(echoed)),
            "the echo holds {echoed}:\n{all}"
        );
    }
    // The URL is shown with its password masked, and the user told where it belongs.
    let results = files
        .iter()
        .find(|(p, _)| p.ends_with("results.json"))
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    assert!(results.contains("\"http://admin:******@"), "{results}");
    assert!(all.contains("credentials belong in a profile"), "{all}");
    // The short value is not masked, and says so once.
    let warning = format!("`${{env:{TINY_VAR}}}` is 3 characters: too short to mask safely");
    assert_eq!(all.matches(&warning).count(), 1, "{all}");
}

/// Outside a checkout the built-in suite is written to the temporary folder: a copy
/// edited there is not what runs next time.
#[test]
fn an_edited_copy_of_the_built_in_suite_is_not_run() {
    let empty = tempfile::tempdir().expect("dir");
    let check = || {
        let out = Command::new(env!("CARGO_BIN_EXE_wbxconf"))
            .arg("check")
            .current_dir(empty.path())
            .env("TMPDIR", empty.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run wbxconf");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        text(&out)
    };
    let first = check();
    let digest = wbxconf::scenario::embedded::DIGEST;
    assert!(first.contains(digest), "{first}");
    let copy = std::fs::read_dir(empty.path())
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.join("cases/clauses.yaml").is_file())
        .expect("the built-in suite was written out");
    let clauses = copy.join("cases/clauses.yaml");
    let original = std::fs::read_to_string(&clauses).expect("clauses");
    std::fs::write(&clauses, format!("{original}\n# weakened\n")).expect("edit");

    let second = check();
    assert!(second.contains(digest), "{second}");
    assert_eq!(
        std::fs::read_to_string(&clauses).expect("clauses"),
        original,
        "the edit is gone"
    );
}
