//! The XML comparator on two arbitrary documents: `expected NUL actual [NUL xpath]`.
//! The expected document may hold placeholders (`{{any}}`, `{{regex …}}`, `{{var x}}`);
//! the first byte picks the comparison options. Everything the judge does with a
//! document pair runs: parse, compare, render the differences and the unified diff,
//! write a golden file from the actual document, evaluate an XPath on it.
//!
//! Shared by the fuzz target (fuzz/fuzz_targets/) and the regression test that replays
//! the committed corpus in `cargo test` (tests/fuzz_corpus.rs).

use wbxconf::xml::{self, Child, CompareOptions, Element, Limits, Node, Unordered, XPath};

/// Runs one input; panics on a finding.
pub fn check(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(3, |b| *b == 0);
    let expected_bytes = parts.next().unwrap_or_default();
    let actual_bytes = parts.next().unwrap_or_default();
    let xpath = parts.next().map(String::from_utf8_lossy);

    let limits = Limits::default();
    let expected = xml::parse_bytes(expected_bytes, &limits);
    let actual = xml::parse_bytes(actual_bytes, &limits);
    let (Ok(expected), Ok(actual)) = (expected, actual) else {
        return;
    };
    let mut unordered = Vec::new();
    if flags & 2 != 0 {
        unordered.push(Unordered {
            element: "session".into(),
            key: (flags & 4 != 0).then(|| "sessionKey".into()),
        });
    }
    if flags & 8 != 0 {
        unordered.push(Unordered {
            element: "a".into(),
            key: None,
        });
    }
    let opts = CompareOptions {
        extra_elements: flags & 1 != 0,
        unordered,
    };
    let vars = |name: &str| (name.len() % 2 == 0).then(|| format!("v-{name}"));
    let diffs = xml::compare(&expected, &actual, &opts, &vars);

    let (e, a) = (
        xml::canonical_pretty(&expected),
        xml::canonical_pretty(&actual),
    );
    // Comparing a document with itself finds nothing when it holds no placeholder.
    if !a.contains("{{") {
        let same = xml::compare(&actual, &actual, &opts, &vars);
        assert!(same.is_empty(), "a document differs from itself: {same:?}");
    }

    // Unordered siblings reversed are still the same document, wherever they moved (up to
    // the number of candidates one element is tried against). Not with extra elements
    // allowed: then a sibling with more content also matches a poorer one, and moving it
    // on to its own partner is a bounded search, run only for siblings that have a leaf
    // to be looked up by.
    if flags & 9 == 8 && !a.contains("{{") && widest(&actual.root) <= xml::GREEDY_WINDOW {
        let reversed = xml::Document {
            root: reverse_unordered(&actual.root, "a"),
        };
        let moved = xml::compare(&actual, &reversed, &opts, &vars);
        assert!(
            moved.is_empty(),
            "reordered unordered siblings differ: {moved:?}"
        );
    }

    let style = xml::Style {
        color: flags & 16 != 0,
    };
    let mut text = String::new();
    let _ = xml::write_differences(&mut text, &diffs, style);
    let _ = xml::write_unified_diff(&mut text, &e, &a, style);

    let captured = vec![("meeting".to_string(), "12345".to_string())];
    let golden = xml::write_golden(&actual, Some(&expected), &captured);
    // A golden file the harness writes must be a document the harness can read back.
    if let Err(err) = xml::parse(&golden, &limits) {
        panic!("written golden file does not parse: {err}\n{golden}");
    }

    if let Some(expr) = xpath {
        if let Ok(x) = XPath::compile(&expr) {
            if let Ok(v) = x.evaluate(&actual, &vars) {
                let _ = v.string_value();
                let _ = v.to_number();
                let _ = v.to_boolean();
            }
        }
    }
}

/// The most children any element of the tree has.
fn widest(element: &Element) -> usize {
    element
        .child_elements()
        .map(widest)
        .max()
        .unwrap_or(0)
        .max(element.children().count())
}

/// A copy of the tree with the elements named `name` reversed among themselves in every
/// parent (the other children keep their places).
fn reverse_unordered(element: &Element, name: &str) -> Element {
    let mut nodes: Vec<Node> = element
        .children()
        .map(|child| match child {
            Child::Element(child) => Node::Element(reverse_unordered(child, name)),
            Child::Text(text) => Node::Text(text.into()),
        })
        .collect();
    let places: Vec<usize> = (0..nodes.len())
        .filter(|&i| matches!(&nodes[i], Node::Element(e) if &*e.name.local == name))
        .collect();
    for k in 0..places.len() / 2 {
        nodes.swap(places[k], places[places.len() - 1 - k]);
    }
    let mut copy = Element::new(element.name.name().clone());
    copy.name = element.name.clone();
    copy.attrs = element.attrs.clone();
    copy.set_children(nodes);
    copy
}
