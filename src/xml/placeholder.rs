//! Placeholders in expected values: `{{any}}`, `{{long}}`, `{{boolean}}`, `{{date}}`,
//! `{{regex PATTERN}}` and `{{var NAME}}`, alone or mixed with literal text.
//!
//! A value is parsed once into a [`Template`] (its segments), then compiled once per
//! comparison into a [`Matcher`] with the variables resolved, so a golden file with
//! 20,000 `{{boolean}}` leaves compiles nothing per node. A `{{` that does not open a
//! known placeholder is literal text.

use regex::Regex;

/// One piece of an expected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    Any,
    /// Optional minus and digits, within i64.
    Long,
    /// `true` or `false` in any case.
    Boolean,
    /// `MM/dd/yyyy HH:mm:ss`, fields may be unpadded, and must form a real date and time.
    Date,
    /// Whole-value match of the (trimmed) pattern.
    Regex(String),
    Var(String),
}

/// An expected value split into literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub segments: Vec<Segment>,
}

/// Why a template cannot be used for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderError {
    UnknownVariable(String),
    InvalidRegex { pattern: String, message: String },
}

impl std::fmt::Display for PlaceholderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaceholderError::UnknownVariable(name) => write!(f, "unknown variable \"{name}\""),
            PlaceholderError::InvalidRegex { pattern, message } => {
                write!(f, "invalid regex \"{pattern}\": {message}")
            }
        }
    }
}

impl Template {
    pub fn parse(text: &str) -> Template {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            literal.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            match placeholder_at(after) {
                Some((segment, consumed)) => {
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(segment);
                    rest = &after[consumed..];
                }
                None => {
                    literal.push_str("{{");
                    rest = after;
                }
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Template { segments }
    }

    /// True when the value has no placeholder at all (it is compared as written).
    pub fn is_literal(&self) -> bool {
        self.segments
            .iter()
            .all(|segment| matches!(segment, Segment::Literal(_)))
    }

    /// True when the whole value is `{{any}}`.
    pub fn is_any(&self) -> bool {
        self.segments == [Segment::Any]
    }

    /// The variable name when the whole value is one `{{var NAME}}`.
    pub fn var_name(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [Segment::Var(name)] => Some(name),
            _ => None,
        }
    }

    pub fn compile(
        &self,
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Matcher, PlaceholderError> {
        Matcher::compile(self, vars)
    }
}

/// Whether `text` starts with a placeholder body (after its `{{`); returns the segment
/// and the bytes consumed including the closing `}}`.
fn placeholder_at(text: &str) -> Option<(Segment, usize)> {
    let mut close = text.find("}}")?;
    let inner = text[..close].trim();
    if let Some(pattern) = inner.strip_prefix("regex") {
        if !pattern.starts_with(char::is_whitespace) {
            return None;
        }
        // A pattern may end in `}` (`[0-9]{3}}}`): the last two braces of a run close it.
        let extra = text[close + 2..].bytes().take_while(|&b| b == b'}').count();
        close += extra;
        let pattern = text[..close].trim().strip_prefix("regex")?.trim();
        return Some((Segment::Regex(pattern.to_owned()), close + 2));
    }
    let segment = match inner {
        "any" => Segment::Any,
        "long" => Segment::Long,
        "boolean" => Segment::Boolean,
        "date" => Segment::Date,
        _ => {
            let name = inner.strip_prefix("var")?;
            let name = name.strip_prefix(char::is_whitespace)?.trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                return None;
            }
            Segment::Var(name.to_owned())
        }
    };
    Some((segment, close + 2))
}

/// What is wrong with one `{{…}}` of an expected document, found before anything runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderProblem {
    /// `{{rgx .+}}`: a word that is not a placeholder kind; the closest kind, if near.
    UnknownKind {
        kind: String,
        suggestion: Option<&'static str>,
    },
    /// A known kind written wrongly: `{{var}}`, `{{any x}}`, `{{regex}}`.
    Malformed {
        text: String,
        usage: &'static str,
    },
    /// `{{regex …` or `{{var …` with no `}}` after it.
    Unclosed,
    InvalidRegex {
        pattern: String,
        message: String,
    },
}

impl std::fmt::Display for PlaceholderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaceholderProblem::UnknownKind { kind, suggestion } => {
                write!(f, "unknown placeholder kind `{kind}`")?;
                match suggestion {
                    Some(s) => write!(f, ": did you mean `{s}`?"),
                    None => write!(f, " (kinds: {})", KINDS.join(", ")),
                }
            }
            PlaceholderProblem::Malformed { text, usage } => {
                write!(f, "malformed placeholder `{text}`: write {usage}")
            }
            PlaceholderProblem::Unclosed => write!(
                f,
                "placeholder opened with `{{{{` is never closed with `}}}}`"
            ),
            PlaceholderProblem::InvalidRegex { pattern, message } => {
                write!(f, "invalid regex `{pattern}`: {message}")
            }
        }
    }
}

/// One problem and where it starts: the byte offset of its `{{` in the text linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub offset: usize,
    pub item: T,
}

const KINDS: [&str; 6] = ["any", "long", "boolean", "date", "regex", "var"];

/// Every placeholder problem in `text`, and every `{{var NAME}}` it uses (for the
/// caller, who knows which names exist at that point). A `{{` followed by no word
/// (`{{{{`, `{{ }}`) stays literal text, as [`Template::parse`] reads it. `text` is
/// document markup: a placeholder ends before the next `<` or line break.
pub fn lint(text: &str) -> (Vec<Located<PlaceholderProblem>>, Vec<Located<String>>) {
    let mut problems = Vec::new();
    let mut vars = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("{{") {
        let open = at + found;
        // In a document's text a placeholder cannot run past the next markup or line.
        let after = &text[open + 2..];
        let after = &after[..after.find(['<', '\n']).unwrap_or(after.len())];
        if let Some((segment, consumed)) = placeholder_at(after) {
            match segment {
                Segment::Regex(pattern) => {
                    if let Err(PlaceholderError::InvalidRegex { pattern, message }) =
                        validate_regex(&pattern)
                    {
                        // The crate's message draws the pattern over several lines;
                        // its last line says what is wrong.
                        let message = message.lines().last().unwrap_or_default();
                        let message = message.trim_start_matches("error: ").to_owned();
                        problems.push(Located {
                            offset: open,
                            item: PlaceholderProblem::InvalidRegex { pattern, message },
                        });
                    }
                }
                Segment::Var(name) => vars.push(Located {
                    offset: open,
                    item: name,
                }),
                _ => {}
            }
            at = open + 2 + consumed;
            continue;
        }
        at = open + 2;
        let word: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let item = match after.find("}}") {
            None => PlaceholderProblem::Unclosed,
            Some(close) if KINDS.contains(&word.as_str()) => PlaceholderProblem::Malformed {
                text: format!("{{{{{}}}}}", &after[..close]),
                usage: match word.as_str() {
                    "var" => "`{{var NAME}}` with one name",
                    "regex" => "`{{regex PATTERN}}` with a pattern",
                    _ => "the kind alone, as `{{any}}`",
                },
            },
            Some(_) => PlaceholderProblem::UnknownKind {
                suggestion: closest_kind(&word),
                kind: word,
            },
        };
        problems.push(Located { offset: open, item });
    }
    (problems, vars)
}

/// The kind `word` most likely meant: a prefix either way or at most two edits away.
fn closest_kind(word: &str) -> Option<&'static str> {
    let word = word.to_ascii_lowercase();
    KINDS
        .iter()
        .map(|kind| (edit_distance(&word, kind), *kind))
        .filter(|(distance, kind)| {
            *distance <= 2 || kind.starts_with(word.as_str()) || word.starts_with(kind)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, kind)| kind)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A template compiled for one comparison, variables already substituted.
#[derive(Debug, Clone)]
pub enum Matcher {
    Literal(String),
    Any,
    Long,
    Boolean,
    Date,
    /// A mixed template; `checks` validate the named groups the regex cannot.
    Regex {
        regex: Regex,
        checks: Vec<(String, Check)>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Long,
    Date,
}

const LONG_PATTERN: &str = "-?[0-9]+";
// ASCII case folding: the crate is built without Unicode case tables.
const BOOLEAN_PATTERN: &str = "(?i-u:true|false)";
const DATE_PATTERN: &str = "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}";

impl Matcher {
    pub fn compile(
        template: &Template,
        vars: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Matcher, PlaceholderError> {
        let resolve = |name: &str| {
            vars(name).ok_or_else(|| PlaceholderError::UnknownVariable(name.to_owned()))
        };
        match template.segments.as_slice() {
            [] => return Ok(Matcher::Literal(String::new())),
            [Segment::Literal(text)] => return Ok(Matcher::Literal(text.clone())),
            [Segment::Any] => return Ok(Matcher::Any),
            [Segment::Long] => return Ok(Matcher::Long),
            [Segment::Boolean] => return Ok(Matcher::Boolean),
            [Segment::Date] => return Ok(Matcher::Date),
            [Segment::Var(name)] => return resolve(name).map(Matcher::Literal),
            _ => {}
        }
        if template
            .segments
            .iter()
            .all(|s| matches!(s, Segment::Literal(_) | Segment::Var(_)))
        {
            let mut text = String::new();
            for segment in &template.segments {
                match segment {
                    Segment::Literal(literal) => text.push_str(literal),
                    Segment::Var(name) => text.push_str(&resolve(name)?),
                    _ => {}
                }
            }
            return Ok(Matcher::Literal(text));
        }
        let mut pattern = String::from(r"\A(?:");
        let mut checks = Vec::new();
        for segment in &template.segments {
            match segment {
                Segment::Literal(text) => pattern.push_str(&regex::escape(text)),
                Segment::Any => pattern.push_str("(?s:.*)"),
                Segment::Boolean => pattern.push_str(BOOLEAN_PATTERN),
                Segment::Long | Segment::Date => {
                    let group = format!("wbxconf{}", checks.len());
                    let (inner, check) = if *segment == Segment::Long {
                        (LONG_PATTERN, Check::Long)
                    } else {
                        (DATE_PATTERN, Check::Date)
                    };
                    pattern.push_str(&format!("(?P<{group}>{inner})"));
                    checks.push((group, check));
                }
                Segment::Regex(user) => {
                    validate_regex(user)?;
                    pattern.push_str(&format!("(?:{user})"));
                }
                Segment::Var(name) => pattern.push_str(&regex::escape(&resolve(name)?)),
            }
        }
        pattern.push_str(r")\z");
        let regex = Regex::new(&pattern).map_err(|err| PlaceholderError::InvalidRegex {
            pattern: pattern.clone(),
            message: err.to_string(),
        })?;
        Ok(Matcher::Regex { regex, checks })
    }

    pub fn matches(&self, value: &str) -> bool {
        match self {
            Matcher::Literal(text) => text == value,
            Matcher::Any => true,
            Matcher::Long => is_long(value),
            Matcher::Boolean => {
                value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
            }
            Matcher::Date => is_date(value),
            Matcher::Regex { regex, checks } => {
                if checks.is_empty() {
                    return regex.is_match(value);
                }
                let Some(captures) = regex.captures(value) else {
                    return false;
                };
                checks.iter().all(|(group, check)| {
                    captures.name(group).is_some_and(|m| match check {
                        Check::Long => is_long(m.as_str()),
                        Check::Date => is_date(m.as_str()),
                    })
                })
            }
        }
    }
}

/// A user pattern is checked on its own so its error names it, not the combined regex.
fn validate_regex(pattern: &str) -> Result<(), PlaceholderError> {
    Regex::new(pattern)
        .map(|_| ())
        .map_err(|err| PlaceholderError::InvalidRegex {
            pattern: pattern.to_owned(),
            message: err.to_string(),
        })
}

fn is_long(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && value.parse::<i64>().is_ok()
}

/// The API's `MM/dd/yyyy HH:mm:ss`, unpadded fields allowed, checked against the calendar.
pub fn is_date(value: &str) -> bool {
    let Some((date, time)) = value.split_once(' ') else {
        return false;
    };
    let number = |field: &str, max_len: usize| -> Option<u32> {
        if field.is_empty() || field.len() > max_len || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        field.parse().ok()
    };
    let mut date_fields = date.split('/');
    let mut time_fields = time.split(':');
    let parsed = (|| {
        let month = number(date_fields.next()?, 2)?;
        let day = number(date_fields.next()?, 2)?;
        let year_text = date_fields.next()?;
        if year_text.len() != 4 || date_fields.next().is_some() {
            return None;
        }
        let year = number(year_text, 4)?;
        let hour = number(time_fields.next()?, 2)?;
        let minute = number(time_fields.next()?, 2)?;
        let second = number(time_fields.next()?, 2)?;
        if time_fields.next().is_some() {
            return None;
        }
        let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        date.and_hms_opt(hour, minute, second)
    })();
    parsed.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_vars(_: &str) -> Option<String> {
        None
    }

    fn matches(template: &str, value: &str) -> bool {
        let vars = |name: &str| (name == "meeting").then(|| "123456789".to_owned());
        match Template::parse(template).compile(&vars) {
            Ok(matcher) => matcher.matches(value),
            Err(err) => panic!("{template}: {err}"),
        }
    }

    #[test]
    fn parses_segments_and_leaves_unknown_braces_literal() {
        let t = Template::parse("Weekly {{any}} review {{var x}}");
        assert_eq!(
            t.segments,
            vec![
                Segment::Literal("Weekly ".into()),
                Segment::Any,
                Segment::Literal(" review ".into()),
                Segment::Var("x".into())
            ]
        );
        assert!(Template::parse("a {{b}} {{ c").is_literal());
        assert_eq!(
            Template::parse("{{{{any}}").segments,
            vec![Segment::Literal("{{".into()), Segment::Any]
        );
        assert_eq!(
            Template::parse("{{regex [0-9]{3}}}").segments,
            vec![Segment::Regex("[0-9]{3}".into())]
        );
        assert!(Template::parse("{{ any }}").is_any());
        assert_eq!(
            Template::parse("{{var  meeting }}").var_name(),
            Some("meeting")
        );
        assert!(Template::parse("{{regexp x}}").is_literal());
    }

    #[test]
    fn each_placeholder_matches_and_mismatches() {
        let table: &[(&str, &str, bool)] = &[
            ("{{any}}", "", true),
            ("{{any}}", "whatever\nlines", true),
            ("{{long}}", "123456789", true),
            ("{{long}}", "-42", true),
            ("{{long}}", "9223372036854775807", true),
            ("{{long}}", "9223372036854775808", false),
            ("{{long}}", "+1", false),
            ("{{long}}", "12a", false),
            ("{{long}}", "", false),
            ("{{boolean}}", "true", true),
            ("{{boolean}}", "FALSE", true),
            ("{{boolean}}", "True", true),
            ("{{boolean}}", "yes", false),
            ("{{date}}", "07/20/2016 15:30:00", true),
            ("{{date}}", "6/9/2019 9:5:3", true),
            ("{{date}}", "02/30/2016 15:30:00", false),
            ("{{date}}", "13/01/2016 15:30:00", false),
            ("{{date}}", "07/20/2016 24:00:00", false),
            ("{{date}}", "2016-07-20 15:30:00", false),
            ("{{regex [A-Z]{3}-[0-9]+}}", "ABC-12", true),
            ("{{regex [A-Z]{3}-[0-9]+}}", "ABC-12x", false),
            ("{{regex a|b}}", "ab", false),
            ("{{var meeting}}", "123456789", true),
            ("{{var meeting}}", "123456788", false),
            ("Weekly {{any}} review", "Weekly team review", true),
            ("Weekly {{any}} review", "Weekly team meeting", false),
            (
                "key {{long}} at {{date}}",
                "key -5 at 1/2/2020 3:04:05",
                true,
            ),
            (
                "key {{long}} at {{date}}",
                "key 5x at 1/2/2020 3:04:05",
                false,
            ),
            (
                "key {{long}} at {{date}}",
                "key 5 at 1/32/2020 3:04:05",
                false,
            ),
            ("{{boolean}}/{{var meeting}}", "TRUE/123456789", true),
            ("{{boolean}}/{{var meeting}}", "TRUE/1", false),
            ("a.b {{any}}", "axb c", false),
            ("literal {{ text", "literal {{ text", true),
        ];
        for (template, value, expected) in table {
            assert_eq!(
                matches(template, value),
                *expected,
                "{template} vs {value:?}"
            );
        }
    }

    #[test]
    fn lint_names_each_broken_placeholder_and_collects_variables() {
        let kinds = |text: &str| -> Vec<String> {
            lint(text).0.iter().map(|p| p.item.to_string()).collect()
        };
        assert_eq!(
            kinds("<a>{{rgx .+}}</a>"),
            vec!["unknown placeholder kind `rgx`: did you mean `regex`?"]
        );
        assert_eq!(lint("<a>{{rgx .+}}</a>").0[0].offset, 3);
        assert_eq!(
            kinds("{{regex (unclosed}}"),
            vec!["invalid regex `(unclosed`: unclosed group"]
        );
        assert_eq!(
            kinds("x {{regex WebEx XML API V.+</a><b>{{any}}</b>"),
            vec!["placeholder opened with `{{` is never closed with `}}`"]
        );
        assert_eq!(
            kinds("{{var}} {{any x}}"),
            vec![
                "malformed placeholder `{{var}}`: write `{{var NAME}}` with one name",
                "malformed placeholder `{{any x}}`: write the kind alone, as `{{any}}`"
            ]
        );
        assert!(kinds("{{zzzzzz}}")[0].contains("(kinds: any, long"));
        // Braces that open no word stay literal, as matching reads them.
        assert!(kinds("{{{{any}} {{ }} {{1}} {{regex [0-9]{3}}} {{long}}").is_empty());
        let (problems, vars) = lint("{{var a}} and {{ var host.id }}");
        assert!(problems.is_empty());
        let names: Vec<(usize, &str)> = vars.iter().map(|v| (v.offset, v.item.as_str())).collect();
        assert_eq!(names, vec![(0, "a"), (14, "host.id")]);
    }

    #[test]
    fn reports_unknown_variables_and_bad_regexes() {
        let err = Template::parse("x {{var nope}} {{any}}").compile(&no_vars);
        assert_eq!(
            err.err(),
            Some(PlaceholderError::UnknownVariable("nope".into()))
        );
        let err = Template::parse("{{regex (}}").compile(&no_vars);
        assert!(
            matches!(err, Err(PlaceholderError::InvalidRegex { ref pattern, .. }) if pattern == "(")
        );
    }
}
