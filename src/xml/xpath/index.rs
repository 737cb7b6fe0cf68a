//! A flat, document-ordered view of a tree with parent and sibling links, so XPath axes
//! are index arithmetic: `descendant` is a range, `parent` a field. Built iteratively in
//! one pass; node ids are positions in document order, so sorting ids sorts nodes.

use super::super::tree::{Attribute, Child, Children, Document, Element};

/// What a node of the index is.
#[derive(Debug, Clone, Copy)]
pub enum NodeKind<'d> {
    /// The document node, parent of the root element.
    Root(&'d Document),
    Element(&'d Element),
    Attribute(&'d Attribute),
    Text(&'d str),
}

pub(crate) const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub(crate) struct Entry<'d> {
    pub kind: NodeKind<'d>,
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub next_sibling: u32,
    pub previous_sibling: u32,
    /// One past the last node of the subtree (attributes and descendants included).
    pub end: u32,
    pub first_attribute: u32,
    pub attribute_count: u32,
}

/// A document prepared for XPath evaluation; build once to evaluate many expressions.
#[derive(Debug, Clone)]
pub struct DocumentIndex<'d> {
    pub(crate) entries: Vec<Entry<'d>>,
}

impl<'d> DocumentIndex<'d> {
    pub fn new(doc: &'d Document) -> DocumentIndex<'d> {
        let mut index = DocumentIndex {
            entries: Vec::new(),
        };
        index.push(NodeKind::Root(doc), NONE);
        let root = index.push_element(&doc.root, 0);
        let mut stack: Vec<(u32, Children<'d>)> = vec![(root, doc.root.children())];
        while let Some((parent, children)) = stack.last_mut() {
            let parent = *parent;
            match children.next() {
                Some(Child::Element(child)) => {
                    let id = index.push_element(child, parent);
                    stack.push((id, child.children()));
                }
                Some(Child::Text(text)) => {
                    index.push(NodeKind::Text(text), parent);
                }
                None => {
                    let end = index.next_id();
                    index.entries[parent as usize].end = end;
                    stack.pop();
                }
            }
        }
        let end = index.next_id();
        index.entries[0].end = end;
        index
    }

    fn next_id(&self) -> u32 {
        u32::try_from(self.entries.len()).unwrap_or(NONE)
    }

    /// Adds a node as the last child of `parent` (or as an attribute, unlinked).
    fn push(&mut self, kind: NodeKind<'d>, parent: u32) -> u32 {
        let id = self.next_id();
        let is_attribute = matches!(kind, NodeKind::Attribute(_));
        self.entries.push(Entry {
            kind,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            previous_sibling: NONE,
            end: id.saturating_add(1),
            first_attribute: NONE,
            attribute_count: 0,
        });
        if parent != NONE && !is_attribute {
            let previous = self.entries[parent as usize].last_child;
            if previous == NONE {
                self.entries[parent as usize].first_child = id;
            } else {
                self.entries[previous as usize].next_sibling = id;
                self.entries[id as usize].previous_sibling = previous;
            }
            self.entries[parent as usize].last_child = id;
        }
        id
    }

    fn push_element(&mut self, element: &'d Element, parent: u32) -> u32 {
        let id = self.push(NodeKind::Element(element), parent);
        if !element.attrs.is_empty() {
            self.entries[id as usize].first_attribute = self.next_id();
            self.entries[id as usize].attribute_count =
                u32::try_from(element.attrs.len()).unwrap_or(NONE);
            for attr in &element.attrs {
                self.push(NodeKind::Attribute(attr), id);
            }
        }
        id
    }

    pub(crate) fn entry(&self, id: u32) -> &Entry<'d> {
        &self.entries[id as usize]
    }

    /// The XPath string-value: an element's or the document's descendant text.
    pub(crate) fn string_value(&self, id: u32) -> String {
        let entry = self.entry(id);
        match entry.kind {
            NodeKind::Attribute(attr) => attr.value.clone(),
            NodeKind::Text(text) => text.to_owned(),
            NodeKind::Root(_) | NodeKind::Element(_) => {
                let mut out = String::new();
                for inner in &self.entries[id as usize + 1..entry.end as usize] {
                    if let NodeKind::Text(text) = inner.kind {
                        out.push_str(text);
                    }
                }
                out
            }
        }
    }
}
