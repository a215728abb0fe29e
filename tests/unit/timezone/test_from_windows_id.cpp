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

#include <unicode/ucal.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include <set>

namespace {

// Every Windows zone id CLDR knows (through ICU's zone list), as windows_zones.h enumerates them.
std::set<std::string> all_windows_ids() {
    std::set<std::string> out;
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration* zones = ucal_openTimeZones(&status);
    int32_t length = 0;
    while (const UChar* id = uenum_unext(zones, &length, &status)) {
        UChar windows[128];
        UErrorCode s = U_ZERO_ERROR;
        const int32_t n = ucal_getWindowsTimeZoneID(id, length, windows, 128, &s);
        if (U_FAILURE(s) || n <= 0) continue;
        char utf8[256];
        int32_t written = 0;
        u_strToUTF8(utf8, sizeof utf8, &written, windows, n, &s);
        if (U_SUCCESS(s)) out.insert(std::string(utf8, static_cast<std::size_t>(written)));
    }
    uenum_close(zones);
    return out;
}

}  // namespace

// One TZREG is one yearly rule, as in the Windows registry: a year whose real rules are not a
// plain pair of yearly switches cannot be reproduced (Morocco's Ramadan suspensions: four
// changes in some years, and dates that follow the lunar calendar; Egypt 2010; rules that moved from one year to the next, like Iran's and
// Israel's before 2013 or Russia's abolition of DST in 2011, for the years before the rule
// ICU finds near mid-year). Everything else must match ICU exactly.
TEST_CASE("from_windows_id: every Windows zone matches ICU in the year asked", "[timezone][windows_id]") {
    const auto ids = all_windows_ids();
    REQUIRE(ids.size() > 100);
    int checked = 0;
    std::vector<std::string> mismatched;
    for (const auto& id : ids) {
        for (int year : {2010, 2024}) {
            auto tz = TimeZone::from_windows_id(id, year);
            INFO(id << " " << year);
            REQUIRE(tz);
            auto oracle = ical::icu_offset_year(tz->tzid(), year);
            REQUIRE(oracle);
            ++checked;
            std::vector<ical::OffsetYear::Change> got;
            for (const auto& t : tz->transitions(year_start(year), year_start(year + 1)))
                got.push_back({t.at, t.offset_after});
            if (tz->utc_offset_minutes_at(year_start(year)) == oracle->offset_at_start && got == oracle->changes) continue;
            mismatched.push_back(id + " " + std::to_string(year));
            // Today every zone has a yearly rule except Morocco, whose clocks follow Ramadan.
            if (year == 2024) CHECK(id == "Morocco Standard Time");
        }
    }
    std::string listed;
    for (const auto& m : mismatched) listed += m + "\n";
    INFO(listed);
    CHECK(mismatched.size() * 10 < static_cast<std::size_t>(checked));  // fewer than 10 %
}
