// free-busy-query (RFC 4791 7.10) over recurring series with exceptions: RECURRENCE-ID overrides
// that move, cancel, free or re-type an instance (RFC 5545 3.8.4.4: an override is a whole
// component, it inherits nothing from its master), EXDATE, RDATE, all-day and floating values
// read in the calendar's CALDAV:calendar-timezone (RFC 4791 7.10: "floating ... in the time zone
// of the calendar"), across a DST change.
#include "unit/reports/reports_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

std::vector<std::string> free_busy(ReportFixture& f, const std::string& calendar, const std::string& start,
                                   const std::string& end) {
    const Response r = f.report(calendar, free_busy_query_body(start, end));
    INFO(r.body);
    REQUIRE(r.status == 200);
    return freebusy_lines(r.body);
}

// Europe/Berlin as a calendar's CALDAV:calendar-timezone (RFC 4791 5.2.2): CET/CEST since 1996.
const std::string kBerlinCalendarZone =
    crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VTIMEZONE\nTZID:Europe/Berlin\n"
         "BEGIN:DAYLIGHT\nDTSTART:19810329T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n"
         "TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT\n"
         "BEGIN:STANDARD\nDTSTART:19961027T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\n"
         "TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD\nEND:VTIMEZONE\nEND:VCALENDAR\n");

// The all-day and floating objects of the calendar-zone test.
void put_floating_objects(ReportFixture& f, const std::string& calendar) {
    // Weekly all-day on Mondays from 03-04: 03-11 excluded, 03-18 moved to Tuesday 03-19 as
    // out of office.
    f.put("days.ics", calendar_object(vevent("days", "DTSTART;VALUE=DATE:20240304\nDTEND;VALUE=DATE:20240305\n"
                                           "RRULE:FREQ=WEEKLY;COUNT=3\nEXDATE;VALUE=DATE:20240311\n") +
                             vevent("days", "RECURRENCE-ID;VALUE=DATE:20240318\nDTSTART;VALUE=DATE:20240319\n"
                                           "DTEND;VALUE=DATE:20240320\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n")),
          calendar);
    // The day Europe/Berlin moves to summer time: 23 hours long.
    f.put("dst.ics", calendar_object(vevent("dst", "DTSTART;VALUE=DATE:20240331\nDTEND;VALUE=DATE:20240401\n")), calendar);
    // Floating 10:00 daily twice; the second moved to 15:00 for half an hour.
    f.put("float.ics", calendar_object(vevent("float", "DTSTART:20240305T100000\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=2\n") +
                              vevent("float", "RECURRENCE-ID:20240306T100000\nDTSTART:20240306T150000\n"
                                             "DURATION:PT30M\n")),
          calendar);
}

}  // namespace

TEST_CASE("free-busy of a series with moved, cancelled, transparent, re-typed and excluded instances",
          "[reports][rfc4791]") {
    ReportFixture f;
    // Daily 09:00-10:00 New York, Mar 4-13 2024 (DST starts Sunday Mar 10: 14:00Z, then 13:00Z),
    // opaque and busy, plus an RDATE on Saturday Mar 16.
    const std::string ny = "TZID=America/New_York:";
    auto rid = [&](const std::string& day) { return "RECURRENCE-ID;" + ny + "202403" + day + "T090000\n"; };
    auto at = [&](const std::string& day, const std::string& from, const std::string& to) {
        return "DTSTART;" + ny + "202403" + day + "T" + from + "\nDTEND;" + ny + "202403" + day + "T" + to + "\n";
    };
    f.put("s.ics",
          calendar_object(vevent("s", at("04", "090000", "100000") + "RRULE:FREQ=DAILY;COUNT=10\n"
                            "EXDATE;" + ny + "20240306T090000\nRDATE;" + ny + "20240316T090000\n"
                            "TRANSP:OPAQUE\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\n") +
                 vevent("s", rid("05") + at("05", "130000", "140000") + "TRANSP:OPAQUE\n") +              // moved
                 vevent("s", rid("07") + at("07", "090000", "100000") + "STATUS:CANCELLED\n") +            // cancelled
                 vevent("s", rid("08") + at("08", "090000", "100000") + "TRANSP:TRANSPARENT\n") +          // transparent
                 vevent("s", rid("09") + at("09", "090000", "100000") + "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\n") +
                 vevent("s", rid("10") + at("10", "090000", "100000") + "X-MICROSOFT-CDO-BUSYSTATUS:OOF\n") +
                 vevent("s", rid("11") + at("11", "090000", "100000") +
                                "TRANSP:OPAQUE\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\n") +                      // free
                 vevent("s", rid("12") + at("20", "090000", "100000")) +                                     // moved out
                 vevent("s", rid("13") + at("13", "090000", "110000") + "STATUS:TENTATIVE\n")));            // longer
    // A later series whose first instance is moved into the range.
    f.put("t.ics", calendar_object(vevent("t", "DTSTART:20240325T120000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=3\n") +
                          vevent("t", "RECURRENCE-ID:20240325T120000Z\nDTSTART:20240315T120000Z\nDURATION:PT1H\n")));
    // A free series (TRANSPARENT master) with one instance made busy by its override.
    f.put("u.ics", calendar_object(vevent("u", "DTSTART:20240304T200000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=3\n"
                                     "TRANSP:TRANSPARENT\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\n") +
                          vevent("u", "RECURRENCE-ID:20240305T200000Z\nDTSTART:20240305T200000Z\nDURATION:PT1H\n"
                                     "TRANSP:OPAQUE\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\n")));

    CHECK(free_busy(f, kAliceCal, "20240304T000000Z", "20240318T000000Z") ==
          sorted({
              "FREEBUSY;FBTYPE=BUSY:20240304T140000Z/20240304T150000Z",               // EST
              "FREEBUSY;FBTYPE=BUSY:20240305T180000Z/20240305T190000Z",               // moved to 13:00 EST
              "FREEBUSY;FBTYPE=BUSY:20240305T200000Z/20240305T210000Z",               // u's opaque override
              "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240309T140000Z/20240309T150000Z",     // Outlook tentative
              "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240310T130000Z/20240310T140000Z",   // EDT from here
              "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240313T130000Z/20240313T150000Z",     // STATUS:TENTATIVE
              "FREEBUSY;FBTYPE=BUSY:20240315T120000Z/20240315T130000Z",               // t moved in
              "FREEBUSY;FBTYPE=BUSY:20240316T130000Z/20240316T140000Z",               // RDATE
          }));
    // The moved-out instance shows where it went, and t's own instances after the range.
    CHECK(free_busy(f, kAliceCal, "20240318T000000Z", "20240409T000000Z") ==
          sorted({
              "FREEBUSY;FBTYPE=BUSY:20240320T130000Z/20240320T140000Z",
              "FREEBUSY;FBTYPE=BUSY:20240401T120000Z/20240401T130000Z",
              "FREEBUSY;FBTYPE=BUSY:20240408T120000Z/20240408T130000Z",
          }));
    // An instance cut by the range keeps its type, clipped (RFC 4791 7.10: within the range).
    CHECK(free_busy(f, kAliceCal, "20240313T140000Z", "20240313T143000Z") ==
          std::vector<std::string>{"FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240313T140000Z/20240313T143000Z"});
}

TEST_CASE("free-busy reads all-day and floating values in the calendar-timezone", "[reports][rfc4791]") {
    ReportFixture f;
    const std::string berlin_cal = kAliceHome + "berlin/";
    CollectionPatch props;
    props.display_name = "Berlin";
    props.timezone = kBerlinCalendarZone;
    REQUIRE(f.store.make_collection(berlin_cal, "alice", CollectionKind::calendar, props).status == WriteStatus::created);
    put_floating_objects(f, berlin_cal);
    put_floating_objects(f, kAliceCal);   // the same objects in a calendar without a zone: UTC

    CHECK(free_busy(f, berlin_cal, "20240301T000000Z", "20240402T000000Z") ==
          sorted({
              "FREEBUSY;FBTYPE=BUSY:20240303T230000Z/20240304T230000Z",               // Monday 03-04, CET
              "FREEBUSY;FBTYPE=BUSY:20240305T090000Z/20240305T100000Z",               // floating 10:00 CET
              "FREEBUSY;FBTYPE=BUSY:20240306T140000Z/20240306T143000Z",               // moved to 15:00
              "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240318T230000Z/20240319T230000Z",   // 03-18 moved to 03-19
              "FREEBUSY;FBTYPE=BUSY:20240330T230000Z/20240331T220000Z",               // 23 hours
          }));
    CHECK(free_busy(f, kAliceCal, "20240301T000000Z", "20240402T000000Z") ==
          sorted({
              "FREEBUSY;FBTYPE=BUSY:20240304T000000Z/20240305T000000Z",
              "FREEBUSY;FBTYPE=BUSY:20240305T100000Z/20240305T110000Z",
              "FREEBUSY;FBTYPE=BUSY:20240306T150000Z/20240306T153000Z",
              "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240319T000000Z/20240320T000000Z",
              "FREEBUSY;FBTYPE=BUSY:20240331T000000Z/20240401T000000Z",
          }));
}

TEST_CASE("free-busy after a RANGE=THISANDFUTURE override takes that override's busy status", "[reports][rfc5545]") {
    ReportFixture f;
    // Daily 10:00Z for an hour, five times; from the third on moved to 14:00Z for two hours and
    // out of office; the fourth on its own made free again; the fifth follows the range override.
    f.put("r.ics", calendar_object(vevent("r", "DTSTART:20240101T100000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=5\n"
                                     "X-MICROSOFT-CDO-BUSYSTATUS:BUSY\n") +
                          vevent("r", "RECURRENCE-ID;RANGE=THISANDFUTURE:20240103T100000Z\nDTSTART:20240103T140000Z\n"
                                     "DURATION:PT2H\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n") +
                          vevent("r", "RECURRENCE-ID:20240104T100000Z\nDTSTART:20240104T140000Z\nDURATION:PT2H\n"
                                     "TRANSP:TRANSPARENT\n")));
    CHECK(free_busy(f, kAliceCal, "20240101T000000Z", "20240106T000000Z") ==
          sorted({
              "FREEBUSY;FBTYPE=BUSY:20240101T100000Z/20240101T110000Z",
              "FREEBUSY;FBTYPE=BUSY:20240102T100000Z/20240102T110000Z",
              "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240103T140000Z/20240103T160000Z",
              "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240105T140000Z/20240105T160000Z",
          }));
}
