//! 200 scenarios at once against one reference: every one passes (no scenario sees
//! another's data), and afterwards every meeting and user they created is accounted
//! for through the admin's own view of the reference.

mod support;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::process::Command;

use wbxconf::api::envelope;
use wbxconf::reference::{self, Config, Release, Seed, Switches};
use wbxconf::runner::outcome::{Phase, Verdict};

const SCENARIOS: usize = 200;
const ADMIN_PASSWORD: &str = "Adm1n-cmr!";

fn scenario(n: usize) -> String {
    let schedule = "<schedule><startDate>${date(today + 3d at 10:00, 4)}</startDate><timeZoneID>4</timeZoneID><duration>30</duration></schedule>";
    format!(
        r#"id: load/n{n:03}
title: one of {SCENARIOS} scenarios at once
actors:
  host: {{ role: host }}
steps:
  - name: the host schedules a meeting
    as: host
    call: CreateMeeting
    body: <metaData><confName>load n{n:03} ${{scenario.id}}</confName></metaData>{schedule}
    capture: {{ hosted: //meetingkey }}
  - name: the admin schedules one that stays
    as: admin
    call: CreateMeeting
    body: <metaData><confName>load n{n:03} kept</confName></metaData>{schedule}
    capture: {{ kept: //meetingkey }}
  - name: the host sees its own meeting, under its own name
    as: host
    call: GetMeeting
    body: <meetingKey>${{hosted}}</meetingKey>
    expect:
      checks:
        - path: //confName
          equals: load n{n:03} ${{scenario.id}}
        - path: //hostWebExID
          equals: ${{host.id}}
finally:
  - name: the host deletes its meeting
    as: host
    call: DelMeeting
    body: <meetingKey>${{hosted}}</meetingKey>
"#
    )
}

fn admin_request(api: &str, body: &str) -> String {
    let security = [
        ("webExID", "admin"),
        ("password", ADMIN_PASSWORD),
        ("siteName", "cmr"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()));
    envelope::request(&security, api, body)
}

fn text_of<'a>(doc: &'a str, element: &str) -> Vec<&'a str> {
    let open = format!("{element}>");
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // A start tag `<element>` or `<prefix:element>`, not an end tag or a longer name.
        let before = &rest[..i];
        rest = after;
        let tag = before.rfind('<').map(|lt| &before[lt + 1..]);
        let is_start = tag.is_some_and(|t| {
            t.is_empty()
                || (!t.starts_with('/') && t.ends_with(':') && !t[..t.len() - 1].contains(':'))
        });
        if !is_start {
            continue;
        }
        if let Some(end) = after.find('<') {
            out.push(&after[..end]);
        }
    }
    out
}

#[test]
fn two_hundred_concurrent_scenarios_pass_and_everything_they_created_is_accounted_for() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let running = rt
        .block_on(reference::start(
            Config {
                seed: Seed::builtin(),
                release: Release::Sp11,
                switches: Switches::default(),
                mail_relay: None,
            },
            SocketAddr::from(([127, 0, 0, 1], 0)),
        ))
        .expect("reference starts");
    let url = running.url();

    let suite = tempfile::tempdir().expect("temp dir");
    let root = suite.path();
    std::fs::create_dir_all(root.join("cases/load")).expect("dir");
    std::fs::create_dir_all(root.join("targets")).expect("dir");
    for f in ["cases/clauses.yaml", "cases/apis.yaml"] {
        std::fs::copy(support::repo().join(f), root.join(f)).expect("copy");
    }
    for n in 0..SCENARIOS {
        std::fs::write(root.join(format!("cases/load/n{n:03}.yaml")), scenario(n)).expect("case");
    }
    std::fs::write(
        root.join("targets/loaded.yaml"),
        format!(
            "name: loaded\nendpoint: {url}\ncapabilities: [admin]\n\
             sites:\n  main: {{ name: cmr, id: 10001, admin: {{ webExID: admin, password: {{ env: WBXCONF_LOAD_ADMIN }} }} }}\n\
             timeouts: {{ request: 60s }}\n"
        ),
    )
    .expect("profile");
    let reports = root.join("reports");
    let out = Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .arg("--suite")
        .arg(root)
        .args(["run", "--target", "loaded", "--test-threads"])
        .arg(SCENARIOS.to_string())
        .arg("--reports")
        .arg(&reports)
        .env("WBXCONF_LOAD_ADMIN", ADMIN_PASSWORD)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("run wbxconf");
    let all = support::text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    let json = std::fs::read_to_string(reports.join("latest/results.json")).expect("report");
    let report = wbxconf::report::json::read(&json).expect("report");
    assert_eq!(report.scenarios.len(), SCENARIOS);

    // What the run says it created.
    let mut hosted = BTreeSet::new();
    let mut kept = BTreeSet::new();
    let mut actors = BTreeSet::new();
    for s in &report.scenarios {
        assert_eq!(s.verdict, Verdict::Pass, "{}", s.id);
        for step in &s.steps {
            for (name, value) in &step.captured {
                match name.as_str() {
                    "hosted" => assert!(hosted.insert(value.clone()), "{value} twice"),
                    "kept" => assert!(kept.insert(value.clone()), "{value} twice"),
                    _ => {}
                }
            }
            if step.phase == Phase::Setup {
                let request = step.request.as_deref().unwrap_or_default();
                let id = text_of(request, "webExId");
                actors.insert(id.first().expect("provisioned id").to_string());
            }
        }
    }
    assert_eq!(hosted.len(), SCENARIOS);
    assert_eq!(kept.len(), SCENARIOS);
    assert_eq!(actors.len(), SCENARIOS);

    // What the reference holds, asked as its admin.
    let client = {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("client")
    };
    let ask = |api: &str, body: String| {
        let doc = admin_request(&format!("java:com.webex.service.binding.{api}"), &body);
        rt.block_on(async {
            client
                .post(&url)
                .body(doc)
                .send()
                .await
                .expect("answer")
                .text()
                .await
                .expect("body")
        })
    };
    for key in &kept {
        let answer = ask(
            "meeting.GetMeeting",
            format!("<meetingKey>{key}</meetingKey>"),
        );
        assert!(answer.contains("SUCCESS"), "kept meeting {key}: {answer}");
        let name = text_of(&answer, "confName");
        assert!(
            name.first()
                .is_some_and(|n| n.starts_with("load n") && n.ends_with(" kept")),
            "{key}: {name:?}"
        );
    }
    for key in &hosted {
        let answer = ask(
            "meeting.GetMeeting",
            format!("<meetingKey>{key}</meetingKey>"),
        );
        assert!(
            answer.contains("<serv:exceptionID>060001</serv:exceptionID>"),
            "the finally step deleted {key}: {answer}"
        );
    }
    let users = ask(
        "user.LstsummaryUser",
        "<listControl><startFrom>1</startFrom><maximumNum>1000</maximumNum></listControl>"
            .to_string(),
    );
    let listed: BTreeSet<&str> = text_of(&users, "webExId").into_iter().collect();
    for a in &actors {
        assert!(listed.contains(a.as_str()), "{a} is not on the site");
    }
    let active = text_of(&users, "active");
    let ids = text_of(&users, "webExId");
    assert_eq!(ids.len(), active.len(), "{users}");
    for (id, state) in ids.iter().zip(&active) {
        if actors.contains(*id) {
            assert_eq!(*state, "DEACTIVATED", "{id} was removed after its scenario");
        }
    }
    rt.block_on(running.shutdown());
}
