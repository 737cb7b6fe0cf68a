//! The fuzz targets' checks (fuzz/checks/) replayed on the committed corpus: the seeds
//! and every input a fuzz run ever found a problem with (`fuzz/corpus/<target>/seed-*`,
//! `fuzz/regressions/<target>/*`), so a fixed finding stays fixed without running the
//! fuzzer. See docs/fuzzing.md.

mod support;

#[path = "../fuzz/checks/compare.rs"]
mod compare;
#[path = "../fuzz/checks/scenario.rs"]
mod scenario;

/// The committed inputs of a target.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let fuzz = support::repo().join("fuzz");
    let mut out = Vec::new();
    for (dir, seeds_only) in [
        (fuzz.join("corpus").join(target), true),
        (fuzz.join("regressions").join(target), false),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if seeds_only && !name.starts_with("seed-") {
                continue;
            }
            out.push((name, std::fs::read(e.path()).expect("read input")));
        }
    }
    out.sort();
    out
}

fn replay(target: &str, check: fn(&[u8])) {
    let all = inputs(target);
    assert!(!all.is_empty(), "no committed inputs for {target}");
    for (name, data) in &all {
        let outcome = std::panic::catch_unwind(|| check(data));
        assert!(outcome.is_ok(), "{target}: {name} fails its check");
    }
}

#[test]
fn the_comparator_corpus_passes() {
    replay("compare", compare::check);
}

#[test]
fn the_scenario_loader_corpus_passes() {
    replay("scenario", scenario::check);
}
