// TimeZone: naming, UTC <-> local conversion, checked against ICU's tz data as an oracle.
#include <catch2/catch.hpp>

#include <chrono>

#include "converters/mapi/timezone/time_zone.h"
#include "tz_test_support.h"

using namespace calbridge::mapi;
using namespace tztest;

namespace {

TimeZone definition(const std::string& key, const std::vector<DefRule>& rules) {
    return TimeZone::from_definition(parse_tzdefinition(tzdef_bytes(key, rules)));
}

TimeZone pacific() { return definition("Pacific Standard Time", {{2006, 0, pacific_2006()}, {2007, 3, pacific_2007()}}); }

// Every hour (and the half hour after it) from the start of year `from` to the start of `to`
// agrees with ICU.
void check_against_icu(const TimeZone& tz, const char* iana, int from, int to) {
    const IcuZone oracle(iana);
    int mismatches = 0;
    for (std::int64_t t = utc(from, 1, 1); t < utc(to, 1, 1); t += 1800) {
        if (tz.utc_offset_minutes_at(t) != oracle.offset_minutes(t) && ++mismatches <= 5) {
            INFO(iana << " at unix " << t);
            CHECK(tz.utc_offset_minutes_at(t) == oracle.offset_minutes(t));
        }
    }
    CHECK(mismatches == 0);
}

}  // namespace

TEST_CASE("TimeZone names Windows zones by their CLDR IANA id", "[timezone]") {
    CHECK(pacific().tzid() == "America/Los_Angeles");
    CHECK(pacific().windows_id() == "Pacific Standard Time");
    CHECK(definition("W. Europe Standard Time", {{2007, 3, west_europe()}}).tzid() == "Europe/Berlin");
    CHECK(definition("India Standard Time", {{2007, 3, india()}}).tzid() == "Asia/Calcutta");  // ICU 72's canonical id
    CHECK(definition("AUS Eastern Standard Time", {{2008, 3, aus_eastern()}}).tzid() == "Australia/Sydney");
    CHECK(definition("E. South America Standard Time", brazil_rules()).tzid() == "America/Sao_Paulo");
    // A key CLDR does not know stays the key.
    CHECK(definition("Calbridge Test Standard Time", {{2007, 3, west_europe()}}).tzid() == "Calbridge Test Standard Time");
}

TEST_CASE("UTC: the UTC key, the utc() zone", "[timezone]") {
    const TimeZone key = definition("UTC", {{2007, 3, utc()}});
    CHECK(key.is_utc());
    CHECK(key.tzid() == "Etc/UTC");
    CHECK(key.utc_offset_minutes_at(utc(2021, 7, 1)) == 0);
    const TimeZone z = TimeZone::utc();
    CHECK(z.is_utc());
    CHECK(z.tzid() == "UTC");
    CHECK(z.windows_id() == "UTC");
    CHECK(z.to_local(utc(2021, 3, 14, 10, 30)) == civil(2021, 3, 14, 10, 30));
    CHECK(z.to_unix(civil(2021, 11, 7, 1, 30)) == utc(2021, 11, 7, 1, 30));
    CHECK_FALSE(pacific().is_utc());
    CHECK_FALSE(definition("India Standard Time", {{2007, 3, india()}}).is_utc());
}

TEST_CASE("Offsets agree with ICU's tz data", "[timezone]") {
    SECTION("Pacific, both eras") {
        check_against_icu(pacific(), "America/Los_Angeles", 2000, 2031);
    }
    SECTION("Central European") {
        check_against_icu(definition("W. Europe Standard Time", {{2007, 3, west_europe()}}), "Europe/Berlin", 1997, 2031);
    }
    SECTION("India") {
        check_against_icu(definition("India Standard Time", {{2007, 3, india()}}), "Asia/Kolkata", 1990, 2031);
    }
    SECTION("Sydney, southern hemisphere") {
        check_against_icu(definition("AUS Eastern Standard Time", {{2008, 3, aus_eastern()}}), "Australia/Sydney", 2008, 2031);
    }
    SECTION("Brazil: rule per year, DST over the new year, then abolished") {
        check_against_icu(definition("E. South America Standard Time", brazil_rules()), "America/Sao_Paulo", 2017, 2031);
    }
    SECTION("Moscow: DST made permanent, then a return to UTC+3, all by rule tricks") {
        check_against_icu(definition("Russian Standard Time", moscow_rules()), "Europe/Moscow", 2010, 2031);
    }
    SECTION("TZREG only") {
        check_against_icu(TimeZone::from_tzreg(parse_tzreg(tzreg_bytes(pacific_2007())), "", 2021),
                          "America/Los_Angeles", 2007, 2031);
    }
}

TEST_CASE("to_local and to_unix across the 2021 Pacific transitions", "[timezone]") {
    const TimeZone tz = pacific();
    // 2021-03-14: 02:00 PST becomes 03:00 PDT at 10:00Z.
    CHECK(tz.to_local(utc(2021, 3, 14, 9, 59, 59)) == civil(2021, 3, 14, 1, 59, 59));
    CHECK(tz.to_local(utc(2021, 3, 14, 10)) == civil(2021, 3, 14, 3));
    CHECK_FALSE(tz.is_daylight_at(utc(2021, 3, 14, 9, 59, 59)));
    CHECK(tz.is_daylight_at(utc(2021, 3, 14, 10)));
    // 2021-11-07: 02:00 PDT becomes 01:00 PST at 09:00Z; 01:30 happens at 08:30Z and 09:30Z.
    CHECK(tz.to_local(utc(2021, 11, 7, 8, 30)) == civil(2021, 11, 7, 1, 30));
    CHECK(tz.to_local(utc(2021, 11, 7, 9, 30)) == civil(2021, 11, 7, 1, 30));
    CHECK(tz.utc_offset_minutes_at(utc(2021, 11, 7, 8, 59, 59)) == -420);
    CHECK(tz.utc_offset_minutes_at(utc(2021, 11, 7, 9)) == -480);

    SECTION("the gap: 02:30 is read as daylight time, as Windows does: 02:30 PDT, shown as 01:30 PST") {
        CHECK(tz.to_unix(civil(2021, 3, 14, 2, 30)) == utc(2021, 3, 14, 9, 30));
        CHECK(tz.to_local(tz.to_unix(civil(2021, 3, 14, 2, 30))) == civil(2021, 3, 14, 1, 30));
        CHECK(tz.to_unix(civil(2021, 3, 14, 2, 0)) == utc(2021, 3, 14, 9, 0));
        CHECK(tz.to_unix(civil(2021, 3, 14, 3, 0)) == utc(2021, 3, 14, 10, 0));
        CHECK(tz.to_unix(civil(2021, 3, 14, 1, 59, 59)) == utc(2021, 3, 14, 9, 59, 59));
    }
    SECTION("the overlap: 01:30 is read as daylight time, the first occurrence") {
        CHECK(tz.to_unix(civil(2021, 11, 7, 1, 30)) == utc(2021, 11, 7, 8, 30));
        CHECK(tz.to_unix(civil(2021, 11, 7, 0, 59, 59)) == utc(2021, 11, 7, 7, 59, 59));
        CHECK(tz.to_unix(civil(2021, 11, 7, 2, 0)) == utc(2021, 11, 7, 10, 0));
    }
    SECTION("before 2007 the old rule holds") {
        CHECK(tz.utc_offset_minutes_at(utc(2006, 3, 20, 12)) == -480);  // March 2006: still PST
        CHECK(tz.utc_offset_minutes_at(utc(2006, 4, 2, 10)) == -420);   // 1st Sunday of April 2006
        CHECK(tz.utc_offset_minutes_at(utc(2006, 10, 29, 8, 59)) == -420);
        CHECK(tz.utc_offset_minutes_at(utc(2006, 10, 29, 9)) == -480);  // last Sunday of October
        CHECK(tz.utc_offset_minutes_at(utc(2007, 3, 11, 10)) == -420);  // 2nd Sunday of March 2007
    }
}

TEST_CASE("to_unix inverts to_local for every half hour of 2021", "[timezone]") {
    for (const TimeZone& tz : {pacific(), definition("AUS Eastern Standard Time", {{2008, 3, aus_eastern()}}),
                               definition("E. South America Standard Time", brazil_rules())}) {
        INFO(tz.tzid());
        int mismatches = 0;
        for (std::int64_t t = utc(2018, 1, 1); t < utc(2022, 1, 1); t += 1800) {
            const CivilDateTime local = tz.to_local(t);
            const std::int64_t back = tz.to_unix(local);
            // Exact except for the second pass through an overlap, which maps to the first.
            const bool second_of_overlap = back == t - 3600 && tz.to_local(back) == local;
            if (back != t && !second_of_overlap) ++mismatches;
        }
        CHECK(mismatches == 0);
    }
}

TEST_CASE("Southern hemisphere: DST spans the new year", "[timezone]") {
    const TimeZone tz = definition("AUS Eastern Standard Time", {{2008, 3, aus_eastern()}});
    CHECK(tz.utc_offset_minutes_at(utc(2021, 1, 1)) == 660);
    CHECK(tz.utc_offset_minutes_at(utc(2021, 7, 1)) == 600);
    // 2021-04-04 03:00 AEDT -> 02:00 AEST at 16:00Z on April 3; 2021-10-03 02:00 -> 03:00 at 16:00Z on October 2.
    CHECK(tz.utc_offset_minutes_at(utc(2021, 4, 3, 15, 59)) == 660);
    CHECK(tz.utc_offset_minutes_at(utc(2021, 4, 3, 16)) == 600);
    CHECK(tz.utc_offset_minutes_at(utc(2021, 10, 2, 15, 59)) == 600);
    CHECK(tz.utc_offset_minutes_at(utc(2021, 10, 2, 16)) == 660);
    CHECK(tz.to_unix(civil(2021, 10, 3, 2, 30)) == utc(2021, 10, 2, 15, 30));  // gap: read as AEDT
    CHECK(tz.to_unix(civil(2021, 4, 4, 2, 30)) == utc(2021, 4, 3, 15, 30));    // overlap: AEDT first
}

TEST_CASE("transitions() lists each change once", "[timezone]") {
    const auto changes = definition("E. South America Standard Time", brazil_rules()).transitions(utc(2017, 1, 1), utc(2021, 1, 1));
    const std::vector<TimeZone::Transition> expected = {
        {utc(2017, 2, 19, 2), -120, -180, false},
        {utc(2017, 10, 15, 3), -180, -120, true},
        {utc(2018, 2, 18, 2), -120, -180, false},
        {utc(2018, 11, 4, 3), -180, -120, true},
        {utc(2019, 2, 17, 2), -120, -180, false},
    };
    CHECK(changes == expected);
}

TEST_CASE("A change of standard offset where two rules meet", "[timezone]") {
    const TimeZone tz = definition("Calbridge Test Standard Time", offset_change_rules());
    // 2016-01-01 00:00 local UTC-3 = 03:00Z; until then UTC-4.
    const std::vector<TimeZone::Transition> expected = {{utc(2016, 1, 1, 3), -240, -180, false}};
    CHECK(tz.transitions(utc(2010, 1, 1), utc(2020, 1, 1)) == expected);
    CHECK(tz.to_local(utc(2016, 1, 1, 2, 59)) == civil(2015, 12, 31, 22, 59));
    CHECK(tz.to_local(utc(2016, 1, 1, 3)) == civil(2016, 1, 1, 0, 0));
    // 23:30 on Dec 31 does not exist: read with the offset after the gap.
    CHECK(tz.to_unix(civil(2015, 12, 31, 23, 30)) == utc(2016, 1, 1, 2, 30));
}

TEST_CASE("TZREG-only items: the Windows zone is found by rules and description", "[timezone]") {
    const TzReg pacific_reg = parse_tzreg(tzreg_bytes(pacific_2007()));
    SECTION("Pacific") {
        const TimeZone tz = TimeZone::from_tzreg(pacific_reg, "(UTC-08:00) Pacific Time (US & Canada)", 2021);
        CHECK(tz.windows_id() == "Pacific Standard Time");
        CHECK(tz.tzid() == "America/Los_Angeles");
        CHECK(tz.description() == "(UTC-08:00) Pacific Time (US & Canada)");
    }
    SECTION("a description ICU cannot place: equal rules tie, the first name wins") {
        // Pacific Standard Time (Mexico) has had the US rules since 2010, and ICU knows no
        // "Baja California": the tie goes to the alphabetically first Windows name.
        const TimeZone tz = TimeZone::from_tzreg(pacific_reg, "(UTC-08:00) Baja California", 2021);
        CHECK(tz.windows_id() == "Pacific Standard Time");
        // Named by a city CLDR maps to it, the Mexican zone wins.
        CHECK(TimeZone::from_tzreg(pacific_reg, "(UTC-08:00) Tijuana", 2021).tzid() == "America/Tijuana");
    }
    SECTION("the EU rule: four Windows zones, the cities decide") {
        const TzReg reg = parse_tzreg(tzreg_bytes(west_europe()));
        CHECK(TimeZone::from_tzreg(reg, "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", 2021).windows_id() ==
              "W. Europe Standard Time");
        CHECK(TimeZone::from_tzreg(reg, "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", 2021).tzid() == "Europe/Paris");
        CHECK(TimeZone::from_tzreg(reg, "(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb", 2021).windows_id() ==
              "Central European Standard Time");
    }
    SECTION("India and Sydney") {
        CHECK(TimeZone::from_tzreg(parse_tzreg(tzreg_bytes(india())), "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", 2021)
                  .tzid() == "Asia/Calcutta");
        CHECK(TimeZone::from_tzreg(parse_tzreg(tzreg_bytes(aus_eastern())), "(UTC+10:00) Canberra, Melbourne, Sydney", 2021)
                  .tzid() == "Australia/Sydney");
    }
    SECTION("UTC without DST: the fixed-offset zone wins the tie") {
        const TimeZone tz = TimeZone::from_tzreg(parse_tzreg(tzreg_bytes(utc())), "(UTC) Coordinated Universal Time", 2021);
        CHECK(tz.windows_id() == "UTC");
        CHECK(tz.is_utc());
    }
    SECTION("the pre-2007 US rule matches nothing in 2021 but Pacific in 2005") {
        const TzReg old = parse_tzreg(tzreg_bytes(pacific_2006()));
        CHECK(TimeZone::from_tzreg(old, "(GMT-08:00) Pacific Time (US & Canada); Tijuana", 2005).tzid() == "America/Los_Angeles");
        const TimeZone unmatched = TimeZone::from_tzreg(old, "(GMT-08:00) Pacific Time (US & Canada); Tijuana", 2021);
        CHECK(unmatched.windows_id().empty());
        CHECK(unmatched.tzid() == "Outlook UTC-0800 DST UTC-0700 M4.1.0/0200 M10.5.0/0200");
    }
    SECTION("a zone no one has gets a synthetic id") {
        Rule odd = india();
        odd.bias = -37;
        const TimeZone tz = TimeZone::from_tzreg(parse_tzreg(tzreg_bytes(odd)), "(UTC+00:37) Nowhere", 2021);
        CHECK(tz.windows_id().empty());
        CHECK(tz.tzid() == "Outlook UTC+0037");
        CHECK(tz.to_unix(civil(2021, 1, 1, 0, 37)) == utc(2021, 1, 1));
    }
}

TEST_CASE("A TZDEFINITION without key name is named from its effective rule", "[timezone]") {
    TimeZoneDefinition def = parse_tzdefinition(tzdef_bytes("Pacific Standard Time", {{2006, 0, pacific_2006()}, {2007, 3, pacific_2007()}}));
    def.key_name.clear();
    def.flags = 0;
    CHECK(TimeZone::from_definition(def).tzid() == "America/Los_Angeles");
}

TEST_CASE("Rules a TimeZone cannot use are refused", "[timezone]") {
    TzReg reg;
    reg.bias = -60;
    reg.daylight_bias = -60;
    reg.standard_date.month = 10;
    reg.standard_date.day = 5;
    reg.daylight_date.month = 3;
    reg.daylight_date.day = 0;  // week 0
    CHECK_THROWS_AS(TimeZone::from_tzreg(reg, "", 2021), BlobError);
    CHECK_THROWS_AS(TimeZone::from_definition(TimeZoneDefinition{}), BlobError);
}

TEST_CASE("UTC to local and back holds for thirty years of instants", "[timezone]") {
    // Speed is measured in bench/, not here: this checks the round trip only. An instant in the
    // second pass of a fall-back hour comes back as the first pass (the overlap rule in
    // time_zone.h), which shows the same local time an hour earlier.
    const TimeZone tz = pacific();
    int round_trips = 0, overlaps = 0;
    for (std::int64_t t = utc(2000, 1, 1); t < utc(2030, 1, 1); t += 1800) {
        const std::int64_t back = tz.to_unix(tz.to_local(t));
        if (back == t) {
            ++round_trips;
        } else {
            CHECK(back == t - 3600);
            CHECK(tz.to_local(back) == tz.to_local(t));
            ++overlaps;
        }
    }
    CHECK(round_trips > 525000);
    CHECK(overlaps == 30 * 2);  // one fall-back hour a year, two half-hour steps in it
}
