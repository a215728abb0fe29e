// Path traversal and odd percent-encoding (engine/request_path.h policy) and the owner-only
// access rule: nothing outside the user's home is touched, another user's paths are 404.
#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

// Bob's calendar holds one event; every attack below tries to reach or change it.
struct TwoUsers : EngineFixture {
    std::string bob_etag;
    TwoUsers() {
        const Response r = send("PUT", "/dav/calendars/bob/calendar/b.ics", event_ics("bob-1"), {}, std::string("bob"));
        REQUIRE(r.status == 201);
        bob_etag = header(r, "ETag");
    }
    bool bob_untouched() {
        const auto info = store.object_info("/dav/calendars/bob/calendar/b.ics");
        return info && quoted_etag_of(info->etag) == bob_etag && store.collection("/dav/calendars/bob/calendar/");
    }
    static std::string quoted_etag_of(const std::string& e) { return "\"" + e + "\""; }
};

}  // namespace

TEST_CASE("traversal spellings are refused with 400 and touch nothing", "[engine]") {
    TwoUsers f;
    const std::vector<std::string> targets = {
        "/dav/calendars/alice/../bob/calendar/b.ics",
        "/dav/calendars/alice/%2e%2e/bob/calendar/b.ics",
        "/dav/calendars/alice/%2E%2E/bob/calendar/b.ics",
        "/dav/calendars/alice/..%2fbob/calendar/b.ics",
        "/dav/calendars/alice/..%2Fbob%2Fcalendar%2Fb.ics",
        "/dav/calendars/alice/./calendar/",
        "/dav/calendars/alice/calendar/%00.ics",
        "/dav/calendars/alice/calendar/%C0%AE%C0%AE/x.ics",   // overlong UTF-8 for ".."
        "/dav/calendars/alice/calendar/%ff.ics",
        "/dav/calendars/alice/calendar/%zz.ics",
        "/dav/calendars/alice/calendar/%4",
        "dav/calendars/alice/",
    };
    for (const auto& target : targets) {
        INFO(target);
        for (const char* method : {"DELETE", "PUT", "PROPFIND", "MKCOL", "GET"}) {
            INFO(method);
            const Response r = f.send(method, target, method == std::string("PUT") ? event_ics("x") : std::string(),
                                      {{"Depth", "0"}});
            CHECK(r.status == 400);
        }
    }
    CHECK(f.bob_untouched());
}

TEST_CASE("double encoding stays one level of encoding", "[engine]") {
    TwoUsers f;
    // %252e%252e decodes once to the literal segment "%2e%2e": a name, not a dot segment.
    const Response r = f.send("PUT", "/dav/calendars/alice/calendar/%252e%252e.ics", event_ics("dd"));
    CHECK(r.status == 201);
    CHECK(f.store.object_info("/dav/calendars/alice/calendar/%2e%2e.ics"));
    CHECK(f.send("DELETE", "/dav/calendars/alice/%252e%252e/bob/calendar/b.ics").status == 404);
    CHECK(f.bob_untouched());
}

TEST_CASE("another user's resources are 404 for every method", "[engine]") {
    TwoUsers f;
    for (const std::string target : {"/dav/calendars/bob/", "/dav/calendars/bob/calendar/",
                                     "/dav/calendars/bob/calendar/b.ics",
                                     "/dav/calendars/bob/calendar/new.ics", "/dav/calendars/nobody/"}) {
        INFO(target);
        for (const char* method : {"GET", "PROPFIND", "PROPPATCH", "DELETE", "PUT", "MKCOL", "MKCALENDAR", "COPY", "MOVE"}) {
            INFO(method);
            const Response r = f.send(method, target, {}, {{"Depth", "0"}, {"Destination", "/dav/calendars/alice/stolen"}});
            CHECK(r.status == 404);
        }
    }
    // Issue 6: every principal is readable by every user (CS:invite hrefs, scheduling look-ups),
    // never writable; a principal that does not exist stays 404.
    CHECK(f.send("PROPFIND", "/dav/principals/bob/", {}, {{"Depth", "0"}}).status == 207);
    for (const char* method : {"PROPPATCH", "DELETE", "PUT", "MKCOL", "MKCALENDAR", "COPY", "MOVE"}) {
        INFO(method);
        const Response r = f.send(method, "/dav/principals/bob/", {}, {{"Depth", "0"}, {"Destination", "/dav/calendars/alice/stolen"}});
        CHECK((r.status == 403 || r.status == 405));
    }
    CHECK(f.send("PROPFIND", "/dav/principals/nobody/", {}, {{"Depth", "0"}}).status == 404);
    // Alice cannot copy into Bob's home either.
    REQUIRE(f.send("PUT", kAliceCal + "a.ics", event_ics("a")).status == 201);
    CHECK(f.send("COPY", kAliceCal + "a.ics", {}, {{"Destination", "/dav/calendars/bob/calendar/a.ics"}}).status == 403);
    CHECK_FALSE(f.store.object_info("/dav/calendars/bob/calendar/a.ics"));
    CHECK(f.bob_untouched());
    // Bob's principal is not listed among the principals.
    auto ms = parse_multistatus(f.propfind("/dav/principals/", "1"));
    CHECK(ms->responses.size() == 2);
    CHECK(ms->find("/dav/principals/alice/"));
    CHECK_FALSE(ms->find("/dav/principals/bob/"));
}

TEST_CASE("empty segments collapse, unknown areas are 404", "[engine]") {
    TwoUsers f;
    auto ms = parse_multistatus(f.propfind("/dav//calendars///alice/", "0"));
    CHECK(ms->responses.at(0).href == kAliceHome);
    CHECK(f.send("GET", "/etc/passwd").status == 404);
    CHECK(f.send("GET", "/dav/principals/alice/extra").status == 404);
    CHECK(f.send("GET", "/ics/unknown-token.ics", {}, {}, std::nullopt).status == 404);
}
