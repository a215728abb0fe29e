// expand-property (RFC 3253 3.8) as Apple Calendar sends it, RFC 3744 9.3-9.5 principal
// reports, and DAV:supported-report-set (RFC 3253 3.1.5).
#include "unit/reports/reports_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

const std::string kAlicePrincipal = "/dav/principals/alice/";

// What Apple Calendar sends on the principal during account set-up.
const std::string kAppleExpand = R"(<?xml version="1.0" encoding="UTF-8"?>
<A:expand-property xmlns:A="DAV:">
  <A:property name="calendar-proxy-write-for" namespace="http://calendarserver.org/ns/">
    <A:property name="displayname" namespace="DAV:"/>
    <A:property name="calendar-user-address-set" namespace="urn:ietf:params:xml:ns:caldav"/>
    <A:property name="email-address-set" namespace="http://calendarserver.org/ns/"/>
  </A:property>
  <A:property name="calendar-proxy-read-for" namespace="http://calendarserver.org/ns/">
    <A:property name="displayname" namespace="DAV:"/>
    <A:property name="calendar-user-address-set" namespace="urn:ietf:params:xml:ns:caldav"/>
    <A:property name="email-address-set" namespace="http://calendarserver.org/ns/"/>
  </A:property>
</A:expand-property>)";

std::set<QName> report_names(pugi::xml_node set) {
    std::set<QName> out;
    for (auto sr : children(set, xml::dav("supported-report")))
        for (auto n : child_names(child(sr, xml::dav("report")))) out.insert(n);
    return out;
}

std::string search_body(const std::vector<std::pair<std::string, std::string>>& searches, bool any_of = false) {
    std::string b = R"(<?xml version="1.0"?><D:principal-property-search )" + kCalDavNs +
                    R"( xmlns:CS="http://calendarserver.org/ns/")" + (any_of ? R"( test="anyof")" : "") + ">";
    for (const auto& [prop, match] : searches)
        b += "<D:property-search><D:prop>" + prop + "</D:prop><D:match>" + match + "</D:match></D:property-search>";
    return b + "<D:prop><D:displayname/><C:calendar-home-set/></D:prop></D:principal-property-search>";
}

}  // namespace

TEST_CASE("expand-property as Apple Calendar sends it: empty proxy sets", "[reports]") {
    ReportFixture f;
    auto ms = parse_multistatus(f.report(kAlicePrincipal, kAppleExpand, "0"));
    REQUIRE(ms->responses.size() == 1);
    const DavResponse& r = ms->responses[0];
    CHECK(r.href == kAlicePrincipal);
    for (const char* name : {"calendar-proxy-write-for", "calendar-proxy-read-for"}) {
        const auto p = r.prop(xml::cs(name));
        REQUIRE(p);
        CHECK(child_names(p).empty());
    }
}

TEST_CASE("expand-property expands href properties into nested responses", "[reports]") {
    ReportFixture f;
    const std::string body = R"(<?xml version="1.0"?><D:expand-property xmlns:D="DAV:">
      <D:property name="principal-URL"><D:property name="displayname"/>
        <D:property name="calendar-user-address-set" namespace="urn:ietf:params:xml:ns:caldav"/>
        <D:property name="email-address-set" namespace="http://calendarserver.org/ns/"/>
        <D:property name="calendar-home-set" namespace="urn:ietf:params:xml:ns:caldav">
          <D:property name="displayname"/></D:property></D:property>
      <D:property name="group-member-set"><D:property name="displayname"/></D:property>
      <D:property name="group-membership"><D:property name="displayname"/></D:property>
      <D:property name="displayname"/>
      <D:property name="no-such-thing" namespace="urn:x"/>
    </D:expand-property>)";
    auto ms = parse_multistatus(f.report(kAlicePrincipal, body, "0"));
    REQUIRE(ms->responses.size() == 1);
    const DavResponse& top = ms->responses[0];
    CHECK(std::string(top.prop(xml::dav("displayname")).text().as_string()) == "Alice Example");
    CHECK(top.status_of(QName{"urn:x", "no-such-thing"}) == 404);
    CHECK(child_names(top.prop(xml::dav("group-member-set"))).empty());
    CHECK(child_names(top.prop(xml::dav("group-membership"))).empty());

    const auto url = top.prop(xml::dav("principal-URL"));
    REQUIRE(url);
    const auto nested = children(url, xml::dav("response"));
    REQUIRE(nested.size() == 1);
    CHECK(std::string(child(nested[0], xml::dav("href")).text().as_string()) == kAlicePrincipal);
    const auto ps = child(nested[0], xml::dav("propstat"));
    CHECK(status_code(child(ps, xml::dav("status"))) == 200);
    const auto prop = child(ps, xml::dav("prop"));
    CHECK(std::string(child(prop, xml::dav("displayname")).text().as_string()) == "Alice Example");
    const auto addresses = children(child(prop, xml::caldav_name("calendar-user-address-set")), xml::dav("href"));
    REQUIRE_FALSE(addresses.empty());
    CHECK(std::string(addresses[0].text().as_string()) == "mailto:alice@example.org");
    CHECK(std::string(child(child(prop, xml::cs("email-address-set")), xml::cs("email-address")).text().as_string()) ==
          "alice@example.org");
    // Two levels: the home's response inside the principal's.
    const auto home = children(child(prop, xml::caldav_name("calendar-home-set")), xml::dav("response"));
    REQUIRE(home.size() == 1);
    CHECK(std::string(child(home[0], xml::dav("href")).text().as_string()) == kAliceHome);
}

TEST_CASE("expand-property never expands into another user's resources", "[reports]") {
    // Issue 6: every principal is readable by every user, so the link names bob's calendar,
    // which is not shared with alice.
    ReportFixture f;
    REQUIRE(f.send("PROPPATCH", kAliceCal,
                   R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)"
                   R"(<X:link xmlns:X="urn:x"><D:href>/dav/calendars/bob/calendar/</D:href></X:link>)"
                   R"(</D:prop></D:set></D:propertyupdate>)")
                .status == 207);
    const std::string body = R"(<?xml version="1.0"?><D:expand-property xmlns:D="DAV:">)"
                             R"(<D:property name="link" namespace="urn:x"><D:property name="displayname"/></D:property>)"
                             R"(<D:property name="owner"><D:property name="displayname"/></D:property>)"
                             R"(</D:expand-property>)";
    const Response r = f.report(kAliceCal, body, "0");
    auto ms = parse_multistatus(r);
    REQUIRE(ms->responses.size() == 1);
    const auto link = children(ms->responses[0].prop(QName{"urn:x", "link"}), xml::dav("response"));
    REQUIRE(link.size() == 1);
    CHECK(status_code(child(link[0], xml::dav("status"))) == 404);
    CHECK(r.body.find("Bob&apos;s") == std::string::npos);
    CHECK(r.body.find("Bob's") == std::string::npos);
    const auto owner = children(ms->responses[0].prop(xml::dav("owner")), xml::dav("response"));
    REQUIRE(owner.size() == 1);
    CHECK(r.body.find("Alice Example") != std::string::npos);
}

TEST_CASE("principal-property-search finds the user's own principal only", "[reports]") {
    ReportFixture f;
    auto found = [&](const std::string& body) { return hrefs_of(f.report("/dav/principals/", body, "0")); };
    const std::set<std::string> alice = {kAlicePrincipal};
    CHECK(found(search_body({{"<D:displayname/>", "ALICE"}})) == alice);   // caseless substring
    CHECK(found(search_body({{"<D:displayname/>", "Bob"}})).empty());      // bob exists but is not visible
    CHECK(found(search_body({{"<C:calendar-user-address-set/>", "alice@example"}})) == alice);
    CHECK(found(search_body({{"<CS:email-address-set/>", "example.org"}})) == alice);
    CHECK(found(search_body({{"<D:displayname/>", "alice"}, {"<D:displayname/>", "nobody"}})).empty());   // allof
    CHECK(found(search_body({{"<D:displayname/>", "alice"}, {"<D:displayname/>", "nobody"}}, true)) == alice);
    CHECK(found(search_body({{"<D:getetag/>", "alice"}})).empty());   // not a search property

    auto ms = parse_multistatus(f.report(kAlicePrincipal, search_body({{"<D:displayname/>", "ex"}}), "0"));
    REQUIRE(ms->responses.size() == 1);
    CHECK(std::string(ms->responses[0].prop(xml::dav("displayname")).text().as_string()) == "Alice Example");
    CHECK(ms->responses[0].prop(xml::caldav_name("calendar-home-set")));
}

TEST_CASE("principal-search-property-set lists the searchable properties", "[reports]") {
    ReportFixture f;
    const Response r = f.report("/dav/principals/",
                                R"(<?xml version="1.0"?><D:principal-search-property-set xmlns:D="DAV:"/>)", "0");
    REQUIRE(r.status == 200);
    pugi::xml_document doc;
    REQUIRE(doc.load_buffer(r.body.data(), r.body.size()));
    const auto root = doc.document_element();
    CHECK(xml::qname_of(root) == xml::dav("principal-search-property-set"));
    std::set<QName> props;
    for (auto sp : children(root, xml::dav("principal-search-property")))
        for (auto n : child_names(child(sp, xml::dav("prop")))) props.insert(n);
    CHECK(props == std::set<QName>{xml::dav("displayname"), xml::caldav_name("calendar-user-address-set"),
                                   xml::cs("email-address-set")});
}

TEST_CASE("principal-match self and acl-principal-prop-set", "[reports]") {
    ReportFixture f;
    const std::string self = R"(<?xml version="1.0"?><D:principal-match xmlns:D="DAV:"><D:self/>)"
                             R"(<D:prop><D:displayname/></D:prop></D:principal-match>)";
    CHECK(hrefs_of(f.report("/dav/principals/", self, "0")) == std::set<std::string>{kAlicePrincipal});
    const std::string owner = R"(<?xml version="1.0"?><D:principal-match xmlns:D="DAV:"><D:principal-property>)"
                              R"(<D:owner/></D:principal-property></D:principal-match>)";
    CHECK(hrefs_of(f.report(kAliceHome, owner, "0")).count(kAliceCal) == 1);
    const Response acl = f.report(kAlicePrincipal,
                                  R"(<?xml version="1.0"?><D:acl-principal-prop-set xmlns:D="DAV:"><D:prop>)"
                                  R"(<D:displayname/></D:prop></D:acl-principal-prop-set>)",
                                  "0");
    CHECK(acl.status == 403);
    CHECK(error_condition(acl) == xml::dav("supported-report"));
}

TEST_CASE("supported-report-set lists the reports of each resource (RFC 3253 3.1.5)", "[reports]") {
    RfcFixture f;
    auto reports_of = [&](const std::string& path) {
        auto ms = parse_multistatus(f.propfind(path, "0", propfind_body({xml::dav("supported-report-set")})));
        return report_names(ms->responses.at(0).prop(xml::dav("supported-report-set")));
    };
    const auto calendar = reports_of(kAliceCal);
    for (const char* r : {"calendar-query", "calendar-multiget", "free-busy-query"})
        CHECK(calendar.count(xml::caldav_name(r)) == 1);
    CHECK(calendar.count(xml::dav("sync-collection")) == 1);
    const auto principal = reports_of(kAlicePrincipal);
    for (const char* r : {"expand-property", "principal-property-search", "principal-search-property-set",
                          "principal-match"})
        CHECK(principal.count(xml::dav(r)) == 1);
    CHECK(principal.count(xml::caldav_name("calendar-query")) == 0);
    const auto home = reports_of(kAliceHome);
    CHECK(home.count(xml::caldav_name("calendar-multiget")) == 1);
    CHECK(home.count(xml::caldav_name("calendar-query")) == 0);
    CHECK(home.count(xml::caldav_name("free-busy-query")) == 0);
}

TEST_CASE("expand-property of self-referencing hrefs is bounded", "[reports]") {
    // A dead property with 30 hrefs back to its own calendar, expanded 8 levels deep, would ask
    // for 30^8 responses: the report must stay bounded (1,000 expanded responses at most) and
    // still return every href, expanded or as is.
    ReportFixture f;
    std::string hrefs;
    for (int i = 0; i < 30; ++i) hrefs += std::string("<D:href>") + kAliceCal + "</D:href>";
    REQUIRE(f.send("PROPPATCH", kAliceCal,
                   R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)"
                   R"(<X:loop xmlns:X="urn:x">)" + hrefs + R"(</X:loop></D:prop></D:set></D:propertyupdate>)")
                .status == 207);
    std::string nested = R"(<D:property name="displayname"/>)";
    for (int level = 0; level < 8; ++level)
        nested = R"(<D:property name="loop" namespace="urn:x">)" + nested + "</D:property>";
    const Response r = f.report(kAliceCal, R"(<?xml version="1.0"?><D:expand-property xmlns:D="DAV:">)" + nested +
                                               "</D:expand-property>", "0");
    REQUIRE(r.status == 207);
    std::size_t responses = 0;
    for (std::size_t at = r.body.find("<D:response>"); at != std::string::npos; at = r.body.find("<D:response>", at + 1))
        ++responses;
    CHECK(responses > 30);            // expanded as far as the budget goes
    CHECK(responses <= 1001);         // the request target plus at most 1,000 expansions
    CHECK(r.body.size() < 4u << 20);  // and the body stays small
    REQUIRE(parse_multistatus(r));    // well-formed
}
