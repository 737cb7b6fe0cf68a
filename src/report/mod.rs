//! Reporters: every format a run ends in, all rendered from one [`RunReport`].
//!
//! Each format is a plain function over the report data writing into a
//! `std::io::Write` (files) or `std::fmt::Write` (the terminal); colour is a
//! parameter, never decided inside. Only [`files`] touches the file system.
//!
//! | module       | output                                   |
//! |--------------|------------------------------------------|
//! | [`junit`]    | `junit.xml` for CI test reporters        |
//! | [`json`]     | `results.json`, the stable machine form  |
//! | [`markdown`] | `summary.md`, for pull requests and CI   |
//! | [`html`]     | `index.html`, one self-contained page    |
//! | [`terminal`] | the end-of-run summary and totals line   |
//! | [`transcript`] | one text file per scenario: every request and response |
//! | [`files`]    | the `reports/<run_id>/` folder and `reports/latest/` |
//! | [`mutants`]  | the `wbxconf mutants` matrix: `reports/mutants-<run_id>/` |
//!
//! [`RunReport`]: crate::runner::outcome::RunReport

pub(crate) mod escape;
mod view;

pub mod coverage;
pub mod files;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod mutants;
pub mod terminal;
pub mod transcript;

pub use terminal::{totals_line, Style};
