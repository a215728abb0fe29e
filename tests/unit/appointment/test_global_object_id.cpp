// UID derivation from PidLidGlobalObjectId: MS-OXCICAL 2.1.3.1.1.20.26, with the worked
// examples of MS-ASEMAIL section 4.3 ("Converting a GlobalObjId to a UID").
#include <catch2/catch.hpp>

#include <cctype>

#include "converters/mapi/appointment/global_object_id.h"
#include "converters/mapi/blob_reader.h"
#include "converters/mapi/property_tags.h"
#include "support/hex.h"

using namespace calbridge::mapi;
using calbridge::test::from_hex;

namespace {
// MS-ASEMAIL 4.3 example 1: an Outlook id with instance date 2004-09-16.
const char* kOutlookId =
    "040000008200E00074C5B7101A82E00807D40910E040C9C12685C4010000000000000000100000000BF0ED4B6E4EE94E9E39E3867B378EF3";
// MS-ASEMAIL 4.3 example 2: a third-party id carrying "vCal-Uid" and the UID text.
const char* kVCalId =
    "040000008200E00074C5B7101A82E0080000000000000000000000000000000000000000330000007643616C2D556964010000007B3831"
    "3431324433432D324132342D344539442D423230452D3131463742424539323739397D00";
}  // namespace

TEST_CASE("Outlook global object id: UID is the hex with the instance date zeroed", "[uid]") {
    auto blob = from_hex(kOutlookId);
    auto g = parse_global_object_id(blob);
    CHECK(g.instance_year == 2004);
    CHECK(g.instance_month == 9);
    CHECK(g.instance_day == 16);
    CHECK(g.data.size() == 16);
    CHECK_FALSE(g.third_party_uid.has_value());
    CHECK(uid_from_global_object_id(blob) ==
          "040000008200E00074C5B7101A82E00800000000E040C9C12685C4010000000000000000100000000BF0ED4B6E4EE94E9E39E3867B378EF3");
}

TEST_CASE("Third-party global object id: UID is the embedded vCal-Uid", "[uid]") {
    auto blob = from_hex(kVCalId);
    CHECK(uid_from_global_object_id(blob) == "{81412D3C-2A24-4E9D-B20E-11F7BBE92799}");
}

TEST_CASE("Malformed global object ids are rejected with the field named", "[uid]") {
    auto blob = from_hex(kOutlookId);
    for (std::size_t n = 0; n < blob.size(); ++n) {
        std::span<const std::uint8_t> cut(blob.data(), n);
        CHECK_THROWS_AS(parse_global_object_id(cut), BlobError);
    }
    blob[0] = 0x05;
    CHECK_THROWS_WITH(parse_global_object_id(blob), Catch::Contains("ByteArrayID"));
}

TEST_CASE("Fallback UID is deterministic and content-derived", "[uid]") {
    PropertyBag a;
    a.set(tag::Subject, std::string("Independence Day"));
    a.set(lid::AppointmentStartWhole, FileTime{132700000000000000ull});
    a.set(lid::AppointmentEndWhole, FileTime{132700864000000000ull});
    a.set(lid::AppointmentSubType, true);
    PropertyBag b = a;
    CHECK(fallback_uid(a) == fallback_uid(b));
    CHECK(fallback_uid(a).rfind("calbridge-", 0) == 0);
    CHECK(fallback_uid(a).size() == std::string("calbridge-").size() + 32);
    b.set(tag::Subject, std::string("Independence Day (observed)"));
    CHECK(fallback_uid(a) != fallback_uid(b));
}

TEST_CASE("UID to global object id: a third-party UID is wrapped as MS-ASEMAIL 4.3 example 2 shows", "[uid]") {
    const auto expected = from_hex(kVCalId);
    const Bytes made = global_object_id_from_uid("{81412D3C-2A24-4E9D-B20E-11F7BBE92799}");
    CHECK(made == Bytes(expected.begin(), expected.end()));
    for (const std::string uid : {"a", "event-42@example.com", "040000008200E00074C5"}) {
        CHECK(uid_from_global_object_id(global_object_id_from_uid(uid)) == uid);
    }
}

TEST_CASE("UID to global object id: GOID hex decodes back to the id, either case", "[uid]") {
    const std::string uid = uid_from_global_object_id(from_hex(kOutlookId));  // instance date zeroed
    const Bytes goid = global_object_id_from_uid(uid);
    CHECK(uid_from_global_object_id(goid) == uid);
    std::string lower = uid;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(global_object_id_from_uid(lower) == goid);
    // One digit short: not an id, so wrapped as text.
    const Bytes wrapped = global_object_id_from_uid(uid.substr(1));
    CHECK(wrapped != goid);
    CHECK(uid_from_global_object_id(wrapped) == uid.substr(1));
}
