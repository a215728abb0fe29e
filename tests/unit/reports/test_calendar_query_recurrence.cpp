// calendar-query on recurring series, floating times and to-dos, and the two evaluation paths
// (index only / parse and evaluate) giving the same answer.
#include "unit/reports/reports_fixture.h"

#include "caldav/calendar/filter_evaluation.h"
#include "caldav/calendar_access/reports/query_matching.h"
#include "caldav/xml/calendar_query.h"
#include "converters/ical/ical_ptr.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

// March 2024 in a calendar whose series started two years before (weekly on Mondays 09:00
// Europe/Berlin, CET in March before the 31st: 08:00Z).
struct SeriesFixture : ReportFixture {
    SeriesFixture() {
        // A: weekly since 2022-03-07; 2024-03-11 excluded; the 2024-02-26 instance moved into
        // March (Wed 03-06 10:00), the 2024-03-18 instance moved out (04-03 10:00).
        put("a.ics", calendar_object(vevent("a", "DTSTART;TZID=Europe/Berlin:20220307T090000\nDURATION:PT1H\n"
                                       "RRULE:FREQ=WEEKLY\nEXDATE;TZID=Europe/Berlin:20240311T090000\nSUMMARY:Weekly\n") +
                            vevent("a", "RECURRENCE-ID;TZID=Europe/Berlin:20240226T090000\n"
                                       "DTSTART;TZID=Europe/Berlin:20240306T100000\nDURATION:PT1H\nSUMMARY:Moved in\n") +
                            vevent("a", "RECURRENCE-ID;TZID=Europe/Berlin:20240318T090000\n"
                                       "DTSTART;TZID=Europe/Berlin:20240403T100000\nDURATION:PT1H\nSUMMARY:Moved out\n")));
        // B: its only March instance moved to April.
        put("b.ics", calendar_object(vevent("b", "DTSTART:20240226T080000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=2\n") +
                            vevent("b", "RECURRENCE-ID:20240304T080000Z\nDTSTART:20240410T080000Z\nDURATION:PT1H\n")));
        // C: ended before March.
        put("c.ics", calendar_object(vevent("c", "DTSTART:20220101T080000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;UNTIL=20240201T000000Z\n")));
        // D: a single event in February.
        put("d.ics", calendar_object(vevent("d", "DTSTART:20240215T080000Z\nDURATION:PT1H\n")));
        // E: its only March instance excluded.
        put("e.ics", calendar_object(vevent("e", "DTSTART:20240219T080000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=3\n"
                                       "EXDATE:20240304T080000Z\n")));
        // F: an instance of a February series moved into March.
        put("f.ics", calendar_object(vevent("f", "DTSTART:20240212T080000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=2\n") +
                            vevent("f", "RECURRENCE-ID:20240219T080000Z\nDTSTART:20240320T080000Z\nDURATION:PT1H\n")));
        // G: a single event in March, and a to-do due in March.
        put("g.ics", calendar_object(vevent("g", "DTSTART:20240331T230000Z\nDURATION:PT2H\n")));
        put("t.ics", calendar_object("BEGIN:VTODO\nUID:t\nDTSTAMP:20240101T000000Z\nDUE:20240315T120000Z\nSUMMARY:Todo\nEND:VTODO\n"));
    }
};

const std::string kMarch = time_range_filter("VEVENT", "20240301T000000Z", "20240401T000000Z");
// The same filter with a prop-filter that every VEVENT passes: forces parse and evaluate.
const std::string kMarchParsed =
    time_range_filter("VEVENT", "20240301T000000Z", "20240401T000000Z", R"(<C:prop-filter name="UID"/>)");

std::set<std::string> cal(std::initializer_list<const char*> names, const std::string& base = kAliceCal) {
    std::set<std::string> out;
    for (const char* n : names) out.insert(base + n);
    return out;
}

}  // namespace

TEST_CASE("a weekly series from two years before, with EXDATE and overrides moved in and out", "[reports]") {
    SeriesFixture f;
    const auto index_path = hrefs_of(f.report(kAliceCal, query_body(kMarch)));
    CHECK(index_path == cal({"a.ics", "f.ics", "g.ics"}));
    const auto parse_path = hrefs_of(f.report(kAliceCal, query_body(kMarchParsed)));
    CHECK(parse_path == index_path);

    const std::string expand =
        R"(<C:calendar-data><C:expand start="20240301T000000Z" end="20240401T000000Z"/></C:calendar-data>)";
    auto ms = parse_multistatus(f.report(kAliceCal, query_body(kMarch, expand)));
    const std::string a = calendar_data(*ms, kAliceCal + "a.ics");
    CHECK(count_lines(a, "BEGIN:VEVENT") == 3);
    CHECK(count_lines(a, "DTSTART:20240304T080000Z") == 1);
    CHECK(count_lines(a, "RECURRENCE-ID:20240304T080000Z") == 1);
    CHECK(count_lines(a, "DTSTART:20240306T090000Z") == 1);          // moved in
    CHECK(count_lines(a, "RECURRENCE-ID:20240226T080000Z") == 1);
    CHECK(count_lines(a, "SUMMARY:Moved in") == 1);
    CHECK(count_lines(a, "DTSTART:20240325T080000Z") == 1);
    CHECK_FALSE(has_line_starting(a, "DTSTART:20240311"));            // EXDATE
    CHECK_FALSE(has_line_starting(a, "DTSTART:20240318"));            // moved out
    CHECK(count_lines(a, "SUMMARY:Moved out") == 0);
    CHECK_FALSE(has_line_starting(a, "EXDATE"));
    CHECK_FALSE(has_line_starting(a, "RRULE"));
    const std::string g = calendar_data(*ms, kAliceCal + "g.ics");
    CHECK(count_lines(g, "DTSTART:20240331T230000Z") == 1);
    CHECK(count_lines(g, "DURATION:PT2H") == 1);

    SECTION("limit-recurrence-set keeps the master and only the override inside the range") {
        const std::string limit = R"(<C:calendar-data><C:limit-recurrence-set start="20240301T000000Z" )"
                                  R"(end="20240401T000000Z"/></C:calendar-data>)";
        auto lim = parse_multistatus(f.report(kAliceCal, query_body(kMarch, limit)));
        const std::string la = calendar_data(*lim, kAliceCal + "a.ics");
        CHECK(count_lines(la, "SUMMARY:Weekly") == 1);
        CHECK(count_lines(la, "SUMMARY:Moved in") == 1);
        CHECK(count_lines(la, "SUMMARY:Moved out") == 0);
        CHECK(has_line_starting(la, "RRULE:FREQ=WEEKLY"));
    }
}

TEST_CASE("the index-only path and the evaluating path agree, Store level", "[reports]") {
    SeriesFixture f;
    const auto calendar = f.store.collection(kAliceCal);
    REQUIRE(calendar);
    const CalendarTimeZone no_zone;
    auto run = [&](const std::string& filter_xml) {
        const auto query = xml::parse_calendar_query(query_body(filter_xml));
        std::set<std::string> out;
        const QueryStats stats =
            for_each_match(f.store, *calendar, query.filter, no_zone,
                           [&](const Object& o, const icalcomponent*) { out.insert(o.info.path); });
        // Brute force: every object parsed and evaluated.
        std::set<std::string> brute;
        for (const Object& o : f.store.objects_with_data(calendar->id)) {
            const auto parsed = calbridge::ical::parse_ics(o.data);
            if (parsed && matches(query.filter, parsed.get())) brute.insert(o.info.path);
        }
        CHECK(out == brute);
        return std::pair(out, stats);
    };
    const auto [fast, fast_stats] = run(kMarch);
    CHECK(fast_stats.path == QueryPath::index_only);
    CHECK(fast_stats.parsed == 0);   // every span of these objects is exact
    CHECK(fast == cal({"a.ics", "f.ics", "g.ics"}));
    const auto [slow, slow_stats] = run(kMarchParsed);
    CHECK(slow_stats.path == QueryPath::index_superset);
    CHECK(slow_stats.parsed == slow_stats.candidates);
    CHECK(slow == fast);
    const auto [todo, todo_stats] = run(time_range_filter("VTODO", "20240301T000000Z", "20240401T000000Z"));
    CHECK(todo_stats.path == QueryPath::index_only);
    CHECK(todo == cal({"t.ics"}));
    const auto [none, none_stats] = run(R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO"/></C:comp-filter>)");
    CHECK(none_stats.path == QueryPath::all_objects);
    CHECK(none == cal({"t.ics"}));
}

TEST_CASE("floating events are read in the calendar-timezone or the request's timezone (9.9)", "[reports]") {
    ReportFixture f;
    const std::string ny = crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VTIMEZONE\n"
                                "TZID:America/New_York\nBEGIN:STANDARD\nDTSTART:20071104T020000\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\n"
                                "TZNAME:EST\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:20070311T020000\n"
                                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\n"
                                "TZNAME:EDT\nEND:DAYLIGHT\nEND:VTIMEZONE\nEND:VCALENDAR\n");
    const std::string floating_cal = kAliceHome + "floating/";
    CollectionPatch props;
    props.display_name = "Floating";
    props.timezone = ny;
    REQUIRE(f.store.make_collection(floating_cal, "alice", CollectionKind::calendar, props).status == WriteStatus::created);
    f.put("fl.ics", calendar_object(vevent("fl", "DTSTART:20240301T020000\nDURATION:PT1H\n")), floating_cal);
    f.put("day.ics", calendar_object(vevent("day", "DTSTART;VALUE=DATE:20240302\nDTEND;VALUE=DATE:20240303\n")), floating_cal);

    // 02:00 New York (EST) is 07:00Z.
    const auto early = query_body(time_range_filter("VEVENT", "20240301T000000Z", "20240301T050000Z"));
    const auto late = query_body(time_range_filter("VEVENT", "20240301T070000Z", "20240301T080000Z"));
    CHECK(hrefs_of(f.report(floating_cal, early)).empty());
    CHECK(hrefs_of(f.report(floating_cal, late)) == cal({"fl.ics"}, floating_cal));
    // The all-day event is 2024-03-02 05:00Z .. 03-03 05:00Z in New York.
    const auto day_edge = query_body(time_range_filter("VEVENT", "20240303T030000Z", "20240303T040000Z"));
    CHECK(hrefs_of(f.report(floating_cal, day_edge)) == cal({"day.ics"}, floating_cal));

    // The request's CALDAV:timezone wins: in Europe/Berlin 02:00 is 01:00Z.
    const std::string berlin = "<C:timezone>" + crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
                                                     "BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nBEGIN:STANDARD\n"
                                                     "DTSTART:19701025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n"
                                                     "END:STANDARD\nEND:VTIMEZONE\nEND:VCALENDAR\n") +
                               "</C:timezone>";
    CHECK(hrefs_of(f.report(floating_cal, query_body(time_range_filter("VEVENT", "20240301T000000Z", "20240301T050000Z"),
                                                     "<D:getetag/>", berlin))) == cal({"fl.ics"}, floating_cal));

    // expand writes the floating instance in UTC through the calendar's zone.
    const std::string expand =
        R"(<C:calendar-data><C:expand start="20240301T000000Z" end="20240304T000000Z"/></C:calendar-data>)";
    auto ms = parse_multistatus(f.report(
        floating_cal, query_body(time_range_filter("VEVENT", "20240301T000000Z", "20240304T000000Z"), expand)));
    CHECK(count_lines(calendar_data(*ms, floating_cal + "fl.ics"), "DTSTART:20240301T070000Z") == 1);
    const std::string day = calendar_data(*ms, floating_cal + "day.ics");
    CHECK(count_lines(day, "DTSTART;VALUE=DATE:20240302") == 1);
    CHECK(count_lines(day, "DTEND;VALUE=DATE:20240303") == 1);
}

TEST_CASE("VTODO queries and text-match on SUMMARY", "[reports]") {
    RfcFixture f;
    auto names = [](std::initializer_list<const char*> n) { return cal(n); };
    // RFC 4791 9.9 VTODO rows: only Task #1 (DUE 2006-01-04) lies in Jan 3-5.
    const auto todos = time_range_filter("VTODO", "20060103T000000Z", "20060105T000000Z");
    CHECK(hrefs_of(f.report(kAliceCal, query_body(todos))) == names({"abcd4.ics"}));
    const auto todos_parsed = time_range_filter("VTODO", "20060103T000000Z", "20060105T000000Z",
                                                R"(<C:prop-filter name="UID"/>)");
    CHECK(hrefs_of(f.report(kAliceCal, query_body(todos_parsed))) == names({"abcd4.ics"}));

    auto summary = [&](const std::string& text, bool negate) {
        return query_body(std::string(R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">)") +
                          R"(<C:prop-filter name="SUMMARY"><C:text-match)" +
                          (negate ? R"( negate-condition="yes")" : "") + ">" + text +
                          "</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter>");
    };
    CHECK(hrefs_of(f.report(kAliceCal, summary("event #2", false))) == names({"abcd2.ics"}));   // ascii-casemap
    CHECK(hrefs_of(f.report(kAliceCal, summary("Event #", false))) == names({"abcd1.ics", "abcd2.ics", "abcd3.ics"}));
    // Every VEVENT of abcd2 contains "Event #2": only the other two match the negation.
    CHECK(hrefs_of(f.report(kAliceCal, summary("Event #2", true))) == names({"abcd1.ics", "abcd3.ics"}));
    // An ATTENDEE parameter alone: the chair.
    const auto chair = query_body(R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">)"
                                  R"(<C:prop-filter name="ATTENDEE"><C:param-filter name="ROLE">)"
                                  R"(<C:text-match>chair</C:text-match></C:param-filter></C:prop-filter>)"
                                  R"(</C:comp-filter></C:comp-filter>)");
    CHECK(hrefs_of(f.report(kAliceCal, chair)) == names({"abcd3.ics"}));
}

TEST_CASE("comp/prop selection with novalue and allcomp (9.6.1-9.6.4)", "[reports]") {
    RfcFixture f;
    const std::string data = R"(<C:calendar-data><C:comp name="VCALENDAR"><C:allprop/><C:comp name="VEVENT">)"
                             R"(<C:prop name="UID"/><C:prop name="ATTENDEE" novalue="yes"/><C:allcomp/></C:comp>)"
                             R"(</C:comp></C:calendar-data>)";
    const auto filter = time_range_filter("VEVENT", "20060104T000000Z", "20060105T000000Z");
    auto ms = parse_multistatus(f.report(kAliceCal, query_body(filter, data)));
    const std::string three = calendar_data(*ms, RfcFixture::href("abcd3.ics"));
    CHECK(count_lines(three, "PRODID:-//Example Corp.//CalDAV Client//EN") == 1);
    CHECK(count_lines(three, "UID:DC6C50A017428C5216A2F1CD@example.com") == 1);
    CHECK(count_lines(three, "ATTENDEE;PARTSTAT=NEEDS-ACTION:") == 1);
    CHECK(count_lines(three, "ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:") == 1);
    CHECK_FALSE(has_line_starting(three, "SUMMARY"));
    CHECK_FALSE(has_line_starting(three, "BEGIN:VTIMEZONE"));
    CHECK(count_lines(three, "END:VCALENDAR") == 1);
}
