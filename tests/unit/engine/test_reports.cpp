// REPORT dispatch (RFC 3253 3.6) and sync-collection (RFC 6578).
#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

std::string sync_body(const std::string& token, std::optional<int> limit = std::nullopt) {
    std::string b = R"(<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
                    "<D:sync-token>" + token + "</D:sync-token><D:sync-level>1</D:sync-level>";
    if (limit) b += "<D:limit><D:nresults>" + std::to_string(*limit) + "</D:nresults></D:limit>";
    return b + "<D:prop><D:getetag/><C:calendar-data/></D:prop></D:sync-collection>";
}

}  // namespace

TEST_CASE("an unknown report is 403 supported-report", "[engine]") {
    EngineFixture f;
    const Response r = f.send("REPORT", kAliceCal, R"(<X:whatever xmlns:X="urn:x"/>)", {{"Depth", "0"}});
    CHECK(r.status == 403);
    CHECK(error_condition(r) == xml::dav("supported-report"));
    // sync-collection is not supported on a principal.
    const Response p = f.send("REPORT", "/dav/principals/alice/", sync_body(""), {{"Depth", "0"}});
    CHECK(p.status == 403);
    CHECK(error_condition(p) == xml::dav("supported-report"));
}

TEST_CASE("sync-collection: initial, incremental with deletions, paging, bad tokens", "[engine]") {
    EngineFixture f;
    for (const char* n : {"a", "b", "c"})
        REQUIRE(f.send("PUT", kAliceCal + n + ".ics", event_ics(n)).status == 201);

    auto initial = parse_multistatus(f.send("REPORT", kAliceCal, sync_body(""), {{"Depth", "0"}}));
    CHECK(initial->responses.size() == 3);
    const DavResponse* a = initial->find(kAliceCal + "a.ics");
    REQUIRE(a);
    CHECK(std::string(a->prop(xml::caldav_name("calendar-data")).text().as_string()).find("UID:a") != std::string::npos);
    CHECK(a->prop(xml::dav("getetag")));
    const std::string token = initial->sync_token;
    REQUIRE_FALSE(token.empty());

    auto unchanged = parse_multistatus(f.send("REPORT", kAliceCal, sync_body(token), {{"Depth", "0"}}));
    CHECK(unchanged->responses.empty());
    CHECK(unchanged->sync_token == token);

    REQUIRE(f.send("PUT", kAliceCal + "b.ics", event_ics("b", "Changed")).status == 204);
    REQUIRE(f.send("DELETE", kAliceCal + "c.ics").status == 204);
    REQUIRE(f.send("PUT", kAliceCal + "d.ics", event_ics("d")).status == 201);
    auto changed = parse_multistatus(f.send("REPORT", kAliceCal, sync_body(token), {{"Depth", "0"}}));
    CHECK(changed->responses.size() == 3);
    REQUIRE(changed->find(kAliceCal + "c.ics"));
    CHECK(changed->find(kAliceCal + "c.ics")->status == 404);
    REQUIRE(changed->find(kAliceCal + "b.ics"));
    CHECK(std::string(changed->find(kAliceCal + "b.ics")->prop(xml::caldav_name("calendar-data")).text().as_string())
              .find("SUMMARY:Changed") != std::string::npos);
    CHECK_FALSE(changed->find(kAliceCal + "a.ics"));
    CHECK(changed->sync_token != token);

    SECTION("paging by DAV:limit continues from the returned token") {
        auto page = parse_multistatus(f.send("REPORT", kAliceCal, sync_body(token, 2), {{"Depth", "0"}}));
        const DavResponse* self = page->find(kAliceCal);
        REQUIRE(self);
        CHECK(self->status == 507);
        CHECK(child(self->error, xml::dav("number-of-matches-within-limits")));
        CHECK(page->responses.size() == 3);   // two members + the 507
        auto rest = parse_multistatus(f.send("REPORT", kAliceCal, sync_body(page->sync_token, 2), {{"Depth", "0"}}));
        CHECK(rest->responses.size() == 1);
        CHECK(rest->sync_token == changed->sync_token);
    }
    SECTION("tokens that are not ours are valid-sync-token errors") {
        for (const std::string bad : {"http://calbridge.invalid/sync/999/1", "garbage",
                                      "http://calbridge.invalid/sync/1/999999"}) {
            const Response r = f.send("REPORT", kAliceCal, sync_body(bad), {{"Depth", "0"}});
            CHECK(r.status == 403);
            CHECK(error_condition(r) == xml::dav("valid-sync-token"));
        }
    }
}
