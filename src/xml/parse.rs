//! Text → [`Document`], strict about everything that could make a test lie or hang.
//!
//! The parser is an explicit stack machine over quick-xml's events, so depth costs heap,
//! never call stack: a 100,000-deep document is refused at `max_depth + 1` levels.
//! DOCTYPE is refused outright, which makes entity expansion (billion laughs) and
//! external entity fetching impossible by construction; only the five predefined
//! entities and numeric character references are decoded.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use quick_xml::XmlVersion;

use super::bytes::{count_newlines, NameHash};
use super::names;
use super::tree::{Attribute, Document, Element, Limits, Name, Node, QName};

/// Why a text is not an acceptable API document, and where (1-based line and column,
/// the column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses an already-decoded document.
pub fn parse(text: &str, limits: &Limits) -> Result<Document, ParseError> {
    if text.len() > limits.max_bytes {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: format!(
                "document is {} bytes, over the limit of {} bytes",
                text.len(),
                limits.max_bytes
            ),
        });
    }
    Parser::new(text, limits).run()
}

/// Parses raw bytes: ISO-8859-1 when the XML declaration says so, otherwise UTF-8.
pub fn parse_bytes(bytes: &[u8], limits: &Limits) -> Result<Document, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\xFF\xFE") {
        return Err(error_at(
            "",
            0,
            "UTF-16 documents are not supported; send UTF-8 or ISO-8859-1".to_owned(),
        ));
    }
    match declared_encoding(bytes) {
        Some(label) if is_latin1(&label) => {
            // Every Latin-1 byte is the code point of the same value.
            let text: String = bytes.iter().map(|&b| char::from(b)).collect();
            parse(&text, limits)
        }
        Some(label) if !is_utf8(&label) => Err(error_at(
            "",
            0,
            format!("unsupported encoding \"{label}\"; send UTF-8 or ISO-8859-1"),
        )),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => parse(text, limits),
            Err(err) => {
                let offset = err.valid_up_to();
                // The prefix up to `offset` is valid, so positions can be counted on it.
                let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
                Err(error_at(
                    valid,
                    offset,
                    format!("invalid UTF-8 at byte offset {offset}"),
                ))
            }
        },
    }
}

/// The `encoding` pseudo-attribute of a leading XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let rest = bytes.strip_prefix(b"<?xml")?;
    let end = rest.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = String::from_utf8_lossy(&rest[..end]);
    let after = decl.split("encoding").nth(1)?;
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = after[1..].split(quote).next()?;
    Some(value.to_owned())
}

fn is_latin1(label: &str) -> bool {
    matches!(
        label.to_ascii_lowercase().as_str(),
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1"
    )
}

fn is_utf8(label: &str) -> bool {
    // US-ASCII is a subset of UTF-8, so it needs no decoding of its own.
    matches!(
        label.to_ascii_lowercase().as_str(),
        "utf-8" | "utf8" | "us-ascii" | "ascii"
    )
}

/// A ParseError at a byte offset of `text`.
fn error_at(text: &str, offset: usize, message: String) -> ParseError {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    ParseError {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        message,
    }
}

/// An element whose end tag has not been seen yet.
struct Open {
    element: Element,
    /// How many entries of `Parser::declared` this element pushed.
    declarations: usize,
    /// Where its children start in `Parser::nodes`.
    first_child: usize,
}

/// Each distinct name, namespace URI and prefix of a document, held once.
#[derive(Default)]
struct Interner {
    strings: HashSet<Arc<str>, NameHash>,
}

/// Distinct names an API document has are a few hundred at most.
const NAME_TABLE_LIMIT: usize = 4096;

impl Interner {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.strings.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        if self.strings.len() < NAME_TABLE_LIMIT {
            self.strings.insert(shared.clone());
        }
        shared
    }
}

struct Parser<'t> {
    text: &'t str,
    reader: Reader<&'t [u8]>,
    limits: Limits,
    stack: Vec<Open>,
    /// The children of every open element, innermost last: each element takes its own
    /// when it closes, in one allocation of the right size.
    nodes: Vec<Node>,
    root: Option<Element>,
    /// Text (and CDATA, and decoded references) waiting for the next tag.
    pending: String,
    /// Namespace bindings in scope, per prefix ("" = default), innermost last.
    scopes: HashMap<Arc<str>, Vec<Option<Arc<str>>>>,
    /// Prefixes in declaration order, popped as their elements close.
    declared: Vec<Arc<str>>,
    strings: Interner,
    /// Element names already resolved in the current scope (cleared when a declaration
    /// comes into or goes out of scope): the common case costs one lookup.
    resolved: HashMap<Box<str>, QName, NameHash>,
    /// Incremental line counting: the line of byte `line_offset`.
    line: u32,
    line_offset: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, limits: &Limits) -> Parser<'t> {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let mut strings = Interner::default();
        let mut scopes = HashMap::new();
        scopes.insert(strings.get("xml"), vec![Some(strings.get(names::XML))]);
        Parser {
            text,
            reader,
            limits: *limits,
            stack: Vec::new(),
            nodes: Vec::new(),
            root: None,
            pending: String::new(),
            scopes,
            declared: Vec::new(),
            strings,
            resolved: HashMap::default(),
            line: 1,
            line_offset: 0,
        }
    }

    fn error(&self, offset: usize, message: String) -> ParseError {
        error_at(self.text, offset, message)
    }

    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn line_of(&mut self, offset: usize) -> u32 {
        if offset > self.line_offset {
            let bytes = self.text.as_bytes();
            let end = offset.min(bytes.len());
            let newlines = count_newlines(&bytes[self.line_offset..end]);
            self.line = self
                .line
                .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            self.line_offset = end;
        }
        self.line
    }

    fn run(mut self) -> Result<Document, ParseError> {
        loop {
            let start = self.position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(start);
                    return Err(self.error(at, describe(&err)));
                }
            };
            match event {
                Event::Start(tag) => self.open(&tag, start, false)?,
                Event::Empty(tag) => self.open(&tag, start, true)?,
                Event::End(_) => self.close(),
                Event::Text(text) => self.text(&text.xml10_content(), start)?,
                Event::CData(data) => self.text(&data.xml10_content(), start)?,
                Event::GeneralRef(reference) => {
                    let decoded = self.reference(&reference, start)?;
                    let mut buffer = [0u8; 4];
                    self.text(decoded.encode_utf8(&mut buffer), start)?;
                }
                Event::DocType(_) => {
                    return Err(
                        self.error(start, "DOCTYPE is not allowed in API documents".to_owned())
                    )
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => return self.finish(),
            }
        }
    }

    fn finish(self) -> Result<Document, ParseError> {
        if let Some(open) = self.stack.last() {
            let message = format!(
                "unexpected end of document: <{}> opened on line {} is not closed",
                open.element.name.local, open.element.line
            );
            return Err(self.error(self.text.len(), message));
        }
        match self.root {
            Some(root) => Ok(Document { root }),
            None => Err(self.error(self.text.len(), "no root element".to_owned())),
        }
    }

    fn text(&mut self, content: &str, offset: usize) -> Result<(), ParseError> {
        if self.stack.is_empty() {
            if content.trim().is_empty() {
                return Ok(());
            }
            let message = if self.root.is_some() {
                "text after the root element"
            } else {
                "text before the root element"
            };
            return Err(self.error(offset, message.to_owned()));
        }
        self.pending.push_str(content);
        Ok(())
    }

    fn reference(&self, reference: &BytesRef<'_>, offset: usize) -> Result<char, ParseError> {
        let name: &str = reference;
        match name {
            "amp" => Ok('&'),
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "quot" => Ok('"'),
            "apos" => Ok('\''),
            _ => match reference.resolve_char_ref() {
                Ok(Some(ch)) => Ok(ch),
                Ok(None) => Err(self.error(offset, undefined_entity(name))),
                Err(err) => Err(self.error(
                    offset,
                    format!("invalid character reference &{name};: {err}"),
                )),
            },
        }
    }

    /// Moves pending text into the innermost open element (copied at its exact size,
    /// so the buffer is reused).
    fn flush_text(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if !self.stack.is_empty() {
            self.nodes
                .push(Node::Text(Box::from(self.pending.as_str())));
        }
        self.pending.clear();
    }

    fn open(&mut self, tag: &BytesStart<'_>, offset: usize, empty: bool) -> Result<(), ParseError> {
        if self.root.is_some() {
            return Err(self.error(offset, "a second root element".to_owned()));
        }
        let depth = self.stack.len() + 1;
        if depth > self.limits.max_depth {
            return Err(self.error(
                offset,
                format!(
                    "nesting depth {depth} exceeds the limit of {} levels",
                    self.limits.max_depth
                ),
            ));
        }
        self.flush_text();
        let line = self.line_of(offset);
        let (element, declarations) = self.build_element(tag, offset, line)?;
        self.stack.push(Open {
            element,
            declarations,
            first_child: self.nodes.len(),
        });
        if empty {
            self.close();
        }
        Ok(())
    }

    fn close(&mut self) {
        // quick-xml checks end names, so an End always has a matching Open.
        let Some(mut open) = self.stack.pop() else {
            self.pending.clear();
            return;
        };
        for _ in 0..open.declarations {
            if let Some(prefix) = self.declared.pop() {
                if let Some(bindings) = self.scopes.get_mut(&prefix) {
                    bindings.pop();
                }
            }
        }
        if open.declarations > 0 {
            self.resolved.clear();
        }
        let first = open.first_child.min(self.nodes.len());
        if first == self.nodes.len() {
            // The common leaf: its text is its whole content, copied once (if at all).
            if !self.pending.is_empty() {
                open.element.set_text(&self.pending);
                self.pending.clear();
            }
        } else {
            if !self.pending.is_empty() {
                let text = Box::from(self.pending.as_str());
                self.nodes.push(Node::Text(text));
                self.pending.clear();
            }
            open.element.set_children(self.nodes.split_off(first));
        }
        if self.stack.is_empty() {
            self.root = Some(open.element);
        } else {
            self.nodes.push(Node::Element(open.element));
        }
    }

    fn lookup(&self, prefix: &str) -> Option<&Option<Arc<str>>> {
        self.scopes.get(prefix).and_then(|bindings| bindings.last())
    }

    fn declare(&mut self, prefix: &str, uri: Option<&str>) {
        let prefix = self.strings.get(prefix);
        let uri = uri.map(|uri| self.strings.get(uri));
        self.scopes.entry(prefix.clone()).or_default().push(uri);
        self.declared.push(prefix);
        self.resolved.clear();
    }

    /// Resolves a prefixed or unprefixed name; `use_default` is false for attributes,
    /// which never take the default namespace.
    fn resolve(
        &mut self,
        qname: &str,
        use_default: bool,
        offset: usize,
    ) -> Result<(Name, Option<Arc<str>>), ParseError> {
        // quick-xml takes whatever stands between `<` and `>` as a name; a tree holding
        // `<<a/>` or `<>` would be written back as a document that does not parse.
        if !names::is_qname(qname) {
            let what = if use_default { "element" } else { "attribute" };
            return Err(self.error(offset, format!("invalid {what} name \"{qname}\"")));
        }
        match qname.split_once(':') {
            Some((prefix, local)) => match self.lookup(prefix) {
                Some(Some(uri)) => {
                    let ns = Some(uri.clone());
                    let name = Name {
                        ns,
                        local: self.strings.get(local),
                    };
                    Ok((name, Some(self.strings.get(prefix))))
                }
                _ => Err(self.error(
                    offset,
                    format!("undeclared namespace prefix \"{prefix}\" in <{qname}>"),
                )),
            },
            None => {
                let ns = if use_default {
                    self.lookup("").cloned().flatten()
                } else {
                    None
                };
                let local = self.strings.get(qname);
                Ok((Name { ns, local }, None))
            }
        }
    }

    /// An element's name, from the cache of the current scope when it is there.
    fn resolve_element_name(&mut self, qname: &str, offset: usize) -> Result<QName, ParseError> {
        if let Some(known) = self.resolved.get(qname) {
            return Ok(known.clone());
        }
        let (name, prefix) = self.resolve(qname, true, offset)?;
        let resolved = QName::new(name, prefix);
        if self.resolved.len() < NAME_TABLE_LIMIT {
            self.resolved.insert(Box::from(qname), resolved.clone());
        }
        Ok(resolved)
    }

    /// A QName-valued attribute resolved against the scope; None when its prefix is
    /// undeclared (`java:com.webex…` values), which is legal for those values.
    fn resolve_qname_value(&mut self, value: &str) -> Option<Name> {
        let value = value.trim();
        match value.split_once(':') {
            Some((prefix, local)) => match self.lookup(prefix) {
                Some(Some(uri)) => {
                    let ns = Some(uri.clone());
                    Some(Name {
                        ns,
                        local: self.strings.get(local),
                    })
                }
                _ => None,
            },
            None => Some(Name {
                ns: self.lookup("").cloned().flatten(),
                local: self.strings.get(value),
            }),
        }
    }

    fn build_element(
        &mut self,
        tag: &BytesStart<'_>,
        offset: usize,
        line: u32,
    ) -> Result<(Element, usize), ParseError> {
        let mut declarations = 0;
        let mut raw_attrs: Vec<(String, String)> = Vec::new();
        // quick-xml's duplicate check compares every pair; ours hashes resolved names.
        for attr in tag.attributes().with_checks(false) {
            let attr = attr.map_err(|err| self.error(offset, format!("bad attribute: {err}")))?;
            let key: &str = attr.key.as_ref();
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| self.error(offset, describe(&err)))?;
            if key == "xmlns" {
                self.declare("", (!value.is_empty()).then_some(&*value));
                declarations += 1;
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                if !names::is_ncname(prefix) {
                    return Err(
                        self.error(offset, format!("invalid namespace prefix \"{prefix}\""))
                    );
                }
                if value.is_empty() {
                    return Err(self.error(
                        offset,
                        format!("namespace prefix \"{prefix}\" cannot be bound to an empty URI"),
                    ));
                }
                self.declare(prefix, Some(&value));
                declarations += 1;
            } else {
                raw_attrs.push((key.to_owned(), value.into_owned()));
            }
        }
        // Declarations apply to the element's own name and attributes, whatever their
        // order, so names are resolved only once all of them are in scope.
        // An error aborts the whole parse, so the declarations need no unwinding then.
        let element = self.resolve_element(tag, offset, line, raw_attrs)?;
        Ok((element, declarations))
    }

    fn resolve_element(
        &mut self,
        tag: &BytesStart<'_>,
        offset: usize,
        line: u32,
        raw_attrs: Vec<(String, String)>,
    ) -> Result<Element, ParseError> {
        let tag_name = tag.name();
        let qname: &str = tag_name.as_ref();
        let name = self.resolve_element_name(qname, offset)?;
        let mut attrs = Vec::with_capacity(raw_attrs.len());
        for (key, value) in raw_attrs {
            let (attr_name, attr_prefix) = self.resolve(&key, false, offset)?;
            let qname_value = (attr_name.ns.as_deref() == Some(names::XSI)
                && &*attr_name.local == "type")
                .then(|| self.resolve_qname_value(&value))
                .flatten();
            attrs.push(Attribute {
                name: attr_name,
                prefix: attr_prefix,
                value,
                qname_value,
            });
        }
        check_duplicates(&attrs).map_err(|name| {
            self.error(offset, format!("duplicate attribute {name} on <{qname}>"))
        })?;
        let mut element = Element::named(name);
        element.attrs = attrs.into_boxed_slice();
        element.line = line;
        Ok(element)
    }
}

/// The first attribute name that occurs twice (by namespace URI + local name).
fn check_duplicates(attrs: &[Attribute]) -> Result<(), &Name> {
    const SMALL: usize = 8;
    if attrs.len() <= SMALL {
        for (i, attr) in attrs.iter().enumerate() {
            if attrs[..i].iter().any(|earlier| earlier.name == attr.name) {
                return Err(&attr.name);
            }
        }
        return Ok(());
    }
    let mut seen = std::collections::HashSet::with_capacity(attrs.len());
    for attr in attrs {
        if !seen.insert(&attr.name) {
            return Err(&attr.name);
        }
    }
    Ok(())
}

fn undefined_entity(name: &str) -> String {
    format!(
        "undefined entity reference &{name}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)"
    )
}

fn describe(err: &quick_xml::Error) -> String {
    match err {
        quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
            undefined_entity(name)
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::super::tree::Child;
    use super::*;

    fn parse_ok(text: &str) -> Document {
        match parse(text, &Limits::default()) {
            Ok(doc) => doc,
            Err(err) => panic!("parse failed: {err}"),
        }
    }

    fn parse_err(text: &str) -> ParseError {
        match parse(text, &Limits::default()) {
            Ok(doc) => panic!("expected an error, got {doc:?}"),
            Err(err) => err,
        }
    }

    #[test]
    fn resolves_namespaces_and_xsi_type_declared_after_it() {
        let doc = parse_ok(fixtures::GET_MEETING);
        assert_eq!(doc.root.name, Name::new(Some(names::SERVICE), "message"));
        assert_eq!(doc.root.name.prefix().map(|p| &**p), Some("serv"));
        let body_content = doc
            .root
            .child("body")
            .and_then(|body| body.child("bodyContent"))
            .expect("fixture has a bodyContent");
        assert_eq!(body_content.attrs.len(), 1, "xmlns:xsi is not an attribute");
        let xsi_type = &body_content.attrs[0];
        assert_eq!(xsi_type.name, Name::new(Some(names::XSI), "type"));
        assert_eq!(
            xsi_type.qname_value,
            Some(Name::new(Some(names::MEETING), "getMeetingResponse"))
        );
        let key = body_content.child("meetingkey").expect("meetingkey");
        assert_eq!(key.name.ns.as_deref(), Some(names::MEETING));
        assert_eq!(key.text(), "123456789");
    }

    #[test]
    fn java_xsi_type_stays_unresolved() {
        let doc = parse_ok(
            r#"<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><body><bodyContent xsi:type="java:com.webex.service.binding.meeting.GetMeeting"/></body></serv:message>"#,
        );
        let content = doc.root.child("body").and_then(|b| b.child("bodyContent"));
        let attr = &content.expect("bodyContent").attrs[0];
        assert_eq!(
            attr.value,
            "java:com.webex.service.binding.meeting.GetMeeting"
        );
        assert_eq!(attr.qname_value, None);
        // Unprefixed children of a prefixed root are in no namespace.
        assert_eq!(
            doc.root.child("body").map(|b| b.name.ns.clone()),
            Some(None)
        );
    }

    #[test]
    fn decodes_references_merges_cdata_and_normalises_line_ends() {
        let doc =
            parse_ok("<a>x &amp; &lt;&#65;&#x42;<![CDATA[<c>]]><!-- gone -->y\r\nz<?pi gone?></a>");
        assert_eq!(
            doc.root.children().collect::<Vec<_>>(),
            vec![Child::Text("x & <AB<c>y\nz")]
        );
        let doc = parse_ok("<a v='1&amp;&#50;\r\n'/>");
        assert_eq!(doc.root.attrs[0].value, "1&2 ");
    }

    #[test]
    fn records_lines_of_start_tags() {
        let doc = parse_ok("<a>\n  <b/>\n\n  <c>\n</c></a>");
        let lines: Vec<u32> = doc.root.child_elements().map(|e| e.line).collect();
        assert_eq!(doc.root.line, 1);
        assert_eq!(lines, vec![2, 4]);
    }

    #[test]
    fn rejects_doctype_and_billion_laughs() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol9;</lolz>"#;
        let err = parse_err(laughs);
        assert_eq!(err.message, "DOCTYPE is not allowed in API documents");
        assert_eq!(err.line, 2);
        let err = parse_err(r#"<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>"#);
        assert_eq!(err.message, "DOCTYPE is not allowed in API documents");
    }

    #[test]
    fn rejects_undefined_entities_in_text_and_attributes() {
        let err = parse_err("<lolz>&lol9;</lolz>");
        assert!(
            err.message.starts_with("undefined entity reference &lol9;"),
            "{err}"
        );
        assert_eq!((err.line, err.column), (1, 7));
        let err = parse_err("<a b='&nbsp;'/>");
        assert!(
            err.message.starts_with("undefined entity reference &nbsp;"),
            "{err}"
        );
    }

    #[test]
    fn rejects_deep_nesting_quickly_without_recursion() {
        let depth = 100_000;
        let text = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let err = parse_err(&text);
        assert_eq!(
            err.message,
            "nesting depth 257 exceeds the limit of 256 levels"
        );
        assert_eq!(err.column, 3 * 256 + 1);
        // Exactly at the limit is fine.
        let text = format!("{}{}", "<a>".repeat(256), "</a>".repeat(256));
        assert!(parse(&text, &Limits::default()).is_ok());
    }

    #[test]
    fn rejects_undeclared_prefixes_naming_them() {
        let err =
            parse_err(r#"<serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#);
        assert!(
            err.message.contains("undeclared namespace prefix \"serv\""),
            "{err}"
        );
        let err = parse_err(r#"<a x:y="1"/>"#);
        assert!(err.message.contains("\"x\""), "{err}");
        // A declaration goes out of scope with its element.
        let err = parse_err(r#"<a><b xmlns:p="urn:p"/><p:c/></a>"#);
        assert!(err.message.contains("\"p\""), "{err}");
    }

    #[test]
    fn rejects_names_that_are_not_xml_names() {
        for (text, name) in [
            ("<r><<a/></r>", "element name \"<a\""),
            ("<r><></></r>", "element name \"\""),
            ("<1a/>", "element name \"1a\""),
            ("<a:b:c xmlns:a='urn:a'/>", "element name \"a:b:c\""),
            ("<a b<='1'/>", "attribute name \"b<\""),
            ("<a xmlns:1='urn:a'/>", "namespace prefix \"1\""),
        ] {
            let err = parse_err(text);
            assert!(err.message.contains(name), "{text}: {err}");
        }
        for text in ["<_a.b-c/>", "<réunion/>", "<a xmlns:é='urn:a' é:x='1'/>"] {
            assert!(parse(text, &Limits::default()).is_ok(), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_structure() {
        assert!(parse_err("<a><b></a>").message.contains("b"));
        assert_eq!(parse_err("").message, "no root element");
        assert_eq!(parse_err("<a/><b/>").message, "a second root element");
        assert_eq!(parse_err("<a/>junk").message, "text after the root element");
        assert!(parse_err("<a><b>")
            .message
            .starts_with("unexpected end of document"));
        assert!(parse_err("<a b='1' b='2'/>")
            .message
            .contains("duplicate attribute b"));
        let many: String = (0..20).map(|i| format!(" a{i}='1'")).collect();
        assert!(parse(&format!("<a{many}/>"), &Limits::default()).is_ok());
        let err = parse_err(&format!(
            "<a{many} xmlns:p='urn:a' xmlns:q='urn:a' p:x='1' q:x='2'/>"
        ));
        assert!(
            err.message.contains("duplicate attribute {urn:a}x"),
            "{err}"
        );
        let limits = Limits {
            max_depth: 10,
            max_bytes: 3,
        };
        assert!(parse("<a/>", &limits).is_err());
    }

    #[test]
    fn parse_bytes_honours_latin1_and_reports_bad_utf8() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"</a>");
        let doc = parse_bytes(&bytes, &Limits::default()).expect("latin-1 parses");
        assert_eq!(doc.root.text(), "café");

        let mut bytes = b"<a>\nca".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"</a>");
        let err = parse_bytes(&bytes, &Limits::default()).expect_err("not UTF-8");
        assert_eq!(err.message, "invalid UTF-8 at byte offset 6");
        assert_eq!((err.line, err.column), (2, 3));

        let doc = parse_bytes("\u{FEFF}<a>é</a>".as_bytes(), &Limits::default());
        assert_eq!(doc.map(|d| d.root.text()).ok().as_deref(), Some("é"));
        let err = parse_bytes(
            b"<?xml version='1.0' encoding='Shift_JIS'?><a/>",
            &Limits::default(),
        );
        assert!(err.is_err_and(|e| e.message.contains("Shift_JIS")));
    }

    #[test]
    fn parses_a_session_list_keeping_element_order() {
        let doc = parse_ok(&fixtures::lstsummary_session(&fixtures::weekly_series()));
        let content = doc.root.child("body").and_then(|b| b.child("bodyContent"));
        let keys: Vec<String> = content
            .into_iter()
            .flat_map(|c| c.child_elements())
            .filter_map(|s| s.child("sessionKey"))
            .map(|k| k.text())
            .collect();
        assert_eq!(keys, ["1001", "1002", "1003", "1004"]);
    }

    #[test]
    fn names_are_shared_and_leaf_texts_inline() {
        let doc = parse_ok(&fixtures::lstsummary_session(&fixtures::weekly_series()));
        let content = doc.root.child("body").and_then(|b| b.child("bodyContent"));
        let sessions: Vec<&Element> = content
            .into_iter()
            .flat_map(|c| c.child_elements())
            .filter(|e| &*e.name.local == "session")
            .collect();
        assert_eq!(sessions.len(), 4);
        let (a, b) = (&sessions[0].name, &sessions[3].name);
        assert!(a.ptr_eq(b), "one allocation for one element name");
        assert!(Arc::ptr_eq(&a.local, &sessions[1].name.local));
        // A leaf's lone text is its content, read back as one text child.
        let key = sessions[0].child("sessionKey").expect("a sessionKey");
        assert_eq!(
            key.children().collect::<Vec<_>>(),
            vec![Child::Text("1001")]
        );
        // A declaration going out of scope is not served from the name cache.
        let doc = parse_ok(r#"<a><p:b xmlns:p="urn:one"><c/></p:b><p:b xmlns:p="urn:two"/></a>"#);
        let uris: Vec<Option<&str>> = doc
            .root
            .child_elements()
            .map(|e| e.name.ns.as_deref())
            .collect();
        assert_eq!(uris, vec![Some("urn:one"), Some("urn:two")]);
    }

    #[test]
    fn restyled_document_parses_to_the_same_names() {
        let plain = parse_ok(fixtures::GET_MEETING);
        let restyled = parse_ok(fixtures::GET_MEETING_RESTYLED);
        assert_eq!(plain.root.name.name(), restyled.root.name.name());
        assert_eq!(restyled.root.name.prefix().map(|p| &**p), Some("s"));
    }
}
