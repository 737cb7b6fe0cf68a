//! A problem in a suite file, pointing at its place the way a compiler would.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a scenario, clause, golden or profile file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the place is unknown.
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// The source line, for the caret display; filled by [`Diagnostic::with_source`].
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &Path, line: u32, column: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
            source_line: None,
        }
    }

    /// A diagnostic placed at the first occurrence of `needle` in `text` at or after
    /// line `from_line` (serde_yaml keeps no positions after parsing, so semantic
    /// errors are placed by finding the offending text).
    pub fn at_text(
        file: &Path,
        text: &str,
        from_line: u32,
        needle: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = locate(text, from_line, needle).unwrap_or((from_line, 0));
        Diagnostic::new(file, line, column, message).with_source(text)
    }

    /// Attaches the offending line of `text` for display.
    pub fn with_source(mut self, text: &str) -> Diagnostic {
        if self.line > 0 {
            self.source_line = text.lines().nth(self.line as usize - 1).map(str::to_string);
        }
        self
    }
}

/// 1-based line and column of `needle` at or after `from_line`: where it stands as a
/// whole word (`call: GetMeetin`, not inside `GetMeeting shows it`) if anywhere, else
/// its first occurrence.
pub fn locate(text: &str, from_line: u32, needle: &str) -> Option<(u32, u32)> {
    if needle.is_empty() {
        return None;
    }
    let word_char = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    let lines = || {
        text.lines()
            .enumerate()
            .skip(from_line.saturating_sub(1) as usize)
    };
    let at = |i: usize, l: &str, c: usize| (i as u32 + 1, l[..c].chars().count() as u32 + 1);
    let whole = lines().find_map(|(i, l)| {
        l.match_indices(needle).find_map(|(c, _)| {
            let before = l[..c].chars().next_back();
            let after = l[c + needle.len()..].chars().next();
            (!before.is_some_and(word_char) && !after.is_some_and(word_char)).then(|| at(i, l, c))
        })
    });
    whole.or_else(|| lines().find_map(|(i, l)| l.find(needle).map(|c| at(i, l, c))))
}

impl fmt::Display for Diagnostic {
    /// `error: message` then `--> file:line:column`, the line and a caret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if self.line == 0 {
            return write!(f, "  --> {}", self.file.display());
        }
        write!(
            f,
            "  --> {}:{}:{}",
            self.file.display(),
            self.line,
            self.column
        )?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            write!(f, "\n{:gutter$} |\n{} | {}", "", self.line, src)?;
            if self.column > 0 {
                write!(
                    f,
                    "\n{:gutter$} | {:pad$}^",
                    "",
                    "",
                    pad = self.column as usize - 1
                )?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_located_where_it_stands_whole() {
        let text = "steps:\n  - name: GetMeeting shows it\n    call: GetMeetin\n";
        assert_eq!(locate(text, 2, "GetMeetin"), Some((3, 11)));
        assert_eq!(locate(text, 1, "shows"), Some((2, 22)));
        assert_eq!(
            locate(text, 1, "Meet"),
            Some((2, 14)),
            "else the first occurrence"
        );
        assert_eq!(locate(text, 1, "absent"), None);
    }
}
