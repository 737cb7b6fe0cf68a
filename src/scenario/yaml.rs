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
        let mut message = strip_location(&inner.to_string());
        if path != "." && !path.is_empty() {
            message = format!("{path}: {message}");
        }
        Diagnostic::new(file, line, column, message)
    })
}

/// Writes `value` as YAML (for `wbxconf expectations update` and `wbxconf new`).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic already
/// shows the place, so the text is kept without it.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
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
