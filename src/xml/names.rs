//! The namespace URIs of the Webex XML API and the prefixes they are usually written with.
//!
//! One table serves canonical rendering (which prefix to print), XPath (which URI a
//! prefixed name test means) and the API envelope code. The prefixes are the ones real
//! servers use; note that the site service is written `ns1` in responses, so `ns1` is
//! reserved here and `site` is accepted as an alias when looking a prefix up.
//!
//! Also what a name may be made of, shared by the parser and the XPath lexer so that
//! every element the one accepts the other can name.

pub const SERVICE: &str = "http://www.webex.com/schemas/2002/06/service";
pub const COMMON: &str = "http://www.webex.com/schemas/2002/06/common";
pub const MEETING: &str = "http://www.webex.com/schemas/2002/06/service/meeting";
pub const ATTENDEE: &str = "http://www.webex.com/schemas/2002/06/service/attendee";
pub const USER: &str = "http://www.webex.com/schemas/2002/06/service/user";
pub const EP: &str = "http://www.webex.com/schemas/2002/06/service/ep";
pub const SITE: &str = "http://www.webex.com/schemas/2002/06/service/site";
pub const EVENT: &str = "http://www.webex.com/schemas/2002/06/service/event";
pub const HISTORY: &str = "http://www.webex.com/schemas/2002/06/service/history";
pub const SALES: &str = "http://www.webex.com/schemas/2002/06/service/sales";
pub const SUPPORT_SESSION: &str = "http://www.webex.com/schemas/2002/06/service/supportsession";
pub const SESSION: &str = "http://www.webex.com/schemas/2002/06/service/session";
pub const MEETING_TYPE: &str = "http://www.webex.com/schemas/2002/06/service/meetingtype";
pub const TRAINING_SESSION: &str = "http://www.webex.com/schemas/2002/06/service/trainingsession";
pub const TELECONFERENCE_ONLY: &str = "http://www.webex.com/schemas/2002/06/service/meeting/auo";
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// Bound to the `xml` prefix by the XML namespaces recommendation, without a declaration.
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// (prefix, URI) in the order canonical documents declare them.
pub const WELL_KNOWN: &[(&str, &str)] = &[
    ("serv", SERVICE),
    ("com", COMMON),
    ("meet", MEETING),
    ("att", ATTENDEE),
    ("use", USER),
    ("ep", EP),
    ("ns1", SITE),
    ("event", EVENT),
    ("history", HISTORY),
    ("sales", SALES),
    ("supportsession", SUPPORT_SESSION),
    ("session", SESSION),
    ("meetingtype", MEETING_TYPE),
    ("trainingsession", TRAINING_SESSION),
    ("auo", TELECONFERENCE_ONLY),
    ("xsi", XSI),
];

/// The usual prefix of a well-known namespace URI.
pub fn prefix_for(uri: &str) -> Option<&'static str> {
    WELL_KNOWN
        .iter()
        .find(|(_, known)| *known == uri)
        .map(|(prefix, _)| *prefix)
}

/// The URI a well-known prefix stands for (`site` is accepted for `ns1`, `xml` for the XML namespace).
pub fn uri_for(prefix: &str) -> Option<&'static str> {
    match prefix {
        "site" => Some(SITE),
        "xml" => Some(XML),
        _ => WELL_KNOWN
            .iter()
            .find(|(known, _)| *known == prefix)
            .map(|(_, uri)| *uri),
    }
}

/// A name as Namespaces in XML 1.0 allows it: `local` or `prefix:local`.
pub(crate) fn is_qname(name: &str) -> bool {
    match name.split_once(':') {
        Some((prefix, local)) => is_ncname(prefix) && is_ncname(local),
        None => is_ncname(name),
    }
}

/// An XML 1.0 name without a colon (the productions `NameStartChar` and `NameChar`).
pub(crate) fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

pub(crate) fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '_'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

pub(crate) fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_uris_round_trip() {
        for (prefix, uri) in WELL_KNOWN {
            assert_eq!(prefix_for(uri), Some(*prefix));
            assert_eq!(uri_for(prefix), Some(*uri));
        }
        assert_eq!(uri_for("site"), Some(SITE));
        assert_eq!(prefix_for(SITE), Some("ns1"));
        assert_eq!(uri_for("nope"), None);
        assert_eq!(prefix_for("urn:other"), None);
    }
}
