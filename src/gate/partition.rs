//! `--partition K/N`: a deterministic slice of the suite, so a CI system's own matrix
//! of machines can run a large suite in parallel. Scenario ids are sorted and dealt out
//! in turn (the 1st to slice 1, the 2nd to slice 2, …), which keeps the slices within
//! one scenario of each other in size and independent of the order files were read.

use std::str::FromStr;

use crate::scenario::Suite;

/// Slice `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Partition {
    type Err = String;

    fn from_str(s: &str) -> Result<Partition, String> {
        let bad = || format!("`{s}` is not a partition: write K/N with 1 <= K <= N (e.g. 2/4)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Partition { index, count })
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Partition {
    /// Whether the scenario `id` of the suite whose ids are `all` falls in this slice.
    pub fn selects(&self, id: &str, all: &[&str]) -> bool {
        let mut sorted: Vec<&str> = all.to_vec();
        sorted.sort_unstable();
        sorted
            .iter()
            .position(|x| *x == id)
            .is_some_and(|i| i % self.count == self.index - 1)
    }

    /// The suite with only this slice's scenarios (the digest stays the whole suite's).
    pub fn apply(&self, suite: &Suite) -> Suite {
        let mut ids: Vec<&str> = suite.scenarios.iter().map(|s| s.spec.id.as_str()).collect();
        ids.sort_unstable();
        let keep: std::collections::HashSet<String> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| i % self.count == self.index - 1)
            .map(|(_, id)| id.to_string())
            .collect();
        let mut out = suite.clone();
        out.scenarios.retain(|s| keep.contains(&s.spec.id));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(
            "2/4".parse::<Partition>(),
            Ok(Partition { index: 2, count: 4 })
        );
        for bad in ["0/4", "5/4", "1/0", "1", "a/b", "1/2/3"] {
            assert!(bad.parse::<Partition>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slices_cover_every_id_exactly_once_whatever_the_order() {
        let ids = ["c/1", "a/2", "b/3", "a/1", "d/9"];
        let mut reversed = ids;
        reversed.reverse();
        for id in ids {
            let hits: Vec<usize> = (1..=3)
                .filter(|k| {
                    Partition {
                        index: *k,
                        count: 3,
                    }
                    .selects(id, &ids)
                })
                .collect();
            assert_eq!(hits.len(), 1, "{id}");
            let again: Vec<usize> = (1..=3)
                .filter(|k| {
                    Partition {
                        index: *k,
                        count: 3,
                    }
                    .selects(id, &reversed)
                })
                .collect();
            assert_eq!(hits, again);
        }
    }
}
