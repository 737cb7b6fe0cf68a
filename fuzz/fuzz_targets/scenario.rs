//! Fuzz target: the input is checked by checks/scenario.rs, which `cargo test` also runs on
//! the committed corpus (tests/fuzz_corpus.rs).
#![no_main]

#[path = "../checks/scenario.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
