//! The XML API envelope as the harness sees it: the catalogue of APIs, building
//! requests for an actor, reading result / reason / exceptionID from answers.

pub mod catalogue;
pub mod envelope;
pub mod response;

pub use catalogue::{ApiCatalogue, ApiEntry};
