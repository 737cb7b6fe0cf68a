//! Whole SP11 flows over real HTTP: series, exceptions, lists, GetSessionInfo,
//! occurrence and series deletion, deactivated hosts, CMR licences, Personal
//! Rooms, CPAC tickets, the SP10 release, and protocol leniency.

#[path = "reference_support/mod.rs"]
mod support;

use support::*;
use wbxconf::reference::Release;

const SCOPE: &str = "<dateScope><startDateStart>01/01/2026 00:00:00</startDateStart><startDateEnd>03/01/2026 00:00:00</startDateEnd><timeZoneID>4</timeZoneID></dateScope>";

fn list_body(recurrence: bool, invited: bool) -> String {
    format!("<listControl><startFrom>1</startFrom><maximumNum>50</maximumNum></listControl>{SCOPE}<recurrence>{recurrence}</recurrence><invited>{invited}</invited>")
}

#[tokio::test]
async fn sp11_series_exception_lists_and_deletions() {
    let s = start(config(Release::Sp11, None)).await;
    let site = "cmr";
    s.create_user(site, "hosta", "<timeZoneID>4</timeZoneID>")
        .await;
    let b = s.create_user(site, "hostb", "").await;
    let c = s.create_user(site, "userc", "").await;
    let a = user_sec(site, "hosta");

    // A weekly series of five Mondays, 09:00 Pacific, B as alternate host, C invited.
    let created = s
        .expect(
            &a,
            "CreateMeeting",
            &format!(
                "<metaData><confName>Weekly</confName></metaData><participants><attendees><attendee><person><name>B</name><email>{b}</email></person><role>HOST</role></attendee><attendee><person><name>C</name><email>{c}</email></person></attendee></attendees></participants><schedule><startDate>01/12/2026 09:00:00</startDate><timeZoneID>4</timeZoneID><duration>30</duration></schedule><repeat><repeatType>WEEKLY</repeatType><dayInWeek><day>MONDAY</day></dayInWeek><afterMeetingNumber>5</afterMeetingNumber></repeat>"
            ),
            "SUCCESS",
        )
        .await;
    let series = created.first("meet:meetingkey").unwrap();

    let listed = s
        .expect(&a, "LstsummarySession", &list_body(true, false), "SUCCESS")
        .await;
    let sessions = listed.sessions();
    assert_eq!(sessions.len(), 5, "{}", listed.text);
    assert_eq!(listed.first("serv:total").as_deref(), Some("5"));
    let rids: Vec<String> = sessions
        .iter()
        .map(|x| x.first("ep:recurrenceId").unwrap())
        .collect();
    assert_eq!(
        sessions[0].first("ep:startTime").as_deref(),
        Some("01/12/2026 09:00:00")
    );
    assert_eq!(
        rids[0], "1768237200000",
        "09:00 PST on 2026-01-12 in epoch ms"
    );
    let flags: Vec<String> = sessions
        .iter()
        .map(|x| x.first("ep:isNextUpcomingInstance").unwrap())
        .collect();
    assert_eq!(flags, vec!["true", "false", "false", "false", "false"]);
    assert!(sessions
        .iter()
        .all(|x| x.first("ep:sessionKey").as_deref() == Some(series.as_str())));
    assert!(sessions
        .iter()
        .all(|x| x.first("ep:seriesMeetingKey").as_deref() == Some("0")));

    // An exception moves the second occurrence and drops C.
    let exc = s
        .expect(
            &a,
            "CreateMeeting",
            &format!(
                "<metaData><confName>Moved</confName></metaData><participants><attendees><attendee><person><name>B</name><email>{b}</email></person><role>HOST</role></attendee></attendees></participants><schedule><startDate>01/20/2026 10:00:00</startDate><timeZoneID>4</timeZoneID><duration>45</duration></schedule><repeat><repeatType>NO_REPEAT</repeatType><isException>true</isException><seriesMeetingKey>{series}</seriesMeetingKey><recurrenceKey>{}</recurrenceKey></repeat>",
                rids[1]
            ),
            "SUCCESS",
        )
        .await;
    let exc_key = exc.first("meet:meetingkey").unwrap();
    assert_ne!(exc_key, series);
    s.expect(
        &a,
        "CreateMeeting",
        &format!("<repeat><isException>true</isException><seriesMeetingKey>{series}</seriesMeetingKey><recurrenceKey>{}</recurrenceKey></repeat>", rids[1]),
        "FAILURE 990006",
    )
    .await;
    s.expect(
        &a,
        "CreateMeeting",
        &format!("<repeat><isException>true</isException><seriesMeetingKey>{series}</seriesMeetingKey><recurrenceKey>12345</recurrenceKey></repeat>"),
        "FAILURE 990007",
    )
    .await;

    let listed = s
        .expect(&a, "LstsummarySession", &list_body(true, false), "SUCCESS")
        .await;
    let sessions = listed.sessions();
    assert_eq!(sessions.len(), 5);
    let e = &sessions[1];
    assert_eq!(e.first("ep:sessionKey"), Some(exc_key.clone()));
    assert_eq!(e.first("ep:isException").as_deref(), Some("true"));
    assert_eq!(e.first("ep:seriesMeetingKey"), Some(series.clone()));
    assert_eq!(e.first("ep:recurrenceId"), Some(rids[1].clone()));
    assert_eq!(
        e.first("ep:startTime").as_deref(),
        Some("01/20/2026 10:00:00")
    );
    assert_eq!(e.first("ep:confName").as_deref(), Some("Moved"));

    let folded = s
        .expect(&a, "LstsummarySession", &list_body(false, false), "SUCCESS")
        .await;
    assert_eq!(folded.all("ep:sessionKey"), vec![series.clone()]);
    for tag in [
        "ep:isException",
        "ep:isNextUpcomingInstance",
        "ep:seriesMeetingKey",
        "ep:recurrenceId",
    ] {
        assert!(
            !folded.has(tag),
            "{tag} without recurrence: {}",
            folded.text
        );
    }

    // GetSessionInfo per occurrence.
    let info = s
        .expect(
            &a,
            "GetSessionInfo",
            &format!(
                "<sessionKey>{series}</sessionKey><recurrenceKey>{}</recurrenceKey>",
                rids[1]
            ),
            "SUCCESS",
        )
        .await;
    assert_eq!(info.first("ep:sessionkey"), Some(exc_key.clone()));
    assert_eq!(info.first("ep:isException").as_deref(), Some("true"));
    assert_eq!(info.first("ep:seriesMeetingKey"), Some(series.clone()));
    assert_eq!(info.first("ep:hasException").as_deref(), Some("true"));
    let info = s
        .expect(
            &a,
            "GetSessionInfo",
            &format!(
                "<sessionKey>{series}</sessionKey><recurrenceKey>{}</recurrenceKey>",
                rids[2]
            ),
            "SUCCESS",
        )
        .await;
    assert_eq!(info.first("ep:sessionkey"), Some(series.clone()));
    assert_eq!(
        info.first("ep:startDate").as_deref(),
        Some("01/26/2026 09:00:00")
    );
    assert_eq!(info.first("ep:isException").as_deref(), Some("false"));

    let got = s
        .expect(
            &a,
            "GetMeeting",
            &format!("<meetingKey>{exc_key}</meetingKey>"),
            "SUCCESS",
        )
        .await;
    assert_eq!(got.first("meet:isException").as_deref(), Some("true"));
    assert_eq!(got.first("meet:seriesMeetingKey"), Some(series.clone()));

    // Visibility: B as alternate host; C only with invited.
    let bs = user_sec(site, "hostb");
    assert_eq!(
        s.expect(&bs, "LstsummarySession", &list_body(true, false), "SUCCESS")
            .await
            .sessions()
            .len(),
        5
    );
    let cs = user_sec(site, "userc");
    s.expect(
        &cs,
        "LstsummarySession",
        &list_body(true, false),
        "FAILURE 000015",
    )
    .await;
    assert_eq!(
        s.expect(&cs, "LstsummarySession", &list_body(true, true), "SUCCESS")
            .await
            .sessions()
            .len(),
        4,
        "C is not in the exception"
    );

    // Remove the third occurrence: it stays removed.
    s.expect(
        &a,
        "DelMeeting",
        &format!(
            "<meetingKey>{series}</meetingKey><recurrenceKey>{}</recurrenceKey>",
            rids[2]
        ),
        "SUCCESS",
    )
    .await;
    let after = s
        .expect(&a, "LstsummarySession", &list_body(true, false), "SUCCESS")
        .await;
    assert_eq!(after.sessions().len(), 4);
    assert!(!after.all("ep:recurrenceId").contains(&rids[2]));
    s.expect(
        &a,
        "GetSessionInfo",
        &format!(
            "<sessionKey>{series}</sessionKey><recurrenceKey>{}</recurrenceKey>",
            rids[2]
        ),
        "FAILURE 990007",
    )
    .await;
    s.expect(
        &a,
        "DelMeeting",
        &format!(
            "<meetingKey>{series}</meetingKey><recurrenceKey>{}</recurrenceKey>",
            rids[2]
        ),
        "FAILURE 990007",
    )
    .await;

    // Deactivating host A hides the series from everyone; reactivation brings it back.
    s.expect(
        &admin(site),
        "SetUser",
        "<webExId>hosta</webExId><active>DEACTIVATED</active>",
        "SUCCESS",
    )
    .await;
    s.expect(
        &bs,
        "LstsummarySession",
        &list_body(true, false),
        "FAILURE 000015",
    )
    .await;
    s.expect(
        &admin(site),
        "LstsummarySession",
        &list_body(false, false),
        "FAILURE 000015",
    )
    .await;
    s.expect(
        &a,
        "LstsummarySession",
        &list_body(false, false),
        "FAILURE 990008",
    )
    .await;
    s.expect(
        &admin(site),
        "SetUser",
        "<webExId>hosta</webExId><active>ACTIVATED</active>",
        "SUCCESS",
    )
    .await;
    assert_eq!(
        s.expect(&bs, "LstsummarySession", &list_body(true, false), "SUCCESS")
            .await
            .sessions()
            .len(),
        4
    );

    // Deleting the series deletes its exception too.
    s.expect(
        &a,
        "DelSession",
        &format!("<sessionKey>{series}</sessionKey>"),
        "SUCCESS",
    )
    .await;
    s.expect(
        &a,
        "LstsummarySession",
        &list_body(true, false),
        "FAILURE 000015",
    )
    .await;
    s.expect(
        &a,
        "GetMeeting",
        &format!("<meetingKey>{exc_key}</meetingKey>"),
        "FAILURE 060001",
    )
    .await;
    s.running.shutdown().await;
}

#[tokio::test]
async fn scheduling_on_behalf_follows_the_host() {
    let s = start(config(Release::Sp11, None)).await;
    let site = "cmr";
    s.create_user(site, "sched", "").await;
    s.create_user(
        site,
        "boss",
        "<schedulingPermission>sched</schedulingPermission>",
    )
    .await;
    s.create_user(site, "nobody", "").await;
    let body = "<metaData><confName>For boss</confName></metaData><schedule><startDate>01/14/2026 09:00:00</startDate><hostWebExID>boss</hostWebExID></schedule>";
    s.expect(
        &user_sec(site, "nobody"),
        "CreateMeeting",
        body,
        "FAILURE 060021",
    )
    .await;
    s.expect(
        &user_sec(site, "nobody"),
        "CreateMeeting",
        &body.replace("boss", "ghost"),
        "FAILURE 060019",
    )
    .await;
    let key = s
        .expect(&user_sec(site, "sched"), "CreateMeeting", body, "SUCCESS")
        .await
        .first("meet:meetingkey")
        .unwrap();
    let got = s
        .expect(
            &user_sec(site, "boss"),
            "GetMeeting",
            &format!("<meetingKey>{key}</meetingKey>"),
            "SUCCESS",
        )
        .await;
    assert_eq!(got.first("meet:hostWebExID").as_deref(), Some("boss"));
    // Deactivating the scheduler leaves it listed; deactivating the host hides it.
    let list = list_body(false, false);
    s.expect(
        &admin(site),
        "SetUser",
        "<webExId>sched</webExId><active>DEACTIVATED</active>",
        "SUCCESS",
    )
    .await;
    assert_eq!(
        s.expect(&admin(site), "LstsummarySession", &list, "SUCCESS")
            .await
            .all("ep:sessionKey"),
        vec![key]
    );
    s.expect(
        &admin(site),
        "SetUser",
        "<webExId>boss</webExId><active>DEACTIVATED</active>",
        "SUCCESS",
    )
    .await;
    s.expect(&admin(site), "LstsummarySession", &list, "FAILURE 000015")
        .await;
    s.running.shutdown().await;
}

#[tokio::test]
async fn cmr_licences_and_personal_rooms() {
    let s = start(config(Release::Sp11, None)).await;
    let cet = "<privilege><isEnableCET>true</isEnableCET></privilege>";
    s.create_user("onelicence", "first", cet).await;
    let second = "<webExId>second</webExId><email>second@example.test</email><password>Pw-second!</password><privilege><isEnableCET>true</isEnableCET></privilege>";
    s.expect(&admin("onelicence"), "CreateUser", second, "FAILURE 990002")
        .await;
    s.expect(
        &admin("onelicence"),
        "GetUser",
        "<webExId>second</webExId>",
        "FAILURE 030001",
    )
    .await;
    s.expect(
        &admin("onelicence"),
        "SetUser",
        "<webExId>first</webExId><privilege><isEnableCET>false</isEnableCET></privilege>",
        "SUCCESS",
    )
    .await;
    s.expect(&admin("onelicence"), "CreateUser", second, "SUCCESS")
        .await;
    s.expect(
        &admin("onelicence"),
        "SetUser",
        "<webExId>first</webExId><privilege><isEnableCET>true</isEnableCET></privilege>",
        "FAILURE 990002",
    )
    .await;
    s.expect(
        &admin("onelicence"),
        "DelUser",
        "<webExId>second</webExId>",
        "SUCCESS",
    )
    .await;
    let second_now = s
        .expect(
            &admin("onelicence"),
            "GetUser",
            "<webExId>second</webExId>",
            "SUCCESS",
        )
        .await;
    assert_eq!(
        second_now.first("use:active").as_deref(),
        Some("DEACTIVATED")
    );
    assert_eq!(
        second_now.first("use:isEnableCET").as_deref(),
        Some("false")
    );
    s.expect(
        &admin("onelicence"),
        "SetUser",
        "<webExId>first</webExId><privilege><isEnableCET>true</isEnableCET></privilege>",
        "SUCCESS",
    )
    .await;

    s.expect(&admin("nocmr"), "CreateUser", "<webExId>n1</webExId><email>n1@example.test</email><password>Pw-n1!</password><privilege><isEnableCET>true</isEnableCET></privilege>", "FAILURE 990001").await;
    s.create_user(
        "nocmr",
        "n2",
        "<privilege><isEnablePMR>true</isEnablePMR></privilege>",
    )
    .await;
    let n2 = s
        .expect(
            &admin("nocmr"),
            "GetUser",
            "<webExId>n2</webExId>",
            "SUCCESS",
        )
        .await;
    assert_eq!(n2.first("use:isEnablePMR").as_deref(), Some("false"));
    assert!(
        !n2.has("use:personalUrl") && !n2.has("use:applyPMRForInstantMeeting"),
        "{}",
        n2.text
    );
    s.expect(
        &admin("nocmr"),
        "SetUser",
        "<webExId>n2</webExId><personalUrl>mine</personalUrl>",
        "FAILURE 990003",
    )
    .await;

    // A Personal Room on a CMR site.
    s.create_user(
        "cmr",
        "pr1",
        "<privilege><isEnablePMR>true</isEnablePMR></privilege>",
    )
    .await;
    let u = s
        .expect(
            &admin("cmr"),
            "GetUser",
            "<webExId>pr1</webExId>",
            "SUCCESS",
        )
        .await;
    assert_eq!(u.first("use:isEnablePMR").as_deref(), Some("true"));
    assert_eq!(
        u.first("use:applyPMRForInstantMeeting").as_deref(),
        Some("true"),
        "site default"
    );
    assert!(
        u.first("use:personalUrl")
            .is_some_and(|p| p.starts_with("pr")),
        "{}",
        u.text
    );
    let room = u.first("use:meetingKey").expect("personal room key");
    s.expect(
        &admin("cmr"),
        "GetMeeting",
        &format!("<meetingKey>{room}</meetingKey>"),
        "SUCCESS",
    )
    .await;
    s.expect(&admin("cmr"), "SetUser", "<webExId>pr1</webExId><personalUrl>room.pr1</personalUrl><personalMeetingRoom><hostPIN>4321</hostPIN><applyPMRForInstantMeeting>false</applyPMRForInstantMeeting></personalMeetingRoom>", "SUCCESS").await;
    let u = s
        .expect(
            &admin("cmr"),
            "GetUser",
            "<webExId>pr1</webExId>",
            "SUCCESS",
        )
        .await;
    assert_eq!(u.first("use:personalUrl").as_deref(), Some("room.pr1"));
    assert_eq!(u.first("use:hostPIN").as_deref(), Some("4321"));
    assert_eq!(
        u.first("use:applyPMRForInstantMeeting").as_deref(),
        Some("false")
    );
    s.create_user(
        "cmr",
        "pr2",
        "<privilege><isEnablePMR>true</isEnablePMR></privilege>",
    )
    .await;
    s.expect(
        &admin("cmr"),
        "SetUser",
        "<webExId>pr2</webExId><personalUrl>room.pr1</personalUrl>",
        "FAILURE 990010",
    )
    .await;
    s.expect(
        &admin("cmr"),
        "DelUser",
        "<webExId>pr1</webExId>",
        "SUCCESS",
    )
    .await;
    s.expect(
        &admin("cmr"),
        "GetMeeting",
        &format!("<meetingKey>{room}</meetingKey>"),
        "FAILURE 060001",
    )
    .await;
    // Provisioning needs an administrator.
    s.expect(
        &user_sec("cmr", "pr2"),
        "GetUser",
        "<webExId>pr2</webExId>",
        "SUCCESS",
    )
    .await;
    s.expect(
        &user_sec("cmr", "pr2"),
        "CreateUser",
        "<webExId>x</webExId><email>x@x.test</email><password>p</password>",
        "FAILURE 000001",
    )
    .await;
    s.expect(
        &admin("cmr"),
        "CreateUser",
        "<webExId>PR2</webExId><email>new@x.test</email><password>p</password>",
        "FAILURE 030004",
    )
    .await;
    s.expect(
        &admin("cmr"),
        "CreateUser",
        "<webExId>pr3</webExId><email>pr2@example.test</email><password>p</password>",
        "FAILURE 030005",
    )
    .await;
    s.running.shutdown().await;
}

#[tokio::test]
async fn cpac_partner_tickets_are_scoped_to_one_site() {
    let s = start(config(Release::Sp11, None)).await;
    let partner = "<siteName>cpachub</siteName><webExID>cpacpartner</webExID><password>Cp4c-partner!</password><partnerID>PID-CPAC-0001</partnerID>";
    let sites = s.expect(partner, "LstMicroSites", "", "SUCCESS").await;
    assert_eq!(sites.all("ns1:siteName"), vec!["micro-a", "micro-b"]);
    assert!(sites
        .text
        .contains("xsi:type=\"ns1:lstMicroSitesResponse\""));
    s.expect(
        &partner.replace("Cp4c-partner!", "wrong"),
        "LstMicroSites",
        "",
        "FAILURE 030002",
    )
    .await;
    s.expect(
        &partner.replace("PID-CPAC-0001", "PID-CPAC-0002"),
        "LstMicroSites",
        "",
        "FAILURE 030002",
    )
    .await;
    s.expect(
        partner,
        "GetSiteAdminSessionTicket",
        "<siteName>outsider</siteName>",
        "FAILURE 990004",
    )
    .await;
    s.expect(&admin("micro-a"), "LstMicroSites", "", "FAILURE 000001")
        .await;
    let t = s
        .expect(
            partner,
            "GetSiteAdminSessionTicket",
            "<siteName>micro-a</siteName>",
            "SUCCESS",
        )
        .await;
    let ticket = t.first("use:sessionTicket").unwrap();
    let on_a = ticket_sec("micro-a", "cpacpartner", &ticket);
    s.expect(
        &on_a,
        "CreateUser",
        "<webExId>pa</webExId><email>pa@x.test</email><password>Pw-pa!</password>",
        "SUCCESS",
    )
    .await;
    s.expect(&on_a, "GetUser", "<webExId>pa</webExId>", "SUCCESS")
        .await;
    s.expect(
        &on_a,
        "SetUser",
        "<webExId>pa</webExId><firstName>P</firstName>",
        "SUCCESS",
    )
    .await;
    s.expect(&on_a, "LstsummaryUser", "", "SUCCESS").await;
    s.expect(
        &on_a,
        "CreateMeeting",
        "<metaData><confName>no</confName></metaData>",
        "FAILURE 000001",
    )
    .await;
    s.expect(&on_a, "DelUser", "<webExId>pa</webExId>", "SUCCESS")
        .await;
    s.expect(
        &ticket_sec("micro-b", "cpacpartner", &ticket),
        "GetUser",
        "<webExId>admin</webExId>",
        "FAILURE 030047",
    )
    .await;
    s.expect(
        &ticket_sec("micro-a", "admin", &ticket),
        "GetUser",
        "<webExId>admin</webExId>",
        "FAILURE 030047",
    )
    .await;
    s.running.shutdown().await;
}

#[tokio::test]
async fn sp10_switches_the_sp11_additions_off() {
    let s = start(config(Release::Sp10, None)).await;
    let v = s
        .expect(&admin("cmr"), "GetAPIVersion", "", "SUCCESS")
        .await;
    assert_eq!(v.first("ep:release").as_deref(), Some("SP10"));
    let partner = "<siteName>cpachub</siteName><webExID>cpacpartner</webExID><password>Cp4c-partner!</password><partnerID>PID-CPAC-0001</partnerID>";
    s.expect(partner, "LstMicroSites", "", "FAILURE 990009")
        .await;
    s.expect(
        partner,
        "GetSiteAdminSessionTicket",
        "<siteName>micro-a</siteName>",
        "FAILURE 990009",
    )
    .await;
    s.expect(&admin("cmr"), "LstCalendarSession", SCOPE, "FAILURE 990009")
        .await;
    // CMR flags are plain flags: no licence accounting, no Personal Room.
    s.create_user(
        "onelicence",
        "f1",
        "<privilege><isEnableCET>true</isEnableCET></privilege>",
    )
    .await;
    s.create_user("onelicence", "f2", "<privilege><isEnableCET>true</isEnableCET><isEnablePMR>true</isEnablePMR></privilege><personalUrl>f2room</personalUrl>").await;
    let f2 = s
        .expect(
            &admin("onelicence"),
            "GetUser",
            "<webExId>f2</webExId>",
            "SUCCESS",
        )
        .await;
    assert_eq!(f2.first("use:isEnablePMR").as_deref(), Some("true"));
    assert!(!f2.has("use:personalMeetingRoom"), "{}", f2.text);
    // Lists carry no SP11 elements; deactivated hosts stay listed.
    s.create_user("cmr", "h", "").await;
    s.expect(&user_sec("cmr", "h"), "CreateMeeting", "<schedule><startDate>01/14/2026 09:00:00</startDate><timeZoneID>4</timeZoneID></schedule><repeat><repeatType>DAILY</repeatType><afterMeetingNumber>3</afterMeetingNumber></repeat>", "SUCCESS").await;
    let l = s
        .expect(
            &user_sec("cmr", "h"),
            "LstsummarySession",
            &list_body(true, false),
            "SUCCESS",
        )
        .await;
    assert_eq!(l.sessions().len(), 3);
    assert!(
        !l.has("ep:recurrenceId") && !l.has("ep:isException"),
        "{}",
        l.text
    );
    s.expect(
        &admin("cmr"),
        "SetUser",
        "<webExId>h</webExId><active>DEACTIVATED</active>",
        "SUCCESS",
    )
    .await;
    assert_eq!(
        s.expect(
            &admin("cmr"),
            "LstsummarySession",
            &list_body(true, false),
            "SUCCESS"
        )
        .await
        .sessions()
        .len(),
        3
    );
    s.running.shutdown().await;
}

#[tokio::test]
async fn lenient_requests_and_unreadable_ones() {
    let s = start(config(Release::Sp11, None)).await;
    for bad in [
        "",
        "<not xml",
        "<serv:message><body></body></serv:message>",
        "<a>&lol;</a>",
    ] {
        let a = s.post_raw(bad.to_string()).await;
        assert_eq!(
            (a.status, a.outcome()),
            (200, "FAILURE 000000".to_string()),
            "{bad:?}: {}",
            a.text
        );
    }
    let big = format!(
        "<serv:message>{}</serv:message>",
        " ".repeat(5 * 1024 * 1024)
    );
    assert_eq!(s.post_raw(big).await.outcome(), "FAILURE 000000");

    // meet:-style type, unprefixed root, Latin-1, upper-case booleans, unpadded dates.
    let latin1: Vec<u8> = [
        &b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><message><header><securityContext><siteName>cmr</siteName><webExID>admin</webExID><password>Adm1n-cmr!</password></securityContext></header><body><bodyContent xsi:type=\"meet:createMeeting\"><metaData><confName>Caf\xe9</confName></metaData><schedule><startDate>1/7/2026 9:5:0</startDate></schedule><attendeeOptions><emailInvitations>FALSE</emailInvitations></attendeeOptions></bodyContent></body></message>"[..],
    ]
    .concat();
    let a = s.post_raw(latin1).await;
    assert_eq!(a.outcome(), "SUCCESS", "{}", a.text);
    let key = a.first("meet:meetingkey").unwrap();

    // Several bodies in one message, answered in order.
    let two = envelope(
        &admin("cmr"),
        &[
            ("GetMeeting", &format!("<meetingKey>{key}</meetingKey>")),
            ("GetMeeting", "<meetingKey>1</meetingKey>"),
            ("Frobnicate", ""),
        ],
    );
    let a = s.post_raw(two).await;
    assert_eq!(a.all("serv:result"), vec!["SUCCESS", "FAILURE", "FAILURE"]);
    assert_eq!(a.all("serv:exceptionID"), vec!["060001", "990009"]);
    assert_eq!(a.first("meet:confName").as_deref(), Some("Café"));
    assert_eq!(
        a.first("meet:startDate").as_deref(),
        Some("01/07/2026 09:05:00")
    );

    let bad_values = s
        .call(
            &admin("cmr"),
            "CreateMeeting",
            "<schedule><startDate>someday</startDate><duration>long</duration></schedule>",
        )
        .await;
    assert_eq!(bad_values.outcome(), "FAILURE 990010");
    let reason = bad_values.first("serv:reason").unwrap();
    assert!(
        reason.contains("schedule/startDate") && reason.contains("schedule/duration"),
        "{reason}"
    );

    s.expect(
        &sec("cmr", "admin", "wrong"),
        "GetUser",
        "<webExId>admin</webExId>",
        "FAILURE 030002",
    )
    .await;
    s.expect(
        &sec("cmr", "ghost", "x"),
        "GetUser",
        "<webExId>admin</webExId>",
        "FAILURE 030002",
    )
    .await;
    s.running.shutdown().await;
}

#[tokio::test]
async fn attendee_apis_change_one_meetings_list() {
    let s = start(config(Release::Sp11, None)).await;
    s.create_user("cmr", "att", "").await;
    let a = user_sec("cmr", "att");
    let key = s
        .expect(
            &a,
            "CreateMeeting",
            "<schedule><startDate>01/15/2026 09:00:00</startDate></schedule>",
            "SUCCESS",
        )
        .await
        .first("meet:meetingkey")
        .unwrap();
    s.expect(
        &a,
        "LstMeetingAttendee",
        &format!("<meetingKey>{key}</meetingKey>"),
        "FAILURE 000015",
    )
    .await;
    let added = s
        .expect(
            &a,
            "CreateMeetingAttendee",
            &format!("<person><name>Pat</name><email>pat@x.test</email></person><role>ATTENDEE</role><sessionKey>{key}</sessionKey><attendees><person><name>Quinn</name><email>quinn@x.test</email></person><sessionKey>{key}</sessionKey></attendees>"),
            "SUCCESS",
        )
        .await;
    let ids = added.all("att:attendeeId");
    assert_eq!(ids.len(), 2, "{}", added.text);
    let reg = s
        .expect(&a, "RegisterMeetingAttendee", &format!("<attendees><person><name>Rae</name><email>rae@x.test</email></person><sessionKey>{key}</sessionKey></attendees>"), "SUCCESS")
        .await;
    assert!(reg.first("att:attendeeID").is_some(), "{}", reg.text);
    let listed = s
        .expect(
            &a,
            "LstMeetingAttendee",
            &format!("<meetingKey>{key}</meetingKey>"),
            "SUCCESS",
        )
        .await;
    assert_eq!(
        listed.all("com:email"),
        vec!["pat@x.test", "quinn@x.test", "rae@x.test"]
    );
    assert_eq!(listed.first("serv:total").as_deref(), Some("3"));
    s.expect(
        &a,
        "DelMeetingAttendee",
        &format!("<attendeeID>{}</attendeeID>", ids[0]),
        "SUCCESS",
    )
    .await;
    s.expect(&a, "DelMeetingAttendee", &format!("<attendeeEmail><email>rae@x.test</email><sessionKey>{key}</sessionKey></attendeeEmail>"), "SUCCESS").await;
    let listed = s
        .expect(
            &a,
            "LstMeetingAttendee",
            &format!("<meetingKey>{key}</meetingKey>"),
            "SUCCESS",
        )
        .await;
    assert_eq!(listed.all("com:email"), vec!["quinn@x.test"]);
    s.expect(
        &a,
        "DelMeetingAttendee",
        &format!("<attendeeID>{}</attendeeID>", ids[0]),
        "FAILURE 000015",
    )
    .await;
    s.create_user("cmr", "stranger", "").await;
    s.expect(
        &user_sec("cmr", "stranger"),
        "CreateMeetingAttendee",
        &format!("<person><email>s@x.test</email></person><sessionKey>{key}</sessionKey>"),
        "FAILURE 000001",
    )
    .await;
    s.running.shutdown().await;
}

#[tokio::test]
async fn tickets_headers_and_namespaces() {
    let mut cfg = config(Release::Sp11, None);
    cfg.switches = wbxconf::reference::Switches::parse("header-timing-elements").unwrap();
    let s = start(cfg).await;
    s.create_user("cmr", "tk", "").await;
    let auth = s
        .expect(&user_sec("cmr", "tk"), "AuthenticateUser", "", "SUCCESS")
        .await;
    assert!(
        auth.has("serv:respTime") && auth.has("serv:caseID"),
        "{}",
        auth.text
    );
    let ticket = auth.first("use:sessionTicket").unwrap();
    s.expect(
        &ticket_sec("cmr", "tk", &ticket),
        "GetUser",
        "<webExId>tk</webExId>",
        "SUCCESS",
    )
    .await;
    s.expect(
        &ticket_sec("nocmr", "tk", &ticket),
        "GetUser",
        "<webExId>tk</webExId>",
        "FAILURE 030047",
    )
    .await;
    s.expect(
        &admin("cmr"),
        "SetUser",
        "<webExId>tk</webExId><active>DEACTIVATED</active>",
        "SUCCESS",
    )
    .await;
    s.expect(
        &ticket_sec("cmr", "tk", &ticket),
        "GetUser",
        "<webExId>tk</webExId>",
        "FAILURE 990008",
    )
    .await;
    s.expect(
        &user_sec("cmr", "tk"),
        "AuthenticateUser",
        "",
        "FAILURE 990008",
    )
    .await;

    // An undeclared serv: prefix and serv:-prefixed listControl children are read.
    let raw = "<serv:message><serv:header><serv:securityContext><siteName>cmr</siteName><webExID>admin</webExID><password>Adm1n-cmr!</password></serv:securityContext></serv:header><serv:body><serv:bodyContent xsi:type=\"java:com.webex.service.binding.user.LstsummaryUser\"><listControl><serv:startFrom>1</serv:startFrom><serv:maximumNum>1</serv:maximumNum></listControl></serv:bodyContent></serv:body></serv:message>";
    let a = s.post_raw(raw.to_string()).await;
    assert_eq!(a.outcome(), "SUCCESS", "{}", a.text);
    assert_eq!(a.first("serv:returned").as_deref(), Some("1"));
    assert!(a.text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\" xmlns:com=\"http://www.webex.com/schemas/2002/06/common\" xmlns:use=\"http://www.webex.com/schemas/2002/06/service/user\">"), "{}", a.text);
    s.running.shutdown().await;
}
