//! A small RFC 5545 reader: unfolds content lines, splits them into name,
//! parameters and value, and nests them into components (VCALENDAR, VEVENT, ...).
//!
//! It reads only the syntax; what the properties mean is `calendar.rs`'s job.
//! It is lenient where senders are known to be sloppy (bare LF line ends,
//! unbalanced END lines) and records every such problem instead of giving up.

/// Components nested deeper than this are skipped: nothing legitimate goes past
/// VCALENDAR > VEVENT > VALARM, and a bounded tree cannot exhaust the stack when dropped.
const MAX_DEPTH: usize = 16;

/// One `NAME;PARAM=a,b:value` content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Upper-cased, as names are case-insensitive (RFC 5545 §2).
    pub name: String,
    /// Parameter names upper-cased; values unquoted and RFC 6868-decoded.
    pub params: Vec<(String, Vec<String>)>,
    /// The raw value, still escaped (TEXT unescaping depends on the value type).
    pub value: String,
}

impl Property {
    /// The first value of a parameter, by case-insensitive name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, values)| values.first())
            .map(String::as_str)
    }
}

/// A `BEGIN:X` ... `END:X` block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    /// Upper-cased component name, e.g. `VEVENT`.
    pub name: String,
    pub properties: Vec<Property>,
    pub children: Vec<Component>,
}

impl Component {
    /// The first property with this (upper-case) name.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Every property with this (upper-case) name, in order.
    pub fn properties_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> {
        self.properties.iter().filter(move |p| p.name == name)
    }
}

/// The top-level components of an iCalendar stream and what could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IcalDocument {
    pub components: Vec<Component>,
    pub problems: Vec<String>,
}

/// Reads an iCalendar stream (UTF-8, the only charset RFC 5545 allows).
/// Never fails: unreadable lines become problems.
pub fn read(input: &[u8]) -> IcalDocument {
    let mut doc = IcalDocument::default();
    // The open components, innermost last; `skipped` counts BEGINs past MAX_DEPTH.
    let mut stack: Vec<Component> = Vec::new();
    let mut skipped = 0usize;
    for (number, bytes) in unfold(input) {
        let line = match String::from_utf8(bytes) {
            Ok(line) => line,
            Err(invalid) => {
                doc.problems.push(format!("line {number}: not UTF-8"));
                String::from_utf8_lossy(invalid.as_bytes()).into_owned()
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let property = match parse_line(&line) {
            Ok(p) => p,
            Err(why) => {
                doc.problems.push(format!("line {number}: {why}"));
                continue;
            }
        };
        match property.name.as_str() {
            "BEGIN" => {
                if stack.len() >= MAX_DEPTH || skipped > 0 {
                    if skipped == 0 {
                        doc.problems
                            .push(format!("line {number}: components nested too deeply"));
                    }
                    skipped += 1;
                } else {
                    stack.push(Component {
                        name: property.value.trim().to_ascii_uppercase(),
                        ..Component::default()
                    });
                }
            }
            "END" if skipped > 0 => skipped -= 1,
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                match stack.iter().rposition(|c| c.name == name) {
                    Some(at) => {
                        // Components left open inside this one are closed with it.
                        while stack.len() > at + 1 {
                            close(&mut stack, &mut doc.components);
                            doc.problems.push(format!(
                                "line {number}: END:{name} closes an open component"
                            ));
                        }
                        close(&mut stack, &mut doc.components);
                    }
                    None => doc
                        .problems
                        .push(format!("line {number}: END:{name} without BEGIN")),
                }
            }
            _ if skipped > 0 => {}
            _ => match stack.last_mut() {
                Some(open) => open.properties.push(property),
                None => doc.problems.push(format!(
                    "line {number}: {} outside any component",
                    property.name
                )),
            },
        }
    }
    if !stack.is_empty() {
        doc.problems
            .push("the stream ends inside an open component".to_string());
        while !stack.is_empty() {
            close(&mut stack, &mut doc.components);
        }
    }
    doc
}

/// Pops the innermost component into its parent (or the top level).
fn close(stack: &mut Vec<Component>, top: &mut Vec<Component>) {
    if let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => top.push(done),
        }
    }
}

/// Joins folded lines (RFC 5545 §3.1: a line break followed by one space or tab
/// continues the line; that one white-space character is removed). Yields each
/// logical line with the physical line number it starts on.
///
/// Works on bytes because simple generators fold every 75 octets even inside a
/// multi-octet UTF-8 character; only the joined line is valid UTF-8.
fn unfold(input: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut lines: Vec<(usize, Vec<u8>)> = Vec::new();
    for (index, physical) in input.split(|b| *b == b'\n').enumerate() {
        let physical = physical.strip_suffix(b"\r").unwrap_or(physical);
        let continuation = physical
            .strip_prefix(b" ")
            .or_else(|| physical.strip_prefix(b"\t"));
        match (continuation, lines.last_mut()) {
            (Some(rest), Some((_, current))) => current.extend_from_slice(rest),
            _ => lines.push((index + 1, physical.to_vec())),
        }
    }
    lines
}

/// Splits `name *(";" param) ":" value` (RFC 5545 §3.1), honouring quoted
/// parameter values, which may contain `;`, `:` and `,`.
fn parse_line(line: &str) -> Result<Property, String> {
    let name_end = line
        .find([';', ':'])
        .ok_or_else(|| format!("no ':' in {:?}", shorten(line)))?;
    let name = &line[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("bad property name in {:?}", shorten(line)));
    }
    let mut params = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after
            .find('=')
            .ok_or_else(|| format!("parameter without '=' in {:?}", shorten(line)))?;
        let param_name = after[..eq].trim().to_ascii_uppercase();
        let (values, remainder) = parse_param_values(&after[eq + 1..])
            .ok_or_else(|| format!("unterminated quoted parameter in {:?}", shorten(line)))?;
        params.push((param_name, values));
        rest = remainder;
    }
    let value = rest
        .strip_prefix(':')
        .ok_or_else(|| format!("no ':' before the value in {:?}", shorten(line)))?;
    Ok(Property {
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
    })
}

/// Reads `value *("," value)` up to the next unquoted `;` or `:`; returns the
/// values and the remaining input (starting at that delimiter).
fn parse_param_values(input: &str) -> Option<(Vec<String>, &str)> {
    let mut values = Vec::new();
    let mut rest = input;
    loop {
        let (value, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let close = quoted.find('"')?;
            (&quoted[..close], &quoted[close + 1..])
        } else {
            let end = rest.find([',', ';', ':']).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        values.push(decode_caret(value));
        match after.strip_prefix(',') {
            Some(next) => rest = next,
            None => return Some((values, after)),
        }
    }
}

/// RFC 6868 parameter value encoding: `^n` new line, `^'` quote, `^^` caret.
fn decode_caret(value: &str) -> String {
    if !value.contains('^') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('^', Some('n')) => {
                out.push('\n');
                chars.next();
            }
            ('^', Some('\'')) => {
                out.push('"');
                chars.next();
            }
            ('^', Some('^')) => {
                out.push('^');
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Undoes TEXT escaping (RFC 5545 §3.3.11): `\\`, `\;`, `\,`, `\n`/`\N`.
pub fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Keeps problem messages short when a line is huge.
fn shorten(line: &str) -> String {
    const MAX: usize = 60;
    match line.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}...", &line[..at]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> IcalDocument {
        super::read(text.as_bytes())
    }

    #[test]
    fn unfolds_crlf_space_and_tab_continuations() {
        let doc = read(
            "BEGIN:VEVENT\r\nSUMMARY:Weekly\r\n  sync\r\n\t-up\r\nUID:a\r\n b@c\r\nEND:VEVENT\r\n",
        );
        let event = &doc.components[0];
        // Only the first white-space character of a continuation is removed.
        assert_eq!(
            event.property("SUMMARY").map(|p| p.value.as_str()),
            Some("Weekly sync-up")
        );
        assert_eq!(
            event.property("UID").map(|p| p.value.as_str()),
            Some("ab@c")
        );
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    }

    #[test]
    fn folding_inside_a_multibyte_character_is_undone() {
        // "é" is C3 A9; the fold falls between its two octets.
        let doc = super::read(b"BEGIN:VEVENT\r\nSUMMARY:Caf\xc3\r\n \xa9!\r\nEND:VEVENT\r\n");
        assert_eq!(
            doc.components[0]
                .property("SUMMARY")
                .map(|p| p.value.as_str()),
            Some("Café!")
        );
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        let doc = super::read(b"BEGIN:VEVENT\nSUMMARY:Caf\n \xc3\xa9\nX-BAD:\xff\nEND:VEVENT\n");
        assert_eq!(
            doc.components[0]
                .property("SUMMARY")
                .map(|p| p.value.as_str()),
            Some("Café")
        );
        assert_eq!(doc.problems, ["line 4: not UTF-8"]);
        assert_eq!(
            doc.components[0]
                .property("X-BAD")
                .map(|p| p.value.as_str()),
            Some("\u{fffd}")
        );
    }

    #[test]
    fn reads_parameters_including_quoted_and_listed_values() {
        let doc = read(concat!(
            "BEGIN:VEVENT\r\n",
            "RECURRENCE-ID;TZID=Europe/Berlin:20270105T100000\r\n",
            "ATTENDEE;CN=\"Doe; John: Jr.\";ROLE=REQ-PARTICIPANT;MEMBER=\"a@x\",\"b@x\":mailto:j@x\r\n",
            "x-custom;x-param=^'q^'^n:v\r\n",
            "END:VEVENT\r\n"
        ));
        let event = &doc.components[0];
        let rid = event.property("RECURRENCE-ID").expect("recurrence id");
        assert_eq!(rid.param("tzid"), Some("Europe/Berlin"));
        assert_eq!(rid.value, "20270105T100000");
        let attendee = event.property("ATTENDEE").expect("attendee");
        assert_eq!(attendee.param("CN"), Some("Doe; John: Jr."));
        assert_eq!(attendee.param("ROLE"), Some("REQ-PARTICIPANT"));
        assert_eq!(
            attendee
                .params
                .iter()
                .find(|(n, _)| n == "MEMBER")
                .map(|(_, v)| v.clone()),
            Some(vec!["a@x".to_string(), "b@x".to_string()])
        );
        assert_eq!(attendee.value, "mailto:j@x");
        let custom = event.property("X-CUSTOM").expect("names are upper-cased");
        assert_eq!(custom.param("X-PARAM"), Some("\"q\"\n"));
    }

    #[test]
    fn value_may_contain_colons_and_semicolons() {
        let doc = read("BEGIN:VEVENT\nDESCRIPTION:Join: https://x/y?a=1;b=2\nEND:VEVENT\n");
        assert_eq!(
            doc.components[0]
                .property("DESCRIPTION")
                .map(|p| p.value.as_str()),
            Some("Join: https://x/y?a=1;b=2")
        );
    }

    #[test]
    fn nests_components_and_keeps_their_properties_apart() {
        let doc = read(concat!(
            "BEGIN:VCALENDAR\nMETHOD:REQUEST\n",
            "BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nBEGIN:STANDARD\nDTSTART:19701025T030000\nEND:STANDARD\nEND:VTIMEZONE\n",
            "BEGIN:VEVENT\nUID:1\nBEGIN:VALARM\nTRIGGER:-PT15M\nEND:VALARM\nEND:VEVENT\n",
            "END:VCALENDAR\n"
        ));
        assert_eq!(doc.components.len(), 1);
        let cal = &doc.components[0];
        assert_eq!(cal.name, "VCALENDAR");
        assert_eq!(
            cal.property("METHOD").map(|p| p.value.as_str()),
            Some("REQUEST")
        );
        let names: Vec<&str> = cal.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["VTIMEZONE", "VEVENT"]);
        assert!(cal.children[0].property("DTSTART").is_none());
        assert_eq!(cal.children[1].children[0].name, "VALARM");
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    }

    #[test]
    fn collects_every_problem_and_keeps_reading() {
        let doc = read(concat!(
            "BEGIN:VCALENDAR\n",
            "this line has no colon\n",
            "BEGIN:VEVENT\nUID:1\n",
            "X-P;BROKEN:1\n",
            "END:VTODO\n",
            "END:VCALENDAR\n",
        ));
        assert_eq!(doc.problems.len(), 4, "{:?}", doc.problems);
        assert!(doc.problems[0].starts_with("line 2:"));
        // The VEVENT was closed together with its VCALENDAR and kept.
        let cal = &doc.components[0];
        assert_eq!(
            cal.children[0].property("UID").map(|p| p.value.as_str()),
            Some("1")
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut text = String::new();
        for _ in 0..10_000 {
            text.push_str("BEGIN:X\n");
        }
        let doc = read(&text);
        assert!(doc.problems.iter().any(|p| p.contains("nested too deeply")));
    }

    #[test]
    fn unescapes_text_values() {
        assert_eq!(unescape_text(r"a\, b\; c\\d\ne\N"), "a, b; c\\d\ne\n");
        assert_eq!(unescape_text("trailing\\"), "trailing\\");
    }
}
