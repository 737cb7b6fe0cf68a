//! Request reading: bytes → a small element tree, leniently.
//!
//! Namespaces are ignored on purpose (real clients send undeclared `serv:`
//! prefixes, unprefixed or default-namespace roots): elements are matched by
//! local name, case-insensitively. Only well-formedness is required.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deeper documents are refused: no API document nests this deep, and a
/// bounded depth keeps every walk over the tree (including drop) shallow.
const MAX_DEPTH: usize = 64;

/// One element: local name, attributes (qualified name, value), children, text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    /// The first child with that local name (ASCII case-insensitive).
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name.eq_ignore_ascii_case(name))
    }

    /// The element at a `/`-separated path of local names below this one.
    pub fn at(&self, path: &str) -> Option<&Node> {
        path.split('/').try_fold(self, |n, step| n.child(step))
    }

    /// The trimmed text at a path, if the element exists.
    pub fn text_at(&self, path: &str) -> Option<&str> {
        self.at(path).map(|n| n.text.trim())
    }

    /// An attribute by local name (whatever its prefix).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| {
                k.rsplit(':')
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case(local))
            })
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes the bytes (UTF-8, or Latin-1 when the declaration says so) and parses them.
pub(crate) fn parse(bytes: &[u8]) -> Result<Node, String> {
    let text = decode(bytes)?;
    parse_str(&text)
}

fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if declares_latin1(bytes) {
        // ISO-8859-1 maps every byte to the code point of the same value.
        return Ok(bytes.iter().map(|&b| char::from(b)).collect());
    }
    String::from_utf8(bytes.to_vec())
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

fn declares_latin1(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"<?xml") {
        return false;
    }
    let end = bytes
        .iter()
        .position(|&b| b == b'>')
        .unwrap_or(bytes.len().min(200));
    let decl = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    [
        "iso-8859-1",
        "iso8859-1",
        "latin1",
        "latin-1",
        "windows-1252",
        "us-ascii",
    ]
    .iter()
    .any(|e| decl.contains(&format!("\"{e}\"")) || decl.contains(&format!("'{e}'")))
}

fn parse_str(text: &str) -> Result<Node, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err("content after the root element".into());
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("nesting deeper than {MAX_DEPTH} elements"));
                }
                stack.push(start_node(&e)?);
            }
            Event::Empty(e) => {
                let node = start_node(&e)?;
                close(&mut stack, &mut root, node);
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("unbalanced end tag")?;
                close(&mut stack, &mut root, node);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err("text outside the root element".into());
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => match &*r.xml10_content() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(format!("unknown entity &{other};")),
                    },
                };
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&ch),
                    None => return Err("reference outside the root element".into()),
                }
            }
            Event::DocType(_) => return Err("DOCTYPE is not allowed in API documents".into()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err("unexpected end of document".into());
    }
    root.ok_or_else(|| "no root element".to_string())
}

fn start_node(e: &quick_xml::events::BytesStart<'_>) -> Result<Node, String> {
    let name = e.local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attrs.push((a.key.as_ref().to_string(), value.into_owned()));
    }
    Ok(Node {
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

fn close(stack: &mut [Node], root: &mut Option<Node>, node: Node) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None => *root = Some(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_prefixes_and_entities() {
        let doc = br#"<serv:message xmlns:xsi="x"><header><securityContext><webExID>a&amp;b&#65;</webExID></securityContext></header><body><bodyContent xsi:type="java:x.Y"/></body></serv:message>"#;
        let n = parse(doc).unwrap();
        assert_eq!(n.name, "message");
        assert_eq!(n.text_at("header/securityContext/webexid"), Some("a&bA"));
        assert_eq!(
            n.at("body/bodyContent").and_then(|b| b.attr("type")),
            Some("java:x.Y")
        );
    }

    #[test]
    fn latin1_is_decoded() {
        let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><m><n>Caf\xE9</n></m>";
        assert_eq!(parse(doc).unwrap().text_at("n"), Some("Café"));
    }

    #[test]
    fn malformed_documents_are_errors() {
        for bad in [
            &b""[..],
            b"<a>",
            b"<a></b>",
            b"<a/><b/>",
            b"<!DOCTYPE a><a/>",
            b"<a>&lol;</a>",
            b"\xff\xfe<a/>",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse(deep.as_bytes()).unwrap_err().contains("deeper"));
    }
}
