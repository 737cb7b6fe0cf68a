//! Several targets side by side (`wbxconf compare`): the clause and scenario matrix,
//! a score per section and target, and for every step where the targets answered
//! differently their answers aligned by path, grouped into targets that agree.
//!
//! - `model`: the comparison as data (`compare.json`).
//! - `build`: from one run per target to the comparison.
//! - `answers`: two answers to one step compared by path.
//! - `markdown`, `html`: `compare.md`, `compare.html`.
//! - `markup`: escaping and the page frame, shared with the certificate.

pub mod answers;
pub mod build;
pub mod html;
pub mod markdown;
pub mod markup;
pub mod model;

pub use build::build;
pub use model::Comparison;
