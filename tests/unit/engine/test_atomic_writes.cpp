// Every write request is one Store write (caldav/store/store.h: each one transaction): MKCALENDAR
// and extended MKCOL with properties (RFC 4791 5.3.1.2, RFC 5689 3), COPY Depth 0 of a collection
// (RFC 4918 9.8.3), MOVE of an object from a plain collection into a calendar, and conditional
// PUT/DELETE with an If-Match list re-checked in the Store's transaction (RFC 9110 13.1.1).
// A FaultyStore in front of the store fails the first or the second write call of a request, or
// lets another client write just before it.
#include "caldav/calendar_access/calendar_object_check.h"
#include "unit/engine/faulty_store.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

const std::string kNote = R"(<X:note xmlns:X="urn:x">kept with the collection</X:note>)";

bool has_note(Store& store, const std::string& path) {
    for (const auto& p : store.dead_properties(path))
        if (p.ns == "urn:x" && p.name == "note") return true;
    return false;
}

}  // namespace

TEST_CASE("MKCALENDAR and extended MKCOL store the collection and its properties in one write", "[engine][atomic]") {
    FaultyFixture f;
    const std::string mkcalendar = R"(<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
                                   R"(<D:set><D:prop><D:displayname>Work</D:displayname>)" + kNote +
                                   "</D:prop></D:set></C:mkcalendar>";
    const std::string mkcol = R"(<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>)"
                              R"(<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>)"
                              R"(<D:displayname>Team</D:displayname>)" + kNote + "</D:prop></D:set></D:mkcol>";
    const std::string method = GENERATE(as<std::string>{}, "MKCALENDAR", "MKCOL");
    INFO(method);
    const std::string& body = method == "MKCOL" ? mkcol : mkcalendar;
    const std::string path = kAliceHome + (method == "MKCOL" ? "team/" : "work/");
    SECTION("a failure of the write leaves no collection") {
        f.faulty.fail_at = 1;
        CHECK(f.via_faulty(method, path, body).status == 500);
        CHECK_FALSE(f.store.collection(path));
    }
    SECTION("nothing is left for a second write to fail") {
        f.faulty.fail_at = 2;
        CHECK(f.via_faulty(method, path, body).status == 201);
        CHECK(f.faulty.writes == 1);
        const auto made = f.store.collection(path);
        REQUIRE(made);
        CHECK(made->kind == CollectionKind::calendar);
        CHECK(made->props.display_name == (method == "MKCOL" ? "Team" : "Work"));
        CHECK(has_note(f.store, path));
    }
}

TEST_CASE("COPY Depth 0 over an existing collection is one write", "[engine][atomic]") {
    FaultyFixture f;
    const std::string a = kAliceHome + "a/", b = kAliceHome + "b/";
    REQUIRE(f.send("MKCOL", a).status == 201);
    REQUIRE(f.send("PUT", a + "x.txt", "x").status == 201);
    REQUIRE(f.send("PROPPATCH", a, R"(<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)" + kNote +
                                       "</D:prop></D:set></D:propertyupdate>").status == 207);
    REQUIRE(f.send("MKCOL", b).status == 201);
    REQUIRE(f.send("PUT", b + "y.txt", "y").status == 201);
    const HeaderList copy{{"Destination", b}, {"Depth", "0"}, {"Overwrite", "T"}};

    SECTION("a failure leaves the destination as it was") {
        f.faulty.fail_at = 1;
        CHECK(f.via_faulty("COPY", a, {}, copy).status == 500);
        CHECK(f.store.object_info(b + "y.txt"));
        CHECK_FALSE(has_note(f.store, b));
    }
    SECTION("replaced in one write: the collection's properties, no members") {
        f.faulty.fail_at = 2;
        CHECK(f.via_faulty("COPY", a, {}, copy).status == 204);
        CHECK(f.faulty.writes == 1);
        REQUIRE(f.store.collection(b));
        CHECK(has_note(f.store, b));
        CHECK_FALSE(f.store.object_info(b + "y.txt"));
        CHECK_FALSE(f.store.object_info(b + "x.txt"));
        CHECK(f.store.object_info(a + "x.txt"));
    }
}

TEST_CASE("MOVE of an object from a plain collection into a calendar is one write", "[engine][atomic]") {
    FaultyFixture f;
    const std::string dir = kAliceHome + "files/";
    REQUIRE(f.send("MKCOL", dir).status == 201);
    REQUIRE(f.send("PUT", dir + "good.ics", event_ics("good"), {{"Content-Type", "text/calendar"}}).status == 201);
    REQUIRE(f.send("PROPPATCH", dir + "good.ics", R"(<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)" + kNote +
                                                      "</D:prop></D:set></D:propertyupdate>").status == 207);
    const HeaderList move{{"Destination", kAliceCal + "good.ics"}};

    SECTION("a failure leaves the source where it was and no copy") {
        f.faulty.fail_at = 1;
        CHECK(f.via_faulty("MOVE", dir + "good.ics", {}, move).status == 500);
        CHECK(f.store.object_info(dir + "good.ics"));
        CHECK_FALSE(f.store.object_info(kAliceCal + "good.ics"));
    }
    SECTION("moved in one write, indexed like a PUT, its properties along") {
        f.faulty.fail_at = 2;
        CHECK(f.via_faulty("MOVE", dir + "good.ics", {}, move).status == 201);
        CHECK(f.faulty.writes == 1);
        CHECK_FALSE(f.store.object_info(dir + "good.ics"));
        const auto moved = f.store.object_info(kAliceCal + "good.ics");
        REQUIRE(moved);
        CHECK(moved->uid == "good");
        CHECK(f.store.objects_in_range(moved->collection_id, 1704448800, 1704452400).size() == 1);
        CHECK(has_note(f.store, kAliceCal + "good.ics"));
    }
    SECTION("Overwrite: F onto an existing object is 412 and moves nothing") {
        REQUIRE(f.send("PUT", kAliceCal + "good.ics", event_ics("good")).status == 201);
        CHECK(f.via_faulty("MOVE", dir + "good.ics", {}, {{"Destination", kAliceCal + "good.ics"}, {"Overwrite", "F"}})
                  .status == 412);
        CHECK(f.store.object_info(dir + "good.ics"));
    }
}

TEST_CASE("MOVE into a calendar writes the version it validated, never one replaced in between", "[engine][atomic]") {
    // A PUT to the source lands between the engine's read (and validation) of the source and the
    // store's transfer: the transfer must not carry the old bytes over the new ones (lost update).
    FaultyFixture f;
    const std::string dir = kAliceHome + "files/";
    const std::string from = dir + "raced.ics";
    REQUIRE(f.send("MKCOL", dir).status == 201);
    REQUIRE(f.send("PUT", from, event_ics("raced", "Before"), {{"Content-Type", "text/calendar"}}).status == 201);
    int raced = 0;
    f.faulty.before_write = [&] {
        if (raced++ > 0) return;   // once: the retry goes through
        REQUIRE(f.send("PUT", from, event_ics("raced", "Edited meanwhile"), {{"Content-Type", "text/calendar"}})
                    .status == 204);
    };
    SECTION("without a condition the move starts over and carries the edit") {
        CHECK(f.via_faulty("MOVE", from, {}, {{"Destination", kAliceCal + "raced.ics"}}).status == 201);
        const auto moved = f.store.object(kAliceCal + "raced.ics");
        REQUIRE(moved);
        CHECK(moved->data.find("SUMMARY:Edited meanwhile") != std::string::npos);
        CHECK_FALSE(f.store.object_info(from));
    }
    SECTION("with the client's If-Match on the old version it is 412 and nothing moves") {
        const std::string old_etag = "\"" + f.store.object_info(from)->etag + "\"";
        CHECK(f.via_faulty("MOVE", from, {}, {{"Destination", kAliceCal + "raced.ics"}, {"If-Match", old_etag}})
                  .status == 412);
        const auto kept = f.store.object(from);
        REQUIRE(kept);
        CHECK(kept->data.find("SUMMARY:Edited meanwhile") != std::string::npos);
        CHECK_FALSE(f.store.object_info(kAliceCal + "raced.ics"));
    }
}

TEST_CASE("If-Match with several entity tags is checked again inside the store's write", "[engine][atomic]") {
    FaultyFixture f;
    const std::string path = kAliceCal + "raced.ics";
    const Response first = f.send("PUT", path, event_ics("raced"));
    REQUIRE(first.status == 201);
    const std::string etag = header(first, "ETag");
    // Another client replaces the object between the engine's check and the store's write.
    f.faulty.before_write = [&] {
        const auto valid = validate_calendar_object(event_ics("raced", "Other client"));
        REQUIRE(valid);
        REQUIRE(f.store.put_object(calendar_object_write(path, event_ics("raced", "Other client"), *valid.object), {})
                    .status == WriteStatus::replaced);
    };
    const HeaderList if_match{{"If-Match", "\"stale\", " + etag}};
    SECTION("PUT") {
        CHECK(f.via_faulty("PUT", path, event_ics("raced", "Mine"), if_match).status == 412);
    }
    SECTION("DELETE") {
        CHECK(f.via_faulty("DELETE", path, {}, if_match).status == 412);
    }
    // The other client's version survives: no lost update.
    const auto stored = f.store.object(path);
    REQUIRE(stored);
    CHECK(stored->data.find("SUMMARY:Other client") != std::string::npos);
}

TEST_CASE("If-Match with several entity tags succeeds when one is current", "[engine]") {
    EngineFixture f;
    const std::string path = kAliceCal + "listed.ics";
    const Response first = f.send("PUT", path, event_ics("listed"));
    REQUIRE(first.status == 201);
    const std::string etag = header(first, "ETag");
    const Response put = f.send("PUT", path, event_ics("listed", "Changed"), {{"If-Match", "\"a\", " + etag + ", \"b\""}});
    CHECK(put.status == 204);
    CHECK(f.send("PUT", path, event_ics("listed", "Again"), {{"If-Match", "\"a\", " + etag}}).status == 412);
    CHECK(f.send("DELETE", path, {}, {{"If-Match", "\"a\", " + header(put, "ETag")}}).status == 204);
}
