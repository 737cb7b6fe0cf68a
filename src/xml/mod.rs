//! XML for the harness: parsing API documents into a namespace-aware tree, comparing
//! an expected document (with placeholders) against an actual one, rendering both and
//! their differences, evaluating XPath assertions, and writing golden files.
//!
//! Everything here is pure: no I/O, no clock, no async.

pub mod names;
mod parse;
pub mod placeholder;
mod tree;

pub use parse::{parse, parse_bytes, ParseError};
pub use tree::{Attribute, Document, Element, Limits, Name, Node};

#[cfg(test)]
mod fixtures;
