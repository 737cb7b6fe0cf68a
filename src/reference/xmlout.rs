//! Response writing: a tiny append-only builder with escaping.

use std::fmt::Display;

/// Builds the inside of a `serv:bodyContent`; names are written with their prefix.
#[derive(Debug, Default)]
pub(crate) struct Out {
    buf: String,
}

impl Out {
    pub fn new() -> Out {
        Out::default()
    }

    pub fn open(&mut self, name: &str) -> &mut Self {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push('>');
        self
    }

    pub fn close(&mut self, name: &str) -> &mut Self {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
        self
    }

    pub fn empty(&mut self, name: &str) -> &mut Self {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push_str("/>");
        self
    }

    /// `<name>text</name>`, the text escaped.
    pub fn leaf(&mut self, name: &str, text: impl Display) -> &mut Self {
        let text = text.to_string();
        self.open(name);
        self.buf.push_str(&escape(&text));
        self.close(name)
    }

    pub fn leaf_opt<T: Display>(&mut self, name: &str, text: Option<T>) -> &mut Self {
        if let Some(t) = text {
            self.leaf(name, t);
        }
        self
    }

    pub fn finish(self) -> String {
        self.buf
    }
}

pub(crate) fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        let mut o = Out::new();
        o.open("a:x")
            .leaf("a:y", "<&\"'>")
            .empty("a:z")
            .close("a:x");
        assert_eq!(
            o.finish(),
            "<a:x><a:y>&lt;&amp;&quot;&apos;&gt;</a:y><a:z/></a:x>"
        );
    }
}
