//! `wbxconf --version`: the harness version and the digest of the suite it carries.

pub const LONG: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (suite sha256:",
    env!("WBXCONF_SUITE_DIGEST"),
    ")"
);
