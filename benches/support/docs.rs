//! Generated API documents for the XML benchmarks: LstsummarySession responses of any
//! size, and variants of them that differ in a known share of their elements.

/// Elements in one generated session (the `session` element and its children).
pub const ELEMENTS_PER_SESSION: usize = 18;

/// The children of generated session `i`, in order, with their texts.
fn session_values(i: usize) -> [(&'static str, String); 17] {
    let key = 300_000_000 + i * 7;
    let series = i % 3 == 0;
    [
        ("sessionKey", key.to_string()),
        ("confName", format!("Team review {i}")),
        ("meetingType", "3".to_owned()),
        ("hostWebExID", format!("host{}", i % 97)),
        ("otherHostWebExID", format!("host{}", (i + 1) % 97)),
        ("timeZoneID", "4".to_owned()),
        ("timeZone", "GMT-08:00, Pacific (San Jose)".to_owned()),
        ("status", "NOT_INPROGRESS".to_owned()),
        ("startTime", format!("06/{:02}/2026 09:00:00", 1 + i % 28)),
        ("duration", "60".to_owned()),
        ("listStatus", "PUBLIC".to_owned()),
        ("confID", (1_000_000_000 + i * 13).to_string()),
        ("isRecurring", series.to_string()),
        ("isException", "false".to_owned()),
        ("seriesMeetingKey", "0".to_owned()),
        ("isNextUpcomingInstance", "true".to_owned()),
        (
            "recurrenceId",
            (1_780_000_000_000_u64 + i as u64 * 86_400_000).to_string(),
        ),
    ]
}

/// The children whose texts differ from session to session.
const VARYING: [&str; 7] = [
    "sessionKey",
    "confName",
    "hostWebExID",
    "otherHostWebExID",
    "startTime",
    "confID",
    "recurrenceId",
];

/// One `ep:session`, shaped like the reference's answers (SP11 elements included).
/// `changed` decides, per child element (0-based), whether its text is altered.
fn session(out: &mut String, i: usize, changed: &mut dyn FnMut() -> bool) {
    let children = session_values(i);
    out.push_str("<ep:session>");
    for (name, value) in children {
        out.push_str("<ep:");
        out.push_str(name);
        out.push('>');
        out.push_str(&value);
        if changed() {
            out.push_str(" (changed)");
        }
        out.push_str("</ep:");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</ep:session>");
}

/// A LstsummarySession response with `sessions` sessions; with `change_every` = Some(n),
/// the text of every n-th element (counted over all of them) is altered.
pub fn session_list(sessions: usize, change_every: Option<usize>) -> String {
    session_list_in_order(&(0..sessions).collect::<Vec<_>>(), change_every)
}

/// The same, with the sessions in the given order (for unordered matching).
pub fn session_list_in_order(order: &[usize], change_every: Option<usize>) -> String {
    let mut out = String::with_capacity(order.len() * 560 + 1024);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\" \
xmlns:com=\"http://www.webex.com/schemas/2002/06/common\" \
xmlns:ep=\"http://www.webex.com/schemas/2002/06/service/ep\" \
xmlns:meet=\"http://www.webex.com/schemas/2002/06/service/meeting\">\
<serv:header><serv:response><serv:result>SUCCESS</serv:result>\
<serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header>\
<serv:body><serv:bodyContent xsi:type=\"ep:lstsummarySessionResponse\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let n = order.len();
    out.push_str(&format!(
        "<ep:matchingRecords><serv:total>{n}</serv:total><serv:returned>{n}</serv:returned>\
<serv:startFrom>1</serv:startFrom></ep:matchingRecords>"
    ));
    let mut count = 0usize;
    let mut changed = || {
        count += 1;
        change_every.is_some_and(|every| count % every == 0)
    };
    for &i in order {
        session(&mut out, i, &mut changed);
    }
    out.push_str("</serv:bodyContent></serv:body></serv:message>");
    out
}

/// How many sessions make a document of about `bytes`.
pub fn sessions_for(bytes: usize) -> usize {
    let one = session_list(1, None).len();
    let two = session_list(2, None).len();
    let per = two - one;
    (bytes.saturating_sub(one - per) / per).max(1)
}

/// Every element of the document and how many of them `change_every` alters.
pub fn element_count(sessions: usize) -> usize {
    sessions * ELEMENTS_PER_SESSION + 12
}

/// A deterministic shuffle (no dependency on a random crate): sessions 0..n in an order
/// that puts every session far from its place.
pub fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = usize::try_from(state % (i as u64 + 1)).unwrap_or(0);
        order.swap(i, j);
    }
    order
}

/// The same list with every text that differs from session to session moved one level
/// down (`<ep:sessionKey><ep:value>…</ep:value></ep:sessionKey>`): the sessions' own
/// leaves are then all alike, so nothing at that level tells them apart.
pub fn session_list_nested(order: &[usize]) -> String {
    let mut text = session_list_in_order(order, None);
    for name in VARYING {
        text = text
            .replace(&format!("<ep:{name}>"), &format!("<ep:{name}><ep:value>"))
            .replace(
                &format!("</ep:{name}>"),
                &format!("</ep:value></ep:{name}>"),
            );
    }
    text
}
