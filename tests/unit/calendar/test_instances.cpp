// for_each_instance: recurrence with EXDATE, RDATE and overrides around the range borders, a
// series that began years before the range, DST in Europe/Berlin and America/New_York, floating
// and all-day values, libical's weekly WKST bug (checked against python3-dateutil).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

#include "caldav/calendar/civil_time.h"
#include "calendar_test_support.h"

using namespace caltest;

namespace {

std::string weekly_series(const std::string& extra) {
    return vcal(std::string(kBerlinVtimezone) +
                "BEGIN:VEVENT\nUID:series\nDTSTAMP:20240101T000000Z\nSUMMARY:standup\n"
                "DTSTART;TZID=Europe/Berlin:20240108T100000\nDTEND;TZID=Europe/Berlin:20240108T103000\n"
                "RRULE:FREQ=WEEKLY;BYDAY=MO\n" +
                extra + "END:VEVENT\n");
}

// python3-dateutil's expansion of rule from a floating dtstart, as "YYYYMMDDTHHMMSS" lines.
std::vector<std::string> dateutil_expand(const std::string& rule, const std::string& dtstart, int n) {
    const std::string cmd = "/usr/bin/python3 -c \"from dateutil.rrule import rrulestr; from datetime import datetime; "
                            "r = rrulestr('" + rule + "', dtstart=datetime.strptime('" + dtstart +
                            "', '%Y%m%dT%H%M%S')); [print(d.strftime('%Y%m%dT%H%M%S')) for d in r[:" + std::to_string(n) + "]]\"";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::vector<std::string> out;
    char line[64];
    while (std::fgets(line, sizeof line, pipe.get())) {
        std::string s(line);
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        out.push_back(s);
    }
    return out;
}

std::string floating_text(std::int64_t seconds) {
    const auto days = seconds / 86400;
    const auto secs = seconds % 86400;
    const auto c = calbridge::caldav::civil_from_days(days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d", c.year, c.month, c.day, static_cast<int>(secs / 3600),
                  static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    return buf;
}

}  // namespace

TEST_CASE("a weekly series with EXDATE and overrides crossing the range borders", "[calendar][recurrence]") {
    // Mondays 10:00 Berlin (09:00Z in winter). 01-15 deleted; 01-22 moved to Sunday 01-21 18:00;
    // 01-29 moved out of the range to 02-10.
    const std::string text = weekly_series("EXDATE;TZID=Europe/Berlin:20240115T100000\nEND:VEVENT\n"
                                           "BEGIN:VEVENT\nUID:series\nDTSTAMP:20240101T000000Z\nSUMMARY:moved in\n"
                                           "RECURRENCE-ID;TZID=Europe/Berlin:20240122T100000\n"
                                           "DTSTART;TZID=Europe/Berlin:20240121T180000\nDTEND;TZID=Europe/Berlin:20240121T183000\n"
                                           "END:VEVENT\n"
                                           "BEGIN:VEVENT\nUID:series\nDTSTAMP:20240101T000000Z\nSUMMARY:moved out\n"
                                           "RECURRENCE-ID;TZID=Europe/Berlin:20240129T100000\n"
                                           "DTSTART;TZID=Europe/Berlin:20240210T100000\nDTEND;TZID=Europe/Berlin:20240210T103000\n");
    // Range: 2024-01-14 .. 2024-02-01.
    const auto seen = instances(text, TimeRange{utc(2024, 1, 14), utc(2024, 2, 1)});
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].summary == "moved in");
    CHECK(seen[0].start == utc(2024, 1, 21, 17));
    CHECK(seen[0].recurrence_id == utc(2024, 1, 22, 9));
    // The whole series from 01-08 to 02-12: 01-08, (01-15 deleted), 01-21 (moved), 02-05,
    // 02-10 (moved), 02-12.
    // Instances come in RECURRENCE-ID order: the override moved to 02-10 at 01-29's place.
    const auto all = instances(text, TimeRange{utc(2024, 1, 1), utc(2024, 2, 13)});
    auto sorted = starts(all);
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == std::vector<std::int64_t>{utc(2024, 1, 8, 9), utc(2024, 1, 21, 17), utc(2024, 2, 5, 9),
                                                   utc(2024, 2, 10, 9), utc(2024, 2, 12, 9)});
    // An instance that starts before the range and ends inside it overlaps it.
    CHECK(instances(text, TimeRange{utc(2024, 1, 8, 9, 15), utc(2024, 1, 8, 9, 20)}).size() == 1);
    CHECK(instances(text, TimeRange{utc(2024, 1, 8, 9, 30), utc(2024, 1, 8, 10)}).empty());
    // The filter sees the same: the moved-out instance is found at its new date only.
    CHECK(query(text, range_filter("VEVENT", utc(2024, 2, 10), utc(2024, 2, 11))));
    CHECK_FALSE(query(text, range_filter("VEVENT", utc(2024, 1, 29), utc(2024, 1, 30))));
    CHECK_FALSE(query(text, range_filter("VEVENT", utc(2024, 1, 15), utc(2024, 1, 16))));
}

TEST_CASE("a series that began years before the range is found (Xandikos misses these)", "[calendar][recurrence]") {
    const std::string text = vcal(std::string(kBerlinVtimezone) +
                                  "BEGIN:VEVENT\nUID:old\nDTSTAMP:20100101T000000Z\n"
                                  "DTSTART;TZID=Europe/Berlin:20100104T080000\nDURATION:PT1H\n"
                                  "RRULE:FREQ=WEEKLY;BYDAY=MO,WE\nEND:VEVENT\n");
    // June 2024: Mondays and Wednesdays, 08:00 CEST = 06:00Z.
    const auto seen = instances(text, TimeRange{utc(2024, 6, 1), utc(2024, 6, 8)});
    CHECK(starts(seen) == std::vector<std::int64_t>{utc(2024, 6, 3, 6), utc(2024, 6, 5, 6)});
    CHECK(query(text, range_filter("VEVENT", utc(2024, 6, 3), utc(2024, 6, 4))));
    CHECK_FALSE(query(text, range_filter("VEVENT", utc(2024, 6, 4), utc(2024, 6, 5))));
    // The index holds the first 1000 instances (2010 .. 2019) and an open span after them.
    auto cal = parse(text);
    const auto spans = compute_spans(cal.get());
    REQUIRE(spans.size() == kIndexedInstances + 1);
    CHECK(spans.back().open);
    CHECK(spans.back().end == kTimeMax);
    CHECK(index_hit(spans, utc(2024, 6, 3), utc(2024, 6, 4)));   // through the open span: expand
    CHECK(std::count_if(spans.begin(), spans.end(), [](const TimeSpan& s) { return s.open; }) == 1);
}

TEST_CASE("DST: wall-clock times keep their local hour across transitions", "[calendar][dst]") {
    SECTION("Europe/Berlin from the object's VTIMEZONE") {
        // Daily 10:00 Berlin over the 2024-03-31 change: 09:00Z then 08:00Z.
        const std::string text = vcal(std::string(kBerlinVtimezone) +
                                      "BEGIN:VEVENT\nUID:d\nDTSTAMP:20240101T000000Z\n"
                                      "DTSTART;TZID=Europe/Berlin:20240330T100000\nDTEND;TZID=Europe/Berlin:20240330T110000\n"
                                      "RRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\n");
        const auto seen = instances(text);
        CHECK(starts(seen) == std::vector<std::int64_t>{utc(2024, 3, 30, 9), utc(2024, 3, 31, 8), utc(2024, 4, 1, 8)});
        for (const auto& s : seen) CHECK(s.end - s.start == 3600);
    }
    SECTION("America/New_York by Olson id without VTIMEZONE (libical's zone data)") {
        const std::string text = vcal("BEGIN:VEVENT\nUID:ny\nDTSTAMP:20240101T000000Z\n"
                                      "DTSTART;TZID=America/New_York:20241102T090000\nDURATION:PT1H\n"
                                      "RRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\n");
        CHECK(starts(instances(text)) == std::vector<std::int64_t>{utc(2024, 11, 2, 13), utc(2024, 11, 3, 14), utc(2024, 11, 4, 14)});
    }
    SECTION("a time in the autumn overlap hour is its first occurrence (RFC 5545 3.3.5)") {
        // 02:30 on 2024-10-27 in Berlin happens twice: 00:30Z (CEST) and 01:30Z (CET).
        // libical 3.0.16 picks the second; RFC 5545 says the first.
        const std::string text = vcal(std::string(kBerlinVtimezone) +
                                      "BEGIN:VEVENT\nUID:o\nDTSTAMP:20240101T000000Z\n"
                                      "DTSTART;TZID=Europe/Berlin:20241027T023000\nEND:VEVENT\n");
        CHECK(starts(instances(text)) == std::vector<std::int64_t>{utc(2024, 10, 27, 0, 30)});
    }
    SECTION("a time in the spring gap uses the offset before the gap (RFC 5545 3.3.5)") {
        // 02:30 on 2024-03-31 does not exist in Berlin; read with +01:00 it is 01:30Z.
        const std::string text = vcal("BEGIN:VEVENT\nUID:g\nDTSTAMP:20240101T000000Z\n"
                                      "DTSTART;TZID=Europe/Berlin:20240331T023000\nEND:VEVENT\n");
        CHECK(starts(instances(text)) == std::vector<std::int64_t>{utc(2024, 3, 31, 1, 30)});
    }
    SECTION("New York's overlap hour") {
        const std::string text = vcal("BEGIN:VEVENT\nUID:o\nDTSTAMP:20240101T000000Z\n"
                                      "DTSTART;TZID=America/New_York:20241103T013000\nEND:VEVENT\n");
        CHECK(starts(instances(text)) == std::vector<std::int64_t>{utc(2024, 11, 3, 5, 30)});   // EDT, not EST (06:30Z)
    }
}

TEST_CASE("floating and all-day values", "[calendar][floating]") {
    const std::string all_day = vcal("BEGIN:VEVENT\nUID:h\nDTSTAMP:20240101T000000Z\n"
                                     "DTSTART;VALUE=DATE:20241224\nDTEND;VALUE=DATE:20241227\nEND:VEVENT\n");
    const std::string floating = vcal("BEGIN:VEVENT\nUID:f\nDTSTAMP:20240101T000000Z\n"
                                      "DTSTART:20240601T090000\nDTEND:20240601T100000\nEND:VEVENT\n");
    SECTION("without a zone: read as UTC when evaluating; widened and open in the index") {
        const auto seen = instances(all_day);
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].start == utc(2024, 12, 24));
        CHECK(seen[0].end == utc(2024, 12, 27));
        CHECK_FALSE(seen[0].open);
        auto cal = parse(floating);
        const auto spans = compute_spans(cal.get());
        REQUIRE(spans.size() == 1);
        CHECK(spans[0].open);
        CHECK(spans[0].start == utc(2024, 6, 1, 9) - 14 * 3600);
        CHECK(spans[0].end == utc(2024, 6, 1, 10) + 14 * 3600 + 1);
        // In UTC the event is 09:00-10:00Z; in Berlin it would be 07:00-08:00Z.
        CHECK(query(floating, range_filter("VEVENT", utc(2024, 6, 1, 9, 30), utc(2024, 6, 1, 11))));
        CHECK_FALSE(query(floating, range_filter("VEVENT", utc(2024, 6, 1, 7), utc(2024, 6, 1, 8))));
        // The index is a superset of every zone's answer.
        CHECK(index_hit(spans, utc(2024, 6, 1, 7), utc(2024, 6, 1, 8)));
    }
    SECTION("with the calendar's zone: exact") {
        const CalendarTimeZone berlin = CalendarTimeZone::from_vcalendar_text(vcal(kBerlinVtimezone));
        REQUIRE(berlin.has_zone());
        CHECK(query(floating, range_filter("VEVENT", utc(2024, 6, 1, 7), utc(2024, 6, 1, 8)), &berlin));
        CHECK_FALSE(query(floating, range_filter("VEVENT", utc(2024, 6, 1, 8), utc(2024, 6, 1, 9)), &berlin));
        // All day in Berlin: 2024-12-23T23:00Z .. 2024-12-26T23:00Z.
        const auto seen = instances(all_day, {}, &berlin);
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].start == utc(2024, 12, 23, 23));
        CHECK(seen[0].end == utc(2024, 12, 26, 23));
        CHECK_FALSE(seen[0].open);
        auto cal = parse(all_day);
        SpanOptions so;
        so.floating_zone = &berlin;
        const auto spans = compute_spans(cal.get(), so);
        REQUIRE(spans.size() == 1);
        CHECK_FALSE(spans[0].open);
        CHECK(spans[0].start == utc(2024, 12, 23, 23));
        const CalendarTimeZone ny = CalendarTimeZone::from_tzid("America/New_York");
        REQUIRE(ny.has_zone());
        CHECK(query(all_day, range_filter("VEVENT", utc(2024, 12, 27, 4), utc(2024, 12, 27, 5)), &ny));
        CHECK_FALSE(query(all_day, range_filter("VEVENT", utc(2024, 12, 27, 5), utc(2024, 12, 27, 6)), &ny));
    }
    SECTION("a yearly all-day series") {
        const std::string birthday = vcal("BEGIN:VEVENT\nUID:b\nDTSTAMP:20240101T000000Z\n"
                                          "DTSTART;VALUE=DATE:19800229\nRRULE:FREQ=YEARLY\nEND:VEVENT\n");
        // libical skips Feb 29 in non-leap years (RFC 5545 3.3.10: invalid dates are ignored).
        const auto seen = instances(birthday, TimeRange{utc(2023, 1, 1), utc(2025, 1, 1)});
        CHECK(starts(seen) == std::vector<std::int64_t>{utc(2024, 2, 29)});
    }
}

TEST_CASE("weekly rules with every WKST match python3-dateutil (libical 3.0.16 bug with INTERVAL>1)", "[calendar][recurrence][wkst]") {
    const char* wkst[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    const char* byday[] = {"TU,SU", "MO,FR", "MO", "SA,SU,WE", ""};
    int compared = 0;
    for (const char* w : wkst)
        for (const char* d : byday)
            for (int interval : {1, 2, 3}) {
                std::string rule = "FREQ=WEEKLY;INTERVAL=" + std::to_string(interval) + ";WKST=" + w;
                if (*d) rule += std::string(";BYDAY=") + d;
                const std::string rule_count = rule + ";COUNT=12";
                const auto expected = dateutil_expand(rule_count, "20240102T100000", 12);
                REQUIRE(expected.size() == 12);
                const std::string text = vcal("BEGIN:VEVENT\nUID:w\nDTSTAMP:20240101T000000Z\nDTSTART:20240102T100000\n"
                                              "RRULE:" + rule_count + "\nEND:VEVENT\n");
                const CalendarTimeZone utc_zone = CalendarTimeZone::from_tzid("UTC");
                std::vector<std::string> got;
                for (const auto& s : instances(text, {}, &utc_zone)) got.push_back(floating_text(s.start));
                // dateutil omits a DTSTART the rule does not produce; we always keep DTSTART.
                if (!got.empty() && (expected.empty() || got.front() != expected.front()) && got.front() == "20240102T100000")
                    got.erase(got.begin());
                INFO("RRULE:" << rule_count);
                CHECK(got == expected);
                ++compared;
            }
    CHECK(compared == 105);
    // The other parts RFC 5545 allows with WEEKLY: BYMONTH, BYSETPOS, BYHOUR/BYMINUTE.
    for (const char* rule : {"FREQ=WEEKLY;BYDAY=MO,TU,WE;BYSETPOS=-1;COUNT=12", "FREQ=WEEKLY;BYMONTH=3,4;BYDAY=TH;COUNT=12",
                             "FREQ=WEEKLY;BYHOUR=9,15;BYMINUTE=0,30;BYDAY=FR;COUNT=12",
                             "FREQ=WEEKLY;INTERVAL=2;WKST=SA;BYDAY=SA,MO;BYSETPOS=1,-1;COUNT=12"}) {
        const auto expected = dateutil_expand(rule, "20240102T100000", 12);
        REQUIRE(expected.size() == 12);
        const std::string text = vcal("BEGIN:VEVENT\nUID:w\nDTSTAMP:20240101T000000Z\nDTSTART:20240102T100000\nRRULE:" +
                                      std::string(rule) + "\nEND:VEVENT\n");
        const CalendarTimeZone utc_zone = CalendarTimeZone::from_tzid("UTC");
        std::vector<std::string> got;
        for (const auto& s : instances(text, {}, &utc_zone)) got.push_back(floating_text(s.start));
        if (!got.empty() && got.front() != expected.front() && got.front() == "20240102T100000") got.erase(got.begin());
        INFO("RRULE:" << rule);
        CHECK(got == expected);
    }
}

TEST_CASE("UNTIL as DATE-TIME, as DATE with a DATE-TIME DTSTART, and with dates", "[calendar][recurrence][until]") {
    const auto count = [](const std::string& dtstart, const std::string& rule) {
        return instances(vcal(std::string(kBerlinVtimezone) + "BEGIN:VEVENT\nUID:u\nDTSTAMP:20240101T000000Z\n" + dtstart +
                              "\nRRULE:" + rule + "\nEND:VEVENT\n"))
            .size();
    };
    // UNTIL is inclusive, in UTC: 10:00 Berlin on 01-05 is 09:00Z.
    CHECK(count("DTSTART;TZID=Europe/Berlin:20240101T100000", "FREQ=DAILY;UNTIL=20240105T090000Z") == 5);
    CHECK(count("DTSTART;TZID=Europe/Berlin:20240101T100000", "FREQ=DAILY;UNTIL=20240105T085959Z") == 4);
    // A DATE UNTIL with a DATE-TIME DTSTART (invalid, sent anyway): through the end of that day.
    CHECK(count("DTSTART;TZID=Europe/Berlin:20240101T100000", "FREQ=DAILY;UNTIL=20240105") == 5);
    CHECK(count("DTSTART;VALUE=DATE:20240101", "FREQ=DAILY;UNTIL=20240105") == 5);
}

TEST_CASE("RDATE, EXDATE of DTSTART, DATE EXDATE, RANGE=THISANDFUTURE", "[calendar][recurrence]") {
    const std::string text = vcal("BEGIN:VEVENT\nUID:r\nDTSTAMP:20240101T000000Z\nDTSTART:20240101T100000Z\nDURATION:PT1H\n"
                                  "RRULE:FREQ=DAILY;COUNT=4\nRDATE:20240110T120000Z\nRDATE;VALUE=PERIOD:20240111T120000Z/PT3H\n"
                                  "EXDATE:20240101T100000Z\nEXDATE;VALUE=DATE:20240103\nEND:VEVENT\n");
    const auto seen = instances(text);
    CHECK(starts(seen) == std::vector<std::int64_t>{utc(2024, 1, 2, 10), utc(2024, 1, 4, 10), utc(2024, 1, 10, 12),
                                                   utc(2024, 1, 11, 12)});
    REQUIRE(seen.size() == 4);
    CHECK(seen[3].end - seen[3].start == 3 * 3600);

    const std::string future = vcal("BEGIN:VEVENT\nUID:f\nDTSTAMP:20240101T000000Z\nSUMMARY:old\nDTSTART:20240101T100000Z\n"
                                    "DURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=5\nEND:VEVENT\n"
                                    "BEGIN:VEVENT\nUID:f\nDTSTAMP:20240101T000000Z\nSUMMARY:new\n"
                                    "RECURRENCE-ID;RANGE=THISANDFUTURE:20240103T100000Z\n"
                                    "DTSTART:20240103T140000Z\nDURATION:PT2H\nEND:VEVENT\n");
    const auto moved = instances(future);
    CHECK(starts(moved) == std::vector<std::int64_t>{utc(2024, 1, 1, 10), utc(2024, 1, 2, 10), utc(2024, 1, 3, 14),
                                                    utc(2024, 1, 4, 14), utc(2024, 1, 5, 14)});
    REQUIRE(moved.size() == 5);
    CHECK(moved[4].end - moved[4].start == 2 * 3600);
    // The instances after the override carry it as range_override (its own instance does not);
    // their component stays the master.
    CHECK(moved[2].summary == "new");
    CHECK(moved[2].range_override_summary.empty());
    CHECK(moved[1].range_override_summary.empty());
    CHECK(moved[3].range_override_summary == "new");
    CHECK(moved[4].range_override_summary == "new");
    CHECK(moved[4].summary == "old");
}

TEST_CASE("hostile rules end: impossible dates, huge counts, secondly series", "[calendar][limits]") {
    const auto run = [](const std::string& rule) {
        const std::string text = vcal("BEGIN:VEVENT\nUID:x\nDTSTAMP:20240101T000000Z\nDTSTART:20240101T100000Z\nRRULE:" + rule +
                                      "\nEND:VEVENT\n");
        auto cal = parse(text);
        std::size_t n = 0;
        const Expansion e = for_each_instance(cal.get(), TimeRange{utc(2030, 1, 1), kTimeMax}, [&](const Instance&) {
            ++n;
            return true;
        });
        return std::make_pair(n, e);
    };
    CHECK(run("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31").first == 0);
    CHECK(run("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").first == 0);
    const auto secondly = run("FREQ=SECONDLY");
    CHECK(secondly.second == Expansion::truncated);
    CHECK(secondly.first == 0);
    const auto weekly_wkst = run("FREQ=WEEKLY;INTERVAL=2;WKST=TH;BYMONTH=2;BYDAY=MO;BYSETPOS=3");
    CHECK(weekly_wkst.first == 0);
}
