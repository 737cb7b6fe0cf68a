//! The document tree every other part of the module works on.
//!
//! Names are namespace URI + local name: prefixes are kept only so a document can be
//! shown the way it was written, never to decide equality. Trees produced by
//! [`parse`](super::parse) are at most `Limits::max_depth` deep; the module's own
//! traversals are iterative anyway, so a hand-built deeper tree only costs the
//! recursion of Rust's `Drop`.
//!
//! Names and prefixes are shared (`Arc<str>`): a parsed document holds each distinct
//! one once, so a list of 20,000 sessions does not repeat its namespace URIs 300,000
//! times, and children lists are allocated at their exact length.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// An expanded name: namespace URI (None = no namespace) and local name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    pub ns: Option<Arc<str>>,
    pub local: Arc<str>,
}

impl Name {
    pub fn new(ns: Option<&str>, local: &str) -> Name {
        Name {
            ns: ns.map(Arc::from),
            local: Arc::from(local),
        }
    }
}

/// Clark notation, `{uri}local`, unambiguous in messages.
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.local),
            None => f.write_str(&self.local),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub name: Name,
    pub prefix: Option<Arc<str>>,
    pub value: String,
    /// The value resolved as a QName against the namespaces in scope, for QName-valued
    /// attributes (`xsi:type`) whose prefix is declared; None otherwise.
    pub qname_value: Option<Name>,
}

/// An element. Namespace declarations are not attributes: they are consumed by parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: Name,
    pub prefix: Option<Arc<str>>,
    pub attrs: Vec<Attribute>,
    pub children: Vec<Node>,
    /// 1-based line of the start tag in the parsed text (0 for built trees).
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub root: Element,
}

/// Bounds that keep hostile or broken documents from exhausting the harness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_depth: usize,
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 256,
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

impl Element {
    /// A childless element with no namespace, for building trees in code.
    pub fn new(name: Name) -> Element {
        Element {
            name,
            prefix: None,
            attrs: Vec::new(),
            children: Vec::new(),
            line: 0,
        }
    }

    pub fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this local name, in any namespace.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.child_elements()
            .find(|child| &*child.name.local == local)
    }

    /// The first attribute with this local name, in any namespace.
    pub fn attr(&self, local: &str) -> Option<&Attribute> {
        self.attrs.iter().find(|attr| &*attr.name.local == local)
    }

    pub fn has_element_children(&self) -> bool {
        self.children
            .iter()
            .any(|node| matches!(node, Node::Element(_)))
    }

    /// The element's own text (direct text children joined), as written.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            if let Node::Text(text) = node {
                out.push_str(text);
            }
        }
        out
    }

    /// All descendant text in document order (the XPath string-value).
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        let mut stack: Vec<std::slice::Iter<'_, Node>> = vec![self.children.iter()];
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(Node::Text(text)) => out.push_str(text),
                Some(Node::Element(child)) => stack.push(child.children.iter()),
                None => {
                    stack.pop();
                }
            }
        }
        out
    }
}

/// The text that comparison and rendering consider: a leaf's text trimmed; for an
/// element with element children, its text pieces each trimmed and joined, so the
/// indentation of a pretty-printed document never counts. Borrowed in the common
/// one-text-node case.
pub(crate) fn significant_text(element: &Element) -> Cow<'_, str> {
    let mut texts = element.children.iter().filter_map(|node| match node {
        Node::Text(text) => Some(text.as_str()),
        Node::Element(_) => None,
    });
    let Some(first) = texts.next() else {
        return Cow::Borrowed("");
    };
    let Some(second) = texts.next() else {
        return Cow::Borrowed(first.trim());
    };
    if element.has_element_children() {
        let mut joined = String::new();
        for piece in [first, second].into_iter().chain(texts) {
            joined.push_str(piece.trim());
        }
        Cow::Owned(joined)
    } else {
        let mut joined = String::from(first);
        joined.push_str(second);
        texts.for_each(|text| joined.push_str(text));
        Cow::Owned(joined.trim().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_content_walks_descendants_in_order() {
        let mut inner = Element::new(Name::new(None, "b"));
        inner.children.push(Node::Text("2".into()));
        let mut outer = Element::new(Name::new(Some("urn:x"), "a"));
        outer.children = vec![
            Node::Text("1".into()),
            Node::Element(inner),
            Node::Text("3".into()),
        ];
        assert_eq!(outer.text_content(), "123");
        assert_eq!(outer.text(), "13");
        assert_eq!(outer.child("b").map(|b| b.text()), Some("2".to_owned()));
        assert_eq!(outer.name.to_string(), "{urn:x}a");
    }
}
