// Where a shared calendar appears and what its grantees get back (issue 6): the mount in the
// grantee's home, every href under it, the CalendarServer sharing properties, what freebusy
// grantees see, revocation and group grants taking effect on the next request.
#include <map>
#include <set>
#include <thread>

#include "unit/acl/acl_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

std::vector<std::string> hrefs(const Multistatus& ms) {
    std::vector<std::string> out;
    for (const auto& r : ms.responses) out.push_back(r.href);
    return out;
}

bool all_under(const std::vector<std::string>& list, const std::string& prefix) {
    for (const auto& h : list)
        if (h.rfind(prefix, 0) != 0) return false;
    return !list.empty();
}

const std::vector<QName> kMountProps = {xml::dav("resourcetype"), xml::dav("owner"), xml::cs("shared-url"),
                                        xml::dav("current-user-privilege-set"), xml::cs("invite"),
                                        xml::dav("displayname"), xml::dav("getetag")};

std::set<QName> privileges_in(const DavResponse& r) {
    std::set<QName> out;
    for (pugi::xml_node p : children(r.prop(xml::dav("current-user-privilege-set")), xml::dav("privilege")))
        for (const QName& n : child_names(p)) out.insert(n);
    return out;
}

}  // namespace

TEST_CASE("the grantee's home lists the mount with the sharing properties", "[acl][mount]") {
    AclFixture f;
    const Response r = f.send("PROPFIND", "/dav/calendars/reed/", propfind_body(kMountProps), {{"Depth", "1"}}, "reed");
    const auto ms = parse_multistatus(r);
    const DavResponse* mount = ms->find(mount_of("reed"));
    REQUIRE(mount);
    const pugi::xml_node type = mount->prop(xml::dav("resourcetype"));
    CHECK(child(type, xml::dav("collection")));
    CHECK(child(type, xml::caldav_name("calendar")));
    CHECK(child(type, xml::cs("shared")));
    CHECK_FALSE(child(type, xml::cs("shared-owner")));
    CHECK(std::string(child(mount->prop(xml::cs("shared-url")), xml::dav("href")).text().as_string()) == kWork);
    CHECK(std::string(child(mount->prop(xml::dav("owner")), xml::dav("href")).text().as_string()) ==
          "/dav/principals/alice/");
    CHECK(std::string(mount->prop(xml::dav("displayname")).text().as_string()) == "Work");
    const auto held = privileges_in(*mount);
    CHECK(held.contains(xml::dav("read")));
    CHECK_FALSE(held.contains(xml::dav("write-content")));
    CHECK_FALSE(held.contains(xml::dav("bind")));
    // Nothing of alice's other calendars, no other user's mounts.
    for (const auto& h : hrefs(*ms)) CHECK(h.rfind("/dav/calendars/reed/", 0) == 0);
    CHECK_FALSE(ms->find("/dav/calendars/reed/shared-alice-calendar/"));

    // nina holds no grant: no mount.
    const auto none = parse_multistatus(f.send("PROPFIND", "/dav/calendars/nina/", propfind_body(kMountProps),
                                               {{"Depth", "1"}}, "nina"));
    for (const auto& h : hrefs(*none)) CHECK(h.find("shared-") == std::string::npos);
}

TEST_CASE("a read-write grantee's privileges follow the table", "[acl][mount]") {
    AclFixture f;
    const auto ms = parse_multistatus(
        f.send("PROPFIND", mount_of("rita"), propfind_body(kMountProps), {{"Depth", "1"}}, "rita"));
    const DavResponse* calendar = ms->find(mount_of("rita"));
    REQUIRE(calendar);
    const auto on_calendar = privileges_in(*calendar);
    for (const char* p : {"read", "write-content", "bind", "unbind", "read-current-user-privilege-set"})
        CHECK(on_calendar.contains(xml::dav(p)));
    CHECK(on_calendar.contains(xml::caldav_name("read-free-busy")));
    CHECK_FALSE(on_calendar.contains(xml::dav("write-properties")));
    CHECK_FALSE(on_calendar.contains(xml::dav("all")));
    const DavResponse* e1 = ms->find(mount_of("rita") + "e1.ics");
    REQUIRE(e1);
    const auto on_object = privileges_in(*e1);
    CHECK(on_object.contains(xml::dav("write-properties")));
    CHECK(on_object.contains(xml::dav("write-content")));
    CHECK_FALSE(on_object.contains(xml::dav("unbind")));
}

TEST_CASE("the owner sees CS:shared-owner and CS:invite without freebusy grants", "[acl][mount]") {
    AclFixture f;
    const auto ms = parse_multistatus(f.send("PROPFIND", kWork, propfind_body(kMountProps), {{"Depth", "0"}}, "alice"));
    REQUIRE(ms->responses.size() == 1);
    const DavResponse& work = ms->responses.front();
    CHECK(child(work.prop(xml::dav("resourcetype")), xml::cs("shared-owner")));
    CHECK_FALSE(child(work.prop(xml::dav("resourcetype")), xml::cs("shared")));
    CHECK(work.status_of(xml::cs("shared-url")) == 404);
    const pugi::xml_node invite = work.prop(xml::cs("invite"));
    REQUIRE(invite);
    std::map<std::string, QName> access;
    for (pugi::xml_node user : children(invite, xml::cs("user"))) {
        const std::string href = child(user, xml::dav("href")).text().as_string();
        CHECK(child(user, xml::cs("invite-accepted")));
        access.emplace(href, child_names(child(user, xml::cs("access"))).at(0));
    }
    CHECK(access.size() == 2);
    CHECK(access.at("mailto:rita@example.org") == xml::cs("read-write"));
    CHECK(access.at("mailto:reed@example.org") == xml::cs("read"));

    // A calendar without grants is not marked.
    const auto own = parse_multistatus(f.send("PROPFIND", "/dav/calendars/alice/calendar/", propfind_body(kMountProps),
                                              {{"Depth", "0"}}, "alice"));
    CHECK_FALSE(child(own->responses.front().prop(xml::dav("resourcetype")), xml::cs("shared-owner")));
    CHECK(own->responses.front().status_of(xml::cs("invite")) == 404);
}

TEST_CASE("every href a grantee gets back is under the mount", "[acl][mount]") {
    AclFixture f;
    const std::string mount = mount_of("rita");
    REQUIRE(f.send("PUT", mount + "r1.ics", event_ics("r1"), {{"Content-Type", "text/calendar"}}, "rita").status == 201);
    CHECK(f.store.object_info(kWork + "r1.ics"));   // written into alice's calendar

    const auto depth1 = parse_multistatus(
        f.send("PROPFIND", mount, propfind_body({xml::dav("getetag")}), {{"Depth", "1"}}, "rita"));
    CHECK(depth1->responses.size() == 3);
    CHECK(all_under(hrefs(*depth1), mount));
    CHECK(depth1->find(mount + "e1.ics"));

    const auto query = parse_multistatus(f.send("REPORT", mount, calendar_query_body(), {{"Depth", "1"}}, "rita"));
    CHECK(query->responses.size() == 2);
    CHECK(all_under(hrefs(*query), mount));

    const auto multiget = parse_multistatus(
        f.send("REPORT", mount, multiget_body({mount + "e1.ics", mount + "r1.ics", mount + "gone.ics"}), {}, "rita"));
    CHECK(hrefs(*multiget) == std::vector<std::string>{mount + "e1.ics", mount + "r1.ics", mount + "gone.ics"});
    CHECK(multiget->find(mount + "gone.ics")->status == 404);
    CHECK(multiget->find(mount + "e1.ics")->prop(xml::caldav_name("calendar-data")));

    const auto initial = parse_multistatus(f.send("REPORT", mount, sync_body(), {{"Depth", "0"}}, "rita"));
    CHECK(all_under(hrefs(*initial), mount));
    REQUIRE(f.send("DELETE", kE1, {}, {}, "alice").status == 204);
    const auto incremental =
        parse_multistatus(f.send("REPORT", mount, sync_body(initial->sync_token), {{"Depth", "0"}}, "rita"));
    REQUIRE(incremental->responses.size() == 1);
    CHECK(incremental->responses.front().href == mount + "e1.ics");
    CHECK(incremental->responses.front().status == 404);

    // The owner's own path works for the grantee too, with hrefs as addressed.
    const auto direct = parse_multistatus(
        f.send("PROPFIND", kWork, propfind_body({xml::dav("getetag")}), {{"Depth", "1"}}, "rita"));
    CHECK(all_under(hrefs(*direct), kWork));
}

TEST_CASE("MOVE into and out of a mount", "[acl][mount]") {
    AclFixture f;
    REQUIRE(f.send("PUT", "/dav/calendars/rita/calendar/mine.ics", event_ics("mine"), {{"Content-Type", "text/calendar"}},
                   "rita")
                .status == 201);
    const Response in = f.send("MOVE", "/dav/calendars/rita/calendar/mine.ics", {},
                               {{"Destination", kOrigin + mount_of("rita") + "mine.ics"}}, "rita");
    CHECK(in.status == 201);
    CHECK(f.store.object_info(kWork + "mine.ics"));
    // A read grantee may not put anything in.
    REQUIRE(f.send("PUT", "/dav/calendars/reed/calendar/r.ics", event_ics("r"), {{"Content-Type", "text/calendar"}},
                   "reed")
                .status == 201);
    const Response denied = f.send("MOVE", "/dav/calendars/reed/calendar/r.ics", {},
                                   {{"Destination", kOrigin + mount_of("reed") + "r.ics"}}, "reed");
    CHECK(denied.status == 403);
    REQUIRE(need_privilege(denied));
    CHECK(need_privilege(denied)->privilege == xml::dav("bind"));
    CHECK(f.store.object_info("/dav/calendars/reed/calendar/r.ics"));
}

TEST_CASE("a freebusy grantee sees the calendar but no members and no content", "[acl][mount]") {
    AclFixture f;
    const std::string mount = mount_of("fred");
    const auto ms = parse_multistatus(f.send("PROPFIND", mount,
                                             propfind_body({xml::dav("displayname"), xml::dav("getetag"),
                                                            xml::caldav_name("calendar-description"),
                                                            xml::dav("current-user-privilege-set")}),
                                             {{"Depth", "1"}}, "fred"));
    REQUIRE(ms->responses.size() == 1);
    const DavResponse& cal = ms->responses.front();
    CHECK(cal.href == mount);
    CHECK(cal.status_of(xml::dav("displayname")) == 200);
    CHECK(cal.status_of(xml::dav("getetag")) == 403);
    CHECK(cal.status_of(xml::caldav_name("calendar-description")) == 403);
    const auto held = privileges_in(cal);
    CHECK(held.contains(xml::caldav_name("read-free-busy")));
    CHECK_FALSE(held.contains(xml::dav("read")));
    // allprop shows no content-derived property either.
    const Response all = f.send("PROPFIND", mount, R"(<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>)",
                                {{"Depth", "0"}}, "fred");
    CHECK(all.body.find("getetag") == std::string::npos);
    CHECK(all.body.find("e1.ics") == std::string::npos);
    // free-busy-query answers busy time, never the summary.
    const Response fb = f.send("REPORT", mount, free_busy_body(), {{"Depth", "1"}}, "fred");
    CHECK(fb.status == 200);
    CHECK_THAT(fb.body, Catch::Contains("FREEBUSY"));
    CHECK(fb.body.find("Secret") == std::string::npos);
    // Whole calendar and objects: 403.
    CHECK(f.send("GET", mount, {}, {}, "fred").status == 403);
    CHECK(f.send("GET", mount + "e1.ics", {}, {}, "fred").status == 403);
}

TEST_CASE("forged hrefs in multiget never reach into another home", "[acl][paths]") {
    AclFixture f;
    const std::string mount = mount_of("reed");
    const std::vector<std::string> forged = {
        "/dav/calendars/bob/calendar/b1.ics",                          // another home, directly
        mount + "../../bob/calendar/b1.ics",                           // dot segments
        mount + "%2e%2e/%2e%2e/bob/calendar/b1.ics",                   // encoded dot segments
        mount + "..%2F..%2Fbob%2Fcalendar%2Fb1.ics",                   // encoded slashes
        "/dav/calendars/reed/shared-bob-calendar/b1.ics",              // a mount reed does not have
        "/dav/calendars/alice/calendar/",                              // alice's unshared calendar
        "http://evil.example/dav/calendars/bob/calendar/b1.ics",
    };
    const Response r = f.send("REPORT", mount, multiget_body(forged), {}, "reed");
    INFO(r.body);
    const auto ms = parse_multistatus(r);
    CHECK(ms->responses.size() == forged.size());
    for (const auto& resp : ms->responses) CHECK(resp.status == 404);
    CHECK(r.body.find("Bob private") == std::string::npos);
    // The same hrefs from the owner's own calendar path: still nothing of bob's.
    const Response direct = f.send("REPORT", kWork, multiget_body(forged), {}, "reed");
    CHECK(direct.body.find("Bob private") == std::string::npos);
}

TEST_CASE("percent-encoded targets cannot climb out of a mount or a home", "[acl][paths]") {
    AclFixture f;
    const std::string mount = mount_of("reed");
    for (const std::string& target : std::vector<std::string>{mount + "%2e%2e/%2e%2e/bob/calendar/b1.ics", mount + "%2E%2E/%2E%2E/bob/calendar/",
                                      mount + "..%2f..%2fbob%2fcalendar%2fb1.ics",
                                      "/dav/calendars/reed%2F..%2Fbob/calendar/b1.ics",
                                      "/dav/calendars/reed/shared-alice-work%2F..%2F..%2Fbob/calendar/b1.ics"}) {
        const Response r = f.send("GET", target, {}, {}, "reed");
        INFO(target << ": " << r.status << " " << r.body);
        CHECK((r.status == 400 || r.status == 404));
        CHECK(r.body.find("Bob private") == std::string::npos);
    }
    // An encoded '-' is the same name: the mount itself, not an escape.
    CHECK(f.send("GET", "/dav/calendars/reed/shared%2Dalice%2Dwork/e1.ics", {}, {}, "reed").status == 200);
    // The Destination of a MOVE cannot point into another home either.
    REQUIRE(f.send("PUT", "/dav/calendars/rita/calendar/m.ics", event_ics("m"), {{"Content-Type", "text/calendar"}},
                   "rita")
                .status == 201);
    const Response move = f.send("MOVE", "/dav/calendars/rita/calendar/m.ics", {},
                                 {{"Destination", kOrigin + mount_of("rita") + "%2e%2e/%2e%2e/bob/calendar/m.ics"}}, "rita");
    CHECK(move.status == 400);
    const Response move2 = f.send("MOVE", "/dav/calendars/rita/calendar/m.ics", {},
                                  {{"Destination", kOrigin + "/dav/calendars/bob/calendar/m.ics"}}, "rita");
    CHECK(move2.status == 403);
    CHECK_FALSE(f.store.object_info("/dav/calendars/bob/calendar/m.ics"));
}

TEST_CASE("a grantee's write racing the owner's with If-Match: exactly one wins, nothing lost", "[acl][race]") {
    for (int round = 0; round < 10; ++round) {
        AclFixture f;
        Response owner, grantee;
        std::thread a([&] {
            owner = f.send("PUT", kE1, event_ics("e1", "Owner version"),
                           {{"Content-Type", "text/calendar"}, {"If-Match", f.e1_etag}}, "alice");
        });
        std::thread b([&] {
            grantee = f.send("PUT", mount_of("rita") + "e1.ics", event_ics("e1", "Grantee version"),
                             {{"Content-Type", "text/calendar"}, {"If-Match", f.e1_etag}}, "rita");
        });
        a.join();
        b.join();
        INFO("round " << round << ": owner " << owner.status << ", grantee " << grantee.status);
        CHECK(((owner.status == 204 && grantee.status == 412) || (owner.status == 412 && grantee.status == 204)));
        const auto stored = f.store.object(kE1);
        REQUIRE(stored);
        const Response& winner = owner.status == 204 ? owner : grantee;
        CHECK(header(winner, "ETag") == "\"" + stored->info.etag + "\"");
        CHECK_THAT(stored->data, Catch::Contains(owner.status == 204 ? "Owner version" : "Grantee version"));
    }
}

TEST_CASE("unshare hides the mount on the next request", "[acl][revoke]") {
    AclFixture f;
    REQUIRE(f.send("GET", mount_of("reed") + "e1.ics", {}, {}, "reed").status == 200);
    REQUIRE(f.store.unshare(kWork, "reed"));
    CHECK(f.send("GET", mount_of("reed") + "e1.ics", {}, {}, "reed").status == 404);
    CHECK(f.send("GET", kE1, {}, {}, "reed").status == 404);
    CHECK(f.send("PROPFIND", mount_of("reed"), {}, {{"Depth", "0"}}, "reed").status == 404);
    const auto home = parse_multistatus(
        f.send("PROPFIND", "/dav/calendars/reed/", propfind_body({xml::dav("resourcetype")}), {{"Depth", "1"}}, "reed"));
    CHECK_FALSE(home->find(mount_of("reed")));
    // Re-sharing with another access replaces it.
    REQUIRE(f.store.share(kWork, "rita", Access::read).status == calbridge::store::ShareStatus::updated);
    CHECK(f.send("DELETE", mount_of("rita") + "e1.ics", {}, {}, "rita").status == 403);
}

TEST_CASE("group grants apply to members, the highest access wins, changes apply at once", "[acl][groups]") {
    AclFixture f;
    const std::vector<std::string> members = {"nina"};
    REQUIRE(f.store.add_group_members("team", members).status == calbridge::store::GroupStatus::done);
    REQUIRE(f.store.share(kWork, "team", Access::read).group);
    CHECK(f.send("GET", mount_of("nina") + "e1.ics", {}, {}, "nina").status == 200);
    CHECK(f.send("DELETE", mount_of("nina") + "e1.ics", {}, {}, "nina").status == 403);

    // fred: freebusy directly, read-write through the group -> read-write.
    const std::vector<std::string> fred = {"fred"};
    REQUIRE(f.store.add_group_members("team", fred).status == calbridge::store::GroupStatus::done);
    REQUIRE(f.store.share(kWork, "team", Access::read_write).status == calbridge::store::ShareStatus::updated);
    CHECK(f.send("GET", mount_of("fred") + "e1.ics", {}, {}, "fred").status == 200);
    CHECK(f.send("PUT", mount_of("fred") + "f.ics", event_ics("f"), {{"Content-Type", "text/calendar"}}, "fred").status ==
          201);
    // Out of the group: back to freebusy; nina (no direct grant) loses the calendar.
    const std::vector<std::string> both = {"fred", "nina"};
    REQUIRE(f.store.remove_group_members("team", both).status == calbridge::store::GroupStatus::done);
    CHECK(f.send("GET", mount_of("fred") + "e1.ics", {}, {}, "fred").status == 403);
    CHECK(f.send("GET", mount_of("nina") + "e1.ics", {}, {}, "nina").status == 404);
    // Removing the group removes its grants.
    REQUIRE(f.store.add_group_members("team", members).status == calbridge::store::GroupStatus::done);
    CHECK(f.send("GET", mount_of("nina") + "e1.ics", {}, {}, "nina").status == 200);
    REQUIRE(f.store.remove_group_members("team", {}).removed);
    CHECK(f.send("GET", mount_of("nina") + "e1.ics", {}, {}, "nina").status == 404);
}

TEST_CASE("an own collection at the mount's path wins over the mount", "[acl][mount]") {
    AclFixture f;
    REQUIRE(f.store.make_collection(mount_of("reed"), "reed", CollectionKind::calendar, CollectionPatch{}).status ==
            WriteStatus::created);
    CHECK(f.send("GET", mount_of("reed") + "e1.ics", {}, {}, "reed").status == 404);
    CHECK(f.send("PUT", mount_of("reed") + "own.ics", event_ics("own"), {{"Content-Type", "text/calendar"}}, "reed")
              .status == 201);
    CHECK(f.store.object_info(mount_of("reed") + "own.ics"));
    const auto home = parse_multistatus(
        f.send("PROPFIND", "/dav/calendars/reed/", propfind_body({xml::dav("resourcetype")}), {{"Depth", "1"}}, "reed"));
    int listed = 0;
    for (const auto& r : home->responses) listed += r.href == mount_of("reed") ? 1 : 0;
    CHECK(listed == 1);
}

TEST_CASE("another user's principal is readable, their home is not", "[acl]") {
    AclFixture f;
    CHECK(f.send("PROPFIND", "/dav/principals/alice/", {}, {{"Depth", "0"}}, "nina").status == 207);
    CHECK(f.send("PROPFIND", "/dav/calendars/alice/", {}, {{"Depth", "0"}}, "nina").status == 404);
    CHECK(f.send("PROPFIND", "/dav/calendars/alice/", {}, {{"Depth", "0"}}, "reed").status == 404);
    CHECK(f.send("PROPPATCH", "/dav/principals/alice/",
                 R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)"
                 R"(<D:displayname>X</D:displayname></D:prop></D:set></D:propertyupdate>)",
                 {}, "nina")
              .status != 207);
}

TEST_CASE("a grantee's COPY of a shared calendar is the grantee's own calendar", "[acl][mount]") {
    // Found in review: the copy kept alice as its owner, so reed could not see or remove it in
    // his own home and alice could write into reed's home.
    AclFixture f;
    const Response copy = f.send("COPY", mount_of("reed"), {}, {{"Destination", kOrigin + "/dav/calendars/reed/copy/"}},
                                 "reed");
    REQUIRE(copy.status == 201);
    const auto copied = f.store.collection("/dav/calendars/reed/copy/");
    REQUIRE(copied);
    CHECK(copied->owner == "reed");
    CHECK(f.send("GET", "/dav/calendars/reed/copy/e1.ics", {}, {}, "reed").status == 200);
    CHECK(f.send("DELETE", "/dav/calendars/reed/copy/", {}, {}, "reed").status == 204);
    // alice has no privilege in reed's home: the copy never was hers.
    REQUIRE(f.send("COPY", mount_of("reed"), {}, {{"Destination", kOrigin + "/dav/calendars/reed/copy2/"}}, "reed")
                .status == 201);
    CHECK(f.send("PUT", "/dav/calendars/reed/copy2/x.ics", event_ics("x"), {{"Content-Type", "text/calendar"}}, "alice")
              .status == 404);
}

TEST_CASE("expand-property never reads a calendar a freebusy grantee may not read", "[acl][mount]") {
    // Found in review: hrefs in a dead property of fred's own calendar expanded alice's calendar
    // description and her event's properties, which a PROPFIND refuses him.
    AclFixture f;
    REQUIRE(f.send("PROPPATCH", kWork,
                   R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
                   R"(<D:set><D:prop><C:calendar-description>ALICE-DESC</C:calendar-description></D:prop></D:set>)"
                   R"(</D:propertyupdate>)",
                   {}, "alice")
                .status == 207);
    REQUIRE(f.send("PROPPATCH", "/dav/calendars/fred/calendar/",
                   R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><X:links xmlns:X="urn:x">)"
                   "<D:href>" + kWork + "</D:href><D:href>" + kE1 + "</D:href><D:href>" + mount_of("fred") +
                       "</D:href></X:links></D:prop></D:set></D:propertyupdate>",
                   {}, "fred")
                .status == 207);
    const Response r = f.send("REPORT", "/dav/calendars/fred/calendar/",
                              R"(<?xml version="1.0"?><D:expand-property xmlns:D="DAV:"><D:property name="links" namespace="urn:x">)"
                              R"(<D:property name="getetag"/><D:property name="calendar-description" )"
                              R"(namespace="urn:ietf:params:xml:ns:caldav"/></D:property></D:expand-property>)",
                              {{"Depth", "0"}}, "fred");
    CHECK(r.status == 207);
    CHECK(r.body.find("ALICE-DESC") == std::string::npos);
    CHECK(r.body.find(f.e1_etag) == std::string::npos);
    // reed (read) may expand the same links through his own calendar.
    REQUIRE(f.send("PROPPATCH", "/dav/calendars/reed/calendar/",
                   R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><X:links xmlns:X="urn:x">)"
                   "<D:href>" + kWork + "</D:href></X:links></D:prop></D:set></D:propertyupdate>",
                   {}, "reed")
                .status == 207);
    const Response ok = f.send("REPORT", "/dav/calendars/reed/calendar/",
                               R"(<?xml version="1.0"?><D:expand-property xmlns:D="DAV:"><D:property name="links" namespace="urn:x">)"
                               R"(<D:property name="calendar-description" namespace="urn:ietf:params:xml:ns:caldav"/>)"
                               R"(</D:property></D:expand-property>)",
                               {{"Depth", "0"}}, "reed");
    CHECK(ok.body.find("ALICE-DESC") != std::string::npos);
}
