#pragma once
// The recurrence set of one master component (RFC 5545 3.8.5): DTSTART, the instances of its
// RRULEs, its RDATEs, minus its EXDATEs, in UTC order without duplicates.
//
// Decisions: DTSTART is always the first instance, even when the rule does not produce it
// (RFC 5545 3.8.5.3 leaves that case undefined; clients display it). UNTIL is compared on the
// UTC line by this class, not by libical: a DATE UNTIL with a DATE-TIME DTSTART (invalid, but
// sent) bounds the series at the end of that day, inclusive. An EXDATE given as a DATE removes
// every instance on that local date.
#include <libical/ical.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/calendar/ical_values.h"

namespace calbridge::caldav {

struct Occurrence {
    icaltimetype local = icaltime_null_time();   // wall time of the start (zone as DTSTART)
    icaltimezone* zone = nullptr;
    std::int64_t utc = 0;
    std::optional<std::int64_t> period_end;      // RDATE;VALUE=PERIOD: its own end, UTC
};

class RecurrenceSet {
public:
    RecurrenceSet(const icalcomponent* vcalendar, const icalcomponent* master, const ZonedTime& dtstart,
                  const CalendarTimeZone& floating_zone, std::size_t max_steps);
    ~RecurrenceSet();
    RecurrenceSet(const RecurrenceSet&) = delete;
    RecurrenceSet& operator=(const RecurrenceSet&) = delete;

    // The next occurrence, or nullopt at the end of the set or when a limit stopped it.
    std::optional<Occurrence> next();
    // A limit (steps, year kLastYear) ended the set early: more instances may exist.
    bool truncated() const { return truncated_; }
    bool recurs() const { return recurs_; }

private:
    struct RuleSource;
    void advance(RuleSource& source);
    bool excluded(const Occurrence& o) const;
    Occurrence occurrence(const icaltimetype& local, icaltimezone* zone) const;

    const icalcomponent* vcalendar_;
    ZonedTime dtstart_;
    const CalendarTimeZone& floating_zone_;
    std::size_t max_steps_;
    std::size_t steps_ = 0;
    bool truncated_ = false;
    bool recurs_ = false;
    bool dtstart_pending_ = true;
    std::vector<std::unique_ptr<RuleSource>> rules_;
    std::vector<Occurrence> rdates_;     // ascending
    std::size_t next_rdate_ = 0;
    std::set<std::int64_t> exdates_;     // UTC seconds
    std::set<std::int64_t> exdays_;      // local dates (days since 1970) of DATE EXDATEs
    std::optional<std::int64_t> last_utc_;
};

}  // namespace calbridge::caldav
