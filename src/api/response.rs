//! Reading a response envelope: result, reason, exceptionID and the bodyContent,
//! found by namespace URI and local name, never by prefix.

use crate::xml::{Document, Element};

use super::envelope::{SERVICE_NS, XSI_NS};

/// One `serv:response` of the header (a message answering several bodyContents has several).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub result: Option<String>,
    pub reason: Option<String>,
    pub gsb_status: Option<String>,
    pub exception_id: Option<String>,
}

#[derive(Debug)]
pub struct Envelope<'d> {
    pub headers: Vec<Header>,
    pub body_contents: Vec<&'d Element>,
}

impl Envelope<'_> {
    /// The first (usually only) header.
    pub fn header(&self) -> Header {
        self.headers.first().cloned().unwrap_or_default()
    }

    /// The resolved `xsi:type` of the first bodyContent: (namespace URI, local name), or
    /// the raw value when it does not resolve.
    pub fn body_type(&self) -> Option<(Option<String>, String)> {
        let body = self.body_contents.first()?;
        let attr = body
            .attrs
            .iter()
            .find(|a| a.name.ns.as_deref() == Some(XSI_NS) && &*a.name.local == "type")?;
        Some(match &attr.qname_value {
            Some(n) => (n.ns.as_deref().map(str::to_owned), n.local.to_string()),
            None => (None, attr.value.clone()),
        })
    }
}

/// Reads the envelope of a response, or says what about it is not an XML API answer.
pub fn read(doc: &Document) -> Result<Envelope<'_>, String> {
    let root = &doc.root;
    if &*root.name.local != "message" || root.name.ns.as_deref() != Some(SERVICE_NS) {
        return Err(format!(
            "the root element is {} — an XML API answer is `message` in namespace {SERVICE_NS}",
            describe(root)
        ));
    }
    let header = child(root, "header").ok_or("the message has no `header`")?;
    let headers: Vec<Header> = children(header, "response")
        .map(|r| Header {
            result: text_of(r, "result"),
            reason: text_of(r, "reason"),
            gsb_status: text_of(r, "gsbStatus"),
            exception_id: text_of(r, "exceptionID"),
        })
        .collect();
    if headers.is_empty() {
        return Err("the header has no `response`".to_string());
    }
    let body = child(root, "body").ok_or("the message has no `body`")?;
    Ok(Envelope {
        headers,
        body_contents: children(body, "bodyContent").collect(),
    })
}

fn describe(e: &Element) -> String {
    match &e.name.ns {
        Some(ns) => format!("`{}` in namespace {ns}", e.name.local),
        None => format!("`{}` in no namespace", e.name.local),
    }
}

/// Children of `e` named `local` in the service namespace. Envelope children are
/// qualified per the schema; real servers always write them with `serv:`.
fn children<'a>(e: &'a Element, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
    e.child_elements()
        .filter(move |c| &*c.name.local == local && c.name.ns.as_deref() == Some(SERVICE_NS))
}
fn child<'a>(e: &'a Element, local: &'a str) -> Option<&'a Element> {
    children(e, local).next()
}

fn text_of(e: &Element, local: &str) -> Option<String> {
    child(e, local).map(|c| c.text().trim().to_string())
}
