//! The document tree every other part of the module works on.
//!
//! Names are namespace URI + local name: prefixes are kept only so a document can be
//! shown the way it was written, never to decide equality. Trees produced by
//! [`parse`](super::parse) are at most `Limits::max_depth` deep; the module's own
//! traversals are iterative anyway, so a hand-built deeper tree only costs the
//! recursion of Rust's `Drop`.
//!
//! The layout is sized for large answers, where a typical element is a leaf of about
//! 30 bytes of text (`<ep:duration>60</ep:duration>`): an element's name with its
//! prefix is one shared [`QName`] per distinct name in a parsed document (a pointer),
//! a leaf's lone text is its content with no children list around it, and lists and
//! texts are boxed at their exact length. A [`Node`] is at most 56 bytes, and a leaf
//! with a short text costs just that (see `content.rs`).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use super::content::Content;

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

/// An element's name as written: the expanded name plus the prefix it was written with.
/// One shared allocation per distinct name and prefix in a parsed document, so an
/// element pays one pointer for it. Reads as its [`Name`] (`element.name.local`).
/// Equality includes the prefix (as written); compare `name()`s for the expanded name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QName(Arc<Qualified>);

#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Qualified {
    name: Name,
    prefix: Option<Arc<str>>,
}

impl QName {
    pub fn new(name: Name, prefix: Option<Arc<str>>) -> QName {
        QName(Arc::new(Qualified { name, prefix }))
    }

    pub fn name(&self) -> &Name {
        &self.0.name
    }

    /// The prefix the element was written with (None = unprefixed or built in code).
    pub fn prefix(&self) -> Option<&Arc<str>> {
        self.0.prefix.as_ref()
    }

    /// Whether both are the same shared allocation (names of one parsed document).
    pub fn ptr_eq(&self, other: &QName) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for QName {
    type Target = Name;

    fn deref(&self) -> &Name {
        &self.0.name
    }
}

impl PartialEq<Name> for QName {
    fn eq(&self, other: &Name) -> bool {
        self.0.name == *other
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.name.fmt(f)
    }
}

/// An element. Namespace declarations are not attributes: they are consumed by parsing.
///
/// Its content is read through [`children`](Element::children); a leaf's single text
/// is held without a children list, and a short one without any allocation (most
/// elements of an API answer are such leaves; see `content.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: QName,
    pub attrs: Box<[Attribute]>,
    content: Content,
    /// 1-based line of the start tag in the parsed text (0 for built trees).
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(Box<str>),
}

/// One child of an element, borrowed: what [`Element::children`] yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child<'a> {
    Element(&'a Element),
    Text(&'a str),
}

impl<'a> From<&'a Node> for Child<'a> {
    fn from(node: &'a Node) -> Child<'a> {
        match node {
            Node::Element(element) => Child::Element(element),
            Node::Text(text) => Child::Text(text),
        }
    }
}

/// The children of an element in document order (text nodes included).
#[derive(Debug, Clone)]
pub struct Children<'a> {
    text: Option<&'a str>,
    nodes: std::slice::Iter<'a, Node>,
}

impl<'a> Iterator for Children<'a> {
    type Item = Child<'a>;

    fn next(&mut self) -> Option<Child<'a>> {
        match self.text.take() {
            Some(text) => Some(Child::Text(text)),
            None => self.nodes.next().map(Child::from),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = usize::from(self.text.is_some()) + self.nodes.len();
        (len, Some(len))
    }
}

impl DoubleEndedIterator for Children<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self.nodes.next_back() {
            Some(node) => Some(Child::from(node)),
            None => self.text.take().map(Child::Text),
        }
    }
}

impl ExactSizeIterator for Children<'_> {}

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
        Element::named(QName::new(name, None))
    }

    pub(crate) fn named(name: QName) -> Element {
        Element {
            name,
            attrs: Box::default(),
            content: Content::empty(),
            line: 0,
        }
    }

    /// Replaces the element's children (text nodes included, in document order).
    pub fn set_children(&mut self, children: Vec<Node>) {
        self.content = Content::nodes(children);
    }

    /// Makes a lone text the element's content (as `set_children(vec![Node::Text(text)])`,
    /// without the list).
    pub fn set_text(&mut self, text: &str) {
        self.content = Content::text(text);
    }

    pub fn with_children(mut self, children: Vec<Node>) -> Element {
        self.set_children(children);
        self
    }

    /// All children in document order, text nodes included.
    pub fn children(&self) -> Children<'_> {
        Children {
            text: self.content.lone_text(),
            nodes: self.content.list().iter(),
        }
    }

    /// The child at `index` of [`children`](Element::children).
    pub fn child_at(&self, index: usize) -> Option<Child<'_>> {
        match self.content.lone_text() {
            Some(text) => (index == 0).then_some(Child::Text(text)),
            None => self.content.list().get(index).map(Child::from),
        }
    }

    pub fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.content.list().iter().filter_map(|node| match node {
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
        self.content
            .list()
            .iter()
            .any(|node| matches!(node, Node::Element(_)))
    }

    /// The element's own text (direct text children joined), as written.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for child in self.children() {
            if let Child::Text(text) = child {
                out.push_str(text);
            }
        }
        out
    }

    /// All descendant text in document order (the XPath string-value).
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        let mut stack: Vec<Children<'_>> = vec![self.children()];
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(Child::Text(text)) => out.push_str(text),
                Some(Child::Element(child)) => stack.push(child.children()),
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
/// indentation of a pretty-printed document never counts. Always trimmed at both ends;
/// borrowed in the common one-text-node case.
pub(crate) fn significant_text(element: &Element) -> Cow<'_, str> {
    if let Some(text) = element.content.lone_text() {
        return Cow::Borrowed(text.trim());
    }
    let mut texts = element.content.list().iter().filter_map(|node| match node {
        Node::Text(text) => Some(&**text),
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
        let inner = Element::new(Name::new(None, "b")).with_children(vec![Node::Text("2".into())]);
        let outer = Element::new(Name::new(Some("urn:x"), "a")).with_children(vec![
            Node::Text("1".into()),
            Node::Element(inner.clone()),
            Node::Text("3".into()),
        ]);
        assert_eq!(outer.text_content(), "123");
        assert_eq!(outer.text(), "13");
        assert_eq!(outer.child("b").map(|b| b.text()), Some("2".to_owned()));
        assert_eq!(outer.name.to_string(), "{urn:x}a");
        // A lone text is held inline, and reads back as one text child.
        assert_eq!(inner.children().collect::<Vec<_>>(), vec![Child::Text("2")]);
        assert_eq!(inner.child_at(0), Some(Child::Text("2")));
        assert_eq!(inner.child_at(1), None);
        let kinds: Vec<bool> = outer
            .children()
            .rev()
            .map(|c| matches!(c, Child::Text(_)))
            .collect();
        assert_eq!(kinds, vec![true, false, true]);
        assert_eq!(outer.children().len(), 3);
        let mut set = Element::new(Name::new(None, "b"));
        set.set_text("2");
        assert_eq!(set, inner, "one representation for one content");
    }

    #[test]
    fn significant_text_is_trimmed_in_every_shape() {
        let text = |t: &str| Node::Text(t.into());
        let leaf = |t: &str| {
            Node::Element(Element::new(Name::new(None, "x")).with_children(vec![text(t)]))
        };
        let cases = [
            (vec![text(" 60 ")], "60"),
            (vec![text(" a "), text(" b ")], "a  b"),
            (vec![text("\n  a "), leaf("1"), text(" b\n")], "ab"),
            (vec![text("\n  "), leaf("1"), text("\n")], ""),
            (vec![], ""),
        ];
        for (children, expected) in cases {
            let element = Element::new(Name::new(None, "e")).with_children(children);
            assert_eq!(significant_text(&element), expected);
        }
    }

    #[test]
    fn nodes_stay_small() {
        // What a parsed tree costs per element: see the module comment.
        assert!(
            std::mem::size_of::<Node>() <= 56,
            "{}",
            std::mem::size_of::<Node>()
        );
    }
}
