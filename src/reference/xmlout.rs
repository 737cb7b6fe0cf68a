//! Response writing: a tiny append-only builder with escaping, and the benign
//! layout variations applied to a finished document (`restyle`).

use std::fmt::Display;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::switches::{Switch, Switches};

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

    /// `<name>text</name>` with the text written unescaped: only the
    /// `text-not-escaped` defect wants this.
    pub fn leaf_unescaped(&mut self, name: &str, text: &str) -> &mut Self {
        self.open(name);
        self.buf.push_str(text);
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

/// The prefixes the `other-prefixes` variation writes instead of the usual ones.
const OTHER_PREFIXES: &[(&str, &str)] = &[
    ("serv", "s"),
    ("com", "c"),
    ("meet", "m"),
    ("att", "a"),
    ("use", "u"),
    ("ep", "e"),
    ("ns1", "site"),
    ("xsi", "xi"),
];

/// The layout a set of switches asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Layout {
    other_prefixes: bool,
    inner_namespaces: bool,
    reversed_attributes: bool,
    /// Indent one element per line, with this line end.
    line_end: Option<&'static str>,
    no_declaration: bool,
}

impl Layout {
    fn from(switches: &Switches) -> Layout {
        let on = |s| switches.is_on(s);
        Layout {
            other_prefixes: on(Switch::OtherPrefixes),
            inner_namespaces: on(Switch::InnerNamespaceDeclarations),
            reversed_attributes: on(Switch::AttributeOrderReversed),
            line_end: if on(Switch::CrlfLineEnds) {
                Some("\r\n")
            } else if on(Switch::PrettyPrinted) {
                Some("\n")
            } else {
                None
            },
            no_declaration: on(Switch::NoXmlDeclaration),
        }
    }
}

/// Rewrites a response document the way the layout variations in force ask:
/// other prefixes, namespace declarations moved inwards, attributes reversed,
/// indentation, CRLF, no declaration. The document's information (names by
/// namespace URI, attribute values, text) is unchanged. Without such a switch,
/// or should the document not read back (it always does: it is ours), the
/// document is returned as it is.
pub(crate) fn restyle(doc: &str, switches: &Switches) -> String {
    let layout = Layout::from(switches);
    if layout == Layout::default() {
        return doc.to_string();
    }
    restyle_with(doc, layout).unwrap_or_else(|| doc.to_string())
}

fn rename(prefix: &str, layout: Layout) -> &str {
    if !layout.other_prefixes {
        return prefix;
    }
    OTHER_PREFIXES
        .iter()
        .find(|(from, _)| *from == prefix)
        .map_or(prefix, |(_, to)| to)
}

/// `prefix:local` with the prefix renamed; `None` when unprefixed.
fn renamed(qname: &str, layout: Layout) -> (Option<&str>, String) {
    match qname.split_once(':') {
        Some((p, l)) => (Some(p), format!("{}:{l}", rename(p, layout))),
        None => (None, qname.to_string()),
    }
}

/// Writes the document again under `layout`, tracking which prefixes are in
/// scope so that moved declarations appear exactly where first needed.
fn restyle_with(doc: &str, layout: Layout) -> Option<String> {
    let mut reader = Reader::from_str(doc);
    let mut out = String::with_capacity(doc.len() + doc.len() / 4);
    let mut uris: Vec<(String, String)> = Vec::new();
    let mut scopes: Vec<Vec<String>> = Vec::new();
    // Whether the element last opened has had element children (for indentation).
    let mut nested: Vec<bool> = Vec::new();
    let mut started = false;
    loop {
        match reader.read_event().ok()? {
            Event::Decl(d) => {
                if !layout.no_declaration {
                    out.push_str("<?");
                    out.push_str(&d);
                    out.push_str("?>");
                }
            }
            Event::Start(e) => {
                newline(&mut out, layout, &mut nested, started);
                started = true;
                let declared = write_start(&mut out, &e, layout, &mut uris, &scopes)?;
                out.push('>');
                scopes.push(declared);
                nested.push(false);
            }
            Event::Empty(e) => {
                newline(&mut out, layout, &mut nested, started);
                started = true;
                write_start(&mut out, &e, layout, &mut uris, &scopes)?;
                out.push_str("/>");
            }
            Event::End(e) => {
                scopes.pop();
                if nested.pop() == Some(true) {
                    if let Some(end) = layout.line_end {
                        out.push_str(end);
                        out.push_str(&"  ".repeat(nested.len()));
                    }
                }
                out.push_str("</");
                out.push_str(&renamed(e.name().as_ref(), layout).1);
                out.push('>');
            }
            Event::Text(t) => out.push_str(&t),
            Event::GeneralRef(r) => {
                out.push('&');
                out.push_str(&r);
                out.push(';');
            }
            Event::CData(c) => {
                out.push_str("<![CDATA[");
                out.push_str(&c);
                out.push_str("]]>");
            }
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(end) = layout.line_end {
        out.push_str(end);
    }
    Some(out)
}

/// Before an element: a line end and indentation, once the root has begun
/// (and after the declaration).
fn newline(out: &mut String, layout: Layout, nested: &mut [bool], started: bool) {
    let Some(end) = layout.line_end else { return };
    if let Some(parent) = nested.last_mut() {
        *parent = true;
    }
    if started || !out.is_empty() {
        out.push_str(end);
    }
    out.push_str(&"  ".repeat(nested.len()));
}

/// Writes `<name attrs` of a start or empty tag; returns the prefixes it declared.
fn write_start(
    out: &mut String,
    e: &BytesStart<'_>,
    layout: Layout,
    uris: &mut Vec<(String, String)>,
    scopes: &[Vec<String>],
) -> Option<Vec<String>> {
    let qname = e.name();
    let (prefix, name) = renamed(qname.as_ref(), layout);
    let mut needed: Vec<String> = prefix.map(str::to_string).into_iter().collect();
    let mut attrs: Vec<(String, String)> = Vec::new();
    for a in e.attributes() {
        let a = a.ok()?;
        let key: &str = a.key.as_ref();
        if let Some(p) = key.strip_prefix("xmlns:") {
            if !uris.iter().any(|(q, _)| q == p) {
                uris.push((p.to_string(), a.value.to_string()));
            }
            if !layout.inner_namespaces {
                attrs.push((format!("xmlns:{}", rename(p, layout)), a.value.to_string()));
            }
            continue;
        }
        let (attr_prefix, attr_name) = renamed(key, layout);
        let mut value = a.value.to_string();
        if let Some(p) = attr_prefix {
            needed.push(p.to_string());
            // xsi:type holds a QName: its prefix is renamed and must be in scope too.
            if attr_name.ends_with(":type") {
                if let Some((vp, vl)) = value.split_once(':') {
                    if uris.iter().any(|(q, _)| q == vp) {
                        needed.push(vp.to_string());
                        value = format!("{}:{vl}", rename(vp, layout));
                    }
                }
            }
        }
        attrs.push((attr_name, value));
    }
    let mut declared = Vec::new();
    if layout.inner_namespaces {
        let in_scope = |p: &str| scopes.iter().flatten().any(|q| q == p);
        for p in needed {
            if in_scope(&p) || declared.contains(&p) {
                continue;
            }
            let uri = uris.iter().find(|(q, _)| *q == p)?.1.clone();
            attrs.insert(0, (format!("xmlns:{}", rename(&p, layout)), uri));
            declared.push(p);
        }
    }
    if layout.reversed_attributes {
        attrs.reverse();
    }
    out.push('<');
    out.push_str(&name);
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(&k);
        out.push_str("=\"");
        out.push_str(&v);
        out.push('"');
    }
    Some(declared)
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

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><serv:message xmlns:serv=\"urn:s\" xmlns:ep=\"urn:e\"><serv:header><serv:response><serv:result>SUCCESS</serv:result></serv:response></serv:header><serv:body><serv:bodyContent xsi:type=\"ep:getAPIVersionResponse\" xmlns:xsi=\"urn:x\"><ep:apiVersion>a &amp; b</ep:apiVersion><ep:x/></serv:bodyContent></serv:body></serv:message>";

    fn with(switches: &[Switch]) -> String {
        let set = switches
            .iter()
            .fold(Switches::none(), |acc, s| acc.with(*s));
        restyle(DOC, &set)
    }

    #[test]
    fn without_a_layout_switch_the_document_is_untouched() {
        assert_eq!(with(&[]), DOC);
        assert_eq!(with(&[Switch::HeaderTimingElements]), DOC);
    }

    #[test]
    fn prefixes_are_renamed_everywhere_including_xsi_type_values() {
        let out = with(&[Switch::OtherPrefixes]);
        assert!(
            out.contains("<s:message xmlns:s=\"urn:s\" xmlns:e=\"urn:e\">"),
            "{out}"
        );
        assert!(
            out.contains("<s:bodyContent xi:type=\"e:getAPIVersionResponse\" xmlns:xi=\"urn:x\">"),
            "{out}"
        );
        assert!(
            out.contains("<e:apiVersion>a &amp; b</e:apiVersion><e:x/></s:bodyContent>"),
            "{out}"
        );
    }

    #[test]
    fn declarations_move_to_the_first_element_needing_them() {
        let out = with(&[Switch::InnerNamespaceDeclarations]);
        assert!(
            out.contains("<serv:message xmlns:serv=\"urn:s\"><serv:header>"),
            "{out}"
        );
        assert!(
            out.contains("<serv:bodyContent xmlns:ep=\"urn:e\" xmlns:xsi=\"urn:x\" xsi:type=\"ep:getAPIVersionResponse\">")
                || out.contains("<serv:bodyContent xmlns:xsi=\"urn:x\" xmlns:ep=\"urn:e\" xsi:type=\"ep:getAPIVersionResponse\">"),
            "{out}"
        );
        assert_eq!(out.matches("xmlns:ep=").count(), 1, "{out}");
    }

    #[test]
    fn attributes_reverse_and_pretty_printing_keeps_leaf_text_intact() {
        let out = with(&[Switch::AttributeOrderReversed]);
        assert!(
            out.contains("<serv:message xmlns:ep=\"urn:e\" xmlns:serv=\"urn:s\">"),
            "{out}"
        );
        let pretty = with(&[Switch::CrlfLineEnds, Switch::NoXmlDeclaration]);
        assert!(pretty.starts_with("<serv:message"), "{pretty}");
        assert!(pretty.contains("\r\n    <serv:response>\r\n      <serv:result>SUCCESS</serv:result>\r\n    </serv:response>"), "{pretty}");
        assert!(pretty.contains("<ep:apiVersion>a &amp; b</ep:apiVersion>\r\n      <ep:x/>\r\n    </serv:bodyContent>"), "{pretty}");
        assert!(!pretty.replace("\r\n", "").contains('\n'));
    }
}
