// Blob parsing beyond the two spec vectors: builder round trips, every exception override,
// strings, and which inconsistencies are rejected or accepted.
#include <catch2/catch.hpp>

#include "converters/mapi/recurrence/recurrence_blob.h"
#include "converters/mapi/recurrence/recurrence_text.h"
#include "tests/support/recurrence_blob_builder.h"
#include "tests/unit/recurrence/recurrence_vectors.h"

using namespace calbridge::mapi;
using namespace calbridge::testing::recur;

namespace {

bool warned(const Diagnostics& diag, const std::string& needle) {
    for (const auto& d : diag.items())
        if (d.message.find(needle) != std::string::npos) return true;
    return false;
}

std::string error_of(const Bytes& blob) {
    try {
        (void)parse_appointment_recurrence(blob);
    } catch (const BlobError& e) {
        return e.what();
    }
    return "(parsed)";
}

AppointmentRecurrence weekly_series() {
    auto p = weekly_pattern({2024, 1, 1}, day_bit::Monday | day_bit::Wednesday);
    end_after_occurrences(p, 10, {2024, 2, 5});
    AppointmentRecurrence a;
    a.pattern = p;
    a.start_time_offset = 9 * 60;
    a.end_time_offset = 10 * 60;
    return a;
}

}  // namespace

TEST_CASE("The builder reproduces the MS-OXOCAL 4.1.1.2 blob byte for byte", "[recurrence][builder]") {
    const auto original = from_hex(recurrence_vectors::kWeeklyWithException);
    CHECK(build_appointment_recurrence(parse_appointment_recurrence(original)) == original);
    const auto daily = from_hex(recurrence_vectors::kDailyWithDeletions);
    CHECK(build_appointment_recurrence(parse_appointment_recurrence(daily)) == daily);
}

TEST_CASE("The builder's FirstDateTime matches the spec vectors (MS-OXOCAL 2.2.1.44.1.1)", "[recurrence][builder]") {
    for (const char* hex : {recurrence_vectors::kWeeklyWithException, recurrence_vectors::kDailyWithDeletions}) {
        const auto p = parse_appointment_recurrence(from_hex(hex)).pattern;
        CHECK(first_date_time(p) == p.first_date_time);
    }
}

TEST_CASE("Every pattern type and end type round-trips through the builder", "[recurrence][builder]") {
    std::vector<RecurrencePattern> patterns = {
        daily_pattern({2024, 1, 1}, 2),
        every_weekday_pattern({2024, 1, 1}),
        weekly_pattern({2024, 1, 2}, day_bit::Tuesday | day_bit::Saturday, 3, 1),
        monthly_pattern({2024, 1, 31}, 31, 2),
        monthly_nth_pattern({2024, 1, 26}, day_bit::Friday, kNthLast),
        month_end_pattern({2024, 1, 31}),
        yearly_pattern({2024, 2, 29}, 29),
        yearly_nth_pattern({2024, 11, 28}, day_bit::Thursday, 4),
    };
    auto hijri = monthly_pattern({2024, 1, 1}, 1);
    hijri.pattern_type = PatternType::HjMonth;
    hijri.calendar_type = CalendarType::Hijri;
    patterns.push_back(hijri);
    auto hijri_nth = monthly_nth_pattern({2024, 1, 1}, day_bit::Monday, 2);
    hijri_nth.pattern_type = PatternType::HjMonthNth;
    patterns.push_back(hijri_nth);
    auto hijri_end = month_end_pattern({2024, 1, 1});
    hijri_end.pattern_type = PatternType::HjMonthEnd;
    patterns.push_back(hijri_end);

    int end_variant = 0;
    for (auto p : patterns) {
        switch (end_variant++ % 4) {
            case 0: end_by_date(p, {2025, 6, 30}, 20); break;
            case 1: end_after_occurrences(p, 7, {2024, 8, 1}); break;
            case 2: never_end(p); break;
            default: never_end(p, true); break;
        }
        p.deleted_instance_dates = {p.start_date + 7 * 1440, p.start_date + 14 * 1440};
        p.modified_instance_dates = {p.start_date + 14 * 1440};
        INFO("pattern type " << static_cast<int>(p.pattern_type));

        // Alone, as a task's PidLidTaskRecurrence.
        const Bytes alone = build_recurrence_pattern(p);
        BlobReader reader(alone, "PidLidTaskRecurrence");
        CHECK(parse_recurrence_pattern(reader) == p);
        CHECK(reader.at_end());

        // Inside an appointment blob, with an exception on the modified date.
        AppointmentRecurrence a;
        a.pattern = p;
        a.start_time_offset = 600;
        a.end_time_offset = 660;
        ExceptionInfo e;
        e.original_start = p.start_date + 14 * 1440 + 600;
        e.start = e.original_start + 60;
        e.end = e.start + 60;
        e.busy_status = 1;
        e.change_highlight = 0;  // always present with WriterVersion2 0x3009
        e.override_flags = ARO_BUSYSTATUS;
        a.exceptions.push_back(e);
        Diagnostics diag;
        CHECK(parse_appointment_recurrence(build_appointment_recurrence(a), diag) == a);
        CHECK(diag.empty());
    }
}

TEST_CASE("An exception can override every field, in the spec's order", "[recurrence][exception]") {
    AppointmentRecurrence a = weekly_series();
    a.pattern.deleted_instance_dates = {minutes(2024, 1, 8), minutes(2024, 1, 10)};
    a.pattern.modified_instance_dates = {minutes(2024, 1, 8), minutes(2024, 1, 10)};

    ExceptionInfo all;
    all.original_start = minutes(2024, 1, 8, 9, 0);
    all.start = minutes(2024, 1, 8, 14, 0);
    all.end = minutes(2024, 1, 9, 16, 30);
    all.subject = "Réunion – 会議 😀";
    all.meeting_type = 0x00000003;
    all.reminder_delta = 45;
    all.reminder_set = true;
    all.location = "Salle 4 • Zürich";
    all.busy_status = 3;
    all.attachment = true;
    all.subtype = true;
    all.appointment_color = 5;
    all.change_highlight = 0x00000083;
    all.override_flags = ARO_SUBJECT | ARO_MEETINGTYPE | ARO_REMINDERDELTA | ARO_REMINDER | ARO_LOCATION |
                         ARO_BUSYSTATUS | ARO_ATTACHMENT | ARO_SUBTYPE | ARO_APPTCOLOR | ARO_EXCEPTIONAL_BODY;

    ExceptionInfo some;  // only a reminder turned off and a negative delta
    some.original_start = minutes(2024, 1, 10, 9, 0);
    some.start = some.original_start;
    some.end = minutes(2024, 1, 10, 10, 0);
    some.reminder_set = false;
    some.reminder_delta = -15;
    some.override_flags = ARO_REMINDER | ARO_REMINDERDELTA;
    some.change_highlight = 0;

    a.exceptions = {all, some};
    const Bytes blob = build_appointment_recurrence(a);
    Diagnostics diag;
    const AppointmentRecurrence parsed = parse_appointment_recurrence(blob, diag);
    CHECK(diag.empty());
    REQUIRE(parsed.exceptions.size() == 2);
    const ExceptionInfo& e = parsed.exceptions[0];
    CHECK(e.override_flags == 0x03FF);
    CHECK(e.subject == std::optional<std::string>("Réunion – 会議 😀"));  // from the UTF-16 copy
    CHECK(e.meeting_type == std::optional<std::uint32_t>(3));
    CHECK(e.reminder_delta == std::optional<std::int32_t>(45));
    CHECK(e.reminder_set == std::optional<bool>(true));
    CHECK(e.location == std::optional<std::string>("Salle 4 • Zürich"));
    CHECK(e.busy_status == std::optional<std::uint32_t>(3));
    CHECK(e.attachment == std::optional<bool>(true));
    CHECK(e.subtype == std::optional<bool>(true));
    CHECK(e.appointment_color == std::optional<std::uint32_t>(5));
    CHECK(e.change_highlight == std::optional<std::uint32_t>(0x83));
    CHECK(civil_from_mapi_minutes(e.end) == CivilDateTime{2024, 1, 9, 16, 30, 0});
    const ExceptionInfo& s = parsed.exceptions[1];
    CHECK(s.reminder_set == std::optional<bool>(false));
    CHECK(s.reminder_delta == std::optional<std::int32_t>(-15));
    CHECK_FALSE(s.subject);
    CHECK_FALSE(s.location);
    CHECK_FALSE(s.busy_status);
    CHECK(parsed == a);
}

TEST_CASE("Exception strings: UTF-16 wins, Windows-1252 is decoded when it is all there is", "[recurrence][exception]") {
    AppointmentRecurrence a = weekly_series();
    a.pattern.deleted_instance_dates = {minutes(2024, 1, 8)};
    a.pattern.modified_instance_dates = {minutes(2024, 1, 8)};
    ExceptionInfo e;
    e.original_start = minutes(2024, 1, 8, 9, 0);
    e.start = e.original_start;
    e.end = e.start + 60;
    e.subject = "unused";
    e.location = "unused";

    SECTION("different 8-bit and Unicode copies: the Unicode one is used") {
        a.exceptions = {e};
        BuildOptions o;
        o.texts = {{.ansi_subject = "Caf? ?", .wide_subject = "Café ☕", .ansi_location = "A", .wide_location = "Å"}};
        const auto parsed = parse_appointment_recurrence(build_appointment_recurrence(a, o));
        CHECK(parsed.exceptions[0].subject == std::optional<std::string>("Café ☕"));
        CHECK(parsed.exceptions[0].location == std::optional<std::string>("Å"));
    }
    SECTION("an empty Unicode copy keeps the Windows-1252 one, decoded to UTF-8") {
        a.exceptions = {e};
        BuildOptions o;
        // 0x80 is the euro sign and 0x93/0x94 curly quotes in Windows-1252.
        o.texts = {{.ansi_subject = "€ “Quarterly” é", .wide_subject = "", .ansi_location = "", .wide_location = ""}};
        Diagnostics diag;
        const auto parsed = parse_appointment_recurrence(build_appointment_recurrence(a, o), diag);
        CHECK(parsed.exceptions[0].subject == std::optional<std::string>("€ “Quarterly” é"));
        CHECK(parsed.exceptions[0].location == std::optional<std::string>(""));
        CHECK(warned(diag, "WideCharSubject is empty but the 8-bit one is not"));
    }
}

TEST_CASE("WriterVersion2 0x3008 has no ChangeHighlight in its ExtendedException", "[recurrence][exception]") {
    AppointmentRecurrence a = weekly_series();
    a.writer_version2 = 0x3008;
    a.pattern.deleted_instance_dates = {minutes(2024, 1, 8)};
    a.pattern.modified_instance_dates = {minutes(2024, 1, 8)};
    ExceptionInfo e;
    e.original_start = minutes(2024, 1, 8, 9, 0);
    e.start = e.original_start;
    e.end = e.start + 30;
    e.subject = "Short";
    a.exceptions = {e};
    const Bytes b8 = build_appointment_recurrence(a);
    a.writer_version2 = 0x3009;
    const Bytes b9 = build_appointment_recurrence(a);
    CHECK(b9.size() == b8.size() + 8);  // ChangeHighlightSize + ChangeHighlightValue
    Diagnostics diag;
    const auto parsed = parse_appointment_recurrence(b8, diag);
    CHECK(diag.empty());
    CHECK_FALSE(parsed.exceptions[0].change_highlight);
    CHECK(parsed.exceptions[0].subject == std::optional<std::string>("Short"));
}

TEST_CASE("Layout-changing values are rejected with field and offset", "[recurrence][strict]") {
    const auto good = from_hex(recurrence_vectors::kDailyWithDeletions);
    SECTION("ReaderVersion") {
        auto b = good;
        b[0] = 0x05;
        CHECK(error_of(b) ==
              "PidLidAppointmentRecur: ReaderVersion 0x3005 is not 0x3004 (not a recurrence pattern) at byte 0");
    }
    SECTION("unknown PatternType") {
        auto b = good;
        b[6] = 0x07;
        CHECK(error_of(b) == "PidLidAppointmentRecur: unknown PatternType 0x0007 at byte 6");
    }
    SECTION("ReaderVersion2") {
        auto b = good;
        b[58] = 0x07;
        CHECK(error_of(b) == "PidLidAppointmentRecur: ReaderVersion2 0x00003007 is not 0x00003006 at byte 58");
    }
    SECTION("a huge DeletedInstanceCount fails before allocating") {
        auto b = good;
        b[34] = 0xFF;
        b[35] = 0xFF;
        b[36] = 0xFF;
        b[37] = 0x3F;
        CHECK(error_of(b) ==
              "PidLidAppointmentRecur: truncated: DeletedInstanceDates needs 4294967292 bytes "
              "(DeletedInstanceCount 1073741823), 46 left at byte 38");
    }
    SECTION("an ExceptionCount the remaining bytes cannot hold") {
        auto b = good;
        b[74] = 0x10;  // ExceptionCount 16
        CHECK(error_of(b) ==
              "PidLidAppointmentRecur: truncated: ExceptionInfo needs at least 224 bytes (ExceptionCount 16), "
              "8 left at byte 76");
    }
}

TEST_CASE("Harmless oddities are accepted and reported", "[recurrence][lenient]") {
    SECTION("ExceptionCount differs from ModifiedInstanceCount") {
        AppointmentRecurrence a = weekly_series();
        a.pattern.modified_instance_dates = {minutes(2024, 1, 8)};
        Diagnostics diag;
        const auto parsed = parse_appointment_recurrence(build_appointment_recurrence(a), diag);
        CHECK(parsed == a);
        CHECK(warned(diag, "ExceptionCount 0 differs from ModifiedInstanceCount 1"));
        // A modified date need not be in DeletedInstanceDates: it is the date the moved
        // occurrence now falls on (MS-OXOCAL 3.1.4.6), so no warning for that.
        CHECK_FALSE(warned(diag, "DeletedInstanceDates"));
    }
    SECTION("reserved blocks and trailing bytes are skipped") {
        AppointmentRecurrence a = weekly_series();
        BuildOptions o;
        o.reserved_block1 = {1, 2, 3};
        o.reserved_block2 = {4, 5};
        o.trailing = {0, 0, 0};
        Diagnostics diag;
        const auto parsed = parse_appointment_recurrence(build_appointment_recurrence(a, o), diag);
        CHECK(parsed == a);
        CHECK(warned(diag, "ReservedBlock1Size is 3"));
        CHECK(warned(diag, "ReservedBlock2Size is 2"));
        CHECK(warned(diag, "3 bytes after ReservedBlock2"));
    }
    SECTION("unsorted deleted dates and an unexpected WriterVersion") {
        AppointmentRecurrence a = weekly_series();
        a.pattern.writer_version = 0x3005;
        a.pattern.deleted_instance_dates = {minutes(2024, 1, 10), minutes(2024, 1, 8)};
        Diagnostics diag;
        CHECK(parse_appointment_recurrence(build_appointment_recurrence(a), diag) == a);
        CHECK(warned(diag, "DeletedInstanceDates are not in ascending order"));
        CHECK(warned(diag, "WriterVersion 0x3005"));
    }
    SECTION("SubjectLength that is not SubjectLength2 + 1") {
        auto b = from_hex(recurrence_vectors::kWeeklyWithException);
        // ExceptionInfo[0] starts at byte 80; its SubjectLength follows three times and the flags.
        REQUIRE(b[94] == 0x22);
        b[94] = 0x30;
        Diagnostics diag;
        const auto parsed = parse_appointment_recurrence(b, diag);
        CHECK(parsed.exceptions[0].subject == std::optional<std::string>("Simple Recurrence with exceptions"));
        CHECK(warned(diag, "SubjectLength 48 is not ExceptionInfo.SubjectLength2 + 1 (33)"));
    }
}

TEST_CASE("Text decoding: Windows-1252 high half and UTF-16 surrogates", "[recurrence][text]") {
    const std::uint8_t cp1252[] = {'A', 0x80, 0x9F, 0xA0, 0xE9, 0x81};
    CHECK(utf8_from_windows1252(cp1252) == "A\u20AC\u0178\u00A0\u00E9\u0081");
    const std::uint8_t pair[] = {0x3D, 0xD8, 0x00, 0xDE};  // U+1F600
    CHECK(utf8_from_utf16le(pair) == "\U0001F600");
    const std::uint8_t lone_high[] = {0x3D, 0xD8, 'x', 0x00};
    CHECK(utf8_from_utf16le(lone_high) == "\uFFFDx");
    const std::uint8_t lone_low[] = {0x00, 0xDE};
    CHECK(utf8_from_utf16le(lone_low) == "\uFFFD");
    const std::uint8_t odd[] = {'h', 0x00, 'i'};
    CHECK(utf8_from_utf16le(odd) == "h");
}
