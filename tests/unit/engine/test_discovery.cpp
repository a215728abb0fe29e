// Discovery as Thunderbird, Apple Calendar and DAVx5 do it: well-known redirect (RFC 6764),
// current-user-principal (RFC 5397), calendar-home-set (RFC 4791 6.2.1), home listing.
#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

TEST_CASE("well-known caldav redirects to the context path without auth", "[engine]") {
    EngineFixture f;
    for (const char* method : {"GET", "PROPFIND"}) {
        const Response r = f.send(method, "/.well-known/caldav", {}, {}, std::nullopt);
        CHECK(r.status == 301);
        // Relative (RFC 9110 10.2.2): right also behind a TLS proxy, where the origin says http.
        CHECK(header(r, "Location") == "/dav/");
    }
    // Other well-known services (DAVx5 and iOS probe carddav): 404, never a 401 loop.
    CHECK(f.send("PROPFIND", "/.well-known/carddav", {}, {}, std::nullopt).status == 404);
    CHECK(f.send("PROPFIND", "/.well-known/carddav", {}, {}, std::string("alice")).status == 404);
}

TEST_CASE("anonymous requests to /dav/ get 401 with a Basic challenge", "[engine]") {
    EngineFixture f;
    const Response r = f.send("PROPFIND", "/dav/", {}, {{"Depth", "0"}}, std::nullopt);
    CHECK(r.status == 401);
    CHECK(header(r, "WWW-Authenticate") == "Basic realm=\"calbridge\", charset=\"UTF-8\"");
}

TEST_CASE("PROPFIND / root shows the current user's principal", "[engine]") {
    EngineFixture f;
    const Response r = f.propfind("/dav/", "0",
                                  propfind_body({xml::dav("current-user-principal"), xml::dav("resourcetype"),
                                                 xml::dav("principal-collection-set")}));
    auto ms = parse_multistatus(r);
    REQUIRE(ms->responses.size() == 1);
    const DavResponse& root = ms->responses[0];
    CHECK(root.href == "/dav/");
    const auto cup = root.prop(xml::dav("current-user-principal"));
    REQUIRE(cup);
    CHECK(std::string(child(cup, xml::dav("href")).text().as_string()) == "/dav/principals/alice/");
    CHECK(child(root.prop(xml::dav("resourcetype")), xml::dav("collection")));
    CHECK(std::string(child(root.prop(xml::dav("principal-collection-set")), xml::dav("href")).text().as_string()) ==
          "/dav/principals/");
}

TEST_CASE("the principal names its calendar home and addresses", "[engine]") {
    EngineFixture f;
    const Response r = f.propfind(
        "/dav/principals/alice/", "0",
        propfind_body({xml::caldav_name("calendar-home-set"), xml::caldav_name("calendar-user-address-set"),
                       xml::dav("principal-URL"), xml::dav("displayname"), xml::dav("resourcetype"),
                       xml::caldav_name("schedule-inbox-URL")}));
    auto ms = parse_multistatus(r);
    REQUIRE(ms->responses.size() == 1);
    const DavResponse& p = ms->responses[0];
    CHECK(std::string(child(p.prop(xml::caldav_name("calendar-home-set")), xml::dav("href")).text().as_string()) ==
          kAliceHome);
    std::vector<std::string> addresses;
    for (auto h : children(p.prop(xml::caldav_name("calendar-user-address-set")), xml::dav("href")))
        addresses.push_back(h.text().as_string());
    CHECK(addresses == std::vector<std::string>{"mailto:alice@example.org", "/dav/principals/alice/"});
    CHECK(std::string(child(p.prop(xml::dav("principal-URL")), xml::dav("href")).text().as_string()) ==
          "/dav/principals/alice/");
    CHECK(std::string(p.prop(xml::dav("displayname")).text().as_string()) == "Alice Example");
    CHECK(child(p.prop(xml::dav("resourcetype")), xml::dav("principal")));
    // No scheduling yet: asked-for scheduling properties are 404.
    CHECK(p.status_of(xml::caldav_name("schedule-inbox-URL")) == 404);
}

TEST_CASE("home Depth 1 lists calendars with the properties clients ask for", "[engine]") {
    EngineFixture f;
    const auto props = propfind_body({xml::dav("resourcetype"), xml::dav("displayname"), xml::cs("getctag"),
                                      xml::dav("sync-token"), xml::caldav_name("supported-calendar-component-set"),
                                      xml::apple("calendar-color"), xml::dav("current-user-privilege-set"),
                                      xml::dav("supported-report-set"), xml::dav("owner")});
    auto ms = parse_multistatus(f.propfind(kAliceHome, "1", props));
    REQUIRE(ms->responses.size() == 2);
    const DavResponse* home = ms->find(kAliceHome);
    const DavResponse* cal = ms->find(kAliceCal);
    REQUIRE(home);
    REQUIRE(cal);
    CHECK_FALSE(child(home->prop(xml::dav("resourcetype")), xml::caldav_name("calendar")));
    const auto rt = cal->prop(xml::dav("resourcetype"));
    CHECK(child(rt, xml::dav("collection")));
    CHECK(child(rt, xml::caldav_name("calendar")));
    CHECK(std::string(cal->prop(xml::dav("displayname")).text().as_string()) == "Calendar");
    const std::string ctag = cal->prop(xml::cs("getctag")).text().as_string();
    CHECK(ctag.rfind("http://calbridge.invalid/sync/", 0) == 0);
    CHECK(ctag == cal->prop(xml::dav("sync-token")).text().as_string());
    std::vector<std::string> comps;
    for (auto c : children(cal->prop(xml::caldav_name("supported-calendar-component-set")), xml::caldav_name("comp")))
        comps.push_back(c.attribute("name").value());
    CHECK(comps == std::vector<std::string>{"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"});
    // Not set yet: a default from the palette (calendar_access/calendar_properties.cpp).
    CHECK(cal->status_of(xml::apple("calendar-color")) == 200);
    const auto privs = children(cal->prop(xml::dav("current-user-privilege-set")), xml::dav("privilege"));
    REQUIRE(privs.size() == 1);
    CHECK(child(privs[0], xml::dav("all")));
    std::vector<QName> reports;
    for (auto sr : children(cal->prop(xml::dav("supported-report-set")), xml::dav("supported-report")))
        for (auto n : child_names(child(sr, xml::dav("report")))) reports.push_back(n);
    CHECK(std::find(reports.begin(), reports.end(), xml::dav("sync-collection")) != reports.end());
    CHECK(std::string(child(cal->prop(xml::dav("owner")), xml::dav("href")).text().as_string()) ==
          "/dav/principals/alice/");
}

TEST_CASE("PROPFIND Depth infinity or without Depth is refused", "[engine]") {
    EngineFixture f;
    for (const auto& headers : {std::vector<std::pair<std::string, std::string>>{{"Depth", "infinity"}},
                                std::vector<std::pair<std::string, std::string>>{}}) {
        const Response r = f.send("PROPFIND", kAliceHome, {}, headers);
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::dav("propfind-finite-depth"));
    }
}

TEST_CASE("allprop and propname", "[engine]") {
    EngineFixture f;
    SECTION("an empty body is allprop: RFC 4918 live properties, no computed ones") {
        auto ms = parse_multistatus(f.propfind(kAliceCal, "0"));
        const DavResponse& r = ms->responses.at(0);
        CHECK(r.prop(xml::dav("resourcetype")));
        CHECK(r.prop(xml::dav("getetag")));
        CHECK(r.prop(xml::dav("supportedlock")));
        CHECK_FALSE(r.prop(xml::dav("sync-token")));
        CHECK_FALSE(r.prop(xml::dav("current-user-privilege-set")));
    }
    SECTION("allprop with include adds the named ones") {
        const std::string body = R"(<propfind xmlns="DAV:"><allprop/><include><sync-token/></include></propfind>)";
        auto ms = parse_multistatus(f.propfind(kAliceCal, "0", body));
        CHECK(ms->responses.at(0).prop(xml::dav("sync-token")));
        CHECK(ms->responses.at(0).prop(xml::dav("displayname")));
    }
    SECTION("propname lists names without values") {
        auto ms = parse_multistatus(f.propfind(kAliceCal, "0", R"(<propfind xmlns="DAV:"><propname/></propfind>)"));
        const auto name = ms->responses.at(0).prop(xml::dav("displayname"));
        REQUIRE(name);
        CHECK(std::string(name.text().as_string()).empty());
        CHECK(ms->responses.at(0).prop(xml::caldav_name("supported-calendar-data")));
    }
}

TEST_CASE("OPTIONS advertises the DAV classes and the allowed methods", "[engine]") {
    EngineFixture f;
    const Response r = f.send("OPTIONS", kAliceCal);
    CHECK(r.status == 200);
    CHECK(header(r, "DAV") == "1, 3, calendar-access, extended-mkcol");
    const std::string allow = header(r, "Allow");
    CHECK(allow.find("PROPFIND") != std::string::npos);
    CHECK(allow.find("REPORT") != std::string::npos);
    CHECK(allow.find("LOCK") == std::string::npos);
    const Response lock = f.send("LOCK", kAliceCal);
    CHECK(lock.status == 405);
    CHECK(header(lock, "Allow") == allow);
    CHECK(f.send("BREW", kAliceCal).status == 501);
}

TEST_CASE("GET and HEAD of / redirect to the context path like the well-known URI", "[engine][discovery]") {
    // A browser, or python-caldav given only the host: a relative Location (RFC 9110 10.2.2),
    // without asking for a login first, as for /.well-known/caldav (RFC 6764 5).
    EngineFixture f;
    for (const char* method : {"GET", "HEAD"}) {
        for (const std::optional<std::string>& user : {std::optional<std::string>(), std::optional<std::string>("alice")}) {
            INFO(method << (user ? " as alice" : " anonymous"));
            const Response r = f.send(method, "/", {}, {}, user);
            CHECK(r.status == 301);
            CHECK(header(r, "Location") == "/dav/");
        }
    }
    CHECK(header(f.send("GET", "//", {}, {}, std::nullopt), "Location") == "/dav/");
}

TEST_CASE("PROPFIND / answers current-user-principal for clients given only the host", "[engine][discovery]") {
    // RFC 6764 6.5: a client may try the root URL; it learns its principal there (RFC 5397).
    EngineFixture f;
    CHECK(f.send("PROPFIND", "/", {}, {{"Depth", "0"}}, std::nullopt).status == 401);
    const auto body = propfind_body({xml::dav("current-user-principal"), xml::dav("resourcetype"),
                                     xml::dav("principal-collection-set")});
    auto ms = parse_multistatus(f.propfind("/", "0", body));
    REQUIRE(ms->responses.size() == 1);
    const DavResponse& root = ms->responses[0];
    CHECK(root.href == "/");
    const auto cup = root.prop(xml::dav("current-user-principal"));
    REQUIRE(cup);
    CHECK(std::string(child(cup, xml::dav("href")).text().as_string()) == "/dav/principals/alice/");
    CHECK(child(root.prop(xml::dav("resourcetype")), xml::dav("collection")));
    // Depth 1: its one member is the context path.
    auto listing = parse_multistatus(f.propfind("/", "1", body));
    REQUIRE(listing->responses.size() == 2);
    CHECK(listing->find("/"));
    CHECK(listing->find("/dav/"));
    // Nothing can be written there.
    const Response put = f.send("PUT", "/", "x");
    CHECK(put.status == 405);
    CHECK(header(put, "Allow") == "OPTIONS, GET, HEAD, PROPFIND");
    CHECK(f.send("OPTIONS", "/").status == 200);
}
