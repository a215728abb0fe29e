// The permission matrix of issue6.md ("Expected status per cell") through the Engine: every
// operation for every role, each on a fresh store. Every 403 carries DAV:need-privileges naming
// the resource as the user addresses it and one privilege (RFC 3744 7.1.1).
#include <functional>

#include "unit/acl/acl_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

using Operation = std::function<Response(AclFixture&, Role)>;

struct Row {
    const char* name;
    Operation run;
    int expected[6];   // owner, read-write, read, freebusy, none, anonymous
};

std::string own_home(Role r) { return "/dav/calendars/" + user_of(r).value_or("alice") + "/"; }

Response propfind(AclFixture& f, Role r, const std::string& target) {
    return f.send("PROPFIND", target, propfind_body({xml::dav("getetag"), xml::dav("resourcetype")}), {{"Depth", "1"}},
                  user_of(r));
}

Response report(AclFixture& f, Role r, const std::string& body, const std::string& depth = "1") {
    return f.send("REPORT", calendar_for(r), body, {{"Depth", depth}}, user_of(r));
}

const std::vector<Row>& matrix() {
    static const std::vector<Row> rows = {
        {"PROPFIND own home Depth 1", [](AclFixture& f, Role r) { return propfind(f, r, own_home(r)); },
         {207, 207, 207, 207, 207, 401}},
        {"PROPFIND calendar Depth 1", [](AclFixture& f, Role r) { return propfind(f, r, calendar_for(r)); },
         {207, 207, 207, 207, 404, 401}},
        {"GET e1.ics", [](AclFixture& f, Role r) { return f.send("GET", calendar_for(r) + "e1.ics", {}, {}, user_of(r)); },
         {200, 200, 200, 403, 404, 401}},
        {"PUT new object",
         [](AclFixture& f, Role r) {
             return f.send("PUT", calendar_for(r) + "new.ics", event_ics("new-1"), {{"Content-Type", "text/calendar"}},
                           user_of(r));
         },
         {201, 201, 403, 403, 404, 401}},
        {"DELETE e1.ics",
         [](AclFixture& f, Role r) { return f.send("DELETE", calendar_for(r) + "e1.ics", {}, {}, user_of(r)); },
         {204, 204, 403, 403, 404, 401}},
        {"MOVE e1.ics to own calendar",
         [](AclFixture& f, Role r) {
             return f.send("MOVE", calendar_for(r) + "e1.ics", {},
                           {{"Destination", kOrigin + own_home(r) + "calendar/e1.ics"}}, user_of(r));
         },
         {201, 201, 403, 403, 404, 401}},
        {"PROPPATCH calendar displayname",
         [](AclFixture& f, Role r) {
             return f.send("PROPPATCH", calendar_for(r),
                           R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)"
                           R"(<D:displayname>Renamed</D:displayname></D:prop></D:set></D:propertyupdate>)",
                           {}, user_of(r));
         },
         {207, 403, 403, 403, 404, 401}},
        {"MKCALENDAR in the owner's home",
         [](AclFixture& f, Role r) { return f.send("MKCALENDAR", "/dav/calendars/alice/new/", {}, {}, user_of(r)); },
         {201, 404, 404, 404, 404, 401}},
        {"calendar-query", [](AclFixture& f, Role r) { return report(f, r, calendar_query_body()); },
         {207, 207, 207, 403, 404, 401}},
        {"calendar-multiget",
         [](AclFixture& f, Role r) { return report(f, r, multiget_body({calendar_for(r) + "e1.ics"})); },
         {207, 207, 207, 403, 404, 401}},
        {"sync-collection", [](AclFixture& f, Role r) { return report(f, r, sync_body(), "0"); },
         {207, 207, 207, 403, 404, 401}},
        {"free-busy-query", [](AclFixture& f, Role r) { return report(f, r, free_busy_body()); },
         {200, 200, 200, 200, 404, 401}},
        {"GET calendar (whole .ics)",
         [](AclFixture& f, Role r) { return f.send("GET", calendar_for(r), {}, {}, user_of(r)); },
         {200, 200, 200, 403, 404, 401}},
    };
    return rows;
}

}  // namespace

TEST_CASE("permission matrix: every operation for every role, as issue6.md lists it", "[acl][matrix]") {
    const Role roles[] = {Role::owner, Role::read_write, Role::read, Role::freebusy, Role::none, Role::anonymous};
    for (const Row& row : matrix()) {
        for (int i = 0; i < 6; ++i) {
            const Role role = roles[i];
            AclFixture f;
            const Response r = row.run(f, role);
            INFO(row.name << " as " << role_name(role) << ": " << r.body);
            CHECK(r.status == row.expected[i]);
            if (r.status == 403) {
                const auto need = need_privilege(r);
                REQUIRE(need);
                // Named as the user addresses it: under the mount for a grantee.
                CHECK(need->href.rfind(calendar_for(role), 0) == 0);
                CHECK(!need->privilege.name.empty());
            }
        }
    }
}

TEST_CASE("a forbidden write changes nothing", "[acl][matrix]") {
    AclFixture f;
    REQUIRE(f.send("DELETE", mount_of("reed") + "e1.ics", {}, {}, "reed").status == 403);
    REQUIRE(f.send("PUT", mount_of("reed") + "e1.ics", event_ics("e1", "Changed"), {{"Content-Type", "text/calendar"}},
                   "reed")
                .status == 403);
    REQUIRE(f.send("MOVE", mount_of("fred") + "e1.ics", {}, {{"Destination", kOrigin + "/dav/calendars/fred/calendar/e1.ics"}},
                   "fred")
                .status == 403);
    const auto object = f.store.object(kE1);
    REQUIRE(object);
    CHECK(object->info.etag == f.e1_etag.substr(1, f.e1_etag.size() - 2));
    CHECK_FALSE(f.store.object_info("/dav/calendars/fred/calendar/e1.ics"));
}

TEST_CASE("the privileges named in need-privileges fit the method", "[acl][matrix]") {
    AclFixture f;
    auto privilege_of = [](const Response& r) {
        INFO(r.body);
        REQUIRE(r.status == 403);
        auto need = need_privilege(r);
        REQUIRE(need);
        return need->privilege;
    };
    CHECK(privilege_of(f.send("GET", mount_of("fred") + "e1.ics", {}, {}, "fred")) == xml::dav("read"));
    CHECK(privilege_of(f.send("PUT", mount_of("reed") + "x.ics", event_ics("x"), {{"Content-Type", "text/calendar"}},
                              "reed")) == xml::dav("bind"));
    CHECK(privilege_of(f.send("PUT", mount_of("reed") + "e1.ics", event_ics("e1"), {{"Content-Type", "text/calendar"}},
                              "reed")) == xml::dav("write-content"));
    const Response del = f.send("DELETE", mount_of("reed") + "e1.ics", {}, {}, "reed");
    CHECK(privilege_of(del) == xml::dav("unbind"));
    CHECK(need_privilege(del)->href == mount_of("reed"));   // the collection that would lose a member
    CHECK(privilege_of(f.send("PROPPATCH", mount_of("rita"),
                              R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)"
                              R"(<D:displayname>X</D:displayname></D:prop></D:set></D:propertyupdate>)",
                              {}, "rita")) == xml::dav("write-properties"));
    CHECK(privilege_of(f.send("REPORT", mount_of("fred"), calendar_query_body(), {{"Depth", "1"}}, "fred")) ==
          xml::dav("read"));
    // The grantee cannot remove the shared calendar (unshare is the owner's).
    const Response drop = f.send("DELETE", mount_of("rita"), {}, {}, "rita");
    CHECK(privilege_of(drop) == xml::dav("unbind"));
    CHECK(need_privilege(drop)->href == mount_of("rita"));
    CHECK(f.store.collection(kWork));
}

TEST_CASE("the .ics token opens the calendar without a login until it is revoked", "[acl][matrix]") {
    AclFixture f;
    const auto issued = f.store.issue_token(kWork);
    REQUIRE(issued);
    const Response ok = f.send("GET", "/ics/" + issued->token + ".ics", {}, {}, std::nullopt);
    CHECK(ok.status == 200);
    CHECK_THAT(ok.body, Catch::Contains("Secret board meeting"));
    REQUIRE(f.store.revoke_token(issued->id));
    CHECK(f.send("GET", "/ics/" + issued->token + ".ics", {}, {}, std::nullopt).status == 404);
}
