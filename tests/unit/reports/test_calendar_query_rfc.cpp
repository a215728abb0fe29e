// calendar-query REPORT (RFC 4791 7.8) with the examples of 7.8.1-7.8.9 on the Appendix B data.
#include "unit/reports/reports_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

const std::string kEventsJan4 = time_range_filter("VEVENT", "20060104T000000Z", "20060105T000000Z");
const std::string kEventsJan3To5 = time_range_filter("VEVENT", "20060103T000000Z", "20060105T000000Z");

std::set<std::string> expect(std::initializer_list<const char*> names) {
    std::set<std::string> out;
    for (const char* n : names) out.insert(RfcFixture::href(n));
    return out;
}

}  // namespace

TEST_CASE("7.8.1 partial retrieval of events by time range", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string data = R"(<C:calendar-data><C:comp name="VCALENDAR"><C:prop name="VERSION"/>)"
                             R"(<C:comp name="VEVENT"><C:prop name="SUMMARY"/><C:prop name="UID"/>)"
                             R"(<C:prop name="DTSTART"/><C:prop name="DTEND"/><C:prop name="DURATION"/>)"
                             R"(<C:prop name="RRULE"/><C:prop name="RDATE"/><C:prop name="EXRULE"/>)"
                             R"(<C:prop name="EXDATE"/><C:prop name="RECURRENCE-ID"/></C:comp>)"
                             R"(<C:comp name="VTIMEZONE"/></C:comp></C:calendar-data>)";
    auto ms = parse_multistatus(f.report(kAliceCal, query_body(kEventsJan4, "<D:getetag/>" + data)));
    CHECK(hrefs(*ms) == expect({"abcd2.ics", "abcd3.ics"}));
    const std::string two = calendar_data(*ms, RfcFixture::href("abcd2.ics"));
    CHECK(count_lines(two, "VERSION:2.0") == 1);
    CHECK_FALSE(has_line_starting(two, "PRODID"));
    CHECK_FALSE(has_line_starting(two, "DTSTAMP"));   // not selected
    CHECK(count_lines(two, "SUMMARY:Event #2 bis") == 1);
    CHECK(count_lines(two, "RRULE:FREQ=DAILY;COUNT=5") == 1);
    CHECK(count_lines(two, "BEGIN:VEVENT") == 3);
    CHECK(count_lines(two, "BEGIN:VTIMEZONE") == 1);
    CHECK_FALSE(has_line_starting(two, "BEGIN:DAYLIGHT"));   // VTIMEZONE named without sub-components
    const std::string three = calendar_data(*ms, RfcFixture::href("abcd3.ics"));
    CHECK(count_lines(three, "DTSTART;TZID=US/Eastern:20060104T100000") == 1);
    CHECK_FALSE(has_line_starting(three, "ATTENDEE"));
    CHECK(ms->find(RfcFixture::href("abcd2.ics"))->prop(xml::dav("getetag")));
}

TEST_CASE("7.8.2 partial retrieval of recurring events: limit-recurrence-set", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string data =
        R"(<C:calendar-data><C:limit-recurrence-set start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data>)";
    auto ms = parse_multistatus(f.report(kAliceCal, query_body(kEventsJan3To5, data)));
    CHECK(hrefs(*ms) == expect({"abcd2.ics", "abcd3.ics"}));
    const std::string two = calendar_data(*ms, RfcFixture::href("abcd2.ics"));
    CHECK(count_lines(two, "SUMMARY:Event #2") == 1);       // the master
    CHECK(count_lines(two, "SUMMARY:Event #2 bis") == 1);   // the override on Jan 4
    CHECK(count_lines(two, "SUMMARY:Event #2 bis bis") == 0);   // Jan 6 is outside
    CHECK(count_lines(two, "BEGIN:VTIMEZONE") == 1);
    const std::string three = calendar_data(*ms, RfcFixture::href("abcd3.ics"));
    CHECK(count_lines(three, "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:lisa@example.com") == 1);
}

TEST_CASE("7.8.3 expanded retrieval of recurring events", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string data =
        R"(<C:calendar-data><C:expand start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data>)";
    auto ms = parse_multistatus(f.report(kAliceCal, query_body(kEventsJan3To5, data)));
    CHECK(hrefs(*ms) == expect({"abcd2.ics", "abcd3.ics"}));
    const std::string two = calendar_data(*ms, RfcFixture::href("abcd2.ics"));
    CHECK(count_lines(two, "BEGIN:VEVENT") == 2);
    CHECK(count_lines(two, "DTSTART:20060103T170000Z") == 1);
    CHECK(count_lines(two, "RECURRENCE-ID:20060103T170000Z") == 1);
    CHECK(count_lines(two, "DTSTART:20060104T190000Z") == 1);
    CHECK(count_lines(two, "RECURRENCE-ID:20060104T170000Z") == 1);
    CHECK(count_lines(two, "SUMMARY:Event #2 bis") == 1);
    CHECK_FALSE(has_line_starting(two, "RRULE"));
    CHECK_FALSE(has_line_starting(two, "BEGIN:VTIMEZONE"));
    CHECK_FALSE(has_line_starting(two, "DTSTART;TZID"));
    const std::string three = calendar_data(*ms, RfcFixture::href("abcd3.ics"));
    CHECK(count_lines(three, "DTSTART:20060104T150000Z") == 1);
    CHECK_FALSE(has_line_starting(three, "RECURRENCE-ID"));   // not part of a series
}

TEST_CASE("7.8.4 partial retrieval of stored free busy components", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string data =
        R"(<C:calendar-data><C:limit-freebusy-set start="20060102T000000Z" end="20060103T000000Z"/></C:calendar-data>)";
    auto ms = parse_multistatus(f.report(
        kAliceCal, query_body(time_range_filter("VFREEBUSY", "20060102T000000Z", "20060103T000000Z"), data)));
    CHECK(hrefs(*ms) == expect({"abcd8.ics"}));
    const std::string eight = calendar_data(*ms, RfcFixture::href("abcd8.ics"));
    CHECK(count_lines(eight, "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060102T100000Z/20060102T120000Z") == 1);
    CHECK_FALSE(has_line_starting(eight, "FREEBUSY:"));
    CHECK_FALSE(has_line_starting(eight, "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE"));
    CHECK(count_lines(eight, "DTSTART:20060101T000000Z") == 1);
}

TEST_CASE("7.8.5 retrieval of to-dos by alarm time range", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string filter = R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">)"
                               R"(<C:comp-filter name="VALARM"><C:time-range start="20060106T100000Z" )"
                               R"(end="20060107T100000Z"/></C:comp-filter></C:comp-filter></C:comp-filter>)";
    auto ms = parse_multistatus(f.report(kAliceCal, query_body(filter, "<D:getetag/><C:calendar-data/>")));
    CHECK(hrefs(*ms) == expect({"abcd5.ics"}));
    // Without a selection the stored bytes come back as they are.
    CHECK(calendar_data(*ms, RfcFixture::href("abcd5.ics")) == rfc_appendix_b()[4].second);
}

TEST_CASE("7.8.6 retrieval of event by UID", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string filter = R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">)"
                               R"(<C:prop-filter name="UID"><C:text-match collation="i;octet">)"
                               R"(DC6C50A017428C5216A2F1CD@example.com</C:text-match></C:prop-filter>)"
                               R"(</C:comp-filter></C:comp-filter>)";
    CHECK(hrefs_of(f.report(kAliceCal, query_body(filter))) == expect({"abcd3.ics"}));
}

TEST_CASE("7.8.7 retrieval of events by PARTSTAT", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string filter = R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">)"
                               R"(<C:prop-filter name="ATTENDEE"><C:text-match collation="i;ascii-casemap">)"
                               R"(mailto:lisa@example.com</C:text-match><C:param-filter name="PARTSTAT">)"
                               R"(<C:text-match collation="i;ascii-casemap">NEEDS-ACTION</C:text-match>)"
                               R"(</C:param-filter></C:prop-filter></C:comp-filter></C:comp-filter>)";
    CHECK(hrefs_of(f.report(kAliceCal, query_body(filter))) == expect({"abcd3.ics"}));
    // The same attendee with another PARTSTAT matches nothing.
    std::string accepted = filter;
    accepted.replace(accepted.find("NEEDS-ACTION"), 12, "ACCEPTED");
    CHECK(hrefs_of(f.report(kAliceCal, query_body(accepted))).empty());
}

TEST_CASE("7.8.8 retrieval of events only", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string filter = R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter>)";
    CHECK(hrefs_of(f.report(kAliceCal, query_body(filter))) == expect({"abcd1.ics", "abcd2.ics", "abcd3.ics"}));
}

TEST_CASE("7.8.9 retrieval of all pending to-dos", "[reports][rfc4791]") {
    RfcFixture f;
    const std::string filter = R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">)"
                               R"(<C:prop-filter name="COMPLETED"><C:is-not-defined/></C:prop-filter>)"
                               R"(<C:prop-filter name="STATUS"><C:text-match negate-condition="yes">CANCELLED)"
                               R"(</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter>)";
    CHECK(hrefs_of(f.report(kAliceCal, query_body(filter))) == expect({"abcd4.ics", "abcd5.ics"}));
}

TEST_CASE("calendar-query Depth and target rules (7.8)", "[reports]") {
    RfcFixture f;
    const std::string body = query_body(time_range_filter("VEVENT", "20060101T000000Z", "20060110T000000Z"));
    // Depth 0 on the collection: the collection itself is no calendar object.
    CHECK(hrefs_of(f.report(kAliceCal, body, "0")).empty());
    CHECK(hrefs_of(f.send("REPORT", kAliceCal, body)).empty());   // no Depth = 0
    CHECK(hrefs_of(f.report(kAliceCal, body, "1")).size() == 3);
    // On an object: that object, if it matches.
    CHECK(hrefs_of(f.report(RfcFixture::href("abcd1.ics"), body, "0")) == expect({"abcd1.ics"}));
    CHECK(hrefs_of(f.report(RfcFixture::href("abcd4.ics"), body, "0")).empty());
    // Not on the home (no calendar collection).
    const Response home = f.report(kAliceHome, body);
    CHECK(home.status == 403);
    CHECK(error_condition(home) == xml::dav("supported-report"));
    // Another user's calendar does not exist for alice.
    CHECK(f.report("/dav/calendars/bob/calendar/", body).status == 404);
}

TEST_CASE("calendar-query with an invalid CALDAV:timezone is valid-calendar-data (7.8)", "[reports]") {
    RfcFixture f;
    const Response r = f.report(kAliceCal, query_body(kEventsJan4, "<D:getetag/>", "<C:timezone>not ical</C:timezone>"));
    CHECK(r.status == 403);
    CHECK(error_condition(r) == xml::caldav_name("valid-calendar-data"));
}
