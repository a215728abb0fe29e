// RecurrencePattern -> RRULE text for every pattern type, end type and calendar family.
#include <catch2/catch.hpp>

#include "converters/mapi/recurrence/recurrence_rule.h"
#include "tests/support/recurrence_blob_builder.h"

using namespace calbridge::mapi;
using namespace calbridge::testing::recur;

namespace {

std::string rule_of(const RecurrencePattern& p, Diagnostics& diag) { return rrule_from_pattern(p, diag).to_string(); }

std::string rule_of(const RecurrencePattern& p) {
    Diagnostics diag;
    std::string s = rule_of(p, diag);
    INFO("rule " << s);
    for (const auto& d : diag.items()) INFO("warning: " << d.message);
    CHECK(diag.empty());
    return s;
}

bool warned(const Diagnostics& diag, const std::string& needle) {
    for (const auto& d : diag.items())
        if (d.message.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("Daily patterns: Period in minutes becomes INTERVAL in days", "[recurrence][rule]") {
    CHECK(rule_of(daily_pattern({2024, 1, 1})) == "FREQ=DAILY;WKST=SU");
    auto p = daily_pattern({2024, 1, 1}, 3);
    end_after_occurrences(p, 5, {2024, 1, 13});
    CHECK(rule_of(p) == "FREQ=DAILY;COUNT=5;INTERVAL=3;WKST=SU");
}

TEST_CASE("'Every weekday' (Daily frequency, Week pattern) is a weekly Mo-Fr rule", "[recurrence][rule]") {
    auto p = every_weekday_pattern({2024, 1, 1});
    CHECK(p.frequency == RecurFrequency::Daily);
    CHECK(rule_of(p) == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;WKST=SU");
}

TEST_CASE("Weekly patterns keep days, interval and FirstDOW as WKST", "[recurrence][rule]") {
    CHECK(rule_of(weekly_pattern({2024, 1, 2}, day_bit::Tuesday)) == "FREQ=WEEKLY;BYDAY=TU;WKST=SU");
    CHECK(rule_of(weekly_pattern({2024, 1, 1}, day_bit::Monday | day_bit::Thursday, 2, 1)) ==
          "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=MO");
    CHECK(rule_of(weekly_pattern({2024, 1, 6}, day_bit::WeekendDays, 3, 6)) ==
          "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,SA;WKST=SA");
}

TEST_CASE("Monthly day-of-month patterns follow Outlook's last-day rule for 29-31", "[recurrence][rule]") {
    auto p = monthly_pattern({2024, 1, 15}, 15, 3);
    end_after_occurrences(p, 7, {2025, 7, 15});
    CHECK(rule_of(p) == "FREQ=MONTHLY;COUNT=7;INTERVAL=3;BYMONTHDAY=15;WKST=SU");
    CHECK(rule_of(monthly_pattern({2024, 1, 1}, 1)) == "FREQ=MONTHLY;BYMONTHDAY=1;WKST=SU");
    CHECK(rule_of(monthly_pattern({2024, 1, 28}, 28)) == "FREQ=MONTHLY;BYMONTHDAY=28;WKST=SU");
    CHECK(rule_of(monthly_pattern({2024, 1, 29}, 29)) == "FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1;WKST=SU");
    CHECK(rule_of(monthly_pattern({2024, 1, 30}, 30)) == "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1;WKST=SU");
    CHECK(rule_of(monthly_pattern({2024, 1, 31}, 31)) == "FREQ=MONTHLY;BYMONTHDAY=-1;WKST=SU");
}

TEST_CASE("Month-end patterns are BYMONTHDAY=-1", "[recurrence][rule]") {
    CHECK(rule_of(month_end_pattern({2024, 1, 31})) == "FREQ=MONTHLY;BYMONTHDAY=-1;WKST=SU");
    CHECK(rule_of(month_end_pattern({2024, 1, 31}, 2)) == "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1;WKST=SU");
}

TEST_CASE("Monthly nth patterns: one day as nDAY, several days with BYSETPOS, 5 = last", "[recurrence][rule]") {
    CHECK(rule_of(monthly_nth_pattern({2024, 1, 9}, day_bit::Tuesday, 2)) == "FREQ=MONTHLY;BYDAY=2TU;WKST=SU");
    CHECK(rule_of(monthly_nth_pattern({2024, 1, 26}, day_bit::Friday, kNthLast)) == "FREQ=MONTHLY;BYDAY=-1FR;WKST=SU");
    CHECK(rule_of(monthly_nth_pattern({2024, 1, 31}, day_bit::Weekdays, kNthLast)) ==
          "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;WKST=SU");
    CHECK(rule_of(monthly_nth_pattern({2024, 1, 6}, day_bit::WeekendDays, 1, 2)) ==
          "FREQ=MONTHLY;INTERVAL=2;BYDAY=SU,SA;BYSETPOS=1;WKST=SU");
    CHECK(rule_of(monthly_nth_pattern({2024, 1, 4}, day_bit::All, 4)) ==
          "FREQ=MONTHLY;BYDAY=SU,MO,TU,WE,TH,FR,SA;BYSETPOS=4;WKST=SU");
}

TEST_CASE("Yearly patterns take BYMONTH from FirstDateTime", "[recurrence][rule]") {
    auto p = yearly_pattern({2024, 3, 14}, 14);
    // FirstDateTime is the start of March 1601 (MS-OXOCAL 2.2.1.44.1.1: month index 2 of period 12).
    CHECK(civil_from_mapi_minutes(p.first_date_time) == CivilDateTime{1601, 3, 1, 0, 0, 0});
    CHECK(rule_of(p) == "FREQ=YEARLY;BYMONTHDAY=14;BYMONTH=3;WKST=SU");
    CHECK(rule_of(yearly_pattern({2024, 12, 31}, 31, 2)) == "FREQ=YEARLY;INTERVAL=2;BYMONTHDAY=31;BYMONTH=12;WKST=SU");
    // February 29 falls on February 28 in common years.
    CHECK(rule_of(yearly_pattern({2024, 2, 29}, 29)) == "FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2;WKST=SU");
    CHECK(rule_of(yearly_nth_pattern({2024, 6, 16}, day_bit::Sunday, 3)) ==
          "FREQ=YEARLY;BYDAY=3SU;BYMONTH=6;WKST=SU");
    CHECK(rule_of(yearly_nth_pattern({2024, 4, 30}, day_bit::Weekdays, kNthLast, 2)) ==
          "FREQ=YEARLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYMONTH=4;BYSETPOS=-1;WKST=SU");
    auto month_end = month_end_pattern({2024, 2, 29}, 12);
    month_end.frequency = RecurFrequency::Yearly;
    month_end.first_date_time = first_date_time(month_end);
    CHECK(rule_of(month_end) == "FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2;WKST=SU");
}

TEST_CASE("A monthly frequency every 12n months is a yearly rule", "[recurrence][rule]") {
    auto p = monthly_pattern({2024, 5, 10}, 10, 24);
    CHECK(civil_from_mapi_minutes(p.first_date_time).month == 5);
    CHECK(rule_of(p) == "FREQ=YEARLY;INTERVAL=2;BYMONTHDAY=10;BYMONTH=5;WKST=SU");
}

TEST_CASE("End types: by date, after N, never (both encodings)", "[recurrence][rule]") {
    auto p = weekly_pattern({2024, 1, 1}, day_bit::Monday);
    end_by_date(p, {2024, 3, 25}, 13);
    RRule r = [&] {
        Diagnostics diag;
        return rrule_from_pattern(p, diag);
    }();
    REQUIRE(r.until_local);
    CHECK(*r.until_local == CivilDateTime{2024, 3, 25, 0, 0, 0});
    CHECK_FALSE(r.count);
    CHECK(r.to_string("20240325T090000Z") == "FREQ=WEEKLY;UNTIL=20240325T090000Z;BYDAY=MO;WKST=SU");

    end_after_occurrences(p, 13, {2024, 3, 25});
    CHECK(rule_of(p) == "FREQ=WEEKLY;COUNT=13;BYDAY=MO;WKST=SU");
    never_end(p);
    CHECK(rule_of(p) == "FREQ=WEEKLY;BYDAY=MO;WKST=SU");
    never_end(p, true);
    CHECK(p.end_type == EndType::NeverEndLegacy);
    CHECK(rule_of(p) == "FREQ=WEEKLY;BYDAY=MO;WKST=SU");
}

TEST_CASE("Odd but meaningful values become warnings", "[recurrence][rule]") {
    SECTION("RecurFrequency that does not match the pattern type") {
        auto p = weekly_pattern({2024, 1, 1}, day_bit::Monday);
        p.frequency = RecurFrequency::Monthly;
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=WEEKLY;BYDAY=MO;WKST=SU");
        CHECK(warned(diag, "RecurFrequency 0x200C does not match PatternType 0x0001"));
    }
    SECTION("a regenerating task") {
        auto p = daily_pattern({2024, 1, 1});
        p.sliding_flag = 1;
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=DAILY;WKST=SU");
        CHECK(warned(diag, "SlidingFlag"));
    }
    SECTION("unknown EndType with a real end date") {
        auto p = daily_pattern({2024, 1, 1});
        end_by_date(p, {2024, 1, 10}, 10);
        p.end_type = static_cast<EndType>(0x2030);
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=DAILY;UNTIL=20240110;WKST=SU");
        CHECK(warned(diag, "unknown EndType 0x00002030; ended at EndDate"));
    }
    SECTION("FirstDOW out of range") {
        auto p = weekly_pattern({2024, 1, 1}, day_bit::Monday);
        p.first_dow = 9;
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=WEEKLY;BYDAY=MO;WKST=SU");
        CHECK(warned(diag, "FirstDOW 9"));
    }
    SECTION("yearly FirstDateTime and StartDate in different months: FirstDateTime wins") {
        auto p = yearly_pattern({2024, 3, 14}, 14);
        p.start_date = minutes(2024, 4, 14);
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=YEARLY;BYMONTHDAY=14;BYMONTH=3;WKST=SU");
        CHECK(warned(diag, "names month 3 but StartDate is in month 4"));
    }
    SECTION("after-N end with a count of 0 ends at EndDate") {
        auto p = daily_pattern({2024, 1, 1});
        end_after_occurrences(p, 0, {2024, 1, 5});
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=DAILY;UNTIL=20240105;WKST=SU");
        CHECK(warned(diag, "OccurrenceCount 0"));
    }
}

TEST_CASE("Values with no correct rule throw RecurrenceError naming the value", "[recurrence][rule]") {
    Diagnostics diag;
    auto expect_error = [&](const RecurrencePattern& p, const std::string& needle) {
        try {
            (void)rrule_from_pattern(p, diag);
            FAIL("expected RecurrenceError containing: " << needle);
        } catch (const RecurrenceError& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find(needle) != std::string::npos);
        }
    };
    auto p = daily_pattern({2024, 1, 1});
    p.period = 0;
    expect_error(p, "Period is 0");
    p.period = 720;
    expect_error(p, "daily Period 720 minutes");
    expect_error(weekly_pattern({2024, 1, 1}, 0), "day mask 0x00000000 selects no weekday");
    expect_error(monthly_nth_pattern({2024, 1, 1}, day_bit::Monday, 6), "MonthNth N 6");
    expect_error(monthly_nth_pattern({2024, 1, 1}, day_bit::Monday, 0), "MonthNth N 0");
    expect_error(monthly_pattern({2024, 1, 1}, 0), "day of month 0");
    expect_error(monthly_pattern({2024, 1, 1}, 32), "day of month 32");
    auto unknown_type = daily_pattern({2024, 1, 1});
    unknown_type.pattern_type = static_cast<PatternType>(7);
    expect_error(unknown_type, "unknown PatternType 0x0007");
    auto lunar = monthly_pattern({2024, 1, 1}, 1);
    lunar.calendar_type = CalendarType::LunarJapanese;
    expect_error(lunar, "CalendarType 0x000E");
    lunar.calendar_type = static_cast<CalendarType>(0x0099);
    expect_error(lunar, "unknown CalendarType 0x0099");
}

TEST_CASE("Calendars: Gregorian-based eras stay plain, lunar calendars use RSCALE", "[recurrence][rule]") {
    SECTION("Japanese emperor era: Gregorian months, no RSCALE, no warning") {
        auto p = monthly_pattern({2024, 1, 15}, 15);
        p.calendar_type = CalendarType::JapanEmperorEra;
        CHECK(rule_of(p) == "FREQ=MONTHLY;BYMONTHDAY=15;WKST=SU");
    }
    SECTION("daily and weekly patterns do not depend on the calendar") {
        auto p = weekly_pattern({2024, 1, 1}, day_bit::Monday);
        p.calendar_type = CalendarType::Hebrew;
        CHECK(rule_of(p) == "FREQ=WEEKLY;BYDAY=MO;WKST=SU");
    }
    SECTION("Hebrew monthly day 30: last of 29/30 in that calendar") {
        auto p = monthly_pattern({2024, 1, 15}, 30);
        p.calendar_type = CalendarType::Hebrew;
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=MONTHLY;RSCALE=HEBREW;BYMONTHDAY=29,30;BYSETPOS=-1;WKST=SU");
        CHECK(warned(diag, "RSCALE=HEBREW (RFC 7529)"));
    }
    SECTION("Hj* pattern types are Hijri even with CalendarType 0") {
        auto p = monthly_nth_pattern({2024, 1, 15}, day_bit::Friday, 1);
        p.pattern_type = PatternType::HjMonthNth;
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=MONTHLY;RSCALE=ISLAMIC-CIVIL;BYDAY=1FR;WKST=SU");
    }
    SECTION("Hebrew yearly: BYMONTH in Hebrew numbering from the first occurrence") {
        // 2024-10-03 is 1 Tishri 5785.
        auto p = yearly_pattern({2024, 10, 3}, 1);
        p.calendar_type = CalendarType::Hebrew;
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=YEARLY;RSCALE=HEBREW;BYMONTHDAY=1;BYMONTH=1;WKST=SU");
    }
    SECTION("Chinese lunar and Um al-Qura map to their CLDR names") {
        auto p = month_end_pattern({2024, 1, 31});
        p.calendar_type = CalendarType::ChineseLunar;
        Diagnostics diag;
        CHECK(rule_of(p, diag) == "FREQ=MONTHLY;RSCALE=CHINESE;BYMONTHDAY=-1;WKST=SU");
        p.calendar_type = CalendarType::UmAlQura;
        CHECK(rule_of(p, diag) == "FREQ=MONTHLY;RSCALE=ISLAMIC-UMALQURA;BYMONTHDAY=-1;WKST=SU");
    }
}

TEST_CASE("rfc5545_weekday names 0..6 and nothing else", "[recurrence][rule]") {
    CHECK(rfc5545_weekday(0) == "SU");
    CHECK(rfc5545_weekday(6) == "SA");
    CHECK(rfc5545_weekday(7).empty());
    CHECK(rfc5545_weekday(-1).empty());
}
