// RFC 4791 9.9: every row of the VEVENT, VTODO, VJOURNAL and VFREEBUSY tables. Each span the
// rules produce is checked against the row's condition written out literally, for every range
// whose ends lie near the row's times (so "<" vs "<=" at each border is exercised), and each
// row is also run end to end through an iCalendar object and matches().
#include <functional>

#include "caldav/calendar/time_range_rules.h"
#include "calendar_test_support.h"

using namespace caltest;

namespace {

using Condition = std::function<bool(std::int64_t start, std::int64_t end)>;

// Every range [a, b) with a < b whose ends lie within 2 s of the given times.
void require_exact(const TimeSpan& span, const std::vector<std::int64_t>& times, const Condition& rfc) {
    std::vector<std::int64_t> points;
    for (std::int64_t t : times)
        for (std::int64_t d = -2; d <= 2; ++d) points.push_back(t + d);
    int checked = 0;
    for (std::int64_t a : points)
        for (std::int64_t b : points) {
            if (a >= b) continue;
            INFO("range [" << a << ", " << b << ") span [" << span.start << ", " << span.end << "]");
            CHECK(overlaps(span, TimeRange{a, b}) == rfc(a, b));
            ++checked;
        }
    CHECK(checked >= 10);
    CHECK_FALSE(span.open);
}

constexpr std::int64_t S = 1'000'000;
constexpr std::int64_t E = 1'003'600;

}  // namespace

TEST_CASE("9.9 VEVENT rows as spans", "[calendar][9.9]") {
    SECTION("DTEND: (start < DTEND AND end > DTSTART)") {
        EventTimes t{S, false, E, std::nullopt, 0};
        require_exact(event_span(t), {S, E}, [](auto a, auto b) { return a < E && b > S; });
    }
    SECTION("DURATION > 0: (start < DTSTART+DURATION AND end > DTSTART)") {
        EventTimes t{S, false, std::nullopt, E, 0};
        require_exact(event_span(t), {S, E}, [](auto a, auto b) { return a < E && b > S; });
    }
    SECTION("DURATION = 0: (start <= DTSTART AND end > DTSTART)") {
        EventTimes t{S, false, std::nullopt, S, 0};
        require_exact(event_span(t), {S}, [](auto a, auto b) { return a <= S && b > S; });
    }
    SECTION("neither, DATE-TIME: (start <= DTSTART AND end > DTSTART)") {
        EventTimes t{S, false, std::nullopt, std::nullopt, 0};
        require_exact(event_span(t), {S}, [](auto a, auto b) { return a <= S && b > S; });
    }
    SECTION("neither, DATE: (start < DTSTART+P1D AND end > DTSTART)") {
        EventTimes t{S, true, std::nullopt, std::nullopt, S + 86400};
        require_exact(event_span(t), {S, S + 86400}, [](auto a, auto b) { return a < S + 86400 && b > S; });
    }
    SECTION("DTEND == DTSTART: start < S < end is not a span: a superset, marked open") {
        EventTimes t{S, false, S, std::nullopt, 0};
        const TimeSpan s = event_span(t);
        CHECK(s.open);
        CHECK(overlaps(s, TimeRange{S - 1, S + 1}));
        CHECK(overlaps(s, TimeRange{S, S + 1}));   // the superset part: 9.9 says no here
        CHECK_FALSE(overlaps(s, TimeRange{S - 1, S}));
    }
}

TEST_CASE("9.9 VTODO rows as spans", "[calendar][9.9]") {
    const std::int64_t D = E, C = S + 500, CR = S - 700;
    SECTION("DTSTART+DURATION") {
        TodoTimes t;
        t.dtstart = S;
        t.duration_end = E;
        require_exact(todo_span(t), {S, E}, [](auto a, auto b) { return a <= E && (b > S || b >= E); });
    }
    SECTION("DTSTART+DURATION with DURATION 0") {
        TodoTimes t;
        t.dtstart = S;
        t.duration_end = S;
        require_exact(todo_span(t), {S}, [](auto a, auto b) { return a <= S && (b > S || b >= S); });
    }
    SECTION("DTSTART and DUE") {
        TodoTimes t;
        t.dtstart = S;
        t.due = D;
        require_exact(todo_span(t), {S, D}, [&](auto a, auto b) { return (a < D || a <= S) && (b > S || b >= D); });
    }
    SECTION("DTSTART and DUE equal") {
        TodoTimes t;
        t.dtstart = S;
        t.due = S;
        require_exact(todo_span(t), {S}, [&](auto a, auto b) { return (a < S || a <= S) && (b > S || b >= S); });
    }
    SECTION("DTSTART only") {
        TodoTimes t;
        t.dtstart = S;
        require_exact(todo_span(t), {S}, [](auto a, auto b) { return a <= S && b > S; });
    }
    SECTION("DUE only") {
        TodoTimes t;
        t.due = D;
        require_exact(todo_span(t), {D}, [&](auto a, auto b) { return a < D && b >= D; });
    }
    SECTION("COMPLETED and CREATED") {
        TodoTimes t;
        t.completed = C;
        t.created = CR;
        require_exact(todo_span(t), {C, CR}, [&](auto a, auto b) { return (a <= CR || a <= C) && (b >= CR || b >= C); });
    }
    SECTION("COMPLETED only") {
        TodoTimes t;
        t.completed = C;
        require_exact(todo_span(t), {C}, [&](auto a, auto b) { return a <= C && b >= C; });
    }
    SECTION("CREATED only") {
        TodoTimes t;
        t.created = CR;
        require_exact(todo_span(t), {CR}, [&](auto, auto b) { return b > CR; });
    }
    SECTION("nothing: TRUE") {
        TodoTimes t;
        require_exact(todo_span(t), {S, kTimeMin + 10, kTimeMax - 10}, [](auto, auto) { return true; });
    }
}

TEST_CASE("9.9 VJOURNAL and VFREEBUSY rows as spans", "[calendar][9.9]") {
    JournalTimes dt;
    dt.dtstart = S;
    require_exact(*journal_span(dt), {S}, [](auto a, auto b) { return a <= S && b > S; });
    JournalTimes date;
    date.dtstart = S;
    date.dtstart_is_date = true;
    date.next_day = S + 86400;
    require_exact(*journal_span(date), {S, S + 86400}, [](auto a, auto b) { return a < S + 86400 && b > S; });
    CHECK_FALSE(journal_span(JournalTimes{}).has_value());
    require_exact(freebusy_span(S, E), {S, E}, [](auto a, auto b) { return a <= E && b > S; });
    require_exact(freebusy_period_span(S, E), {S, E}, [](auto a, auto b) { return a < E && b > S; });
}

TEST_CASE("9.9 VEVENT rows end to end through matches()", "[calendar][9.9]") {
    const std::string with_dtend = vcal("BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDTEND:20240110T110000Z\nEND:VEVENT\n");
    CHECK(query(with_dtend, range_filter("VEVENT", utc(2024, 1, 10, 10, 59), utc(2024, 1, 10, 12))));
    CHECK_FALSE(query(with_dtend, range_filter("VEVENT", utc(2024, 1, 10, 11), utc(2024, 1, 10, 12))));
    CHECK_FALSE(query(with_dtend, range_filter("VEVENT", utc(2024, 1, 10, 9), utc(2024, 1, 10, 10))));
    CHECK_FALSE(query(with_dtend, range_filter("VTODO", utc(2024, 1, 10, 9), utc(2024, 1, 10, 12))));

    const std::string with_duration = vcal("BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDURATION:PT30M\nEND:VEVENT\n");
    CHECK(query(with_duration, range_filter("VEVENT", utc(2024, 1, 10, 10, 29), utc(2024, 1, 10, 12))));
    CHECK_FALSE(query(with_duration, range_filter("VEVENT", utc(2024, 1, 10, 10, 30), utc(2024, 1, 10, 12))));

    const std::string zero_duration = vcal("BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDURATION:PT0S\nEND:VEVENT\n");
    CHECK(query(zero_duration, range_filter("VEVENT", utc(2024, 1, 10, 10), utc(2024, 1, 10, 11))));
    CHECK_FALSE(query(zero_duration, range_filter("VEVENT", utc(2024, 1, 10, 9), utc(2024, 1, 10, 10))));

    const std::string instant = vcal("BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nEND:VEVENT\n");
    CHECK(query(instant, range_filter("VEVENT", utc(2024, 1, 10, 10), utc(2024, 1, 10, 11))));
    CHECK_FALSE(query(instant, range_filter("VEVENT", utc(2024, 1, 10, 9), utc(2024, 1, 10, 10))));

    // DATE without DTEND: one day, in the calendar's zone (here none given: read as UTC).
    const std::string all_day = vcal("BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nDTSTART;VALUE=DATE:20240110\nEND:VEVENT\n");
    CHECK(query(all_day, range_filter("VEVENT", utc(2024, 1, 10, 23, 59), utc(2024, 1, 11, 5))));
    CHECK_FALSE(query(all_day, range_filter("VEVENT", utc(2024, 1, 11), utc(2024, 1, 11, 5))));

    // DTEND == DTSTART: (start < DTEND AND end > DTSTART) excludes a range starting at DTSTART.
    const std::string equal_ends = vcal("BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nDTSTART:20240110T100000Z\nDTEND:20240110T100000Z\nEND:VEVENT\n");
    CHECK(query(equal_ends, range_filter("VEVENT", utc(2024, 1, 10, 9), utc(2024, 1, 10, 11))));
    CHECK_FALSE(query(equal_ends, range_filter("VEVENT", utc(2024, 1, 10, 10), utc(2024, 1, 10, 11))));
}

TEST_CASE("9.9 VTODO rows end to end through matches()", "[calendar][9.9]") {
    const auto todo = [](const std::string& props) {
        return vcal("BEGIN:VTODO\nUID:t\nDTSTAMP:20240101T000000Z\n" + props + "END:VTODO\n");
    };
    const auto q = [&](const std::string& props, std::int64_t a, std::int64_t b) {
        return query(todo(props), range_filter("VTODO", a, b));
    };
    const std::int64_t s = utc(2024, 3, 1, 9), due = utc(2024, 3, 5, 17);
    // DTSTART + DURATION: a range starting exactly at the end still matches (start <= end).
    CHECK(q("DTSTART:20240301T090000Z\nDURATION:PT1H\n", utc(2024, 3, 1, 10), utc(2024, 3, 1, 11)));
    CHECK_FALSE(q("DTSTART:20240301T090000Z\nDURATION:PT1H\n", utc(2024, 3, 1, 10, 0, 1), utc(2024, 3, 1, 11)));
    CHECK_FALSE(q("DTSTART:20240301T090000Z\nDURATION:PT1H\n", utc(2024, 3, 1, 8), s));
    // DTSTART + DUE
    CHECK(q("DTSTART:20240301T090000Z\nDUE:20240305T170000Z\n", utc(2024, 3, 3), utc(2024, 3, 4)));
    CHECK_FALSE(q("DTSTART:20240301T090000Z\nDUE:20240305T170000Z\n", due, due + 3600));
    CHECK_FALSE(q("DTSTART:20240301T090000Z\nDUE:20240305T170000Z\n", s - 3600, s));
    // DTSTART only
    CHECK(q("DTSTART:20240301T090000Z\n", s, s + 1));
    CHECK_FALSE(q("DTSTART:20240301T090000Z\n", s + 1, s + 3600));
    // DUE only: (start < DUE AND end >= DUE): a range ending exactly at DUE matches.
    CHECK(q("DUE:20240305T170000Z\n", due - 3600, due));
    CHECK_FALSE(q("DUE:20240305T170000Z\n", due, due + 3600));
    // COMPLETED + CREATED, COMPLETED, CREATED
    CHECK(q("CREATED:20240201T000000Z\nCOMPLETED:20240210T000000Z\n", utc(2024, 2, 5), utc(2024, 2, 6)));
    CHECK_FALSE(q("CREATED:20240201T000000Z\nCOMPLETED:20240210T000000Z\n", utc(2024, 2, 10, 0, 0, 1), utc(2024, 2, 11)));
    CHECK(q("COMPLETED:20240210T000000Z\n", utc(2024, 2, 9), utc(2024, 2, 10)));
    CHECK_FALSE(q("COMPLETED:20240210T000000Z\n", utc(2024, 2, 8), utc(2024, 2, 9)));
    CHECK(q("CREATED:20240201T000000Z\n", utc(2030, 1, 1), utc(2030, 1, 2)));
    CHECK_FALSE(q("CREATED:20240201T000000Z\n", utc(2023, 1, 1), utc(2024, 2, 1)));
    // none: every range
    CHECK(q("SUMMARY:someday\n", utc(1990, 1, 1), utc(1990, 1, 2)));
}
