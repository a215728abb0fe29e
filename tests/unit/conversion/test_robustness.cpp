// Damaged items: the converter keeps what it can and says what it dropped (appointment.h:
// "never throws for bad item data"), except for an item that cannot be an event at all.
#include "conversion_support.h"

using namespace conv;
using namespace calbridge::testing::recur;
using calbridge::mapi::AppointmentRecurrence;

namespace {

AppointmentRecurrence weekly_tuesday_series() {
    auto p = weekly_pattern({2021, 3, 2}, day_bit::Tuesday, 1);
    end_after_occurrences(p, 6, {2021, 4, 6});
    AppointmentRecurrence r;
    r.pattern = p;
    r.start_time_offset = 600;
    r.end_time_offset = 660;
    return r;
}

Message weekly_review() {
    Message m = appointment("Weekly review", utc(2021, 3, 2, 18), utc(2021, 3, 2, 19));
    make_recurring(m, weekly_tuesday_series());
    return m;
}

}  // namespace

TEST_CASE("the Pacific TZDEFINITION test blob is the MS-OXOCAL 4.1.4 example", "[conversion][support]") {
    // The builder is checked against the spec's bytes, so the tests above rest on a known zone.
    const Bytes spec = from_hex(
        "0201300002001500500061006300690066006900630020005300740061006E0064006100720064002000540069006D0065000200"
        "02013E000000D6070000000000000000000000000000E001000000000000C4FFFFFF00000A00000005000200000000000000000004"
        "0000000100020000000000000002013E000200D7070000000000000000000000000000E001000000000000C4FFFFFF00000B000000"
        "0100020000000000000000000300000002000200000000000000");
    CHECK(calbridge::testing::tz::pacific_tzdefinition() == spec);
    CHECK(calbridge::testing::tz::pacific_tzreg() ==
          from_hex("E001000000000000C4FFFFFF000000000B00000001000200000000000000000000000300000002000200000000000000"));
}

TEST_CASE("a truncated recurrence blob: a single event and a warning naming PidLidAppointmentRecur",
          "[conversion][robust]") {
    Message m = weekly_review();
    Bytes blob = build_appointment_recurrence(weekly_tuesday_series());
    REQUIRE(blob.size() > 40);
    for (std::size_t cut : {std::size_t{1}, std::size_t{22}, std::size_t{40}, blob.size() - 1}) {
        INFO("blob cut to " << cut << " bytes");
        m.props.set(mapi::lid::AppointmentRecur, Bytes(blob.begin(), blob.begin() + static_cast<std::ptrdiff_t>(cut)));
        auto c = convert(m);
        INFO(c->text << c->warnings());
        REQUIRE(events(*c).size() == 1);
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        CHECK(lines(ev, "RRULE").empty());
        CHECK(lines(ev, "EXDATE").empty());
        CHECK(c->warned("PidLidAppointmentRecur"));
        CHECK(c->warned("truncated"));
        // The start itself is intact: 10:00 PST in the display zone.
        CHECK(one(ev, "DTSTART") == std::string("DTSTART;TZID=") + kLA + ":20210302T100000");
    }
}

TEST_CASE("a corrupt TZDEFINITION: a warning and UTC times", "[conversion][robust][timezone]") {
    const Bytes full = calbridge::testing::tz::pacific_tzdefinition();
    const Bytes cut(full.begin(), full.begin() + 20);  // inside the key name

    SECTION("single appointment: StartDisplay and EndDisplay unreadable") {
        Message m = appointment("Call", utc(2021, 9, 1, 22), utc(2021, 9, 1, 23));
        m.props.set(mapi::lid::AppointmentTimeZoneDefinitionStartDisplay, cut);
        m.props.set(mapi::lid::AppointmentTimeZoneDefinitionEndDisplay, cut);
        auto c = convert(m);
        INFO(c->text << c->warnings());
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        CHECK(c->warned("PidLidAppointmentTimeZoneDefinitionStartDisplay"));
        CHECK(one(ev, "DTSTART") == "DTSTART:20210901T220000Z");
        CHECK(one(ev, "DTEND") == "DTEND:20210901T230000Z");
        CHECK(icalcomponent_count_components(c->calendar.get(), ICAL_VTIMEZONE_COMPONENT) == 0);
    }
    SECTION("recurring series: PidLidAppointmentTimeZoneDefinitionRecur unreadable, no other zone") {
        Message m = weekly_review();
        m.props.set(mapi::lid::AppointmentTimeZoneDefinitionRecur, cut);
        m.props = [&] {  // drop the display zones so nothing else can stand in
            PropertyBag p;
            for (const auto& [id, v] : m.props.tagged()) p.set(id, v);
            for (const auto& [name, v] : m.props.named())
                if (!(name == mapi::lid::AppointmentTimeZoneDefinitionStartDisplay) &&
                    !(name == mapi::lid::AppointmentTimeZoneDefinitionEndDisplay))
                    p.set(name, v);
            return p;
        }();
        auto c = convert(m);
        INFO(c->text << c->warnings());
        icalcomponent* ev = master(*c);
        REQUIRE(ev);
        CHECK(c->warned("PidLidAppointmentTimeZoneDefinitionRecur"));
        CHECK(one(ev, "DTSTART") == "DTSTART:20210302T180000Z");
        CHECK(lines(ev, "RRULE").size() == 1);
        CHECK(icalcomponent_count_components(c->calendar.get(), ICAL_VTIMEZONE_COMPONENT) == 0);
    }
    SECTION("recurring series: a corrupt Recur zone falls back to PidLidTimeZoneStruct") {
        Message m = weekly_review();
        m.props.set(mapi::lid::AppointmentTimeZoneDefinitionRecur, cut);
        m.props.set(mapi::lid::TimeZoneStruct, calbridge::testing::tz::pacific_tzreg());
        m.props.set(mapi::lid::TimeZoneDescription, std::string("(UTC-08:00) Pacific Time (US & Canada)"));
        auto c = convert(m);
        INFO(c->text << c->warnings());
        REQUIRE(master(*c));
        CHECK(c->warned("PidLidAppointmentTimeZoneDefinitionRecur"));
        CHECK(one(master(*c), "DTSTART") == std::string("DTSTART;TZID=") + kLA + ":20210302T100000");
    }
}

TEST_CASE("without PidLidGlobalObjectId the UID is a stable content hash", "[conversion][robust][uid]") {
    Message m = weekly_review();
    m.props = [&] {
        PropertyBag p;
        for (const auto& [id, v] : m.props.tagged()) p.set(id, v);
        for (const auto& [name, v] : m.props.named())
            if (!(name == mapi::lid::GlobalObjectId)) p.set(name, v);
        return p;
    }();
    REQUIRE_FALSE(m.props.has(mapi::lid::GlobalObjectId));
    auto first = convert(m);
    auto second = convert(m);  // a second run, with a fresh reader
    REQUIRE(master(*first));
    REQUIRE(master(*second));
    const std::string uid = value_of(one(master(*first), "UID"));
    CHECK_THAT(uid, Catch::StartsWith("calbridge-"));
    CHECK(uid.size() > std::string("calbridge-").size() + 16);
    CHECK(value_of(one(master(*second), "UID")) == uid);
    CHECK_FALSE(first->appointment.uid_from_global_object_id);

    Message other = m;
    other.props.set(mapi::tag::Subject, std::string("Monthly review"));
    auto third = convert(other);
    REQUIRE(master(*third));
    CHECK(value_of(one(master(*third), "UID")) != uid);

    SECTION("an unreadable PidLidGlobalObjectId: the same fallback, and a warning") {
        m.props.set(mapi::lid::GlobalObjectId, Bytes{0x04, 0x00, 0x00});
        auto c = convert(m);
        REQUIRE(master(*c));
        CHECK(value_of(one(master(*c), "UID")) == uid);
        CHECK(c->warned("PidLidGlobalObjectId"));
    }
}

TEST_CASE("with PidLidGlobalObjectId the UID is its hex (MS-OXCICAL 2.1.3.1.1.20.26)", "[conversion][uid]") {
    Message m = weekly_review();
    auto c = convert(m);
    REQUIRE(master(*c));
    std::string hex;
    for (std::uint8_t b : *m.props.binary(mapi::lid::GlobalObjectId)) {
        static const char* k = "0123456789ABCDEF";
        hex += k[b >> 4];
        hex += k[b & 15];
    }
    CHECK(value_of(one(master(*c), "UID")) == hex);  // instance date already zero
}

TEST_CASE("an item without a start time is an ItemError", "[conversion][robust]") {
    Message m;
    m.props.set(mapi::tag::MessageClass, std::string("IPM.Appointment"));
    m.props.set(mapi::tag::Subject, std::string("No time"));
    m.props.set(mapi::lid::AppointmentEndWhole, ft(utc(2021, 9, 1, 23)));
    mapi::AppointmentReader reader;
    mapi::Diagnostics diag("test");
    CHECK_THROWS_AS(reader.read(m, diag), mapi::ItemError);
    CHECK_THROWS_WITH(reader.read(m, diag), Catch::Contains("start"));
}

TEST_CASE("an end before the start: a warning, and the end is the start", "[conversion][robust]") {
    Message m = appointment("Backwards", utc(2021, 9, 1, 22), utc(2021, 9, 1, 21));
    auto c = convert(m);
    REQUIRE(master(*c));
    CHECK(c->warned("before the start"));
    CHECK(value_of(one(master(*c), "DTEND")) == value_of(one(master(*c), "DTSTART")));
}

TEST_CASE("properties of the wrong type are ignored, not trusted", "[conversion][robust]") {
    Message m = appointment("Odd types", utc(2021, 9, 1, 22), utc(2021, 9, 1, 23));
    m.props.set(mapi::tag::Body, Bytes{0x41, 0x42});                  // binary where text is expected
    m.props.set(mapi::lid::Keywords, std::string("not a list"));       // string where a list is expected
    m.props.set(mapi::lid::AppointmentRecur, std::string("not bytes"));  // string where a blob is expected
    auto c = convert(m);
    REQUIRE(events(*c).size() == 1);
    CHECK(lines(master(*c), "DESCRIPTION").empty());
    CHECK(lines(master(*c), "CATEGORIES").empty());
    CHECK(lines(master(*c), "RRULE").empty());
}
