// Direction B: the gateway's iCalendar -> EWS CreateItem/UpdateItem XML. Every piece of XML is
// validated against Microsoft's schema inside a request envelope (tests/ews_standin).
#include <catch2/catch.hpp>

#include <algorithm>

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

std::string problems(const ews_standin::Validation& v) {
    std::string out;
    for (const auto& p : v.problems) out += "line " + std::to_string(p.line) + ": " + p.message + "\n";
    return out;
}

// Validates the CreateItem, the whole-replacement UpdateItem and each occurrence's UpdateItem.
void check_valid(const ews::EwsCalendarItem& item) {
    INFO(item.item_xml);
    const auto created = schema().validate(ews_test::create_item_envelope(item.item_xml));
    INFO(problems(created));
    CHECK(created.valid);
    CHECK(created.body_element == "CreateItem");
    const auto updated = schema().validate(ews_test::update_item_envelope(item.updates));
    INFO(problems(updated));
    CHECK(updated.valid);
    for (const auto& o : item.overrides) {
        const auto occ = schema().validate(ews_test::update_item_envelope(o.updates, o.instance_index));
        INFO(problems(occ));
        CHECK(occ.valid);
    }
}

std::string vcal(const std::string& body, const std::string& zones = {}) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + zones + body + "END:VCALENDAR\r\n";
}

pugi::xml_node parsed(pugi::xml_document& doc, const std::string& xml) {
    REQUIRE(doc.load_string(xml.c_str()));
    return doc.document_element();
}

std::string diag_text(const mapi::Diagnostics& d) {
    std::string s;
    for (const auto& i : d.items()) s += i.message + "\n";
    return s;
}

const char* kBerlin =
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

const char* kMeeting =
    "BEGIN:VEVENT\r\nUID:meeting-1@example.test\r\nDTSTAMP:20240101T000000Z\r\n"
    "SUMMARY:Planning\\, Q3\r\nDESCRIPTION:Line one\\nLine two\r\nLOCATION:Room 4\r\n"
    "DTSTART;TZID=Europe/Berlin:20240702T140000\r\nDTEND;TZID=Europe/Berlin:20240702T153000\r\n"
    "CLASS:CONFIDENTIAL\r\nPRIORITY:9\r\nCATEGORIES:Work\r\nCATEGORIES:Blue\r\nTRANSP:OPAQUE\r\n"
    "X-MICROSOFT-CDO-BUSYSTATUS:OOF\r\n"
    "ORGANIZER;CN=Ada:mailto:ada@example.test\r\n"
    "ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:Bob@Example.test\r\n"
    "ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE:mailto:carol@example.test\r\n"
    "ATTENDEE;CN=Room 1;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:room1@example.test\r\n"
    "ATTENDEE;CN=No Mail;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:invalid:nomail\r\n"
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER;RELATED=START:-PT30M\r\nEND:VALARM\r\n"
    "END:VEVENT\r\n";

}  // namespace

TEST_CASE("B: a single meeting in a named zone, valid for CreateItem and UpdateItem", "[ews_convert][writer]") {
    mapi::Diagnostics diag;
    const auto item = ews::calendar_item_from_ical(vcal(kMeeting, kBerlin), diag);
    INFO(diag_text(diag));
    check_valid(item);
    CHECK(item.uid == "meeting-1@example.test");
    pugi::xml_document doc;
    pugi::xml_node ci = parsed(doc, item.item_xml);
    CHECK(ews::child_text(ci, "Subject") == "Planning, Q3");
    CHECK(ews::child_text(ci, "Body") == "Line one\nLine two");
    CHECK(std::string(ews::child(ci, "Body").attribute("BodyType").value()) == "Text");
    CHECK(ews::child_text(ci, "Start") == "2024-07-02T12:00:00Z");
    CHECK(ews::child_text(ci, "End") == "2024-07-02T13:30:00Z");
    CHECK(std::string(ews::child(ci, "StartTimeZone").attribute("Id").value()) == "W. Europe Standard Time");
    CHECK(ews::child_text(ci, "Sensitivity") == "Confidential");
    CHECK(ews::child_text(ci, "Importance") == "Low");
    CHECK(ews::child_text(ci, "LegacyFreeBusyStatus") == "OOF");
    CHECK(ews::child_text(ci, "ReminderIsSet") == "true");
    CHECK(ews::child_text(ci, "ReminderMinutesBeforeStart") == "30");
    CHECK(ews::children(ews::child(ci, "Categories"), "String").size() == 2);
    CHECK(ews::children(ews::child(ci, "RequiredAttendees"), "Attendee").size() == 2);
    CHECK(ews::children(ews::child(ci, "OptionalAttendees"), "Attendee").size() == 1);
    CHECK(ews::children(ews::child(ci, "Resources"), "Attendee").size() == 1);
    CHECK_FALSE(ews::child(ci, "Organizer"));  // read-only in EWS
    CHECK(item.organizer_email == "ada@example.test");
    CHECK_FALSE(ews::child(ci, "Recurrence"));
    // The update set: every field, deletions for the absent clearable ones (Recurrence).
    bool deletes_recurrence = false;
    for (const auto& u : item.updates) deletes_recurrence = deletes_recurrence || (u.remove && u.field_uri == "calendar:Recurrence");
    CHECK(deletes_recurrence);
    for (const auto& u : item.updates) CHECK(u.field_uri != "calendar:UID");
}

TEST_CASE("B: all-day events take midnights of the mailbox zone", "[ews_convert][writer]") {
    const std::string ev =
        "BEGIN:VEVENT\r\nUID:holiday-1\r\nDTSTAMP:20240101T000000Z\r\nSUMMARY:Holiday\r\n"
        "DTSTART;VALUE=DATE:20241225\r\nDTEND;VALUE=DATE:20241227\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n";
    mapi::Diagnostics diag;
    ews::WriteOptions options;
    options.all_day_time_zone = "Pacific Standard Time";
    const auto item = ews::calendar_item_from_ical(vcal(ev), diag, options);
    check_valid(item);
    pugi::xml_document doc;
    pugi::xml_node ci = parsed(doc, item.item_xml);
    CHECK(ews::child_text(ci, "IsAllDayEvent") == "true");
    CHECK(ews::child_text(ci, "Start") == "2024-12-25T08:00:00Z");
    CHECK(ews::child_text(ci, "End") == "2024-12-27T08:00:00Z");
    CHECK(ews::child_text(ci, "LegacyFreeBusyStatus") == "Free");
    CHECK(std::string(ews::child(ci, "StartTimeZone").attribute("Id").value()) == "Pacific Standard Time");
    CHECK(ews::child_text(ci, "ReminderIsSet") == "false");
}

TEST_CASE("B: UTC, floating and synthetic TZIDs", "[ews_convert][writer]") {
    mapi::Diagnostics diag;
    const std::string utc =
        "BEGIN:VEVENT\r\nUID:u\r\nDTSTART:20240301T100000Z\r\nDTEND:20240301T110000Z\r\nEND:VEVENT\r\n";
    auto item = ews::calendar_item_from_ical(vcal(utc), diag);
    check_valid(item);
    CHECK(item.item_xml.find(R"(<t:StartTimeZone Id="UTC"/>)") != std::string::npos);
    CHECK(diag.empty());

    // calbridge's own synthetic id for a TZREG CLDR could not name, with its VTIMEZONE.
    const std::string zone =
        "BEGIN:VTIMEZONE\r\nTZID:Outlook UTC-0500 DST UTC-0400 M3.2.0/0200 M11.1.0/0200\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:20070311T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\nDTSTART:20071104T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n";
    const std::string ev =
        "BEGIN:VEVENT\r\nUID:s\r\nDTSTART;TZID=Outlook UTC-0500 DST UTC-0400 M3.2.0/0200 M11.1.0/0200:20240301T100000\r\n"
        "DTEND;TZID=Outlook UTC-0500 DST UTC-0400 M3.2.0/0200 M11.1.0/0200:20240301T110000\r\nEND:VEVENT\r\n";
    mapi::Diagnostics diag2;
    item = ews::calendar_item_from_ical(vcal(ev, zone), diag2);
    check_valid(item);
    pugi::xml_document doc;
    pugi::xml_node ci = parsed(doc, item.item_xml);
    // US Eastern rules: several Windows zones share them; the matcher names one of them.
    const std::string id = ews::child(ci, "StartTimeZone").attribute("Id").value();
    CHECK(id != "UTC");
    CHECK(ews::child_text(ci, "Start") == "2024-03-01T15:00:00Z");

    const std::string floating = "BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20240301T100000\r\nEND:VEVENT\r\n";
    mapi::Diagnostics diag3;
    item = ews::calendar_item_from_ical(vcal(floating), diag3);
    check_valid(item);
    CHECK(diag3.items().size() == 1);  // floating written as UTC, said so
}

TEST_CASE("B: garbage and events without DTSTART are refused", "[ews_convert][writer]") {
    mapi::Diagnostics diag;
    CHECK_THROWS_AS(ews::calendar_item_from_ical("not ical", diag), ews::IcalendarError);
    CHECK_THROWS_AS(ews::calendar_item_from_ical(vcal("BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n"), diag),
                    ews::IcalendarError);
}

TEST_CASE("B then A: a single meeting comes back as it went", "[ews_convert][writer][round_trip]") {
    mapi::Diagnostics diag;
    const std::string original = vcal(kMeeting, kBerlin);
    const auto item = ews::calendar_item_from_ical(original, diag);
    ews_test::GetItemResult got;
    ews_test::simulate_get_item(item, mapi::Person{"Ada", "ada@example.test"}, got);
    const mapi::Appointment a = ews::appointment_from_calendar_item(got.master, got.exceptions, diag);
    const std::string back = ical::to_ics(mapi::to_vcalendar(mapi::appointment_to_ical(a, diag)).get());
    const auto differences = ews_test::diff_lines(ews_test::normalize_ics(original), ews_test::normalize_ics(back));
    std::string listed;
    for (const auto& d : differences) listed += d + "\n";
    INFO(listed);
    // What the original lacks and the gateway always writes (X-MICROSOFT-CDO-*, DESCRIPTION
    // of the alarm) may be added; nothing of the original may be lost or changed.
    for (const auto& d : differences) CHECK(d.rfind("+ ", 0) == 0);
}

TEST_CASE("B: HTML bodies, Personal, CDO importance, DURATION, attachments, intended status", "[ews_convert][writer]") {
    const std::string ev =
        "BEGIN:VEVENT\r\nUID:rich-1\r\nDTSTAMP:20240101T000000Z\r\nSUMMARY:Rich\r\n"
        "DESCRIPTION:Agenda\r\nX-ALT-DESC;FMTTYPE=text/html:<p>Agenda</p>\r\n"
        "CLASS:X-PERSONAL\r\nPRIORITY:9\r\nX-MICROSOFT-CDO-IMPORTANCE:2\r\n"
        "DTSTART:20240301T100000Z\r\nDURATION:PT45M\r\n"
        "X-MICROSOFT-CDO-INTENDEDSTATUS:FREE\r\n"
        "ATTACH;ENCODING=BASE64;VALUE=BINARY;FMTTYPE=text/plain;X-FILENAME=notes.txt:aGVsbG8=\r\n"
        "ATTACH:https://example.test/agenda.pdf\r\n"
        "END:VEVENT\r\n";
    mapi::Diagnostics diag;
    const auto item = ews::calendar_item_from_ical(vcal(ev), diag);
    check_valid(item);
    pugi::xml_document doc;
    pugi::xml_node ci = parsed(doc, item.item_xml);
    CHECK(std::string(ews::child(ci, "Body").attribute("BodyType").value()) == "HTML");
    CHECK(ews::child_text(ci, "Body") == "<p>Agenda</p>");
    CHECK(ews::child_text(ci, "Sensitivity") == "Personal");
    CHECK(ews::child_text(ci, "Importance") == "High");  // the CDO property wins over PRIORITY
    CHECK(ews::child_text(ci, "End") == "2024-03-01T10:45:00Z");
    pugi::xml_node ext = ews::child(ci, "ExtendedProperty");
    REQUIRE(ext);
    CHECK(std::string(ews::child(ext, "ExtendedFieldURI").attribute("PropertyId").value()) == "33316");
    CHECK(ews::child_text(ext, "Value") == "0");
    REQUIRE(item.attachments.size() == 1);
    CHECK(item.attachments[0].name == "notes.txt");
    CHECK(item.attachments[0].content_type == "text/plain");
    CHECK(item.attachments[0].content_base64 == "aGVsbG8=");
    CHECK(schema().validate(ews_test::create_attachment_envelope(item.attachments[0].xml)).valid);
    REQUIRE(diag.items().size() == 1);  // the ATTACH by URI
    CHECK(diag.items()[0].message.find("URI") != std::string::npos);

    // Back through A, with the attachment as GetAttachment returns it.
    ews_test::GetItemResult got;
    ews_test::simulate_get_item(item, std::nullopt, got);
    pugi::xml_document file;
    REQUIRE(file.load_string(item.attachments[0].xml.c_str()));
    std::vector<mapi::FileAttachment> fetched{ews::file_attachment_from_ews(file.document_element())};
    CHECK(fetched[0].data == mapi::Bytes{'h', 'e', 'l', 'l', 'o'});
    const std::string back = ews::ical_from_calendar_item(got.master, got.exceptions, fetched, diag);
    const auto lines = ews_test::normalize_ics(back);
    auto has = [&](const std::string& l) { return std::find(lines.begin(), lines.end(), l) != lines.end(); };
    CHECK(has("master|X-MICROSOFT-CDO-INTENDEDSTATUS:FREE"));
    CHECK(has("master|CLASS:X-PERSONAL"));
    CHECK(has("master|PRIORITY:1"));
    CHECK(has("master|DESCRIPTION:Agenda"));
    CHECK(has("master|DTEND:1709289900 Z"));
}
