// A read-only calendar (issue 6 item 4: bridged to an Exchange folder the account may only read;
// the store sets Collection::read_only from the pair's flag): every way a client reads
// DAV:current-user-privilege-set shows no write privilege (RFC 3744 5.4), on the calendar and
// on its objects, and every writing method is refused with 403 DAV:need-privileges (7.1.1).
#include "engine_fixture.h"

#include <set>
#include <string>

using namespace calbridge;
using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

struct ReadOnlyCalendar : EngineFixture {
    ReadOnlyCalendar() {
        REQUIRE(send("PUT", kAliceCal + "e1.ics", event_ics("e1"), {{"Content-Type", "text/calendar"}}).status == 201);
        const auto pair = store.bridge_pair("shared", kAliceCal, "exchange:shared:bob@example.org");
        store.bridge_save_remote_read_only(pair.id, true);
    }
};

// The privilege names held, from a current-user-privilege-set element.
std::set<std::string> held(pugi::xml_node cups) {
    std::set<std::string> names;
    for (pugi::xml_node p : children(cups, xml::dav("privilege")))
        for (pugi::xml_node n = p.first_child(); n; n = n.next_sibling())
            if (n.type() == pugi::node_element) names.insert(xml::qname_of(n).name);
    return names;
}

void check_read_only(pugi::xml_node cups) {
    REQUIRE(cups);
    const auto names = held(cups);
    CHECK(names.count("read"));
    for (const char* write : {"all", "write", "write-content", "write-properties", "bind", "unbind"}) {
        INFO(write);
        CHECK_FALSE(names.count(write));
    }
}

const std::string kCups = R"(<D:prop xmlns:D="DAV:"><D:current-user-privilege-set/><D:getetag/></D:prop>)";

}  // namespace

TEST_CASE("read-only calendar: current-user-privilege-set shows no write privilege anywhere", "[engine][read_only]") {
    ReadOnlyCalendar f;
    const std::string object = kAliceCal + "e1.ics";
    SECTION("PROPFIND Depth 1") {
        const auto ms = parse_multistatus(f.propfind(kAliceCal, "1", propfind_body({xml::dav("current-user-privilege-set")})));
        REQUIRE(ms->find(kAliceCal));
        REQUIRE(ms->find(object));
        check_read_only(ms->find(kAliceCal)->prop(xml::dav("current-user-privilege-set")));
        check_read_only(ms->find(object)->prop(xml::dav("current-user-privilege-set")));
        // The home is the owner's as before.
        const auto home = parse_multistatus(f.propfind(kAliceHome, "0", propfind_body({xml::dav("current-user-privilege-set")})));
        CHECK(held(home->find(kAliceHome)->prop(xml::dav("current-user-privilege-set"))).count("all"));
    }
    SECTION("calendar-query and calendar-multiget") {
        const auto query = parse_multistatus(f.send(
            "REPORT", kAliceCal,
            R"(<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)" + kCups +
                R"(<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>)",
            {{"Depth", "1"}}));
        REQUIRE(query->find(object));
        check_read_only(query->find(object)->prop(xml::dav("current-user-privilege-set")));
        const auto multiget = parse_multistatus(f.send(
            "REPORT", kAliceCal,
            R"(<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)" + kCups +
                "<D:href>" + object + "</D:href></C:calendar-multiget>",
            {{"Depth", "1"}}));
        REQUIRE(multiget->find(object));
        check_read_only(multiget->find(object)->prop(xml::dav("current-user-privilege-set")));
    }
    SECTION("sync-collection") {
        const auto sync = parse_multistatus(f.send(
            "REPORT", kAliceCal,
            R"(<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>1</D:sync-level>)" + kCups +
                "</D:sync-collection>"));
        REQUIRE(sync->find(object));
        check_read_only(sync->find(object)->prop(xml::dav("current-user-privilege-set")));
    }
}

TEST_CASE("read-only calendar: writes get 403 need-privileges, the flag cleared makes it writable", "[engine][read_only]") {
    ReadOnlyCalendar f;
    const std::string object = kAliceCal + "e1.ics";
    const auto seq = f.store.collection(kAliceCal)->sync_seq;
    pugi::xml_document doc;
    const auto put = f.send("PUT", object, event_ics("e1", "Changed"), {{"Content-Type", "text/calendar"}});
    CHECK(put.status == 403);
    CHECK(error_condition(put, doc) == xml::dav("need-privileges"));
    CHECK(f.send("PUT", kAliceCal + "e2.ics", event_ics("e2"), {{"Content-Type", "text/calendar"}}).status == 403);
    CHECK(f.send("DELETE", object).status == 403);
    CHECK(f.send("MKCOL", kAliceCal + "sub/").status == 403);
    CHECK(f.send("MOVE", object, {}, {{"Destination", kOrigin + "/dav/calendars/alice/moved.ics"}}).status == 403);
    CHECK(f.store.collection(kAliceCal)->sync_seq == seq);
    const auto pair = f.store.find_bridge_pair("shared");
    f.store.bridge_save_remote_read_only(pair->id, false);
    CHECK(f.send("PUT", object, event_ics("e1", "Changed"), {{"Content-Type", "text/calendar"}}).status == 204);
    CHECK(f.send("DELETE", object).status == 204);
}
