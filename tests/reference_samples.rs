//! Each captured request sample (with the seed's credentials) is sent to the
//! reference over HTTP and must get the outcome named here.

#[path = "reference_support/mod.rs"]
mod support;

use support::*;
use wbxconf::reference::Release;

fn sample(name: &str) -> String {
    let path = format!("{}/tests/data/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn captured_samples_get_their_expected_outcomes() {
    let server = start(config(Release::Sp11, None)).await;

    let auth = server
        .post_raw(sample("req_AuthenticateUser_password.xml"))
        .await;
    assert_eq!(auth.outcome(), "SUCCESS", "{}", auth.text);
    assert_eq!(auth.status, 200);
    assert_eq!(auth.content_type, "text/xml;charset=UTF-8");
    let ticket = auth.first("use:sessionTicket").expect("a session ticket");
    assert!(auth
        .first("use:timeToLive")
        .is_some_and(|t| t.parse::<u64>().is_ok()));

    let create = sample("req_CreateMeeting.xml")
        .replace("{{_SESSION_TICKET}}", &ticket)
        .replace("{{_MEETING_START_DATE}}", "1/20/2026 9:5:0");
    let created = server.post_raw(create).await;
    assert_eq!(created.outcome(), "SUCCESS", "{}", created.text);
    let key = created.first("meet:meetingkey").expect("meetingkey");
    assert!(
        created
            .text
            .contains("xsi:type=\"meet:createMeetingResponse\""),
        "{}",
        created.text
    );

    let got = server.post_raw(sample("req_GetMeeting.xml")).await;
    assert_eq!(got.outcome(), "FAILURE 060001", "{}", got.text);
    assert_eq!(
        got.first("serv:reason").as_deref(),
        Some("Corresponding Meeting not found")
    );
    assert!(
        got.text
            .contains("<serv:body><serv:bodyContent/></serv:body>"),
        "{}",
        got.text
    );

    let mine = server
        .post_raw(sample("req_GetMeeting.xml").replace("123456789", &key))
        .await;
    assert_eq!(mine.outcome(), "SUCCESS", "{}", mine.text);
    assert_eq!(
        mine.first("meet:startDate").as_deref(),
        Some("01/20/2026 09:05:00")
    );
    assert_eq!(mine.first("meet:timeZoneID").as_deref(), Some("4"));
    assert_eq!(
        mine.first("meet:confName").as_deref(),
        Some("Sample Meeting")
    );

    let list = server
        .post_raw(sample("req_LstsummarySession.xml").replace("{{_SESSION_TICKET}}", &ticket))
        .await;
    assert_eq!(list.outcome(), "SUCCESS", "{}", list.text);
    assert_eq!(list.all("ep:sessionKey"), vec![key.clone()]);

    let stale = server
        .post_raw(
            sample("req_LstsummarySession.xml").replace("{{_SESSION_TICKET}}", "not-a-ticket"),
        )
        .await;
    assert_eq!(stale.outcome(), "FAILURE 030047", "{}", stale.text);
    server.running.shutdown().await;
}
