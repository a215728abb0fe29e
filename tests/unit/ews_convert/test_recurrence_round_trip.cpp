// Recurrence both ways: RRULE -> EWS Recurrence (direction B) -> what GetItem returns ->
// AppointmentRecurrence -> RRULE (direction A), for every pattern and range EWS has, with
// deleted and modified occurrences, in zones with and without DST. Each object is written in
// the gateway's own canonical form (what appointment_to_ical writes), so it must come back
// identical after normalisation; every request is validated against the EWS schema.
#include <catch2/catch.hpp>

#include "converters/ews/calendar_item_reader.h"
#include "converters/ews/calendar_item_writer.h"
#include "converters/ews/ews_xml.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "ews_convert_support.h"
#include "ews_standin/schema_validator.h"

using namespace calbridge;

namespace {

const ews_standin::EwsSchema& schema() {
    static const ews_standin::EwsSchema compiled(std::string(CALBRIDGE_TEST_DATA) + "/ews/schema/soap-envelope-wrapper.xsd");
    return compiled;
}

const char* kNewYork =
    "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:20070311T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nDTSTART:20071104T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n";
const char* kSydney =
    "BEGIN:VTIMEZONE\r\nTZID:Australia/Sydney\r\n"
    "BEGIN:STANDARD\r\nDTSTART:20080406T030000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000\r\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:20081005T020000\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\nEND:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n";

std::string vcal(const std::string& zone, const std::string& events) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + zone + events + "END:VCALENDAR\r\n";
}

std::string event(const std::string& uid, const std::string& start, const std::string& end, const std::string& more) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20240101T000000Z\r\nSUMMARY:" + uid + "\r\nCLASS:PUBLIC\r\nPRIORITY:5\r\n" +
           start + "\r\n" + end + "\r\nTRANSP:OPAQUE\r\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n" + more + "END:VEVENT\r\n";
}

std::string timed(const std::string& uid, const std::string& tz, const std::string& start, const std::string& end,
                  const std::string& more) {
    return event(uid, "DTSTART;TZID=" + tz + ":" + start, "DTEND;TZID=" + tz + ":" + end,
                 "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE\r\n" + more);
}

struct Trip {
    ews::EwsCalendarItem item;
    std::vector<std::string> differences;
    std::string warnings;
};

Trip round_trip(const std::string& original) {
    Trip t;
    mapi::Diagnostics diag;
    t.item = ews::calendar_item_from_ical(original, diag);
    ews_test::GetItemResult got;
    ews_test::simulate_get_item(t.item, std::nullopt, got);
    const mapi::Appointment a = ews::appointment_from_calendar_item(got.master, got.exceptions, diag);
    const std::string back = ical::to_ics(mapi::to_vcalendar(mapi::appointment_to_ical(a, diag)).get());
    t.differences = ews_test::diff_lines(ews_test::normalize_ics(original), ews_test::normalize_ics(back));
    for (const auto& d : diag.items()) t.warnings += d.message + "\n";
    return t;
}

void check_requests_valid(const ews::EwsCalendarItem& item) {
    CHECK(schema().validate(ews_test::create_item_envelope(item.item_xml)).valid);
    CHECK(schema().validate(ews_test::update_item_envelope(item.updates)).valid);
    for (const auto& o : item.overrides) CHECK(schema().validate(ews_test::update_item_envelope(o.updates, o.instance_index)).valid);
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
}

}  // namespace

TEST_CASE("recurrence round trip: every EWS pattern and range", "[ews_convert][recurrence]") {
    struct Case {
        const char* name;
        std::string ics;
        const char* pattern;  // the EWS pattern element expected in item_xml
    };
    const std::string ny = "America/New_York";
    const Case cases[] = {
        {"weekly, every 2 weeks, until", vcal(kNewYork, timed("w2", ny, "20240304T090000", "20240304T093000",
                                              "RRULE:FREQ=WEEKLY;UNTIL=20240624T130000Z;INTERVAL=2;BYDAY=MO,WE;WKST=SU\r\n")),
         "WeeklyRecurrence"},
        {"daily every 3 days, count", vcal(kNewYork, timed("d3", ny, "20240301T070000", "20240301T080000",
                                           "RRULE:FREQ=DAILY;COUNT=10;INTERVAL=3\r\n")),
         "DailyRecurrence"},
        {"every weekday, no end", vcal(kNewYork, timed("wd", ny, "20240304T083000", "20240304T084500",
                                       "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;WKST=SU\r\n")),
         "WeeklyRecurrence"},
        {"monthly on the last day", vcal(kNewYork, timed("m31", ny, "20240131T120000", "20240131T130000",
                                         "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1\r\n")),
         "AbsoluteMonthlyRecurrence"},
        {"monthly on day 30, clipped", vcal(kNewYork, timed("m30", ny, "20240130T120000", "20240130T130000",
                                            "RRULE:FREQ=MONTHLY;COUNT=6;BYMONTHDAY=28,29,30;BYSETPOS=-1\r\n")),
         "AbsoluteMonthlyRecurrence"},
        {"monthly second Tuesday", vcal(kSydney, timed("m2tu", "Australia/Sydney", "20240213T180000", "20240213T190000",
                                        "RRULE:FREQ=MONTHLY;COUNT=12;BYDAY=2TU\r\n")),
         "RelativeMonthlyRecurrence"},
        {"every 3 months, last weekday", vcal(kSydney, timed("mlwd", "Australia/Sydney", "20240329T170000", "20240329T173000",
                                              "RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1\r\n")),
         "RelativeMonthlyRecurrence"},
        {"yearly on a date", vcal(kNewYork, timed("y", ny, "20240615T100000", "20240615T110000",
                                  "RRULE:FREQ=YEARLY;BYMONTHDAY=15;BYMONTH=6\r\n")),
         "AbsoluteYearlyRecurrence"},
        {"yearly fourth Thursday of November", vcal(kNewYork, timed("thx", ny, "20241128T120000", "20241128T150000",
                                                    "RRULE:FREQ=YEARLY;COUNT=5;BYDAY=4TH;BYMONTH=11\r\n")),
         "RelativeYearlyRecurrence"},
        {"every 2 years", vcal(kNewYork, timed("y2", ny, "20240615T100000", "20240615T110000",
                               "RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTHDAY=15;BYMONTH=6\r\n")),
         "AbsoluteMonthlyRecurrence"},
        {"yearly on Feb 29 (last day of February)", vcal("", event("feb29", "DTSTART;VALUE=DATE:20240229", "DTEND;VALUE=DATE:20240301",
                                                         "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\nRRULE:FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2\r\n")),
         "AbsoluteYearlyRecurrence"},
        {"all-day weekly until a date", vcal("", event("adw", "DTSTART;VALUE=DATE:20240305", "DTEND;VALUE=DATE:20240306",
                                             "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\nRRULE:FREQ=WEEKLY;UNTIL=20240430;BYDAY=TU;WKST=SU\r\n"
                                             "EXDATE;VALUE=DATE:20240319\r\n")),
         "WeeklyRecurrence"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const Trip t = round_trip(c.ics);
        INFO(t.item.item_xml);
        INFO(t.warnings);
        INFO(joined(t.differences));
        CHECK(t.item.item_xml.find(std::string("<t:") + c.pattern + ">") != std::string::npos);
        CHECK_FALSE(t.item.recurrence_dropped);
        CHECK(t.differences.empty());
        check_requests_valid(t.item);
    }
}

TEST_CASE("recurrence round trip: deleted and modified occurrences", "[ews_convert][recurrence]") {
    const std::string berlin =
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n";
    const std::string tz = "Europe/Berlin";
    const std::string series =
        timed("standup", tz, "20240304T090000", "20240304T093000",
              "LOCATION:Room 4.12\r\nRRULE:FREQ=WEEKLY;UNTIL=20240424T070000Z;BYDAY=MO,WE;WKST=MO\r\n"
              "EXDATE;TZID=Europe/Berlin:20240318T090000\r\nEXDATE;TZID=Europe/Berlin:20240401T090000\r\n");
    // 2024-03-13 (the 4th occurrence) moved to 11:00 with a new title, no location; 2024-04-03
    // (the 10th, after the DST change) an hour longer.
    std::string moved = timed("standup", tz, "20240313T110000", "20240313T113000",
                              "RECURRENCE-ID;TZID=Europe/Berlin:20240313T090000\r\n");
    moved.replace(moved.find("SUMMARY:standup"), 15, "SUMMARY:standup (moved)");
    const std::string longer = timed("standup", tz, "20240403T090000", "20240403T103000",
                                     "LOCATION:Room 4.12\r\nRECURRENCE-ID;TZID=Europe/Berlin:20240403T090000\r\n");
    const Trip t = round_trip(vcal(berlin, series + moved + longer));
    INFO(t.warnings);
    INFO(joined(t.differences));
    CHECK(t.differences.empty());
    check_requests_valid(t.item);
    CHECK(t.item.deleted_instance_indexes == std::vector<int>{5, 9});
    CHECK(t.item.deleted_occurrence_starts_utc == std::vector<std::int64_t>{1710748800, 1711954800});
    REQUIRE(t.item.overrides.size() == 2);
    CHECK(t.item.overrides[0].instance_index == 4);
    CHECK(t.item.overrides[1].instance_index == 10);
    std::vector<std::string> fields;
    for (const auto& u : t.item.overrides[0].updates) fields.push_back((u.remove ? "-" : "") + u.field_uri);
    CHECK(fields == std::vector<std::string>{"item:Subject", "calendar:Start", "calendar:End", "-calendar:Location"});
}

TEST_CASE("RRULEs EWS cannot express fall back to the first occurrence, said clearly", "[ews_convert][recurrence]") {
    const std::string ny = "America/New_York";
    const char* rules[] = {
        "FREQ=HOURLY;INTERVAL=4",
        "FREQ=DAILY;BYHOUR=9,17",
        "FREQ=MONTHLY;BYMONTHDAY=-2",
        "FREQ=MONTHLY;BYDAY=2MO,3TU",
        "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1",
        "FREQ=YEARLY;BYWEEKNO=20",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
    };
    for (const char* rule : rules) {
        INFO(rule);
        mapi::Diagnostics diag;
        const auto item = ews::calendar_item_from_ical(
            vcal(kNewYork, timed("odd", ny, "20240101T090000", "20240101T100000",
                                 std::string("RRULE:") + rule + "\r\nEXDATE;TZID=America/New_York:20240102T090000\r\n")),
            diag);
        CHECK(item.recurrence_dropped);
        CHECK(item.item_xml.find("Recurrence") == std::string::npos);
        CHECK(item.deleted_occurrence_starts_utc.empty());
        REQUIRE_FALSE(diag.empty());
        CHECK(diag.items()[0].message.find("EWS cannot express") != std::string::npos);
        CHECK(schema().validate(ews_test::create_item_envelope(item.item_xml)).valid);
    }
}
