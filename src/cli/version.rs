//! `wbxconf --version`: the harness version.

pub const LONG: &str = env!("CARGO_PKG_VERSION");
