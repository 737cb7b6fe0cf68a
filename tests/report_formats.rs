//! Every reporter fed the same realistic run: a pass, a warning, a failure with
//! differences and a diff (whose response is hostile), a skip, an unreachable
//! target and a harness error.

use std::collections::BTreeMap;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::XmlVersion;
use wbxconf::report::{files, html, json, junit, markdown, terminal};
use wbxconf::runner::outcome::{
    CheckOutcome, DifferenceRecord, Level, MailRecord, Phase, RunReport, ScenarioOutcome,
    StepOutcome, TargetInfo, Totals, Verdict,
};

const HOSTILE: &str = "</pre><script>alert(1)</script> ]]> \u{1b}[2J\u{0}";

fn envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\">\n\
         {body}\n</serv:message>\n"
    )
}

fn step(index: usize, phase: Phase, name: &str, line: u32, call: &str) -> StepOutcome {
    StepOutcome {
        index,
        phase,
        name: name.to_string(),
        line,
        actor: "host_a".to_string(),
        call: call.to_string(),
        verdict: Verdict::Pass,
        reason: None,
        duration_ms: 42,
        request: Some(envelope(&format!(
            "<header><securityContext><webExID>host_a</webExID><password>«secret-1»</password></securityContext></header>\n\
             <body><bodyContent xsi:type=\"java:com.webex.service.binding.meeting.{call}\"/></body>"
        ))),
        http_status: Some(200),
        response: Some(envelope(
            "<serv:header><serv:response><serv:result>SUCCESS</serv:result></serv:response></serv:header>",
        )),
        checks: vec![check("result", "result is SUCCESS", true)],
        captured: Vec::new(),
    }
}

fn check(kind: &str, description: &str, passed: bool) -> CheckOutcome {
    CheckOutcome {
        kind: kind.to_string(),
        description: description.to_string(),
        level: Level::Must,
        clause: None,
        passed,
        expected: None,
        actual: None,
        differences: Vec::new(),
        diff: None,
        hint: None,
        line: 0,
    }
}

fn scenario(id: &str, title: &str, file: &str, line: u32, verdict: Verdict) -> ScenarioOutcome {
    ScenarioOutcome {
        id: id.to_string(),
        title: title.to_string(),
        file: file.to_string(),
        line,
        covers: Vec::new(),
        verdict,
        reason: None,
        duration_ms: 120,
        steps: Vec::new(),
        mails: Vec::new(),
        replay: None,
    }
}

const FAILING_DIFF: &str = "--- expected
+++ actual
@@ -4,5 +4,5 @@
     <serv:bodyContent>
       <ep:session>
-        <ep:isException>true</ep:isException>
+        <ep:isException>false</ep:isException>
       </ep:session>
";

fn sample_run() -> RunReport {
    let mut passing = scenario(
        "recurring/list-weekly",
        "A weekly meeting lists once with its recurrence",
        "cases/recurring/list.yaml",
        1,
        Verdict::Pass,
    );
    passing.covers = vec!["REC-1".to_string()];
    passing.replay = Some(wbxconf::runner::outcome::Replay {
        now: "2024-05-01T10:15:00.123456789Z".to_string(),
        scenario_uid: "3f2a1".to_string(),
        run_id: "20240501T101500Z-3f2a".to_string(),
        actors: vec![wbxconf::runner::outcome::ReplayActor {
            name: "host_a".to_string(),
            web_ex_id: "hosta3f2a1".to_string(),
            email: "hosta3f2a1@wbxconf.test".to_string(),
            first: "host_a".to_string(),
            last: "Wbxconf 3f2a1".to_string(),
            site: "cmr".to_string(),
            site_id: Some(10001),
        }],
    });
    let mut provision = step(1, Phase::Setup, "provision host_a", 0, "CreateUser");
    provision.actor = "admin".to_string();
    let mut create = step(1, Phase::Steps, "host A schedules", 9, "CreateMeeting");
    create.captured = vec![("meeting".to_string(), "123456789".to_string())];
    passing.steps = vec![provision, create];
    let invitation = MailRecord {
        to: "attendee-7@example.test".to_string(),
        kind: "invitation".to_string(),
        subject: "Meeting invitation: Weekly sync".to_string(),
        method: Some("REQUEST".to_string()),
        uid: Some("uid-1@webex".to_string()),
        sequence: Some(0),
        recurrence_id: None,
        step: Some(1),
    };
    let occurrence = MailRecord {
        kind: "update".to_string(),
        subject: "Meeting updated: <img src=x onerror=alert(2)>".to_string(),
        sequence: Some(1),
        recurrence_id: Some("20240508T100000Z".to_string()),
        step: None,
        ..invitation.clone()
    };
    passing.mails = vec![invitation, occurrence];

    let mut warning = scenario(
        "deactivated-host/attendee-mail",
        "The attendee of a deactivated host is told",
        "cases/deactivated-host/mail.yaml",
        3,
        Verdict::Warn,
    );
    let mut mailed = step(
        2,
        Phase::Steps,
        "the attendee gets a cancellation",
        21,
        "SetUser",
    );
    mailed.verdict = Verdict::Warn;
    let mut mail_check = check("mail", "attendee_c receives a cancellation", false);
    mail_check.level = Level::Should;
    mail_check.clause = Some("DEACT-4".to_string());
    mail_check.expected = Some("cancellation".to_string());
    mail_check.actual = Some("no mail within 5 s".to_string());
    mailed.checks.push(mail_check);
    warning.steps = vec![mailed];

    let mut failing = scenario(
        "deactivated-host/alternate-host-and-attendee",
        "A deactivated host's meeting disappears for its alternate host",
        "cases/deactivated-host/list.yaml",
        1,
        Verdict::Fail,
    );
    failing.covers = vec!["DEACT-3".to_string(), "DEACT-5".to_string()];
    failing.duration_ms = 1_234;
    let mut listed = step(
        3,
        Phase::Steps,
        "host B no longer lists the meeting",
        27,
        "LstsummarySession",
    );
    listed.actor = "host_b".to_string();
    listed.verdict = Verdict::Fail;
    listed.response = Some(envelope(&format!(
        "<serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:reason>{HOSTILE}</serv:reason></serv:response></serv:header>\n\
         <serv:body><serv:bodyContent><ep:session><ep:isException>false</ep:isException></ep:session></serv:bodyContent></serv:body>"
    )));
    let mut golden = check(
        "golden",
        "response matches golden/deactivated-host/alternate-host-and-attendee.list.xml",
        false,
    );
    golden.clause = Some("DEACT-3".to_string());
    golden.differences = vec![
        DifferenceRecord {
            kind: "text".to_string(),
            expected_path: "/message/body/bodyContent/session[1]/isException".to_string(),
            actual_path: "/message/body/bodyContent/session[1]/isException".to_string(),
            expected: Some("true".to_string()),
            actual: Some("false".to_string()),
        },
        DifferenceRecord {
            kind: "extra-element".to_string(),
            expected_path: "/message/header/response".to_string(),
            actual_path: "/message/header/response/reason".to_string(),
            expected: None,
            actual: Some(HOSTILE.to_string()),
        },
    ];
    golden.diff = Some(FAILING_DIFF.to_string());
    golden.hint =
        Some("wbxconf bless deactivated-host/alternate-host-and-attendee --step 3".to_string());
    let mut count = check("count", "count(//session) is 0 | none listed", false);
    count.expected = Some("0".to_string());
    count.actual = Some("1".to_string());
    count.line = 31;
    listed.checks.push(golden);
    listed.checks.push(count);
    failing.steps = vec![
        step(1, Phase::Steps, "host A schedules", 9, "CreateMeeting"),
        listed,
    ];

    let mut skipped = scenario(
        "partner/create-user",
        "A partner admin creates a user",
        "cases/partner/create.yaml",
        1,
        Verdict::Skip,
    );
    skipped.reason = Some(
        "the target lacks capability `partner` (add it under `capabilities:` in targets/acme.yaml)"
            .to_string(),
    );

    let mut unreachable = scenario(
        "timezone/list",
        "Time zones are listed with their GMT offsets",
        "cases/timezone/list.yaml",
        4,
        Verdict::Unreachable,
    );
    let mut refused = step(1, Phase::Steps, "list the time zones", 8, "LstTimeZone");
    refused.verdict = Verdict::Unreachable;
    refused.http_status = None;
    refused.response = None;
    let mut transport = check("transport", "the target answers", false);
    transport.actual = Some("connection refused (os error 111)".to_string());
    refused.checks = vec![transport];
    unreachable.steps = vec![refused];

    let mut error = scenario(
        "recurring/exception-dates",
        "Exception dates survive an update",
        "cases/recurring/exceptions.yaml",
        30,
        Verdict::Error,
    );
    error.reason = Some("golden file golden/recurring/exception-dates.xml is not XML".to_string());

    let scenarios = vec![passing, warning, failing, skipped, unreachable, error];
    RunReport {
        run_id: "20240501T101500Z-3f2a".to_string(),
        started_at: "2024-05-01T10:15:00Z".to_string(),
        finished_at: "2024-05-01T10:15:04Z".to_string(),
        duration_ms: 4_321,
        harness_version: "0.1.0".to_string(),
        suite_digest: "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
            .to_string(),
        target: TargetInfo {
            name: "reference".to_string(),
            endpoint: "http://127.0.0.1:41234/WBXService/XMLService".to_string(),
            embedded: true,
            release: Some("sp11".to_string()),
            switches: vec!["keep-deactivated-meetings".to_string()],
        },
        incomplete: false,
        totals: Totals::count(&scenarios),
        scenarios,
    }
}

fn render(f: fn(&RunReport, &mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    f(&sample_run(), &mut buf).expect("writing into memory");
    String::from_utf8(buf).expect("reports are UTF-8")
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../src/report/snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

// ---------------------------------------------------------------- JUnit

/// A test case as a CI reader sees it after parsing.
#[derive(Debug, Default)]
struct Case {
    attrs: BTreeMap<String, String>,
    /// Child element name → (its attributes, its text).
    children: BTreeMap<String, (BTreeMap<String, String>, String)>,
}

struct Parsed {
    suite: BTreeMap<String, String>,
    properties: BTreeMap<String, String>,
    cases: Vec<Case>,
}

fn attributes(e: &quick_xml::events::BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let key = a.key.as_ref().to_owned();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .expect("attribute value unescapes")
                .into_owned();
            (key, value)
        })
        .collect()
}

fn parse_junit(xml: &str) -> Parsed {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut parsed = Parsed {
        suite: BTreeMap::new(),
        properties: BTreeMap::new(),
        cases: Vec::new(),
    };
    let mut open: Option<String> = None;
    let mut text = String::new();
    loop {
        match reader.read_event().expect("junit.xml is well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                let attrs = attributes(&e);
                match name.as_str() {
                    "testsuite" => parsed.suite = attrs,
                    "property" => {
                        parsed
                            .properties
                            .insert(attrs["name"].clone(), attrs["value"].clone());
                    }
                    "testcase" => parsed.cases.push(Case {
                        attrs,
                        ..Case::default()
                    }),
                    "failure" | "skipped" | "system-out" => {
                        let case = parsed.cases.last_mut().expect("inside a testcase");
                        case.children.insert(name.clone(), (attrs, String::new()));
                        open = Some(name);
                        text.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("valid reference") {
                Some(c) => text.push(c),
                None => text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&r).expect("predefined entity"),
                ),
            },
            Event::CData(_) => panic!("no CDATA expected"),
            Event::End(e) => {
                let name = e.name().as_ref().to_owned();
                if open.as_deref() == Some(name.as_str()) {
                    let case = parsed.cases.last_mut().expect("inside a testcase");
                    if let Some(child) = case.children.get_mut(&name) {
                        child.1 = std::mem::take(&mut text);
                    }
                    open = None;
                }
            }
            _ => {}
        }
    }
    parsed
}

#[test]
fn junit_parses_and_counts_every_scenario() {
    let xml = render(junit::write);
    let parsed = parse_junit(&xml);
    assert_eq!(parsed.suite["name"], "wbxconf");
    assert_eq!(parsed.suite["tests"], "6");
    assert_eq!(parsed.suite["failures"], "3");
    assert_eq!(parsed.suite["errors"], "0");
    assert_eq!(parsed.suite["skipped"], "1");
    assert_eq!(parsed.suite["time"], "4.321");
    assert_eq!(parsed.properties["suite_digest"], sample_run().suite_digest);
    assert_eq!(parsed.properties["switches"], "keep-deactivated-meetings");
    assert_eq!(parsed.cases.len(), 6);

    let names: Vec<&str> = parsed
        .cases
        .iter()
        .map(|c| c.attrs["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "recurring/list-weekly",
            "deactivated-host/attendee-mail",
            "deactivated-host/alternate-host-and-attendee",
            "partner/create-user",
            "timezone/list",
            "recurring/exception-dates",
        ]
    );
    let kinds: Vec<Vec<&str>> = parsed
        .cases
        .iter()
        .map(|c| c.children.keys().map(String::as_str).collect())
        .collect();
    assert_eq!(
        kinds,
        [
            vec![],
            vec!["system-out"],
            vec!["failure"],
            vec!["skipped"],
            vec!["failure"],
            vec!["failure"],
        ]
    );
}

#[test]
fn junit_test_cases_carry_section_file_line_and_time() {
    let parsed = parse_junit(&render(junit::write));
    let failing = &parsed.cases[2].attrs;
    assert_eq!(failing["classname"], "deactivated-host");
    assert_eq!(failing["file"], "cases/deactivated-host/list.yaml");
    assert_eq!(failing["line"], "1");
    assert_eq!(failing["time"], "1.234");
    assert_eq!(parsed.cases[0].attrs["classname"], "recurring");
}

#[test]
fn junit_failure_lists_every_failed_check_with_differences_and_hint() {
    let parsed = parse_junit(&render(junit::write));
    let (attrs, body) = &parsed.cases[2].children["failure"];
    assert_eq!(attrs["type"], "fail");
    assert_eq!(
        attrs["message"],
        "FAIL at cases/deactivated-host/list.yaml:27 step 3 \"host B no longer lists the meeting\": \
         response matches golden/deactivated-host/alternate-host-and-attendee.list.xml \
         (and 1 more failed checks)"
    );
    for needle in [
        "--> cases/deactivated-host/list.yaml:27",
        "golden (must, clause DEACT-3)",
        "text at /message/body/bodyContent/session[1]/isException: expected \"true\", actual \"false\"",
        "extra-element at /message/header/response (actual /message/header/response/reason)",
        "-        <ep:isException>true</ep:isException>",
        "+        <ep:isException>false</ep:isException>",
        "hint: wbxconf bless deactivated-host/alternate-host-and-attendee --step 3",
        "count (must, line 31): count(//session) is 0 | none listed",
        "expected: 0",
        "actual  : 1",
    ] {
        assert!(body.contains(needle), "failure text lacks {needle:?}:\n{body}");
    }
    // The hostile reason survives as text; the raw file never holds it as markup.
    assert!(body.contains("</pre><script>alert(1)</script> ]]>"));

    let (attrs, body) = &parsed.cases[4].children["failure"];
    assert_eq!(attrs["type"], "unreachable");
    assert!(body.contains("connection refused (os error 111)"));
    assert_eq!(
        attrs["message"],
        "UNREACHABLE at cases/timezone/list.yaml:8 step 1 \"list the time zones\": \
         the target answers: actual connection refused (os error 111)"
    );
    let (attrs, body) = &parsed.cases[5].children["failure"];
    assert_eq!(attrs["type"], "error");
    assert!(body.contains("golden file golden/recurring/exception-dates.xml is not XML"));
    assert!(attrs["message"].contains("is not XML"));
}

#[test]
fn junit_skips_give_their_reason_and_warnings_go_to_system_out() {
    let parsed = parse_junit(&render(junit::write));
    let (attrs, _) = &parsed.cases[3].children["skipped"];
    assert!(attrs["message"].starts_with("the target lacks capability `partner`"));
    let (_, out) = &parsed.cases[1].children["system-out"];
    assert!(out.contains("mail (should, clause DEACT-4): attendee_c receives a cancellation"));
    assert!(out.contains("actual  : no mail within 5 s"));
}

#[test]
fn junit_escapes_markup_and_drops_forbidden_characters() {
    let xml = render(junit::write);
    assert!(!xml.contains("<script>"));
    assert!(!xml.contains("]]>"));
    assert!(!xml.contains('\u{0}'));
    assert!(!xml.contains('\u{1b}'));
    snapshot!("junit.xml", xml);
}

// ---------------------------------------------------------------- JSON

#[test]
fn json_round_trips_field_for_field() {
    let r = sample_run();
    let mut buf = Vec::new();
    json::write(&r, &mut buf).expect("writing into memory");
    let text = String::from_utf8(buf).expect("JSON is UTF-8");
    let back = json::read(&text).expect("results.json reads back");
    // `RunReport` has no `PartialEq`; its Debug form shows every field.
    assert_eq!(format!("{back:#?}"), format!("{r:#?}"));
    assert!(text.ends_with("}\n"));
    assert!(text.contains("\n  \"run_id\": \"20240501T101500Z-3f2a\""));
}

/// Every key `results.json` can hold (the sample sets every optional field).
fn json_keys(v: &serde_json::Value, keys: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, inner) in map {
                keys.insert(k.clone());
                json_keys(inner, keys);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| json_keys(i, keys)),
        _ => {}
    }
}

#[test]
fn reports_readme_documents_every_json_field() {
    let value = serde_json::to_value(sample_run()).expect("report serialises");
    let mut keys = std::collections::BTreeSet::new();
    json_keys(&value, &mut keys);
    let readme = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/README.md"));
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !readme.contains(&format!("| `{k}`")))
        .collect();
    assert!(missing.is_empty(), "reports/README.md lacks {missing:?}");
    assert!(keys.len() > 50, "the sample exercises the whole schema");
}

#[test]
fn json_read_says_where_it_stopped() {
    let err = json::read("{\"run_id\": 3}").expect_err("not a report");
    assert!(err.contains("line 1"), "{err}");
}

// ---------------------------------------------------------------- Markdown

#[test]
fn markdown_summary_snapshot() {
    let md = render(markdown::write);
    // The hostile reason appears only inside a code span, where Markdown shows
    // it literally.
    for line in md.lines().filter(|l| l.contains("<script>")) {
        assert!(
            line.contains("`</pre><script>alert(1)</script> ]]> \\u{1b}[2J\\u{0}`"),
            "{line}"
        );
    }
    assert!(!md.contains('\u{1b}'));
    snapshot!("summary.md", md);
}

// ---------------------------------------------------------------- terminal

fn summary(color: bool) -> String {
    let mut out = String::new();
    terminal::write_summary(&sample_run(), &mut out, terminal::Style { color })
        .expect("writing into a String");
    out
}

#[test]
fn terminal_summary_snapshot() {
    let plain = summary(false);
    assert!(
        !plain.contains('\u{1b}'),
        "no colour asked, no escape written"
    );
    assert!(
        plain.ends_with("\n2 passed, 3 failed, 1 skipped\n"),
        "{plain}"
    );
    snapshot!("terminal.txt", plain);
}

#[test]
fn terminal_colours_diff_lines_only_when_asked() {
    let coloured = summary(true);
    assert!(coloured.contains("\u{1b}[31m-        <ep:isException>true</ep:isException>\u{1b}[0m"));
    assert!(coloured.contains("\u{1b}[32m+        <ep:isException>false</ep:isException>\u{1b}[0m"));
    // The hostile ESC from the response is shown, never sent.
    assert!(coloured.contains("\\u{1b}[2J"));
    assert!(!coloured.contains("\u{1b}[2J"));
    assert_eq!(
        strip_ansi(&coloured),
        summary(false),
        "colour adds escapes and nothing else"
    );
}

fn strip_ansi(s: &str) -> String {
    let re = regex::Regex::new("\u{1b}\\[[0-9;]*m").expect("valid pattern");
    re.replace_all(s, "").into_owned()
}

#[test]
fn scenario_lines_name_the_verdict_first() {
    let mut out = String::new();
    for s in &sample_run().scenarios {
        terminal::write_scenario_line(s, &mut out, terminal::Style::default())
            .expect("writing into a String");
    }
    assert_eq!(
        out,
        "PASS        recurring/list-weekly (0.120 s)\n\
         WARN        deactivated-host/attendee-mail (0.120 s)\n\
         FAIL        deactivated-host/alternate-host-and-attendee (1.234 s)\n\
         SKIP        partner/create-user (0.120 s): the target lacks capability `partner` \
         (add it under `capabilities:` in targets/acme.yaml)\n\
         UNREACHABLE timezone/list (0.120 s)\n\
         ERROR       recurring/exception-dates (0.120 s): golden file \
         golden/recurring/exception-dates.xml is not XML\n"
    );
}

#[test]
fn totals_line_is_what_ci_log_readers_look_for() {
    assert_eq!(
        terminal::totals_line(&sample_run()),
        "2 passed, 3 failed, 1 skipped"
    );
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_shows_the_failing_step_escaped() {
    let page = render(html::write);
    // The request, the response and the diff of the failing step, escaped.
    assert!(page.contains("&lt;ep:isException&gt;false&lt;/ep:isException&gt;"));
    assert!(page.contains(
        "<span class=\"del\">-        &lt;ep:isException&gt;true&lt;/ep:isException&gt;\n</span>"
    ));
    assert!(page.contains(
        "<span class=\"add\">+        &lt;ep:isException&gt;false&lt;/ep:isException&gt;\n</span>"
    ));
    assert!(page.contains("&lt;password&gt;«secret-1»&lt;/password&gt;"));
    assert!(page.contains("/message/body/bodyContent/session[1]/isException"));
    assert!(page.contains("wbxconf bless deactivated-host/alternate-host-and-attendee --step 3"));
    assert!(page.contains("Meeting invitation: Weekly sync"));
    // The hostile reason renders as text.
    assert!(page.contains("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;"));
}

#[test]
fn html_never_carries_hostile_markup_or_outside_resources() {
    let page = render(html::write);
    assert!(
        !page.contains("<script"),
        "no script at all, hostile or not"
    );
    assert!(!page.contains("</pre><script>"));
    assert!(!page.contains("<img"));
    assert!(page.contains("Meeting updated: &lt;img src=x onerror=alert(2)&gt;"));
    assert!(!page.contains('\u{0}'));
    // Escaped documents may mention URLs and `src=` as text; no tag may.
    let tag =
        regex::Regex::new(r"<[a-z][^>]*(\bsrc\s*=|\bhref\s*=|https?:|//)").expect("valid pattern");
    let lower = page.to_ascii_lowercase();
    assert_eq!(
        tag.find(&lower).map(|m| m.as_str()),
        None,
        "the page must load nothing"
    );
    let style = &page
        [page.find("<style>").expect("inline style")..page.find("</style>").expect("style ends")];
    for outside in ["url(", "@import", "http"] {
        assert!(
            !style.contains(outside),
            "the style must load nothing ({outside})"
        );
    }
}

#[test]
fn html_lists_every_scenario_with_its_filter_group() {
    let page = render(html::write);
    for (group, n) in [
        ("passing", 1),
        ("warnings", 1),
        ("failing", 3),
        ("skipped", 1),
    ] {
        let needle = format!("<li class=\"scenario {group}\">");
        assert_eq!(page.matches(&needle).count(), n, "{group}");
    }
    assert!(page.contains("<label for=\"f-failing\">Failing (3)</label>"));
    // Failing and warning scenarios open themselves; the others stay folded.
    assert_eq!(
        page.matches("<li class=\"scenario failing\">\n<details open>")
            .count(),
        3
    );
    assert!(page.contains("<li class=\"scenario passing\">\n<details>"));
    snapshot!("index.html", page);
}

// ---------------------------------------------------------------- files

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder exists") {
        let entry = entry.expect("folder entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().expect("file type").is_dir() {
            for inner in listing(&entry.path()) {
                names.push(format!("{name}/{inner}"));
            }
        } else {
            names.push(name);
        }
    }
    names.sort();
    names
}

const RUN_FILES: [&str; 10] = [
    "index.html",
    "junit.xml",
    "results.json",
    "summary.md",
    "transcript/deactivated-host__alternate-host-and-attendee.txt",
    "transcript/deactivated-host__attendee-mail.txt",
    "transcript/partner__create-user.txt",
    "transcript/recurring__exception-dates.txt",
    "transcript/recurring__list-weekly.txt",
    "transcript/timezone__list.txt",
];

#[test]
fn write_run_leaves_every_file_and_a_complete_latest() {
    let root = tempfile::tempdir().expect("temp folder");
    let reports = root.path().join("reports");
    let first = sample_run();
    let dir = files::write_run(&first, &reports).expect("first run written");
    assert_eq!(dir, reports.join("20240501T101500Z-3f2a"));
    assert_eq!(listing(&dir), RUN_FILES);
    assert_eq!(listing(&reports.join("latest")), RUN_FILES);

    let transcript =
        read(&dir.join("transcript/deactivated-host__alternate-host-and-attendee.txt"));
    let request = transcript.find("--- request").expect("request shown");
    let response = transcript
        .find("--- response (HTTP 200)")
        .expect("response shown");
    assert!(request < response, "request before response");
    assert!(
        transcript.contains("=== step 3 \"host B no longer lists the meeting\": FAIL in 0.042 s")
    );
    assert!(
        transcript.contains("\\u{1b}[2J"),
        "control characters are shown, not kept"
    );

    // A second run replaces latest whole, and keeps the first run's folder.
    let mut second = sample_run();
    second.run_id = "20240501T111500Z-77aa".to_string();
    second.scenarios.truncate(1);
    second.totals = Totals::count(&second.scenarios);
    files::write_run(&second, &reports).expect("second run written");
    assert_eq!(
        listing(&reports.join("latest")),
        [
            "index.html",
            "junit.xml",
            "results.json",
            "summary.md",
            "transcript/recurring__list-weekly.txt"
        ]
    );
    let latest = json::read(&read(&reports.join("latest/results.json"))).expect("latest JSON");
    assert_eq!(latest.run_id, "20240501T111500Z-77aa");
    assert_eq!(listing(&dir), RUN_FILES);
    // Nothing temporary is left beside the run folders.
    let mut top: Vec<String> = std::fs::read_dir(&reports)
        .expect("reports folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        ["20240501T101500Z-3f2a", "20240501T111500Z-77aa", "latest"]
    );
}

#[test]
fn write_run_refuses_a_run_id_that_leaves_the_folder() {
    let root = tempfile::tempdir().expect("temp folder");
    for bad in ["", "..", "latest", "../x", "a/b", ".hidden"] {
        let mut r = sample_run();
        r.run_id = bad.to_string();
        let err = files::write_run(&r, root.path()).expect_err(bad);
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{bad:?}");
    }
    assert_eq!(listing(root.path()), Vec::<String>::new());
}

#[test]
fn write_atomic_replaces_the_file_and_leaves_nothing_behind() {
    let root = tempfile::tempdir().expect("temp folder");
    let path = root.path().join("summary.md");
    files::write_atomic(&path, b"first").expect("first write");
    files::write_atomic(&path, b"second, longer").expect("second write");
    assert_eq!(read(&path), "second, longer");
    assert_eq!(listing(root.path()), ["summary.md"]);
}

#[test]
fn write_atomic_cleans_up_when_the_rename_fails() {
    let root = tempfile::tempdir().expect("temp folder");
    let occupied = root.path().join("summary.md");
    std::fs::create_dir(&occupied).expect("a folder in the way");
    std::fs::write(occupied.join("keep"), b"x").expect("folder content");
    files::write_atomic(&occupied, b"new").expect_err("cannot replace a folder");
    assert_eq!(listing(root.path()), ["summary.md/keep"]);
}

#[test]
fn write_atomic_reports_a_missing_folder() {
    let root = tempfile::tempdir().expect("temp folder");
    let err =
        files::write_atomic(&root.path().join("absent/summary.md"), b"x").expect_err("no folder");
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn an_empty_interrupted_run_still_reports() {
    let mut r = sample_run();
    r.scenarios.clear();
    r.totals = Totals::count(&r.scenarios);
    r.incomplete = true;
    let root = tempfile::tempdir().expect("temp folder");
    let dir = files::write_run(&r, root.path()).expect("empty run written");
    assert_eq!(
        listing(&dir),
        ["index.html", "junit.xml", "results.json", "summary.md"]
    );

    let parsed = parse_junit(&read(&dir.join("junit.xml")));
    assert_eq!(parsed.suite["tests"], "0");
    assert_eq!(parsed.properties["incomplete"], "true");
    let md = read(&dir.join("summary.md"));
    assert!(md.contains("No scenario ran."));
    assert!(md.contains("**Incomplete:**"));
    assert!(read(&dir.join("index.html")).contains("class=\"incomplete\""));

    let mut out = String::new();
    terminal::write_summary(&r, &mut out, terminal::Style::default()).expect("into a String");
    assert!(out.contains("the run is incomplete"));
    assert!(out.ends_with("\n0 passed, 0 failed, 0 skipped\n"));
}

#[test]
fn html_shows_a_huge_answer_cut_and_keeps_it_whole_in_the_json() {
    let mut run = sample_run();
    let huge = format!("<a>{}</a>", "é".repeat(150_000));
    let step = run
        .scenarios
        .iter_mut()
        .flat_map(|s| s.steps.iter_mut())
        .find(|s| s.response.is_some())
        .expect("a step with a response");
    step.response = Some(huge.clone());
    let mut page = Vec::new();
    html::write(&run, &mut page).expect("into memory");
    let page = String::from_utf8(page).expect("UTF-8");
    assert!(page.len() < 200_000, "{} bytes", page.len());
    assert!(page.contains("more bytes: the whole document is in results.json"));
    let mut json = Vec::new();
    wbxconf::report::json::write(&run, &mut json).expect("into memory");
    assert!(String::from_utf8(json).expect("UTF-8").contains(&huge));
}
