// PROPFIND bodies (RFC 4918 9.1, 14.20) as RFC examples and real clients send them.
#include <catch2/catch.hpp>

#include "caldav/xml/propfind.h"
#include "davxml_support.h"

using namespace calbridge::caldav::xml;
using davxml_test::request_error;
using Kind = PropSelection::Kind;

TEST_CASE("RFC 4918 9.1.3: named properties in a foreign namespace", "[davxml][propfind]") {
    const auto r = parse_propfind(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:prop xmlns:R="http://ns.example.com/boxschema/">
    <R:bigbox/>
    <R:author/>
    <R:DingALing/>
    <R:Random/>
  </D:prop>
</D:propfind>)");
    REQUIRE(r.select.kind == Kind::prop);
    const std::string r_ns = "http://ns.example.com/boxschema/";
    REQUIRE(r.select.props.size() == 4);
    CHECK(r.select.props[0] == QName{r_ns, "bigbox"});
    CHECK(r.select.props[1] == QName{r_ns, "author"});
    CHECK(r.select.props[2] == QName{r_ns, "DingALing"});
    CHECK(r.select.props[3] == QName{r_ns, "Random"});
    CHECK(r.select.wants(QName{r_ns, "author"}));
    CHECK_FALSE(r.select.wants(dav("author")));
}

TEST_CASE("RFC 4918 9.1.4: propname with a default namespace", "[davxml][propfind]") {
    const auto r = parse_propfind(R"(<?xml version="1.0" encoding="utf-8" ?>
<propfind xmlns="DAV:">
  <propname/>
</propfind>)");
    CHECK(r.select.kind == Kind::propname);
    CHECK(r.select.props.empty());
}

TEST_CASE("RFC 4918 9.1.5/9.1.6: allprop, and allprop with include", "[davxml][propfind]") {
    CHECK(parse_propfind(R"(<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>)").select.kind == Kind::allprop);
    const auto r = parse_propfind(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:propfind xmlns:D="DAV:">
  <D:allprop/>
  <D:include>
    <D:supported-live-property-set/>
    <D:supported-report-set/>
  </D:include>
</D:propfind>)");
    CHECK(r.select.kind == Kind::allprop);
    REQUIRE(r.select.include.size() == 2);
    CHECK(r.select.include[0] == dav("supported-live-property-set"));
    CHECK(r.select.include[1] == dav("supported-report-set"));
    CHECK(r.select.wants(dav("supported-report-set")));
}

TEST_CASE("an empty body is allprop (RFC 4918 9.1)", "[davxml][propfind]") {
    CHECK(parse_propfind("").select.kind == Kind::allprop);
    CHECK(parse_propfind("\r\n  ").select.kind == Kind::allprop);
}

TEST_CASE("Thunderbird calendar discovery PROPFIND", "[davxml][propfind][clients]") {
    const auto r = parse_propfind(R"(<?xml version="1.0" encoding="UTF-8"?>
<D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:resourcetype/>
    <D:owner/>
    <D:current-user-principal/>
    <D:current-user-privilege-set/>
    <D:supported-report-set/>
    <C:supported-calendar-component-set/>
    <CS:getctag/>
  </D:prop>
</D:propfind>)");
    REQUIRE(r.select.props.size() == 7);
    CHECK(r.select.props[0] == dav("resourcetype"));
    CHECK(r.select.props[5] == caldav_name("supported-calendar-component-set"));
    CHECK(r.select.props[6] == cs("getctag"));
}

TEST_CASE("Apple Calendar PROPFIND with per-element prefixes reused for other namespaces", "[davxml][propfind][clients]") {
    // Apple binds "D" to its iCal namespace, not to DAV:, and declares namespaces on each element.
    const auto r = parse_propfind(R"(<?xml version="1.0" encoding="UTF-8"?>
<A:propfind xmlns:A="DAV:">
  <A:prop>
    <A:add-member/>
    <C:allowed-sharing-modes xmlns:C="http://calendarserver.org/ns/"/>
    <D:autoprovisioned xmlns:D="http://apple.com/ns/ical/"/>
    <E:bulk-requests xmlns:E="http://me.com/_namespace/"/>
    <D:calendar-color xmlns:D="http://apple.com/ns/ical/"/>
    <B:calendar-description xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <B:calendar-free-busy-set xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <D:calendar-order xmlns:D="http://apple.com/ns/ical/"/>
    <B:calendar-timezone xmlns:B="urn:ietf:params:xml:ns:caldav"/>
    <A:current-user-privilege-set/>
    <C:getctag xmlns:C="http://calendarserver.org/ns/"/>
    <A:displayname/>
    <A:resourcetype/>
    <A:sync-token/>
  </A:prop>
</A:propfind>)");
    REQUIRE(r.select.props.size() == 14);
    CHECK(r.select.props[2] == apple("autoprovisioned"));
    CHECK(r.select.props[3] == QName{"http://me.com/_namespace/", "bulk-requests"});
    CHECK(r.select.props[4] == apple("calendar-color"));
    CHECK(r.select.props[5] == caldav_name("calendar-description"));
    CHECK(r.select.props[7] == apple("calendar-order"));
    CHECK(r.select.props[10] == cs("getctag"));
    CHECK(r.select.props[13] == dav("sync-token"));
}

TEST_CASE("DAVx5 PROPFIND in the default DAV: namespace", "[davxml][propfind][clients]") {
    const auto r = parse_propfind(R"(<?xml version='1.0' encoding='UTF-8' ?><propfind xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:ICAL="http://apple.com/ns/ical/"><prop><current-user-principal /><CAL:calendar-home-set /><CAL:calendar-user-address-set /><resourcetype /><displayname /><ICAL:calendar-color /><CS:source /></prop></propfind>)");
    REQUIRE(r.select.props.size() == 7);
    CHECK(r.select.props[0] == dav("current-user-principal"));
    CHECK(r.select.props[1] == caldav_name("calendar-home-set"));
    CHECK(r.select.props[5] == apple("calendar-color"));
    CHECK(r.select.props[6] == cs("source"));
}

TEST_CASE("litmus propfind bodies", "[davxml][propfind][clients]") {
    // props: propfind_d0 asks for allprop with a default namespace and odd whitespace.
    CHECK(parse_propfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<propfind xmlns=\"DAV:\"><allprop/></propfind>\n")
              .select.kind == Kind::allprop);
    // props: propnullns sets a property in no namespace; PROPFIND then asks for it.
    const auto r = parse_propfind("<propfind xmlns=\"DAV:\"><prop><nonamespace xmlns=\"\"/></prop></propfind>");
    REQUIRE(r.select.props.size() == 1);
    CHECK(r.select.props[0] == QName{"", "nonamespace"});
}

TEST_CASE("PROPFIND bodies that are wrong", "[davxml][propfind]") {
    CHECK(request_error([] { (void)parse_propfind("<D:propfind xmlns:D=\"DAV:\"/>"); }).status() == 400);
    CHECK(request_error([] { (void)parse_propfind("<propfind><allprop/></propfind>"); }).status() == 400);   // no namespace
    CHECK(request_error([] { (void)parse_propfind("<D:propertyupdate xmlns:D=\"DAV:\"/>"); }).status() == 400);
    CHECK(request_error([] {
              (void)parse_propfind("<D:propfind xmlns:D=\"DAV:\"><D:allprop/><D:propname/></D:propfind>");
          }).status() == 400);
    CHECK(request_error([] {
              (void)parse_propfind("<D:propfind xmlns:D=\"DAV:\"><D:prop/><D:include><D:x/></D:include></D:propfind>");
          }).status() == 400);
    // litmus props "propfind_invalid": not well-formed.
    CHECK(request_error([] { (void)parse_propfind("<foo>"); }).status() == 400);
}
