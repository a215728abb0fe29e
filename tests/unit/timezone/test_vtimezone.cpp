// TimeZone::to_vtimezone: libical reads the VTIMEZONE back without errors and converts exactly
// as the model does.
#include <catch2/catch.hpp>

#include "converters/mapi/timezone/time_zone.h"
#include "tz_test_support.h"

using namespace calbridge::mapi;
using namespace tztest;

namespace {

TimeZone definition(const std::string& key, const std::vector<DefRule>& rules) {
    return TimeZone::from_definition(parse_tzdefinition(tzdef_bytes(key, rules)));
}

struct Case {
    const char* name;
    TimeZone zone;
};

std::vector<Case> zones() {
    return {
        {"Pacific", definition("Pacific Standard Time", {{2006, 0, pacific_2006()}, {2007, 3, pacific_2007()}})},
        {"Central European", definition("W. Europe Standard Time", {{2007, 3, west_europe()}})},
        {"India", definition("India Standard Time", {{2007, 3, india()}})},
        {"Sydney", definition("AUS Eastern Standard Time", {{2008, 3, aus_eastern()}})},
        {"Brazil", definition("E. South America Standard Time", brazil_rules())},
        {"Moscow", definition("Russian Standard Time", moscow_rules())},
        {"Offset change between rules", definition("Calbridge Test Standard Time", offset_change_rules())},
        {"UTC", TimeZone::utc()},
        {"TZREG only, synthetic id", TimeZone::from_tzreg(parse_tzreg(tzreg_bytes(pacific_2006())), "", 2021)},
    };
}

}  // namespace

TEST_CASE("VTIMEZONE for Pacific: one DAYLIGHT/STANDARD pair per era", "[timezone][vtimezone]") {
    const TimeZone tz = definition("Pacific Standard Time", {{2006, 0, pacific_2006()}, {2007, 3, pacific_2007()}});
    auto vtz = tz.to_vtimezone(2000, 2030);
    REQUIRE(vtz);
    CHECK(std::string(icalproperty_get_tzid(icalcomponent_get_first_property(vtz.get(), ICAL_TZID_PROPERTY))) == "America/Los_Angeles");

    std::vector<std::tuple<bool, std::string, int, int, std::string>> got;
    for (icalcomponent* c = icalcomponent_get_first_component(vtz.get(), ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(vtz.get(), ICAL_ANY_COMPONENT)) {
        std::string rrule;
        if (icalproperty* r = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY)) rrule = icalproperty_get_value_as_string(r);
        got.emplace_back(icalcomponent_isa(c) == ICAL_XDAYLIGHT_COMPONENT,
                         icaltime_as_ical_string(icalcomponent_get_dtstart(c)),
                         icalproperty_get_tzoffsetfrom(icalcomponent_get_first_property(c, ICAL_TZOFFSETFROM_PROPERTY)),
                         icalproperty_get_tzoffsetto(icalcomponent_get_first_property(c, ICAL_TZOFFSETTO_PROPERTY)), rrule);
    }
    // Starts in 1999 so that all of 2000 is covered; the old rule ends with its 2006 switches.
    const std::vector<std::tuple<bool, std::string, int, int, std::string>> expected = {
        {true, "19990404T020000", -28800, -25200, "FREQ=YEARLY;UNTIL=20060402T100000Z;BYDAY=1SU;BYMONTH=4"},
        {false, "19991031T020000", -25200, -28800, "FREQ=YEARLY;UNTIL=20061029T090000Z;BYDAY=-1SU;BYMONTH=10"},
        {true, "20070311T020000", -28800, -25200, "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"},
        {false, "20071104T020000", -25200, -28800, "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"},
    };
    CHECK(got == expected);
}

TEST_CASE("VTIMEZONE for a zone without DST is one STANDARD", "[timezone][vtimezone]") {
    auto vtz = definition("India Standard Time", {{2007, 3, india()}}).to_vtimezone(2021, 2021);
    REQUIRE(icalcomponent_count_components(vtz.get(), ICAL_ANY_COMPONENT) == 1);
    icalcomponent* s = icalcomponent_get_first_component(vtz.get(), ICAL_XSTANDARD_COMPONENT);
    REQUIRE(s);
    CHECK(icalproperty_get_tzoffsetto(icalcomponent_get_first_property(s, ICAL_TZOFFSETTO_PROPERTY)) == 330 * 60);
}

TEST_CASE("libical reads every VTIMEZONE back and agrees with the model", "[timezone][vtimezone]") {
    for (const auto& [name, tz] : zones()) {
        INFO(name << " (" << tz.tzid() << ")");
        auto vtz = tz.to_vtimezone(2000, 2030);
        int errors = 0;
        std::string text;
        ZonePtr zone = libical_zone(vtz.get(), errors, &text);
        INFO(text);
        REQUIRE(zone);
        CHECK(errors == 0);
        CHECK(std::string(icaltimezone_get_tzid(zone.get())) == tz.tzid());

        // UTC -> offset: every hour of 2021 and of the years where rules change.
        int offset_mismatches = 0;
        for (int year : {2000, 2006, 2007, 2010, 2011, 2012, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2030}) {
            for (std::int64_t t = utc(year, 1, 1); t < utc(year + 1, 1, 1); t += 3600) {
                if (libical_offset_minutes(zone.get(), t) != tz.utc_offset_minutes_at(t) && ++offset_mismatches <= 3) {
                    INFO("unix " << t);
                    CHECK(libical_offset_minutes(zone.get(), t) == tz.utc_offset_minutes_at(t));
                }
            }
        }
        CHECK(offset_mismatches == 0);

        // Local -> UTC: every whole and half hour of local time in years with changes, gaps
        // included. In an overlap libical takes the standard reading, the model (like Windows
        // and RFC 5545) the daylight one: there libical must give the other occurrence of the
        // same wall time, in standard time.
        int local_mismatches = 0, overlap_readings = 0;
        for (int year : {2011, 2014, 2015, 2016, 2019, 2021}) {
            for (std::int64_t wall = utc(year, 1, 1); wall < utc(year + 1, 1, 1); wall += 1800) {
                const CivilDateTime local = civil_from_unix(wall);
                const std::int64_t ours = tz.to_unix(local), theirs = libical_to_unix(zone.get(), local);
                if (ours == theirs) continue;
                const bool other_occurrence = tz.to_local(theirs) == local && tz.to_local(ours) == local &&
                                              tz.is_daylight_at(ours) && !tz.is_daylight_at(theirs);
                if (other_occurrence) {
                    ++overlap_readings;
                } else if (++local_mismatches <= 3) {
                    INFO("local " << local.year << "-" << local.month << "-" << local.day << " " << local.hour << ":"
                                  << local.minute);
                    CHECK(theirs == ours);
                }
            }
        }
        CHECK(local_mismatches == 0);
        // Only the one-hour DST overlaps differ: two half-hour readings each.
        CHECK(overlap_readings % 2 == 0);
    }
}

TEST_CASE("libical on the 2021 Pacific gap and overlap", "[timezone][vtimezone]") {
    const TimeZone tz = definition("Pacific Standard Time", {{2006, 0, pacific_2006()}, {2007, 3, pacific_2007()}});
    int errors = 0;
    ZonePtr zone = libical_zone(tz.to_vtimezone(2021, 2021).get(), errors);
    REQUIRE(zone);
    // The gap: libical, like the model and Windows, reads 02:30 as PDT.
    CHECK(libical_to_unix(zone.get(), civil(2021, 3, 14, 2, 30)) == utc(2021, 3, 14, 9, 30));
    CHECK(tz.to_unix(civil(2021, 3, 14, 2, 30)) == utc(2021, 3, 14, 9, 30));
    // The overlap: libical 3.0 reads 01:30 as PST (the second occurrence), unlike RFC 5545 3.3.5
    // and Windows, which the model follows (PDT, the first). If libical changes, this fails.
    CHECK(libical_to_unix(zone.get(), civil(2021, 11, 7, 1, 30)) == utc(2021, 11, 7, 9, 30));
    CHECK(tz.to_unix(civil(2021, 11, 7, 1, 30)) == utc(2021, 11, 7, 8, 30));
}

TEST_CASE("VTIMEZONE bounds: swapped years, far years", "[timezone][vtimezone]") {
    const TimeZone tz = definition("W. Europe Standard Time", {{2007, 3, west_europe()}});
    CHECK(calbridge::ical::to_ics(tz.to_vtimezone(2030, 2000).get()) == calbridge::ical::to_ics(tz.to_vtimezone(2000, 2030).get()));
    auto far = tz.to_vtimezone(1, 99999);
    int errors = 0;
    CHECK(libical_zone(far.get(), errors));
    CHECK(errors == 0);
}
