// validate_calendar_object: real client bodies accepted (Thunderbird, Apple Calendar, DAVx5,
// calbridge's own Outlook conversion), and each RFC 4791 5.3.2.1 precondition refused with
// its element name.
#include "calendar_test_support.h"
#include "unit/conversion/conversion_support.h"

using namespace caltest;

namespace {

const std::string kThunderbird = crlf(
    "BEGIN:VCALENDAR\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\nVERSION:2.0\n"
    "BEGIN:VTIMEZONE\nTZID:Europe/Berlin\nX-LIC-LOCATION:Europe/Berlin\n"
    "BEGIN:DAYLIGHT\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nDTSTART:19700329T020000\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\n"
    "BEGIN:STANDARD\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nDTSTART:19701025T030000\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\nEND:VTIMEZONE\n"
    "BEGIN:VEVENT\nCREATED:20240105T101010Z\nLAST-MODIFIED:20240105T101050Z\nDTSTAMP:20240105T101050Z\n"
    "UID:6b0d1a2e-4b8f-4b7e-9b1f-2f0c3a4d5e6f\nSUMMARY:Zahnarzt\n"
    "ORGANIZER;CN=Alice:mailto:alice@example.org\n"
    "ATTENDEE;CN=Bob;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@example.org\n"
    "DTSTART;TZID=Europe/Berlin:20240110T090000\nDTEND;TZID=Europe/Berlin:20240110T100000\n"
    "TRANSP:OPAQUE\nX-MOZ-SEND-INVITATIONS:TRUE\nX-MOZ-SEND-INVITATIONS-UNDISCLOSED:FALSE\nSEQUENCE:0\n"
    "X-MOZ-GENERATION:1\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DURATION:-PT15M\n"
    "DESCRIPTION:Default Mozilla Description\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n");

const std::string kApple = crlf(
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Apple Inc.//macOS 14.2//EN\nCALSCALE:GREGORIAN\n"
    "BEGIN:VTIMEZONE\nTZID:America/New_York\nBEGIN:DAYLIGHT\nTZOFFSETFROM:-0500\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\nDTSTART:20070311T020000\nTZNAME:EDT\nTZOFFSETTO:-0400\n"
    "END:DAYLIGHT\nBEGIN:STANDARD\nTZOFFSETFROM:-0400\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n"
    "DTSTART:20071104T020000\nTZNAME:EST\nTZOFFSETTO:-0500\nEND:STANDARD\nEND:VTIMEZONE\n"
    "BEGIN:VEVENT\nTRANSP:OPAQUE\nDTEND;TZID=America/New_York:20240112T110000\n"
    "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\nUID:0E1F2A3B-4C5D-6E7F-8091-A2B3C4D5E6F7\n"
    "DTSTAMP:20240108T150000Z\nLOCATION:Apple Park\n"
    "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS=\"One Apple Park Way, Cupertino, CA 95014\";\n"
    " X-APPLE-RADIUS=100;X-TITLE=Apple Park:geo:37.334900,-122.009020\n"
    "SEQUENCE:1\nCATEGORIES:Work,Planning\nSUMMARY:Planning\nLAST-MODIFIED:20240108T150000Z\n"
    "CREATED:20240108T145900Z\nDTSTART;TZID=America/New_York:20240112T100000\n"
    "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR\n"
    "BEGIN:VALARM\nX-WR-ALARMUID:1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809\nUID:1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809\n"
    "TRIGGER:-PT30M\nATTACH;VALUE=URI:Chord\nACTION:AUDIO\nX-APPLE-DEFAULT-ALARM:TRUE\n"
    "ACKNOWLEDGED:20240108T150000Z\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n");

const std::string kDavx5Todo = crlf(
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:DAVx5/4.3.11-ose ical4j/3.2.14 (org.tasks)\n"
    "BEGIN:VTODO\nDTSTAMP:20240109T120000Z\nUID:2712304538512318452\nCREATED:20240109T115959Z\n"
    "LAST-MODIFIED:20240109T120000Z\nSUMMARY:Milch kaufen\nPRIORITY:9\nSTATUS:NEEDS-ACTION\n"
    "DUE;VALUE=DATE:20240111\nX-APPLE-SORT-ORDER:726505200\nRELATED-TO;RELTYPE=PARENT:other-uid\n"
    "END:VTODO\nEND:VCALENDAR\n");

ValidationResult validate(const std::string& body, const ValidationOptions& o = {}) { return validate_calendar_object(body, o); }

void require_rejected(const std::string& body, CalendarPrecondition p, const std::string& needle,
                      const ValidationOptions& o = {}) {
    const auto r = validate(body, o);
    INFO(body);
    REQUIRE_FALSE(r);
    INFO(r.error.message);
    CHECK(r.error.precondition == p);
    CHECK(r.error.message.find(needle) != std::string::npos);
}

const std::string kEvent = "BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDTEND:20240110T110000Z\nEND:VEVENT\n";

}  // namespace

TEST_CASE("client bodies are accepted with uid, component and spans", "[calendar][validation]") {
    SECTION("Thunderbird") {
        const auto r = validate(kThunderbird);
        INFO(r.error.message);
        REQUIRE(r);
        CHECK(r.object->uid == "6b0d1a2e-4b8f-4b7e-9b1f-2f0c3a4d5e6f");
        CHECK(r.object->component == "VEVENT");
        REQUIRE(r.object->spans.size() == 1);
        CHECK(r.object->spans[0].start == utc(2024, 1, 10, 8));
        CHECK(r.object->spans[0].end == utc(2024, 1, 10, 9));
        CHECK_FALSE(r.object->spans[0].open);
    }
    SECTION("Apple Calendar: X-APPLE-*, VALARM with UID, no-PRODID-check, biweekly Fridays") {
        const auto r = validate(kApple);
        INFO(r.error.message);
        REQUIRE(r);
        CHECK(r.object->component == "VEVENT");
        REQUIRE(r.object->spans.size() == kIndexedInstances + 1);
        CHECK(r.object->spans[0].start == utc(2024, 1, 12, 15));
        CHECK(r.object->spans[1].start == utc(2024, 1, 26, 15));
        CHECK(r.object->spans.back().open);
    }
    SECTION("DAVx5 task with a DATE DUE and no VTIMEZONE") {
        const auto r = validate(kDavx5Todo);
        INFO(r.error.message);
        REQUIRE(r);
        CHECK(r.object->component == "VTODO");
        REQUIRE(r.object->spans.size() == 1);
        CHECK(r.object->spans[0].open);   // a DATE is floating: widened without a zone
        CHECK(r.object->spans[0].end == utc(2024, 1, 11) + 14 * 3600 + 1);
    }
    SECTION("no PRODID, LF line endings and a byte order mark") {
        const auto r = validate("\xEF\xBB\xBF" "BEGIN:VCALENDAR\nVERSION:2.0\n" + kEvent + "END:VCALENDAR\n");
        INFO(r.error.message);
        CHECK(r);
    }
    SECTION("a property name libical does not know (RFC 5545 iana-prop) is ignored, not refused") {
        const auto r = validate(vcal("BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\n"
                                     "CONFERENCE-ROOM-HINT:3rd floor\nEND:VEVENT\n"));
        INFO(r.error.message);
        CHECK(r);
    }
    SECTION("an override alone (no master), as invitations to one instance arrive") {
        const auto r = validate(vcal("BEGIN:VEVENT\nUID:s\nDTSTAMP:20240101T000000Z\nRECURRENCE-ID:20240110T100000Z\n"
                                     "DTSTART:20240110T120000Z\nDURATION:PT1H\nEND:VEVENT\n"));
        INFO(r.error.message);
        CHECK(r);
    }
}

TEST_CASE("calbridge's own Outlook conversion validates and expands as Outlook stored it", "[calendar][validation][outlook]") {
    using namespace conv;
    using namespace calbridge::testing::recur;
    // Every Tuesday 10:00-11:00 Pacific, 6 times from 2021-03-02; 03-16 deleted; 03-23 moved to
    // 03-24 14:00 (the case of tests/unit/conversion/test_series_exceptions.cpp).
    auto p = weekly_pattern({2021, 3, 2}, day_bit::Tuesday, 1);
    end_after_occurrences(p, 6, {2021, 4, 6});
    p.deleted_instance_dates = {minutes(2021, 3, 16), minutes(2021, 3, 23)};
    p.modified_instance_dates = {minutes(2021, 3, 24)};
    calbridge::mapi::AppointmentRecurrence r;
    r.pattern = p;
    r.start_time_offset = 600;
    r.end_time_offset = 660;
    calbridge::mapi::ExceptionInfo moved;
    moved.original_start = minutes(2021, 3, 23, 10);
    moved.start = minutes(2021, 3, 24, 14);
    moved.end = minutes(2021, 3, 24, 15);
    r.exceptions = {moved};
    Message m = appointment("Weekly review", conv::utc(2021, 3, 2, 18), conv::utc(2021, 3, 2, 19));
    make_recurring(m, r);
    auto c = convert(m);
    const auto v = validate(c->text);
    INFO(c->text << v.error.message);
    REQUIRE(v);
    std::vector<std::int64_t> starts;
    for (const auto& s : v.object->spans) starts.push_back(s.start);
    // 03-02 and 03-09 in PST (18:00Z), DST from 03-14: 03-30 and 04-06 at 17:00Z; 03-24 14:00 PDT.
    CHECK(starts == std::vector<std::int64_t>{caltest::utc(2021, 3, 2, 18), caltest::utc(2021, 3, 9, 18),
                                              caltest::utc(2021, 3, 24, 21), caltest::utc(2021, 3, 30, 17),
                                              caltest::utc(2021, 4, 6, 17)});
}

TEST_CASE("each precondition is refused with its element", "[calendar][validation]") {
    using P = CalendarPrecondition;
    require_rejected("hello world", P::valid_calendar_data, "BEGIN:VCALENDAR");
    require_rejected("", P::valid_calendar_data, "empty");
    require_rejected(vcal("BEGIN:VEVENT\nUID:e1\nSUMMARY:caf\xC3\n" "DTSTART:20240110T100000Z\nEND:VEVENT\n"),
                     P::valid_calendar_data, "UTF-8");
    require_rejected(crlf("BEGIN:VCALENDAR\nPRODID:x\n" + kEvent + "END:VCALENDAR\n"), P::valid_calendar_data, "VERSION");
    require_rejected(vcal(""), P::valid_calendar_data, "no component");
    require_rejected(vcal("BEGIN:VEVENT\nUID:e1\nDTSTART:20240110T100000Z\n"), P::valid_calendar_data, "END");
    require_rejected(vcal("BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nDTSTART:notadate\nEND:VEVENT\n"),
                     P::valid_calendar_data, "VEVENT");
    require_rejected(vcal(kEvent) + vcal(kEvent), P::valid_calendar_data, "more than one VCALENDAR");
    require_rejected(crlf("BEGIN:VCALENDAR\nVERSION:2.0\nMETHOD:REQUEST\n" + kEvent + "END:VCALENDAR\n"),
                     P::valid_calendar_object_resource, "METHOD");
    require_rejected(vcal(kEvent + "BEGIN:VEVENT\nUID:e2\nDTSTAMP:20240101T000000Z\nDTSTART:20240111T100000Z\nEND:VEVENT\n"),
                     P::valid_calendar_object_resource, "UID e2");
    require_rejected(vcal(kEvent + "BEGIN:VEVENT\nUID:other\nDTSTAMP:20240101T000000Z\nRECURRENCE-ID:20240110T100000Z\n"
                                   "DTSTART:20240111T100000Z\nEND:VEVENT\n"),
                     P::valid_calendar_object_resource, "UID other");
    require_rejected(vcal(kEvent + kEvent), P::valid_calendar_object_resource, "second component without RECURRENCE-ID");
    require_rejected(vcal(kEvent + "BEGIN:VTODO\nUID:e1\nDTSTAMP:20240101T000000Z\nEND:VTODO\n"),
                     P::valid_calendar_object_resource, "mixed");
    require_rejected(vcal("BEGIN:VEVENT\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nEND:VEVENT\n"),
                     P::valid_calendar_object_resource, "UID is missing");
    require_rejected(vcal("BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nSUMMARY:x\nEND:VEVENT\n"),
                     P::valid_calendar_object_resource, "DTSTART is missing");
    require_rejected(vcal("BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDTEND:20240110T090000Z\nEND:VEVENT\n"),
                     P::valid_calendar_data, "DTEND is before DTSTART");
    require_rejected(vcal("BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDTEND:20240110T110000Z\n"
                          "DURATION:PT1H\nEND:VEVENT\n"),
                     P::valid_calendar_data, "both DTEND and DURATION");
    require_rejected(vcal("BEGIN:VTODO\nUID:t\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDUE:20240109T100000Z\nEND:VTODO\n"),
                     P::valid_calendar_data, "DUE is before DTSTART");
    require_rejected(vcal("BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nRECURRENCE-ID:20240110T100000Z\nEND:VEVENT\n"
                          "BEGIN:VEVENT\nUID:e1\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nRECURRENCE-ID:20240110T100000Z\nEND:VEVENT\n"),
                     P::valid_calendar_object_resource, "RECURRENCE-ID repeated");

    ValidationOptions events_only;
    events_only.supported_components = {"VEVENT"};
    require_rejected(kDavx5Todo, P::supported_calendar_component, "VTODO", events_only);
    CHECK(validate(kThunderbird, events_only));

    ValidationOptions small;
    small.max_resource_size = 100;
    require_rejected(kThunderbird, P::max_resource_size, "more than 100", small);
    CHECK(std::string(element_name(P::valid_calendar_object_resource)) == "valid-calendar-object-resource");
    CHECK(std::string(element_name(P::max_resource_size)) == "max-resource-size");
}
