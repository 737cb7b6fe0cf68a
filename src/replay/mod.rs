//! Reading a recorded run again: run-specific values put back as names (`normalize`)
//! and every recorded answer judged again from the record alone (`rejudge`).

pub mod normalize;
pub mod rejudge;

pub use normalize::Normalizer;
pub use rejudge::{rejudge, Rejudged};
