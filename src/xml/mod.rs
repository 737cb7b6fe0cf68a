//! XML for the harness: parsing API documents into a namespace-aware tree, comparing
//! an expected document (with placeholders) against an actual one, rendering both and
//! their differences, evaluating XPath assertions, and writing golden files.
//!
//! Everything here is pure: no I/O, no clock, no async. Every traversal is iterative or
//! bounded by `Limits::max_depth`, so hostile documents cannot overflow the stack.
//!
//! - `tree`: the document model (names are namespace URI + local name); `content`: what
//!   an element holds, laid out so the common short leaf costs no allocation.
//! - `parse`: text or bytes → tree, strict and safe (no DOCTYPE, no custom entities).
//! - `names`: the API's namespace URIs and their usual prefixes.
//! - `placeholder`: `{{any}}`, `{{long}}`, … in expected values.
//! - `compare`: expected vs actual → all differences, with paths.
//! - `path`: the `/message/body/…/session[3]` locations differences point at.

mod bytes;
mod compare;
mod content;
mod golden;
pub mod names;
mod parse;
mod path;
pub mod placeholder;
mod render;
mod tree;
pub mod xpath;

pub use compare::{compare, CompareOptions, Difference, DifferenceKind, Unordered, GREEDY_WINDOW};
pub use golden::{bless_golden, write_golden, BlessInput};
pub use parse::{parse, parse_bytes, ParseError};
pub use render::{canonical_pretty, write_differences, write_unified_diff, Style};
pub use tree::{Attribute, Child, Children, Document, Element, Limits, Name, Node, QName};
pub use xpath::{DocumentIndex, NodeKind, NodeRef, Value, XPath, XPathError};

#[cfg(test)]
mod fixtures;
