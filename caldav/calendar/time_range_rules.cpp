#include "caldav/calendar/time_range_rules.h"

#include <algorithm>

#include "caldav/calendar/civil_time.h"

namespace calbridge::caldav {

namespace {

TimeSpan span(std::int64_t start, std::int64_t end, bool open = false) {
    TimeSpan s;
    s.start = start;
    s.end = end;
    s.open = open;
    return s;
}

std::int64_t minus_one(std::int64_t t) { return saturating_add(t, -1); }
std::int64_t plus_one(std::int64_t t) { return saturating_add(t, 1); }

}  // namespace

TimeSpan event_span(const EventTimes& t) {
    const std::int64_t s = t.dtstart;
    if (t.dtend) {
        // (start < DTEND AND end > DTSTART). With DTEND == DTSTART that is start < S < end,
        // which no span expresses: [S, S] (start <= S < end) is a superset, marked open.
        if (*t.dtend > s) return span(s, *t.dtend);
        return span(s, s, true);
    }
    if (t.duration_end) {
        // DURATION > 0: (start < DTSTART+DURATION AND end > DTSTART); else (start <= S AND end > S).
        if (*t.duration_end > s) return span(s, *t.duration_end);
        return span(s, s);
    }
    if (!t.dtstart_is_date) return span(s, s);            // (start <= DTSTART AND end > DTSTART)
    return span(s, std::max(t.next_day, s));              // (start < DTSTART+P1D AND end > DTSTART)
}

TimeSpan todo_span(const TodoTimes& t) {
    if (t.dtstart && t.duration_end) {
        // (start <= DTSTART+DURATION) AND ((end > DTSTART) OR (end >= DTSTART+DURATION))
        const std::int64_t s = *t.dtstart, e = *t.duration_end;
        const std::int64_t lower = e > s ? s : minus_one(e);     // end > s, or end >= e when e <= s
        return span(std::min(lower, s), plus_one(e));
    }
    if (t.dtstart && t.due) {
        // ((start < DUE) OR (start <= DTSTART)) AND ((end > DTSTART) OR (end >= DUE))
        const std::int64_t s = *t.dtstart, d = *t.due;
        return span(std::min(s, minus_one(d)), std::max(d, plus_one(s)));
    }
    if (t.dtstart) return span(*t.dtstart, *t.dtstart);     // (start <= DTSTART) AND (end > DTSTART)
    if (t.due) return span(minus_one(*t.due), *t.due);      // (start < DUE) AND (end >= DUE)
    if (t.completed && t.created) {
        // ((start <= CREATED) OR (start <= COMPLETED)) AND ((end >= CREATED) OR (end >= COMPLETED))
        return span(minus_one(std::min(*t.created, *t.completed)), plus_one(std::max(*t.created, *t.completed)));
    }
    if (t.completed) return span(minus_one(*t.completed), plus_one(*t.completed));  // start <= C AND end >= C
    if (t.created) return span(*t.created, kTimeMax);       // (end > CREATED)
    return span(kTimeMin, kTimeMax);                        // TRUE
}

std::optional<TimeSpan> journal_span(const JournalTimes& t) {
    if (!t.dtstart) return std::nullopt;                    // FALSE
    if (!t.dtstart_is_date) return span(*t.dtstart, *t.dtstart);
    return span(*t.dtstart, std::max(t.next_day, *t.dtstart));
}

TimeSpan freebusy_span(std::int64_t dtstart, std::int64_t dtend) {
    // (start <= DTEND) AND (end > DTSTART)
    return span(dtstart, std::max(plus_one(dtend), plus_one(dtstart)));
}

TimeSpan freebusy_period_span(std::int64_t period_start, std::int64_t period_end) {
    // (start < period-end) AND (end > period-start); an empty period is start < p < end.
    if (period_end > period_start) return span(period_start, period_end);
    return span(period_start, period_start, true);
}

TimeSpan point_span(std::int64_t at) { return span(at, at); }

TimeSpan widen_floating(TimeSpan s) {
    constexpr std::int64_t k14h = 14 * 3600;
    s.start = saturating_add(s.start, -k14h);
    s.end = saturating_add(s.end, k14h + 1);
    s.open = true;
    return s;
}

}  // namespace calbridge::caldav
