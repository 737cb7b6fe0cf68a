//! Escaping for the markup formats (JUnit XML and HTML).
//!
//! Everything in a report may come from the target (response bodies, mail
//! subjects) and is treated as hostile: it is always escaped, and characters
//! XML 1.0 cannot carry at all are replaced so the file still parses.

use std::borrow::Cow;

/// Stands in for a character XML 1.0 forbids. A visible mark rather than a
/// silent removal: a response carrying a NUL byte is itself worth seeing.
const REPLACEMENT: char = '\u{FFFD}';

/// Whether XML 1.0 allows `c` in a document (the `Char` production).
/// Rust `char`s are never surrogates, so only the low controls and the two
/// non-characters at the end of the basic plane are left to exclude.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text content of an XML or HTML element.
pub(crate) fn text(s: &str) -> Cow<'_, str> {
    escape_with(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    })
}

/// A quoted attribute value. White space other than the space is written as a
/// character reference, because attribute-value normalisation would otherwise
/// turn newlines in a failure message into spaces.
pub(crate) fn attr(s: &str) -> Cow<'_, str> {
    escape_with(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        '\n' => Some("&#10;"),
        '\r' => Some("&#13;"),
        '\t' => Some("&#9;"),
        _ => None,
    })
}

/// Text for a terminal: control characters (an ESC in a hostile response could
/// recolour or rewrite the screen) are shown as `\u{1b}` instead of acting.
/// Tabs and line breaks (`\n`, `\r\n`) stay, since documents are printed as
/// they came; a lone `\r` would let a line overwrite itself, so it is shown.
pub(crate) fn controls(s: &str) -> Cow<'_, str> {
    let acts = |c: char, next: Option<char>| {
        c.is_control() && c != '\n' && c != '\t' && !(c == '\r' && next == Some('\n'))
    };
    let mut chars = s.chars().peekable();
    let mut out = String::new();
    let mut changed = false;
    while let Some(c) = chars.next() {
        if acts(c, chars.peek().copied()) {
            if !changed {
                out.reserve(s.len() + 8);
                changed = true;
            }
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

fn escape_with(s: &str, entity: impl Fn(char) -> Option<&'static str>) -> Cow<'_, str> {
    let clean = |c: char| entity(c).is_none() && xml_allowed(c);
    if s.chars().all(clean) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match entity(c) {
            Some(e) => out.push_str(e),
            None if xml_allowed(c) => out.push(c),
            None => out.push(REPLACEMENT),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(
            text("</pre><script>alert(1)</script> ]]> a&b"),
            "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; a&amp;b"
        );
        assert_eq!(
            text("nul\0 bell\u{7} ok\t\n"),
            "nul\u{FFFD} bell\u{FFFD} ok\t\n"
        );
        assert_eq!(text("\u{FFFE}\u{FFFF}é😀"), "\u{FFFD}\u{FFFD}é😀");
    }

    #[test]
    fn attr_escapes_quotes_and_keeps_line_breaks() {
        assert_eq!(attr("a\"b'c\nd\te"), "a&quot;b&#39;c&#10;d&#9;e");
    }

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(
            controls("a\x1b[2Jb\tc\nd\u{9b}\r\ne\rf"),
            "a\\u{1b}[2Jb\tc\nd\\u{9b}\r\ne\\u{d}f"
        );
        assert!(matches!(controls("a\r\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(text("plain text"), Cow::Borrowed(_)));
    }
}
