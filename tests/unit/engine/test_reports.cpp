// REPORT dispatch (RFC 3253 3.6) and sync-collection (RFC 6578).
#include "caldav/sync/sync_token.h"
#include "unit/engine/faulty_store.h"

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

TEST_CASE("sync-collection: the initial sync pages by DAV:limit like the incremental one", "[engine][sync]") {
    // RFC 6578 3.6 and 3.8: at most nresults members, the request-URI with 507 and
    // number-of-matches-within-limits, and a token that continues the listing.
    EngineFixture f;
    for (const char* n : {"e", "a", "d", "b", "c"})
        REQUIRE(f.send("PUT", kAliceCal + n + ".ics", event_ics(n)).status == 201);
    const std::string start = sync_token(*f.store.collection(kAliceCal));

    std::vector<std::string> listed;
    auto page = [&](const std::string& token, std::size_t members, bool more) {
        auto ms = parse_multistatus(f.send("REPORT", kAliceCal, sync_body(token, 2), {{"Depth", "0"}}));
        const DavResponse* self = ms->find(kAliceCal);
        CHECK(ms->responses.size() == members + (more ? 1 : 0));
        if (more) {
            REQUIRE(self);
            CHECK(self->status == 507);
            CHECK(child(self->error, xml::dav("number-of-matches-within-limits")));
        } else {
            CHECK_FALSE(self);
        }
        for (const auto& r : ms->responses)
            if (r.href != kAliceCal) {
                CHECK(r.prop(xml::dav("getetag")));
                CHECK(r.prop(xml::caldav_name("calendar-data")));
                listed.push_back(r.href);
            }
        return ms->sync_token;
    };
    const std::string first = page("", 2, true);
    // A change while the listing is paged reaches the client with the next incremental sync.
    REQUIRE(f.send("PUT", kAliceCal + "a.ics", event_ics("a", "Changed while paging")).status == 204);
    const std::string second = page(first, 2, true);
    const std::string last = page(second, 1, false);
    CHECK(listed == std::vector<std::string>{kAliceCal + "a.ics", kAliceCal + "b.ics", kAliceCal + "c.ics",
                                             kAliceCal + "d.ics", kAliceCal + "e.ics"});
    CHECK(last == start);   // the position the listing started at
    auto next = parse_multistatus(f.send("REPORT", kAliceCal, sync_body(last), {{"Depth", "0"}}));
    REQUIRE(next->responses.size() == 1);
    CHECK(next->responses[0].href == kAliceCal + "a.ics");

    SECTION("a limit the members fit in is no truncation") {
        auto all = parse_multistatus(f.send("REPORT", kAliceCal, sync_body("", 5), {{"Depth", "0"}}));
        CHECK(all->responses.size() == 5);
        CHECK_FALSE(all->find(kAliceCal));
        CHECK(all->sync_token == sync_token(*f.store.collection(kAliceCal)));
    }
    SECTION("a continuation token of another collection or with a damaged name is refused") {
        const std::string other = sync_token(f.store.collection("/dav/calendars/bob/calendar/")->id, 1) + "/after/61";
        const std::string position = first.substr(0, first.find("/after/") + 7);
        for (const std::string& bad : {other, first + "x", first.substr(0, first.size() - 1), position,
                                       position + "00", position + "6A"}) {   // empty, NUL, upper-case
            INFO(bad);
            const Response r = f.send("REPORT", kAliceCal, sync_body(bad, 2), {{"Depth", "0"}});
            CHECK(r.status == 403);
            CHECK(error_condition(r) == xml::dav("valid-sync-token"));
        }
    }
}

TEST_CASE("sync-collection reports a changed child collection that is gone by now as removed", "[engine][sync]") {
    // RFC 6578 3.5: a member that no longer exists is reported with 404, not left out.
    FaultyFixture f;
    const std::string token = parse_multistatus(f.send("REPORT", kAliceHome, sync_body(""), {{"Depth", "0"}}))->sync_token;
    REQUIRE(f.send("MKCOL", kAliceHome + "sub/").status == 201);
    // The child is removed after the change set was read, before its response is written.
    f.faulty.after_changes_since = [&] { REQUIRE(f.store.remove(kAliceHome + "sub/", {}).status == WriteStatus::deleted); };
    auto ms = parse_multistatus(f.via_faulty("REPORT", kAliceHome, sync_body(token), {{"Depth", "0"}}));
    const DavResponse* sub = ms->find(kAliceHome + "sub/");
    REQUIRE(sub);
    CHECK(sub->status == 404);
    CHECK(sub->propstats.empty());
}
