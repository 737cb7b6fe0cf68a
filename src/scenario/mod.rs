//! Scenarios: the YAML format, loading a suite with precise diagnostics, and `${…}` templates.

pub mod clauses;
pub mod embedded;
pub mod error;
pub mod files;
pub mod load;
pub mod model;
pub mod schema;
pub mod template;
pub mod yaml;

pub use clauses::Catalogue;
pub use error::Diagnostic;
pub use load::{load, Scenario, Suite};
pub use model::ScenarioFile;
