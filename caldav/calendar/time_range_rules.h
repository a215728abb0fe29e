#pragma once
// RFC 4791 9.9: the condition "component overlaps [start, end)" of each table row, written as
// one span on integer seconds for the Store's overlap rule
//     span.start < end AND (span.end > start OR (span.start == span.end AND span.start >= start)).
// A "<=" of the table becomes a bound one second further out, which is exact because ranges
// and times are whole seconds. All inputs are UTC seconds of one instance.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "caldav/store/store.h"

namespace calbridge::caldav {

struct EventTimes {
    std::int64_t dtstart = 0;
    bool dtstart_is_date = false;
    std::optional<std::int64_t> dtend;           // DTEND (or an RDATE period's end)
    std::optional<std::int64_t> duration_end;    // DTSTART + DURATION
    std::int64_t next_day = 0;                   // DTSTART + P1D (used for a DATE DTSTART)
};
TimeSpan event_span(const EventTimes& t);

struct TodoTimes {
    std::optional<std::int64_t> dtstart, duration_end, due, completed, created;
};
TimeSpan todo_span(const TodoTimes& t);

struct JournalTimes {
    std::optional<std::int64_t> dtstart;
    bool dtstart_is_date = false;
    std::int64_t next_day = 0;
};
// nullopt: the journal matches no range (no DTSTART).
std::optional<TimeSpan> journal_span(const JournalTimes& t);

// VFREEBUSY with DTSTART and DTEND; for FREEBUSY periods use freebusy_period_span.
TimeSpan freebusy_span(std::int64_t dtstart, std::int64_t dtend);
TimeSpan freebusy_period_span(std::int64_t period_start, std::int64_t period_end);

// VALARM trigger time (and each repetition): (start <= trigger AND end > trigger).
TimeSpan point_span(std::int64_t at);

// Widens a span computed from floating values by the largest UTC offsets (+/-14 h) and marks it
// open: a superset whatever zone the query evaluates floating times in.
TimeSpan widen_floating(TimeSpan span);

}  // namespace calbridge::caldav
