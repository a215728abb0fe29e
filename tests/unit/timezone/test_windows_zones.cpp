// Windows zone names <-> IANA ids through ICU/CLDR, and matching a zone by its rules.
#include <catch2/catch.hpp>

#include "converters/ical/windows_zones.h"
#include "tz_test_support.h"

using namespace calbridge::ical;
using tztest::utc;

TEST_CASE("iana_from_windows follows CLDR windowsZones", "[timezone][windows]") {
    CHECK(iana_from_windows("Pacific Standard Time") == "America/Los_Angeles");
    CHECK(iana_from_windows("W. Europe Standard Time") == "Europe/Berlin");
    CHECK(iana_from_windows("India Standard Time") == "Asia/Calcutta");
    CHECK(iana_from_windows("UTC") == "Etc/UTC");
    CHECK(iana_from_windows("GMT Standard Time") == "Europe/London");
    // A territory picks that territory's zone.
    CHECK(iana_from_windows("Pacific Standard Time", "CA") == "America/Vancouver");
    CHECK(iana_from_windows("W. Europe Standard Time", "IT") == "Europe/Rome");
    CHECK_FALSE(iana_from_windows("Nowhere Standard Time"));
    CHECK_FALSE(iana_from_windows(""));
    CHECK_FALSE(iana_from_windows("(UTC-08:00) Pacific Time (US & Canada)"));  // a description is no key
}

TEST_CASE("windows_from_iana knows canonical ids and aliases", "[timezone][windows]") {
    CHECK(windows_from_iana("Europe/Paris") == "Romance Standard Time");
    CHECK(windows_from_iana("Asia/Kolkata") == "India Standard Time");
    CHECK(windows_from_iana("Asia/Calcutta") == "India Standard Time");
    CHECK_FALSE(windows_from_iana("Mars/Olympus_Mons"));
}

TEST_CASE("icu_offset_year lists the real changes of a year", "[timezone][windows]") {
    const auto la = icu_offset_year("America/Los_Angeles", 2021);
    REQUIRE(la);
    CHECK(la->offset_at_start == -480);
    const std::vector<OffsetYear::Change> expected = {{utc(2021, 3, 14, 10), -420}, {utc(2021, 11, 7, 9), -480}};
    CHECK(la->changes == expected);
    const auto kolkata = icu_offset_year("Asia/Kolkata", 2021);
    REQUIRE(kolkata);
    CHECK(kolkata->offset_at_start == 330);
    CHECK(kolkata->changes.empty());
    CHECK_FALSE(icu_offset_year("Mars/Olympus_Mons", 2021));
}

TEST_CASE("windows_zone_matching compares a year of offsets", "[timezone][windows]") {
    OffsetYear pacific{2021, -480, {{utc(2021, 3, 14, 10), -420}, {utc(2021, 11, 7, 9), -480}}};
    CHECK(windows_zone_matching(pacific, "(UTC-08:00) Pacific Time (US & Canada)") == "Pacific Standard Time");
    // Same rules, DST one second late: nothing matches.
    OffsetYear late = pacific;
    late.changes[0].at += 1;
    CHECK_FALSE(windows_zone_matching(late, "(UTC-08:00) Pacific Time (US & Canada)"));
    // Asking twice gives the same answer (the second comes from the cache).
    CHECK(windows_zone_matching(pacific, "") == windows_zone_matching(pacific, ""));
    // A fixed offset with no place named: the Etc/ zone.
    CHECK(windows_zone_matching(OffsetYear{2021, -480, {}}, "") == "UTC-08");
}
