//! The XPath 1.0 subset scenario assertions and captures are written in.
//!
//! **Name tests.** An unprefixed name matches that local name in *any* namespace, so
//! authors write `//session/isException` whatever prefixes an implementation uses. A
//! prefixed name (`ep:session`) matches only the namespace URI of that well-known API
//! prefix (see [`names`](super::names); `site` and `ns1` both mean the site service),
//! so a test can insist on a namespace. The same rule applies to attributes
//! (`@type` vs `@xsi:type`). An unknown prefix is a compile error.
//!
//! Supported: absolute and relative paths, `/`, `//`, `.`, `..`, `*`, `@name`, `@*`,
//! `text()`, `node()`, the axes child, descendant(-or-self), self, parent,
//! ancestor(-or-self), following-sibling, preceding-sibling and attribute; predicates
//! (`[2]`, `[last()]`, `[expr]`); `|`; `or and = != < <= > >= + - * div mod`; string
//! literals in either quote; `$name` variables (strings, from the caller); functions
//! last, position, count, string, number, boolean, not, true, false, contains,
//! starts-with, normalize-space, local-name, name, string-length, concat, sum,
//! substring, substring-before and substring-after.
//!
//! Cost: the document is flattened once into a [`DocumentIndex`] (linear); `//name[…]`
//! without positional predicates is a single range scan, so `//session[sessionKey='x']`
//! is linear in the document size.

mod eval;
mod index;
mod syntax;

use std::fmt;

use super::tree::{Attribute, Document, Element};
use eval::{format_number, parse_number, to_boolean, Evaluator, Val};
pub use index::{DocumentIndex, NodeKind};

/// A compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub struct XPath {
    source: String,
    expr: syntax::Expr,
}

/// Why an expression does not compile or evaluate; `column` is 1-based, in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XPathError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for XPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for XPathError {}

impl XPath {
    pub fn compile(expr: &str) -> Result<XPath, XPathError> {
        Ok(XPath {
            source: expr.to_owned(),
            expr: syntax::parse(expr)?,
        })
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates against a document (indexing it first); `vars` resolves `$name`.
    pub fn evaluate<'d>(
        &self,
        doc: &'d Document,
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Value<'d>, XPathError> {
        self.evaluate_indexed(&DocumentIndex::new(doc), vars)
    }

    /// Evaluates against a document indexed once for several expressions.
    pub fn evaluate_indexed<'d>(
        &self,
        index: &DocumentIndex<'d>,
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Value<'d>, XPathError> {
        let evaluator = Evaluator { index, vars };
        Ok(match evaluator.evaluate(&self.expr)? {
            Val::Nodes(ids) => Value::Nodes(
                ids.into_iter()
                    .map(|id| NodeRef {
                        id,
                        kind: index.entry(id).kind,
                    })
                    .collect(),
            ),
            Val::Str(text) => Value::String(text),
            Val::Num(number) => Value::Number(number),
            Val::Bool(flag) => Value::Boolean(flag),
        })
    }
}

impl fmt::Display for XPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// A node selected by an expression, borrowing the document.
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'d> {
    /// Position in document order (attributes follow their element).
    id: u32,
    kind: NodeKind<'d>,
}

impl<'d> NodeRef<'d> {
    pub fn kind(&self) -> NodeKind<'d> {
        self.kind
    }

    pub fn as_element(&self) -> Option<&'d Element> {
        match self.kind {
            NodeKind::Element(element) => Some(element),
            NodeKind::Root(doc) => Some(&doc.root),
            _ => None,
        }
    }

    pub fn as_attribute(&self) -> Option<&'d Attribute> {
        match self.kind {
            NodeKind::Attribute(attr) => Some(attr),
            _ => None,
        }
    }

    /// The XPath string-value: descendant text of an element, an attribute's value, a text.
    pub fn string_value(&self) -> String {
        match self.kind {
            NodeKind::Root(doc) => doc.root.text_content(),
            NodeKind::Element(element) => element.text_content(),
            NodeKind::Attribute(attr) => attr.value.clone(),
            NodeKind::Text(text) => text.to_owned(),
        }
    }

    /// Local name of an element or attribute; empty for text and the document.
    pub fn local_name(&self) -> &'d str {
        match self.kind {
            NodeKind::Element(element) => &element.name.local,
            NodeKind::Attribute(attr) => &attr.name.local,
            NodeKind::Root(_) | NodeKind::Text(_) => "",
        }
    }
}

impl PartialEq for NodeRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// The result of an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'d> {
    /// In document order, without duplicates.
    Nodes(Vec<NodeRef<'d>>),
    String(String),
    Number(f64),
    Boolean(bool),
}

impl Value<'_> {
    /// XPath `string()`: the first node's string-value for node-sets.
    pub fn string_value(&self) -> String {
        match self {
            Value::Nodes(nodes) => nodes.first().map(NodeRef::string_value).unwrap_or_default(),
            Value::String(text) => text.clone(),
            Value::Number(number) => format_number(*number),
            Value::Boolean(flag) => flag.to_string(),
        }
    }

    /// The number of nodes, for node-sets.
    pub fn count(&self) -> Option<usize> {
        match self {
            Value::Nodes(nodes) => Some(nodes.len()),
            _ => None,
        }
    }

    /// XPath `boolean()`.
    pub fn to_boolean(&self) -> bool {
        match self {
            Value::Nodes(nodes) => !nodes.is_empty(),
            Value::String(text) => to_boolean(&Val::Str(text.clone())),
            Value::Number(number) => to_boolean(&Val::Num(*number)),
            Value::Boolean(flag) => *flag,
        }
    }

    /// XPath `number()`.
    pub fn to_number(&self) -> f64 {
        match self {
            Value::Number(number) => *number,
            Value::Boolean(flag) => f64::from(u8::from(*flag)),
            other => parse_number(&other.string_value()),
        }
    }
}

#[cfg(test)]
mod tests;
