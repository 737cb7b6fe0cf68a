//! wbxconf: a conformance harness for the Webex XML API.
//!
//! The pipeline, one module per stage:
//! `scenario` (YAML → Suite) → `runner` (plan, execute over `client` and `mail`) →
//! verdicts built with `xml` and `api` → `report` (JUnit, JSON, Markdown, HTML).
//! `reference` is the embedded implementation the suite is proven on; it shares no
//! response-reading or comparison code with the harness.

pub mod api;
pub mod cli;
pub mod client;
pub mod mail;
pub mod reference;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod target;
pub mod xml;
