// Single appointments end to end: bodies (PidTagBody, PidTagHtml, PidTagRtfCompressed),
// people (MS-OXCICAL 2.1.3.1.1.20.2 ATTENDEE, .20.31 ORGANIZER), and the simple field
// mappings of MS-OXCICAL 2.1.3.1.1.20 (CLASS, PRIORITY, CATEGORIES, VALARM, STATUS).
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "conversion_support.h"

using namespace conv;

namespace {

// 2021-09-01 15:00-16:00 PDT.
Message meeting_at_three(const std::string& subject = "Planning") {
    return appointment(subject, utc(2021, 9, 1, 22), utc(2021, 9, 1, 23));
}

Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }

// An uncompressed PidTagRtfCompressed value (MS-OXRTFCP 2.1.3.1.1): COMPSIZE = size - 4,
// RAWSIZE, COMPTYPE "MELA" (0x414C454D), CRC 0, then the RTF as is.
Bytes mela(const std::string& rtf) {
    Bytes out;
    auto put32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    put32(static_cast<std::uint32_t>(rtf.size() + 12));
    put32(static_cast<std::uint32_t>(rtf.size()));
    put32(0x414C454D);
    put32(0);
    out.insert(out.end(), rtf.begin(), rtf.end());
    return out;
}

Bytes read_fixture(const std::string& name) {
    std::ifstream in(std::string(CALBRIDGE_TEST_DATA) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

std::string description(icalcomponent* ev) {
    icalproperty* p = icalcomponent_get_first_property(ev, ICAL_DESCRIPTION_PROPERTY);
    return p ? icalproperty_get_description(p) : std::string();
}

// X-ALT-DESC's value with the TEXT escapes of RFC 5545 3.3.11 undone.
std::string alt_desc(icalcomponent* ev) {
    auto all = lines(ev, "X-ALT-DESC");
    if (all.empty()) return {};
    std::string v = value_of(all.front()), out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
            char n = v[++i];
            out += (n == 'n' || n == 'N') ? '\n' : n;
        } else {
            out += v[i];
        }
    }
    return out;
}

// The CATEGORIES values, whether written as one list or one property each.
std::set<std::string> categories(icalcomponent* ev) {
    std::set<std::string> out;
    for (const std::string& l : lines(ev, "CATEGORIES")) {
        std::stringstream ss(value_of(l));
        std::string item;
        while (std::getline(ss, item, ',')) out.insert(item);
    }
    return out;
}

}  // namespace

TEST_CASE("bodies: plain, HTML only, compressed RTF only, corrupt RTF", "[conversion][body]") {
    Message m = meeting_at_three();

    SECTION("plain text only: DESCRIPTION, no X-ALT-DESC") {
        m.props.set(mapi::tag::Body, std::string("First line\nSecond line; with a comma, too"));
        auto c = convert(m);
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        CHECK(description(ev) == "First line\nSecond line; with a comma, too");
        CHECK(lines(ev, "X-ALT-DESC").empty());
        CHECK(c->diag.empty());
    }
    SECTION("HTML only (PidTagHtml, code page 65001): its text and X-ALT-DESC;FMTTYPE=text/html") {
        const std::string html =
            "<html><head><title>t</title><style>p {color: red}</style></head>"
            "<body><p>Hello <b>world</b></p><p>Caf\xC3\xA9 at 10</p></body></html>";
        m.props.set(mapi::tag::Html, bytes_of(html));
        m.props.set(mapi::tag::InternetCodepage, std::int32_t{65001});
        auto c = convert(m);
        INFO(c->text);
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        // <title> and <style> are not text; each <p> starts a line (html_text.h).
        CHECK(description(ev) == "Hello world\nCaf\xC3\xA9 at 10");
        auto alt = lines(ev, "X-ALT-DESC");
        REQUIRE(alt.size() == 1);
        CHECK_THAT(alt[0], Catch::StartsWith("X-ALT-DESC;") && Catch::Contains(";FMTTYPE=text/html"));
        CHECK(alt_desc(ev) == html);
        CHECK(c->diag.empty());
    }
    SECTION("HTML in Windows-1252 (PidTagInternetCodepage 1252) is decoded to UTF-8") {
        m.props.set(mapi::tag::Html, bytes_of("<p>Caf\xE9 \x80 5</p>"));
        m.props.set(mapi::tag::InternetCodepage, std::int32_t{1252});
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(description(master(*c)) == "Caf\xC3\xA9 \xE2\x82\xAC 5");
    }
    SECTION("uncompressed RTF (MELA) only: its text") {
        m.props.set(mapi::tag::RtfCompressed,
                    mela("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}"
                         "\\f0\\fs20 Dial-in: 555-0100\\par Agenda follows\\par}"));
        auto c = convert(m);
        INFO(c->text << c->warnings());
        REQUIRE(master(*c));
        CHECK(description(master(*c)) == "Dial-in: 555-0100\nAgenda follows");
        CHECK(lines(master(*c), "X-ALT-DESC").empty());
        CHECK(c->diag.empty());
    }
    SECTION("RTF encapsulating HTML (MS-OXRTFEX \\fromhtml1): the HTML and its text") {
        m.props.set(mapi::tag::RtfCompressed,
                    mela("{\\rtf1\\ansi\\fromhtml1 {\\*\\htmltag19 <html>}{\\*\\htmltag64 <p>}"
                         "Lunch is on us{\\*\\htmltag72 </p>}{\\*\\htmltag27 </html>}}"));
        auto c = convert(m);
        INFO(c->text << c->warnings());
        REQUIRE(master(*c));
        CHECK(description(master(*c)) == "Lunch is on us");
        CHECK(alt_desc(master(*c)) == "<html><p>Lunch is on us</p></html>");
    }
    SECTION("compressed (LZFu) RTF from the Outlook.com OST: its text") {
        m.props.set(mapi::tag::RtfCompressed, read_fixture("rtf-outlook-sync-log.bin"));
        auto c = convert(m);
        INFO(c->warnings());
        REQUIRE(master(*c));
        CHECK_THAT(description(master(*c)), Catch::StartsWith("13:41:51 Synchronizer Version 16.0.4266\n"
                                                              "13:41:51 Synchronizing Mailbox 'Pst Extractor'\n"));
        CHECK(c->diag.empty());
    }
    SECTION("plain text wins over RTF") {
        m.props.set(mapi::tag::Body, std::string("The plain body"));
        m.props.set(mapi::tag::RtfCompressed, mela("{\\rtf1\\ansi The RTF body\\par}"));
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(description(master(*c)) == "The plain body");
    }
    SECTION("corrupt RTF: a warning, no DESCRIPTION, no crash") {
        // "LZFu" whose CRC does not match its contents (MS-OXRTFCP 2.1.3.2).
        Bytes bad = {0x1C, 0, 0, 0, 0x40, 0, 0, 0, 'L', 'Z', 'F', 'u', 0xEF, 0xBE, 0xAD, 0xDE,
                     0x00, '{', '\\', 'r', 't', 'f', '1', ' ', 'x', 0xFF, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05};
        m.props.set(mapi::tag::RtfCompressed, bad);
        auto c = convert(m);
        INFO(c->text);
        REQUIRE(master(*c));
        CHECK(c->warned("PidTagRtfCompressed"));
        CHECK(lines(master(*c), "DESCRIPTION").empty());
        CHECK(one(master(*c), "SUMMARY") == "SUMMARY:Planning");
    }
    SECTION("an RTF stream cut in its header: a warning") {
        m.props.set(mapi::tag::RtfCompressed, Bytes{0x10, 0, 0, 0, 'M', 'E'});
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(c->warned("PidTagRtfCompressed"));
    }
}

TEST_CASE("people: ROLE, CUTYPE and PARTSTAT from the recipient rows, the organizer row", "[conversion][people]") {
    Message m = meeting_at_three("Design review");
    m.props.set(mapi::lid::AppointmentStateFlags, std::int32_t{0x1});  // asfMeeting
    PropertyBag no_smtp;  // an Exchange (EX) address only: no SMTP address to write
    no_smtp.set(mapi::tag::DisplayName, std::string("Nora Nobody"));
    no_smtp.set(mapi::tag::AddressType, std::string("EX"));
    no_smtp.set(mapi::tag::EmailAddress, std::string("/O=EXAMPLE/OU=EXCHANGE/CN=RECIPIENTS/CN=NORA"));
    no_smtp.set(mapi::tag::RecipientType, std::int32_t{1});
    no_smtp.set(mapi::tag::RecipientFlags, std::int32_t{0x1});
    PropertyBag email_only;  // AddressType SMTP, PidTagEmailAddress without PidTagSmtpAddress
    email_only.set(mapi::tag::DisplayName, std::string("Sam Smtp"));
    email_only.set(mapi::tag::AddressType, std::string("SMTP"));
    email_only.set(mapi::tag::EmailAddress, std::string("sam@example.org"));
    email_only.set(mapi::tag::RecipientType, std::int32_t{2});
    m.recipients = {
        recipient("Olivia Organizer", "olivia@example.com", 1, 0, 0x3),  // recipSendable | recipOrganizer
        recipient("Reese Required", "reese@example.com", 1, 3),          // respAccepted
        recipient("Otto Optional", "otto@example.com", 2, 2),            // respTentative
        recipient("Conference Room 4", "room4@example.com", 3, 4),       // resource, respDeclined
        recipient("Nick Noreply", "nick@example.com", 1, 0),             // respNone
        no_smtp,
        email_only,
    };
    auto c = convert(m);
    INFO(c->text << c->warnings());
    icalcomponent* ev = master(*c);
    REQUIRE(ev);

    // Exactly one ORGANIZER, and the organizer is no ATTENDEE.
    const std::string org = one(ev, "ORGANIZER");
    CHECK(value_of(org) == "mailto:olivia@example.com");
    CHECK_THAT(org, Catch::Contains("CN=Olivia Organizer"));
    auto att = lines(ev, "ATTENDEE");
    CHECK(att.size() == 6);
    for (const auto& a : att) CHECK_THAT(a, !Catch::Contains("olivia@example.com"));

    auto find = [&](const std::string& address) -> std::string {
        for (const auto& a : att)
            if (value_of(a) == address) return a;
        return {};
    };
    const std::string reese = find("mailto:reese@example.com");
    CHECK_THAT(reese, Catch::Contains("ROLE=REQ-PARTICIPANT") && Catch::Contains("PARTSTAT=ACCEPTED") &&
                          Catch::Contains("CN=Reese Required") && !Catch::Contains("CUTYPE"));
    const std::string otto = find("mailto:otto@example.com");
    CHECK_THAT(otto, Catch::Contains("ROLE=OPT-PARTICIPANT") && Catch::Contains("PARTSTAT=TENTATIVE"));
    const std::string room = find("mailto:room4@example.com");
    CHECK_THAT(room, Catch::Contains("ROLE=NON-PARTICIPANT") && Catch::Contains("CUTYPE=RESOURCE") &&
                         Catch::Contains("PARTSTAT=DECLINED"));
    const std::string nick = find("mailto:nick@example.com");
    CHECK_THAT(nick, Catch::Contains("ROLE=REQ-PARTICIPANT") && Catch::Contains("PARTSTAT=NEEDS-ACTION"));
    const std::string sam = find("mailto:sam@example.org");
    CHECK_THAT(sam, Catch::Contains("ROLE=OPT-PARTICIPANT") && Catch::Contains("CN=Sam Smtp"));

    const std::string nora = find("invalid:nomail");
    CHECK_THAT(nora, Catch::Contains("CN=Nora Nobody"));
    CHECK_THAT(nora, !Catch::Contains("/O=EXAMPLE"));
    CHECK(c->warned("Nora Nobody"));
    CHECK(c->diag.items().size() == 1);
}

TEST_CASE("a private appointment without attendees has no ORGANIZER", "[conversion][people]") {
    Message m = meeting_at_three("Dentist");
    m.props.set(mapi::tag::SentRepresentingName, std::string("Me"));
    m.props.set(mapi::tag::SentRepresentingSmtpAddress, std::string("me@example.com"));
    auto c = convert(m);
    REQUIRE(master(*c));
    CHECK(lines(master(*c), "ORGANIZER").empty());
    CHECK(lines(master(*c), "ATTENDEE").empty());
}

TEST_CASE("a meeting without an organizer row: ORGANIZER from PidTagSentRepresenting*", "[conversion][people]") {
    Message m = meeting_at_three("Kickoff");
    m.props.set(mapi::lid::AppointmentStateFlags, std::int32_t{0x3});  // asfMeeting | asfReceived
    m.props.set(mapi::tag::SentRepresentingName, std::string("Boss"));
    m.props.set(mapi::tag::SentRepresentingSmtpAddress, std::string("boss@example.com"));
    m.recipients = {recipient("Me", "me@example.com", 1, 3)};
    auto c = convert(m);
    REQUIRE(master(*c));
    CHECK(value_of(one(master(*c), "ORGANIZER")) == "mailto:boss@example.com");
    CHECK(lines(master(*c), "ATTENDEE").size() == 1);
}

TEST_CASE("CLASS from PidTagSensitivity (MS-OXCICAL 2.1.3.1.1.20.5)", "[conversion][fields]") {
    const std::pair<int, const char*> cases[] = {
        {0, "CLASS:PUBLIC"}, {1, "CLASS:X-PERSONAL"}, {2, "CLASS:PRIVATE"}, {3, "CLASS:CONFIDENTIAL"}};
    for (const auto& [sensitivity, expected] : cases) {
        INFO("PidTagSensitivity " << sensitivity);
        Message m = meeting_at_three();
        m.props.set(mapi::tag::Sensitivity, std::int32_t{sensitivity});
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(one(master(*c), "CLASS") == expected);
    }
}

TEST_CASE("PRIORITY from PidTagImportance (MS-OXCICAL 2.1.3.1.1.20.20)", "[conversion][fields]") {
    const std::pair<int, const char*> cases[] = {{0, "PRIORITY:9"}, {1, "PRIORITY:5"}, {2, "PRIORITY:1"}};
    for (const auto& [importance, expected] : cases) {
        INFO("PidTagImportance " << importance);
        Message m = meeting_at_three();
        m.props.set(mapi::tag::Importance, std::int32_t{importance});
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(one(master(*c), "PRIORITY") == expected);
    }
}

TEST_CASE("CATEGORIES from PidNameKeywords", "[conversion][fields]") {
    Message m = meeting_at_three();
    m.props.set(mapi::lid::Keywords, std::vector<std::string>{"Blue Category", "Project X", "Holiday"});
    auto c = convert(m);
    REQUIRE(master(*c));
    CHECK(categories(master(*c)) == std::set<std::string>{"Blue Category", "Project X", "Holiday"});

    Message none = meeting_at_three();
    auto d = convert(none);
    REQUIRE(master(*d));
    CHECK(lines(master(*d), "CATEGORIES").empty());
}

TEST_CASE("VALARM from PidLidReminderSet and PidLidReminderDelta", "[conversion][fields][alarm]") {
    Message m = meeting_at_three();
    SECTION("25 minutes before") {
        m.props.set(mapi::lid::ReminderSet, true);
        m.props.set(mapi::lid::ReminderDelta, std::int32_t{25});
        auto c = convert(m);
        REQUIRE(master(*c));
        REQUIRE(alarms(master(*c)) == 1);
        CHECK(value_of(alarm_trigger(master(*c))) == "-PT25M");
        icalcomponent* a = icalcomponent_get_first_component(master(*c), ICAL_VALARM_COMPONENT);
        CHECK(one(a, "ACTION") == "ACTION:DISPLAY");
    }
    SECTION("the 'default' delta 0x5AE980E1 means 15 minutes (MS-OXORMDR 2.2.1.3)") {
        m.props.set(mapi::lid::ReminderSet, true);
        m.props.set(mapi::lid::ReminderDelta, std::int32_t{0x5AE980E1});
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(value_of(alarm_trigger(master(*c))) == "-PT15M");
    }
    SECTION("a two-day reminder") {
        m.props.set(mapi::lid::ReminderSet, true);
        m.props.set(mapi::lid::ReminderDelta, std::int32_t{2880});
        auto c = convert(m);
        REQUIRE(master(*c));
        icalcomponent* a = icalcomponent_get_first_component(master(*c), ICAL_VALARM_COMPONENT);
        REQUIRE(a);
        icaltriggertype t = icalproperty_get_trigger(icalcomponent_get_first_property(a, ICAL_TRIGGER_PROPERTY));
        CHECK(icaldurationtype_as_int(t.duration) == -2880 * 60);
    }
    SECTION("reminder not set: no VALARM, whatever the delta") {
        m.props.set(mapi::lid::ReminderSet, false);
        m.props.set(mapi::lid::ReminderDelta, std::int32_t{25});
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(alarms(master(*c)) == 0);
    }
}

TEST_CASE("STATUS:CANCELLED from asfCanceled (MS-OXOCAL 2.2.1.10)", "[conversion][fields]") {
    Message canceled = meeting_at_three("Offsite");
    canceled.props.set(mapi::lid::AppointmentStateFlags, std::int32_t{0x5});  // asfMeeting | asfCanceled
    auto c = convert(canceled);
    REQUIRE(master(*c));
    CHECK(one(master(*c), "STATUS") == "STATUS:CANCELLED");

    Message live = meeting_at_three("Offsite");
    live.props.set(mapi::lid::AppointmentStateFlags, std::int32_t{0x1});
    auto d = convert(live);
    REQUIRE(master(*d));
    CHECK(lines(master(*d), "STATUS").empty());
}

TEST_CASE("a single appointment: DTSTART/DTEND in its display zone, one VTIMEZONE", "[conversion][fields]") {
    Message m = meeting_at_three();
    m.props.set(mapi::lid::Location, std::string("Room 7"));
    auto c = convert(m);
    INFO(c->text);
    REQUIRE(events(*c).size() == 1);
    icalcomponent* ev = master(*c);
    CHECK(one(ev, "DTSTART") == std::string("DTSTART;TZID=") + kLA + ":20210901T150000");
    CHECK(one(ev, "DTEND") == std::string("DTEND;TZID=") + kLA + ":20210901T160000");
    CHECK(instant_of(*c, icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY)) == utc(2021, 9, 1, 22));
    CHECK(one(ev, "LOCATION") == "LOCATION:Room 7");
    CHECK(lines(ev, "RRULE").empty());
    CHECK(icalcomponent_count_components(c->calendar.get(), ICAL_VTIMEZONE_COMPONENT) == 1);
    CHECK(c->appointment.uid_from_global_object_id);
}
