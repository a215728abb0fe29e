// Issue 5's round trip on the fixture OST: every calendar item goes PST -> iCalendar (the
// gateway's form) -> EWS CreateItem XML (direction B) -> what GetItem would return for it
// (ews_convert_support.h: ItemId, IsMeeting, Organizer = the mailbox owner, occurrences) ->
// mapi::Appointment (direction A) -> iCalendar, and the two iCalendar objects are compared
// after normalisation. Prints how many survive unchanged and every remaining difference.
#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "converters/ews/calendar_item_reader.h"
#include "converters/ews/calendar_item_writer.h"
#include "converters/mapi/appointment/appointment.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "converters/pst/pst_file.h"
#include "ews_convert_support.h"
#include "ews_standin/schema_validator.h"

using namespace calbridge;

namespace {

struct Original {
    std::string origin, ics;
    std::optional<mapi::Person> organizer;
};

std::vector<Original> fixture_objects() {
    std::vector<Original> out;
    std::vector<pst::ReadProblem> problems;
    auto file = pst::PstFile::open(std::string(CALBRIDGE_TEST_DATA) + "/outlook-com-calendar.ost");
    mapi::AppointmentReader reader;
    for (const pst::CalendarFolder& folder : file->calendar_folders(problems))
        file->for_each_item(
            folder,
            [&](mapi::Message&& message) {
                mapi::Diagnostics diag(message.origin);
                try {
                    mapi::Appointment a = reader.read(message, diag);
                    Original o{message.origin, ical::to_ics(mapi::to_vcalendar(mapi::appointment_to_ical(a, diag)).get()), {}};
                    if (a.organizer && (a.is_meeting || !a.attendees.empty())) o.organizer = a.organizer;
                    out.push_back(std::move(o));
                } catch (const std::exception&) {
                    // items the PST path rejects are the fixture tests' business
                }
                return true;
            },
            problems);
    return out;
}

const ews_standin::EwsSchema& schema() {
    static const ews_standin::EwsSchema compiled(std::string(CALBRIDGE_TEST_DATA) + "/ews/schema/soap-envelope-wrapper.xsd");
    return compiled;
}

// The property a difference line is about: "master|DTSTART:..." -> "DTSTART".
std::string property_of(const std::string& line) {
    const auto bar = line.find('|');
    std::string rest = line.substr(bar + 1);
    if (rest.rfind("VALARM|", 0) == 0) return "VALARM";
    return rest.substr(0, rest.find_first_of(";:"));
}

}  // namespace

TEST_CASE("round trip of every fixture item: PST -> iCalendar -> EWS -> iCalendar", "[ews_convert][round_trip][fixture]") {
    const auto originals = fixture_objects();
    REQUIRE(originals.size() > 10);

    // The mailbox owner: the account the OST belongs to (tests/data/README.md: pst-extractor's
    // pstextractortest@outlook.com.ost). Exchange makes the owner the organizer of whatever
    // CreateItem stores; the name is the one the OST itself records for that address.
    const std::string owner_address = "pstextractortest@outlook.com";
    mapi::Person owner{owner_address, owner_address};
    for (const auto& o : originals)
        if (o.organizer && o.organizer->email == owner_address) owner = *o.organizer;

    int unchanged = 0, validated = 0;
    // What the fixture exercises, so a fixture without series or zones cannot pass silently.
    int recurring = 0, with_overrides = 0, with_exdates = 0, all_day = 0, meetings = 0, zoned = 0;
    std::map<std::string, int> differing_properties;  // property -> items
    std::string report;
    for (const auto& original : originals) {
        INFO(original.origin);
        mapi::Diagnostics diag(original.origin);
        ews::EwsCalendarItem item;
        REQUIRE_NOTHROW(item = ews::calendar_item_from_ical(original.ics, diag));
        const auto v = schema().validate(ews_test::create_item_envelope(item.item_xml));
        CHECK(v.valid);
        validated += v.valid ? 1 : 0;
        CHECK(schema().validate(ews_test::update_item_envelope(item.updates)).valid);
        for (const auto& o : item.overrides) CHECK(schema().validate(ews_test::update_item_envelope(o.updates, o.instance_index)).valid);
        for (int index : item.deleted_instance_indexes) CHECK(index > 0);
        for (const auto& o : item.overrides) CHECK(o.instance_index > 0);

        recurring += item.item_xml.find("<t:Recurrence>") != std::string::npos;
        with_overrides += !item.overrides.empty();
        with_exdates += !item.deleted_occurrence_starts_utc.empty();
        all_day += item.item_xml.find("<t:IsAllDayEvent>true") != std::string::npos;
        meetings += item.item_xml.find("Attendees>") != std::string::npos;
        zoned += item.item_xml.find(R"(<t:StartTimeZone Id="UTC"/>)") == std::string::npos;

        ews_test::GetItemResult got;
        ews_test::simulate_get_item(item, owner, got);
        // CreateAttachment with each attachment's XML, then GetAttachment returning it.
        std::vector<mapi::FileAttachment> fetched;
        for (const auto& file : item.attachments) {
            CHECK(schema().validate(ews_test::create_attachment_envelope(file.xml)).valid);
            pugi::xml_document d;
            REQUIRE(d.load_string(file.xml.c_str()));
            fetched.push_back(ews::file_attachment_from_ews(d.document_element()));
        }
        std::string back_ics;
        REQUIRE_NOTHROW(back_ics = ews::ical_from_calendar_item(got.master, got.exceptions, std::move(fetched), diag));
        const auto differences =
            ews_test::diff_lines(ews_test::normalize_ics(original.ics), ews_test::normalize_ics(back_ics));
        if (differences.empty()) {
            ++unchanged;
            continue;
        }
        std::set<std::string> props;
        report += original.origin + "\n";
        for (const auto& d : differences) {
            report += "  " + d.substr(0, 240) + "\n";
            props.insert(property_of(d.substr(2)));
        }
        for (const auto& w : diag.items()) report += "  warning: " + w.message + "\n";
        for (const auto& p : props) ++differing_properties[p];
    }
    std::cout << "EWS round trip of the fixture: " << unchanged << " of " << originals.size()
              << " items unchanged; " << validated << " CreateItem requests valid; " << recurring
              << " recurring (" << with_overrides << " with modified, " << with_exdates
              << " with deleted occurrences), " << all_day << " all-day, " << meetings << " with attendees, " << zoned
              << " in a zone other than UTC\n";
    for (const auto& [p, n] : differing_properties) std::cout << "  " << p << " differs in " << n << " items\n";
    std::cout << report;
    CHECK(validated == static_cast<int>(originals.size()));
    // The one known loss: EWS's Organizer is read-only, so a meeting someone else organized
    // (the Google invitations in this OST) comes back organized by the mailbox owner.
    int foreign_organizer = 0;
    for (const auto& o : originals) foreign_organizer += o.organizer && o.organizer->email != owner_address;
    CHECK(unchanged + foreign_organizer == static_cast<int>(originals.size()));
    for (const auto& [p, n] : differing_properties) CHECK(p == "ORGANIZER");
    CHECK(unchanged > 0);
    CHECK(recurring > 0);
    // The fixture has no modified or deleted occurrences: test_recurrence_round_trip.cpp covers them.
    CHECK(all_day > 0);
    CHECK(meetings > 0);
    CHECK(zoned > 0);
}
