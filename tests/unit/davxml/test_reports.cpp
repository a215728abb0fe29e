// REPORT bodies other than calendar-query, and the dispatch by root QName (RFC 3253 3.6).
#include <catch2/catch.hpp>

#include "caldav/xml/report.h"
#include "davxml_support.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::xml;
using davxml_test::request_error;

TEST_CASE("RFC 4791 7.9.1: calendar-multiget", "[davxml][multiget]") {
    const auto m = parse_calendar_multiget(R"(<?xml version="1.0" encoding="utf-8" ?>
<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
    <C:calendar-data/>
  </D:prop>
  <D:href>/bernard/work/abcd1.ics</D:href>
  <D:href>/bernard/work/mtg1.ics</D:href>
</C:calendar-multiget>)");
    CHECK(m.select.props == std::vector<QName>{dav("getetag"), caldav_name("calendar-data")});
    REQUIRE(m.select.calendar_data);
    CHECK(m.hrefs == std::vector<std::string>{"/bernard/work/abcd1.ics", "/bernard/work/mtg1.ics"});
}

TEST_CASE("multiget from DAVx5 and tsdav: hrefs raw, whitespace trimmed", "[davxml][multiget][clients]") {
    const auto davx5 = parse_calendar_multiget(R"(<?xml version='1.0' encoding='UTF-8' ?><CAL:calendar-multiget xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><prop><getcontenttype /><getetag /><CAL:calendar-data /></prop><href>/dav/calendars/alice/work/a%20b.ics</href><href>
      https://cal.example.com/dav/calendars/alice/work/c%2Bd.ics
    </href></CAL:calendar-multiget>)");
    CHECK(davx5.select.props.size() == 3);
    CHECK(davx5.hrefs == std::vector<std::string>{"/dav/calendars/alice/work/a%20b.ics",
                                                  "https://cal.example.com/dav/calendars/alice/work/c%2Bd.ics"});

    const auto tsdav = parse_calendar_multiget(R"(<?xml version="1.0" encoding="UTF-8"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data><c:expand start="20240301T000000Z" end="20240401T000000Z"/></c:calendar-data></d:prop><d:href>/cal/1.ics</d:href></c:calendar-multiget>)");
    REQUIRE(tsdav.select.calendar_data);
    REQUIRE(tsdav.select.calendar_data->expand);
    CHECK(tsdav.select.calendar_data->expand->start == 1709251200);

    CHECK(request_error([] {
              (void)parse_calendar_multiget(R"(<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop></C:calendar-multiget>)");
          }).status() == 400);
}

TEST_CASE("RFC 4791 7.10.1: free-busy-query", "[davxml][free-busy]") {
    const auto f = parse_free_busy_query(R"(<?xml version="1.0" encoding="utf-8" ?>
<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">
  <C:time-range start="20060104T140000Z"
                end="20060105T220000Z"/>
</C:free-busy-query>)");
    CHECK(f.range.start == 13152LL * 86400 + 14 * 3600);
    CHECK(f.range.end == 13153LL * 86400 + 22 * 3600);
    CHECK(request_error([] { (void)parse_free_busy_query(R"(<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"/>)"); }).status() == 400);
    CHECK(request_error([] {
              (void)parse_free_busy_query(R"(<C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:time-range start="20060104T140000"/></C:free-busy-query>)");
          }).status() == 400);
}

TEST_CASE("RFC 6578 3.8/3.9: initial and subsequent sync-collection", "[davxml][sync]") {
    const auto initial = parse_sync_collection(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:sync-collection xmlns:D="DAV:">
  <D:sync-token/>
  <D:sync-level>1</D:sync-level>
  <D:prop xmlns:R="urn:ns.example.com:boxschema">
    <D:getetag/>
    <R:bigbox/>
  </D:prop>
</D:sync-collection>)");
    CHECK(initial.sync_token.empty());
    CHECK(initial.level == SyncCollection::Level::one);
    CHECK_FALSE(initial.limit);
    CHECK(initial.select.props == std::vector<QName>{dav("getetag"), QName{"urn:ns.example.com:boxschema", "bigbox"}});

    const auto next = parse_sync_collection(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:sync-collection xmlns:D="DAV:">
  <D:sync-token>http://example.com/ns/sync/1234</D:sync-token>
  <D:sync-level>1</D:sync-level>
  <D:prop xmlns:R="urn:ns.example.com:boxschema">
    <D:getetag/>
    <R:bigbox/>
  </D:prop>
</D:sync-collection>)");
    CHECK(next.sync_token == "http://example.com/ns/sync/1234");
}

TEST_CASE("RFC 6578 3.10/3.11: limit and sync-level infinite", "[davxml][sync]") {
    const auto limited = parse_sync_collection(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:sync-collection xmlns:D="DAV:">
  <D:sync-token/>
  <D:sync-level>1</D:sync-level>
  <D:limit>
    <D:nresults>100</D:nresults>
  </D:limit>
  <D:prop>
    <D:getetag/>
  </D:prop>
</D:sync-collection>)");
    CHECK(limited.limit == std::optional<std::size_t>(100));

    const auto deep = parse_sync_collection(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:sync-collection xmlns:D="DAV:">
  <D:sync-token>http://example.com/ns/sync/1233</D:sync-token>
  <D:sync-level>infinite</D:sync-level>
  <D:prop>
    <D:getetag/>
  </D:prop>
</D:sync-collection>)");
    CHECK(deep.level == SyncCollection::Level::infinite);
    CHECK(deep.sync_token == "http://example.com/ns/sync/1233");
}

TEST_CASE("sync-collection from DAVx5 and tsdav, bad values", "[davxml][sync][clients]") {
    const auto davx5 = parse_sync_collection(R"(<?xml version='1.0' encoding='UTF-8' ?><sync-collection xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><sync-token>https://cal.example.com/sync/42</sync-token><sync-level>1</sync-level><prop><getetag /></prop></sync-collection>)");
    CHECK(davx5.sync_token == "https://cal.example.com/sync/42");
    CHECK(davx5.select.props == std::vector<QName>{dav("getetag")});

    // tsdav writes sync-level before sync-token and may ask for calendar-data.
    const auto tsdav = parse_sync_collection(R"(<?xml version="1.0" encoding="UTF-8"?><d:sync-collection xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:sync-level>1</d:sync-level><d:sync-token>7</d:sync-token><d:prop><d:getetag/><c:calendar-data/></d:prop></d:sync-collection>)");
    CHECK(tsdav.sync_token == "7");
    CHECK(tsdav.select.calendar_data.has_value());

    // No prop element: no properties (Kind::prop, empty list), not allprop.
    const auto bare = parse_sync_collection(R"(<D:sync-collection xmlns:D="DAV:"><D:sync-token/></D:sync-collection>)");
    CHECK(bare.select.kind == PropSelection::Kind::prop);
    CHECK(bare.select.props.empty());
    CHECK(bare.level == SyncCollection::Level::one);

    for (const char* body : {R"(<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:sync-level>2</D:sync-level><D:prop/></D:sync-collection>)",
                             R"(<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:limit><D:nresults>0</D:nresults></D:limit><D:prop/></D:sync-collection>)",
                             R"(<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:limit><D:nresults>ten</D:nresults></D:limit><D:prop/></D:sync-collection>)",
                             R"(<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:limit/><D:prop/></D:sync-collection>)",
                             R"(<D:sync-collection xmlns:D="DAV:"><D:prop/></D:sync-collection>)"}) {
        INFO(body);
        CHECK(request_error([&] { (void)parse_sync_collection(body); }).status() == 400);
    }
}

TEST_CASE("expand-property as Apple Calendar sends it for delegation", "[davxml][expand-property][clients]") {
    const auto r = parse_expand_property(R"(<?xml version="1.0" encoding="UTF-8"?>
<A:expand-property xmlns:A="DAV:">
  <A:property name="calendar-proxy-write-for" namespace="http://calendarserver.org/ns/">
    <A:property name="displayname" namespace="DAV:"/>
    <A:property name="principal-URL" namespace="DAV:"/>
    <A:property name="calendar-user-address-set" namespace="urn:ietf:params:xml:ns:caldav"/>
  </A:property>
  <A:property name="calendar-proxy-read-for" namespace="http://calendarserver.org/ns/">
    <A:property name="displayname"/>
  </A:property>
</A:expand-property>)");
    REQUIRE(r.properties.size() == 2);
    CHECK(r.properties[0].name == cs("calendar-proxy-write-for"));
    REQUIRE(r.properties[0].children.size() == 3);
    CHECK(r.properties[0].children[1].name == dav("principal-URL"));
    CHECK(r.properties[0].children[2].name == caldav_name("calendar-user-address-set"));
    CHECK(r.properties[1].children.at(0).name == dav("displayname"));   // namespace defaults to DAV:
    CHECK(r.properties[1].children.at(0).children.empty());

    CHECK(request_error([] { (void)parse_expand_property(R"(<D:expand-property xmlns:D="DAV:"><D:property/></D:expand-property>)"); }).status() == 400);
    CHECK(request_error([] {
              (void)parse_expand_property(R"(<D:expand-property xmlns:D="DAV:"><D:property name="a b&lt;"/></D:expand-property>)");
          }).status() == 400);
}

TEST_CASE("principal-property-search as Apple Calendar sends it", "[davxml][principals][clients]") {
    const auto s = parse_principal_property_search(R"(<?xml version="1.0" encoding="UTF-8"?>
<x0:principal-property-search xmlns:x2="urn:ietf:params:xml:ns:caldav" xmlns:x0="DAV:" xmlns:x1="http://calendarserver.org/ns/" test="anyof">
  <x0:property-search>
    <x0:prop><x0:displayname/></x0:prop>
    <x0:match match-type="starts-with">john</x0:match>
  </x0:property-search>
  <x0:property-search>
    <x0:prop><x2:calendar-user-address-set/></x0:prop>
    <x0:match match-type="starts-with">john</x0:match>
  </x0:property-search>
  <x0:prop>
    <x1:email-address-set/>
    <x2:calendar-user-address-set/>
    <x2:calendar-user-type/>
    <x0:displayname/>
    <x1:first-name/>
    <x1:last-name/>
    <x1:record-type/>
    <x0:principal-URL/>
  </x0:prop>
</x0:principal-property-search>)");
    CHECK(s.any_of);
    REQUIRE(s.searches.size() == 2);
    CHECK(s.searches[0].props == std::vector<QName>{dav("displayname")});
    CHECK(s.searches[0].match == "john");
    CHECK(s.searches[0].match_type == "starts-with");
    CHECK(s.searches[1].props == std::vector<QName>{caldav_name("calendar-user-address-set")});
    REQUIRE(s.props.size() == 8);
    CHECK(s.props[0] == cs("email-address-set"));
    CHECK(s.props[7] == dav("principal-URL"));
    CHECK_FALSE(s.apply_to_principal_collection_set);
}

TEST_CASE("RFC 3744 9.4 principal-property-search example, 9.2 and 9.3", "[davxml][principals]") {
    const auto s = parse_principal_property_search(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:principal-property-search xmlns:D="DAV:">
  <D:property-search>
    <D:prop>
      <D:displayname/>
    </D:prop>
    <D:match>doE</D:match>
  </D:property-search>
  <D:property-search>
    <D:prop xmlns:B="http://www.example.com/ns/">
      <B:title/>
    </D:prop>
    <D:match>Sales</D:match>
  </D:property-search>
  <D:prop xmlns:B="http://www.example.com/ns/">
    <D:displayname/>
    <B:department/>
    <B:phone/>
    <B:office/>
    <B:salary/>
  </D:prop>
</D:principal-property-search>)");
    CHECK_FALSE(s.any_of);
    CHECK(s.searches.size() == 2);
    CHECK(s.searches[0].match_type == "contains");
    CHECK(s.searches[1].props.at(0) == QName{"http://www.example.com/ns/", "title"});
    CHECK(s.props.size() == 5);

    const auto acl = parse_acl_principal_prop_set(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:acl-principal-prop-set xmlns:D="DAV:">
  <D:prop>
    <D:displayname/>
  </D:prop>
</D:acl-principal-prop-set>)");
    CHECK(acl.props == std::vector<QName>{dav("displayname")});

    const auto self = parse_principal_match(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:principal-match xmlns:D="DAV:">
  <D:principal-property>
    <D:owner/>
  </D:principal-property>
</D:principal-match>)");
    CHECK_FALSE(self.self);
    CHECK(self.principal_property == std::optional<QName>(dav("owner")));

    const auto me = parse_principal_match(R"(<D:principal-match xmlns:D="DAV:"><D:self/><D:prop><D:displayname/></D:prop></D:principal-match>)");
    CHECK(me.self);
    CHECK(me.props == std::vector<QName>{dav("displayname")});

    CHECK(request_error([] { (void)parse_principal_match(R"(<D:principal-match xmlns:D="DAV:"/>)"); }).status() == 400);
    CHECK(request_error([] {
              (void)parse_principal_property_search(R"(<D:principal-property-search xmlns:D="DAV:"><D:prop/></D:principal-property-search>)");
          }).status() == 400);
}

TEST_CASE("report_kind and parse_report dispatch on the root QName", "[davxml][report]") {
    CHECK(report_kind(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav"/>)") == ReportKind::calendar_query);
    CHECK(report_kind(R"(<calendar-multiget xmlns="urn:ietf:params:xml:ns:caldav"/>)") == ReportKind::calendar_multiget);
    CHECK(report_kind(R"(<x:free-busy-query xmlns:x="urn:ietf:params:xml:ns:caldav"/>)") == ReportKind::free_busy_query);
    CHECK(report_kind(R"(<sync-collection xmlns="DAV:"/>)") == ReportKind::sync_collection);
    CHECK(report_kind(R"(<D:expand-property xmlns:D="DAV:"/>)") == ReportKind::expand_property);
    CHECK(report_kind(R"(<D:acl-principal-prop-set xmlns:D="DAV:"/>)") == ReportKind::acl_principal_prop_set);
    CHECK(report_kind(R"(<D:principal-match xmlns:D="DAV:"/>)") == ReportKind::principal_match);
    CHECK(report_kind(R"(<D:principal-property-search xmlns:D="DAV:"/>)") == ReportKind::principal_property_search);
    CHECK(report_kind(R"(<D:principal-search-property-set xmlns:D="DAV:"/>)") == ReportKind::principal_search_property_set);
    // Right local name, wrong namespace: unknown.
    CHECK(report_kind(R"(<D:calendar-query xmlns:D="DAV:"/>)") == ReportKind::unknown);
    CHECK(report_kind(R"(<calendar-query/>)") == ReportKind::unknown);

    const ReportBody multiget = parse_report(R"(<C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:href>/a.ics</D:href></C:calendar-multiget>)");
    REQUIRE(std::holds_alternative<CalendarMultiget>(multiget));
    CHECK(std::get<CalendarMultiget>(multiget).hrefs.at(0) == "/a.ics");

    const ReportBody sync = parse_report(R"(<D:sync-collection xmlns:D="DAV:"><D:sync-token>5</D:sync-token><D:prop><D:getetag/></D:prop></D:sync-collection>)");
    REQUIRE(std::holds_alternative<SyncCollection>(sync));
    CHECK(std::get<SyncCollection>(sync).sync_token == "5");

    CHECK(std::holds_alternative<PrincipalSearchPropertySet>(parse_report(R"(<D:principal-search-property-set xmlns:D="DAV:"/>)")));

    // CardDAV's addressbook-query on a CalDAV server: unknown, with its name for DAV:supported-report.
    const ReportBody unknown = parse_report(R"(<C:addressbook-query xmlns:C="urn:ietf:params:xml:ns:carddav"><C:filter/></C:addressbook-query>)");
    REQUIRE(std::holds_alternative<UnknownReport>(unknown));
    CHECK(std::get<UnknownReport>(unknown).name == QName{"urn:ietf:params:xml:ns:carddav", "addressbook-query"});

    CHECK(request_error([] { (void)parse_report(""); }).status() == 400);
    CHECK(request_error([] { (void)report_kind("<broken"); }).status() == 400);
    // A known report with a bad body fails with that report's error.
    const RequestError e = request_error([] {
        (void)parse_report(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:filter><C:comp-filter name="VTODO"/></C:filter></C:calendar-query>)");
    });
    CHECK(e.status() == 403);
    CHECK(davxml_test::has_condition(e, "urn:ietf:params:xml:ns:caldav", "valid-filter"));
}
