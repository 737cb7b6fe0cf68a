//! What the comparison and certificate pages share: escaping for Markdown cells and
//! HTML, and one self-contained page frame (inline style, no script, no outside
//! resource, a Content-Security-Policy that forbids both). Every string may come from
//! a target and is escaped.

use std::fmt::Write as _;

use crate::report::escape;

/// Text for HTML element content or a double-quoted attribute.
pub fn html(s: &str) -> String {
    escape::attr(s).into_owned()
}

/// Text for a Markdown table cell or line: no table breaks, no raw HTML, no
/// terminal controls, one line.
pub fn md(s: &str) -> String {
    escape::controls(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('`', "\\`")
        .replace(['\r', '\n'], " ")
}

/// Text inside a Markdown code span (shown literally), one line.
pub fn md_code(s: &str) -> String {
    let clean = escape::controls(s)
        .replace(['\r', '\n'], " ")
        .replace('|', "\\|");
    let ticks = "`".repeat(longest_run(&clean, '`') + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{clean}{pad}{ticks}")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

const CSS: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:80rem;padding:1rem 2rem;color:#1b1f24}\
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#f3f4f8}code{font:12px/1.4 ui-monospace,monospace;background:#f3f4f8;padding:0 .2rem}\
.PASS,.pass{background:#e3f6e8}.FAIL,.fail,.unreachable,.error{background:#fde4e4}.WARNING,.WARN,.warn{background:#fff4d6}\
.NOT_TESTED,.skip,.SKIP{background:#eceef2;color:#555}.big{font-size:1.3rem;font-weight:600;padding:.5rem 1rem;display:inline-block}\
small{color:#555}details{margin:.25rem 0}h2{margin-top:2rem;border-bottom:1px solid #ccd}";

/// Opens a page with `title`; close it with [`page_end`].
pub fn page_start(title: &str) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        html(title)
    );
    h
}

pub fn page_end(h: &mut String) {
    h.push_str("</body>\n</html>\n");
}

/// A CSS class name for a verdict label (`NOT TESTED` → `NOT_TESTED`).
pub fn class(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_text() {
        assert_eq!(
            html("<script>\"x\"</script>"),
            "&lt;script&gt;&quot;x&quot;&lt;/script&gt;"
        );
        assert_eq!(md("a|b<i>\n`c`"), "a\\|b&lt;i&gt; \\`c\\`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert!(!md("\u{1b}[2J").contains('\u{1b}'));
        assert!(page_start("<t>").contains("<title>&lt;t&gt;</title>"));
    }
}
