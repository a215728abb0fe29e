// EWS TimeZoneDefinitionType (Periods, TransitionsGroups, Transitions) -> mapi::TimeZone,
// checked against the Windows-id path (ICU's rules) and against the US rule change of 2007.
#include <catch2/catch.hpp>

#include "converters/ews/ews_xml.h"
#include "converters/ews/time_zone_definition.h"
#include "converters/ical/civil_days.h"

using namespace calbridge;

namespace {

std::int64_t at(int y, int m, int d, int h) { return ical::days_from_civil(y, m, d) * 86400 + h * 3600; }

// Pacific time as Exchange 2010+ describes it: the 2006 rule (April - October) and, from 2007,
// the current one (March - November).
const char* kPacific = R"xml(<t:StartTimeZone xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" Id="Pacific Standard Time" Name="(UTC-08:00) Pacific Time (US &amp; Canada)">
  <t:Periods>
    <t:Period Bias="PT8H" Name="Standard" Id="trule:Microsoft/Registry/Pacific Standard Time/2006-Standard"/>
    <t:Period Bias="PT7H" Name="Daylight" Id="trule:Microsoft/Registry/Pacific Standard Time/2006-Daylight"/>
    <t:Period Bias="PT8H" Name="Standard" Id="trule:Microsoft/Registry/Pacific Standard Time/2007-Standard"/>
    <t:Period Bias="PT7H" Name="Daylight" Id="trule:Microsoft/Registry/Pacific Standard Time/2007-Daylight"/>
  </t:Periods>
  <t:TransitionsGroups>
    <t:TransitionsGroup Id="0">
      <t:RecurringDayTransition><t:To Kind="Period">trule:Microsoft/Registry/Pacific Standard Time/2006-Daylight</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>4</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>1</t:Occurrence></t:RecurringDayTransition>
      <t:RecurringDayTransition><t:To Kind="Period">trule:Microsoft/Registry/Pacific Standard Time/2006-Standard</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>10</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>-1</t:Occurrence></t:RecurringDayTransition>
    </t:TransitionsGroup>
    <t:TransitionsGroup Id="1">
      <t:RecurringDayTransition><t:To Kind="Period">trule:Microsoft/Registry/Pacific Standard Time/2007-Daylight</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>2</t:Occurrence></t:RecurringDayTransition>
      <t:RecurringDayTransition><t:To Kind="Period">trule:Microsoft/Registry/Pacific Standard Time/2007-Standard</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>11</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>1</t:Occurrence></t:RecurringDayTransition>
    </t:TransitionsGroup>
  </t:TransitionsGroups>
  <t:Transitions>
    <t:Transition><t:To Kind="Group">0</t:To></t:Transition>
    <t:AbsoluteDateTransition><t:To Kind="Group">1</t:To><t:DateTime>2007-01-01T00:00:00</t:DateTime></t:AbsoluteDateTransition>
  </t:Transitions>
</t:StartTimeZone>)xml";

}  // namespace

TEST_CASE("xs:duration as EWS writes biases", "[ews_convert][timezone]") {
    CHECK(ews::parse_duration_minutes("-PT1H") == -60);
    CHECK(ews::parse_duration_minutes("PT8H") == 480);
    CHECK(ews::parse_duration_minutes("-PT5H30M") == -330);
    CHECK(ews::parse_duration_minutes("PT0M") == 0);
    CHECK(ews::parse_duration_minutes("P0DT2H") == 120);
    CHECK_FALSE(ews::parse_duration_minutes("P1M"));  // months have no fixed length
    CHECK_FALSE(ews::parse_duration_minutes("PT"));
    CHECK_FALSE(ews::parse_duration_minutes("1H"));
    // Found by fuzz:ews_calendar_item (UBSan: signed overflow): digits beyond any real bias.
    CHECK_FALSE(ews::parse_duration_minutes("PT5555555555555555555555H"));
    CHECK_FALSE(ews::parse_duration_minutes("PT100001M"));
}

TEST_CASE("a definition with two eras switches by the rule of each year", "[ews_convert][timezone]") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(kPacific));
    mapi::Diagnostics diag;
    auto tz = ews::time_zone_from_definition(doc.document_element(), diag);
    REQUIRE(tz);
    CHECK(diag.empty());
    CHECK(tz->tzid() == "America/Los_Angeles");
    // 2006: first Sunday of April 02:00 PST, last Sunday of October 02:00 PDT.
    auto y2006 = tz->transitions(at(2006, 1, 1, 0), at(2007, 1, 1, 0));
    REQUIRE(y2006.size() == 2);
    CHECK(y2006[0].at == at(2006, 4, 2, 10));
    CHECK(y2006[1].at == at(2006, 10, 29, 9));
    // 2008: second Sunday of March, first Sunday of November.
    auto y2008 = tz->transitions(at(2008, 1, 1, 0), at(2009, 1, 1, 0));
    REQUIRE(y2008.size() == 2);
    CHECK(y2008[0].at == at(2008, 3, 9, 10));
    CHECK(y2008[1].at == at(2008, 11, 2, 9));
    CHECK(tz->utc_offset_minutes_at(at(2008, 7, 1, 0)) == -420);
}

TEST_CASE("the synthetic sample's W. Europe definition agrees with the Windows-id path", "[ews_convert][timezone]") {
    const char* xml = R"(<t:StartTimeZone xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" Id="W. Europe Standard Time">
      <t:Periods>
        <t:Period Bias="-PT1H" Name="Standard" Id="std"/><t:Period Bias="-PT2H" Name="Daylight" Id="dst"/>
      </t:Periods>
      <t:TransitionsGroups><t:TransitionsGroup Id="0">
        <t:RecurringDayTransition><t:To Kind="Period">dst</t:To><t:TimeOffset>PT2H</t:TimeOffset><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>-1</t:Occurrence></t:RecurringDayTransition>
        <t:RecurringDayTransition><t:To Kind="Period">std</t:To><t:TimeOffset>PT3H</t:TimeOffset><t:Month>10</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek><t:Occurrence>-1</t:Occurrence></t:RecurringDayTransition>
      </t:TransitionsGroup></t:TransitionsGroups>
      <t:Transitions><t:Transition><t:To Kind="Group">0</t:To></t:Transition></t:Transitions>
    </t:StartTimeZone>)";
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml));
    mapi::Diagnostics diag;
    auto from_definition = ews::time_zone_from_definition(doc.document_element(), diag);
    auto from_id = mapi::TimeZone::from_windows_id("W. Europe Standard Time", 2024);
    REQUIRE(from_definition);
    REQUIRE(from_id);
    for (int year = 2016; year <= 2030; ++year) {
        INFO(year);
        CHECK(from_definition->transitions(at(year, 1, 1, 0), at(year + 1, 1, 1, 0)) ==
              from_id->transitions(at(year, 1, 1, 0), at(year + 1, 1, 1, 0)));
    }
}

TEST_CASE("definitions this model cannot hold fall back with a warning", "[ews_convert][timezone]") {
    const char* xml = R"(<t:StartTimeZone xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" Id="Odd">
      <t:Periods><t:Period Bias="PT1H" Name="Standard" Id="std"/></t:Periods>
      <t:TransitionsGroups><t:TransitionsGroup Id="0">
        <t:Transition><t:To Kind="Period">nowhere</t:To></t:Transition>
      </t:TransitionsGroup></t:TransitionsGroups>
      <t:Transitions><t:Transition><t:To Kind="Group">0</t:To></t:Transition></t:Transitions>
    </t:StartTimeZone>)";
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml));
    mapi::Diagnostics diag;
    CHECK_FALSE(ews::time_zone_from_definition(doc.document_element(), diag));
    REQUIRE(diag.items().size() == 1);
    CHECK(diag.items()[0].message.find("nowhere") != std::string::npos);
}
