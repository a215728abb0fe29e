// Parsing TZREG (MS-OXOCAL 2.2.1.39) and TZDEFINITION (2.2.1.41) blobs.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "converters/mapi/timezone/timezone_blob.h"
#include "tz_test_support.h"

using namespace calbridge::mapi;
using tztest::Bytes;

namespace {

// MS-OXOCAL 4.1.5: PidLidTimeZoneStruct of Pacific time.
const char* kSpecTzReg =
    "E001000000000000C4FFFFFF000000000B00000001000200000000000000000000000300000002000200000000000000";
// MS-OXOCAL 4.1.4: PidLidAppointmentTimeZoneDefinitionRecur of Pacific time, two rules.
const char* kSpecTzDef =
    "0201300002001500500061006300690066006900630020005300740061006E0064006100720064002000540069006D0065000200"
    "02013E000000D6070000000000000000000000000000E001000000000000C4FFFFFF00000A00000005000200000000000000000004"
    "0000000100020000000000000002013E000200D7070000000000000000000000000000E001000000000000C4FFFFFF00000B000000"
    "0100020000000000000000000300000002000200000000000000";

SystemTime st(std::uint16_t month, std::uint16_t dow, std::uint16_t day, std::uint16_t hour) {
    SystemTime s;
    s.month = month;
    s.day_of_week = dow;
    s.day = day;
    s.hour = hour;
    return s;
}

Bytes read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("TZREG: the MS-OXOCAL 4.1.5 example parses field by field", "[timezone][blob]") {
    const TzReg reg = parse_tzreg(tztest::from_hex(kSpecTzReg));
    CHECK(reg.bias == 480);
    CHECK(reg.standard_bias == 0);
    CHECK(reg.daylight_bias == -60);
    CHECK(reg.standard_date == st(11, 0, 1, 2));  // first Sunday of November, 2:00
    CHECK(reg.daylight_date == st(3, 0, 2, 2));   // second Sunday of March, 2:00
    CHECK(reg.observes_dst());
    CHECK(reg.standard_offset_minutes() == -480);
    CHECK(reg.daylight_offset_minutes() == -420);
}

TEST_CASE("TZDEFINITION: the MS-OXOCAL 4.1.4 example parses field by field", "[timezone][blob]") {
    const TimeZoneDefinition def = parse_tzdefinition(tztest::from_hex(kSpecTzDef));
    CHECK(def.flags == TimeZoneDefinition::kValidKeyName);
    CHECK(def.key_name == "Pacific Standard Time");
    REQUIRE(def.rules.size() == 2);
    CHECK(def.rules[0].year() == 2006);
    CHECK(def.rules[0].flags == 0);
    CHECK(def.rules[0].reg.bias == 480);
    CHECK(def.rules[0].reg.daylight_bias == -60);
    CHECK(def.rules[0].reg.standard_date == st(10, 0, 5, 2));  // last Sunday of October
    CHECK(def.rules[0].reg.daylight_date == st(4, 0, 1, 2));   // first Sunday of April
    CHECK(def.rules[1].year() == 2007);
    CHECK(def.rules[1].effective());
    CHECK_FALSE(def.rules[1].recur_current());
    CHECK(def.rules[1].reg.standard_date == st(11, 0, 1, 2));
    CHECK(def.rules[1].reg.daylight_date == st(3, 0, 2, 2));
    CHECK(def.effective_rule() == &def.rules[1]);
    // MS-OXOCAL 2.2.1.41: the effective rule agrees with the 4.1.5 PidLidTimeZoneStruct.
    CHECK(def.effective_rule()->reg == parse_tzreg(tztest::from_hex(kSpecTzReg)));
}

TEST_CASE("TZDEFINITION: a real StartDisplay blob from the Outlook.com OST", "[timezone][blob]") {
    const Bytes blob = read_file(std::string(CALBRIDGE_TEST_DATA) + "/tzdef-pacific-outlook.bin");
    REQUIRE(blob.size() == 118);
    const TimeZoneDefinition def = parse_tzdefinition(blob);
    CHECK(def.key_name == "Pacific Standard Time");
    REQUIRE(def.rules.size() == 1);
    CHECK(def.rules[0].flags == TzRule::kEffectiveTzReg);
    CHECK(def.rules[0].year() == 2007);
    CHECK(def.rules[0].start.month == 1);  // Outlook writes stStart = January 1, not zeros
    CHECK(def.rules[0].start.day == 1);
    CHECK(def.rules[0].reg.bias == 480);
    CHECK(def.rules[0].reg.standard_date == st(11, 0, 1, 2));
    CHECK(def.rules[0].reg.daylight_date == st(3, 0, 2, 2));
}

TEST_CASE("TZREG and TZDEFINITION built for real zones read back", "[timezone][blob]") {
    using namespace tztest;
    SECTION("Pacific, two eras") {
        const auto def = parse_tzdefinition(tzdef_bytes("Pacific Standard Time", {{2006, 0, pacific_2006()}, {2007, 3, pacific_2007()}}));
        CHECK(def.key_name == "Pacific Standard Time");
        REQUIRE(def.rules.size() == 2);
        CHECK(def.rules[1].flags == 3);
        CHECK(def.rules[1].recur_current());
        CHECK(def.rules[0].reg.daylight_date == st(4, 0, 1, 2));
    }
    SECTION("Central European") {
        const TzReg reg = parse_tzreg(tzreg_bytes(west_europe()));
        CHECK(reg.bias == -60);
        CHECK(reg.standard_offset_minutes() == 60);
        CHECK(reg.daylight_offset_minutes() == 120);
        CHECK(reg.standard_date == st(10, 0, 5, 3));
        CHECK(reg.daylight_date == st(3, 0, 5, 2));
    }
    SECTION("India: no DST") {
        const TzReg reg = parse_tzreg(tzreg_bytes(india()));
        CHECK(reg.bias == -330);
        CHECK_FALSE(reg.observes_dst());
        CHECK(reg.standard_offset_minutes() == 330);
    }
    SECTION("Sydney: southern hemisphere") {
        const auto def = parse_tzdefinition(tzdef_bytes("AUS Eastern Standard Time", {{2008, 2, aus_eastern()}}));
        CHECK(def.rules[0].reg.daylight_date == st(10, 0, 1, 2));
        CHECK(def.rules[0].reg.standard_date == st(4, 0, 1, 3));
    }
    SECTION("Brazil: per-year rules, DST abolished") {
        const auto def = parse_tzdefinition(tzdef_bytes("E. South America Standard Time", brazil_rules()));
        REQUIRE(def.rules.size() == 4);
        CHECK(def.rules[2].reg.daylight_date == st(1, 2, 1, 0));
        CHECK_FALSE(def.rules[3].reg.observes_dst());
        CHECK(def.effective_rule() == &def.rules[3]);
    }
    SECTION("UTC") {
        const auto def = parse_tzdefinition(tzdef_bytes("UTC", {{2007, 3, utc()}}));
        CHECK(def.key_name == "UTC");
        CHECK(def.rules[0].reg == TzReg{});
    }
}

TEST_CASE("TZDEFINITION: header and rule extensions are skipped, GUID read", "[timezone][blob]") {
    using namespace tztest;
    Bytes b = tzdef_bytes("UTC", {{2007, 3, utc()}});
    // Grow cbHeader by 4 and insert 4 bytes after cRules; grow cbRule by 2 and append 2 bytes.
    const std::size_t rules_at = 2 + 2 + 2 + 2 + 2 * 3 + 2;
    b[2] = static_cast<std::uint8_t>(b[2] + 4);
    b.insert(b.begin() + static_cast<long>(rules_at), {0xAA, 0xBB, 0xCC, 0xDD});
    b[rules_at + 4 + 2] = 0x40;
    b.insert(b.end(), {0xEE, 0xFF});
    const auto def = parse_tzdefinition(b);
    CHECK(def.key_name == "UTC");
    REQUIRE(def.rules.size() == 1);
    CHECK(def.rules[0].year() == 2007);

    // wFlags with TZDEFINITION_FLAG_VALID_GUID: 16 GUID bytes precede cchKeyName.
    Bytes g = tzdef_bytes("UTC", {{2007, 3, utc()}});
    g[2] = static_cast<std::uint8_t>(g[2] + 16);
    g[4] = 0x03;
    Bytes guid(16);
    for (std::size_t i = 0; i < 16; ++i) guid[i] = static_cast<std::uint8_t>(i + 1);
    g.insert(g.begin() + 6, guid.begin(), guid.end());
    const auto with_guid = parse_tzdefinition(g);
    REQUIRE(with_guid.guid.has_value());
    CHECK((*with_guid.guid)[15] == 16);
    CHECK(with_guid.key_name == "UTC");
}

TEST_CASE("TZDEFINITION: a key name outside ASCII is decoded from UTF-16", "[timezone][blob]") {
    using namespace tztest;
    Bytes b = tzdef_bytes("Zz", {{2007, 3, utc()}});
    // "Zz" -> U+00E9 U+1F600 (a surrogate pair): 3 UTF-16 units.
    Bytes key = {0xE9, 0x00, 0x3D, 0xD8, 0x00, 0xDE};
    b.erase(b.begin() + 8, b.begin() + 12);
    b.insert(b.begin() + 8, key.begin(), key.end());
    b[6] = 3;
    b[2] = static_cast<std::uint8_t>(b[2] + 2);
    CHECK(parse_tzdefinition(b).key_name == "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST_CASE("Time-zone blobs truncated at every byte throw BlobError", "[timezone][blob]") {
    using namespace tztest;
    const std::vector<std::pair<std::string, Bytes>> blobs = {
        {"spec TZDEFINITION", from_hex(kSpecTzDef)},
        {"Brazil TZDEFINITION", tzdef_bytes("E. South America Standard Time", brazil_rules())},
        {"Outlook TZDEFINITION", read_file(std::string(CALBRIDGE_TEST_DATA) + "/tzdef-pacific-outlook.bin")},
    };
    for (const auto& [name, blob] : blobs) {
        INFO(name);
        REQUIRE_NOTHROW(parse_tzdefinition(blob));
        for (std::size_t n = 0; n < blob.size(); ++n) {
            INFO("length " << n);
            CHECK_THROWS_AS(parse_tzdefinition(std::span(blob.data(), n)), BlobError);
        }
    }
    const Bytes reg = from_hex(kSpecTzReg);
    for (std::size_t n = 0; n < reg.size(); ++n) CHECK_THROWS_AS(parse_tzreg(std::span(reg.data(), n)), BlobError);
}

TEST_CASE("Truncation errors name the blob, the field and the offset", "[timezone][blob]") {
    const Bytes def = tztest::from_hex(kSpecTzDef);
    CHECK_THROWS_WITH(parse_tzdefinition(std::span(def.data(), 100)),
                      "TZDEFINITION: truncated: TZRule[0].stStandardDate.wMilliseconds needs 2 bytes, 0 left at byte 100");
    const Bytes reg = tztest::from_hex(kSpecTzReg);
    CHECK_THROWS_WITH(parse_tzreg(std::span(reg.data(), 10)),
                      "TZREG: truncated: lDaylightBias needs 4 bytes, 2 left at byte 8");
}

TEST_CASE("Inconsistent time-zone blobs are rejected with the reason", "[timezone][blob]") {
    using namespace tztest;
    const Bytes good = tzdef_bytes("UTC", {{2007, 3, utc()}});
    SECTION("unknown major version") {
        Bytes b = good;
        b[0] = 3;
        CHECK_THROWS_WITH(parse_tzdefinition(b), "TZDEFINITION: unsupported bMajorVersion 3 (expected 2) at byte 0");
    }
    SECTION("cbHeader too small for its fields") {
        Bytes b = good;
        b[2] = 4;
        CHECK_THROWS_WITH(parse_tzdefinition(b), Catch::Contains("cbHeader 4 is smaller than its fields (12 bytes)"));
    }
    SECTION("no rules") {
        const Bytes b = tzdef_bytes("UTC", {});
        CHECK_THROWS_WITH(parse_tzdefinition(b), "TZDEFINITION: cRules is 0 (at least one TZRule is required) at byte 14");
    }
    SECTION("cbRule smaller than a TZRule") {
        Bytes b = good;
        b[18] = 0x20;
        CHECK_THROWS_WITH(parse_tzdefinition(b), Catch::Contains("TZRule[0]: cbRule 32 is smaller than a TZRule (62)"));
    }
    SECTION("month 13 in a DST rule") {
        Rule r = west_europe();
        r.daylight.month = 13;
        CHECK_THROWS_WITH(parse_tzdefinition(tzdef_bytes("X", {{2007, 3, r}})),
                          "TZDEFINITION: TZRule[0]: stDaylightDate.wMonth is 13 (expected 1..12) at byte 64");
        CHECK_THROWS_WITH(parse_tzreg(tzreg_bytes(r)),
                          "TZREG: stDaylightDate.wMonth is 13 (expected 1..12) at byte 34");
    }
    SECTION("week 6") {
        Rule r = west_europe();
        r.standard.day = 6;
        CHECK_THROWS_WITH(parse_tzreg(tzreg_bytes(r)), Catch::Contains("stStandardDate.wDay is 6 (expected 1..5)"));
    }
    SECTION("a bias of days") {
        Rule r = india();
        r.bias = 100000;
        CHECK_THROWS_WITH(parse_tzreg(tzreg_bytes(r)), Catch::Contains("lBias is 100000 minutes"));
    }
    SECTION("dates without DST are not checked") {
        Rule r = india();
        r.daylight.day = 9;  // month 0: no DST, Outlook leaves whatever there
        CHECK_NOTHROW(parse_tzreg(tzreg_bytes(r)));
    }
}
