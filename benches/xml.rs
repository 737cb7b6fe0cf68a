//! XML comparison throughput: parse both documents and compare them, equal and with 1% of
//! their elements changed, at 10 KB, 1 MB and 10 MB; unordered matching of 1,000 and
//! 10,000 siblings. Throughput is one document's size per iteration (MB/s of input
//! compared). `cargo bench --bench xml`; peak memory is `--bench xml_memory`.

mod support;

use divan::counter::BytesCount;
use divan::Bencher;
use support::docs::{
    session_list, session_list_in_order, session_list_nested, sessions_for, shuffled,
};
use wbxconf::xml::{self, CompareOptions, Document, Limits, Unordered};

const SIZES: [usize; 3] = [10_000, 1_000_000, 10_000_000];
const SIBLINGS: [usize; 2] = [1_000, 10_000];

fn main() {
    divan::main();
}

fn parse(text: &str) -> Document {
    xml::parse(text, &Limits::default()).expect("generated documents parse")
}

fn no_vars(_: &str) -> Option<String> {
    None
}

fn pair(bytes: usize, change_every: Option<usize>) -> (String, String) {
    let n = sessions_for(bytes);
    (session_list(n, None), session_list(n, change_every))
}

/// Parses one document.
#[divan::bench(args = SIZES, max_time = 3)]
fn parse_only(bencher: Bencher, bytes: usize) {
    let (text, _) = pair(bytes, None);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| parse(divan::black_box(&text)));
}

/// Compares two already parsed, equal documents.
#[divan::bench(args = SIZES, max_time = 3)]
fn compare_only_equal(bencher: Bencher, bytes: usize) {
    let (e, a) = pair(bytes, None);
    let (expected, actual) = (parse(&e), parse(&a));
    let opts = CompareOptions::default();
    bencher.counter(BytesCount::new(a.len())).bench(|| {
        let diffs = xml::compare(&expected, &actual, &opts, &no_vars);
        assert!(diffs.is_empty());
    });
}

/// The judge's work for an equal answer: parse both, compare.
#[divan::bench(args = SIZES, max_time = 3)]
fn parse_and_compare_equal(bencher: Bencher, bytes: usize) {
    let (e, a) = pair(bytes, None);
    let opts = CompareOptions::default();
    bencher.counter(BytesCount::new(a.len())).bench(|| {
        let diffs = xml::compare(&parse(&e), &parse(&a), &opts, &no_vars);
        assert!(diffs.is_empty());
    });
}

/// Parse both and compare, with 1 in 100 elements' text changed.
#[divan::bench(args = SIZES, max_time = 3)]
fn parse_and_compare_1pct(bencher: Bencher, bytes: usize) {
    let (e, a) = pair(bytes, Some(100));
    let opts = CompareOptions::default();
    bencher.counter(BytesCount::new(a.len())).bench(|| {
        let diffs = xml::compare(&parse(&e), &parse(&a), &opts, &no_vars);
        assert!(!diffs.is_empty());
    });
}

/// What a failing golden step costs in all: parse, compare, both canonical forms and
/// their unified diff (as the judge shows it).
#[divan::bench(args = SIZES, max_time = 3)]
fn judge_failure_1pct(bencher: Bencher, bytes: usize) {
    let (e, a) = pair(bytes, Some(100));
    let opts = CompareOptions::default();
    bencher.counter(BytesCount::new(a.len())).bench(|| {
        let (expected, actual) = (parse(&e), parse(&a));
        let diffs = xml::compare(&expected, &actual, &opts, &no_vars);
        let mut out = String::new();
        xml::write_unified_diff(
            &mut out,
            &xml::canonical_pretty(&expected),
            &xml::canonical_pretty(&actual),
            xml::Style { color: false },
        )
        .expect("writing to a String");
        (diffs, out)
    });
}

fn unordered(key: Option<&str>) -> CompareOptions {
    CompareOptions {
        extra_elements: false,
        unordered: vec![Unordered {
            element: "session".to_owned(),
            key: key.map(str::to_owned),
        }],
    }
}

/// Unordered siblings matched by key, the actual list in a random order.
#[divan::bench(args = SIBLINGS, max_time = 3)]
fn unordered_keyed_shuffled(bencher: Bencher, siblings: usize) {
    let expected = parse(&session_list(siblings, None));
    let actual = parse(&session_list_in_order(&shuffled(siblings), None));
    let opts = unordered(Some("sessionKey"));
    bencher.bench(|| {
        let diffs = xml::compare(&expected, &actual, &opts, &no_vars);
        assert!(diffs.is_empty());
    });
}

/// Unordered siblings without a key, here with neighbours swapped in pairs: each expected
/// one is tried against the actual ones sharing its discriminating leaf text.
#[divan::bench(args = SIBLINGS, max_time = 3)]
fn unordered_unkeyed_swapped(bencher: Bencher, siblings: usize) {
    let order: Vec<usize> = (0..siblings)
        .map(|i| i ^ 1)
        .filter(|&i| i < siblings)
        .collect();
    let expected = parse(&session_list(siblings, None));
    let actual = parse(&session_list_in_order(&order, None));
    let opts = unordered(None);
    bencher.bench(|| {
        let diffs = xml::compare(&expected, &actual, &opts, &no_vars);
        assert!(diffs.is_empty());
    });
}

/// Unkeyed and shuffled: partners are found wherever they moved.
#[divan::bench(args = SIBLINGS, max_time = 3)]
fn unordered_unkeyed_shuffled(bencher: Bencher, siblings: usize) {
    let expected = parse(&session_list(siblings, None));
    let actual = parse(&session_list_in_order(&shuffled(siblings), None));
    let opts = unordered(None);
    bencher.bench(|| {
        let diffs = xml::compare(&expected, &actual, &opts, &no_vars);
        assert!(diffs.is_empty());
    });
}

/// Unkeyed, shuffled, and no leaf of the siblings' own tells them apart (what differs is
/// nested one level down): each expected element scans its unused neighbours in order,
/// and most find no partner among them (the bounded worst case).
#[divan::bench(args = SIBLINGS, max_time = 3)]
fn unordered_unkeyed_scan_shuffled(bencher: Bencher, siblings: usize) {
    let expected = parse(&session_list_nested(&(0..siblings).collect::<Vec<_>>()));
    let actual = parse(&session_list_nested(&shuffled(siblings)));
    let opts = unordered(None);
    bencher.bench(|| xml::compare(&expected, &actual, &opts, &no_vars));
}
