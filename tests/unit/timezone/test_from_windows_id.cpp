// TimeZone::from_windows_id: a Windows zone id (as EWS names zones) turned into the TZREG
// model through ICU's rules, checked against ICU's own offsets (ical::icu_offset_year) as an
// oracle, for northern and southern DST, no DST, half-hour offsets and rules at midnight.
#include <catch2/catch.hpp>

#include "converters/ical/civil_days.h"
#include "converters/ical/windows_zones.h"
#include "converters/mapi/timezone/time_zone.h"

using namespace calbridge;
using mapi::TimeZone;

namespace {

std::int64_t year_start(int y) { return ical::days_from_civil(y, 1, 1) * 86400; }

}  // namespace

TEST_CASE("from_windows_id: Pacific Standard Time in 2024", "[timezone][windows_id]") {
    auto tz = TimeZone::from_windows_id("Pacific Standard Time", 2024);
    REQUIRE(tz);
    CHECK(tz->tzid() == "America/Los_Angeles");
    CHECK(tz->windows_id() == "Pacific Standard Time");
    CHECK_FALSE(tz->is_utc());
    const auto changes = tz->transitions(year_start(2024), year_start(2025));
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].at == ical::days_from_civil(2024, 3, 10) * 86400 + 10 * 3600);  // 02:00 PST
    CHECK(changes[0].offset_after == -420);
    CHECK(changes[1].at == ical::days_from_civil(2024, 11, 3) * 86400 + 9 * 3600);  // 02:00 PDT
    CHECK(changes[1].offset_after == -480);
}

TEST_CASE("from_windows_id agrees with ICU's offsets for the year asked", "[timezone][windows_id]") {
    const char* zones[] = {"W. Europe Standard Time", "GMT Standard Time",     "AUS Eastern Standard Time",
                           "Tokyo Standard Time",     "India Standard Time",   "Eastern Standard Time",
                           "New Zealand Standard Time", "Pacific SA Standard Time", "Lord Howe Standard Time",
                           "Cen. Australia Standard Time", "UTC",              "Syria Standard Time"};
    for (const char* id : zones) {
        for (int year : {2015, 2024}) {
            INFO(id << " " << year);
            auto tz = TimeZone::from_windows_id(id, year);
            REQUIRE(tz);
            auto oracle = ical::icu_offset_year(tz->tzid(), year);
            REQUIRE(oracle);
            CHECK(tz->utc_offset_minutes_at(year_start(year)) == oracle->offset_at_start);
            std::vector<ical::OffsetYear::Change> got;
            for (const auto& t : tz->transitions(year_start(year), year_start(year + 1)))
                got.push_back({t.at, t.offset_after});
            CHECK(got == oracle->changes);
        }
    }
}

TEST_CASE("from_windows_id: unknown ids and UTC", "[timezone][windows_id]") {
    CHECK_FALSE(TimeZone::from_windows_id("Atlantis Standard Time", 2024));
    CHECK_FALSE(TimeZone::from_windows_id("", 2024));
    auto utc = TimeZone::from_windows_id("UTC", 2024);
    REQUIRE(utc);
    CHECK(utc->is_utc());
    CHECK(utc->windows_id() == "UTC");
}
