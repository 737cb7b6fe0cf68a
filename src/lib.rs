//! wbxconf: a conformance harness for the Webex XML API.
//!
//! The pipeline, one module per stage:
//! `scenario` (YAML → Suite) → `runner` (plan, execute over `client` and `mail`) →
//! verdicts built with `xml` and `api` → `report` (JUnit, JSON, Markdown, HTML).
//! `reference` is the embedded implementation the suite is proven on; it shares no
//! response-reading or comparison code with the harness.
//!
//! Around a run: `gate` (known failures, partitions, merging slices), `compare`
//! (several targets side by side), `certify` (a certificate and its verification),
//! `target_check` (a profile against its endpoint), all reading runs through `rollup`
//! (clause and section verdicts) and `replay` (a recorded run read again).

pub mod api;
pub mod certify;
pub mod cli;
pub mod client;
pub mod compare;
pub mod gate;
pub mod mail;
pub mod reference;
pub mod replay;
pub mod report;
pub mod rollup;
pub mod runner;
pub mod scenario;
pub mod target;
pub mod target_check;
pub mod xml;
