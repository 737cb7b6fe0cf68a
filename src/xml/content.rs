//! What an [`Element`](super::Element) holds between its tags, laid out for the common
//! case of a large answer: a leaf with one short text (a key, a date, a flag).
//!
//! Such a text is kept in the element itself, so the leaf costs no allocation at all;
//! a longer lone text is one exact-size box; anything else (element children, mixed
//! content) is the list of nodes.

use std::fmt;

use super::tree::Node;

/// Normalised on construction: `Nodes` never holds exactly one text node, and a lone
/// text is `Short` whenever it fits, so equal content has one representation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Content {
    Short(ShortText),
    Long(Box<str>),
    Nodes(Box<[Node]>),
}

impl Content {
    pub(super) fn empty() -> Content {
        Content::Nodes(Box::default())
    }

    pub(super) fn text(text: &str) -> Content {
        match ShortText::new(text) {
            Some(short) => Content::Short(short),
            None => Content::Long(Box::from(text)),
        }
    }

    pub(super) fn nodes(mut nodes: Vec<Node>) -> Content {
        match nodes.pop() {
            Some(Node::Text(text)) if nodes.is_empty() => match ShortText::new(&text) {
                Some(short) => Content::Short(short),
                None => Content::Long(text),
            },
            Some(last) => {
                nodes.push(last);
                Content::Nodes(nodes.into_boxed_slice())
            }
            None => Content::empty(),
        }
    }

    /// The lone text, when that is the whole content.
    pub(super) fn lone_text(&self) -> Option<&str> {
        match self {
            Content::Short(short) => Some(short.as_str()),
            Content::Long(text) => Some(text),
            Content::Nodes(_) => None,
        }
    }

    /// The children list (empty for a lone text).
    pub(super) fn list(&self) -> &[Node] {
        match self {
            Content::Nodes(nodes) => nodes,
            Content::Short(_) | Content::Long(_) => &[],
        }
    }
}

/// As many bytes as fit beside the length and the enum's tag in the 24 bytes that the
/// other variants need anyway.
const SHORT: usize = 22;

#[derive(Clone, PartialEq, Eq)]
pub(super) struct ShortText {
    len: u8,
    /// Zero after `len`, so the derived equality is the text's.
    bytes: [u8; SHORT],
}

impl ShortText {
    fn new(text: &str) -> Option<ShortText> {
        let len = u8::try_from(text.len())
            .ok()
            .filter(|&n| usize::from(n) <= SHORT)?;
        let mut bytes = [0; SHORT];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Some(ShortText { len, bytes })
    }

    fn as_str(&self) -> &str {
        // Checked rather than assumed: a few bytes, and no `unsafe` in the crate.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)])
            .expect("a ShortText is built from a whole str")
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_text_has_one_representation_whatever_its_length() {
        for text in [
            "",
            "60",
            "06/11/2026 09:00:00",
            "é",
            &"x".repeat(22),
            &"x".repeat(23),
        ] {
            let from_str = Content::text(text);
            let from_nodes = Content::nodes(vec![Node::Text(text.into())]);
            assert_eq!(from_str, from_nodes, "{text:?}");
            assert_eq!(from_str.lone_text(), Some(text));
            assert!(from_str.list().is_empty());
        }
        assert!(matches!(Content::text(&"x".repeat(22)), Content::Short(_)));
        assert!(matches!(Content::text(&"x".repeat(23)), Content::Long(_)));
        // "ab" + "c" vs "abc": the bytes after the length never differ.
        assert_ne!(Content::text("ab"), Content::text("abc"));
        assert_eq!(Content::nodes(Vec::new()), Content::empty());
        assert_eq!(Content::empty().lone_text(), None);
        assert_eq!(std::mem::size_of::<Content>(), 24);
    }
}
