// Manual measurement (hidden test, not run by ctest): a one-month calendar-query over 5,000
// events, some recurring with exceptions, with time zones and attendees.
//   build-h-reports/tests/test_reports "[.perf]" -s
#include <chrono>
#include <cstdio>

#include "unit/reports/reports_fixture.h"

#include "caldav/calendar_access/reports/query_matching.h"
#include "caldav/xml/calendar_query.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// Event i: one a day-ish over 2023-2025, every 10th a weekly series with an EXDATE and an override.
std::string generated_event(int i) {
    const int day = i % 28 + 1, month = (i / 28) % 12 + 1, year = 2023 + (i / 336) % 3, hour = 7 + i % 11;
    const std::string date = std::to_string(year) + two(month) + two(day);
    const std::string zone = i % 3 == 0 ? "Europe/Berlin" : i % 3 == 1 ? "America/New_York" : "Asia/Tokyo";
    const std::string uid = "gen-" + std::to_string(i) + "@example.org";
    std::string ev = "BEGIN:VEVENT\nUID:" + uid + "\nDTSTAMP:20230101T000000Z\nDTSTART;TZID=" + zone + ":" + date + "T" +
                     two(hour) + "0000\nDURATION:PT1H\nSUMMARY:Meeting " + std::to_string(i) +
                     "\nORGANIZER;CN=Org:mailto:org@example.org\n"
                     "ATTENDEE;PARTSTAT=ACCEPTED;CN=A:mailto:a@example.org\n"
                     "ATTENDEE;PARTSTAT=NEEDS-ACTION;CN=B:mailto:b@example.org\nLOCATION:Room " +
                     std::to_string(i % 40) + "\nDESCRIPTION:Generated event number " + std::to_string(i) + "\n";
    std::string extra;
    if (i % 10 == 0) {
        ev += "RRULE:FREQ=WEEKLY;COUNT=60\n";
        extra = "BEGIN:VEVENT\nUID:" + uid + "\nDTSTAMP:20230101T000000Z\nRECURRENCE-ID;TZID=" + zone + ":" + date +
                "T" + two(hour) + "0000\nDTSTART;TZID=" + zone + ":" + date + "T" + two(hour + 1) +
                "3000\nDURATION:PT1H\nSUMMARY:Moved\nEND:VEVENT\n";
    }
    ev += "END:VEVENT\n";
    return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//bench//EN\n" + ev + extra + "END:VCALENDAR\n");
}

}  // namespace

TEST_CASE("calendar-query for one month over 5,000 events (manual timing)", "[.perf]") {
    ReportFixture f;
    const auto put_start = std::chrono::steady_clock::now();
    for (int i = 0; i < 5000; ++i)
        REQUIRE(f.send("PUT", kAliceCal + "gen-" + std::to_string(i) + ".ics", generated_event(i)).status == 201);
    std::printf("PUT 5000: %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - put_start).count());

    const std::string filter = time_range_filter("VEVENT", "20240301T000000Z", "20240401T000000Z");
    for (const std::string& prop : {std::string("<D:getetag/>"), std::string("<D:getetag/><C:calendar-data/>")}) {
        const std::string body = query_body(filter, prop);
        std::size_t count = 0;
        double best = 1e9;
        for (int run = 0; run < 5; ++run) {
            const auto t0 = std::chrono::steady_clock::now();
            const Response r = f.report(kAliceCal, body);
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            best = std::min(best, ms);
            count = hrefs_of(r).size();
        }
        std::printf("calendar-query March 2024 (%s): %zu objects, best of 5: %.2f ms\n", prop.c_str(), count, best);
    }
    const auto calendar = f.store.collection(kAliceCal);
    const auto query = xml::parse_calendar_query(query_body(filter));
    const CalendarTimeZone none;
    const QueryStats stats = for_each_match(f.store, *calendar, query.filter, none, [](const Object&, const icalcomponent*) {});
    std::printf("index-only path: %d, candidates %zu, parsed %zu\n", stats.path == QueryPath::index_only ? 1 : 0,
                stats.candidates, stats.parsed);
    const std::string parsed_filter =
        time_range_filter("VEVENT", "20240301T000000Z", "20240401T000000Z", R"(<C:prop-filter name="UID"/>)");
    const auto t0 = std::chrono::steady_clock::now();
    const auto parsed_hrefs = hrefs_of(f.report(kAliceCal, query_body(parsed_filter)));
    std::printf("same query forced through parsing: %zu objects, %.2f ms\n", parsed_hrefs.size(),
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    CHECK(parsed_hrefs == hrefs_of(f.report(kAliceCal, query_body(filter))));
}
