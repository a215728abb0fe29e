// Bad data from either side never crashes the converters: each bad value is a warning naming
// its element or property, and only an item that cannot be an event at all is refused.
#include <catch2/catch.hpp>

#include "converters/ews/calendar_item_reader.h"
#include "converters/ews/calendar_item_writer.h"

using namespace calbridge;

namespace {

std::string item(const std::string& children) {
    return R"(<t:CalendarItem xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">)" + children +
           "</t:CalendarItem>";
}

const char* kTimes = "<t:Start>2024-05-01T10:00:00Z</t:Start><t:End>2024-05-01T11:00:00Z</t:End>";

mapi::Diagnostics read(const std::string& xml) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    mapi::Diagnostics diag;
    ews::appointment_from_calendar_item(doc.document_element(), {}, diag);
    return diag;
}

bool mentions(const mapi::Diagnostics& d, const std::string& what) {
    for (const auto& i : d.items())
        if (i.message.find(what) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("A: bad values are warnings naming the element", "[ews_convert][malformed]") {
    CHECK(mentions(read(item(std::string("<t:Sensitivity>Secret</t:Sensitivity><t:UID>x</t:UID>") + kTimes)), "Sensitivity"));
    CHECK(mentions(read(item(std::string("<t:UID>x</t:UID>") + kTimes + "<t:IsAllDayEvent>maybe</t:IsAllDayEvent>")), "IsAllDayEvent"));
    CHECK(mentions(read(item(std::string("<t:UID>x</t:UID>") + kTimes + R"(<t:StartTimeZone Id="Mars Standard Time"/>)")),
                   "Mars Standard Time"));
    CHECK(mentions(read(item(std::string("<t:UID>x</t:UID>") + kTimes +
                             "<t:Recurrence><t:WeeklyRecurrence><t:Interval>0</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek>"
                             "</t:WeeklyRecurrence><t:NoEndRecurrence><t:StartDate>2024-05-01</t:StartDate></t:NoEndRecurrence></t:Recurrence>")),
                   "Interval"));
    CHECK(mentions(read(item(std::string("<t:UID>x</t:UID>") + kTimes +
                             "<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Caturday</t:DaysOfWeek>"
                             "</t:WeeklyRecurrence><t:NoEndRecurrence><t:StartDate>2024-05-01</t:StartDate></t:NoEndRecurrence></t:Recurrence>")),
                   "Caturday"));
    CHECK(mentions(read(item(std::string("<t:UID>x</t:UID>") + kTimes +
                             "<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence></t:Recurrence>")),
                   "no range"));
    CHECK(mentions(read(item(std::string("<t:UID>x</t:UID>") + kTimes + "<t:ReminderMinutesBeforeStart>soon</t:ReminderMinutesBeforeStart>")),
                   "ReminderMinutesBeforeStart"));
}

TEST_CASE("A: items that cannot be events are refused", "[ews_convert][malformed]") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(item("<t:Start>yesterday</t:Start><t:End>2024-05-01T11:00:00Z</t:End>").c_str()));
    mapi::Diagnostics diag;
    CHECK_THROWS_AS(ews::appointment_from_calendar_item(doc.document_element(), {}, diag), ews::CalendarItemError);
    REQUIRE(doc.load_string(R"(<t:Message xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"/>)"));
    CHECK_THROWS_AS(ews::appointment_from_calendar_item(doc.document_element(), {}, diag), ews::CalendarItemError);
}

TEST_CASE("B: many EXDATEs and far RECURRENCE-IDs stay bounded", "[ews_convert][malformed]") {
    std::string ev = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:many\r\n"
                     "DTSTART:20240101T090000Z\r\nDTEND:20240101T100000Z\r\nRRULE:FREQ=DAILY\r\n";
    for (int d = 1; d <= 28; ++d) ev += "EXDATE:202402" + std::string(d < 10 ? "0" : "") + std::to_string(d) + "T090000Z\r\n";
    ev += "EXDATE:29990101T090000Z\r\nEND:VEVENT\r\n"
          "BEGIN:VEVENT\r\nUID:many\r\nRECURRENCE-ID:20240105T093000Z\r\nDTSTART:20240105T110000Z\r\nDTEND:20240105T120000Z\r\nEND:VEVENT\r\n"
          "END:VCALENDAR\r\n";
    mapi::Diagnostics diag;
    const auto out = ews::calendar_item_from_ical(ev, diag);
    REQUIRE(out.deleted_instance_indexes.size() == 29);
    CHECK(out.deleted_instance_indexes[0] == 32);   // 2024-02-01 is the 32nd day
    CHECK(out.deleted_instance_indexes[28] == 0);   // beyond the expansion cap: not found, said so
    REQUIRE(out.overrides.size() == 1);
    CHECK(out.overrides[0].instance_index == 0);    // 09:30 is no occurrence of a 09:00 rule
    CHECK(diag.items().size() == 2);
}
