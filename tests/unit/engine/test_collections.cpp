// MKCALENDAR (RFC 4791 5.3.1), MKCOL and extended MKCOL (RFC 4918 9.3, RFC 5689), PROPPATCH
// (RFC 4918 9.2) with live and dead properties.
#include <map>

#include "unit/engine/engine_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

const std::string kMkcalendar =
    R"(<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/">
  <D:set><D:prop>
    <D:displayname>Work</D:displayname>
    <C:calendar-description>Office hours</C:calendar-description>
    <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
    <I:calendar-color>#FF2968FF</I:calendar-color>
    <I:calendar-order>3</I:calendar-order>
  </D:prop></D:set>
</C:mkcalendar>)";

std::string proppatch(const std::string& inner) {
    return R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" )"
           R"(xmlns:I="http://apple.com/ns/ical/">)" + inner + "</D:propertyupdate>";
}

}  // namespace

TEST_CASE("MKCALENDAR with properties", "[engine]") {
    EngineFixture f;
    const std::string work = kAliceHome + "work/";
    const Response r = f.send("MKCALENDAR", work, kMkcalendar);
    REQUIRE(r.status == 201);
    auto ms = parse_multistatus(f.propfind(
        work, "0",
        propfind_body({xml::dav("displayname"), xml::caldav_name("calendar-description"),
                       xml::caldav_name("supported-calendar-component-set"), xml::apple("calendar-color"),
                       xml::apple("calendar-order"), xml::dav("resourcetype")})));
    const DavResponse& cal = ms->responses.at(0);
    CHECK(std::string(cal.prop(xml::dav("displayname")).text().as_string()) == "Work");
    CHECK(std::string(cal.prop(xml::caldav_name("calendar-description")).text().as_string()) == "Office hours");
    CHECK(std::string(cal.prop(xml::apple("calendar-color")).text().as_string()) == "#FF2968FF");
    CHECK(cal.prop(xml::apple("calendar-order")).text().as_int() == 3);
    const auto comps = children(cal.prop(xml::caldav_name("supported-calendar-component-set")), xml::caldav_name("comp"));
    REQUIRE(comps.size() == 1);
    CHECK(std::string(comps[0].attribute("name").value()) == "VEVENT");
    CHECK(child(cal.prop(xml::dav("resourcetype")), xml::caldav_name("calendar")));

    SECTION("on an existing URL: resource-must-be-null") {
        const Response again = f.send("MKCALENDAR", work, kMkcalendar);
        CHECK(again.status == 403);
        CHECK(error_condition(again) == xml::dav("resource-must-be-null"));
    }
    SECTION("inside a calendar: calendar-collection-location-ok") {
        const Response inner = f.send("MKCALENDAR", work + "inner/");
        CHECK(inner.status == 403);
        CHECK(error_condition(inner) == xml::caldav_name("calendar-collection-location-ok"));
        CHECK(f.send("MKCOL", work + "plain/").status == 403);
    }
    SECTION("without a parent: 409") { CHECK(f.send("MKCALENDAR", kAliceHome + "a/b/").status == 409); }
}

TEST_CASE("MKCALENDAR with a bad property creates nothing", "[engine]") {
    EngineFixture f;
    const std::string body = R"(<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/">)"
                             R"(<D:set><D:prop><D:displayname>X</D:displayname><I:calendar-order>soon</I:calendar-order>)"
                             R"(</D:prop></D:set></C:mkcalendar>)";
    const Response r = f.send("MKCALENDAR", kAliceHome + "bad/", body);
    CHECK(r.status == 403);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(r.body.c_str()));
    CHECK(xml::qname_of(doc.document_element()) == xml::caldav_name("mkcalendar-response"));
    std::map<std::string, int> statuses;
    for (auto ps : children(doc.document_element(), xml::dav("propstat")))
        for (auto n : child_names(child(ps, xml::dav("prop")))) statuses[n.name] = status_code(child(ps, xml::dav("status")));
    CHECK(statuses["calendar-order"] == 409);
    CHECK(statuses["displayname"] == 424);
    CHECK(f.propfind(kAliceHome + "bad/", "0").status == 404);
}

TEST_CASE("PROPPATCH is all or nothing", "[engine]") {
    EngineFixture f;
    SECTION("success: 200 for each, values stored") {
        const Response r = f.send("PROPPATCH", kAliceCal,
                                  proppatch("<D:set><D:prop><D:displayname>Renamed</D:displayname>"
                                            "<I:calendar-color>#00FF00</I:calendar-color></D:prop></D:set>"));
        auto ms = parse_multistatus(r);
        CHECK(ms->responses.at(0).status_of(xml::dav("displayname")) == 200);
        CHECK(ms->responses.at(0).status_of(xml::apple("calendar-color")) == 200);
        auto check = parse_multistatus(f.propfind(kAliceCal, "0", propfind_body({xml::dav("displayname")})));
        CHECK(std::string(check->responses.at(0).prop(xml::dav("displayname")).text().as_string()) == "Renamed");
    }
    SECTION("a protected property fails, the others get 424 and nothing changes") {
        const Response r = f.send("PROPPATCH", kAliceCal,
                                  proppatch("<D:set><D:prop><D:displayname>Renamed</D:displayname>"
                                            "<D:getetag>\"x\"</D:getetag><Z:dead xmlns:Z=\"urn:z\">v</Z:dead>"
                                            "</D:prop></D:set>"));
        auto ms = parse_multistatus(r);
        const DavResponse& resp = ms->responses.at(0);
        CHECK(resp.status_of(xml::dav("getetag")) == 403);
        CHECK(resp.status_of(xml::dav("displayname")) == 424);
        CHECK(resp.status_of({"urn:z", "dead"}) == 424);
        bool protected_condition = false;
        for (const auto& ps : resp.propstats)
            if (ps.status == 403 && child(ps.error, xml::dav("cannot-modify-protected-property"))) protected_condition = true;
        CHECK(protected_condition);
        auto check = parse_multistatus(f.propfind(kAliceCal, "0", propfind_body({xml::dav("displayname"), {"urn:z", "dead"}})));
        CHECK(std::string(check->responses.at(0).prop(xml::dav("displayname")).text().as_string()) == "Calendar");
        CHECK(check->responses.at(0).status_of({"urn:z", "dead"}) == 404);
    }
    SECTION("supported-calendar-component-set cannot change after creation") {
        const Response r = f.send("PROPPATCH", kAliceCal,
                                  proppatch("<D:set><D:prop><C:supported-calendar-component-set><C:comp name=\"VTODO\"/>"
                                            "</C:supported-calendar-component-set></D:prop></D:set>"));
        auto ms = parse_multistatus(r);
        CHECK(ms->responses.at(0).status_of(xml::caldav_name("supported-calendar-component-set")) == 403);
    }
}

TEST_CASE("dead properties with odd namespaces round-trip", "[engine]") {
    EngineFixture f;
    REQUIRE(f.send("PUT", kAliceCal + "e.ics", event_ics("e")).status == 201);
    const std::string set = proppatch(
        R"(<D:set><D:prop>)"
        R"(<odd:prop xmlns:odd="http://example.com/ns/with%20space">  spaced  <odd:child a="1">x&amp;y</odd:child></odd:prop>)"
        R"(<empty xmlns="">no namespace</empty>)"
        R"(<D:displayname>On an object this is dead</D:displayname>)"
        R"(</D:prop></D:set>)");
    for (const std::string& target : {kAliceCal, kAliceCal + "e.ics"}) {
        INFO(target);
        auto patched = parse_multistatus(f.send("PROPPATCH", target, set));
        CHECK(patched->responses.at(0).status_of({"http://example.com/ns/with%20space", "prop"}) == 200);
        const std::string ask = R"(<D:propfind xmlns:D="DAV:"><D:prop><o:prop xmlns:o="http://example.com/ns/with%20space"/>)"
                                R"(<empty xmlns=""/></D:prop></D:propfind>)";
        auto ms = parse_multistatus(f.propfind(target, "0", ask));
        const auto odd = ms->responses.at(0).prop({"http://example.com/ns/with%20space", "prop"});
        REQUIRE(odd);
        const auto inner = child(odd, {"http://example.com/ns/with%20space", "child"});
        REQUIRE(inner);
        CHECK(std::string(inner.text().as_string()) == "x&y");
        CHECK(std::string(inner.attribute("a").value()) == "1");
        CHECK(std::string(odd.first_child().value()) == "  spaced  ");
        CHECK(std::string(ms->responses.at(0).prop({"", "empty"}).text().as_string()) == "no namespace");

        auto removed = parse_multistatus(f.send(
            "PROPPATCH", target,
            proppatch(R"(<D:remove><D:prop><o:prop xmlns:o="http://example.com/ns/with%20space"/></D:prop></D:remove>)")));
        CHECK(removed->responses.at(0).status_of({"http://example.com/ns/with%20space", "prop"}) == 200);
        auto gone = parse_multistatus(f.propfind(target, "0", ask));
        CHECK(gone->responses.at(0).status_of({"http://example.com/ns/with%20space", "prop"}) == 404);
    }
}

TEST_CASE("MKCOL variants", "[engine]") {
    EngineFixture f;
    SECTION("plain, then again on the same URL: 405") {
        CHECK(f.send("MKCOL", kAliceHome + "litmus/").status == 201);
        CHECK(f.send("MKCOL", kAliceHome + "litmus/").status == 405);
        CHECK(f.send("MKCOL", kAliceHome + "litmus").status == 405);
    }
    SECTION("no parent: 409") { CHECK(f.send("MKCOL", kAliceHome + "x/y/").status == 409); }
    SECTION("a body that is not extended MKCOL: 415") {
        CHECK(f.send("MKCOL", kAliceHome + "b/", "afafafaf", {{"Content-Type", "text/plain"}}).status == 415);
        CHECK(f.send("MKCOL", kAliceHome + "b/", "<foo xmlns='urn:x'/>", {{"Content-Type", "application/xml"}}).status == 415);
        CHECK(f.propfind(kAliceHome + "b/", "0").status == 404);
    }
    SECTION("extended MKCOL of a calendar with properties (RFC 5689)") {
        const std::string body =
            R"(<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>)"
            R"(<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:displayname>Ext</D:displayname>)"
            R"(<X:color xmlns:X="urn:x">blue</X:color></D:prop></D:set></D:mkcol>)";
        REQUIRE(f.send("MKCOL", kAliceHome + "ext/", body).status == 201);
        auto ms = parse_multistatus(f.propfind(kAliceHome + "ext/", "0",
                                               propfind_body({xml::dav("resourcetype"), xml::dav("displayname"), {"urn:x", "color"}})));
        const DavResponse& r = ms->responses.at(0);
        CHECK(child(r.prop(xml::dav("resourcetype")), xml::caldav_name("calendar")));
        CHECK(std::string(r.prop(xml::dav("displayname")).text().as_string()) == "Ext");
        CHECK(std::string(r.prop({"urn:x", "color"}).text().as_string()) == "blue");
    }
    SECTION("extended MKCOL of an unknown resource type: valid-resourcetype") {
        const std::string body =
            R"(<D:mkcol xmlns:D="DAV:"><D:set><D:prop><D:resourcetype><D:collection/><A:addressbook xmlns:A="urn:ietf:params:xml:ns:carddav"/>)"
            R"(</D:resourcetype></D:prop></D:set></D:mkcol>)";
        const Response r = f.send("MKCOL", kAliceHome + "ab/", body);
        CHECK(r.status == 403);
        CHECK(error_condition(r) == xml::dav("valid-resourcetype"));
    }
}
