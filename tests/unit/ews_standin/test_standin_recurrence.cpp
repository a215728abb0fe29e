// Recurrence in the EWS stand-in: the pattern expander alone, then occurrences and exceptions
// through GetItem / UpdateItem / DeleteItem / FindItem CalendarView.
#include "standin_client.h"

#include "ews_standin/ews_time.h"
#include "ews_standin/recurrence.h"
#include "converters/mapi/appointment/global_object_id.h"
#include "gateway/auth/base64.h"

using namespace standin_test;
using namespace calbridge::ews_standin;

namespace {
std::vector<std::string> expand_text(const std::string& xml, const std::string& start, const std::string& zone, int max = 100) {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml.c_str()));
    std::string error;
    auto p = parse_recurrence(doc.document_element(), &error);
    INFO(error);
    REQUIRE(p);
    std::vector<std::string> out;
    for (const auto& o : expand(*p, *parse_datetime(start), ZoneClock(zone), INT64_MAX, max)) out.push_back(format_utc(o.start));
    return out;
}
}  // namespace

TEST_CASE("EWS stand-in recurrence: weekly in Berlin keeps 09:00 local across the DST change", "[ews_standin]") {
    auto got = expand_text("<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Tuesday</t:DaysOfWeek>"
                           "<t:FirstDayOfWeek>Monday</t:FirstDayOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence>"
                           "<t:StartDate>2026-03-17</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences>"
                           "</t:NumberedRecurrence></t:Recurrence>",
                           "2026-03-17T08:00:00Z", "W. Europe Standard Time");
    // Europe/Berlin goes to CEST on 2026-03-29.
    CHECK(got == std::vector<std::string>{"2026-03-17T08:00:00Z", "2026-03-24T08:00:00Z", "2026-03-31T07:00:00Z"});
}

TEST_CASE("EWS stand-in recurrence: every pattern kind", "[ews_standin]") {
    const std::string numbered = "<t:NumberedRecurrence><t:StartDate>2026-01-01</t:StartDate><t:NumberOfOccurrences>3"
                                 "</t:NumberOfOccurrences></t:NumberedRecurrence>";
    CHECK(expand_text("<t:Recurrence><t:DailyRecurrence><t:Interval>2</t:Interval></t:DailyRecurrence>" + numbered + "</t:Recurrence>",
                      "2026-01-01T10:00:00Z", "UTC") ==
          std::vector<std::string>{"2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z", "2026-01-05T10:00:00Z"});
    // Day 31 in a shorter month falls on its last day.
    CHECK(expand_text("<t:Recurrence><t:AbsoluteMonthlyRecurrence><t:Interval>1</t:Interval><t:DayOfMonth>31</t:DayOfMonth>"
                      "</t:AbsoluteMonthlyRecurrence>" + numbered + "</t:Recurrence>",
                      "2026-01-31T10:00:00Z", "UTC") ==
          std::vector<std::string>{"2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z", "2026-03-31T10:00:00Z"});
    CHECK(expand_text("<t:Recurrence><t:RelativeMonthlyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Friday</t:DaysOfWeek>"
                      "<t:DayOfWeekIndex>Last</t:DayOfWeekIndex></t:RelativeMonthlyRecurrence>" + numbered + "</t:Recurrence>",
                      "2026-01-30T10:00:00Z", "UTC") ==
          std::vector<std::string>{"2026-01-30T10:00:00Z", "2026-02-27T10:00:00Z", "2026-03-27T10:00:00Z"});
    CHECK(expand_text("<t:Recurrence><t:RelativeMonthlyRecurrence><t:Interval>2</t:Interval><t:DaysOfWeek>Weekday</t:DaysOfWeek>"
                      "<t:DayOfWeekIndex>Second</t:DayOfWeekIndex></t:RelativeMonthlyRecurrence>" + numbered + "</t:Recurrence>",
                      "2026-01-02T10:00:00Z", "UTC") ==
          std::vector<std::string>{"2026-01-02T10:00:00Z", "2026-03-03T10:00:00Z", "2026-05-04T10:00:00Z"});
    CHECK(expand_text("<t:Recurrence><t:AbsoluteYearlyRecurrence><t:DayOfMonth>29</t:DayOfMonth><t:Month>February</t:Month>"
                      "</t:AbsoluteYearlyRecurrence>" + numbered + "</t:Recurrence>",
                      "2026-02-28T10:00:00Z", "UTC") ==
          std::vector<std::string>{"2026-02-28T10:00:00Z", "2027-02-28T10:00:00Z", "2028-02-29T10:00:00Z"});
    CHECK(expand_text("<t:Recurrence><t:RelativeYearlyRecurrence><t:DaysOfWeek>Thursday</t:DaysOfWeek>"
                      "<t:DayOfWeekIndex>Fourth</t:DayOfWeekIndex><t:Month>November</t:Month></t:RelativeYearlyRecurrence>" +
                          numbered + "</t:Recurrence>",
                      "2026-11-26T17:00:00Z", "UTC") ==
          std::vector<std::string>{"2026-11-26T17:00:00Z", "2027-11-25T17:00:00Z", "2028-11-23T17:00:00Z"});
    // EndDate is inclusive; NoEnd stops where the caller says.
    CHECK(expand_text("<t:Recurrence><t:WeeklyRecurrence><t:Interval>2</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek>"
                      "<t:FirstDayOfWeek>Sunday</t:FirstDayOfWeek></t:WeeklyRecurrence><t:EndDateRecurrence>"
                      "<t:StartDate>2026-01-05</t:StartDate><t:EndDate>2026-01-19</t:EndDate></t:EndDateRecurrence></t:Recurrence>",
                      "2026-01-05T10:00:00Z", "UTC") ==
          std::vector<std::string>{"2026-01-05T10:00:00Z", "2026-01-07T10:00:00Z", "2026-01-19T10:00:00Z"});
    CHECK(expand_text("<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NoEndRecurrence>"
                      "<t:StartDate>2026-01-01</t:StartDate></t:NoEndRecurrence></t:Recurrence>",
                      "2026-01-01T10:00:00Z", "UTC", 4).size() == 4);
}

TEST_CASE("EWS stand-in: occurrences, exceptions and deleted occurrences of a series", "[ews_standin]") {
    auto s = start_standin();
    auto created = create(*s, "<t:Subject>Weekly</t:Subject><t:Start>2026-03-03T09:00:00+01:00</t:Start>"
                              "<t:End>2026-03-03T09:30:00+01:00</t:End><t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval>"
                              "<t:DaysOfWeek>Tuesday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence>"
                              "<t:StartDate>2026-03-03</t:StartDate><t:NumberOfOccurrences>5</t:NumberOfOccurrences>"
                              "</t:NumberedRecurrence></t:Recurrence><t:StartTimeZone Id=\"W. Europe Standard Time\"/>");
    REQUIRE(created.code() == "NoError");
    const std::string master = first_item(created).child("t:ItemId").attribute("Id").value();
    auto occ = [&](int i) {
        return "<t:OccurrenceItemId RecurringMasterId=\"" + master + "\" InstanceIndex=\"" + std::to_string(i) + "\"/>";
    };

    auto second = soap(*s, get_item_body(occ(2)));
    REQUIRE(second.code() == "NoError");
    auto o2 = first_item(second);
    CHECK(std::string(o2.child_value("t:CalendarItemType")) == "Occurrence");
    CHECK(std::string(o2.child_value("t:Start")) == "2026-03-10T08:00:00Z");
    CHECK(std::string(o2.child("t:ItemId").attribute("Id").value()) != master);
    CHECK_FALSE(o2.child("t:Recurrence"));

    // The occurrence's PidLidGlobalObjectId carries its instance date (MS-OXOCAL 2.2.1.27) and
    // still gives the series' UID (MS-OXCICAL 2.1.3.1.1.20.26).
    auto goid = first_item(soap(*s, get_item_body(occ(2), "IdOnly",
                                                  "<t:AdditionalProperties><t:FieldURI FieldURI=\"calendar:UID\"/>"
                                                  "<t:ExtendedFieldURI PropertySetId=\"6ED8DA90-450B-101B-98DA-00AA003F1305\" "
                                                  "PropertyId=\"3\" PropertyType=\"Binary\"/></t:AdditionalProperties>")));
    auto bytes = calbridge::auth::base64_decode(goid.child("t:ExtendedProperty").child_value("t:Value"));
    REQUIRE(bytes);
    REQUIRE(bytes->size() > 20);
    CHECK(static_cast<unsigned char>((*bytes)[16]) * 256 + static_cast<unsigned char>((*bytes)[17]) == 2026);
    CHECK((*bytes)[18] == 3);
    CHECK((*bytes)[19] == 10);
    CHECK(calbridge::mapi::uid_from_global_object_id(std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size())) ==
          std::string(goid.child_value("t:UID")));

    // Moving occurrence 2 makes it an exception; the update answers the occurrence's own id.
    auto moved = soap(*s, "<m:UpdateItem ConflictResolution=\"AutoResolve\" SendMeetingInvitationsOrCancellations=\"SendToNone\">"
                          "<m:ItemChanges><t:ItemChange>" + item_id(o2) + "<t:Updates>"
                          "<t:SetItemField><t:FieldURI FieldURI=\"calendar:Start\"/><t:CalendarItem><t:Start>2026-03-10T14:00:00Z</t:Start>"
                          "</t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI=\"calendar:End\"/><t:CalendarItem>"
                          "<t:End>2026-03-10T15:00:00Z</t:End></t:CalendarItem></t:SetItemField>"
                          "<t:SetItemField><t:FieldURI FieldURI=\"item:Subject\"/><t:CalendarItem><t:Subject>Weekly (moved)</t:Subject>"
                          "</t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>");
    REQUIRE(moved.code() == "NoError");
    const std::string exception_id = first_item(moved).child("t:ItemId").attribute("Id").value();
    CHECK(exception_id == o2.child("t:ItemId").attribute("Id").value());

    auto del = soap(*s, "<m:DeleteItem DeleteType=\"HardDelete\" SendMeetingCancellations=\"SendToNone\"><m:ItemIds>" + occ(3) +
                            "</m:ItemIds></m:DeleteItem>");
    REQUIRE(del.code() == "NoError");
    CHECK(soap(*s, get_item_body(occ(3))).code() == "ErrorCalendarOccurrenceIsDeletedFromRecurrence");
    CHECK(soap(*s, get_item_body(occ(6))).code() == "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange");

    auto m = first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + master + "\"/>")));
    CHECK(std::string(m.child_value("t:CalendarItemType")) == "RecurringMaster");
    auto modified = m.child("t:ModifiedOccurrences").child("t:Occurrence");
    CHECK(std::string(modified.child("t:ItemId").attribute("Id").value()) == exception_id);
    CHECK(std::string(modified.child_value("t:Start")) == "2026-03-10T14:00:00Z");
    CHECK(std::string(modified.child_value("t:OriginalStart")) == "2026-03-10T08:00:00Z");
    CHECK(std::string(m.child("t:DeletedOccurrences").child("t:DeletedOccurrence").child_value("t:Start")) == "2026-03-17T08:00:00Z");
    CHECK(std::string(m.child("t:FirstOccurrence").child_value("t:Start")) == "2026-03-03T08:00:00Z");
    CHECK(std::string(m.child("t:LastOccurrence").child_value("t:Start")) == "2026-03-31T07:00:00Z");

    // RecurringMasterItemId from an occurrence's id leads back to the master.
    auto via = first_item(soap(*s, get_item_body("<t:RecurringMasterItemId OccurrenceId=\"" + exception_id + "\"/>")));
    CHECK(std::string(via.child("t:ItemId").attribute("Id").value()) == master);

    auto ex = first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + exception_id + "\"/>")));
    CHECK(std::string(ex.child_value("t:CalendarItemType")) == "Exception");
    CHECK(std::string(ex.child_value("t:Subject")) == "Weekly (moved)");

    auto view = soap(*s, "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>"
                         "<t:FieldURI FieldURI=\"item:Subject\"/><t:FieldURI FieldURI=\"calendar:Start\"/>"
                         "<t:FieldURI FieldURI=\"calendar:CalendarItemType\"/></t:AdditionalProperties></m:ItemShape>"
                         "<m:CalendarView StartDate=\"2026-03-01T00:00:00Z\" EndDate=\"2026-04-01T00:00:00Z\"/>"
                         "<m:ParentFolderIds>" + calendar() + "</m:ParentFolderIds></m:FindItem>");
    REQUIRE(view.code() == "NoError");
    std::vector<std::string> seen;
    for (auto i : view.message().child("m:RootFolder").child("t:Items").children())
        seen.push_back(std::string(i.child_value("t:Start")) + " " + i.child_value("t:CalendarItemType"));
    CHECK(seen == std::vector<std::string>{"2026-03-03T08:00:00Z Occurrence", "2026-03-10T14:00:00Z Exception",
                                           "2026-03-24T08:00:00Z Occurrence", "2026-03-31T07:00:00Z Occurrence"});
    // Deleting the exception by its own ItemId deletes that occurrence.
    REQUIRE(soap(*s, "<m:DeleteItem DeleteType=\"HardDelete\"><m:ItemIds><t:ItemId Id=\"" + exception_id +
                         "\"/></m:ItemIds></m:DeleteItem>").code() == "NoError");
    auto after = first_item(soap(*s, get_item_body("<t:ItemId Id=\"" + master + "\"/>")));
    CHECK_FALSE(after.child("t:ModifiedOccurrences"));
    CHECK(std::distance(after.child("t:DeletedOccurrences").children().begin(), after.child("t:DeletedOccurrences").children().end()) == 2);
    // Without a CalendarView, FindItem lists the master once.
    auto all = soap(*s, "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>"
                        "<m:IndexedPageItemView MaxEntriesReturned=\"100\" Offset=\"0\" BasePoint=\"Beginning\"/>"
                        "<m:ParentFolderIds>" + calendar() + "</m:ParentFolderIds></m:FindItem>");
    CHECK(all.message().child("m:RootFolder").attribute("TotalItemsInView").as_int() == 1);
    require_all_valid(*s);
}
