//! Building request documents: the `serv:message` envelope around a body, as real
//! clients send it (only the root prefixed, `xsi` declared on the root).

use crate::scenario::template::xml_escape;

pub const SERVICE_NS: &str = "http://www.webex.com/schemas/2002/06/service";
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The order real clients write securityContext children in; others follow alphabetically.
const SECURITY_ORDER: [&str; 8] = [
    "webExID",
    "password",
    "sessionTicket",
    "webExAccessToken",
    "siteID",
    "siteName",
    "partnerID",
    "email",
];

/// A whole request document: `security` fields (already rendered) in the securityContext,
/// `body` (already rendered XML) in one bodyContent of type `xsi_type`.
pub fn request(security: &[(String, String)], xsi_type: &str, body: &str) -> String {
    let mut fields: Vec<&(String, String)> = security.iter().collect();
    fields.sort_by_key(|(k, _)| {
        (
            SECURITY_ORDER
                .iter()
                .position(|o| o == k)
                .unwrap_or(SECURITY_ORDER.len()),
            k.clone(),
        )
    });
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<serv:message xmlns:serv=\"{SERVICE_NS}\" xmlns:xsi=\"{XSI_NS}\">\n"
    ));
    out.push_str("  <header>\n    <securityContext>\n");
    for (k, v) in fields {
        out.push_str(&format!("      <{k}>{}</{k}>\n", xml_escape(v)));
    }
    out.push_str("    </securityContext>\n  </header>\n  <body>\n");
    out.push_str(&format!(
        "    <bodyContent xsi:type=\"{}\">\n",
        xml_escape(xsi_type)
    ));
    for line in body.trim_end().lines() {
        out.push_str("      ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("    </bodyContent>\n  </body>\n</serv:message>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_orders_security_fields_like_real_clients() {
        let doc = request(
            &[
                ("siteName".into(), "cmr".into()),
                ("password".into(), "p&w".into()),
                ("webExID".into(), "admin".into()),
            ],
            "java:com.webex.service.binding.user.GetUser",
            "<webExId>bob</webExId>",
        );
        let w = doc.find("<webExID>admin").unwrap();
        let p = doc.find("<password>p&amp;w").unwrap();
        let s = doc.find("<siteName>cmr").unwrap();
        assert!(w < p && p < s, "{doc}");
        assert!(doc.contains("xsi:type=\"java:com.webex.service.binding.user.GetUser\""));
        assert!(doc.contains("      <webExId>bob</webExId>\n"));
    }
}
