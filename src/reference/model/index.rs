//! The time index of one site, so a list over a date range costs in proportion
//! to the range, not to the number of meetings on the site.
//!
//! - single meetings and exceptions: ordered by start;
//! - series: by span, in week buckets (a series is entered in every week its
//!   span touches); open-ended or very long series (over ten years) are kept in
//!   a separate set ordered by first start, scanned up to the range's end.

use std::collections::{BTreeMap, BTreeSet};

const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;
/// Series spanning more weeks than this go to the open-ended set.
const MAX_BUCKETS: i64 = 520;

/// Where a meeting was entered, so it can be removed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Indexed {
    Nowhere,
    Start(i64),
    Span { start_ms: i64, end_ms: Option<i64> },
}

#[derive(Debug, Default, Clone)]
pub(crate) struct TimeIndex {
    starts: BTreeSet<(i64, u64)>,
    buckets: BTreeMap<i64, BTreeSet<u64>>,
    open: BTreeSet<(i64, u64)>,
}

fn bucket(ms: i64) -> i64 {
    ms.div_euclid(WEEK_MS)
}

fn bounded_buckets(start_ms: i64, end_ms: Option<i64>) -> Option<(i64, i64)> {
    let end = end_ms?;
    let (a, b) = (bucket(start_ms), bucket(end.max(start_ms)));
    (b - a <= MAX_BUCKETS).then_some((a, b))
}

impl TimeIndex {
    pub fn insert(&mut self, key: u64, at: Indexed) {
        match at {
            Indexed::Nowhere => {}
            Indexed::Start(ms) => {
                self.starts.insert((ms, key));
            }
            Indexed::Span { start_ms, end_ms } => match bounded_buckets(start_ms, end_ms) {
                Some((a, b)) => {
                    for w in a..=b {
                        self.buckets.entry(w).or_default().insert(key);
                    }
                }
                None => {
                    self.open.insert((start_ms, key));
                }
            },
        }
    }

    pub fn remove(&mut self, key: u64, at: Indexed) {
        match at {
            Indexed::Nowhere => {}
            Indexed::Start(ms) => {
                self.starts.remove(&(ms, key));
            }
            Indexed::Span { start_ms, end_ms } => match bounded_buckets(start_ms, end_ms) {
                Some((a, b)) => {
                    for w in a..=b {
                        if let Some(set) = self.buckets.get_mut(&w) {
                            set.remove(&key);
                            if set.is_empty() {
                                self.buckets.remove(&w);
                            }
                        }
                    }
                }
                None => {
                    self.open.remove(&(start_ms, key));
                }
            },
        }
    }

    /// Singles and exceptions starting in `[from, to]` (milliseconds, inclusive).
    pub fn starting_in(&self, from: i64, to: i64) -> impl Iterator<Item = u64> + '_ {
        use std::ops::Bound;
        // An inverted range is empty; `range` itself panics when start > end, so the
        // end is put at the start instead (excluded: nothing lies in between).
        let end = if from <= to {
            Bound::Included((to, u64::MAX))
        } else {
            Bound::Excluded((from, 0))
        };
        self.starts
            .range((Bound::Included((from, 0)), end))
            .map(|(_, k)| *k)
    }

    /// Series whose span may intersect `[from, to]` (a superset: callers check
    /// occurrences), each once.
    pub fn series_touching(&self, from: i64, to: i64) -> BTreeSet<u64> {
        let mut out = BTreeSet::new();
        if from > to {
            return out;
        }
        for (_, set) in self.buckets.range(bucket(from)..=bucket(to)) {
            out.extend(set.iter().copied());
        }
        for (_, k) in self.open.range(..=(to, u64::MAX)) {
            out.insert(*k);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inverted_range_is_empty_not_a_panic() {
        let mut ix = TimeIndex::default();
        ix.insert(1, Indexed::Start(100));
        assert_eq!(ix.starting_in(200, 100).count(), 0);
        assert_eq!(ix.starting_in(i64::MAX, i64::MIN).count(), 0);
        assert!(ix.series_touching(200, 100).is_empty());
    }

    #[test]
    fn range_queries_find_only_what_touches_the_range() {
        let mut ix = TimeIndex::default();
        ix.insert(1, Indexed::Start(100));
        ix.insert(2, Indexed::Start(5 * WEEK_MS));
        ix.insert(
            3,
            Indexed::Span {
                start_ms: 0,
                end_ms: Some(2 * WEEK_MS),
            },
        );
        ix.insert(
            4,
            Indexed::Span {
                start_ms: 10 * WEEK_MS,
                end_ms: None,
            },
        );
        assert_eq!(ix.starting_in(0, WEEK_MS).collect::<Vec<_>>(), vec![1]);
        assert_eq!(
            ix.series_touching(WEEK_MS, WEEK_MS + 1)
                .into_iter()
                .collect::<Vec<_>>(),
            vec![3]
        );
        assert!(ix.series_touching(4 * WEEK_MS, 5 * WEEK_MS).is_empty());
        assert_eq!(
            ix.series_touching(20 * WEEK_MS, 21 * WEEK_MS)
                .into_iter()
                .collect::<Vec<_>>(),
            vec![4]
        );
        ix.remove(
            3,
            Indexed::Span {
                start_ms: 0,
                end_ms: Some(2 * WEEK_MS),
            },
        );
        ix.remove(1, Indexed::Start(100));
        assert!(ix.series_touching(0, WEEK_MS).is_empty());
        assert_eq!(ix.starting_in(0, WEEK_MS).count(), 0);
    }
}
