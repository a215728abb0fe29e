// COPY and MOVE (RFC 4918 9.8, 9.9): Destination forms, Overwrite, collections and Depth,
// validation into calendar collections.
#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {
using HeaderList = std::vector<std::pair<std::string, std::string>>;
}

TEST_CASE("COPY and MOVE of plain resources with Overwrite", "[engine]") {
    EngineFixture f;
    const std::string dir = kAliceHome + "litmus/";
    REQUIRE(f.send("MKCOL", dir).status == 201);
    REQUIRE(f.send("PUT", dir + "src.txt", "source").status == 201);
    REQUIRE(f.send("PUT", dir + "dst.txt", "existing").status == 201);

    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", kOrigin + dir + "new.txt"}}).status == 201);
    CHECK(f.send("GET", dir + "new.txt").body == "source");
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", dir + "dst.txt"}, {"Overwrite", "F"}}).status == 412);
    CHECK(f.send("GET", dir + "dst.txt").body == "existing");
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", dir + "dst.txt"}, {"Overwrite", "T"}}).status == 204);
    CHECK(f.send("GET", dir + "dst.txt").body == "source");
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", dir + "src.txt"}}).status == 403);
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", dir + "missing/x.txt"}}).status == 409);
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", "http://elsewhere.example/x"}}).status == 502);
    // Behind a TLS proxy the client writes https:// for the same authority: the same server.
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", "https://127.0.0.1:5232" + dir + "tls.txt"}}).status == 201);
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", "https://127.0.0.1:5233" + dir + "x.txt"}}).status == 502);
    CHECK(f.send("COPY", dir + "src.txt").status == 400);

    CHECK(f.send("MOVE", dir + "src.txt", {}, HeaderList{{"Destination", dir + "moved.txt"}}).status == 201);
    CHECK(f.send("GET", dir + "src.txt").status == 404);
    CHECK(f.send("GET", dir + "moved.txt").body == "source");
    CHECK(f.send("MOVE", dir + "moved.txt", {}, HeaderList{{"Destination", dir + "dst.txt"}, {"Overwrite", "F"}}).status == 412);
    CHECK(f.send("MOVE", dir + "moved.txt", {}, HeaderList{{"Destination", dir + "dst.txt"}}).status == 204);
}

TEST_CASE("COPY and MOVE of collections", "[engine]") {
    EngineFixture f;
    const std::string a = kAliceHome + "a/";
    REQUIRE(f.send("MKCOL", a).status == 201);
    REQUIRE(f.send("PUT", a + "x.txt", "x").status == 201);
    REQUIRE(f.send("PROPPATCH", a,
                   R"(<propertyupdate xmlns="DAV:"><set><prop><Q:p xmlns:Q="urn:q">kept</Q:p></prop></set></propertyupdate>)")
                .status == 207);

    SECTION("Depth infinity copies members") {
        CHECK(f.send("COPY", a, {}, HeaderList{{"Destination", kAliceHome + "b/"}}).status == 201);
        CHECK(f.send("GET", kAliceHome + "b/x.txt").body == "x");
    }
    SECTION("Depth 0 copies the collection and its properties only") {
        CHECK(f.send("COPY", a, {}, HeaderList{{"Destination", kAliceHome + "c/"}, {"Depth", "0"}}).status == 201);
        CHECK(f.send("GET", kAliceHome + "c/x.txt").status == 404);
        auto ms = parse_multistatus(f.propfind(kAliceHome + "c/", "0", propfind_body({{"urn:q", "p"}})));
        CHECK(std::string(ms->responses.at(0).prop({"urn:q", "p"}).text().as_string()) == "kept");
    }
    SECTION("Depth 1 is not a COPY depth") {
        CHECK(f.send("COPY", a, {}, HeaderList{{"Destination", kAliceHome + "d/"}, {"Depth", "1"}}).status == 400);
    }
    SECTION("MOVE renames the tree; into itself is refused") {
        CHECK(f.send("MOVE", a, {}, HeaderList{{"Destination", a + "inner/"}}).status == 403);
        CHECK(f.send("MOVE", a, {}, HeaderList{{"Destination", kAliceHome + "renamed"}}).status == 201);
        CHECK(f.send("GET", kAliceHome + "renamed/x.txt").body == "x");
        CHECK(f.propfind(a, "0").status == 404);
    }
    SECTION("a collection cannot go into a calendar") {
        const Response r = f.send("COPY", a, {}, HeaderList{{"Destination", kAliceCal + "a/"}});
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::caldav_name("calendar-collection-location-ok"));
    }
}

TEST_CASE("objects copied into a calendar are validated", "[engine]") {
    EngineFixture f;
    const std::string dir = kAliceHome + "files/";
    REQUIRE(f.send("MKCOL", dir).status == 201);
    REQUIRE(f.send("PUT", dir + "junk.ics", "not a calendar", {{"Content-Type", "text/calendar"}}).status == 201);
    REQUIRE(f.send("PUT", dir + "good.ics", event_ics("good"), {{"Content-Type", "text/calendar"}}).status == 201);
    const Response junk = f.send("COPY", dir + "junk.ics", {}, HeaderList{{"Destination", kAliceCal + "junk.ics"}});
    CHECK(junk.status == 403);
    CHECK(error_condition(junk) == xml::caldav_name("valid-calendar-data"));
    CHECK(f.send("MOVE", dir + "good.ics", {}, HeaderList{{"Destination", kAliceCal + "good.ics"}}).status == 201);
    CHECK(f.send("GET", dir + "good.ics").status == 404);
    const auto info = f.store.object_info(kAliceCal + "good.ics");
    REQUIRE(info);
    CHECK(info->uid == "good");
    // A second copy with the same UID in the calendar conflicts.
    REQUIRE(f.send("PUT", dir + "dup.ics", event_ics("good"), {{"Content-Type", "text/calendar"}}).status == 201);
    const Response dup = f.send("COPY", dir + "dup.ics", {}, HeaderList{{"Destination", kAliceCal + "dup.ics"}});
    CHECK(dup.status == 403);
    CHECK(error_condition(dup) == xml::caldav_name("no-uid-conflict"));
}

TEST_CASE("COPY and MOVE evaluate If-Match and If-None-Match on the source", "[engine]") {
    // RFC 4918 10.4 / RFC 9110 13.1: the conditional headers apply to the request's target, the
    // source; false is 412 and nothing is copied or moved.
    EngineFixture f;
    const std::string dir = kAliceHome + "cond/";
    REQUIRE(f.send("MKCOL", dir).status == 201);
    const Response put = f.send("PUT", dir + "src.txt", "source");
    REQUIRE(put.status == 201);
    const std::string etag = header(put, "ETag");

    for (const char* method : {"COPY", "MOVE"}) {
        INFO(method);
        CHECK(f.send(method, dir + "src.txt", {}, HeaderList{{"Destination", dir + "a.txt"}, {"If-Match", "\"stale\""}})
                  .status == 412);
        CHECK(f.send(method, dir + "src.txt", {}, HeaderList{{"Destination", dir + "a.txt"}, {"If-None-Match", etag}})
                  .status == 412);
        CHECK(f.send(method, dir + "src.txt", {}, HeaderList{{"Destination", dir + "a.txt"}, {"If-None-Match", "*"}})
                  .status == 412);
        CHECK(f.send("GET", dir + "a.txt").status == 404);
        CHECK(f.send("GET", dir + "src.txt").body == "source");
    }
    CHECK(f.send("COPY", dir + "src.txt", {}, HeaderList{{"Destination", dir + "copy.txt"}, {"If-Match", "\"x\", " + etag}})
              .status == 201);
    CHECK(f.send("MOVE", dir + "src.txt", {}, HeaderList{{"Destination", dir + "moved.txt"}, {"If-Match", etag}})
              .status == 201);
    CHECK(f.send("GET", dir + "moved.txt").body == "source");

    // A collection has no entity tag: only If-Match: * matches it.
    CHECK(f.send("COPY", dir, {}, HeaderList{{"Destination", kAliceHome + "c1/"}, {"If-Match", "\"x\""}}).status == 412);
    CHECK_FALSE(f.store.collection(kAliceHome + "c1/"));
    CHECK(f.send("COPY", dir, {}, HeaderList{{"Destination", kAliceHome + "c1/"}, {"If-Match", "*"}}).status == 201);
    CHECK(f.send("MOVE", dir, {}, HeaderList{{"Destination", kAliceHome + "c2/"}, {"If-None-Match", "*"}}).status == 412);
    CHECK(f.store.collection(dir));
}
