//! Shared by the bench binaries: generated documents and suites, and peak-memory reading.
#![allow(dead_code, reason = "each bench binary uses a part of it")]

pub mod api;
pub mod docs;
pub mod memory;
