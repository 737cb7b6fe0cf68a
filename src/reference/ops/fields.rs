//! Reading request values: every unreadable value is recorded and reported
//! together as one 990010 fault naming each field.

use crate::reference::calendar::{dates, timezones, Zone};
use crate::reference::codes::{Code, Fault};
use crate::reference::xmlin::Node;
use chrono::NaiveDateTime;

pub(crate) struct Fields<'a> {
    node: &'a Node,
    problems: Vec<String>,
}

pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

impl<'a> Fields<'a> {
    pub fn new(node: &'a Node) -> Fields<'a> {
        Fields {
            node,
            problems: Vec::new(),
        }
    }

    pub fn node(&self, path: &str) -> Option<&'a Node> {
        self.node.at(path)
    }

    pub fn has(&self, path: &str) -> bool {
        self.node.at(path).is_some()
    }

    /// Trimmed text; an empty element counts as absent.
    pub fn string(&self, path: &str) -> Option<String> {
        self.node
            .text_at(path)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    }

    pub fn problem(&mut self, field: &str, what: impl std::fmt::Display) {
        self.problems.push(format!("{field}: {what}"));
    }

    fn read<T>(&mut self, path: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let text = self.node.text_at(path).filter(|t| !t.is_empty())?;
        let value = parse(text);
        if value.is_none() {
            self.problem(path, format!("{text:?} is not {what}"));
        }
        value
    }

    pub fn bool(&mut self, path: &str) -> Option<bool> {
        self.read(path, "a boolean", parse_bool)
    }

    pub fn int(&mut self, path: &str) -> Option<i64> {
        self.read(path, "a number", |t| t.parse().ok())
    }

    pub fn u32(&mut self, path: &str) -> Option<u32> {
        self.read(path, "a non-negative number", |t| t.parse().ok())
    }

    pub fn u64(&mut self, path: &str) -> Option<u64> {
        self.read(path, "a key", |t| t.parse().ok())
    }

    pub fn date(&mut self, path: &str) -> Option<NaiveDateTime> {
        self.read(path, "a date (MM/dd/yyyy HH:mm:ss)", dates::parse)
    }

    /// A zone from `<id_path>` (timeZoneID) or, failing that, `<name_path>` (timeZone).
    pub fn zone(&mut self, id_path: &str, name_path: &str) -> Option<&'static Zone> {
        if let Some(id) = self.read(id_path, "a time zone id (0..61)", |t| {
            t.parse::<i64>().ok().filter(|i| *i >= 0)
        }) {
            // -1 is the schema's "not given".
            return match timezones::by_id(id) {
                Some(z) => Some(z),
                None => {
                    self.problem(id_path, format!("{id} is not a time zone id (0..61)"));
                    None
                }
            };
        }
        if self.node.text_at(id_path).is_some_and(|t| t.trim() == "-1") {
            return None;
        }
        self.read(name_path, "a time zone name", timezones::by_name)
    }

    /// A required value that is missing.
    pub fn require<T>(&mut self, path: &str, value: Option<T>) -> Option<T> {
        if value.is_none() && !self.problems.iter().any(|p| p.starts_with(path)) {
            self.problem(path, "is required");
        }
        value
    }

    pub fn finish(self) -> Result<(), Fault> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Fault::with_reason(
                Code::InvalidValue,
                format!("Invalid request value: {}", self.problems.join("; ")),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::xmlin;

    #[test]
    fn every_bad_field_is_named() {
        let node = xmlin::parse(b"<b><schedule><startDate>13/45/2026</startDate><duration>ten</duration><timeZoneID>99</timeZoneID></schedule><x>TRUE</x></b>").unwrap();
        let mut f = Fields::new(&node);
        assert_eq!(f.date("schedule/startDate"), None);
        assert_eq!(f.u32("schedule/duration"), None);
        assert_eq!(f.zone("schedule/timeZoneID", "schedule/timeZone"), None);
        assert_eq!(f.bool("x"), Some(true));
        let err = f.finish().unwrap_err();
        assert_eq!(err.code, Code::InvalidValue);
        for field in [
            "schedule/startDate",
            "schedule/duration",
            "schedule/timeZoneID",
        ] {
            assert!(err.reason.contains(field), "{}", err.reason);
        }
    }
}
