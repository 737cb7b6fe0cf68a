//! Plan and execute scenarios against a target; the outcome data reporters read.

pub mod outcome;
