// Direction A: EWS CalendarItem (GetItem) -> mapi::Appointment -> iCalendar, on Microsoft's
// documented GetItem responses and synthetic items built in their shape.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "converters/ews/calendar_item_reader.h"
#include "converters/ews/ews_xml.h"
#include "converters/ical/ical_ptr.h"
#include "converters/mapi/appointment/appointment_to_ical.h"

using namespace calbridge;

namespace {

std::string read(const std::string& name) {
    std::ifstream in(std::string(CALBRIDGE_TEST_DATA) + "/ews/samples/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The CalendarItems directly under m:Items (not the ones nested in ConflictingMeetings).
std::vector<pugi::xml_node> items_of(const pugi::xml_document& doc) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node items : ews::descendants(doc, ews::kMessagesNs, "Items"))
        for (pugi::xml_node c : ews::children(items, "CalendarItem")) out.push_back(c);
    return out;
}

// The iCalendar text with folded lines joined (RFC 5545 3.1).
std::string to_ics(const mapi::Appointment& a, mapi::Diagnostics& diag) {
    std::string ics = ical::to_ics(mapi::to_vcalendar(mapi::appointment_to_ical(a, diag)).get());
    for (auto pos = ics.find("\r\n "); pos != std::string::npos; pos = ics.find("\r\n ", pos)) ics.erase(pos, 3);
    return ics;
}

bool has_line(const std::string& ics, const std::string& line) {
    return ics.find("\r\n" + line + "\r\n") != std::string::npos;
}

std::string diag_text(const mapi::Diagnostics& d) {
    std::string s;
    for (const auto& i : d.items()) s += i.message + "\n";
    return s;
}

// The synthetic master with an Exception item for its moved occurrence (2024-03-13 08:00Z
// moved to 10:00Z, new subject, one attendee declined).
const char* kException = R"(<t:CalendarItem xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
  <t:ItemId Id="AAMkADEXC1=" ChangeKey="DwAAABYAAAA2"/>
  <t:Subject>Team stand-up (moved)</t:Subject>
  <t:Sensitivity>Normal</t:Sensitivity>
  <t:UID>040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5DA01000000000000000010000000AABBCCDDEEFF00112233445566778899</t:UID>
  <t:RecurrenceId>2024-03-13T08:00:00Z</t:RecurrenceId>
  <t:Start>2024-03-13T10:00:00Z</t:Start>
  <t:End>2024-03-13T10:30:00Z</t:End>
  <t:OriginalStart>2024-03-13T08:00:00Z</t:OriginalStart>
  <t:IsAllDayEvent>false</t:IsAllDayEvent>
  <t:LegacyFreeBusyStatus>Busy</t:LegacyFreeBusyStatus>
  <t:Location>Room 4.12</t:Location>
  <t:CalendarItemType>Exception</t:CalendarItemType>
</t:CalendarItem>)";

}  // namespace

TEST_CASE("A: GetItem AllProperties (Exchange 2007 shape, zone in t:TimeZone)", "[ews_convert][reader]") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(read("msdocs-GetItem-CalendarItem-AllProperties-response.xml").c_str()));
    auto items = items_of(doc);
    REQUIRE(items.size() == 1);
    mapi::Diagnostics diag;
    const mapi::Appointment a = ews::appointment_from_calendar_item(items[0], {}, diag);
    INFO(diag_text(diag));
    CHECK(a.start_utc == 1150417800);  // 2006-06-16T00:30:00Z
    CHECK(a.end_utc == 1150419600);
    REQUIRE(a.start_zone);
    CHECK(a.start_zone->windows_id() == "Pacific Standard Time");
    CHECK(a.start_zone->tzid() == "America/Los_Angeles");
    CHECK(a.end_zone == a.start_zone);
    CHECK(a.reminder.set);
    CHECK(a.reminder.minutes_before == 15);
    CHECK(a.busy == mapi::BusyStatus::Busy);
    CHECK_FALSE(a.is_meeting);
    REQUIRE(a.organizer);
    CHECK(a.organizer->email == "someone@example.com");
    CHECK(a.created_utc == 1150416761);
    CHECK(a.uid == "ASUAdT");  // no UID in an Exchange 2007 response: the ItemId, with a warning
    CHECK_FALSE(diag.empty());
    const std::string ics = to_ics(a, diag);
    CHECK(has_line(ics, "DTSTART;TZID=America/Los_Angeles:20060615T173000"));
    CHECK(has_line(ics, "DTEND;TZID=America/Los_Angeles:20060615T180000"));
    CHECK(has_line(ics, "BEGIN:VTIMEZONE"));
}

TEST_CASE("A: recurring master with zone, deleted and modified occurrences", "[ews_convert][reader]") {
    pugi::xml_document doc, ex;
    REQUIRE(doc.load_string(read("synthetic-GetItem-RecurringMaster-exceptions-response.xml").c_str()));
    REQUIRE(ex.load_string(kException));
    auto items = items_of(doc);
    REQUIRE(items.size() == 1);
    const pugi::xml_node exceptions[] = {ex.document_element()};
    mapi::Diagnostics diag;
    const mapi::Appointment a = ews::appointment_from_calendar_item(items[0], exceptions, diag);
    INFO(diag_text(diag));
    CHECK(diag.empty());
    REQUIRE(a.start_zone);
    CHECK(a.start_zone->tzid() == "Europe/Berlin");
    CHECK(a.uid == "040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5DA01000000000000000010000000AABBCCDDEEFF00112233445566778899");
    REQUIRE(a.recurrence);
    CHECK(a.recurrence->pattern.pattern_type == mapi::PatternType::Week);
    CHECK(a.recurrence->pattern.day_mask == (mapi::day_bit::Monday | mapi::day_bit::Wednesday));
    CHECK(a.recurrence->start_time_offset == 9 * 60);
    CHECK(a.recurrence->end_time_offset == 9 * 60 + 30);
    REQUIRE(a.deleted_occurrences.size() == 1);
    CHECK(a.deleted_occurrences[0] == mapi::CivilDateTime{2024, 3, 18, 9, 0, 0});
    REQUIRE(a.overrides.size() == 1);
    CHECK(a.overrides[0].original_start_local == mapi::CivilDateTime{2024, 3, 13, 9, 0, 0});
    CHECK(a.overrides[0].start_local == mapi::CivilDateTime{2024, 3, 13, 11, 0, 0});
    CHECK(a.overrides[0].subject == std::optional<std::string>("Team stand-up (moved)"));
    CHECK_FALSE(a.overrides[0].location);  // unchanged

    const std::string ics = to_ics(a, diag);
    INFO(ics);
    // WKST=MO is the RFC 5545 default, which libical leaves out.
    CHECK(has_line(ics, "RRULE:FREQ=WEEKLY;UNTIL=20240424T070000Z;BYDAY=MO,WE"));
    CHECK(has_line(ics, "DTSTART;TZID=Europe/Berlin:20240304T090000"));
    CHECK(has_line(ics, "EXDATE;TZID=Europe/Berlin:20240318T090000"));
    CHECK(has_line(ics, "RECURRENCE-ID;TZID=Europe/Berlin:20240313T090000"));
    CHECK(has_line(ics, "DTSTART;TZID=Europe/Berlin:20240313T110000"));
    CHECK(has_line(ics, "SUMMARY:Team stand-up (moved)"));
    // The expansion libical makes of the result: 15 pattern dates, one deleted.
    auto cal = ical::parse_ics(ics);
    REQUIRE(cal);
}

TEST_CASE("A: a modified occurrence without its exception item keeps its new times", "[ews_convert][reader]") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(read("synthetic-GetItem-RecurringMaster-exceptions-response.xml").c_str()));
    mapi::Diagnostics diag;
    const mapi::Appointment a = ews::appointment_from_calendar_item(items_of(doc)[0], {}, diag);
    REQUIRE(a.overrides.size() == 1);
    CHECK(a.overrides[0].start_local == mapi::CivilDateTime{2024, 3, 13, 11, 0, 0});
    CHECK_FALSE(a.overrides[0].subject);
    REQUIRE(diag.items().size() == 1);
    CHECK(diag.items()[0].message.find("without its exception item") != std::string::npos);
}

TEST_CASE("A: documented RecurringMaster: numbered weekly series without a zone", "[ews_convert][reader]") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string(read("msdocs-GetItem-RecurringMaster-response.xml").c_str()));
    pugi::xml_node item = items_of(doc)[0];
    // The documented response lists no Start/End on the master: GetItem with the default
    // shape; the first occurrence's times stand in here.
    item.insert_child_after("t:Start", ews::child(item, "Subject")).text().set("2014-03-08T21:21:00Z");
    item.insert_child_after("t:End", ews::child(item, "Start")).text().set("2014-03-08T22:21:00Z");
    mapi::Diagnostics diag;
    const mapi::Appointment a = ews::appointment_from_calendar_item(item, {}, diag);
    REQUIRE(a.recurrence);
    CHECK(a.recurrence->pattern.end_type == mapi::EndType::AfterNOccurrences);
    CHECK(a.recurrence->pattern.occurrence_count == 10);
    CHECK_FALSE(a.start_zone);
    const std::string ics = to_ics(a, diag);
    CHECK(has_line(ics, "RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=SA;WKST=SU"));
    CHECK(has_line(ics, "DTSTART:20140308T212100Z"));
    bool warned = false;
    for (const auto& d : diag.items()) warned = warned || d.message.find("no time zone") != std::string::npos;
    CHECK(warned);
}

TEST_CASE("A: namespaces are matched by URI, not prefix", "[ews_convert][reader]") {
    const char* default_ns = R"(<CalendarItem xmlns="http://schemas.microsoft.com/exchange/services/2006/types">
        <Subject>Plain</Subject><UID>u-1</UID><Start>2024-05-01T10:00:00Z</Start><End>2024-05-01T11:00:00Z</End>
        <StartTimeZone Id="Tokyo Standard Time"/></CalendarItem>)";
    pugi::xml_document doc;
    REQUIRE(doc.load_string(default_ns));
    mapi::Diagnostics diag;
    const mapi::Appointment a = ews::appointment_from_calendar_item(doc.document_element(), {}, diag);
    CHECK(a.subject == "Plain");
    CHECK(a.uid == "u-1");
    REQUIRE(a.start_zone);
    CHECK(a.start_zone->tzid() == "Asia/Tokyo");

    const char* other_ns = R"(<t:CalendarItem xmlns:t="urn:not-ews"><t:Start>2024-05-01T10:00:00Z</t:Start></t:CalendarItem>)";
    pugi::xml_document wrong;
    REQUIRE(wrong.load_string(other_ns));
    CHECK_THROWS_AS(ews::appointment_from_calendar_item(wrong.document_element(), {}, diag), ews::CalendarItemError);
}

TEST_CASE("A: attendees, response types, global object id, HTML body, categories", "[ews_convert][reader]") {
    const char* xml = R"(<x:CalendarItem xmlns:x="http://schemas.microsoft.com/exchange/services/2006/types">
      <x:Subject>Review</x:Subject>
      <x:Sensitivity>Private</x:Sensitivity>
      <x:Body BodyType="HTML">&lt;p&gt;Agenda &amp;amp; notes&lt;/p&gt;</x:Body>
      <x:Categories><x:String>Blue</x:String><x:String>Work</x:String></x:Categories>
      <x:Importance>High</x:Importance>
      <x:ReminderIsSet>false</x:ReminderIsSet>
      <x:ExtendedProperty>
        <x:ExtendedFieldURI DistinguishedPropertySetId="Meeting" PropertyId="3" PropertyType="Binary"/>
        <x:Value>BAAAAIIA4AB0xbcQGoLgCAAAAAAAAAAAAAAAAAAAAAAAAAAAIAAAAHZDYWwtVWlkAQAAAGFiYy0xMjNAZXhhbXBsZS5jb20A</x:Value>
      </x:ExtendedProperty>
      <x:UID>ignored-because-goid-wins</x:UID>
      <x:Start>2024-05-01T10:00:00Z</x:Start><x:End>2024-05-01T11:00:00Z</x:End>
      <x:LegacyFreeBusyStatus>Tentative</x:LegacyFreeBusyStatus>
      <x:Location>Lab</x:Location>
      <x:IsMeeting>true</x:IsMeeting>
      <x:Organizer><x:Mailbox><x:Name>Ada</x:Name><x:EmailAddress>ada@example.test</x:EmailAddress><x:RoutingType>SMTP</x:RoutingType></x:Mailbox></x:Organizer>
      <x:RequiredAttendees>
        <x:Attendee><x:Mailbox><x:Name>Bob</x:Name><x:EmailAddress>bob@example.test</x:EmailAddress></x:Mailbox><x:ResponseType>Accept</x:ResponseType></x:Attendee>
        <x:Attendee><x:Mailbox><x:Name>Eve</x:Name><x:EmailAddress>/o=ORG/ou=X/cn=eve</x:EmailAddress><x:RoutingType>EX</x:RoutingType></x:Mailbox><x:ResponseType>Decline</x:ResponseType></x:Attendee>
      </x:RequiredAttendees>
      <x:OptionalAttendees>
        <x:Attendee><x:Mailbox><x:EmailAddress>carol@example.test</x:EmailAddress></x:Mailbox><x:ResponseType>Tentative</x:ResponseType></x:Attendee>
      </x:OptionalAttendees>
      <x:Resources>
        <x:Attendee><x:Mailbox><x:Name>Room 1</x:Name><x:EmailAddress>room1@example.test</x:EmailAddress></x:Mailbox></x:Attendee>
      </x:Resources>
      <x:StartTimeZone Id="UTC"/>
    </x:CalendarItem>)";
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml));
    mapi::Diagnostics diag;
    const mapi::Appointment a = ews::appointment_from_calendar_item(doc.document_element(), {}, diag);
    CHECK(a.uid == "abc-123@example.com");  // the vCal-Uid inside PidLidGlobalObjectId
    CHECK(a.uid_from_global_object_id);
    REQUIRE(a.body.html);
    CHECK(a.body.text == "Agenda & notes");
    CHECK(a.sensitivity == 2);
    CHECK(a.importance == 2);
    CHECK(a.busy == mapi::BusyStatus::Tentative);
    CHECK(a.categories == std::vector<std::string>{"Blue", "Work"});
    REQUIRE(a.attendees.size() == 4);
    CHECK(a.attendees[0].track_status == 3);
    CHECK(a.attendees[1].email.empty());  // EX address: name only, with a warning
    CHECK(a.attendees[2].recipient_type == 2);
    CHECK(a.attendees[3].recipient_type == 3);
    CHECK(diag.items().size() == 1);
    const std::string ics = to_ics(a, diag);
    INFO(ics);
    CHECK(has_line(ics, "DTSTART:20240501T100000Z"));
    CHECK(ics.find("ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:bob@example.test") != std::string::npos);
    CHECK(ics.find("ORGANIZER;CN=Ada:mailto:ada@example.test") != std::string::npos);
    CHECK(ics.find("CUTYPE=RESOURCE") != std::string::npos);
    CHECK(has_line(ics, "CLASS:PRIVATE"));
    CHECK(has_line(ics, "PRIORITY:1"));
}
