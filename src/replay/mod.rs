//! Reading a recorded run again: run-specific values put back as names (`normalize`)
//! and every recorded answer judged again from the record alone (`rejudge`).

pub mod normalize;

pub use normalize::Normalizer;
