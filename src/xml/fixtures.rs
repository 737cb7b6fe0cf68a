//! Realistic Webex documents shared by the module's tests.

/// A GetMeeting success response as captured from a real server (trimmed), one line.
pub const GET_MEETING: &str = r#"<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:com="http://www.webex.com/schemas/2002/06/common" xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting" xmlns:att="http://www.webex.com/schemas/2002/06/service/attendee"><serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header><serv:body><serv:bodyContent xsi:type="meet:getMeetingResponse" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><meet:accessControl><meet:listToPublic>false</meet:listToPublic><meet:isPublic>false</meet:isPublic><meet:meetingPassword>123456</meet:meetingPassword></meet:accessControl><meet:metaData><meet:confName>Test-Meeting via XML API</meet:confName><meet:meetingType>74377</meet:meetingType><meet:agenda>Meeting Agenda</meet:agenda><meet:invitation></meet:invitation></meet:metaData><meet:schedule><meet:startDate>07/20/2016 15:30:00</meet:startDate><meet:timeZoneID>25</meet:timeZoneID><meet:timeZone>GMT+01:00, Europe (Berlin)</meet:timeZone><meet:duration>30</meet:duration></meet:schedule><meet:repeat><meet:repeatType>NO_REPEAT</meet:repeatType></meet:repeat><meet:meetingkey>123456789</meet:meetingkey><meet:status>NOT_INPROGRESS</meet:status><meet:hostJoined>false</meet:hostJoined></serv:bodyContent></serv:body></serv:message>"#;

/// The same document, pretty-printed with other prefixes, declarations moved inwards,
/// CRLF line ends and attributes in another order.
pub const GET_MEETING_RESTYLED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n\
<s:message xmlns:s=\"http://www.webex.com/schemas/2002/06/service\">\r\n\
  <s:header>\r\n\
    <s:response>\r\n\
      <s:result>SUCCESS</s:result>\r\n\
      <s:gsbStatus>PRIMARY</s:gsbStatus>\r\n\
    </s:response>\r\n\
  </s:header>\r\n\
  <s:body>\r\n\
    <s:bodyContent xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:m=\"http://www.webex.com/schemas/2002/06/service/meeting\" i:type=\"m:getMeetingResponse\">\r\n\
      <m:accessControl>\r\n\
        <m:listToPublic>false</m:listToPublic>\r\n\
        <m:isPublic>false</m:isPublic>\r\n\
        <m:meetingPassword>123456</m:meetingPassword>\r\n\
      </m:accessControl>\r\n\
      <m:metaData>\r\n\
        <m:confName>Test-Meeting via XML API</m:confName>\r\n\
        <m:meetingType>74377</m:meetingType>\r\n\
        <m:agenda>Meeting Agenda</m:agenda>\r\n\
        <m:invitation/>\r\n\
      </m:metaData>\r\n\
      <m:schedule>\r\n\
        <m:startDate>07/20/2016 15:30:00</m:startDate>\r\n\
        <m:timeZoneID>25</m:timeZoneID>\r\n\
        <m:timeZone>GMT+01:00, Europe (Berlin)</m:timeZone>\r\n\
        <m:duration>30</m:duration>\r\n\
      </m:schedule>\r\n\
      <m:repeat><m:repeatType>NO_REPEAT</m:repeatType></m:repeat>\r\n\
      <m:meetingkey>123456789</m:meetingkey>\r\n\
      <m:status>NOT_INPROGRESS</m:status>\r\n\
      <m:hostJoined>false</m:hostJoined>\r\n\
    </s:bodyContent>\r\n\
  </s:body>\r\n\
</s:message>\r\n";

/// One `ep:session` of a LstsummarySession response.
pub fn session(key: &str, name: &str, is_exception: bool) -> String {
    format!(
        "<ep:session><ep:sessionKey>{key}</ep:sessionKey><ep:confName>{name}</ep:confName>\
<ep:sessionType>3</ep:sessionType><ep:serviceType>MeetingCenter</ep:serviceType>\
<ep:hostWebExID>host1</ep:hostWebExID><ep:timeZoneID>4</ep:timeZoneID>\
<ep:startTime>06/09/2025 09:00:00</ep:startTime><ep:duration>30</ep:duration>\
<ep:listStatus>PUBLIC</ep:listStatus><ep:confID>{key}0</ep:confID>\
<ep:isRecurring>true</ep:isRecurring><ep:isException>{is_exception}</ep:isException></ep:session>"
    )
}

/// A LstsummarySession response holding the given sessions.
pub fn lstsummary_session(sessions: &[String]) -> String {
    format!(
        "<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\" \
xmlns:com=\"http://www.webex.com/schemas/2002/06/common\" \
xmlns:ep=\"http://www.webex.com/schemas/2002/06/service/ep\" \
xmlns:meet=\"http://www.webex.com/schemas/2002/06/service/meeting\">\
<serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header>\
<serv:body><serv:bodyContent xsi:type=\"ep:lstsummarySessionResponse\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<ep:matchingRecords><serv:total>{n}</serv:total><serv:returned>{n}</serv:returned><serv:startFrom>1</serv:startFrom></ep:matchingRecords>\
{body}</serv:bodyContent></serv:body></serv:message>",
        n = sessions.len(),
        body = sessions.concat()
    )
}

/// Four sessions of a weekly series, the third an exception.
pub fn weekly_series() -> Vec<String> {
    vec![
        session("1001", "Weekly team review", false),
        session("1002", "Weekly team review", false),
        session("1003", "Weekly team review (moved)", true),
        session("1004", "Weekly team review", false),
    ]
}
