//! Golden files and inline expectations: broken placeholders are rejected when the
//! suite loads (so by `check` and `run` alike), and `wbxconf bless` writes files that
//! pass the next run and still fail when the answer really changes.

mod support;

use std::path::Path;

const GOLDEN: &str = "golden/base/envelope.api-version.xml";
const GOOD: &str = "{{regex WebEx XML API V.+}}";

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn broken_placeholders_in_a_golden_file_stop_check_and_run_naming_the_place() {
    let suite = support::suite_copy();
    let golden = suite.path().join(GOLDEN);
    let cases: [(&str, &str); 5] = [
        (
            "{{rgx .+}}",
            "unknown placeholder kind `rgx`: did you mean `regex`?",
        ),
        (
            "{{var nosuch}}",
            "`{{var nosuch}}` in scenario `base/envelope`: unknown variable `nosuch`",
        ),
        (
            "{{regex (unclosed}}",
            "invalid regex `(unclosed`: unclosed group",
        ),
        (
            "{{regex WebEx XML API V.+",
            "placeholder opened with `{{` is never closed with `}}`",
        ),
        ("{{var}}", "malformed placeholder `{{var}}`"),
    ];
    for (broken, message) in cases {
        replace_in(&golden, GOOD, broken);
        for command in [&["check"][..], &["run", "base/envelope", "--exact"][..]] {
            let out = support::wbxconf(suite.path(), command);
            let all = support::text(&out);
            assert_eq!(out.status.code(), Some(2), "{command:?} {broken}: {all}");
            assert!(all.contains(message), "{command:?} {broken}: {all}");
            assert!(
                all.contains("--> golden/base/envelope.api-version.xml:10:22"),
                "{broken}: {all}"
            );
            assert!(all.contains("cases/base/envelope.yaml:6"), "{all}");
            assert!(all.contains("nothing was sent"), "{all}");
        }
        replace_in(&golden, broken, GOOD);
    }
    let out = support::wbxconf(suite.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
}

#[test]
fn variables_a_template_knows_are_valid_in_golden_files_and_others_are_not() {
    let suite = support::suite_copy();
    let golden = suite.path().join(GOLDEN);
    // Known at that step: an account field, the run and scenario ids.
    replace_in(
        &golden,
        "<ep:release>{{any}}</ep:release>",
        "<ep:release>{{any}}</ep:release><!-- {{rgx}} in a comment is a note -->",
    );
    let text = std::fs::read_to_string(&golden).expect("read");
    std::fs::write(
        &golden,
        text.replace(
            GOOD,
            "{{regex .*}}{{var admin.id}}{{var run.id}}{{var scenario.id}}",
        ),
    )
    .expect("write");
    let out = support::wbxconf(suite.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
    let text = std::fs::read_to_string(&golden).expect("read");
    std::fs::write(&golden, text.replace("{{var run.id}}", "{{var host.id}}")).expect("write");
    let out = support::wbxconf(suite.path(), &["check"]);
    let all = support::text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains("`{{var host.id}}` in scenario `base/envelope`: unknown variable `host.id`"),
        "{all}"
    );
}

#[test]
fn broken_placeholders_in_inline_xml_point_into_the_scenario_file() {
    let suite = support::suite_copy();
    let case = suite.path().join("cases/base/envelope.yaml");
    replace_in(
        &case,
        "      golden: base/envelope.api-version.xml\n",
        "      xml: |\n        <serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\">{{lng}}</serv:message>\n",
    );
    let out = support::wbxconf(suite.path(), &["check"]);
    let all = support::text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains("in `xml`: unknown placeholder kind `lng`: did you mean `long`?"),
        "{all}"
    );
    assert!(all.contains("--> cases/base/envelope.yaml:13:"), "{all}");
}

/// `wbxconf new` writes a scenario; this adds a golden expectation to its GetMeeting.
fn first_case_with_golden(suite: &Path) {
    let out = support::wbxconf(suite, &["new", "base/my-first-case"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
    replace_in(
        &suite.join("cases/base/my-first-case.yaml"),
        "      result: SUCCESS\n",
        "      result: SUCCESS\n      golden: base/my-first.xml\n",
    );
}

fn bless(suite: &Path, filter: &str) -> String {
    let out = support::wbxconf(suite, &["bless", filter]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
    let out_accept = support::wbxconf(suite, &["bless", "--accept"]);
    assert_eq!(
        out_accept.status.code(),
        Some(0),
        "{}",
        support::text(&out_accept)
    );
    support::text(&out)
}

#[test]
fn a_blessed_golden_file_passes_the_next_run_and_fails_a_changed_answer() {
    let suite = support::suite_copy();
    let root = suite.path();
    first_case_with_golden(root);
    let said = bless(root, "base/my-first-case");
    assert!(said.contains("1 pending golden file(s)"), "{said}");
    let golden = std::fs::read_to_string(root.join("golden/base/my-first.xml")).expect("golden");
    for expected in [
        "<meet:confName>Example {{var scenario.id}}</meet:confName>",
        "<meet:hostWebExID>{{var host.id}}</meet:hostWebExID>",
        "<meet:startDate>{{date}}</meet:startDate>",
        "<meet:meetingkey>{{var meeting}}</meet:meetingkey>",
        // Generated afresh by the target: different in the two runs of one bless.
        "<meet:hostKey>{{long}}</meet:hostKey>",
        "<meet:eventID>{{long}}</meet:eventID>",
        "<meet:guestToken>{{any}}</meet:guestToken>",
        // Constants stay literal, so they are still asserted.
        "<meet:timeZoneID>4</meet:timeZoneID>",
        "<meet:isException>false</meet:isException>",
    ] {
        assert!(golden.contains(expected), "{expected} not in\n{golden}");
    }
    let out = support::wbxconf(root, &["run", "base/my-first-case", "--exact"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
    // The whole suite at once: counters and run tags differ from the bless run's.
    let out = support::wbxconf(root, &["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));

    // A target whose answer lacks elements the file asserts fails it.
    let out = support::wbxconf(
        root,
        &[
            "run",
            "base/my-first-case",
            "--exact",
            "--defect",
            "meeting-omits-exception-elements",
        ],
    );
    let all = support::text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("golden/base/my-first.xml"), "{all}");
    // And so does a literal that no longer matches.
    replace_in(
        &root.join("golden/base/my-first.xml"),
        "<meet:timeZoneID>4</meet:timeZoneID>",
        "<meet:timeZoneID>5</meet:timeZoneID>",
    );
    let out = support::wbxconf(root, &["run", "base/my-first-case", "--exact"]);
    assert_eq!(out.status.code(), Some(1), "{}", support::text(&out));
}

#[test]
fn golden_files_on_authenticate_user_and_a_ticket_call_pass_the_next_run() {
    let suite = support::suite_copy();
    let root = suite.path();
    let case = root.join("cases/base/credentials.yaml");
    replace_in(
        &case,
        "      clause: BASE-TICKET\n      checks:",
        "      clause: BASE-TICKET\n      golden: base/ticket.xml\n      checks:",
    );
    replace_in(
        &case,
        "    body: <webExId>${host.id}</webExId>\n    expect:\n      result: SUCCESS\n",
        "    body: <webExId>${host.id}</webExId>\n    expect:\n      result: SUCCESS\n      golden: base/ticket-user.xml\n",
    );
    bless(root, "base/credentials");
    let ticket = std::fs::read_to_string(root.join("golden/base/ticket.xml")).expect("golden");
    assert!(
        ticket.contains("<use:createTime>{{long}}</use:createTime>"),
        "{ticket}"
    );
    assert!(
        ticket.contains("<use:timeToLive>5400</use:timeToLive>"),
        "{ticket}"
    );
    // Captured by this very step: comparing the answer with itself proves nothing.
    assert!(
        ticket.contains("<use:sessionTicket>{{any}}</use:sessionTicket>"),
        "{ticket}"
    );
    let user = std::fs::read_to_string(root.join("golden/base/ticket-user.xml")).expect("golden");
    assert!(
        user.contains("<use:webExId>{{var host.id}}</use:webExId>"),
        "{user}"
    );
    assert!(
        user.contains("<use:email>{{var host.email}}</use:email>"),
        "{user}"
    );
    let out = support::wbxconf(root, &["run", "base/credentials", "--exact"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
}

#[test]
fn bless_says_unchanged_keeps_review_comments_and_never_overwrites_an_edited_pending_file() {
    let suite = support::suite_copy();
    let root = suite.path();
    first_case_with_golden(root);
    bless(root, "base/my-first-case");
    let golden = root.join("golden/base/my-first.xml");
    let pending = root.join("golden/base/my-first.xml.new");

    // Nothing changed: no `.new`, and it says so.
    let out = support::wbxconf(root, &["bless", "base/my-first-case"]);
    let all = support::text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("unchanged"), "{all}");
    assert!(
        all.contains("0 pending golden file(s), 1 unchanged"),
        "{all}"
    );
    assert!(!pending.exists());

    // A reviewed file keeps its leading comment through a re-bless, and a comment
    // alone does not make it differ.
    let text = std::fs::read_to_string(&golden).expect("golden");
    let reviewed = format!("<!-- REVIEWED by the suite owners -->\n{text}");
    std::fs::write(&golden, &reviewed).expect("write");
    let out = support::wbxconf(root, &["bless", "base/my-first-case"]);
    assert!(
        support::text(&out).contains("1 unchanged"),
        "{}",
        support::text(&out)
    );
    // An edited golden file: the `.new` restores the answer and keeps the comment.
    let edited = reviewed.replace(
        "<meet:duration>30</meet:duration>",
        "<meet:duration>31</meet:duration>",
    );
    std::fs::write(&golden, &edited).expect("write");
    let out = support::wbxconf(root, &["bless", "base/my-first-case"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
    let written = std::fs::read_to_string(&pending).expect("pending");
    assert_eq!(written, reviewed);

    // A hand-edited `.new` is left alone (exit 2) until --force.
    let hand = written.replace(
        "<meet:openTime>0</meet:openTime>",
        "<meet:openTime>{{long}}</meet:openTime>",
    );
    std::fs::write(&pending, &hand).expect("write");
    let out = support::wbxconf(root, &["bless", "base/my-first-case"]);
    let all = support::text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("edited by hand?"), "{all}");
    assert!(all.contains("--force"), "{all}");
    assert_eq!(std::fs::read_to_string(&pending).expect("pending"), hand);
    let out = support::wbxconf(root, &["bless", "base/my-first-case", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out));
    assert_eq!(
        std::fs::read_to_string(&pending).expect("pending"),
        reviewed
    );
}
