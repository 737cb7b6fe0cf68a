//! The one place that touches the YAML library, so a maintained fork can replace it
//! here alone. Everything else asks for `from_str::<T>(file, text)` and gets either
//! the value or a [`Diagnostic`] pointing at the file, line, column and field path.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::error::Diagnostic;

/// Reads `text` (the contents of `file`) as a `T`.
pub fn from_str<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    let de = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let (line, column) = inner
            .location()
            .map(|l| (l.line() as u32, l.column() as u32))
            .unwrap_or((0, 0));
        let raw = inner.to_string();
        let (line, column, mut message) = describe(&raw, text, line, column);
        // A syntax error is about the text, not about the field being read when the
        // scanner met it: naming that field would mislead.
        if !is_syntax_error(&raw) && path != "." && !path.is_empty() {
            message = format!("{path}: {}", strip_path_prefix(&message, &path));
        }
        Diagnostic::new(file, line, column, message)
    })
}

/// The YAML library's message, reworded where it says less than it could, and the
/// place it should point at.
fn describe(raw: &str, text: &str, line: u32, column: u32) -> (u32, u32, String) {
    let own_place = format!(" at line {line} column {column}");
    let message = raw.replacen(&own_place, "", 1);
    // An unclosed quote is found only at the end of the file: point at where it opens.
    if message.starts_with("found unexpected end of stream") {
        if let Some((l, c)) = place_after(&message, "while scanning a quoted scalar at line ") {
            return (
                l,
                c,
                "this quoted value is never closed: the file ends before its closing quote"
                    .to_string(),
            );
        }
    }
    let mut message = message.replace(" at line ", " that starts at line ");
    // `duplicate field `x`` (a struct) or `duplicate entry with key "x"` (a map).
    let duplicate = between(&message, "duplicate field `", "`")
        .or_else(|| between(&message, "duplicate entry with key \"", "\""));
    if let Some(key) = duplicate {
        let key = key.to_string();
        if let Some((l, c)) = second_key(text, &key) {
            return (
                l,
                c,
                format!("`{key}` is given twice in the same mapping (each key appears once)"),
            );
        }
    }
    let at = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .and_then(|l| l.chars().nth(column.saturating_sub(1) as usize));
    if at == Some('\t') {
        message.push_str(" (a tab: YAML indents with spaces, never tabs)");
    }
    (line, column, message)
}

fn is_syntax_error(raw: &str) -> bool {
    [
        "found ",
        "did not find ",
        "while ",
        "mapping values are not allowed",
        "control characters",
        "recursion limit",
        "repetition limit",
    ]
    .iter()
    .any(|p| raw.starts_with(p))
}

/// serde_yaml puts its own path before some messages (`steps[0]: unknown field …`);
/// the diagnostic names the full path itself.
fn strip_path_prefix<'m>(message: &'m str, path: &str) -> &'m str {
    match message.split_once(": ") {
        Some((prefix, rest))
            if path == prefix
                || path.starts_with(&format!("{prefix}."))
                || path.starts_with(&format!("{prefix}[")) =>
        {
            rest
        }
        _ => message,
    }
}

fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// `line L column C` right after `marker`.
fn place_after(text: &str, marker: &str) -> Option<(u32, u32)> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let (l, rest) = rest.split_once(" column ")?;
    let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((l.trim().parse().ok()?, c.parse().ok()?))
}

/// Line and column of the second `key:` at the indentation of the first one.
fn second_key(text: &str, key: &str) -> Option<(u32, u32)> {
    let mut first_indent = None;
    for (i, l) in text.lines().enumerate() {
        let body = l.trim_start().trim_start_matches("- ");
        let indent = l.len() - body.len();
        let is_key = body
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'));
        if !is_key {
            continue;
        }
        match first_indent {
            None => first_indent = Some(indent),
            Some(f) if f == indent => return Some((i as u32 + 1, indent as u32 + 1)),
            Some(_) => {}
        }
    }
    None
}

/// Writes `value` as YAML (for `wbxconf expectations update` and `wbxconf new`).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
    }

    #[test]
    fn unknown_key_names_line_column_and_path() {
        let text = "items:\n  - name: a\n  - nmae: b\n";
        let err = from_str::<Outer>(Path::new("x.yaml"), text).unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.column, 5);
        assert!(err.message.contains("items[1]"), "{}", err.message);
        assert!(
            err.message.contains("unknown field `nmae`"),
            "{}",
            err.message
        );
    }
}
