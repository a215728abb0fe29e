#include <catch2/catch.hpp>

#include "converters/mapi/blob_reader.h"
#include "converters/mapi/guid.h"
#include "converters/mapi/time_units.h"

using namespace calbridge::mapi;

TEST_CASE("GUID text round-trips through the on-disk byte order", "[guid]") {
    Guid g = Guid::parse("{00062002-0000-0000-C000-000000000046}");
    // Data1 is little-endian on disk: 02 20 06 00.
    CHECK(g.bytes[0] == 0x02);
    CHECK(g.bytes[1] == 0x20);
    CHECK(g.bytes[2] == 0x06);
    CHECK(g.bytes[8] == 0xC0);
    CHECK(g.to_string() == "00062002-0000-0000-C000-000000000046");
    CHECK_THROWS_AS(Guid::parse("not-a-guid"), std::invalid_argument);
}

TEST_CASE("MAPI minutes and FILETIME convert to civil time", "[time]") {
    // MS-OXOCAL 4.1.1.2: 0x0CBC96A0 is 2007-04-16 00:00.
    CHECK(civil_from_mapi_minutes(0x0CBC96A0) == CivilDateTime{2007, 4, 16, 0, 0, 0});
    CHECK(mapi_minutes_from_civil({2007, 3, 26, 0, 0, 0}) == 0x0CBC2080u);
    CHECK(weekday(2007, 4, 16) == 1);  // a Monday
    CHECK(unix_from_filetime(filetime_from_unix(1628528400)) == 1628528400);
    CHECK(civil_from_unix(0) == CivilDateTime{1970, 1, 1, 0, 0, 0});
}

TEST_CASE("BlobReader names the field and offset when a blob is truncated", "[blob]") {
    std::uint8_t data[] = {0x04, 0x30, 0x04};
    BlobReader r(data, "recurrence blob");
    CHECK(r.u16("ReaderVersion") == 0x3004);
    try {
        r.u16("WriterVersion");
        FAIL("expected BlobError");
    } catch (const BlobError& e) {
        CHECK(std::string(e.what()) == "recurrence blob: truncated: WriterVersion needs 2 bytes, 1 left at byte 2");
    }
}
