// free-busy-query REPORT (RFC 4791 7.10).
#include "unit/reports/reports_fixture.h"

#include "caldav/calendar_access/reports/free_busy.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

std::string event(const std::string& uid, const std::string& lines) {
    return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:" + uid +
                "\nDTSTAMP:20240101T000000Z\n" + lines + "END:VEVENT\nEND:VCALENDAR\n");
}

}  // namespace

TEST_CASE("7.10.1 free-busy of the RFC example data", "[reports][rfc4791]") {
    RfcFixture f;
    const Response r = f.report(kAliceCal, free_busy_query_body("20060104T140000Z", "20060105T220000Z"));
    REQUIRE(r.status == 200);
    CHECK(header(r, "Content-Type").rfind("text/calendar", 0) == 0);
    CHECK(count_lines(r.body, "BEGIN:VFREEBUSY") == 1);
    CHECK(count_lines(r.body, "DTSTART:20060104T140000Z") == 1);
    CHECK(count_lines(r.body, "DTEND:20060105T220000Z") == 1);
    CHECK(has_line_starting(r.body, "DTSTAMP:"));
    const std::vector<std::string> expected = {
        "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060104T150000Z/20060104T160000Z",      // abcd3 STATUS:TENTATIVE
        "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20060105T100000Z/20060105T120000Z",    // abcd8 stored period
        "FREEBUSY;FBTYPE=BUSY:20060104T190000Z/20060104T200000Z",                // abcd2 override
        "FREEBUSY;FBTYPE=BUSY:20060105T170000Z/20060105T180000Z",                // abcd2 Jan 5
    };
    auto want = expected;
    std::sort(want.begin(), want.end());
    CHECK(freebusy_lines(r.body) == want);
}

TEST_CASE("free-busy: each busy type, transparent, cancelled and free events, merging and clipping", "[reports]") {
    ReportFixture f;
    f.put("busy.ics", event("busy", "DTSTART:20240301T090000Z\nDTEND:20240301T100000Z\n"));
    f.put("busy2.ics", event("busy2", "DTSTART:20240301T093000Z\nDTEND:20240301T110000Z\n"));   // overlaps busy
    f.put("adjacent.ics", event("adjacent", "DTSTART:20240301T110000Z\nDURATION:PT30M\n"));      // touches busy2
    f.put("tent.ics", event("tent", "DTSTART:20240301T120000Z\nDURATION:PT1H\nSTATUS:TENTATIVE\n"));
    f.put("mstent.ics", event("mstent", "DTSTART:20240301T130000Z\nDURATION:PT1H\nX-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\n"));
    f.put("oof.ics", event("oof", "DTSTART:20240301T140000Z\nDURATION:PT1H\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n"));
    f.put("free.ics", event("free", "DTSTART:20240301T150000Z\nDURATION:PT1H\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\n"));
    f.put("transp.ics", event("transp", "DTSTART:20240301T160000Z\nDURATION:PT1H\nTRANSP:TRANSPARENT\n"));
    f.put("cancel.ics", event("cancel", "DTSTART:20240301T170000Z\nDURATION:PT1H\nSTATUS:CANCELLED\n"));
    f.put("zero.ics", event("zero", "DTSTART:20240301T180000Z\nDURATION:PT0S\n"));
    // Daily at 23:30 for an hour: clipped at both ends of the range.
    f.put("daily.ics", event("daily", "DTSTART:20240228T233000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=5\n"
                                      "EXDATE:20240301T233000Z\n"));

    const Response r = f.report(kAliceCal, free_busy_query_body("20240301T000000Z", "20240302T000000Z"));
    REQUIRE(r.status == 200);
    std::vector<std::string> want = {
        "FREEBUSY;FBTYPE=BUSY:20240301T000000Z/20240301T003000Z",   // the Feb 29 instance, clipped
        "FREEBUSY;FBTYPE=BUSY:20240301T090000Z/20240301T113000Z",   // busy + busy2 + adjacent merged
        "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240301T120000Z/20240301T140000Z",
        "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20240301T140000Z/20240301T150000Z",
    };
    std::sort(want.begin(), want.end());
    CHECK(freebusy_lines(r.body) == want);
}

TEST_CASE("free-busy-query is refused where it does not apply", "[reports]") {
    ReportFixture f;
    const Response home = f.report(kAliceHome, free_busy_query_body("20240301T000000Z", "20240302T000000Z"));
    CHECK(home.status == 403);
    CHECK(error_condition(home) == xml::dav("supported-report"));
    CHECK(f.report("/dav/calendars/bob/calendar/", free_busy_query_body("20240301T000000Z", "20240302T000000Z")).status == 404);
    // A time-range without a UTC value is a bad request (RFC 4791 9.9).
    CHECK(f.report(kAliceCal, free_busy_query_body("20240301T000000", "20240302T000000Z")).status / 100 == 4);
}

TEST_CASE("busy periods merge per type only", "[reports]") {
    const auto merged = merge_busy_periods({{10, 20, BusyType::busy},
                                            {15, 30, BusyType::busy},
                                            {18, 25, BusyType::busy_tentative},
                                            {30, 40, BusyType::busy},
                                            {50, 60, BusyType::busy}});
    const std::vector<BusyPeriod> want = {{10, 40, BusyType::busy}, {50, 60, BusyType::busy}, {18, 25, BusyType::busy_tentative}};
    CHECK(merged == want);
    CHECK(format_utc(1136383200) == "20060104T140000Z");
    CHECK(format_utc(-1) == "19691231T235959Z");
}
