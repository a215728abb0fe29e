// CALDAV:calendar-query bodies (RFC 4791 7.8, 9.5-9.9) from the RFC examples and clients.
#include <catch2/catch.hpp>

#include "caldav/xml/calendar_query.h"
#include "caldav/xml/time_range.h"
#include "davxml_support.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::xml;
using davxml_test::has_condition;
using davxml_test::request_error;

namespace {

// 2006-01-04T00:00:00Z etc., computed independently: 2006-01-01 is day 13149 since the epoch.
constexpr std::int64_t kJan1_2006 = 13149LL * 86400;
constexpr std::int64_t day(int d) { return kJan1_2006 + (d - 1) * 86400LL; }

}  // namespace

TEST_CASE("UTC date-time values (RFC 4791 9.9)", "[davxml][time-range]") {
    CHECK(parse_utc_datetime("19700101T000000Z") == std::optional<std::int64_t>(0));
    CHECK(parse_utc_datetime("20060104T000000Z") == std::optional<std::int64_t>(day(4)));
    CHECK(parse_utc_datetime("20060104T140000Z") == std::optional<std::int64_t>(day(4) + 14 * 3600));
    CHECK(parse_utc_datetime("20240229T235959Z") == std::optional<std::int64_t>(1709251199));
    CHECK_FALSE(parse_utc_datetime("20060104T000000"));     // floating, not UTC
    CHECK_FALSE(parse_utc_datetime("20060104"));            // DATE
    CHECK_FALSE(parse_utc_datetime("2006-01-04T00:00:00Z"));   // extended ISO 8601
    CHECK_FALSE(parse_utc_datetime("20230229T000000Z"));    // no 29 Feb in 2023
    CHECK_FALSE(parse_utc_datetime("20061304T000000Z"));
    CHECK_FALSE(parse_utc_datetime("20060104T240000Z"));
}

TEST_CASE("RFC 4791 7.8.1: partial retrieval with a time-range", "[davxml][calendar-query]") {
    const auto q = parse_calendar_query(R"(<?xml version="1.0" encoding="utf-8" ?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <C:calendar-data>
      <C:comp name="VCALENDAR">
        <C:prop name="VERSION"/>
        <C:comp name="VEVENT">
          <C:prop name="SUMMARY"/>
          <C:prop name="UID"/>
          <C:prop name="DTSTART"/>
          <C:prop name="DTEND"/>
          <C:prop name="DURATION"/>
          <C:prop name="RRULE"/>
          <C:prop name="RDATE"/>
          <C:prop name="EXRULE"/>
          <C:prop name="EXDATE"/>
          <C:prop name="RECURRENCE-ID"/>
        </C:comp>
        <C:comp name="VTIMEZONE"/>
      </C:comp>
    </C:calendar-data>
  </D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:time-range start="20060104T000000Z"
                      end="20060105T000000Z"/>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>)");
    REQUIRE(q.select.kind == PropSelection::Kind::prop);
    CHECK(q.select.props == std::vector<QName>{caldav_name("calendar-data")});
    REQUIRE(q.select.calendar_data);
    REQUIRE(q.select.calendar_data->comp);
    const CompSelect& vcal = *q.select.calendar_data->comp;
    CHECK(vcal.name == "VCALENDAR");
    CHECK_FALSE(vcal.all_props);
    REQUIRE(vcal.props.size() == 1);
    CHECK(vcal.props[0].name == "VERSION");
    REQUIRE(vcal.comps.size() == 2);
    CHECK(vcal.comps[0].name == "VEVENT");
    REQUIRE(vcal.comps[0].props.size() == 10);
    CHECK(vcal.comps[0].props[9].name == "RECURRENCE-ID");
    CHECK(vcal.comps[1].name == "VTIMEZONE");
    CHECK(vcal.comps[1].props.empty());
    CHECK_FALSE(vcal.comps[1].all_props);

    const CompFilter& root = q.filter.root;
    CHECK(root.name == "VCALENDAR");
    REQUIRE(root.comp_filters.size() == 1);
    const CompFilter& ev = root.comp_filters[0];
    CHECK(ev.name == "VEVENT");
    REQUIRE(ev.time_range);
    CHECK(ev.time_range->start == day(4));
    CHECK(ev.time_range->end == day(5));
    CHECK_FALSE(q.timezone);
}

TEST_CASE("RFC 4791 7.8.2/7.8.3/7.8.4: limit-recurrence-set, expand, limit-freebusy-set", "[davxml][calendar-query]") {
    const auto limited = parse_calendar_query(R"(<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data><C:limit-recurrence-set start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="20060103T000000Z" end="20060105T000000Z"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>)");
    REQUIRE(limited.select.calendar_data);
    REQUIRE(limited.select.calendar_data->limit_recurrence_set);
    CHECK(limited.select.calendar_data->limit_recurrence_set->start == day(3));
    CHECK(limited.select.calendar_data->limit_recurrence_set->end == day(5));
    CHECK_FALSE(limited.select.calendar_data->expand);
    CHECK_FALSE(limited.select.calendar_data->comp);

    const auto expanded = parse_calendar_query(R"(<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data><C:expand start="20060103T000000Z" end="20060105T000000Z"/></C:calendar-data></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="20060103T000000Z" end="20060105T000000Z"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>)");
    REQUIRE(expanded.select.calendar_data->expand);
    CHECK(expanded.select.calendar_data->expand->start == day(3));

    const auto fb = parse_calendar_query(R"(<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data><C:limit-freebusy-set start="20060102T000000Z" end="20060103T000000Z"/></C:calendar-data></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VFREEBUSY">
    <C:time-range start="20060102T000000Z" end="20060103T000000Z"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>)");
    REQUIRE(fb.select.calendar_data->limit_freebusy_set);
    CHECK(fb.select.calendar_data->limit_freebusy_set->end == day(3));
    CHECK(fb.filter.root.comp_filters.at(0).name == "VFREEBUSY");
}

TEST_CASE("RFC 4791 7.8.5: to-dos by alarm time range", "[davxml][calendar-query]") {
    const auto q = parse_calendar_query(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop xmlns:D="DAV:"><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VTODO">
        <C:comp-filter name="VALARM">
          <C:time-range start="20060106T100000Z" end="20060107T100000Z"/>
        </C:comp-filter>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>)");
    REQUIRE(q.select.calendar_data);
    CHECK_FALSE(q.select.calendar_data->comp);   // whole object
    const CompFilter& alarm = q.filter.root.comp_filters.at(0).comp_filters.at(0);
    CHECK(alarm.name == "VALARM");
    CHECK(alarm.time_range->start == day(6) + 10 * 3600);
}

TEST_CASE("RFC 4791 7.8.6: event by UID with collation i-octet", "[davxml][calendar-query]") {
    const auto q = parse_calendar_query(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop xmlns:D="DAV:"><D:getetag/><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:prop-filter name="UID">
          <C:text-match collation="i;octet">DC6C50A017428C5216A2F1CD@example.com</C:text-match>
        </C:prop-filter>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>)");
    CHECK(q.select.props == std::vector<QName>{dav("getetag"), caldav_name("calendar-data")});
    const PropFilter& uid = q.filter.root.comp_filters.at(0).prop_filters.at(0);
    CHECK(uid.name == "UID");
    REQUIRE(uid.text_match);
    CHECK(uid.text_match->text == "DC6C50A017428C5216A2F1CD@example.com");
    CHECK(uid.text_match->collation == "i;octet");
    CHECK_FALSE(uid.text_match->negate);
}

TEST_CASE("RFC 4791 7.8.7: events by PARTSTAT param-filter", "[davxml][calendar-query]") {
    const auto q = parse_calendar_query(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop xmlns:D="DAV:"><D:getetag/><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VEVENT">
        <C:prop-filter name="ATTENDEE">
          <C:text-match collation="i;ascii-casemap">mailto:lisa@example.com</C:text-match>
          <C:param-filter name="PARTSTAT">
            <C:text-match collation="i;ascii-casemap">NEEDS-ACTION</C:text-match>
          </C:param-filter>
        </C:prop-filter>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>)");
    const PropFilter& att = q.filter.root.comp_filters.at(0).prop_filters.at(0);
    CHECK(att.name == "ATTENDEE");
    CHECK(att.text_match->text == "mailto:lisa@example.com");
    REQUIRE(att.param_filters.size() == 1);
    CHECK(att.param_filters[0].name == "PARTSTAT");
    CHECK(att.param_filters[0].text_match->text == "NEEDS-ACTION");
    CHECK(att.param_filters[0].text_match->collation == "i;ascii-casemap");
}

TEST_CASE("RFC 4791 7.8.8/7.8.9: events only, pending to-dos", "[davxml][calendar-query]") {
    const auto events = parse_calendar_query(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop xmlns:D="DAV:"><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>)");
    const CompFilter& ev = events.filter.root.comp_filters.at(0);
    CHECK(ev.name == "VEVENT");
    CHECK_FALSE(ev.time_range);
    CHECK(ev.prop_filters.empty());

    const auto todos = parse_calendar_query(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop xmlns:D="DAV:"><D:getetag/><C:calendar-data/></D:prop>
  <C:filter>
    <C:comp-filter name="VCALENDAR">
      <C:comp-filter name="VTODO">
        <C:prop-filter name="COMPLETED">
          <C:is-not-defined/>
        </C:prop-filter>
        <C:prop-filter name="STATUS">
          <C:text-match negate-condition="yes">CANCELLED</C:text-match>
        </C:prop-filter>
      </C:comp-filter>
    </C:comp-filter>
  </C:filter>
</C:calendar-query>)");
    const CompFilter& todo = todos.filter.root.comp_filters.at(0);
    REQUIRE(todo.prop_filters.size() == 2);
    CHECK(todo.prop_filters[0].name == "COMPLETED");
    CHECK(todo.prop_filters[0].is_not_defined);
    CHECK(todo.prop_filters[1].text_match->negate);
    CHECK(todo.prop_filters[1].text_match->text == "CANCELLED");
    CHECK(todo.prop_filters[1].text_match->collation == "i;ascii-casemap");   // the default
}

TEST_CASE("Thunderbird: CalDAV in the default namespace, open-ended time-range", "[davxml][calendar-query][clients]") {
    const auto q = parse_calendar_query(R"(<?xml version="1.0" encoding="UTF-8"?>
<calendar-query xmlns:D="DAV:" xmlns="urn:ietf:params:xml:ns:caldav">
  <D:prop>
    <D:getetag/>
  </D:prop>
  <filter>
    <comp-filter name="VCALENDAR">
      <comp-filter name="VEVENT">
        <time-range start="20230101T000000Z"/>
      </comp-filter>
    </comp-filter>
  </filter>
</calendar-query>)");
    CHECK(q.select.props == std::vector<QName>{dav("getetag")});
    const CompFilter& ev = q.filter.root.comp_filters.at(0);
    REQUIRE(ev.time_range);
    CHECK(ev.time_range->start == 1672531200);
    CHECK(ev.time_range->end == kTimeMax);
}

TEST_CASE("DAVx5 and tsdav calendar-query, python-caldav with expand and timezone", "[davxml][calendar-query][clients]") {
    const auto davx5 = parse_calendar_query(R"(<?xml version='1.0' encoding='UTF-8' ?><CAL:calendar-query xmlns="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><prop><getetag /></prop><CAL:filter><CAL:comp-filter name="VCALENDAR"><CAL:comp-filter name="VTODO" /></CAL:comp-filter></CAL:filter></CAL:calendar-query>)");
    CHECK(davx5.select.props == std::vector<QName>{dav("getetag")});
    CHECK(davx5.filter.root.comp_filters.at(0).name == "VTODO");

    const auto tsdav = parse_calendar_query(R"(<?xml version="1.0" encoding="UTF-8"?><c:calendar-query xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:ca="http://apple.com/ns/ical/" xmlns:d="DAV:"><d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20240301T000000Z" end="20240401T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>)");
    CHECK(tsdav.filter.root.comp_filters.at(0).time_range->end - tsdav.filter.root.comp_filters.at(0).time_range->start == 31 * 86400);

    const auto py = parse_calendar_query(R"(<?xml version='1.0' encoding='utf-8'?>
<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:D="DAV:"><D:prop><C:calendar-data><C:expand start="20060102T000000Z" end="20060105T000000Z"/></C:calendar-data></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20060102T000000Z" end="20060105T000000Z"/></C:comp-filter></C:comp-filter></C:filter><C:timezone>BEGIN:VCALENDAR
BEGIN:VTIMEZONE
TZID:Europe/Berlin
END:VTIMEZONE
END:VCALENDAR
</C:timezone></C:calendar-query>)");
    REQUIRE(py.select.calendar_data->expand);
    CHECK(py.select.calendar_data->expand->end == day(5));
    REQUIRE(py.timezone);
    CHECK_THAT(*py.timezone, Catch::Contains("TZID:Europe/Berlin"));
}

TEST_CASE("calendar-query with allprop or without any prop selection", "[davxml][calendar-query]") {
    const char* body = R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:filter><C:comp-filter name="vcalendar"/></C:filter></C:calendar-query>)";
    const auto q = parse_calendar_query(body);
    CHECK(q.select.kind == PropSelection::Kind::allprop);
    CHECK(q.filter.root.name == "VCALENDAR");   // names are upper-cased
}

TEST_CASE("unsupported collation is 403 CALDAV:supported-collation", "[davxml][calendar-query][errors]") {
    const RequestError e = request_error([] {
        (void)parse_calendar_query(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:prop-filter name="SUMMARY"><C:text-match collation="i;klingon">x</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>)");
    });
    CHECK(e.status() == 403);
    CHECK(has_condition(e, "urn:ietf:params:xml:ns:caldav", "supported-collation"));
}

TEST_CASE("time-range values not in UTC are 403 CALDAV:valid-filter", "[davxml][calendar-query][errors]") {
    for (const char* range : {R"(start="20060104T000000")", R"(start="20060104")", R"(end="2006-01-05T00:00:00Z")",
                              R"(start="20060105T000000Z" end="20060104T000000Z")", ""}) {
        INFO(range);
        const std::string body = std::string(R"(<C:calendar-query xmlns:C="urn:ietf:params:xml:ns:caldav"><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range )") +
                                 range + "/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>";
        const RequestError e = request_error([&] { (void)parse_calendar_query(body); });
        CHECK(e.status() == 403);
        CHECK(has_condition(e, "urn:ietf:params:xml:ns:caldav", "valid-filter"));
    }
}

TEST_CASE("invalid filters and bodies", "[davxml][calendar-query][errors]") {
    const char* ns = R"(xmlns:C="urn:ietf:params:xml:ns:caldav")";
    auto query = [&](const std::string& inner) {
        return std::string("<C:calendar-query ") + ns + ">" + inner + "</C:calendar-query>";
    };
    // No filter at all: 400.
    CHECK(request_error([&] { (void)parse_calendar_query(query("")); }).status() == 400);
    // Top-level comp-filter not VCALENDAR; none; two; no name.
    for (const char* f : {R"(<C:filter><C:comp-filter name="VEVENT"/></C:filter>)", "<C:filter/>",
                          R"(<C:filter><C:comp-filter name="VCALENDAR"/><C:comp-filter name="VCALENDAR"/></C:filter>)",
                          R"(<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter/></C:comp-filter></C:filter>)",
                          R"(<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:prop-filter name="X"><C:text-match negate-condition="maybe">a</C:text-match></C:prop-filter></C:comp-filter></C:comp-filter></C:filter>)",
                          R"(<C:filter><C:comp-filter name="VCALENDAR"><C:is-not-defined/><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>)"}) {
        INFO(f);
        const RequestError e = request_error([&] { (void)parse_calendar_query(query(f)); });
        CHECK(e.status() == 403);
        CHECK(has_condition(e, "urn:ietf:params:xml:ns:caldav", "valid-filter"));
    }
    // calendar-data in a media type we do not produce: 403 supported-calendar-data.
    const RequestError cd = request_error([&] {
        (void)parse_calendar_query(query(R"(<D:prop xmlns:D="DAV:"><C:calendar-data content-type="application/calendar+json"/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter>)"));
    });
    CHECK(cd.status() == 403);
    CHECK(has_condition(cd, "urn:ietf:params:xml:ns:caldav", "supported-calendar-data"));
    // expand needs both bounds, in UTC: 400.
    CHECK(request_error([&] {
              (void)parse_calendar_query(query(R"(<D:prop xmlns:D="DAV:"><C:calendar-data><C:expand start="20060103T000000Z"/></C:calendar-data></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter>)"));
          }).status() == 400);
    // Wrong root for this parser.
    CHECK(request_error([] { (void)parse_calendar_query("<D:propfind xmlns:D=\"DAV:\"/>"); }).status() == 400);
}
