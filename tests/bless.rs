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
