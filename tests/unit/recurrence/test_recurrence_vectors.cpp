// The two worked examples of MS-OXOCAL section 4 (copied into
// /work/shared/fixtures/mapi/recurrence-vectors.md): every field of the fixture's tables,
// truncation at every byte, and byte flips.
#include <catch2/catch.hpp>

#include <string>

#include "converters/mapi/recurrence/recurrence_blob.h"
#include "converters/mapi/recurrence/recurrence_rule.h"
#include "tests/support/recurrence_blob_builder.h"
#include "tests/unit/recurrence/recurrence_vectors.h"

using namespace calbridge::mapi;
using calbridge::testing::recur::from_hex;
using calbridge::testing::recur::minutes;

TEST_CASE("MS-OXOCAL 4.1.1.2 weekly blob with one exception decodes field by field", "[recurrence][vector]") {
    const auto blob = from_hex(recurrence_vectors::kWeeklyWithException);
    REQUIRE(blob.size() == 262);
    Diagnostics diag;
    const AppointmentRecurrence a = parse_appointment_recurrence(blob, diag);
    CHECK(diag.empty());
    const RecurrencePattern& p = a.pattern;

    CHECK(p.reader_version == 0x3004);
    CHECK(p.writer_version == 0x3004);
    CHECK(p.frequency == RecurFrequency::Weekly);
    CHECK(p.pattern_type == PatternType::Week);
    CHECK(p.calendar_type == CalendarType::Default);
    CHECK(p.first_date_time == 8640);
    CHECK(p.period == 1);
    CHECK(p.sliding_flag == 0);
    CHECK(p.day_mask == (day_bit::Monday | day_bit::Thursday | day_bit::Friday));
    CHECK(p.day_mask == 0x32);
    CHECK(p.end_type == EndType::AfterNOccurrences);
    CHECK(p.occurrence_count == 12);
    CHECK(p.first_dow == 0);
    REQUIRE(p.deleted_instance_dates.size() == 1);
    CHECK(p.deleted_instance_dates[0] == 0x0CBC96A0);
    CHECK(civil_from_mapi_minutes(p.deleted_instance_dates[0]) == CivilDateTime{2007, 4, 16, 0, 0, 0});
    REQUIRE(p.modified_instance_dates.size() == 1);
    CHECK(p.modified_instance_dates[0] == 0x0CBC96A0);
    CHECK(p.start_date == 0x0CBC2080);
    CHECK(civil_from_mapi_minutes(p.start_date) == CivilDateTime{2007, 3, 26, 0, 0, 0});
    CHECK(p.end_date == 0x0CBCAD20);
    CHECK(civil_from_mapi_minutes(p.end_date) == CivilDateTime{2007, 4, 20, 0, 0, 0});

    CHECK(a.reader_version2 == 0x3006);
    CHECK(a.writer_version2 == 0x3009);
    CHECK(a.start_time_offset == 600);
    CHECK(a.end_time_offset == 630);

    REQUIRE(a.exceptions.size() == 1);
    const ExceptionInfo& e = a.exceptions[0];
    CHECK(civil_from_mapi_minutes(e.start) == CivilDateTime{2007, 4, 16, 11, 0, 0});
    CHECK(civil_from_mapi_minutes(e.end) == CivilDateTime{2007, 4, 16, 11, 30, 0});
    CHECK(civil_from_mapi_minutes(e.original_start) == CivilDateTime{2007, 4, 16, 10, 0, 0});
    CHECK(e.override_flags == 0x0011);
    CHECK(e.has(ARO_SUBJECT));
    CHECK(e.has(ARO_LOCATION));
    CHECK(e.subject == std::optional<std::string>("Simple Recurrence with exceptions"));
    CHECK(e.location == std::optional<std::string>("34/4141"));
    CHECK(e.change_highlight == std::optional<std::uint32_t>(0));
    // Fields the exception does not override stay unset.
    CHECK_FALSE(e.meeting_type);
    CHECK_FALSE(e.reminder_delta);
    CHECK_FALSE(e.reminder_set);
    CHECK_FALSE(e.busy_status);
    CHECK_FALSE(e.attachment);
    CHECK_FALSE(e.subtype);
    CHECK_FALSE(e.appointment_color);
}

TEST_CASE("MS-OXOCAL 4.1.1.2 weekly blob becomes a weekly Mo/Th/Fr rule with COUNT=12", "[recurrence][vector]") {
    const auto a = parse_appointment_recurrence(from_hex(recurrence_vectors::kWeeklyWithException));
    Diagnostics diag;
    const RRule r = rrule_from_pattern(a.pattern, diag);
    CHECK(diag.empty());
    CHECK(r.to_string() == "FREQ=WEEKLY;COUNT=12;BYDAY=MO,TH,FR;WKST=SU");
}

TEST_CASE("MS-OXOCAL 4.1.1.3 daily blob with two deleted instances decodes field by field", "[recurrence][vector]") {
    const auto blob = from_hex(recurrence_vectors::kDailyWithDeletions);
    REQUIRE(blob.size() == 84);
    Diagnostics diag;
    const AppointmentRecurrence a = parse_appointment_recurrence(blob, diag);
    CHECK(diag.empty());
    const RecurrencePattern& p = a.pattern;
    CHECK(p.reader_version == 0x3004);
    CHECK(p.writer_version == 0x3004);
    CHECK(p.frequency == RecurFrequency::Daily);
    CHECK(p.pattern_type == PatternType::Day);
    CHECK(p.calendar_type == CalendarType::Default);
    CHECK(p.first_date_time == 1440);
    CHECK(p.first_date_time == p.start_date % p.period);  // MS-OXOCAL 2.2.1.44.1.1, daily
    CHECK(p.period == 4320);
    CHECK(p.sliding_flag == 0);
    CHECK(p.end_type == EndType::AfterDate);
    CHECK(p.occurrence_count == 10);
    CHECK(p.first_dow == 0);
    REQUIRE(p.deleted_instance_dates.size() == 2);
    CHECK(p.deleted_instance_dates[0] == 0x0CDCC1A0);
    CHECK(p.deleted_instance_dates[1] == 0x0CDCD280);
    CHECK(civil_from_mapi_minutes(p.deleted_instance_dates[0]) == CivilDateTime{2011, 4, 19, 0, 0, 0});
    CHECK(civil_from_mapi_minutes(p.deleted_instance_dates[1]) == CivilDateTime{2011, 4, 22, 0, 0, 0});
    CHECK(p.modified_instance_dates.empty());
    CHECK(p.start_date == 0x0CDC7E20);
    CHECK(civil_from_mapi_minutes(p.start_date) == CivilDateTime{2011, 4, 7, 0, 0, 0});
    CHECK(p.end_date == 0x0CDD1600);
    CHECK(civil_from_mapi_minutes(p.end_date) == CivilDateTime{2011, 5, 4, 0, 0, 0});
    CHECK(a.reader_version2 == 0x3006);
    CHECK(a.writer_version2 == 0x3009);
    CHECK(a.start_time_offset == 480);
    CHECK(a.end_time_offset == 510);
    CHECK(a.exceptions.empty());
}

TEST_CASE("MS-OXOCAL 4.1.1.3 daily blob becomes every third day until 2011-05-04", "[recurrence][vector]") {
    const auto a = parse_appointment_recurrence(from_hex(recurrence_vectors::kDailyWithDeletions));
    Diagnostics diag;
    const RRule r = rrule_from_pattern(a.pattern, diag);
    CHECK(diag.empty());
    REQUIRE(r.until_local);
    CHECK(*r.until_local == CivilDateTime{2011, 5, 4, 0, 0, 0});
    CHECK(r.to_string("20110504T063000Z") == "FREQ=DAILY;UNTIL=20110504T063000Z;INTERVAL=3;WKST=SU");
    CHECK(r.to_string() == "FREQ=DAILY;UNTIL=20110504;INTERVAL=3;WKST=SU");
}

TEST_CASE("Every truncation of the 4.1.1.2 blob throws BlobError naming a field and offset", "[recurrence][robustness]") {
    const auto blob = from_hex(recurrence_vectors::kWeeklyWithException);
    for (std::size_t len = 0; len < blob.size(); ++len) {
        INFO("prefix length " << len);
        std::span<const std::uint8_t> prefix(blob.data(), len);
        try {
            (void)parse_appointment_recurrence(prefix);
            FAIL("a truncated blob parsed");
        } catch (const BlobError& e) {
            const std::string what = e.what();
            CHECK(what.rfind("PidLidAppointmentRecur: truncated: ", 0) == 0);
            CHECK(what.find(" at byte ") != std::string::npos);
        }
    }
    // And the error names the field where the bytes ran out.
    try {
        (void)parse_appointment_recurrence(std::span<const std::uint8_t>(blob.data(), 60));
        FAIL("expected BlobError");
    } catch (const BlobError& e) {
        CHECK(std::string(e.what()) ==
              "PidLidAppointmentRecur: truncated: EndDate needs 4 bytes, 2 left at byte 58");
    }
}

TEST_CASE("Flipped bytes in both vectors never crash the parser or the rule builder", "[recurrence][robustness]") {
    for (const char* hex : {recurrence_vectors::kWeeklyWithException, recurrence_vectors::kDailyWithDeletions}) {
        const auto original = from_hex(hex);
        int parsed = 0, rejected = 0;
        for (std::size_t i = 0; i < original.size(); ++i) {
            for (std::uint8_t mask : {0x01, 0x02, 0x10, 0x80, 0xFF}) {
                auto blob = original;
                blob[i] ^= mask;
                try {
                    Diagnostics diag;
                    const auto a = parse_appointment_recurrence(blob, diag);
                    ++parsed;
                    try {
                        const RRule r = rrule_from_pattern(a.pattern, diag);
                        CHECK(r.to_string().rfind("FREQ=", 0) == 0);
                    } catch (const RecurrenceError&) {
                    }
                } catch (const BlobError&) {
                    ++rejected;
                }
            }
        }
        CHECK(parsed > 0);
        CHECK(rejected > 0);
    }
}
