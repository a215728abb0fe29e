// PUT / GET / HEAD / DELETE of calendar objects and plain resources, with ETags and the
// conditional headers (RFC 9110 13), and the RFC 4791 5.3.2.1 PUT preconditions.
#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {
const std::string kEvent = kAliceCal + "ev1.ics";
const std::vector<std::pair<std::string, std::string>> kIcsType = {{"Content-Type", "text/calendar; charset=utf-8"}};
}  // namespace

TEST_CASE("PUT creates, GET and HEAD return it with its ETag, If-None-Match gives 304", "[engine]") {
    EngineFixture f;
    const std::string body = event_ics("uid-1");
    const Response put = f.send("PUT", kEvent, body, kIcsType);
    REQUIRE(put.status == 201);
    const std::string etag = header(put, "ETag");
    REQUIRE(etag.size() > 2);
    CHECK(etag.front() == '"');

    const Response get = f.send("GET", kEvent);
    CHECK(get.status == 200);
    CHECK(get.body == body);   // the client's bytes
    CHECK(header(get, "ETag") == etag);
    CHECK(header(get, "Content-Type").rfind("text/calendar", 0) == 0);
    CHECK(header(get, "Last-Modified").find("GMT") != std::string::npos);

    const Response head = f.send("HEAD", kEvent);
    CHECK(head.status == 200);
    CHECK(head.omit_body);
    CHECK(header(head, "ETag") == etag);

    CHECK(f.send("GET", kEvent, {}, {{"If-None-Match", etag}}).status == 304);
    CHECK(f.send("GET", kEvent, {}, {{"If-None-Match", "\"other\""}}).status == 200);
    CHECK(f.send("GET", kEvent, {}, {{"If-Match", "\"other\""}}).status == 412);
}

TEST_CASE("PUT preconditions: If-None-Match * and If-Match", "[engine]") {
    EngineFixture f;
    const Response first = f.send("PUT", kEvent, event_ics("uid-1"), {{"If-None-Match", "*"}});
    REQUIRE(first.status == 201);
    const std::string etag = header(first, "ETag");
    CHECK(f.send("PUT", kEvent, event_ics("uid-1", "Again"), {{"If-None-Match", "*"}}).status == 412);
    CHECK(f.send("PUT", kEvent, event_ics("uid-1", "Stale"), {{"If-Match", "\"not-it\""}}).status == 412);
    CHECK(f.send("PUT", kAliceCal + "new.ics", event_ics("uid-2"), {{"If-Match", "*"}}).status == 412);
    const Response update = f.send("PUT", kEvent, event_ics("uid-1", "Moved"), {{"If-Match", etag}});
    CHECK(update.status == 204);
    CHECK(header(update, "ETag") != etag);
    CHECK(f.send("GET", kEvent).body.find("SUMMARY:Moved") != std::string::npos);
    // The old etag no longer matches.
    CHECK(f.send("PUT", kEvent, event_ics("uid-1", "Lost"), {{"If-Match", etag}}).status == 412);
}

TEST_CASE("PUT rejections carry their CALDAV precondition element", "[engine]") {
    EngineFixture f;
    SECTION("not iCalendar") {
        const Response r = f.send("PUT", kEvent, "hello world", kIcsType);
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::caldav_name("valid-calendar-data"));
    }
    SECTION("two UIDs in one object") {
        const std::string two = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
                                "DTSTAMP:20240101T000000Z\r\nDTSTART:20240101T100000Z\r\nEND:VEVENT\r\n"
                                "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240101T100000Z\r\n"
                                "END:VEVENT\r\nEND:VCALENDAR\r\n";
        const Response r = f.send("PUT", kEvent, two, kIcsType);
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::caldav_name("valid-calendar-object-resource"));
    }
    SECTION("wrong media type") {
        const Response r = f.send("PUT", kEvent, event_ics("u"), {{"Content-Type", "text/plain"}});
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::caldav_name("supported-calendar-data"));
    }
    SECTION("larger than max-resource-size") {
        const std::string big = event_ics("big", std::string(70 * 1024, 'x'));
        const Response r = f.send("PUT", kEvent, big, kIcsType);
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::caldav_name("max-resource-size"));
    }
    SECTION("a component the calendar does not accept") {
        const std::string mk = R"(<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>)"
                               R"(<C:supported-calendar-component-set><C:comp name="VTODO"/></C:supported-calendar-component-set>)"
                               R"(</D:prop></D:set></C:mkcalendar>)";
        REQUIRE(f.send("MKCALENDAR", kAliceHome + "tasks/", mk).status == 201);
        const Response r = f.send("PUT", kAliceHome + "tasks/e.ics", event_ics("e"), kIcsType);
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::caldav_name("supported-calendar-component"));
    }
    // Nothing was stored by any rejected PUT.
    CHECK(f.send("GET", kEvent).status == 404);
}

TEST_CASE("a UID already in the calendar is a no-uid-conflict naming the holder", "[engine]") {
    EngineFixture f;
    REQUIRE(f.send("PUT", kEvent, event_ics("shared-uid"), kIcsType).status == 201);
    const Response r = f.send("PUT", kAliceCal + "other.ics", event_ics("shared-uid"), kIcsType);
    CHECK(r.status == 403);
    pugi::xml_document doc;
    REQUIRE(error_condition(r, doc) == xml::caldav_name("no-uid-conflict"));
    const auto cond = child(doc.document_element(), xml::caldav_name("no-uid-conflict"));
    CHECK(std::string(child(cond, xml::dav("href")).text().as_string()) == kEvent);

    SECTION("changing the UID of an existing object is refused too") {
        const Response change = f.send("PUT", kEvent, event_ics("another-uid"), kIcsType);
        CHECK(change.status == 403);
        CHECK(error_condition(change) == xml::caldav_name("no-uid-conflict"));
    }
}

TEST_CASE("PUT into a missing collection is 409, plain collections take any content", "[engine]") {
    EngineFixture f;
    CHECK(f.send("PUT", kAliceHome + "nope/x.txt", "data").status == 409);
    REQUIRE(f.send("MKCOL", kAliceHome + "files/").status == 201);
    const Response put = f.send("PUT", kAliceHome + "files/x.txt", "not a calendar", {{"Content-Type", "text/plain"}});
    CHECK(put.status == 201);
    const Response get = f.send("GET", kAliceHome + "files/x.txt");
    CHECK(get.body == "not a calendar");
    CHECK(header(get, "Content-Type") == "text/plain");
}

TEST_CASE("DELETE with If-Match, and a fragment never deletes", "[engine]") {
    EngineFixture f;
    const std::string etag = header(f.send("PUT", kEvent, event_ics("uid-1"), kIcsType), "ETag");
    CHECK(f.send("DELETE", kEvent, {}, {{"If-Match", "\"wrong\""}}).status == 412);
    CHECK(f.send("GET", kEvent).status == 200);
    CHECK(f.send("DELETE", kEvent, {}, {{"If-Match", etag}}).status == 204);
    CHECK(f.send("GET", kEvent).status == 404);
    CHECK(f.send("DELETE", kEvent).status == 404);

    REQUIRE(f.send("MKCOL", kAliceHome + "frag/").status == 201);
    CHECK(f.send("DELETE", kAliceHome + "frag/#ment").status == 400);
    CHECK(f.send("PROPFIND", kAliceHome + "frag/", {}, {{"Depth", "0"}}).status == 207);
    CHECK(f.send("DELETE", kAliceHome + "frag/").status == 204);
    CHECK(f.send("PROPFIND", kAliceHome + "frag/", {}, {{"Depth", "0"}}).status == 404);
}

TEST_CASE("GET of a calendar collection is the whole calendar with an ETag and 304", "[engine]") {
    EngineFixture f;
    const std::string tz = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
                           "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    auto zoned = [&](const std::string& uid) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + tz + "BEGIN:VEVENT\r\nUID:" + uid +
               "\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20240105T100000\r\n"
               "DURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    };
    REQUIRE(f.send("PUT", kAliceCal + "a.ics", zoned("a"), kIcsType).status == 201);
    REQUIRE(f.send("PUT", kAliceCal + "b.ics", zoned("b"), kIcsType).status == 201);
    const Response whole = f.send("GET", kAliceCal);
    REQUIRE(whole.status == 200);
    CHECK(header(whole, "Content-Type").rfind("text/calendar", 0) == 0);
    auto count = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto pos = whole.body.find(needle); pos != std::string::npos; pos = whole.body.find(needle, pos + 1)) ++n;
        return n;
    };
    CHECK(count("BEGIN:VCALENDAR") == 1);
    CHECK(count("BEGIN:VEVENT") == 2);
    CHECK(count("BEGIN:VTIMEZONE") == 1);
    const std::string etag = header(whole, "ETag");
    REQUIRE_FALSE(etag.empty());
    CHECK(f.send("GET", kAliceCal, {}, {{"If-None-Match", etag}}).status == 304);
    REQUIRE(f.send("DELETE", kAliceCal + "b.ics").status == 204);
    const Response after = f.send("GET", kAliceCal, {}, {{"If-None-Match", etag}});
    CHECK(after.status == 200);
    CHECK(header(after, "ETag") != etag);
}

TEST_CASE("GET of a calendar collection evaluates If-Match before If-None-Match", "[engine]") {
    // RFC 9110 13.2.2: step 1 If-Match (false: 412), step 3 If-None-Match (true for GET: 304).
    EngineFixture f;
    REQUIRE(f.send("PUT", kAliceCal + "a.ics", event_ics("a")).status == 201);
    const std::string etag = header(f.send("GET", kAliceCal), "ETag");
    REQUIRE_FALSE(etag.empty());
    // A failing If-Match wins over a matching If-None-Match: 412, not 304.
    CHECK(f.send("GET", kAliceCal, {}, {{"If-Match", "\"other\""}, {"If-None-Match", etag}}).status == 412);
    CHECK(f.send("HEAD", kAliceCal, {}, {{"If-Match", "\"other\""}, {"If-None-Match", etag}}).status == 412);
    // Both hold: If-None-Match decides, 304.
    CHECK(f.send("GET", kAliceCal, {}, {{"If-Match", etag}, {"If-None-Match", etag}}).status == 304);
    CHECK(f.send("GET", kAliceCal, {}, {{"If-Match", "*"}, {"If-None-Match", "\"other\""}}).status == 200);
}
