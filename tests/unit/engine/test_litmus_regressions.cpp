// Bugs that the conformance suites (conformance/caldav/) found in calbridge, one test each, so
// they stay fixed. Each names the suite and test that found it and the RFC rule.
#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {
using HeaderList = std::vector<std::pair<std::string, std::string>>;
}

// litmus copymove 4 (copy_overwrite): COPY of a resource onto an existing collection, Destination
// with the slash. RFC 4918 9.8.4: Overwrite: T deletes the destination (Depth infinity) first.
TEST_CASE("litmus copy_overwrite: COPY of an object over an existing collection", "[engine][litmus]") {
    EngineFixture f;
    const std::string dir = kAliceHome + "litmus/";
    REQUIRE(f.send("MKCOL", dir).status == 201);
    REQUIRE(f.send("PUT", dir + "copysrc", "source body").status == 201);
    REQUIRE(f.send("MKCOL", dir + "copycoll/").status == 201);
    REQUIRE(f.send("PUT", dir + "copycoll/member", "member").status == 201);

    CHECK(f.send("COPY", dir + "copysrc", {}, HeaderList{{"Destination", kOrigin + dir + "copycoll/"}, {"Overwrite", "F"}})
              .status == 412);
    CHECK(f.send("GET", dir + "copycoll/member").status == 200);

    CHECK(f.send("COPY", dir + "copysrc", {}, HeaderList{{"Destination", kOrigin + dir + "copycoll/"}, {"Overwrite", "T"}})
              .status == 204);
    CHECK(f.send("GET", dir + "copycoll/member").status == 404);   // the collection's tree is gone
    CHECK(f.send("GET", dir + "copycoll").body == "source body");
    CHECK(f.send("GET", dir + "copysrc").body == "source body");

    // A slash URL that names no collection still cannot become an object.
    CHECK(f.send("COPY", dir + "copysrc", {}, HeaderList{{"Destination", kOrigin + dir + "nocoll/"}}).status == 409);
}

// litmus copymove 9 (move): MOVE of a resource onto an existing collection (RFC 4918 9.9.3).
TEST_CASE("litmus move: MOVE of an object over an existing collection", "[engine][litmus]") {
    EngineFixture f;
    const std::string dir = kAliceHome + "litmus/";
    REQUIRE(f.send("MKCOL", dir).status == 201);
    REQUIRE(f.send("PUT", dir + "movedest", "moving").status == 201);
    REQUIRE(f.send("MKCOL", dir + "movecoll/").status == 201);

    CHECK(f.send("MOVE", dir + "movedest", {}, HeaderList{{"Destination", kOrigin + dir + "movecoll/"}}).status == 204);
    CHECK(f.send("GET", dir + "movedest").status == 404);
    CHECK(f.send("GET", dir + "movecoll").body == "moving");
    CHECK(f.send("PROPFIND", dir + "movecoll/", {}, HeaderList{{"Depth", "0"}}).status == 404);
}

// discovery (Thunderbird's sync) and python-caldav (objects_by_sync_token): both send
// sync-collection with Depth: 1. RFC 6578 3.2 defines Depth 0 only; calbridge reads 1 as 0 (the
// scope is DAV:sync-level's) and keeps 400 for infinity.
TEST_CASE("sync-collection with Thunderbird's Depth: 1 answers like Depth: 0", "[engine][discovery]") {
    EngineFixture f;
    REQUIRE(f.send("PUT", kAliceCal + "a.ics", event_ics("a")).status == 201);
    const std::string body = R"(<?xml version="1.0" encoding="UTF-8"?><sync-collection xmlns="DAV:"><sync-token/>)"
                             R"(<sync-level>1</sync-level><prop><getcontenttype/><getetag/></prop></sync-collection>)";
    auto depth1 = parse_multistatus(f.send("REPORT", kAliceCal, body, {{"Depth", "1"}}));
    auto depth0 = parse_multistatus(f.send("REPORT", kAliceCal, body, {{"Depth", "0"}}));
    REQUIRE(depth1->responses.size() == 1);
    CHECK(depth1->responses.at(0).href == kAliceCal + "a.ics");
    CHECK(depth1->sync_token == depth0->sync_token);
    CHECK_FALSE(depth1->sync_token.empty());
    CHECK(f.send("REPORT", kAliceCal, body, {{"Depth", "infinity"}}).status == 400);
}

// discovery (Thunderbird and Apple calendar checks): a calendar without a stored color/order
// (made by `calbridge user add` or an import) answers a default #RRGGBB color and an integer
// order (Apple ICAL calendar-color / calendar-order), so all clients agree; PROPPATCH overrides.
TEST_CASE("calendars without a color or order answer defaults", "[engine][discovery]") {
    EngineFixture f;
    const auto body = propfind_body({xml::apple("calendar-color"), xml::apple("calendar-order")});
    auto ms = parse_multistatus(f.propfind(kAliceCal, "0", body));
    const DavResponse& cal = ms->responses.at(0);
    const std::string color = cal.prop(xml::apple("calendar-color")).text().as_string();
    CHECK(color.size() == 7);
    CHECK(color.find_first_not_of("#0123456789ABCDEF") == std::string::npos);
    CHECK(color.front() == '#');
    const std::string order = cal.prop(xml::apple("calendar-order")).text().as_string();
    REQUIRE_FALSE(order.empty());
    CHECK(order.find_first_not_of("0123456789") == std::string::npos);

    // A second calendar gets another color and a later order.
    REQUIRE(f.send("MKCALENDAR", kAliceHome + "second/").status == 201);
    auto second = parse_multistatus(f.propfind(kAliceHome + "second/", "0", body));
    CHECK(std::string(second->responses.at(0).prop(xml::apple("calendar-color")).text().as_string()) != color);
    CHECK(second->responses.at(0).prop(xml::apple("calendar-order")).text().as_llong() > std::stoll(order));

    const std::string set = R"(<D:propertyupdate xmlns:D="DAV:" xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop>)"
                            R"(<I:calendar-color>#11223344</I:calendar-color><I:calendar-order>-2</I:calendar-order>)"
                            R"(</D:prop></D:set></D:propertyupdate>)";
    REQUIRE(f.send("PROPPATCH", kAliceCal, set).status == 207);
    auto after = parse_multistatus(f.propfind(kAliceCal, "0", body));
    CHECK(std::string(after->responses.at(0).prop(xml::apple("calendar-color")).text().as_string()) == "#11223344");
    CHECK(after->responses.at(0).prop(xml::apple("calendar-order")).text().as_int() == -2);
}
