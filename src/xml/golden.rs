//! Golden files for `wbxconf bless`: the canonical form of an actual response, with
//! captured values turned back into `{{var NAME}}` and the hand-written placeholders of
//! the previous golden file kept wherever they still match.
//!
//! Round trip: comparing `parse(write_golden(a, None, caps))` with `a`, with the
//! captures as variables, finds no difference. Literal values that happen to look like
//! placeholders are written as an escaped `{{regex …}}` so they stay literal.

use std::collections::HashMap;

use super::path::{push_step, sibling_positions};
use super::placeholder::{lint, Matcher, Template};
use super::render::{write_pretty, ValueHook};
use super::tree::{significant_text, Document, Element, Node};

/// The golden text for `actual`. `captured` are (name, value) pairs from the scenario's
/// captures; a value equal to a captured one (whole value, longest captures first,
/// empty ones ignored) is written as `{{var NAME}}`.
pub fn write_golden(
    actual: &Document,
    previous: Option<&Document>,
    captured: &[(String, String)],
) -> String {
    let mut by_length: Vec<&(String, String)> = captured
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
    by_length.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
    let mut by_value: HashMap<&str, &str> = HashMap::new();
    for (name, value) in by_length {
        by_value.entry(value.as_str()).or_insert(name.as_str());
    }
    let mut hook = GoldenHook {
        kept: previous.map(placeholders_by_path).unwrap_or_default(),
        by_value,
        captured,
        compiled: HashMap::new(),
    };
    let mut out = String::new();
    write_pretty(&mut out, actual, &mut hook);
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kept {
    /// The element's whole content was `{{any}}`.
    AnyContent,
    /// A text or attribute value with placeholders.
    Value(String),
}

struct GoldenHook<'c> {
    kept: HashMap<String, Kept>,
    by_value: HashMap<&'c str, &'c str>,
    captured: &'c [(String, String)],
    compiled: HashMap<String, Option<Matcher>>,
}

impl GoldenHook<'_> {
    fn still_matches(&mut self, template: &str, value: &str) -> bool {
        let captured = self.captured;
        let vars = |name: &str| {
            captured
                .iter()
                .find(|(captured_name, _)| captured_name == name)
                .map(|(_, value)| value.clone())
        };
        self.compiled
            .entry(template.to_owned())
            .or_insert_with(|| Template::parse(template).compile(&vars).ok())
            .as_ref()
            .is_some_and(|matcher| matcher.matches(value))
    }
}

impl ValueHook for GoldenHook<'_> {
    fn any_content(&mut self, path: &str) -> bool {
        self.kept.get(path) == Some(&Kept::AnyContent)
    }

    fn value(&mut self, path: &str, value: &str) -> Option<String> {
        if let Some(Kept::Value(template)) = self.kept.get(path) {
            let template = template.clone();
            if self.still_matches(&template, value) {
                return Some(template);
            }
        }
        if let Some(name) = self.by_value.get(value) {
            return Some(format!("{{{{var {name}}}}}"));
        }
        if !Template::parse(value).is_literal() || !lint(value).0.is_empty() {
            return Some(literal_as_regex(value));
        }
        None
    }
}

/// A placeholder matching exactly `value`. Whitespace is escaped too, because a regex
/// placeholder's pattern is trimmed.
fn literal_as_regex(value: &str) -> String {
    let mut pattern = String::new();
    for ch in regex::escape(value).chars() {
        if ch.is_whitespace() {
            pattern.push_str(&format!("\\x{{{:X}}}", u32::from(ch)));
        } else {
            pattern.push(ch);
        }
    }
    format!("{{{{regex {pattern}}}}}")
}

/// Every placeholder of a golden document, by path.
fn placeholders_by_path(doc: &Document) -> HashMap<String, Kept> {
    let mut kept = HashMap::new();
    let mut root_path = String::new();
    push_step(&mut root_path, &doc.root.name.local, None);
    let mut stack: Vec<(&Element, String)> = vec![(&doc.root, root_path)];
    while let Some((element, path)) = stack.pop() {
        for attr in &element.attrs {
            if has_placeholder(&attr.value) {
                kept.insert(
                    format!("{path}/@{}", attr.name.local),
                    Kept::Value(attr.value.clone()),
                );
            }
        }
        if !element.has_element_children() {
            let text = significant_text(element);
            if has_placeholder(&text) {
                let entry = if Template::parse(&text).is_any() {
                    Kept::AnyContent
                } else {
                    Kept::Value(text.into_owned())
                };
                kept.insert(path, entry);
            }
            continue;
        }
        let positions = sibling_positions(element);
        for (index, node) in element.children.iter().enumerate() {
            if let Node::Element(child) = node {
                let mut child_path = path.clone();
                push_step(
                    &mut child_path,
                    &child.name.local,
                    positions.get(index).copied().flatten(),
                );
                stack.push((child, child_path));
            }
        }
    }
    kept
}

fn has_placeholder(value: &str) -> bool {
    value.contains("{{") && !Template::parse(value).is_literal()
}

#[cfg(test)]
mod tests {
    use super::super::compare::{compare, CompareOptions};
    use super::super::fixtures;
    use super::super::parse::parse;
    use super::super::tree::Limits;
    use super::*;

    fn doc(text: &str) -> Document {
        match parse(text, &Limits::default()) {
            Ok(doc) => doc,
            Err(err) => panic!("does not parse: {err}\n{text}"),
        }
    }

    fn round_trip_differences(
        actual: &Document,
        previous: Option<&Document>,
        captured: &[(String, String)],
    ) -> usize {
        let golden = write_golden(actual, previous, captured);
        let vars = |name: &str| {
            captured
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        compare(&doc(&golden), actual, &CompareOptions::default(), &vars).len()
    }

    fn captures(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn captured_values_become_variables_and_round_trip() {
        let actual = doc(fixtures::GET_MEETING);
        let caps = captures(&[("meeting", "123456789"), ("short", "12345"), ("empty", "")]);
        let golden = write_golden(&actual, None, &caps);
        assert!(
            golden.contains("<meet:meetingkey>{{var meeting}}</meet:meetingkey>"),
            "{golden}"
        );
        assert!(
            golden.contains("<meet:meetingPassword>123456</meet:meetingPassword>"),
            "whole values only"
        );
        assert!(
            golden.contains("<meet:invitation/>"),
            "empty captures are ignored"
        );
        assert_eq!(round_trip_differences(&actual, None, &caps), 0);
    }

    #[test]
    fn literal_values_that_look_like_placeholders_stay_literal() {
        let actual = doc(
            r#"<a note=" {{any}} x&#10;"><b>{{long}}</b><c>{{var nope}} }}</c><d>a {{b}}</d></a>"#,
        );
        let golden = write_golden(&actual, None, &[]);
        // `{{b}}` would read as a mistyped placeholder when the suite loads.
        assert!(
            golden.contains(r"<d>{{regex a\x{20}\{\{b\}\}}}</d>"),
            "{golden}"
        );
        assert_eq!(round_trip_differences(&actual, None, &[]), 0, "{golden}");
        // Not accidentally matching other values either.
        let other =
            doc(r#"<a note=" {{any}} x&#10;"><b>42</b><c>{{var nope}} }}</c><d>a {{b}}</d></a>"#);
        let golden = doc(&write_golden(&actual, None, &[]));
        assert_eq!(
            compare(&golden, &other, &CompareOptions::default(), &|_| None).len(),
            1
        );
    }

    #[test]
    fn previous_placeholders_are_kept_while_they_match() {
        let previous = doc(&canonical_with(&[
            ("<meet:meetingkey>123456789<", "<meet:meetingkey>{{long}}<"),
            (
                "<meet:startDate>07/20/2016 15:30:00<",
                "<meet:startDate>{{date}}<",
            ),
            (
                "<meet:agenda>Meeting Agenda<",
                "<meet:agenda>{{regex [A-Z][a-z]+ Agenda}}<",
            ),
            ("<meet:accessControl>", "<meet:accessControl>{{any}}<x/>"),
        ]));
        // `{{any}}` beside a child is not whole content: the previous file used it for a leaf.
        let previous_any = doc(&canonical_with(&[(
            "<meet:repeat>\n        <meet:repeatType>NO_REPEAT</meet:repeatType>\n      </meet:repeat>",
            "<meet:repeat>{{any}}</meet:repeat>",
        )]));
        let actual = doc(&fixtures::GET_MEETING
            .replace("123456789", "555")
            .replace("07/20/2016 15:30:00", "not a date")
            .replace("Meeting Agenda", "Team Agenda"));
        let golden = write_golden(&actual, Some(&previous), &[]);
        assert!(
            golden.contains("<meet:meetingkey>{{long}}</meet:meetingkey>"),
            "{golden}"
        );
        assert!(
            golden.contains("<meet:startDate>not a date</meet:startDate>"),
            "no longer matching: {golden}"
        );
        assert!(
            golden.contains("<meet:agenda>{{regex [A-Z][a-z]+ Agenda}}</meet:agenda>"),
            "{golden}"
        );
        assert!(
            golden.contains("<meet:listToPublic>false</meet:listToPublic>"),
            "{golden}"
        );
        assert_eq!(round_trip_differences(&actual, Some(&previous), &[]), 0);

        let golden = write_golden(&actual, Some(&previous_any), &[]);
        assert!(
            golden.contains("<meet:repeat>{{any}}</meet:repeat>"),
            "{golden}"
        );
        assert_eq!(round_trip_differences(&actual, Some(&previous_any), &[]), 0);
    }

    fn canonical_with(replacements: &[(&str, &str)]) -> String {
        let mut text = super::super::render::canonical_pretty(&doc(fixtures::GET_MEETING));
        for (from, to) in replacements {
            assert!(text.contains(from), "{from} not in {text}");
            text = text.replace(from, to);
        }
        text
    }

    #[test]
    fn session_list_round_trips() {
        let actual = doc(&fixtures::lstsummary_session(&fixtures::weekly_series()));
        let caps = captures(&[("series", "1003"), ("meeting", "1001")]);
        let golden = write_golden(&actual, None, &caps);
        assert!(golden.contains("<ep:sessionKey>{{var series}}</ep:sessionKey>"));
        assert!(golden.contains("<ep:confID>10030</ep:confID>"));
        assert_eq!(round_trip_differences(&actual, None, &caps), 0);
    }
}
