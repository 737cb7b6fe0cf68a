//! Peak memory of comparing two documents: one child process per size (10 KB, 1 MB,
//! 10 MB; equal and 1% changed), each reporting its VmHWM against the size of the two
//! documents. `cargo bench --bench xml_memory`.

mod support;

use std::time::Instant;

use support::docs::{session_list, sessions_for};
use support::memory::{child, mib, resident};
use wbxconf::xml::{self, CompareOptions, Limits};

const CHILD: &str = "WBXCONF_BENCH_XML_MEMORY";

fn main() {
    if let Ok(spec) = std::env::var(CHILD) {
        measure(&spec);
        return;
    }
    println!("xml comparison: peak memory (one process per case)");
    println!(
        "{:>10} {:>8} {:>12} {:>12} {:>12} {:>10} {:>10}",
        "size", "case", "docs MiB", "base MiB", "peak MiB", "peak/docs", "MB/s"
    );
    for bytes in [10_000usize, 1_000_000, 10_000_000] {
        for case in ["equal", "1pct"] {
            let spec = format!("{bytes}:{case}");
            match child(&[], &[(CHILD, spec)]) {
                Ok(out) => print!("{out}"),
                Err(e) => eprintln!("{e}"),
            }
        }
    }
}

/// `keyed:N`, `unkeyed-swapped:N`, `unkeyed-shuffled:N`, `unkeyed-scan:N`: one unordered
/// match of N siblings as the `xml` bench of that name does, for counting its instructions
/// under callgrind at two sizes (`WBXCONF_BENCH_XML_MEMORY=keyed:1000`).
fn unordered_match(kind: &str, n: usize) {
    let opts = CompareOptions {
        extra_elements: false,
        unordered: vec![wbxconf::xml::Unordered {
            element: "session".to_owned(),
            key: (kind == "keyed").then(|| "sessionKey".to_owned()),
        }],
    };
    let order: Vec<usize> = if kind == "unkeyed-swapped" {
        (0..n).map(|i| i ^ 1).filter(|&i| i < n).collect()
    } else {
        support::docs::shuffled(n)
    };
    let (expected, reordered) = if kind == "unkeyed-scan" {
        let in_order: Vec<usize> = (0..n).collect();
        (
            support::docs::session_list_nested(&in_order),
            support::docs::session_list_nested(&order),
        )
    } else {
        (
            session_list(n, None),
            support::docs::session_list_in_order(&order, None),
        )
    };
    let expected = xml::parse(&expected, &Limits::default()).expect("parses");
    let actual = xml::parse(&reordered, &Limits::default()).expect("parses");
    let started = Instant::now();
    let diffs = xml::compare(&expected, &actual, &opts, &|_| None);
    println!(
        "{kind} unordered match of {n} siblings: {:.3} ms ({} differences)",
        started.elapsed().as_secs_f64() * 1000.0,
        diffs.len()
    );
}

/// In the child: generate both documents, then parse and compare once, and report.
fn measure(spec: &str) {
    for kind in [
        "keyed",
        "unkeyed-swapped",
        "unkeyed-shuffled",
        "unkeyed-scan",
    ] {
        if let Some(n) = spec.strip_prefix(kind).and_then(|r| r.strip_prefix(':')) {
            unordered_match(kind, n.parse().unwrap_or(1000));
            return;
        }
    }
    let (bytes, case) = spec.split_once(':').unwrap_or((spec, "equal"));
    let bytes: usize = bytes.parse().unwrap_or(10_000);
    let (base, _) = resident().unwrap_or((0, 0));
    let n = sessions_for(bytes);
    let expected = session_list(n, None);
    let actual = session_list(n, (case == "1pct").then_some(100));
    let docs = (expected.len() + actual.len()) as u64;
    let started = Instant::now();
    let e = xml::parse(&expected, &Limits::default()).expect("generated documents parse");
    let a = xml::parse(&actual, &Limits::default()).expect("generated documents parse");
    let diffs = xml::compare(&e, &a, &CompareOptions::default(), &|_| None);
    let elapsed = started.elapsed();
    let (peak, _) = resident().unwrap_or((0, 0));
    let used = peak.saturating_sub(base);
    println!(
        "{:>10} {:>8} {:>12.2} {:>12.2} {:>12.2} {:>10.2} {:>10.1}   ({} differences)",
        actual.len(),
        case,
        mib(docs),
        mib(base),
        mib(peak),
        used as f64 / docs as f64,
        actual.len() as f64 / 1e6 / elapsed.as_secs_f64(),
        diffs.len()
    );
}
