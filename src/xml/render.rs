//! Turning documents and differences into text, late: the caller chooses colour.
//!
//! The canonical form is what golden files and unified diffs are made of: one element
//! per line, 2-space indentation, attributes sorted, prefixes chosen by namespace URI
//! (the API's usual ones where known, `ns0`, `ns2`, … otherwise — `ns1` is the site
//! service's), every declaration on the root. Two documents that compare equal without
//! placeholders render identically, so a line diff of canonical forms shows only real
//! changes.

use std::collections::HashMap;
use std::fmt::{self, Write};

use similar::{ChangeTag, TextDiff};

use super::compare::Difference;
use super::names;
use super::path::{push_step, sibling_positions};
use super::tree::{significant_text, Attribute, Child, Document, Element, Name};

/// How to decorate output; decided by the caller (terminal or not, `--color`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Style {
    fn paint(self, out: &mut dyn Write, code: &str, text: &str) -> fmt::Result {
        if self.color {
            write!(out, "{code}{text}{RESET}")
        } else {
            out.write_str(text)
        }
    }
}

/// The canonical pretty form of a document.
pub fn canonical_pretty(doc: &Document) -> String {
    let mut out = String::new();
    write_pretty(&mut out, doc, &mut NoHook);
    out
}

/// Lets golden writing replace values as the canonical form is written. Paths are those
/// of [`Difference`]s; attribute paths end in `/@name`.
pub(crate) trait ValueHook {
    /// False when the hook never replaces anything, so paths need not be tracked.
    fn active(&self) -> bool {
        true
    }
    /// Whether to write the element's whole content as `{{any}}`.
    fn any_content(&mut self, path: &str) -> bool;
    /// A replacement for a leaf's (trimmed) text or an attribute's value.
    fn value(&mut self, path: &str, value: &str) -> Option<String>;
}

struct NoHook;

impl ValueHook for NoHook {
    fn active(&self) -> bool {
        false
    }
    fn any_content(&mut self, _path: &str) -> bool {
        false
    }
    fn value(&mut self, _path: &str, _value: &str) -> Option<String> {
        None
    }
}

/// Prefixes for every namespace URI a document uses, in order of first use.
struct Prefixes<'d> {
    by_uri: HashMap<&'d str, String>,
    declarations: Vec<(String, &'d str)>,
    next_generated: usize,
}

impl<'d> Prefixes<'d> {
    fn collect(doc: &'d Document) -> Prefixes<'d> {
        let mut prefixes = Prefixes {
            by_uri: HashMap::new(),
            declarations: Vec::new(),
            next_generated: 0,
        };
        let mut stack = vec![&doc.root];
        while let Some(element) = stack.pop() {
            prefixes.add(&element.name);
            for attr in &element.attrs {
                prefixes.add(&attr.name);
                if let Some(qname) = &attr.qname_value {
                    prefixes.add(qname);
                }
            }
            // Reversed so that first use is in document order.
            stack.extend(
                element
                    .child_elements()
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev(),
            );
        }
        prefixes
    }

    fn add(&mut self, name: &'d Name) {
        let Some(uri) = name.ns.as_deref() else {
            return;
        };
        if uri == names::XML || self.by_uri.contains_key(uri) {
            return;
        }
        let prefix = match names::prefix_for(uri) {
            Some(prefix) => prefix.to_owned(),
            None => loop {
                let candidate = format!("ns{}", self.next_generated);
                self.next_generated += 1;
                if names::uri_for(&candidate).is_none() {
                    break candidate;
                }
            },
        };
        self.by_uri.insert(uri, prefix.clone());
        self.declarations.push((prefix, uri));
    }

    fn qualified(&self, name: &Name) -> String {
        match name.ns.as_deref() {
            None => name.local.to_string(),
            Some(names::XML) => format!("xml:{}", name.local),
            Some(uri) => match self.by_uri.get(uri) {
                Some(prefix) => format!("{prefix}:{}", name.local),
                None => name.local.to_string(),
            },
        }
    }
}

enum Frame<'d> {
    Open(&'d Element, usize, Option<usize>),
    Close(&'d Element, usize, usize),
    Text(&'d str, usize),
}

/// Writes the canonical form; with a hook, values may be replaced (golden writing).
pub(crate) fn write_pretty(out: &mut String, doc: &Document, hook: &mut dyn ValueHook) {
    let tracking = hook.active();
    let prefixes = Prefixes::collect(doc);
    let mut path = String::new();
    let mut stack = vec![Frame::Open(&doc.root, 0, None)];
    while let Some(frame) = stack.pop() {
        match frame {
            Frame::Text(text, depth) => {
                indent(out, depth);
                escape_text(out, text);
                out.push('\n');
            }
            Frame::Close(element, depth, path_len) => {
                indent(out, depth);
                out.push_str("</");
                out.push_str(&prefixes.qualified(&element.name));
                out.push_str(">\n");
                path.truncate(path_len);
            }
            Frame::Open(element, depth, position) => {
                let path_len = path.len();
                if tracking {
                    push_step(&mut path, &element.name.local, position);
                }
                let qname = prefixes.qualified(&element.name);
                indent(out, depth);
                out.push('<');
                out.push_str(&qname);
                if depth == 0 {
                    for (prefix, uri) in &prefixes.declarations {
                        write_attribute(out, &format!("xmlns:{prefix}"), uri);
                    }
                }
                write_attributes(out, element, &prefixes, &path, hook);
                if tracking && hook.any_content(&path) {
                    out.push_str(">{{any}}</");
                    out.push_str(&qname);
                    out.push_str(">\n");
                    path.truncate(path_len);
                    continue;
                }
                if !element.has_element_children() {
                    let text = significant_text(element);
                    let replaced = if tracking {
                        hook.value(&path, &text)
                    } else {
                        None
                    };
                    let text = replaced.as_deref().unwrap_or(&text);
                    if text.is_empty() {
                        out.push_str("/>\n");
                    } else {
                        out.push('>');
                        escape_text(out, text);
                        out.push_str("</");
                        out.push_str(&qname);
                        out.push_str(">\n");
                    }
                    path.truncate(path_len);
                    continue;
                }
                out.push_str(">\n");
                stack.push(Frame::Close(element, depth, path_len));
                let positions = if tracking {
                    sibling_positions(element)
                } else {
                    Vec::new()
                };
                for (index, child) in element.children().enumerate().rev() {
                    match child {
                        Child::Element(child) => {
                            let position = positions.get(index).copied().flatten();
                            stack.push(Frame::Open(child, depth + 1, position));
                        }
                        Child::Text(text) if !text.trim().is_empty() => {
                            stack.push(Frame::Text(text.trim(), depth + 1));
                        }
                        Child::Text(_) => {}
                    }
                }
            }
        }
    }
}

fn write_attributes(
    out: &mut String,
    element: &Element,
    prefixes: &Prefixes<'_>,
    path: &str,
    hook: &mut dyn ValueHook,
) {
    let mut attrs: Vec<(String, &Attribute)> = element
        .attrs
        .iter()
        .map(|attr| (prefixes.qualified(&attr.name), attr))
        .collect();
    attrs.sort_by(|a, b| a.0.cmp(&b.0));
    for (qname, attr) in attrs {
        let replaced = if hook.active() {
            hook.value(&format!("{path}/@{}", attr.name.local), &attr.value)
        } else {
            None
        };
        let value = match (replaced, &attr.qname_value) {
            (Some(value), _) => value,
            // Rewritten with the canonical prefix, which is the one declared on the root.
            (None, Some(qname_value)) => prefixes.qualified(qname_value),
            (None, None) => attr.value.clone(),
        };
        write_attribute(out, &qname, &value);
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_attribute(out: &mut String, qname: &str, value: &str) {
    out.push(' ');
    out.push_str(qname);
    out.push_str("=\"");
    for ch in value.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            // Character references survive attribute-value normalisation; raw ones would not.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            _ => out.push(ch),
        }
    }
    out.push('"');
}

fn escape_text(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(ch),
        }
    }
}

/// A readable list of differences, one block each.
pub fn write_differences(out: &mut dyn Write, diffs: &[Difference], style: Style) -> fmt::Result {
    for diff in diffs {
        style.paint(out, BOLD, diff.kind.as_str())?;
        write!(out, " at {}", diff.expected_path)?;
        if diff.actual_path != diff.expected_path {
            write!(out, " (actual: {})", diff.actual_path)?;
        }
        out.write_char('\n')?;
        if let Some(expected) = &diff.expected {
            out.write_str("  expected: ")?;
            style.paint(out, RED, &quoted(expected))?;
            out.write_char('\n')?;
        }
        if let Some(actual) = &diff.actual {
            out.write_str("  actual:   ")?;
            style.paint(out, GREEN, &quoted(actual))?;
            out.write_char('\n')?;
        }
    }
    Ok(())
}

/// Quotes a value so that whitespace and line breaks are visible.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// A unified line diff (3 lines of context, headers `expected`/`actual`); nothing when
/// the texts are equal.
pub fn write_unified_diff(
    out: &mut dyn Write,
    expected: &str,
    actual: &str,
    style: Style,
) -> fmt::Result {
    let diff = TextDiff::from_lines(expected, actual);
    let unified = diff.unified_diff();
    let mut first = true;
    for hunk in unified.iter_hunks() {
        if first {
            style.paint(out, BOLD, "--- expected")?;
            out.write_char('\n')?;
            style.paint(out, BOLD, "+++ actual")?;
            out.write_char('\n')?;
            first = false;
        }
        style.paint(out, CYAN, &hunk.header().to_string())?;
        out.write_char('\n')?;
        for change in hunk.iter_changes() {
            let (sign, colour) = match change.tag() {
                ChangeTag::Delete => ("-", Some(RED)),
                ChangeTag::Insert => ("+", Some(GREEN)),
                ChangeTag::Equal => (" ", None),
            };
            let line = change.value();
            let line = line.strip_suffix('\n').unwrap_or(line);
            let text = format!("{sign}{line}");
            match colour {
                Some(code) => style.paint(out, code, &text)?,
                None => out.write_str(&text)?,
            }
            out.write_char('\n')?;
            if change.missing_newline() {
                out.write_str("\\ No newline at end of file\n")?;
            }
        }
    }
    Ok(())
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
            Err(err) => panic!("fixture does not parse: {err}"),
        }
    }

    #[test]
    fn canonical_form_ignores_style() {
        let plain = canonical_pretty(&doc(fixtures::GET_MEETING));
        let restyled = canonical_pretty(&doc(fixtures::GET_MEETING_RESTYLED));
        assert_eq!(plain, restyled);
        assert!(plain.starts_with(
            "<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xmlns:meet=\"http://www.webex.com/schemas/2002/06/service/meeting\">\n  <serv:header>\n    <serv:response>\n      <serv:result>SUCCESS</serv:result>\n"
        ), "{plain}");
        assert!(plain.contains("\n    <serv:bodyContent xsi:type=\"meet:getMeetingResponse\">\n      <meet:accessControl>\n"));
        assert!(plain.contains("\n        <meet:invitation/>\n"));
    }

    #[test]
    fn canonical_form_exact_for_a_small_document() {
        let text = r#"<r xmlns="urn:one" xmlns:t="urn:two" xmlns:s="http://www.webex.com/schemas/2002/06/service/site" z="&quot;1&quot;" a="x&#10;y"><t:b>  a &lt; b  </t:b><s:c/>mixed<d xmlns="">  </d></r>"#;
        let expected = "<ns0:r xmlns:ns0=\"urn:one\" xmlns:ns2=\"urn:two\" xmlns:ns1=\"http://www.webex.com/schemas/2002/06/service/site\" a=\"x&#10;y\" z=\"&quot;1&quot;\">\n  <ns2:b>a &lt; b</ns2:b>\n  <ns1:c/>\n  mixed\n  <d/>\n</ns0:r>\n";
        let rendered = canonical_pretty(&doc(text));
        assert_eq!(rendered, expected);
        // The canonical form is itself a document equal to the original.
        assert_eq!(
            compare(
                &doc(text),
                &doc(&rendered),
                &CompareOptions::default(),
                &|_| None
            ),
            vec![]
        );
    }

    #[test]
    fn differences_render_plain_and_coloured() {
        let diffs = compare(
            &doc("<a><b>1</b><c/></a>"),
            &doc("<a><b>2\n</b></a>"),
            &CompareOptions::default(),
            &|_| None,
        );
        let mut plain = String::new();
        write_differences(&mut plain, &diffs, Style { color: false }).expect("writes to a String");
        assert_eq!(
            plain,
            "text at /a/b\n  expected: \"1\"\n  actual:   \"2\"\nmissing-element at /a/c (actual: /a)\n  expected: \"c\"\n"
        );
        let mut coloured = String::new();
        write_differences(&mut coloured, &diffs, Style { color: true })
            .expect("writes to a String");
        assert!(coloured.contains("\x1b[31m\"1\"\x1b[0m"));
        assert!(coloured.contains("\x1b[32m\"2\"\x1b[0m"));
    }

    #[test]
    fn unified_diff_has_headers_context_and_optional_colour() {
        let expected = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let actual = "a\nb\nc\nd\nE\nf\ng\nh\n";
        let mut out = String::new();
        write_unified_diff(&mut out, expected, actual, Style::default())
            .expect("writes to a String");
        assert_eq!(
            out,
            "--- expected\n+++ actual\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
        let mut none = String::new();
        write_unified_diff(&mut none, expected, expected, Style { color: true })
            .expect("writes to a String");
        assert_eq!(none, "");
        let mut coloured = String::new();
        write_unified_diff(&mut coloured, expected, actual, Style { color: true })
            .expect("writes to a String");
        assert!(coloured.contains("\x1b[31m-e\x1b[0m\n\x1b[32m+E\x1b[0m\n"));
    }
}
